"""`policykg neo4j push`: the statements it sends, and pushes to a real Bolt server.

The server in these tests is FalkorDB 4.18.3 (``tests/falkordb.py``), the one Bolt server
that installs here. It differs from Neo4j (docs/falkordb.md), and the push adapts:

- it pastes string parameters into the query text unescaped, so ``'`` breaks a query
  and ``\\n`` becomes a newline: the push finds that out and escapes every string it sends,
  and the tests check that the server then holds exactly the graph's values, texts full
  of quotes, backslashes and line breaks included;
- it has no constraints, so the push falls back to plain indexes there (the Neo4j DDL
  is checked as text below).
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import InputError
from policykg.graph import neo4j_push as np
from policykg.graph.build import build
from policykg.graph.model import EdgeType, NodeType, PolicyGraph, make_edge, make_node
from policykg.graph.nxgraph import to_networkx
from policykg.graph.property import KIND_LABELS, node_rows, rel_rows
from policykg.graph.store import load_graph
from policykg.queries import cypher as cq
from policykg.queries.cascade import cascade
from policykg.queries.coverage import coverage
from policykg.queries.ids import find_document, find_node
from policykg.queries.lineage import lineage
from policykg.queries.targets import targets
from policykg.queries.who import find_agencies, who
from policykg.records import Provenance, Span

from .bolt import is_falkordb
from .conftest import CORPUS

# --- the statements, as text (Neo4j's DDL cannot run on the test server) --------------


def test_neo4j_schema_is_constraints_and_indexes_if_not_exists() -> None:
    statements = np.schema_statements("neo4j")
    assert statements[:7] == [
        f"CREATE CONSTRAINT {t.value.lower()}_id IF NOT EXISTS "
        f"FOR (n:{t.value}) REQUIRE n.id IS UNIQUE"
        for t in NodeType
    ]
    assert statements[7:] == [
        "CREATE INDEX document_number IF NOT EXISTS FOR (n:Document) ON (n.number)",
        "CREATE INDEX document_jurisdiction IF NOT EXISTS FOR (n:Document) ON (n.jurisdiction)",
        "CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name)",
        "CREATE INDEX target_indicator IF NOT EXISTS FOR (n:Target) ON (n.indicator)",
    ]


def test_a_server_without_constraints_gets_indexes_on_the_same_properties() -> None:
    plain = np.schema_statements("index-only")
    assert plain[0] == "CREATE INDEX FOR (n:Document) ON (n.id)"
    assert len(plain) == len(np.schema_statements("neo4j"))
    assert all("CONSTRAINT" not in s and "IF NOT EXISTS" not in s for s in plain)


def test_statements_take_values_as_parameters_and_fix_a_documents_kind() -> None:
    q = np.node_statement("Document", "Plan")
    assert q.startswith("UNWIND $rows AS row MERGE (n:Document {id: row.id}) SET n = row.props")
    assert q.endswith(" SET n:Plan")
    removed = q.split(" REMOVE n:")[1].split(" SET ")[0].split(":")
    assert sorted(removed) == sorted(set(KIND_LABELS.values()) - {"Plan"})
    assert "REMOVE n:" in np.node_statement("Document", None)
    assert np.node_statement("Task", None) == (
        "UNWIND $rows AS row MERGE (n:Task {id: row.id}) SET n = row.props"
    )
    assert np.rel_statement("LED_BY", "Task", "Agency") == (
        "UNWIND $rows AS row MATCH (a:Task {id: row.source}) MATCH (b:Agency {id: row.target}) "
        "MERGE (a)-[r:LED_BY]->(b) SET r = row.props"
    )


@pytest.mark.parametrize("bad", ["Plan` DETACH DELETE n //", "Plan:Admin", "1x", "Kế"])
def test_a_label_is_never_taken_from_data(bad: str) -> None:
    with pytest.raises(ValueError, match="not a plain Cypher name"):
        np.node_statement("Document", bad)


# --- the command line, without a server -------------------------------------------------


def _push_cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, ["neo4j", "push", *args], env=env)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("push") / ".policykg"
    build([CORPUS], path)
    return path


def _one_line_error(result: Any, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines


def test_the_password_is_never_an_argument(store: Path) -> None:
    result = _push_cli("--password", "x", "--store", str(store))
    assert result.exit_code == 2 and "No such option" in result.output
    env = {"NEO4J_PASSWORD": None}  # and no terminal to prompt on
    _one_line_error(
        _push_cli("--store", str(store), env=env),  # type: ignore[arg-type]
        "set NEO4J_PASSWORD",
    )


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("htp://localhost:7687", "htp://localhost:7687: policykg speaks Bolt, not htp"),
        ("bolt://127.0.0.1:1", "bolt://127.0.0.1:1: cannot reach the server"),
    ],
)
def test_a_wrong_uri_is_one_line(store: Path, uri: str, message: str) -> None:
    result = _push_cli("--uri", uri, "--store", str(store), env={"NEO4J_PASSWORD": "x"})
    _one_line_error(result, message)


def test_a_refused_password_is_one_line(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import neo4j
    from neo4j.exceptions import AuthError

    class Refusing:
        def verify_connectivity(self) -> None:
            raise AuthError("The client is unauthorized due to authentication failure.")

        def close(self) -> None:
            pass

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda *a, **k: Refusing())
    result = _push_cli("--user", "analyst", "--store", str(store), env={"NEO4J_PASSWORD": "x"})
    _one_line_error(result, "the server refused user 'analyst' with that password")
    assert "x" not in result.stderr.replace("localhost", "").replace("refused", "")


# --- a real Bolt server -----------------------------------------------------------------


def _snapshot(driver: Any) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    """Every node (labels and properties) and relationship the server holds."""
    nodes: dict[str, Any] = {}
    rels: dict[tuple[str, str, str], Any] = {}
    with driver.session() as session:
        for r in session.run("MATCH (n) RETURN n"):
            n = r["n"]
            if np.PUSH_MARK not in n.labels:  # the last push's digest, not the graph's
                nodes[n["id"]] = (sorted(n.labels), dict(n.items()))
        for r in session.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r"):
            rels[(r["a"], r["t"], r["b"])] = dict(r["r"].items())
    return nodes, rels


def _expected(graph: PolicyGraph) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    nodes, rels = list(node_rows(graph)), list(rel_rows(graph))
    return (
        {
            n.id: (sorted([n.label, *([n.kind_label] if n.kind_label else [])]), n.props)
            for n in nodes
        },
        {r.key: r.props for r in rels},
    )


@pytest.fixture(scope="module")
def graph(store: Path) -> PolicyGraph:
    return load_graph(store)


def test_push_holds_the_graph_and_a_second_push_changes_nothing(
    clean_bolt: Any, graph: PolicyGraph
) -> None:
    first = np.push(graph, clean_bolt, batch_size=50)
    assert (first.nodes, first.relationships) == (len(graph.nodes), len(graph.edges))
    assert (first.nodes_written, first.relationships_written) == (first.nodes, first.relationships)
    assert first.schema == "index-only"
    held = _snapshot(clean_bolt)
    assert held == _expected(graph)
    types = {t.value for t in NodeType}
    labels = Counter(next(x for x in labels if x in types) for labels, _ in held[0].values())
    assert labels == Counter(n.type.value for n in graph.nodes)
    assert Counter(t for _, t, _ in held[1]) == Counter(e.type.value for e in graph.edges)

    second = np.push(graph, clean_bolt, batch_size=50)
    assert (second.nodes_written, second.relationships_written, second.batches) == (0, 0, 0)
    assert (second.nodes_deleted, second.relationships_deleted) == (0, 0)
    assert _snapshot(clean_bolt) == held


def _edited_corpus(folder: Path) -> Path:
    """The corpus without file 000, and with one task of 004 led by another agency."""
    folder.mkdir()
    for f in sorted(CORPUS.iterdir()):
        if not f.name.startswith("000_"):
            shutil.copy(f, folder / f.name)
    plan = folder / "004_1b73a6d31f29fe0d.txt"
    text = plan.read_text("utf-8")
    lead = "Cơ quan chủ trì: Sở Khoa học và Công nghệ."
    assert lead in text
    plan.write_text(text.replace(lead, "Cơ quan chủ trì: Sở Tài chính.", 1), "utf-8")
    return folder


def test_a_push_after_documents_changed_leaves_nothing_stale(
    clean_bolt: Any, graph: PolicyGraph, tmp_path: Path
) -> None:
    np.push(graph, clean_bolt)
    store = tmp_path / "store"
    build([_edited_corpus(tmp_path / "corpus")], store)
    changed = load_graph(store)
    summary = np.push(changed, clean_bolt)
    assert summary.nodes_deleted > 0 and summary.relationships_deleted > 0
    # Only what differs is written: far fewer rows than the graph has.
    assert (
        summary.nodes_written + summary.relationships_written
        < (len(changed.nodes) + len(changed.edges)) / 2
    )
    assert _snapshot(clean_bolt) == _expected(changed)
    gone = {n.id for n in graph.nodes} - {n.id for n in changed.nodes}
    assert any("000_05eae9042a94ebff" in g for g in gone)


class _Dropping:
    """A driver whose sessions lose the server on the ``fail_at``-th write."""

    def __init__(self, driver: Any, fail_at: int) -> None:
        self.driver = driver
        self.writes = 0
        self.fail_at = fail_at

    def session(self, **kwargs: Any) -> Any:
        outer = self
        real = self.driver.session(**kwargs)

        class Session:
            def __enter__(self) -> Session:
                real.__enter__()
                return self

            def __exit__(self, *exc: object) -> None:
                real.__exit__(*exc)

            def run(self, *a: Any, **k: Any) -> Any:
                return real.run(*a, **k)

            def execute_write(self, *a: Any, **k: Any) -> Any:
                from neo4j.exceptions import ServiceUnavailable

                outer.writes += 1
                if outer.writes == outer.fail_at:
                    raise ServiceUnavailable("Connection to the server was lost")
                return real.execute_write(*a, **k)

        return Session()


def test_a_push_cut_off_mid_load_finishes_when_run_again(
    clean_bolt: Any, graph: PolicyGraph
) -> None:
    with pytest.raises(InputError, match=r"went away after 4 batches .* run the push again"):
        np.push(graph, _Dropping(clean_bolt, fail_at=5), batch_size=20)
    partial = _snapshot(clean_bolt)
    assert 0 < len(partial[0]) < len(graph.nodes)
    again = np.push(graph, clean_bolt, batch_size=20)
    total = len(graph.nodes) + len(graph.edges)
    # Only what the first four batches did not commit is written.
    committed = len(partial[0]) + len(partial[1])
    assert again.nodes_written + again.relationships_written == total - committed
    assert _snapshot(clean_bolt) == _expected(graph)


def test_a_server_killed_mid_push_is_one_line(
    falkordb_server: Any, graph: PolicyGraph, store: Path
) -> None:
    driver = np.connect(falkordb_server.uri, "falkordb", "")
    try:

        def kill(done: int, total: int) -> None:
            if done:
                falkordb_server.stop()

        with pytest.raises(InputError, match="server went away after 1 batches"):
            np.push(graph, driver, batch_size=10, progress=kill)
    finally:
        driver.close()


def _push_store(bolt_uri: str, store: Path) -> Any:
    env = {"NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", "")}
    user = os.environ.get("POLICYKG_BOLT_USER", "falkordb")
    return _push_cli("--uri", bolt_uri, "--user", user, "--store", str(store), env=env)


def test_push_from_the_command_line(
    clean_bolt: Any, bolt_uri: str, store: Path, graph: PolicyGraph
) -> None:
    result = _push_store(bolt_uri, store)
    assert result.exit_code == 0, result.output
    wrote = f"wrote {len(graph.nodes)} nodes and {len(graph.edges)} relationships, deleted 0 nodes"
    assert wrote in result.stderr
    # Unchanged: decided from the digest the last push left, without reading the graph.
    again = _push_store(bolt_uri, store)
    assert again.exit_code == 0, again.output
    assert "nothing to do (unchanged since the last push)" in again.stdout
    # A push cut off leaves no digest: the next one compares and writes what is missing.
    np.forget_push(clean_bolt)
    third = _push_store(bolt_uri, store)
    assert "wrote 0 nodes and 0 relationships, deleted 0 nodes and 0 relationships" in (
        third.stderr
    )
    assert np.pushed_digest(clean_bolt) is not None


# --- texts the server would misread unescaped --------------------------------------------

# Each would break a statement, run as Cypher, or be stored changed if sent as it is.
TRICKY = (
    "it's",
    "x' RETURN 1 //",
    'bản "C:\\số\\2025\\"',  # backslashes, the last before a double quote
    "\\'",
    "kết thúc bằng \\",
    "\\n is not a newline, \\t not a tab",
    "dòng một\ndòng hai\r\n\tthụt vào",
    "Sở Khoa học và Công nghệ: 'Chuyển đổi số' “2025”",
)


def _tricky_graph() -> PolicyGraph:
    """A document (whose file name holds a quote) with one task for each tricky text, each
    text also in the evidence of the task's PART_OF and in the document's aliases."""
    doc = "doc/file/it's \\ 'quoted'.txt"
    nodes = [make_node(doc, NodeType.DOCUMENT, "it's", title=TRICKY[0], aliases=TRICKY)]
    edges = []
    for k, text in enumerate(TRICKY, 1):
        task = f"{doc}/task/{k}'"
        nodes.append(make_node(task, NodeType.TASK, text, text=text, document=doc))
        quote = Provenance(
            source="it's.txt", span=Span(start=k, end=k + 1), section=(text,), quote=text
        )
        edges.append(make_edge(task, EdgeType.PART_OF, doc, quote))
    return PolicyGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.key)),
    )


def test_the_push_knows_a_server_that_splices_parameters(clean_bolt: Any) -> None:
    assert np.splices_parameters(clean_bolt) is is_falkordb(clean_bolt)


def test_texts_falkordb_would_misread_come_back_equal(clean_bolt: Any) -> None:
    graph = _tricky_graph()
    first = np.push(graph, clean_bolt)
    assert (first.nodes_written, first.relationships_written) == (
        len(graph.nodes),
        len(graph.edges),
    )
    held = _snapshot(clean_bolt)
    assert held == _expected(graph)
    assert {props["text"] for _, props in held[0].values() if "text" in props} == set(TRICKY)
    # The digests read back equal, so nothing is written again ...
    again = np.push(graph, clean_bolt)
    assert (again.nodes_written, again.relationships_written) == (0, 0)
    # ... and ids with quotes and backslashes are found to delete.
    gone = np.push(PolicyGraph(nodes=(), edges=()), clean_bolt)
    assert (gone.nodes_deleted, gone.relationships_deleted) == (len(graph.nodes), len(graph.edges))
    assert _snapshot(clean_bolt) == ({}, {})


def test_a_document_with_quotes_is_pushed_whole_from_the_command_line(
    clean_bolt: Any, bolt_uri: str, tmp_path: Path
) -> None:
    """Issue 13: such a document was refused, and left the server with part of the graph."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    plan = folder / "004_1b73a6d31f29fe0d.txt"
    task = "8.1. Xây dựng Kế hoạch 5 năm thực hiện"
    text = plan.read_text("utf-8")
    assert task in text
    quoted = "8.1. Xây dựng Kế hoạch 5 năm ('KH 5 năm', bản \"C:\\số\\2025\\\") thực hiện"
    plan.write_text(text.replace(task, quoted, 1), "utf-8")
    store = tmp_path / "store"
    build([folder], store)
    result = _push_store(bolt_uri, store)
    assert result.exit_code == 0, result.output
    graph = load_graph(store)
    assert _snapshot(clean_bolt) == _expected(graph)
    texts = [n.get("text") for n in graph.nodes if n.type is NodeType.TASK]
    assert any("('KH 5 năm', bản \"C:\\số\\2025\\\")" in str(t) for t in texts)


def _with_task(text: str) -> PolicyGraph:
    """:func:`_tricky_graph` with one more task, whose text is ``text``."""
    graph = _tricky_graph()
    doc = graph.nodes[0].id
    task = make_node(f"{doc}/task/extra", NodeType.TASK, "extra", text=text, document=doc)
    return PolicyGraph(
        nodes=tuple(sorted((*graph.nodes, task), key=lambda n: n.id)), edges=graph.edges
    )


# The longest text the push lets through: each "'ở" is sent escaped, as 5 UTF-8 bytes.
LONGEST = "'ở" * (np.SPLICED_STRING_BYTES // 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (LONGEST + "x", "FalkorDB cannot store a text this long (65,001 bytes, at most 65,000)"),
        ("trước\0sau", "FalkorDB cannot store a text holding a NUL: 'trước\\x00sau'"),
    ],
    ids=["too-long", "nul"],
)
def test_a_text_falkordb_cannot_store_stops_the_push_before_it_writes(
    clean_bolt: Any, text: str, message: str
) -> None:
    if not np.splices_parameters(clean_bolt):
        pytest.skip("the server binds parameters: it stores any text")
    # One row a batch: the document's batch comes before the task's, and is not written either.
    with pytest.raises(InputError) as refused:
        np.push(_with_task(text), clean_bolt, batch_size=1)
    assert str(refused.value).startswith(message)
    assert _snapshot(clean_bolt) == ({}, {})
    longest = _with_task(LONGEST)
    np.push(longest, clean_bolt, batch_size=1)
    assert _snapshot(clean_bolt) == _expected(longest)


# --- the canned queries on the server ----------------------------------------------------


@pytest.fixture(scope="module")
def pushed(bolt_driver: Any, graph: PolicyGraph) -> Iterator[Any]:
    with bolt_driver.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    np.push(graph, bolt_driver)
    yield bolt_driver


TASK_8_1 = "004_1b73a6d31f29fe0d.txt#8.1"


@pytest.mark.parametrize("ident", [TASK_8_1, "004_1b73a6d31f29fe0d.txt", "02-NQ/TU"])
def test_lineage_on_the_server(pushed: Any, graph: PolicyGraph, ident: str) -> None:
    start = find_node(graph, ident)
    python = {
        (p.nodes, tuple(e.value for e in p.edges)) for p in lineage(to_networkx(graph), start).paths
    }
    res = cq.run_bolt(pushed, cq.query_file("lineage"), {"id": start})
    got = {
        (
            tuple(n["id"] for n in r["p"]["nodes"]),
            tuple(x["_type"] for x in r["p"]["relationships"]),
        )
        for r in res.rows
    }
    assert got == python


@pytest.mark.parametrize("ident", ["52-NQ/TW", "57-NQ/TW"])
def test_cascade_on_the_server(pushed: Any, graph: PolicyGraph, ident: str) -> None:
    start = find_document(graph, ident)
    python = {(e.node, e.depth) for e in cascade(to_networkx(graph), start).entries}
    res = cq.run_bolt(pushed, cq.query_file("cascade"), {"id": start})
    assert {(r["node"], r["depth"]) for r in res.rows} == python


def test_who_on_the_server(pushed: Any, graph: PolicyGraph) -> None:
    (agency,) = find_agencies(graph, "Sở Khoa học và Công nghệ", province="Thái Bình")
    python = {(d.task, d.role) for d in who(to_networkx(graph), graph, (agency,)).duties}
    res = cq.run_bolt(pushed, cq.query_file("who"), {"agency": agency})
    assert {(r["task"], r["role"]) for r in res.rows} == python


def test_targets_on_the_server(pushed: Any, graph: PolicyGraph) -> None:
    python = {r.target for r in targets(graph, "kinh tế số")}
    res = cq.run_bolt(pushed, cq.query_file("targets"), {"text": "kinh tế số"})
    assert {r["target"] for r in res.rows} == python


def test_coverage_on_the_server(pushed: Any, graph: PolicyGraph) -> None:
    start = find_document(graph, "52-NQ/TW")
    result = coverage(to_networkx(graph), graph, start)
    res = cq.run_bolt(pushed, cq.query_file("coverage"), {"id": start})
    assert {(r["jurisdiction"], r["document"]) for r in res.rows} == {
        (p, d) for p, docs in result.covered for d in docs
    }


@pytest.fixture
def falkordb_server(bolt_uri: str) -> Iterator[Any]:
    """A server of this test's own, to kill (after ``bolt_uri``: the same skip rules)."""
    from . import falkordb

    server = falkordb.start()
    yield server
    server.stop()


def test_a_cypher_parameter_with_quotes_is_read_as_sent(clean_bolt: Any) -> None:
    from policykg.queries.cypher import run_bolt

    name = "Sở 'Khoa học' \\ Công nghệ"
    with clean_bolt.session() as session:
        session.run(
            "CREATE (:Agency {id: 'a1', name: $name})",
            name=np.escape_spliced(name) if np.splices_parameters(clean_bolt) else name,
        ).consume()
    result = run_bolt(
        clean_bolt, "MATCH (n:Agency) WHERE n.name = $name RETURN n.id AS id", {"name": name}
    )
    assert [r["id"] for r in result.rows] == ["a1"]


def test_a_wrong_password_on_falkordb_is_one_line(falkordb_server: Any) -> None:
    with pytest.raises(InputError, match=r"^bolt://[^ ]+: the server refused") as info:
        np.connect(falkordb_server.uri, "someone", "not-the-password")
    assert "not-the-password" not in str(info.value)


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("http://localhost:7474", "policykg speaks Bolt, not http"),
        ("bolt://neo4j:s3cret@localhost:7687", "bolt://neo4j:***@localhost:7687: no user or"),
        ("neo4j://:s3cret@localhost", "no user or password in the address"),
    ],
)
def test_an_address_policykg_cannot_use_is_one_line_without_secrets(uri: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as info:
        np.connect(uri, "neo4j", "x")
    assert "s3cret" not in str(info.value)

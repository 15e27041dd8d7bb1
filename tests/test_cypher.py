"""`policykg cypher`: Cypher on the embedded engine answers as the Python queries do."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph import embedded as lb
from policykg.graph import store as st
from policykg.graph.build import build
from policykg.graph.ids import readable_key
from policykg.graph.model import EdgeType, NodeType, PolicyGraph, make_edge, make_node
from policykg.graph.nxgraph import to_networkx
from policykg.graph.property import MAX_HOPS, node_rows, rel_rows
from policykg.queries import cypher as cq
from policykg.queries.cascade import cascade
from policykg.queries.coverage import coverage
from policykg.queries.ids import find_document, find_node
from policykg.queries.lineage import lineage
from policykg.queries.targets import targets
from policykg.queries.who import find_agencies, who

from .conftest import CORPUS
from .graphs import PLAN, evidence, policy_graph, sample_graph

TASK_8_1 = "004_1b73a6d31f29fe0d.txt#8.1"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cypher") / ".policykg"
    build([CORPUS], path)
    return path


@pytest.fixture(scope="module")
def graph(store: Path) -> PolicyGraph:
    return st.load_graph(store)


def cypher(store: Path, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["cypher", *args, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def fails(store: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["cypher", *args, "--store", str(store)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _path(row: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    p = row["p"]
    return (
        tuple(n["id"] for n in p["nodes"]),
        tuple(r["_type"] for r in p["relationships"]),
    )


@pytest.mark.parametrize(
    "ident", [TASK_8_1, "004_1b73a6d31f29fe0d.txt", "02-NQ/TU", "376-KH/TU (Thái Bình)"]
)
def test_lineage_gives_the_python_paths(store: Path, graph: PolicyGraph, ident: str) -> None:
    start = find_node(graph, ident)
    python = {
        (p.nodes, tuple(e.value for e in p.edges)) for p in lineage(to_networkx(graph), start).paths
    }
    assert python  # each has a lineage: two empty answers would prove nothing
    rows = cypher(store, "lineage", "--param", f"id={ident}")
    assert {_path(r) for r in rows} == python
    assert len(rows) == len(python)
    if ident == TASK_8_1:
        assert len(rows) == 7


def test_lineage_paths_carry_their_relationships_ends_and_evidence(store: Path) -> None:
    rows = cypher(store, "lineage", "--param", f"id={TASK_8_1}")
    for row in rows:
        nodes, rels = row["p"]["nodes"], row["p"]["relationships"]
        assert [(r["_source"], r["_target"]) for r in rels] == [
            (a["id"], b["id"]) for a, b in itertools.pairwise(nodes)
        ]
        assert nodes[0]["_label"] == "Task" and nodes[0]["number"] == "8.1"
    part_of = next(r for row in rows for r in row["p"]["relationships"] if r["_type"] == "PART_OF")
    assert part_of["source"] == "004_1b73a6d31f29fe0d.txt"
    assert part_of["span_end"] > part_of["span_start"]
    assert part_of["section"] == "II / 8 / 8.1"


@pytest.mark.parametrize("ident", ["52-NQ/TW", "57-NQ/TW", "02-NQ/TU"])
def test_cascade_gives_the_python_entries(store: Path, graph: PolicyGraph, ident: str) -> None:
    start = find_document(graph, ident)
    entries = cascade(to_networkx(graph), start).entries
    rows = cypher(store, "cascade", "--param", f"id={ident}")
    assert {(r["node"], r["depth"]) for r in rows} == {(e.node, e.depth) for e in entries}
    for r in rows:
        node = graph.node(r["node"])
        assert r["type"] == node.type.value
        doc = graph.node(str(node.get("document"))) if node.type is NodeType.TASK else node
        assert r["jurisdiction"] == doc.get("jurisdiction")
    assert [(r["depth"], r["node"]) for r in rows] == sorted((r["depth"], r["node"]) for r in rows)


def test_who_gives_the_python_duties(store: Path, graph: PolicyGraph) -> None:
    (agency,) = find_agencies(graph, "Sở Khoa học và Công nghệ", province="Thái Bình")
    python = {(d.task, d.role) for d in who(to_networkx(graph), graph, (agency,)).duties}
    rows = cypher(
        store, "who", "--param", "agency=Sở Khoa học và Công nghệ", "--province", "Thái Bình"
    )
    assert {(r["task"], r["role"]) for r in rows} == python
    assert len({r["task"] for r in rows}) == 29
    assert all(r["agency"] == agency for r in rows)
    # An id needs no graph to resolve it, and gives the same rows.
    assert cypher(store, "who", "--param", f"agency={agency}") == rows


@pytest.mark.parametrize("text", ["kinh tế số", "Internet", "GRDP"])
def test_targets_give_the_python_rows(store: Path, graph: PolicyGraph, text: str) -> None:
    python = {r.target: r for r in targets(graph, text)}
    rows = cypher(store, "targets", "--param", f"text={text}")
    assert {r["target"] for r in rows} == set(python)
    for r in rows:
        want = python[r["target"]]
        assert (r["year"], r["jurisdiction"], r["value"], r["unit"], r["comparator"]) == (
            want.year,
            want.jurisdiction,
            want.value,
            want.unit,
            want.comparator,
        )


def test_coverage_gives_the_python_provinces(store: Path, graph: PolicyGraph) -> None:
    start = find_document(graph, "52-NQ/TW")
    result = coverage(to_networkx(graph), graph, start)
    rows = cypher(store, "coverage", "--param", "id=52-NQ/TW")
    assert {(r["jurisdiction"], r["document"]) for r in rows} == {
        (p, d) for p, docs in result.covered for d in docs
    }
    assert len({r["jurisdiction"] for r in rows}) == 3


def test_values_are_parameters_never_spliced(store: Path) -> None:
    assert cypher(store, "targets", "--param", "text=') OR true //") == []
    rows = cypher(
        store,
        "MATCH (d:Document) WHERE d.number = $n RETURN d.id AS id, $quote AS echo",
        "--param",
        "n=57-NQ/TW",
        "--param",
        'quote=it\'s "x" \\ $n',
    )
    assert rows == [{"id": "doc/tw/57-NQ-TW", "echo": 'it\'s "x" \\ $n'}]


def test_json_params_and_a_query_file(store: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.cypher"
    query.write_text(
        "MATCH (t:Target) WHERE t.year = $year AND t.value >= $min RETURN count(t) AS n",
        encoding="utf-8",
    )
    (row,) = cypher(store, str(query), "--param", "year:=2025", "--param", "min:=20")
    assert row["n"] > 0


def test_table_output_shows_paths_by_key(store: Path) -> None:
    result = CliRunner().invoke(
        cli, ["cypher", "lineage", "--param", f"id={TASK_8_1}", "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert (
        f"{TASK_8_1} -IMPLEMENTS-> 02-NQ/TU (003_07a70d37f77f3d0b.txt) -IMPLEMENTS-> 52-NQ/TW"
        in result.stdout.splitlines()
    )


def test_every_node_carries_its_key(store: Path, graph: PolicyGraph) -> None:
    rows = cypher(store, "MATCH (n) RETURN n.id AS id, n.key AS key")
    assert {r["id"]: r["key"] for r in rows} == {
        n.id: readable_key(graph, n.id) for n in graph.nodes
    }


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (["cascade", "--param", "id=52-NQ/TW"], [("node", "node_key")]),
        (["coverage", "--param", "id=52-NQ/TW"], [("document", "document_key")]),
        (["targets", "--param", "text=kinh tế số"], [("document", "document_key")]),
        (
            ["who", "--param", "agency=Sở Khoa học và Công nghệ (Thái Bình)"],
            [("agency", "agency_key"), ("task", "task_key"), ("document", "document_key")],
        ),
    ],
    ids=["cascade", "coverage", "targets", "who"],
)
def test_canned_queries_give_a_key_beside_each_id(
    store: Path, graph: PolicyGraph, args: list[str], columns: list[tuple[str, str]]
) -> None:
    rows = cypher(store, *args)
    assert rows
    for row in rows:
        for id_column, key_column in columns:
            assert row[key_column] == readable_key(graph, row[id_column])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["MATCH (d:Document RETURN d"], "Cypher: Parser exception"),
        (["MATCH (d:Nothing) RETURN d"], "Cypher: Binder exception"),
        (["lineage"], "lineage needs --param id="),
        (["nosuchname"], "no canned query 'nosuchname' (one of lineage,"),
        (["who", "--param", "agency=Sở Thông tin và Truyền thông"], "names 4 agencies"),
        (["cascade", "--param", "id=99-NQ/TW"], "99-NQ/TW"),
        (["RETURN 1", "--param", "novalue"], "expected NAME=TEXT or NAME:=JSON"),
        (["RETURN 1", "--param", "n:={bad"], "not JSON"),
        (["no-such-file.cypher"], "no such query file"),
    ],
)
def test_errors_are_one_line(store: Path, args: list[str], message: str) -> None:
    assert message in fails(store, *args)


def test_a_store_without_a_graph(tmp_path: Path) -> None:
    assert "no graph here" in fails(tmp_path, "RETURN 1")


def test_the_database_is_made_once_and_follows_the_graph(tmp_path: Path) -> None:
    store = tmp_path / "s"
    build([CORPUS], store)
    first = st.embedded(store)
    made = (first / lb.DATABASE_FILE).stat().st_mtime_ns
    assert st.embedded(store) == first
    assert (first / lb.DATABASE_FILE).stat().st_mtime_ns == made
    # A rebuild with one file fewer gives another graph, and another database.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[1:]:
        (corpus / f.name).write_bytes(f.read_bytes())
    build([corpus], store, use_manifest=False)
    second = st.embedded(store)
    assert second != first and not first.exists()
    rows = cypher(store, "MATCH (d:Document) WHERE d.loaded RETURN count(d) AS n")
    assert rows == [{"n": 4}]


def test_a_failed_load_leaves_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s"
    build([CORPUS], store)

    def broken(path: Path, *_: Any, **__: Any) -> None:
        path.write_bytes(b"half")
        raise OSError("No space left on device")

    monkeypatch.setattr(lb, "load", broken)
    with pytest.raises(OSError, match="No space"):
        st.embedded(store)
    assert not list(store.glob("ladybug-*")) and not list(store.glob(".ladybug-*"))


def _awkward_graph() -> PolicyGraph:
    """The sample graph, plus values CSV and Cypher quoting get wrong."""
    base = sample_graph()
    odd = make_node(
        f"{PLAN}/task/9",
        NodeType.TASK,
        "9",
        task_id="9",
        document=PLAN,
        text='Dòng một\nDòng "hai", it\'s; a\\b\r\n\t[x]',
        section="III / 9",
    )
    agency = make_node(
        "agency/thai-binh/odd",
        NodeType.AGENCY,
        "Sở, Ban; ngành",
        name="Sở, Ban; ngành",
        jurisdiction="Thái Bình",
        collective=True,
        aliases=('a, "b"', "c;d", "it's", "[e]", ""),
    )
    edges = [
        make_edge(odd.id, EdgeType.PART_OF, PLAN, evidence(5, 9, "quote\nwith 'two' lines", "III")),
        make_edge(odd.id, EdgeType.LED_BY, agency.id, None, role="lead", inferred="name"),
    ]
    return policy_graph([*base.nodes, odd, agency], [*base.edges, *edges])


def test_every_property_survives_the_embedded_database(tmp_path: Path) -> None:
    graph = _awkward_graph()
    lb.create(graph, tmp_path / "g.lbdb")
    db = lb.connect_file(tmp_path / "g.lbdb")
    try:
        for row in node_rows(graph):
            res = cq.run_embedded(
                db.connection, f"MATCH (n:{row.label}) WHERE n.id = $id RETURN n", {"id": row.id}
            )
            (got,) = res.rows
            assert got["n"] == {"_label": row.label, **row.props}
        res = cq.run_embedded(
            db.connection, "MATCH (a)-[r]->(b) RETURN a.id AS s, r, b.id AS t", {}
        )
        stored = {(r["s"], r["r"]["_type"], r["t"]): r["r"] for r in res.rows}
        want = {rel.key: {"_type": rel.type, **rel.props} for rel in rel_rows(graph)}
        assert stored == want
    finally:
        db.close()


def test_the_canned_queries_stay_in_the_subset_both_engines_run() -> None:
    for name in cq.CANNED:
        text = re.sub(r"//[^\n]*", "", cq.query_file(name))
        assert f"${cq.PARAMS[name]}" in text, name
        hops = re.findall(r"\*[^\]]*\]", text)
        assert all(h == f"*1..{MAX_HOPS}]" for h in hops), (name, hops)
        for bad in ("[x IN", " IN nodes(", "type(", "EXISTS {", "labels(", "CALL {", "SET n +="):
            assert bad not in text, (name, bad)
        # One label per node pattern: the embedded engine has no multiple labels.
        assert not re.search(r"\(\w*:\w+:\w+", text), name


def test_parse_params() -> None:
    assert cq.parse_params(("a=x=y", "$b:=[1, 2]", "c:=null", "d=")) == {
        "a": "x=y",
        "b": [1, 2],
        "c": None,
        "d": "",
    }


def test_a_quote_after_thousands_of_empty_ones(tmp_path: Path) -> None:
    # The real corpus: 900 documents of unknown place have an empty quote on their
    # IN_JURISDICTION edge before one whose quote holds commas. The reader must not guess
    # the file's dialect from the first rows.
    base = sample_graph()
    tasks = [
        make_node(f"a/{i:05d}", NodeType.TASK, f"x{i}", task_id=f"x{i}", document=PLAN)
        for i in range(2500)
    ]
    last = make_node(
        "zzz/last", NodeType.TASK, "last", task_id="last", document=PLAN,
        text="hộ, giáo viên bộ môn, Đoàn Thanh niên cộng sản Hồ Chí Minh",
    )  # fmt: skip
    graph = policy_graph([*tasks, *base.nodes, last], list(base.edges))
    lb.create(graph, tmp_path / "g.lbdb")
    db = lb.connect_file(tmp_path / "g.lbdb")
    try:
        res = cq.run_embedded(
            db.connection, "MATCH (t:Task) WHERE t.id = $id RETURN t.text AS text", {"id": last.id}
        )
        assert list(res.rows) == [
            {"text": "hộ, giáo viên bộ môn, Đoàn Thanh niên cộng sản Hồ Chí Minh"}
        ]
    finally:
        db.close()


def _cycles() -> PolicyGraph:
    """Plans that implement each other: A ⇄ B, a 3-cycle C → D → E → C (E also implements
    52-NQ/TW), and F, whose self-reference resolution drops; each has a task."""
    ids = {x: f"doc/thai-binh/{x}-KH-UBND" for x in "ABCDEF"}
    ids["TW"] = "doc/tw/52-NQ-TW"
    nodes = [
        make_node(i, NodeType.DOCUMENT, x, number=f"{x}/KH-UBND", jurisdiction="Thái Bình")
        for x, i in ids.items()
    ]
    edges = []
    ev = evidence(0, 5, "Thực hiện")
    for a, b in ("AB", "BA", "CD", "DE", "EC", "FF"):
        edges.append(make_edge(ids[a], EdgeType.IMPLEMENTS, ids[b], ev))
    edges.append(make_edge(ids["E"], EdgeType.IMPLEMENTS, ids["TW"], ev))
    for x in "ACF":
        task = f"{ids[x]}/task/1"
        nodes.append(make_node(task, NodeType.TASK, "1", task_id="1", document=ids[x]))
        edges.append(make_edge(task, EdgeType.PART_OF, ids[x], ev))
    edges = [e for e in edges if e.source != e.target]  # as graph/builder.py drops them
    return policy_graph(nodes, edges)


@pytest.mark.parametrize(
    "start",
    ["doc/thai-binh/A-KH-UBND/task/1", "doc/thai-binh/B-KH-UBND", "doc/thai-binh/C-KH-UBND/task/1",
     "doc/thai-binh/D-KH-UBND", "doc/thai-binh/F-KH-UBND/task/1"],
)  # fmt: skip
def test_cypher_and_python_agree_on_cycles(tmp_path: Path, start: str) -> None:
    graph = _cycles()
    db = lb.connect(lb.build_folder(graph, tmp_path / "db"))
    try:
        text = cq.query_file("lineage")
        rows = cq.run_embedded(db.connection, text, {"id": start}).rows
        python = {
            (p.nodes, tuple(e.value for e in p.edges))
            for p in lineage(to_networkx(graph), start).paths
        }
        assert python
        assert {_path(r) for r in rows} == python and len(rows) == len(python)
        for doc in ("doc/thai-binh/A-KH-UBND", "doc/thai-binh/C-KH-UBND", "doc/tw/52-NQ-TW"):
            rows = cq.run_embedded(db.connection, cq.query_file("cascade"), {"id": doc}).rows
            entries = cascade(to_networkx(graph), doc).entries
            assert entries
            assert {(r["node"], r["depth"]) for r in rows} == {(e.node, e.depth) for e in entries}
            assert doc not in {r["node"] for r in rows}
    finally:
        db.close()


@pytest.mark.parametrize(
    "query",
    ["COPY (MATCH (n) RETURN n.id) TO '/tmp/x.csv'", "LOAD FROM '/etc/passwd' RETURN *",
     "INSTALL httpfs", "CALL apoc.load.json('http://x') YIELD value RETURN value"],
)  # fmt: skip
def test_queries_cannot_touch_files_or_the_network(store: Path, query: str) -> None:
    assert "is not allowed here: queries only read the graph" in fails(store, query)


def test_words_inside_strings_and_names_are_not_clauses() -> None:
    cq.check_read_only("MATCH (n) WHERE n.name = 'COPY this' AND n.load > 1 RETURN n // copy")
    cq.check_read_only("CALL show_tables() RETURN *")

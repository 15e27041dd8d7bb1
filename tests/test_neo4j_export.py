"""Tests for :mod:`policykg.graph.neo4j_export`: both files read back as the property graph.

There is no Neo4j server here. The Cypher script is read back with a small reader of
Cypher literals written from the grammar (not from the exporter), its row literals are also
evaluated by a real Cypher engine (ladybug), and the statements around them are matched
exactly. The CSV files are read with the csv module and their typed headers applied as
neo4j-admin applies them; ``import.sh`` is run against a stand-in ``neo4j-admin``.
"""

from __future__ import annotations

import csv
import math
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policykg.errors import InputError
from policykg.graph import neo4j_export
from policykg.graph.build import build
from policykg.graph.model import EdgeType, NodeType, PolicyGraph, make_edge, make_node
from policykg.graph.neo4j_export import (
    CsvExport,
    cypher_literal,
    cypher_script,
    write_csv,
    write_cypher,
)
from policykg.graph.property import KIND_LABELS, NodeRow, PropValue, node_rows, rel_rows
from policykg.graph.store import load_graph
from policykg.records import Provenance, Span

from .conftest import CORPUS
from .graphs import PLAN, SO_KHCN, TASK, TW, policy_graph, sample_graph

# --- Graphs ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("neo4j-export") / "store"
    build([CORPUS], path)
    return path


@pytest.fixture(scope="module")
def corpus(store: Path) -> PolicyGraph:
    return load_graph(store)


MULTILINE = 'Cơ quan chủ trì: Sở "KH&CN";\nphối hợp: các sở, ngành\r\nliên quan.'
ODD_ALIASES = ("Sở KH;CN", 'Sở "Khoa học"', "a|b", "ends in \\", "l'eau", "📄 ✅")
WEIRD_ID = "doc/x/quote\"back\\slash,comma;semi'apos\nnewline"


def tricky_graph(aliases: tuple[str, ...] = ODD_ALIASES) -> PolicyGraph:
    """The sample graph and nodes whose values test every escape: quotes spanning lines,
    ``"``, ``;`` and ``|`` in list items, a backslash at the end, emoji, a huge float, an id
    made of delimiters, a document without a kind."""
    base = sample_graph()
    quote = Provenance(source="a,b.txt", span=Span(start=0, end=9), section=(), quote=MULTILINE)
    extra_nodes = [
        make_node(
            "agency/x/so-kh-cn",
            NodeType.AGENCY,
            "Sở KH&CN",
            name='Sở "KH&CN"\nTỉnh Thái Bình',
            aliases=aliases,
            collective=True,
        ),
        make_node(WEIRD_ID, NodeType.DOCUMENT, "weird", title="tab\there\x07bell", loaded=False),
        make_node(
            "doc/x/target/1",
            NodeType.TARGET,
            "huge",
            value=1e16,
            value_max=2.5e-7,
            year=-3,
            text="C:\\path\\",
        ),
    ]
    extra_edges = [
        make_edge(TASK, EdgeType.LED_BY, "agency/x/so-kh-cn", quote, role="lead"),
        make_edge("doc/x/target/1", EdgeType.PART_OF, WEIRD_ID, None, inferred='a "b"'),
        make_edge(PLAN, EdgeType.CITES, WEIRD_ID, quote),
    ]
    return policy_graph([*base.nodes, *extra_nodes], [*base.edges, *extra_edges])


GRAPHS = {
    "sample": sample_graph,
    "tricky": tricky_graph,
    "empty": lambda: PolicyGraph(nodes=(), edges=()),
}


@pytest.fixture(params=sorted(GRAPHS))
def small(request: pytest.FixtureRequest) -> PolicyGraph:
    graph: PolicyGraph = GRAPHS[request.param]()
    return graph


def exact(value: Any) -> Any:
    """``value`` with the type of every scalar kept, so that ``1 != 1.0 != True``."""
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v) for v in value]
    return (type(value).__name__, value)


def expected_nodes(graph: PolicyGraph) -> dict[tuple[str, str | None, str], Any]:
    return {(r.label, r.kind_label, r.id): exact(r.props) for r in node_rows(graph)}


def expected_rels(graph: PolicyGraph) -> dict[tuple[str, str, str, str, str], Any]:
    return {
        (r.type, r.source_label, r.source, r.target_label, r.target): exact(r.props)
        for r in rel_rows(graph)
    }


# --- cypher_literal --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("", '""'),
        ('say "hi"', r'"say \"hi\""'),
        ("C:\\path\\", r'"C:\\path\\"'),
        ("\\", r'"\\"'),
        ("l'eau", '"l\'eau"'),
        ("a\nb\r\nc\td", r'"a\nb\r\nc\td"'),
        ("\b\f", r'"\b\f"'),
        ("\x00\x07\x1f\x7f\x85", r'"\u0000\u0007\u001f\u007f\u0085"'),
        ("line\u2028para\u2029", r'"line\u2028para\u2029"'),
        ("\ud800", r'"\ud800"'),
        ("Ủy ban nhân dân tỉnh Thái Bình", '"Ủy ban nhân dân tỉnh Thái Bình"'),
        ("📄 ✅ 🇻🇳", '"📄 ✅ 🇻🇳"'),
        ("// not a comment; not an end", '"// not a comment; not an end"'),
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (0, "0"),
        (-5, "-5"),
        (2**63 - 1, "9223372036854775807"),
        (20.0, "20.0"),
        (0.1, "0.1"),
        (-2.5, "-2.5"),
        (1e16, "1.0e16"),
        (2e-05, "2.0e-5"),
        (-1.5e-300, "-1.5e-300"),
        ([], "[]"),
        (["a", "b;c", 'd"'], r'["a", "b;c", "d\""]'),
        (
            {"id": "x", "a b": 1, "x`y": True, "_k2": [0.5]},
            '{id: "x", `a b`: 1, `x``y`: true, _k2: [0.5]}',
        ),
    ],
)  # fmt: skip
def test_cypher_literal(value: object, literal: str) -> None:
    assert cypher_literal(value) == literal


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 2**63, -(2**63) - 1])
def test_cypher_literal_refuses_values_neo4j_cannot_store(value: float) -> None:
    with pytest.raises(ValueError, match="Cypher"):
        cypher_literal(value)


@pytest.mark.parametrize("value", [("a",), {"a"}, b"a", object()])
def test_cypher_literal_refuses_other_types(value: object) -> None:
    with pytest.raises(TypeError):
        cypher_literal(value)


ROUND_TRIP = [
    'say "hi"',
    "C:\\path\\",
    "l'eau",
    "a\nb\r\nc\td\b\f",
    "\x00\x07\x1f\x7f\x85\u2028",
    "Ủy ban nhân dân tỉnh Thái Bình 📄",
    1e16,
    2e-05,
    -1.5e-300,
    0.1,
    2**63 - 1,
    -5,
    True,
    ["a", "b;c", 'd"', "e\\"],
    {"id": "x", "a b": [1.5], "nested": {"k": 'v"'}},
]


@pytest.mark.parametrize("value", ROUND_TRIP)
def test_cypher_literal_reads_back(value: object) -> None:
    assert exact(read_literal(cypher_literal(value))) == exact(value)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Cypher engine to evaluate literals with: ladybug, embedded."""
    import ladybug

    db = ladybug.Database(
        str(tmp_path_factory.mktemp("ladybug") / "db"), buffer_pool_size=64 * 1024 * 1024
    )
    conn = ladybug.Connection(db)
    yield conn
    conn.close()
    db.close()


def evaluate(engine: Any, literal: str) -> Any:
    return engine.execute(f"RETURN {literal}").get_all()[0][0]


@pytest.mark.parametrize("value", ROUND_TRIP)
def test_a_cypher_engine_reads_the_literal_back(engine: Any, value: object) -> None:
    assert exact(evaluate(engine, cypher_literal(value))) == exact(value)


# --- A reader of Cypher literals, from the grammar ---------------------------------------

_STRING_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t"}
_STRING_ESCAPES |= {"b": "\b", "f": "\f"}
_NUMBER = re.compile(r"-?(\d+)(\.\d+)?([eE]-?\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Reader:
    """Reads one Cypher literal at ``pos``: strings, numbers, booleans, null, lists, maps.

    Stricter than Cypher where the exporter should be: a raw control character inside a
    string is an error, so a row is always one line.
    """

    def __init__(self, text: str, pos: int = 0) -> None:
        self.text, self.pos = text, pos

    def fail(self, what: str) -> AssertionError:
        return AssertionError(f"{what} at {self.pos}: {self.text[self.pos : self.pos + 40]!r}")

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \n":
            self.pos += 1

    def take(self, token: str) -> bool:
        self.skip()
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def value(self) -> Any:
        self.skip()
        char = self.text[self.pos : self.pos + 1]
        if char in ("'", '"'):
            return self.string(char)
        if char == "[":
            return self.sequence("[", "]", self.value)
        if char == "{":
            return dict(self.sequence("{", "}", self.entry))
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.take(word):
                return value
        match = _NUMBER.match(self.text, self.pos)
        if not match:
            raise self.fail("no literal")
        self.pos = match.end()
        return float(match.group()) if match.group(2) or match.group(3) else int(match.group())

    def sequence(self, open_: str, close: str, item: Any) -> list[Any]:
        assert self.take(open_)
        items: list[Any] = []
        if self.take(close):
            return items
        while True:
            items.append(item())
            if self.take(close):
                return items
            if not self.take(","):
                raise self.fail(f"no , or {close}")

    def entry(self) -> tuple[str, Any]:
        self.skip()
        if self.take("`"):
            end = self.pos
            while True:
                end = self.text.index("`", end)
                if self.text.startswith("``", end):
                    end += 2
                    continue
                break
            key = self.text[self.pos : end].replace("``", "`")
            self.pos = end + 1
        else:
            match = _NAME.match(self.text, self.pos)
            if not match:
                raise self.fail("no key")
            key, self.pos = match.group(), match.end()
        if not self.take(":"):
            raise self.fail("no :")
        return key, self.value()

    def string(self, quote: str) -> str:
        self.pos += 1
        out: list[str] = []
        while True:
            char = self.text[self.pos]
            if char == quote:
                self.pos += 1
                return "".join(out)
            if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
                raise self.fail("raw control character in a string")
            if char != "\\":
                out.append(char)
                self.pos += 1
                continue
            code = self.text[self.pos + 1]
            if code == "u":
                out.append(chr(int(self.text[self.pos + 2 : self.pos + 6], 16)))
                self.pos += 6
            elif code in _STRING_ESCAPES:
                out.append(_STRING_ESCAPES[code])
                self.pos += 2
            else:
                raise self.fail("unknown escape")


def read_literal(text: str) -> Any:
    reader = Reader(text)
    value = reader.value()
    assert reader.pos == len(text), f"left over: {text[reader.pos :]!r}"
    return value


# --- The Cypher script -----------------------------------------------------------------

NODE_BODY = re.compile(
    r" AS row\nMERGE \(n:(\w+) \{id: row\.id\}\)\nSET n = row"
    r"(?:\nREMOVE n:([\w:]+))?(?:\nSET n:(\w+))?;"
)
REL_BODY = re.compile(
    r" AS row\nMATCH \(a:(\w+) \{id: row\.source\}\)\nMATCH \(b:(\w+) \{id: row\.target\}\)"
    r"\nMERGE \(a\)-\[r:(\w+)\]->\(b\)\nSET r = row\.props;"
)


def statements(script: str) -> list[str]:
    """The statements, comments and blank lines left out. A statement ends on a line that
    ends with ``;``; no row line can, as rows end with ``}`` or ``},``."""
    out, current = [], []
    for line in script.splitlines():
        if not current and (not line or line.startswith("//")):
            continue
        current.append(line)
        if line.endswith(";"):
            out.append("\n".join(current))
            current = []
    assert not current, "a statement without its ;"
    return out


class Script:
    """What a script would write: nodes by (label, kind, id), relationships by their ends."""

    def __init__(self, script: str) -> None:
        self.nodes: dict[tuple[str, str | None, str], Any] = {}
        self.rels: dict[tuple[str, str, str, str, str], Any] = {}
        self.schema: list[str] = []
        self.batches: list[int] = []
        for statement in statements(script):
            if statement.startswith("UNWIND "):
                self.unwind(statement)
            else:
                self.schema.append(statement)

    def unwind(self, statement: str) -> None:
        reader = Reader(statement, len("UNWIND "))
        rows = reader.value()
        self.batches.append(len(rows))
        rest = statement[reader.pos :]
        if node := NODE_BODY.fullmatch(rest):
            label, removed, kind = node.groups()
            if label == "Document":
                assert set(removed.split(":")) == set(KIND_LABELS.values()) - {kind}
            else:
                assert removed is None and kind is None
            for row in rows:
                key = (label, kind, row["id"])
                assert key not in self.nodes
                self.nodes[key] = exact(row)
        elif rel := REL_BODY.fullmatch(rest):
            source, target, rel_type = rel.groups()
            for row in rows:
                assert set(row) == {"source", "target", "props"}
                key = (rel_type, source, row["source"], target, row["target"])
                assert key not in self.rels
                self.rels[key] = exact(row["props"])
        else:
            raise AssertionError(f"unexpected statement: {rest[:200]!r}")


def test_script_reads_back_as_the_corpus_graph(corpus: PolicyGraph) -> None:
    script = Script(cypher_script(corpus))
    assert script.nodes == expected_nodes(corpus)
    assert script.rels == expected_rels(corpus)
    assert len(script.nodes) == len(corpus.nodes) > 200
    assert len(script.rels) == len(corpus.edges) > 400


def test_script_reads_back_as_small_graphs(small: PolicyGraph) -> None:
    script = Script(cypher_script(small))
    assert script.nodes == expected_nodes(small)
    assert script.rels == expected_rels(small)


def test_a_cypher_engine_reads_every_row_back(engine: Any, corpus: PolicyGraph) -> None:
    graph = policy_graph([*corpus.nodes, *tricky_graph().nodes], tricky_graph().edges)
    rows = [
        line.strip().removesuffix(",")
        for line in cypher_script(graph).splitlines()
        if line.startswith("  {")
    ]
    props = [exact(r.props) for r in node_rows(graph)]
    props += [
        exact({"source": r.source, "target": r.target, "props": r.props}) for r in rel_rows(graph)
    ]
    assert len(rows) == len(props)
    assert sorted(map(repr, (exact(evaluate(engine, row)) for row in rows))) == sorted(
        map(repr, props)
    )


def test_script_header_and_schema(corpus: PolicyGraph) -> None:
    text = cypher_script(corpus)
    head = text.split("\n\n", 1)[0]
    assert f"{len(corpus.nodes)} nodes, {len(corpus.edges)} relationships" in head
    assert "cypher-shell -a neo4j://localhost:7687 -u neo4j -d neo4j -f graph.cypher" in head
    assert "NEO4J_PASSWORD" in head
    assert " -p " not in head and "--password" not in head
    schema = Script(text).schema
    constraints = [s for s in schema if s.startswith("CREATE CONSTRAINT")]
    assert constraints == [
        f"CREATE CONSTRAINT {t.lower()}_id IF NOT EXISTS FOR (n:{t}) REQUIRE n.id IS UNIQUE;"
        for t in (t.value for t in NodeType)
    ]
    assert "CREATE INDEX document_number IF NOT EXISTS FOR (n:Document) ON (n.number);" in schema
    assert "CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name);" in schema
    assert "CREATE INDEX target_indicator IF NOT EXISTS FOR (n:Target) ON (n.indicator);" in schema
    # The schema comes first: every MERGE runs with the id constraints in place.
    assert schema[-1] == "CALL db.awaitIndexes(300);"
    assert text.index("CALL db.awaitIndexes") < text.index("UNWIND")


def test_script_is_deterministic(store: Path) -> None:
    assert cypher_script(load_graph(store)) == cypher_script(load_graph(store))
    assert cypher_script(tricky_graph()) == cypher_script(tricky_graph())


def test_every_row_is_one_line_of_printable_text() -> None:
    for line in cypher_script(tricky_graph()).splitlines():
        assert line.isprintable() or line == "", repr(line)


def test_script_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neo4j_export, "BATCH_ROWS", 2)
    graph = tricky_graph()
    script = Script(cypher_script(graph))
    assert script.nodes == expected_nodes(graph)
    assert script.rels == expected_rels(graph)
    assert max(script.batches) == 2
    # Agency has 5 nodes: 2 + 2 + 1.
    assert cypher_script(graph).count("MERGE (n:Agency ") == 3


def test_script_batches_by_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neo4j_export, "BATCH_CHARS", 1)
    graph = sample_graph()
    script = Script(cypher_script(graph))
    assert set(script.batches) == {1}
    assert len(script.batches) == len(graph.nodes) + len(graph.edges)


def test_kinds_are_labels_and_documents_without_one_lose_theirs() -> None:
    text = cypher_script(tricky_graph())
    assert "MERGE (n:Document {id: row.id})\nSET n = row\nREMOVE n:" in text
    plan = text.index('{id: "' + PLAN + '"')
    assert text.index("SET n:Plan;", plan) < text.index("UNWIND", plan)
    weird = text.index("weird")
    statement = text[weird : text.index(";\n", weird)]
    assert "SET n:" not in statement


def test_labels_are_never_taken_from_data() -> None:
    forged = NodeRow(id="x", label="Document) DETACH DELETE (n", kind_label=None, props={})
    with pytest.raises(ValueError, match="not a known node label"):
        neo4j_export._node_groups([forged])
    kind = NodeRow(id="x", label="Document", kind_label="Plan:Admin", props={})
    with pytest.raises(ValueError, match="not a known document kind"):
        neo4j_export._node_groups([kind])


def test_write_cypher(tmp_path: Path) -> None:
    graph = tricky_graph()
    result = write_cypher(graph, tmp_path / "graph.cypher")
    assert (tmp_path / "graph.cypher").read_text(encoding="utf-8") == cypher_script(graph)
    assert (result.nodes, result.relationships) == (len(graph.nodes), len(graph.edges))
    assert [p.name for p in tmp_path.iterdir()] == ["graph.cypher"]
    with pytest.raises(InputError, match="Cypher script"):
        write_cypher(graph, tmp_path / "missing" / "graph.cypher")


def nan_graph() -> PolicyGraph:
    node = make_node("doc/x/target/1", NodeType.TARGET, "t", value=math.nan)
    return PolicyGraph(nodes=(node,), edges=())


def test_nan_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="NaN"):
        cypher_script(nan_graph())
    with pytest.raises(ValueError, match="NaN"):
        write_csv(nan_graph(), tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


# --- CSV for neo4j-admin ----------------------------------------------------------------

HEADER = re.compile(
    r"(\w*):(ID|START_ID|END_ID)\((\w+)\)|(\w+)(?::(long|double|boolean|string\[\]))?"
)


def typed(text: str, kind: str | None, delimiter: str) -> PropValue | None:
    """A field as neo4j-admin reads it: an empty field is no value."""
    if text == "":
        return None
    if kind == "long":
        return int(text)
    if kind == "double":
        return float(text)
    if kind == "boolean":
        assert text in ("true", "false")
        return text == "true"
    if kind == "string[]":
        return text.split(delimiter)
    return text


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, strict=True))


class Export:
    """The nodes and relationships neo4j-admin would import from an export folder."""

    def __init__(self, result: CsvExport) -> None:
        self.nodes: dict[tuple[str, str | None, str], Any] = {}
        self.rels: dict[tuple[str, str, str, str, str], Any] = {}
        delimiter = result.array_delimiter
        for path in sorted(result.folder.glob("nodes-*.csv")):
            self.node_file(path, delimiter)
        for path in sorted(result.folder.glob("rels-*.csv")):
            self.rel_file(path, delimiter)

    def node_file(self, path: Path, delimiter: str) -> None:
        header, *rows = read_csv(path)
        label, _, kind = path.stem.removeprefix("nodes-").partition("-")
        assert header[0] == f"id:ID({label})" and header[-1] == ":LABEL"
        columns = [HEADER.fullmatch(h) for h in header[1:-1]]
        assert all(columns)
        for row in rows:
            assert len(row) == len(header)
            assert row[-1] == delimiter.join([label, kind] if kind else [label])
            props: dict[str, Any] = {"id": row[0]}
            for match, field in zip(columns, row[1:-1], strict=True):
                assert match is not None
                value = typed(field, match.group(5), delimiter)
                if value is not None:
                    props[match.group(4)] = value
            key = (label, kind or None, row[0])
            assert key not in self.nodes
            self.nodes[key] = exact(props)

    def rel_file(self, path: Path, delimiter: str) -> None:
        header, *rows = read_csv(path)
        rel_type, source, target = path.stem.removeprefix("rels-").rsplit("-", 2)
        assert header[:3] == [f":START_ID({source})", f":END_ID({target})", ":TYPE"]
        columns = [HEADER.fullmatch(h) for h in header[3:]]
        for row in rows:
            assert len(row) == len(header) and row[2] == rel_type
            props: dict[str, Any] = {}
            for match, field in zip(columns, row[3:], strict=True):
                assert match is not None
                value = typed(field, match.group(5), delimiter)
                if value is not None:
                    props[match.group(4)] = value
            key = (rel_type, source, row[0], target, row[1])
            assert key not in self.rels
            self.rels[key] = exact(props)


def as_columns(graph: PolicyGraph) -> dict[tuple[str, str | None, str], Any]:
    """The expected nodes, an integer in a ``double`` column read back as a float."""
    floats = {"value", "value_max"}
    return {
        key: {k: ("float", float(v[1])) if k in floats else v for k, v in props.items()}
        for key, props in expected_nodes(graph).items()
    }


def test_csv_reads_back_as_the_corpus_graph(corpus: PolicyGraph, tmp_path: Path) -> None:
    result = write_csv(corpus, tmp_path / "export")
    back = Export(result)
    assert back.nodes == as_columns(corpus)
    assert back.rels == expected_rels(corpus)
    assert (result.nodes, result.relationships) == (len(corpus.nodes), len(corpus.edges))
    assert result.array_delimiter == ";"


def test_csv_reads_back_as_small_graphs(small: PolicyGraph, tmp_path: Path) -> None:
    result = write_csv(small, tmp_path / "export")
    back = Export(result)
    assert back.nodes == as_columns(small)
    assert back.rels == expected_rels(small)


def test_csv_keeps_quotes_spanning_lines(tmp_path: Path) -> None:
    result = write_csv(tricky_graph(), tmp_path / "export")
    text = (result.folder / "rels-LED_BY-Task-Agency.csv").read_bytes().decode("utf-8")
    assert '"Cơ quan chủ trì: Sở ""KH&CN"";\nphối hợp: các sở, ngành\r\nliên quan."' in text
    assert "--multiline-fields=true" in result.command


def test_array_delimiter_is_one_no_item_contains(tmp_path: Path) -> None:
    semi = write_csv(tricky_graph(("Sở KH;CN", "x")), tmp_path / "semi")
    assert semi.array_delimiter == "|"
    assert "--array-delimiter=|" in semi.command
    both = write_csv(tricky_graph(), tmp_path / "both")
    assert both.array_delimiter == "\x1f"
    assert "--array-delimiter=U+001F" in both.command
    plan = read_csv(both.folder / "nodes-Document-Plan.csv")[1]
    assert plan[-1] == "Document\x1fPlan"
    agencies = Export(both).nodes
    assert agencies[("Agency", None, "agency/x/so-kh-cn")]["aliases"] == exact(list(ODD_ALIASES))


def test_empty_strings_are_quoted_and_missing_values_empty(tmp_path: Path) -> None:
    node = make_node("doc/x/target/1", NodeType.TARGET, "t", unit="", year=2025)
    result = write_csv(PolicyGraph(nodes=(node,), edges=()), tmp_path / "export")
    header, row = (result.folder / "nodes-Target.csv").read_text(encoding="utf-8").splitlines()
    fields = dict(zip(header.split(","), row.split(","), strict=True))
    assert fields["unit"] == '""'  # neo4j-admin: an empty string
    assert fields["value:double"] == ""  # neo4j-admin: no value
    assert fields["year:long"] == "2025"


def test_headers_are_typed_from_the_schema(tmp_path: Path) -> None:
    result = write_csv(sample_graph(), tmp_path / "export")
    (target,) = read_csv(result.folder / "nodes-Target.csv")[:1]
    assert target[:3] == ["id:ID(Target)", "name", "key"]
    assert "indicator" in target and "value:double" in target
    assert "year:long" in target
    agency = read_csv(result.folder / "nodes-Agency.csv")[0]
    assert "collective:boolean" in agency and "aliases:string[]" in agency
    rel = read_csv(result.folder / "rels-LED_BY-Task-Agency.csv")[0]
    assert rel[:5] == [":START_ID(Task)", ":END_ID(Agency)", ":TYPE", "source", "span_start:long"]
    assert rel[-1] == "digest"


def test_files_and_command(tmp_path: Path) -> None:
    result = write_csv(sample_graph(), tmp_path / "export")
    on_disk = sorted(p.name for p in result.folder.iterdir())
    assert sorted(p.name for p in result.files) == on_disk
    assert all(p.parent == result.folder for p in result.files)
    csvs = [n for n in on_disk if n.endswith(".csv")]
    named = [a.split("=", 1)[1] for a in result.command if a.startswith(("--nodes=", "--rel"))]
    assert sorted(named) == csvs
    assert result.command[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert not any(a.startswith("--overwrite-destination") for a in result.command)
    assert "nodes-Document-Plan.csv" in csvs and "rels-PART_OF-Task-Document.csv" in csvs
    assert Script(result.folder.joinpath("constraints.cypher").read_text()).schema == [
        s for s in Script(cypher_script(sample_graph())).schema if s.startswith("CREATE")
    ]
    assert os.access(result.folder / "import.sh", os.X_OK)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")
@pytest.mark.parametrize("aliases", [ODD_ALIASES, ("plain",)], ids=["unit-separator", "semicolon"])
def test_import_sh_runs_the_command(tmp_path: Path, aliases: tuple[str, ...]) -> None:
    result = write_csv(tricky_graph(aliases), tmp_path / "export")
    script = (result.folder / "import.sh").read_text(encoding="utf-8")
    assert "must be stopped" in script
    assert "--overwrite-destination is left out" in script
    assert 'DATABASE="${1:-neo4j}"' in script
    command = script[script.index("exec ") :].replace("\\\n", " ")
    for path in result.files:
        if path.suffix == ".csv":
            assert f"={path.name} " in command or command.rstrip().endswith(path.name)
    assert (
        shlex.quote(f"--array-delimiter={neo4j_export._delimiter_option(result.array_delimiter)}")
        in command
    )
    # Run it against a neo4j-admin that records where it ran and its arguments.
    fake = tmp_path / "neo4j-admin"
    fake.write_text('#!/bin/sh\npwd > "$OUT"\nprintf "%s\\n" "$@" >> "$OUT"\n', encoding="utf-8")
    fake.chmod(0o755)
    out = tmp_path / "args.txt"
    env = {**os.environ, "NEO4J_ADMIN": str(fake), "OUT": str(out)}
    subprocess.run(["sh", str(result.folder / "import.sh"), "policy"], env=env, check=True)
    cwd, *args = out.read_text(encoding="utf-8").splitlines()
    assert Path(cwd).resolve() == result.folder.resolve()
    assert args == [*result.command[1:4], "policy", *result.command[5:]]


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(f"{folder}: the folder is not empty")):
        write_csv(sample_graph(), folder)
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]


def test_refuses_a_file_and_a_missing_parent(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is not a folder"):
        write_csv(sample_graph(), tmp_path / "file")
    with pytest.raises(InputError, match="no such folder"):
        write_csv(sample_graph(), tmp_path / "missing" / "export")


def test_fills_an_empty_folder_and_leaves_no_temporary_folder(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    result = write_csv(sample_graph(), tmp_path / "export")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]
    assert len(list(result.folder.iterdir())) == len(result.files)


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(tmp: Path, files: object) -> None:
        (tmp / "half.csv").write_text("id", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(neo4j_export, "_write_tree", full_disk)
    with pytest.raises(InputError, match="No space left on device"):
        write_csv(sample_graph(), tmp_path / "export")
    assert list(tmp_path.iterdir()) == []


def test_csv_is_deterministic(tmp_path: Path) -> None:
    a = write_csv(tricky_graph(), tmp_path / "a")
    b = write_csv(tricky_graph(), tmp_path / "b")
    for x, y in zip(a.files, b.files, strict=True):
        assert x.name == y.name and x.read_bytes() == y.read_bytes()


def test_sample_ids_survive(tmp_path: Path) -> None:
    back = Export(write_csv(tricky_graph(), tmp_path / "export"))
    assert ("Document", None, WEIRD_ID) in back.nodes
    assert ("Document", "Resolution", TW) in back.nodes
    assert ("LED_BY", "Task", TASK, "Agency", SO_KHCN) in back.rels


# --- the command line -------------------------------------------------------------------


def _export(store: Path, *args: str) -> Any:
    from click.testing import CliRunner

    from policykg.cli import cli

    return CliRunner().invoke(cli, ["neo4j", "export", *args, "--store", str(store)])


def test_cli_writes_the_script_to_stdout_or_a_file(
    store: Path, corpus: PolicyGraph, tmp_path: Path
) -> None:
    out = _export(store)
    assert out.exit_code == 0, out.output
    assert out.stdout == cypher_script(corpus)
    target = tmp_path / "graph.cypher"
    written = _export(store, "-o", str(target))
    assert written.exit_code == 0, written.output
    assert target.read_text("utf-8") == cypher_script(corpus)
    assert f"{len(corpus.nodes)} nodes" in written.stderr


def test_cli_writes_csv_files_and_says_how_to_import_them(store: Path, tmp_path: Path) -> None:
    out = _export(store, "--format", "csv", "-o", str(tmp_path / "import"))
    assert out.exit_code == 0, out.output
    assert (tmp_path / "import" / "import.sh").is_file()
    assert "import.sh" in out.stderr
    again = _export(store, "--format", "csv", "-o", str(tmp_path / "import"))
    assert again.exit_code == 1 and "Traceback" not in again.output
    assert len(again.stderr.strip().splitlines()) == 1
    missing = _export(store, "--format", "csv")
    assert missing.exit_code == 1 and "--format csv needs -o FOLDER" in missing.stderr

"""Tests for :mod:`policykg.graph.export`: every format reads back as the same graph."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from policykg.errors import InputError
from policykg.graph.export import FORMATS, export, jsonld_context, write_export
from policykg.graph.model import (
    EdgeType,
    NodeType,
    PolicyGraph,
    Problem,
    from_json,
    make_edge,
    make_node,
)
from policykg.graph.rdfgraph import to_rdf
from policykg.records import Provenance, Span
from rdflib import Graph
from rdflib.compare import isomorphic

TW = "doc/tw/52-NQ-TW"
QD = "doc/tw/749-QĐ-TTg"
PLAN = "doc/thai-binh/02-NQ-TU"
TASK = f"{PLAN}/task/8.1"
TARGET = f"{PLAN}/target/3"
SO_KHCN = "agency/thai-binh/so-khoa-hoc-va-cong-nghe"
INDICATOR = "indicator/kinh-te-so-trong-grdp"
FILE = "003_07a70d37f77f3d0b.txt"


def _ev(start: int, end: int, quote: str, *section: str) -> Provenance:
    return Provenance(source=FILE, span=Span(start=start, end=end), section=section, quote=quote)


def sample_graph() -> PolicyGraph:
    """Nghị quyết 02-NQ/TU of Thái Bình, implementing 52-NQ/TW, with a task and a target."""
    nodes = [
        make_node(
            TW,
            NodeType.DOCUMENT,
            "Nghị quyết 52-NQ/TW",
            kind="resolution",
            number="52-NQ/TW",
            date="2019-09-27",
            issuer="Bộ Chính trị",
            jurisdiction="Trung ương",
            loaded=False,
            scope="national",
        ),
        make_node(
            QD,
            NodeType.DOCUMENT,
            "Quyết định 749/QĐ-TTg",
            number="749/QĐ-TTg",
            loaded=False,
            scope="national",
            conflicts=("date: 2020-06-03 / 2020-06-30", "issuer: Thủ tướng / Chính phủ"),
        ),
        make_node(
            PLAN,
            NodeType.DOCUMENT,
            "Nghị quyết 02-NQ/TU",
            kind="resolution",
            number="02-NQ/TU",
            date="2021-11-19",
            issuer="Ban Chấp hành Đảng bộ tỉnh",
            jurisdiction="Thái Bình",
            title="Về chuyển đổi số tỉnh Thái Bình đến năm 2025, định hướng đến năm 2030",
            form="Nghị quyết",
            loaded=True,
            source=FILE,
            sha256="07a70d37f77f3d0b" * 4,
            scope="local",
        ),
        make_node(
            TASK,
            NodeType.TASK,
            "8.1 Phát triển hạ tầng số",
            task_id="8.1",
            document=PLAN,
            text="Phát triển hạ tầng số, nền tảng số",
            deadline="Năm 2025",
            deadline_value="2025",
            deadline_year=2025,
        ),
        make_node(
            TARGET,
            NodeType.TARGET,
            "Kinh tế số chiếm 20-30% GRDP",
            indicator="kinh tế số trong GRDP",
            value=20.0,
            value_max=30.0,
            unit="%",
            comparator="range",
            year=2025,
            document=PLAN,
            text="kinh tế số chiếm từ 20% đến 30% GRDP",
        ),
        make_node(
            SO_KHCN,
            NodeType.AGENCY,
            "Sở Khoa học và Công nghệ",
            name="Sở Khoa học và Công nghệ",
            jurisdiction="Thái Bình",
            level="province",
            collective=False,
            aliases=("Sở KH&CN", "Sở Khoa học - Công nghệ"),
        ),
        make_node("place/thai-binh", NodeType.JURISDICTION, "Thái Bình", national=False),
        make_node(INDICATOR, NodeType.INDICATOR, "Kinh tế số trong GRDP", name="Kinh tế số"),
    ]
    edges = [
        make_edge(PLAN, EdgeType.IMPLEMENTS, TW, _ev(300, 340, "Thực hiện Nghị quyết số 52-NQ/TW")),
        make_edge(PLAN, EdgeType.CITES, QD, _ev(350, 377, "Quyết định số 749/QĐ-TTg")),
        make_edge(PLAN, EdgeType.IN_JURISDICTION, "place/thai-binh", None, inferred="issuer"),
        make_edge(
            TASK, EdgeType.PART_OF, PLAN, _ev(2000, 2040, "8.1. Phát triển hạ tầng số", "III")
        ),
        make_edge(
            TASK,
            EdgeType.LED_BY,
            SO_KHCN,
            _ev(2041, 2090, "Sở Khoa học và Công nghệ chủ trì", "III", "8"),
            role="lead",
        ),
        make_edge(TARGET, EdgeType.PART_OF, PLAN, _ev(900, 940, "kinh tế số chiếm từ 20%", "II")),
        make_edge(TARGET, EdgeType.MEASURES, INDICATOR, None),
        make_edge(SO_KHCN, EdgeType.IN_JURISDICTION, "place/thai-binh", None),
    ]
    problems = (
        Problem(
            kind="conflict",
            node=QD,
            message="two dates for 749/QĐ-TTg",
            evidence=(_ev(350, 377, "Quyết định số 749/QĐ-TTg"),),
        ),
    )
    return PolicyGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.key)),
        problems=problems,
    )


@pytest.fixture(scope="module")
def graph() -> PolicyGraph:
    return sample_graph()


# rdflib 7.6's own JSON-LD parser wraps its sink in a ConjunctiveGraph and warns about it.
JSONLD_WARNING = "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"


@pytest.mark.filterwarnings(JSONLD_WARNING)
@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")],
    ids=["ttl", "nt", "jsonld"],
)
def test_rdf_round_trip(graph: PolicyGraph, fmt: str, rdf_format: str) -> None:
    back = Graph().parse(data=export(graph, fmt), format=rdf_format)
    assert isomorphic(back, to_rdf(graph))


@pytest.mark.filterwarnings(JSONLD_WARNING)
@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_rdf_round_trip_with_another_base(graph: PolicyGraph, fmt: str) -> None:
    base = "http://example.org/kg/"
    text = export(graph, fmt, base=base)
    back = Graph().parse(data=text, format={"ttl": "turtle", "jsonld": "json-ld"}.get(fmt, fmt))
    assert isomorphic(back, to_rdf(graph, base=base))


@pytest.mark.filterwarnings(JSONLD_WARNING)
@pytest.mark.parametrize(
    "graph",
    [
        PolicyGraph(nodes=(), edges=()),
        PolicyGraph(nodes=(make_node(TW, NodeType.DOCUMENT, "52-NQ/TW", loaded=False),), edges=()),
    ],
    ids=["empty", "one-node"],
)
def test_jsonld_round_trip_of_tiny_graphs(graph: PolicyGraph) -> None:
    back = Graph().parse(data=export(graph, "jsonld"), format="json-ld")
    assert isomorphic(back, to_rdf(graph))


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic(graph: PolicyGraph, fmt: str) -> None:
    assert export(graph, fmt) == export(sample_graph(), fmt)


def test_nt_lines_are_sorted(graph: PolicyGraph) -> None:
    lines = export(graph, "nt").splitlines()
    assert lines == sorted(lines)


def test_ttl_keeps_vietnamese_letters(graph: PolicyGraph) -> None:
    text = export(graph, "ttl")
    assert "Sở Khoa học và Công nghệ" in text
    assert "749-QĐ-TTg" in text
    assert "@prefix pkg: <https://policykg.org/ontology#>" in text


def test_jsonld_is_compact(graph: PolicyGraph) -> None:
    data = json.loads(export(graph, "jsonld"))
    assert data["@context"] == jsonld_context()
    task = next(n for n in data["@graph"] if n.get("pkg:id") == TASK)
    assert task["@type"] == "Task"
    assert task["partOf"] == "/id/" + PLAN
    assert task["taskId"] == "8.1"
    assert task["label"] == "8.1 Phát triển hạ tầng số"
    plan = next(n for n in data["@graph"] if n.get("pkg:id") == PLAN)
    assert plan["date"] == "2021-11-19"
    ids = [n["@id"] for n in data["@graph"]]
    assert ids == sorted(ids)


def test_graphml_round_trip(graph: PolicyGraph) -> None:
    g = nx.read_graphml(io.BytesIO(export(graph, "graphml").encode("utf-8")))
    assert set(g.nodes) == {n.id for n in graph.nodes}
    assert g.number_of_edges() == len(graph.edges)


def test_graphml_flattens_values(graph: PolicyGraph, tmp_path: Path) -> None:
    path = write_export(graph, "graphml", tmp_path / "graph.graphml")
    g = nx.read_graphml(path, force_multigraph=True)
    assert set(g.nodes) == {n.id for n in graph.nodes}
    assert g.number_of_edges() == len(graph.edges)
    assert g.nodes[SO_KHCN]["aliases"] == "Sở KH&CN; Sở Khoa học - Công nghệ"
    assert g.nodes[TARGET]["value_max"] == 30.0
    assert g.nodes[TW]["loaded"] is False
    led = g.get_edge_data(TASK, SO_KHCN, key="LED_BY")
    assert led["type"] == "LED_BY"
    assert led["role"] == "lead"
    assert led["evidence_source"] == FILE
    assert (led["evidence_start"], led["evidence_end"]) == (2041, 2090)
    assert led["evidence_quote"] == "Sở Khoa học và Công nghệ chủ trì"
    measures = g.get_edge_data(TARGET, INDICATOR, key="MEASURES")
    assert "evidence_source" not in measures


def test_json_round_trip(graph: PolicyGraph) -> None:
    back = from_json(json.loads(export(graph, "json")))
    assert back == graph


def test_json_is_indented_and_keeps_vietnamese(graph: PolicyGraph) -> None:
    text = export(graph, "json")
    assert text.startswith('{\n  "nodes": [')
    assert "Sở Khoa học và Công nghệ" in text


def test_unknown_format_is_an_input_error(graph: PolicyGraph) -> None:
    with pytest.raises(InputError, match="'rdfxml'") as info:
        export(graph, "rdfxml")
    assert "\n" not in str(info.value)


def test_write_export_replaces_atomically(graph: PolicyGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("old", encoding="utf-8")
    assert write_export(graph, "ttl", path) == path
    assert path.read_text(encoding="utf-8") == export(graph, "ttl")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_write_export_bad_format_leaves_no_file(graph: PolicyGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        write_export(graph, "xml", tmp_path / "graph.xml")
    assert list(tmp_path.iterdir()) == []


# rdflib lists JSON-LD subjects in set order, and str hashes change with the process.
RUN_EXPORT = """
import json, sys
from policykg.graph.export import export
from policykg.graph.model import from_json
with open(sys.argv[1], encoding="utf-8") as f:
    graph = from_json(json.load(f))
sys.stdout.buffer.write(export(graph, sys.argv[2]).encode("utf-8"))
"""


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_is_the_same_in_every_process(graph: PolicyGraph, fmt: str, tmp_path: Path) -> None:
    source = write_export(graph, "json", tmp_path / "graph.json")
    outputs = {
        subprocess.run(
            [sys.executable, "-c", RUN_EXPORT, str(source), fmt],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {export(graph, fmt).encode("utf-8")}

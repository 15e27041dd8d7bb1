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
from rdflib import Graph
from rdflib.compare import isomorphic

from policykg.errors import InputError
from policykg.graph.export import FORMATS, export, jsonld_context, write_export
from policykg.graph.model import NodeType, PolicyGraph, from_json, make_node
from policykg.graph.rdfgraph import to_rdf

from .graphs import FILE, INDICATOR, PLAN, SO_KHCN, TARGET, TASK, TW, sample_graph


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
    assert plan["date"] == "2022-03-15"
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
    assert (led["evidence_start"], led["evidence_end"]) == (3181, 3230)
    assert led["evidence_quote"] == "Cơ quan chủ trì: Sở Khoa học và Công nghệ"
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

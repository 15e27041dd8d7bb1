"""Tests for :mod:`policykg.graph.validate`: SHACL shapes over the RDF form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from policykg.graph.model import EdgeType, Node, PolicyGraph, make_edge, make_node
from policykg.graph.rdfgraph import node_iri, to_rdf
from policykg.graph.validate import Violation, validate
from policykg.ontology.namespace import OA, PKG

from .graphs import PLAN, SO_KHCN, TARGET, TASK, TW, policy_graph, sample_graph


def _without(source: str, edge_type: EdgeType) -> PolicyGraph:
    """The sample graph without the edges of one type from one node."""
    g = sample_graph()
    edges = [e for e in g.edges if not (e.source == source and e.type is edge_type)]
    return policy_graph(g.nodes, edges, g.problems)


def _adding(source: str, edge_type: EdgeType, target: str) -> PolicyGraph:
    """The sample graph with one more edge, stated nowhere."""
    g = sample_graph()
    return policy_graph(g.nodes, [*g.edges, make_edge(source, edge_type, target, None)], g.problems)


def _replacing(node: Node) -> PolicyGraph:
    """The sample graph with the node of the same id swapped for ``node``."""
    g = sample_graph()
    nodes = [node if n.id == node.id else n for n in g.nodes]
    return policy_graph(nodes, g.edges, g.problems)


def test_fixture_conforms() -> None:
    report = validate(to_rdf(sample_graph()))
    assert report.conforms, report.text
    assert report.violations == ()
    assert report.text.startswith("Conforms")


def test_task_without_document_names_the_task() -> None:
    report = validate(to_rdf(_without(TASK, EdgeType.PART_OF)))
    assert not report.conforms
    assert TASK in report.text
    assert "pkg:partOf" in report.text
    assert report.violations == (
        Violation(TASK, "pkg:partOf", "A task is pkg:partOf exactly one pkg:Document."),
    )
    focus, path, _ = report.violations[0]
    assert (focus, path) == (TASK, "pkg:partOf")


def _missing(node_id: str, key: str) -> PolicyGraph:
    node = sample_graph().node(node_id)
    return _replacing(replace(node, props=tuple((k, v) for k, v in node.props if k != key)))


def _with(node_id: str, **props: str | int | float | bool) -> PolicyGraph:
    node = sample_graph().node(node_id)
    merged = {**dict(node.props), **props}
    return _replacing(make_node(node.id, node.type, node.label, **merged))


# (graph, the node at fault, the path at fault)
BROKEN = [
    pytest.param(lambda: _missing(TASK, "task_id"), TASK, "pkg:taskId", id="task-without-number"),
    pytest.param(lambda: _missing(TASK, "text"), TASK, "pkg:text", id="task-without-text"),
    pytest.param(lambda: _missing(TARGET, "value"), TARGET, "pkg:value", id="target-without-value"),
    pytest.param(
        lambda: _missing(TARGET, "indicator"),
        TARGET,
        "pkg:indicator",
        id="target-without-indicator",
    ),
    pytest.param(
        lambda: _without(TARGET, EdgeType.PART_OF),
        TARGET,
        "pkg:partOf",
        id="target-without-document",
    ),
    pytest.param(lambda: _missing(SO_KHCN, "name"), SO_KHCN, "pkg:name", id="agency-without-name"),
    pytest.param(lambda: _missing(PLAN, "kind"), PLAN, "", id="loaded-document-without-kind"),
    pytest.param(lambda: _with(PLAN, date="15/3/2022"), PLAN, "pkg:date", id="date-not-iso"),
    pytest.param(
        lambda: _with(TARGET, comparator="more"), TARGET, "pkg:comparator", id="bad-comparator"
    ),
    pytest.param(
        lambda: _adding(PLAN, EdgeType.IMPLEMENTS, SO_KHCN),
        SO_KHCN,
        "",
        id="implements-an-agency",
    ),
    pytest.param(
        lambda: _adding(TASK, EdgeType.LED_BY, TW),
        TW,
        "",
        id="led-by-a-document",
    ),
]


@pytest.mark.parametrize(("make", "focus", "path"), BROKEN)
def test_broken_graph_fails(make: Callable[[], PolicyGraph], focus: str, path: str) -> None:
    report = validate(to_rdf(make()))
    assert not report.conforms
    assert (focus, path) in {(v.focus, v.path) for v in report.violations}, report.text
    assert focus in report.text


def test_unloaded_document_needs_no_kind() -> None:
    report = validate(to_rdf(_missing(TW, "kind")))
    assert report.conforms, report.text


# (the triples taken out of the RDF form, the paths then at fault, the term every message names)
BROKEN_EVIDENCE = [
    pytest.param(
        (None, RDF.type, OA.TextQuoteSelector),
        {"oa:hasTarget/oa:hasSelector/rdf:type"},
        "oa:TextQuoteSelector",
        id="evidence-without-quote-selector",
    ),
    pytest.param(
        (None, OA.hasSource, None),
        {"oa:hasTarget/oa:hasSource"},
        "oa:hasSource",
        id="evidence-without-source",
    ),
    pytest.param(
        (None, OA.exact, None),
        {"oa:hasTarget/oa:hasSelector/oa:exact", "oa:exact"},
        "oa:exact",
        id="quote-selector-without-words",
    ),
]


@pytest.mark.parametrize(("removed", "paths", "term"), BROKEN_EVIDENCE)
def test_broken_evidence_fails(
    removed: tuple[URIRef | None, URIRef | None, URIRef | None], paths: set[str], term: str
) -> None:
    g = to_rdf(sample_graph())
    g.remove(removed)
    report = validate(g)
    assert not report.conforms
    assert {v.path for v in report.violations} == paths, report.text
    assert all(term in v.message for v in report.violations)


def test_violations_are_sorted_and_name_the_value() -> None:
    g = to_rdf(sample_graph())
    g.set((node_iri(TW), PKG.scope, Literal("galactic")))
    report = validate(g)
    assert [v.focus for v in report.violations] == sorted(v.focus for v in report.violations)
    assert "'galactic'" in report.text

"""Tests for :mod:`policykg.graph.validate`: SHACL shapes over the RDF form."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from policykg.graph.model import EdgeType, Node, NodeType, PolicyGraph, make_edge, make_node
from policykg.graph.rdfgraph import node_iri, to_rdf
from policykg.graph.validate import Report, Violation, validate
from policykg.ontology.namespace import OA, PKG
from policykg.records import Provenance, Span
from rdflib import Graph, Literal
from rdflib.namespace import RDF

TW = "doc/tw/52-NQ-TW"
PLAN = "doc/thai-binh/file/004_1b73a6d31f29fe0d"
TASK = f"{PLAN}/task/8.1"
TARGET = f"{PLAN}/target/3"
SO_KHCN = "agency/thai-binh/so-khoa-hoc-va-cong-nghe"
INDICATOR = "indicator/kinh-te-so-trong-grdp"
FILE = "004_1b73a6d31f29fe0d.txt"


def _ev(start: int, end: int, quote: str) -> Provenance:
    return Provenance(
        source=FILE, span=Span(start=start, end=end), section=("III", "8"), quote=quote
    )


def _nodes() -> list[Node]:
    return [
        make_node(
            TW,
            NodeType.DOCUMENT,
            "Nghị quyết 52-NQ/TW",
            kind="resolution",
            number="52-NQ/TW",
            date="2019-09-27",
            issuer="Bộ Chính trị",
            loaded=False,
            scope="national",
        ),
        make_node(
            PLAN,
            NodeType.DOCUMENT,
            "Kế hoạch chuyển đổi số tỉnh Thái Bình",
            kind="plan",
            number="12/KH-UBND",
            date="2022-03-15",
            loaded=True,
            source=FILE,
            scope="local",
        ),
        make_node(
            TASK,
            NodeType.TASK,
            "8.1 Phát triển hạ tầng số",
            task_id="8.1",
            document=PLAN,
            text="Xây dựng, phát triển hạ tầng số",
            deadline_year=2025,
        ),
        make_node(
            TARGET,
            NodeType.TARGET,
            "Kinh tế số chiếm 20% GRDP",
            indicator="kinh tế số trong GRDP",
            value=20.0,
            unit="%",
            comparator="ge",
            year=2025,
            document=PLAN,
        ),
        make_node(
            SO_KHCN,
            NodeType.AGENCY,
            "Sở Khoa học và Công nghệ",
            name="Sở Khoa học và Công nghệ",
            level="province",
            collective=False,
        ),
        make_node(
            INDICATOR, NodeType.INDICATOR, "Kinh tế số trong GRDP", name="kinh tế số trong GRDP"
        ),
    ]


def _edges() -> list[tuple[str, EdgeType, str, Provenance | None]]:
    return [
        (PLAN, EdgeType.IMPLEMENTS, TW, _ev(412, 470, "Thực hiện Nghị quyết số 52-NQ/TW")),
        (TASK, EdgeType.PART_OF, PLAN, _ev(3100, 3180, "8.1. Phát triển hạ tầng số")),
        (
            TASK,
            EdgeType.LED_BY,
            SO_KHCN,
            _ev(3181, 3230, "Cơ quan chủ trì: Sở Khoa học và Công nghệ"),
        ),
        (TARGET, EdgeType.PART_OF, PLAN, _ev(1200, 1226, "kinh tế số chiếm 20% GRDP")),
        (TARGET, EdgeType.MEASURES, INDICATOR, None),
    ]


def _graph(
    nodes: list[Node] | None = None,
    edges: list[tuple[str, EdgeType, str, Provenance | None]] | None = None,
) -> PolicyGraph:
    ns = _nodes() if nodes is None else nodes
    es = _edges() if edges is None else edges
    return PolicyGraph(
        nodes=tuple(sorted(ns, key=lambda n: n.id)),
        edges=tuple(sorted((make_edge(*e) for e in es), key=lambda e: e.key)),
    )


def _replace(node_id: str, node: Node) -> list[Node]:
    return [node if n.id == node_id else n for n in _nodes()]


def test_fixture_conforms() -> None:
    report = validate(to_rdf(_graph()))
    assert report.conforms, report.text
    assert report.violations == ()
    assert report.text.startswith("Conforms")


def test_task_without_document_names_the_task() -> None:
    edges = [e for e in _edges() if not (e[0] == TASK and e[1] is EdgeType.PART_OF)]
    report = validate(to_rdf(_graph(edges=edges)))
    assert not report.conforms
    assert TASK in report.text
    assert "pkg:partOf" in report.text
    assert report.violations == (
        Violation(TASK, "pkg:partOf", "A task is pkg:partOf exactly one pkg:Document."),
    )
    focus, path, _ = report.violations[0]
    assert (focus, path) == (TASK, "pkg:partOf")


def _missing(node_id: str, key: str) -> PolicyGraph:
    node = next(n for n in _nodes() if n.id == node_id)
    props = tuple((k, v) for k, v in node.props if k != key)
    return _graph(
        nodes=_replace(node_id, Node(id=node.id, type=node.type, label=node.label, props=props))
    )


def _with(node_id: str, **props: str | int | float | bool) -> PolicyGraph:
    node = next(n for n in _nodes() if n.id == node_id)
    merged = {**dict(node.props), **props}
    return _graph(nodes=_replace(node_id, make_node(node.id, node.type, node.label, **merged)))


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
        lambda: _graph(
            edges=[e for e in _edges() if not (e[0] == TARGET and e[1] is EdgeType.PART_OF)]
        ),
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
        lambda: _graph(edges=[*_edges(), (PLAN, EdgeType.IMPLEMENTS, SO_KHCN, None)]),
        SO_KHCN,
        "",
        id="implements-an-agency",
    ),
    pytest.param(
        lambda: _graph(edges=[*_edges(), (TASK, EdgeType.LED_BY, TW, None)]),
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


def _evidence_graph(drop: Callable[[Graph], None]) -> Report:
    g = to_rdf(_graph())
    drop(g)
    return validate(g)


def test_evidence_without_quote_selector_fails() -> None:
    def drop(g: Graph) -> None:
        g.remove((None, RDF.type, OA.TextQuoteSelector))

    report = _evidence_graph(drop)
    assert not report.conforms
    paths = {v.path for v in report.violations}
    assert paths == {"oa:hasTarget/oa:hasSelector/rdf:type"}, report.text
    assert all("oa:TextQuoteSelector" in v.message for v in report.violations)


def test_evidence_without_source_fails() -> None:
    def drop(g: Graph) -> None:
        g.remove((None, OA.hasSource, None))

    report = _evidence_graph(drop)
    assert not report.conforms
    paths = {v.path for v in report.violations}
    assert paths == {"oa:hasTarget/oa:hasSource"}, report.text


def test_violations_are_sorted_and_name_the_value() -> None:
    g = to_rdf(_graph())
    g.set((node_iri(TW), PKG.scope, Literal("galactic")))
    report = validate(g)
    assert [v.focus for v in report.violations] == sorted(v.focus for v in report.violations)
    assert "'galactic'" in report.text


def test_quote_selector_without_words_fails() -> None:
    def drop(g: Graph) -> None:
        g.remove((None, OA.exact, None))

    report = _evidence_graph(drop)
    assert not report.conforms
    paths = {v.path for v in report.violations}
    assert paths == {"oa:hasTarget/oa:hasSelector/oa:exact", "oa:exact"}, report.text

"""Tests for :mod:`policykg.graph.rdfgraph`: the RDF form of a PolicyGraph."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD
from rdflib.term import BNode

from policykg.graph.model import Node, NodeType, PolicyGraph, make_node
from policykg.graph.nxgraph import to_networkx
from policykg.graph.rdfgraph import (
    DEFAULT_BASE,
    EDGE_PREDICATES,
    from_rdf,
    iri_path,
    node_iri,
    to_rdf,
)
from policykg.ontology.namespace import ELI, OA, PKG
from policykg.ontology.vocabulary import UndeclaredProperty

from .graphs import FILE, INDICATOR, PLAN, QD, SO_KHCN, SO_TTTT, TARGET, TASK, TW, sample_graph


@pytest.fixture(scope="module")
def graph() -> PolicyGraph:
    return sample_graph()


@pytest.fixture(scope="module")
def rdf(graph: PolicyGraph) -> Graph:
    return to_rdf(graph)


def _iri(node_id: str) -> URIRef:
    return node_iri(node_id)


# --- IRIs ------------------------------------------------------------------------------

IRI_CASES = [
    pytest.param("doc/tw/52-NQ-TW", "doc/tw/52-NQ-TW", id="ascii-path-unchanged"),
    pytest.param("doc/tw/749-QĐ-TTg", "doc/tw/749-QĐ-TTg", id="vietnamese-letters-kept"),
    pytest.param(
        "agency/thai-binh/sở khoa học", "agency/thai-binh/sở%20khoa%20học", id="space-encoded"
    ),
    pytest.param("doc/x/a#b?c", "doc/x/a%23b%3Fc", id="fragment-and-query-encoded"),
    pytest.param("doc/x/50%", "doc/x/50%25", id="percent-encoded-once"),
    pytest.param('doc/x/<"{|}>', "doc/x/%3C%22%7B%7C%7D%3E", id="turtle-unsafe-encoded"),
    pytest.param("doc/x/a:b", "doc/x/a%3Ab", id="colon-encoded"),
]


@pytest.mark.parametrize(("node_id", "expected"), IRI_CASES)
def test_iri_path(node_id: str, expected: str) -> None:
    assert iri_path(node_id) == expected


def test_node_iri_uses_base() -> None:
    assert node_iri(TW) == URIRef(DEFAULT_BASE + TW)
    assert node_iri(TW, base="http://example.org/") == URIRef("http://example.org/" + TW)


# --- shape of the graph ----------------------------------------------------------------


def test_deterministic(graph: PolicyGraph) -> None:
    first, second = to_rdf(graph), to_rdf(sample_graph())
    assert isomorphic(first, second)
    assert set(first) == set(second)


def test_no_blank_nodes(rdf: Graph) -> None:
    assert not any(isinstance(term, BNode) for triple in rdf for term in triple)


def test_from_rdf_gives_the_model_nodes_and_edges(graph: PolicyGraph, rdf: Graph) -> None:
    nodes, edges = from_rdf(rdf)
    assert nodes == {(n.id, n.type.value) for n in graph.nodes}
    assert edges == {e.key for e in graph.edges}


def test_rdf_and_networkx_hold_the_same_graph(graph: PolicyGraph, rdf: Graph) -> None:
    nx_graph = to_networkx(graph)
    nodes, edges = from_rdf(rdf)
    assert nodes == {(n, d["type"]) for n, d in nx_graph.nodes(data=True)}
    assert edges == {(s, k, t) for s, t, k in nx_graph.edges(keys=True)}


def test_node_basics(rdf: Graph) -> None:
    task = _iri(TASK)
    assert (task, RDF.type, PKG.Task) in rdf
    assert rdf.value(task, PKG.id) == Literal(TASK)
    assert rdf.value(task, PKG.taskId) == Literal("8.1")
    assert rdf.value(task, PKG.deadlineYear) == Literal(2025)
    assert rdf.value(task, PKG.deadlineValue) == Literal("2025-Q2")


def test_document_typed_with_its_kind(rdf: Graph) -> None:
    plan = _iri(PLAN)
    assert {PKG.Document, PKG.Plan} <= set(rdf.objects(plan, RDF.type))
    assert rdf.value(plan, PKG.documentKind) == PKG.kindPlan
    assert rdf.value(_iri(QD), PKG.documentKind) == PKG.kindDecision


def test_document_literals_and_eli_alignment(rdf: Graph) -> None:
    tw = _iri(TW)
    assert rdf.value(tw, PKG.date) == Literal("2019-09-27", datatype=XSD.date)
    assert rdf.value(tw, ELI.date_document) == Literal("2019-09-27", datatype=XSD.date)
    assert rdf.value(tw, ELI.id_local) == Literal("52-NQ/TW")
    assert rdf.value(tw, PKG.loaded) == Literal(False)
    title = rdf.value(tw, ELI.title)
    assert isinstance(title, Literal)
    assert title.language == "vi"


def test_target_value_is_a_double(rdf: Graph) -> None:
    value = rdf.value(_iri(TARGET), PKG.value)
    assert isinstance(value, Literal)
    assert value.datatype == XSD.double
    assert value.toPython() == 20.0
    assert rdf.value(_iri(TARGET), PKG.year) == Literal(2025)


def test_tuples_give_one_triple_per_value(rdf: Graph) -> None:
    aliases = set(rdf.objects(_iri(SO_KHCN), PKG.aliases))
    assert aliases == {Literal("Sở KH&CN"), Literal("Sở Khoa học - Công nghệ")}


def test_vietnamese_label_keeps_its_diacritics(rdf: Graph) -> None:
    label = rdf.value(_iri(SO_KHCN), RDFS.label)
    assert label == Literal("Sở Khoa học và Công nghệ", lang="vi")
    assert unicodedata.is_normalized("NFC", str(label))


def test_decomposed_label_is_written_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ")
    g = PolicyGraph(
        nodes=(make_node(SO_KHCN, NodeType.AGENCY, decomposed, name=decomposed),), edges=()
    )
    label = to_rdf(g).value(_iri(SO_KHCN), RDFS.label)
    assert str(label) == "Sở Khoa học và Công nghệ"
    assert unicodedata.is_normalized("NFC", str(label))


def test_non_ascii_id_round_trips(rdf: Graph) -> None:
    assert rdf.value(URIRef(DEFAULT_BASE + QD), PKG.id) == Literal(QD)


def test_evidence_node(graph: PolicyGraph, rdf: Graph) -> None:
    task, agency = _iri(TASK), _iri(SO_KHCN)
    (stmt,) = rdf.subjects(RDF.predicate, PKG.ledBy)
    assert isinstance(stmt, URIRef)
    assert stmt.startswith(DEFAULT_BASE + "evidence/")
    assert (stmt, RDF.type, PKG.Evidence) in rdf
    assert rdf.value(stmt, RDF.subject) == task
    assert rdf.value(stmt, RDF.object) == agency
    assert rdf.value(stmt, PKG.section) == Literal("III / 8")
    assert rdf.value(stmt, PKG.role) == Literal("lead")
    target = rdf.value(stmt, OA.hasTarget)
    assert rdf.value(target, OA.hasSource) == URIRef(DEFAULT_BASE + "file/" + FILE)
    selectors = set(rdf.objects(target, OA.hasSelector))
    kinds = {rdf.value(s, RDF.type) for s in selectors}
    assert kinds == {OA.TextQuoteSelector, OA.TextPositionSelector}
    for s in selectors:
        if rdf.value(s, RDF.type) == OA.TextQuoteSelector:
            assert rdf.value(s, OA.exact) == Literal("Cơ quan chủ trì: Sở Khoa học và Công nghệ")
        else:
            assert (rdf.value(s, OA.start), rdf.value(s, OA.end)) == (Literal(3181), Literal(3230))


def test_edge_props_without_evidence_get_a_statement(rdf: Graph) -> None:
    (stmt,) = rdf.subjects(RDF.predicate, PKG.subOrganizationOf)
    assert (stmt, RDF.type, RDF.Statement) in rdf
    assert rdf.value(stmt, PKG.inferred) == Literal("name")
    assert rdf.value(stmt, OA.hasTarget) is None


def test_signer_title_on_the_statement(rdf: Graph) -> None:
    (stmt,) = rdf.subjects(RDF.predicate, PKG.signedBy)
    assert rdf.value(stmt, PKG.title) == Literal("Chủ tịch")


def test_edges_without_evidence_or_props_are_bare(rdf: Graph) -> None:
    assert (_iri(TARGET), PKG.measures, _iri(INDICATOR)) in rdf
    assert not list(rdf.subjects(RDF.predicate, PKG.measures))


@pytest.mark.parametrize(
    ("agency", "role"),
    [(SO_KHCN, PKG.LeadRole), (SO_TTTT, PKG.CoordinatingRole)],
    ids=["lead", "coordinating"],
)
def test_qualified_association(rdf: Graph, agency: str, role: URIRef) -> None:
    (assoc,) = rdf.subjects(PROV.agent, _iri(agency))
    assert (_iri(TASK), PROV.qualifiedAssociation, assoc) in rdf
    assert (assoc, RDF.type, PROV.Association) in rdf
    assert rdf.value(assoc, PROV.hadRole) == role


def test_one_direct_triple_per_edge(graph: PolicyGraph, rdf: Graph) -> None:
    counts = Counter(p for _, p, _ in rdf if p in EDGE_PREDICATES.values())
    expected = Counter(EDGE_PREDICATES[e.type] for e in graph.edges)
    assert counts == expected


def test_prefixes_bound(rdf: Graph) -> None:
    bound = dict(rdf.namespaces())
    for prefix in ("pkg", "eli", "org", "prov", "oa", "skos", "dcterms", "xsd"):
        assert prefix in bound


def test_unknown_property_is_an_error() -> None:
    with pytest.raises(UndeclaredProperty, match="'colour'"):
        make_node(TW, NodeType.DOCUMENT, "52", colour="red")
    # Only a graph read from a store of another version can hold one: to_rdf refuses it.
    node = Node(id=TW, type=NodeType.DOCUMENT, label="52", props=(("colour", "red"),))
    with pytest.raises(ValueError, match="'colour' is not in the vocabulary"):
        to_rdf(PolicyGraph(nodes=(node,), edges=()))


# --- every term emitted is declared -----------------------------------------------------


def test_every_pkg_predicate_emitted_is_declared(rdf: Graph, ontology: Graph) -> None:
    ns = str(PKG._NS)
    emitted = {p for _, p, _ in rdf if p.startswith(ns)}
    emitted |= {o for _, p, o in rdf if p == RDF.predicate}
    declared = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert emitted
    assert emitted - declared == set()


def test_every_pkg_class_and_concept_emitted_is_declared(rdf: Graph, ontology: Graph) -> None:
    ns = str(PKG._NS)
    used = {o for _, _, o in rdf if isinstance(o, URIRef) and o.startswith(ns)}
    used -= {o for _, p, o in rdf if p == RDF.predicate}
    declared = set(ontology.subjects(RDF.type, None))
    assert used - declared == set()
    assert {PKG.Document, PKG.Plan, PKG.Task, PKG.LeadRole, PKG.kindPlan} <= used


@pytest.mark.parametrize(
    ("date", "datatype"),
    [
        ("2019-09-27", XSD.date),
        ("2019-02-30", None),
        ("27/9/2019", None),
        ("20190927", None),
        ("2019-09", None),
    ],
    ids=["iso", "no-such-day", "vietnamese-order", "basic-format", "month-only"],
)
def test_only_calendar_dates_are_xsd_dates(
    date: str, datatype: URIRef | None, caplog: pytest.LogCaptureFixture
) -> None:
    doc = make_node(TW, NodeType.DOCUMENT, "52-NQ/TW", date=date, loaded=False)
    rdf = to_rdf(PolicyGraph(nodes=(doc,), edges=()))
    value = rdf.value(_iri(TW), PKG.date)
    assert value == Literal(date, datatype=datatype)
    # eli:date_document promises an xsd:date, so a date that is not one is left out
    assert (rdf.value(_iri(TW), ELI.date_document) is not None) == (datatype is not None)
    assert not caplog.records  # rdflib logs a traceback for an ill-typed literal


def test_ntriples_written_one_triple_at_a_time_are_the_rdf_graph() -> None:
    import io

    from policykg.graph.rdfgraph import write_ntriples

    graph = sample_graph()
    out = io.BytesIO()
    lines = write_ntriples(graph, out)
    written = Graph().parse(data=out.getvalue().decode("utf-8"), format="nt")
    expected = to_rdf(graph)
    assert set(written) == set(expected)
    assert lines >= len(expected)  # a triple stated twice is written twice, read once


def test_ntriples_escape_quotes_backslashes_and_line_breaks() -> None:
    import io

    from policykg.graph.rdfgraph import write_ntriples

    text = 'Dòng một\nDòng "hai"\r\\ ba'
    node = make_node(TW, NodeType.DOCUMENT, text, title=text, number="52-NQ/TW")
    out = io.BytesIO()
    write_ntriples(PolicyGraph(nodes=(node,), edges=()), out)
    assert len(out.getvalue().decode("utf-8").splitlines()) == len(
        to_rdf(PolicyGraph(nodes=(node,), edges=()))
    )
    written = Graph().parse(data=out.getvalue().decode("utf-8"), format="nt")
    assert Literal(text, lang="vi") in set(written.objects())

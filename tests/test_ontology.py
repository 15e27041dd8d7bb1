"""Tests for ``ontology/``: policy.ttl, shapes.ttl and the closed namespaces agree."""

from __future__ import annotations

import unicodedata

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from policykg.graph.model import NodeType, PolicyGraph, make_node
from policykg.graph.rdfgraph import to_rdf
from policykg.ontology.namespace import ELI, OA, PKG
from policykg.records import DocumentKind

PKG_NS = str(PKG._NS)


def _defined(ontology: Graph) -> set[str]:
    return {
        str(s)[len(PKG_NS) :]
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and s.startswith(PKG_NS)
    }


def test_namespace_and_ontology_define_the_same_terms(ontology: Graph) -> None:
    listed = set(PKG.__annotations__)
    assert listed - _defined(ontology) == set(), "in namespace.py, not in policy.ttl"
    assert _defined(ontology) - listed == set(), "in policy.ttl, not in namespace.py"


def test_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        _ = PKG.ledby  # a typo of ledBy


def test_every_term_has_vietnamese_and_english_label_and_definition(ontology: Graph) -> None:
    missing = []
    for name in sorted(_defined(ontology)):
        term = PKG[name]
        for pred in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(term, pred) if isinstance(o, Literal)}
            if not {"vi", "en"} <= langs:
                missing.append(f"pkg:{name} {pred}")
    assert missing == []


def test_vietnamese_text_is_nfc(ontology: Graph) -> None:
    texts = [str(o) for o in ontology.objects() if isinstance(o, Literal)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_foreign_terms_used_are_in_the_closed_namespaces(ontology: Graph) -> None:
    for ns in (ELI, OA):
        used = {t for t in ontology.all_nodes() if isinstance(t, URIRef) and t.startswith(str(ns))}
        assert used
        assert all(t in ns for t in used), sorted(t for t in used if t not in ns)


ALIGNMENTS = [
    (PKG.Document, RDFS.subClassOf, ELI.LegalResource),
    (PKG.Agency, RDFS.subClassOf, ORG.Organization),
    (PKG.Person, RDFS.subClassOf, PROV.Agent),
    (PKG.Person, RDFS.subClassOf, FOAF.Person),
    (PKG.Indicator, RDFS.subClassOf, SKOS.Concept),
    (PKG.Evidence, RDFS.subClassOf, OA.Annotation),
    (PKG.LeadRole, RDF.type, PROV.Role),
    (PKG.CoordinatingRole, RDF.type, PROV.Role),
    (PKG.DocumentKinds, RDF.type, SKOS.ConceptScheme),
    (PKG.Indicators, RDF.type, SKOS.ConceptScheme),
    (PKG.implements, RDFS.subPropertyOf, ELI.ensures_implementation_of),
    (PKG.replaces, RDFS.subPropertyOf, ELI.repeals),
    (PKG.amends, RDFS.subPropertyOf, ELI.amends),
    (PKG.isBasedOn, RDFS.subPropertyOf, ELI.based_on),
    (PKG.cites, RDFS.subPropertyOf, ELI.cites),
    (PKG.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
    (PKG.issuedBy, RDFS.subPropertyOf, ELI.passed_by),
    (PKG.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
    (PKG.number, RDFS.subPropertyOf, ELI.id_local),
    (PKG.date, RDFS.subPropertyOf, ELI.date_document),
    (PKG.ledBy, RDFS.range, PKG.Agency),
    (PKG.measures, RDFS.range, PKG.Indicator),
    (PKG.date, RDFS.range, XSD.date),
    (PKG.value, RDFS.range, XSD.double),
    (PKG.deadlineYear, RDFS.range, XSD.integer),
    (PKG.loaded, RDFS.range, XSD.boolean),
]


@pytest.mark.parametrize("triple", ALIGNMENTS, ids=lambda t: " ".join(x.n3() for x in t))
def test_alignment(ontology: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in ontology


@pytest.mark.parametrize("kind", list(DocumentKind), ids=str)
def test_every_document_kind_has_a_class_and_a_concept(ontology: Graph, kind: DocumentKind) -> None:
    (concept,) = ontology.subjects(SKOS.notation, Literal(kind.value))
    assert (concept, SKOS.inScheme, PKG.DocumentKinds) in ontology
    doc = make_node("doc/tw/1-X", NodeType.DOCUMENT, "1/X", kind=kind.value, loaded=True)
    rdf = to_rdf(PolicyGraph(nodes=(doc,), edges=()))
    (subject,) = rdf.subjects(PKG.documentKind, concept)
    (cls,) = set(rdf.objects(subject, RDF.type)) - {PKG.Document}
    assert (cls, RDFS.subClassOf, PKG.Document) in ontology


# Edge types, node types and property keys against policy.ttl: tests/test_vocabulary.py.


def test_shapes_only_use_declared_terms(ontology: Graph, shapes: Graph) -> None:
    used = {t for t in shapes.all_nodes() if isinstance(t, URIRef) and t.startswith(PKG_NS)}
    declared = {PKG[name] for name in _defined(ontology)}
    assert used
    assert used - declared == set()

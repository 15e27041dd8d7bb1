"""Check an RDF graph against ``ontology/shapes.ttl`` and say what is wrong in words.

pyshacl's own report is an RDF graph of blank nodes; this turns it into rows a person
(or a test) can read: the node's ``pkg:id``, the property, the shape's message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD, Namespace
from rdflib.term import Node

from policykg.graph.model import NodeType
from policykg.graph.rdfgraph import PREFIXES
from policykg.ontology import vocabulary
from policykg.ontology.namespace import PKG

__all__ = ["Report", "Violation", "validate"]

_CURIES = {**PREFIXES, "rdf": str(RDF._NS), "rdfs": str(RDFS._NS), "sh": str(SH._NS)}


class Violation(NamedTuple):
    """One failed constraint; a tuple, so ``focus, path, message = v`` works."""

    focus: str  # the node's pkg:id, or its IRI when it has none (evidence nodes)
    path: str  # "pkg:partOf", "oa:hasTarget/oa:hasSource"; "" for a node-level constraint
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The outcome of :func:`validate`; ``text`` is for people, ``violations`` for code."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str


SHAPES = Namespace("https://policykg.org/shapes#")


@cache
def _shapes() -> Graph:
    g = Graph()
    g.parse(
        data=files("policykg.ontology").joinpath("shapes.ttl").read_text("utf-8"), format="turtle"
    )
    for t in NodeType:
        props = [*vocabulary.NODE_PROPERTIES[t].values(), *vocabulary.DERIVED]
        _declared_shape(g, t.value, (PKG[t.value],), props)
    statements = (PKG.Evidence, RDF.Statement)
    _declared_shape(g, "Statement", statements, vocabulary.EDGE_PROPERTIES.values())
    return g


def _declared_shape(
    g: Graph, name: str, classes: tuple[URIRef, ...], props: Iterable[vocabulary.Property]
) -> None:
    """One node shape per class of the vocabulary: each declared property's datatype, its
    count (one value unless repeated) and its closed set of values.

    shapes.ttl holds what the declaration cannot say (which properties a node must have,
    which nodes an edge joins); ``tests/test_vocabulary.py`` checks that the two agree.
    """
    shape = SHAPES[f"declared-{name}"]
    g.add((shape, RDF.type, SH.NodeShape))
    for cls in classes:
        g.add((shape, SH.targetClass, cls))
    for prop in props:
        p = SHAPES[f"declared-{name}-{prop.term}"]
        g.add((shape, SH.property, p))
        g.add((p, SH.path, PKG[prop.term]))
        g.add((p, SH.datatype, XSD[prop.datatype.value]))
        what = f"xsd:{prop.datatype.value}"
        if not prop.many:
            g.add((p, SH.maxCount, Literal(1)))
        if prop.values:
            head = BNode()
            Collection(g, head, [Literal(v) for v in prop.values])
            g.add((p, SH["in"], head))
            what = ", ".join(prop.values)
        count = "values" if prop.many else "one value"
        g.add((p, SH.message, Literal(f"pkg:{prop.term} of a {name} takes {count}: {what}.")))


def _curie(term: URIRef) -> str:
    for prefix, ns in _CURIES.items():
        if term.startswith(ns):
            return f"{prefix}:{term[len(ns) :]}"
    return f"<{term}>"


def _path(results: Graph, path: Node | None) -> str:
    """A SHACL path as text: ``pkg:partOf``, or ``oa:hasTarget/oa:hasSource`` for a sequence."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _curie(path)
    if isinstance(path, BNode) and results.value(path, RDF.first) is not None:
        return "/".join(_path(results, step) for step in Collection(results, path))
    return str(path)  # inverse or alternative paths: our shapes use none


def _focus(data: Graph, node: Node | None) -> str:
    node_id = data.value(node, PKG.id) if node is not None else None
    return str(node_id) if node_id is not None else str(node)


def _violations(data: Graph, results: Graph) -> list[Violation]:
    rows = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        message = "; ".join(messages) or "constraint failed"
        value = results.value(r, SH.value)
        if isinstance(value, Literal):
            message += f" (value: {str(value)!r})"
        rows.append(
            Violation(
                focus=_focus(data, results.value(r, SH.focusNode)),
                path=_path(results, results.value(r, SH.resultPath)),
                message=message,
            )
        )
    return sorted(set(rows))


def _text(violations: list[Violation]) -> str:
    if not violations:
        return "Conforms: the graph meets every shape of shapes.ttl.\n"
    noun = "violation" if len(violations) == 1 else "violations"
    lines = [f"Does not conform: {len(violations)} {noun}."]
    for v in violations:
        where = f"{v.focus} {v.path}" if v.path else v.focus
        lines.append(f"- {where}: {v.message}")
    return "".join(line + "\n" for line in lines)


def validate(g: Graph) -> Report:
    """Validate ``g`` (the output of :func:`policykg.graph.rdfgraph.to_rdf`) with SHACL."""
    import pyshacl

    # No inference: to_rdf states every type the shapes need, and RDFS inference would
    # copy a graph of half a million triples first.
    conforms, results, _ = pyshacl.validate(
        g, shacl_graph=_shapes(), inference="none", advanced=False, allow_warnings=False
    )
    assert isinstance(results, Graph)  # a str only when pyshacl is asked to serialise it
    violations = _violations(g, results)
    return Report(conforms=bool(conforms), violations=tuple(violations), text=_text(violations))

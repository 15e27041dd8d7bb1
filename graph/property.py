"""The property-graph form of a :class:`PolicyGraph`: what Neo4j and the embedded engine hold.

One function of the graph, so that Neo4j, its CSV export and the embedded Cypher engine
agree on every label, relationship type and property name, and a query written for one
runs on the others.

- Each node has one label, its :class:`NodeType` (``Document``, ``Task``, ``Target``,
  ``Agency``, ``Jurisdiction``, ``Person``, ``Indicator``). A document's kind is a
  second label in Neo4j (``:Document:Plan``) and is always the ``kind`` property too,
  since the embedded engine has one label per node: queries that must run on both match
  ``kind``.
- Each relationship type is an :class:`EdgeType`. Its evidence becomes properties:
  ``source`` (the file), ``span_start``/``span_end`` (characters into the cleaned text),
  ``section`` (``"II / 8 / 8.1"``) and ``quote``; ``inferred`` says how an edge no
  sentence states was derived.
- Properties are flat: strings, integers, floats, booleans and lists of strings. Dates
  are ISO strings (``"2021-11-19"``), which sort and compare as dates do; FalkorDB
  cannot return temporal values at all.
- ``name`` is the node's display label unless the node has a name of its own (Neo4j
  Browser captions nodes by ``name``). A task's ``number`` is its number as printed
  (``8.1``).
- ``digest`` hashes everything else about a node or relationship, so that a push
  rewrites only what changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from policykg.graph.model import Edge, Node, NodeType, PolicyGraph, Value
from policykg.ontology import vocabulary
from policykg.records import DocumentKind

__all__ = [
    "KIND_LABELS",
    "MAX_HOPS",
    "NODE_SCHEMA",
    "REL_ENDPOINTS",
    "REL_SCHEMA",
    "NodeRow",
    "PropType",
    "RelRow",
    "Schema",
    "node_row",
    "node_rows",
    "rel_row",
    "rel_rows",
    "schema",
]

# Variable-length patterns are always bounded: the embedded engine reads an unbounded
# ``*`` as 30 hops, and Neo4j would walk CITES cycles for ever. Ten is deeper than any
# real chain (Politburo -> Government -> ministry -> province -> department -> plan).
MAX_HOPS = 10


class PropType(StrEnum):
    """Column types, named as the embedded engine names them."""

    STRING = "STRING"
    INT = "INT64"
    FLOAT = "DOUBLE"
    BOOL = "BOOLEAN"
    STRINGS = "STRING[]"


PropValue = str | int | float | bool | list[str]


def _node_columns(node_type: NodeType) -> tuple[tuple[str, PropType], ...]:
    declared = vocabulary.NODE_PROPERTIES[node_type].values()
    first = vocabulary.NODE_COLUMNS_FIRST
    named = {k for k, _ in first}
    cols = [(k, PropType(t)) for k, t in first]
    cols += [(p.column, PropType(p.column_type)) for p in declared if p.column not in named]
    cols += [(k, PropType(t)) for k, t in vocabulary.NODE_COLUMNS_LAST]
    return tuple(cols)


# The columns every graph's tables have, whether or not this graph has values for them,
# so that a query naming one binds even on a graph without it: the vocabulary's, each
# table starting with ``id`` and ending with ``digest``. Properties met in a graph and not
# declared (only a store written by another version can have them) are added after these
# (see :func:`schema`).
NODE_SCHEMA: dict[str, tuple[tuple[str, PropType], ...]] = {t: _node_columns(t) for t in NodeType}

REL_SCHEMA: tuple[tuple[str, PropType], ...] = (
    *((k, PropType(t)) for k, t in vocabulary.EVIDENCE_COLUMNS),
    *(
        (p.column, PropType(p.column_type))
        for p in vocabulary.EDGE_PROPERTIES.values()
        if p.column not in dict(vocabulary.EVIDENCE_COLUMNS)
    ),
    ("digest", PropType.STRING),
)

# The (from, to) label pairs each relationship type joins; pairs met in a graph and not
# declared are added (see :func:`schema`).
REL_ENDPOINTS: dict[str, tuple[tuple[NodeType, NodeType], ...]] = {
    t: spec.ends for t, spec in vocabulary.EDGES.items()
}

# A document's kind as its second label in Neo4j, named as its RDF class is.
KIND_LABELS: dict[str, str] = {
    DocumentKind.RESOLUTION: "Resolution",
    DocumentKind.PLAN: "Plan",
    DocumentKind.ACTION_PROGRAMME: "ActionProgramme",
    DocumentKind.DECISION: "Decision",
    DocumentKind.DIRECTIVE: "Directive",
    DocumentKind.NOTICE: "Notice",
    DocumentKind.REPORT: "Report",
    DocumentKind.SCHEME: "Scheme",
    DocumentKind.CONCLUSION: "Conclusion",
    DocumentKind.PROGRAMME: "Programme",
    DocumentKind.REGULATION: "Regulation",
    DocumentKind.GUIDANCE: "Guidance",
    DocumentKind.OFFICIAL_LETTER: "OfficialLetter",
    DocumentKind.APPENDIX: "Appendix",
    DocumentKind.OTHER: "OtherDocument",
}

# Model prop -> property name, where they differ (a task's ``task_id`` is ``number``).
_RENAMED: dict[NodeType, dict[str, str]] = {
    t: {k: p.column for k, p in props.items() if p.column != k}
    for t, props in vocabulary.NODE_PROPERTIES.items()
}


@dataclass(frozen=True, slots=True)
class NodeRow:
    id: str
    label: str
    kind_label: str | None  # the second label of a document, in Neo4j
    props: dict[str, PropValue]  # with ``id`` and ``digest``; absent values are left out


@dataclass(frozen=True, slots=True)
class RelRow:
    type: str
    source: str
    source_label: str
    target: str
    target_label: str
    props: dict[str, PropValue]  # with ``digest``

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type, self.target)


def _flat(value: Value) -> PropValue:
    return list(value) if isinstance(value, tuple) else value  # type: ignore[return-value]


def _digest(parts: object) -> str:
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()


def node_row(node: Node, key: str | None = None) -> NodeRow:
    """``key`` is the node's readable key (:func:`policykg.graph.ids.readable_key`)."""
    renamed = _RENAMED.get(node.type, {})
    props: dict[str, PropValue] = {"id": node.id}
    for prop, value in node.props:
        props[renamed.get(prop, prop)] = _flat(value)
    props.setdefault("name", node.label)
    if key is not None:
        props["key"] = key
    kind = node.text("kind") if node.type is NodeType.DOCUMENT else None
    kind_label = KIND_LABELS.get(kind) if kind else None
    props["digest"] = _digest([node.type.value, kind_label, props])
    return NodeRow(id=node.id, label=node.type.value, kind_label=kind_label, props=props)


def rel_row(edge: Edge, labels: Mapping[str, str]) -> RelRow:
    props: dict[str, PropValue] = {}
    ev = edge.evidence
    if ev is not None:
        props.update(
            source=ev.source,
            span_start=ev.span.start,
            span_end=ev.span.end,
            section=" / ".join(ev.section),
            quote=ev.quote,
        )
        if not ev.section:
            del props["section"]
        if ev.page is not None:
            props["page"] = ev.page
    for key, value in edge.props:
        props[key] = _flat(value)
    props["digest"] = _digest([edge.source, edge.type.value, edge.target, props])
    return RelRow(
        type=edge.type.value,
        source=edge.source,
        source_label=labels[edge.source],
        target=edge.target,
        target_label=labels[edge.target],
        props=props,
    )


def node_rows(graph: PolicyGraph) -> Iterator[NodeRow]:
    """Every node, with its key: the name Cypher results show is the one tables show."""
    from policykg.graph.ids import readable_key

    for node in graph.nodes:
        yield node_row(node, readable_key(graph, node.id))


def rel_rows(graph: PolicyGraph) -> Iterator[RelRow]:
    labels = {n.id: n.type.value for n in graph.nodes}
    for edge in graph.edges:
        yield rel_row(edge, labels)


@dataclass(frozen=True, slots=True)
class Schema:
    """Typed columns per node label, and per relationship type its columns and the
    (from, to) label pairs it joins, in a stable order."""

    nodes: dict[str, tuple[tuple[str, PropType], ...]]
    rels: dict[str, tuple[tuple[str, str], ...]]
    rel_props: tuple[tuple[str, PropType], ...]


def _type_of(value: PropValue) -> PropType:
    if isinstance(value, bool):
        return PropType.BOOL
    if isinstance(value, int):
        return PropType.INT
    if isinstance(value, float):
        return PropType.FLOAT
    if isinstance(value, list):
        return PropType.STRINGS
    return PropType.STRING


def _widen(known: PropType | None, new: PropType) -> PropType:
    if known is None or known == new:
        return new
    if {known, new} == {PropType.INT, PropType.FLOAT}:
        return PropType.FLOAT
    return PropType.STRING


def schema(nodes: list[NodeRow], rels: list[RelRow]) -> Schema:
    """The declared columns, plus any property or label pair these rows add.

    A property whose values have several types (an integer here, a string there) is a
    string column; the embedded engine needs one type per column.
    """
    node_cols: dict[str, dict[str, PropType | None]] = {
        label: dict(cols) for label, cols in NODE_SCHEMA.items()
    }
    for row in nodes:
        cols = node_cols[row.label]
        fixed = dict(NODE_SCHEMA[row.label])
        for key, value in row.props.items():
            if key not in fixed:
                cols[key] = _widen(cols.get(key), _type_of(value))
    rel_cols: dict[str, PropType | None] = dict(REL_SCHEMA)
    pairs: dict[str, set[tuple[str, str]]] = {
        str(t): {(a.value, b.value) for a, b in ends} for t, ends in REL_ENDPOINTS.items()
    }
    declared = {k for k, _ in REL_SCHEMA}
    for rel in rels:
        pairs.setdefault(rel.type, set()).add((rel.source_label, rel.target_label))
        for key, value in rel.props.items():
            if key not in declared:
                rel_cols[key] = _widen(rel_cols.get(key), _type_of(value))

    return Schema(
        nodes={
            label: _ordered(NODE_SCHEMA[label], node_cols[label]) for label in sorted(node_cols)
        },
        rels={t: tuple(sorted(pairs[t])) for t in sorted(pairs)},
        rel_props=_ordered(REL_SCHEMA, rel_cols),
    )


def _ordered(
    base: tuple[tuple[str, PropType], ...], cols: dict[str, PropType | None]
) -> tuple[tuple[str, PropType], ...]:
    """The declared columns in their order, then the others by name, ``digest`` last."""
    declared = [k for k, _ in base if k != "digest"]
    extras = sorted(k for k in cols if k not in declared and k != "digest")
    keys = [*declared, *extras, "digest"]
    return tuple((k, cols.get(k) or PropType.STRING) for k in keys)

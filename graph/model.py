"""The resolved graph: typed nodes and edges, each edge with the words that state it.

This is the one form every store is derived from. The networkx graph, the RDF graph,
Neo4j and the views are each a pure function of a :class:`PolicyGraph`; none is built
from another.

Node ids are made in :mod:`policykg.graph.ids`; node and edge types and every property
are declared in :mod:`policykg.ontology.vocabulary`.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from policykg.ontology.vocabulary import (
    EDGE_PROPERTIES,
    EdgeType,
    NodeType,
    check_node_props,
    check_props,
)
from policykg.records import Provenance, Span

__all__ = [
    "DOCUMENT_RELATIONS",
    "Edge",
    "EdgeType",
    "Node",
    "NodeType",
    "PolicyGraph",
    "Problem",
    "Value",
    "make_edge",
    "make_node",
]

# A property value. Tuples hold repeated values (aliases, conflicts).
Value = str | int | float | bool | None | tuple[str, ...]


# Edges between documents, in the order of strength used when one pair has several.
DOCUMENT_RELATIONS = (
    EdgeType.REPLACES,
    EdgeType.AMENDS,
    EdgeType.IMPLEMENTS,
    EdgeType.IS_BASED_ON,
    EdgeType.CITES,
)


def _props(
    items: Mapping[str, Value] | Iterable[tuple[str, Value]],
) -> tuple[tuple[str, Value], ...]:
    pairs = items.items() if isinstance(items, Mapping) else items
    return tuple(sorted((k, v) for k, v in pairs if v is not None and v != ()))


def _get(props: tuple[tuple[str, Value], ...], key: str, default: Value) -> Value:
    for k, v in props:
        if k == key:
            return v
    return default


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """One node. ``props`` is sorted by key and never holds ``None``."""

    id: str
    type: NodeType
    label: str
    props: tuple[tuple[str, Value], ...] = ()

    def get(self, key: str, default: Value = None) -> Value:
        return _get(self.props, key, default)

    def text(self, key: str) -> str | None:
        """A string prop, or ``None`` when absent (or not a string)."""
        value = _get(self.props, key, None)
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Edge:
    """One edge; ``(source, type, target)`` is unique in a graph.

    ``evidence`` is where the fact is stated: the file (or the manifest), the span and
    the quoted words. ``props`` may say ``inferred`` (how an edge no sentence states
    directly was derived) or ``role``.
    """

    source: str
    type: EdgeType
    target: str
    evidence: Provenance | None
    props: tuple[tuple[str, Value], ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type.value, self.target)

    def get(self, key: str, default: Value = None) -> Value:
        return _get(self.props, key, default)


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """Something resolution met and reports rather than hides (two dates for one number)."""

    kind: str  # "conflict", "unresolved", "duplicate", "merged"
    node: str | None
    message: str
    evidence: tuple[Provenance, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyGraph:
    """Nodes sorted by id, edges sorted by key: equal inputs give equal graphs."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    problems: tuple[Problem, ...] = ()
    _index: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)
    _edges: dict[tuple[str, str, str], Edge] = field(
        default_factory=dict, compare=False, repr=False
    )

    def node(self, node_id: str) -> Node:
        if not self._index:
            self._index.update((n.id, n) for n in self.nodes)
        return self._index[node_id]

    def edge(self, source: str, edge_type: str, target: str) -> Edge | None:
        if not self._edges:
            self._edges.update((e.key, e) for e in self.edges)
        return self._edges.get((source, edge_type, target))

    def __contains__(self, node_id: object) -> bool:
        if not self._index:
            self._index.update((n.id, n) for n in self.nodes)
        return node_id in self._index


def make_node(node_id: str, node_type: NodeType, label: str, **props: Value) -> Node:
    """A node; every property must be declared for ``node_type`` in the vocabulary.

    Raises:
        UndeclaredProperty: a property the vocabulary does not declare, or of another type.
    """
    check_node_props(node_type, node_id, props)
    return Node(id=node_id, type=node_type, label=label, props=_props(props))


def make_edge(
    source: str,
    edge_type: EdgeType,
    target: str,
    evidence: Provenance | None,
    **props: Value,
) -> Edge:
    """An edge; every property must be declared for edges in the vocabulary."""
    check_props(f"{source} {edge_type.value} {target}", EDGE_PROPERTIES, props)
    return Edge(
        source=source, type=edge_type, target=target, evidence=evidence, props=_props(props)
    )


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while building many acyclic objects.

    Loading a graph makes hundreds of thousands of records; the collector's passes over
    them find nothing to free and cost more than half the time (5.5 s -> 2.2 s for
    2,000 documents).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- JSON form (the store's graph.json and `export --format json`) ---------------------


def _value_to_json(v: Value) -> Any:
    return list(v) if isinstance(v, tuple) else v


def _value_from_json(v: Any) -> Value:
    return tuple(v) if isinstance(v, list) else v


def provenance_to_json(p: Provenance | None) -> dict[str, Any] | None:
    if p is None:
        return None
    out = {
        "source": p.source,
        "start": p.span.start,
        "end": p.span.end,
        "section": list(p.section),
        "quote": p.quote,
    }
    if p.page is not None:  # only where known, so a text corpus's graph is unchanged
        out["page"] = p.page
    return out


def provenance_from_json(d: Mapping[str, Any] | None) -> Provenance | None:
    if d is None:
        return None
    return Provenance(
        source=d["source"],
        span=Span(start=d["start"], end=d["end"]),
        section=tuple(d["section"]),
        quote=d["quote"],
        page=d.get("page"),
    )


def to_json(graph: PolicyGraph) -> dict[str, Any]:
    return {
        "nodes": [
            {
                "id": n.id,
                "type": n.type.value,
                "label": n.label,
                "props": {k: _value_to_json(v) for k, v in n.props},
            }
            for n in graph.nodes
        ],
        "edges": [
            {
                "source": e.source,
                "type": e.type.value,
                "target": e.target,
                "evidence": provenance_to_json(e.evidence),
                "props": {k: _value_to_json(v) for k, v in e.props},
            }
            for e in graph.edges
        ],
        "problems": [problem_to_json(p) for p in graph.problems],
    }


def problem_to_json(p: Problem) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "node": p.node,
        "message": p.message,
        "evidence": [provenance_to_json(x) for x in p.evidence],
    }


def problem_from_json(p: Mapping[str, Any]) -> Problem:
    return Problem(
        kind=p["kind"],
        node=p["node"],
        message=p["message"],
        evidence=tuple(x for x in map(provenance_from_json, p["evidence"]) if x),
    )


def sorted_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Problems in the order a graph holds them, whatever order they were met in."""
    return tuple(sorted(problems, key=lambda p: (p.kind, p.node or "", p.message)))


def from_json(data: Mapping[str, Any]) -> PolicyGraph:
    nodes = tuple(
        Node(
            id=n["id"],
            type=NodeType(n["type"]),
            label=n["label"],
            props=tuple((k, _value_from_json(v)) for k, v in n["props"].items()),
        )
        for n in data["nodes"]
    )
    edges = tuple(
        Edge(
            source=e["source"],
            type=EdgeType(e["type"]),
            target=e["target"],
            evidence=provenance_from_json(e["evidence"]),
            props=tuple((k, _value_from_json(v)) for k, v in e["props"].items()),
        )
        for e in data["edges"]
    )
    problems = tuple(map(problem_from_json, data.get("problems", ())))
    return PolicyGraph(nodes=nodes, edges=edges, problems=problems)


def dumps(graph: PolicyGraph) -> str:
    return json.dumps(to_json(graph), ensure_ascii=False, indent=None, separators=(",", ":"))

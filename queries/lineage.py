"""Lineage: from a task or document up to the directives it answers, every path.

A task reaches its document by PART_OF, always; from there the walk follows IMPLEMENTS
(and CITES or IS_BASED_ON when asked). Paths are simple, so a cycle (two plans citing each
other) ends a path instead of looping.

The paths are as printed whatever the day; as of a day (:func:`as_of_day`) the result also
says which provinces on them have become another ("Thái Bình (now Hưng Yên)") and which
documents a later one had replaced by then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from policykg.graph.ids import readable_key
from policykg.graph.model import EdgeType, NodeType, PolicyGraph
from policykg.graph.succession import Timeline

# Structural edges are followed whatever is asked: a task answers what its document answers.
ALWAYS = (EdgeType.PART_OF,)
DEFAULT_FOLLOW = (EdgeType.IMPLEMENTS,)
MAX_PATHS = 10_000


@dataclass(frozen=True, slots=True)
class Path:
    nodes: tuple[str, ...]
    edges: tuple[EdgeType, ...]  # edges[i] joins nodes[i] and nodes[i + 1]


@dataclass(frozen=True, slots=True)
class Lineage:
    start: str
    paths: tuple[Path, ...]
    truncated: bool = False  # MAX_PATHS reached
    # Each node's key (graph.ids.readable_key), the name to show: ``keys[path.nodes[0]]``.
    keys: Mapping[str, str] = field(default_factory=dict, compare=False)
    # As of a day: each province on the paths that has become another -> (that one, since),
    # and each document replaced by then -> the one that replaced it.
    provinces: Mapping[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    replaced: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def roots(self) -> tuple[str, ...]:
        """Where the paths end: the directives nothing further up is known of."""
        return tuple(sorted({p.nodes[-1] for p in self.paths}))

    @property
    def edge_set(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(
            (p.nodes[i], p.edges[i].value, p.nodes[i + 1])
            for p in self.paths
            for i in range(len(p.edges))
        )


def _steps(g: nx.MultiDiGraph, node: str, kinds: frozenset[str]) -> list[tuple[str, str]]:
    out = []
    for _, target, key in g.out_edges(node, keys=True):
        if key in kinds:
            out.append((key, target))
    return sorted(out, key=lambda kt: (kt[1], kt[0]))


def lineage(
    g: nx.MultiDiGraph,
    start: str,
    *,
    follow: Iterable[EdgeType | str] = DEFAULT_FOLLOW,
    max_paths: int = MAX_PATHS,
) -> Lineage:
    """Every simple path from ``start`` up the followed edges to a node with none left.

    Args:
        g: the networkx form of the graph (:func:`policykg.graph.nxgraph.to_networkx`).
        follow: edge types to climb besides PART_OF.
    """
    kinds = frozenset(EdgeType(k).value for k in (*ALWAYS, *follow))
    paths: list[Path] = []
    truncated = False
    # Iterative depth-first search: lineages can be deep, recursion limits are not a bound.
    stack: list[tuple[tuple[str, ...], tuple[EdgeType, ...]]] = [((start,), ())]
    while stack:
        nodes, edges = stack.pop()
        on_path = set(nodes)
        nexts = [(k, t) for k, t in _steps(g, nodes[-1], kinds) if t not in on_path]
        if not nexts:
            if len(nodes) > 1:
                paths.append(Path(nodes, edges))
                if len(paths) >= max_paths:
                    # Every entry left on the stack ends in at least one more path.
                    truncated = bool(stack)
                    break
            continue
        for key, target in reversed(nexts):
            stack.append(((*nodes, target), (*edges, EdgeType(key))))
    paths.sort(key=lambda p: (p.nodes, p.edges))
    named = {start, *(n for p in paths for n in p.nodes)}
    keys = {n: readable_key(g, n) for n in sorted(named)}
    return Lineage(start=start, paths=tuple(paths), truncated=truncated, keys=keys)


def as_of_day(graph: PolicyGraph, result: Lineage, as_of: date) -> Lineage:
    """``result`` with the provinces on its paths as of ``as_of``, and replaced documents."""
    timeline = Timeline(graph)
    provinces: dict[str, tuple[str, str]] = {}
    replaced: dict[str, str] = {}
    for node_id in sorted({n for p in result.paths for n in p.nodes} | {result.start}):
        n = graph.node(node_id)
        if n.type not in (NodeType.DOCUMENT, NodeType.TASK):
            continue
        doc = graph.node(str(n.get("document"))) if n.type is NodeType.TASK else n
        where = doc.text("jurisdiction")
        if where is not None and where not in provinces and where in timeline.place_ids:
            chain = timeline.chain(timeline.place_ids[where], as_of)
            if chain:
                now = str(graph.node(chain[-1].target).get("name"))
                provinces[where] = (now, str(chain[-1].get("valid_from")))
        by = timeline.replaced_by(node_id, as_of) if n.type is NodeType.DOCUMENT else None
        if by is not None:
            replaced[node_id] = by
    keys = {**result.keys, **{r: readable_key(graph, r) for r in replaced.values()}}
    return Lineage(
        start=result.start,
        paths=result.paths,
        truncated=result.truncated,
        keys=keys,
        provinces=provinces,
        replaced=replaced,
    )

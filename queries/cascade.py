"""Cascade: from a directive down to every document and task that implements it.

As of a day (``as_of``), each implementer is shown under the province of that day
(``provinces``: Thái Bình's plans under Hưng Yên from 1 July 2025), and one replaced by
then (``REPLACES``) is marked out of force (``replaced``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from policykg.graph.ids import readable_key
from policykg.graph.model import EdgeType, NodeType, PolicyGraph
from policykg.graph.succession import Timeline

DEFAULT_FOLLOW = (EdgeType.IMPLEMENTS,)


@dataclass(frozen=True, slots=True)
class Entry:
    node: str
    depth: int  # 1: implements the directive itself
    via: str  # what it implements on a shortest path to the directive
    edge: EdgeType


@dataclass(frozen=True, slots=True)
class Cascade:
    directive: str
    entries: tuple[Entry, ...]
    # Each node's key (graph.ids.readable_key), the name to show.
    keys: Mapping[str, str] = field(default_factory=dict, compare=False)
    # As of a day: each implementer's province then (printed, now) and what replaced it.
    provinces: Mapping[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    replaced: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def edge_set(self) -> frozenset[tuple[str, str, str]]:
        return frozenset((e.node, e.edge.value, e.via) for e in self.entries)


def cascade(
    g: nx.MultiDiGraph,
    directive: str,
    *,
    follow: Iterable[EdgeType | str] = DEFAULT_FOLLOW,
) -> Cascade:
    """Breadth-first down the followed edges, each node once at its smallest depth.

    Among equally short ways down, the smallest ``via`` id is kept, so results are stable.
    """
    kinds = frozenset(EdgeType(k).value for k in follow)
    seen = {directive}
    entries: list[Entry] = []
    level = [directive]
    depth = 0
    while level:
        depth += 1
        # Gather the whole next level first, so that each node's ``via`` is the smallest
        # of its parents at the previous level, whatever order the walk met them in.
        parents: dict[str, tuple[str, str]] = {}
        for node in level:
            for source, _, key in g.in_edges(node, keys=True):
                if key in kinds and source not in seen:
                    best = parents.get(source)
                    if best is None or (node, key) < best:
                        parents[source] = (node, key)
        for source, (via, key) in parents.items():
            entries.append(Entry(node=source, depth=depth, via=via, edge=EdgeType(key)))
        seen.update(parents)
        level = sorted(parents)
    entries.sort(key=lambda e: (e.depth, e.node))
    keys = {n: readable_key(g, n) for n in sorted({directive, *(e.node for e in entries)})}
    return Cascade(directive=directive, entries=tuple(entries), keys=keys)


def as_of_day(graph: PolicyGraph, result: Cascade, as_of: date) -> Cascade:
    """``result`` with each implementer's province on ``as_of`` and what replaced it."""
    timeline = Timeline(graph)
    provinces: dict[str, tuple[str, str]] = {}
    replaced: dict[str, str] = {}
    for e in result.entries:
        n = graph.node(e.node)
        doc = graph.node(str(n.get("document"))) if n.type is NodeType.TASK else n
        where = doc.text("jurisdiction")
        if where is not None:
            provinces[e.node] = (where, timeline.province(where, as_of) or where)
        by = timeline.replaced_by(doc.id, as_of)
        if by is not None:
            replaced[e.node] = by
    keys = {**result.keys, **{r: readable_key(graph, r) for r in replaced.values()}}
    return Cascade(
        directive=result.directive,
        entries=result.entries,
        keys=keys,
        provinces=provinces,
        replaced=replaced,
    )

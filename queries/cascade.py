"""Cascade: from a directive down to every document and task that implements it.

As of a day (``as_of``), each implementer is shown under the province of that day
(``provinces``: Thái Bình's plans under Hưng Yên from 1 July 2025), and one replaced by
then (``REPLACES``) is marked out of force (``replaced``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from policykg.graph.ids import readable_key
from policykg.graph.model import EdgeType, NodeType, PolicyGraph
from policykg.graph.succession import Timeline

if TYPE_CHECKING:  # networkx is not imported to walk a graph file
    import networkx as nx

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

    def arriving(level: list[str], seen: set[str]) -> Iterator[tuple[str, str, str]]:
        for node in level:
            for source, _, key in g.in_edges(node, keys=True):
                yield source, key, node

    entries = walk(directive, arriving, follow=follow)
    return named(g, directive, entries)


def walk(
    directive: str,
    arriving: Callable[[list[str], set[str]], Iterable[tuple[str, str, str]]],
    *,
    follow: Iterable[EdgeType | str] = DEFAULT_FOLLOW,
) -> list[Entry]:
    """The entries of :func:`cascade`, given ``arriving(level, seen)``: the edges
    ``(source, type, target)`` that arrive at the nodes of a level, of any type (those not
    followed are passed over), those from ``seen`` (where the walk has been) if it likes.
    A graph file is walked so, without a graph (:func:`policykg.queries.slices.walked_cascade`).
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
        for source, key, node in arriving(level, seen):
            if key in kinds and source not in seen:
                best = parents.get(source)
                if best is None or (node, key) < best:
                    parents[source] = (node, key)
        for source, (via, key) in parents.items():
            entries.append(Entry(node=source, depth=depth, via=via, edge=EdgeType(key)))
        seen.update(parents)
        level = sorted(parents)
    entries.sort(key=lambda e: (e.depth, e.node))
    return entries


def named(g: PolicyGraph | nx.MultiDiGraph, directive: str, entries: list[Entry]) -> Cascade:
    """The cascade of these entries, each node with its key (``g`` holds their nodes)."""
    keys = {n: readable_key(g, n) for n in sorted({directive, *(e.node for e in entries)})}
    return Cascade(directive=directive, entries=tuple(entries), keys=keys)


def as_of_day(graph: PolicyGraph, result: Cascade, as_of: date) -> Cascade:
    """``result`` with each implementer's province on ``as_of`` and what replaced it."""
    timeline = Timeline(graph)
    provinces: dict[str, tuple[str, str]] = {}
    replaced: dict[str, str] = {}
    # Each province and document once: a national cascade has thousands of each's tasks.
    places: dict[str, tuple[str, str]] = {}
    replacers: dict[str, str | None] = {}
    for e in result.entries:
        n = graph.node(e.node)
        doc = graph.node(str(n.get("document"))) if n.type is NodeType.TASK else n
        where = doc.text("jurisdiction")
        if where is not None:
            if where not in places:
                places[where] = (where, timeline.province(where, as_of) or where)
            provinces[e.node] = places[where]
        if doc.id not in replacers:
            replacers[doc.id] = timeline.replaced_by(doc.id, as_of)
        by = replacers[doc.id]
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

"""Coverage: which provinces have a document implementing a directive, which do not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from policykg.graph.ids import readable_key
from policykg.graph.model import NodeType, PolicyGraph
from policykg.loaders import places
from policykg.queries.cascade import cascade

# Provinces were merged from 63 to 34 on 1 July 2025; a directive is answered by the
# provinces of its time.
MERGER_DATE = "2025-07-01"


@dataclass(frozen=True, slots=True)
class Coverage:
    directive: str
    provinces: tuple[str, ...]  # the provinces the directive is measured against
    covered: tuple[tuple[str, tuple[str, ...]], ...]  # province, its implementing documents
    missing: tuple[str, ...]
    # The directive's and each document's key (graph.ids.readable_key), the name to show.
    keys: Mapping[str, str] = field(default_factory=dict, compare=False)


def province_list(
    date: str | None, *, among: str = "all", graph: PolicyGraph | None = None
) -> tuple[str, ...]:
    if among == "loaded" and graph is not None:
        return tuple(
            sorted(
                {
                    str(n.get("jurisdiction"))
                    for n in graph.nodes
                    if n.type is NodeType.DOCUMENT
                    and n.get("loaded")
                    and n.get("jurisdiction") not in (None, places.CENTRAL)
                }
            )
        )
    return places.PROVINCES_2025 if date and date >= MERGER_DATE else places.PROVINCES_2008


def coverage(
    g: nx.MultiDiGraph, graph: PolicyGraph, directive: str, *, among: str = "all"
) -> Coverage:
    """Args:
    among: ``all`` provinces of the directive's time, or only those with ``loaded``
        documents in the graph.
    """
    date = graph.node(directive).get("date")
    provinces = province_list(date if isinstance(date, str) else None, among=among, graph=graph)
    docs: dict[str, set[str]] = {}
    for entry in cascade(g, directive).entries:
        node = graph.node(entry.node)
        if node.type is NodeType.TASK:
            node = graph.node(str(node.get("document")))
        where = node.get("jurisdiction")
        if isinstance(where, str) and where != places.CENTRAL:
            docs.setdefault(where, set()).add(node.id)
    covered = tuple((p, tuple(sorted(docs[p]))) for p in sorted(docs))
    missing = tuple(p for p in provinces if p not in docs)
    named = {directive, *(d for ds in docs.values() for d in ds)}
    return Coverage(
        directive=directive,
        provinces=provinces,
        covered=covered,
        missing=missing,
        keys={n: readable_key(graph, n) for n in sorted(named)},
    )

"""Coverage: which provinces have a document implementing a directive, which do not.

As of a day (``as_of``), the provinces are those of that day (34 from 1 July 2025, 63
before), a document counts for the province its own became (Thái Bình's for Hưng Yên,
its old name listed under the new), and a document not issued yet, or that another has
replaced (``REPLACES``) by then, does not count. Without ``as_of``, the provinces of the
directive's time and the documents as printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from policykg.graph.ids import readable_key
from policykg.graph.model import NodeType, PolicyGraph
from policykg.graph.succession import Timeline
from policykg.loaders import places
from policykg.ontology import successions
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
    # As of a day: each covered province's old names and their documents (Thái Bình's
    # plans under Hưng Yên), and the documents left out as replaced, with what replaced them.
    formerly: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()
    replaced: tuple[tuple[str, str], ...] = ()
    as_of: date | None = None


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
    g: nx.MultiDiGraph,
    graph: PolicyGraph,
    directive: str,
    *,
    among: str = "all",
    as_of: date | None = None,
) -> Coverage:
    """Args:
    among: ``all`` provinces of the directive's time (of ``as_of`` if given), or only
        those with ``loaded`` documents in the graph.
    as_of: the day whose provinces and documents in force count; ``None``: as printed.
    """
    timeline = Timeline(graph) if as_of else None
    docs: dict[str, set[str]] = {}
    printed: dict[str, str] = {}
    replaced: dict[str, str] = {}
    for entry in cascade(g, directive).entries:
        node = graph.node(entry.node)
        if node.type is NodeType.TASK:
            node = graph.node(str(node.get("document")))
        where = node.get("jurisdiction")
        if not isinstance(where, str) or where == places.CENTRAL:
            continue
        if timeline is not None and as_of is not None:
            issued = node.get("date")
            if isinstance(issued, str) and issued > as_of.isoformat():
                continue  # not issued yet on that day
            by = timeline.replaced_by(node.id, as_of)
            if by is not None:
                replaced[node.id] = by
                continue
            printed[node.id] = where
            where = timeline.province(where, as_of) or where
        docs.setdefault(where, set()).add(node.id)
    provinces = _provinces(graph, directive, among, as_of, timeline)
    covered = tuple((p, tuple(sorted(docs[p]))) for p in sorted(docs))
    missing = tuple(p for p in provinces if p not in docs)
    named = {directive, *(d for ds in docs.values() for d in ds), *replaced, *replaced.values()}
    return Coverage(
        directive=directive,
        provinces=provinces,
        covered=covered,
        missing=missing,
        keys={n: readable_key(graph, n) for n in sorted(named)},
        formerly=_formerly(covered, printed),
        replaced=tuple(sorted(replaced.items())),
        as_of=as_of,
    )


def _provinces(
    graph: PolicyGraph,
    directive: str,
    among: str,
    as_of: date | None,
    timeline: Timeline | None,
) -> tuple[str, ...]:
    if timeline is None or as_of is None:
        day = graph.node(directive).get("date")
        return province_list(day if isinstance(day, str) else None, among=among, graph=graph)
    if among == "loaded":
        loaded = province_list(None, among="loaded", graph=graph)
        return tuple(sorted({timeline.province(p, as_of) or p for p in loaded}))
    return successions.provinces_on(as_of)


def _formerly(
    covered: tuple[tuple[str, tuple[str, ...]], ...], printed: Mapping[str, str]
) -> tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]:
    out = []
    for province, docs in covered:
        old: dict[str, list[str]] = {}
        for d in docs:
            if printed.get(d, province) != province:
                old.setdefault(printed[d], []).append(d)
        if old:
            out.append((province, tuple((o, tuple(ds)) for o, ds in sorted(old.items()))))
    return tuple(out)

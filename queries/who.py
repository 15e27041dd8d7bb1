"""Who: the tasks an agency leads or coordinates, with their deadlines and documents.

As of a day (``as_of``), a body answers for the tasks its predecessors were given too: a
task the Sở Thông tin và Truyền thông of Thái Bình led in 2022 is, from 1 July 2025, the Sở
Khoa học và Công nghệ of Hưng Yên's, through the edges a succession infers
(:mod:`policykg.graph.succession`); each such duty shows its chain of bodies. A body that
has since ceased keeps the tasks printed as its own, with the chain to the body that has
them now. Without ``as_of`` the answer is the graph as printed.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from policykg.errors import InputError
from policykg.graph.ids import UNKNOWN_PLACE, readable_key
from policykg.graph.model import EdgeType, Node, NodeType, PolicyGraph
from policykg.graph.succession import INFERRED, Timeline, holds
from policykg.loaders import agencies as agency_names
from policykg.loaders.places import fold
from policykg.queries.ids import province_name, qualified_province, split_qualifier

if TYPE_CHECKING:  # a slice is asked without networkx (policykg.queries.slices)
    import networkx as nx

ROLES = {EdgeType.LED_BY.value: "lead", EdgeType.COORDINATED_BY.value: "coordinate"}


@dataclass(frozen=True, slots=True)
class Duty:
    agency: str
    task: str
    role: str  # "lead" or "coordinate"
    document: str
    deadline: str | None
    # As of a day, the bodies from the one printed to the one that has the task then
    # (the printed one first); empty when the printed body is the one asked about and
    # still in force.
    chain: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Who:
    agencies: tuple[str, ...]
    duties: tuple[Duty, ...]
    # Each agency's, task's and document's key (graph.ids.readable_key), the name to show.
    keys: Mapping[str, str] = field(default_factory=dict, compare=False)


def _names(n: Node) -> list[str]:
    aliases = n.get("aliases") or ()
    return [n.label, *(aliases if isinstance(aliases, tuple) else ())]


def find_agencies(graph: PolicyGraph, name: str, *, province: str | None = None) -> tuple[str, ...]:
    """The agency nodes ``name`` means: an id, a key (``Sở Khoa học và Công nghệ (Thái
    Bình)``), else a name: exact (any case) first, then accent-free, then one clear fuzzy
    match.

    Raises:
        InputError: no match, or several different names match; lists what was meant.
    """
    typed = unicodedata.normalize("NFC", name).strip()
    if typed in graph and graph.node(typed).type is NodeType.AGENCY:
        return (typed,)
    # Names are stored without brackets, so a bracketed province is the key's place.
    bare, qualifier = split_qualifier(typed)
    if qualifier == UNKNOWN_PLACE:
        pool = [n for n in _pool(graph, None) if not n.get("jurisdiction")]
        return _exact(pool, bare) or _fuzzy(pool, name, bare, None)
    where = qualified_province(qualifier, province)
    if where is not None:
        typed, province = bare, where
    pool = _pool(graph, province)
    return _exact(pool, typed) or _fuzzy(pool, name, typed, province)


def _pool(graph: PolicyGraph, province: str | None) -> list[Node]:
    where = province_name(province) if province else None
    return [
        n
        for n in graph.nodes
        if n.type is NodeType.AGENCY and (where is None or n.get("jurisdiction") == where)
    ]


def _exact(pool: list[Node], typed: str) -> tuple[str, ...]:
    """A name as stored, else the canonical name (``UBND tỉnh``) or an alias, in any case,
    then without accents."""
    # As stored first: canonical_name drops the place of "Ủy ban nhân dân tỉnh Bắc Ninh",
    # a name the centre's documents give a body of their own.
    exact = [n.id for n in pool if n.label.casefold() == typed.casefold()]
    if exact:
        return tuple(sorted(exact))
    canonical = agency_names.canonical_name(typed) or typed
    for wanted, key in ((canonical.casefold(), str.casefold), (fold(canonical), fold)):
        exact = [n.id for n in pool if any(key(x) == wanted for x in _names(n))]
        if exact:
            return tuple(sorted(exact))
    return ()


def _fuzzy(pool: list[Node], name: str, typed: str, province: str | None) -> tuple[str, ...]:
    canonical = agency_names.canonical_name(typed) or typed
    folded = {n.id: fold(n.label) for n in pool}
    wanted = fold(canonical)
    contains = sorted({folded[i] for i in folded if wanted in folded[i]})
    close = contains or difflib.get_close_matches(
        wanted, sorted(set(folded.values())), n=5, cutoff=0.75
    )
    labels = {folded[n.id]: n.label for n in pool}
    if len(close) == 1:
        return tuple(sorted(i for i, f in folded.items() if f == close[0]))
    scope = f" in {province_name(province)}" if province else ""
    if not close:
        raise InputError(f"no agency {name!r}{scope}")
    options = "; ".join(labels[c] for c in close[:5])
    raise InputError(f"{name!r} is ambiguous{scope}: did you mean {options}?")


def who(
    g: nx.MultiDiGraph | PolicyGraph,
    graph: PolicyGraph,
    agency_ids: tuple[str, ...],
    *,
    as_of: date | None = None,
) -> Who:
    """The duties of ``agency_ids``; as of ``as_of``, their predecessors' too.

    Args:
        g: the networkx form of ``graph``, or ``graph`` itself (its edges are indexed).
    """
    timeline = Timeline(graph) if as_of else None
    edges = _Edges(g)
    duties = []
    for aid in agency_ids:
        for task, key, data in edges.arriving(aid):
            if key not in ROLES or not holds(data, as_of):
                continue
            node = graph.node(task)
            chain: tuple[str, ...] = ()
            if timeline is not None:
                chain = _chain(edges, timeline, task, key, aid, data, as_of)
            duties.append(
                Duty(
                    agency=aid,
                    task=task,
                    role=ROLES[key],
                    document=str(node.get("document")),
                    deadline=node.text("deadline"),
                    chain=chain,
                )
            )
    duties.sort(key=lambda d: (d.document, d.role != "lead", _task_order(graph, d.task), d.agency))
    named = {*agency_ids, *(n for d in duties for n in (d.task, d.document, *d.chain))}
    keys = {n: readable_key(graph, n) for n in sorted(named)}
    return Who(agencies=agency_ids, duties=tuple(duties), keys=keys)


class _Edges:
    """The edges at a node as ``(other end, type, props)``, in the order networkx gives
    them (by the other end, then type), from the networkx form or from a graph."""

    def __init__(self, g: nx.MultiDiGraph | PolicyGraph) -> None:
        self.g = g
        self.into: dict[str, list[tuple[str, str, Mapping[str, Any]]]] = {}
        self.out: dict[str, list[tuple[str, str, Mapping[str, Any]]]] = {}
        if isinstance(g, PolicyGraph):
            for e in g.edges:  # sorted by (source, type, target)
                props = dict(e.props)
                self.into.setdefault(e.target, []).append((e.source, e.type.value, props))
                self.out.setdefault(e.source, []).append((e.target, e.type.value, props))

    def arriving(self, node: str) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
        if isinstance(self.g, PolicyGraph):
            yield from self.into.get(node, ())
        else:
            for source, _, key, data in self.g.in_edges(node, keys=True, data=True):
                yield source, key, data

    def leaving(self, node: str) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
        if isinstance(self.g, PolicyGraph):
            yield from self.out.get(node, ())
        else:
            for _, target, key, data in self.g.out_edges(node, keys=True, data=True):
                yield target, key, data


def _chain(
    g: _Edges,
    timeline: Timeline,
    task: str,
    key: str,
    aid: str,
    data: Mapping[str, object],
    as_of: date | None,
) -> tuple[str, ...]:
    """From the body the document names to the one that has the duty on ``as_of``."""
    if data.get("inferred") != INFERRED:
        steps = timeline.chain(aid, as_of)
        return (aid, *(e.target for e in steps)) if steps else ()
    printed = sorted(a for a, k, d in g.leaving(task) if k == key and d.get("inferred") != INFERRED)
    for a in printed:
        steps = timeline.chain(a, as_of)
        targets = [e.target for e in steps]
        if aid in targets:
            return (a, *targets[: targets.index(aid) + 1])
    return ()


def _task_order(graph: PolicyGraph, task: str) -> tuple[int | str, ...]:
    tid = str(graph.node(task).get("task_id", ""))
    return tuple(int(p) if p.isdigit() else p for p in tid.replace("-", ".").split("."))

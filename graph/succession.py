"""Time in the graph: which province or body each one became, and when.

The reference data (:mod:`policykg.ontology.successions`) says, with its legal source,
that Thái Bình merged into Hưng Yên on 2025-07-01 and that every Sở Thông tin và Truyền
thông merged into the Sở Khoa học và Công nghệ of its province on 2025-03-01. This phase of
resolution (:func:`add_successions`) turns that into the graph, for the places and bodies
the documents name only (plus their successors):

- each Jurisdiction and Agency node carries ``valid_from`` / ``valid_to`` where known (in
  force on ``valid_from <= day < valid_to``);
- ``SUCCEEDED_BY`` / ``MERGED_INTO`` edges (``SPLIT_TO`` for a part of the duties) join a
  place or body to its successor, with ``valid_from`` (the day it takes effect),
  ``legal_source`` and ``legal_source_date``. A provincial body follows both its own
  consolidation and its province's: Sở Thông tin và Truyền thông (Thái Bình) ->
  2025-03-01 Sở Khoa học và Công nghệ (Thái Bình) -> 2025-07-01 Sở Khoa học và Công nghệ
  (Hưng Yên);
- documents and tasks keep the jurisdiction and agencies they print, and gain each
  successor by an edge of the same type marked ``inferred: succession`` and valid from
  the succession's day until the next one (``valid_to``).

The graph holds every known succession whatever today is, so it stays a pure function of
the documents and the table; the queries pick the day (``--as-of``) with :func:`holds`
and :class:`Timeline`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from policykg.graph.model import (
    Edge,
    EdgeType,
    Node,
    NodeType,
    PolicyGraph,
    Value,
    make_edge,
    make_node,
)
from policykg.loaders import places
from policykg.ontology import successions as sx
from policykg.ontology.successions import Succession

if TYPE_CHECKING:  # annotations only: a query that reads successions builds nothing
    from policykg.graph.builder import Builder

__all__ = [
    "FROM_TABLE",
    "INFERRED",
    "SUCCESSION_EDGES",
    "Step",
    "Timeline",
    "add_successions",
    "holds",
    "table_digest",
]

# The ``inferred`` value of an edge a succession gives a document or task.
INFERRED = "succession"
# The ``inferred`` value of a succession edge: stated by a law the corpus does not hold,
# read from the reference table (its number in ``legal_source``).
FROM_TABLE = "reference data"
SUCCESSION_EDGES = (EdgeType.SUCCEEDED_BY, EdgeType.MERGED_INTO)
_ROLE_EDGES = (EdgeType.LED_BY, EdgeType.COORDINATED_BY)
_FULL = (sx.MERGED_INTO, sx.SUCCEEDED_BY)
# A user's table with a loop is cut after this many steps.
MAX_STEPS = 32
# Provincial bodies follow their province; district and commune bodies were reorganised
# otherwise (districts abolished, communes merged), which the table does not map.
_FOLLOWS_PROVINCE = frozenset({"province", None})


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One change: ``old`` became (part of) ``new`` on ``effective``, by ``rows``."""

    old: str  # node id
    new: str
    edge: EdgeType
    effective: date
    rows: tuple[Succession, ...]
    part: str = ""


def table_digest() -> str:
    """A hash of the successions table a build reads (the shipped rows and those of
    ``$POLICYKG_SUCCESSIONS``): a changed table must rebuild the graph."""
    h = hashlib.sha256()
    for row in sx.load():
        h.update(repr(row).encode())
    return h.hexdigest()[:16]


# --- the phase ------------------------------------------------------------------------


# A successor's id, from when, and until when (``None``: still): one inferred edge.
Span = tuple[str, str, str | None]


@dataclass(frozen=True, slots=True)
class Chains:
    """The successors of each province (by name) and of each body (by id), as spans."""

    places: Mapping[str, tuple[Span, ...]]
    agencies: Mapping[str, tuple[Span, ...]]


def add_successions(b: Builder, rows: Sequence[Succession] | None = None) -> Chains:
    """Validity intervals, successor edges and inferred edges for what the graph holds;
    the chains, for the inferred edges of documents and tasks resolved apart
    (:func:`infer_place`, :func:`infer_roles`).

    Runs before the agencies become nodes: a successor body is registered like any named
    one, so that it gets its node, province and parent the same way.
    """
    table = sx.load() if rows is None else tuple(rows)
    place_steps = _place_chains(b, table)
    agency_steps = _agency_chains(b, table, place_steps)
    for steps in (*place_steps.values(), *agency_steps.values()):
        for s in steps:
            b.edge(_succession_edge(s))
    _place_intervals(b, table, place_steps)
    _agency_intervals(b, table, agency_steps)
    chains = Chains(
        places={k: tuple(_spans(v)) for k, v in place_steps.items()},
        agencies={k: tuple(_spans(v)) for k, v in agency_steps.items()},
    )
    for node in list(b.nodes.values()):
        infer_place(b, node, chains.places)
    infer_roles(b, chains.agencies)
    return chains


def _succession_edge(s: Step) -> Edge:
    (first, *_) = s.rows
    return make_edge(
        s.old,
        s.edge,
        s.new,
        None,
        inferred=FROM_TABLE,
        valid_from=s.effective.isoformat(),
        legal_source="; ".join(dict.fromkeys(r.source for r in s.rows)),
        legal_source_date=first.source_date.isoformat(),
        part=s.part or None,
    )


# --- places ---------------------------------------------------------------------------


def _place_names(b: Builder) -> set[str]:
    named = {
        str(n.get("name"))
        for n in b.nodes.values()
        if n.type is NodeType.JURISDICTION and n.get("name")
    }
    named |= {str(p["jurisdiction"]) for p in b.agencies.values() if p["jurisdiction"]}
    named |= {
        str(n.get("jurisdiction"))
        for n in b.nodes.values()
        if n.type is NodeType.DOCUMENT and n.get("jurisdiction")
    }
    return named - {places.CENTRAL}


def _place_chains(b: Builder, table: Sequence[Succession]) -> dict[str, tuple[Step, ...]]:
    """Each province's chain of full successions, by its name as the graph spells it."""
    rows = [r for r in table if r.kind == "province"]
    chains: dict[str, tuple[Step, ...]] = {}
    for name in sorted(_place_names(b)):
        steps: list[Step] = []
        current, after = name, date.min
        for _ in range(MAX_STEPS):
            row = _next_row(rows, current, after, province=None)
            if row is None:
                break
            new = b.place(row.new)
            old = b.place(current)
            assert new is not None and old is not None
            steps.append(_step(old, new, (row,)))
            current, after = row.new, row.effective
        if steps:
            chains[name] = tuple(steps)
    return chains


def _next_row(
    rows: Iterable[Succession], name: str, after: date, *, province: str | None
) -> Succession | None:
    """The first full succession of ``name`` after ``after`` (provinces: by their name)."""
    k = _key(name)
    found = [
        r
        for r in rows
        if r.relation in _FULL
        and r.effective > after
        and _key(r.old) == k
        and _key(r.new) != k
        and (not r.scope or (province is not None and _key(r.scope) == _key(province)))
    ]
    return min(found, key=lambda r: (r.effective, r.line)) if found else None


def _key(name: str) -> str:
    return sx.key(name)


def _step(old: str, new: str, rows: tuple[Succession, ...], part: str = "") -> Step:
    merged = any(r.relation == sx.MERGED_INTO for r in rows)
    edge = EdgeType.SPLIT_TO if part else EdgeType.MERGED_INTO if merged else EdgeType.SUCCEEDED_BY
    return Step(old=old, new=new, edge=edge, effective=rows[0].effective, rows=rows, part=part)


def _place_intervals(
    b: Builder, table: Sequence[Succession], chains: Mapping[str, tuple[Step, ...]]
) -> None:
    known = {_key(r.old) for r in table if r.kind == "province"}
    known |= {_key(r.new) for r in table if r.kind == "province" and r.new}
    for pid, node in list(b.nodes.items()):
        name = node.get("name")
        if node.type is not NodeType.JURISDICTION or not isinstance(name, str):
            continue
        if _key(name) not in known:
            continue
        start, end = sx.interval(name, rows=table)
        b.nodes[pid] = _with(node, valid_from=_iso(start), valid_to=_iso(end))


def _with(node: Node, **props: Value) -> Node:
    return make_node(node.id, node.type, node.label, **{**dict(node.props), **props})


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- agencies -------------------------------------------------------------------------


def _agency_chains(
    b: Builder, table: Sequence[Succession], place_steps: Mapping[str, tuple[Step, ...]]
) -> dict[str, tuple[Step, ...]]:
    """Each body's chain (its consolidations and its province's), and its splits.

    A successor or a split's receiver is registered as an agency, and followed in turn.
    """
    rows = [r for r in table if r.kind == "agency"]
    chains: dict[str, tuple[Step, ...]] = {}
    pending = sorted(b.agencies)
    done: set[str] = set()
    while pending:
        aid = pending.pop()
        if aid in done:
            continue
        done.add(aid)
        _register_parent(b, aid, pending)
        steps = _agency_chain(b, aid, rows, place_steps)
        if steps:
            chains[aid] = steps
            pending.extend(s.new for s in steps if s.new not in done)
    return chains


def _register_parent(b: Builder, aid: str, pending: list[str]) -> None:
    # As resolve's add_agencies does: a province's UBND above its Sở, to follow it too.
    props = b.agencies[aid]
    parent, where = props["parent"], props["jurisdiction"]
    if isinstance(parent, str):
        pending.append(b.agency(parent, where if isinstance(where, str) else None))


def _agency_chain(
    b: Builder,
    aid: str,
    rows: Sequence[Succession],
    place_steps: Mapping[str, tuple[Step, ...]],
) -> tuple[Step, ...]:
    """The body's full successions and splits, in order of date.

    On one day a consolidation and a province's merger make one step (the body of the
    new name in the new province).
    """
    props = b.agencies[aid]
    name, where = str(props["name"]), props["jurisdiction"]
    province = where if isinstance(where, str) and where != places.CENTRAL else None
    level = "central" if where == places.CENTRAL else "province"
    mine = [r for r in rows if r.level == level]
    follows = province is not None and props.get("level") in _FOLLOWS_PROVINCE
    moves = {s.effective: s for s in place_steps.get(province or "", ())} if follows else {}
    steps: list[Step] = []
    current_id, current, after = aid, name, date.min
    for _ in range(MAX_STEPS):
        row = _next_row(mine, current, after, province=province)
        move = min((d for d in moves if d > after), default=None)
        days = [d for d in (row.effective if row else None, move) if d is not None]
        day = min(days) if days else None
        # A part handed on before (or as) the body ends is handed on by this body.
        steps.extend(_splits(b, current_id, current, province, after, day, mine))
        if day is None:
            break
        used: tuple[Succession, ...] = (row,) if row and row.effective == day else ()
        if row and row.effective == day:
            current = row.new
        if move == day:
            province = str(b.nodes[moves[day].new].get("name"))
            used = (*used, *moves[day].rows)
        new_id = b.agency(current, province if level == "province" else places.CENTRAL)
        steps.append(_step(current_id, new_id, used))
        current_id, after = new_id, day
    return tuple(steps)


def _splits(
    b: Builder,
    current_id: str,
    name: str,
    province: str | None,
    after: date,
    until: date | None,
    rows: Sequence[Succession],
) -> list[Step]:
    """The parts of ``name``'s duties handed on after ``after``, up to ``until``."""
    k = _key(name)
    out = []
    for r in rows:
        if r.relation != sx.SPLIT_TO or r.effective <= after or _key(r.old) != k:
            continue
        if until is not None and r.effective > until:
            continue
        if r.scope and (province is None or _key(r.scope) != _key(province)):
            continue
        where = places.CENTRAL if r.level == "central" else province
        out.append(_step(current_id, b.agency(r.new, where), (r,), part=r.part))
    return out


def _agency_intervals(
    b: Builder, table: Sequence[Succession], chains: Mapping[str, tuple[Step, ...]]
) -> None:
    """``valid_to``: the first full step; ``valid_from``: a rename's day, or its
    province's beginning (Huế's bodies from 2025-01-01). A body that absorbed others
    (MERGED_INTO's target) is not new: the table does not say when it began."""
    renamed: dict[str, date] = {}
    for r in table:
        if r.kind == "agency" and r.relation == sx.SUCCEEDED_BY and _key(r.old) != _key(r.new):
            k = _key(r.new)
            renamed[k] = min(renamed.get(k, r.effective), r.effective)
    starts = {
        str(n.get("name")): n.get("valid_from")
        for n in b.nodes.values()
        if n.type is NodeType.JURISDICTION
    }
    for aid, props in b.agencies.items():
        full = [s for s in chains.get(aid, ()) if s.edge is not EdgeType.SPLIT_TO]
        begins = [renamed.get(_key(str(props["name"])))]
        place_start = starts.get(str(props["jurisdiction"]))
        if isinstance(place_start, str):
            begins.append(date.fromisoformat(place_start))
        start = max((d for d in begins if d is not None), default=None)
        props["valid_from"] = _iso(start)
        props["valid_to"] = _iso(full[0].effective) if full else None


# --- inferred edges -------------------------------------------------------------------


def infer_place(b: Builder, node: Node, places: Mapping[str, tuple[Span, ...]]) -> None:
    """A document gains its successor provinces, each edge valid from its succession's day
    to the next; what the document prints stays."""
    where = node.get("jurisdiction")
    if node.type is NodeType.DOCUMENT and isinstance(where, str) and where in places:
        for new, start, end in places[where]:
            b.edge(_inferred(node.id, EdgeType.IN_JURISDICTION, new, start, end))


def infer_roles(b: Builder, agencies: Mapping[str, tuple[Span, ...]]) -> None:
    """Tasks gain their bodies' successors, as :func:`infer_place` does for documents."""
    for edge in [e for e in b.edges.values() if e.type in _ROLE_EDGES]:
        if edge.get("inferred") == INFERRED or edge.target not in agencies:
            continue
        for new, start, end in agencies[edge.target]:
            role = edge.get("role")
            b.edge(_inferred(edge.source, edge.type, new, start, end, role=role))


def _spans(steps: Sequence[Step]) -> Iterable[Span]:
    full = [s for s in steps if s.edge is not EdgeType.SPLIT_TO]
    for i, s in enumerate(full):
        end = full[i + 1].effective.isoformat() if i + 1 < len(full) else None
        yield s.new, s.effective.isoformat(), end


def _inferred(
    source: str, edge: EdgeType, target: str, start: str, end: str | None, **props: Value
) -> Edge:
    return make_edge(
        source, edge, target, None, inferred=INFERRED, valid_from=start, valid_to=end, **props
    )


# --- reading it back: what holds on a day ----------------------------------------------


def holds(props: Mapping[str, object], day: date | None) -> bool:
    """Whether an edge holds on ``day``: one a document states always does (provenance is
    never rewritten); one a succession infers from its ``valid_from`` to its ``valid_to``.
    ``day`` ``None`` asks for the graph as printed: no inferred edge."""
    if props.get("inferred") != INFERRED:
        return True
    if day is None:
        return False
    start, end = props.get("valid_from"), props.get("valid_to")
    iso = day.isoformat()
    return (not isinstance(start, str) or start <= iso) and (not isinstance(end, str) or iso < end)


class Timeline:
    """The successions of a built graph, to follow a place or body to a day."""

    def __init__(self, graph: PolicyGraph) -> None:
        self.graph = graph
        self.next: dict[str, list[Edge]] = {}
        self.place_ids: dict[str, str] = {}
        self.replacers: dict[str, list[str]] = {}
        for e in graph.edges:
            if e.type in SUCCESSION_EDGES:
                self.next.setdefault(e.source, []).append(e)
            elif e.type is EdgeType.REPLACES:
                self.replacers.setdefault(e.target, []).append(e.source)
        for n in graph.nodes:
            if n.type is NodeType.JURISDICTION and isinstance(n.get("name"), str):
                self.place_ids[str(n.get("name"))] = n.id

    def chain(self, node_id: str, day: date | None) -> tuple[Edge, ...]:
        """The succession edges from ``node_id`` to what it is on ``day`` (``()``: itself)."""
        if day is None:
            return ()
        out: list[Edge] = []
        current, seen = node_id, {node_id}
        iso = day.isoformat()
        while True:
            steps = [e for e in self.next.get(current, ()) if str(e.get("valid_from")) <= iso]
            if not steps:
                return tuple(out)
            step = min(steps, key=lambda e: (str(e.get("valid_from")), e.target))
            if step.target in seen:
                return tuple(out)
            out.append(step)
            current = step.target
            seen.add(current)

    def now(self, node_id: str, day: date | None) -> str:
        """What ``node_id`` is on ``day``: itself or its last successor."""
        chain = self.chain(node_id, day)
        return chain[-1].target if chain else node_id

    def province(self, name: str | None, day: date | None) -> str | None:
        """The province that ``name`` belongs to on ``day`` (as the graph names it)."""
        if name is None or name not in self.place_ids:
            return name
        pid = self.now(self.place_ids[name], day)
        return str(self.graph.node(pid).get("name"))

    def replaced_by(self, doc_id: str, day: date | None) -> str | None:
        """The document that replaced ``doc_id`` on or before ``day``, if any: a replaced
        plan is out of force from the replacing one's date (an undated one replaces
        nothing yet, as far as the graph knows)."""
        if day is None:
            return None
        iso = day.isoformat()
        # Dates compare as the ISO strings they are, as SPARQL and Cypher compare them.
        dated = sorted(
            (str(d), r)
            for r in self.replacers.get(doc_id, ())
            if isinstance(d := self.graph.node(r).get("date"), str) and d <= iso
        )
        return dated[0][1] if dated else None

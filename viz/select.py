"""Which nodes and edges each view shows: pure functions of the graph, no HTML.

Each function returns a :class:`Selection` that :func:`policykg.viz.view.render` draws.

Views are drawn as of today: a node of a province that has since become another is of
"Thái Bình (now Hưng Yên)", which the page's province filter shows under either name,
and an agency view shows the bodies that have a merged body's tasks now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from policykg.graph.ids import readable_key
from policykg.graph.model import DOCUMENT_RELATIONS, Edge, EdgeType, Node, NodeType, PolicyGraph
from policykg.graph.succession import Timeline
from policykg.queries.ids import province_name

if TYPE_CHECKING:
    # networkx, and the queries on it, only for the views of a loaded graph: importing it
    # took 0.14 s of `view all`, which reads the store instead.
    import networkx as nx

__all__ = [
    "ALL_LIMIT",
    "ALL_TITLE",
    "ALL_TYPES",
    "Selection",
    "agency_view",
    "all_note",
    "all_view",
    "cascade_view",
    "document_view",
    "forget_timeline",
    "lineage_view",
    "province_of",
    "timeline",
]

# Jurisdictions, people and indicators would tie every node to a few hubs: `view all`
# leaves them out.
ALL_TYPES = frozenset({NodeType.DOCUMENT, NodeType.TASK, NodeType.AGENCY, NodeType.TARGET})
# Above this many nodes `view all` keeps the documents only (a 2,000-document store has
# some 80,000 tasks, agencies and targets: no page draws them usably).
ALL_LIMIT = 5_000
ALL_TITLE = "The whole graph"
DUTIES = (EdgeType.LED_BY, EdgeType.COORDINATED_BY)
REFERENCES = frozenset(DOCUMENT_RELATIONS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """What one view draws, and how."""

    title: str
    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]
    focus: str | None = None
    hierarchical: bool = False
    note: str | None = None  # said under the title: what was left out


# The province a name has become, said after it: "Thái Bình (now Hưng Yên)".
NOW = "{printed} (now {now})"


def province_of(graph: PolicyGraph, node: Node, *, as_of: date | None = None) -> str | None:
    """A node's province; a task's or a target's is its document's. One that has become
    another by ``as_of`` (today if not given) says so: ``Thái Bình (now Hưng Yên)``."""
    where = _printed_province(graph, node)
    if where is None:
        return None
    now = timeline(graph).province(where, as_of or date.today())
    return where if now in (None, where) else NOW.format(printed=where, now=now)


def _printed_province(graph: PolicyGraph, node: Node) -> str | None:
    where = node.get("jurisdiction")
    if where is None and node.type in (NodeType.TASK, NodeType.TARGET):
        doc = node.get("document")
        if isinstance(doc, str) and doc in graph:
            where = graph.node(doc).get("jurisdiction")
    return where if isinstance(where, str) else None


_TIMELINE: list[Timeline] = []


def timeline(graph: PolicyGraph) -> Timeline:
    """The successions of ``graph``, made once for the graph a page draws from."""
    if not _TIMELINE or _TIMELINE[0].graph is not graph:
        _TIMELINE[:] = [Timeline(graph)]
    return _TIMELINE[0]


def forget_timeline() -> None:
    """Drop the successions kept by :func:`timeline`, and the graph they hold, once its page
    is drawn: alive to the end of the process, a graph is walked by the interpreter's last
    collection (0.7 s for the 100,000 edges of ``view all`` at 10,000 documents)."""
    _TIMELINE.clear()


def _edges(graph: PolicyGraph, keys: Iterable[tuple[str, str, str]]) -> tuple[Edge, ...]:
    found = (graph.edge(*k) for k in keys)
    return tuple(sorted((e for e in found if e is not None), key=lambda e: e.key))


def _selection(
    start: str, edges: tuple[Edge, ...], *, title: str, hierarchical: bool, note: str | None = None
) -> Selection:
    nodes = sorted({start} | {end for e in edges for end in (e.source, e.target)})
    return Selection(
        title=title,
        nodes=tuple(nodes),
        edges=edges,
        focus=start,
        hierarchical=hierarchical,
        note=note,
    )


def lineage_view(graph: PolicyGraph, g: nx.MultiDiGraph, start: str) -> Selection:
    """Every path from a task or document up to the directives it answers."""
    from policykg.queries.lineage import lineage

    found = lineage(g, start)
    note = "lineage truncated: too many paths" if found.truncated else None
    return _selection(
        start,
        _edges(graph, found.edge_set),
        title=f"Lineage of {readable_key(graph, start)}",
        hierarchical=True,
        note=note,
    )


def cascade_view(
    graph: PolicyGraph, g: nx.MultiDiGraph, directive: str, *, province: str | None = None
) -> Selection:
    """Every document and task below a directive; with ``province``, only that province's
    implementers and the documents that join them to the directive."""
    from policykg.queries.cascade import cascade

    entries = cascade(g, directive).entries
    title = f"Cascade of {readable_key(graph, directive)}"
    if province is not None:
        where = province_name(province)
        title += f" in {where}"
        parent = {e.node: e for e in entries}
        kept: dict[str, object] = {}
        today = date.today()
        for e in entries:
            printed = _printed_province(graph, graph.node(e.node))
            if where not in (printed, timeline(graph).province(printed, today)):
                continue
            node: str | None = e.node
            while node is not None and node not in kept and node in parent:
                kept[node] = None
                node = parent[node].via
        entries = tuple(e for e in entries if e.node in kept)
    keys = ((e.node, e.edge.value, e.via) for e in entries)
    return _selection(directive, _edges(graph, keys), title=title, hierarchical=True)


def agency_view(graph: PolicyGraph, g: nx.MultiDiGraph, agencies: Iterable[str]) -> Selection:
    """Agencies, the tasks they lead or coordinate, and the documents of those tasks."""
    ids = sorted(agencies)
    duties = {d.value for d in DUTIES}
    keys: set[tuple[str, str, str]] = set()
    for agency in ids:
        for task, _, key in g.in_edges(agency, keys=True):
            if key in duties:
                keys.add((task, key, agency))
                doc = graph.node(task).get("document")
                if isinstance(doc, str):
                    keys.add((task, EdgeType.PART_OF.value, doc))
    for agency in ids:  # the bodies that have its duties now
        keys.update(e.key for e in timeline(graph).chain(agency, date.today()))
    names = ", ".join(sorted({readable_key(graph, a) for a in ids}))
    edges = _edges(graph, keys)
    selection = _selection(ids[0], edges, title=f"Tasks of {names}", hierarchical=False)
    nodes = tuple(sorted({*selection.nodes, *ids}))
    focus = ids[0] if len(ids) == 1 else None
    return Selection(title=selection.title, nodes=nodes, edges=edges, focus=focus)


def document_view(graph: PolicyGraph, g: nx.MultiDiGraph, doc: str) -> Selection:
    """A document, its tasks and targets, who leads them, and what it and they refer to."""
    keys: set[tuple[str, str, str]] = set()
    parts = [doc]
    for part, _, key in g.in_edges(doc, keys=True):
        if key == EdgeType.PART_OF.value:
            keys.add((part, key, doc))
            parts.append(part)
    wanted = {*(d.value for d in DUTIES), EdgeType.ISSUED_BY.value}
    wanted |= {r.value for r in REFERENCES}
    for source in parts:
        for _, target, key in g.out_edges(source, keys=True):
            if key in wanted:
                keys.add((source, key, target))
    return _selection(
        doc, _edges(graph, keys), title=f"Document {readable_key(graph, doc)}", hierarchical=False
    )


def all_view(graph: PolicyGraph, *, limit: int = ALL_LIMIT) -> Selection:
    """The whole graph but jurisdictions, people and indicators; the documents alone when
    that is more than ``limit`` nodes (:func:`policykg.viz.slices.all_view` reads the same
    from a store without loading it)."""
    over = sum(1 for n in graph.nodes if n.type in ALL_TYPES) > limit
    types = frozenset({NodeType.DOCUMENT}) if over else ALL_TYPES
    nodes = tuple(n.id for n in graph.nodes if n.type in types)
    ids = set(nodes)
    edges = tuple(e for e in graph.edges if e.source in ids and e.target in ids)
    return Selection(title=ALL_TITLE, nodes=nodes, edges=edges, note=all_note(over, limit))


def all_note(documents_only: bool, limit: int) -> str:
    """What ``view all`` leaves out, said under its title."""
    left_out = "jurisdictions, people and indicators left out"
    if not documents_only:
        return left_out
    return f"documents only (tasks, agencies and targets are over {limit:,} nodes); {left_out}"

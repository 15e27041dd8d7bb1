"""The part of a stored graph that a view draws, read from the open graph file.

``view all`` drew from the whole graph loaded: at 10,000 documents (383,000 nodes and a
million edges) it took 31 s and 2.3 GB, most of it loading. Here the view's nodes and the
edges among them are read by index (4 s and 0.5 GB), with what drawing them reads from the
rest of the graph (:class:`policykg.viz.drawing.Context`): the documents of its tasks, the
bodies that lead its tasks or issue its documents, every province and what it became, and
how many edges point at each node. The page is the one drawn from the whole graph
(tests/test_view_scale.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from policykg.graph.graphdb import Reader
from policykg.graph.model import DOCUMENT_RELATIONS, Edge, EdgeType, Node, NodeType, PolicyGraph
from policykg.viz.drawing import IMPORTANCE
from policykg.viz.select import ALL_LIMIT, ALL_TITLE, DUTIES, Selection, all_note

__all__ = ["Slice", "all_view", "incoming"]

# The edges from a place to what it became (graph.succession.Timeline follows them).
SUCCESSIONS = (EdgeType.SUCCEEDED_BY, EdgeType.MERGED_INTO, EdgeType.SPLIT_TO)
# The one type of node each edge type ends at (ontology/vocabulary.py; a test checks them on
# the bundled corpus). The view's edges are read only of the types that end at what it
# shows: the 10,000 signatures and 10,000 places of 10,000 documents are not its edges.
ENDS_AT: dict[EdgeType, NodeType] = {
    **{t: NodeType.DOCUMENT for t in (*DOCUMENT_RELATIONS, EdgeType.PART_OF)},
    EdgeType.MEASURES: NodeType.INDICATOR,
    EdgeType.LED_BY: NodeType.AGENCY,
    EdgeType.COORDINATED_BY: NodeType.AGENCY,
    EdgeType.ISSUED_BY: NodeType.AGENCY,
    EdgeType.SIGNED_BY: NodeType.PERSON,
    EdgeType.SUB_ORGANIZATION_OF: NodeType.AGENCY,
    EdgeType.IN_JURISDICTION: NodeType.JURISDICTION,
}
# ALL_TYPES, smallest first: reading stops once the view is over its limit, before the
# many tasks (a test checks that every one of ALL_TYPES is here).
FETCH_ORDER = (NodeType.DOCUMENT, NodeType.AGENCY, NodeType.TARGET, NodeType.TASK)


@dataclass(frozen=True, slots=True, kw_only=True)
class Slice:
    """A view read from a store: what :func:`policykg.viz.view.render_slice` draws."""

    graph: PolicyGraph  # the view's nodes and what drawing them reads (not its edges)
    selection: Selection
    importance: dict[str, int]  # edges of drawing.IMPORTANCE at each node, whole graph


def all_view(reader: Reader, *, limit: int = ALL_LIMIT) -> Slice:
    """:func:`policykg.viz.select.all_view` of the stored graph, without loading it."""
    found: dict[NodeType, list[Node]] = {}
    over = False
    for kind in FETCH_ORDER:
        found[kind] = reader.nodes_of_type(kind)
        if sum(map(len, found.values())) > limit:
            found, over = {NodeType.DOCUMENT: found[NodeType.DOCUMENT]}, True
            break
    shown = sorted((n for nodes in found.values() for n in nodes), key=lambda n: n.id)
    ids = {n.id for n in shown}
    # A task's duties are said in its tooltip, its bodies shown or not.
    kinds = {t for t in EdgeType if t not in ENDS_AT or ENDS_AT[t] in found} | set(DUTIES)
    leaving = reader.edges(ids, kinds)
    among = sorted((e for e in leaving if e.target in ids), key=lambda e: e.key)
    selection = Selection(
        title=ALL_TITLE,
        nodes=tuple(n.id for n in shown),
        edges=tuple(among),
        note=all_note(over, limit),
    )
    read = [e for e in leaving if e.type in DUTIES]
    return Slice(
        graph=_drawn_from(reader, shown, read),
        selection=selection,
        importance=incoming(reader, ids, IMPORTANCE),
    )


def _drawn_from(reader: Reader, shown: list[Node], duties: list[Edge]) -> PolicyGraph:
    """``shown`` and what drawing it reads besides its edges (``Context.of``): each task's
    document, the bodies of its tasks' ``duties``, the issuers of its documents that name
    no province (a central issuer makes one national), and every place with what it
    became (its province now)."""
    ids = {n.id for n in shown}
    docs = reader.nodes({str(n.get("document")) for n in shown if n.get("document")} - ids)
    unplaced = [
        n.id
        for n in (*shown, *docs)
        if n.type is NodeType.DOCUMENT and n.get("jurisdiction") is None
    ]
    read = [*duties, *reader.edges(unplaced, [EdgeType.ISSUED_BY])]
    places = reader.nodes_of_type(NodeType.JURISDICTION)
    timed = reader.edges([p.id for p in places], SUCCESSIONS)
    have = ids | {n.id for n in docs} | {p.id for p in places}
    bodies = reader.nodes({e.target for e in read} - have)
    nodes = {n.id: n for n in (*shown, *docs, *places, *bodies)}
    edges = {e.key: e for e in (*read, *timed) if e.target in nodes}
    return PolicyGraph(
        nodes=tuple(nodes[i] for i in sorted(nodes)),
        edges=tuple(edges[k] for k in sorted(edges)),
    )


def incoming(reader: Reader, ids: Iterable[str], types: Iterable[EdgeType]) -> dict[str, int]:
    """How many edges of ``types`` arrive at each of ``ids`` (none: left out), counted in
    the file's index without decoding an edge: decoding the 460,000 edges that point at
    10,000 documents took 8 s."""
    return reader.degrees(ids, types, incoming=True)

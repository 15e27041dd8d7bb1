"""Self-contained HTML views of part of the policy graph, drawn by vis-network.

A view is one HTML file that opens without a network (:mod:`policykg.viz.page`). Each
node and edge is a vis-network record (:mod:`policykg.viz.drawing`); a view too large to
simulate in the browser comes laid out (:mod:`policykg.viz.layout`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from policykg.errors import InputError
from policykg.files import atomic_write
from policykg.graph.model import Edge, PolicyGraph
from policykg.loaders.places import CENTRAL
from policykg.viz import layout
from policykg.viz.drawing import Context, vis_edge, vis_node, vis_options
from policykg.viz.page import page
from policykg.viz.select import Selection, forget_timeline
from policykg.viz.slices import Slice

__all__ = ["LARGE_VIEW", "render", "render_slice", "write_view"]

# Views with more nodes than this are laid out before the page is written, physics off.
LARGE_VIEW = 300


def render(
    graph: PolicyGraph,
    node_ids: Iterable[str],
    *,
    title: str,
    focus: str | None = None,
    edges: Iterable[Edge] | None = None,
    hierarchical: bool = False,
    note: str | None = None,
    importance: Mapping[str, int] | None = None,
) -> str:
    """Return a self-contained HTML page drawing ``node_ids`` and the edges among them.

    Views of more than :data:`LARGE_VIEW` nodes are laid out here, before the page is
    written (provinces side by side, or rows by level for a hierarchical view), and drawn
    with physics off, so the browser has nothing to simulate.

    Args:
        node_ids: the nodes to draw; the ends of ``edges`` and ``focus`` are added.
        title: the page title and heading.
        focus: a node drawn larger with a heavy border (the one the view is about).
        edges: draw exactly these edges instead of every edge of ``graph`` among the nodes.
        hierarchical: lay the graph out in levels, sources of edges below their targets
            (a lineage reads upwards to the national document), instead of by forces.
        note: said under the heading (what the view leaves out).
        importance: how many edges of :data:`policykg.viz.drawing.IMPORTANCE` point at
            each node (none: left out) in the whole graph, when ``graph`` holds only what
            the view reads (:mod:`policykg.viz.slices`); counted in ``graph`` if not given.

    Raises:
        InputError: a node id (given, focus or an edge end) that is not in ``graph``.
    """
    ids = set(node_ids)
    if focus is not None:
        ids.add(focus)
    if edges is None:
        shown = [e for e in graph.edges if e.source in ids and e.target in ids]
    else:
        shown = list({e.key: e for e in edges}.values())
        ids.update(end for e in shown for end in (e.source, e.target))
    missing = sorted(i for i in ids if i not in graph)
    if missing:
        raise InputError(f"no node {missing[0]!r} in the graph")
    nodes = [graph.node(node_id) for node_id in sorted(ids)]
    shown.sort(key=lambda e: e.key)

    context = Context.of(graph, ids, importance=importance)
    large = len(nodes) > LARGE_VIEW
    records = [vis_node(node, context, focus=node.id == focus) for node in nodes]
    if large:
        where = layout.positions(nodes, shown, context, focus=focus, hierarchical=hierarchical)
        for record in records:
            record["x"], record["y"] = where[record["id"]]
    data = {
        "nodes": records,
        "edges": [vis_edge(edge, context) for edge in shown],
        "options": vis_options(
            hierarchical=hierarchical and not large, laid_out=large, count=len(nodes)
        ),
        "national": CENTRAL,  # the province whose documents every filter keeps
    }
    count = f"{len(nodes)} nodes, {len(shown)} edges"
    if focus is not None:
        count += f" · focus: {context.keys[focus]}"
    if note:
        count += f" · {note}"
    forget_timeline()
    return page(title=title, count=count, nodes=nodes, edges=shown, context=context, data=data)


def render_selection(
    graph: PolicyGraph, s: Selection, importance: Mapping[str, int] | None = None
) -> str:
    """The page of a view (:mod:`policykg.viz.select`)."""
    return render(
        graph,
        s.nodes,
        title=s.title,
        focus=s.focus,
        edges=s.edges,
        hierarchical=s.hierarchical,
        note=s.note,
        importance=importance,
    )


def render_slice(view: Slice) -> str:
    """The page of a view read from a store (:mod:`policykg.viz.slices`): the page
    :func:`render` draws of the same view from the whole graph."""
    return render_selection(view.graph, view.selection, view.importance)


def write_view(html: str, path: str | Path) -> None:
    """Write a page to ``path`` atomically: readers see the old file or the new one.

    Raises:
        InputError: the file cannot be written (missing folder, permissions, full disk).
    """
    atomic_write(path, html, what="view")

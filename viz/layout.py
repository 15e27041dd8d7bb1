"""Positions for the views too large to simulate in the browser (over
:data:`policykg.viz.view.LARGE_VIEW` nodes): they are drawn with physics off.

Both layouts take one pass over the nodes and edges and a sort, and depend on nothing
but the view: equal views get equal positions.
"""

from __future__ import annotations

import math

from policykg.graph.model import Edge, Node, NodeType
from policykg.loaders.places import CENTRAL
from policykg.viz.drawing import Context

__all__ = ["positions"]

SPACING = 90.0  # between neighbouring nodes, in vis-network's pixels at scale 1
ROW_WIDTH = 60  # nodes in one row of a level before it wraps
LEVEL_GAP = 260.0
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
TYPE_ORDER = {t: i for i, t in enumerate(NodeType)}


def positions(
    nodes: list[Node],
    edges: list[Edge],
    context: Context,
    *,
    focus: str | None,
    hierarchical: bool,
) -> dict[str, tuple[float, float]]:
    """Where each node is drawn: rows by level for a hierarchical view of a focus,
    provinces side by side otherwise."""
    if hierarchical and focus is not None:
        return _rows(nodes, edges, context, focus)
    return _clusters(nodes, context)


def _clusters(nodes: list[Node], context: Context) -> dict[str, tuple[float, float]]:
    """Provinces side by side, each a disc with its most implemented documents at the
    centre (a sunflower spiral): linear time, and the province filter shows one disc."""
    groups: dict[str, list[Node]] = {}
    for node in nodes:
        groups.setdefault(context.province.get(node.id, ""), []).append(node)
    order = sorted(groups, key=lambda p: (p != CENTRAL, -len(groups[p]), p))
    radius = {p: SPACING * math.sqrt(len(groups[p])) + SPACING for p in order}
    shelf = math.sqrt(sum((2 * r) ** 2 for r in radius.values())) * 1.3
    where: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for province in order:
        r = radius[province]
        if x > 0 and x + 2 * r > shelf:
            x, y, row_height = 0.0, y + row_height + SPACING, 0.0
        cx, cy = x + r, y + r
        members = sorted(
            groups[province],
            key=lambda n: (TYPE_ORDER[n.type], -context.importance.get(n.id, 0), n.id),
        )
        for i, node in enumerate(members):
            d = SPACING * math.sqrt(i)
            a = i * GOLDEN_ANGLE
            where[node.id] = (round(cx + d * math.cos(a), 1), round(cy + d * math.sin(a), 1))
        x += 2 * r + SPACING
        row_height = max(row_height, 2 * r)
    return where


def _rows(
    nodes: list[Node], edges: list[Edge], context: Context, focus: str
) -> dict[str, tuple[float, float]]:
    """Rows by distance from the focus: a cascade hangs below its directive, a lineage
    climbs above its task."""
    adjacent: dict[str, set[str]] = {}
    for e in edges:
        adjacent.setdefault(e.source, set()).add(e.target)
        adjacent.setdefault(e.target, set()).add(e.source)
    level = {focus: 0}
    frontier = [focus]
    while frontier:
        nxt = []
        for here in frontier:
            for other in sorted(adjacent.get(here, ())):
                if other not in level:
                    level[other] = level[here] + 1
                    nxt.append(other)
        frontier = nxt
    deepest = max(level.values()) + 1
    upwards = any(e.source == focus for e in edges) and not any(e.target == focus for e in edges)
    by_level: dict[int, list[Node]] = {}
    for node in nodes:
        by_level.setdefault(level.get(node.id, deepest), []).append(node)
    where: dict[str, tuple[float, float]] = {}
    y = 0.0
    for depth in sorted(by_level):
        members = sorted(
            by_level[depth],
            key=lambda n: (context.province.get(n.id, ""), TYPE_ORDER[n.type], n.id),
        )
        for start in range(0, len(members), ROW_WIDTH):
            row = members[start : start + ROW_WIDTH]
            width = (len(row) - 1) * SPACING * 1.6
            for i, member in enumerate(row):
                x = i * SPACING * 1.6 - width / 2
                where[member.id] = (round(x, 1), round(-y if upwards else y, 1))
            y += SPACING
        y += LEVEL_GAP - SPACING
    return where

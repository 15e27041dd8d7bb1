"""Self-contained HTML views of part of the policy graph, drawn by vis-network via pyvis.

A view is one HTML file that opens without a network: the vis-network script and style
that pyvis ships are inlined, and nothing is fetched from a CDN. pyvis builds the node
and edge records; the page around them is ours, because pyvis's own template always
links Bootstrap from a CDN and writes the heading unescaped.

Every string from a document (titles, quotes, agency names) reaches the page in one of
two ways, both inert:

- inside the ``<script>`` data, as JSON with ``<``, ``>`` and ``&`` written as ``\\u003c``,
  ``\\u003e`` and ``\\u0026``, so no quote can close the script element; vis-network 9
  shows a string ``title`` with ``innerText`` and draws labels on the canvas, so none of
  it is ever parsed as HTML;
- in the heading and legend, through :func:`html.escape`.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.files import atomic_write
from policykg.graph.model import Edge, EdgeType, Node, NodeType, PolicyGraph, Value
from policykg.loaders.codes import KIND_WORDS
from policykg.loaders.places import fold
from policykg.viz.select import province_of

__all__ = ["LARGE_VIEW", "render", "write_view"]

NATIONAL = "Trung ương"

# The version of vis-network bundled with pyvis 0.3.2 (its templates/lib folder).
VIS_VERSION = "9.1.2"


@dataclass(frozen=True, slots=True, kw_only=True)
class Style:
    """How one kind of node is drawn, and its line in the legend."""

    legend: str
    colour: str
    shape: str
    font_colour: str = "#1c2833"


# Shapes that hold their label inside (box, ellipse) are used for the nodes people read
# first; the others carry the label underneath.
NODE_STYLES: dict[NodeType, Style] = {
    NodeType.DOCUMENT: Style(legend="Document (local)", colour="#e67e22", shape="box"),
    NodeType.TASK: Style(legend="Task", colour="#5dade2", shape="ellipse"),
    NodeType.TARGET: Style(legend="Target", colour="#58d68d", shape="diamond"),
    NodeType.AGENCY: Style(legend="Agency", colour="#a569bd", shape="hexagon"),
    NodeType.JURISDICTION: Style(legend="Jurisdiction", colour="#95a5a6", shape="triangle"),
    NodeType.PERSON: Style(legend="Person", colour="#f4d03f", shape="dot"),
    NodeType.INDICATOR: Style(legend="Indicator", colour="#48c9b0", shape="star"),
}
NATIONAL_DOCUMENT = Style(
    legend=f"Document ({NATIONAL})", colour="#b03a2e", shape="box", font_colour="#ffffff"
)
UNLOADED_FILL = "#ffffff"
LABEL_INSIDE = frozenset({"box", "ellipse"})  # sized by their label, not by ``size``

# A document's kind as printed on it (the first, shortest word of each kind).
KIND_NAMES: dict[str, str] = {}
for _word, _kind in KIND_WORDS.items():
    KIND_NAMES.setdefault(_kind.value, _word[:1].upper() + _word[1:])

# Views with more nodes than this are laid out before the page is written, physics off.
LARGE_VIEW = 300
SETTLE_QUICKLY = 100  # above this many nodes, a simulated view settles in fewer steps
# A node's importance: how many documents, tasks or targets point at it by these.
IMPORTANCE = frozenset({EdgeType.IMPLEMENTS, EdgeType.PART_OF, EdgeType.LED_BY})
DUTIES = (EdgeType.LED_BY, EdgeType.COORDINATED_BY)

EDGE_COLOURS: dict[EdgeType, str] = {
    EdgeType.IMPLEMENTS: "#b03a2e",
    EdgeType.REPLACES: "#1b2631",
    EdgeType.AMENDS: "#ca6f1e",
    EdgeType.IS_BASED_ON: "#7d3c98",
    EdgeType.CITES: "#99a3a4",
    EdgeType.PART_OF: "#5d6d7e",
    EdgeType.MEASURES: "#148f77",
    EdgeType.LED_BY: "#6c3483",
    EdgeType.COORDINATED_BY: "#bb8fce",
    EdgeType.ISSUED_BY: "#34495e",
    EdgeType.SIGNED_BY: "#b7950b",
    EdgeType.SUB_ORGANIZATION_OF: "#884ea0",
    EdgeType.IN_JURISDICTION: "#bfc9ca",
}

QUOTE_CHARS = 300
LABEL_CHARS = 32

# Node props shown in a tooltip, in this order and under these names; any other prop
# follows under its own name.
FIELDS = (
    ("number", "number"),
    ("kind", "kind"),
    ("date", "date"),
    ("issuer", "issuer"),
    ("jurisdiction", "province"),
    ("deadline", "deadline"),
    ("document", "document"),
    ("source", "file"),
)
# Props that are the node's name (the tooltip's second line) or said otherwise.
NAME_PROPS = ("title", "name", "text")
HIDDEN_PROPS = frozenset({"loaded", "task_id", *NAME_PROPS})


def render(
    graph: PolicyGraph,
    node_ids: Iterable[str],
    *,
    title: str,
    focus: str | None = None,
    edges: Iterable[Edge] | None = None,
    hierarchical: bool = False,
    note: str | None = None,
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
    nodes = [_node(graph, node_id) for node_id in sorted(ids)]
    shown.sort(key=lambda e: e.key)

    context = _Context.of(graph, ids)
    large = len(nodes) > LARGE_VIEW
    vis_nodes = [_vis_node(node, context, focus=node.id == focus) for node in nodes]
    if large:
        where = _positions(nodes, shown, context, focus=focus, hierarchical=hierarchical)
        for record in vis_nodes:
            record["x"], record["y"] = where[record["id"]]
    vis_edges = [_vis_edge(edge) for edge in shown]
    options = _vis_options(hierarchical=hierarchical and not large, large=large)
    if len(nodes) > SETTLE_QUICKLY:
        # vis-network's improved layout and 300 steps take seconds over 100 nodes.
        options["layout"]["improvedLayout"] = False
        if isinstance(options["physics"].get("stabilization"), dict):
            options["physics"]["stabilization"]["iterations"] = 150

    heading = html.escape(title)
    count = f"{len(nodes)} nodes, {len(shown)} edges"
    if focus is not None:
        count += f" · focus: {_short_label(graph.node(focus))}"
    if note:
        count += f" · {note}"
    values = {
        "NODES": _script_json(vis_nodes),
        "EDGES": _script_json(vis_edges),
        "OPTIONS": _script_json(options),
    }
    script = _PLACEHOLDER_REGEX.sub(lambda m: values[m.group(1)], _SCRIPT)
    provinces = sorted({p for p in (context.province.get(n.id) for n in nodes) if p})
    return _PAGE.format(
        title=heading,
        count=html.escape(count),
        legend=_legend(nodes, shown),
        provinces="\n".join(
            f'<option value="{html.escape(p)}">{html.escape(p)}</option>' for p in provinces
        ),
        vis_css=_vis_asset("vis-network.css"),
        vis_js=_vis_asset("vis-network.min.js"),
        page_css=_PAGE_CSS,
        script=script,
    )


def write_view(html: str, path: str | Path) -> None:
    """Write a page to ``path`` atomically: readers see the old file or the new one.

    Raises:
        InputError: the file cannot be written (missing folder, permissions, full disk).
    """
    atomic_write(path, html, what="view")


# --- nodes and edges -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What a node's drawing needs from the rest of the graph."""

    importance: dict[str, int]  # edges of IMPORTANCE pointing at the node, whole graph
    province: dict[str, str]
    duties: dict[str, dict[EdgeType, list[str]]]  # task -> LED_BY/COORDINATED_BY -> names
    documents: dict[str, Node]  # a task's or target's document

    @classmethod
    def of(cls, graph: PolicyGraph, ids: set[str]) -> _Context:
        importance: Counter[str] = Counter()
        duties: dict[str, dict[EdgeType, list[str]]] = {}
        for e in graph.edges:
            if e.type in IMPORTANCE and e.target in ids:
                importance[e.target] += 1
            if e.type in DUTIES and e.source in ids and e.target in graph:
                names = duties.setdefault(e.source, {}).setdefault(e.type, [])
                names.append(graph.node(e.target).label)
        province: dict[str, str] = {}
        documents: dict[str, Node] = {}
        for node_id in ids:
            node = graph.node(node_id)
            doc = node.get("document")
            if isinstance(doc, str) and doc in graph:
                documents[node_id] = graph.node(doc)
            where = province_of(graph, node)
            if where:
                province[node_id] = where
        return cls(dict(importance), province, duties, documents)


def _node(graph: PolicyGraph, node_id: str) -> Node:
    if node_id not in graph:
        raise InputError(f"no node {node_id!r} in the graph")
    return graph.node(node_id)


def _is_national(node: Node) -> bool:
    return node.get("jurisdiction") == NATIONAL or node.id.startswith("doc/tw/")


def _is_unloaded(node: Node) -> bool:
    return node.type is NodeType.DOCUMENT and node.get("loaded") is False


def _style(node: Node) -> Style:
    if node.type is NodeType.DOCUMENT and _is_national(node):
        return NATIONAL_DOCUMENT
    return NODE_STYLES[node.type]


def _text(value: Value) -> str:
    if isinstance(value, tuple):
        return "; ".join(value)
    return str(value)


def _trim(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _kind_name(node: Node) -> str | None:
    form = node.get("form")
    if isinstance(form, str) and form:
        return form
    kind = node.get("kind")
    return KIND_NAMES.get(kind) if isinstance(kind, str) else None


def _file_stem(node: Node) -> str | None:
    source = node.get("source")
    if not isinstance(source, str):
        return None
    return source.rsplit(".", 1)[0]


def _short_label(node: Node) -> str:
    match node.type:
        case NodeType.DOCUMENT:
            short = node.get("number") or _file_stem(node) or node.label
        case NodeType.TASK:
            task_id = node.get("task_id")
            short = f"Task {task_id}" if task_id else node.label
        case NodeType.AGENCY:
            short = node.get("name") or node.label
        case _:
            short = node.label
    return _trim(_text(short), LABEL_CHARS)


def _label(node: Node) -> str:
    """The text drawn on the node: a document's number over its kind (``57-NQ/TW`` /
    ``Nghị quyết``)."""
    label = _short_label(node)
    kind = _kind_name(node) if node.type is NodeType.DOCUMENT else None
    return f"{label}\n{kind}" if kind else label


def _search_keys(node: Node, context: _Context) -> str:
    keys = [node.id, node.label, _short_label(node)]
    for prop in ("number", "source", "name", "task_id"):
        value = node.get(prop)
        if isinstance(value, str):
            keys.append(value)
    stem = _file_stem(node)
    if stem:
        keys.append(stem)
    doc = context.documents.get(node.id)
    if node.type is NodeType.TASK and doc is not None:
        for name in (doc.get("source"), doc.get("number"), _file_stem(doc)):
            if isinstance(name, str):
                keys.append(f"{name}#{node.get('task_id')}")
    return "\n".join(dict.fromkeys(fold(k) for k in keys if k))


def _node_tooltip(node: Node, context: _Context) -> str:
    head = node.type.value
    if node.type is NodeType.DOCUMENT:
        head += " · " + (NATIONAL if _is_national(node) else "local")
    lines = [head]
    name = next((node.get(p) for p in NAME_PROPS if node.get(p)), None) or node.label
    lines.append(_trim(_text(name), QUOTE_CHARS))
    if node.type is NodeType.TASK and node.get("task_id"):
        lines.append(f"task: {_text(node.get('task_id'))}")
    for edge_type, caption in ((EdgeType.LED_BY, "lead"), (EdgeType.COORDINATED_BY, "with")):
        names = context.duties.get(node.id, {}).get(edge_type)
        if names:
            lines.append(f"{caption}: {_trim('; '.join(sorted(names)), QUOTE_CHARS)}")
    shown = {key for key, _ in FIELDS}
    doc = context.documents.get(node.id)
    for key, caption in FIELDS:
        value = node.get(key)
        if key == "document" and doc is not None:
            value = doc.get("number") or doc.get("source") or doc.label
        elif key == "jurisdiction" and value is None and doc is not None:
            value = doc.get("jurisdiction")
        if value is not None:
            if key == "jurisdiction" and value == NATIONAL:
                caption = "jurisdiction"
            lines.append(f"{caption}: {_trim(_text(value), QUOTE_CHARS)}")
    for key, value in node.props:
        if key not in shown and key not in HIDDEN_PROPS:
            lines.append(f"{key}: {_trim(_text(value), QUOTE_CHARS)}")
    if _is_unloaded(node):
        lines.append("not loaded: known only from references")
    lines.append(f"id: {node.id}")
    return "\n".join(lines)


def _edge_tooltip(edge: Edge) -> str:
    lines = [edge.type.value, f"{edge.source} → {edge.target}"]
    if edge.evidence is not None:
        ev = edge.evidence
        lines.append(f"“{_trim(ev.quote, QUOTE_CHARS)}”")
        lines.append(f"file: {ev.source}, characters {ev.span.start}–{ev.span.end}")
        if ev.section:
            lines.append("section: " + " › ".join(ev.section))
    for key, value in edge.props:
        lines.append(f"{key}: {_trim(_text(value), QUOTE_CHARS)}")
    return "\n".join(lines)


def _grow(count: int, step: float, most: int) -> int:
    """How much bigger a node with ``count`` implementers is drawn: logarithmic and
    capped, so a directive with 2,000 implementers does not cover the page."""
    return min(most, round(step * math.log2(1 + count)))


def _vis_node(node: Node, context: _Context, *, focus: bool) -> dict[str, Any]:
    style = _style(node)
    fill = style.colour
    font_colour = style.font_colour
    weight = context.importance.get(node.id, 0)
    options: dict[str, Any] = {"borderWidth": 1}
    if _is_unloaded(node):
        fill, font_colour = UNLOADED_FILL, "#1c2833"
        options["borderWidth"] = 2
        options["shapeProperties"] = {"borderDashes": [6, 4]}
    font: dict[str, Any] = {"color": font_colour, "size": 14}
    if style.shape in LABEL_INSIDE:
        font["size"] = 14 + _grow(weight, 2, 10)
        # Long names (named programmes, agencies) wrap instead of running into neighbours.
        options["widthConstraint"] = {"maximum": 160}
    else:
        options["size"] = 14 + _grow(weight, 3, 18)
    if focus:
        options["borderWidth"] = 5
        options["size"] = 40
        options["margin"] = 14
        font["size"] = max(20, font["size"])
    return {
        "id": node.id,
        "label": _label(node),
        "shape": style.shape,
        "color": {
            "background": fill,
            "border": "#17202a" if focus else style.colour,
            "highlight": {"background": fill, "border": "#17202a"},
            "hover": {"background": fill, "border": "#17202a"},
        },
        "font": font,
        "title": _node_tooltip(node, context),
        "ptype": node.type.value,
        "province": context.province.get(node.id, ""),
        "search": _search_keys(node, context),
        "weight": weight,
        **options,
    }


def _vis_edge(edge: Edge) -> dict[str, Any]:
    colour = EDGE_COLOURS[edge.type]
    return {
        "id": "|".join(edge.key),
        "from": edge.source,
        "to": edge.target,
        "label": edge.type.value,
        "relation": edge.type.value,
        "title": _edge_tooltip(edge),
        "color": {"color": colour, "highlight": colour, "hover": colour},
        "dashes": edge.get("inferred") is not None,
    }


def _vis_options(*, hierarchical: bool, large: bool = False) -> dict[str, Any]:
    layout: dict[str, Any] = {"randomSeed": 7, "improvedLayout": not large}
    physics: dict[str, Any]
    if hierarchical:
        layout["hierarchical"] = {
            "enabled": True,
            "direction": "DU",
            "sortMethod": "directed",
            "levelSeparation": 130,
            "nodeSpacing": 170,
        }
        physics = {"enabled": False}
        smooth: dict[str, Any] | bool = {
            "type": "cubicBezier",
            "forceDirection": "vertical",
            "roundness": 0.4,
        }
    elif large:
        # Positions come with the nodes; straight edges are the cheapest to draw.
        physics = {"enabled": False}
        smooth = False
    else:
        physics = {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 140},
            "stabilization": {"iterations": 300},
        }
        smooth = {"type": "dynamic"}
    return {
        "layout": layout,
        "physics": physics,
        "nodes": {"font": {"face": "sans-serif"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 10, "align": "middle", "color": "#4d5656", "face": "sans-serif"},
            "smooth": smooth,
            "width": 1.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
    }


# --- layout of large views -------------------------------------------------------------

SPACING = 90.0  # between neighbouring nodes, in vis-network's pixels at scale 1
ROW_WIDTH = 60  # nodes in one row of a level before it wraps
LEVEL_GAP = 260.0
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
TYPE_ORDER = {t: i for i, t in enumerate(NodeType)}


def _positions(
    nodes: list[Node],
    edges: list[Edge],
    context: _Context,
    *,
    focus: str | None,
    hierarchical: bool,
) -> dict[str, tuple[float, float]]:
    if hierarchical and focus is not None:
        return _rows(nodes, edges, context, focus)
    return _clusters(nodes, context)


def _clusters(nodes: list[Node], context: _Context) -> dict[str, tuple[float, float]]:
    """Provinces side by side, each a disc with its most implemented documents at the
    centre (a sunflower spiral): linear time, and the province filter shows one disc."""
    groups: dict[str, list[Node]] = {}
    for node in nodes:
        groups.setdefault(context.province.get(node.id, ""), []).append(node)
    order = sorted(groups, key=lambda p: (p != NATIONAL, -len(groups[p]), p))
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
    nodes: list[Node], edges: list[Edge], context: _Context, focus: str
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


# --- the page --------------------------------------------------------------------------


def _legend_rows(nodes: list[Node], edges: list[Edge]) -> Iterator[str]:
    present = {n.type for n in nodes}
    styles = {_style(n).legend for n in nodes}
    yield "<h2>Nodes <small>(click to hide or show)</small></h2>\n<ul>"
    for node_type, style in NODE_STYLES.items():
        if node_type not in present:
            continue
        swatches = [style]
        if node_type is NodeType.DOCUMENT:
            swatches = [s for s in (NATIONAL_DOCUMENT, style) if s.legend in styles]
        spans = "".join(
            f'<span class="swatch" title="{html.escape(s.legend)}" '
            f'style="background:{s.colour};border-color:{s.colour}"></span>'
            for s in swatches
        )
        text = " / ".join(s.legend for s in swatches)
        yield (
            f'<li class="pk-type" data-node-type="{node_type.value}" role="button" '
            f'tabindex="0">{spans}{html.escape(text)}</li>'
        )
    if any(_is_unloaded(n) for n in nodes):
        swatch = f"background:{UNLOADED_FILL};border:2px dashed #5d6d7e"
        yield _legend_item("swatch", swatch, "Document not loaded (known from references)")
    yield "</ul>"
    if not edges:
        return
    kinds = {e.type for e in edges}
    yield "<h2>Relations</h2>\n<ul>"
    for edge_type, colour in EDGE_COLOURS.items():
        if edge_type in kinds:
            yield (
                f'<li><label><input type="checkbox" data-filter-relation="{edge_type.value}" '
                f'checked><span class="line" style="border-top-color:{colour}"></span>'
                f"{edge_type.value}</label></li>"
            )
    if any(e.get("inferred") is not None for e in edges):
        line = "border-top-style:dashed;border-top-color:#5d6d7e"
        yield _legend_item("line", line, "inferred (not stated by one sentence)")
    yield "</ul>"


def _legend_item(kind: str, css: str, text: str) -> str:
    return f'<li><span class="{kind}" style="{html.escape(css)}"></span>{html.escape(text)}</li>'


def _legend(nodes: list[Node], edges: list[Edge]) -> str:
    return "\n".join(_legend_rows(nodes, edges))


# JSON inside <script> must not contain "</script" or "<!--" (both end or change the
# script data state), nor U+2028/U+2029 (line ends in older JavaScript parsers).
_SCRIPT_UNSAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _script_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_UNSAFE)


# The bundled stylesheet is mostly PNG icons for the navigation and manipulation buttons,
# which views switch off: dropping them takes it from 220 kB to 15 kB.
_CSS_IMAGE_REGEX = re.compile(r'url\("data:image/[^"]*"\)')


def _vis_asset(name: str) -> str:
    text = (
        resources.files("pyvis")
        .joinpath("templates", "lib", f"vis-{VIS_VERSION}", name)
        .read_text(encoding="utf-8")
    )
    if name.endswith(".css"):
        text = _CSS_IMAGE_REGEX.sub("none", text)
    # Inlined as is, so it must not be able to end its own element.
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise RuntimeError(f"pyvis's {name} cannot be inlined: it contains a closing tag")
    return text


_PAGE_CSS = """
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: sans-serif; color: #1c2833; }
header { padding: 0.5em 1em; border-bottom: 1px solid #d5d8dc; display: flex;
         flex-wrap: wrap; align-items: center; gap: 0.4em 1.5em; }
header h1 { font-size: 1.2em; margin: 0; }
header p { margin: 0; color: #5d6d7e; font-size: 0.85em; }
#pk-tools { display: flex; align-items: center; gap: 0.5em; font-size: 0.85em;
            margin-left: auto; }
#pk-search { width: 16em; }
#pk-search-status { color: #5d6d7e; min-width: 8em; }
#pk-search-status.pk-miss { color: #b03a2e; }
main { flex: 1; display: flex; min-height: 0; }
#network { flex: 1; min-width: 0; position: relative; }
#pk-legend { width: 19em; padding: 0 1em; border-left: 1px solid #d5d8dc; overflow: auto;
          font-size: 0.85em; }
#pk-legend h2 { font-size: 1em; margin: 1em 0 0.4em; }
#pk-legend h2 small { font-weight: normal; color: #5d6d7e; }
#pk-legend ul { list-style: none; margin: 0; padding: 0; }
#pk-legend li { display: flex; align-items: center; gap: 0.5em; margin: 0.25em 0; }
#pk-legend li label { display: flex; align-items: center; gap: 0.5em; cursor: pointer; }
#pk-legend li.pk-type { cursor: pointer; user-select: none; }
#pk-legend li.pk-off { opacity: 0.35; text-decoration: line-through; }
#pk-legend .swatch { width: 1.1em; height: 0.8em; border: 2px solid; border-radius: 2px;
                  flex: none; box-sizing: border-box; }
#pk-legend .line { width: 2em; border-top: 2px solid; flex: none; }
#pk-info { white-space: pre-wrap; font-size: 0.95em; border-top: 1px solid #d5d8dc;
           margin-top: 1em; padding-top: 0.5em; }
div.vis-tooltip { white-space: pre-wrap; max-width: 36em; font-family: sans-serif;
                  font-size: 13px; line-height: 1.35; }
"""

_PLACEHOLDER_REGEX = re.compile(r"/\*(NODES|EDGES|OPTIONS)\*/")

# One pass of _PLACEHOLDER_REGEX fills the data in: nothing in the data is read again.
_SCRIPT = r"""(function () {
  "use strict";
  var nodes = new vis.DataSet(/*NODES*/);
  var edges = new vis.DataSet(/*EDGES*/);
  var options = /*OPTIONS*/;
  var NATIONAL = "Trung ương";
  var container = document.getElementById("network");
  // Data is set after the listeners, so that no event of the first layout is missed.
  var network = new vis.Network(container, {}, options);
  var pk = {network: network, nodes: nodes, edges: edges, ready: false, selected: null};
  window.policykg = pk;

  function markReady() {
    if (pk.ready) { return; }
    pk.ready = true;
    document.body.dataset.state = "ready";
  }
  var simulated = !!(options.physics && options.physics.enabled !== false);
  if (simulated) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  network.setData({nodes: nodes, edges: edges});

  // --- filters: node type (legend), province, relation
  var typeEntries = document.querySelectorAll("#pk-legend [data-node-type]");
  var relationBoxes = document.querySelectorAll("input[data-filter-relation]");
  var provinceSelect = document.getElementById("pk-province");

  function applyFilters() {
    var off = {};
    typeEntries.forEach(function (el) {
      if (el.classList.contains("pk-off")) { off[el.dataset.nodeType] = true; }
    });
    var province = provinceSelect.value;
    var changed = [];
    nodes.forEach(function (n) {
      var hidden = !!off[n.ptype] || (province !== "" && n.province !== "" &&
        n.province !== province && n.province !== NATIONAL);
      if (!!n.hidden !== hidden) { changed.push({id: n.id, hidden: hidden}); }
    });
    nodes.update(changed);
    var shown = {};
    relationBoxes.forEach(function (box) { shown[box.dataset.filterRelation] = box.checked; });
    var changedEdges = [];
    edges.forEach(function (e) {
      var hidden = shown[e.relation] === false;
      if (!!e.hidden !== hidden) { changedEdges.push({id: e.id, hidden: hidden}); }
    });
    edges.update(changedEdges);
  }
  typeEntries.forEach(function (el) {
    function toggle() { el.classList.toggle("pk-off"); applyFilters(); }
    el.addEventListener("click", toggle);
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(); }
    });
  });
  relationBoxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  provinceSelect.addEventListener("change", applyFilters);

  // --- search: number, file name, task id (file#8.1) or name; case and accents ignored
  function fold(text) {
    return text.replace(/Đ/g, "D").replace(/đ/g, "d").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  var RANK = {Document: 0, Task: 1, Agency: 2, Target: 3};
  function find(query) {
    var q = fold(query);
    if (!q) { return null; }
    var best = null, bestScore = null;
    nodes.forEach(function (n) {
      var keys = (n.search || "").split("\n"), level = 3;
      for (var i = 0; i < keys.length; i++) {
        var k = keys[i];
        if (k === q) { level = 0; break; }
        if (level > 1 && k.indexOf(q) === 0) { level = 1; }
        else if (level > 2 && k.indexOf(q) > 0) { level = 2; }
      }
      if (level === 3) { return; }
      var rank = RANK[n.ptype] === undefined ? 9 : RANK[n.ptype];
      var score = level * 10 + rank;
      if (bestScore === null || score < bestScore) { best = n.id; bestScore = score; }
    });
    return best;
  }
  var input = document.getElementById("pk-search");
  var status = document.getElementById("pk-search-status");
  var info = document.getElementById("pk-info");
  function show(id) {
    var n = nodes.get(id);
    info.textContent = n ? n.title : "";
  }
  function search() {
    var id = find(input.value);
    pk.selected = id;
    if (id === null) {
      status.textContent = input.value.trim() ? "no match" : "";
      status.classList.add("pk-miss");
      network.unselectAll();
      return;
    }
    var n = nodes.get(id);
    status.classList.remove("pk-miss");
    status.textContent = n.hidden ? "found (hidden by a filter)" : "found";
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: {duration: 300, easingFunction: "easeInOutQuad"}});
    show(id);
  }
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); search(); }
  });
  document.getElementById("pk-search-go").addEventListener("click", search);

  // A click shows the tooltip's text in the side panel, where it can be read and copied.
  network.on("click", function (params) {
    if (params.nodes.length) { show(params.nodes[0]); return; }
    if (params.edges.length) {
      var e = edges.get(params.edges[0]);
      info.textContent = e ? e.title : "";
      return;
    }
    info.textContent = "";
  });
})();"""

_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style>
<style>{page_css}</style>
<script>{vis_js}</script>
</head>
<body data-state="loading">
<header>
<div>
<h1>{title}</h1>
<p>{count}</p>
</div>
<div id="pk-tools">
<input id="pk-search" type="search" placeholder="Find: 57-NQ/TW, file#8.1, name"
 aria-label="Find a node">
<button id="pk-search-go" type="button">Find</button>
<span id="pk-search-status" role="status"></span>
<select id="pk-province" aria-label="Province">
<option value="">All provinces</option>
{provinces}
</select>
</div>
</header>
<main>
<div id="network"></div>
<aside id="pk-legend">
{legend}
<div id="pk-info"></div>
</aside>
</main>
<script>
{script}
</script>
</body>
</html>
"""

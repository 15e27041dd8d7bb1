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
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.files import atomic_write
from policykg.graph.model import Edge, EdgeType, Node, NodeType, PolicyGraph, Value

__all__ = ["render", "write_view"]

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
) -> str:
    """Return a self-contained HTML page drawing ``node_ids`` and the edges among them.

    Args:
        node_ids: the nodes to draw; the ends of ``edges`` and ``focus`` are added.
        title: the page title and heading.
        focus: a node drawn larger with a heavy border (the one the view is about).
        edges: draw exactly these edges instead of every edge of ``graph`` among the nodes.
        hierarchical: lay the graph out in levels, sources of edges below their targets
            (a lineage reads upwards to the national document), instead of by forces.

    Raises:
        InputError: a node id (given, focus or an edge end) that is not in ``graph``.
    """
    from pyvis.network import Network  # pyvis imports IPython; only views pay for it

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

    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    for node in nodes:
        net.add_node(node.id, **_vis_node(node, focus=node.id == focus))
    for edge in shown:
        net.add_edge(edge.source, edge.target, **_vis_edge(edge))
    # A dict, not set_options(): pyvis's parser strips every space from the JSON text.
    net.options = _vis_options(hierarchical=hierarchical)
    vis_nodes, vis_edges, _, _, _, vis_options = net.get_network_data()

    heading = html.escape(title)
    count = f"{len(nodes)} nodes, {len(shown)} edges"
    if focus is not None:
        count += f" · focus: {_short_label(graph.node(focus))}"
    script = _SCRIPT.format(
        nodes=_script_json(vis_nodes),
        edges=_script_json(vis_edges),
        options=_script_json(json.loads(vis_options)),
    )
    return _PAGE.format(
        title=heading,
        count=html.escape(count),
        legend=_legend(nodes, shown),
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


def _short_label(node: Node) -> str:
    match node.type:
        case NodeType.DOCUMENT:
            short = node.get("number") or node.label
        case NodeType.TASK:
            task_id = node.get("task_id")
            short = f"Task {task_id}" if task_id else node.label
        case NodeType.AGENCY:
            short = node.get("name") or node.label
        case _:
            short = node.label
    return _trim(_text(short), LABEL_CHARS)


def _node_tooltip(node: Node) -> str:
    head = node.type.value
    if node.type is NodeType.DOCUMENT:
        head += " · " + (NATIONAL if _is_national(node) else "local")
    lines = [head]
    name = next((node.get(p) for p in NAME_PROPS if node.get(p)), None) or node.label
    lines.append(_trim(_text(name), QUOTE_CHARS))
    if node.type is NodeType.TASK and node.get("task_id"):
        lines.append(f"task: {_text(node.get('task_id'))}")
    shown = {key for key, _ in FIELDS}
    for key, caption in FIELDS:
        value = node.get(key)
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


def _vis_node(node: Node, *, focus: bool) -> dict[str, Any]:
    style = _style(node)
    fill = style.colour
    font_colour = style.font_colour
    options: dict[str, Any] = {"borderWidth": 1}
    if _is_unloaded(node):
        fill, font_colour = UNLOADED_FILL, "#1c2833"
        options["borderWidth"] = 2
        options["shapeProperties"] = {"borderDashes": [6, 4]}
    font: dict[str, Any] = {"color": font_colour, "size": 14}
    if focus:
        options["borderWidth"] = 5
        options["size"] = 40
        options["margin"] = 14
        font["size"] = 20
    return {
        "label": _short_label(node),
        "shape": style.shape,
        "color": {
            "background": fill,
            "border": "#17202a" if focus else style.colour,
            "highlight": {"background": fill, "border": "#17202a"},
            "hover": {"background": fill, "border": "#17202a"},
        },
        "font": font,
        "title": _node_tooltip(node),
        **options,
    }


def _vis_edge(edge: Edge) -> dict[str, Any]:
    colour = EDGE_COLOURS[edge.type]
    return {
        "id": "|".join(edge.key),
        "label": edge.type.value,
        "title": _edge_tooltip(edge),
        "color": {"color": colour, "highlight": colour, "hover": colour},
        "dashes": edge.get("inferred") is not None,
    }


def _vis_options(*, hierarchical: bool) -> dict[str, Any]:
    layout: dict[str, Any] = {"randomSeed": 7, "improvedLayout": True}
    if hierarchical:
        layout["hierarchical"] = {
            "enabled": True,
            "direction": "DU",
            "sortMethod": "directed",
            "levelSeparation": 130,
            "nodeSpacing": 170,
        }
        physics: dict[str, Any] = {"enabled": False}
        smooth: dict[str, Any] = {
            "type": "cubicBezier",
            "forceDirection": "vertical",
            "roundness": 0.4,
        }
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
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    }


# --- the page --------------------------------------------------------------------------


def _legend_rows(nodes: list[Node], edges: list[Edge]) -> Iterator[str]:
    styles = {_style(n).legend for n in nodes}
    yield "<h2>Nodes</h2>\n<ul>"
    for style in (NATIONAL_DOCUMENT, *NODE_STYLES.values()):
        if style.legend in styles:
            swatch = f"background:{style.colour};border-color:{style.colour}"
            yield _legend_item("swatch", swatch, style.legend)
    if any(_is_unloaded(n) for n in nodes):
        swatch = f"background:{UNLOADED_FILL};border:2px dashed #5d6d7e"
        yield _legend_item("swatch", swatch, "Document not loaded (known from references)")
    yield "</ul>"
    if not edges:
        return
    present = {e.type for e in edges}
    yield "<h2>Edges</h2>\n<ul>"
    for edge_type, colour in EDGE_COLOURS.items():
        if edge_type in present:
            yield _legend_item("line", f"border-top-color:{colour}", edge_type.value)
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
header { padding: 0.5em 1em; border-bottom: 1px solid #d5d8dc; }
header h1 { font-size: 1.2em; margin: 0; }
header p { margin: 0.2em 0 0; color: #5d6d7e; font-size: 0.85em; }
main { flex: 1; display: flex; min-height: 0; }
#network { flex: 1; min-width: 0; position: relative; }
#legend { width: 17em; padding: 0 1em; border-left: 1px solid #d5d8dc; overflow: auto;
          font-size: 0.85em; }
#legend h2 { font-size: 1em; margin: 1em 0 0.4em; }
#legend ul { list-style: none; margin: 0; padding: 0; }
#legend li { display: flex; align-items: center; gap: 0.5em; margin: 0.25em 0; }
#legend .swatch { width: 1.1em; height: 0.8em; border: 2px solid; border-radius: 2px;
                  flex: none; box-sizing: border-box; }
#legend .line { width: 2em; border-top: 2px solid; flex: none; }
div.vis-tooltip { white-space: pre-wrap; max-width: 36em; font-family: sans-serif;
                  font-size: 13px; line-height: 1.35; }
"""

_SCRIPT = """(function () {{
  var nodes = new vis.DataSet({nodes});
  var edges = new vis.DataSet({edges});
  var container = document.getElementById("network");
  new vis.Network(container, {{nodes: nodes, edges: edges}}, {options});
}})();"""

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
<body>
<header>
<h1>{title}</h1>
<p>{count}</p>
</header>
<main>
<div id="network"></div>
<aside id="legend">
{legend}
</aside>
</main>
<script>
{script}
</script>
</body>
</html>
"""

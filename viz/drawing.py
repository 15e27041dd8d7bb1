"""How each node and edge of a view is drawn: style, label, tooltip, search keys, and the
vis-network options of the page.

The records are dicts in vis-network's own format, built here rather than through
:class:`pyvis.network.Network`: its ``add_node`` and ``add_edge`` look each id up in a
list of every node id, so a view costs (nodes + edges) × nodes comparisons: 20,000 nodes
and 20,000 edges took 6.5 to 15 s in pyvis, 0.03 s as dicts (``bench/views.py --records
20000``), and a cascade of 57-NQ/TW over 2,000 documents has 4,000 nodes. Its options
(``Network.set_options``) are parsed from a JSON string after every space in it is
deleted, names included, so the options are a dict here too.

Nodes are named as the command line names them (:func:`policykg.graph.ids.readable_key`):
the key heads each tooltip and is a search key, so ``004_1b73a6d31f29fe0d.txt#8.1`` finds
the task the CLI calls so.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from policykg.graph.ids import CENTRAL_SLUG, doc_id_of_key, readable_key
from policykg.graph.model import Edge, EdgeType, Node, NodeType, PolicyGraph, Value
from policykg.loaders import agencies
from policykg.loaders.codes import KIND_WORDS
from policykg.loaders.places import CENTRAL, fold
from policykg.records import Scope
from policykg.viz.select import DUTIES, province_of

__all__ = [
    "EDGE_COLOURS",
    "NATIONAL_DOCUMENT",
    "NODE_STYLES",
    "UNLOADED_FILL",
    "Context",
    "Style",
    "is_unloaded",
    "style",
    "vis_edge",
    "vis_node",
    "vis_options",
]


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
    legend=f"Document ({CENTRAL})", colour="#b03a2e", shape="box", font_colour="#ffffff"
)
UNLOADED_FILL = "#ffffff"
LABEL_INSIDE = frozenset({"box", "ellipse"})  # sized by their label, not by ``size``

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
    EdgeType.SUCCEEDED_BY: "#1e8449",
    EdgeType.MERGED_INTO: "#117864",
    EdgeType.SPLIT_TO: "#76d7c4",
}

# A document's kind as printed on it (the first, shortest word of each kind).
KIND_NAMES: dict[str, str] = {}
for _word, _kind in KIND_WORDS.items():
    KIND_NAMES.setdefault(_kind.value, _word[:1].upper() + _word[1:])

# A node's importance: how many documents, tasks or targets point at it by these.
IMPORTANCE = frozenset({EdgeType.IMPLEMENTS, EdgeType.PART_OF, EdgeType.LED_BY})
# The ids of documents keyed in the central scope (``doc/tw/...``).
CENTRAL_IDS = doc_id_of_key(f"{CENTRAL_SLUG}/")
SETTLE_QUICKLY = 100  # above this many nodes, a simulated view settles in fewer steps

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


@dataclass(frozen=True, slots=True)
class Context:
    """What the drawing of the nodes of one view needs from the rest of the graph."""

    importance: dict[str, int]  # edges of IMPORTANCE pointing at the node, whole graph
    province: dict[str, str]
    duties: dict[str, dict[EdgeType, list[str]]]  # task -> LED_BY/COORDINATED_BY -> names
    documents: dict[str, Node]  # a task's or target's document
    national: frozenset[str]  # the documents drawn as central ones
    keys: dict[str, str]  # readable keys of the nodes and their documents

    @classmethod
    def of(
        cls, graph: PolicyGraph, ids: set[str], *, importance: Mapping[str, int] | None = None
    ) -> Context:
        """What drawing ``ids`` reads from ``graph``; ``importance`` when ``graph`` is only
        the part of a store that the view reads (:mod:`policykg.viz.slices`)."""
        documents: dict[str, Node] = {}
        for node_id in ids:
            doc = graph.node(node_id).get("document")
            if isinstance(doc, str) and doc in graph:
                documents[node_id] = graph.node(doc)
        nodes = [graph.node(i) for i in ids] + list(documents.values())
        known = {n.id for n in nodes}
        counted: Counter[str] = Counter()
        duties: dict[str, dict[EdgeType, list[str]]] = {}
        central_issuer: set[str] = set()
        for e in graph.edges:
            if importance is None and e.type in IMPORTANCE and e.target in ids:
                counted[e.target] += 1
            if e.source not in known or e.target not in graph:
                continue
            if e.type in DUTIES and e.source in ids:
                names = duties.setdefault(e.source, {}).setdefault(e.type, [])
                names.append(graph.node(e.target).label)
            elif (
                e.type is EdgeType.ISSUED_BY and graph.node(e.target).get("jurisdiction") == CENTRAL
            ):
                central_issuer.add(e.source)
        national = frozenset(
            n.id for n in nodes if _is_national(n, issued_centrally=n.id in central_issuer)
        )
        return cls(
            importance=dict(counted) if importance is None else dict(importance),
            province=_provinces(graph, ids, documents, national),
            duties=duties,
            documents=documents,
            national=national,
            keys={n.id: readable_key(graph, n.id) for n in nodes},
        )


def _is_national(node: Node, *, issued_centrally: bool) -> bool:
    """A central document: in the central jurisdiction, numbered as one (``52-NQ/TW``),
    or issued by a central body (Chính phủ, Bộ Chính trị) when it names no jurisdiction."""
    if node.type is not NodeType.DOCUMENT:
        return False
    where = node.get("jurisdiction")
    if where == CENTRAL or node.get("scope") == Scope.NATIONAL.value:
        return True
    if node.id.startswith(CENTRAL_IDS):
        return True
    return where is None and (issued_centrally or _central_body(node.get("issuer")))


def _central_body(issuer: Value) -> bool:
    if not isinstance(issuer, str) or not issuer:
        return False
    name = agencies.canonical_name(issuer) or issuer
    return agencies.describe(name, None).jurisdiction == CENTRAL


def _provinces(
    graph: PolicyGraph, ids: Iterable[str], documents: dict[str, Node], national: frozenset[str]
) -> dict[str, str]:
    """Each node's province; a central document's (and its tasks') is the centre, though
    it names no jurisdiction, so the province filter keeps it and the layout groups it."""
    province: dict[str, str] = {}
    for node_id in ids:
        doc = documents.get(node_id)
        if node_id in national or (doc is not None and doc.id in national):
            province[node_id] = CENTRAL
            continue
        where = province_of(graph, graph.node(node_id))
        if where:
            province[node_id] = where
    return province


def is_unloaded(node: Node) -> bool:
    return node.type is NodeType.DOCUMENT and node.get("loaded") is False


def style(node: Node, context: Context) -> Style:
    if node.id in context.national:
        return NATIONAL_DOCUMENT
    return NODE_STYLES[node.type]


# --- text: labels, tooltips, search keys ------------------------------------------------


def _text(value: Value) -> str:
    if isinstance(value, tuple):
        return "; ".join(value)
    return str(value)


def _trim(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote(value: Value) -> str:
    return _trim(_text(value), QUOTE_CHARS)


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


def _search_keys(node: Node, context: Context) -> str:
    """Folded names a search matches: the key, the id, the number, the file (with or
    without ``.txt``), and a task as ``<file or number>#<task id>``."""
    keys = [context.keys[node.id], node.id, node.label, _short_label(node)]
    for prop in ("number", "source", "name", "task_id"):
        value = node.get(prop)
        if isinstance(value, str):
            keys.append(value)
    keys.append(_file_stem(node) or "")
    doc = context.documents.get(node.id)
    if node.type is NodeType.TASK and doc is not None:
        for name in (doc.get("source"), doc.get("number"), _file_stem(doc)):
            if isinstance(name, str):
                keys.append(f"{name}#{node.get('task_id')}")
    return "\n".join(dict.fromkeys(_fold(k) for k in keys if k))


def _fold(text: str) -> str:
    """:func:`fold`, sooner for ASCII (ids, numbers, file names: most search keys), which
    has no marks to strip."""
    return " ".join(text.casefold().split()) if text.isascii() else fold(text)


def _field_lines(node: Node, context: Context) -> list[str]:
    lines = []
    doc = context.documents.get(node.id)
    for key, caption in FIELDS:
        value = node.get(key)
        if key == "document" and doc is not None:
            value = context.keys[doc.id]
        elif key == "jurisdiction" and value is None and doc is not None:
            value = doc.get("jurisdiction")
        if value is None:
            continue
        if key == "jurisdiction" and value == CENTRAL:
            caption = "jurisdiction"
        lines.append(f"{caption}: {_quote(value)}")
    shown = {key for key, _ in FIELDS}
    for key, value in node.props:
        if key not in shown and key not in HIDDEN_PROPS:
            lines.append(f"{key}: {_quote(value)}")
    return lines


def _node_tooltip(node: Node, context: Context) -> str:
    head = f"{node.type.value} {context.keys[node.id]}"
    if node.type is NodeType.DOCUMENT:
        head += " · " + (CENTRAL if node.id in context.national else "local")
    lines = [head]
    name = next((node.get(p) for p in NAME_PROPS if node.get(p)), None) or node.label
    lines.append(_quote(name))
    for edge_type, caption in ((EdgeType.LED_BY, "lead"), (EdgeType.COORDINATED_BY, "with")):
        names = context.duties.get(node.id, {}).get(edge_type)
        if names:
            lines.append(f"{caption}: {_trim('; '.join(sorted(names)), QUOTE_CHARS)}")
    lines += _field_lines(node, context)
    if is_unloaded(node):
        lines.append("not loaded: known only from references")
    lines.append(f"id: {node.id}")
    return "\n".join(lines)


def _edge_tooltip(edge: Edge, context: Context) -> str:
    ends = f"{context.keys[edge.source]} → {context.keys[edge.target]}"
    lines = [edge.type.value, ends]
    if edge.evidence is not None:
        ev = edge.evidence
        lines.append(f"“{_trim(ev.quote, QUOTE_CHARS)}”")
        page = f", p. {ev.page}" if ev.page is not None else ""
        lines.append(f"file: {ev.source}{page}, characters {ev.span.start}–{ev.span.end}")
        if ev.section:
            lines.append("section: " + " › ".join(ev.section))
    for key, value in edge.props:
        lines.append(f"{key}: {_quote(value)}")
    return "\n".join(lines)


# --- vis-network records -----------------------------------------------------------------


def _grow(count: int, step: float, most: int) -> int:
    """How much bigger a node with ``count`` implementers is drawn: logarithmic and
    capped, so a directive with 2,000 implementers does not cover the page."""
    return min(most, round(step * math.log2(1 + count)))


def _sizes(node_style: Style, weight: int, *, focus: bool) -> dict[str, Any]:
    """Size, border and font size: a label inside grows the font, one underneath the
    shape; the focus is drawn large with a heavy border."""
    sizes: dict[str, Any] = {"borderWidth": 1, "font": {"size": 14}}
    if node_style.shape in LABEL_INSIDE:
        sizes["font"]["size"] = 14 + _grow(weight, 2, 10)
        # Long names (named programmes, agencies) wrap instead of running into neighbours.
        sizes["widthConstraint"] = {"maximum": 160}
    else:
        sizes["size"] = 14 + _grow(weight, 3, 18)
    if focus:
        sizes.update(borderWidth=5, size=40, margin=14)
        sizes["font"]["size"] = max(20, sizes["font"]["size"])
    return sizes


def vis_node(node: Node, context: Context, *, focus: bool) -> dict[str, Any]:
    """The vis-network record of a node, with ``ptype``, ``province``, ``search`` and
    ``weight`` for the page's filters and search."""
    node_style = style(node, context)
    fill, font_colour = node_style.colour, node_style.font_colour
    weight = context.importance.get(node.id, 0)
    record = _sizes(node_style, weight, focus=focus)
    if is_unloaded(node):
        fill, font_colour = UNLOADED_FILL, "#1c2833"
        record["shapeProperties"] = {"borderDashes": [6, 4]}
        if not focus:
            record["borderWidth"] = 2
    record["font"]["color"] = font_colour
    border = "#17202a" if focus else node_style.colour
    return {
        "id": node.id,
        "label": _label(node),
        "shape": node_style.shape,
        "color": {
            "background": fill,
            "border": border,
            "highlight": {"background": fill, "border": "#17202a"},
            "hover": {"background": fill, "border": "#17202a"},
        },
        "title": _node_tooltip(node, context),
        "ptype": node.type.value,
        "province": context.province.get(node.id, ""),
        "search": _search_keys(node, context),
        "weight": weight,
        **record,
    }


def vis_edge(edge: Edge, context: Context) -> dict[str, Any]:
    colour = EDGE_COLOURS[edge.type]
    return {
        "id": "|".join(edge.key),
        "from": edge.source,
        "to": edge.target,
        "label": edge.type.value,
        "relation": edge.type.value,
        "title": _edge_tooltip(edge, context),
        "color": {"color": colour, "highlight": colour, "hover": colour},
        "dashes": edge.get("inferred") is not None,
    }


def _physics(*, hierarchical: bool, laid_out: bool, count: int) -> tuple[dict[str, Any], Any]:
    """vis-network's physics and edge smoothing: none for a laid out view (hierarchical,
    or positions given), a force simulation otherwise."""
    if hierarchical:
        curve = {"type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.4}
        return {"enabled": False}, curve
    if laid_out:
        # Positions come with the nodes; straight edges are the cheapest to draw.
        return {"enabled": False}, False
    # vis-network's 300 steps take seconds over 100 nodes.
    steps = 150 if count > SETTLE_QUICKLY else 300
    physics = {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 140},
        "stabilization": {"iterations": steps},
    }
    return physics, {"type": "dynamic"}


def vis_options(*, hierarchical: bool, laid_out: bool, count: int) -> dict[str, Any]:
    """The vis-network options of a view of ``count`` nodes.

    Args:
        hierarchical: levels, sources of edges below their targets.
        laid_out: the nodes come with positions (a large view): no physics, and edges
            hidden while the view is dragged or zoomed.
    """
    layout: dict[str, Any] = {"randomSeed": 7, "improvedLayout": count <= SETTLE_QUICKLY}
    if hierarchical:
        layout["hierarchical"] = {
            "enabled": True,
            "direction": "DU",
            "sortMethod": "directed",
            "levelSeparation": 130,
            "nodeSpacing": 170,
        }
    physics, smooth = _physics(hierarchical=hierarchical, laid_out=laid_out, count=count)
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
            "hideEdgesOnDrag": laid_out,
            "hideEdgesOnZoom": laid_out,
        },
    }

"""The page around the drawing: one HTML file that opens without a network.

The page is ``templates/view.html`` (package data, beside ``view.css`` and ``view.js``)
filled by :class:`string.Template`. The stylesheets and scripts are inlined: ours, and
vis-network's as pyvis ships them, found among pyvis's files by name and version rather
than through a folder of one pyvis release. Nothing is fetched from a CDN.

pyvis's own page is not used. Its ``template.html`` links Bootstrap from a CDN whatever
``cdn_resources`` says, and writes ``{{heading}}`` without escaping (its Jinja
environment does not autoescape). Its hook for another template
(``Network.set_template_dir``) renders that template in such an environment, with pyvis's
own variables only: no legend, province list or count.

Every string from a document (titles, quotes, agency names) reaches the page in one of
two ways, both inert:

- in the ``<script type="application/json">`` data, as JSON with ``<``, ``>`` and ``&``
  written as ``\\u003c``, ``\\u003e`` and ``\\u0026``, so no quote can close the element;
  vis-network 9 shows a string ``title`` with ``innerText`` and draws labels on the
  canvas, so none of it is ever parsed as HTML (hence vis-network 9 or later only);
- in the heading, the province list and the legend, through :func:`html.escape`. The
  legend's few list items depend on what the view shows, so they are built here.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from string import Template
from typing import Any

from policykg.errors import PolicyKGError
from policykg.graph.model import Edge, Node, NodeType
from policykg.viz.drawing import (
    EDGE_COLOURS,
    NATIONAL_DOCUMENT,
    NODE_STYLES,
    UNLOADED_FILL,
    Context,
    is_unloaded,
    style,
)

__all__ = ["VIS_MAJOR", "find_vis_assets", "page", "script_json", "vis_assets"]

VIS_SCRIPT = "vis-network.min.js"
VIS_STYLE = "vis-network.css"
# vis-network 8 and earlier put a string tooltip in with innerHTML: document text would
# become markup.
VIS_MAJOR = 9
# vis-network's banner: " * @version 9.1.2"
_VERSION_REGEX = re.compile(r"@version\s+(\d+)\.(\d+)\.(\d+)")
# What would end, or change the parsing of, the element an inlined file sits in.
_CLOSING_REGEX = re.compile(r"</(script|style)|<!--", re.IGNORECASE)
# The bundled stylesheet is mostly PNG icons for the navigation and manipulation buttons,
# which views switch off: dropping them takes it from 220 kB to 15 kB.
_CSS_IMAGE_REGEX = re.compile(r'url\("data:image/[^"]*"\)')

# JSON inside <script> must not contain "</script" or "<!--" (both end or change the
# script data state), nor U+2028/U+2029 (line ends in older JavaScript parsers). Replaced
# one character at a time: ``str.translate`` took 2.3 s on the 50 MB of a 10,000-document
# view, five ``str.replace`` 0.2 s (no replacement holds a character replaced).
_SCRIPT_UNSAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def page(
    *, title: str, count: str, nodes: list[Node], edges: list[Edge], context: Context, data: Any
) -> str:
    """The page of a view: ``title`` and ``count`` in the header, the legend and province
    list of ``nodes`` and ``edges``, and ``data`` (nodes, edges, options) for view.js."""
    provinces = sorted({p for p in (context.province.get(n.id) for n in nodes) if p})
    vis_css, vis_js = vis_assets()
    return _template("view.html").substitute(
        title=html.escape(title),
        count=html.escape(count),
        provinces="\n".join(
            f'<option value="{html.escape(p)}">{html.escape(p)}</option>' for p in provinces
        ),
        legend="\n".join(_legend(nodes, edges, context)),
        vis_css=vis_css,
        vis_js=vis_js,
        page_css=_inline(_template_text("view.css"), "view.css"),
        page_js=_inline(_template_text("view.js"), "view.js"),
        data=script_json(data),
    )


def script_json(value: Any) -> str:
    """``value`` as JSON that can sit inside a ``<script>`` element: sorted keys, no
    spaces, and nothing that could end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for unsafe, escaped in _SCRIPT_UNSAFE:
        text = text.replace(unsafe, escaped)
    return text


# --- files -------------------------------------------------------------------------------


@cache
def _template_text(name: str) -> str:
    return resources.files("policykg.viz").joinpath("templates", name).read_text("utf-8")


def _template(name: str) -> Template:
    return Template(_template_text(name))


def _inline(text: str, name: str) -> str:
    """``text`` unchanged, once it is known not to be able to end its own element."""
    if _CLOSING_REGEX.search(text):
        raise PolicyKGError(f"{name} cannot be inlined in the page: it holds a closing tag")
    return text


def _files(folder: Traversable) -> Iterator[tuple[Traversable, Traversable]]:
    """Every file under ``folder``, with the folder it is in."""
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _files(entry)
        else:
            yield folder, entry


def _version(script: Traversable) -> tuple[int, ...] | None:
    with script.open("r", encoding="utf-8") as stream:
        found = _VERSION_REGEX.search(stream.read(2000))
    return tuple(int(part) for part in found.groups()) if found else None


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's stylesheet and script as the installed pyvis ships them (read once).

    Raises:
        PolicyKGError: see :func:`find_vis_assets`.
    """
    return find_vis_assets(resources.files("pyvis"))


def find_vis_assets(root: Traversable) -> tuple[str, str]:
    """The stylesheet and script of the newest vis-network under ``root`` of version
    :data:`VIS_MAJOR` or later, whatever folder a pyvis release keeps it in, the
    stylesheet without its button icons.

    Raises:
        PolicyKGError: there is no such copy, or it cannot be inlined.
    """
    found = []
    for folder, entry in _files(root):
        if entry.name == VIS_SCRIPT and folder.joinpath(VIS_STYLE).is_file():
            version = _version(entry)
            if version is not None and version[0] >= VIS_MAJOR:
                found.append((version, str(entry), folder))
    if not found:
        raise PolicyKGError(
            f"{root}: no vis-network {VIS_MAJOR} or later in the installed pyvis "
            "(pip install --force-reinstall 'pyvis>=0.3.2')"
        )
    _, _, folder = max(found, key=lambda item: item[:2])
    css = _CSS_IMAGE_REGEX.sub("none", folder.joinpath(VIS_STYLE).read_text("utf-8"))
    js = folder.joinpath(VIS_SCRIPT).read_text("utf-8")
    return _inline(css, VIS_STYLE), _inline(js, VIS_SCRIPT)


# --- the legend --------------------------------------------------------------------------


def _legend(nodes: list[Node], edges: list[Edge], context: Context) -> Iterator[str]:
    """The legend's lines: a clickable entry per node type shown (the type filter), a
    checkbox per relation shown (the relation filter), and the dashed marks if used."""
    present = {n.type for n in nodes}
    styles = {style(n, context).legend for n in nodes}
    yield "<h2>Nodes <small>(click to hide or show)</small></h2>\n<ul>"
    for node_type, node_style in NODE_STYLES.items():
        if node_type not in present:
            continue
        swatches = [node_style]
        if node_type is NodeType.DOCUMENT:
            swatches = [s for s in (NATIONAL_DOCUMENT, node_style) if s.legend in styles]
        spans = "".join(
            _mark("swatch", f"background:{s.colour};border-color:{s.colour}", s.legend)
            for s in swatches
        )
        text = html.escape(" / ".join(s.legend for s in swatches))
        yield (
            f'<li class="pk-type" data-node-type="{node_type.value}" role="button" '
            f'tabindex="0">{spans}{text}</li>'
        )
    if any(is_unloaded(n) for n in nodes):
        swatch = _mark("swatch", f"background:{UNLOADED_FILL};border:2px dashed #5d6d7e")
        yield f"<li>{swatch}{html.escape('Document not loaded (known from references)')}</li>"
    yield "</ul>"
    if not edges:
        return
    kinds = {e.type for e in edges}
    yield "<h2>Relations</h2>\n<ul>"
    for edge_type, colour in EDGE_COLOURS.items():
        if edge_type in kinds:
            line = _mark("line", f"border-top-color:{colour}")
            yield (
                f'<li><label><input type="checkbox" data-filter-relation="{edge_type.value}" '
                f"checked>{line}{edge_type.value}</label></li>"
            )
    if any(e.get("inferred") is not None for e in edges):
        line = _mark("line", "border-top-style:dashed;border-top-color:#5d6d7e")
        yield f"<li>{line}{html.escape('inferred (not stated by one sentence)')}</li>"
    yield "</ul>"


def _mark(kind: str, css: str, title: str | None = None) -> str:
    """A legend's swatch or line: an empty span drawn by its style."""
    tip = f' title="{html.escape(title)}"' if title else ""
    return f'<span class="{kind}"{tip} style="{html.escape(css)}"></span>'

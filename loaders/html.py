"""Saved web pages (.html): the document's body, without the site around it, as text.

A legal-text site wraps the document in chrome: a menu, a log-in box, lists of related
documents, a footer with the address and hotline. The body is found by content density,
not by any site's class names: every block that holds running text (a ``<p>``, a table
cell, a ``<div>`` with text of its own) credits its length, less the text of its links, to
its parent in full and to its grandparent by half; the element with the highest credit,
scaled down by its share of link text, is the body. Its siblings that are document text
too (tables and paragraphs free of links and form fields, such as a letterhead table kept
beside the body's ``<div>``) are kept with it; menus, forms and link lists never are.

The text reads like the text loaders' input: block elements (``p``, ``div``, ``h1``,
``li`` ...) and ``<br>`` end a line, runs of white space become one space, every table row
is one Markdown pipe row (``| cell | cell |``, a cell's lines joined by a space, ``|``
escaped), except the recipients-and-signature table that closes a document, whose cells'
lines are printed one after the other as the text files show them (see loaders/docx.py);
``<ol>``/``<ul>`` items get their ``1.``/``-`` marker. Scripts, styles, forms'
fields, navigation and hidden elements are dropped. The charset comes from a byte-order
mark, else the ``<meta>`` tag, else UTF-8; the text is NFC.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from policykg.errors import DecodeError
from policykg.loaders import regexes
from policykg.loaders.decode import one_line
from policykg.records import Converted

__all__ = ["convert_html"]

# Never document text, wherever they stand.
_DROP = (
    "script, style, noscript, template, svg, canvas, iframe, object, embed, head, nav, "
    "aside, [hidden], [aria-hidden=true]"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

_BLOCKS = {
    "address", "article", "blockquote", "body", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip
# Blocks whose text is running text, credited to their ancestors.
_TEXT_UNITS = "body, p, td, th, li, pre, blockquote, dd, dt, h1, h2, h3, h4, h5, h6, div, center"
_TABLE_PARTS = {"table", "tbody", "thead", "tfoot", "tr", "td", "th", "ol", "ul", "li", "dl"}
_LAYOUT_CELL_BLOCKS = 3  # a cell with this many paragraphs is the page's layout, not data
_MIN_BODY_CHARS = 30  # less text outside links than this is no document
_FORM_BOX_CHARS = 200  # a form field's box is the largest block around it with less text
# A sibling of the body is document text too when it is one of these, free of links.
_DOC_SIBLINGS = {"table", "p", "h1", "h2", "h3", "h4", "h5", "h6", "center", "blockquote"}
_MAX_LINK_DENSITY = 0.5  # a block more than half link text is a menu or a link list
_SIBLING_LINK_DENSITY = 0.1

# we want to capture the charset a page declares near its start:
#   <meta charset="utf-8">
#   <meta http-equiv="Content-Type" content="text/html; charset=windows-1258">
CHARSET_REGEX = rb"""<meta[^>]+charset\s*=\s*["']?\s*(?P<charset>[A-Za-z0-9_.:-]+)"""
CHARSET = re.compile(CHARSET_REGEX, re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_WHITESPACE = re.compile(r"\s+")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def convert_html(data: bytes, name: str) -> Converted:
    """The document text of a saved web page.

    Raises:
        DecodeError: the page has no body text once its chrome is removed.
    """
    from selectolax.lexbor import LexborHTMLParser  # heavy import kept to the function

    text, note = _decode(data)
    tree = LexborHTMLParser(text)
    body = tree.body
    if body is None:
        raise DecodeError(one_line(f"{name}: HTML page with no body text"))
    for node in body.css(_DROP):
        node.decompose()
    for node in body.css("[style]"):
        if _HIDDEN_STYLE.search(node.attributes.get("style") or ""):
            node.decompose()
    _drop_forms(body)
    _drop_link_lists(body)
    parts = _content(body)
    lines: list[str] = []
    for part in parts:
        lines.extend(_Renderer().render(part))
    out = re.sub(r"\n{3,}", "\n\n", unicodedata.normalize("NFC", "\n".join(lines))).strip("\n")
    if not any(ch.isalnum() for ch in out):
        raise DecodeError(one_line(f"{name}: HTML page with no body text"))
    return Converted(text=out + "\n", kind="html", note=note)


def _decode(data: bytes) -> tuple[str, str | None]:
    """The page's text and a note when its bytes were not all valid in its charset."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), None
    m = CHARSET.search(data[:4096])
    codec = "utf-8"
    if m:
        try:
            codec = codecs.lookup(m.group("charset").decode("ascii")).name
        except LookupError:
            codec = "utf-8"  # an unknown charset name: the default, as browsers do
    try:
        return data.decode(codec), None
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return text, f"not valid {codec}: {text.count(chr(0xFFFD))} character(s) replaced"


# --- the body, by content density ----------------------------------------------------------


def _own_text(node: Any) -> str:
    return _WHITESPACE.sub(" ", node.text(deep=True, separator=" ")).strip()


def _link_text_length(node: Any) -> int:
    return sum(len(_own_text(a)) for a in node.css("a"))


def _inline_text(node: Any) -> tuple[int, int]:
    """(length, link length) of the text that stands in ``node`` itself, outside its
    block children (which are text blocks of their own)."""
    length = links = 0
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            length += len((child.text_content or "").strip())
        elif child.tag not in _BLOCKS and child.tag not in _TABLE_PARTS and child.tag[0] != "-":
            n = len(_own_text(child))
            length += n
            links += n if child.tag == "a" else _link_text_length(child)
    return length, links


def _container(unit: Any, text_length: Callable[[Any], int]) -> Any:
    """Where a text block's length is credited: past the table or list it stands in (a
    data table is part of the text around it), but not past a layout cell, one that holds
    a run of paragraphs and most of its table's text (an old page laid out in a table)."""
    a = unit.parent
    while a is not None and a.tag in _TABLE_PARTS:
        if a.tag in ("td", "th") and len(a.css("p, div")) >= _LAYOUT_CELL_BLOCKS:
            table = a.parent
            while table is not None and table.tag != "table":
                table = table.parent
            if table is None or text_length(a) * 2 >= text_length(table):
                break
        a = a.parent
    return a


def _drop_link_lists(body: Any) -> None:
    """Menus and lists of other documents: lists that are mostly links."""
    for node in body.css("ul, ol"):
        if node.parent is None:
            continue  # inside a list already removed
        length = len(_own_text(node))
        if length and _link_text_length(node) > _MAX_LINK_DENSITY * length:
            node.decompose()


def _drop_forms(body: Any) -> None:
    """A log-in or search box: the largest small block around a form field."""
    for field in body.css("input, select, textarea, button"):
        box = field
        a = field.parent
        while a is not None and a.tag != "body" and len(_own_text(a)) < _FORM_BOX_CHARS:
            box, a = a, a.parent
        if box.parent is not None:  # not already removed with an earlier box
            box.decompose()


def _content(body: Any) -> list[Any]:
    """The body element and the siblings kept with it, in page order."""
    scores: dict[int, float] = {}
    nodes: dict[int, Any] = {}
    lengths: dict[int, int] = {}

    def text_length(node: Any) -> int:
        if node.mem_id not in lengths:
            lengths[node.mem_id] = len(_own_text(node))
        return lengths[node.mem_id]

    for unit in body.css(_TEXT_UNITS):
        length, links = _inline_text(unit)
        if not length or links > _MAX_LINK_DENSITY * length:
            continue
        container = _container(unit, text_length)
        for ancestor, share in ((container, 1.0), (container and container.parent, 0.5)):
            if ancestor is None or ancestor.tag in ("html", "-document"):
                continue
            nodes[ancestor.mem_id] = ancestor
            scores[ancestor.mem_id] = scores.get(ancestor.mem_id, 0.0) + (length - links) * share
    if not scores or max(scores.values()) < _MIN_BODY_CHARS:
        return []  # links and a heading or two: a menu or a list of documents, no body

    def density(key: int) -> float:
        node = nodes[key]
        length = len(_own_text(node)) or 1
        return scores[key] * (1 - min(1.0, _link_text_length(node) / length))

    best = nodes[max(scores, key=density)]
    parent = best.parent
    if parent is None or best.tag == "body":
        return [best]
    return [c for c in parent.iter() if c.mem_id == best.mem_id or _document_sibling(c)]


def _document_sibling(node: Any) -> bool:
    if node.tag not in _DOC_SIBLINGS or node.css_first("form, input, select, button"):
        return False
    length = len(_own_text(node))
    return length > 0 and _link_text_length(node) <= _SIBLING_LINK_DENSITY * length


# --- rendering -----------------------------------------------------------------------------


class _Renderer:
    """Lines of text from an element: blocks and ``<br>`` break lines, tables are rows."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pieces: list[str] = []

    def render(self, node: Any) -> list[str]:
        """The lines of ``node``; a table or list given itself renders as one."""
        if node.tag in ("table", "ol", "ul"):
            self._visit(node, pre=False)
        else:
            self._walk(node, pre=False)
        self._flush()
        return self.lines

    def _flush(self) -> None:
        line = _WHITESPACE.sub(" ", "".join(self.pieces)).strip()
        self.pieces = []
        if line:
            self.lines.append(line)

    def _walk(self, node: Any, *, pre: bool) -> None:
        for child in node.iter(include_text=True):
            self._visit(child, pre=pre)

    def _visit(self, child: Any, *, pre: bool) -> None:
        tag = child.tag
        if tag == "-text":
            text = child.text_content or ""
            if pre:
                for k, part in enumerate(text.split("\n")):
                    if k:
                        self._flush()
                    self.pieces.append(part)
            else:
                self.pieces.append(text)
        elif tag == "br":
            self._flush()
        elif tag == "table":
            self._flush()
            self.lines.extend(["", *_table_lines(child), ""])
        elif tag in ("ol", "ul"):
            self._flush()
            self._list(child, pre=pre)
        elif tag in _BLOCKS:
            self._flush()
            self._walk(child, pre=pre or tag == "pre")
            self._flush()
        elif not tag.startswith("-"):  # inline elements; comments are "-comment"
            self._walk(child, pre=pre)

    def _list(self, node: Any, *, pre: bool) -> None:
        kind = (node.attributes.get("type") or "1") if node.tag == "ol" else None
        try:
            n = int(node.attributes.get("start") or 1)
        except ValueError:
            n = 1
        for child in node.iter():
            if child.tag != "li":
                self._walk_one(child, pre=pre)
                continue
            self.pieces.append(f"{_list_marker(n, kind)} ")
            self._walk(child, pre=pre)
            self._flush()
            n += 1

    def _walk_one(self, node: Any, *, pre: bool) -> None:
        self._flush()
        self._walk(node, pre=pre)
        self._flush()


def _list_marker(n: int, kind: str | None) -> str:
    if kind is None:
        return "-"
    if kind in ("a", "A"):
        s = chr(ord("a") + (n - 1) % 26) if n >= 1 else str(n)
        return f"{s.upper() if kind == 'A' else s}."
    if kind in ("i", "I"):
        out = []
        rest = n
        for value, digits in _ROMAN:
            while rest >= value:
                out.append(digits)
                rest -= value
        s = "".join(out) or str(n)
        return f"{s.lower() if kind == 'i' else s}."
    return f"{n}."


def _rows(table: Any) -> Iterator[Any]:
    """The table's own rows, not those of tables nested in its cells."""
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child.iter() if tr.tag == "tr")


def _table_lines(table: Any) -> list[str]:
    """One pipe row per row; the closing recipients-and-signature table as plain lines."""
    rows = [
        [_Renderer().render(cell) for cell in tr.iter() if cell.tag in ("td", "th")]
        for tr in _rows(table)
    ]
    first = rows[0] if rows else []
    if any(c and (regexes.RECIPIENTS.match(c[0]) or regexes.ON_BEHALF.match(c[0])) for c in first):
        return [line for row in rows for cell in row for line in cell]
    out = []
    for row in rows:
        cells = [" ".join(cell).replace("|", "\\|") for cell in row]
        if any(cells):
            out.append("| " + " | ".join(cells) + " |")
    return out

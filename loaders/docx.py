"""Word files (.docx): the body's paragraphs and tables, in document order, as text.

The text reads like the text loaders' input: one paragraph per line, every table row one
Markdown pipe row (``| cell | cell |``), a blank line around each table. The letterhead
table (issuer left, national motto right, number and place-date below) is a table like
any other, and its pipe rows are what :mod:`policykg.loaders.documents` reads a letterhead
from. A cell's paragraphs are joined by a space, so ``ỦY BAN NHÂN DÂN`` / ``TỈNH NGHỆ AN``
in one cell is one issuer.

Word's automatic numbering (``w:numPr``, on the paragraph or its style) is rendered as
the marker Word shows: ``1.``, ``1.2.``, ``a)``, ``II.``, bullets as ``-`` (a symbol-font
bullet has no text of its own). Not computed: ``w:lvlRestart`` (a level restarts only when
a higher level moves), legal numbering (``w:isLgl``), numbering linked through a numbering
style (``w:numStyleLink``), and formats other than decimal, letters and Roman numerals
(``vietnameseCounting``, ``ordinalText`` ...), which print as decimal.

Footnotes, endnotes, comments, headers and footers are not body text and are left out;
so is deleted text of tracked changes (inserted text is kept) and the fallback copy of a
drawing (``mc:Fallback``) that would repeat a text box.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from policykg.errors import DecodeError
from policykg.loaders import regexes
from policykg.loaders.decode import one_line
from policykg.records import Converted

__all__ = ["convert_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

# Elements whose text is never body text: deleted runs, field codes, footnote marks,
# the duplicate of a drawing kept for old readers.
_SKIP = {
    f"{_W}del",
    f"{_W}delText",
    f"{_W}instrText",
    f"{_W}footnoteReference",
    f"{_W}endnoteReference",
    f"{_W}commentReference",
    f"{_W}pPr",
    f"{_W}rPr",
    _MC_FALLBACK,
}

# Bullet characters worth keeping; any other (Symbol/Wingdings glyphs in the private-use
# area, "•", "o", "§") prints as "-", the dash Vietnamese documents type by hand.
_BULLETS = {"-", "+", "–", "*"}

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def convert_docx(data: bytes, name: str) -> Converted:
    """The body text of a Word file.

    Raises:
        DecodeError: the bytes are not a readable .docx (corrupt, truncated, a zip without
            ``word/document.xml``, or a Word file python-docx cannot open).
    """
    doc = _open(data, name)
    numbering = _Numbering.of(doc)
    lines: list[str] = []
    for block in _blocks(doc.element.body):
        if block.tag == f"{_W}tbl" and _is_signature(block):
            cells = [tc for row in _rows(block) for tc in row]
            lines.extend(
                ["", *(_paragraph(p, numbering) for tc in cells for p in _cell_paragraphs(tc)), ""]
            )
        elif block.tag == f"{_W}tbl":
            rows = [_pipe_row(r, numbering) for r in _rows(block)]
            rows = [r for r in rows if r.strip("| ")]
            if rows:
                lines.extend(["", *rows, ""])
        else:
            lines.append(_paragraph(block, numbering))
    text = _tidy_lines(lines)
    return Converted(text=text, kind="docx")


def _open(data: bytes, name: str) -> Any:
    """python-docx's Document, or the one-line reason it cannot be had."""
    import docx  # the optional heavy import stays inside the function that needs it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            bad = z.testzip()  # a truncated or damaged member fails its CRC check
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise DecodeError(one_line(f"{name}: corrupt or truncated DOCX file ({exc})")) from None
    if bad is not None:
        raise DecodeError(one_line(f"{name}: corrupt DOCX file (damaged part {bad})"))
    if "word/document.xml" not in names:
        raise DecodeError(
            one_line(f"{name}: a zip file but not a Word document (no word/document.xml)")
        )
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors ...
        reason = str(exc).strip() or type(exc).__name__
        raise DecodeError(one_line(f"{name}: cannot read this DOCX file: {reason}")) from None


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables of the body in order, looking inside content controls and
    tracked insertions (which wrap whole paragraphs)."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}ins", f"{_W}customXml"):
            yield from _blocks(child)


def _runs_text(el: Any) -> str:
    """The visible text under ``el``: text, tabs and line breaks, in order."""
    parts: list[str] = []
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}txbxContent":
            # A text box: its paragraphs are lines of their own after this one.
            parts.append("".join(f"\n{_runs_text(p)}" for p in child.iter(f"{_W}p")))
        else:
            parts.append(_runs_text(child))
    return "".join(parts)


def _paragraph(p: Any, numbering: _Numbering) -> str:
    marker = numbering.marker(p)
    text = _runs_text(p)
    return f"{marker} {text.lstrip()}" if marker and text.strip() else text


def _rows(tbl: Any) -> Iterator[list[Any]]:
    """Each row's cells (``w:tc``), looking inside content controls around cells."""
    for tr in tbl.iterchildren(f"{_W}tr", f"{_W}sdt", f"{_W}customXml"):
        if tr.tag != f"{_W}tr":
            for inner in tr.iter(f"{_W}tr"):
                yield list(inner.iter(f"{_W}tc"))
            continue
        yield [tc for tc in tr.iter(f"{_W}tc") if _parent_row(tc) is tr]


def _parent_row(tc: Any) -> Any:
    p = tc.getparent()
    while p is not None and p.tag != f"{_W}tr":
        p = p.getparent()
    return p


def _pipe_row(cells: list[Any], numbering: _Numbering) -> str:
    texts = []
    for tc in cells:
        if _continues_merge(tc):
            texts.append("")  # the text stands in the first cell of the vertical merge
            continue
        paragraphs = [_paragraph(p, numbering) for p in _cell_paragraphs(tc)]
        text = " ".join(" ".join(paragraphs).split())
        texts.append(text.replace("|", "\\|"))
    return "| " + " | ".join(texts) + " |"


def _cell_paragraphs(tc: Any) -> Iterator[Any]:
    """The paragraphs of a cell, those of tables nested in it included, in order."""
    for block in _blocks(tc):
        if block.tag == f"{_W}p":
            yield block
        else:
            for row in _rows(block):
                for inner in row:
                    yield from _cell_paragraphs(inner)


def _is_signature(tbl: Any) -> bool:
    """The recipients-and-signature table that closes a document (``Nơi nhận:`` left,
    ``TM. ỦY BAN NHÂN DÂN`` ... the signer's name right)."""
    for row in _rows(tbl):
        for tc in row:
            first = next((t for p in _cell_paragraphs(tc) if (t := _runs_text(p).strip())), "")
            if regexes.RECIPIENTS.match(first) or regexes.ON_BEHALF.match(first):
                return True
        return False  # only the first row decides
    return False


def _continues_merge(tc: Any) -> bool:
    v = tc.find(f"{_W}tcPr/{_W}vMerge")
    return v is not None and v.get(f"{_W}val", "continue") == "continue"


def _tidy_lines(lines: list[str]) -> str:
    """NFC, no trailing spaces, at most one blank line in a row, none at the ends."""
    out: list[str] = []
    for raw in "\n".join(lines).split("\n"):
        line = unicodedata.normalize("NFC", raw).rstrip().replace("\u00a0", " ")
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


# --- automatic numbering -------------------------------------------------------------------


@dataclass(slots=True)
class _Level:
    start: int
    fmt: str
    text: str


@dataclass(slots=True)
class _Numbering:
    """Word's list definitions and the running counters of each list."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> numPr
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Any) -> _Numbering:
        self = cls()
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return self  # no numbering part: no automatic numbers
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if definition is None:
                continue
            levels = {
                int(lvl.get(f"{_W}ilvl", "0")): _level(lvl) for lvl in definition.iter(f"{_W}lvl")
            }
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                if start is not None and ilvl in levels:
                    levels[ilvl].start = int(start.get(f"{_W}val", "1"))
            self.levels[num.get(f"{_W}numId", "")] = levels
        for style in doc.styles.element.iter(f"{_W}style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                self.style_num[style.get(f"{_W}styleId", "")] = _num_pr(num_pr, None)
        return self

    def marker(self, p: Any) -> str:
        """The list marker Word shows before paragraph ``p``, ``""`` if none."""
        ppr = p.find(f"{_W}pPr")
        if ppr is None or not self.levels:
            return ""
        style = ppr.find(f"{_W}pStyle")
        inherited = self.style_num.get(style.get(f"{_W}val", "")) if style is not None else None
        num_pr = ppr.find(f"{_W}numPr")
        num_id, ilvl = _num_pr(num_pr, inherited) if num_pr is not None else inherited or ("", 0)
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""  # numId 0 switches numbering off
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(levels.get(len(counts), _Level(1, "decimal", "")).start - 1)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):  # a higher level moving restarts those below
            counts[deeper] = levels.get(deeper, _Level(1, "decimal", "")).start - 1
        level = levels[ilvl]
        if level.fmt == "bullet":
            return level.text if level.text in _BULLETS else "-"
        if level.fmt == "none":
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            return _format(counts[k] if k < len(counts) else 1, lv.fmt if lv else "decimal")

        return re.sub(r"%(\d)", number, level.text).strip()


def _level(lvl: Any) -> _Level:
    def val(tag: str, default: str) -> str:
        el = lvl.find(f"{_W}{tag}")
        return el.get(f"{_W}val", default) if el is not None else default

    return _Level(
        start=int(val("start", "1")), fmt=val("numFmt", "decimal"), text=val("lvlText", "")
    )


def _num_pr(num_pr: Any, inherited: tuple[str, int] | None) -> tuple[str, int]:
    """(numId, ilvl) of a ``w:numPr``; a missing part comes from the style's."""
    num_id_el, ilvl_el = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
    base_id, base_lvl = inherited or ("", 0)
    num_id = num_id_el.get(f"{_W}val", "") if num_id_el is not None else base_id
    ilvl = int(ilvl_el.get(f"{_W}val", "0")) if ilvl_el is not None else base_lvl
    return num_id, ilvl


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = _letters(n)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _letters(n: int) -> str:
    """Word's letters: a..z, then aa..zz, aaa..zzz (the letter repeated, not base 26)."""
    if n < 1:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n < 1:
        return str(n)
    out = []
    for value, digits in _ROMAN:
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)

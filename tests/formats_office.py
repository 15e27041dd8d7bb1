"""Fixture makers for Word files and saved web pages, made from texts the loaders read.

``make_docx(text)`` and ``make_html(text)`` take a document as the text loaders take it
(one paragraph per line, tables as Markdown pipe rows, ``<br>`` for a line break inside a
cell, ``**bold**``) and lay it out as Word and as a legal-text site would: pipe rows become
a real table (the letterhead and the task table as Word tables), ``**`` becomes bold.
``make_html`` wraps the body in site chrome (menu, log-in box, related links, footer),
whose words are in :data:`CHROME_PHRASES` so a test can check none of them comes through.

``site_to_pipes`` turns the one-cell-per-line tables of the real pages in tests/data/real
(see loaders/tables.py) into pipe rows, so real documents can be made into fixtures too;
:data:`REAL_DOCUMENTS` names three of them and the lines that are the document (the
site's own lines before and after are left out).
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

__all__ = [
    "CHROME_PHRASES",
    "CORPUS",
    "GOLD",
    "GOLD_REAL",
    "REAL",
    "REAL_DOCUMENTS",
    "make_docx",
    "make_html",
    "real_document",
    "score",
    "site_to_pipes",
]

DATA = Path(__file__).parent / "data"
REAL = DATA / "real"
GOLD = DATA / "gold"
GOLD_REAL = DATA / "gold-real"
CORPUS = Path(__file__).parent.parent / "examples" / "corpus"

# file -> (first line, last line), 1-based, both kept: from the bar that opens the
# letterhead to the last bar of the document, before the site repeats the title.
REAL_DOCUMENTS = {
    "c5d930a5fc8373cd.md": (66, 511),  # Nghệ An plan 980/KH-UBND: letterhead, task table
    "2f6f80b9918e52de.md": (1, 197),  # Hồ Chí Minh plan 172/KH-UBND
    "86367f2ddb2225cd.md": (1, 331),  # decision 2623/QĐ-TTg of the Prime Minister
}

_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*\*|\*(?=\S)|(?<=\S)\*")


def real_document(name: str) -> str:
    """The document part of a real page, its tables as pipe rows."""
    first, last = REAL_DOCUMENTS[name]
    lines = (REAL / name).read_text(encoding="utf-8").split("\n")[first - 1 : last]
    return site_to_pipes("\n".join(lines))


def site_to_pipes(text: str) -> str:
    """One-cell-per-line tables -> pipe rows (a cell's lines joined by ``<br>``).

    After a cell, one bar opens the next cell, two end the row, n > 2 add n - 2 empty
    cells first; after a row as wide as the table's first, a bar before text ends the table.
    """
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() != "|":
            out.append(lines[i])
            i += 1
            continue
        rows, i = _site_table(lines, i + 1)
        out.extend("| " + " | ".join(r) + " |" for r in rows if any(c.strip() for c in r))
    return "\n".join(out)


def _site_table(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = [[]]
    width = 0
    while i < len(lines):
        cell: list[str] = []
        while i < len(lines) and lines[i].strip() != "|":
            cell.append(lines[i].strip().replace("|", "\\|"))
            i += 1
        rows[-1].append("<br>".join(_cell_paragraphs(cell)))
        if not width and rows[-1][0].strip("*").startswith("Nơi nhận"):
            width = 2  # the signature block: recipients left, signature right
        bars = 0
        while i < len(lines) and lines[i].strip() == "|":
            bars += 1
            i += 1
        if bars >= 2:
            rows[-1].extend([""] * (bars - 2))
            width = width or len(rows[-1])
            rows.append([])
        elif bars == 0 or (width and len(rows[-1]) >= width):
            return rows, i
    return rows, i


def _cell_paragraphs(lines: list[str]) -> list[str]:
    """A cell's lines as Word paragraphs: a line continues the one before while a bold or
    italic mark is open or when it starts in lower case (the page wrapped a sentence)."""
    out: list[str] = []
    for line in filter(None, lines):
        if out and (len(_EMPHASIS.findall(out[-1])) % 2 or line[:1].islower()):
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def _blocks(text: str) -> list[tuple[str, list[list[str]] | str]]:
    """("table", rows) and ("p", line) in order; blank lines and separator rows dropped."""
    blocks: list[tuple[str, list[list[str]] | str]] = []
    for line in text.split("\n"):
        if _SEPARATOR.match(line):
            continue
        if _ROW.match(line):
            s = line.strip()[1:-1]
            row = [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(s)]
            if blocks and blocks[-1][0] == "table":
                rows = blocks[-1][1]
                assert isinstance(rows, list)
                rows.append(row)
            else:
                blocks.append(("table", [row]))
        elif line.strip():
            blocks.append(("p", line.strip()))
    return blocks


def _emphasis_parts(line: str) -> list[tuple[str, bool, bool]]:
    """``a **b**`` -> [("a ", False, False), ("b", True, False)]: (text, bold, italic) runs;
    a lone ``*`` before a space (a bullet) stays text."""
    out: list[tuple[str, bool, bool]] = []
    bold = italic = False
    pos = 0
    for m in _EMPHASIS.finditer(line):
        if m.start() > pos:
            out.append((line[pos : m.start()], bold, italic))
        if m.group() == "**":
            bold = not bold
        else:
            italic = not italic
        pos = m.end()
    if pos < len(line):
        out.append((line[pos:], bold, italic))
    return out


# --- Word ---------------------------------------------------------------------------------


def make_docx(text: str) -> bytes:
    """A Word file of ``text``: paragraphs, pipe rows as Word tables, ``**`` as bold."""
    import docx

    doc = docx.Document()
    for kind, value in _blocks(text):
        if kind == "p":
            assert isinstance(value, str)
            _add_runs(doc.add_paragraph(), value)
            continue
        assert isinstance(value, list)
        width = max(len(r) for r in value)
        table = doc.add_table(rows=len(value), cols=width)
        for tr, row in zip(table.rows, value, strict=True):
            for k, cell_text in enumerate(row):
                pieces = _BR.split(cell_text)
                cell = tr.cells[k]
                _add_runs(cell.paragraphs[0], pieces[0])
                for piece in pieces[1:]:
                    _add_runs(cell.add_paragraph(), piece)
            if len(row) < width:  # a merged row: its last cell spans the rest
                tr.cells[len(row) - 1].merge(tr.cells[width - 1])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _add_runs(paragraph: object, line: str) -> None:
    for piece, bold, italic in _emphasis_parts(line):
        run = paragraph.add_run(piece)  # type: ignore[attr-defined]
        run.bold = bold or None
        run.italic = italic or None


# --- web page -----------------------------------------------------------------------------

CHROME_PHRASES = (
    "Trang chủ",
    "Văn bản pháp luật",
    "Tra cứu văn bản",
    "Tên đăng nhập",
    "Mật khẩu",
    "Quên mật khẩu",
    "Đăng nhập",
    "Văn bản liên quan",
    "Quyết định 1234/QĐ-UBND năm 2025 về giá đất",
    "Nghị quyết 77/NQ-HĐND về đầu tư công",
    "Hotline: 0909 123 456",
    "Bản quyền thuộc về Cổng văn bản",
    "Địa chỉ: 17 Phố Huế",
    "window.dataLayer",
    "font-family",
)

_HEAD = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: Arial }} .menu li {{ display: inline }}</style>
<script>window.dataLayer = window.dataLayer || []; gtag("Đăng nhập");</script></head>
<body>
<div class="top">
 <ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/vb">Văn bản pháp luật</a></li>
 <li><a href="/tra-cuu">Tra cứu văn bản</a></li></ul>
 <form class="box" action="/login" method="post"><label>Tên đăng nhập</label>
 <input name="u"><label>Mật khẩu</label><input type="password" name="p">
 <button>Đăng nhập</button> <a href="/quen">Quên mật khẩu</a></form>
</div>
<div class="wrap">
 <div class="main">
"""

_TAIL = """ </div>
 <div class="side"><h3>Văn bản liên quan</h3><ul>
  <li><a href="/1">Quyết định 1234/QĐ-UBND năm 2025 về giá đất</a></li>
  <li><a href="/2">Nghị quyết 77/NQ-HĐND về đầu tư công</a></li></ul></div>
</div>
<div class="bottom"><p>Bản quyền thuộc về Cổng văn bản</p><p>Địa chỉ: 17 Phố Huế, Hà Nội</p>
<p>Hotline: 0909 123 456</p></div>
<script>console.log("Đăng nhập")</script>
</body></html>
"""


def make_html(text: str, *, chrome: bool = True) -> bytes:
    """A saved web page of ``text``: ``<p>`` per line, ``<table>`` for pipe rows, ``<b>``
    for ``**``; with ``chrome``, inside a site's menu, log-in box, related links, footer."""
    body: list[str] = []
    for kind, value in _blocks(text):
        if kind == "p":
            assert isinstance(value, str)
            body.append(f"  <p>{_inline(value)}</p>")
            continue
        assert isinstance(value, list)
        body.append('  <table border="1">')
        for row in value:
            cells = "".join(
                f"<td><p>{'</p><p>'.join(_inline(c) for c in _BR.split(cell))}</p></td>"
                for cell in row
            )
            body.append(f"   <tr>{cells}</tr>")
        body.append("  </table>")
    content = "\n".join(body)
    if not chrome:
        return f"<!DOCTYPE html>\n<html><body>\n{content}\n</body></html>\n".encode()
    title = html.escape(text.strip().split("\n")[0][:80])
    page = (
        _HEAD.format(title=title) + '  <div class="content">\n' + content + "\n  </div>\n" + _TAIL
    )
    return page.encode("utf-8")


def _inline(line: str) -> str:
    out = []
    for piece, bold, italic in _emphasis_parts(line):
        s = html.escape(piece)
        s = f"<i>{s}</i>" if italic else s
        out.append(f"<b>{s}</b>" if bold else s)
    return "".join(out)


# --- scoring ------------------------------------------------------------------------------


def score(docs: list[object], gold: Path, tmp: Path) -> dict[str, float]:
    """score.py's totals (``--json``) for parsed documents against the gold files of
    ``gold`` that have a document among ``docs`` (copied to ``tmp``)."""
    import json
    import shutil
    import subprocess
    import sys

    from policykg.loaders.contract import to_contract

    preds = [to_contract(d) for d in docs]  # type: ignore[arg-type]
    gold_dir = tmp / "gold"
    gold_dir.mkdir(exist_ok=True)
    for p in preds:
        shutil.copy(gold / f"{Path(p['source']).stem}.json", gold_dir)
    (tmp / "pred.json").write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(GOLD / "score.py"),
            str(tmp / "pred.json"),
            "--gold",
            str(gold_dir),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    totals: dict[str, float] = json.loads(run.stdout)
    return totals


def assert_scores_as_text(totals: dict[str, float], label: str, *, fields: bool = False) -> None:
    """Print a converted format's figures, and hold them to the issue's floors: references
    F1 >= 0.99, task leads >= 0.98 (and, for real documents, their fields >= 0.99)."""
    shown = f"{label}: references F1 {totals['references.f1']:.3f}, "
    shown += f"task leads F1 {totals['tasks.lead_f1']:.3f}"
    if fields:
        shown += f", document fields {totals['document.accuracy']:.3f}"
    print(shown)
    assert totals["references.f1"] >= 0.99
    assert totals["tasks.lead_f1"] >= 0.98
    if fields:
        assert totals["document.accuracy"] >= 0.99

"""Scans made from texts: the fixtures of the OCR tests and bench/formats.py.

A document's text is printed to a text PDF (fpdf2, DejaVu Sans, A4), each table of the text
as a table on the page (the letterhead as its two columns, without rules), then the pages
are rasterised (pypdfium2) at 200-300 dpi and spoilt a little as a scanner would: a slight
skew, a soft focus, grey noise and dark specks, the same for a given seed. The pages are
saved as an image-only PDF (what a scanner sends), PNG or multi-page TIFF.

Nothing is downloaded; every fixture is made at test time from a committed text.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.reflow import is_bar
from policykg.loaders.structure import layout
from policykg.loaders.tables import Row, table_blocks

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_SIZE = 11
LINE_HEIGHT = 5.6  # mm, for 11 pt


def paper(text: str, source: str = "document.txt") -> list[str | list[tuple[str, ...]]]:
    """What a document prints: its cleaned lines, and each table as one list of rows.

    The cleaned text, not the file: Markdown marks and a web page's chrome are not on paper.
    """
    cleaned = clean(text, source)
    ctx = DocContext(cleaned, layout(cleaned))
    tables = {rows[0].start: rows for rows in table_blocks(ctx)}
    ends = sorted((rows[0].start, rows[-1].end) for rows in tables.values())
    out: list[str | list[tuple[str, ...]]] = []
    pos = 0
    t = cleaned.text
    while pos < len(t):
        start = next((a for a, _ in ends if a >= pos), None)
        if start is not None and _only_bars(t[pos:start]):
            rows: list[Row] = tables[start]
            out.append([r.cells for r in rows if any(c.strip() for c in r.cells)])
            pos = next(b for a, b in ends if a == start)
            continue
        nl = t.find("\n", pos)
        nl = len(t) if nl < 0 else nl
        line = t[pos:nl].strip()
        if line and not is_bar(line):
            out.append(line)
        pos = nl + 1
    return out


def _only_bars(between: str) -> bool:
    return all(not s.strip() or is_bar(s) for s in between.split("\n"))


def text_pdf(
    text: str,
    source: str = "document.txt",
    *,
    font_size: int = FONT_SIZE,
    max_pages: int | None = None,
) -> bytes:
    """A text PDF of the document, A4, its tables as tables (the first one without rules);
    with ``max_pages``, about that many pages of its beginning (a test that reads page 1
    need not print 50)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=font_size)
    pdf.add_page()
    first_table = True
    line = LINE_HEIGHT * font_size / FONT_SIZE
    for block in paper(text, source):
        if max_pages is not None and pdf.page_no() > max_pages:
            break
        if isinstance(block, str):
            pdf.multi_cell(0, line, block, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
            continue
        if _fits(block, ruled=not first_table):
            _table(pdf, block, ruled=not first_table)
        else:  # a cell longer than a page: its rows as lines of text
            for cells in block:
                pdf.multi_cell(0, LINE_HEIGHT, " | ".join(cells), new_x="LMARGIN", new_y="NEXT")
        first_table = False
        pdf.ln(3)
    out = bytes(pdf.output())
    _close_fonts(pdf)
    return out


def _close_fonts(pdf: object) -> None:
    """Close the font files fpdf2 leaves open (a ResourceWarning, an error under pytest)."""
    for font in getattr(pdf, "fonts", {}).values():
        if hasattr(font, "ttfont"):
            font.ttfont.close()


def _fits(rows: list[tuple[str, ...]], *, ruled: bool) -> bool:
    """Whether fpdf2 can draw the table: it refuses a row taller than a page."""
    from fpdf import FPDF

    scratch = FPDF(format="A4")
    scratch.set_margins(20, 18, 20)
    scratch.add_font("DejaVu", fname=str(FONT))
    scratch.set_font("DejaVu", size=FONT_SIZE)
    scratch.add_page()
    try:
        _table(scratch, rows, ruled=ruled)
    except ValueError:
        return False
    finally:
        _close_fonts(scratch)
    return True


def _table(pdf: object, rows: list[tuple[str, ...]], *, ruled: bool) -> None:
    from fpdf import FPDF
    from fpdf.enums import TableBordersLayout

    assert isinstance(pdf, FPDF)
    width = max(len(r) for r in rows)
    borders = TableBordersLayout.ALL if ruled else TableBordersLayout.NONE
    before = pdf.font_size_pt
    size = before if width <= 3 else 9
    pdf.set_font_size(size)
    with pdf.table(
        col_widths=_widths(rows, width),
        borders_layout=borders,
        first_row_as_headings=False,
        line_height=LINE_HEIGHT * size / FONT_SIZE,
        text_align="LEFT" if ruled else "CENTER",
    ) as table:
        for cells in rows:
            row = table.row()
            for c in (*cells, *[""] * (width - len(cells))):
                row.cell(c)
    pdf.set_font_size(before)


def _widths(rows: list[tuple[str, ...]], n: int) -> tuple[float, ...]:
    """Column widths as a writer would set them: wide enough for the longest word (a
    document number is never broken inside a cell), more for columns of long text."""
    out = []
    for k in range(n):
        column = [r[k] for r in rows if k < len(r)]
        longest = max((len(w) for c in column for w in c.split()), default=1)
        mean = sum(map(len, column)) / max(1, len(column))
        out.append(max(longest * 1.15, 3 * mean**0.5, 3.0))
    return tuple(out)


def rasterise(
    pdf: bytes, *, dpi: int = 300, pages: Sequence[int] | None = None, seed: int = 0
) -> list[Image.Image]:
    """The pages (0-based indices; default all) as greyscale scans at ``dpi``."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        wanted = range(len(doc)) if pages is None else pages
        out = []
        for k in wanted:
            bitmap = doc[k].render(scale=dpi / 72, grayscale=True)
            out.append(scanned(bitmap.to_pil().convert("L"), seed=seed * 1000 + k))
        return out
    finally:
        doc.close()


def scanned(page: Image.Image, *, seed: int = 0) -> Image.Image:
    """A clean page image as a scanner gives it back: skewed, soft, noisy, specked."""
    rng = random.Random(seed)
    angle = rng.choice((-1, 1)) * rng.uniform(0.3, 0.9)
    img = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    noise = Image.frombytes("L", img.size, rng.randbytes(img.width * img.height))
    img = Image.blend(img, noise, 0.08)  # grey noise, about +-10 levels
    specks = noise.point(lambda v: 90 if v < 1 else 255)  # dust: 1 pixel in 256, mid-grey
    return ImageChops.darker(img, specks)


def scan_pdf(images: Sequence[Image.Image], dpi: int = 300, *, bilevel: bool = False) -> bytes:
    """An image-only PDF of the pages (no text layer), as a scanner would send it: grey JPEG
    pages (about 1.6 MB each at 300 dpi with the noise), or black and white (``bilevel``,
    about 0.15 MB each, as an office scanner's default "document" mode)."""
    if bilevel:
        images = [im.point(lambda v: 255 if v > 160 else 0).convert("1") for im in images]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=list(images[1:]), resolution=dpi)
    return buf.getvalue()


def png(image: Image.Image, dpi: int = 300) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def tiff(images: Sequence[Image.Image], dpi: int = 300) -> bytes:
    """A multi-page TIFF, one frame per page."""
    buf = io.BytesIO()
    images[0].save(
        buf,
        "TIFF",
        save_all=True,
        append_images=list(images[1:]),
        compression="tiff_deflate",
        dpi=(dpi, dpi),
    )
    return buf.getvalue()

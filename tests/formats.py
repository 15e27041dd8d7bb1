"""Fixture makers for the formats tests: PDFs made from texts, never downloaded.

:func:`make_pdf` prints a text the way an office prints a document: A4, justified
paragraphs, bold where the text has ``**``, a blank line's gap between blocks, and Markdown
pipe tables (the letterhead) as borderless tables. It needs a font with the Vietnamese
letters (DejaVu Sans, in Debian's ``fonts-dejavu-core``); :data:`NEEDS_FONT` skips a test
without it. The other makers need no font.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD_FONT = FONT.with_name("DejaVuSans-Bold.ttf")
NO_FONT = f"no Vietnamese-capable font at {FONT} (Debian: apt-get install fonts-dejavu-core)"
NEEDS_FONT = pytest.mark.skipif(not (FONT.is_file() and BOLD_FONT.is_file()), reason=NO_FONT)

_HEADING = re.compile(r"^#+\s*")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_LINE_HEIGHT = 6  # mm, for 12 pt type


def make_pdf(text: str, *, password: str | None = None, page_numbers: bool = False) -> bytes:
    """``text`` (a .txt/.md document) printed to a PDF with a text layer.

    Args:
        password: encrypt the PDF with this user password.
        page_numbers: print each page's number at its top, as official documents do.
    """
    pdf = _Printer(page_numbers)
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, 20)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(BOLD_FONT))
    pdf.add_page()
    lines = text.split("\n")  # not splitlines(): a form feed is a page break here
    i = 0
    while i < len(lines):
        line = lines[i].strip(" \t\r\n")
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                if not _RULE.match(lines[i]):
                    rows.append(_cells(lines[i]))
                i += 1
            _table(pdf, rows)
            continue
        i += 1
        if line == "\f":  # a page break where the text says
            pdf.add_page()
            continue
        if not line:
            pdf.ln(_LINE_HEIGHT / 2)
            continue
        bold = "**" in line or line.startswith("#")
        plain = _HEADING.sub("", line).replace("**", "").replace("\t", "    ")
        pdf.set_font("DejaVu", "B" if bold else "", 12)
        pdf.multi_cell(0, _LINE_HEIGHT, plain, align="J", new_x="LMARGIN", new_y="NEXT")
    if password is not None:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    return bytes(pdf.output())


class _Printer(FPDF):
    def __init__(self, page_numbers: bool) -> None:
        super().__init__(format="A4")
        self._page_numbers = page_numbers

    def header(self) -> None:
        if self._page_numbers and self.page_no() > 1:
            self.set_font("DejaVu", "", 11)
            self.cell(0, 8, str(self.page_no()), align="C", new_x="LMARGIN", new_y="NEXT")


def _cells(row: str) -> list[str]:
    inner = row.strip().removeprefix("|").removesuffix("|")
    return [c.strip().replace("**", "").replace("*", "") for c in inner.split("|")]


def _table(pdf: FPDF, rows: list[list[str]]) -> None:
    """A borderless table, each cell's ``<br>`` a line break: the letterhead as printed."""
    width = max(len(r) for r in rows)
    pdf.set_font("DejaVu", "", 10.5)
    with pdf.table(
        borders_layout="NONE",
        first_row_as_headings=False,
        text_align="CENTER",
        line_height=_LINE_HEIGHT,
    ) as t:
        for cells in rows:
            row = t.row()
            for cell in cells + [""] * (width - len(cells)):
                row.cell(re.sub(r"\s*<br\s*/?>\s*", "\n", cell))
    pdf.ln(_LINE_HEIGHT)


def blank_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` empty A4 pages (no font needed; fast for hundreds of pages)."""
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def image_pdf(images: Sequence[Image.Image], dpi: int = 300) -> bytes:
    """A scanned PDF: one page per image, the image filling the page, no text layer."""
    pdf = FPDF(unit="pt")
    for image in images:
        w, h = image.width * 72 / dpi, image.height * 72 / dpi
        pdf.add_page(format=(w, h))
        pdf.image(image, x=0, y=0, w=w, h=h)
    return bytes(pdf.output())


def render_pages(data: bytes, dpi: int = 300) -> list[Image.Image]:
    """The pages of a PDF as grayscale images (to make a scan of a text PDF)."""
    pdf = pdfium.PdfDocument(data)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in pdf]
    finally:
        pdf.close()


def truncated(data: bytes, share: float = 0.5) -> bytes:
    """The first ``share`` of ``data``: a download cut off."""
    return data[: int(len(data) * share)]


# A plan short enough to commit as a PDF, long enough for two pages (a form feed breaks
# the page): a letterhead table, a paragraph wrapped over several lines, tasks with their
# lead on both pages, the same reference on both.
PLAN_SOURCE = Path(__file__).parent / "data" / "formats" / "plan.md"


def write_fixtures(folder: Path) -> None:
    """Write the committed PDFs of tests/data/formats (run it again if a maker changes):
    the plan, the plan with a password, and a three-page PDF whose middle page is a scan."""
    text = PLAN_SOURCE.read_text(encoding="utf-8")
    plan = make_pdf(text, page_numbers=True)
    (folder / "plan-2-pages.pdf").write_bytes(plan)
    (folder / "encrypted.pdf").write_bytes(make_pdf(text, password="secret"))
    pages = render_pages(plan, dpi=100)
    text_pages = pdfium.PdfDocument(plan)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text_pages, [0])
    scan = pdfium.PdfDocument(image_pdf(pages[1:2], dpi=100))
    mixed.import_pages(scan, [0])
    mixed.import_pages(text_pages, [1])
    out = io.BytesIO()
    mixed.save(out)
    for pdf in (mixed, scan, text_pages):
        pdf.close()
    (folder / "mixed-3-pages.pdf").write_bytes(out.getvalue())


if __name__ == "__main__":
    write_fixtures(Path(__file__).parent / "data" / "formats")

"""PDF: the text layer of each page, and OCR for the pages that have none.

PDFium (through pypdfium2) reads each page's text layer in the order the page draws it,
which for the documents of this genre is reading order: the letterhead's left column, then
its right, then the body. Its line breaks are the printed lines; the cleaner joins the lines
of a paragraph again, as it does for text copied out of a PDF. A page with (almost) no text
layer but an image on it is a scan: it is rasterised at 300 dpi and handed to
:func:`policykg.loaders.ocr.ocr_images`, a few pages at a time, so that a long scan never
holds all its page images at once. A page without text or image is blank and adds nothing.

Pages are separated by a blank line (not a form feed), so that a sentence that runs over
onto the next page is still joined. A line that is just the page's own number, at the top
or bottom of the page, is left out: it would otherwise sit inside a sentence or a task.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from policykg.errors import DecodeError
from policykg.loaders import limits
from policykg.loaders.decode import one_line
from policykg.records import Converted, Page

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["OCR_DPI", "convert_pdf"]

OCR_DPI = 300
MIN_TEXT_LETTERS = 20
"""A page with fewer letters than this in its text layer, and an image, is a scan (a
scanned page sometimes carries a stamp's or a page number's few characters as text)."""
BLOCK_PITCH = 1.75
"""Lines further apart than this many times their type size (single spacing is about 1.2,
and a blank line or a paragraph's space after adds half a line or more) are two blocks."""
COLUMN_GAP = 3.0
"""A gap wider than this many times the type size inside a printed line parts two columns
(a justified line's widest word space is well under it)."""
OCR_BATCH = 8
"""Pages rendered and OCR'd at once: 8 grayscale A4 pages at 300 dpi are about 70 MB."""

# Characters PDFium puts in extracted text that are not text: soft-hyphen and
# non-character marks, other C0 controls; kept: tab and line feed.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_LETTER = re.compile(r"[^\W\d_]")
# A line that starts a new item even after a full line: "- ", "+ ", "1. ", "1.2. ", "a) ",
# "II. ", "Điều 3", and the task lead lines.
_MARKER = re.compile(
    r"^(?:[-–+•*][ \t]|\d{1,2}(?:\.\d{1,2}){0,3}[.)][ \t]|[a-zđ]\)[ \t]|[IVX]{1,5}[.\-][ \t]"
    r"|Điều[ \t]+\d|Chương[ \t]+[IVXLC\d]|Cơ[ \t]+quan[ \t]+(?:chủ[ \t]+trì|phối[ \t]+hợp))"
)
_LINE_END = re.compile(r"\r\n|\r|\n")
# we want to capture:  "2"   "- 2 -"   "Trang 2"   "2/15"
_PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:[-–][ \t]*)?(?:Trang[ \t]+)?(\d{1,4})(?:[ \t]*[-–]|/\d+)?[ \t]*$"
)


def convert_pdf(data: bytes, name: str) -> Converted:
    """The text of a PDF, page by page; pages without a text layer are OCR'd.

    Raises:
        DecodeError: the PDF is encrypted, damaged or longer than ``$POLICYKG_MAX_PAGES``;
            or a page needs OCR and Tesseract is missing or reads nothing.
    """
    label = one_line(name)
    pdf = _open(data, label)
    try:
        limits.check_pages(label, len(pdf))  # before any page is read
        read = [_page_lines(pdf, index, label) for index in range(len(pdf))]
        # The right edge of the text column, where a wrapped line ends: the document's,
        # since a short last page does not reach it.
        edge = max((line.right for lines in read if lines for line in lines), default=0.0)
        texts = [
            None if lines is None else _layout(lines, i + 1, edge) for i, lines in enumerate(read)
        ]
        scans = [i for i, t in enumerate(texts) if t is None]
        ocr = _ocr_pages(pdf, scans, label) if scans else {}
    finally:
        pdf.close()
    return _assemble(texts, ocr, label)


def _open(data: bytes, label: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise DecodeError(
                f"{label}: encrypted PDF (password protected); remove the password and try again"
            ) from None
        raise DecodeError(f"{label}: damaged or truncated PDF, cannot be read ({exc})") from None


def _page_lines(pdf: pdfium.PdfDocument, index: int, label: str) -> list[_Line] | None:
    """The lines of the page's text layer; ``None`` for a scanned page (an image and no
    text, or almost none)."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise DecodeError(f"{label}: page {index + 1} of the PDF is damaged ({exc})") from None
    try:
        textpage = page.get_textpage()
        try:
            lines = _lines(textpage)
        finally:
            textpage.close()
        letters = sum(len(_LETTER.findall(line.text)) for line in lines)
        if letters < MIN_TEXT_LETTERS and _has_image(page):
            return None
        return lines
    finally:
        page.close()


def _has_image(page: pdfium.PdfPage) -> bool:
    return next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])), None) is not None


@dataclass(frozen=True, slots=True)
class _Line:
    """One printed line (or one column's part of it), in points from the page's bottom."""

    text: str
    left: float
    right: float
    baseline: float  # the median bottom of its characters
    size: float  # the median font size of its characters
    first_word: float  # the width of its first word: would it have fitted on the line above?


def _lines(textpage: pdfium.PdfTextPage) -> list[_Line]:
    """The lines of the text layer in PDFium's order, each cut where a gap of several
    characters' width leaves two columns side by side on one line (a letterhead's number
    and date). PDFium's text has one character per character index, line breaks included."""
    raw = textpage.get_text_range()
    out: list[_Line] = []
    start = 0
    for match in _LINE_END.finditer(raw):
        out.extend(_segments(textpage, raw, start, match.start()))
        start = match.end()
    out.extend(_segments(textpage, raw, start, len(raw)))
    return out


def _segments(textpage: pdfium.PdfTextPage, raw: str, start: int, end: int) -> list[_Line]:
    chars: list[tuple[int, tuple[float, float, float, float], float]] = []
    for i in range(start, end):
        if not raw[i].isspace():
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            chars.append((i, textpage.get_charbox(i), size))
    out: list[_Line] = []
    first = 0
    for k in range(1, len(chars) + 1):
        gap = COLUMN_GAP * chars[k - 1][2]
        if k == len(chars) or chars[k][1][0] - chars[k - 1][1][2] > gap:
            part = chars[first:k]
            end_at = part[-1][0] + 1
            line = _line(_tidy(raw[part[0][0] : end_at]), part, raw)
            if line is not None:
                out.append(line)
            first = k
    return out


def _line(
    text: str, chars: list[tuple[int, tuple[float, float, float, float], float]], raw: str
) -> _Line | None:
    if not text.strip():
        return None
    boxes = [box for _, box, _ in chars]
    bottoms = sorted(box[1] for box in boxes)
    sizes = sorted(size for _, _, size in chars)
    word_end = next((k for k, (i, _, _) in enumerate(chars) if raw[i + 1 : i + 2].isspace()), 0)
    return _Line(
        text=text,
        left=min(box[0] for box in boxes),
        right=max(box[2] for box in boxes),
        baseline=bottoms[len(bottoms) // 2],
        size=sizes[len(sizes) // 2] or 1.0,
        first_word=boxes[word_end][2] - boxes[0][0],
    )


def _tidy(raw: str) -> str:
    return unicodedata.normalize("NFC", _NOT_TEXT.sub("", raw)).rstrip()


def _layout(lines: list[_Line], number: int, edge: float) -> str:
    """The page's text, one paragraph per line: a line wrapped at the right ``edge`` is
    joined to the next (whose first word did not fit on it), a blank line is put where
    the page leaves a gap between two blocks, and a line that is just the page's number
    (at the top or bottom) is left out."""
    for at in (0, -1):
        if lines and (m := _PAGE_NUMBER.match(lines[at].text)) and int(m[1]) == number:
            lines = lines[1:] if at == 0 else lines[:-1]
    if not lines:
        return ""
    left = min(line.left for line in lines)
    parts = [lines[0].text.strip()]
    for prev, line in itertools.pairwise(lines):
        pitch = prev.baseline - line.baseline
        if pitch < line.size / 2:
            parts.append("\n")  # beside it or above it: another column
        elif pitch > BLOCK_PITCH * line.size:
            parts.append("\n\n")
        elif _wrapped(prev, line, edge, left):
            parts.append(" ")
        else:
            parts.append("\n")
        parts.append(line.text.strip())
    return "".join(parts)


def _wrapped(prev: _Line, line: _Line, edge: float, left: float) -> bool:
    """Whether ``line`` goes on with the paragraph of ``prev``: its first word would not
    have fitted after ``prev`` (a space is about a quarter of the type size), it starts
    at the column's left (not indented as a new paragraph) and not with a list marker."""
    fits = prev.right + line.size / 4 + line.first_word <= edge
    indented = line.left - left > line.size
    return not fits and not indented and not _MARKER.match(line.text.strip())


def _ocr_pages(
    pdf: pdfium.PdfDocument, scans: list[int], label: str
) -> dict[int, tuple[str, Page]]:
    """OCR the pages at ``scans`` (0-based): each page's text and its :class:`Page`, whose
    offsets (and line spans) point into that text."""
    from policykg.loaders import ocr  # Why lazily: text PDFs need neither PIL nor Tesseract.

    missing = ocr.ocr_available()
    if missing is not None:
        pages = _ranges(scans)
        raise DecodeError(f"{label}: page(s) {pages} have no text layer and need OCR: {missing}")
    out: dict[int, tuple[str, Page]] = {}
    for batch in _batches(scans):
        images = [_render(pdf, i, label) for i in batch]
        try:
            # Why a batch per call: ocr_images reads its pages in parallel.
            text, read = ocr.ocr_images(images, label, first_page=batch[0] + 1, dpi=OCR_DPI)
        finally:
            for image in images:
                image.close()
        for i, page in zip(batch, read, strict=True):
            out[i] = (text[page.start : page.end], _moved(page, -page.start, i + 1))
    return out


def _batches(scans: list[int]) -> Iterator[list[int]]:
    for k in range(0, len(scans), OCR_BATCH):
        yield scans[k : k + OCR_BATCH]


def _render(pdf: pdfium.PdfDocument, index: int, label: str) -> Image.Image:
    page = pdf[index]
    try:
        bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
        image: Image.Image = bitmap.to_pil()
        return image
    except pdfium.PdfiumError as exc:
        raise DecodeError(f"{label}: page {index + 1} cannot be rendered for OCR ({exc})") from None
    finally:
        page.close()


def _ranges(numbers: list[int]) -> str:
    """0-based page indexes as 1-based ranges: "1-3, 7"."""
    parts: list[str] = []
    for n in numbers:
        if parts and parts[-1].split("-")[-1] == str(n):
            parts[-1] = f"{parts[-1].split('-')[0]}-{n + 1}"
        else:
            parts.append(str(n + 1))
    return ", ".join(parts)


def _assemble(texts: list[str | None], ocr: dict[int, tuple[str, Page]], label: str) -> Converted:
    """One text, pages separated by a blank line, and each page's place in it."""
    parts: list[str] = []
    pages: list[Page] = []
    pos = 0
    for index, text in enumerate(texts):
        if parts:
            parts.append("\n\n")
            pos += 2
        if text is not None:
            parts.append(text)
            pages.append(Page(number=index + 1, start=pos, end=pos + len(text)))
            pos += len(text)
            continue
        read, page = ocr[index]
        parts.append(read)
        pages.append(_moved(page, pos, index + 1))
        pos += len(read)
    text = "".join(parts)
    if not text.strip():
        raise DecodeError(f"{label}: the PDF has no text (no text layer, nothing to OCR)")
    return Converted(
        text=text,
        kind="scan" if ocr else "pdf",
        pages=tuple(pages),
        note=_note(pages) if ocr else None,
    )


def _moved(page: Page, by: int, number: int) -> Page:
    """``page`` numbered ``number``, its offsets and line spans moved by ``by``."""
    lines = tuple(replace(b, start=b.start + by, end=b.end + by) for b in page.lines)
    return replace(page, number=number, start=page.start + by, end=page.end + by, lines=lines)


def _note(pages: list[Page]) -> str:
    """ "OCR'd 3 of 20 pages (2-4), mean confidence 91"."""
    read = [p for p in pages if p.ocr]
    scores = [p.confidence for p in read if p.confidence is not None]
    numbers = _ranges([p.number - 1 for p in read])
    note = f"OCR'd {len(read)} of {len(pages)} pages ({numbers})"
    return f"{note}, mean confidence {sum(scores) / len(scores):.0f}" if scores else note

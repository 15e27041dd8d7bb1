"""OCR: the text of scanned pages and images, read by Tesseract and its Vietnamese model.

Tesseract is a system program (Debian ``tesseract-ocr`` and ``tesseract-ocr-vie``), run as
a subprocess once per page: its TSV output gives every word with its confidence and the box
of every line, so each line of the text knows where it is on the page. Pages are read in
parallel, one Tesseract per core, each limited to one thread (``OMP_THREAD_LIMIT=1``: its
own threading only slows several processes down), and put back in page order.

The text reads like the text loaders' input: one printed line per line (the cleaner joins
the lines of a paragraph again), a blank line between Tesseract's paragraphs and between
pages. A blank line, not a form feed, between pages, so that the cleaner still joins a
sentence that runs over onto the next page. On page 1 the letterhead's two columns are put
one after the other, as a PDF's text layer gives them. What a scanner adds is taken out
before it can break a title or a number: specks (a median filter on the image, and dust
Tesseract reads as punctuation or a stray letter) and table rules read as ``|``.

Nothing is downloaded: the ``vie`` model comes with the Debian package.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import re
import shutil
import statistics
import subprocess
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from policykg.errors import DecodeError
from policykg.loaders import limits
from policykg.loaders.decode import one_line
from policykg.records import Converted, LineBox, Page

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["INSTALL", "convert_image", "ocr_available", "ocr_images"]

INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"
LANGUAGE = "vie"
PAGE_TIMEOUT = 600
"""Seconds one page may take (about 8 s is usual at 300 dpi): a hung Tesseract must not
hang a build."""
OCR_BATCH = 8
"""Image frames loaded and OCR'd at once: 8 grey A4 pages at 300 dpi are about 70 MB."""
_IMAGE_ERRORS = (OSError, ValueError, SyntaxError, EOFError)
"""What Pillow raises on a file that is not an image or a damaged one (its
UnidentifiedImageError is an OSError; a bad header can be a SyntaxError)."""
_ALNUM = re.compile(r"[^\W_]")
_ETH = re.compile("[Đđ]?([Ðð])")
"""Vietnamese has no Icelandic eth (Ð), which looks like Đ: the model sometimes reads Đ as
Ð, or as both ("3361/QĐÐ-BCT")."""
_MEDIAN_MIN_DPI = 200
_NO_CONFIDENCE = 20
_HEAD_ROWS = 6
"""The letterhead is within the first rows of a page."""
_SPECK_CONFIDENCE = 60
"""Punctuation read with less confidence than this is dust (real dashes and commas read at
90 or more on the test scans; specks at 0-50)."""
_DEFAULT_DPI = 300
_MIN_DPI = 70
"""Below this an image's own resolution is taken for a missing one (72 dpi is a common
placeholder for "unknown"); Tesseract is then told 300, what scanners use."""


@functools.cache
def _languages(exe: str) -> frozenset[str]:
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # The first line is a header ("List of available languages in ...").
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def ocr_available() -> str | None:
    """``None`` if Tesseract with its Vietnamese model can be run, else a one-line message."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"OCR needs Tesseract, which is not installed: {INSTALL}"
    if LANGUAGE not in _languages(exe):
        return f"OCR needs Tesseract's Vietnamese model, which is not installed: {INSTALL}"
    return None


@dataclass(frozen=True, slots=True)
class _Word:
    block: tuple[int, int]  # (page block, paragraph): a blank line when it changes
    line: tuple[int, int, int]
    box: tuple[int, int, int, int]
    confidence: float
    text: str


@dataclass(frozen=True, slots=True)
class _PageText:
    text: str
    confidence: float | None
    lines: tuple[LineBox, ...]  # offsets into this page's text


def ocr_images(
    images: Sequence[Image.Image],
    name: str,
    *,
    first_page: int = 1,
    dpi: int = _DEFAULT_DPI,
    jobs: int | None = None,
) -> tuple[str, tuple[Page, ...]]:
    """OCR page images, in parallel, into one text and one :class:`Page` per image.

    Args:
        images: the pages, in order.
        name: the file name, for messages.
        first_page: the number of the first image's page (a PDF's pages after its text pages).
        dpi: the resolution of the images; the line boxes are in their pixels.
        jobs: how many pages at once; default one per core.

    Returns:
        The text (pages separated by a blank line; a page without text adds nothing) and
        the pages, whose offsets and line spans point into that text.

    Raises:
        DecodeError: Tesseract or its Vietnamese model is missing, or it fails on a page.
    """
    missing = ocr_available()
    if missing is not None:
        raise DecodeError(f"{name}: {missing}")
    workers = max(1, min(jobs or os.cpu_count() or 1, len(images) or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # Threads suffice: each waits on its own Tesseract process.
        # Page 1 opens with the letterhead: its two columns are put back in order.
        heads = [first_page + k == 1 for k in range(len(images))]
        read = list(pool.map(lambda im, h: _ocr_page(im, name, dpi, h), images, heads))
    parts: list[str] = []
    pages: list[Page] = []
    pos = 0
    for k, page in enumerate(read):
        if page.text and pos:  # (not after pages without text)
            parts.append("\n\n")
            pos += 2
        parts.append(page.text)
        lines = tuple(LineBox(start=pos + b.start, end=pos + b.end, box=b.box) for b in page.lines)
        pages.append(
            Page(
                number=first_page + k,
                start=pos,
                end=pos + len(page.text),
                ocr=True,
                confidence=page.confidence,
                dpi=dpi,
                lines=lines,
            )
        )
        pos += len(page.text)
    return "".join(parts), tuple(pages)


def _ocr_page(image: Image.Image, name: str, dpi: int, letterhead: bool) -> _PageText:
    """Run Tesseract on one page image and read its TSV."""
    buf = io.BytesIO()
    # Uncompressed PNM: the fastest image to write and for Tesseract to read from a pipe.
    _cleaned(image, dpi).save(buf, format="PPM")
    exe = shutil.which("tesseract") or "tesseract"
    command = [exe, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            command, input=buf.getvalue(), capture_output=True, env=env, timeout=PAGE_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise DecodeError(f"{name}: OCR took over {PAGE_TIMEOUT} s on one page") from None
    except OSError as exc:
        raise DecodeError(f"{name}: cannot run Tesseract: {exc.strerror or exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = detail[-1] if detail else f"exit code {done.returncode}"
        raise DecodeError(f"{name}: Tesseract failed: {why}")
    words = _words(done.stdout.decode("utf-8", "replace"))
    return _page_text(_letterhead_first(words) if letterhead else words)


def _cleaned(image: Image.Image, dpi: int) -> Image.Image:
    """The page in grey, without the specks of dust a scanner leaves (a 3x3 median: a speck
    read as a letter or a mark breaks a title or a number, "_5ố: 0134/KH-UBND_"; at 200 dpi
    and more a stroke or a diacritic's dot is wider than a speck and survives it)."""
    from PIL import ImageFilter

    plain = _plain(image)
    if plain.mode == "1" or dpi < _MEDIAN_MIN_DPI:
        return plain
    return plain.convert("L").filter(ImageFilter.MedianFilter(3))


def _plain(image: Image.Image) -> Image.Image:
    """The image as black-and-white, grey or RGB on white: what PNM holds and Tesseract reads.

    A transparent background would otherwise turn black and hide the text.
    """
    from PIL import Image

    if image.mode in ("1", "L", "RGB"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if image.mode.startswith("I") or image.mode == "F":
        return image.convert("L")  # 16-bit and float greys: Pillow scales them down
    return image.convert("RGB")


def _words(tsv: str) -> list[_Word]:
    """The words of Tesseract's TSV (level 5 rows), in its reading order."""
    out = []
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5":
            continue
        # A table's vertical rule read into a word ("|Hệ"): a line opening with "|" would be
        # a table row to the loaders.
        text = unicodedata.normalize("NFC", f[11]).strip().strip("|¦")
        text = _ETH.sub(lambda m: "Đ" if m[1] == "Ð" else "đ", text)
        confidence = float(f[10])
        if not text or _speck(text, confidence):
            continue
        block, par, line = int(f[2]), int(f[3]), int(f[4])
        left, top, width, height = (int(v) for v in f[6:10])
        out.append(
            _Word(
                block=(block, par),
                line=(block, par, line),
                box=(left, top, width, height),
                confidence=confidence,
                text=text,
            )
        )
    return out


def _speck(word: str, confidence: float) -> bool:
    """Whether a "word" is dust, not text: punctuation Tesseract itself doubts, as it reads
    specks ("QUYẾT ĐỊNH | _"), or a letter or two it gives no confidence at all (a speck
    read as "ộ"). A longer doubtful word is kept: it may have one misread letter."""
    if not _ALNUM.search(word):
        return confidence < _SPECK_CONFIDENCE
    return len(word) <= 2 and confidence < _NO_CONFIDENCE


def _letterhead_first(words: list[_Word]) -> list[_Word]:
    """The words of a first page, its letterhead's left column first, then its right.

    Tesseract reads the two columns of a letterhead (issuer and number left, national motto
    and place and date right) in either order, and a row of both as one line ("Số:
    1509/QĐ-UBND Bắc Ninh, ngày 20 ..."). The text loaders read a letterhead as a PDF's text
    layer gives it: each column's lines in turn. The letterhead is the rows from the top of
    the page through the last row with text on both sides of the middle.
    """
    lines = _lines(words)
    if len(lines) < 2:
        return words
    middle = (min(w.box[0] for w in words) + max(w.box[0] + w.box[2] for w in words)) / 2
    rows = _rows(sorted(lines, key=lambda line: _union(w.box for w in line)[1]))
    sided: list[tuple[list[list[_Word]], list[list[_Word]]]] = []
    for row in rows[:_HEAD_ROWS]:
        left: list[list[_Word]] = []
        right: list[list[_Word]] = []
        for segment in sorted((s for line in row for s in _segments(line)), key=_left):
            box = _union(w.box for w in segment)
            (left if box[0] + box[2] / 2 < middle else right).append(segment)
        sided.append((left, right))
    last = max((k for k, (left, right) in enumerate(sided) if left and right), default=-1)
    if last < 0:
        return words
    out: list[_Word] = []
    taken: set[int] = set()
    for column in (0, 1):
        segments = [segment for row in sided[: last + 1] for segment in row[column]]
        for k, segment in enumerate(segments):
            key = (column - 2, 0)  # before any block of Tesseract's (they count from 1)
            out.extend(replace(w, block=key, line=(*key, k)) for w in segment)
            taken.update(id(w) for w in segment)
    return out + [w for w in words if id(w) not in taken]


def _lines(words: list[_Word]) -> list[list[_Word]]:
    out: list[list[_Word]] = []
    for w in words:
        if out and out[-1][0].line == w.line:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _rows(lines: list[list[_Word]]) -> list[list[list[_Word]]]:
    """Lines (sorted by their tops) side by side: a line whose middle is within a row's
    height joins that row."""
    rows: list[list[list[_Word]]] = []
    bottom = -1
    for line in lines:
        _, top, _, height = _union(w.box for w in line)
        if rows and top + height / 2 <= bottom:
            rows[-1].append(line)
            bottom = max(bottom, top + height)
        else:
            rows.append([line])
            bottom = top + height
    return rows


def _segments(line: list[_Word]) -> list[list[_Word]]:
    """A line cut where its words are much further apart than usual: two columns' text."""
    ordered = sorted(line, key=lambda w: w.box[0])
    if len(ordered) < 3:
        return [ordered]
    gaps = [b.box[0] - (a.box[0] + a.box[2]) for a, b in itertools.pairwise(ordered)]
    height = statistics.median(w.box[3] for w in ordered)
    wide = max(3 * statistics.median(gaps), 1.5 * height)
    out = [[ordered[0]]]
    for gap, w in zip(gaps, ordered[1:], strict=True):
        if gap > wide:
            out.append([w])
        else:
            out[-1].append(w)
    return out


def _left(segment: list[_Word]) -> int:
    return segment[0].box[0]


def _page_text(words: list[_Word]) -> _PageText:
    """One line of text per OCR'd line, a blank line between paragraphs, with line boxes."""
    parts: list[str] = []
    boxes: list[LineBox] = []
    pos = 0
    k = 0
    while k < len(words):
        j = k
        while j < len(words) and words[j].line == words[k].line:
            j += 1
        line = words[k:j]
        if parts:
            sep = "\n\n" if line[0].block != words[k - 1].block else "\n"
            parts.append(sep)
            pos += len(sep)
        text = " ".join(w.text for w in line)
        parts.append(text)
        boxes.append(LineBox(start=pos, end=pos + len(text), box=_union(w.box for w in line)))
        pos += len(text)
        k = j
    confidences = [w.confidence for w in words if w.confidence >= 0]
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return _PageText(text="".join(parts), confidence=mean, lines=tuple(boxes))


def _union(boxes: Iterable[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    lefts, tops, rights, bottoms = [], [], [], []
    for left, top, width, height in boxes:
        lefts.append(left)
        tops.append(top)
        rights.append(left + width)
        bottoms.append(top + height)
    return min(lefts), min(tops), max(rights) - min(lefts), max(bottoms) - min(tops)


def convert_image(data: bytes, name: str, *, jobs: int | None = None) -> Converted:
    """OCR a PNG, JPEG or TIFF image (each frame of a multi-page TIFF is a page).

    Raises:
        DecodeError: the image cannot be read or has more pages than ``$POLICYKG_MAX_PAGES``,
            OCR is not installed, or OCR finds no text.
    """
    from PIL import Image

    label = one_line(name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Why: a bad EXIF block still leaves the pixels
            im = Image.open(io.BytesIO(data))
    except (*_IMAGE_ERRORS, Image.DecompressionBombError) as exc:
        raise DecodeError(f"{label}: {_image_error(exc)}") from None
    with im:
        count = getattr(im, "n_frames", 1)
        limits.check_pages(label, count)  # before any page is read
        dpi = _dpi(im.info.get("dpi"))
        parts: list[str] = []
        pages: list[Page] = []
        for first in range(0, count, OCR_BATCH):
            batch = [_frame(im, k, label) for k in range(first, min(first + OCR_BATCH, count))]
            text, read = ocr_images(batch, label, first_page=first + 1, dpi=dpi, jobs=jobs)
            if text and any(parts):
                parts.append("\n\n")
            at = sum(map(len, parts))
            parts.append(text)
            pages.extend(_moved(p, at) for p in read)
    text = "".join(parts)
    if not text.strip():
        raise DecodeError(f"{label}: no text found by OCR (a blank or non-text image?)")
    return Converted(text=text, kind="image", pages=tuple(pages), note=_note(pages))


def _frame(im: Image.Image, k: int, label: str) -> Image.Image:
    """Frame ``k`` of an image, loaded (a TIFF's pages are read one at a time, a few at
    once, so a long TIFF is never all in memory)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im.seek(k)
            return im.copy()
    except (*_IMAGE_ERRORS, Image.DecompressionBombError) as exc:
        where = f"page {k + 1}: " if k else ""
        raise DecodeError(f"{label}: {where}{_image_error(exc)}") from None


def _dpi(declared: object) -> int:
    """The resolution an image declares, unless it is missing or a placeholder."""
    try:
        x = round(float(declared[0]))  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return _DEFAULT_DPI
    return x if x >= _MIN_DPI else _DEFAULT_DPI


def _image_error(exc: Exception) -> str:
    from PIL import Image, UnidentifiedImageError

    if isinstance(exc, UnidentifiedImageError):
        # The bytes began as a PNG, JPEG or TIFF does (that is how it was sent here).
        return "corrupt or truncated image (its header cannot be read)"
    if isinstance(exc, Image.DecompressionBombError):
        return f"image too large to OCR ({exc})"
    # Truncated or corrupt data; Pillow raises SyntaxError for some bad headers.
    return one_line(f"corrupt or truncated image ({exc})")


def _moved(page: Page, by: int) -> Page:
    lines = tuple(replace(b, start=b.start + by, end=b.end + by) for b in page.lines)
    return replace(page, start=page.start + by, end=page.end + by, lines=lines)


def _note(pages: list[Page]) -> str:
    """ "OCR'd 3 pages, mean confidence 91"."""
    scores = [p.confidence for p in pages if p.confidence is not None]
    count = "1 page" if len(pages) == 1 else f"{len(pages)} pages"
    mean = f", mean confidence {sum(scores) / len(scores):.0f}" if scores else ""
    return f"OCR'd {count}{mean}"

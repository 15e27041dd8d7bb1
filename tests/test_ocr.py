"""OCR of scans and images (loaders/ocr.py), on scans made from the committed real texts.

The scans are made at test time (tests/formats_scan.py): each text printed to A4, rasterised
at 300 dpi, skewed and spoilt a little. What is read from a scan must match what is read
from the text: document numbers exact for at least 95% of the documents, references F1 of
at least 0.9 (issue 15). OCR costs a few seconds per page per core, so only the pages needed
are read: the first page of 20 documents for the numbers, a few short documents whole for
the references.

The tests that run Tesseract skip, naming the install command, when it or its Vietnamese
model is missing; with ``POLICYKG_REQUIRE_OCR=1`` (``.ci/run`` sets it) they fail instead.
"""

from __future__ import annotations

import io
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from policykg.errors import DecodeError
from policykg.loaders import ocr
from policykg.loaders.parse import locate, parse_bytes, parse_file, parse_text

from . import formats_scan

REAL = Path(__file__).parent / "data" / "real"
NUMBER_DOCS = sorted(REAL.glob("*.md"))[::3][:20]
# Short documents (one to three pages) with several references each: 48 references.
REFERENCE_DOCS = (
    "0465063a5486d493.md",
    "405a6cabda393030.md",
    "551c9da04f57dc24.md",
    "8966c59f782e4081.md",
    "ccb7cba554ea36d2.md",
    "cd5874640909d75c.md",
    "1a9051122afe8e2b.md",
)
DPI = 300


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("POLICYKG_REQUIRE_OCR") == "1":
        pytest.fail(f"{reason}, and POLICYKG_REQUIRE_OCR=1 is set", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def tesseract() -> None:
    missing = ocr.ocr_available()
    if missing is not None:
        _skip_or_fail(missing)


@pytest.fixture
def font() -> None:
    if not formats_scan.FONT.exists():
        _skip_or_fail(f"no {formats_scan.FONT} to print the test scans with (fonts-dejavu-core)")


def _norm(number: str | None) -> str:
    return re.sub(r"\s+", "", number or "").upper()


# --- without Tesseract -------------------------------------------------------------------


def test_missing_tesseract_names_the_packages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    message = ocr.ocr_available()
    assert message is not None
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in message
    with pytest.raises(DecodeError) as caught:
        ocr.convert_image(formats_scan.png(_blank()), "scan.png")
    assert str(caught.value).startswith("scan.png: OCR needs Tesseract")
    assert "\n" not in str(caught.value)


def test_missing_vietnamese_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\necho 'List of available languages in \"/x\" (2):'\necho eng\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    message = ocr.ocr_available()
    assert message is not None
    assert "Vietnamese model" in message
    assert message.endswith("apt-get install tesseract-ocr tesseract-ocr-vie")


TSV_HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def _tsv(*words: tuple[int, int, int, int, int, float, str]) -> str:
    rows = [TSV_HEADER, "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t"]
    for block, par, line, left, top, conf, text in words:
        rows.append(f"4\t1\t{block}\t{par}\t{line}\t0\t{left}\t{top}\t500\t40\t-1\t")
        rows.append(f"5\t1\t{block}\t{par}\t{line}\t1\t{left}\t{top}\t120\t40\t{conf}\t{text}")
    return "\n".join(rows) + "\n"


def test_tsv_lines_paragraphs_boxes_and_confidence() -> None:
    # Tesseract's words, decomposed as some models print them: the text must be NFC.
    tsv = _tsv(
        (1, 1, 1, 250, 200, 96.0, "Số:"),
        (1, 1, 1, 380, 202, 90.0, "02-KH/TU"),
        (1, 1, 2, 250, 260, 80.0, "Nghi\u0323"),
        (2, 1, 1, 250, 400, 70.0, "quyết"),
        (2, 1, 1, 380, 400, 60.0, " "),  # an empty word adds nothing
    )
    page = ocr._page_text(ocr._words(tsv))
    assert page.text == "Số: 02-KH/TU\nNghị\n\nquyết"
    assert [page.text[b.start : b.end] for b in page.lines] == ["Số: 02-KH/TU", "Nghị", "quyết"]
    assert page.lines[0].box == (250, 200, 250, 42)  # the union of the line's word boxes
    assert page.confidence == pytest.approx((96 + 90 + 80 + 70) / 4, abs=0.05)


def test_specks_and_rules_are_not_text() -> None:
    # Read from the test scans: dust after a title, a table's rules beside a cell's words.
    tsv = _tsv(
        (1, 1, 1, 250, 200, 96.0, "QUYẾT"),
        (1, 1, 1, 400, 200, 96.8, "ĐỊNH"),
        (1, 1, 1, 600, 200, 46.9, "|"),
        (1, 1, 1, 700, 200, 0.0, "_"),
        (1, 1, 1, 800, 200, 0.0, "ộ"),
        (1, 1, 2, 250, 260, 93.0, "|Hệ"),
        (1, 1, 2, 400, 260, 92.7, "-"),  # a dash read with confidence is text
        (1, 1, 2, 500, 260, 36.1, "Tự"),  # a doubtful word too
        (1, 1, 2, 600, 260, 90.0, "|"),
        # Đ read as an Icelandic eth, or as both.
        (1, 1, 3, 250, 320, 39.3, "3361/QĐÐ-BCT"),
        (1, 1, 3, 600, 320, 80.0, "Ðồng"),
        (1, 1, 3, 800, 320, 80.0, "ðất"),
    )
    assert ocr._page_text(ocr._words(tsv)).text == "QUYẾT ĐỊNH\nHệ - Tự\n3361/QĐ-BCT Đồng đất"


def test_pages_are_joined_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each "image" stands for the TSV Tesseract would give for it; an empty page adds nothing.
    read = {
        "a": _tsv((1, 1, 1, 250, 200, 90.0, "Số:"), (1, 1, 2, 250, 260, 80.0, "02-KH/TU")),
        "blank": _tsv(),
        "b": _tsv((1, 1, 1, 250, 200, 70.0, "Nghị"), (1, 1, 1, 400, 200, 70.0, "quyết")),
    }
    monkeypatch.setattr(ocr, "ocr_available", lambda: None)
    monkeypatch.setattr(
        ocr, "_ocr_page", lambda im, name, dpi, head: ocr._page_text(ocr._words(read[im]))
    )
    images: list[Any] = ["blank", "a", "blank", "b"]
    text, pages = ocr.ocr_images(images, "x.pdf", first_page=3, dpi=200)
    assert text == "Số:\n02-KH/TU\n\nNghị quyết"
    assert [(p.number, text[p.start : p.end]) for p in pages] == [
        (3, ""),
        (4, "Số:\n02-KH/TU"),
        (5, ""),
        (6, "Nghị quyết"),
    ]
    assert [p.confidence for p in pages] == [None, 85.0, None, 70.0]
    assert all(p.ocr and p.dpi == 200 for p in pages)
    assert [text[b.start : b.end] for p in pages for b in p.lines] == [
        "Số:",
        "02-KH/TU",
        "Nghị quyết",
    ]


def _word(line: tuple[int, int, int], left: int, top: int, text: str) -> ocr._Word:
    box = (left, top, 20 * len(text), 40)
    return ocr._Word(block=line[:2], line=line, box=box, confidence=95.0, text=text)


def _line(key: tuple[int, int, int], left: int, top: int, text: str) -> list[ocr._Word]:
    out = []
    for word in text.split():
        out.append(_word(key, left, top, word))
        left += 20 * len(word) + 20
    return out


def test_the_letterhead_columns_are_read_in_turn() -> None:
    # As Tesseract read a scanned letterhead: the motto first, the number and the date as one
    # line, the issuer last; then the title and the body.
    words = [
        *_line((1, 1, 1), 1100, 200, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        *_line((1, 1, 2), 1250, 260, "Độc lập - Tự do - Hạnh phúc"),
        *_line((1, 1, 3), 300, 330, "Số: 1509/QĐ-UBND"),
        *_line((1, 1, 3), 1200, 332, "Bắc Ninh, ngày 20 tháng 11 năm 2025"),
        *_line((2, 1, 1), 300, 205, "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"),
        *_line((3, 1, 1), 900, 450, "QUYẾT ĐỊNH"),
        *_line((3, 2, 1), 250, 520, "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15"),
    ]
    page = ocr._page_text(ocr._letterhead_first(words))
    assert page.text.split("\n") == [
        "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        "Số: 1509/QĐ-UBND",
        "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bắc Ninh, ngày 20 tháng 11 năm 2025",
        "",
        "QUYẾT ĐỊNH",
        "",
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
    ]
    number = page.lines[1]
    assert page.text[number.start : number.end] == "Số: 1509/QĐ-UBND"
    assert number.box[:2] == (300, 330)
    # A page without two columns at its top is left as Tesseract read it.
    body = words[-3:]
    assert ocr._letterhead_first(body) == body


def test_a_page_without_words() -> None:
    page = ocr._page_text(ocr._words(_tsv()))
    assert (page.text, page.confidence, page.lines) == ("", None, ())


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "bad.png: corrupt or truncated image ("),
        (b"\xff\xd8\xff\xe0 not a jpeg at all", "bad.png: corrupt or truncated image ("),
        (b"II*\x00" + b"\xff" * 20, "bad.png: corrupt or truncated image ("),
    ],
    ids=["truncated-png", "corrupt-jpeg", "corrupt-tiff"],
)
def test_a_damaged_image_is_one_line(data: bytes, expected: str) -> None:
    with pytest.raises(DecodeError) as caught:
        ocr.convert_image(data, "bad.png")
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_a_truncated_scan_is_one_line() -> None:
    whole = formats_scan.png(_blank())
    with pytest.raises(DecodeError) as caught:
        ocr.convert_image(whole[: len(whole) // 2], "half.png")
    assert str(caught.value).startswith("half.png: corrupt or truncated image")


def test_a_tiff_over_the_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_MAX_PAGES", "2")
    small = _blank((60, 80))
    with pytest.raises(DecodeError) as caught:
        ocr.convert_image(formats_scan.tiff([small, small, small]), "long.tif")
    assert str(caught.value).startswith("long.tif: 3 pages is over the limit of 2 pages")


def _blank(size: tuple[int, int] = (1240, 1754)) -> object:
    from PIL import Image

    return Image.new("L", size, 255)


# --- with Tesseract ------------------------------------------------------------------------


@pytest.mark.usefixtures("tesseract", "font")
def test_document_numbers_of_scans() -> None:
    images, expected = [], []
    for f in NUMBER_DOCS:
        text = f.read_text(encoding="utf-8")
        expected.append(parse_file(f).document.number)
        images += formats_scan.rasterise(
            formats_scan.text_pdf(text, f.name, max_pages=1), dpi=DPI, pages=[0], seed=len(images)
        )
    assert all(expected), "every chosen text has a number"
    # Each image is the first page of its document (its letterhead read as one), the
    # documents read side by side as a build's processes would.
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        read = list(pool.map(lambda im: ocr.ocr_images([im], "p1.png", dpi=DPI, jobs=1), images))
    found = [
        parse_text(text, f.name).document.number
        for (text, _), f in zip(read, NUMBER_DOCS, strict=True)
    ]
    wrong = [(e, g) for e, g in zip(expected, found, strict=True) if _norm(e) != _norm(g)]
    share = 1 - len(wrong) / len(expected)
    print(f"\nscans at {DPI} dpi: document numbers exact {share:.0%} of {len(expected)}")
    assert share >= 0.95, f"numbers exact for {share:.0%}; expected/read: {wrong}"


@pytest.mark.usefixtures("tesseract", "font")
def test_references_of_scanned_pdfs() -> None:
    tp = fp = fn = 0
    for k, name in enumerate(REFERENCE_DOCS):
        f = REAL / name
        images = formats_scan.rasterise(formats_scan.text_pdf(f.read_text("utf-8"), name), seed=k)
        scan = formats_scan.scan_pdf(images, DPI)
        doc = parse_bytes(scan, Path(name).with_suffix(".pdf"))
        gold = {_norm(r.number) for r in parse_file(f).references if r.number}
        read = {_norm(r.number) for r in doc.references if r.number}
        tp, fp, fn = tp + len(gold & read), fp + len(read - gold), fn + len(gold - read)
        # The pages table: every page OCR'd, with its confidence, resolution and lines.
        assert doc.converted == "scan"
        assert [p.number for p in doc.pages] == list(range(1, len(images) + 1))
        assert all(p.ocr and p.dpi == DPI and p.lines for p in doc.pages)
        assert all(p.confidence is not None and p.confidence > 70 for p in doc.pages)
        assert doc.warnings[0].message.startswith(f"OCR'd {len(images)} of {len(images)} pages")
    f1 = 2 * tp / (2 * tp + fp + fn)
    print(
        f"\nscanned PDFs at {DPI} dpi: references F1 {f1:.3f} ({tp} found, {fp} extra, {fn} missed)"
    )
    assert f1 >= 0.9


@pytest.mark.usefixtures("tesseract", "font")
def test_the_pages_table_says_which_pages_were_ocrd() -> None:
    import pypdfium2 as pdfium

    name = "405a6cabda393030.md"
    text = formats_scan.text_pdf((REAL / name).read_text("utf-8"), name)
    scan = formats_scan.scan_pdf(formats_scan.rasterise(text, pages=[1], seed=3))
    # Page 1 keeps its text layer, page 2 is a scan: only page 2 is OCR'd.
    mixed = pdfium.PdfDocument.new()
    for source, index in ((text, 0), (scan, 0)):
        part = pdfium.PdfDocument(source)
        mixed.import_pages(part, [index])
        part.close()
    buf = io.BytesIO()
    mixed.save(buf)
    mixed.close()
    doc = parse_bytes(buf.getvalue(), "mixed.pdf")
    first, second = doc.pages
    assert (first.ocr, first.confidence, first.lines) == (False, None, ())
    assert second.ocr and second.dpi == DPI and second.confidence and second.confidence > 70
    assert doc.warnings[0].message.startswith("OCR'd 1 of 2 pages (2), mean confidence ")
    assert doc.converted == "scan"
    assert {r.provenance.page for r in doc.references} <= {1, 2}


@pytest.mark.usefixtures("tesseract", "font")
def test_a_multipage_tiff_keeps_its_pages_and_boxes() -> None:
    name = "1a9051122afe8e2b.md"
    images = formats_scan.rasterise(
        formats_scan.text_pdf((REAL / name).read_text("utf-8"), name), pages=[0, 1], seed=7
    )
    doc = parse_bytes(formats_scan.tiff(images, DPI), "1a9051122afe8e2b.tif")
    assert doc.converted == "image"
    assert [p.number for p in doc.pages] == [1, 2]
    assert all(p.ocr and p.dpi == DPI and p.confidence and p.confidence > 70 for p in doc.pages)
    assert doc.document.number == "2815/QĐ-UBND"
    # The number is on page 1, and its line's box is in the letterhead, the top of the page.
    (number,) = [f.provenance for f in doc.document.evidence if f.name == "number"]
    assert number.page == 1
    found = locate(doc, number.span)
    assert found is not None
    page, line = found
    assert page.number == 1 and line is not None
    left, top, width, _ = line.box
    assert left >= 0 and left + width <= images[0].width and top < images[0].height // 4
    # References on page 2 say so.
    pages = {m.page for r in doc.references for m in (r.provenance, *r.mentions)}
    assert pages <= {1, 2} and None not in pages


@pytest.mark.usefixtures("tesseract")
def test_an_image_without_text_is_one_line() -> None:
    with pytest.raises(DecodeError) as caught:
        parse_bytes(formats_scan.png(_blank()), "blank.png")
    assert str(caught.value) == "blank.png: no text found by OCR (a blank or non-text image?)"


@pytest.mark.usefixtures("tesseract", "font")
def test_a_transparent_png_is_read_on_white() -> None:
    from PIL import Image

    name = "0465063a5486d493.md"
    (page,) = formats_scan.rasterise(
        formats_scan.text_pdf((REAL / name).read_text("utf-8"), name), pages=[0], dpi=200
    )
    # Black text on a transparent background: read as black on black, it would be empty.
    clear = Image.new("LA", page.size, (0, 0))
    clear.putalpha(page.point(lambda v: 255 - v))
    converted = ocr.convert_image(formats_scan.png(clear, 200), "clear.png")
    assert converted.kind == "image"
    assert converted.pages[0].dpi == 200
    assert "388/NQ-CP" in converted.text
    assert converted.note is not None and converted.note.startswith("OCR'd 1 page, mean confidence")

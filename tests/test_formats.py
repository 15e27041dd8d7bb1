"""Documents as users have them: PDF (and DOCX and HTML where their converters are), read
by content, parsed as their text is, with the page of every fact; bad files refused in one
line while a ``--keep-going`` build goes on. Scans are tested in tests/test_ocr.py."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image

from policykg.cli import cli
from policykg.errors import DecodeError, InputError
from policykg.graph.build import build
from policykg.graph.store import load_graph
from policykg.loaders import limits, ocr
from policykg.loaders import pdf as pdf_mod
from policykg.loaders.contract import to_contract
from policykg.loaders.convert import convert, sniff
from policykg.loaders.parse import find_files, locate, parse_bytes, parse_file
from policykg.records import Page, ParsedDocument, Provenance

sys.path.insert(0, str(Path(__file__).parent))
from formats import NEEDS_FONT, blank_pdf, image_pdf, make_pdf, truncated

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
GOLD = Path(__file__).parent / "data" / "gold"
FIXTURES = Path(__file__).parent / "data" / "formats"
PLAN = CORPUS / "004_1b73a6d31f29fe0d.txt"


def _score_module() -> Any:
    spec = importlib.util.spec_from_file_location("gold_score", GOLD / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _office_makers() -> dict[str, Callable[[str], bytes]]:
    """The DOCX and HTML makers, once formats-office's converters and makers exist."""
    makers: dict[str, Callable[[str], bytes]] = {}
    try:
        import formats_office
    except ImportError:
        return makers
    for kind in ("docx", "html"):
        if importlib.util.find_spec(f"policykg.loaders.{kind}") and hasattr(
            formats_office, f"make_{kind}"
        ):
            makers[kind] = getattr(formats_office, f"make_{kind}")
    return makers


# --- telling formats by content -------------------------------------------------------------


def _zip(names: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in names.items():
            z.writestr(name, data)
    return out.getvalue()


def _png() -> bytes:
    out = BytesIO()
    Image.new("L", (20, 20), 255).save(out, format="PNG")
    return out.getvalue()


SNIFFED = [
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "pdf", id="pdf"),
    pytest.param(b"\x00\x01garbage%PDF-1.4\n", "pdf", id="pdf-after-binary-junk"),
    pytest.param(b"Trich dan: %PDF-1.4 la dau tep PDF\n", None, id="text-quoting-pdf"),
    pytest.param(_zip({"word/document.xml": b"<w/>"}), "docx", id="docx"),
    pytest.param(_zip({"xl/workbook.xml": b"<x/>"}), "zip", id="zip-not-docx"),
    pytest.param(_png(), "image", id="png"),
    pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "image", id="jpeg"),
    pytest.param(b"II*\x00\x08\x00\x00\x00", "image", id="tiff-le"),
    pytest.param(b"MM\x00*\x00\x00\x00\x08", "image", id="tiff-be"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "doc", id="ole-doc"),
    pytest.param(b"  <!DOCTYPE html><html><body>x", "html", id="html-doctype"),
    pytest.param(b"<!-- saved from url=(0040)https://x.vn -->\n<html>", "html", id="saved"),
    pytest.param("\ufeff<html lang='vi'>".encode("utf-16"), "html", id="html-utf16"),
    pytest.param("<b>Kế hoạch</b> về <html>".encode(), None, id="text-with-tags"),
    pytest.param("KẾ HOẠCH\nthực hiện Nghị quyết".encode(), None, id="text"),
    pytest.param(b"GIF89a\x01\x00", None, id="gif-left-to-decode"),
]


@pytest.mark.parametrize(("data", "kind"), SNIFFED)
def test_sniff_tells_formats_by_their_bytes(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


def test_text_stays_text_and_a_pdf_named_txt_is_a_pdf(tmp_path: Path) -> None:
    assert convert(PLAN.read_bytes(), "plan.txt") is None
    disguised = tmp_path / "plan.txt"
    disguised.write_bytes((FIXTURES / "plan-2-pages.pdf").read_bytes())
    doc = parse_file(disguised)
    assert doc.converted == "pdf" and doc.document.number == "20/KH-UBND"
    md = tmp_path / "note.md"
    md.write_text("# KẾ HOẠCH\n\nThực hiện Nghị quyết số 52-NQ/TW.\n", encoding="utf-8")
    assert parse_file(md).converted is None


def test_find_files_takes_the_new_formats(tmp_path: Path) -> None:
    names = ["a.txt", "b.PDF", "c.docx", "d.html", "e.htm", "f.png", "g.JPG", "h.jpeg"]
    names += ["i.tif", "j.tiff", "k.doc", "l.md"]
    for name in [*names, "notes.csv", "graph.json", "x.xlsx"]:
        (tmp_path / name).write_bytes(b"x")
    assert sorted(p.name for p in find_files([tmp_path])) == sorted(names)


def test_a_folder_without_documents_names_the_formats(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no documents \(.*\.pdf.*\) in this folder"):
        list(find_files([tmp_path]))


# --- PDFs with a text layer -------------------------------------------------------------------


def test_committed_pdf_reads_in_order_with_its_pages() -> None:
    data = (FIXTURES / "plan-2-pages.pdf").read_bytes()
    converted = pdf_mod.convert_pdf(data, "plan.pdf")
    assert converted.kind == "pdf" and converted.note is None
    assert [p.number for p in converted.pages] == [1, 2]
    assert not any(p.ocr for p in converted.pages)
    text = converted.text
    first, second = (text[p.start : p.end] for p in converted.pages)
    # The letterhead's columns one after the other, the number and date cut apart.
    assert first.startswith("ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH")
    assert "\nSố: 20/KH-UBND\nThái Bình, ngày" in first
    # A paragraph wrapped over three printed lines is one line again; the page number is gone.
    long = next(line for line in first.splitlines() if line.endswith("như sau:"))
    assert long.startswith("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024")
    assert "71/NQ-CP" in long
    assert not second.startswith("2")
    assert "Cơ quan chủ trì: Sở Khoa học và Công nghệ." in second.splitlines()


def test_pdf_parse_keeps_every_page_and_quote() -> None:
    doc = parse_bytes((FIXTURES / "plan-2-pages.pdf").read_bytes(), "plan.pdf")
    converted = pdf_mod.convert_pdf((FIXTURES / "plan-2-pages.pdf").read_bytes(), "plan.pdf")
    assert doc.converted == "pdf" and doc.pages == converted.pages
    provenances = list(_provenances(doc))
    assert len(provenances) > 10
    for prov in provenances:
        page = next(p for p in doc.pages if p.start <= prov.span.start <= p.end)
        assert prov.page == page.number, prov
    pages = {task.id: task.provenance.page for task in doc.tasks}
    assert pages["1"] == 1 and pages["3"] == 2, pages
    (ref,) = [r for r in doc.references if r.number == "57-NQ/TW"]
    assert {m.page for m in ref.mentions} == {1, 2}


def test_text_documents_have_no_pages() -> None:
    doc = parse_file(PLAN)
    assert doc.pages == () and doc.converted is None
    assert all(p.page is None for p in _provenances(doc))
    assert locate(doc, doc.tasks[0].provenance.span) is None


def test_locate_finds_the_line_box_of_an_ocr_page() -> None:
    from policykg.records import LineBox

    lines = (
        LineBox(start=0, end=10, box=(1, 2, 3, 4)),
        LineBox(start=11, end=30, box=(5, 6, 7, 8)),
    )
    page = Page(number=1, start=0, end=30, ocr=True, confidence=90.0, dpi=300, lines=lines)
    doc = parse_bytes((FIXTURES / "plan-2-pages.pdf").read_bytes(), "plan.pdf")
    from dataclasses import replace

    from policykg.records import Span

    scanned = replace(doc, pages=(page, *doc.pages[1:]))
    assert locate(scanned, Span(start=12, end=20)) == (page, lines[1])
    assert locate(scanned, Span(start=10, end=11)) == (page, None)  # between two lines
    assert locate(doc, Span(start=doc.pages[1].start + 5, end=doc.pages[1].start + 9)) == (
        doc.pages[1],
        None,
    )


def _provenances(value: object) -> Any:
    """Every provenance in a parsed document (not the manifest's)."""
    if isinstance(value, Provenance):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _provenances(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            if name != "pages":
                yield from _provenances(getattr(value, name))


@NEEDS_FONT
def test_a_blank_page_and_page_numbers_add_nothing() -> None:
    text = PLAN.read_text(encoding="utf-8")[:3000]
    plain = pdf_mod.convert_pdf(make_pdf(text), "a.pdf").text
    numbered = pdf_mod.convert_pdf(make_pdf(text, page_numbers=True), "b.pdf").text
    assert numbered == plain


# --- bad input: one line naming the file ------------------------------------------------------


def _bad_inputs() -> dict[str, tuple[bytes, str]]:
    good = (FIXTURES / "plan-2-pages.pdf").read_bytes()
    return {
        "locked.pdf": ((FIXTURES / "encrypted.pdf").read_bytes(), "encrypted PDF (password"),
        "broken.pdf": (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\ngarbage",
            "damaged or truncated PDF",
        ),
        "cut.pdf": (truncated(good, 0.4), "damaged or truncated PDF"),
        "archive.docx": (_zip({"xl/workbook.xml": b"<x/>"}), "a zip archive, not a Word document"),
        "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "convert it to DOCX or PDF"),
        "long.pdf": (blank_pdf(500), "500 pages is over the limit of 300 pages"),
    }


@pytest.mark.parametrize("name", list(_bad_inputs()))
def test_bad_input_is_one_line_naming_the_file(name: str) -> None:
    data, phrase = _bad_inputs()[name]
    with pytest.raises(DecodeError) as info:
        parse_bytes(data, f"in/{name}")
    message = str(info.value)
    assert message.startswith(f"in/{name}: ") and "\n" not in message
    assert phrase in message, message


def test_corrupt_docx_is_one_line() -> None:
    if importlib.util.find_spec("policykg.loaders.docx") is None:
        pytest.skip("loaders/docx.py (formats-office) not there yet")
    data = _zip({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<Types/>"})
    with pytest.raises(DecodeError) as info:
        parse_bytes(truncated(data, 0.7), "cut.docx")
    assert str(info.value).startswith("cut.docx: ") and "\n" not in str(info.value)


def test_a_long_pdf_is_refused_before_any_page_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_page(*_: object) -> None:
        raise AssertionError("a page was read")

    monkeypatch.setattr(pdf_mod, "_page_lines", no_page)
    with pytest.raises(DecodeError, match="over the limit of 300 pages"):
        pdf_mod.convert_pdf(blank_pdf(301), "long.pdf")
    monkeypatch.setenv(limits.PAGES_ENV_VAR, "20")
    with pytest.raises(
        DecodeError, match=rf"21 pages is over the limit of 20 .*{limits.PAGES_ENV_VAR}"
    ):
        pdf_mod.convert_pdf(blank_pdf(21), "long.pdf")
    monkeypatch.setenv(limits.PAGES_ENV_VAR, "many")
    with pytest.raises(InputError, match="POLICYKG_MAX_PAGES='many'"):
        pdf_mod.convert_pdf(blank_pdf(2), "long.pdf")


def test_blank_pdf_is_refused_and_a_scan_without_ocr_names_the_packages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(DecodeError, match=r"blank\.pdf: the PDF has no text"):
        parse_bytes(blank_pdf(3), "blank.pdf")
    monkeypatch.setattr(ocr, "ocr_available", lambda: f"OCR needs Tesseract: {ocr.INSTALL}")
    scan = image_pdf([Image.new("L", (300, 400), 255)] * 2, dpi=100)
    with pytest.raises(DecodeError) as info:
        parse_bytes(scan, "scan.pdf")
    message = str(info.value)
    assert message.startswith("scan.pdf: page(s) 1-2 have no text layer and need OCR")
    assert "tesseract-ocr tesseract-ocr-vie" in message
    # A text PDF does not need Tesseract at all.
    assert parse_bytes((FIXTURES / "plan-2-pages.pdf").read_bytes(), "ok.pdf").tasks


def test_ocr_pages_of_a_mixed_pdf_are_read_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF of a text page, a scanned page and a text page: the scan's text, pages and line
    boxes land between the others' (Tesseract stood in for by a fake)."""
    from policykg.records import LineBox

    def fake(
        images: list[Image.Image],
        name: str,
        *,
        first_page: int = 1,
        dpi: int = 300,
        jobs: int | None = None,
    ) -> tuple[str, tuple[Page, ...]]:
        assert len(images) == 1 and images[0].mode == "L" and dpi == 300
        text = "Trang quét một\nCơ quan chủ trì: Sở Nội vụ."
        line = LineBox(start=15, end=len(text), box=(10, 20, 300, 40))
        page = Page(
            number=first_page,
            start=0,
            end=len(text),
            ocr=True,
            confidence=88.0,
            dpi=dpi,
            lines=(line,),
        )
        return text, (page,)

    monkeypatch.setattr(ocr, "ocr_available", lambda: None)
    monkeypatch.setattr(ocr, "ocr_images", fake)
    data = (FIXTURES / "mixed-3-pages.pdf").read_bytes()
    converted = pdf_mod.convert_pdf(data, "mixed.pdf")
    assert converted.kind == "scan"
    assert [p.ocr for p in converted.pages] == [False, True, False]
    scan = converted.pages[1]
    assert converted.text[scan.start : scan.end] == "Trang quét một\nCơ quan chủ trì: Sở Nội vụ."
    (line,) = scan.lines
    assert converted.text[line.start : line.end] == "Cơ quan chủ trì: Sở Nội vụ."
    assert converted.note == "OCR'd 1 of 3 pages (2), mean confidence 88"


@NEEDS_FONT
def test_keep_going_build_lists_each_bad_file_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, (data, _) in _bad_inputs().items():
        (folder / name).write_bytes(data)
    (folder / "plan.pdf").write_bytes(make_pdf(PLAN.read_text(encoding="utf-8")))
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(store), "--keep-going"])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("policykg: ")]
    for name, (_, phrase) in _bad_inputs().items():
        (line,) = [e for e in errors if f"{name}:" in e]
        assert phrase in line, line
    assert ": 1 documents (0 reused, 1 parsed)" in result.stderr
    graph = load_graph(store)
    assert {n.get("source") for n in graph.nodes if n.get("loaded")} == {"plan.pdf"}


# --- one graph of the corpus in every format ---------------------------------------------------


def _formats() -> dict[str, Callable[[str], bytes]]:
    return {"pdf": make_pdf, **_office_makers()}


@NEEDS_FONT
def test_corpus_in_every_format_builds_one_graph_and_scores_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "mixed"
    shutil.copytree(CORPUS, root / "text", ignore=shutil.ignore_patterns("manifest.csv"))
    makers = _formats()
    docs: dict[str, list[ParsedDocument]] = {}
    for kind, make in makers.items():
        (root / kind).mkdir()
        for f in sorted(CORPUS.glob("*.txt")):
            # Another stem: ids and provenance name a document by its file name.
            out = root / kind / f"{kind}-{f.stem}.{kind}"
            out.write_bytes(make(f.read_text(encoding="utf-8")))
            docs.setdefault(kind, []).append(parse_file(out))
    docs["text"] = [parse_file(f) for f in sorted((root / "text").glob("*.txt"))]
    score = _score_module()
    figures = {}
    for kind, parsed in docs.items():
        predictions = []
        for doc in parsed:
            contract = to_contract(doc)
            contract["source"] = doc.source.removeprefix(f"{kind}-")
            predictions.append(contract)
        path = tmp_path / f"{kind}.json"
        path.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")
        capsys.readouterr()
        score.main([str(path), "--gold", str(GOLD), "--json"])
        figures[kind] = json.loads(capsys.readouterr().out)
    with capsys.disabled():
        for kind, totals in figures.items():
            print(
                f"\n{kind:5} references F1 {totals['references.f1']:.3f}"
                f"  task leads F1 {totals['tasks.lead_f1']:.3f}"
                f"  document fields {totals['document.accuracy']:.3f}",
                end="",
            )
    for kind, totals in figures.items():
        assert totals["documents.missing"] == 0, kind
        assert totals["references.f1"] >= 0.99, (kind, totals)
        assert totals["tasks.lead_f1"] >= 0.98, (kind, totals)
    summary = build([root], tmp_path / "store", jobs=1)
    assert summary.failed == ()
    assert summary.parsed == 5 * (1 + len(makers))
    for kind, parsed in docs.items():
        assert all(d.converted == (None if kind == "text" else kind) for d in parsed), kind


def test_text_files_load_no_converter() -> None:
    """A folder of text files loads neither PDFium nor PIL: converters load when needed."""
    code = (
        "import sys; from policykg.loaders.parse import parse_file; "
        f"parse_file({str(PLAN)!r}); "
        "print(sorted(m for m in ('pypdfium2', 'PIL', 'docx', 'selectolax') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_pages_and_line_boxes_round_trip_the_parse_cache(tmp_path: Path) -> None:
    from dataclasses import replace

    from policykg.codec import from_data, to_data
    from policykg.records import LineBox

    doc = parse_bytes((FIXTURES / "plan-2-pages.pdf").read_bytes(), "plan.pdf")
    box = LineBox(start=3, end=9, box=(10, 20, 300, 40))
    scanned = replace(doc, pages=(replace(doc.pages[0], ocr=True, dpi=300, lines=(box,)),))
    for record in (doc, scanned):
        assert from_data(ParsedDocument, json.loads(json.dumps(to_data(record)))) == record
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "plan-2-pages.pdf", folder)
    first = build([folder], tmp_path / "store", jobs=1)
    again = build([folder], tmp_path / "store", jobs=1)
    assert (first.parsed, again.parsed) == (1, 0) and again.documents == 1


def test_the_page_reaches_the_graph_json_rdf_and_the_property_graph(tmp_path: Path) -> None:
    from policykg.graph.property import rel_rows
    from policykg.graph.rdfgraph import to_rdf

    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "plan-2-pages.pdf", folder)
    build([folder], tmp_path / "kg")
    graph = load_graph(tmp_path / "kg")
    pages = {e.evidence.page for e in graph.edges if e.evidence is not None}
    assert pages == {1, 2}
    assert {r.props.get("page") for r in rel_rows(graph) if "quote" in r.props} == {1, 2}
    rdf = to_rdf(graph).serialize(format="nt")
    assert '"page=2"' in rdf and "rfc8118" in rdf
    parsed = CliRunner().invoke(cli, ["parse", str(folder), "--format", "json"])
    (doc,) = json.loads(parsed.stdout)
    assert doc["converted"] == "pdf" and doc["pages"] == 2
    assert {r["provenance"]["page"] for r in doc["references"]} <= {1, 2}


def test_a_graph_with_pages_passes_the_shapes(tmp_path: Path) -> None:
    from policykg.graph.rdfgraph import to_rdf
    from policykg.graph.validate import validate as run

    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURES / "plan-2-pages.pdf", folder)
    build([folder], tmp_path / "kg")
    report = run(to_rdf(load_graph(tmp_path / "kg")))
    assert report.conforms, report

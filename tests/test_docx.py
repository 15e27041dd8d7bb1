"""Word files: body text in order, tables as pipe rows, the letterhead read, bad files refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from policykg.errors import DecodeError
from policykg.loaders.docx import convert_docx
from policykg.loaders.manifest import read_manifest
from policykg.loaders.parse import parse_text

from .formats_office import (
    CORPUS,
    GOLD,
    GOLD_REAL,
    REAL,
    REAL_DOCUMENTS,
    assert_scores_as_text,
    make_docx,
    real_document,
    score,
)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _save(doc: docx.document.Document) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the whole documents ------------------------------------------------------------------


def test_bundled_corpus_as_docx_scores_as_text(tmp_path: Path) -> None:
    manifest = read_manifest(CORPUS / "manifest.csv")
    docs = []
    for f in sorted(CORPUS.glob("*.txt")):
        converted = convert_docx(make_docx(f.read_text(encoding="utf-8")), f.name)
        assert converted.kind == "docx" and converted.pages == ()
        docs.append(parse_text(converted.text, f.name, entry=manifest.entry_for(f)))
    totals = score(docs, GOLD, tmp_path)
    assert totals["documents.missing"] == 0
    assert_scores_as_text(totals, "DOCX corpus")


def test_real_documents_as_docx_score_as_text(tmp_path: Path) -> None:
    docs = [
        parse_text(convert_docx(make_docx(real_document(n)), n).text, n) for n in REAL_DOCUMENTS
    ]
    totals = score(docs, GOLD_REAL, tmp_path)
    assert_scores_as_text(totals, "DOCX real", fields=True)


@pytest.mark.parametrize("name", list(REAL_DOCUMENTS))
def test_letterhead_table_reads_as_from_the_text(name: str) -> None:
    """Number, date, issuer, province from the letterhead table, signer from the signature
    table: the same as from the page's text."""
    text = parse_text((REAL / name).read_text(encoding="utf-8"), name).document
    word = parse_text(convert_docx(make_docx(real_document(name)), name).text, name).document
    fields = ("kind", "number", "date", "issuer", "jurisdiction", "signer")
    assert [getattr(word, f) for f in fields] == [getattr(text, f) for f in fields]
    assert word.number is not None and word.jurisdiction is not None


def test_letterhead_and_task_table_are_pipe_rows() -> None:
    text = convert_docx(make_docx(real_document("c5d930a5fc8373cd.md")), "980.docx").text
    lines = text.split("\n")
    assert lines[0] == (
        "| ỦY BAN NHÂN DÂN TỈNH NGHỆ AN ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc --------------- |"
    )
    assert lines[1] == "| Số: 980/KH-UBND | Nghệ An, ngày 18 tháng 11 năm 2025 |"
    assert (
        "| 1 | Triển khai thực hiện một số nội dung chi, mức chi đặc thù trong nội dung chi "
        "ngân sách cho hoạt động phòng thủ dân sự. | Sở Tài chính | Cơ quan, địa phương liên "
        "quan | Thường xuyên |  |"
    ) in lines
    # The signature table closes the document as lines, as text files show it.
    at = lines.index("Nơi nhận:")
    assert lines[at + 1] == "- Chủ tịch UBND tỉnh;"
    assert "TM. ỦY BAN NHÂN DÂN" in lines and "Nguyễn Văn Đệ" in lines


# --- order, cells, what is not body text ---------------------------------------------------


def test_paragraphs_and_tables_in_document_order() -> None:
    doc = docx.Document()
    doc.add_paragraph("II. NHIỆM VỤ VÀ GIẢI PHÁP")
    table = doc.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ("TT", "Nội dung", "Cơ quan chủ trì"), strict=True):
        cell.text = value
    for cell, value in zip(
        table.rows[1].cells,
        ("1", "Xây dựng nền tảng số dùng chung", "Sở Khoa học và Công nghệ"),
        strict=True,
    ):
        cell.text = value
    doc.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    assert convert_docx(_save(doc), "kh.docx").text == (
        "II. NHIỆM VỤ VÀ GIẢI PHÁP\n\n"
        "| TT | Nội dung | Cơ quan chủ trì |\n"
        "| 1 | Xây dựng nền tảng số dùng chung | Sở Khoa học và Công nghệ |\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
    )


def test_merged_cells_bars_and_line_breaks_in_cells() -> None:
    doc = docx.Document()
    table = doc.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "I"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "KIỆN TOÀN CƠ CHẾ CHỈ ĐẠO"
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "Ban hành quy chế | hoạt động"
    merged = table.cell(1, 2).merge(table.cell(2, 2))
    merged.text = "Sở Nội vụ"
    merged.add_paragraph("Công an tỉnh")
    table.cell(2, 0).text = "2"
    table.cell(2, 1).paragraphs[0].add_run("Tổ chức lại Ban Chỉ huy").add_break()
    table.cell(2, 1).paragraphs[0].add_run("cấp tỉnh, cấp xã")
    assert convert_docx(_save(doc), "kh.docx").text.split("\n") == [
        "| I | KIỆN TOÀN CƠ CHẾ CHỈ ĐẠO |",
        "| 1 | Ban hành quy chế \\| hoạt động | Sở Nội vụ Công an tỉnh |",
        "| 2 | Tổ chức lại Ban Chỉ huy cấp tỉnh, cấp xã |  |",
        "",
    ]


def test_headers_footers_and_deleted_text_are_not_body_text() -> None:
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "CÔNG BÁO - Số 12"
    doc.sections[0].footer.paragraphs[0].text = "Trang 1/20"
    p = doc.add_paragraph("Giao ")
    p._p.append(
        parse_xml(
            f"<w:del {W} w:id='1' w:author='a'>"
            "<w:r><w:delText>Sở Tài chính</w:delText></w:r></w:del>"
        )
    )
    p._p.append(
        parse_xml(f"<w:ins {W} w:id='2' w:author='a'><w:r><w:t>Sở Nội vụ</w:t></w:r></w:ins>")
    )
    p._p.append(parse_xml(f"<w:r {W}><w:footnoteReference w:id='1'/></w:r>"))
    p.add_run(" chủ trì.")
    text = convert_docx(_save(doc), "kh.docx").text
    assert text == "Giao Sở Nội vụ chủ trì.\n"


def test_text_is_nfc() -> None:
    doc = docx.Document()
    doc.add_paragraph(
        "Nghị quyết số 57-NQ/TW".replace("ị", "i\u0323").replace("ế", "e\u0302\u0301")
    )
    assert convert_docx(_save(doc), "nq.docx").text == "Nghị quyết số 57-NQ/TW\n"


# --- automatic numbering ------------------------------------------------------------------

_LEVELS = (("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."),
           ("lowerLetter", "%4)"), ("bullet", "\uf0b7"), ("bullet", "-"))  # fmt: skip
_ABSTRACT = (
    f'<w:abstractNum {W} w:abstractNumId="90">'
    + "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for k, (fmt, text) in enumerate(_LEVELS)
    )
    + "</w:abstractNum>"
)


def _numbered(doc: docx.document.Document, items: list[tuple[int, str]]) -> None:
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(_ABSTRACT))  # abstractNum before every num, as the schema wants
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in items:
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )


def test_word_numbering_prints_its_markers() -> None:
    doc = docx.Document()
    _numbered(
        doc,
        [
            (0, "MỤC ĐÍCH, YÊU CẦU"),
            (1, "Mục đích"),
            (0, "NHIỆM VỤ VÀ GIẢI PHÁP"),
            (1, "Công tác lãnh đạo, chỉ đạo"),
            (2, "Ban hành các kế hoạch, văn bản chỉ đạo."),
            (2, "Kiện toàn các Tiểu ban giúp việc."),
            (3, "Sở Khoa học và Công nghệ chủ trì;"),
            (3, "Sở Nội vụ phối hợp."),
            (4, "Định kỳ báo cáo kết quả."),
            (5, "Lồng ghép vào kế hoạch hằng năm."),
            (1, "Hoàn thiện cơ chế, chính sách"),
            (2, "Tiếp tục thực hiện các cơ chế đã phát huy hiệu quả."),
        ],
    )
    assert convert_docx(_save(doc), "kh.docx").text.split("\n")[:-1] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "1. Công tác lãnh đạo, chỉ đạo",
        "1.1. Ban hành các kế hoạch, văn bản chỉ đạo.",
        "1.2. Kiện toàn các Tiểu ban giúp việc.",
        "a) Sở Khoa học và Công nghệ chủ trì;",
        "b) Sở Nội vụ phối hợp.",
        "- Định kỳ báo cáo kết quả.",
        "- Lồng ghép vào kế hoạch hằng năm.",
        "2. Hoàn thiện cơ chế, chính sách",
        "2.1. Tiếp tục thực hiện các cơ chế đã phát huy hiệu quả.",
    ]


def test_numbering_from_the_paragraph_style() -> None:
    """python-docx's "List Number" style numbers its paragraphs through the style."""
    doc = docx.Document()
    doc.add_paragraph("Nhiệm vụ trọng tâm", style="List Number")
    doc.add_paragraph("Giải pháp thực hiện", style="List Number")
    doc.add_paragraph("Tổ chức thực hiện")
    assert convert_docx(_save(doc), "kh.docx").text == (
        "1. Nhiệm vụ trọng tâm\n2. Giải pháp thực hiện\nTổ chức thực hiện\n"
    )


def test_numbered_tasks_parse_as_tasks() -> None:
    """Tasks numbered by Word, not typed, are found with their lead agency."""
    doc = docx.Document()
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị")
    _numbered(
        doc,
        [
            (0, "NHIỆM VỤ VÀ GIẢI PHÁP"),
            (1, "Hoàn thiện cơ chế, chính sách"),
            (2, "Xây dựng cơ chế, điều kiện chuyển giao công nghệ."),
        ],
    )
    doc.add_paragraph("Cơ quan chủ trì: Sở Tài chính.")
    parsed = parse_text(convert_docx(_save(doc), "kh.docx").text, "kh.docx")
    assert [(t.id, t.lead) for t in parsed.tasks] == [("1.1", ("Sở Tài chính",))]


# --- bad input ------------------------------------------------------------------------------


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


BAD = {
    "truncated": (
        make_docx("KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW")[:900],
        "corrupt or truncated DOCX",
    ),
    "not-a-zip": (b"PK\x03\x04 this is not really a zip", "corrupt or truncated DOCX"),
    "zip-not-docx": (
        _zip({"mimetype": "application/epub+zip", "content.opf": "<x/>"}),
        "not a Word document",
    ),
    "broken-xml": (
        _zip({"[Content_Types].xml": "<Types", "word/document.xml": "<w:document"}),
        "cannot read this DOCX file",
    ),
}


@pytest.mark.parametrize(("data", "message"), BAD.values(), ids=list(BAD))
def test_bad_docx_is_one_line_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError) as err:
        convert_docx(data, "ke-hoach.docx")
    text = str(err.value)
    assert text.startswith("ke-hoach.docx: ") and message in text
    assert "\n" not in text


def test_one_row_letterhead_with_number_and_date_under_the_names() -> None:
    """Many offices put the number under the issuer and the date under the motto, in one
    row: each cell's paragraphs joined still read as a letterhead."""
    doc = docx.Document()
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN"
    for line in ("TỈNH NGHỆ AN", "-------", "Số: 980/KH-UBND"):
        left.add_paragraph(line)
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    for line in (
        "Độc lập - Tự do - Hạnh phúc",
        "---------------",
        "Nghệ An, ngày 18 tháng 11 năm 2025",
    ):
        right.add_paragraph(line)
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph(
        "Triển khai thi hành Nghị định quy định chi tiết một số điều của Luật Phòng thủ dân sự"
    )
    doc.add_paragraph(
        "Thực hiện Quyết định số 1899/QĐ-TTg ngày 04/9/2025 của Thủ tướng Chính phủ, "
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"
    )
    parsed = parse_text(convert_docx(_save(doc), "980.docx").text, "980.docx").document
    assert (parsed.kind, parsed.number, parsed.date, parsed.issuer, parsed.jurisdiction) == (
        "plan",
        "980/KH-UBND",
        "2025-11-18",
        "Ủy ban nhân dân tỉnh",
        "Nghệ An",
    )

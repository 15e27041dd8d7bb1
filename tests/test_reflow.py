"""The layout repair before extraction: site chrome, hard line breaks, one-cell-per-line tables."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from policykg.loaders import reflow
from policykg.loaders.clean import clean
from policykg.loaders.parse import parse_file

REAL = Path(__file__).parent / "data" / "real"


def _cleaned(text: str) -> str:
    return clean(text, "x.md").text


# Hard breaks inside a sentence, a name, a number or a date, each from a real document.
JOINED = [
    pytest.param(
        "Căn cứ Nghị định số\n81/2018/NĐ-CP ngày 22/5/2018 của Chính phủ quy định chi tiết"
        " Luật Thương\nmại về hoạt động xúc tiến thương mại;",
        "Căn cứ Nghị định số 81/2018/NĐ-CP ngày 22/5/2018 của Chính phủ quy định chi tiết Luật "
        "Thương mại về hoạt động xúc tiến thương mại;",
        id="number after số; 00e8b0e4daffc2ef.md:92",
    ),
    pytest.param(
        "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 131/TTr-SCT ngày 24/11/2025;"
        " ý kiến của các\nthành viên UBND tỉnh.",
        "Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 131/TTr-SCT ngày 24/11/2025;"
        " ý kiến của các thành viên UBND tỉnh.",
        id="lower-case continuation; 00e8b0e4daffc2ef.md:98",
    ),
    pytest.param(
        "Điều 2. Sở Công Thương có trách nhiệm chủ trì, phối hợp với các cơ quan, UBND các xã,"
        " phường,\nđơn vị liên quan thực hiện quản lý hoạt động, xác nhận và hướng dẫn các doanh"
        "\nnghiệp, thương nhân tổ chức hội chợ.",
        "Điều 2. Sở Công Thương có trách nhiệm chủ trì, phối hợp với các cơ quan, UBND các xã,"
        " phường, đơn vị liên quan thực hiện quản lý hoạt động, xác nhận và hướng dẫn các doanh"
        " nghiệp, thương nhân tổ chức hội chợ.",
        id="wrapped paragraph; 00e8b0e4daffc2ef.md:107",
    ),
]


JOINED += [
    pytest.param(
        "8. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt\nNam, Thông tấn xã Việt Nam kịp thời",
        "8. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam kịp thời",
        id="short numbered line, a list in progress; a328fbb46798c2b5.md:132",
    ),
    pytest.param(
        "2. Thống đốc Ngân hàng Nhà nước\nViệt Nam, các Bộ trưởng, Thủ trưởng cơ quan",
        "2. Thống đốc Ngân hàng Nhà nước Việt Nam, các Bộ trưởng, Thủ trưởng cơ quan",
        id="a name over the break; 0465063a5486d493.md:116",
    ),
    pytest.param(
        "d) Ủy ban nhân dân thành phố Hà\nNội, thành phố Hồ Chí Minh, thành phố Hải Phòng",
        "d) Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh, thành phố Hải Phòng",
        id="a province over the break; a69069ae524315d9.md:158",
    ),
    pytest.param(
        "III. TỔ CHỨC\nTHỰC HIỆN\n1. Sở Y tế",
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế",
        id="numbered heading in capitals; a83fffe08d7aeed7.md:257",
    ),
]

JOINED += [
    pytest.param(
        "các xã miền núi giai đoạn 2021\n- 2025”; đồng thời bảo đảm nguồn lực",
        "các xã miền núi giai đoạn 2021 - 2025”; đồng thời bảo đảm nguồn lực",
        id="a year range over the break",
    ),
    pytest.param(
        "theo quy chuẩn kỹ thuật quốc gia (QCVN\n85:2025/BNNMT) về khí thải",
        "theo quy chuẩn kỹ thuật quốc gia (QCVN 85:2025/BNNMT) về khí thải",
        id="a standard's number over the break; f20b8af669b140e9.md",
    ),
]

HEADINGS_AND_ITEMS = [
    pytest.param(
        "- Đơn vị phối hợp: Sở Tư pháp, Sở Tài chính và các sở, ban, ngành liên quan.\n"
        "c) Thời gian thực hiện: Quý IV/2025.",
        id="a lettered item after a full line (the layout quoted in issue 11)",
    ),
    pytest.param(
        "b) Cơ quan thực hiện:\n- Đơn vị chủ trì: Sở Khoa học và Công nghệ.",
        id="a bullet after a label",
    ),
]


@pytest.mark.parametrize("raw", HEADINGS_AND_ITEMS)
def test_items_stay_lines_in_wrapped_text(raw: str) -> None:
    filler = "\n".join(
        ["Ủy ban nhân dân tỉnh giao các sở, ban, ngành triển khai thực hiện các nội dung"] * 3
    )
    assert raw in _cleaned(f"{filler}.\n{raw}\n")


HEADINGS_AND_ITEMS += [
    pytest.param(
        "Triển khai thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về chuyển đổi số quốc gia"
        "\nThực hiện Kế hoạch số 376-KH/TU ngày 26/4/2025 của Ban Thường vụ Thành ủy,",
        id="the preamble after a title in sentence case (the layout quoted in issue 11)",
    ),
]

JOINED += [
    pytest.param(
        "+ Lắp đặt mới trạm 3G/4G: 58 trạm (Trong đó: VNPT:\n25 trạm, Viettel: 33 trạm);",
        "+ Lắp đặt mới trạm 3G/4G: 58 trạm (Trong đó: VNPT: 25 trạm, Viettel: 33 trạm);",
        id="a bracket left open; ceb89a53c7b93f00.md:122",
    ),
]

HEADINGS = [
    pytest.param(
        "3. Sở Khoa học và Công nghệ\nChủ trì, phối hợp với các cơ quan", id="agency heading"
    ),
    pytest.param(
        "1. Công an tỉnh\nChủ trì, phối hợp với các cơ quan", id="0a97eb9c3c536047.md:108"
    ),
]


@pytest.mark.parametrize("raw", HEADINGS)
def test_short_headings_stay_lines(raw: str) -> None:
    filler = "\n".join(
        ["Ủy ban nhân dân tỉnh giao các sở, ban, ngành triển khai thực hiện các nội dung"] * 3
    )
    assert raw in _cleaned(f"{filler}.\n\n{raw}\n")


@pytest.mark.parametrize(("raw", "expected"), JOINED)
def test_hard_breaks_are_undone(raw: str, expected: str) -> None:
    # The same paragraph wrapped at a fixed width, as the site prints it.
    filler = "\n".join(
        ["Ủy ban nhân dân tỉnh giao các sở, ban, ngành triển khai thực hiện các nội dung"] * 3
    )
    assert expected in _cleaned(f"{filler}.\n\n{raw}\n")


KEPT = [
    pytest.param("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích", id="heading then numbered item (corpus 004)"),
    pytest.param("Ngày: 24/02/2020\nChuyển: .....", id="receiving stamp lines (corpus 001)"),
    pytest.param(
        "hạ tầng số, ứng dụng, dịch vụ số\n3.1. Xây dựng kế hoạch tổng thể",
        id="'số' ending a heading is not a number word (corpus 004)",
    ),
    pytest.param(
        "theo hướng dẫn, quy định của Trung ương\nCơ quan chủ trì: Sở Giáo dục và Đào tạo",
        id="label line after an unwrapped paragraph (corpus 004)",
    ),
]


@pytest.mark.parametrize("raw", KEPT)
def test_paragraph_breaks_are_kept(raw: str) -> None:
    # A document written one paragraph per line: long lines, no fixed wrap width.
    long = "Thực hiện Nghị quyết số 57-NQ/TW " + "về đột phá phát triển khoa học, công nghệ " * 5
    assert raw in _cleaned(f"{long}.\n{raw}\n{long}.\n")


def test_cells_become_one_line_and_bars_stay() -> None:
    # tests/data/real/c5d930a5fc8373cd.md: an appendix task table, one cell per line.
    raw = (
        "|\n**TT**\n|\n**Nội dung thực\nhiện**\n|\n**Cơ quan chủ trì**\n|\n|\n1\n|\n"
        "Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh,\ncấp xã\n|\n"
        "Bộ CHQS tỉnh; UBND\ncấp xã\n|\n"
        "\nVăn bản sau bảng.\n"
    )
    lines = _cleaned(raw).split("\n")
    assert "Nội dung thực hiện" in lines
    assert "Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã" in lines
    assert "Bộ CHQS tỉnh; UBND cấp xã" in lines
    assert lines.count("|") == 8


def test_a_bar_before_the_body_does_not_swallow_it() -> None:
    # tests/data/real/355bcc582867074b.md: "Số: ... |" and a lone "|" before the title.
    text = _cleaned(
        "Số: 173/2025/NĐ-CP |\n|\n\n**NGHỊ ĐỊNH****Về hợp đồng thực hiện nhiệm vụ của công chức**"
        "\n\n*Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;*\n\n*Căn cứ Luật Cán bộ,"
        " công chức ngày 24 tháng 6 năm 2025;*\n\n**Điều 1. Phạm vi điều chỉnh**\n\nNghị định"
        " này quy định về hợp đồng.\n|\nTM. CHÍNH PHỦ\n|\n"
    )
    assert "\nNGHỊ ĐỊNH\nVề hợp đồng" in text
    assert "\nCăn cứ Luật Cán bộ, công chức ngày 24 tháng 6 năm 2025;\n" in text


def test_site_chrome_is_dropped() -> None:
    text = (REAL / "75a0867a09525909.md").read_text(encoding="utf-8")
    cleaned = _cleaned(text)
    assert "Số hiệu:" in text and "Số hiệu:" not in cleaned
    assert "Đăng xuất" not in cleaned and "13/2023/NĐ-CP" not in cleaned
    assert cleaned.lstrip("|\n ").startswith("VĂN PHÒNG CHÍNH PHỦ")


def test_documents_without_chrome_keep_every_line() -> None:
    raw = "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\nSố: 87/2025/QĐ-UBND\n\nQUYẾT ĐỊNH\n"
    assert reflow.chrome_spans(raw) == []


def _flat(s: str) -> str:
    """The text without what cleaning may remove or insert: spaces, breaks, markdown marks."""
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\\(.)", r"\1", s)
    return re.sub(r"[\s*|_#\-]+", "", s)


@pytest.mark.parametrize("path", sorted(REAL.glob("*.md")), ids=lambda p: p.stem)
def test_every_quote_is_the_original_text_at_its_span(path: Path) -> None:
    original = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    doc = parse_file(path)
    provenances = [r.provenance for r in doc.references]
    provenances += [m for r in doc.references for m in r.mentions]
    provenances += [t.provenance for t in doc.tasks]
    provenances += [a.provenance for a in doc.assignments]
    provenances += [t.provenance for t in doc.targets]
    assert provenances
    for p in provenances:
        at_span = original[p.span.start : p.span.end]
        assert _flat(at_span) == _flat(p.quote), (p.span, p.quote[:80])


OUTLINE = [
    ("V/V HỖ TRỢ NGƯỜI DÂN BỊ ẢNH HƯỞNG DO MƯA LŨ", False),  # 62f25a030c183151.md: a subject line
    ("V/v triển khai thực hiện", False),
    ("V. TỔ CHỨC THỰC HIỆN", True),
    ("IV/ GIẢI PHÁP", True),
]


@pytest.mark.parametrize(("line", "is_marker"), OUTLINE, ids=[o[0][:12] for o in OUTLINE])
def test_subject_line_is_not_section_five(line: str, is_marker: bool) -> None:
    from policykg.loaders import regexes

    assert bool(regexes.OUTLINE_MARKER.match(line)) is is_marker

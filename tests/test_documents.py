"""Document identity from letterheads, titles, openings and signatures."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.loaders.documents import extract_document
from policykg.records import DocumentKind

from .conftest import CORPUS, LETTERHEADS, context

K = DocumentKind

# file, kind, number, date, issuer, jurisdiction, signer, signer title
EXPECTED = [
    ("ubnd_plan.txt", K.PLAN, "283/KH-UBND", "2021-12-31", "Ủy ban nhân dân tỉnh", "Vĩnh Long",
     "Nguyễn Thị Quyên Thanh", "Phó Chủ tịch"),
    ("table_letterhead.md", K.PLAN, "125/KH-UBND", "2025-03-15", "Ủy ban nhân dân tỉnh",
     "Bắc Ninh", "Vương Quốc Tuấn", "Chủ tịch"),
    ("party_province.txt", K.PLAN, "45-KH/TU", "2025-06-10", "Ban Thường vụ Tỉnh ủy", "Hà Giang",
     "Nguyễn Mạnh Dũng", "Bí thư"),
    ("central_party.txt", K.RESOLUTION, "57-NQ/TW", "2024-12-22", "Bộ Chính trị", "Trung ương",
     "Tô Lâm", "Tổng Bí thư"),
    ("government.txt", K.RESOLUTION, "71/NQ-CP", "2025-04-01", "Chính phủ", "Trung ương",
     "Nguyễn Chí Dũng", "Phó Thủ tướng"),
    ("ubnd_decision.txt", K.DECISION, "1234/QĐ-UBND", "2025-05-05", "Ủy ban nhân dân tỉnh",
     "Quảng Ninh", "Bùi Văn Khắng", "Phó Chủ tịch"),
    ("flat_columns.txt", K.PLAN, "283/KH-UBND", "2025-09-24", "Ủy ban nhân dân tỉnh", "Đồng Tháp",
     "Trần Trí Quang", "Phó Chủ tịch"),
    ("ministry_decision.txt", K.DECISION, "1234/QĐ-BKHCN", "2025-07-10",
     "Bộ Khoa học và Công nghệ", "Trung ương", "Nguyễn Mạnh Hùng", "Bộ trưởng"),
    ("city_party.txt", K.PROGRAMME, "12-CTr/TU", "2025-03-05", "Thành ủy", "Hà Nội",
     "Bùi Thị Minh Hoài", "Bí thư"),
]  # fmt: skip


@pytest.mark.parametrize("row", EXPECTED, ids=[r[0] for r in EXPECTED])
def test_letterhead_documents(row: tuple[str, ...]) -> None:
    name, *want = row
    text = (LETTERHEADS / name).read_text(encoding="utf-8")
    info = extract_document(context(text, source=name))
    got = [
        info.kind, info.number, info.date, info.issuer, info.jurisdiction, info.signer,
        info.signer_title,
    ]  # fmt: skip
    assert got == want


# The sample corpus lost its letterheads in conversion: the number and date are not stated,
# and a receiving office's stamp ("SỐ: 1329 ĐẾN") must not be read as either.
CORPUS_EXPECTED = [
    ("000_05eae9042a94ebff.txt", K.PLAN, "Ban Thường vụ Tỉnh ủy", "Thái Bình", "Phó Bí thư"),
    ("001_e787aadbb233535e.txt", K.PLAN, "Ban Thường vụ Tỉnh ủy", "Thừa Thiên Huế", "Bí thư"),
    ("002_727f14eddfa7dc9f.txt", K.ACTION_PROGRAMME, "Ban Thường vụ Tỉnh ủy", "Hải Dương", None),
    ("003_07a70d37f77f3d0b.txt", K.RESOLUTION, "Ban Chấp hành Đảng bộ tỉnh", "Thái Bình", "Bí thư"),
    ("004_1b73a6d31f29fe0d.txt", K.PLAN, "Ủy ban nhân dân tỉnh", "Thái Bình", None),
]


@pytest.mark.parametrize("row", CORPUS_EXPECTED, ids=[r[0][:3] for r in CORPUS_EXPECTED])
def test_corpus_documents(row: tuple[str, ...]) -> None:
    name, kind, issuer, jurisdiction, signer_title = row
    text = (CORPUS / name).read_text(encoding="utf-8")
    info = extract_document(context(text, source=name))
    assert (info.kind, info.number, info.date) == (kind, None, None)
    assert (info.issuer, info.jurisdiction, info.signer_title) == (
        issuer,
        jurisdiction,
        signer_title,
    )


PLACE_LINES = [
    ("Thái Bình, ngày 19/11/2021", "2021-11-19"),
    ("Vĩnh Long, ngày 31 tháng 12 năm 2021", "2021-12-31"),
    ("Hà Nội, ngày 03 tháng 04 năm 2020", "2020-04-03"),
    ("Thành phố Hồ Chí Minh, ngày 5 tháng 7 năm 2025", "2025-07-05"),
    ("Thái Bình, ngày    tháng    năm 2021", None),
]


@pytest.mark.parametrize(("line", "iso"), PLACE_LINES, ids=[p[0] for p in PLACE_LINES])
def test_place_date_line(line: str, iso: str | None) -> None:
    text = (
        f"ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\nSố: 12/KH-UBND\n{line}\n\nKẾ HOẠCH\nvề chuyển đổi số\n"
    )
    assert extract_document(context(text)).date == iso


def test_no_title_leaves_kind_unknown_unless_the_number_says() -> None:
    info = extract_document(context("Một đoạn văn bản không có tiêu đề.\n"))
    assert (info.kind, info.title, info.number) == (None, None, None)
    letter = "ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\nSố: 1329/UBND-KGVX\nV/v triển khai\n"
    assert extract_document(context(letter)).kind is K.OFFICIAL_LETTER


def test_province_names_with_every_spelling() -> None:
    from policykg.loaders.places import PROVINCES_2008, PROVINCES_2025, canonical, find_provinces

    assert len(PROVINCES_2008) == 63
    assert len(PROVINCES_2025) == 34
    assert canonical("THANH HOÁ") == "Thanh Hóa"
    assert canonical("TP. Hồ Chí Minh") == "Hồ Chí Minh"
    found = [p for p, _, _ in find_provinces("tỉnh Thừa Thiên Huế và Đại học Huế")]
    assert found[0] == "Thừa Thiên Huế"


def test_fixture_files_exist() -> None:
    assert all((LETTERHEADS / r[0]).exists() for r in EXPECTED)
    assert Path(CORPUS).is_dir()


REAL = Path(__file__).parent / "data" / "real"

# Identity of real documents as a legal-text site publishes them (tests/data/real/).
REAL_EXPECTED = [
    # Table-cell letterhead, chrome before it, a signature block printed on one line
    # (letterheads/site_decision.md: ../shared/real/documents/00e8b0e4daffc2ef.md).
    ("site_decision", K.DECISION, "471/QĐ-UBND", "2025-11-28", "Ủy ban nhân dân tỉnh",
     "Bắc Ninh", "Phạm Văn Thịnh", "Phó Chủ tịch"),
    # "Hà Nội ngày 01 tháng 12 năm 2025" (no comma); "TM. CHÍNH PHỦ KT. THỦ TƯỚNG ..."
    ("0465063a5486d493", K.RESOLUTION, "388/NQ-CP", "2025-12-01", "Chính phủ", "Trung ương",
     "Hồ Đức Phớc", "Phó Thủ tướng"),
    # No letterhead: the authority line under the title, and the passing date at the end.
    ("0f145efacbf006fc", K.RESOLUTION, "1675/NQ-UBTVQH15", "2025-06-16",
     "Ủy ban Thường vụ Quốc hội", "Trung ương", None, None),
    # "KT. BỘ TRƯỞNG, CHỦ NHIỆM" is the signer's title, not the issuer.
    ("75a0867a09525909", K.NOTICE, "637/TB-VPCP", None, "Văn phòng Chính phủ", "Trung ương",
     None, "Phó Chủ nhiệm"),
    # "ngày 01 tháng12 năm 2025"; "- Nơi nhận:"; the signature before a long appendix.
    ("1ea5e769bcf16b99", K.DECISION, "3005/QĐ-UBND", "2025-12-01", "Ủy ban nhân dân tỉnh",
     "Hà Tĩnh", "Nguyễn Thị Nguyệt", "Phó Chủ tịch"),
    # "**NGHỊ ĐỊNH****Về ...**": two bold blocks run together; "Chính phủ ban hành Nghị định".
    ("355bcc582867074b", K.OTHER, "173/2025/NĐ-CP", None, "Chính phủ", "Trung ương", None, None),
    # A city: "TM. ỦY BAN NHÂN DÂN" signs for the Ủy ban nhân dân thành phố.
    ("a83fffe08d7aeed7", K.PLAN, "165/KH-UBND", None, "Ủy ban nhân dân thành phố", "Cần Thơ",
     None, None),
    # "Hội đồng nhân dân ban hành Nghị quyết" in a city.
    ("f20b8af669b140e9", K.RESOLUTION, "57/2025/NQ-HĐND", "2025-11-26",
     "Hội đồng nhân dân thành phố", "Hà Nội", "Phùng Thị Hồng Hà", "Chủ tịch"),
    # A Prime Minister's dispatch (công điện) is kind "other".
    ("1095764e502a89b8", K.OTHER, "224/CĐ-TTg", None, None, "Trung ương", "Phạm Minh Chính",
     "Thủ tướng"),
]  # fmt: skip


@pytest.mark.parametrize("row", REAL_EXPECTED, ids=[r[0] for r in REAL_EXPECTED])
def test_real_documents(row: tuple[str | None, ...]) -> None:
    name, kind, number, date, issuer, jurisdiction, signer, signer_title = row
    path = REAL / f"{name}.md"
    if not path.exists():
        path = LETTERHEADS / f"{name}.md"
    info = extract_document(context(path.read_text(encoding="utf-8"), source=path.name))
    assert (info.kind, info.number, info.jurisdiction) == (kind, number, jurisdiction)
    if date is not None:
        assert info.date == date
    if issuer is not None:
        assert info.issuer == issuer
    assert (info.signer, info.signer_title) == (signer, signer_title) or signer is None


# Texts republished without their letterhead say what they are in their first sentence
# (the two openings quoted in issue 11).
REPUBLISHED = [
    (
        "Nghị Quyết số 22/NQ-TU ngày 08/6/2022 ban hành bởi Tỉnh Ủy Kiên Giang về phát triển"
        " kinh tế biển.\n\nI. MỤC TIÊU\n",
        (K.RESOLUTION, "22/NQ-TU", "2022-06-08", "Tỉnh ủy", "Kiên Giang"),
    ),
    (
        "Tỉnh ủy Quảng Ngãi ban hành Kế hoạch 359-KH/TU ngày 12/3/2025 thực hiện Nghị quyết số"
        " 57-NQ/TW của Bộ Chính trị.\n\nI. MỤC ĐÍCH\n",
        (K.PLAN, "359-KH/TU", "2025-03-12", "Tỉnh ủy", "Quảng Ngãi"),
    ),
]


REPUBLISHED += [
    # Openings of provincial Party documents republished on news sites (public pages).
    (
        "Ngày 23/8/2017, Tỉnh Ủy Thừa Thiên Huế đã ban hành Chương trình số 27-CTr/TU về thực"
        " hiện Chỉ thị 13-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng đối với công"
        " tác quản lý, bảo vệ và phát triển rừng.\n\nCHƯƠNG TRÌNH\n\nI. MỤC ĐÍCH, YÊU CẦU\n",
        (K.PROGRAMME, "27-CTr/TU", "2017-08-23", "Tỉnh ủy", "Thừa Thiên Huế"),
    ),
    (
        "LTS: Ngày 14-11-2016, Ban Chấp hành Đảng bộ tỉnh khóa XIII đã ban hành Nghị quyết số"
        " 10-NQ/TU về huy động nguồn lực, ưu tiên đầu tư xây dựng kết cấu hạ tầng cấp thiết."
        " Báo Ninh Thuận trân trọng giới thiệu toàn văn nội dung Nghị quyết.\n\nI- Khái quát\n",
        (K.RESOLUTION, "10-NQ/TU", "2016-11-14", "Ban Chấp hành Đảng bộ tỉnh", "Ninh Thuận"),
    ),
    (
        "Ban Thường vụ Tỉnh ủy vừa ban hành Chương trình hành động thực hiện Nghị quyết số"
        " 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị.\n\nI. MỤC ĐÍCH, YÊU CẦU\n",
        (K.ACTION_PROGRAMME, None, None, "Ban Thường vụ Tỉnh ủy", None),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    REPUBLISHED,
    ids=["ban hành bởi", "X ban hành", "Ngày D, X đã ban hành", "LTS", "no own number"],
)
def test_republished_opening(text: str, expected: tuple[str, ...]) -> None:
    info = extract_document(context(text))
    assert (info.kind, info.number, info.date, info.issuer, info.jurisdiction) == expected


def test_a_web_page_gets_no_issuer() -> None:
    # A news page: "Chính phủ ban hành Nghị định ..." is news, not the page's issuer.
    text = (
        "Tin tức\n\nChính phủ ban hành Nghị định mới về hợp đồng lao động trong cơ quan nhà nước.\n"
    )
    info = extract_document(context(text))
    assert (info.kind, info.number, info.issuer) == (None, None, None)


# Signature blocks printed as one table cell, their lines run together. The first three
# are the shapes of tests/data/real (00e8b0e4daffc2ef.md:124, 05729ab54fc07c39.md,
# 2edf5927c71bc4c1.md); the Party forms follow the same layout with "T/M" (no dot).
FLAT_SIGNATURES = [
    ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Phạm Văn Thịnh", "Phạm Văn Thịnh",
     "Phó Chủ tịch"),
    ("KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Phạm Mạnh Cường", "Phạm Mạnh Cường", "Phó Chủ nhiệm"),
    ("KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Nguyễn Chí Dũng", "Nguyễn Chí Dũng", "Phó Thủ tướng"),
    ("T/M BỘ CHÍNH TRỊ TỔNG BÍ THƯ Tô Lâm", "Tô Lâm", "Tổng Bí thư"),
    ("T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC Nguyễn Văn An", "Nguyễn Văn An",
     "Phó Bí thư Thường trực"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "name", "title"), FLAT_SIGNATURES, ids=[r[2] for r in FLAT_SIGNATURES]
)
def test_signature_printed_on_one_line(cell: str, name: str, title: str) -> None:
    text = (
        "|\nỦY BAN NHÂN DÂN TỈNH BẮC NINH\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\n|\n"
        "Số: 471/QĐ-UBND\n|\nBắc Ninh, ngày 28 tháng 11 năm 2025\n|\n\nQUYẾT ĐỊNH\n"
        "Về việc phê duyệt danh mục\n\nĐiều 1. Phê duyệt danh mục.\n"
        f"|\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n|\n{cell}\n|\n"
    )
    info = extract_document(context(text))
    assert (info.signer, info.signer_title) == (name, title)


# Letterheads of central Party and State bodies and of provincial Party committees, printed
# as a table cell on one line (the layout of tests/data/real: "ỦY BAN NHÂN DÂN TỈNH BẮC NINH").
LETTERHEAD_CELLS = [
    ("ĐẢNG ĐOÀN QUỐC HỘI", "Đảng đoàn Quốc hội", "Trung ương"),
    ("BAN CÁN SỰ ĐẢNG CHÍNH PHỦ", "Ban cán sự Đảng Chính phủ", "Trung ương"),
    ("BAN TUYÊN GIÁO TRUNG ƯƠNG", "Ban tuyên giáo Trung ương", "Trung ương"),
    ("VĂN PHÒNG TRUNG ƯƠNG ĐẢNG", "Văn phòng Trung ương Đảng", "Trung ương"),
    ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "Bộ Khoa học và Công nghệ", "Trung ương"),
    ("TỈNH ỦY QUẢNG NGÃI", "Tỉnh ủy", "Quảng Ngãi"),
    ("THÀNH ỦY HÀ NỘI", "Thành ủy", "Hà Nội"),
    ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Ủy ban nhân dân tỉnh", "Bắc Ninh"),
]


@pytest.mark.parametrize(
    ("cell", "issuer", "jurisdiction"), LETTERHEAD_CELLS, ids=[r[0] for r in LETTERHEAD_CELLS]
)
def test_letterhead_cell(cell: str, issuer: str, jurisdiction: str) -> None:
    text = (
        f"|\n{cell}\n|\nĐẢNG CỘNG SẢN VIỆT NAM\n|\n|\nSố 12-KH/ĐĐQH\n|\n"
        "Hà Nội, ngày 22 tháng 12 năm 2024\n|\n\nKẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW của"
        " Bộ Chính trị\n\nI. MỤC ĐÍCH\nNâng cao năng lực tại tỉnh Nghệ An.\n"
    )
    info = extract_document(context(text))
    assert (info.issuer, info.jurisdiction) == (issuer, jurisdiction)


def test_news_about_a_document_is_not_its_identity() -> None:
    # /work/shared/real/pages/1522002c5c53ad0a.md: a question page about a decree.
    text = (
        "# Toàn văn Nghị định 243/2025/NĐ-CP quy định chi tiết Luật Đầu tư theo phương thức đối"
        " tác công tư (PPP) ra sao?\n\nNgày 11/9/2025, Chính phủ ban hành Nghị định 243/2025/NĐ-CP"
        " quy định chi tiết Luật Đầu tư theo phương thức đối tác công tư.\n"
    )
    info = extract_document(context(text))
    assert (info.kind, info.number, info.issuer) == (None, None, None)

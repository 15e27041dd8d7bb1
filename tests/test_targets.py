"""Tests for :mod:`policykg.loaders.targets`: goals in prose and in indicator tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.indicators import cell_tables
from policykg.loaders.structure import layout
from policykg.loaders.targets import extract_targets, is_normative, parse_number
from policykg.records import Comparator, Target

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\n\nSố: 12/KH-UBND\n\n"
    "Thái Bình, ngày 15 tháng 3 năm 2022\n\nKẾ HOẠCH\nChuyển đổi số tỉnh Thái Bình\n\n"
)
TAIL = "\n\nIII. TỔ CHỨC THỰC HIỆN\n\nGiao Sở Tài chính chủ trì, phối hợp thực hiện.\n"

Key = tuple[int | None, float, float | None, str, Comparator]


def _ctx(body: str) -> DocContext:
    doc = clean(HEAD + body + TAIL, "synthetic.txt")
    return DocContext(doc, layout(doc), jurisdiction="Thái Bình")


def _keys(targets: tuple[Target, ...]) -> list[Key]:
    return [(t.year, t.value, t.value_max, t.unit, t.comparator) for t in targets]


GE, GT, LE, LT = Comparator.GE, Comparator.GT, Comparator.LE, Comparator.LT
EQ, APPROX, RANGE = Comparator.EQ, Comparator.APPROX, Comparator.RANGE

# (section body, expected (year, value, value_max, unit, comparator) in text order)
PROSE = [
    pytest.param(
        "II. MỤC TIÊU\n\n2.1. Đến năm 2025\n\nKinh tế số chiếm 15% GRDP toàn tỉnh. "
        "Năng suất lao động tăng bình quân trên 7%/năm.",
        [(2025, 15.0, None, "%", EQ), (2025, 7.0, None, "%/năm", GT)],
        id="heading-year-governs-paragraph",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\n- Đến năm 2030: Hải Dương cơ bản trở thành tỉnh công nghiệp. "
        "Kinh tế số chiếm trên 30% GDP; năng suất lao động tăng bình quân khoảng 7,5%/năm.",
        [(2030, 30.0, None, "%", GT), (2030, 7.5, None, "%/năm", APPROX)],
        id="bullet-year-prefix-decimal-comma",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\n2.2. Mục tiêu cụ thể\n\n* Mục tiêu cơ bản đến năm 2025\n\n"
        "- Phát triển kinh tế số: Tỷ trọng kinh tế số trong từng ngành, lĩnh vực đạt 10% trở "
        "lên; năng suất lao động (giá so sánh) tăng 9%/năm trở lên.\n\n"
        "* Mục tiêu định hướng đến năm 2030\n\n"
        "- Phát triển kinh tế số: Phần đầu kinh tế số chiếm 30% GRDP.",
        [(2025, 10.0, None, "%", GE), (2025, 9.0, None, "%/năm", GE), (2030, 30.0, None, "%", EQ)],
        id="star-headings-between-bullets",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\n- Đến năm 2025: Hồ sơ công việc được xử lý trên môi trường mạng đạt "
        "trên 90% ở cấp tỉnh, 80% ở cấp huyện và trên 60% ở cấp xã.",
        [(2025, 90.0, None, "%", GT), (2025, 80.0, None, "%", EQ), (2025, 60.0, None, "%", GT)],
        id="three-figures-one-clause",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\n- Đến năm 2025: Tỷ lệ thuê bao điện thoại di động đạt 130 máy/100 dân; "
        "Tỷ lệ thuê bao Internet băng rộng cố định đạt 25 thuê bao/100 dân; "
        "Tỷ lệ người sử dụng Internet đạt 80-90%.",
        [
            (2025, 130.0, None, "máy/100 dân", EQ),
            (2025, 25.0, None, "thuê bao/100 dân", EQ),
            (2025, 80.0, 90.0, "%", RANGE),
        ],
        id="per-100-people-and-range",
    ),
    pytest.param(
        "II. NHIỆM VỤ\n\n1. Nhân lực\n\nXây dựng Trung tâm CNTT tỉnh là hạt nhân đào tạo; "
        "phấn đấu đến năm 2025 đạt 10.000 lao động CNTT phục vụ phát triển Công nghiệp CNTT.",
        [(2025, 10000.0, None, "lao động", EQ)],
        id="thousands-dot-year-in-sentence",
    ),
    pytest.param(
        "II. NHIỆM VỤ\n\n10.3. Đẩy mạnh tiêu dùng sản phẩm, dịch vụ trên môi trường số, bảo đảm "
        "giao dịch thương mại điện tử của các ngành, lĩnh vực chiếm tối thiểu 70% tổng tiêu dùng "
        "sản phẩm, dịch vụ.\n\n3.8. Cung cấp 100% dữ liệu mở theo kế hoạch đã ban hành.",
        [(None, 70.0, None, "%", GE), (None, 100.0, None, "%", EQ)],
        id="no-year-and-da-ban-hanh-is-not-past",
    ),
    pytest.param(
        "II. MỤC TIÊU ĐẾN NĂM 2025\n\n- Tốc độ tăng trưởng kinh tế số bình quân 20 - 25%/năm.\n"
        "- Có ít nhất 500 doanh nghiệp công nghệ số.\n"
        "- Tỷ lệ hồ sơ giải quyết quá hạn không quá 2%; tỷ lệ thất nghiệp dưới 3%.\n"
        "- Tỷ lệ hộ gia đình có cáp quang xấp xỉ 95%.\n"
        "- Chỉ số chuyển đổi số (DTI) của tỉnh thuộc nhóm 10 tỉnh dẫn đầu cả nước.",
        [
            (2025, 20.0, 25.0, "%/năm", RANGE),
            (2025, 500.0, None, "doanh nghiệp", GE),
            (2025, 2.0, None, "%", LE),
            (2025, 3.0, None, "%", LT),
            (2025, 95.0, None, "%", APPROX),
            (2025, 10.0, None, "hạng", LE),
        ],
        id="comparators-range-per-year-rank",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\nĐến năm 2025, tỷ lệ hộ gia đình có cáp quang đạt 80% và đạt 100% vào "
        "năm 2030. Thu nhập bình quân đầu người đạt 5.000 USD/người giai đoạn 2026 - 2030.",
        [
            (2025, 80.0, None, "%", EQ),
            (2030, 100.0, None, "%", EQ),
            (2030, 5000.0, None, "USD/người", EQ),
        ],
        id="year-after-figure-and-period-end",
    ),
]

PROSE.append(
    pytest.param(
        "II. MỤC TIÊU\n\nPhấn đấu đến hết năm 2025, 100% thủ tục hành chính đủ điều kiện được "
        "cung cấp trực tuyến toàn trình (năm 2020 đạt 45%).",
        [(2025, 100.0, None, "%", EQ)],
        id="baseline-in-parentheses-dropped",
    )
)

# Figures that report what was achieved, or that are not goals at all.
NOT_TARGETS = [
    pytest.param(
        "I. THỰC TRẠNG\n\n1. Kết quả đạt được\n\n100% các sở, ban, ngành, UBND cấp huyện và cấp "
        "xã đã xây dựng mạng nội bộ (LAN); tỷ lệ máy tính/cán bộ, công chức đạt 100%.",
        id="situation-section",
    ),
    pytest.param(
        "I. TÌNH HÌNH VÀ NGUYÊN NHÂN\n\nTỷ lệ các cơ quan được cấp hộp thư điện tử đạt xấp xỉ "
        "100%.",
        id="tinh-hinh-section",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\nĐến nay, 100% cơ quan đã kết nối mạng truyền số liệu chuyên dùng. "
        "Chỉ số chuyển đổi số năm 2020 của tỉnh xếp thứ 48/63 tỉnh, thành phố.",
        id="past-tense-cues-in-goal-section",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\nNăm 2020, tỷ lệ hộ có cáp quang đạt 45%.",
        id="year-before-issue-date",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\nTỷ lệ người dân từ đủ 15 tuổi trở lên sử dụng dịch vụ công trực tuyến "
        "mức độ 4 được nâng lên; đầu tư 50 máy chủ.",
        id="ages-levels-and-equipment",
    ),
    pytest.param(
        "II. NHIỆM VỤ\n\nTổng kinh phí dự kiến thực hiện Kế hoạch là 120 tỷ đồng.",
        id="budget-is-not-a-goal",
    ),
]

TABLE = (
    "II. MỤC TIÊU\n\n1. Các chỉ tiêu chủ yếu\n\n"
    "| STT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030 | Cơ quan theo dõi |\n"
    "|---|---|---|---|---|---|\n"
    "| I | Chính quyền số | | | | |\n"
    "| 1 | Tỷ lệ dịch vụ công trực tuyến toàn trình | % | ≥ 80 | 100 | Văn phòng UBND tỉnh |\n"
    "| 2 | Số lao động công nghệ số | người | 10.000 | 20.000 | Sở Nội vụ |\n"
    "| 3 | Tỷ lệ người sử dụng Internet | % | 80-90 | Trên 95 | Sở Khoa học và Công nghệ |\n"
    "| 4 | Thuê bao băng rộng cố định | thuê bao/100 dân | 25 | 37,5 | Sở Khoa học và Công nghệ |\n"
    "| 5 | Xếp hạng chỉ số DTI | Thứ hạng | Top 10 | Top 5 | Sở Khoa học và Công nghệ |\n"
)

TABLES = [
    pytest.param(
        TABLE,
        [
            (2025, 80.0, None, "%", GE, "Văn phòng UBND tỉnh"),
            (2030, 100.0, None, "%", EQ, "Văn phòng UBND tỉnh"),
            (2025, 10000.0, None, "người", EQ, "Sở Nội vụ"),
            (2030, 20000.0, None, "người", EQ, "Sở Nội vụ"),
            (2025, 80.0, 90.0, "%", RANGE, "Sở Khoa học và Công nghệ"),
            (2030, 95.0, None, "%", GT, "Sở Khoa học và Công nghệ"),
            (2025, 25.0, None, "thuê bao/100 dân", EQ, "Sở Khoa học và Công nghệ"),
            (2030, 37.5, None, "thuê bao/100 dân", EQ, "Sở Khoa học và Công nghệ"),
            (2025, 10.0, None, "Thứ hạng", LE, "Sở Khoa học và Công nghệ"),
            (2030, 5.0, None, "Thứ hạng", LE, "Sở Khoa học và Công nghệ"),
        ],
        id="two-year-columns-and-monitor",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\nCác chỉ tiêu chủ yếu đến năm 2025:\n\n"
        "| TT | Chỉ tiêu | Mục tiêu | Cơ quan chủ trì |\n|---|---|---|---|\n"
        "| 1 | Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử | 80% | Sở Công Thương |\n"
        "| 2 | Số doanh nghiệp công nghệ số (doanh nghiệp) | 300 | Sở Tài chính |\n",
        [
            (2025, 80.0, None, "%", EQ, "Sở Công Thương"),
            (2025, 300.0, None, "doanh nghiệp", EQ, "Sở Tài chính"),
        ],
        id="no-unit-column-year-from-heading",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\n| Chỉ tiêu | Đơn vị | Thực hiện năm 2020 | Mục tiêu năm 2025 |\n"
        "|---|---|---|---|\n| Tỷ trọng kinh tế số trong GRDP | % | 5 | 20 |\n",
        [(2025, 20.0, None, "%", EQ, None)],
        id="baseline-column-skipped-no-monitor-column",
    ),
    pytest.param(
        "II. MỤC TIÊU\n\n| Stt | Chỉ tiêu | ĐVT | Mục tiêu | | Cơ quan theo dõi |\n"
        "| | | | 2025 | 2030 | |\n|---|---|---|---|---|---|\n"
        "| 1 | Tỷ lệ hộ có cáp quang | % | 80 | 100 | Sở Khoa học và Công nghệ |\n",
        [
            (2025, 80.0, None, "%", EQ, "Sở Khoa học và Công nghệ"),
            (2030, 100.0, None, "%", EQ, "Sở Khoa học và Công nghệ"),
        ],
        id="two-header-rows",
    ),
]


@pytest.mark.parametrize(("body", "expected"), PROSE)
def test_prose(body: str, expected: list[Key]) -> None:
    assert _keys(extract_targets(_ctx(body))) == expected


@pytest.mark.parametrize("body", NOT_TARGETS)
def test_not_targets(body: str) -> None:
    assert extract_targets(_ctx(body)) == ()


@pytest.mark.parametrize(("body", "expected"), TABLES)
def test_tables(body: str, expected: list[tuple[object, ...]]) -> None:
    targets = extract_targets(_ctx(body))
    got = [(*key, t.monitor) for key, t in zip(_keys(targets), targets, strict=True)]
    assert got == expected


@pytest.mark.parametrize(
    ("raw", "value"),
    [("7,5", 7.5), ("10.000", 10000.0), ("1.234,5", 1234.5), ("7.5", 7.5), ("130", 130.0)],
    ids=["decimal-comma", "thousands-dot", "both", "decimal-point", "integer"],
)
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


def test_evidence_and_provenance() -> None:
    ctx = _ctx("II. MỤC TIÊU\n\n2.1. Đến năm 2025\n\nKinh tế số chiếm 15% GRDP toàn tỉnh.")
    (target,) = extract_targets(ctx)
    assert target.evidence == "Kinh tế số chiếm 15% GRDP toàn tỉnh"
    assert target.provenance.quote == target.evidence
    assert target.provenance.section == ("II", "2.1")
    assert "kinh tế số" in target.indicator.casefold()


def test_table_row_provenance() -> None:
    targets = extract_targets(_ctx(TABLE))
    assert targets[0].provenance.quote.startswith("| 1 | Tỷ lệ dịch vụ công")
    assert targets[0].indicator == "Tỷ lệ dịch vụ công trực tuyến toàn trình"


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("000_05eae9042a94ebff.txt", 0),
        ("001_e787aadbb233535e.txt", 5),
        ("002_727f14eddfa7dc9f.txt", 11),
        ("003_07a70d37f77f3d0b.txt", 18),
        ("004_1b73a6d31f29fe0d.txt", 3),
    ],
    ids=["000-none", "001", "002-situation-excluded", "003", "004-no-year"],
)
def test_corpus_counts(name: str, count: int) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.fail(f"missing corpus file {path}")
    doc = clean(path.read_text(encoding="utf-8"), name)
    assert len(extract_targets(DocContext(doc, layout(doc)))) == count


# ---------------------------------------------------------------------------------------
# Real documents: prose as published (tests/data/real/*.md), one test per pattern
# ---------------------------------------------------------------------------------------

REAL_PROSE = [
    pytest.param(
        # tests/data/real/f1e0981425ec38be.md:118 (the year is in the paragraph's first
        # sentence; "Trong đó:" goes on with it)
        "II. MỤC TIÊU\n\n3. Phấn đấu giá trị hàng hóa tham gia xuất khẩu đến năm 2030 đạt 400 "
        "triệu USD. Trong đó: Giá trị sản phẩm nông sản, thực phẩm tham gia xuất khẩu đạt 395 "
        "triệu USD.",
        [(2030, 400.0, None, "triệu USD", EQ), (2030, 395.0, None, "triệu USD", EQ)],
        id="f1e0981425ec38be-118-paragraph-year",
    ),
    pytest.param(
        # tests/data/real/f1e0981425ec38be.md:132
        "II. MỤC TIÊU\n\nTổng sản phẩm trái cây tham gia xuất khẩu phấn đấu đến năm 2030 đạt "
        "trên 46.200 tấn; tổng giá trị sản phẩm trái cây tham gia xuất khẩu đến năm 2030 dự "
        "kiến đạt trên 48,3 triệu USD, tốc độ tăng bình quân 05 - 06%/năm.",
        [
            (2030, 46200.0, None, "tấn", GT),
            (2030, 48.3, None, "triệu USD", GT),
            (2030, 5.0, 6.0, "%/năm", RANGE),
        ],
        id="f1e0981425ec38be-132-tonnes",
    ),
    pytest.param(
        # tests/data/real/f1e0981425ec38be.md:632
        "II. NHIỆM VỤ\n\n- Lựa chọn ít nhất 01 doanh nghiệp, hợp tác xã đóng vai trò đơn vị thu "
        "gom chuyên nghiệp.",
        [(None, 1.0, None, "doanh nghiệp, hợp tác xã", GE)],
        id="f1e0981425ec38be-632-noun-list",
    ),
    pytest.param(
        # tests/data/real/31fb08f34535fce3.md:175 and :182 (a rate per 100 or 1.000; "giảm
        # từ 23 ... xuống 18": 23 is where the change starts)
        "II. MỤC TIÊU\n\n- Chỉ tiêu 1: Tỷ số giới tính khi sinh ở mức 107 trẻ sơ sinh trai/100 "
        "trẻ sơ sinh gái sinh ra sống vào năm 2025.\n\n- Chỉ tiêu 3: Tỷ suất sinh ở trẻ vị thành "
        "niên giảm từ 23 ca sinh/1.000 phụ nữ xuống 18 ca sinh/1.000 phụ nữ vào năm 2025.",
        [
            (2025, 107.0, None, "trẻ sơ sinh trai/100 trẻ sơ sinh gái sinh ra sống", EQ),
            (2025, 18.0, None, "ca sinh/1.000 phụ nữ", EQ),
        ],
        id="31fb08f34535fce3-175-rates-and-change",
    ),
    pytest.param(
        # tests/data/real/31fb08f34535fce3.md:214
        "II. MỤC TIÊU\n\n- Chỉ tiêu 2: Từ năm 2025 trở đi 100% tổ chức Đảng, chính quyền, cơ "
        "quan hành chính được phổ biến, cập nhật thông tin về bình đẳng giới.",
        [(2025, 100.0, None, "%", EQ)],
        id="31fb08f34535fce3-214-from-then-on",
    ),
    pytest.param(
        # tests/data/real/31fb08f34535fce3.md:179 (a rate with no noun before the bar)
        "II. MỤC TIÊU\n\n- Chỉ tiêu 2: Tỷ lệ tử vong bà mẹ liên quan đến thai sản dưới "
        "4/100.000 trẻ sinh ra còn sống vào năm 2025.",
        [(2025, 4.0, None, "/100.000 trẻ sinh ra còn sống", LT)],
        id="31fb08f34535fce3-179-rate-without-numerator",
    ),
    pytest.param(
        # tests/data/real/a83fffe08d7aeed7.md:92
        "II. MỤC TIÊU\n\nPhấn đấu tổng tỷ suất sinh đạt 2,1 con/phụ nữ.",
        [(None, 2.1, None, "con/phụ nữ", EQ)],
        id="a83fffe08d7aeed7-92-per-woman",
    ),
    pytest.param(
        # tests/data/real/85ff77cbda28ffbb.md:148 (a month of a year dates the clause; a
        # frequency "2 lần/tháng" is not a goal)
        "II. NỘI DUNG\n\n+ Các thông số: Độ mặn, pH quan trắc với tần suất 2 lần/tháng; thời "
        "gian quan trắc từ tháng 3 đến tháng 10 năm 2026; số lượng mẫu quan trắc 240 mẫu/năm.\n"
        "+ Thuốc bảo vệ thực vật quan trắc với tần suất 02 lần/năm.",
        [(2026, 240.0, None, "mẫu/năm", EQ)],
        id="85ff77cbda28ffbb-148-month-year-and-frequency",
    ),
]

REAL_NOT_TARGETS = [
    pytest.param(
        # tests/data/real/31fb08f34535fce3.md:117
        "II. MỤC TIÊU\n\nĐối với một số ngành, lĩnh vực đặc thù có tỷ lệ nữ cán bộ, công chức, "
        "viên chức, người lao động thấp dưới 30% có thể điều chỉnh mục tiêu phù hợp.",
        id="31fb08f34535fce3-117-condition",
    ),
    pytest.param(
        # ../shared/real/documents/3a2db039af8c2d05.md:598 (a scoring rule)
        "II. TIÊU CHÍ\n\nNếu đạt 100% cộng 05 điểm.",
        id="3a2db039af8c2d05-598-if",
    ),
    pytest.param(
        # tests/data/real/31fb08f34535fce3.md:295 (a date is not a rate)
        "II. NHIỆM VỤ\n\nTriển khai Tháng hành động (từ ngày 15/11 đến ngày 15/12) trên địa bàn.",
        id="31fb08f34535fce3-295-date",
    ),
    pytest.param(
        # ../shared/real/documents/344b9eec106a648a.md:3110 (statistics in brackets)
        "II. MỤC TIÊU\n\nMột số địa phương tỷ lệ thấp: Lạng Sơn (76,29%), Lai Châu (59,42%).",
        id="344b9eec106a648a-3110-bracketed-statistics",
    ),
    pytest.param(
        # tests/data/real/d5ffa6afac124d52.md:337 (a funding section)
        "III. DỰ TOÁN KINH PHÍ THỰC HIỆN:\n\n1. Dự toán kinh phí quan trắc 01 năm: "
        "1.500.000.000 đồng. Trong đó:\n\n- Thu và phân tích mẫu: 1.364.329.243 đồng/năm.\n\n"
        "+ Dự kiến kinh phí thực hiện khoản 10% kinh phí thực hiện quan trắc thường xuyên.",
        id="d5ffa6afac124d52-337-budget-section",
    ),
    pytest.param(
        # tests/data/real/d5ffa6afac124d52.md:282 (a share of the funds) and :4401 (a unit
        # cost)
        "II. NỘI DUNG\n\n+ Dự kiến kinh phí thực hiện khoản 10% kinh phí thực hiện quan trắc "
        "thường xuyên.\n+ Công tác phí cán bộ tổ chức (lái xe: 01, định mức 150.000 "
        "đồng/người/ngày).",
        id="d5ffa6afac124d52-282-funds-share-and-unit-cost",
    ),
]


@pytest.mark.parametrize(("body", "expected"), REAL_PROSE)
def test_real_prose(body: str, expected: list[Key]) -> None:
    assert _keys(extract_targets(_ctx(body))) == expected


@pytest.mark.parametrize("body", REAL_NOT_TARGETS)
def test_real_not_targets(body: str) -> None:
    assert extract_targets(_ctx(body)) == ()


# ---------------------------------------------------------------------------------------
# Documents that lay down rules: no targets at all
# ---------------------------------------------------------------------------------------

NORMATIVE = [
    pytest.param(
        # tests/data/real/4c6ac60a4ebc43d6.md (a catalogue of procedures)
        "QUYẾT ĐỊNH\nCÔNG BỐ THỦ TỤC HÀNH CHÍNH NỘI BỘ ĐƯỢC SỬA ĐỔI, BỔ SUNG TRONG LĨNH VỰC "
        "CÔNG TÁC DÂN TỘC",
        True,
        id="4c6ac60a4ebc43d6-procedures",
    ),
    pytest.param(
        # tests/data/real/355bcc582867074b.md
        "NGHỊ ĐỊNH\nVề hợp đồng thực hiện nhiệm vụ của công chức",
        True,
        id="355bcc582867074b-decree",
    ),
    pytest.param(
        # ../shared/real/documents/c2bf5a06388200a0.md
        "QUYẾT ĐỊNH\nPHÂN CẤP THẨM QUYỀN QUYẾT ĐỊNH MỘT SỐ NỘI DUNG LIÊN QUAN ĐẾN QUẢN LÝ, SỬ "
        "DỤNG TÀI SẢN CÔNG",
        True,
        id="c2bf5a06388200a0-delegation",
    ),
    pytest.param(
        # ../shared/real/documents/f1526a5ac4023b74.md
        "QUYẾT ĐỊNH\nBAN HÀNH BẢNG GIÁ TÍNH THUẾ TÀI NGUYÊN ĐỐI VỚI NHÓM, LOẠI TÀI NGUYÊN",
        True,
        id="f1526a5ac4023b74-price-list",
    ),
    pytest.param(
        # tests/data/real/f1e0981425ec38be.md (a decision that issues a plan)
        "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH XUẤT KHẨU SẢN PHẨM HÀNG HÓA GIAI ĐOẠN 2026 - 2030",
        False,
        id="f1e0981425ec38be-plan",
    ),
    pytest.param(
        # tests/data/real/31fb08f34535fce3.md
        "KẾ HOẠCH\nTRIỂN KHAI CÁC NHIỆM VỤ TRỌNG TÂM CUỐI NĂM 2025 LĨNH VỰC BÌNH ĐẲNG GIỚI",
        False,
        id="31fb08f34535fce3-plan",
    ),
]


@pytest.mark.parametrize(("title", "normative"), NORMATIVE)
def test_normative_documents_have_no_targets(title: str, normative: bool) -> None:
    head = (
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\n\nSố: 12/QĐ-UBND\n\n"
        "Thái Bình, ngày 15 tháng 3 năm 2025\n\n"
    )
    # tests/data/real/4c6ac60a4ebc43d6.md:228 (a criterion, or a goal in a plan)
    body = (
        "\n\nĐiều 1. Mục tiêu\n\n- Đến năm 2030, 100% thôn vùng đồng bào dân tộc thiểu số có "
        "đường giao thông được cứng hóa.\n"
    )
    doc = clean(head + title + body, "synthetic.txt")
    ctx = DocContext(doc, layout(doc))
    assert is_normative(ctx) is normative
    assert bool(extract_targets(ctx)) is not normative


# ---------------------------------------------------------------------------------------
# Tables printed one cell per line (a legal-text site's layout)
# ---------------------------------------------------------------------------------------


def _site(*rows: tuple[str, ...]) -> str:
    """Rows as the site prints them: every cell on its own line between bare bars; an
    empty cell is nothing between two bars."""
    lines: list[str] = []
    for row in rows:
        lines.append("|")
        for cell in row:
            if cell:
                lines.append(f"**{cell}**" if row is rows[0] else cell)
            lines.append("|")
    return "\n".join(lines) + "\n\n"


# tests/data/real/f1e0981425ec38be.md:710-790: a header row with a merged period over a
# row of years, a baseline column ("ƯTH" = ước thực hiện), group rows and bullet rows.
AREA_TABLE = (
    "PHỤ LỤC 01\n\nĐỊNH HƯỚNG PHÁT TRIỂN VÙNG NGUYÊN LIỆU GIAI ĐOẠN 2026 - 2030\n\n"
    + _site(
        ("TT", "Chỉ tiêu", "ĐVT", "ƯTH Năm 2025", "GIAI ĐOẠN 2026 - 2030"),
        ("Năm 2026", "Năm 2027", "Năm 2028", "Năm 2029", "Năm 2030"),
        ("I", "CÂY CÔNG NGHIỆP", "", "", "", "", "", "", ""),
        ("1", "Cà Phê", "", "", "", "", "", "", ""),
        ("-", "Diện tích", "Ha", "26.120", "27.000", "27.500", "28.000", "29.000", "30.000"),
    )
)

# tests/data/real/f1e0981425ec38be.md:1340-1420: each year over two columns whose unit is
# in the sub-header, a row of column numbers, and a total row whose figures are printed in
# the value columns with the quantity columns empty (it starts with an empty cell).
EXPORT_TABLE = (
    "PHỤ LỤC 02\n\nDANH MỤC HÀNG HÓA THAM GIA XUẤT KHẨU GIAI ĐOẠN 2026 – 2030\n\n"
    + _site(
        ("TT", "Sản phẩm", "Kế hoạch 2026", "Kế hoạch 2027"),
        (
            "Lượng (Tấn)",
            "Giá trị tham gia xuất khẩu (Nghìn USD)",
            "Lượng (Tấn)",
            "Giá trị tham gia xuất khẩu (Nghìn USD)",
        ),
        ("", "1", "2", "3", "4", "5"),
        ("", "Tổng I + II", "", "240.000", "", "270.000"),
        ("1", "Xoài", "13.500", "7.000", "14.800", "7.800"),
    )
)

# ../shared/real/documents/2edf5927c71bc4c1.md:595-640: the indicator table of issue 11,
# "Kết quả" is the goal column and section rows give the period.
RESULT_TABLE = "PHỤ LỤC\n\nCHỈ TIÊU PHÁT TRIỂN CHÍNH PHỦ SỐ\n\n" + _site(
    ("TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi, đánh giá"),
    ("I", "Giai đoạn 2025-2027", "", "", ""),
    ("1", "Tỉ lệ dịch vụ công trực tuyến toàn trình", "%", "100%", "Văn phòng Chính phủ"),
    ("II", "Giai đoạn 2028-2030", "", "", ""),
    ("1", "Tỉ lệ người dân, doanh nghiệp hài lòng", "%", "≥ 99%", "Bộ Khoa học và Công nghệ"),
    # issue 11: one figure per scope in a cell
    ("2", "Xếp hạng chỉ số Chính phủ điện tử", "Thứ hạng", "≤ 3 Đông Nam Á; ≤ 50 Thế giới", ""),
)

CELL_TABLES = [
    pytest.param(
        AREA_TABLE,
        [
            (year, value, None, "Ha", EQ)
            for year, value in zip(
                range(2026, 2031), [27000.0, 27500.0, 28000.0, 29000.0, 30000.0], strict=True
            )
        ],
        id="f1e0981425ec38be-710-merged-period-baseline-column",
    ),
    pytest.param(
        EXPORT_TABLE,
        [
            (2026, 240000.0, None, "Nghìn USD", EQ),
            (2027, 270000.0, None, "Nghìn USD", EQ),
            (2026, 13500.0, None, "Tấn", EQ),
            (2026, 7000.0, None, "Nghìn USD", EQ),
            (2027, 14800.0, None, "Tấn", EQ),
            (2027, 7800.0, None, "Nghìn USD", EQ),
        ],
        id="f1e0981425ec38be-1352-two-columns-per-year",
    ),
    pytest.param(
        RESULT_TABLE,
        [
            (2027, 100.0, None, "%", EQ),
            (2030, 99.0, None, "%", GE),
            (2030, 3.0, None, "Thứ hạng", LE),
            (2030, 50.0, None, "Thứ hạng", LE),
        ],
        id="2edf5927c71bc4c1-612-section-periods-and-scopes",
    ),
]


@pytest.mark.parametrize(("body", "expected"), CELL_TABLES)
def test_cell_tables(body: str, expected: list[Key]) -> None:
    assert _keys(extract_targets(_ctx(body))) == expected


def test_cell_table_indicator_and_provenance() -> None:
    targets = extract_targets(_ctx(AREA_TABLE))
    assert targets[0].indicator == "Cà Phê: Diện tích"
    assert targets[0].provenance.quote.startswith("-\n|\nDiện tích")


@pytest.mark.parametrize(
    ("body", "widths"),
    [
        pytest.param(AREA_TABLE, [5, 5, 9, 9, 9], id="trailing-empty-cells"),
        pytest.param(EXPORT_TABLE, [4, 4, 6, 6, 6], id="leading-empty-cell"),
    ],
)
def test_cell_table_rows(body: str, widths: list[int]) -> None:
    doc = clean(HEAD + body, "synthetic.txt")
    (table,) = [t for t in cell_tables(layout(doc).lines) if len(t) > 1]
    assert [len(r.cells) for r in table] == widths


def test_text_after_a_table_is_not_a_cell() -> None:
    # ../shared/real/documents/344b9eec106a648a.md: a heading of two lines after the
    # signature table starts no cell.
    text = (
        HEAD
        + _site(("Nơi nhận:", "THỦ TƯỚNG Phạm Minh Chính")).rstrip()
        + ("\nPHỤ LỤC I\nTỔNG HỢP KẾT QUẢ THỰC HIỆN\n|\nSTT\n|\nBộ, cơ quan\n|\n")
    )
    doc = clean(text, "synthetic.txt")
    tables = cell_tables(layout(doc).lines)
    assert [t[0].cells for t in tables] == [
        ("Nơi nhận:", "THỦ TƯỚNG Phạm Minh Chính"),
        ("STT", "Bộ, cơ quan"),
    ]


# ---------------------------------------------------------------------------------------
# Reported results and baselines (conclusion notices, the assessment a resolution opens
# on): not targets. Each case is followed by goals of the same documents that must stay.
# ---------------------------------------------------------------------------------------

REPORTED = [
    pytest.param(
        # ../shared/real/documents/24701a1c97c8c368.md:45-50 and :71-72 (a notice's opening
        # assessment, and its numbered "Về tình hình ..." heading)
        "I. ĐÁNH GIÁ CHUNG\n\n1. Về tình hình kết quả kinh tế - xã hội 10 tháng năm 2025 của "
        "tỉnh Thanh Hóa:\n\nThu ngân sách nhà nước thuộc nhóm 10 địa phương có số thu cao nhất "
        "cả nước.\n\n2. Về triển khai mô hình chính quyền địa phương 02 cấp:\n\nĐội ngũ cán bộ, "
        "công chức cấp xã được bố trí hợp lý (trung bình 64 người/xã), đáp ứng yêu cầu.",
        id="24701a1c97c8c368-45-danh-gia-chung-section",
    ),
    pytest.param(
        # ../shared/real/documents/24701a1c97c8c368.md:50 (an estimate)
        "II. NỘI DUNG\n\nTăng trưởng kinh tế 9 tháng của Tỉnh ước đạt 8,19%, thuộc nhóm địa "
        "phương có tốc độ tăng trưởng GRDP cao nhất cả nước.",
        id="24701a1c97c8c368-50-uoc-dat",
    ),
    pytest.param(
        # ../shared/real/documents/24701a1c97c8c368.md:60-61 (against the same period)
        "II. NỘI DUNG\n\nPhát triển doanh nghiệp tích cực, số doanh nghiệp thành lập mới tăng "
        "12,9% so cùng kỳ.",
        id="24701a1c97c8c368-60-so-cung-ky",
    ),
    pytest.param(
        # ../shared/real/documents/24701a1c97c8c368.md:52-53 and :55-57 (against the country)
        "II. NỘI DUNG\n\nTrong đó: sản xuất công nghiệp tăng trưởng cao, 10 tháng tăng 15,55%, "
        "cao hơn so với mức tăng cả nước là 9,2%; thương mại, dịch vụ tương đối tích cực, tổng "
        "mức bán lẻ hàng hóa và dịch vụ tăng 15,1% (bình quân cả nước tăng 9,3%).",
        id="24701a1c97c8c368-52-ca-nuoc",
    ),
    pytest.param(
        # ../shared/real/documents/24701a1c97c8c368.md:59 (progress against the plan)
        "II. NỘI DUNG\n\nGiải ngân đầu tư công đạt tỷ lệ 66,7% kế hoạch.",
        id="24701a1c97c8c368-59-percent-of-plan",
    ),
    pytest.param(
        # ../shared/real/documents/826ed569ec2ddaa1.md:52-53 (a reporting period of months)
        "II. NỘI DUNG\n\nTheo đó, kinh tế duy trì đà tăng trưởng, tăng trưởng tổng sản phẩm "
        "quốc nội (GRDP) trên địa bàn tỉnh Quý III đạt 6,26%, 9 tháng năm 2025 tăng 6,9%.",
        id="826ed569ec2ddaa1-52-months-of-year",
    ),
    pytest.param(
        # ../shared/real/documents/74e2ddc7b11340da.md:2428-2430 (a tally, in a long cell)
        "II. NỘI DUNG\n\nCó 34/34 địa phương hoàn thành việc sử dụng thống nhất (01) một hệ "
        "thống thông tin giải quyết thủ tục hành chính dùng chung, đạt tỷ lệ 100%.",
        id="74e2ddc7b11340da-2428-tally",
    ),
    pytest.param(
        # ../shared/real/documents/344b9eec106a648a.md:3110-3111 (a decimal with a space)
        "II. NỘI DUNG\n\nTP. Hải Phòng (85,96%), Quảng Trị (80, 68%), Lạng Sơn (76,29%).",
        id="344b9eec106a648a-3110-broken-decimal",
    ),
    pytest.param(
        # ../shared/real/documents/24701a1c97c8c368.md:165 and 50f694478a35aefd.md:210 (a year
        # or a stage before a count noun)
        "II. NHIỆM VỤ\n\nBộ Xây dựng khẩn trương rà soát, sớm bàn giao trong năm 2025 dự án đầu "
        "tư xây dựng công trình nạo vét luồng tàu. Chuẩn bị khởi công giai đoạn 2 dự án để báo "
        "cáo các cấp thẩm quyền.",
        id="24701a1c97c8c368-165-year-before-count",
    ),
    pytest.param(
        # ../shared/real/documents/826ed569ec2ddaa1.md:195 (a request for funds)
        "III. KIẾN NGHỊ\n\n6. Về đề nghị hỗ trợ khoảng 200 tỷ đồng để kịp thời khắc phục hậu "
        "quả sau cơn bão số 13.",
        id="826ed569ec2ddaa1-195-request-for-funds",
    ),
    pytest.param(
        # ../shared/real/documents/b7a1f12e746ba1bb.md:92-94 and de1ea1a30ca1e0bc.md:167 (tax
        # and interest rates a rule sets)
        "II. NỘI DUNG\n\nNghị định quy định đối tượng không chịu thuế, mức thuế suất 0%, mức "
        "thuế suất 5%. Thuế suất đối với thu nhập từ đầu tư vốn áp dụng theo Biểu thuế toàn "
        "phần với thuế suất là 5%.",
        id="b7a1f12e746ba1bb-92-tax-rates",
    ),
    pytest.param(
        # ../shared/real/documents/3a2db039af8c2d05.md:583-584 and 3870cd0c35318a44.md:446
        # (scores of a criterion)
        "II. TIÊU CHÍ\n\nTừ 88 - 90% cộng 02 điểm; từ 90-95% cộng 03 điểm; đạt 100% cộng 05 "
        "điểm.\n\nTổng số điểm tối đa cho tất cả các tiêu chí là 100 điểm.",
        id="3a2db039af8c2d05-583-scores",
    ),
    pytest.param(
        # ../shared/real/documents/3a2db039af8c2d05.md:540-580 (a grid of criteria: a column
        # of scores in the header, a criterion in a long cell)
        "II. TIÊU CHÍ\n\n"
        + _site(
            ("STT", "TIÊU CHÍ THI ĐUA", "ĐIỂM CHUẨN", "HƯỚNG DẪN CHẤM ĐIỂM"),
            (
                "5.2",
                "Đơn vị có tỷ lệ người hưởng trợ cấp (bao gồm người được ủy quyền nhận thay) "
                "nhận tiền trợ cấp bằng phương thức không dùng tiền mặt từ 88% trở lên.",
                "5",
                "Tính theo tỷ lệ.",
            ),
        ),
        id="3a2db039af8c2d05-576-scoring-grid",
    ),
]

# Goals beside reports, in the same documents: they stay.
GOALS_AMONG_REPORTS = [
    pytest.param(
        # ../shared/real/documents/344b9eec106a648a.md:148
        "II. NHIỆM VỤ\n\nBộ trưởng Bộ Công Thương hoàn thành việc rà soát, bảo đảm đạt mục tiêu "
        "cắt giảm tối thiểu 30%, trình Thủ tướng Chính phủ phê duyệt trong tháng 11 năm 2025.",
        [(2025, 30.0, None, "%", GE)],
        id="344b9eec106a648a-148-muc-tieu",
    ),
    pytest.param(
        # ../shared/real/documents/50f694478a35aefd.md:205 (a goal in brackets)
        "III. NHIỆM VỤ\n\nYêu cầu các bộ, ngành cần khẩn trương có giải pháp phù hợp để đẩy "
        "nhanh tiến độ thi công (phấn đấu sản lượng mỗi tháng đạt tối thiểu 20%).",
        [(None, 20.0, None, "%", GE)],
        id="50f694478a35aefd-205-phan-dau-in-brackets",
    ),
    pytest.param(
        # tests/data/real/a69069ae524315d9.md:71-73 (a resolution's goals for this year and
        # the next)
        "II. NHIỆM VỤ\n\nKhôi phục sản xuất kinh doanh, phấn đấu tăng trưởng kinh tế cả năm "
        "2025 đạt trên 8%, năm 2026 đạt từ 10% trở lên.",
        [(2025, 8.0, None, "%", GT), (2026, 10.0, None, "%", GE)],
        id="a69069ae524315d9-71-phan-dau-tang-truong",
    ),
]


@pytest.mark.parametrize("body", REPORTED)
def test_reported_results_are_not_targets(body: str) -> None:
    assert extract_targets(_ctx(body)) == ()


@pytest.mark.parametrize(("body", "expected"), GOALS_AMONG_REPORTS)
def test_goals_among_reports(body: str, expected: list[Key]) -> None:
    assert _keys(extract_targets(_ctx(body))) == expected


# ---------------------------------------------------------------------------------------
# Round 2: ranks, counts of stations and lengths, breakdowns, requests and awards
# ---------------------------------------------------------------------------------------

ROUND2_PROSE = [
    pytest.param(
        # tests/data/real/2edf5927c71bc4c1.md:228 and :230 (ranks among countries; each
        # clause has its own year)
        "II. MỤC TIÊU\n\n3. Thay đổi đột phá xếp hạng quốc gia\n\nViệt Nam thuộc nhóm 4 nước "
        "dẫn đầu Hiệp hội các quốc gia Đông Nam Á (ASEAN) và nhóm 60 nước dẫn đầu thế giới "
        "vào năm 2028 theo đánh giá của Liên hợp quốc; thuộc nhóm 3 nước dẫn đầu Hiệp hội các "
        "quốc gia Đông Nam Á (ASEAN) và nhóm 50 nước dẫn đầu thế giới vào năm 2030 theo đánh "
        "giá của Liên hợp quốc.",
        [
            (2028, 4.0, None, "hạng", LE),
            (2028, 60.0, None, "hạng", LE),
            (2030, 3.0, None, "hạng", LE),
            (2030, 50.0, None, "hạng", LE),
        ],
        id="2edf5927c71bc4c1-228-ranks-among-countries",
    ),
    pytest.param(
        # tests/data/real/2edf5927c71bc4c1.md:1904 (a minimum of clusters) and :484 (a span
        # of years from now takes no year from the paragraph)
        "II. NHIỆM VỤ\n\n1. Đến năm 2025\n\nPhát triển các cụm trung tâm dữ liệu, trong đó "
        "hình thành tối thiểu 03 cụm Trung tâm Dữ liệu quốc gia. Tiếp tục nâng lên mức tối "
        "thiểu 02% GDP hoặc GRDP (đối với địa phương) trong 05 năm tiếp theo.",
        [(2025, 3.0, None, "cụm", GE), (None, 2.0, None, "%", GE)],
        id="2edf5927c71bc4c1-1904-clusters-and-next-five-years",
    ),
    pytest.param(
        # tests/data/real/f004d93b21e7fc5f.md:110 and :112 (a multiple of GRDP; one data
        # exchange at least)
        "II. MỤC TIÊU\n\n1. Phát triển kinh tế số đến năm 2030 (16 mục tiêu)\n\n(4) Tổng giá "
        "trị giao dịch thanh toán không dùng tiền mặt gấp 30 lần GRDP;\n\n(5) Phát triển và "
        "triển khai tối thiểu 01 sàn giao dịch dữ liệu;",
        [(2030, 30.0, None, "lần GRDP", EQ), (2030, 1.0, None, "sàn", GE)],
        id="f004d93b21e7fc5f-110-multiple-and-exchange",
    ),
    pytest.param(
        # tests/data/real/f004d93b21e7fc5f.md:151 (a heading whose period is followed by
        # more words: "với các mục tiêu (14 mục tiêu)")
        "II. MỤC TIÊU\n\n2. Phát triển xã hội số đến năm 2030 với các mục tiêu (14 mục tiêu)\n\n"
        "(1) Tỷ lệ dân số từ 15 tuổi trở lên có điện thoại thông minh đạt tối thiểu 95%;",
        [(2030, 95.0, None, "%", GE)],
        id="f004d93b21e7fc5f-151-long-period-heading",
    ),
    pytest.param(
        # tests/data/real/ceb89a53c7b93f00.md:122 and :128 (stations after a label; the
        # operators' shares in brackets split the whole, and are not goals of their own)
        "II. NHIỆM VỤ\n\n1. Giai đoạn 2026 - 2030\n\n+ Lắp đặt mới trạm 3G/4G: 58 trạm (Trong "
        "đó: VNPT:\n25 trạm, Viettel: 33 trạm);\n\n+ Chuyển đổi từ trạm 3G/4G sang trạm 5G: "
        "125 trạm (Trong đó: MobiFone: 22 trạm, VNPT: 56 trạm, Viettel: 47 trạm), nâng tổng số "
        "trạm 5G: 188 trạm.",
        [
            (2030, 58.0, None, "trạm", EQ),
            (2030, 125.0, None, "trạm", EQ),
            (2030, 188.0, None, "trạm", EQ),
        ],
        id="ceb89a53c7b93f00-122-stations-and-breakdown",
    ),
    pytest.param(
        # tests/data/real/50f694478a35aefd.md:151 and :197 (lengths of road, a count of
        # projects); :276 (a length that describes a project is no goal)
        "II. NHIỆM VỤ\n\n1. Hoàn thành mục tiêu đưa vào khai thác trên 3.000 km đường bộ cao "
        "tốc và khoảng trên 1.700km đường bộ ven biển trong năm 2025\n\n"
        "e) Các bộ, ngành, địa phương khẩn trương đăng ký, trên tinh thần mỗi tổ chức phấn "
        "đấu có ít nhất 02 công trình/dự án đủ điều kiện khởi công hoặc khánh thành.\n\n"
        "c) Giao Bộ Xây dựng chủ trì thống nhất việc đầu tư đoạn kết nối 1,9km vào Cảng hàng "
        "không quốc tế Long Thành.",
        [
            (2025, 3000.0, None, "km", GT),
            (2025, 1700.0, None, "km", GT),
            (None, 2.0, None, "công trình/dự án", GE),
        ],
        id="50f694478a35aefd-151-km-and-projects",
    ),
    pytest.param(
        # tests/data/real/d5ffa6afac124d52.md:158 (", trong đó:" splits the whole)
        "II. NỘI DUNG\n\n- Số điểm quan trắc: 08 điểm, trong đó: 06 điểm vùng nước cấp và 02 "
        "ao nuôi tôm nước lợ đại diện vùng nuôi.",
        [(None, 8.0, None, "điểm", EQ)],
        id="d5ffa6afac124d52-158-trong-do-breakdown",
    ),
    pytest.param(
        # tests/data/real/3a2db039af8c2d05.md:163 ("người đã có tài khoản" after the figure
        # does not report a result when a minimum opens the clause)
        "II. NỘI DUNG\n\n(2) Ít nhất 85% người hưởng trợ cấp xã hội, hưu trí xã hội mở mới tài "
        "khoản ngân hàng, ví điện tử hoặc người đã có tài khoản tự nguyện cung cấp số tài "
        "khoản để nhận tiền trợ cấp bằng phương thức không dùng tiền mặt;",
        [(None, 85.0, None, "%", GE)],
        id="3a2db039af8c2d05-163-minimum-before-past-tense",
    ),
    pytest.param(
        # tests/data/real/74e2ddc7b11340da.md:215 (the state today in brackets after the goal)
        "II. NHIỆM VỤ\n\n(4) đôn đốc các doanh nghiệp viễn thông phủ sóng 5G trên phạm vi toàn "
        "quốc, phải đạt 90% trong năm 2025 (đến nay mới đạt 39,5%);",
        [(2025, 90.0, None, "%", EQ)],
        id="74e2ddc7b11340da-215-aside-in-brackets",
    ),
    pytest.param(
        # tests/data/real/74e2ddc7b11340da.md:111 (a figure for a later year than the
        # document's, in its section of results, is a commitment)
        "I. VỀ KẾT QUẢ ĐẠT ĐƯỢC\n\nCông tác phát triển đã đạt kết quả nổi bật: (3) nguồn lực "
        "tài chính được quan tâm tăng cường, bổ sung 25.000 tỷ đồng từ nguồn tăng thu năm 2021 "
        "và bảo đảm mức tối thiểu 3% tổng chi ngân sách nhà nước cho các nhiệm vụ về KHCN, "
        "ĐMST và CĐS trong năm 2026; (4) nhiều chương trình được triển khai.",
        [(2026, 3.0, None, "%", GE)],
        id="74e2ddc7b11340da-111-later-year-in-results",
    ),
]

ROUND2_NOT_TARGETS = [
    pytest.param(
        # tests/data/real/296e373d796986f4.md:130 and :142 (what a province asks for)
        "II. MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n\n3. Về bố trí các nguồn lực đầu tư cho ngành Giáo dục "
        "và Đào tạo (đảm bảo tỷ lệ phòng học, phòng công vụ, phòng nội trú/bán trú được kiên "
        "cố hóa đạt 100%): Giao Bộ Giáo dục và Đào tạo chủ trì nghiên cứu kiến nghị của tỉnh.",
        id="296e373d796986f4-130-requests",
    ),
    pytest.param(
        # tests/data/real/3a2db039af8c2d05.md:265 and :273 (a quota of awards)
        "IV. KHEN THƯỞNG\n\n1. Cấp thành phố\n\na) Chủ tịch Ủy ban nhân dân thành phố xem xét "
        "tặng Bằng khen theo quy định (tỷ lệ không quá 10% tập thể, 5% cá nhân đối tượng trực "
        "tiếp tham gia phong trào);",
        id="3a2db039af8c2d05-265-award-quota",
    ),
    pytest.param(
        # tests/data/real/1095764e502a89b8.md (a figure inside the quoted name of a campaign)
        "II. NỘI DUNG\n\nTổng kết phong trào thi đua cao điểm “500 ngày đêm thi đua hoàn thành "
        "3.000 km đường bộ cao tốc” và khen thưởng.",
        id="1095764e502a89b8-quoted-campaign-name",
    ),
    pytest.param(
        # tests/data/real/75a0867a09525909.md:97 (the two projects a notice is about)
        "II. NỘI DUNG\n\nNghe Lãnh đạo Bộ Y tế báo cáo tiến độ triển khai thực hiện 02 công "
        "trình dự án tại cơ sở 2.",
        id="75a0867a09525909-97-projects-talked-about",
    ),
]


@pytest.mark.parametrize(("body", "expected"), ROUND2_PROSE)
def test_round2_prose(body: str, expected: list[Key]) -> None:
    assert _keys(extract_targets(_ctx(body))) == expected


@pytest.mark.parametrize("body", ROUND2_NOT_TARGETS)
def test_round2_not_targets(body: str) -> None:
    assert extract_targets(_ctx(body)) == ()


def _titled(title: str, body: str) -> DocContext:
    head = (
        "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\n\nSố: 12/KH-UBND\n\n"
        f"Thanh Hóa, ngày 15 tháng 3 năm 2025\n\nKẾ HOẠCH\n{title.upper()}\n\n"
    )
    doc = clean(head + body + TAIL, "synthetic.txt")
    return DocContext(doc, layout(doc), jurisdiction="Thanh Hóa")


@pytest.mark.parametrize(
    ("title", "year"),
    [
        # tests/data/real/85ff77cbda28ffbb.md:24 (a plan for one year dates its figures)
        pytest.param(
            "Quan trắc, cảnh báo môi trường nuôi trồng thủy sản trên địa bàn tỉnh năm 2026",
            2026,
            id="85ff77cbda28ffbb-24-plan-for-one-year",
        ),
        # tests/data/real/f004d93b21e7fc5f.md (a period is no year of each figure)
        pytest.param("Phát triển kinh tế số và xã hội số giai đoạn 2026 - 2030", None, id="period"),
        # tests/data/real/a83fffe08d7aeed7.md (the date of the directive a plan carries out)
        pytest.param(
            "Thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ tướng",
            None,
            id="a83fffe08d7aeed7-date-in-title",
        ),
    ],
)
def test_title_year(title: str, year: int | None) -> None:
    # tests/data/real/85ff77cbda28ffbb.md:262
    body = "II. NỘI DUNG\n\n- In tài liệu tuyên truyền. Số lượng: 5.000 cuốn."
    assert _keys(extract_targets(_titled(title, body))) == [(year, 5000.0, None, "cuốn", EQ)]


# ---------------------------------------------------------------------------------------
# Round 3: documents never tuned on (response times, resolve, quoted law, legal numbers)
# ---------------------------------------------------------------------------------------

ROUND3_PROSE = [
    pytest.param(
        # tests/data/real/a49ef8a0da1f62dd.md:174 (a response time, a range of hours)
        "II. NHIỆM VỤ\n\n- Xử lý các điểm nước tù đọng trong 24-48 giờ sau khi nước rút.",
        [(None, 24.0, 48.0, "giờ", RANGE)],
        id="a49ef8a0da1f62dd-174-response-time-range",
    ),
    pytest.param(
        # tests/data/real/62f25a030c183151.md:89 (a response time, at most 24 hours)
        "II. NHIỆM VỤ\n\n- Đảm bảo người già neo đơn, trẻ em, phụ nữ mang thai, hộ nghèo, người "
        "khuyết tật tại khu vực bị ảnh hưởng được tiếp cận hỗ trợ trong 24 giờ đầu kể từ khi "
        "lực lượng đến được hiện trường.",
        [(None, 24.0, None, "giờ", LE)],
        id="62f25a030c183151-89-response-time",
    ),
    pytest.param(
        # tests/data/real/541cde0f8d5ffef3.md:77 (the year is in the name of the programme
        # the directive cites, not the goal's)
        "II. NHIỆM VỤ\n\nb) Tiếp tục rà soát, thực hiện đơn giản hóa TTHC theo Nghị quyết số "
        "66/NQ-CP ngày 26/3/2025 của Chính phủ về Chương trình cắt giảm, đơn giản hóa TTHC liên "
        "quan đến hoạt động sản xuất, kinh doanh năm 2025 và 2026, đảm bảo cắt giảm tối thiểu "
        "30% thời gian thực hiện TTHC và đơn giản hóa thành phần hồ sơ kèm theo.",
        [(None, 30.0, None, "%", GE)],
        id="541cde0f8d5ffef3-77-year-of-a-cited-programme",
    ),
    pytest.param(
        # ../shared/real/documents/826ed569ec2ddaa1.md:96 ("đạt được mục tiêu" is a purpose)
        "II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI\n\nĐể tiếp tục tháo gỡ các khó "
        "khăn, vướng mắc trong phát triển kinh tế - xã hội, đạt được mục tiêu tăng trưởng kinh "
        "tế 8% trong năm 2025 của Tỉnh và góp phần đạt mục tiêu tăng trưởng kinh tế từ 8,3 - "
        "8,5% của cả nước, tỉnh cần tiếp tục thực hiện quyết liệt các chủ trương của Đảng.",
        [(2025, 8.0, None, "%", EQ), (2025, 8.3, 8.5, "%", RANGE)],
        id="826ed569ec2ddaa1-96-reach-the-goal",
    ),
]

ROUND3_NOT_TARGETS = [
    pytest.param(
        # tests/data/real/266dbea1c7803ae9.md:350 (a time limit of a procedure)
        "II. NỘI DUNG\n\nTrong thời hạn 24 giờ làm việc kể từ khi Tổ chức cấp C/O nhận được hồ "
        "sơ đề nghị cấp C/O đầy đủ và hợp lệ, Tổ chức cấp C/O trả kết quả cấp C/O.",
        id="266dbea1c7803ae9-350-procedure-time-limit",
    ),
    pytest.param(
        # ../shared/real/pages/c376cc145074ceec.md:68 (a duty a rule lays on a business)
        "II. NỘI DUNG\n\nTrong vòng 24 giờ kể từ khi sự cố được khắc phục doanh nghiệp phải gửi "
        "dữ liệu đến hệ thống xử lý dữ liệu điện tử.",
        id="c376cc145074ceec-68-duty",
    ),
    pytest.param(
        # ../shared/real/pages/c376cc145074ceec.md:60 ("Trong trường hợp" is a condition)
        "II. NỘI DUNG\n\nTrong trường hợp hệ thống xử lý dữ liệu điện tử gặp sự cố, doanh nghiệp "
        "gửi dữ liệu đến hệ thống trong vòng 24 giờ kể từ khi sự cố được khắc phục.",
        id="c376cc145074ceec-60-condition",
    ),
    pytest.param(
        # tests/data/real/a49ef8a0da1f62dd.md:182 (the strength of a chemical)
        "II. NHIỆM VỤ\n\n- Trung tâm Kiểm soát bệnh tật tỉnh chủ trì chủ động điều phối, cấp hóa "
        "chất Cloramin B, Chlorine 70%, máy phun phục vụ công tác xử lý môi trường, dịch bệnh.",
        id="a49ef8a0da1f62dd-182-concentration",
    ),
    pytest.param(
        # ../shared/real/documents/77de8d61b741c666.md:84 (an article of law quoted in a letter)
        "II. NỘI DUNG\n\nTại khoản 1 Điều 26 Nghị định số 103/2024/NĐ-CP ngày 30/7/2024 của "
        "Chính phủ quy định về tiền sử dụng đất, tiền thuê đất quy định:\n“Điều 26. Đơn giá "
        "thuê đất\n\n1. Trường hợp thuê đất trả tiền thuê đất hằng năm:\n\nĐơn giá thuê đất "
        "hàng năm = Tỷ lệ phần trăm (%) tính đơn giá thuê đất nhân (x) Giá đất. Trong đó:\n\n"
        "a) Tỷ lệ phần trăm (%) tính đơn giá thuê đất một năm là từ 0,25% đến 3%.”",
        id="77de8d61b741c666-84-quoted-article",
    ),
    pytest.param(
        # ../shared/real/documents/de1ea1a30ca1e0bc.md:72 (inner quotes stay balanced)
        "II. NỘI DUNG\n\nTại Nghị định số 132/2020/NĐ-CP ngày 05/11/2020 của Chính phủ, quy "
        "định:\n\n“Điều 5. Các bên có quan hệ liên kết (sau đây viết tắt là “bên liên kết”) là "
        "các bên có mối quan hệ sau:\n\nl) Doanh nghiệp có phát sinh các giao dịch nhượng, nhận "
        "chuyển nhượng vốn góp ít nhất 25% vốn góp của chủ sở hữu của doanh nghiệp.”",
        id="de1ea1a30ca1e0bc-72-quoted-article-inner-quotes",
    ),
]


@pytest.mark.parametrize(("body", "expected"), ROUND3_PROSE)
def test_round3_prose(body: str, expected: list[Key]) -> None:
    assert _keys(extract_targets(_ctx(body))) == expected


@pytest.mark.parametrize("body", ROUND3_NOT_TARGETS)
def test_round3_not_targets(body: str) -> None:
    assert extract_targets(_ctx(body)) == ()


@pytest.mark.parametrize(
    ("number", "title", "normative"),
    [
        # tests/data/real/541cde0f8d5ffef3.md:20 (a directive urges: it sets goals)
        pytest.param(
            "Số: 012/CT-UBND",
            "CHỈ THỊ\nVỀ VIỆC TĂNG CƯỜNG CẢI CÁCH THỦ TỤC HÀNH CHÍNH, NÂNG CAO CHẤT LƯỢNG PHỤC VỤ "
            "NGƯỜI DÂN, DOANH NGHIỆP",
            False,
            id="541cde0f8d5ffef3-20-directive",
        ),
        # ../shared/real/documents/98b67fb117d01944.md (a resolution numbered with its year)
        pytest.param(
            "Số: 51/2025/NQ-HĐND",
            "NGHỊ QUYẾT\nVỀ VIỆC BỐ TRÍ LỰC LƯỢNG VÀ CHẾ ĐỘ CHÍNH SÁCH CHO NHÂN VIÊN CHĂN NUÔI "
            "THÚ Y CÁC XÃ, PHƯỜNG",
            True,
            id="98b67fb117d01944-legal-number",
        ),
        # ../shared/real/documents/af2a4fc9b3a7aeeb.md (a decision numbered with its year)
        pytest.param(
            "Số: 71/2025/QĐ-UBND", "QUYẾT ĐỊNH\nVỀ VIỆC SỬA ĐỔI MỨC HỖ TRỢ", True, id="qd"
        ),
        # tests/data/real/f1e0981425ec38be.md (a decision without a year adopts a plan)
        pytest.param(
            "Số: 2155/QĐ-UBND",
            "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH XUẤT KHẨU SẢN PHẨM HÀNG HÓA",
            False,
            id="f1e0981425ec38be-individual-decision",
        ),
    ],
)
def test_normative_by_number_and_kind(number: str, title: str, normative: bool) -> None:
    head = f"ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\n\n{number}\n\nThái Bình, ngày 15 tháng 3 năm 2025\n\n"
    doc = clean(head + title + "\n\nĐiều 1. Nội dung\n\n- Tỷ lệ A đạt 90%.\n", "synthetic.txt")
    assert is_normative(DocContext(doc, layout(doc))) is normative


def test_resolve_in_a_document_of_the_same_year() -> None:
    # ../shared/real/documents/826ed569ec2ddaa1.md:112 (resolve, whatever "đã" follows; the
    # notice is of 2025, so the year does not make the figure planned)
    body = (
        "II. NHIỆM VỤ\n\n2. Đẩy mạnh giải ngân đầu tư công, quyết tâm giải ngân 100% kế hoạch "
        "vốn năm 2025 đã được Thủ tướng Chính phủ giao."
    )
    assert _keys(extract_targets(_titled("Một số nhiệm vụ trọng tâm", body))) == [
        (2025, 100.0, None, "%", EQ)
    ]

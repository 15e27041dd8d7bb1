"""Tests for :mod:`policykg.loaders.targets`: goals in prose and in indicator tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.structure import layout
from policykg.loaders.targets import extract_targets, parse_number
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
            (2025, 10.0, None, "thứ hạng", LE),
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

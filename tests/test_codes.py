"""Document numbers: every spelling real documents use, normalised to one key."""

from __future__ import annotations

import pytest

from policykg.loaders import codes, regexes
from policykg.records import DocumentKind, Scope

NUMBERS = [
    ("Nghị quyết số 52-NQ/TW ngày 27/9/2019", "52-NQ/TW", DocumentKind.RESOLUTION, Scope.NATIONAL),
    ("Kế hoạch hành động số 376-KH/TU", "376-KH/TU", DocumentKind.PLAN, Scope.LOCAL),
    (
        "Chương trình hành động số 31-CTr/TU",
        "31-CTr/TU",
        DocumentKind.ACTION_PROGRAMME,
        Scope.LOCAL,
    ),
    ("Nghị quyết số 71/NQ-CP ngày 01/4/2025", "71/NQ-CP", DocumentKind.RESOLUTION, Scope.NATIONAL),
    ("Quyết định số 749/QĐ-TTg", "749/QĐ-TTg", DocumentKind.DECISION, Scope.NATIONAL),
    ("Quyết định số 2392/QĐ-BTTTT", "2392/QĐ-BTTTT", DocumentKind.DECISION, Scope.NATIONAL),
    ("Nghị quyết số 70/2025/UBTVQH15", "70/2025/UBTVQH15", DocumentKind.OTHER, Scope.NATIONAL),
    ("Nghị định số 30/2020/NĐ-CP", "30/2020/NĐ-CP", DocumentKind.OTHER, Scope.NATIONAL),
    ("Thông báo số 243/TBVPCP ngày 19/5/2025", "243/TB-VPCP", DocumentKind.NOTICE, Scope.NATIONAL),
    ("Thông báo số 243/TB VPCP", "243/TB-VPCP", DocumentKind.NOTICE, Scope.NATIONAL),
    ("Thông báo số 243/TB-VPCP", "243/TB-VPCP", DocumentKind.NOTICE, Scope.NATIONAL),
    (
        "Chương trình hành động số 43/CTHD-UBND",
        "43/CTHD-UBND",
        DocumentKind.ACTION_PROGRAMME,
        Scope.LOCAL,
    ),
    ("Báo cáo 113/BC-UBND ngày 20/9/2019", "113/BC-UBND", DocumentKind.REPORT, Scope.LOCAL),
    ("Thông báo kết luận số 791-TB/TU", "791-TB/TU", DocumentKind.NOTICE, Scope.LOCAL),
    ("Công văn số 1329/UBND-KGVX", "1329/UBND-KGVX", DocumentKind.OFFICIAL_LETTER, Scope.LOCAL),
    ("Quy định số 05-QĐi/TW", "05-QĐi/TW", DocumentKind.REGULATION, Scope.NATIONAL),
    ("Luật số 20/2023/QH15", "20/2023/QH15", DocumentKind.OTHER, Scope.NATIONAL),
    ("Kế hoạch hành động sô 376 - KH/TU", "376-KH/TU", DocumentKind.PLAN, Scope.LOCAL),
    ("Nghị quyết số 03/2022/NQ-HĐND", "03/2022/NQ-HĐND", DocumentKind.RESOLUTION, Scope.LOCAL),
    ("Hướng dẫn số 05-HD/BTGTW", "05-HD/BTGTW", DocumentKind.GUIDANCE, Scope.NATIONAL),
]


@pytest.mark.parametrize(
    ("text", "number", "kind", "scope"), NUMBERS, ids=[n[1] + "<-" + n[0][:28] for n in NUMBERS]
)
def test_number_normalised(text: str, number: str, kind: DocumentKind, scope: Scope) -> None:
    m = regexes.DOC_NUMBER.search(text)
    assert m is not None
    got = codes.normalise(m)
    assert (got.text, got.kind, got.scope) == (number, kind, scope)


NOT_NUMBERS = [
    "ngày 27/9/2019",
    "xếp thứ 48/63 tỉnh, thành phố",
    "mạng di động 3G/4G, 5G",
    "A' SỐ: 1329 ĐẾN",
    "giai đoạn 2021-2025",
    "tỷ lệ 80-90%",
]


@pytest.mark.parametrize("text", NOT_NUMBERS, ids=NOT_NUMBERS)
def test_not_a_number(text: str) -> None:
    assert regexes.DOC_NUMBER.search(text) is None


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("Nghị quyết", DocumentKind.RESOLUTION),
        ("KẾ HOẠCH", DocumentKind.PLAN),
        ("Chương trình hành động", DocumentKind.ACTION_PROGRAMME),
        ("Thông báo kết luận", DocumentKind.NOTICE),
        ("Đề án", DocumentKind.SCHEME),
        ("Nghị  định", None),
    ],
)
def test_kind_of_word(word: str, kind: DocumentKind | None) -> None:
    assert codes.kind_of_word(word) == kind


# Numbers as references print them; the wider REFERENCE_NUMBER pattern reads them.
REFERENCE_NUMBERS = [
    # ../shared/real/documents/ceb89a53c7b93f00.md:45
    ("Nghị quyết số 57- NQ/TW của Bộ Chính trị", "57-NQ/TW", DocumentKind.RESOLUTION),
    # issue 11: odd spacing seen on real text
    ("Nghị quyết số 27/NQ- TW", "27/NQ-TW", DocumentKind.RESOLUTION),
    ("Nghị quyết số 71/NQ -CP", "71/NQ-CP", DocumentKind.RESOLUTION),
    ("Nghị quyết số 66.2/2025/NQ-CP", "66.2/2025/NQ-CP", DocumentKind.RESOLUTION),
    # tests/data/real/85ff77cbda28ffbb.md:30
    ("Kế hoạch 223/KH- UBND ngày 24/10/2025", "223/KH-UBND", DocumentKind.PLAN),
    # tests/data/real/266dbea1c7803ae9.md:412 - misprints are kept as printed
    ("Thông tư số 49/2025TT-BCT ngày 09 tháng 9", "49/2025TT-BCT", DocumentKind.OTHER),
    # tests/data/real/1ea5e769bcf16b99.md:99
    ("Nghị định số 118/2025/NĐCP ngày 09/6/2025", "118/2025/NĐCP", DocumentKind.OTHER),
    # tests/data/real/5298da2adb9eb4fe.md:378 - glued to its number word
    ("- Nghị định số142/2018/NĐ-CP", "142/2018/NĐ-CP", DocumentKind.OTHER),
    # tests/data/real/9aeb199f5e0aa225.md:342 - Cyrillic С and Р
    ("Nghị định số 137/2020/NĐ-СР ngày 27", "137/2020/NĐ-CP", DocumentKind.OTHER),
    # tests/data/real/85ff77cbda28ffbb.md:27 - joint symbols
    ("Quyết định số 4255/QĐ-BNN-KHCN ngày", "4255/QĐ-BNN-KHCN", DocumentKind.DECISION),
    # tests/data/real/f7f2733d47a603dc.md:197 - wrapped after a dash
    (
        "Thông tư liên tịch số 01/2012/TTLT-BQP- BLĐTBXH-BTC ngày",
        "01/2012/TTLT-BQP-BLĐTBXH-BTC",
        DocumentKind.OTHER,
    ),
    # tests/data/real/62f25a030c183151.md:46
    (
        "Quy chế phối hợp số 49/QCPH-UBND-UBMT-HCTĐ ngày",
        "49/QCPH-UBND-UBMT-HCTĐ",
        DocumentKind.REGULATION,
    ),
    # tests/data/real/31fb08f34535fce3.md:58
    ("Công văn số 8935/BNV-CTTN&BĐG ngày", "8935/BNV-CTTN&BĐG", DocumentKind.OFFICIAL_LETTER),
    # tests/data/real/1095764e502a89b8.md:207 - a number word without a kind word
    ("các văn bản số: 10894/VPCP-CN ngày", "10894/VPCP-CN", DocumentKind.OFFICIAL_LETTER),
    # tests/data/real/0465063a5486d493.md:95 - year last
    ("Thành viên Chính phủ số 1025/PLYK/2025 ngày", "1025/PLYK/2025", DocumentKind.OTHER),
    # tests/data/real/62f25a030c183151.md:38
    ("Các Công điện: số 007/CĐ-UBND ngày", "007/CĐ-UBND", DocumentKind.OTHER),
    # tests/data/real/f20b8af669b140e9.md:49 - standards, the break before the digit kept
    ("giao thông đường bộ (QCVN\n85:2025/BNNMT)", "QCVN 85:2025/BNNMT", DocumentKind.OTHER),
    ("mục 6.4.2 của TCVN 13592:2022 Đường", "TCVN 13592:2022", DocumentKind.OTHER),
    # issue 11
    ("theo TCVN 14423:2025", "TCVN 14423:2025", DocumentKind.OTHER),
]


@pytest.mark.parametrize(
    ("text", "number", "kind"), REFERENCE_NUMBERS, ids=[n[1] for n in REFERENCE_NUMBERS]
)
def test_reference_number_normalised(text: str, number: str, kind: DocumentKind) -> None:
    m = regexes.REFERENCE_NUMBER.search(text)
    assert m is not None
    got = codes.normalise(m)
    assert (got.text, got.kind) == (number, kind)


@pytest.mark.parametrize("text", NOT_NUMBERS, ids=NOT_NUMBERS)
def test_not_a_reference_number(text: str) -> None:
    assert regexes.REFERENCE_NUMBER.search(text) is None


def test_letterhead_numbers_keep_their_reading() -> None:
    # The letterhead pattern is not widened: a glued symbol there is read as before.
    assert codes.parse_number("Số: 243/TBVPCP").text == "243/TB-VPCP"  # type: ignore[union-attr]
    assert codes.parse_number("Số: 118/2025/NĐ-CP").text == "118/2025/NĐ-CP"  # type: ignore[union-attr]

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

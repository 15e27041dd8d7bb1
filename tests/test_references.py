"""References: number, date, issuer and relation, from real sentences."""

from __future__ import annotations

import pytest
from policykg.loaders.references import extract_references
from policykg.records import Relation, Scope

from .conftest import context

TITLE = "KẾ HOẠCH\nthực hiện Nghị quyết số 52-NQ/TW của Bộ Chính trị khoá XII\n\n"

# (id, text after a title, number, relation, date, issuer)
RELATIONS = [
    (
        "implements in the preamble",
        "KẾ HOẠCH\nvề chuyển đổi số\n\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của"
        " Bộ Chính trị về đột phá phát triển khoa học, Ủy ban nhân dân tỉnh ban hành Kế hoạch"
        " như sau:\n",
        "57-NQ/TW",
        Relation.IMPLEMENTS,
        "2024-12-22",
        "Bộ Chính trị",
    ),
    (
        "implements in the title",
        TITLE + "I. MỤC ĐÍCH\n1. Nắm bắt kịp thời.\n",
        "52-NQ/TW",
        Relation.IMPLEMENTS,
        None,
        "Bộ Chính trị",
    ),
    (
        "a list after one trigger, separated by semicolons",
        "KẾ HOẠCH\nvề chuyển đổi số\n\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của"
        " Bộ Chính trị; Kế hoạch hành động số 376-KH/TU ngày 26/4/2025 của Ban Thường vụ"
        " Tỉnh ủy về việc"
        " thực hiện Nghị quyết số 57-NQ/TW, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n",
        "376-KH/TU",
        Relation.IMPLEMENTS,
        "2025-04-26",
        "Ban Thường vụ Tỉnh ủy",
    ),
    (
        "based on",
        "QUYẾT ĐỊNH\nVề việc ban hành Quy chế\n\nCăn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3"
        " năm 2020 của Chính phủ về công tác văn thư;\n",
        "30/2020/NĐ-CP",
        Relation.BASED_ON,
        "2020-03-05",
        "Chính phủ",
    ),
    (
        "the body cites what it also carries out",
        TITLE + "II. NHIỆM VỤ\n- Tiếp tục thực hiện hiệu quả Chương trình hành động số 31-CTr/TU,"
        " ngày 17/4/2024 của Ban Thường vụ Tỉnh ủy.\n",
        "31-CTr/TU",
        Relation.CITES,
        "2024-04-17",
        "Ban Thường vụ Tỉnh ủy",
    ),
    (
        "replaces",
        TITLE + "II. TỔ CHỨC\nKế hoạch này thay thế Kế hoạch số 26/KH-UBND ngày 13/02/2025 của Ủy"
        " ban nhân dân tỉnh.\n",
        "26/KH-UBND",
        Relation.REPLACES,
        "2025-02-13",
        "Ủy ban nhân dân tỉnh",
    ),
    (
        "closing statement",
        TITLE + "II. TỔ CHỨC\nTrên đây là Kế hoạch thực hiện Nghị quyết số 57-NQ/TW, Nghị quyết số"
        " 71/NQ-CP và Kế hoạch hành động số 376-KH/TU.\n",
        "71/NQ-CP",
        Relation.IMPLEMENTS,
        None,
        None,
    ),
    (
        "amends in a title",
        "NGHỊ ĐỊNH\nSửa đổi, bổ sung một số điều của Nghị định số 30/2020/NĐ-CP\n\nCăn cứ Luật"
        " Tổ chức Chính phủ;\n",
        "30/2020/NĐ-CP",
        Relation.AMENDS,
        None,
        None,
    ),
    (
        "another text that amends is only cited",
        TITLE + "II. NHIỆM VỤ\n1. Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ"
        " sung cập nhật Chương trình hành động.\n",
        "71/NQ-CP",
        Relation.CITES,
        "2025-04-01",
        "Chính phủ",
    ),
    (
        "glued symbol, with a date",
        TITLE
        + "II. NHIỆM VỤ\n- Theo Thông báo số 243/TBVPCP ngày 19/5/2025 của Văn phòng Chính phủ.\n",
        "243/TB-VPCP",
        Relation.CITES,
        "2025-05-19",
        "Văn phòng Chính phủ",
    ),
    (
        "long date form",
        TITLE + "II. NHIỆM VỤ\n- Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng"
        " Chính phủ về ban hành Chương trình.\n",
        "749/QĐ-TTg",
        Relation.CITES,
        "2020-06-03",
        "Thủ tướng Chính phủ",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "number", "relation", "date", "issuer"),
    RELATIONS,
    ids=[r[0] for r in RELATIONS],
)
def test_reference(
    name: str, text: str, number: str, relation: Relation, date: str | None, issuer: str | None
) -> None:
    refs = {r.number: r for r in extract_references(context(text, jurisdiction="Thái Bình"))}
    assert number in refs, sorted(k for k in refs if k)
    ref = refs[number]
    assert ref.relation is relation
    assert ref.date == date
    assert ref.issuer == issuer


def test_variant_spellings_are_one_reference() -> None:
    text = TITLE + (
        "II. NHIỆM VỤ\n- Thông báo số 243/TBVPCP ngày 19/5/2025.\n- Thông báo số 243/TB VPCP.\n"
        "- Thông báo số 243/TB-VPCP.\n"
    )
    refs = [r for r in extract_references(context(text)) if r.number == "243/TB-VPCP"]
    assert len(refs) == 1
    assert len(refs[0].mentions) == 3


def test_local_numbers_are_scoped_to_the_province() -> None:
    text = TITLE + "II. NHIỆM VỤ\n- Thực hiện Nghị quyết số 02-NQ/TU ngày 19/11/2021.\n"
    thai_binh = extract_references(context(text, jurisdiction="Thái Bình"))
    hai_duong = extract_references(context(text, jurisdiction="Hải Dương"))
    keys = {r.key for r in thai_binh + hai_duong if r.number == "02-NQ/TU"}
    assert keys == {"thai-binh/02-NQ/TU", "hai-duong/02-NQ/TU"}
    national = {r.key for r in thai_binh if r.number == "52-NQ/TW"}
    assert national == {"tw/52-NQ/TW"}
    assert all(r.scope is Scope.LOCAL for r in thai_binh if r.number == "02-NQ/TU")


def test_dates_that_disagree_are_both_kept() -> None:
    text = TITLE + (
        "II. NHIỆM VỤ\n- Nghị quyết số 30-NQ/TW ngày 25/7/2018.\n- Nghị quyết số 30-NQ/TW ngày"
        " 25/8/2018.\n"
    )
    (ref,) = [r for r in extract_references(context(text)) if r.number == "30-NQ/TW"]
    assert ref.date == "2018-07-25"
    assert ref.conflicts == ("dates disagree: 2018-07-25, 2018-08-25",)


def test_named_reference_without_number() -> None:
    text = TITLE + "II. NHIỆM VỤ\n- Gắn với việc triển khai Đề án 06 của Chính phủ.\n"
    names = {r.name for r in extract_references(context(text)) if r.number is None}
    assert "Đề án 06" in names


def test_provenance_points_into_the_original() -> None:
    text = "**KẾ HOẠCH**\n\n**thực hiện Nghị quyết số 52-NQ/TW của Bộ Chính trị**\n"
    (ref,) = [r for r in extract_references(context(text, source="x.txt")) if r.number]
    span = ref.provenance.span
    # The reference's provenance is its evidence (trigger to issuer); each mention is
    # the number itself.
    assert text[span.start : span.end].startswith("thực hiện Nghị quyết số 52-NQ/TW")
    (mention,) = ref.mentions
    assert text[mention.span.start : mention.span.end] == "52-NQ/TW"
    assert ref.provenance.source == "x.txt"

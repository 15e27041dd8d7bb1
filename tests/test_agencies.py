"""Agency names: canonical spelling, splitting lists, level and parent."""

from __future__ import annotations

import pytest
from policykg.loaders.agencies import canonical_name, collect, describe, split_agencies
from policykg.records import Assignment, Provenance, Role, Span

CANONICAL = [
    ("Sở Công thương", "Sở Công Thương"),
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Uỷ ban nhân dân tỉnh Thái Bình", "Ủy ban nhân dân tỉnh"),
    ("Đảng đoàn HĐND tỉnh", "Đảng đoàn Hội đồng nhân dân tỉnh"),
    ("Ban cán sự đảng UBND tỉnh", "Ban cán sự đảng Ủy ban nhân dân tỉnh"),
    ("UBKT Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("Trung tâm CNTT tỉnh", "Trung tâm công nghệ thông tin tỉnh"),
    ("Trường Đại học Y - Dược Thái Bình.", "Trường Đại học Y - Dược Thái Bình"),
    ("các địa phương thuộc tỉnh", "Các địa phương thuộc tỉnh"),
    ("Thủ trưởng các sở, ban, ngành, đơn vị, địa phương", "Các sở, ban, ngành, đơn vị, địa phương"),
    ("các sở, ban, ngành, đơn vị và địa phương", "Các sở, ban, ngành, đơn vị, địa phương"),
    ("Nghị quyết số 57-NQ/TW", None),
    ("doanh nghiệp nhỏ và vừa", None),
]


@pytest.mark.parametrize(("raw", "expected"), CANONICAL, ids=[c[0] for c in CANONICAL])
def test_canonical_name(raw: str, expected: str | None) -> None:
    assert canonical_name(raw) == expected


SPLIT = [
    (
        "Sở Tài chính, Sở Công thương, Ban Quản lý khu kinh tế và các khu công nghiệp tỉnh, "
        "các địa phương thuộc tỉnh.",
        (
            "Sở Tài chính",
            "Sở Công Thương",
            "Ban Quản lý khu kinh tế và các khu công nghiệp tỉnh",
            "Các địa phương thuộc tỉnh",
        ),
    ),
    (
        "Sở Khoa học và Công nghệ; các cơ quan báo chí, thông tin và truyền thông"
        " trên địa bàn tỉnh.",
        (
            "Sở Khoa học và Công nghệ",
            "Các cơ quan báo chí, thông tin và truyền thông trên địa bàn tỉnh",
        ),
    ),
    (
        "Ban Quản lý khu kinh tế và các khu công nghiệp tỉnh và các sở, ban, ngành,"
        " đơn vị, địa phương.",
        (
            "Ban Quản lý khu kinh tế và các khu công nghiệp tỉnh",
            "Các sở, ban, ngành, đơn vị, địa phương",
        ),
    ),
    ("Sở Văn hóa, Thể thao và Du lịch.", ("Sở Văn hóa, Thể thao và Du lịch",)),
    ("Sở Giáo dục và Đào tạo.", ("Sở Giáo dục và Đào tạo",)),
    ("Sở Nông nghiệp và Môi trường.", ("Sở Nông nghiệp và Môi trường",)),
    (
        "Trường Đại học Thái Bình, Trường Đại học Y - Dược Thái Bình.",
        ("Trường Đại học Thái Bình", "Trường Đại học Y - Dược Thái Bình"),
    ),
    (
        "Bộ Công an, Bộ Quốc phòng, Bộ Khoa học và Công nghệ, Ban Cơ yếu Chính phủ",
        ("Bộ Công an", "Bộ Quốc phòng", "Bộ Khoa học và Công nghệ", "Ban Cơ yếu Chính phủ"),
    ),
    ("Bộ Tài chính; Bộ Tư pháp", ("Bộ Tài chính", "Bộ Tư pháp")),
    (
        "Bộ Lao động - Thương binh và Xã hội, Bộ Y tế",
        ("Bộ Lao động - Thương binh và Xã hội", "Bộ Y tế"),
    ),
    (
        "Ủy ban nhân dân các huyện, thị xã, thành phố",
        ("Ủy ban nhân dân các huyện, thị xã, thành phố",),
    ),
    (
        "các tổ chức chính trị - xã hội và tổ chức xã hội nghề nghiệp",
        ("Các tổ chức chính trị - xã hội", "Các tổ chức xã hội nghề nghiệp"),
    ),
    (
        "Sở Khoa học và Công nghệ, Sở Nội vụ, Công an tỉnh.",
        ("Sở Khoa học và Công nghệ", "Sở Nội vụ", "Công an tỉnh"),
    ),
]


@pytest.mark.parametrize(("raw", "expected"), SPLIT, ids=[s[0][:40] for s in SPLIT])
def test_split_agencies(raw: str, expected: tuple[str, ...]) -> None:
    assert split_agencies(raw) == expected


def test_strict_split_leaves_out_vague_collectives() -> None:
    raw = "Sở Thông tin và Truyền thông, các cơ quan liên quan"
    assert split_agencies(raw, strict=True) == ("Sở Thông tin và Truyền thông",)


DESCRIBE = [
    ("Sở Y tế", False, "province", "Ủy ban nhân dân tỉnh", "Thái Bình"),
    ("Ban Tuyên giáo Tỉnh ủy", False, "province", "Tỉnh ủy", "Thái Bình"),
    ("Văn phòng Tỉnh ủy", False, "province", "Tỉnh ủy", "Thái Bình"),
    ("Bộ Khoa học và Công nghệ", False, "central", "Chính phủ", "Trung ương"),
    ("Ban Cơ yếu Chính phủ", False, "central", "Chính phủ", "Trung ương"),
    ("Ủy ban nhân dân các huyện, thành phố", True, "district", None, "Thái Bình"),
    ("Các sở, ban, ngành, đơn vị, địa phương", True, None, None, "Thái Bình"),
]


@pytest.mark.parametrize(
    ("name", "collective", "level", "parent", "jurisdiction"),
    DESCRIBE,
    ids=[d[0] for d in DESCRIBE],
)
def test_describe(
    name: str, collective: bool, level: str | None, parent: str | None, jurisdiction: str
) -> None:
    agency = describe(name, "Thái Bình")
    assert (agency.collective, agency.level, agency.parent, agency.jurisdiction) == (
        collective,
        level,
        parent,
        jurisdiction,
    )


def test_collect_is_unique_and_sorted() -> None:
    prov = Provenance(source="x.txt", span=Span(start=0, end=1), section=(), quote="x")
    assignments = [
        Assignment(agency=name, role=Role.LEAD, evidence="x", provenance=prov)
        for name in ("Sở Tài chính", "Bộ Y tế", "Sở Tài chính")
    ]
    names = [a.name for a in collect((), assignments, "Thái Bình")]
    assert names == ["Bộ Y tế", "Sở Tài chính"]

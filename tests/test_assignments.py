"""Roles given to bodies in prose."""

from __future__ import annotations

import pytest
from policykg.loaders.assignments import extract_assignments
from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.structure import layout
from policykg.records import Role

HEAD = "KẾ HOẠCH\nThực hiện Nghị quyết số 52-NQ/TW\n\nI. MỤC ĐÍCH\nQuán triệt Nghị quyết.\n\n"


def _roles(section: str) -> set[tuple[str, Role]]:
    c = clean(HEAD + "III. TỔ CHỨC THỰC HIỆN\n" + section + "\nNơi nhận:\n- Như trên,\n", "s.txt")
    ctx = DocContext(c, layout(c), jurisdiction="Thái Bình")
    return {(a.agency, a.role) for a in extract_assignments(ctx)}


CASES = [
    (
        "lead-and-coordinate",
        "3. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Thông tin và Truyền thông, các cơ "
        "quan liên quan hướng dẫn việc quán triệt, tuyên truyền thực hiện Nghị quyết.",
        {
            ("Ban Tuyên giáo Tỉnh ủy", Role.LEAD),
            ("Sở Thông tin và Truyền thông", Role.COORDINATE),
        },
    ),
    (
        "giao-lead-monitor",
        "2. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ban, ngành, đơn vị, địa "
        "phương theo dõi, đôn đốc việc triển khai thực hiện Kế hoạch.",
        {
            ("Sở Khoa học và Công nghệ", Role.LEAD),
            ("Sở Khoa học và Công nghệ", Role.MONITOR),
            ("Các sở, ban, ngành, đơn vị, địa phương", Role.COORDINATE),
        },
    ),
    (
        "directs-another-body",
        "3. Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo Sở Thông tin và Truyền thông tham mưu "
        "xây dựng kế hoạch, các đề án triển khai thực hiện Nghị quyết số 52-NQ/TW.",
        {
            ("Ban cán sự đảng Ủy ban nhân dân tỉnh", Role.LEAD),
            ("Sở Thông tin và Truyền thông", Role.ADVISE),
        },
    ),
    (
        "abbreviations",
        "2. Đảng đoàn HĐND tỉnh chỉ đạo HĐND tỉnh ban hành các cơ chế, chính sách có liên quan.",
        {
            ("Đảng đoàn Hội đồng nhân dân tỉnh", Role.LEAD),
            ("Hội đồng nhân dân tỉnh", Role.IMPLEMENT),
        },
    ),
    (
        "monitoring-plan",
        "4. Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tỉnh xây dựng kế hoạch giám sát "
        "việc thực hiện Nghị quyết.",
        {("Mặt trận Tổ quốc tỉnh", Role.IMPLEMENT), ("Mặt trận Tổ quốc tỉnh", Role.MONITOR)},
    ),
    (
        "report-addressee-is-not-an-actor",
        "Văn phòng Tỉnh ủy phối hợp với các ban, ngành liên quan theo dõi việc thực hiện Nghị "
        "quyết và Kế hoạch này, báo cáo kết quả với Ban Thường vụ Tỉnh ủy.",
        {
            ("Văn phòng Tỉnh ủy", Role.COORDINATE),
            ("Văn phòng Tỉnh ủy", Role.MONITOR),
            ("Văn phòng Tỉnh ủy", Role.REPORT),
        },
    ),
    (
        "de-nghi",
        "4. Đề nghị các tổ chức chính trị - xã hội và tổ chức xã hội nghề nghiệp thuộc tỉnh căn "
        "cứ Nghị quyết số 57-NQ/TW xây dựng chương trình hành động.",
        {
            ("Các tổ chức chính trị - xã hội", Role.IMPLEMENT),
            ("Các tổ chức xã hội nghề nghiệp", Role.IMPLEMENT),
        },
    ),
    (
        "clause-continues-the-subject",
        "4. Ban Tuyên giáo Tỉnh ủy tham mưu giúp Ban Thường vụ Tỉnh ủy tổ chức học tập Nghị "
        "quyết; chủ trì, phối hợp với Sở Thông tin và Truyền thông chỉ đạo các cơ quan báo chí.",
        {
            ("Ban Tuyên giáo Tỉnh ủy", Role.ADVISE),
            ("Ban Tuyên giáo Tỉnh ủy", Role.LEAD),
            ("Sở Thông tin và Truyền thông", Role.COORDINATE),
        },
    ),
    (
        "district-committees",
        "- Ủy ban nhân dân các huyện, thành phố hoàn thành nhiệm vụ xây dựng Chính quyền điện tử "
        "cấp huyện trước năm 2022.",
        {("Ủy ban nhân dân các huyện, thành phố", Role.IMPLEMENT)},
    ),
    (
        "whole-political-system-is-not-a-body",
        "1. Các cấp ủy, tổ chức đảng, chính quyền tổ chức quán triệt, triển khai Nghị quyết.",
        set(),
    ),
]


@pytest.mark.parametrize(("section", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_assignments(section: str, expected: set[tuple[str, Role]]) -> None:
    assert _roles(section) == expected


def test_evidence_is_a_short_quote_with_provenance() -> None:
    section = (
        "3. Giao Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành, đơn vị và địa phương "
        "bảo đảm nguồn kinh phí thực hiện hằng năm theo Kế hoạch."
    )
    c = clean(HEAD + "III. TỔ CHỨC THỰC HIỆN\n" + section + "\n", "s.txt")
    ctx = DocContext(c, layout(c), jurisdiction="Thái Bình")
    found = extract_assignments(ctx)
    lead = next(a for a in found if a.role is Role.LEAD)
    assert lead.agency == "Sở Tài chính"
    assert lead.evidence.startswith("Giao Sở Tài chính chủ trì")
    assert len(lead.evidence) <= 200
    assert lead.provenance.quote == lead.evidence

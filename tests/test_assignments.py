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


def _roles_in(body: str, jurisdiction: str = "Cần Thơ") -> set[tuple[str, Role]]:
    """Roles read from ``body`` placed under a section that is not "TỔ CHỨC THỰC HIỆN"."""
    c = clean(HEAD + "II. NHIỆM VỤ\n" + body + "\nNơi nhận:\n- Như trên,\n", "s.txt")
    ctx = DocContext(c, layout(c), jurisdiction=jurisdiction)
    return {(a.agency, a.role) for a in extract_assignments(ctx)}


OUTSIDE = [
    (
        # an agency heading whose duties follow: tests/data/real/a83fffe08d7aeed7.md:82
        "agency-heading",
        "**1. Sở Y tế**\n\na) Chủ trì, phối hợp với sở, ban, ngành, Ủy ban nhân dân xã, phường "
        "tăng cường kiểm tra, đôn đốc việc thực hiện hiệu quả chủ trương, chính sách.\n\n"
        "b) Tiếp tục triển khai công tác chuyển đổi số trong hệ thống thông tin Dân số.",
        "Cần Thơ",
        {
            ("Sở Y tế", Role.LEAD),
            ("Sở Y tế", Role.MONITOR),
            ("Sở Y tế", Role.IMPLEMENT),
            ("Ủy ban nhân dân xã, phường", Role.COORDINATE),
        },
    ),
    (
        # two bodies under one heading, the city's name dropped: a83fffe08d7aeed7.md (II.4)
        "heading-lists-two-bodies",
        "**4. Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Cần Thơ**\n\nChỉ đạo "
        "các cơ quan truyền thông, báo chí tăng thời lượng; phối hợp với Sở Y tế xây dựng các "
        "chuyên trang.",
        "Cần Thơ",
        {
            ("Sở Văn hóa, Thể thao và Du lịch", Role.LEAD),
            ("Báo và Phát thanh, Truyền hình", Role.LEAD),
            ("Sở Văn hóa, Thể thao và Du lịch", Role.COORDINATE),
            ("Báo và Phát thanh, Truyền hình", Role.COORDINATE),
            ("Sở Y tế", Role.COORDINATE),
        },
    ),
    (
        # a heading with a colon and its duty on the same line: 62f25a030c183151.md:403
        "heading-with-colon",
        "12. Đề nghị Công ty Điện lực Đắk Lắk: Khẩn trương kiểm tra, khắc phục sự cố lưới "
        "điện tại khu vực bị ảnh hưởng.",
        "Đắk Lắk",
        {("Công ty Điện lực", Role.IMPLEMENT)},
    ),
    (
        # "X có trách nhiệm:" heads the items below it: cf333e306fb7a5da.md:119
        "responsible-for-the-items-below",
        "Điều 2. Sở Văn hoá và Thể thao có trách nhiệm:\n\n1. Đồng bộ dữ liệu TTHC công bố từ "
        "Cơ sở dữ liệu quốc gia về TTHC.\n\n2. Niêm yết, công khai và triển khai thực hiện.",
        "Huế",
        {("Sở Văn hóa và Thể thao", Role.IMPLEMENT)},
    ),
    (
        # outside the section, "có trách nhiệm" gives the role: 1a9051122afe8e2b.md (Điều 3)
        "has-the-responsibility",
        "Văn phòng Ủy ban nhân dân tỉnh có trách nhiệm chủ trì, phối hợp với Sở Khoa học và "
        "Công nghệ cập nhật nội dung các thủ tục hành chính.",
        "Lạng Sơn",
        {
            ("Văn phòng Ủy ban nhân dân tỉnh", Role.IMPLEMENT),
            ("Sở Khoa học và Công nghệ", Role.COORDINATE),
        },
    ),
    (
        # the addressees of the last article, over semicolons: f7f2733d47a603dc.md:121
        "addressees-of-the-decision",
        "Điều 4. Chánh Văn phòng UBND tỉnh; Giám đốc Sở Nội vụ; Giám đốc các Sở, Thủ trưởng "
        "các Ban, ngành; Chủ tịch UBND cấp xã và các tổ chức, cá nhân có liên quan chịu trách "
        "nhiệm thi hành Quyết định này./.",
        "Quảng Ngãi",
        {
            ("Văn phòng Ủy ban nhân dân tỉnh", Role.IMPLEMENT),
            ("Sở Nội vụ", Role.IMPLEMENT),
            ("Các Sở", Role.IMPLEMENT),
            ("Các Ban, ngành", Role.IMPLEMENT),
            ("Ủy ban nhân dân cấp xã", Role.IMPLEMENT),
        },
    ),
    (
        # an article that opens with its body: 0465063a5486d493.md (Điều 2)
        "article-opens-with-a-body",
        "Điều 2. Thống đốc Ngân hàng Nhà nước Việt Nam tiếp thu, giải trình đầy đủ các ý kiến "
        "Thành viên Chính phủ, hoàn thiện hồ sơ trình.",
        "Trung ương",
        {("Ngân hàng Nhà nước Việt Nam", Role.IMPLEMENT)},
    ),
    (
        # a central document keeps the province it names: 0f145efacbf006fc.md:119
        "central-document-keeps-the-place",
        "Điều 3. Hội đồng Dân tộc, các Ủy ban của Quốc hội, Đoàn đại biểu Quốc hội và đại "
        "biểu Quốc hội thành phố Huế, trong phạm vi nhiệm vụ, quyền hạn của mình, giám sát "
        "việc thực hiện Nghị quyết này.",
        "Trung ương",
        {
            ("Hội đồng Dân tộc", Role.MONITOR),
            ("Các Ủy ban của Quốc hội", Role.MONITOR),
            ("Đoàn đại biểu Quốc hội thành phố Huế", Role.MONITOR),
        },
    ),
    (
        # a sentence's first word is no body: 69db23c781b2e9aa.md:447
        "sentence-word-is-not-a-body",
        "a) Ban hành kế hoạch triển khai thực hiện Chương trình tại địa phương.",
        "Quảng Trị",
        set(),
    ),
    (
        # a lettered item that opens with its bodies: tests/data/real/a69069ae524315d9.md:206
        "item-opens-with-its-bodies",
        "c) Bộ Y tế, Bộ Nông nghiệp và Môi trường, các bộ, cơ quan liên quan xuất cấp theo thẩm "
        "quyền các loại hóa chất, vật tư y tế để xử lý nguồn nước, môi trường.",
        "Trung ương",
        {("Bộ Y tế", Role.IMPLEMENT), ("Bộ Nông nghiệp và Môi trường", Role.IMPLEMENT)},
    ),
    (
        # the sentence after goes on with the same body, and the bodies it directs are
        # national corporations: tests/data/real/a69069ae524315d9.md:148-150
        "next-sentence-directs",
        "b) Bộ Tài chính tiếp tục xuất cấp hàng dự trữ quốc gia để hỗ trợ các địa phương, bảo "
        "đảm nhanh chóng, kịp thời và hiệu quả. Chỉ đạo Tổng công ty Hàng không Việt Nam, Tổng "
        "công ty Hàng hải Việt Nam, Tổng công ty Đường sắt Việt Nam hỗ trợ tối đa vận chuyển "
        "lương thực, hàng hoá đến các địa phương.",
        "Trung ương",
        {
            ("Bộ Tài chính", Role.IMPLEMENT),
            ("Bộ Tài chính", Role.LEAD),
            ("Tổng công ty Hàng không Việt Nam", Role.IMPLEMENT),
            ("Tổng công ty Hàng hải Việt Nam", Role.IMPLEMENT),
            ("Tổng công ty Đường sắt Việt Nam", Role.IMPLEMENT),
        },
    ),
    (
        # the bodies a bullet directs, its subject printed elsewhere:
        # tests/data/real/75a0867a09525909.md:125
        "directed-without-subject",
        "- Chỉ đạo Ban Quản lý dự án, Bệnh viện Hữu nghị Việt Đức, Bệnh viện Bạch Mai thúc đẩy "
        "công tác mua sắm, đấu thầu thiết bị đảm bảo chất lượng, tiến độ.",
        "Trung ương",
        {
            ("Ban Quản lý dự án", Role.IMPLEMENT),
            ("Bệnh viện Hữu nghị Việt Đức", Role.IMPLEMENT),
            ("Bệnh viện Bạch Mai", Role.IMPLEMENT),
        },
    ),
    (
        # items numbered inside one paragraph: tests/data/real/75a0867a09525909.md:117-143
        "items-numbered-inline",
        "2. Yêu cầu thực hiện, trong đó lưu ý một số nội dung trọng tâm như sau: (1) Bộ Y tế "
        "chỉ đạo Ban Quản lý dự án tập trung tối đa nguồn lực. (3) Bộ Công an tiếp tục chủ động "
        "phối hợp, hướng dẫn Bộ Y tế, Ban Quản lý dự án và các nhà thầu.",
        "Trung ương",
        {
            ("Bộ Y tế", Role.LEAD),
            ("Ban Quản lý dự án", Role.IMPLEMENT),
            ("Bộ Công an", Role.IMPLEMENT),
        },
    ),
    (
        # "giao" of "giao thông" hands out nothing: tests/data/real/a69069ae524315d9.md:238-240
        "giao-thong-is-no-trigger",
        "a) Ủy ban nhân dân các tỉnh, thành phố:\n\n- Phối hợp với Bộ Xây dựng tập trung khắc "
        "phục nhanh nhất hạ tầng giao thông bị thiệt hại do thiên tai, nhất là những nơi còn bị "
        "chia cắt;",
        "Trung ương",
        {
            ("Ủy ban nhân dân các tỉnh, thành phố", Role.COORDINATE),
            ("Bộ Xây dựng", Role.COORDINATE),
        },
    ),
    (
        # a request after a comma, far into the sentence: tests/data/real/75a0867a09525909.md:104
        "request-after-a-comma",
        "2. Để đảm bảo chất lượng, tiến độ hoàn thành 02 công trình dự án, phấn đấu hoàn thành "
        "xây dựng trước ngày 30 tháng 11 năm 2025, yêu cầu Bộ Y tế, Ban Quản lý dự án, các nhà "
        "thầu và các bộ, cơ quan liên quan theo chức năng, nhiệm vụ, thẩm quyền tiếp tục quyết "
        "tâm, nỗ lực.",
        "Trung ương",
        {
            ("Bộ Y tế", Role.IMPLEMENT),
            ("Ban Quản lý dự án", Role.IMPLEMENT),
            # the contractors of the projects are named by their kind (round 5; the gold
            # tests/data/gold-real/75a0867a09525909.json lists them)
            ("Các nhà thầu", Role.IMPLEMENT),
        },
    ),
    (
        # several ministries after one "Các Bộ:" open the item: a328fbb46798c2b5.md:116
        "ministries-after-one-kind-word",
        "5. Các Bộ: Quốc phòng, Công an chủ động chỉ đạo các đơn vị đóng trên địa bàn rà soát "
        "kịch bản, phương án.",
        "Trung ương",
        {("Bộ Quốc phòng", Role.IMPLEMENT), ("Bộ Công an", Role.IMPLEMENT)},
    ),
    (
        # "theo chỉ đạo của Bộ Chính trị" is the noun, and a place is shared by four bodies:
        # tests/data/real/a69069ae524315d9.md:157-161
        "instruction-of-is-no-role",
        "d) Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh, thành phố Hải Phòng và "
        "tỉnh Quảng Ninh trực tiếp hỗ trợ chi viện về lương thực, thực phẩm cho các tỉnh Khánh "
        "Hoà, Gia Lai theo chỉ đạo của Bộ Chính trị tại Thông báo Kết luận số 99- TB/TW ngày 21 "
        "tháng 11 năm 2025.",
        "Trung ương",
        {
            ("Ủy ban nhân dân thành phố Hà Nội", Role.IMPLEMENT),
            ("Ủy ban nhân dân thành phố Hồ Chí Minh", Role.IMPLEMENT),
            ("Ủy ban nhân dân thành phố Hải Phòng", Role.IMPLEMENT),
            ("Ủy ban nhân dân tỉnh Quảng Ninh", Role.IMPLEMENT),
        },
    ),
    (
        # the articles that say whom a decree applies to: tests/data/real/355bcc582867074b.md:33-37
        "scope-of-a-decree",
        "Điều 2. Đối tượng áp dụng\n\n1. Cơ quan của Đảng Cộng sản Việt Nam, Nhà nước, Mặt trận "
        "Tổ quốc Việt Nam, các tổ chức chính trị - xã hội ở trung ương.\n\n2. Cơ quan, tổ chức, "
        "đơn vị, cá nhân ký kết hợp đồng lao động, hợp đồng dịch vụ.",
        "Trung ương",
        set(),
    ),
    (
        # a rule for organisations of any kind: tests/data/real/355bcc582867074b.md:264
        "any-organisation-is-no-body",
        "c) Cơ quan, tổ chức, đơn vị có trách nhiệm bảo vệ quyền và lợi ích hợp pháp của bên ký "
        "hợp đồng.",
        "Trung ương",
        set(),
    ),
    (
        # outside the section, a body doing something ordinary is only mentioned
        # (tests/data/real/71153021e3559f5e.md)
        "mention-is-not-a-role",
        "Ủy ban nhân dân tỉnh thành lập Hội đồng xét duyệt.",
        "Lạng Sơn",
        set(),
    ),
]


@pytest.mark.parametrize(
    ("body", "jurisdiction", "expected"), [c[1:] for c in OUTSIDE], ids=[c[0] for c in OUTSIDE]
)
def test_assignments_outside_the_section(
    body: str, jurisdiction: str, expected: set[tuple[str, Role]]
) -> None:
    assert _roles_in(body, jurisdiction) == expected


def test_recipients_are_not_headings() -> None:
    # the recipients of tests/data/real/0f145efacbf006fc.md
    body = "- Văn phòng Chính phủ;\n- Bộ Tài chính;\n"
    assert _roles_in(body, "Trung ương") == set()


def test_a_heading_that_asks_is_no_body() -> None:
    # tests/data/real/a69069ae524315d9.md:486-487: the bodies asked come on the next line
    section = (
        "5. Chính phủ trân trọng đề nghị\nỦy ban Trung ương Mặt trận Tổ quốc Việt Nam và các tổ "
        "chức thành viên, các tổ chức chính trị xã hội, Hội Chữ thập đỏ Việt Nam, theo nhiệm vụ, "
        "quyền hạn của mình chủ động thúc đẩy hợp tác quốc tế."
    )
    names = {name for name, _ in _roles(section)}
    assert names == {
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "Các tổ chức thành viên của Mặt trận Tổ quốc Việt Nam",
        "Các tổ chức chính trị xã hội",
        "Hội Chữ thập đỏ Việt Nam",
    }


def _names_in(text: str, jurisdiction: str) -> set[str]:
    c = clean(text, "s.txt")
    ctx = DocContext(c, layout(c), jurisdiction=jurisdiction)
    return {a.agency for a in extract_assignments(ctx)}


DECISION_HEAD = "QUYẾT ĐỊNH\nVề việc ban hành Danh mục\n\n"
NOTICE_HEAD = "THÔNG BÁO\nKết luận của Phó Thủ tướng Chính phủ\n\n"

# Round 3: decisions and notices of the grown development set.
DOCUMENTS = [
    (
        # an article whose first line breaks inside the bodies: c93728206e91346c.md:30-31
        "article-over-a-line-break",
        DECISION_HEAD + "Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n"
        "Điều 4. Trưởng Ban Chỉ đạo\nNhà nước các chương trình, công trình, dự án quan trọng "
        "quốc gia, trọng điểm ngành năng lượng, các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, Thủ "
        "trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc "
        "Trung ương chịu trách nhiệm thi hành quyết định này./.\n",
        "Trung ương",
        {
            "Ban Chỉ đạo Nhà nước các chương trình, công trình, dự án quan trọng quốc gia, trọng "
            "điểm ngành năng lượng",
            "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        },
    ),
    (
        # circumstances before the subject: c93728206e91346c.md:28
        "circumstances-before-the-subject",
        DECISION_HEAD + "Điều 2. Trong quá trình thực hiện, nếu cần sửa đổi, bổ sung, Bộ Công "
        "Thương rà soát, tổng hợp ý kiến, trình Thủ tướng Chính phủ xem xét, quyết định.\n",
        "Trung ương",
        {"Bộ Công Thương"},
    ),
    (
        # the topic before a colon, and a remark in brackets: 296e373d796986f4.md:26, :29
        "topic-before-the-colon",
        NOTICE_HEAD + "II. MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n"
        "1. Về hỗ trợ kinh phí thực hiện dự án Bệnh án điện tử tại các cơ sở y tế: Giao Bộ Tài "
        "chính chủ trì, phối hợp với Bộ Y tế nghiên cứu tổng hợp chung kiến nghị của các địa "
        "phương (trong đó có tỉnh Điện Biên), báo cáo cấp có thẩm quyền.\n"
        "3. Về bố trí các nguồn lực đầu tư cho ngành Giáo dục và Đào tạo tỉnh Điện Biên (đảm bảo "
        "tỷ lệ phòng học được kiên cố hóa đạt 100%): Giao Bộ Giáo dục và Đào tạo chủ trì, phối "
        "hợp với Bộ Tài chính nghiên cứu kiến nghị của tỉnh.\n",
        "Trung ương",
        {"Bộ Tài chính", "Bộ Y tế", "Bộ Giáo dục và Đào tạo"},
    ),
    (
        # the closing line of a Government Office notice: 296e373d796986f4.md:35
        "notice-addressees",
        NOTICE_HEAD + "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Điện Biên và các "
        "Bộ, cơ quan liên quan biết, thực hiện./.\n",
        "Trung ương",
        {"Ủy ban nhân dân tỉnh Điện Biên"},
    ),
    (
        # the body outside the bracket coordinates: a9e3b1619c1d3512.md
        "bracket-names-a-unit",
        DECISION_HEAD + "Điều 2. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Văn phòng "
        "Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công tỉnh) để thiết lập quy trình "
        "điện tử.\n",
        "Lạng Sơn",
        {"Sở Nông nghiệp và Môi trường", "Văn phòng Ủy ban nhân dân tỉnh"},
    ),
    (
        # the fields of a procedure catalogue: d3d459d0a856471f.md:91-93, 4c6ac60a4ebc43d6.md
        "procedure-fields",
        DECISION_HEAD + "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính.\n"
        "PHỤ LỤC\n1. Trình tự thực hiện:\n- Bước 1: Nộp hồ sơ.\n2. Cơ quan thực hiện:\n"
        "- Cơ quan tiếp nhận hồ sơ: Sở Khoa học và Công nghệ.\n"
        "- Cơ quan có thẩm quyền công nhận: Ủy ban nhân dân Thành phố Hồ Chí Minh\n"
        "- Cơ quan thực hiện TTHC: UBND cấp tỉnh.\n",
        "Hồ Chí Minh",
        {"Sở Khoa học và Công nghệ", "Ủy ban nhân dân Thành phố", "Ủy ban nhân dân cấp tỉnh"},
    ),
    (
        # the same fields in a text that is no procedure catalogue give nothing
        "fields-outside-a-catalogue",
        DECISION_HEAD + "Điều 1. Phê duyệt danh sách.\n- Cơ quan thực hiện TTHC: UBND cấp tỉnh.\n",
        "Bắc Ninh",
        set(),
    ),
]


@pytest.mark.parametrize(
    ("text", "jurisdiction", "expected"),
    [d[1:] for d in DOCUMENTS],
    ids=[d[0] for d in DOCUMENTS],
)
def test_assignments_in_decisions_and_notices(
    text: str, jurisdiction: str, expected: set[str]
) -> None:
    assert _names_in(text, jurisdiction) == expected


# Bodies the plan encourages carry out the item (tests/data/real/f004d93b21e7fc5f.md:1487-1500);
# a policy of encouraging enterprises names no body given work.
ENCOURAGED = [
    (
        "16. Khuyến khích Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Đồng Nai chỉ đạo hệ thống tổ "
        "chức đoàn cơ sở các cấp cử đầu mối tới tận cấp xã.",
        {("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", Role.LEAD)},
    ),
    (
        "17. Khuyến khích Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh, Liên minh Hợp tác xã xây "
        "dựng kế hoạch hành động.",
        {
            ("Liên đoàn Lao động tỉnh", Role.IMPLEMENT),
            ("Hội Nông dân tỉnh", Role.IMPLEMENT),
            ("Liên minh Hợp tác xã", Role.IMPLEMENT),
        },
    ),
    # tests/data/real/f004d93b21e7fc5f.md: a policy towards any enterprise, not a body's duty
    ("3. Khuyến khích các doanh nghiệp công nghệ số tham gia phát triển nền tảng số.", set()),
]


@pytest.mark.parametrize(("section", "expected"), ENCOURAGED, ids=["youth", "unions", "policy"])
def test_encouraged_bodies(section: str, expected: set[tuple[str, Role]]) -> None:
    assert _roles(section) == expected


def test_one_name_per_body_as_the_document_prints_it() -> None:
    # examples/corpus/004_1b73a6d31f29fe0d.txt:229 and :232
    section = (
        "3. Giao Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành, đơn vị và địa phương bảo "
        "đảm nguồn kinh phí.\n4. Các sở, ban, ngành, đơn vị, địa phương định kỳ báo cáo kết quả.\n"
    )
    names = {name for name, _ in _roles(section)}
    assert "Các sở, ban, ngành, đơn vị, địa phương" in names
    assert "Các sở, ban, ngành, đơn vị và địa phương" not in names


PLAN_HEAD = "KẾ HOẠCH\nPhòng chống dịch bệnh sau bão lũ\n\n"

# Round 5: provincial plans and notices never tuned on, read for the genre.
GENRE = [
    (
        # circumstances before the subject: tests/data/real/405a6cabda393030.md:145
        "on-the-basis-of",
        NOTICE_HEAD + "II. KẾT LUẬN\n2. Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài "
        "chính khẩn trương rà soát, kịp thời bố trí kinh phí ngân sách Nhà nước.\n",
        "Trung ương",
        {("Bộ Tài chính", Role.IMPLEMENT)},
    ),
    (
        # a time limit before the subject: tests/data/real/0abcf1a5292b31ec.md:186
        "within-days",
        DECISION_HEAD + "Điều 1. Sửa đổi quy trình.\n- Trong 02 ngày làm việc, kể từ ngày nhận "
        "đủ hồ sơ hợp lệ theo quy định, Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài "
        "chính trình Ủy ban nhân dân thành phố phê duyệt.\n",
        "Huế",
        {("Sở Khoa học và Công nghệ", Role.LEAD), ("Sở Tài chính", Role.COORDINATE)},
    ),
    (
        # a collective after the circumstances: tests/data/real/541cde0f8d5ffef3.md:204
        "collective-after-the-circumstances",
        DECISION_HEAD
        + "Điều 2. Tổ chức thực hiện\nTrong quá trình thực hiện, nếu có vướng mắc phát "
        "sinh, các cơ quan, đơn vị, địa phương kịp thời báo cáo UBND tỉnh.\n",
        "Lâm Đồng",
        {
            ("Các cơ quan, đơn vị, địa phương", Role.IMPLEMENT),
            ("Các cơ quan, đơn vị, địa phương", Role.REPORT),
        },
    ),
    (
        # "phản ánh" ends the list: tests/data/real/a83fffe08d7aeed7.md:276
        "report-back-ends-the-list",
        DECISION_HEAD
        + "Điều 2. Tổ chức thực hiện\nTrong quá trình tổ chức thực hiện nếu có khó khăn, "
        "vướng mắc, các cơ quan, đơn vị và địa phương phản ánh về Sở Y tế tổng hợp.\n",
        "Cần Thơ",
        {("Các cơ quan, đơn vị và địa phương", Role.IMPLEMENT)},
    ),
    (
        # a bullet that opens with several named bodies: tests/data/real/a49ef8a0da1f62dd.md:320
        "bullet-of-several-bodies",
        PLAN_HEAD + "II. NHIỆM VỤ\n6. Công tác phối hợp liên ngành\n- Mặt trận Tổ quốc, Đoàn "
        "Thanh niên, Hội Phụ nữ hỗ trợ người dân khắc phục hậu quả.\n",
        "Lâm Đồng",
        {
            ("Mặt trận Tổ quốc", Role.IMPLEMENT),
            ("Đoàn Thanh niên", Role.IMPLEMENT),
            ("Hội Phụ nữ", Role.IMPLEMENT),
        },
    ),
    (
        # ... but one body in a bullet outside the section is only spoken of
        # (tests/data/real/62f25a030c183151.md, a bullet of a situation report)
        "bullet-of-one-body",
        PLAN_HEAD + "II. NHIỆM VỤ\n1. Ứng phó\n- UBND xã, phường thực hiện trực ban phòng "
        "chống thiên tai 24/24.\n",
        "Lâm Đồng",
        set(),
    ),
    (
        # the bodies instructed, a collective of a kind, and the duty after a colon:
        # tests/data/real/a49ef8a0da1f62dd.md:354, 50f694478a35aefd.md:179
        "directed-collectives",
        PLAN_HEAD + "V. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế:\n- Trực tiếp chỉ đạo các Cơ sở y tế trên "
        "địa bàn tỉnh: Đảm bảo sẵn sàng thuốc, vật tư, giường bệnh.\n2. Bộ Quốc phòng chỉ đạo "
        "các quân khu hỗ trợ xe máy, thiết bị, nhân lực.\n",
        "Lâm Đồng",
        {
            ("Sở Y tế", Role.IMPLEMENT),
            ("Các Cơ sở y tế trên địa bàn tỉnh", Role.IMPLEMENT),
            ("Bộ Quốc phòng", Role.LEAD),
            ("Các quân khu", Role.IMPLEMENT),
        },
    ),
    (
        # not the units under the body instructing: tests/data/real/541cde0f8d5ffef3.md:203
        "directed-own-units",
        PLAN_HEAD + "V. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính tổ chức quán triệt và chỉ đạo các "
        "cơ quan, đơn vị thuộc thẩm quyền quản lý thực hiện nghiêm túc Chỉ thị này.\n",
        "Lâm Đồng",
        {("Sở Tài chính", Role.IMPLEMENT)},
    ),
    (
        # what a report says was done gives no duty: tests/data/real/74e2ddc7b11340da.md:1844,
        # :1969, :1973
        "narrative-subjects",
        NOTICE_HEAD + "II. KẾT LUẬN\n1. Kết quả\nCục Người có công là đơn vị chủ trì thực "
        "hiện nhiệm vụ, đã dự thảo Kế hoạch.\nBộ đã phối hợp với Bộ Công an tổ chức Hội nghị "
        "hướng dẫn kỹ thuật.\n- Bộ đã giao: Cục Quản lý đất đai hướng dẫn thực hiện chỉnh lý CSDL "
        "đất đai.\n",
        "Trung ương",
        set(),
    ),
    (
        # a heading whose name goes on over a line break: f1e0981425ec38be.md:550-551, :580-581
        "heading-over-a-line-break",
        PLAN_HEAD + "V. TỔ CHỨC THỰC HIỆN\n6. Sở Ngoại\nVụ\n- Tham mưu với UBND tỉnh làm việc "
        "với các Cơ quan đại diện ngoại giao.\n8. Đề nghị\nLiên minh Hợp tác xã tỉnh, Hội nông "
        "dân tỉnh\n- Đẩy mạnh tập huấn, học tập mô hình sản xuất tiên tiến.\n",
        "Sơn La",
        {
            ("Sở Ngoại vụ", Role.ADVISE),
            ("Liên minh Hợp tác xã tỉnh", Role.IMPLEMENT),
            ("Hội nông dân tỉnh", Role.IMPLEMENT),
        },
    ),
    (
        # Party committees asked to coordinate: tests/data/real/556b2fb4a0149576.md:236 (the
        # Front and the organisations after it are one actor, as FRONT_MEMBERS reads them)
        "party-committees-asked",
        PLAN_HEAD + "IV. TỔ CHỨC THỰC HIỆN\n2. Đề nghị các cấp ủy Đảng, Mặt trận Tổ quốc Việt "
        "Nam tỉnh và các tổ chức chính trị - xã hội tỉnh: Phối hợp chặt chẽ với cấp ủy, chính "
        "quyền các cấp.\n",
        "Đắk Lắk",
        {
            ("Các cấp ủy Đảng", Role.COORDINATE),
            ("Mặt trận Tổ quốc Việt Nam tỉnh", Role.COORDINATE),
        },
    ),
    (
        # the recipients of a resolution with an appendix after them:
        # tests/data/real/4672020dbba893fb.md:184-188
        "recipients-before-an-appendix",
        DECISION_HEAD + "Điều 7. Điều khoản thi hành\n1. Nghị quyết có hiệu lực thi hành kể từ "
        "ngày ký ban hành.\nNơi nhận:\n- Văn phòng UBND Thành phố;\n- Các Sở, ban, ngành, tổ "
        "chức CT-XH Thành phố;\n- Lưu: VT.\nPHỤ LỤC\nMức chi bầu cử\n",
        "Hà Nội",
        set(),
    ),
    (
        # a short name the document defines is the body:
        # /work/shared/real/documents/06c6f91f5c3b4c21.md:532-533 (a Hà Nội resolution)
        "short-name",
        DECISION_HEAD + "Điều 16. Tổ chức thực hiện\n2. Ban Quản lý các khu công nghệ cao và "
        "khu công nghiệp thành phố Hà Nội (sau đây gọi tắt là “Ban Quản lý”) có trách nhiệm:\n"
        "a) Chủ trì tiếp nhận hồ sơ.\n3. Sở Tài chính phối hợp với Ban Quản lý bố trí kinh phí.\n",
        "Hà Nội",
        {
            ("Ban Quản lý các khu công nghệ cao và khu công nghiệp thành phố", Role.IMPLEMENT),
            ("Ban Quản lý các khu công nghệ cao và khu công nghiệp thành phố", Role.LEAD),
            ("Ban Quản lý các khu công nghệ cao và khu công nghiệp thành phố", Role.COORDINATE),
            ("Sở Tài chính", Role.COORDINATE),
        },
    ),
    (
        # the newspaper named after its province keeps the name; the people after the bodies
        # are none: /work/shared/real/documents/ac0f18a2d1b4fb56.md:1072, :536 (Hà Tĩnh)
        "newspaper-and-communities",
        PLAN_HEAD + "V. TỔ CHỨC THỰC HIỆN\n8. Sở Xây dựng\nPhối hợp với Ủy ban nhân dân cấp xã, "
        "cộng đồng dân cư, đại diện khu dân cư trong việc lựa chọn vị trí.\n9. Báo Hà Tĩnh\n"
        "Xây dựng phóng sự tuyên truyền, ghi hình, đưa tin.\n",
        "Hà Tĩnh",
        {
            ("Sở Xây dựng", Role.COORDINATE),
            ("Ủy ban nhân dân cấp xã", Role.COORDINATE),
            ("Báo Hà Tĩnh", Role.IMPLEMENT),
        },
    ),
]


@pytest.mark.parametrize(
    ("text", "jurisdiction", "expected"), [g[1:] for g in GENRE], ids=[g[0] for g in GENRE]
)
def test_assignments_of_the_genre(
    text: str, jurisdiction: str, expected: set[tuple[str, Role]]
) -> None:
    c = clean(text, "s.txt")
    ctx = DocContext(c, layout(c), jurisdiction=jurisdiction)
    assert {(a.agency, a.role) for a in extract_assignments(ctx)} == expected

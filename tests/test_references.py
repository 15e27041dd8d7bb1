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


PLAN = "KẾ HOẠCH\nvề công tác dân số\n\n"
DECISION = "QUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính\n\n"
RESOLUTION = "NGHỊ QUYẾT\nVề việc sắp xếp các đơn vị hành chính\n\n"
# A body long enough for the recipients and signature to be read as the closing.
BODY = "I. MỤC ĐÍCH\n" + "Bảo đảm thực hiện đồng bộ, hiệu quả các nhiệm vụ. " * 10 + "\n"

# (id, text, number, relation): each case a real sentence, joined where the site broke it.
CHAINS = [
    # tests/data/real/a83fffe08d7aeed7.md:30 - a list goes on over a line break after ";"
    (
        "chain continues on the next line",
        PLAN + "Thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ tướng Chính phủ"
        " (sau đây viết tắt là Chỉ thị số 27/CT-TTg);\nCông văn số 6676/BYT-CDS ngày 29 tháng 10"
        " năm 2024 của Bộ Y tế về việc triển khai thực hiện Chỉ thị số 27/CT-TTg của Thủ tướng"
        " Chính phủ.\nI. MỤC ĐÍCH\n",
        "6676/BYT-CDS",
        Relation.IMPLEMENTS,
    ),
    # tests/data/real/31fb08f34535fce3.md:55 - "và hướng dẫn của Bộ Nội vụ tại Công văn số ..."
    (
        "second document of the chain after và",
        PLAN + "Thực hiện Thông tri số 02-TT/TU ngày 03 tháng 10 năm 2025 của Thành ủy Thành phố"
        " Hồ Chí Minh về lãnh đạo tiếp tục thực hiện hiệu quả “Tháng cùng phụ nữ hành động” và"
        " hướng dẫn của Bộ Nội vụ tại Công văn số 8935/BNV-CTTN&BĐG ngày 03 tháng 10 năm 2025"
        " về việc hướng dẫn triển khai.\nI. MỤC ĐÍCH\n",
        "8935/BNV-CTTN&BĐG",
        Relation.IMPLEMENTS,
    ),
    # tests/data/real/4f30202155d56bdd.md:36
    (
        "purpose clause opening the preamble",
        "CHỈ THỊ\nVề việc tăng cường xử lý chồng lấn rừng\n\nĐể tiếp tục thực hiện nghiêm Chỉ thị"
        " số 05/CT-TTg ngày 18/5/2022 của Thủ tướng Chính phủ về tăng cường công tác quản lý bảo"
        " vệ rừng, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n1. Các sở\n",
        "05/CT-TTg",
        Relation.IMPLEMENTS,
    ),
    # tests/data/real/f20b8af669b140e9.md:25 - a parenthesised line under the title
    (
        "parenthesised implementing note",
        "NGHỊ QUYẾT\nQuy định thực hiện vùng phát thải thấp\n\n(Thực hiện điểm a khoản 2 Điều 28"
        " Luật Thủ đô số 39/2024/QH15)\nCăn cứ Luật Thủ đô số 39/2024/QH15;\nQUYẾT NGHỊ:\n",
        "39/2024/QH15",
        Relation.IMPLEMENTS,
    ),
    # tests/data/real/a83fffe08d7aeed7.md:33 - background in the preamble, not the chain
    (
        "background paragraph cites",
        PLAN + "Thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ tướng Chính"
        " phủ.\nSau 8 năm triển khai thực hiện Nghị quyết số 21-NQ/TW ngày 25 tháng 10 năm 2017"
        " của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Khóa XII về công tác dân số, Thành"
        " ủy đã ban hành nhiều chương trình.\nI. MỤC ĐÍCH\n",
        "21-NQ/TW",
        Relation.CITES,
    ),
    # tests/data/real/a83fffe08d7aeed7.md:45 - "Trên cơ sở" that is not about a document
    (
        "trên cơ sở a purpose",
        PLAN + "Trên cơ sở các kết quả đạt được và những khó khăn, thách thức trong những năm"
        " qua, để đạt được các mục tiêu, chỉ tiêu và những nhiệm vụ theo Nghị quyết số 21-NQ/TW"
        " và Chỉ thị số 27/CT-TTg. Ủy ban nhân dân thành phố Cần Thơ ban hành Kế hoạch.\n"
        "I. MỤC ĐÍCH\n",
        "21-NQ/TW",
        Relation.CITES,
    ),
    # tests/data/real/d5ffa6afac124d52.md:74 - named inside the title of a cited document
    (
        "named in the description of a basis",
        PLAN + "Căn cứ Quyết định số 1529/QĐ-UBND ngày 27/10/2021 của UBND tỉnh về phê duyệt kế"
        " hoạch hành động thực hiện Quyết định số 339/QĐ-TTg ngày 11/3/2021 của Thủ tướng Chính"
        " phủ về phê duyệt chiến lược phát triển thủy sản;\nI. MỤC ĐÍCH\n",
        "339/QĐ-TTg",
        Relation.CITES,
    ),
    (
        "the basis itself",
        PLAN + "Căn cứ Quyết định số 1529/QĐ-UBND ngày 27/10/2021 của UBND tỉnh về phê duyệt kế"
        " hoạch hành động thực hiện Quyết định số 339/QĐ-TTg ngày 11/3/2021 của Thủ tướng Chính"
        " phủ về phê duyệt chiến lược phát triển thủy sản;\nI. MỤC ĐÍCH\n",
        "1529/QĐ-UBND",
        Relation.BASED_ON,
    ),
    # tests/data/real/1fa949f85858c62f.md:30 - the amending act is a basis too
    (
        "amending act of a law in Căn cứ",
        DECISION + "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi,"
        " bổ sung bởi Luật Sửa đổi, bổ sung một số điều Luật Ban hành văn bản quy phạm pháp luật"
        " số 87/2025/QH15;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành.\n",
        "87/2025/QH15",
        Relation.BASED_ON,
    ),
    # tests/data/real/62f25a030c183151.md:38 - several numbers after one kind word
    (
        "several numbers after one kind word",
        PLAN + "Căn cứ Công điện số 223/CĐ-TTg ngày 20/11/2025 của Thủ tướng Chính phủ về tập"
        " trung ứng phó lũ; Các Công điện: số 007/CĐ-UBND ngày 17/11/2025, số 008/CĐ-UBND và số"
        " 009/CĐ-UBND ngày 19/11/2025; số 010/CĐ-UBND ngày 20/11/2025 của UBND tỉnh về khẩn"
        " trương ứng phó;\nI. MỤC ĐÍCH\n",
        "008/CĐ-UBND",
        Relation.BASED_ON,
    ),
    # tests/data/real/0465063a5486d493.md:95 - "ý kiến của ... tại Tờ trình số ..." listed
    (
        "opinions listed on a basis",
        RESOLUTION + "Trên cơ sở ý kiến của các Thành viên Chính phủ tại Phiếu lấy ý kiến Thành"
        " viên Chính phủ số 1025/PLYK/2025 ngày 23 tháng 11 năm 2025, ý kiến của Ngân hàng Nhà"
        " nước Việt Nam tại Tờ trình số 215/TTr-NHNN ngày 28 tháng 11 năm 2025.\nQUYẾT NGHỊ:\n",
        "215/TTr-NHNN",
        Relation.BASED_ON,
    ),
    # tests/data/real/0f145efacbf006fc.md:17 - a proposal the resolution was issued upon
    (
        "xét đề nghị cites",
        RESOLUTION + "Xét đề nghị của Chính phủ tại Tờ trình số 400/TTr-CP và Đề án số 401/ĐA-CP"
        " ngày 09 tháng 5 năm 2025,\nQUYẾT NGHỊ:\n",
        "400/TTr-CP",
        Relation.CITES,
    ),
    # tests/data/real/0f145efacbf006fc.md:24 - "Trên cơ sở" in an article
    (
        "trên cơ sở in an article",
        RESOLUTION + "QUYẾT NGHỊ:\nĐiều 1. Sắp xếp các đơn vị hành chính\nTrên cơ sở Đề án số"
        " 401/ĐA-CP ngày 09 tháng 5 năm 2025 của Chính phủ về sắp xếp đơn vị hành chính cấp xã,"
        " Ủy ban Thường vụ Quốc hội quyết định.\n",
        "401/ĐA-CP",
        Relation.BASED_ON,
    ),
    # tests/data/real/71ce6a1744e0ae6c.md:121
    (
        "article amending another decision",
        DECISION + "QUYẾT ĐỊNH:\nĐiều 3. Sửa đổi khoản 9 Điều 1 Quyết định số 373/QĐ-TTg ngày 01"
        " tháng 3 năm 2013 của Thủ tướng Chính phủ như sau:\n",
        "373/QĐ-TTg",
        Relation.AMENDS,
    ),
    # tests/data/real/551c9da04f57dc24.md:114 - the number inside the quotes is only cited
    (
        "paragraph of an article repealing",
        DECISION + "QUYẾT ĐỊNH:\nĐiều 2. Quyết định này có hiệu lực từ ngày 01 tháng 01 năm 2026."
        "\nBãi bỏ TTHC: “Đăng ký sửa đổi chế độ Kế toán theo Thông tư số 200/2014/TT-BTC hướng"
        " dẫn Chế độ kế toán doanh nghiệp” tại Quyết định số 2083/QĐ-BTC ngày 29/09/2016 của Bộ"
        " trưởng Bộ Tài chính.\n",
        "2083/QĐ-BTC",
        Relation.REPLACES,
    ),
    (
        "quoted inside a repeal",
        DECISION + "QUYẾT ĐỊNH:\nĐiều 2. Quyết định này có hiệu lực từ ngày 01 tháng 01 năm 2026."
        "\nBãi bỏ TTHC: “Đăng ký sửa đổi chế độ Kế toán theo Thông tư số 200/2014/TT-BTC hướng"
        " dẫn Chế độ kế toán doanh nghiệp” tại Quyết định số 2083/QĐ-BTC ngày 29/09/2016.\n",
        "200/2014/TT-BTC",
        Relation.CITES,
    ),
    # ../shared/real/documents/edc6fac0e3b32fd3.md:176 (a measure, not an amendment)
    (
        "a measure citing a standard",
        RESOLUTION + "QUYẾT NGHỊ:\nĐiều 10. Giải pháp\n- Bổ sung giải pháp tăng giới hạn chịu lửa"
        " của cấu kiện xây dựng theo quy định tại Phụ lục H QCVN 06:2022/BXD;\n",
        "QCVN 06:2022/BXD",
        Relation.CITES,
    ),
    # tests/data/real/1ea5e769bcf16b99.md - "Quyết định này có hiệu lực ...; thay thế ..."
    (
        "this decision takes effect and replaces",
        DECISION + "QUYẾT ĐỊNH:\nĐiều 3. Quyết định này có hiệu lực kể từ ngày ban hành; thay thế"
        " Danh mục TTHC có số thứ tự 01,02 lĩnh vực Tổ chức cán bộ tại Quyết định số"
        " 1740/QĐ-UBND ngày 30/6/2025 của Chủ tịch UBND tỉnh.\n",
        "1740/QĐ-UBND",
        Relation.REPLACES,
    ),
    # tests/data/real/f20b8af669b140e9.md - "... hết hiệu lực thi hành kể từ ngày ..."
    (
        "ceases to apply",
        RESOLUTION + "QUYẾT NGHỊ:\nĐiều 13. Hiệu lực thi hành\n2. Nghị quyết số 47/2024/NQ-HĐND"
        " ngày 12 tháng 12 năm 2024 của Hội đồng nhân dân Thành phố quy định thực hiện vùng phát"
        " thải thấp hết hiệu lực thi hành kể từ ngày Nghị quyết này có hiệu lực thi hành.\n",
        "47/2024/NQ-HĐND",
        Relation.REPLACES,
    ),
    # tests/data/real/1a9051122afe8e2b.md:252
    (
        "note on what is amended",
        DECISION + "QUYẾT ĐỊNH:\nĐiều 1. Công bố.\nLưu ý: Phần chữ in nghiêng là nội dung sửa đổi"
        " so với Quyết định số 1818/QĐ-UBND ngày 23/10/2025 của Chủ tịch UBND tỉnh.\n",
        "1818/QĐ-UBND",
        Relation.AMENDS,
    ),
    # tests/data/real/ccb7cba554ea36d2.md - the change in the title belongs to a draft
    (
        "change in the title describes another text",
        "NGHỊ QUYẾT\nVỀ DỰ THẢO NGHỊ QUYẾT CỦA QUỐC HỘI SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ"
        " QUYẾT SỐ 136/2024/QH15\n\nCăn cứ Luật Tổ chức Chính phủ;\nQUYẾT NGHỊ:\n",
        "136/2024/QH15",
        Relation.CITES,
    ),
]


@pytest.mark.parametrize(("name", "text", "number", "relation"), CHAINS, ids=[c[0] for c in CHAINS])
def test_relation_in_context(name: str, text: str, number: str, relation: Relation) -> None:
    refs = {r.number: r for r in extract_references(context(text, jurisdiction="Cần Thơ"))}
    assert number in refs, sorted(k for k in refs if k)
    assert refs[number].relation is relation


# (id, text, own number, number that must not be a reference)
SELF = [
    # tests/data/real/5298da2adb9eb4fe.md:190 - a misprinted own number in an appendix heading
    (
        "misprinted own number in an appendix heading",
        "Cao Bằng, ngày 28 tháng 11 năm 2025\nQUYẾT ĐỊNH\nVề việc công bố\n\nĐiều 1. Công bố."
        "\nPHỤ LỤC I\n(Kèm theo Quyết định số: 203/QĐ-UBND ngày 28 tháng 11 năm 2025 của Chủ"
        " tịch UBND tỉnh Cao Bằng)\n",
        "2031/QĐ-UBND",
        "203/QĐ-UBND",
    ),
    # tests/data/real/c5d930a5fc8373cd.md - the plan's own number in its appendix heading
    (
        "own number in an appendix heading",
        PLAN + "I. MỤC ĐÍCH\nNội dung.\nPHỤ LỤC\n(Kèm theo Kế hoạch số 980/KH-UBND ngày 28"
        " tháng 11 năm 2025 của UBND tỉnh)\n",
        "980/KH-UBND",
        "980/KH-UBND",
    ),
    # ../shared/real/documents/592501a25aaf5012.md:729 - the site's summary line
    (
        "site summary after the signature",
        RESOLUTION + BODY + "Nơi nhận:\n- Như Điều 4;\n|\nCHỦ TỊCH Lê Trường Lưu\n|\n"
        "Nghị quyết 34/2025/NQ-HĐND sửa đổi Quy định kèm theo Nghị quyết 10/2022/NQ-HĐND do"
        " thành phố Huế ban hành\n",
        "34/2025/NQ-HĐND",
        "10/2022/NQ-HĐND",
    ),
]


@pytest.mark.parametrize(("name", "text", "own", "number"), SELF, ids=[s[0] for s in SELF])
def test_own_number_is_not_a_reference(name: str, text: str, own: str, number: str) -> None:
    refs = {r.number for r in extract_references(context(text), own_number=own)}
    assert number not in refs, sorted(k for k in refs if k)


def test_footnotes_after_the_signature_are_read() -> None:
    # tests/data/real/1095764e502a89b8.md:207
    text = (
        PLAN
        + BODY
        + (
            "Nơi nhận:\n- Như trên;\n- Lưu: VT, CN.\n|\nTHỦ TƯỚNG Phạm"
            " Minh Chính\n|\n[1] Thông báo số 627/TB-VPCP ngày 18/11/2025, Thông báo số 493/TB-VPCP"
            " ngày 18/9/2025; các văn bản số: 10894/VPCP-CN ngày 8/11/2025, 8563/VPCP-CN ngày"
            " 12/9/2025 của Văn phòng Chính phủ.\n"
        )
    )
    refs = {r.number: r for r in extract_references(context(text))}
    assert {"493/TB-VPCP", "10894/VPCP-CN", "8563/VPCP-CN"} <= set(refs)
    assert refs["10894/VPCP-CN"].relation is Relation.CITES


def test_recipients_are_not_references() -> None:
    text = PLAN + BODY + "Nơi nhận:\n- Như Điều 3 Quyết định số 12/QĐ-UBND;\n"
    assert not [r for r in extract_references(context(text)) if r.number]

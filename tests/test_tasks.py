"""Tasks from items with lead-agency lines and from task tables."""

from __future__ import annotations

import pytest

from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.structure import layout
from policykg.loaders.tasks import _next_part, coordinating_in_text, extract_tasks, parse_deadline
from policykg.records import Task

from .conftest import context

HEAD = "KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW\n\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n"


def _ctx(body: str) -> DocContext:
    c = clean(HEAD + body, "sample.txt")
    return DocContext(c, layout(c), jurisdiction="Thái Bình")


def _tasks(body: str) -> dict[str, Task]:
    tasks, _ = extract_tasks(_ctx(body))
    return {t.id: t for t in tasks}


DEADLINES = [
    ("2025", "2025", 2025),
    ("Quý II/2025", "2025-Q2", 2025),
    ("quý 3 năm 2026", "2026-Q3", 2026),
    ("trước năm 2022", "before:2022", 2022),
    ("Trước 30/6/2025", "before:2025-06-30", 2025),
    ("Hằng năm", "annual", None),
    ("Hàng năm", "annual", None),
    ("Trong năm 2025", "2025", 2025),
    ("Thường xuyên", "continuous", None),
    ("Tháng 6/2025", "2025-06", 2025),
    ("2025-2030", "2025/2030", 2030),
    ("Giai đoạn 2026 - 2030", "2026/2030", 2030),
]


@pytest.mark.parametrize(("text", "value", "year"), DEADLINES, ids=[d[0] for d in DEADLINES])
def test_parse_deadline(text: str, value: str, year: int | None) -> None:
    deadline = parse_deadline(text)
    assert deadline is not None
    assert (deadline.value, deadline.year, deadline.text) == (value, year, text)


def test_empty_deadline_cell_is_none() -> None:
    assert parse_deadline(" - ") is None


LEAD_LINES = [
    (
        "1.1. Ban Chỉ đạo của Ủy ban nhân dân tỉnh ban hành chương trình làm việc.\n"
        "Cơ quan chủ trì tham mưu: Sở Khoa học và Công nghệ.\n",
        "1.1",
        ("Sở Khoa học và Công nghệ",),
    ),
    (
        "2.9. Thu hút, sử dụng có hiệu quả mọi nguồn lực đầu tư.\n"
        "Cơ quan chủ trì: Sở Tài chính, Sở Công thương, Ban Quản lý khu kinh tế và các khu công "
        "nghiệp tỉnh, các địa phương thuộc tỉnh.\n",
        "2.9",
        (
            "Sở Tài chính",
            "Sở Công Thương",
            "Ban Quản lý khu kinh tế và các khu công nghiệp tỉnh",
            "Các địa phương thuộc tỉnh",
        ),
    ),
    (
        "5.6. Phối hợp với Bộ Y tế thực hiện phương án đầu tư xây dựng trường đại học.\n"
        "Cơ quan đầu mối: Trường Đại học Y - Dược Thái Bình.\n",
        "5.6",
        ("Trường Đại học Y - Dược Thái Bình",),
    ),
]


@pytest.mark.parametrize(("body", "tid", "lead"), LEAD_LINES, ids=[c[1] for c in LEAD_LINES])
def test_lead_line(body: str, tid: str, lead: tuple[str, ...]) -> None:
    tasks = _tasks(body)
    assert list(tasks) == [tid]
    assert tasks[tid].lead == lead
    assert tasks[tid].provenance.quote.startswith(tid)


def test_coordinating_from_the_task_text() -> None:
    tasks = _tasks(LEAD_LINES[2][0])
    assert tasks["5.6"].coordinating == ("Bộ Y tế",)


def test_coordinating_named_in_brackets() -> None:
    body = (
        "9.3. Cụ thể hóa các biện pháp bảo đảm an toàn thông tin mạng\n"
        "- Chia sẻ thông tin, xác định rõ đầu mối phối hợp với các cơ quan Trung ương "
        "(Bộ Công an, Bộ Quốc phòng, Ban Cơ yếu Chính phủ), có kế hoạch theo dõi.\n"
        "Cơ quan chủ trì: Công an tỉnh.\n"
        "- Khuyến khích doanh nghiệp nghiên cứu sản phẩm an ninh mạng.\n"
        "Cơ quan chủ trì: Các sở, ban, ngành, đơn vị, địa phương.\n"
    )
    tasks = _tasks(body)
    assert tasks["9.3-1"].coordinating == ("Bộ Công an", "Bộ Quốc phòng", "Ban Cơ yếu Chính phủ")


def test_bullets_with_their_own_lead_lines_are_tasks() -> None:
    body = (
        "1.4. Tổ chức học tập, quán triệt Nghị quyết số 57-NQ/TW\n"
        "- Các cấp, các ngành xây dựng chương trình, kế hoạch.\n"
        "Cơ quan chủ trì: Các sở, ban, ngành, đơn vị, địa phương thuộc tỉnh.\n"
        "- Tổ chức thực hiện nghiêm túc công tác kiểm tra, giám sát.\n"
        "Thực hiện thường xuyên trong năm.\n"
        "Cơ quan chủ trì: Sở Nội vụ.\n"
    )
    tasks = _tasks(body)
    assert list(tasks) == ["1.4-1", "1.4-2"]
    assert tasks["1.4-2"].lead == ("Sở Nội vụ",)
    assert tasks["1.4-2"].text.startswith("Tổ chức thực hiện nghiêm túc")


def test_bullets_sharing_one_lead_line_are_one_task() -> None:
    body = (
        "8.1. Xây dựng Kế hoạch 5 năm thực hiện Chương trình chuyển đổi số của tỉnh:\n"
        "- Tập trung đào tạo, bồi dưỡng kiến thức về chuyển đổi số.\n"
        "- Sử dụng các ứng dụng, nền tảng đã được Trung ương đầu tư.\n"
        "Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n"
        "8.2. Xây dựng Kế hoạch 5 năm triển khai các nền tảng số\n"
        "Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n"
    )
    tasks = _tasks(body)
    assert list(tasks) == ["8.1", "8.2"]
    assert tasks["8.1"].text.startswith("Xây dựng Kế hoạch 5 năm thực hiện")


def test_deadline_result_and_coordinating_lines() -> None:
    body = (
        "3.1. Xây dựng kế hoạch tổng thể 10 năm đầu tư phát triển hạ tầng.\n"
        "Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n"
        "Cơ quan phối hợp: Sở Tài chính, Sở Xây dựng.\n"
        "Thời gian hoàn thành: Quý II/2025.\n"
        "Sản phẩm: Kế hoạch của Ủy ban nhân dân tỉnh.\n"
    )
    task = _tasks(body)["3.1"]
    assert task.coordinating == ("Sở Tài chính", "Sở Xây dựng")
    assert task.deadline is not None and task.deadline.value == "2025-Q2"
    assert task.result == "Kế hoạch của Ủy ban nhân dân tỉnh"


def test_malformed_lead_line_gives_a_warning() -> None:
    body = (
        "1.1. Xây dựng kế hoạch chuyển đổi số.\n"
        "Cơ quan chủ trì:\n"
        "1.2.\n"
        "Cơ quan chủ trì: Sở Tài chính.\n"
    )
    tasks, warnings = extract_tasks(_ctx(body))
    by_id = {t.id: t for t in tasks}
    assert by_id["1.1"].lead == ()
    assert by_id["1.1"].warnings
    assert by_id["1.2"].lead == ("Sở Tài chính",)
    assert any("no text" in w.message for w in warnings)


TABLE = "\n".join(
    (
        "III. TỔ CHỨC THỰC HIỆN",
        "Các bộ, ngành triển khai các nhiệm vụ tại Phụ lục.",
        "",
        "PHỤ LỤC",
        "| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành"
        " | Sản phẩm |",
        "|---|---|---|---|---|---|",
        "| I | Hoàn thiện thể chế | | | | |",
        "| 1 | Xây dựng Luật Khoa học, công nghệ và đổi mới sáng tạo | Bộ Khoa học và Công nghệ"
        " | Bộ Tài chính; Bộ Tư pháp | Quý II/2025 | Luật |",
        "| 2 | Sửa đổi Nghị định về Quỹ phát triển khoa học | Bộ Tài chính"
        " | Các bộ, ngành, địa phương | 2025 | Nghị định |",
        "| | và công nghệ quốc gia | | | | |",
        "| II | Phát triển hạ tầng số | | | | |",
        # The conversion broke this row over two lines.
        "| 1 | Xây dựng trung tâm dữ liệu quốc gia | Bộ Công an | Bộ Khoa học và Công nghệ"
        " | Hằng năm | Trung tâm",
        "dữ liệu |",
        "",
    )
)


def test_task_table() -> None:
    tasks = _tasks(TABLE)
    assert list(tasks) == ["I.1", "I.2", "II.1"]
    first = tasks["I.1"]
    assert first.lead == ("Bộ Khoa học và Công nghệ",)
    assert first.coordinating == ("Bộ Tài chính", "Bộ Tư pháp")
    assert first.deadline is not None and first.deadline.value == "2025-Q2"
    assert first.result == "Luật"
    # A row the conversion broke in two is one task.
    assert tasks["I.2"].text.endswith("và công nghệ quốc gia")
    assert tasks["II.1"].result == "Trung tâm dữ liệu"
    assert tasks["II.1"].deadline is not None and tasks["II.1"].deadline.value == "annual"


def test_table_with_unique_numbers_keeps_them() -> None:
    table = (
        "| STT | Nhiệm vụ | Đơn vị chủ trì | Thời hạn |\n"
        "|---|---|---|---|\n"
        "| 1 | Ban hành kế hoạch | Sở Nội vụ | Tháng 6/2025 |\n"
        "| 2 | Tổng kết | Sở Tài chính | Trước 30/6/2025 |\n"
    )
    tasks = _tasks(table)
    assert list(tasks) == ["1", "2"]
    assert tasks["2"].deadline is not None and tasks["2"].deadline.value == "before:2025-06-30"


def test_table_without_lead_column_warns() -> None:
    # A task is a row with a lead body (tests/data/gold-real/ANNOTATING.md): a schedule
    # without the column gives no tasks, and says why.
    table = "| STT | Nhiệm vụ | Thời hạn |\n|---|---|---|\n| 1 | Tổng kết | 2025 |\n"
    tasks, warnings = extract_tasks(_ctx(table))
    assert tasks == ()
    assert any("no lead-agency column" in w.message for w in warnings)


# ---------------------------------------------------------------------------------------
# Items laid out in parts, lead values that hold clauses
# ---------------------------------------------------------------------------------------

# (id, body, task id, lead, coordinating, deadline)
PARTS = [
    (
        # The layout quoted in issue 11 ("1.1. <title> / a) Nhiệm vụ / b) Cơ quan thực hiện
        # / - Đơn vị chủ trì / - Đơn vị phối hợp / c) Thời gian thực hiện"), with the
        # emphasis inside a label it quotes ("*Đơn vị chủ trì thực hiện: *Các").
        "issue-11-a-b-c",
        "1. Hoàn thiện thể chế\n"
        "1.1. Rà soát, hoàn thiện quy định\n"
        "*a) Nhiệm vụ:* Rà soát các văn bản quy phạm pháp luật.\n"
        "**b) Cơ quan thực hiện:**\n"
        "- *Đơn vị chủ trì thực hiện: *Các sở, ban, ngành.\n"
        "- Đơn vị phối hợp: Sở Tư pháp.\n"
        "c) Thời gian thực hiện: Năm 2026.\n"
        "1.2. Tổ chức tập huấn\n"
        "a) Nhiệm vụ: Tập huấn cho cán bộ, công chức.\n"
        "b) Cơ quan thực hiện:\n"
        "- Đơn vị chủ trì: Ủy ban nhân dân cấp xã.\n"
        "c) Thời gian thực hiện: Quý II/2026.\n",
        "1.1",
        ("Các sở, ban, ngành",),
        ("Sở Tư pháp",),
        "2026",
    ),
    (
        # tests/data/real/31fb08f34535fce3.md:298 (a lettered item with its own lines)
        "31fb08f34535fce3.md:298",
        "1. Nâng cao nhận thức của chính quyền các cấp\n\n"
        "a) Hoạt động 1\n\n"
        "- Nội dung: Triển khai Tháng hành động (từ ngày 15/11 đến ngày 15/12).\n"
        "- Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành, đoàn thể "
        "Thành phố và các đơn vị có liên quan.\n",
        "1.a",
        ("Sở Nội vụ",),
        ("Các sở, ban, ngành, đoàn thể Thành phố",),
        None,
    ),
    (
        # tests/data/real/31fb08f34535fce3.md:319 (an empty lead line over its list)
        "31fb08f34535fce3.md:319",
        "1. Nâng cao nhận thức của chính quyền các cấp\n\n"
        "c) Hoạt động 3\n\n"
        "- Nội dung: Tuyên truyền, giáo dục về phòng ngừa, ứng phó bạo lực trên cơ sở giới.\n"
        "- Cơ quan thực hiện:\n"
        "+ Sở Văn hóa và Thể thao chủ trì, phối hợp với các sở, ban, ngành, đoàn thể Thành "
        "phố và các đơn vị có liên quan.\n"
        "2. Duy trì, phát triển các mô hình\n",
        "1.c",
        ("Sở Văn hóa và Thể thao",),
        ("Các sở, ban, ngành, đoàn thể Thành phố",),
        None,
    ),
    (
        # tests/data/real/2f6f80b9918e52de.md:130 (a remark inside the list of bodies)
        "2f6f80b9918e52de.md:130",
        "4. Tổ chức kiểm tra việc thi hành Luật Việc làm\n"
        "- Cơ quan thực hiện: Sở Nội vụ, các sở, ban, ngành Thành phố trong phạm vi chức "
        "năng, nhiệm vụ của mình và các cơ quan, tổ chức khác có liên quan.\n"
        "- Thời gian thực hiện: Năm 2026 và các năm tiếp theo.\n",
        "4",
        ("Sở Nội vụ", "Các sở, ban, ngành Thành phố"),
        (),
        "2026",
    ),
    (
        # tests/data/real/2f6f80b9918e52de.md:84 (two clauses, each with its verb)
        "2f6f80b9918e52de.md:84",
        "1. Phổ biến, giáo dục Luật Việc làm\n"
        "- Nội dung thực hiện: Tổ chức phổ biến, giáo dục Luật Việc làm.\n"
        "- Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu Ủy ban nhân dân Thành phố ban hành "
        "Kế hoạch; Sở Tư pháp và các sở, ban, ngành Thành phố chủ động tổ chức triển khai "
        "Luật Việc làm.\n",
        "1",
        ("Sở Nội vụ", "Sở Tư pháp", "Các sở, ban, ngành Thành phố"),
        (),
        None,
    ),
]


@pytest.mark.parametrize(
    ("body", "tid", "lead", "coordinating", "deadline"),
    [c[1:] for c in PARTS],
    ids=[c[0] for c in PARTS],
)
def test_items_laid_out_in_parts(
    body: str,
    tid: str,
    lead: tuple[str, ...],
    coordinating: tuple[str, ...],
    deadline: str | None,
) -> None:
    tasks = _tasks(body)
    assert tid in tasks, list(tasks)
    assert not any(t.endswith((".a", ".b", ".c")) for t in tasks if t != tid)
    task = tasks[tid]
    assert task.lead == lead
    assert task.coordinating == coordinating
    assert (task.deadline.value if task.deadline else None) == deadline
    # The label is not the task's words.
    assert not task.text.startswith(("Nhiệm vụ:", "Nội dung"))


def test_parts_give_one_task_per_heading() -> None:
    tasks = _tasks(PARTS[0][1])
    assert list(tasks) == ["1.1", "1.2"]
    assert tasks["1.1"].text.startswith("Rà soát, hoàn thiện quy định")
    assert tasks["1.2"].lead == ("Ủy ban nhân dân cấp xã",)
    assert not tasks["1.1"].warnings


# ---------------------------------------------------------------------------------------
# Tables printed one cell per line
# ---------------------------------------------------------------------------------------


def _cells(*rows: tuple[str, ...]) -> str:
    """A table as a legal-text site prints it: ``|``, cell, ``|``, cell, ..., ``|``."""
    return "".join("|\n" + "".join(f"{c}\n|\n" for c in row) for row in rows)


# tests/data/real/c5d930a5fc8373cd.md:183-250 (the section rows print two cells; an empty
# last cell is no line at all)
CELL_TABLE = "PHỤ LỤC\nDANH MỤC NHIỆM VỤ TRIỂN KHAI THI HÀNH NGHỊ ĐỊNH\n" + _cells(
    (
        "TT",
        "Nội dung thực hiện",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm dự kiến",
    ),
    ("I", "KIỆN TOÀN VÀ HOÀN THIỆN CƠ CHẾ CHỈ ĐẠO, ĐIỀU HÀNH PHÒNG THỦ DÂN SỰ"),
    (
        "1",
        "Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã",
        "Bộ CHQS tỉnh; UBND cấp xã",
        "Văn phòng Ban Chỉ huy; các sở, ban, ngành",
        "Trước ngày 30/11/2025",
        "Quyết định của Chủ tịch UBND cấp tỉnh, cấp xã",
    ),
    ("II", "TRIỂN KHAI ĐỒNG BỘ VĂN BẢN QUY PHẠM PHÁP LUẬT"),
    (
        "1",
        "Triển khai thực hiện một số nội dung chi, mức chi đặc thù",
        "Sở Tài chính",
        "Cơ quan, địa phương liên quan",
        "Thường xuyên",
        "",
    ),
    (
        "2",
        "Hướng dẫn thanh toán chi phí khám bệnh, chữa bệnh",
        "Sở Y tế",
        "Sở Tài chính",
        "2025",
        "",
    ),
).replace("|\n\n|\n", "|\n")


def test_task_table_one_cell_per_line() -> None:
    tasks = _tasks(CELL_TABLE)
    assert list(tasks) == ["I.1", "II.1", "II.2"]
    first = tasks["I.1"]
    # "Bộ CHQS tỉnh; UBND cấp xã": split on ";" (the spelling is agencies.py's).
    assert len(first.lead) == 2 and first.lead[1] == "Ủy ban nhân dân cấp xã"
    assert first.coordinating[0] == "Văn phòng Ban Chỉ huy"
    assert first.deadline is not None and first.deadline.value == "before:2025-11-30"
    assert tasks["II.1"].deadline is not None and tasks["II.1"].deadline.value == "continuous"
    assert tasks["II.2"].lead == ("Sở Y tế",)
    assert tasks["II.2"].provenance.quote.startswith("2\n|\nHướng dẫn thanh toán")


def test_merged_row_is_a_task_of_its_own() -> None:
    # A row whose number and text are merged with the row above prints only its own
    # cells (tests/data/gold/SCHEMA.md: "<row>-2"); cells from c5d930a5fc8373cd.md:205-260.
    table = _cells(
        ("TT", "Nội dung thực hiện", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        (
            "1",
            "Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã",
            "Sở Tài chính",
            "Cơ quan, địa phương liên quan",
            "2025",
        ),
        ("Sở Y tế", "Sở Tài chính", "Thường xuyên"),
    )
    tasks = _tasks(table)
    assert list(tasks) == ["1", "1-2"]
    assert tasks["1-2"].lead == ("Sở Y tế",)
    assert tasks["1-2"].coordinating == ("Sở Tài chính",)


# tests/data/real/f004d93b21e7fc5f.md:1609-1640, 2368-2400, 3027-3060: one table in parts
# A, B and C; the roman groups and the row numbers ("1.1") start again in each part, and
# parts B and C repeat the header without its STT cell.
PARTS_TABLE = _cells(
    (
        "STT",
        "Nhiệm vụ, giải pháp",
        "Đơn vị thực hiện",
        "Đơn vị phối hợp",
        "Thời gian thực hiện",
        "Sản phẩm đầu ra",
    ),
    ("**A**", "**PHÁT TRIỂN NỀN MÓNG CHO KINH TẾ SỐ VÀ XÃ HỘI SỐ**"),
    ("**I**", "**Hoàn thiện thể chế**"),
    (
        "1.1",
        "Rà soát, xây dựng, sửa đổi, bổ sung các quy định pháp luật",
        "Sở Tư pháp",
        "Các sở, ban, ngành; UBND các phường, xã",
        "2026 - 2030",
        "Các cơ chế, chính sách",
    ),
    ("**B**", "**PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ NGÀNH, LĨNH VỰC**"),
    ("**I**", "**Phát triển kinh tế số, xã hội số nông nghiệp và môi trường**"),
    (
        "**Nội dung**",
        "**Đơn vị thực hiện**",
        "**Đơn vị phối hợp**",
        "**Thời gian thực hiện**",
        "**Sản phẩm đầu ra**",
    ),
    (
        "1.1",
        "Xây dựng và tổ chức triển khai Kế hoạch phát triển kinh tế số và xã hội số",
        "Sở Nông nghiệp và Môi trường",
        "Các sở, ban, ngành; UBND các phường xã",
        "2026 - 2030",
        "Kế hoạch",
    ),
    ("**C**", "**CÁC GIẢI PHÁP PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ**"),
    ("**I**", "**Tổ chức, bộ máy, mạng lưới**"),
    (
        "1.1",
        "Kiện toàn Ban Chỉ đạo về phát triển khoa học, Công nghệ, đổi mới sáng tạo",
        "Sở Khoa học và Công nghệ",
        "Các sở, ban, ngành; UBND các phường, xã",
        "2025",
        "Quyết định",
    ),
)


def test_table_in_parts_prefixes_the_part() -> None:
    tasks = _tasks(PARTS_TABLE)
    assert list(tasks) == ["A.1.1", "B.1.1", "C.1.1"]
    assert tasks["A.1.1"].lead == ("Sở Tư pháp",)
    assert tasks["B.1.1"].lead == ("Sở Nông nghiệp và Môi trường",)
    assert tasks["C.1.1"].text.startswith("Kiện toàn Ban Chỉ đạo")


def test_table_in_parts_with_unique_numbers_keeps_them() -> None:
    # Parts whose rows are numbered straight through need no prefix.
    table = PARTS_TABLE.replace("|\n1.1\n|\nXây dựng", "|\n2.1\n|\nXây dựng").replace(
        "|\n1.1\n|\nKiện toàn", "|\n3.1\n|\nKiện toàn"
    )
    assert list(_tasks(table)) == ["1.1", "2.1", "3.1"]


@pytest.mark.parametrize(
    ("label", "part", "expected"),
    [
        ("A", None, True),  # f004d93b21e7fc5f.md:1609
        ("I", "A", False),  # f004d93b21e7fc5f.md:1614: roman I inside part A
        ("C", "B", True),  # f004d93b21e7fc5f.md:3027: part C, not roman 100
        ("C", None, False),
        ("II", "A", False),
        ("D", "B", False),
    ],
)
def test_next_part(label: str, part: str | None, expected: bool) -> None:
    assert _next_part(label, part) is expected


_CAPTIONED_HEADER = (
    "**STT**",
    "**Nhiệm vụ**",
    "**Văn bản giao nhiệm vụ**",
    "**Cơ quan chủ trì thực hiện**",
    "**Thời hạn hoàn thành**",
)
_PL2_HEADER = (
    "**STT**",
    "**Tên nhiệm vụ**",
    "**Đơn vị chủ trì**",
    "**Thời hạn**",
    "**Kết quả thực hiện**",
    "**Tiến độ**",
)

# tests/data/real/74e2ddc7b11340da.md:331-360, 470-490, 1407-1440, 1855-1945: two tables
# under numbered headings of their own, each numbered from "1.", then an appendix table
# numbered straight through under headings "Nhiệm vụ giao Bộ trưởng ... chỉ đạo" printed
# in one cell with the merged ones empty, with a number printed twice ("22").
CAPTIONED_TABLES = (
    "**PHỤ LỤC I**\nTỔNG HỢP CÁC NHIỆM VỤ CHẬM MUỘN THEO VĂN BẢN ĐÔN ĐỐC\n"
    "**1. Các nhiệm vụ về khoa học,\ncông nghệ, đổi mới sáng tạo và chuyển đổi số quá hạn "
    "chưa hoàn thành**\n"
    + _cells(
        _CAPTIONED_HEADER,
        (
            "1.",
            "Khẩn trương xây dựng kế hoạch và tổ chức triển khai thực hiện",
            "Thông báo số 07-TB/CQTTBCĐ ngày 15/10/2025",
            "Các bộ, ngành, địa phương",
            "18/10/2025",
        ),
    )
    + "**2. Các nhiệm vụ về chuyển đổi\nsố quá hạn chưa hoàn thành**\n"
    + _cells(
        _CAPTIONED_HEADER,
        (
            "1.",
            "Ban hành Chiến lược dữ liệu, Chiến lược chuyển đổi số của bộ, ngành",
            "Thông báo số 44-TB/TGV ngày 12/9/2025",
            "Các bộ, ngành, địa phương",
            "30/09/2025",
        ),
        (
            "2.",
            "Chủ trì, phối hợp với Bộ Khoa học và Công nghệ xây dựng cơ chế",
            "Nghị quyết số 71/NQ-CP",
            "Bộ Tài chính",
            "30/09/2025",
        ),
    )
    + "**PHỤ LỤC II**\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ TẠI THÔNG BÁO KẾT LUẬN SỐ 552/TB-VPCP\n"
    + _cells(
        _PL2_HEADER,
        (
            "** **",
            "**Nhiệm vụ giao Bộ trưởng Bộ Khoa học và Công nghệ chỉ đạo**",
            "** **",
            "** **",
            "** **",
            "** **",
        ),
        (
            "1",
            "Chủ trì, phối hợp Bộ Công an tham mưu cơ chế chấm điểm hàng tháng",
            "Bộ Khoa học và Công nghệ",
            "31/10/2025",
            "Bộ KH&CN đã báo cáo",
            "Đã hoàn thành",
        ),
        (
            "** **",
            "**Nhiệm vụ giao Bộ trưởng Bộ Xây dựng chỉ đạo**",
            "** **",
            "** **",
            "** **",
            "** **",
        ),
        (
            "22",
            "Hoàn thiện Hệ thống thông tin, cơ sở dữ liệu về nhà ở",
            "Bộ Xây dựng",
            "31/12/2025",
            "Đã hoàn thành nâng cấp",
            "Đang thực hiện",
        ),
        (
            "** **",
            "**Nhiệm vụ giao Bộ trưởng Bộ Nông nghiệp và Môi trường chỉ đạo**",
            "** **",
            "** **",
            "** **",
            "** **",
        ),
        (
            "22",
            "Chủ trì, phối hợp, đôn đốc các địa phương bám sát lộ trình",
            "Bộ Nông nghiệp và Môi trường",
            "31/12/2025",
            "Đang thực hiện",
            "Đang thực hiện",
        ),
    )
).replace("|\n\n|\n", "|\n")


def test_tables_under_numbered_headings_take_their_number() -> None:
    tasks = _tasks(CAPTIONED_TABLES)
    assert list(tasks) == ["1.1", "2.1", "2.2", "1", "22", "22-2"]
    assert tasks["2.2"].lead == ("Bộ Tài chính",)


def test_heading_row_in_one_cell_is_no_task() -> None:
    # "Nhiệm vụ giao Bộ trưởng Bộ Xây dựng chỉ đạo" is not a continuation of row 1 whose
    # lead cell it would fall into.
    tasks = _tasks(CAPTIONED_TABLES)
    assert "1-2" not in tasks and "22-3" not in tasks
    assert tasks["22-2"].lead == ("Bộ Nông nghiệp và Môi trường",)


def test_coordinating_from_the_text_of_a_table_row() -> None:
    tasks = _tasks(CAPTIONED_TABLES)
    # 74e2ddc7b11340da.md: "phối hợp với Bộ Khoa học ..." and "phối hợp Bộ Công an ..."
    assert tasks["2.2"].coordinating == ("Bộ Khoa học và Công nghệ",)
    assert tasks["1"].coordinating == ("Bộ Công an",)


def test_body_printed_in_both_columns_stays_in_both() -> None:
    # tests/data/real/c5d930a5fc8373cd.md:351-366: the row names Sở Tài chính as lead and
    # among the coordinating bodies; both are kept as printed.
    table = _cells(
        ("TT", "Nội dung thực hiện", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        (
            "2",
            "Thành lập bộ máy quản lý Quỹ và ban hành Quy chế hoạt động Quỹ Phòng thủ dân sự",
            "Sở Tài chính",
            "Sở Tài chính và Sở Nội vụ",
            "2025",
        ),
    )
    task = _tasks(table)["2"]
    assert task.lead == ("Sở Tài chính",)
    assert task.coordinating == ("Sở Tài chính", "Sở Nội vụ")


COORD_TEXTS = [
    # 74e2ddc7b11340da.md: a bracket after the verb names no partner.
    (
        "Chủ trì, phối hợp với Bộ Tài chính xây dựng Đề án “Xây dựng Hạ tầng tính toán hiệu "
        "năng cao (HPC) và các trung tâm dữ liệu quốc gia phục vụ phát triển AI”",
        ("Bộ Tài chính",),
    ),
    # 74e2ddc7b11340da.md:1463
    ("Chủ trì, phối hợp Bộ Công an tham mưu cơ chế chấm điểm hàng tháng", ("Bộ Công an",)),
    # examples/corpus (004): a first "phối hợp" without a body does not hide the second.
    (
        "Chia sẻ thông tin, phối hợp theo dõi, giám sát, xử lý sự cố, trong đó xác định rõ đầu "
        "mối phối hợp với các cơ quan Trung ương (Bộ Công an, Bộ Quốc phòng), có kế hoạch",
        ("Bộ Công an", "Bộ Quốc phòng"),
    ),
    ("Tổ chức phối hợp thực hiện các nhiệm vụ được giao", ()),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    COORD_TEXTS,
    ids=["bracket-after-verb", "without-voi", "second-phoi-hop", "no-body"],
)
def test_coordinating_in_text(text: str, expected: tuple[str, ...]) -> None:
    assert coordinating_in_text(text) == expected


NOT_TASK_TABLES = [
    (
        # tests/data/real/cf333e306fb7a5da.md:150 (a catalogue of procedures)
        "cf333e306fb7a5da.md:150",
        (
            "STT",
            "Tên TTHC",
            "Thời hạn giải quyết",
            "Địa điểm thực hiện",
            "Phí, lệ phí",
            "Căn cứ pháp lý",
            "Cơ quan thực hiện",
        ),
        (
            "1",
            "Thủ tục cấp giấy chứng nhận lưu hành tự do (CFS)",
            "03 ngày làm việc",
            "Trung tâm Phục vụ hành chính công",
            "Không quy định",
            "Nghị định số 146/2025/NĐ-CP",
            "Sở Văn hóa và Thể thao",
        ),
    ),
    (
        # /work/shared/real/documents/8bb6ac57ee7b4c5d.md (the steps of a procedure)
        "procedure-steps",
        ("Thứ tự công việc", "Nội dung công việc", "Trách nhiệm thực hiện", "Thời gian thực hiện"),
        (
            "Bước 1",
            "Kiểm tra, xem xét tính đầy đủ của hồ sơ",
            "Bộ phận tiếp nhận và trả kết quả",
            "0,5 ngày làm việc",
        ),
    ),
    (
        # tests/data/real/2edf5927c71bc4c1 layout: "TT | Chỉ tiêu | Đơn vị | Kết quả |
        # Cơ quan chủ trì theo dõi" (indicators are targets)
        "indicators",
        ("TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi"),
        ("1", "Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", "≥ 80", "Văn phòng Chính phủ"),
    ),
    (
        # /work/shared/real/documents/d2ab0055765c27e8.md (amounts, not tasks)
        "amounts",
        ("STT", "Nội dung chi", "Đơn vị tính", "Mức chi", "Đơn vị thực hiện"),
        ("1", "Chi xây dựng đề cương", "Đề cương", "2.000.000", "Sở Nội vụ"),
    ),
]


@pytest.mark.parametrize(
    ("header", "row"), [c[1:] for c in NOT_TASK_TABLES], ids=[c[0] for c in NOT_TASK_TABLES]
)
def test_tables_that_are_not_task_tables(header: tuple[str, ...], row: tuple[str, ...]) -> None:
    assert _tasks(_cells(header, row)) == {}


def test_lead_line_in_a_procedure_cell_is_not_a_task() -> None:
    # tests/data/real/8966c59f782e4081.md:163: the body that handles a procedure.
    table = _cells(
        ("STT", "Tên TTHC", "Lĩnh vực", "Cơ quan thực hiện"),
        (
            "1",
            "Phê duyệt danh sách các dân tộc còn gặp nhiều khó khăn",
            "Công tác dân tộc",
            "- Cơ quan thực hiện: UBND cấp xã, UBND cấp tỉnh;",
        ),
    )
    assert _tasks(table) == {}


# A central document tells provinces' bodies apart by their place; a provincial one names
# its own province once (tests/data/real/50f694478a35aefd.md, a Government Office notice:
# "UBND các tỉnh, thành phố: Tuyên Quang, Đồng Nai, ...").
PLACED_LEAD = (
    "KẾ HOẠCH\nvề chuyển đổi số\n\nI. NHIỆM VỤ\n\n1. Xây dựng cơ sở dữ liệu dùng chung.\n\n"
    "Cơ quan chủ trì: Ủy ban nhân dân thành phố Hà Nội.\n"
)


@pytest.mark.parametrize(
    ("jurisdiction", "lead"),
    [("Trung ương", "Ủy ban nhân dân thành phố Hà Nội"), ("Hà Nội", "Ủy ban nhân dân thành phố")],
)
def test_a_central_document_keeps_the_place_of_a_lead(jurisdiction: str, lead: str) -> None:
    found, _ = extract_tasks(context(PLACED_LEAD, jurisdiction=jurisdiction))
    assert [t.lead for t in found] == [(lead,)]

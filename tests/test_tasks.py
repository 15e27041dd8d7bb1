"""Tasks from items with lead-agency lines and from task tables."""

from __future__ import annotations

import pytest
from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.structure import layout
from policykg.loaders.tasks import extract_tasks, parse_deadline
from policykg.records import Task

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
    table = "| STT | Nhiệm vụ | Thời hạn |\n|---|---|---|\n| 1 | Tổng kết | 2025 |\n"
    tasks, warnings = extract_tasks(_ctx(table))
    assert [t.id for t in tasks] == ["1"]
    assert any("no lead-agency column" in w.message for w in warnings)

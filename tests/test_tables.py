"""Tables printed one cell per line between bare ``|`` lines, read back into rows."""

from __future__ import annotations

import pytest

from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.parse import parse_text
from policykg.loaders.structure import layout
from policykg.loaders.tables import cell_rows, pipe_blocks, table_blocks


def _ctx(text: str) -> DocContext:
    c = clean(text, "sample.md")
    return DocContext(c, layout(c))


def _rows(text: str) -> list[list[tuple[str, ...]]]:
    return [[r.cells for r in block] for block in cell_rows(_ctx(text))]


# (id, text, tables as rows of cells)
CASES = [
    (
        # tests/data/real/c5d930a5fc8373cd.md:70-82: the letterhead, then the title after
        # a single bar that closes the table.
        "c5d930a5fc8373cd.md:70",
        "|\n|\nỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n|\n"
        "|\nSố: 980/KH-UBND\n|\nNghệ An, ngày 18 tháng 11 năm 2025\n|\nKẾ HOẠCH\nTHỰC HIỆN\n",
        [
            [
                ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                ("Số: 980/KH-UBND", "Nghệ An, ngày 18 tháng 11 năm 2025"),
            ]
        ],
    ),
    (
        # tests/data/real/c5d930a5fc8373cd.md:238: "Thường xuyên | | | 2": an empty last
        # cell printed as nothing, then the next row.
        "c5d930a5fc8373cd.md:238",
        "|\nTT\n|\nNội dung\n|\nThời gian\n|\nSản phẩm\n|\n"
        "|\n1\n|\nTriển khai thực hiện\n|\nThường xuyên\n|\n|\n"
        "|\n2\n|\nTriển khai thực hiện khi có sửa đổi\n|\n2025\n|\n|\n",
        [
            [
                ("TT", "Nội dung", "Thời gian", "Sản phẩm"),
                ("1", "Triển khai thực hiện", "Thường xuyên", ""),
                ("2", "Triển khai thực hiện khi có sửa đổi", "2025", ""),
            ]
        ],
    ),
    (
        # tests/data/real/ec00bd6f58be7864.md:532-544: a section row whose empty cells are
        # "** **" (an empty line once cleaned).
        "ec00bd6f58be7864.md:532",
        "|\nSTT\n|\nTên nhiệm vụ/dự án\n|\nCơ quan chủ trì\n|\nThời gian triển khai\n|\n"
        "|\n**I**\n|\n**CƠ CHẾ, CHÍNH SÁCH**\n|\n** **\n|\n** **\n|\n"
        "|\n1\n|\nRà soát toàn diện các luật\n|\nBộ Xây dựng\n|\n2026\n|\n",
        [
            [
                ("STT", "Tên nhiệm vụ/dự án", "Cơ quan chủ trì", "Thời gian triển khai"),
                ("I", "CƠ CHẾ, CHÍNH SÁCH", "", ""),
                ("1", "Rà soát toàn diện các luật", "Bộ Xây dựng", "2026"),
            ]
        ],
    ),
    (
        # /work/shared/real/documents/f004d93b21e7fc5f.md:2360-2368: two empty lines between
        # the bars after a full row are the end of the row, not an empty cell.
        "f004d93b21e7fc5f.md:2360",
        "|\nSTT\n|\nNhiệm vụ\n|\nSản phẩm đầu ra\n|\n"
        "|\n9.5\n|\nTriển khai Nền tảng hóa đơn điện tử\n|\nChương trình\n|\n\n\n|\n"
        "**B**\n|\n**PHÁT TRIỂN KINH TẾ SỐ**\n|\n",
        [
            [
                ("STT", "Nhiệm vụ", "Sản phẩm đầu ra"),
                ("9.5", "Triển khai Nền tảng hóa đơn điện tử", "Chương trình"),
                ("B", "PHÁT TRIỂN KINH TẾ SỐ"),
            ]
        ],
    ),
    (
        # tests/data/real/c5d930a5fc8373cd.md:158-190: the signature block runs into the
        # appendix, whose title is text between the tables, then its header row.
        "c5d930a5fc8373cd.md:158",
        "|\nNơi nhận:\n- Lưu: VT, NC.\n|\nTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH\n|\n\n"
        "PHỤ LỤC\nDANH MỤC NHIỆM VỤ TRIỂN KHAI THI HÀNH NGHỊ ĐỊNH\n"
        "|\nTT\n|\nNội dung thực hiện\n|\nCơ quan chủ trì\n|\n",
        [
            [("Nơi nhận: - Lưu: VT, NC.", "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH")],
            [("TT", "Nội dung thực hiện", "Cơ quan chủ trì")],
        ],
    ),
    (
        # /work/shared/real/documents/192068354fd1ffe5.md: the appendix title printed as one
        # cell between the signature and the header; the table starts at "STT".
        "192068354fd1ffe5.md",
        "|\nNơi nhận:\n- Lưu: VT.\n|\nTM. ỦY BAN NHÂN DÂN\n|\nPHỤ LỤC NHIỆM VỤ VÀ GIẢI PHÁP\n"
        "|\nSTT\n|\nNHIỆM VỤ VÀ GIẢI PHÁP\n|\nCHỦ TRÌ\n|\n|\nI\n|\nNHÓM GIẢI PHÁP VỀ CƠ CHẾ\n|\n",
        [
            [("Nơi nhận: - Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "PHỤ LỤC NHIỆM VỤ VÀ GIẢI PHÁP")],
            [("STT", "NHIỆM VỤ VÀ GIẢI PHÁP", "CHỦ TRÌ"), ("I", "NHÓM GIẢI PHÁP VỀ CƠ CHẾ")],
        ],
    ),
]


@pytest.mark.parametrize(("text", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cell_rows(text: str, want: list[list[tuple[str, ...]]]) -> None:
    assert _rows(text) == want


def test_cell_spans_point_at_the_cells() -> None:
    ctx = _ctx(CASES[1][1])
    row = cell_rows(ctx)[0][1]
    assert [ctx.text[a:b] for a, b in row.spans] == [*row.cells[:3], ""]
    assert ctx.text[row.start : row.end].startswith("1\n|\nTriển khai")


def test_both_layouts_in_text_order() -> None:
    text = "| TT | Nội dung |\n|---|---|\n| 1 | Rà soát |\n\nVăn bản\n\n" + CASES[1][1]
    ctx = _ctx(text)
    assert [b[0].cells[0] for b in table_blocks(ctx)] == ["TT", "TT"]
    assert len(pipe_blocks(ctx)) == 1


def test_a_table_that_ends_the_text_has_spans_in_it() -> None:
    # The text ends on the bars of a row with empty cells, as a task table closing a
    # document does: every span is an offset into the text, and a row ends after it starts.
    text = "Văn bản\n\n|\nTT\n|\nNhiệm vụ\n|\nChủ trì\n|\n|\n1\n|\nRà soát văn bản\n|\n\n|\n|\n"
    ctx = _ctx(text)
    rows = [row for block in cell_rows(ctx) for row in block]
    assert rows[-1].cells[:2] == ("1", "Rà soát văn bản")
    for row in rows:
        assert row.start <= row.end
        assert all(rows[0].start <= a <= b <= len(ctx.text) for a, b in row.spans)
    empty = [span for span in rows[-1].spans if span[0] == span[1]]
    assert empty and all(ctx.text[a - 1 : a + 1].count("|") for a, _ in empty)


# A task table whose row 4 lost its closing bar (issue 13, 10a): row 4 must not swallow
# row 5, whose number, lead and deadline would then be task 4's extra cells.
TASK_TABLE = "\n".join(
    (
        "KẾ HOẠCH",
        "Triển khai chuyển đổi số năm 2025",
        "",
        "III. TỔ CHỨC THỰC HIỆN",
        "Các sở, ngành triển khai các nhiệm vụ sau:",
        "",
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |",
        "|---|---|---|---|---|",
        "| 1 | Xây dựng kho dữ liệu dùng chung | Sở Khoa học và Công nghệ | Các sở, ngành | 2025 |",
        "| 2 | Số hóa hồ sơ thủ tục hành chính | Sở Nội vụ | Các sở, ngành | 2025 |",
        "| 3 | Đào tạo kỹ năng số cho cán bộ | Sở Nội vụ | Sở Khoa học và Công nghệ | 2026 |",
        "{row4}",
        "| 5 | Phát triển thương mại điện tử | Sở Công Thương | Sở Tài chính | 2027 |",
        "| 6 | Kết nối nền tảng dùng chung | Sở Khoa học và Công nghệ | Các sở, ngành | 2026 |",
        "",
    )
)


@pytest.mark.parametrize(
    ("row4", "deadline"),
    [
        pytest.param(
            "| 4 | Triển khai hóa đơn điện tử | Sở Tài chính | Thuế tỉnh | 2026",
            "2026",
            id="last-cell-without-bar",
        ),
        pytest.param(
            "| 4 | Triển khai hóa đơn điện tử | Sở Tài chính | Thuế tỉnh",
            None,
            id="deadline-cell-missing",
        ),
    ],
)
def test_a_row_without_closing_bar_keeps_the_next_row(row4: str, deadline: str | None) -> None:
    doc = parse_text(TASK_TABLE.format(row4=row4), "ke-hoach.md")
    tasks = {t.id: t for t in doc.tasks}
    assert list(tasks) == ["1", "2", "3", "4", "5", "6"]
    assert tasks["4"].lead == ("Sở Tài chính",)
    got = tasks["4"].deadline
    assert (got.text if got else None) == deadline
    assert tasks["4"].text == "Triển khai hóa đơn điện tử"
    assert tasks["5"].lead == ("Sở Công Thương",)
    assert tasks["5"].deadline is not None and tasks["5"].deadline.text == "2027"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        pytest.param(
            "| TT | Nội dung | Chủ trì |\n| 1 | Rà soát | Sở Tư pháp\n| 2 | Ban hành | Sở Nội vụ |",
            [
                ("TT", "Nội dung", "Chủ trì"),
                ("1", "Rà soát", "Sở Tư pháp"),
                ("2", "Ban hành", "Sở Nội vụ"),
            ],
            id="row-number",
        ),
        pytest.param(
            "| TT | Nội dung | Chủ trì |\n| 1 | Rà soát | Sở Tư pháp\n| | Ban hành | Sở Nội vụ |",
            [
                ("TT", "Nội dung", "Chủ trì"),
                ("1", "Rà soát", "Sở Tư pháp"),
                ("", "Ban hành", "Sở Nội vụ"),
            ],
            id="table-width",
        ),
        pytest.param(
            # A row broken inside a cell goes on without a bar: still one row.
            "| TT | Nội dung | Chủ trì |\n| 1 | Rà soát các | Sở Tư\npháp |",
            [("TT", "Nội dung", "Chủ trì"), ("1", "Rà soát các", "Sở Tư pháp")],
            id="broken-cell",
        ),
    ],
)
def test_pipe_row_without_closing_bar(text: str, want: list[tuple[str, ...]]) -> None:
    ctx = _ctx(text)
    (block,) = pipe_blocks(ctx)
    assert [r.cells for r in block] == want
    assert all(ctx.text[r.start : r.end].startswith("|") for r in block)

"""Tables printed one cell per line between bare ``|`` lines, read back into rows."""

from __future__ import annotations

import pytest
from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
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

"""The shortcuts of the loaders' hot loops (issue 14) give what the plain loops gave.

Each test sets a shortcut against the plain way on real documents and on real sentences:
the one pass over the noise marks, lines built by ``map``, the jumps from bar to bar of a
one-cell-per-line table, the lines and markers of the body read by index, the cell tables
read once for two asks, and the clauses without subject or cue that are not read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.loaders import assignments, clean, indicators, reflow, regexes, structure
from policykg.loaders.context import DocContext
from policykg.records import Role

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
REAL = Path(__file__).resolve().parent / "data" / "real"


def _texts() -> list[str]:
    paths = [*sorted(CORPUS.glob("*.txt")), *sorted(REAL.glob("*.md"))]
    return [p.read_text(encoding="utf-8") for p in paths]


def test_noise_edits_as_the_pattern_replaces() -> None:
    # Two bold blocks run together were two lines (clean._noise); "*" and "**" go.
    sample = "**NGHỊ ĐỊNH****Về hợp đồng xây dựng**\n* *để* thực hiện\\-\u00a0<br>\r\n-----\n"
    replaced = 0
    for text in [*_texts(), sample]:
        expected = [(m.start(), m.end(), clean._noise(m)) for m in regexes.NOISE.finditer(text)]
        assert clean._noise_edits(text) == expected
        replaced += sum(1 for _, _, by in expected if by == "\n")
    assert replaced >= 1


def test_lines_built_by_map_are_the_plain_lines() -> None:
    for text in [*_texts()[:20], "", "\n", " a \n\n\tb"]:
        plain, pos = [], 0
        for raw in text.split("\n"):
            plain.append(structure.Line(pos, pos + len(raw), raw.strip()))
            pos += len(raw) + 1
        lines = structure._lines(text)
        assert lines == tuple(plain)
        assert all(type(line) is structure.Line for line in lines)


# A one-cell-per-line table as a web page's copy prints it (header, then a row whose cell
# broke over two lines), and the prose after it.
_CELL_TABLE = [
    "KẾ HOẠCH",
    "|",
    "TT",
    "|",
    "Nhiệm vụ",
    "|",
    "Cơ quan chủ trì",
    "|",
    "|",
    "1",
    "|",
    "Rà soát các chương trình, kế hoạch đã ban hành",
    "còn hiệu lực",
    "|",
    "Sở Khoa học và Công nghệ",
    "|",
    "|",
    "III. TỔ CHỨC THỰC HIỆN",
    "Giao Sở Tài chính chủ trì",
]


def test_cell_lines_jump_from_bar_to_bar() -> None:
    inside = reflow._cell_lines(_CELL_TABLE)
    cells = [line for line, flag in zip(_CELL_TABLE, inside, strict=True) if flag]
    assert cells == [
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "1",
        "Rà soát các chương trình, kế hoạch đã ban hành",
        "còn hiệu lực",
        "Sở Khoa học và Công nghệ",
    ]


def test_pipe_rows_without_a_bare_bar_hold_no_cell() -> None:
    # join_plan skips the cell reader when no line is a bare bar: it would find no cell.
    lines = ["| TT | Nhiệm vụ | Cơ quan chủ trì |", "|---|---|---|", "| 1 | Rà soát | Sở Y tế |"]
    assert not any(reflow._cell_lines(lines))
    assert any(reflow._cell_lines([*lines, "|", "Sở Y tế", "|"]))


def test_body_lines_by_index_as_by_offset() -> None:
    for text in _texts()[:30]:
        lay = structure.layout(clean.clean(text, "x"))
        body = lay.line_range(*lay.body)
        assert list(body) == [
            i for i, ln in enumerate(lay.lines) if lay.body[0] <= ln.start < lay.body[1]
        ]
        for i in body:
            line = lay.lines[i]
            assert lay.line_paths[i] == lay.path_at(line.start)
            if line.text:
                assert lay.body_markers.get(line.start) == lay.marker(line)


def test_cell_tables_read_once_for_the_same_lines() -> None:
    def lines_of(text: str) -> tuple[structure.Line, ...]:
        return structure.layout(clean.clean(text, "x")).lines

    lines = lines_of("\n".join(_CELL_TABLE))  # (cleaning joins the cell's two lines)
    first = indicators.cell_tables(lines)
    assert [len(rows) for rows in first] == [2]
    first[0].pop()  # a caller's change stays its own
    assert indicators.cell_tables(lines) == indicators._cell_tables(lines) != first
    other = lines_of("\n".join(_CELL_TABLE[:9]))
    assert indicators.cell_tables(other) == indicators._cell_tables(other)  # not ``lines``'
    assert [len(rows) for rows in indicators.cell_tables(other)] == [1]


# (004_1b73a6d31f29fe0d.txt:222-229, its first item moved after a bullet without subject)
_SECTION = """III. TỔ CHỨC THỰC HIỆN
- Rà soát các chương trình, kế hoạch đã ban hành còn hiệu lực liên quan đến phát triển khoa \
học, công nghệ, đổi mới sáng tạo và chuyển đổi số để sửa đổi, bổ sung, điều chỉnh.
3. Giao Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành, đơn vị và địa phương bảo \
đảm nguồn kinh phí thực hiện hằng năm theo Kế hoạch.
"""


def _read(monkeypatch: pytest.MonkeyPatch, *, every_clause: bool) -> tuple[set, list[str]]:
    read: list[str] = []
    plain_clause = assignments._Reader.clause

    def clause(self: assignments._Reader, start: int, end: int, *args, **kwargs) -> None:
        read.append(self.text[start:end])
        plain_clause(self, start, end, *args, **kwargs)

    monkeypatch.setattr(assignments._Reader, "clause", clause)
    if every_clause:
        monkeypatch.setattr(assignments._Reader, "opens", lambda self, start, end: True)
    cleaned = clean.clean(_SECTION, "004_1b73a6d31f29fe0d.txt")
    found = assignments.extract_assignments(DocContext(cleaned, structure.layout(cleaned)))
    return {(a.agency, a.role) for a in found}, read


def test_clause_without_subject_or_cue_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    found, read = _read(monkeypatch, every_clause=False)
    assert ("Sở Tài chính", Role.LEAD) in found
    assert not any(c.startswith("Rà soát") for c in read)
    assert any(c.startswith("Giao Sở Tài chính") for c in read)
    # Read anyway, that clause gives no work: the same result.
    monkeypatch.undo()
    everything, read_all = _read(monkeypatch, every_clause=True)
    assert any(c.startswith("Rà soát") for c in read_all)
    assert everything == found

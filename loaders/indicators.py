"""Tables printed one cell per line, read back into rows.

A legal-text site prints a table as its cells one per line between bare ``|`` lines;
after cleaning (``reflow.py``) each cell is one line::

    |            <- a row opens
    TT
    |
    Chỉ tiêu
    |
    ĐVT
    |            <- the row closes ...
    |            <- ... and the next opens
    1
    |
    Diện tích
    ...

An empty cell is a bar with nothing after it, so a run of ``k`` bars is either ``k - 1``
empty cells inside a row, or the end of a row (its empty trailing cells, the close and the
next row's open). Which one is decided by the table's width: the widest row when every
run of two or more bars is taken for a row break (a row with no empty cell shows it).

The rows come back as :class:`~policykg.loaders.tables.Row`, as pipe tables do, with
empty cells in place, so that a column index means the same thing in every full row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from policykg.loaders import regexes
from policykg.loaders.structure import Line
from policykg.loaders.tables import Row

# A cell runs to the next bar; more lines than this without a bar is text after a table.
MAX_CELL_LINES = 12


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Run:
    """The bars between two cells (blank lines among them do not count)."""

    bars: int


def _is_cell(lines: Sequence[Line], start: int, end: int) -> bool:
    """Whether ``lines[start:end]`` (up to the next bar) is one cell.

    Cleaning joins the lines of a cell into one; only a list item (``- Sở Tài chính``)
    or a part after an empty line (``ỦY BAN NHÂN DÂN`` / ``TỈNH THANH HÓA``) starts a new
    line. Two lines of text one after the other are text after the table (``PHỤ LỤC I`` /
    ``TỔNG HỢP KẾT QUẢ ...``).
    """
    filled = [k for k in range(start, end) if lines[k].text]
    if len(filled) > MAX_CELL_LINES:
        return False
    return not any(
        k - 1 in filled and not regexes.OUTLINE_MARKER.match(lines[k].text) for k in filled[1:]
    )


def _tokens(lines: Sequence[Line], k: int) -> tuple[list[_Cell | _Run], int]:
    """The cells and bar runs of the table whose first bar is ``lines[k]``; the line after it.

    A bar followed by a blank line and then text ends the table: inside a table a bar is
    followed at once by a cell or by another bar.
    """
    out: list[_Cell | _Run] = []
    n = len(lines)
    while k < n:
        bars = 0
        last_bar = k
        # (A line's text is stripped: a bar is "|" itself, see ``is_bar``.)
        while k < n and (lines[k].text == "|" or not lines[k].text):
            if lines[k].text:
                bars += 1
                last_bar = k
            k += 1
        out.append(_Run(bars))
        if k >= n or last_bar + 1 < k:  # end of text, or a blank line after the last bar
            return out, last_bar + 1
        first = k
        while k < n and lines[k].text != "|":
            k += 1
        if k >= n or not _is_cell(lines, first, k):  # body text after the table
            return out, first
        text = " ".join(ln.text for ln in lines[first:k] if ln.text)
        last = max(j for j in range(first, k) if lines[j].text)
        out.append(_Cell(text, lines[first].start, lines[last].end))
    return out, k


def _width(tokens: list[_Cell | _Run]) -> int:
    best = count = 0
    for t in tokens:
        if isinstance(t, _Cell):
            count += 1
            best = max(best, count)
        elif t.bars >= 2:
            count = 0
    return best


def _segments(tokens: list[_Cell | _Run]) -> tuple[list[list[_Cell]], list[int]]:
    """Cells grouped between runs of two or more bars, and the bar count of every run.

    ``runs[0]`` opens the table and ``runs[-1]`` closes it; ``runs[i + 1]`` follows
    ``segments[i]``.
    """
    segments: list[list[_Cell]] = [[]]
    runs: list[int] = []
    for t in tokens:
        if isinstance(t, _Cell):
            segments[-1].append(t)
        elif t.bars >= 2 or not segments[-1]:
            runs.append(t.bars)
            segments.append([])
    if not segments[-1]:
        segments.pop()
    else:
        runs.append(1)
    segments = [s for s in segments if s]
    return segments, runs[: len(segments) + 1]


# A choice at a run of bars between two segments: ``None`` keeps the row going (the bars
# are empty cells), ``(t, l)`` ends it with ``t`` empty trailing cells and opens the next
# row with ``l`` empty leading cells.
_Choice = tuple[int, int] | None


_State = tuple[int, int, list[_Choice]]  # full rows, -leading empties, choices so far


def _offer(states: dict[int, _State], length: int, state: _State) -> None:
    best = states.get(length)
    if best is None or state[:2] > best[:2]:
        states[length] = state


def _choices(segments: list[list[_Cell]], runs: list[int], width: int) -> list[_Choice]:
    """The reading of every inner run that gives the most rows of the full width.

    Ties go to fewer empty leading cells (merged cells leave the end of a row empty more
    often than its start).
    """
    # state: row length so far -> (full rows, -leading empties, choices so far)
    start = min(width, max(0, runs[0] - 1) + len(segments[0]))
    states: dict[int, _State] = {start: (0, 0, [])}
    for i in range(1, len(segments)):
        k, size = runs[i], len(segments[i])
        nxt: dict[int, _State] = {}

        for c, (score, lead, path) in states.items():
            if c + k - 1 + size <= width:
                _offer(nxt, c + k - 1 + size, (score, lead, [*path, None]))
            for t in range(0, max(0, k - 2) + 1):
                if t and c + t > width:
                    break
                lo = k - 2 - t
                full = score + (c + t == width)
                _offer(nxt, min(width, lo + size), (full, lead - lo, [*path, (t, lo)]))
        states = nxt
    end = runs[-1] if len(runs) > len(segments) else 1

    def final(item: tuple[int, _State]) -> tuple[int, int]:
        c, (score, lead, _) = item
        return score + (c + min(end - 1, width - c) == width), lead

    return max(states.items(), key=final)[1][2]


def _rows(tokens: list[_Cell | _Run]) -> list[Row]:
    segments, runs = _segments(tokens)
    if not segments:
        return []
    width = _width(tokens)
    choices = _choices(segments, runs, width)
    rows: list[Row] = []
    cells: list[str] = [""] * min(width, max(0, runs[0] - 1))
    spans: list[tuple[int, int]] = []
    for i, segment in enumerate(segments):
        if i:
            choice = choices[i - 1]
            if choice is None:
                cells.extend([""] * (runs[i] - 1))
            else:
                trailing, leading = choice
                cells.extend([""] * trailing)
                rows.append(Row(tuple(cells), spans[0][0], spans[-1][1]))
                cells, spans = [""] * leading, []
        cells.extend(c.text for c in segment)
        spans.extend((c.start, c.end) for c in segment)
    end = runs[-1] if len(runs) > len(segments) else 1
    cells.extend([""] * max(0, min(end - 1, width - len(cells))))
    rows.append(Row(tuple(cells), spans[0][0], spans[-1][1]))
    return rows


# The tables of the lines read last: the targets loader asks twice for the same lines.
_last_tables: tuple[Sequence[Line], list[list[Row]]] | None = None


def cell_tables(lines: Sequence[Line]) -> list[list[Row]]:
    """Every one-cell-per-line table among ``lines``, as rows of cells."""
    global _last_tables
    last = _last_tables
    if last is None or last[0] is not lines:
        last = _last_tables = (lines, _cell_tables(lines))
    return [list(rows) for rows in last[1]]  # copies: a caller may change its own


def _cell_tables(lines: Sequence[Line]) -> list[list[Row]]:
    tables: list[list[Row]] = []
    k = 0
    n = len(lines)
    while k < n:
        if lines[k].text != "|":  # (``is_bar`` of a stripped line)
            k += 1
            continue
        tokens, after = _tokens(lines, k)
        rows = _rows(tokens)
        if rows:
            tables.append(rows)
        k = max(after, k + 1)
    return tables


# ---------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------

# A row that numbers the columns under a header: "1 | 2 | 3 | ... | 11", "(1) | (2)".
# we want to capture:
#   "(1)"   "2"   "(3)=(1)+(2)"
COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?(?:\s*=\s*[()\d+\-*x×/ ]+)?$")
# A cell that opens a data row: a row number or a bullet.
# we want to capture:
#   "1"   "1.2"   "I"   "-"   "+"   "a"
ROW_MARKER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVXL]{1,6}\.?|[-+•*]|[a-zđ][.)]?)$")
# A figure that is not a year: a data cell, never a header.
# we want to capture:
#   "26.120"   "≥ 80"   "7,5"   "100%"
FIGURE = re.compile(r"^\s*(?:[≥≤<>~]=?\s*)?\d[\d.,]*\s*%?\s*$")
_YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}$")


def is_column_numbers(row: Row) -> bool:
    filled = [c for c in row.cells if c]
    return len(filled) >= 2 and all(COLUMN_NUMBER.match(c) for c in filled)


def _is_header(row: Row) -> bool:
    filled = [c for c in row.cells if c]
    if not filled or ROW_MARKER.match(row.cells[0]):
        return False
    return not any(FIGURE.match(c) and not _YEAR_ONLY.match(c.strip()) for c in filled)


def split_header(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """The header rows of a cell table (up to three) and its data rows.

    A row of column numbers under the header is dropped.
    """
    k = 0
    while k < min(3, len(rows) - 1) and _is_header(rows[k]):
        k += 1
    body = rows[k:]
    while body and is_column_numbers(body[0]):
        body = body[1:]
    return rows[:k], body


def header_grid(rows: list[Row], width: int, is_group: Callable[[str], bool]) -> tuple[str, ...]:
    """One label per column from stacked header rows, merged cells spread over their span.

    A header row printed with fewer cells than the table is wide has merged cells; the row
    under it holds their sub-headers, left to right. The merged cells are the last of those
    ``is_group`` accepts (``Giai đoạn 2026 - 2030`` over ``Năm 2026 | ... | Năm 2030``,
    ``Kế hoạch 2026`` over ``Lượng (Tấn) | Giá trị (Nghìn USD)``).
    """
    if not rows:
        return ("",) * width
    grid = list(rows[0].cells)
    for row in rows[1:]:
        subs = list(row.cells)
        while subs and not subs[-1]:
            subs.pop()
        if len(grid) >= width or not subs:
            # A row as wide as the table: its cells stack on the columns' labels.
            for k, cell in enumerate(row.cells[: len(grid)]):
                grid[k] = f"{grid[k]} {cell}".strip()
            continue
        groups = len(grid) + len(subs) - width
        candidates = [k for k, c in enumerate(grid) if is_group(c)]
        if groups < 1 or len(candidates) < groups:
            groups = 1 if candidates else 0
        merged = candidates[len(candidates) - groups :] if groups else []
        if not merged:
            break
        share, extra = divmod(len(subs), len(merged))
        out: list[str] = []
        pos = 0
        for k, label in enumerate(grid):
            if k not in merged:
                out.append(label)
                continue
            n = share + (extra if k == merged[-1] else 0)
            out.extend(f"{label} {sub}".strip() for sub in subs[pos : pos + n])
            pos += n
        grid = out
    grid.extend([""] * (width - len(grid)))
    return tuple(grid[:width])

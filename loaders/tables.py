"""Tables, in the two layouts documents reach us with.

* Markdown pipe tables (``| a | b |`` on one line), as converters from PDF or Word print
  them, sometimes with a row broken over two lines.
* One cell per line between bare ``|`` lines, as a legal-text site publishes its tables
  (after cleaning every cell is one line)::

      |                 <- a row opens
      TT
      |                 <- next cell
      Nội dung
      |
      |                 <- two bars: the row ends and the next opens
      I
      |
      KIỆN TOÀN ...     <- a row of merged cells has fewer cells
      |
      |

  An empty cell is an empty line between two bars, or nothing at all: ``x | | | 2``
  is ``x``, an empty last cell, then the next row. A single bar after a full row, or
  before text that is not a cell, closes the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders import regexes
from policykg.loaders.context import DocContext
from policykg.loaders.structure import Line


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its cells, and its clean span (several lines if it was broken).

    ``spans`` holds the clean span of each cell where the layout gives it (one cell per
    line); it is empty for pipe rows.
    """

    cells: tuple[str, ...]
    start: int
    end: int
    spans: tuple[tuple[int, int], ...] = ()


def cells(line: str) -> tuple[str, ...]:
    """``| a | b |`` -> ``("a", "b")``; an escaped ``\\|`` stays inside its cell."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return tuple(re.sub(r"\s+", " ", c).strip() for c in re.split(r"(?<!\\)\|", s))


# we want to capture the row number that opens a pipe row:
#   "| 5 | Phát triển thương mại điện tử |"   "| 2.1 | Rà soát |"   "| II | Hạ tầng số |"
ROW_NUMBER_REGEX = rf"^\|\s*(?:\d{{1,3}}(?:\.\d{{1,3}})*|{regexes.ROMAN})\.?\s*\|"
ROW_NUMBER = re.compile(ROW_NUMBER_REGEX)


def _opens_row(raw: str, rows: list[Row]) -> bool:
    """A line that starts with a bar is a row of its own, not the rest of the row before
    (whose closing bar is missing), when it starts with a row number or has as many cells
    as the table's first row."""
    if not raw.startswith("|"):
        return False
    if ROW_NUMBER.match(raw):
        return True
    return bool(rows) and len(cells(raw)) == len(rows[0].cells)


def pipe_blocks(ctx: DocContext) -> list[list[Row]]:
    """Runs of consecutive Markdown pipe rows.

    A row the conversion broke over several lines (its closing ``|`` on a later line) is
    joined back; blank lines (a page break) do not end a table, other text does.
    """
    blocks: list[list[Row]] = []
    if "|" not in ctx.text:
        return blocks
    current: list[Row] = []
    open_row: tuple[str, int, int] | None = None  # a row whose closing pipe is on a later line
    for line in ctx.layout.lines:
        raw = line.text  # the line, stripped
        if raw == "|":
            # A bare bar belongs to the one-cell-per-line layout.
            if current:
                blocks.append(current)
                current = []
            open_row = None
            continue
        if open_row is not None and _opens_row(raw, current):
            # The open row only lacked its closing bar: joining would swallow this row.
            current.append(Row(cells(open_row[0]), open_row[1], open_row[2]))
            open_row = None
        if open_row is not None:
            joined = f"{open_row[0]} {raw}"
            if raw.endswith("|") or not raw:
                current.append(Row(cells(joined), open_row[1], line.end))
                open_row = None
            else:
                open_row = (joined, open_row[1], line.end)
            continue
        if raw.startswith("|"):
            if raw.endswith("|") and len(raw) > 1:
                current.append(Row(cells(raw), line.start, line.end))
            else:
                open_row = (raw, line.start, line.end)
            continue
        if raw and current:
            blocks.append(current)
            current = []
    if open_row is not None:
        current.append(Row(cells(open_row[0]), open_row[1], len(ctx.text)))
    if current:
        blocks.append(current)
    return blocks


# ---------------------------------------------------------------------------------------
# One cell per line
# ---------------------------------------------------------------------------------------

# A cell runs to the next bar; more lines than this without a bar is text after a table.
MAX_CELL_LINES = 12


# we want to capture the row-number column of a header row:
#   "TT"   "STT"   "Số TT"   "Stt"
ID_HEADER_REGEX = r"^(?:S[ốô]\s*)?S?TT\.?$|^Số\s+thứ\s+tự$"
ID_HEADER = re.compile(ID_HEADER_REGEX, re.IGNORECASE)


def _row(found: list[tuple[str, int, int]]) -> Row:
    return Row(
        tuple(text for text, _, _ in found),
        found[0][1],
        found[-1][2],
        tuple((a, b) for _, a, b in found),
    )


@dataclass
class _Reader:
    blocks: list[list[Row]]
    rows: list[Row]
    cells: list[tuple[str, int, int]]
    width: int | None = None

    @property
    def room(self) -> int | None:
        return None if self.width is None else self.width - len(self.cells)

    def close_row(self) -> None:
        found = self.cells
        self.cells = []
        if not any(text for text, _, _ in found):
            return
        # "Nơi nhận | TM. ỦY BAN NHÂN DÂN | PHỤ LỤC ... | TT | Nội dung | ...": a header
        # row that the signature block ran into; the table starts at its "TT".
        head = next(
            (k for k, (text, _, _) in enumerate(found) if k and ID_HEADER.match(text)), None
        )
        if head is not None and len(found) - head >= 3:
            self.rows.append(_row(found[:head]))
            self.end_table()
            found = found[head:]
            self.width = None
        self.rows.append(_row(found))
        if self.width is None:
            self.width = len(found)

    def end_table(self) -> None:
        if self.rows:
            self.blocks.append(self.rows)
        self.rows = []

    def empty_cells(self, count: int, at: int) -> None:
        self.cells.extend(("", at, at) for _ in range(count))

    def bars(self, gaps: list[str], at: int) -> bool:
        """Read a run of bars after a cell; ``False`` when a single bar closes the table.

        ``gaps`` says what lies between consecutive bars: nothing (``""``) or an empty
        line (``"empty"``). Both may be an empty cell or the end of the row; the width of
        the header row decides.
        """
        room = self.room
        if not gaps:
            return room is None or room > 0
        if room is None:
            # The header row: empty lines are empty cells, the last bare gap ends it.
            ends = "" in gaps
            self.empty_cells(len(gaps) - ends, at)
            if ends:
                self.close_row()
            return True
        if "" in gaps or room <= 0 or len(gaps) > room:
            self.empty_cells(min(len(gaps) - 1, max(room, 0)), at)
            self.close_row()
        else:
            self.empty_cells(len(gaps), at)
        return True


def _cell_end(lines: tuple[Line, ...], k: int) -> int | None:
    """Index of the bar that closes the cell starting at line ``k``, if it is a cell.

    Cleaning joins the lines of a cell into one; only a list item (``- Sở Tài chính``)
    starts a new line. Two lines of text one after the other are text after the table
    (``PHỤ LỤC`` / ``DANH MỤC NHIỆM VỤ ...``).
    """
    count = 0
    for x in range(k, len(lines)):
        text = lines[x].text
        if text == "|":  # (``is_bar`` of a line's text, which is stripped)
            return x
        if not text:
            continue
        count += 1
        if count > MAX_CELL_LINES:
            return None
        if x > k and lines[x - 1].text and not regexes.OUTLINE_MARKER.match(text):
            return None
    return None


def _read_table(lines: tuple[Line, ...], i: int) -> tuple[list[list[Row]], int]:
    """The tables starting at the bar on line ``i``, and the line after them."""
    n = len(lines)
    reader = _Reader([], [], [])
    j = i
    first = True
    while j < n:
        # The run of bars (and empty lines) starting at j.
        k = j
        gaps: list[str] = []
        last_bar = j
        blank = False
        # (A line's text is stripped: a bar is "|" itself, see ``is_bar``.)
        while k < n and (lines[k].text == "|" or not lines[k].text):
            if lines[k].text == "|":
                if k != j:
                    gaps.append("empty" if blank else "")
                last_bar, blank = k, False
            else:
                blank = True
            k += 1
        after = last_bar + 1
        if k >= n:
            # The text ends after the table: its last bar closes the last row.
            room = reader.room
            at = lines[last_bar].start  # a text offset, like every cell's span
            reader.empty_cells(len(gaps) if room is None else min(len(gaps), room), at)
            break
        if not first and not reader.bars(gaps, lines[last_bar].start):
            break
        first = False
        end = _cell_end(lines, k)
        if end is None:
            break
        content = [line for line in lines[k:end] if line.text]
        reader.cells.append(
            (" ".join(line.text for line in content), content[0].start, content[-1].end)
        )
        j = end
        after = end + 1
    reader.close_row()
    reader.end_table()
    return reader.blocks, after


def cell_rows(ctx: DocContext) -> list[list[Row]]:
    """The tables laid out one cell per line, each a list of rows."""
    lines = ctx.layout.lines
    blocks: list[list[Row]] = []
    if "|" not in ctx.text:
        return blocks
    i = 0
    while i < len(lines):
        if lines[i].text != "|":  # (the text of a line is stripped)
            i += 1
            continue
        tables, after = _read_table(lines, i)
        blocks.extend(tables)
        i = max(after, i + 1)
    return blocks


# The tables of the document read last: the task loader asks twice for the same context.
# Held by the context itself, so that another context is never taken for it.
_last_blocks: tuple[DocContext, list[list[Row]]] | None = None


def table_blocks(ctx: DocContext) -> list[list[Row]]:
    """Every table of the document, in either layout, in text order."""
    global _last_blocks
    last = _last_blocks
    if last is None or last[0] is not ctx:
        blocks = sorted([*pipe_blocks(ctx), *cell_rows(ctx)], key=lambda b: b[0].start)
        last = _last_blocks = (ctx, blocks)
    return [list(block) for block in last[1]]  # copies: a caller may change its own

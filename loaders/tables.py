"""Markdown pipe tables, as documents converted from PDF or Word print them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.context import DocContext


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its cells, and its clean span (several lines if it was broken)."""

    cells: tuple[str, ...]
    start: int
    end: int


def cells(line: str) -> tuple[str, ...]:
    """``| a | b |`` -> ``("a", "b")``; an escaped ``\\|`` stays inside its cell."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return tuple(re.sub(r"\s+", " ", c).strip() for c in re.split(r"(?<!\\)\|", s))


def table_blocks(ctx: DocContext) -> list[list[Row]]:
    """Runs of consecutive table rows.

    A row the conversion broke over several lines (its closing ``|`` on a later line) is
    joined back; blank lines (a page break) do not end a table, other text does.
    """
    blocks: list[list[Row]] = []
    current: list[Row] = []
    open_row: tuple[str, int] | None = None  # a row whose closing pipe is on a later line
    for line in ctx.layout.lines:
        raw = ctx.text[line.start : line.end].strip()
        if open_row is not None:
            joined = f"{open_row[0]} {raw}"
            if raw.endswith("|") or not raw:
                current.append(Row(cells(joined), open_row[1], line.end))
                open_row = None
            else:
                open_row = (joined, open_row[1])
            continue
        if raw.startswith("|"):
            if raw.endswith("|") and len(raw) > 1:
                current.append(Row(cells(raw), line.start, line.end))
            else:
                open_row = (raw, line.start)
            continue
        if raw and current:
            blocks.append(current)
            current = []
    if open_row is not None:
        current.append(Row(cells(open_row[0]), open_row[1], len(ctx.text)))
    if current:
        blocks.append(current)
    return blocks

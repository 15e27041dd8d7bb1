"""The layout of a policy document: letterhead, title, opening, outline, closing.

Vietnamese administrative documents share one layout (Decree 30/2020/NĐ-CP for the State,
Regulation 66-QĐ/TW for the Party): letterhead and national motto, number and place-date,
the title (kind word, then what it is about), an opening paragraph, numbered sections
(``I.``, ``1.``, ``1.1.``, ``a)``, ``-``), then the recipients and the signature.
"""

from __future__ import annotations

import itertools
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

from policykg.loaders import regexes
from policykg.loaders.clean import CleanText
from policykg.loaders.reflow import is_caps

# Outline marker kinds, from the outermost. A new marker closes every open item of its
# rank or deeper, so "1.5." closes "1.4." and the bullets under it.
_RANK = {
    "part": 0,
    "roman": 1,
    "article": 1,
    "number1": 2,
    "number2": 3,
    "number3": 4,
    "number4": 5,
    "letter": 6,
    "bullet": 7,
    "plus": 8,
}

# Lines in capitals that follow a title but are not part of it: the authority of a decision.
_AUTHORITY = re.compile(
    r"^(?:CHỦ\s+TỊCH|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|ỦY\s+BAN|UỶ\s+BAN|HỘI\s+ĐỒNG|BAN\s+THƯỜNG\s+VỤ"
    r"|BAN\s+CHẤP\s+HÀNH|CHÍNH\s+PHỦ|QUỐC\s+HỘI|GIÁM\s+ĐỐC|TỈNH\s+ỦY|TỈNH\s+UỶ|BỘ\s+CHÍNH\s+TRỊ"
    r"|QUYẾT\s+ĐỊNH\s*:|NGHỊ\s+QUYẾT\s*:)"
)
_TITLE_SECOND_LINE = re.compile(
    r"^(?:Về|V/v|Ban\s+hành|Phê\s+duyệt|Sửa\s+đổi|Quy\s+định|Thực\s+hiện|Triển\s+khai|Hướng\s+dẫn"
    r"|Tổ\s+chức|Kiện\s+toàn|Thành\s+lập|Công\s+bố|Bãi\s+bỏ|Tiếp\s+tục|Đẩy\s+mạnh|Tăng\s+cường)\b"
)
_OPENING_STOP = re.compile(r"^(?:Căn\s+cứ|Xét|Theo\s+đề\s+nghị)")


class Line(NamedTuple):
    """One line of the text (``text`` stripped). A named tuple, not a frozen dataclass: a
    document has tens of thousands of lines, and a tuple is made several times faster."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Item:
    """One outline item, with clean offsets."""

    path: tuple[str, ...]
    kind: str
    marker: str
    start: int  # start of the marker line
    text_start: int  # after the marker
    end: int  # where the next item of the same or a shallower rank starts
    line_end: int


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the parts of a document are, as clean offsets."""

    text: str
    lines: tuple[Line, ...]
    head: tuple[int, int]  # letterhead: text before the title
    title: tuple[int, int] | None
    title_word: str | None
    opening: tuple[int, int] | None  # the preamble, or the first paragraph of the body
    body: tuple[int, int]
    closing: tuple[int, int]  # recipients and signature
    items: tuple[Item, ...]
    _line_starts: tuple[int, ...]
    _line_paths: tuple[tuple[str, ...], ...]
    _item_at: dict[int, Item] = field(default_factory=dict, compare=False)
    _markers: dict[int, re.Match[str]] = field(default_factory=dict, compare=False)

    def path_at(self, offset: int) -> tuple[str, ...]:
        """The section path of the line holding ``offset``."""
        k = bisect_right(self._line_starts, offset) - 1
        return self._line_paths[k] if k >= 0 else ()

    def line_index(self, offset: int) -> int:
        """The index in ``lines`` of the line holding ``offset``."""
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def line_at(self, offset: int) -> Line:
        return self.lines[self.line_index(offset)]

    def item_at(self, start: int) -> Item | None:
        """The first outline item that starts at ``start``, if any."""
        return self._item_at.get(start)

    def marker(self, line: Line) -> re.Match[str] | None:
        """``regexes.OUTLINE_MARKER.match`` of ``line``, found once for the lines of the body."""
        if self.body[0] <= line.start < self.body[1] and line.text:
            return self._markers.get(line.start)
        return regexes.OUTLINE_MARKER.match(self.text, line.start, line.end)

    def line_range(self, start: int, end: int) -> range:
        """The indexes in ``lines`` of the lines that start in ``start:end``."""
        starts = self._line_starts
        return range(bisect_left(starts, start), bisect_left(starts, end))

    @property
    def line_paths(self) -> tuple[tuple[str, ...], ...]:
        """The section path of each line, by its index in ``lines``."""
        return self._line_paths

    @property
    def body_markers(self) -> dict[int, re.Match[str]]:
        """The outline marker of each line of the body that has one, by where it starts: what
        ``marker`` gives for a line of the body with text, without a call a line."""
        return self._markers

    def item_titles(self) -> dict[tuple[str, ...], str]:
        """Path -> first line of the item, e.g. ``("III",) -> "TỔ CHỨC THỰC HIỆN"``."""
        return {it.path: self.text[it.text_start : it.line_end].strip() for it in self.items}


def _lines(text: str) -> tuple[Line, ...]:
    raws = text.split("\n")
    lengths = list(map(len, raws))
    # Each line starts after the lines before it and their line breaks.
    starts = list(itertools.accumulate(map((1).__add__, lengths), initial=0))
    ends = list(map(operator.add, starts, lengths))
    # Built by ``map`` over C functions: a document has a hundred thousand lines, and
    # ``Line(...)`` is a Python call per line.
    fields = zip(starts, ends, map(str.strip, raws), strict=False)
    return tuple(map(tuple.__new__, itertools.repeat(Line), fields))


def _find_title(text: str, lines: tuple[Line, ...]) -> tuple[int, int, int, str] | None:
    """Index of the first and last title line, the title start offset and the kind word."""
    limit = min(len(lines), 80)
    for i in range(limit):
        line = lines[i]
        if line.start > 6000:
            break
        if not line.text:
            continue
        m = regexes.TITLE_LINE.match(line.text)
        if not m:
            continue
        rest = m.group("rest").strip()
        # "KẾ HOẠCH" alone, or followed by what it is about; not a sentence that starts
        # with the word ("Kế hoạch này ...") and not a lower-case mention.
        if rest and not (is_caps(rest) or rest[:1].islower() or rest[:1] in '(“"'):
            continue
        last = i
        j = i + 1
        first_continuation = True
        while j < len(lines) and j < i + 12:
            t = lines[j].text
            if not t:
                j += 1
                continue
            if regexes.OUTLINE_MARKER.match(t) and not t[:1].islower():
                break
            if _AUTHORITY.match(t) and not t.startswith("CỦA"):
                break
            words = t.split()
            # All capitals, a lower-case continuation, or a capitals phrase joined to its
            # lower-case remainder by the page-break join ("CỦA BAN CHẤP HÀNH ... về ...").
            ok = is_caps(t) or t[:1].islower() or (len(words) > 2 and is_caps(" ".join(words[:2])))
            if not ok and first_continuation:
                ok = (
                    bool(_TITLE_SECOND_LINE.match(t))
                    and len(t) < 250
                    and not t.rstrip().endswith(":")
                    and not (len(t) > 150 and t.endswith("."))
                )
            if not ok:
                break
            last = j
            first_continuation = False
            j += 1
        raw = text[line.start : line.end]
        return i, last, line.start + len(raw) - len(raw.lstrip(" \t|")), m.group("word")
    return None


@dataclass(slots=True)
class _Open:
    path: tuple[str, ...]
    kind: str
    marker: str
    start: int
    text_start: int
    end: int
    line_end: int


def _items(
    text: str,
    lines: tuple[Line, ...],
    starts: tuple[int, ...],
    body: tuple[int, int],
    markers: dict[int, re.Match[str]],
) -> tuple[list[Item], list[tuple[str, ...]]]:
    """Outline items of the body and the section path of every line (``starts``: where the
    lines start); ``markers`` gets the marker of each item's line."""
    stack: list[tuple[int, _Open]] = []
    opened: list[_Open] = []
    bullet_counts: dict[tuple[str, ...], int] = {}
    paths: list[tuple[str, ...]] = []
    current: tuple[str, ...] = ()  # the path of the lines after the last marker
    # The markers, found at the line starts of the body in one pass: a marker never reaches
    # past its line (no part of OUTLINE_MARKER matches a line break), so they are the
    # markers of the lines, and the lines between two markers all take the first one's path.
    for m in regexes.line_matches(regexes.OUTLINE_MARKER, text, body[0], body[1]):
        i = bisect_left(starts, m.start())
        paths.extend([current] * (i - len(paths)))
        line = lines[i]
        markers[line.start] = m
        kind = m.lastgroup or "bullet"
        marker = m.group(kind)
        if kind == "number":
            kind = f"number{min(marker.count('.') + 1, 4)}"
        rank = _RANK[kind]
        while stack and stack[-1][0] >= rank:
            stack.pop()[1].end = line.start
        parent = stack[-1][1].path if stack else ()
        if kind in ("bullet", "plus"):
            # Bullets are numbered within their parent: "1.4-1", "1.4-2".
            n = bullet_counts.get((*parent, kind), 0) + 1
            bullet_counts[(*parent, kind)] = n
            label = f"{'-' if kind == 'bullet' else '+'}{n}"
        elif kind == "article":
            label = "Điều " + marker.split()[-1]
        else:
            label = marker
        item = _Open((*parent, label), kind, marker, line.start, m.end(), body[1], line.end)
        opened.append(item)
        stack.append((rank, item))
        paths.append(item.path)
        current = item.path
    paths.extend([current] * (len(lines) - len(paths)))
    items = [
        Item(
            path=o.path,
            kind=o.kind,
            marker=o.marker,
            start=o.start,
            text_start=o.text_start,
            end=o.end,
            line_end=o.line_end,
        )
        for o in opened
    ]
    return items, paths


def _closing_start(text: str, lines: tuple[Line, ...], body_start: int) -> int:
    """Where recipients and signature begin: the first of them in the last part."""
    floor = body_start + (len(text) - body_start) // 2
    found = [
        m.start()
        for m in (
            regexes.line_search(regexes.RECIPIENTS, text, floor),
            regexes.line_search(regexes.ON_BEHALF, text, floor),
        )
        if m
    ]
    return min(found) if found else len(text)


def _opening(
    text: str, lines: tuple[Line, ...], start: int, end: int, items: list[Item]
) -> tuple[int, int] | None:
    first_item = next((it.start for it in items if it.start >= start), end)
    # The preamble: text between the title and the first section.
    chunk = text[start:first_item]
    if chunk.strip():
        s = start + len(chunk) - len(chunk.lstrip())
        return s, start + len(chunk.rstrip())
    # No preamble: the first paragraph of the body that is not a heading.
    for line in lines:
        if line.start < first_item or line.start >= end or not line.text:
            continue
        if regexes.OUTLINE_MARKER.match(line.text) or is_caps(line.text):
            continue
        if _OPENING_STOP.match(line.text):
            continue
        return line.start, line.end
    return None


def layout(doc: CleanText) -> Layout:
    """Find the parts of a cleaned document."""
    text = doc.text
    lines = _lines(text)
    found = _find_title(text, lines)
    if found:
        _first, last, title_start, word = found
        title: tuple[int, int] | None = (title_start, lines[last].end)
        head = (0, title_start)
        body_start = lines[last].end
    else:
        title, word, head, body_start = None, None, (0, 0), 0
    closing_start = _closing_start(text, lines, body_start)
    body = (body_start, max(body_start, closing_start))
    markers: dict[int, re.Match[str]] = {}
    starts = tuple(line.start for line in lines)
    items, paths = _items(text, lines, starts, body, markers)
    opening = _opening(text, lines, body_start, body[1], items)
    return Layout(
        text=text,
        lines=lines,
        head=head,
        title=title,
        title_word=word,
        opening=opening,
        body=body,
        closing=(closing_start, len(text)),
        items=tuple(items),
        _line_starts=starts,
        _line_paths=tuple(paths),
        _item_at={it.start: it for it in reversed(items)},
        _markers=markers,
    )


# ---------------------------------------------------------------------------------------
# Spans looked up by offset
# ---------------------------------------------------------------------------------------
# A big file has thousands of items, table rows and field lines: asking each span in turn
# whether it holds an offset, once per offset, made extraction quadratic in the file size.


class Cover:
    """Whether any of a set of spans ``(start, end)`` holds an offset, in logarithmic time.

    Args:
        with_start, with_end: whether a span holds its start, its end.
    """

    __slots__ = ("_reach", "_starts", "_with_end", "_with_start")

    def __init__(
        self, spans: Iterable[tuple[int, int]], *, with_start: bool, with_end: bool
    ) -> None:
        ordered = sorted(spans, key=lambda s: s[0])
        self._starts = [a for a, _ in ordered]
        # The furthest end among the spans that start up to each one.
        self._reach = list(itertools.accumulate((b for _, b in ordered), max))
        self._with_start = with_start
        self._with_end = with_end

    def __call__(self, offset: int) -> bool:
        # The spans that start before the offset (or at it); one of them reaches past it?
        if self._with_start:
            k = bisect_right(self._starts, offset)
        else:
            k = bisect_left(self._starts, offset)
        if k == 0:
            return False
        return self._reach[k - 1] >= offset if self._with_end else self._reach[k - 1] > offset


T = TypeVar("T")


class Innermost(Generic[T]):
    """The innermost of some spans that holds an offset: of those holding it, the one that
    starts last (of equal starts, the last given). One pass over the spans when offsets are
    asked in increasing order, as extractors read a text.

    Args:
        spans: the things, sorted by ``start``.
        start, end: their span.
        strict: whether the offset must lie after the start (``start < offset``).
    """

    def __init__(
        self,
        spans: Sequence[T],
        start: Callable[[T], int],
        end: Callable[[T], int],
        *,
        strict: bool,
    ) -> None:
        self._spans = spans
        self._start = start
        self._end = end
        self._strict = strict
        self._next = 0
        self._open: list[T] = []
        self._last = -1

    def __call__(self, offset: int) -> T | None:
        if offset < self._last:
            self._next, self._open = 0, []  # asked out of order: start again
        self._last = offset
        spans, start, open_ = self._spans, self._start, self._open
        while self._next < len(spans) and (
            start(spans[self._next]) < offset
            if self._strict
            else start(spans[self._next]) <= offset
        ):
            open_.append(spans[self._next])
            self._next += 1
        # A span that ended before this offset ends before every later one too.
        while open_ and self._end(open_[-1]) <= offset:
            open_.pop()
        return open_[-1] if open_ else None

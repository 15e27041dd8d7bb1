"""Cleaning: Unicode NFC, Markdown marks removed, page-break joins.

Every later offset is into the cleaned text; :class:`CleanText` maps it back to the
decoded original file, so a fact can always be shown in the file it came from.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from policykg.loaders import reflow, regexes


class OffsetMap:
    """A piecewise-linear map from offsets in one text to offsets in another.

    Each segment starts at ``dst[k]`` in the target and runs one-to-one from ``src[k]``
    in the source, so the map stays small (one entry per edit, not per character).
    """

    __slots__ = ("_dst", "_src")

    def __init__(self, src: list[int], dst: list[int]) -> None:
        self._src = src
        self._dst = dst

    @classmethod
    def identity(cls) -> OffsetMap:
        return cls([0], [0])

    def __call__(self, i: int) -> int:
        k = bisect_right(self._src, i) - 1
        return self._dst[k] + (i - self._src[k])

    def then(self, outer: OffsetMap) -> OffsetMap:
        """Compose: first ``self`` (clean -> mid), then ``outer`` (mid -> original)."""
        return _Composed(self, outer)


class _Composed(OffsetMap):
    __slots__ = ("_inner", "_outer")

    def __init__(self, inner: OffsetMap, outer: OffsetMap) -> None:
        super().__init__([0], [0])
        self._inner = inner
        self._outer = outer

    def __call__(self, i: int) -> int:
        return self._outer(self._inner(i))


class _Builder:
    """Accumulates output text and the segments that map it back to its input."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.src: list[int] = []
        self.dst: list[int] = []
        self.length = 0

    def add(self, text: str, at: int) -> None:
        """Append ``text``, whose first character comes from input offset ``at``."""
        if not text:
            return
        # Only start a new segment where the mapping is not a continuation of the last one.
        if not self.src or self.dst[-1] + (self.length - self.src[-1]) != at:
            self.src.append(self.length)
            self.dst.append(at)
        self.parts.append(text)
        self.length += len(text)

    def build(self) -> tuple[str, OffsetMap]:
        if not self.src:
            self.src, self.dst = [0], [0]
        return "".join(self.parts), OffsetMap(self.src, self.dst)


def _rewrite(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]
) -> tuple[str, OffsetMap]:
    """Replace every match of ``pattern`` by ``replace(match)``, keeping the offset map."""
    out = _Builder()
    pos = 0
    for m in pattern.finditer(text):
        out.add(text[pos : m.start()], pos)
        out.add(replace(m), m.start())
        pos = m.end()
    out.add(text[pos:], pos)
    return out.build()


def _nfc(text: str) -> tuple[str, OffsetMap]:
    if unicodedata.is_normalized("NFC", text):
        return text, OffsetMap.identity()
    # Decomposed Vietnamese is a base letter followed by combining marks: normalising each
    # such run alone gives the same result as normalising the whole text, and keeps offsets.
    result, offsets = _rewrite(
        text, regexes.COMBINING_RUN, lambda m: unicodedata.normalize("NFC", m.group())
    )
    if not unicodedata.is_normalized("NFC", result):
        # Something other than base+marks (rare outside Vietnamese): the map is approximate.
        result = unicodedata.normalize("NFC", result)
    return result, offsets


def _replace_spans(text: str, spans: list[tuple[int, int]], by: str) -> tuple[str, OffsetMap]:
    """Replace each (sorted, disjoint) span of ``text`` by ``by``, keeping the offset map."""
    out = _Builder()
    pos = 0
    for a, b in spans:
        out.add(text[pos:a], pos)
        out.add(by, a)
        pos = b
    out.add(text[pos:], pos)
    return out.build()


def _noise(m: re.Match[str]) -> str:
    kind = m.lastgroup
    if kind == "escape":
        return m.group("escaped")
    if kind == "space":
        return " "
    if kind == "br":
        return " "
    if kind == "star_bullet":
        return "- "
    if kind == "emphasis" and m.group().startswith("****"):
        # Two bold blocks run together ("**NGHỊ ĐỊNH****Về hợp đồng ...**") were two lines.
        return "\n"
    return ""


def _join(text: str) -> Callable[[re.Match[str]], str]:
    def join(m: re.Match[str]) -> str:
        # A line in capitals (a title word, a signer's title) is not a broken sentence:
        # "PHÓ BÍ THƯ" above an OCR scrap must stay on its own line.
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        letters = [c for c in line if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            return m.group()
        return " "

    return join


@dataclass(frozen=True, slots=True)
class CleanText:
    """The cleaned text of one document and the way back to the original."""

    source: str
    original: str
    text: str
    offsets: OffsetMap
    headings: frozenset[int]  # clean offsets of lines that were Markdown '#' headings

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span to the original text; ``end`` stays exclusive."""
        if end <= start:
            o = self.offsets(start)
            return o, o
        o_end = self.offsets(end - 1) + 1
        # A composed letter may come from a base letter and marks: keep the marks.
        while o_end < len(self.original) and unicodedata.combining(self.original[o_end]):
            o_end += 1
        return self.offsets(start), o_end


def clean(original: str, source: str) -> CleanText:
    """Clean a decoded document.

    Args:
        original: the decoded text of the file.
        source: the file name, carried into every provenance.
    """
    text, to_orig = _nfc(original)
    heading_marks = [to_orig(m.end()) for m in regexes.MARKDOWN_HEADING.finditer(text)]
    text, to_nfc = _rewrite(text, regexes.NOISE, _noise)
    text, to_unchromed = _replace_spans(text, reflow.chrome_spans(text), "")
    text, to_joined = _replace_spans(text, reflow.join_plan(text), " ")
    text, to_denoised = _rewrite(text, regexes.PAGE_BREAK_JOIN, _join(text))
    offsets = to_denoised.then(to_joined).then(to_unchromed).then(to_nfc).then(to_orig)
    headings = _heading_lines(text, offsets, heading_marks)
    return CleanText(
        source=source, original=original, text=text, offsets=offsets, headings=headings
    )


def _heading_lines(text: str, offsets: OffsetMap, mark_ends: list[int]) -> frozenset[int]:
    if not mark_ends:
        return frozenset()
    wanted = set(mark_ends)
    found: set[int] = set()
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            start = offsets(pos)
            # The deleted '#' marks end just before the first kept character of the line,
            # or before emphasis marks that were deleted too ('### **III-').
            for back in range(0, 6):
                if start - back in wanted:
                    found.add(pos)
                    break
        pos += len(line)
    return frozenset(found)

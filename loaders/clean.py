"""Cleaning: Unicode NFC, Markdown marks removed, page-break joins.

Every later offset is into the cleaned text; :class:`CleanText` maps it back to the
decoded original file, so a fact can always be shown in the file it came from.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

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
        """Compose: first ``self`` (clean -> mid), then ``outer`` (mid -> original).

        The result is one flat map, so an offset is mapped back with one lookup however
        many steps cleaning took: every fact's provenance goes through it.
        """
        if outer._src == [0] and outer._dst == [0]:
            return self
        src: list[int] = []
        dst: list[int] = []
        starts, ends = self._src, self._dst
        cuts = outer._src
        for k, (s, d) in enumerate(zip(starts, ends, strict=True)):
            src.append(s)
            dst.append(outer(d))
            # Where the outer map starts a new segment inside this one, so does the result.
            length = starts[k + 1] - s if k + 1 < len(starts) else None
            j = bisect_right(cuts, d)
            while j < len(cuts) and (length is None or cuts[j] < d + length):
                src.append(s + cuts[j] - d)
                dst.append(outer._dst[j])
                j += 1
        return OffsetMap(src, dst)


def _rewrite(
    text: str,
    matches: Iterable[re.Match[str]],
    replace: Callable[[re.Match[str]], str],
) -> tuple[str, OffsetMap]:
    """Replace each of the (ordered, disjoint) ``matches`` by ``replace(match)``, keeping
    the offset map."""
    return _replace_spans(text, [(m.start(), m.end(), replace(m)) for m in matches])


_ESCAPE_OR_GROUP_NAME = re.compile(r"\\.|\(\?P[<=]\w+", re.DOTALL)


def lowered(pattern: str) -> str:
    """A case-insensitive ``pattern`` for text already in lower case.

    Its letters are lowered; escapes (``\\S``) and group names (``(?P<kind>``) are kept.
    ``re.IGNORECASE`` makes ``re`` try every position of the text in turn; a lower-case
    pattern lets it skip to the letters a match can start with, many times faster.
    """
    out = []
    pos = 0
    for m in _ESCAPE_OR_GROUP_NAME.finditer(pattern):
        out.append(pattern[pos : m.start()].lower())
        out.append(m.group())
        pos = m.end()
    out.append(pattern[pos:].lower())
    return "".join(out)


@cache
def caseless(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The :func:`lowered` form of a case-insensitive ``pattern``, for :func:`lower_for` text."""
    return re.compile(lowered(pattern.pattern), pattern.flags & ~re.IGNORECASE)


def lower_for(text: str) -> str | None:
    """``text`` in lower case, where a :func:`caseless` pattern finds what the original one
    finds in ``text``, at the same offsets; ``None`` where it would not: a letter whose lower
    case is longer, or one that IGNORECASE equates with a Latin letter of another lower case
    (dotted and dotless i, long s)."""
    low = text.lower()
    if len(low) != len(text) or "ı" in text or "ſ" in text:
        return None
    return low


def _nfc(text: str) -> tuple[str, OffsetMap]:
    if unicodedata.is_normalized("NFC", text):
        return text, OffsetMap.identity()
    # Decomposed Vietnamese is a base letter followed by combining marks: normalising each
    # such run alone gives the same result as normalising the whole text, and keeps offsets.
    result, offsets = _rewrite(
        text,
        regexes.COMBINING_RUN.finditer(text),
        lambda m: unicodedata.normalize("NFC", m.group()),
    )
    if not unicodedata.is_normalized("NFC", result):
        # Something other than base+marks (rare outside Vietnamese): the map is approximate.
        result = unicodedata.normalize("NFC", result)
    return result, offsets


def _replace_spans(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    """Replace each (sorted, disjoint) span ``(a, b)`` of ``text`` by its string, keeping
    the offset map: the new string maps onto ``a`` onwards, what follows onto ``b`` onwards.
    """
    parts: list[str] = []
    # The map starts with the text kept before the first edit; each piece after that opens
    # a new segment only where the mapping does not go on from the last one (``src[-1]``,
    # ``dst[-1]``, and ``length`` so far). Written out rather than in a helper: a hard-wrapped
    # file has a hundred thousand edits.
    src: list[int] = []
    dst: list[int] = []
    length = pos = 0
    for a, b, by in edits:
        if a > pos:
            if not src or dst[-1] + (length - src[-1]) != pos:
                src.append(length)
                dst.append(pos)
            parts.append(text[pos:a])
            length += a - pos
        if by:
            if not src or dst[-1] + (length - src[-1]) != a:
                src.append(length)
                dst.append(a)
            parts.append(by)
            length += len(by)
        pos = b
    if pos < len(text):
        if not src or dst[-1] + (length - src[-1]) != pos:
            src.append(length)
            dst.append(pos)
        parts.append(text[pos:])
    return "".join(parts), OffsetMap(src or [0], dst or [0])


# Where a match of regexes.NOISE can start: it opens with one of these characters, or (a
# heading, a rule, a star bullet) at the start of a line that opens with one of _LINE_NOISE,
# found as the line break before it. One character class first, so that ``re`` skips
# straight to those characters.
_NOISE_START = re.compile(
    r"[\r\ufeff\u200b\u200c\u200d\u2060\u00ad\t\u00a0\u2007\u202f\u3000<\\*_\n]"
    r"(?:(?<=\n)(?=[ \t#\-=_*])|(?<!\n))"
)
_LINE_NOISE = frozenset(" \t#-=_*")


def _noise_matches(text: str) -> Iterator[re.Match[str]]:
    """``regexes.NOISE.finditer(text)``, several times faster: ``re`` would try the whole
    pattern at every position; this tries it only where a match can start."""
    match = regexes.NOISE.match
    after = 0
    if text[:1] in _LINE_NOISE and (m := match(text, 0)):
        after = m.end()
        yield m
    for candidate in _NOISE_START.finditer(text):
        pos = candidate.start()
        if text[pos] == "\n":
            pos += 1  # the line start after the break
        if pos >= after and (m := match(text, pos)):
            after = m.end()
            yield m


def _page_breaks(text: str) -> Iterator[re.Match[str]]:
    """``regexes.PAGE_BREAK_JOIN.finditer(text)``, tried only at the line breaks before a
    lower-case word, from the spaces that end the line."""
    match = regexes.PAGE_BREAK_JOIN.match
    after = 0
    for candidate in _BREAK_BEFORE_LOWER.finditer(text):
        pos = candidate.start()
        while pos and text[pos - 1] in " \t":
            pos -= 1
        if pos >= after and (m := match(text, pos)):
            after = m.end()
            yield m


_BREAK_BEFORE_LOWER = re.compile(rf"\n(?=[ \t\n]*[{regexes.LOWER}])")


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


def _noise_edits(text: str) -> list[tuple[int, int, str]]:
    """What ``_rewrite(text, _noise_matches(text), _noise)`` replaces, by what; emphasis
    marks (most of the matches of a Markdown file) without a call each."""
    edits = []
    for m in _noise_matches(text):
        a, b = m.span()
        if m.lastgroup == "emphasis":
            by = "\n" if b - a >= 4 and text.startswith("****", a) else ""
        else:
            by = _noise(m)
        edits.append((a, b, by))
    return edits


def _join(text: str) -> Callable[[re.Match[str]], str]:
    def join(m: re.Match[str]) -> str:
        # A line in capitals (a title word, a signer's title) is not a broken sentence:
        # "PHÓ BÍ THƯ" above an OCR scrap must stay on its own line.
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if reflow.is_caps(line):
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
    marks = regexes.line_matches(regexes.MARKDOWN_HEADING, text)
    heading_marks = [to_orig(m.end()) for m in marks]
    text, to_nfc = _replace_spans(text, _noise_edits(text))
    text, to_unchromed = _replace_spans(text, [(a, b, "") for a, b in reflow.chrome_spans(text)])
    text, to_joined = _replace_spans(text, [(a, b, " ") for a, b in reflow.join_plan(text)])
    text, to_denoised = _rewrite(text, _page_breaks(text), _join(text))
    offsets = to_denoised.then(to_joined).then(to_unchromed).then(to_nfc).then(to_orig)
    headings = _heading_lines(text, offsets, heading_marks)
    return CleanText(
        source=source, original=original, text=text, offsets=offsets, headings=headings
    )


def _heading_lines(text: str, offsets: OffsetMap, mark_ends: list[int]) -> frozenset[int]:
    if not mark_ends:
        return frozenset()
    wanted = sorted(mark_ends)
    found: set[int] = set()
    pos = 0
    for line in text.splitlines(keepends=True):
        if not line.isspace():  # (a line from splitlines is never empty)
            start = offsets(pos)
            # The deleted '#' marks end just before the first kept character of the line,
            # or before emphasis marks that were deleted too ('### **III-'): one of them
            # ends 0 to 5 characters before it.
            k = bisect_right(wanted, start)
            if k and wanted[k - 1] >= start - 5:
                found.add(pos)
        pos += len(line)
    return frozenset(found)

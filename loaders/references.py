"""References: every mention of another document, its kind, date, issuer and relation.

Numbers are read from the title to the end of the text: footnotes and appendices after the
signature name documents too; recipients lists, the site's summary line and this
document's own number (also misprinted in an appendix heading) are left out.

The relation comes from the clause a mention stands in. The title and the preamble speak
of the document itself: "Thực hiện X ..." (implements), "Căn cứ X ..." and "Trên cơ sở
X ..." (based_on), "Theo đề nghị ... tại Tờ trình số ..." and "Xét ..." (cites). A clause
lists documents ("Căn cứ X; Y và Z", "Thực hiện X ... về thực hiện Y"); a number named
inside the description of a listed one ("Căn cứ Quyết định số X ... về phê duyệt kế hoạch
thực hiện Quyết định số Y") is only cited, except along a chain of "thực hiện". In the
body "Tiếp tục thực hiện Chương trình số 31-CTr/TU" describes other work: a citation; only
a change this document makes ("Kế hoạch này thay thế ...", an article that opens with
"Bãi bỏ" or "Sửa đổi", "... hết hiệu lực") gives replaces or amends.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from policykg.loaders import codes, places, regexes
from policykg.loaders.clean import caseless, lower_for
from policykg.loaders.context import DocContext
from policykg.loaders.documents import iso_date
from policykg.loaders.structure import Line
from policykg.records import DocumentKind, Link, Provenance, Reference, Relation, Scope

# Stronger relations win when one document is mentioned several times.
_PRIORITY = {
    Relation.REPLACES: 0,
    Relation.AMENDS: 1,
    Relation.IMPLEMENTS: 2,
    Relation.BASED_ON: 3,
    Relation.CITES: 4,
}

# The paragraphs of a preamble, by their first words. "Căn cứ" and "Trên cơ sở" give the
# legal bases (also in an article: "Trên cơ sở Đề án số 401/ĐA-CP ..., Ủy ban Thường vụ
# Quốc hội quyết định"); "Thực hiện" what this document carries out; a proposal or a
# report it was issued upon is only cited.
# we want to capture:
#   "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát ..."
#   "Thực hiện Thông tri số 02-TT/TU ngày 03 tháng 10 năm 2025 của Thành ủy ..."
#   "Để tiếp tục thực hiện nghiêm Chỉ thị số 05/CT-TTg ngày 18/5/2022 của Thủ tướng ..."
#   "(Thực hiện điểm a khoản 2 Điều 28 Luật Thủ đô số 39/2024/QH15)"
#   "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 798/TTr-SNV ngày 25/11/2025"
#   "Xét Tờ trình số 431/TTr-UBND ngày 21 tháng 11 năm 2025 của Ủy ban nhân dân Thành phố"
LEAD_IN_REGEX = r"""
    ^[ \t]*(?:[-+•(][ \t]*)?
    (?:
        (?P<based_on>Căn[ \t]+cứ|Trên[ \t]+cơ[ \t]+sở)
      | (?P<implements>(?:(?:Để|Nhằm)[ \t]+)?(?:tiếp[ \t]+tục[ \t]+)?
            (?:thực[ \t]+hiện|triển[ \t]+khai|quán[ \t]+triệt))
      | (?P<cites>Theo|Xét|Sau[ \t]+khi)
    )
    (?![\w])
"""
_LEAD_IN = re.compile(LEAD_IN_REGEX, re.VERBOSE | re.MULTILINE | re.IGNORECASE)

# The line that closes a preamble and opens the articles.
# we want to capture:  "QUYẾT ĐỊNH:"   "QUYẾT NGHỊ:"   "NGHỊ QUYẾT:"
_DECIDES = re.compile(
    r"^[ \t|]*(?:QUYẾT[ \t]+ĐỊNH|QUYẾT[ \t]+NGHỊ|NGHỊ[ \t]+QUYẾT|CHỈ[ \t]+THỊ|KẾT[ \t]+LUẬN)"
    r"[ \t]*:",
    re.MULTILINE,
)

# A line that goes on with the preamble paragraph above it: the paragraph ends on a list
# separator and the line starts with a listed item.
_CONTINUED = re.compile(r"(?:[;,:]|\bvà|\bcác)\s*$")
_LIST_ITEM = re.compile(
    rf"[-+•]|(?:các\s+)?(?:{regexes.KIND_WORD}|Nghị\s+định|Phương\s+án|Công\s+điện|Tờ\s+trình)"
    rf"|s[ốô]\s",
    re.IGNORECASE,
)

# Words that open the description of a mentioned document: a number after them is named
# inside that description ("Quyết định số 1529/QĐ-UBND ... về phê duyệt kế hoạch hành động
# thực hiện Quyết định số 339/QĐ-TTg"), not one of the documents the paragraph lists.
DESCRIPTION_REGEX = (
    r"về|quy\s+định|hướng\s+dẫn|ban\s+hành|phê\s+duyệt|sửa\s+đổi|bổ\s+sung|thực\s+hiện"
    r"|triển\s+khai|công\s+bố|thành\s+lập|[uủ]y\s+quyền|giao|điều\s+chỉnh|bãi\s+bỏ|thay\s+thế"
    r"|kiện\s+toàn|tổ\s+chức|tăng\s+cường|đẩy\s+mạnh|chỉ\s+đạo|hợp\s+nhất|cụ\s+thể\s+h[oó]"
)
_DESCRIBES = re.compile(rf"(?:{DESCRIPTION_REGEX})(?!\w)", re.IGNORECASE)
# Between two listed documents: nothing but a connective.
_CONNECTIVE = re.compile(r"[\s,]*(?:(?:và|cùng|hoặc)\s+)?(?:các\s+)?(?:s[ốô]\s*:?\s*)?")
# A gap that ends on a list separator: the next document is listed, not described.
_LIST_END = re.compile(r"(?:,|\bvà|\bcùng)\s*(?:các\s+)?(?:s[ốô]\s*:?\s*)?$")
# we want to capture:
#   "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung
#    bởi Luật Sửa đổi, bổ sung một số điều Luật Ban hành văn bản quy phạm pháp luật số
#    87/2025/QH15"
_AMENDED_BY = re.compile(
    r"được\s+sửa\s+đổi(?:,\s*bổ\s+sung)?(?:\s+một\s+số\s+điều)?\s+(?:bởi|theo|tại)\s",
    re.IGNORECASE,
)
# "(sau đây gọi tắt là Nghị quyết số 57-NQ/TW)": the same document again, by its short name.
_ALIAS = re.compile(r"(?:gọi|viết)\s+tắt\s+là\s*$|gọi\s+là\s*$", re.IGNORECASE)

# "Kế hoạch này thay thế Kế hoạch số 26/KH-UBND", "Quyết định này có hiệu lực kể từ ngày
# ban hành; thay thế Danh mục ... tại Quyết định số 1740/QĐ-UBND"
_THIS_CHANGES = re.compile(
    rf"(?:{regexes.THIS_DOCUMENT_REGEX})"
    rf"(?:[^.;,\n]{{0,60}}?|\s+có\s+hiệu\s+lực[^.\n]{{0,80}}?[;,]\s*(?:và\s+)?)"
    rf"(?:(?P<replaces>{regexes.REPLACES_TRIGGER_REGEX})|(?P<amends>{regexes.AMENDS_TRIGGER_REGEX}))",
    re.IGNORECASE,
)
# What may stand between a title's kind word and the change it makes.
_SUBJECT_OPENING = re.compile(r"[\s|]*(?:(?:v[ềe]\s+việc|v/v)\s*)?", re.IGNORECASE)

# An article, or a paragraph of one, whose subject is a change this document makes.
# we want to capture:
#   "Điều 3. Sửa đổi khoản 9 Điều 1 Quyết định số 373/QĐ-TTg ngày 01 tháng 3 năm 2013"
#   "Bãi bỏ TTHC: “...” tại Quyết định số 2083/QĐ-BTC ngày 29/09/2016"
#   "Sửa đổi, bổ sung Quyết định số 616/QĐ-UBND ngày 15/8/2025 của Chủ tịch UBND tỉnh"
CHANGE_LINE_REGEX = r"""
    ^[ \t]*(?:Điều[ \t]+\d{1,3}[ \t]*[.:][ \t]*)?(?:(?:\d{1,2}\.|[a-zđ]\)|[-+])[ \t]*)?
    (?:(?P<replaces>Bãi[ \t]+bỏ|Thay[ \t]+thế|H[uủ][yỷ][ \t]+bỏ)
      |(?P<amends>Sửa[ \t]+đổi|Bổ[ \t]+sung|Đính[ \t]+chính))
    (?!\w)
"""
_CHANGE_LINE = re.compile(CHANGE_LINE_REGEX, re.VERBOSE | re.MULTILINE)
# A note on what this document changes in another one.
# we want to capture:
#   "Lưu ý: Phần chữ in nghiêng là nội dung sửa đổi so với Quyết định số 1818/QĐ-UBND"
_CHANGED_AGAINST = re.compile(
    r"sửa\s+đổi(?:,\s*bổ\s+sung)?\s+so\s+với\s+(?:các\s+)?$", re.IGNORECASE
)
# "... Quyết định số 1308/QĐ-UBND ngày 18/6/2025 ... hết hiệu lực thi hành kể từ ngày ..."
_EXPIRES = re.compile(r"\s(?:hết|không\s+còn)\s+hiệu\s+lực", re.IGNORECASE)

_SELF_TRIGGERS = re.compile(
    rf"(?P<implements>{regexes.IMPLEMENTS_TRIGGER_REGEX})|(?P<based_on>{regexes.BASED_ON_TRIGGER_REGEX})",
    re.IGNORECASE,
)
# "... của Chính phủ thực hiện Nghị quyết số": a described document implements the next one.
# The trigger must lead straight into the next mention (only its kind word between), and
# must not follow "và" or a comma, which would make the citing document its subject.
_DESCRIBES_IMPLEMENTING = re.compile(
    rf"(?<!\svà)(?<!,)\s+(?:{regexes.IMPLEMENTS_TRIGGER_REGEX})\s+"
    rf"(?:(?:{regexes.KIND_WORD})(?:\s+hành\s+động)?\s+)?(?:số\s+)?$",
    re.IGNORECASE,
)
# How far the first listed document may stand from its clause's trigger.
_FIRST_WITHIN = 150
# "..., để đạt được các mục tiêu ... theo Nghị quyết số 21-NQ/TW": a purpose, not a list.
_PURPOSE = re.compile(r",\s*(?:để|nhằm)\s", re.IGNORECASE)
# "Căn cứ các quy định trên, trường hợp thuê đất ... (ngày Nghị định số 103/2024/NĐ-CP":
# the clause goes on in lower case after a comma, past the points of an article.
_CLAUSE_GOES_ON = re.compile(
    rf",\s*(?!(?:điểm|khoản|điều|mục|chương|phần|phụ\s+lục|bổ\s+sung|và)\b)[{regexes.LOWER}]",
)
# A measure that refers to a document, not a change made to it.
_NOT_CHANGED = re.compile(
    r"quy\s+định\s+tại|theo\s+quy\s+định|phù\s+hợp\s+với|\sđể\s|\snhằm\s", re.IGNORECASE
)
_IMPLEMENTS = re.compile(regexes.IMPLEMENTS_TRIGGER_REGEX, re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;\n]|\.\s")

# Article 1 of a decision: "Ban hành kèm theo Quyết định này Kế hoạch thực hiện ..."
_ANNEXED = re.compile(rf"kèm\s+theo\s+(?:{regexes.KIND_WORD})\s+này", re.IGNORECASE)

# Kind words a reference can follow, beyond those of a title.
# we want to capture:
#   "Phương án 02600/PA-UBND"   "Các Công điện: số 007/CĐ-UBND"   "Tờ trình số357/TTr-CP"
REF_KIND_WORD_REGEX = (
    rf"{regexes.KIND_WORD}|Nghị\s+định|Phương\s+án|Công\s+điện|Tờ\s+trình|Quy\s+chuẩn"
    r"|Tiêu\s+chuẩn|Phiếu\s+lấy\s+ý\s+kiến(?:\s+Thành\s+viên\s+Chính\s+phủ)?"
    r"|Quy\s+chế\s+phối\s+hợp|Báo\s+cáo\s+thẩm\s+tra"
)
KIND_BEFORE_REGEX = (
    rf"(?P<kind>{REF_KIND_WORD_REGEX})(?:\s*[:(]?\s*|\s+(?:của\s+\S+(?:\s+\S+){{0,5}}?\s+)?)"
    rf"(?:{regexes.NUMBER_WORD})?[\s:.]*$"
)
_KIND_BEFORE = re.compile(KIND_BEFORE_REGEX, re.IGNORECASE)
_KIND_BEFORE_LOWER = caseless(_KIND_BEFORE)

# A clause that names a document (or a part of one) straight away: "Căn cứ Luật Trật tự,
# an toàn giao thông đường bộ số 36/2024/QH15", "Căn cứ điểm a, khoản 40 Điều 1 Luật số ...".
_NAMES_DOCUMENT = re.compile(
    rf"\s*(?:các\s+)?(?:{REF_KIND_WORD_REGEX}|Hiến\s+pháp|Bộ\s+luật|điểm|khoản|Điều|mục)(?!\w)",
    re.IGNORECASE,
)
# The kind word (and number word) opening a line.
_SUMMARY_LEAD = re.compile(rf"[ \t|*]*(?:{regexes.KIND_WORD})[ \t]+(?:s[ốô][ \t]*:?[ \t]*)?", re.I)

# An appendix heading of this very document: "(Kèm theo Kế hoạch số 980/KH-UBND ngày ...)",
# "(Kèm theo Quyết định số: 203/QĐ-UBND ...)" where the letterhead reads 2031/QĐ-UBND.
APPENDIX_OF_REGEX = rf"""
    \([ \t]*(?:Ban[ \t]+hành[ \t]+)?[Kk]èm[ \t]+theo[ \t]+(?:{regexes.KIND_WORD})
    [ \t]*(?:{regexes.NUMBER_WORD})?[ \t]*[:.]?[ \t]*$
"""
_APPENDIX_OF = re.compile(APPENDIX_OF_REGEX, re.VERBOSE | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Clause:
    """A stretch of text that says how the documents it lists relate to this one."""

    relation: Relation
    start: int  # the trigger: where evidence begins
    body: int  # after the trigger: the listed documents follow
    end: int
    measure: bool = False  # a line opening with a change verb: maybe a measure


@dataclass(slots=True)
class _Merged:
    number: codes.Number
    raw: str
    kind: DocumentKind | None
    date: str | None
    issuer: str | None
    relation: Relation
    evidence: str
    provenance: Provenance
    mentions: list[Provenance] = field(default_factory=list)
    dates: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a numbered document, before merging."""

    number: codes.Number
    raw: str
    start: int
    end: int
    kind: DocumentKind | None
    date: str | None
    issuer: str | None
    relation: Relation
    evidence: tuple[int, int]


# Inside one line, where regexes.SENTENCE_END can only match its first branch: a full stop
# before a capital or a bullet. The match ends on that capital, which must stand before the
# position a sentence is sought for.
_STOP = re.compile(rf"[.!?]\s+(?=[{regexes.UPPER}\-+•*\"“(\d])")
# Where a reference number can start: a digit after no letter, digit or separator (or glued
# to its number word, "số142/2018/NĐ-CP"), or the T and Q of TCVN and QCVN. The pattern opens
# with one character class, so that ``re`` skips straight to those characters. Every number
# but a standard's goes on with a slash or a dash after its digits (REF_NUM, then "/" or
# DASH): the many other numbers (counts, shares, days) are not handed to Python.
_NUMBER_START = re.compile(
    r"""[\dTQ]
    (?: (?<=\d)(?: (?<![\w/.\-–]\d) | (?<=s[ốôoó]\d) | (?<=S[ỐÔOÓ]\d) )
        (?=\d*(?:\.\d+)?[ \t]*[/\-–—])
      | (?<=[TQ])(?=CVN)
    )""",
    re.VERBOSE,
)


def _reference_numbers(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``regexes.REFERENCE_NUMBER.finditer(text, start, end)``, several times faster: the
    pattern opens with look-behinds, so ``re`` would try all of it at every position."""
    match = regexes.REFERENCE_NUMBER.match
    after = start
    for candidate in _NUMBER_START.finditer(text, start, end):
        pos = candidate.start()
        if pos >= after and (m := match(text, pos, end)):
            after = m.end()
            yield m


class _Hit(NamedTuple):
    start: int
    end: int
    group: str | None  # the named group that matched last


class _Found:
    """The matches of one pattern in one window (a line, a sentence), found once and then
    looked up by position. Rescanning the text before every mention made a long line
    quadratic: a sentence citing 5,000 numbers, a file without line breaks.

    A case-insensitive pattern runs lower-cased on the lower-cased window: the same matches,
    several times faster.
    """

    __slots__ = ("_ends", "_hits", "_lower", "_pattern", "_starts", "_text", "_window")

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._pattern = pattern
        self._lower = caseless(pattern) if pattern.flags & re.IGNORECASE else None
        self._text = text
        self._window = (-1, -1)
        self._hits: list[_Hit] = []
        self._starts: list[int] = []
        self._ends: list[int] = []

    def _load(self, window: tuple[int, int]) -> None:
        if window == self._window:
            return
        a, b = window
        low = lower_for(self._text[a:b]) if self._lower is not None else None
        if self._lower is not None and low is not None:
            found = self._lower.finditer(low)
            self._hits = [_Hit(a + m.start(), a + m.end(), m.lastgroup) for m in found]
        else:
            found = self._pattern.finditer(self._text, a, b)
            self._hits = [_Hit(m.start(), m.end(), m.lastgroup) for m in found]
        self._starts = [h.start for h in self._hits]
        self._ends = [h.end for h in self._hits]
        self._window = window

    def first(self, window: tuple[int, int], start: int, end: int) -> _Hit | None:
        """Like ``pattern.search(text, start, end)`` inside ``window``."""
        self._load(window)
        k = bisect_left(self._starts, start)
        return self._hits[k] if k < len(self._hits) and self._ends[k] <= end else None

    def last(self, window: tuple[int, int], start: int, end: int) -> _Hit | None:
        """The last match of ``pattern.finditer(text, start, end)`` inside ``window``."""
        self._load(window)
        k = bisect_right(self._ends, end) - 1
        return self._hits[k] if k >= 0 and self._starts[k] >= start else None

    def hits(self, window: tuple[int, int]) -> list[_Hit]:
        """The matches of ``pattern.finditer(text, *window)``."""
        self._load(window)
        return self._hits


class _Scan:
    """What reading the mentions of one document looks up again and again."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.layout = ctx.layout
        self.lead_ins = _lead_ins(ctx)
        self._stops = _Found(_STOP, self.text)
        self._annexed = _Found(_ANNEXED, self.text)
        self._self_triggers = _Found(_SELF_TRIGGERS, self.text)
        self._this_changes = _Found(_THIS_CHANGES, self.text)
        self._title_triggers = _Found(regexes.TRIGGER, self.text)
        self._own_triggers: dict[tuple[int, int], list[_Hit]] = {}
        self._title_semicolons: list[int] | None = None
        self._quotes: tuple[list[int], list[int]] | None = None

    def sentence(self, pos: int, line: Line) -> tuple[int, int]:
        """The sentence holding ``pos``, within its ``line``: where it starts, and a bound
        past ``pos`` (the capital after its full stop) shared by all its positions."""
        window = (line.start, line.end)
        before = self._stops.last(window, line.start, pos - 1)
        start = before.start + 1 if before else line.start
        after = self._stops.first(window, start, line.end)
        return start, after.end if after else line.end

    def sentence_end(self, pos: int, line: Line) -> int:
        """Where the sentence holding ``pos`` ends, within its ``line``."""
        stop = self._stops.first((line.start, line.end), pos, line.end - 1)
        return stop.start if stop else line.end

    def annexed(self, sentence: tuple[int, int], pos: int) -> bool:
        return self._annexed.first(sentence, sentence[0], pos) is not None

    def self_trigger(
        self, sentence: tuple[int, int], pos: int, *, last: bool = False
    ) -> _Hit | None:
        found = self._self_triggers
        if last:
            return found.last(sentence, sentence[0], pos)
        return found.first(sentence, sentence[0], pos)

    def this_changes(self, sentence: tuple[int, int], pos: int) -> _Hit | None:
        return self._this_changes.last(sentence, sentence[0], pos)

    def title_clause(self, pos: int) -> tuple[int, int]:
        """The clause of the title holding ``pos``, between semicolons."""
        title = self.layout.title
        assert title is not None
        if self._title_semicolons is None:
            self._title_semicolons = [m.start() for m in re.finditer(";", self.text[: title[1]])]
        semicolons = self._title_semicolons
        k = bisect_left(semicolons, pos)
        start = semicolons[k - 1] + 1 if k and semicolons[k - 1] >= title[0] else title[0]
        return start, semicolons[k] if k < len(semicolons) else title[1]

    def title_trigger(self, clause: tuple[int, int], end: int) -> _Hit | None:
        """The first trigger in ``[clause start, end)`` that speaks of this document."""
        window = clause
        own = self._own_triggers.get(window)
        if own is None:
            hits = self._title_triggers.hits(window)
            own = self._own_triggers[window] = [h for h in hits if _title_trigger(self.ctx, h)]
        return own[0] if own and own[0].end <= end else None

    def in_quotes(self, start: int, pos: int) -> bool:
        """Whether more quotes open than close in ``[start, pos)``."""
        if self._quotes is None:
            opens = [m.start() for m in re.finditer("“", self.text)]
            closes = [m.start() for m in re.finditer("”", self.text)]
            self._quotes = (opens, closes)
        if pos <= start:
            return False
        opens, closes = self._quotes
        return bisect_left(opens, pos) - bisect_left(opens, start) > bisect_left(
            closes, pos
        ) - bisect_left(closes, start)


def _preamble_end(ctx: DocContext, start: int) -> int:
    """Where the preamble after the title ends: the first section or article, or the
    "QUYẾT ĐỊNH:" line."""
    text, lay = ctx.text, ctx.layout
    end = lay.body[1]
    for item in lay.items:
        if item.start < start or item.kind in ("bullet", "plus", "letter"):
            continue
        line = text[item.start : item.line_end]
        # "V/V HỖ TRỢ ..." is the title's subject line, not section V.
        if _LEAD_IN.match(line) or re.match(r"\s*V/V\b", line, re.IGNORECASE):
            continue
        end = item.start
        break
    decides = regexes.line_search(_DECIDES, text, start, end)
    return decides.start() if decides else end


# The first letters of the words of LEAD_IN_REGEX, in either case (and the long s that
# IGNORECASE reads as an s): a line that opens with none of them need not be tried.
_LEAD_IN_LETTERS = frozenset("cCtTđĐnNqQxXsSſ")


def _may_lead_in(line: str) -> bool:
    return line.lstrip("-+•( \t")[:1] in _LEAD_IN_LETTERS


def _continues(prev: str, line: str) -> bool:
    """Whether a preamble line goes on with the list of the paragraph above it: "...;" then
    "Công văn số 6676/BYT-CDS ...", not "...;" then "Sau 8 năm triển khai thực hiện ..."."""
    if line[:1].islower():
        return True
    return bool(_CONTINUED.search(prev) and _LIST_ITEM.match(line))


def _lead_ins(ctx: DocContext) -> list[_Clause]:
    """The preamble's paragraphs that list documents, and "Căn cứ" paragraphs anywhere."""
    text, lay = ctx.text, ctx.layout
    start = lay.title[1] if lay.title else lay.head[1]
    pre_end = _preamble_end(ctx, start)
    out: list[_Clause] = []
    cur: _Clause | None = None
    prev = ""
    closing = lay.closing[0]
    for line in lay.lines:
        if not line.text or line.start < start or line.start >= closing:
            continue
        if cur is None and not _may_lead_in(line.text):
            prev = line.text  # (most lines: nothing open, and no lead-in)
            continue
        in_pre = line.start < pre_end
        m = _LEAD_IN.match(text, line.start, line.end) if _may_lead_in(line.text) else None
        if m and (in_pre or m.lastgroup == "based_on"):
            if cur:
                out.append(cur)
            group = m.lastgroup or "cites"
            cur = _Clause(Relation(group), m.start(group), m.end(), line.end)
            if not in_pre:
                out.append(cur)
                cur = None
        elif cur and in_pre and _continues(prev, line.text):
            cur = _Clause(cur.relation, cur.start, cur.body, line.end)
        elif cur:
            out.append(cur)
            cur = None
        prev = line.text
    if cur:
        out.append(cur)
    return out


def _title_trigger(ctx: DocContext, trigger: _Hit) -> bool:
    """Whether a trigger in the title speaks of this document. A change is the document's
    own only when it opens the subject ("Sửa đổi, bổ sung ...", "Về việc bãi bỏ ...");
    "VỀ DỰ THẢO NGHỊ QUYẾT ... SỬA ĐỔI, BỔ SUNG ..." describes another text."""
    if trigger.group in ("implements", "based_on"):
        return True
    lay = ctx.layout
    first_line = lay.line_at(lay.title[0]) if lay.title else None
    if first_line is None:
        return False
    start = trigger.start
    return start <= first_line.end or bool(
        _SUBJECT_OPENING.fullmatch(ctx.text, first_line.end, start)
    )


def _clause_at(scan: _Scan, pos: int, kind_start: int | None = None) -> _Clause | None:
    """The clause that governs the mention at ``pos``, if any (``kind_start``: where its
    kind word starts, when the caller has read it)."""
    text, lay = scan.text, scan.layout
    if lay.title and lay.title[0] <= pos < lay.title[1]:
        # In the title a change is the document's own subject ("Sửa đổi, bổ sung ... Nghị
        # định số ..."), and so is what it carries out.
        trigger = scan.title_trigger(scan.title_clause(pos), pos)
        if trigger is None:
            return None
        return _Clause(
            Relation(trigger.group or "implements"), trigger.start, trigger.end, lay.title[1]
        )
    line = lay.line_at(pos)
    within = scan.sentence(pos, line)
    sentence = within[0]
    if regexes.CLOSING.match(text, sentence) or scan.annexed(within, pos):
        # "Trên đây là Kế hoạch thực hiện ...": the document restates what it carries out.
        trigger = scan.self_trigger(within, pos)
        if trigger:
            return _Clause(
                Relation(trigger.group or "implements"), trigger.start, trigger.end, line.end
            )
    lead_ins = scan.lead_ins
    # The clauses are disjoint and in text order: the only candidate is the last one whose
    # list starts at or before the mention.
    k = bisect_right(lead_ins, pos, key=lambda c: c.body) - 1
    if k >= 0 and pos < lead_ins[k].end:
        return lead_ins[k]
    if not lead_ins and lay.opening and lay.opening[0] <= pos < lay.opening[1]:
        # No preamble: the first paragraph says what the document carries out ("Thời gian
        # qua, quán triệt và thực hiện Nghị quyết số 52-NQ/TW ...").
        trigger = scan.self_trigger(within, pos, last=True)
        if trigger:
            rel = Relation(trigger.group or "implements")
            return _Clause(rel, trigger.start, trigger.end, scan.sentence_end(pos, line))
    this = scan.this_changes(within, pos)
    if this:
        rel = Relation.REPLACES if this.group == "replaces" else Relation.AMENDS
        return _Clause(rel, this.start, this.end, scan.sentence_end(pos, line))
    if kind_start is None:
        kind_start = _kind_before(text, pos)[1]
    against = _CHANGED_AGAINST.search(text, max(sentence, kind_start - 60), kind_start)
    if against:
        return _Clause(Relation.AMENDS, against.start(), against.end(), pos + 1)
    change = _CHANGE_LINE.match(text, line.start, pos)
    if change and any(p.startswith("Điều") for p in lay.path_at(pos)):
        rel = Relation.REPLACES if change.group("replaces") else Relation.AMENDS
        group = "replaces" if change.group("replaces") else "amends"
        end = scan.sentence_end(pos, line)
        return _Clause(rel, change.start(group), change.end(), end, measure=True)
    return None


def _expires(scan: _Scan, mention_end: int, first: bool) -> bool:
    """Whether the sentence says the mentioned document, named first in it, ceases to
    apply ("Nghị quyết số 47/2024/NQ-HĐND ... hết hiệu lực thi hành kể từ ngày ...")."""
    if not first:
        return False
    text = scan.text
    end = scan.sentence_end(mention_end, scan.layout.line_at(mention_end))
    found = _EXPIRES.search(text, mention_end, end)
    return bool(found and not regexes.REFERENCE_NUMBER.search(text, mention_end, found.start()))


def _kind_before(text: str, start: int) -> tuple[DocumentKind | None, int]:
    window_start = max(0, start - 80)
    window = text[window_start:start]
    # The lower-cased window and pattern give the same match several times faster.
    low = lower_for(window)
    m = _KIND_BEFORE_LOWER.search(low) if low is not None else _KIND_BEFORE.search(window)
    if not m:
        return None, start
    return codes.kind_of_word(window[m.start("kind") : m.end("kind")]), window_start + m.start()


def _after(text: str, end: int) -> tuple[str | None, str | None, int]:
    m = regexes.AFTER_NUMBER.match(text[end : end + 260])
    if not m:
        return None, None, end
    date = iso_date(m) if m.group("d") else None
    issuer = m.group("issuer")
    if issuer:
        issuer = re.sub(r"\s+", " ", issuer).strip()
    # The separator after the date or issuer belongs to what follows.
    return date, issuer, end + len(m.group().rstrip(" \t,"))


@dataclass(frozen=True, slots=True)
class _Listed:
    """A mention already read in the current clause."""

    clause: _Clause
    after_end: int
    head: bool
    relation: Relation


def _listed_or_described(
    text: str, clause: _Clause, prev: _Listed | None, kind_start: int
) -> bool | None:
    """Whether a mention is listed by its clause (True), named inside the description of
    the previous one (False), or goes on as the previous one did (None)."""
    if prev is None:
        # "Trên cơ sở các kết quả đạt được và những khó khăn, thách thức ..., để đạt được
        # ... Nghị quyết số 21-NQ/TW": the clause is about something else.
        if clause.relation in (Relation.REPLACES, Relation.AMENDS):
            # "Quyết định này bãi bỏ danh mục 01 thủ tục ... ban hành kèm theo Quyết định
            # số 530/QĐ-UBND": the changed part is named first, however long.
            return True
        if kind_start - clause.body > _FIRST_WITHIN:
            return False
        lead = text[clause.body : kind_start]
        if _PURPOSE.search(lead):
            return False
        if _NAMES_DOCUMENT.match(lead):
            return True
        return bool(_AMENDED_BY.search(lead) or not _CLAUSE_GOES_ON.search(lead))
    gap = text[prev.after_end : kind_start]
    if _AMENDED_BY.search(gap):
        return True
    if ";" in gap or "\n" in gap:
        return True
    rest = gap.lstrip(' \t)”"')
    if _CONNECTIVE.fullmatch(rest):
        return None
    if rest.startswith(",") or re.match(r"(?:và|cùng)\s", rest):
        return not _DESCRIBES.match(rest.lstrip(", \t").removeprefix("và ").removeprefix("cùng "))
    return bool(_LIST_END.search(rest))


def _own_date(ctx: DocContext) -> str | None:
    lay = ctx.layout
    end = lay.title[0] if lay.title else min(len(ctx.text), 3000)
    m = regexes.PLACE_DATE.search(ctx.text, 0, end)
    return iso_date(m) if m else None


def _is_own_appendix(
    text: str,
    start: int,
    number: codes.Number,
    date: str | None,
    own: codes.Number | None,
    own_date: str | None,
) -> bool:
    """An appendix heading that names this document (its number sometimes misprinted)."""
    if not _APPENDIX_OF.search(text, max(0, start - 80), start):
        return False
    if own is None:
        return True
    if date and own_date:
        return date == own_date
    return re.sub(r"^[\d.]+", "", number.text).upper() == re.sub(r"^[\d.]+", "", own.text).upper()


def _site_summary(ctx: DocContext, line: Line, own_keys: set[str]) -> bool:
    """A line after the signature that restates this document's number at its start: the
    publishing site's summary ("Nghị quyết 34/2025/NQ-HĐND sửa đổi Quy định kèm theo Nghị
    quyết 10/2022/NQ-HĐND ... do thành phố Huế ban hành")."""
    lead = _SUMMARY_LEAD.match(ctx.text, line.start, line.end)
    if not lead or not own_keys:
        return False
    first = regexes.REFERENCE_NUMBER.match(ctx.text, lead.end(), line.end)
    return bool(first and codes.normalise(first).text.upper().replace(" ", "") in own_keys)


def _scan_spans(ctx: DocContext, own_keys: set[str]) -> list[tuple[int, int]]:
    """Where references are read: from the title to the end (footnotes and appendices after
    the signature name documents too), less recipients lists and the site's summary."""
    text, lay = ctx.text, ctx.layout
    start = lay.title[0] if lay.title else lay.head[1]
    skipped: list[tuple[int, int]] = []
    in_recipients = False
    k = lay.line_index(lay.closing[0])  # the lines from the closing on
    k += lay.lines[k].start < lay.closing[0]
    for line in lay.lines[k:]:
        if regexes.RECIPIENTS.match(text, line.start, line.end):
            in_recipients = True
        elif in_recipients and not line.text.startswith(("-", "+", "•")):
            in_recipients = False
        if in_recipients or _site_summary(ctx, line, own_keys):
            skipped.append((line.start, line.end))
    spans = []
    pos = start
    for s_start, s_end in skipped:
        if s_start > pos:
            spans.append((pos, s_start))
        pos = max(pos, s_end)
    spans.append((pos, len(text)))
    return spans


# The scan of the document parsed last: find_mentions and named_references read the same
# context, and building the scan (its lead-ins go over every line) is not free. Held by the
# context itself, so that another context is never taken for it.
_last_scan: tuple[DocContext, _Scan] | None = None


def _scan_of(ctx: DocContext) -> _Scan:
    global _last_scan
    last = _last_scan
    if last is not None and last[0] is ctx:
        return last[1]
    scan = _Scan(ctx)
    _last_scan = (ctx, scan)
    return scan


def find_mentions(ctx: DocContext, own_number: str | None = None) -> list[Mention]:
    """Every mention of a numbered document after the letterhead."""
    text = ctx.text
    own = codes.parse_number(own_number) if own_number else None
    own_keys = {n.upper().replace(" ", "") for n in (own_number, own.text if own else None) if n}
    own_date = _own_date(ctx)
    scan = _scan_of(ctx)
    out = []
    listed: _Listed | None = None
    last_sentence = -1
    for span in _scan_spans(ctx, own_keys):
        for m in _reference_numbers(text, *span):
            number = codes.normalise(m)
            if number.text.upper().replace(" ", "") in own_keys:
                continue
            kind, kind_start = _kind_before(text, m.start())
            date, issuer, after_end = _after(text, m.end())
            if _is_own_appendix(text, m.start(), number, date, own, own_date):
                continue
            clause = _clause_at(scan, m.start(), kind_start)
            if clause and clause.measure and _NOT_CHANGED.search(text, clause.body, kind_start):
                # "Bổ sung giải pháp ... theo quy định tại Phụ lục H QCVN 06:2022/BXD": a
                # measure that refers to the document, not a change made to it.
                clause = None
            relation, ev_start = Relation.CITES, kind_start
            if clause is not None and not scan.in_quotes(clause.body, m.start()):
                prev = listed if listed is not None and listed.clause == clause else None
                if _ALIAS.search(text, max(0, kind_start - 40), kind_start):
                    listed_now: bool | None = False
                else:
                    listed_now = _listed_or_described(text, clause, prev, kind_start)
                if listed_now is None and prev is not None:
                    head, relation = prev.head, prev.relation
                elif listed_now:
                    head, relation = True, clause.relation
                else:
                    head = False
                    gap = text[prev.after_end if prev else clause.body : kind_start]
                    implements = clause.relation is Relation.IMPLEMENTS and _IMPLEMENTS.search(gap)
                    relation = Relation.IMPLEMENTS if implements else Relation.CITES
                if relation is not Relation.CITES:
                    ev_start = clause.start
                if not _ALIAS.search(text, max(0, kind_start - 40), kind_start):
                    listed = _Listed(clause, after_end, head, relation)
            line = ctx.layout.line_at(m.start())
            sentence = scan.sentence(m.start(), line)[0]
            if relation is Relation.CITES and _expires(scan, after_end, sentence != last_sentence):
                relation = Relation.REPLACES
            last_sentence = sentence
            ev_start = min(ev_start, kind_start)
            if m.start() - ev_start > 160:
                ev_start = kind_start
            ev_end = max(m.end(), min(after_end, ev_start + 200))
            out.append(
                Mention(
                    number=number,
                    raw=m.group().strip(),
                    start=m.start(),
                    end=m.end(),
                    kind=kind or number.kind,
                    date=date,
                    issuer=issuer,
                    relation=relation,
                    evidence=(ev_start, ev_end),
                )
            )
    return out


def _scope(number: codes.Number, jurisdiction: str | None) -> tuple[Scope, str | None, str | None]:
    """Scope, jurisdiction and stable key of a referenced number."""
    scope = number.scope
    if scope is Scope.UNKNOWN and jurisdiction == places.CENTRAL:
        scope = Scope.NATIONAL
    if scope is Scope.NATIONAL:
        return scope, places.CENTRAL, f"tw/{number.text}"
    # A local number (or one we cannot place) names a document of the citing province:
    # 02-NQ/TU of Thái Bình is not 02-NQ/TU of Hải Dương.
    if jurisdiction and jurisdiction != places.CENTRAL:
        return scope, jurisdiction, f"{places.slug(jurisdiction)}/{number.text}"
    return scope, None, None


def merge(ctx: DocContext, mentions: list[Mention]) -> tuple[Reference, ...]:
    """One reference per document, strongest relation first seen, all mentions kept."""
    merged: dict[str, _Merged] = {}
    for mention in mentions:
        key = mention.number.text.upper()
        prov = ctx.provenance(mention.start, mention.end)
        ev = ctx.text[mention.evidence[0] : mention.evidence[1]]
        cur = merged.get(key)
        if cur is None:
            cur = merged[key] = _Merged(
                number=mention.number,
                raw=mention.raw,
                kind=mention.kind,
                date=mention.date,
                issuer=mention.issuer,
                relation=mention.relation,
                evidence=ev,
                provenance=ctx.provenance(*mention.evidence),
            )
        else:
            if _PRIORITY[mention.relation] < _PRIORITY[cur.relation]:
                cur.relation, cur.evidence = mention.relation, ev
                cur.provenance = ctx.provenance(*mention.evidence)
            cur.kind = cur.kind or mention.kind
            cur.date = cur.date or mention.date
            cur.issuer = cur.issuer or mention.issuer
        cur.mentions.append(prov)
        if mention.date:
            cur.dates.add(mention.date)
    out = []
    for cur in merged.values():
        scope, jurisdiction, ref_key = _scope(cur.number, ctx.jurisdiction)
        conflicts: tuple[str, ...] = ()
        if len(cur.dates) > 1:
            conflicts = (f"dates disagree: {', '.join(sorted(cur.dates))}",)
        out.append(
            Reference(
                number=cur.number.text,
                raw=cur.raw,
                name=None,
                kind=cur.kind,
                date=cur.date,
                issuer=cur.issuer,
                relation=cur.relation,
                scope=scope,
                jurisdiction=jurisdiction,
                key=ref_key,
                evidence=re.sub(r"\s+", " ", cur.evidence).strip(),
                provenance=cur.provenance,
                mentions=tuple(cur.mentions),
                conflicts=conflicts,
            )
        )
    return tuple(out)


def named_references(ctx: DocContext) -> tuple[Reference, ...]:
    """References by name only: "Đề án 06", "Chương trình chuyển đổi số quốc gia"."""
    seen: dict[str, Reference] = {}
    lay = ctx.layout
    scan = _scan_of(ctx)
    start_at = lay.title[0] if lay.title else 0
    for m in regexes.NAMED_REFERENCE.finditer(ctx.text, start_at, lay.closing[0]):
        name = re.sub(r"\s+", " ", m.group()).strip(" ,.;")
        key = name.casefold()
        if key in seen:
            continue
        clause = _clause_at(scan, m.start())
        relation = clause.relation if clause else Relation.CITES
        prov = ctx.provenance(m.start(), m.end())
        seen[key] = Reference(
            number=None,
            raw=None,
            name=name,
            kind=codes.kind_of_word(m.group("kind")),
            date=None,
            issuer=None,
            relation=relation if relation is not Relation.BASED_ON else Relation.CITES,
            scope=Scope.UNKNOWN,
            jurisdiction=None,
            key=None,
            evidence=name,
            provenance=prov,
            mentions=(prov,),
        )
    return tuple(seen.values())


def extract_links(ctx: DocContext, mentions: list[Mention]) -> tuple[Link, ...]:
    """Relations the text states between two other documents.

    We want to capture:
        Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung cập nhật
        Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW
        Kế hoạch số 88-KH/TU ngày 20/11/2018 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết 30
    """
    out: dict[tuple[str, str], Link] = {}
    text = ctx.text
    for a, b in itertools.pairwise(mentions):
        between = text[a.end : b.start]
        if len(between) > 400 or _CLAUSE_BREAK.search(between):
            continue
        if not _DESCRIBES_IMPLEMENTING.search(between):
            continue
        source = _scope(a.number, ctx.jurisdiction)[2]
        target = _scope(b.number, ctx.jurisdiction)[2]
        if source and target and source != target and (source, target) not in out:
            prov = ctx.provenance(a.start, b.end)
            out[(source, target)] = Link(
                source=source, relation=Relation.IMPLEMENTS, target=target, provenance=prov
            )
    return tuple(out.values())


def extract_references(ctx: DocContext, own_number: str | None = None) -> tuple[Reference, ...]:
    """Numbered references (merged by number) followed by named ones."""
    return merge(ctx, find_mentions(ctx, own_number)) + named_references(ctx)

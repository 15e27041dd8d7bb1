"""Tasks: numbered items with a lead-agency line, and rows of Markdown task tables.

Plans list their tasks in one of two ways. In prose, an item is followed by the lines
``Cơ quan chủ trì: ...`` (and sometimes ``Cơ quan phối hợp: ...``, ``Thời hạn: ...``).
In a table, each row is a task with columns for the lead and coordinating bodies, the
product and the deadline. Both give :class:`Task` records with the task id as printed.

Ids: an item's own number ("1.1", "2.10"); bullets that each carry their own lead line
are tasks "<item>-<bullet index>" ("1.4-2"); bullets sharing one lead line after the
last of them are one task with the item's id. A table row's id is its STT as printed;
when the numbering restarts inside the table's groups ("I", "II", ...), the row id is
"<group>.<STT>" ("II.3") so that ids stay unique.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from policykg.loaders import agencies, places, regexes
from policykg.loaders.context import DocContext
from policykg.loaders.reflow import is_bar
from policykg.loaders.regexes import LETTER
from policykg.loaders.structure import Cover, Innermost, Item
from policykg.loaders.tables import Row, table_blocks
from policykg.records import Deadline, ParseWarning, Task

TEXT_LIMIT = 100

# ---------------------------------------------------------------------------------------
# Field lines under an item
# ---------------------------------------------------------------------------------------

# A field line may be a list item of its own: "- Cơ quan chủ trì:", "b) Cơ quan thực hiện:".
_BULLET = r"[ \t]*(?:(?:[-+•*]|[a-zđ][).])[ \t]*)?\(?"
_BODY = r"(?:[Cc]ơ[ \t]+quan|[Đđ]ơn[ \t]+vị)"
_COLON = r"[ \t]*[:：][ \t]*"

# we want to capture:
#   "Cơ quan chủ trì: Sở Khoa học và Công nghệ."
#   "Cơ quan chủ trì tham mưu: Sở Khoa học và Công nghệ."
#   "Cơ quan đầu mối: Trường Đại học Y - Dược Thái Bình."
#   "- Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với ..."  (31fb08f34535fce3.md:160)
#   "- Đơn vị chủ trì thực hiện: Các sở, ban, ngành"  (issue 11)
LEAD_LINE_REGEX = rf"""
    ^{_BULLET}
    (?P<label>
        {_BODY}[ \t]+(?:chủ[ \t]+trì(?:[ \t]+(?:tham[ \t]+mưu|thực[ \t]+hiện|triển[ \t]+khai))?
                       |đầu[ \t]+mối|thực[ \t]+hiện|chịu[ \t]+trách[ \t]+nhiệm)
      | Chủ[ \t]+trì
    )
    {_COLON}(?P<value>[^\n]*)$
"""
LEAD_LINE = re.compile(LEAD_LINE_REGEX, re.VERBOSE | re.MULTILINE)

# we want to capture:
#   "Cơ quan phối hợp: Sở Tài chính, Sở Nội vụ."
#   "Đơn vị phối hợp: Các sở, ban, ngành"
#   "- Phối hợp: Công an tỉnh"
COORD_LINE_REGEX = rf"""
    ^{_BULLET}
    (?P<label>(?:{_BODY}[ \t]+)?[Pp]hối[ \t]+hợp(?:[ \t]+thực[ \t]+hiện)?)
    {_COLON}(?P<value>[^\n]*)$
"""
COORD_LINE = re.compile(COORD_LINE_REGEX, re.VERBOSE | re.MULTILINE)

# we want to capture:
#   "Thời gian hoàn thành: Quý II/2025."   "Thời hạn: Trước 30/6/2025"   "Tiến độ: Hằng năm"
DEADLINE_LINE_REGEX = rf"""
    ^{_BULLET}
    (?P<label>Thời[ \t]+(?:gian|hạn)(?:[ \t]+(?:hoàn[ \t]+thành|thực[ \t]+hiện))?
            | Tiến[ \t]+độ(?:[ \t]+(?:hoàn[ \t]+thành|thực[ \t]+hiện))?)
    {_COLON}(?P<value>[^\n]*)$
"""
DEADLINE_LINE = re.compile(DEADLINE_LINE_REGEX, re.VERBOSE | re.MULTILINE)

# we want to capture:
#   "Sản phẩm: Kế hoạch của Ủy ban nhân dân tỉnh."   "Kết quả: Quyết định phê duyệt"
RESULT_LINE_REGEX = rf"""
    ^{_BULLET}
    (?P<label>Sản[ \t]+phẩm(?:[ \t]+đầu[ \t]+ra)?
            | Kết[ \t]+quả(?:[ \t]+đầu[ \t]+ra)?
            | Hình[ \t]+thức[ \t]+văn[ \t]+bản)
    {_COLON}(?P<value>[^\n]*)$
"""
RESULT_LINE = re.compile(RESULT_LINE_REGEX, re.VERBOSE | re.MULTILINE)

# The task's own words under a label, when the item is laid out in parts:
#   "a) Nhiệm vụ: Rà soát các văn bản quy phạm pháp luật"  (issue 11)
#   "- Nội dung thực hiện: Tổ chức phổ biến, giáo dục Luật Việc làm"  (2f6f80b9918e52de.md:50)
#   "- Nội dung: Triển khai Tháng hành động"  (31fb08f34535fce3.md:158)
TEXT_LINE_REGEX = rf"""
    ^{_BULLET}
    (?P<label>Nhiệm[ \t]+vụ | Tên[ \t]+nhiệm[ \t]+vụ
            | Nội[ \t]+dung(?:[ \t]+(?:thực[ \t]+hiện|công[ \t]+việc|nhiệm[ \t]+vụ))?)
    {_COLON}(?P<value>[^\n]*)$
"""
TEXT_LINE = re.compile(TEXT_LINE_REGEX, re.VERBOSE | re.MULTILINE)

# Labels of an administrative procedure: its "Cơ quan thực hiện" handles files, it is not
# told to carry out a task.
# we want to capture:
#   "- Trình tự thực hiện:"   "Thời hạn giải quyết: 10 ngày"   "- Phí, lệ phí: Không"
PROCEDURE_LINE_REGEX = r"""
    ^[ \t]*(?:[-+•*][ \t]*|[a-zđ0-9.]{1,6}[).][ \t]*)?
    (?:Trình[ \t]+tự[ \t]+thực[ \t]+hiện | Thời[ \t]+hạn[ \t]+giải[ \t]+quyết
      | (?:Phí,[ \t]*)?[Ll]ệ[ \t]+phí | Cách[ \t]+thức[ \t]+thực[ \t]+hiện
      | Thành[ \t]+phần,?[ \t]+số[ \t]+lượng[ \t]+hồ[ \t]+sơ
      | Đối[ \t]+tượng[ \t]+thực[ \t]+hiện | Cơ[ \t]+quan[ \t]+có[ \t]+thẩm[ \t]+quyền)
"""
PROCEDURE_LINE = re.compile(PROCEDURE_LINE_REGEX, re.VERBOSE | re.MULTILINE)

# A remark inside a list of bodies, not a body:
#   "các sở, ban, ngành Thành phố trong phạm vi chức năng, nhiệm vụ của mình"
#   (2f6f80b9918e52de.md:72)
REMIT_REGEX = r"""
    \s*(?:trong|theo)\s+(?:phạm\s+vi\s+)?(?:chức\s+năng|lĩnh\s+vực|thẩm\s+quyền)
    (?:[,\s]+(?:nhiệm\s+vụ|quyền\s+hạn|lĩnh\s+vực|được\s+giao|quản\s+lý))*
    (?:\s+(?:của\s+mình|được\s+giao|quản\s+lý))?
"""
REMIT = re.compile(REMIT_REGEX, re.VERBOSE)

# we want to capture the coordinating bodies inside a lead value:
#   "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành"  (31fb08f34535fce3.md:160)
COORD_IN_VALUE = re.compile(r"[,;]?\s*phối\s+hợp(?:\s+(?:với|cùng))?\s+")

# we want to capture the bodies a task's own text says it works with:
#   "Phối hợp với Bộ Y tế thực hiện phương án đầu tư"
#   "đầu mối phối hợp với các cơ quan Trung ương (Bộ Công an, Bộ Quốc phòng, ...)"
#   "Tăng cường sự phối hợp của các sở, ban, ngành, đơn vị và địa phương."
#   "Chủ trì, phối hợp Bộ Công an tham mưu cơ chế chấm điểm"  (74e2ddc7b11340da.md:941)
COORD_IN_TEXT_REGEX = rf"""
    (?<![{LETTER}])[Pp]hối[ \t]+hợp[ \t]+(?:chặt[ \t]+chẽ[ \t]+)?(?:(?:với|của|cùng)[ \t]+)?
    (?P<who>(?:(?![Pp]hối[ \t]+hợp)[^.;:\n])+)
"""
COORD_IN_TEXT = re.compile(COORD_IN_TEXT_REGEX, re.VERBOSE)

# ---------------------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d{2}"
_ROMAN_QUARTER = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# we want to capture:
#   "Quý II/2025"   "quý 3 năm 2026"   "Trước Quý IV/2025"
QUARTER_REGEX = (
    rf"[Qq]uý[ \t]+(?P<q>IV|I{{1,3}}|[1-4])[ \t]*(?:/|[ \t]+năm[ \t]+|-)[ \t]*(?P<y>{_YEAR})"
)
QUARTER = re.compile(QUARTER_REGEX)

# we want to capture:
#   "Trước 30/6/2025"   "trước ngày 31/12/2025"   "15-3-2026"
DATE_REGEX = rf"(?P<d>\d{{1,2}})[ \t]*[/.-][ \t]*(?P<m>\d{{1,2}})[ \t]*[/.-][ \t]*(?P<y>{_YEAR})"
DATE = re.compile(DATE_REGEX)

# we want to capture:
#   "Tháng 6/2025"   "tháng 12 năm 2025"
MONTH_REGEX = rf"[Tt]háng[ \t]+(?P<m>\d{{1,2}})[ \t]*(?:/|[ \t]+năm[ \t]+|-)[ \t]*(?P<y>{_YEAR})"
MONTH = re.compile(MONTH_REGEX)

# we want to capture:
#   "2025-2030"   "Giai đoạn 2026 - 2030"   "2025 – 2027"
RANGE_REGEX = rf"(?P<a>{_YEAR})[ \t]*[-–—][ \t]*(?P<b>{_YEAR})"
RANGE = re.compile(RANGE_REGEX)

YEAR = re.compile(rf"(?<!\d)(?P<y>{_YEAR})(?!\d)")
BEFORE = re.compile(r"(?i)\b(?:trước|chậm\s+nhất|không\s+quá)\b")
ANNUAL = re.compile(r"(?i)\b(?:hằng|hàng)\s+năm\b|\bđịnh\s+kỳ\s+(?:hằng|hàng)\s+năm\b")
CONTINUOUS = re.compile(r"(?i)\b(?:thường\s+xuyên|liên\s+tục)\b")
FROM = re.compile(r"(?i)^\s*từ\s+(?:năm\s+)?(?=\d)")


def parse_deadline(text: str) -> Deadline | None:
    """The deadline as written and normalised; ``None`` for an empty cell.

    "2025" -> "2025"; "Quý II/2025" -> "2025-Q2"; "Trước 30/6/2025" -> "before:2025-06-30";
    "Hằng năm" -> "annual"; "Thường xuyên" -> "continuous"; "Tháng 6/2025" -> "2025-06";
    "Giai đoạn 2026-2030" -> "2026/2030".
    """
    raw = re.sub(r"\s+", " ", text).strip().strip(".;,")
    if not raw or raw in ("-", "–"):
        return None
    value: str | None = None
    year: int | None = None
    if m := RANGE.search(raw):
        value, year = f"{m['a']}/{m['b']}", int(m["b"])
    elif m := QUARTER.search(raw):
        value, year = f"{m['y']}-Q{_ROMAN_QUARTER[m['q']]}", int(m["y"])
    elif m := DATE.search(raw):
        value, year = f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}", int(m["y"])
    elif m := MONTH.search(raw):
        value, year = f"{m['y']}-{int(m['m']):02d}", int(m["y"])
    elif m := YEAR.search(raw):
        value, year = m["y"], int(m["y"])
    if ANNUAL.search(raw) and (value is None or value == str(year)):
        return Deadline(text=raw, year=year, value="annual")
    if CONTINUOUS.search(raw) and value is None:
        return Deadline(text=raw, year=None, value="continuous")
    if value is not None and "/" not in value:
        if BEFORE.search(raw):
            value = f"before:{value}"
        elif FROM.search(raw):
            value = f"from:{value}"
    return Deadline(text=raw, year=year, value=value)


# ---------------------------------------------------------------------------------------
# Tasks from items with lead lines
# ---------------------------------------------------------------------------------------


@dataclass
class _Draft:
    id: str
    start: int  # region of the text that belongs to the task
    text_start: int
    end: int
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    result: str | None = None
    field_end: int = 0
    warnings: list[str] = field(default_factory=list)


def _item_id(item: Item) -> str:
    label = item.path[-1]
    if item.kind in ("bullet", "plus"):
        parent = item.path[-2] if len(item.path) > 1 else ""
        return f"{parent}{label}"
    if item.kind == "letter" and len(item.path) > 1:
        # "a)" under "2." is printed "a)"; "2.a" keeps it unique in the document.
        return f"{item.path[-2]}.{label}"
    return str(label)


# we want to capture an item number printed without its text (a bad conversion):
#   "1.2."   "3.4"
BARE_ITEM_REGEX = r"^[ \t]*(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})\.?[ \t]*$"
BARE_ITEM = re.compile(BARE_ITEM_REGEX, re.MULTILINE)


def _bare_items(ctx: DocContext, items: list[Item]) -> list[Item]:
    """Items whose number stands alone on its line: the outline does not see them."""
    out = []
    body_start, body_end = ctx.layout.body
    starts = sorted(it.start for it in items)
    for m in regexes.line_matches(BARE_ITEM, ctx.text, body_start, body_end):
        k = bisect_right(starts, m.start())
        end = starts[k] if k < len(starts) else body_end
        label = m.group("label")
        kind = f"number{min(label.count('.') + 1, 4)}"
        out.append(Item((label,), kind, label, m.start(), m.end(), end, m.end()))
    return out


# The first word of every field label above: a line that opens with none is no field line.
# One pass over the text finds the lines to try the five patterns on, rather than five.
FIELD_START = re.compile(
    rf"^{_BULLET}(?:[Cc]ơ|[Đđ]ơn|Chủ|[Pp]hối|Thời|Tiến|Sản|Kết|Hình|Nhiệm|Tên|Nội)", re.MULTILINE
)
_FIELD_LINES = (
    ("lead", LEAD_LINE),
    ("coord", COORD_LINE),
    ("deadline", DEADLINE_LINE),
    ("result", RESULT_LINE),
    ("text", TEXT_LINE),
)


def _lead_lines(text: str) -> Iterator[re.Match[str]]:
    """``LEAD_LINE.finditer(text)``, tried only on the lines FIELD_START finds."""
    for line in regexes.line_matches(FIELD_START, text):
        if m := LEAD_LINE.match(text, line.start()):
            yield m


def _field_lines(text: str) -> list[tuple[str, re.Match[str]]]:
    """The field lines of ``text`` in order, with their kind."""
    found = []
    for line in regexes.line_matches(FIELD_START, text):
        for kind, pattern in _FIELD_LINES:
            if m := pattern.match(text, line.start()):
                found.append((kind, m))
    return found


def _table_spans(ctx: DocContext) -> list[tuple[int, int]]:
    return [(r.start, r.end) for block in table_blocks(ctx) for r in block]


def _lead_and_coordinating(value: str, keep_place: bool) -> tuple[list[str], list[str]]:
    """The bodies of a lead line: "Sở A chủ trì, phối hợp với Sở B; Sở C chủ động ...".

    Each clause names its bodies before its verb; "phối hợp với" names the coordinating
    ones. ``keep_place``: a central document, whose bodies are told apart by their place.
    """
    value, extra = _split_value(value)
    lead: list[str] = []
    split = functools.partial(agencies.split_agencies, keep_place=keep_place)
    coords: list[str] = list(split(extra)) if extra else []
    for clause in re.split(r";\s*", REMIT.sub("", value)):
        m = COORD_IN_VALUE.search(clause)
        if m and m.start() > 0:
            rest = clause[m.end() :]
            coords += split(agencies.phrase_before_verb(rest) or rest)
            clause = clause[: m.start()]
        head = agencies.phrase_before_verb(clause)
        for name in split(head if head.strip() else clause):
            if name not in lead:
                lead.append(name)
    return lead, [c for c in dict.fromkeys(coords) if c not in lead]


def _listed_below(ctx: DocContext, m: re.Match[str], fields: set[int]) -> tuple[str, int]:
    """The list items under an empty lead line ("- Cơ quan thực hiện:" / "+ Sở A chủ trì")."""
    parts: list[str] = []
    end = m.end()
    k = ctx.layout.line_index(m.end()) + 1
    while k < len(ctx.layout.lines):
        nxt = ctx.layout.lines[k]
        k += 1
        if not nxt.text:
            continue
        if nxt.start in fields or not re.match(r"[-+•]\s", nxt.text):
            break
        parts.append(nxt.text[1:].strip())
        end = nxt.end
    return "; ".join(parts), end


_PARTNERS_FIELD = re.compile(r"[;,.]?\s*(?:(?:cơ quan|đơn vị)\s+)?phối\s+hợp\s*:\s*", re.IGNORECASE)


def _split_value(value: str) -> tuple[str, str | None]:
    """A lead value that also holds the coordinating bodies: "Sở A; phối hợp: Sở B"."""
    m = _PARTNERS_FIELD.search(value)
    if m:
        return value[: m.start()], value[m.end() :]
    return value, None


def _drafts(ctx: DocContext, field_lines: list[tuple[str, re.Match[str]]]) -> list[_Draft]:
    """The tasks of the items, from the ``field_lines`` of the text (``_field_lines``)."""
    # Field lines inside a table's cells belong to the table.
    in_table = Cover(_table_spans(ctx), with_start=True, with_end=True)
    fields = [(k, m) for k, m in field_lines if not in_table(m.start())]
    field_line_starts = {ctx.layout.line_at(m.start()).start for _, m in fields}
    items = [it for it in ctx.layout.items if it.start not in field_line_starts]
    items = sorted([*items, *_bare_items(ctx, items)], key=lambda it: it.start)
    lead_owner: dict[int, Item] = {}
    innermost = Innermost(items, lambda it: it.start, lambda it: it.end, strict=True)
    for kind, m in fields:
        if kind == "lead":
            owner = innermost(m.start())
            if owner is not None:
                lead_owner[m.start()] = owner

    # Bullets: which siblings carry their own lead line.
    with_lead = {owner.path for owner in lead_owner.values()}
    drafts: dict[tuple[str, ...], _Draft] = {}
    # Items by parent and kind, each with its place there, and the first item of each path.
    family: dict[tuple[tuple[str, ...], str], list[Item]] = {}
    place: dict[tuple[tuple[str, ...], str, Item], int] = {}
    first_at: dict[tuple[str, ...], Item] = {}
    for it in items:
        kin = family.setdefault((it.path[:-1], it.kind), [])
        place.setdefault((it.path[:-1], it.kind, it), len(kin))
        kin.append(it)
        first_at.setdefault(it.path, it)
    for owner in dict.fromkeys(lead_owner.values()):
        if owner.kind in ("bullet", "plus"):
            siblings = family[(owner.path[:-1], owner.kind)]
            k = place[(owner.path[:-1], owner.kind, owner)]
            first = k
            while first > 0 and siblings[first - 1].path not in with_lead:
                first -= 1
            group = siblings[first : k + 1]
            parent = first_at.get(owner.path[:-1])
            if len(group) == len(siblings) and len(group) > 1 and parent is not None:
                key, tid = parent.path, _item_id(parent)
                start, text_start = parent.start, parent.text_start
            else:
                key, tid = group[0].path, _item_id(group[0])
                start, text_start = group[0].start, group[0].text_start
            end = owner.end
        else:
            key, tid = owner.path, _item_id(owner)
            start, text_start, end = owner.start, owner.text_start, owner.end
        if key not in drafts:
            drafts[key] = _Draft(id=tid, start=start, text_start=text_start, end=end)
        else:
            drafts[key].end = max(drafts[key].end, end)

    ordered = sorted(drafts.values(), key=lambda d: d.start)
    # The innermost task region holding each field line.
    holder_at = Innermost(ordered, lambda d: d.start, lambda d: d.end, strict=False)
    for kind, m in fields:
        holder = holder_at(m.start())
        if holder is None:
            continue
        value = m.group("value").strip()
        holder.field_end = max(holder.field_end, m.end())
        if kind == "lead":
            if not value:
                value, holder.field_end = _listed_below(ctx, m, field_line_starts)
                if not value and _next_is_field(ctx, m, field_line_starts):
                    continue  # "b) Cơ quan thực hiện:" over "- Đơn vị chủ trì: ..."
            names, extra = _lead_and_coordinating(value, _central(ctx))
            if not names:
                holder.warnings.append(f"lead-agency line names no agency: {m.group().strip()!r}")
            holder.lead.extend(n for n in names if n not in holder.lead)
            holder.coordinating.extend(n for n in extra if n not in holder.coordinating)
        elif kind == "coord":
            holder.coordinating.extend(agencies.split_agencies(value, keep_place=_central(ctx)))
        elif kind == "deadline":
            holder.deadline = parse_deadline(value) or holder.deadline
        elif kind == "result":
            holder.result = value.rstrip(".;") or holder.result
    return ordered


def _next_is_field(ctx: DocContext, m: re.Match[str], fields: set[int]) -> bool:
    lines = ctx.layout.lines
    k = ctx.layout.line_index(m.end()) + 1
    while k < len(lines) and not lines[k].text:
        k += 1
    return k < len(lines) and lines[k].start in fields


def _body_text(ctx: DocContext, draft: _Draft) -> str:
    """The task's words: the item up to its first lead line, without field labels."""
    # Words after the last field line belong to what follows (a note, the closing), and
    # a list under an empty lead line ("+ Sở A chủ trì ...") names bodies, not the task.
    end = draft.field_end if draft.field_end > draft.text_start else draft.end
    first_lead = regexes.line_search(LEAD_LINE, ctx.text, draft.text_start, end)
    if first_lead is not None and ctx.text[draft.text_start : first_lead.start()].strip():
        end = first_lead.start()
    kept = []
    for line in ctx.text[draft.text_start : end].split("\n"):
        if FIELD_START.match(line) is None:  # no field label: most lines, found at once
            kept.append(line)
            continue
        if any(p.match(line) for p in (LEAD_LINE, COORD_LINE, DEADLINE_LINE, RESULT_LINE)):
            continue
        if m := TEXT_LINE.match(line):
            line = m.group("value")  # "a) Nhiệm vụ: Rà soát ..." is the task's words
        kept.append(line)
    # str.split() splits at the whitespace that ``\s`` matches: re.sub(r"\s+", " ", ...)
    # with strip(), many times faster.
    return " ".join(" ".join(kept).split())


def _central(ctx: DocContext) -> bool:
    """Whether the document is a central one: its bodies keep their place names."""
    return ctx.jurisdiction == places.CENTRAL


def coordinating_in_text(text: str, keep_place: bool = False) -> tuple[str, ...]:
    """Bodies a task's own words say it works with ("phối hợp với Bộ Y tế ...")."""
    out: list[str] = []
    # The pattern opens with a look-behind, so ``re`` tries it at every position: most task
    # texts hold no "phối" at all, and that is found at once.
    if "hối" not in text:
        return ()
    for m in COORD_IN_TEXT.finditer(text):
        who = m.group("who")
        head = who.split("(")[0]
        phrase = agencies.phrase_before_verb(head)
        # "các cơ quan Trung ương (Bộ Công an, Bộ Quốc phòng)": the bracket names them;
        # a bracket after the verb ("chỉ đạo Trung tâm ... (NIC)") is not theirs.
        bracket = re.match(r"[^()]*\(([^()]+)\)", who)
        who = bracket.group(1) if bracket and phrase.strip() == head.strip() else phrase
        for name in agencies.split_agencies(who, strict=True, keep_place=keep_place):
            if name not in out:
                out.append(name)
    return tuple(out)


def _section_tasks(ctx: DocContext) -> tuple[list[Task], list[ParseWarning]]:
    tasks: list[Task] = []
    warnings: list[ParseWarning] = []
    owned = {ctx.layout.line_at(it.start).start for it in ctx.layout.items}
    spans = ((it.start, it.end) for it in ctx.layout.items)
    in_item = Cover(spans, with_start=False, with_end=False)
    field_lines = _field_lines(ctx.text)
    # The lead lines (what _lead_lines finds), from the field lines found once for both.
    for m in (m for kind, m in field_lines if kind == "lead"):
        if not in_item(m.start()):
            if ctx.layout.line_at(m.start()).start in owned:
                continue
            warnings.append(
                ParseWarning(
                    message=f"lead-agency line outside any numbered item: {m.group().strip()!r}",
                    provenance=ctx.provenance(m.start(), m.end()),
                )
            )
    for draft in _drafts(ctx, field_lines):
        body = _body_text(ctx, draft)
        end = draft.field_end if draft.field_end > draft.start else draft.end
        prov = ctx.provenance(draft.start, end)
        notes = [
            ParseWarning(message=f"task {draft.id}: {w}", provenance=prov) for w in draft.warnings
        ]
        if not body:
            notes.append(
                ParseWarning(message=f"task {draft.id}: item has no text", provenance=prov)
            )
        coords = list(draft.coordinating)
        for name in coordinating_in_text(body, _central(ctx)):
            if name not in coords and name not in draft.lead:
                coords.append(name)
        tasks.append(
            Task(
                id=draft.id,
                text=body[:TEXT_LIMIT],
                lead=tuple(draft.lead),
                coordinating=tuple(coords),
                deadline=draft.deadline,
                result=draft.result,
                references=(),
                provenance=prov,
                warnings=tuple(notes),
            )
        )
        warnings.extend(notes)
    return tasks, warnings


# ---------------------------------------------------------------------------------------
# Task tables
# ---------------------------------------------------------------------------------------

# Header words of each column, tried in this order ("Thời gian thực hiện" is a deadline,
# not the body that carries the task out).
COLUMNS = (
    ("id", re.compile(r"^(?:s[ốô]\s*)?s?tt\.?$|^số\s+thứ\s+tự$")),
    ("note", re.compile(r"ghi\s+chú|văn\s+bản\s+giao")),
    # "Nội dung thực hiện" is the task, "Đơn vị thực hiện nhiệm vụ" the body.
    ("text", re.compile(r"^(?:nội\s+dung|nhiệm\s+vụ|tên|công\s+việc|hoạt\s+động)")),
    ("deadline", re.compile(r"thời\s+gian|thời\s+hạn|tiến\s+độ|năm\s+hoàn\s+thành|^hoàn\s+thành")),
    ("coord", re.compile(r"phối\s+hợp")),
    ("unit", re.compile(r"đơn\s+vị\s+tính|mức\s+(?:chi|thu)|đơn\s+giá|định\s+mức")),
    ("lead", re.compile(r"chủ\s+trì|đầu\s+mối|thực\s+hiện|cơ\s+quan|đơn\s+vị|trách\s+nhiệm")),
    ("result", re.compile(r"sản\s+phẩm|kết\s+quả|hình\s+thức")),
    ("text", re.compile(r"nhiệm\s+vụ|nội\s+dung|tên|công\s+việc|đề\s+án|hoạt\s+động|giải\s+pháp")),
)

# Tables that name a body for each row but give no tasks: catalogues of administrative
# procedures (the body that handles a procedure), the steps of a procedure, indicators.
# we want to capture header cells such as:
#   "Tên thủ tục hành chính"   "Mã TTHC"   "Phí, lệ phí"   "Thời hạn giải quyết"
#   "Căn cứ pháp lý"   "Cơ quan, bộ phận, người thực hiện"   "Chỉ tiêu"
NOT_TASK_HEADER_REGEX = r"""
    thủ\s+tục | tthc | lệ\s+phí | giải\s+quyết | căn\s+cứ\s+pháp\s+lý | trình\s+tự
  | bộ\s+phận | người\s+thực\s+hiện | chỉ\s+tiêu | thứ\s+tự\s+công\s+việc
"""
NOT_TASK_HEADER = re.compile(NOT_TASK_HEADER_REGEX, re.VERBOSE | re.IGNORECASE)

# we want to capture the steps of a procedure in the first column:
#   "Bước 1"   "B1"   "B6"
STEP_LABEL_REGEX = r"^(?:Bước\s*\d+|B\d{1,2})\.?$"
STEP_LABEL = re.compile(STEP_LABEL_REGEX, re.IGNORECASE)

# we want to capture a group label in the STT column:
#   "I"   "II."   "A"
GROUP_LABEL_REGEX = r"^(?:[IVXLC]+|[A-HK-Z])\.?$"
GROUP_LABEL = re.compile(GROUP_LABEL_REGEX)
SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")

# we want to capture a row number in the STT column:
#   "1"   "2."   "1.1"   "01"
ROW_NUMBER_REGEX = r"^\d{1,3}(?:\.\d{1,3}){0,2}\.?$"
ROW_NUMBER = re.compile(ROW_NUMBER_REGEX)

# we want to capture a header cell over the lead and coordinating columns:
#   "Cơ quan thực hiện" over "Chủ trì | Phối hợp"   "Phân công thực hiện"
SPANNING_HEADER = re.compile(r"thực\s+hiện|trách\s+nhiệm|phân\s+công|cơ\s+quan|đơn\s+vị")
_ROLE_WORDS = re.compile(r"(?i)chủ\s+trì|phối\s+hợp")

_LABEL = re.compile(f"{ROW_NUMBER_REGEX}|{GROUP_LABEL_REGEX}")

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII")


def _columns(header: list[tuple[str, ...]]) -> dict[str, int]:
    width = max(len(r) for r in header)
    names = [" ".join(r[i] for r in header if i < len(r) and r[i]).casefold() for i in range(width)]
    out: dict[str, int] = {}
    for i, name in enumerate(names):
        for role, pattern in COLUMNS:
            if pattern.search(name):
                if role not in out:
                    out[role] = i
                break
    return out


def _data_width(rows: list[Row]) -> int:
    """The number of cells most rows print (merged rows print fewer)."""
    widths = [len(r.cells) for r in rows if len(r.cells) > 2]
    return max(set(widths), key=widths.count) if widths else 0


def _stacked_header(top: tuple[str, ...], sub: tuple[str, ...], width: int) -> tuple[str, ...]:
    """One header from a top row whose cell spans the sub-row under it.

    Tables printed one cell per line drop the cells a span covers: "TT | Nội dung | Cơ
    quan thực hiện | Thời gian" over "Chủ trì | Phối hợp" is six columns.
    """
    if len(top) + len(sub) - 1 != width:
        return tuple(top)
    k = next((i for i, c in enumerate(top) if SPANNING_HEADER.search(c.casefold()) and i > 0), None)
    if k is None:
        return tuple(top)
    return (*top[:k], *(f"{top[k]} {c}" for c in sub), *top[k + 1 :])


def _find_header(rows: list[Row]) -> tuple[int, dict[str, int], int] | None:
    """Index of the first data row, the column roles and the header width of a task table."""
    for i, row in enumerate(rows[:4]):
        if ROW_NUMBER.match(row.cells[0]) or any(len(c) > 120 for c in row.cells):
            continue  # a data row
        cols = _columns([row.cells])
        if "text" not in cols or not ({"lead", "deadline", "result"} & cols.keys()):
            continue
        if "unit" in cols:
            return None  # a table of amounts: "Nội dung chi | Đơn vị tính | Mức chi"
        if any(NOT_TASK_HEADER.search(c) for c in row.cells):
            return None
        header = [row.cells]
        j = i + 1
        # A second header row ("Chủ trì | Phối hợp" under "Cơ quan thực hiện") and the
        # Markdown separator row.
        while j < len(rows) and j <= i + 3:
            cells = rows[j].cells
            if all(SEPARATOR_CELL.match(c) or not c for c in cells):
                j += 1
                continue
            if any(_ROLE_WORDS.search(c) for c in cells) and not any(
                re.match(r"^\d", c) for c in cells
            ):
                if rows[j].spans and len(cells) < len(row.cells):
                    width = _data_width(rows[j + 1 :])
                    header = [_stacked_header(row.cells, cells, width)]
                else:
                    header.append(cells)
                j += 1
                continue
            break
        cols = _columns(header)
        width = max(len(h) for h in header)
        if any(STEP_LABEL.match(_cell(r, cols, "id")) for r in rows[j : j + 3]):
            return None  # the steps of a procedure
        return j, cols, width
    return None


def _cell(row: Row, cols: dict[str, int], role: str) -> str:
    i = cols.get(role)
    return row.cells[i] if i is not None and i < len(row.cells) else ""


def _table_tasks(ctx: DocContext) -> tuple[list[Task], list[ParseWarning]]:
    tables: list[tuple[list[Task], str | None]] = []
    warnings: list[ParseWarning] = []
    previous: tuple[dict[str, int], int] | None = None
    for block in table_blocks(ctx):
        found = _find_header(block)
        if found is None:
            # A table the page break cut in two, without its header repeated.
            if previous is None or _data_width(block) != previous[1]:
                previous = None
                continue
            first, (cols, width) = 0, previous
            cut = True
        else:
            first, cols, width = found
            cut = False
        previous = (cols, width)
        span = ctx.provenance(block[0].start, block[-1].end)
        if "lead" not in cols:
            # Tasks are rows with a lead body; without the column the table is a schedule.
            warnings.append(
                ParseWarning(message="task table has no lead-agency column", provenance=span)
            )
            continue
        rows = _merge_rows(block[first:], cols, width, cut=cut)
        tables.append((_rows_to_tasks(ctx, rows, cols, warnings), _caption(ctx, block[0].start)))
    return _unique_ids(tables), warnings


def _caption(ctx: DocContext, start: int) -> str | None:
    """The number of the heading printed right above a table, if there is one.

    "1. Các nhiệm vụ về khoa học, công nghệ ... quá hạn chưa hoàn thành" over a table
    numbered from 1 (tests/data/real/74e2ddc7b11340da.md:88) is the table's own title.
    """
    lines = ctx.layout.lines
    k = ctx.layout.line_index(start) - 1
    while k >= 0 and (not lines[k].text or is_bar(lines[k].text)):
        k -= 1
    if k < 0:
        return None
    heading = ctx.layout.item_at(lines[k].start)
    if heading is None or heading.kind in ("bullet", "plus"):
        return None
    return heading.path[-1].rstrip(".)")


def _unique_ids(tables: list[tuple[list[Task], str | None]]) -> list[Task]:
    """Tables of one document numbered from 1 each: "<caption>.<row>" keeps ids apart.

    A table with a numbered heading of its own takes that number; one without takes the
    section it stands in, when its ids still clash with another table's.
    """

    def clashing(found: list[list[Task]]) -> dict[str, int]:
        owner: dict[str, set[int]] = {}
        for k, ts in enumerate(found):
            for t in ts:
                owner.setdefault(t.id, set()).add(k)
        return {tid: len(ks) for tid, ks in owner.items()}

    found = [ts for ts, _ in tables]
    count = clashing(found)
    found = [
        [replace(t, id=f"{caption}.{t.id}") for t in ts]
        if caption and any(count[t.id] > 1 for t in ts)
        else ts
        for ts, caption in tables
    ]
    count = clashing(found)
    out = []
    for ts in found:
        for t in ts:
            section = t.provenance.section
            if count[t.id] > 1 and section:
                out.append(replace(t, id=f"{section[-1].rstrip('.')}.{t.id}"))
            else:
                out.append(t)
    return out


def _previous_group(label: str) -> str | None:
    """The group before "VII" is "VI": rows a page break cut from their group label."""
    bare = label.rstrip(".")
    if bare in _ROMAN and _ROMAN.index(bare) > 0:
        return _ROMAN[_ROMAN.index(bare) - 1]
    return None


@dataclass(frozen=True, slots=True)
class _Placed:
    """A data row of a task table, with the part and group it is printed under."""

    part: str | None  # "A", "B": the outer groups of a table in parts
    group: str | None  # "I", "II", or a numbered heading row
    own: str | None  # the row's own number as printed, "<row>-2" for a continuation
    row: Row


def _label_cut_rows(rows: list[_Placed], label: str, cut: bool) -> list[_Placed]:
    """Rows before the first group label of a cut table belong to the group before it."""
    previous = _previous_group(label) if cut else None
    if previous is None:
        return rows
    return [p if p.group is not None else replace(p, group=previous) for p in rows]


def _next_part(label: str, part: str | None) -> bool:
    """Whether a group label opens the next part ("A", then "B", ...) of a table in parts.

    Parts are lettered from "A" in order; "I" after "A" is the first roman group inside
    part A, "C" after "B" is part C (tests/data/real/f004d93b21e7fc5f.md:1968).
    """
    if len(label) != 1 or not label.isalpha():
        return False
    if part is None:
        return label == "A"
    return ord(label) == ord(part) + 1


def _aligned(row: Row, width: int) -> Row:
    """A row of merged cells printed one cell per line: its cells are the last columns."""
    if not row.spans or len(row.cells) >= width:
        return row
    pad = width - len(row.cells)
    return Row(
        ("",) * pad + row.cells, row.start, row.end, ((row.start, row.start),) * pad + row.spans
    )


def _merge_rows(
    rows: list[Row], cols: dict[str, int], width: int, *, cut: bool = False
) -> list[_Placed]:
    """Data rows with their part, group and own id.

    In a pipe table a row without STT continues the row above (the conversion broke it);
    one cell per line, it is a row of its own whose other cells are merged with the row
    above: task "<row>-2".
    """
    out: list[_Placed] = []
    part: str | None = None
    group: str | None = None
    last: Row | None = None
    last_id: str | None = None
    pieces = 1
    for row in rows:
        cells = row.cells
        if all(SEPARATOR_CELL.match(c) or not c for c in cells):
            continue
        stt = _cell(row, cols, "id").rstrip(".")
        if row.spans and len(cells) < width and not _LABEL.match(stt):
            stt = ""  # merged cells: the row prints its last columns only
        label = ""
        if row.spans and len(cells) <= 2:
            # "I | KIỆN TOÀN ...": a group row prints its merged cells once.
            label = cells[0].rstrip(".") if GROUP_LABEL.match(cells[0]) else ""
            if not label and len(cells) == 1:
                last = None
                continue
            stt = label
        others = [
            c for i, c in enumerate(cells) if c and i not in (cols.get("id"), cols.get("text"))
        ]
        if not label and stt and GROUP_LABEL.match(stt) and not others:
            label = stt
        if label:
            if _next_part(label, part):
                # "A | PHÁT TRIỂN NỀN MÓNG ...": a part, whose groups start again at "I".
                part, group, last = label, None, None
                continue
            out = _label_cut_rows(out, label, cut and group is None)
            group, last = label, None
            continue
        filled = [c for c in cells if c]
        if not stt and len(filled) == 1 and last is None:
            continue  # a heading spanning the table without a label
        if not stt and row.spans and filled == [cells[0]] and 3 <= len(cells) < width:
            # "Nhiệm vụ giao Bộ trưởng Bộ Công an chỉ đạo | | | |": a heading printed
            # in its first cell, the merged ones after it empty; not a continuation.
            last = None
            continue
        if stt and not others and "id" in cols:
            # "| 1 | Hoàn thiện thể chế | | | |": a numbered heading over its rows.
            group, last = stt, None
            continue
        if not stt and last is not None and "id" in cols:
            if row.spans and len(cells) < width:
                pieces += 1
                out.append(_Placed(part, group, f"{last_id}-{pieces}", _aligned(row, width)))
                continue
            merged = tuple(
                f"{a} {b}".strip()
                for a, b in zip(last.cells, cells + ("",) * len(last.cells), strict=False)
            )
            last = Row(merged, last.start, row.end)
            out[-1] = replace(out[-1], row=last)
            continue
        if stt and not ROW_NUMBER.match(stt) and "id" in cols:
            last = None
            continue  # "Dưới 30 biên chế", a signature: not a numbered row
        out.append(_Placed(part, group, stt or None, row))
        last, last_id, pieces = row, stt or None, 1
    return out


def _row_ids(rows: list[_Placed]) -> list[str]:
    """The id of each row: its number as printed, with the groups that keep it unique.

    "I | KIỆN TOÀN ...", "1", "2", "II | ...", "1": numbers restart in each group, "II.1".
    Rows numbered "1.1", "2.1" carry their group already. A table in parts ("A", "B", ...)
    whose numbers start again in each part: "<part>.<row>" ("B.1.1").
    """
    stts = [p.own.split("-")[0] for p in rows if p.own]
    restarts = len(set(stts)) < len(stts) or any(p.group for p in rows)
    restarts = restarts and not any("." in x for x in stts)
    ids = []
    for n, p in enumerate(rows, start=1):
        tid = p.own or str(n)
        if restarts and p.group and not tid.startswith(f"{p.group}."):
            tid = f"{p.group}.{tid}"
        ids.append(tid)
    if len(set(ids)) < len(ids) and any(p.part for p in rows):
        ids = [f"{p.part}.{tid}" if p.part else tid for p, tid in zip(rows, ids, strict=True)]
    # A number printed twice by mistake ("22", "22", "37", "37"): the second is "22-2".
    seen: dict[str, int] = {}
    for k, (p, tid) in enumerate(zip(rows, ids, strict=True)):
        if p.own is None:
            continue
        seen[tid] = seen.get(tid, 0) + 1
        if seen[tid] > 1:
            ids[k] = f"{tid}-{seen[tid]}"
    return ids


def _rows_to_tasks(
    ctx: DocContext,
    rows: list[_Placed],
    cols: dict[str, int],
    warnings: list[ParseWarning],
) -> list[Task]:
    ids = _row_ids(rows)
    out: list[Task] = []
    for tid, placed in zip(ids, rows, strict=True):
        own, row = placed.own, placed.row
        prov = ctx.provenance(row.start, row.end)
        notes: list[ParseWarning] = []
        text = _cell(row, cols, "text")
        central = _central(ctx)
        lead = agencies.split_agencies(_agency_cell(_cell(row, cols, "lead")), keep_place=central)
        if not lead:
            # A task is a row with a lead body; a blank form or a list of names is not.
            if not (own and "-" in own) and text:
                warnings.append(
                    ParseWarning(message=f"task {tid}: row names no lead agency", provenance=prov)
                )
            continue
        if not text and not (own and "-" in own):
            notes.append(ParseWarning(message=f"task {tid}: row has no task text", provenance=prov))
        coords = list(
            agencies.split_agencies(_agency_cell(_cell(row, cols, "coord")), keep_place=central)
        )
        # The task's words name bodies it works with too, as in items with lead lines:
        # "Chủ trì, phối hợp với Bộ Khoa học và Công nghệ xây dựng ..."
        # (tests/data/real/74e2ddc7b11340da.md, a table without a coordinating column).
        coords += [
            c for c in coordinating_in_text(text, central) if c not in coords and c not in lead
        ]
        result = _cell(row, cols, "result") or None
        out.append(
            Task(
                id=tid,
                text=text[:TEXT_LIMIT],
                lead=lead,
                coordinating=tuple(coords),
                deadline=parse_deadline(_cell(row, cols, "deadline")),
                result=result,
                references=(),
                provenance=prov,
                warnings=tuple(notes),
            )
        )
        warnings.extend(notes)
    return out


def _agency_cell(value: str) -> str:
    """A lead or coordinating cell as a list: "- Sở A; - Sở B" -> "Sở A; Sở B"."""
    value = re.sub(r"(?:^|(?<=\s))[-+•](?=\s)", ";", value)
    return value.strip(" ;")


# ---------------------------------------------------------------------------------------
# Both
# ---------------------------------------------------------------------------------------


def _unified(tasks: list[Task]) -> list[Task]:
    """Each body under the fullest name the document prints for it."""
    names = [n for t in tasks for n in (*t.lead, *t.coordinating)]
    fullest = agencies.unify(names)

    def fix(seq: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fullest.get(n, n) for n in seq))

    out = []
    for t in tasks:
        lead, coordinating = fix(t.lead), fix(t.coordinating)
        unchanged = lead == t.lead and coordinating == t.coordinating
        out.append(t if unchanged else replace(t, lead=lead, coordinating=coordinating))
    return out


def extract_tasks(ctx: DocContext) -> tuple[tuple[Task, ...], tuple[ParseWarning, ...]]:
    """The tasks of a document and the problems met while reading them."""
    section_tasks, w1 = _section_tasks(ctx)
    table_tasks, w2 = _table_tasks(ctx)
    tasks = _unified(section_tasks + table_tasks)
    # Two tasks printed with one id (a table and an item list): keep both, say so.
    seen: set[str] = set()
    dupes: list[ParseWarning] = []
    for t in tasks:
        if t.id in seen:
            dupes.append(
                ParseWarning(message=f"task id {t.id} printed twice", provenance=t.provenance)
            )
        seen.add(t.id)
    return tuple(tasks), (*w1, *w2, *dupes)

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

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from policykg.loaders import agencies
from policykg.loaders.context import DocContext
from policykg.loaders.regexes import LETTER
from policykg.loaders.structure import Item
from policykg.loaders.tables import Row, table_blocks
from policykg.records import Deadline, Task, Warning

TEXT_LIMIT = 100

# ---------------------------------------------------------------------------------------
# Field lines under an item
# ---------------------------------------------------------------------------------------

_BULLET = r"[ \t]*(?:[-+•*][ \t]*)?\(?"
_BODY = r"(?:[Cc]ơ[ \t]+quan|[Đđ]ơn[ \t]+vị)"
_COLON = r"[ \t]*[:：][ \t]*"

# we want to capture:
#   "Cơ quan chủ trì: Sở Khoa học và Công nghệ."
#   "Cơ quan chủ trì tham mưu: Sở Khoa học và Công nghệ."
#   "Cơ quan đầu mối: Trường Đại học Y - Dược Thái Bình."
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

# we want to capture the bodies a task's own text says it works with:
#   "Phối hợp với Bộ Y tế thực hiện phương án đầu tư"
#   "đầu mối phối hợp với các cơ quan Trung ương (Bộ Công an, Bộ Quốc phòng, ...)"
#   "Tăng cường sự phối hợp của các sở, ban, ngành, đơn vị và địa phương."
COORD_IN_TEXT_REGEX = rf"""
    (?<![{LETTER}])[Pp]hối[ \t]+hợp[ \t]+(?:chặt[ \t]+chẽ[ \t]+)?(?:với|của|cùng)[ \t]+
    (?P<who>[^.;:\n]+)
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
    for m in BARE_ITEM.finditer(ctx.text, body_start, body_end):
        end = next((s for s in starts if s > m.start()), body_end)
        label = m.group("label")
        kind = f"number{min(label.count('.') + 1, 4)}"
        out.append(Item((label,), kind, label, m.start(), m.end(), end, m.end()))
    return out


def _innermost(items: Iterable[Item], offset: int) -> Item | None:
    best: Item | None = None
    for it in items:
        if it.start < offset < it.end and (best is None or it.start >= best.start):
            best = it
    return best


def _field_lines(text: str) -> list[tuple[str, re.Match[str]]]:
    found = [("lead", m) for m in LEAD_LINE.finditer(text)]
    found += [("coord", m) for m in COORD_LINE.finditer(text)]
    found += [("deadline", m) for m in DEADLINE_LINE.finditer(text)]
    found += [("result", m) for m in RESULT_LINE.finditer(text)]
    return sorted(found, key=lambda f: f[1].start())


def _split_value(value: str) -> tuple[str, str | None]:
    """A lead value that also holds the coordinating bodies: "Sở A; phối hợp: Sở B"."""
    m = re.search(r"[;,.]?\s*(?:(?:cơ quan|đơn vị)\s+)?phối\s+hợp\s*:\s*", value, re.IGNORECASE)
    if m:
        return value[: m.start()], value[m.end() :]
    return value, None


def _drafts(ctx: DocContext) -> list[_Draft]:
    text = ctx.text
    fields = _field_lines(text)
    field_line_starts = {ctx.layout.line_at(m.start()).start for _, m in fields}
    items = [it for it in ctx.layout.items if it.start not in field_line_starts]
    items = sorted([*items, *_bare_items(ctx, items)], key=lambda it: it.start)
    lead_owner: dict[int, Item] = {}
    for kind, m in fields:
        if kind == "lead":
            owner = _innermost(items, m.start())
            if owner is not None:
                lead_owner[m.start()] = owner

    # Bullets: which siblings carry their own lead line.
    with_lead = {owner.path for owner in lead_owner.values()}
    drafts: dict[tuple[str, ...], _Draft] = {}
    for owner in dict.fromkeys(lead_owner.values()):
        if owner.kind in ("bullet", "plus"):
            siblings = [
                it for it in items if it.path[:-1] == owner.path[:-1] and it.kind == owner.kind
            ]
            k = siblings.index(owner)
            first = k
            while first > 0 and siblings[first - 1].path not in with_lead:
                first -= 1
            group = siblings[first : k + 1]
            parent = next((it for it in items if it.path == owner.path[:-1]), None)
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
    for kind, m in fields:
        holder = _holder(ordered, m.start())
        if holder is None:
            continue
        value = m.group("value").strip()
        holder.field_end = max(holder.field_end, m.end())
        if kind == "lead":
            value, extra = _split_value(value)
            names = agencies.split_agencies(value)
            if not names:
                holder.warnings.append(f"lead-agency line names no agency: {m.group().strip()!r}")
            holder.lead.extend(n for n in names if n not in holder.lead)
            if extra:
                holder.coordinating.extend(agencies.split_agencies(extra))
        elif kind == "coord":
            holder.coordinating.extend(agencies.split_agencies(value))
        elif kind == "deadline":
            holder.deadline = parse_deadline(value) or holder.deadline
        elif kind == "result":
            holder.result = value.rstrip(".;") or holder.result
    return ordered


def _holder(drafts: list[_Draft], offset: int) -> _Draft | None:
    """The innermost task region holding ``offset``."""
    best: _Draft | None = None
    for d in drafts:
        if d.start <= offset < d.end and (best is None or d.start >= best.start):
            best = d
    return best


def _body_text(ctx: DocContext, draft: _Draft) -> str:
    """The task's words without its field lines (lead, deadline, ...)."""
    # Words after the last field line belong to what follows (a note, the closing).
    end = draft.field_end if draft.field_end > draft.text_start else draft.end
    chunk = ctx.text[draft.text_start : end]
    kept = [
        line
        for line in chunk.split("\n")
        if not any(p.match(line) for p in (LEAD_LINE, COORD_LINE, DEADLINE_LINE, RESULT_LINE))
    ]
    return re.sub(r"\s+", " ", " ".join(kept)).strip()


def coordinating_in_text(text: str) -> tuple[str, ...]:
    """Bodies a task's own words say it works with ("phối hợp với Bộ Y tế ...")."""
    out: list[str] = []
    for m in COORD_IN_TEXT.finditer(text):
        who = m.group("who")
        # "các cơ quan Trung ương (Bộ Công an, Bộ Quốc phòng)": the bracket names them.
        bracket = re.match(r"[^()]*\(([^()]+)\)", who)
        who = bracket.group(1) if bracket else agencies.phrase_before_verb(who.split("(")[0])
        for name in agencies.split_agencies(who, strict=True):
            if name not in out:
                out.append(name)
    return tuple(out)


def _section_tasks(ctx: DocContext) -> tuple[list[Task], list[Warning]]:
    tasks: list[Task] = []
    warnings: list[Warning] = []
    owned = {ctx.layout.line_at(it.start).start for it in ctx.layout.items}
    for m in LEAD_LINE.finditer(ctx.text):
        if not any(it.start < m.start() < it.end for it in ctx.layout.items):
            if ctx.layout.line_at(m.start()).start in owned:
                continue
            warnings.append(
                Warning(
                    message=f"lead-agency line outside any numbered item: {m.group().strip()!r}",
                    provenance=ctx.provenance(m.start(), m.end()),
                )
            )
    for draft in _drafts(ctx):
        body = _body_text(ctx, draft)
        end = draft.field_end if draft.field_end > draft.start else draft.end
        prov = ctx.provenance(draft.start, end)
        notes = [Warning(message=f"task {draft.id}: {w}", provenance=prov) for w in draft.warnings]
        if not body:
            notes.append(Warning(message=f"task {draft.id}: item has no text", provenance=prov))
        coords = list(draft.coordinating)
        for name in coordinating_in_text(body):
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
    ("id", re.compile(r"^(?:s[ốô]\s*)?tt$|^số\s+thứ\s+tự$|^stt$")),
    ("note", re.compile(r"ghi\s+chú")),
    ("deadline", re.compile(r"thời\s+gian|thời\s+hạn|tiến\s+độ|năm\s+hoàn\s+thành|^hoàn\s+thành")),
    ("coord", re.compile(r"phối\s+hợp")),
    ("lead", re.compile(r"chủ\s+trì|đầu\s+mối|thực\s+hiện|cơ\s+quan|đơn\s+vị|trách\s+nhiệm")),
    ("result", re.compile(r"sản\s+phẩm|kết\s+quả|hình\s+thức")),
    ("text", re.compile(r"nhiệm\s+vụ|nội\s+dung|tên|công\s+việc|đề\s+án|hoạt\s+động|giải\s+pháp")),
)

# we want to capture a group label in the STT column:
#   "I"   "II."   "A"
GROUP_LABEL_REGEX = r"^(?:[IVXLC]+|[A-HK-Z])\.?$"
GROUP_LABEL = re.compile(GROUP_LABEL_REGEX)
SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")


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


def _find_header(rows: list[Row]) -> tuple[int, dict[str, int]] | None:
    """Index of the first data row and the column roles, when ``rows`` is a task table."""
    for i, row in enumerate(rows[:4]):
        cols = _columns([row.cells])
        if "text" not in cols or not ({"lead", "deadline", "result"} & cols.keys()):
            continue
        header = [row.cells]
        j = i + 1
        # A second header row ("Chủ trì | Phối hợp" under "Cơ quan thực hiện") and the
        # Markdown separator row.
        while j < len(rows) and j <= i + 3:
            cells = rows[j].cells
            if all(SEPARATOR_CELL.match(c) or not c for c in cells):
                j += 1
                continue
            if any(re.search(r"(?i)chủ\s+trì|phối\s+hợp", c) for c in cells) and not any(
                re.match(r"^\d", c) for c in cells
            ):
                header.append(cells)
                j += 1
                continue
            break
        return j, _columns(header)
    return None


def _cell(row: Row, cols: dict[str, int], role: str) -> str:
    i = cols.get(role)
    return row.cells[i] if i is not None and i < len(row.cells) else ""


def _table_tasks(ctx: DocContext) -> tuple[list[Task], list[Warning]]:
    tasks: list[Task] = []
    warnings: list[Warning] = []
    previous: dict[str, int] | None = None
    previous_width = 0
    for block in table_blocks(ctx):
        found = _find_header(block)
        if found is None:
            # A table the page break cut in two, without its header repeated.
            if previous is None or len(block[0].cells) != previous_width:
                continue
            first, cols = 0, previous
        else:
            first, cols = found
        previous, previous_width = cols, len(block[max(first - 1, 0)].cells)
        span = ctx.provenance(block[0].start, block[-1].end)
        if "lead" not in cols:
            warnings.append(
                Warning(message="task table has no lead-agency column", provenance=span)
            )
        rows = _merge_rows(block[first:], cols)
        tasks.extend(_rows_to_tasks(ctx, rows, cols, warnings))
    return tasks, warnings


def _merge_rows(rows: list[Row], cols: dict[str, int]) -> list[tuple[str | None, Row]]:
    """Data rows with their group; continuation rows (no STT) joined to the row above."""
    out: list[tuple[str | None, Row]] = []
    group: str | None = None
    last: Row | None = None
    for row in rows:
        cells = row.cells
        if all(SEPARATOR_CELL.match(c) or not c for c in cells):
            continue
        stt = _cell(row, cols, "id").rstrip(".")
        others = [
            c for i, c in enumerate(cells) if c and i not in (cols.get("id"), cols.get("text"))
        ]
        filled = [c for c in cells if c]
        if stt and GROUP_LABEL.match(stt) and not others:
            group, last = stt, None
            continue
        if not stt and len(filled) == 1 and last is None:
            continue  # a heading spanning the table without a label
        if stt and not others and "id" in cols:
            # "| 1 | Hoàn thiện thể chế | | | |": a numbered heading over its rows.
            group, last = stt, None
            continue
        if not stt and last is not None and "id" in cols:
            merged = tuple(
                f"{a} {b}".strip()
                for a, b in zip(last.cells, cells + ("",) * len(last.cells), strict=False)
            )
            last = Row(merged, last.start, row.end)
            out[-1] = (out[-1][0], last)
            continue
        out.append((group, row))
        last = row
    return out


def _rows_to_tasks(
    ctx: DocContext,
    rows: list[tuple[str | None, Row]],
    cols: dict[str, int],
    warnings: list[Warning],
) -> list[Task]:
    stts = [_cell(r, cols, "id").rstrip(".") for _, r in rows]
    restarts = len(set(stts)) < len([s for s in stts if s])
    out: list[Task] = []
    for n, ((group, row), stt) in enumerate(zip(rows, stts, strict=True), start=1):
        tid = stt or str(n)
        if restarts and group and not tid.startswith(f"{group}."):
            tid = f"{group}.{tid}"
        prov = ctx.provenance(row.start, row.end)
        notes: list[Warning] = []
        text = _cell(row, cols, "text")
        lead = agencies.split_agencies(_cell(row, cols, "lead"))
        if "lead" in cols and not lead:
            notes.append(Warning(message=f"task {tid}: row names no lead agency", provenance=prov))
        if not text:
            notes.append(Warning(message=f"task {tid}: row has no task text", provenance=prov))
        coords = list(agencies.split_agencies(_cell(row, cols, "coord")))
        result = _cell(row, cols, "result") or None
        out.append(
            Task(
                id=tid,
                text=text[:TEXT_LIMIT],
                lead=lead,
                coordinating=tuple(c for c in coords if c not in lead),
                deadline=parse_deadline(_cell(row, cols, "deadline")),
                result=result,
                references=(),
                provenance=prov,
                warnings=tuple(notes),
            )
        )
        warnings.extend(notes)
    return out


# ---------------------------------------------------------------------------------------
# Both
# ---------------------------------------------------------------------------------------


def _unified(tasks: list[Task]) -> list[Task]:
    """Each body under the fullest name the document prints for it."""
    names = [n for t in tasks for n in (*t.lead, *t.coordinating)]
    fullest = agencies.unify(names)

    def fix(seq: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fullest.get(n, n) for n in seq))

    return [replace(t, lead=fix(t.lead), coordinating=fix(t.coordinating)) for t in tasks]


def extract_tasks(ctx: DocContext) -> tuple[tuple[Task, ...], tuple[Warning, ...]]:
    """The tasks of a document and the problems met while reading them."""
    section_tasks, w1 = _section_tasks(ctx)
    table_tasks, w2 = _table_tasks(ctx)
    tasks = _unified(section_tasks + table_tasks)
    # Two tasks printed with one id (a table and an item list): keep both, say so.
    seen: set[str] = set()
    dupes: list[Warning] = []
    for t in tasks:
        if t.id in seen:
            dupes.append(Warning(message=f"task id {t.id} printed twice", provenance=t.provenance))
        seen.add(t.id)
    return tuple(tasks), (*w1, *w2, *dupes)

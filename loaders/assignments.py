"""Roles given to bodies in prose: "Giao Sở Tài chính chủ trì, phối hợp với ...".

Resolutions and Party plans have no lead-agency lines; they say who does what in
sentences, mostly under "TỔ CHỨC THỰC HIỆN". A clause whose subject is a list of bodies
followed by a verb gives each body a role from the verb (``chủ trì`` lead, ``tham mưu``
advise, ``theo dõi``/``giám sát`` monitor, ``báo cáo`` report, otherwise implement); the
bodies after ``phối hợp với`` coordinate, and a body after ``chỉ đạo`` carries the
instruction out. A clause that starts with its verb continues the subject of the clause
before it in the same item. Bodies that are only mentioned (the addressee of a report,
the issuer of a cited document, the recipients) are not given a role.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policykg.loaders import agencies
from policykg.loaders.context import DocContext
from policykg.loaders.regexes import LETTER, OUTLINE_MARKER, UPPER
from policykg.loaders.tasks import LEAD_LINE
from policykg.records import Assignment, Role

EVIDENCE_LIMIT = 200

# we want to capture the heading of the section that assigns the work:
#   "III- TỔ CHỨC THỰC HIỆN"   "C. TỔ CHỨC THỰC HIỆN"   "IV. TRÁCH NHIỆM THỰC HIỆN"
ORGANISATION_HEADING_REGEX = r"""
    (?i:tổ\s+chức\s+thực\s+hiện|triển\s+khai\s+thực\s+hiện|trách\s+nhiệm\s+thực\s+hiện
       |phân\s+công\s+(?:nhiệm\s+vụ|thực\s+hiện)|điều\s+khoản\s+thi\s+hành)
"""
ORGANISATION_HEADING = re.compile(ORGANISATION_HEADING_REGEX, re.VERBOSE)

# we want to capture the word that hands a body its work:
#   "Giao Sở Tài chính chủ trì"   "Đề nghị Mặt trận Tổ quốc tỉnh phối hợp"
#   "yêu cầu Thủ trưởng các sở, ban, ngành, đơn vị, địa phương"
TRIGGER_REGEX = rf"(?<![{LETTER}])(?P<trigger>[Gg]iao|[Đđ]ề\s+nghị|[Yy]êu\s+cầu)\s+(?=[{LETTER}])"
TRIGGER = re.compile(TRIGGER_REGEX)

# we want to capture the bodies a clause works with:
#   "chủ trì, phối hợp với Sở Thông tin và Truyền thông, các cơ quan liên quan hướng dẫn"
#   "chủ trì, phối hợp các ban, UBKT Tỉnh ủy giúp Ban Thường vụ Tỉnh ủy"
PARTNERS_REGEX = (
    rf"(?<![{LETTER}])phối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với\s+|cùng\s+)?(?P<who>[^.;:\n]+)"
)
PARTNERS = re.compile(PARTNERS_REGEX)

# we want to capture the body a clause instructs:
#   "chỉ đạo HĐND tỉnh ban hành"   "chỉ đạo Sở Thông tin và Truyền thông tham mưu"
DIRECTED_REGEX = rf"(?<![{LETTER}])chỉ\s+đạo\s+(?P<who>[^.;:\n]+)"
DIRECTED = re.compile(DIRECTED_REGEX)

# Verbs and the role they give, tried in this order on the clause's first verb.
ROLE_VERBS = (
    (Role.LEAD, re.compile(r"^(?:chủ\s+trì|chỉ\s+đạo|lãnh\s+đạo)")),
    (Role.ADVISE, re.compile(r"^(?:tham\s+mưu)")),
    (Role.COORDINATE, re.compile(r"^(?:phối\s+hợp)")),
    (Role.MONITOR, re.compile(r"^(?:theo\s+dõi|đôn\s+đốc|kiểm\s+tra|giám\s+sát)")),
    (Role.REPORT, re.compile(r"^(?:báo\s+cáo)")),
)
MONITOR_WORDS = re.compile(rf"(?<![{LETTER}])(?:theo\s+dõi|đôn\s+đốc|giám\s+sát)(?![{LETTER}])")
REPORT_WORDS = re.compile(rf"(?<![{LETTER}])báo\s+cáo(?![{LETTER}])")

# "Mặt trận Tổ quốc và các đoàn thể": the Front with its member organisations, one actor.
FRONT_MEMBERS = re.compile(
    r"(Mặt\s+trận\s+Tổ\s+quốc(?:\s+Việt\s+Nam)?(?:\s+tỉnh)?)\s+và\s+các\s+"
    r"(?:đoàn\s+thể|tổ\s+chức\s+chính\s+trị\s*-\s*xã\s+hội)(?:\s+chính\s+trị\s*-\s*xã\s+hội)?"
    r"(?P<scope>\s+tỉnh)?"
)

# we want to split a paragraph into clauses:
#   "... Nghị quyết; chủ trì, phối hợp ..."   "... thực tiễn. Chỉ đạo nghiên cứu ..."
#   "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo:"
CLAUSE_BREAK_REGEX = rf"""
    ;\s*
  | \.\s+(?=[{UPPER}])
  | :\s*$
"""
CLAUSE_BREAK = re.compile(CLAUSE_BREAK_REGEX, re.VERBOSE | re.MULTILINE)

# Outside the section that assigns the work, only this pattern gives a role:
#   "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Thông tin và Truyền thông"
LEAD_AND_PARTNERS_REGEX = r"chủ\s+trì,?\s+phối\s+hợp"
LEAD_AND_PARTNERS = re.compile(LEAD_AND_PARTNERS_REGEX)


def _sections(ctx: DocContext) -> list[tuple[int, int]]:
    """Spans of the sections that assign the work ("TỔ CHỨC THỰC HIỆN")."""
    out = []
    for item in ctx.layout.items:
        if item.kind not in ("part", "roman", "article", "number1"):
            continue
        title = ctx.text[item.text_start : item.line_end]
        if len(title) < 80 and ORGANISATION_HEADING.search(title):
            out.append((item.start, min(item.end, ctx.layout.body[1])))
    return out


def _clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in CLAUSE_BREAK.finditer(text, start, end):
        yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


def _role_of(verb_text: str) -> Role:
    for role, pattern in ROLE_VERBS:
        if pattern.match(verb_text):
            return role
    return Role.IMPLEMENT


def _subject(phrase: str) -> tuple[str, ...]:
    """The bodies of a clause's subject; empty when it is not a list of bodies."""
    phrase = phrase.strip(" ,")
    if not phrase or len(phrase) > 160:
        return ()
    m = FRONT_MEMBERS.search(phrase)
    if m:
        front = m.group(1) + (m.group("scope") or "")
        phrase = phrase[: m.start()] + front + phrase[m.end() :]
    if not (agencies.BODY_START.match(phrase) or agencies.COLLECTIVE_START.match(phrase)):
        return ()
    names = agencies.split_agencies(phrase, strict=True)
    return tuple(_prose_name(n) for n in names)


def _prose_name(name: str) -> str:
    # "các tổ chức xã hội nghề nghiệp thuộc tỉnh": the province is the document's own.
    if agencies.is_collective(name):
        name = re.sub(r"\s+thuộc\s+tỉnh$", "", name)
    return name


def _objects(who: str, *, proper_only: bool) -> tuple[str, ...]:
    bracket = re.match(r"[^()]*\(([^()]+)\)", who)
    phrase = bracket.group(1) if bracket else agencies.phrase_before_verb(who.split("(")[0])
    names = agencies.split_agencies(phrase, strict=True)
    if proper_only:
        names = tuple(n for n in names if not agencies.COLLECTIVE_START.match(n))
    return tuple(_prose_name(n) for n in names)


class _Reader:
    """Reads the clauses of one document in order, remembering the last subject."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.out: dict[tuple[str, Role], Assignment] = {}
        # The subject of the previous clause in the same item, for clauses that start
        # with their verb ("...; chủ trì, phối hợp với ...").
        self.subject: tuple[str, ...] = ()
        self.path: tuple[str, ...] | None = None

    def add(self, name: str, role: Role, start: int, end: int) -> None:
        if (name, role) in self.out:
            return
        s, e = _trim(self.text, start, end)
        self.out[(name, role)] = Assignment(
            agency=name,
            role=role,
            evidence=self.text[s:e][:EVIDENCE_LIMIT],
            provenance=self.ctx.provenance(s, e),
        )

    def read(self) -> tuple[Assignment, ...]:
        text = self.text
        sections = _sections(self.ctx)
        body_start, body_end = self.ctx.layout.body
        for line in self.ctx.layout.lines:
            if not line.text or not (body_start <= line.start < body_end):
                continue
            # Lead lines and task-table rows are read by the tasks loader.
            if LEAD_LINE.match(text, line.start, line.end) or line.text.startswith("|"):
                continue
            in_section = any(a <= line.start < b for a, b in sections)
            marker = OUTLINE_MARKER.match(text, line.start, line.end)
            start = marker.end() if marker else line.start
            path = self.ctx.layout.path_at(line.start)
            if marker or path != self.path:
                self.path, self.subject = path, ()
            for c_start, c_end in _clauses(text, start, line.end):
                self.clause(c_start, c_end, in_section)
        return tuple(self.out.values())

    def clause(self, start: int, end: int, in_section: bool) -> None:
        clause = self.text[start:end]
        stripped = clause.lstrip(" ,")
        offset = start + len(clause) - len(stripped)
        trigger = TRIGGER.search(stripped)
        subject: tuple[str, ...] = ()
        rest = stripped
        verb = agencies.ACTION_VERB.search(stripped)
        if trigger and trigger.start() < 80:
            after = stripped[trigger.end() :]
            phrase = agencies.phrase_before_verb(after)
            subject = _subject(phrase)
            rest = after[len(phrase) :]
        elif in_section or LEAD_AND_PARTNERS.search(stripped):
            if verb is not None and verb.start() > 0:
                subject = _subject(stripped[: verb.start()])
                rest = stripped[verb.start() :]
            elif verb is not None and in_section:
                subject = self.subject
        if not subject:
            return
        self.subject = subject
        role = _role_of(rest.lstrip(" ,"))
        for name in subject:
            self.add(name, role, offset, end)
            if "kế hoạch giám sát" in rest or MONITOR_WORDS.search(rest):
                self.add(name, Role.MONITOR, offset, end)
            if REPORT_WORDS.search(rest):
                self.add(name, Role.REPORT, offset, end)
        for m in PARTNERS.finditer(rest):
            for name in _objects(m.group("who"), proper_only=False):
                if name not in subject:
                    self.add(name, Role.COORDINATE, offset, end)
        for m in DIRECTED.finditer(rest):
            who = m.group("who")
            for name in _objects(who, proper_only=True):
                self.add(name, _directed_role(who), offset, end)


def _directed_role(who: str) -> Role:
    verb = agencies.ACTION_VERB.search(who)
    return Role.ADVISE if verb and verb.group().startswith("tham mưu") else Role.IMPLEMENT


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t,;":
        start += 1
    while end > start and text[end - 1] in " \t,;.:":
        end -= 1
    return start, end


def extract_assignments(ctx: DocContext) -> tuple[Assignment, ...]:
    """Roles given to bodies in the prose of a document."""
    return _Reader(ctx).read()

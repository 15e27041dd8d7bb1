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
from dataclasses import replace

from policykg.loaders import agencies, places
from policykg.loaders.clean import lower_for, lowered
from policykg.loaders.context import DocContext
from policykg.loaders.regexes import LETTER, OUTLINE_MARKER, RECIPIENTS, UPPER, line_matches
from policykg.loaders.structure import Cover, Line
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

# After no letter: a look-behind written after the first letter of a word ("p" + this +
# "hối hợp") rather than before it. ``re`` tries a pattern that opens with a letter only at
# that letter, one that opens with a look-behind at every position of the text.
_AFTER_NO_LETTER = rf"(?<![{LETTER}].)"

# we want to capture the word that hands a body its work:
#   "Giao Sở Tài chính chủ trì"   "Đề nghị Mặt trận Tổ quốc tỉnh phối hợp"
#   "yêu cầu Thủ trưởng các sở, ban, ngành, đơn vị, địa phương"
#   "16. Khuyến khích Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Đồng Nai chỉ đạo hệ thống tổ
#   chức đoàn cơ sở" (f004d93b21e7fc5f.md:1487; bodies the State cannot order are encouraged)
# (Each word after no letter: see _AFTER_NO_LETTER.)
TRIGGER_REGEX = rf"""
    (?P<trigger>
        G{{first}}iao | g{{first}}iao | Đ{{first}}ề\s+nghị | đ{{first}}ề\s+nghị
      | Y{{first}}êu\s+cầu | y{{first}}êu\s+cầu | K{{first}}huyến\s+khích
    )
    \s+(?=[{LETTER}])
""".format(first=_AFTER_NO_LETTER)
TRIGGER = re.compile(TRIGGER_REGEX, re.VERBOSE)

# we want to capture the bodies a clause works with:
#   "chủ trì, phối hợp với Sở Thông tin và Truyền thông, các cơ quan liên quan hướng dẫn"
#   "chủ trì, phối hợp các ban, UBKT Tỉnh ủy giúp Ban Thường vụ Tỉnh ủy"
PARTNERS_REGEX = (
    rf"p{_AFTER_NO_LETTER}hối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với\s+|cùng\s+)?(?P<who>[^.;:\n]+)"
)
PARTNERS = re.compile(PARTNERS_REGEX)

# we want to capture the body a clause instructs:
#   "chỉ đạo HĐND tỉnh ban hành"   "chỉ đạo Sở Thông tin và Truyền thông tham mưu"
#   not the noun in "theo chỉ đạo của Bộ Chính trị tại Thông báo ..." (a69069ae524315d9.md:73)
#   "chỉ đạo các tập đoàn, tổng công ty: Điện lực Việt Nam, ..." (a69069ae524315d9.md:115)
DIRECTED_REGEX = rf"c{_AFTER_NO_LETTER}hỉ\s+đạo\s+(?!(?:của|tại)\s)(?P<who>[^.;\n]+)"
DIRECTED = re.compile(DIRECTED_REGEX)
# ... of which a collective of no particular kind is the instructing body's own units:
#   "chỉ đạo các cơ quan, đơn vị thuộc thẩm quyền quản lý" (541cde0f8d5ffef3.md:73)
GENERIC_COLLECTIVE_REGEX = r"Các\s+(?:cơ\s+quan|đơn\s+vị|tổ\s+chức)(?![{letter}])"
GENERIC_COLLECTIVE = re.compile(GENERIC_COLLECTIVE_REGEX.format(letter=LETTER))

# Verbs and the role they give, tried in this order on the clause's first verb.
ROLE_VERBS = (
    (Role.LEAD, re.compile(r"^(?:chủ\s+trì|chỉ\s+đạo|lãnh\s+đạo)")),
    (Role.ADVISE, re.compile(r"^(?:tham\s+mưu)")),
    (Role.COORDINATE, re.compile(r"^(?:phối\s+hợp)")),
    (Role.MONITOR, re.compile(r"^(?:theo\s+dõi|đôn\s+đốc|kiểm\s+tra|giám\s+sát)")),
    (Role.REPORT, re.compile(r"^(?:báo\s+cáo)")),
)
MONITOR_WORDS = re.compile(
    rf"(?:t{_AFTER_NO_LETTER}heo\s+dõi|đ{_AFTER_NO_LETTER}ôn\s+đốc|g{_AFTER_NO_LETTER}iám\s+sát)"
    rf"(?![{LETTER}])"
)
REPORT_WORDS = re.compile(rf"b{_AFTER_NO_LETTER}áo\s+cáo(?![{LETTER}])")

# "Mặt trận Tổ quốc và các đoàn thể": the Front with its member organisations, one actor.
FRONT_MEMBERS = re.compile(
    r"(Mặt\s+trận\s+Tổ\s+quốc(?:\s+Việt\s+Nam)?(?:\s+tỉnh)?)\s+và\s+các\s+"
    r"(?:đoàn\s+thể|tổ\s+chức\s+chính\s+trị\s*-\s*xã\s+hội)(?:\s+chính\s+trị\s*-\s*xã\s+hội)?"
    r"(?P<scope>\s+tỉnh)?"
)

# we want to split a paragraph into clauses:
#   "... Nghị quyết; chủ trì, phối hợp ..."   "... thực tiễn. Chỉ đạo nghiên cứu ..."
#   "Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo:"
#   "... như sau: (1) Bộ Y tế chỉ đạo ... theo quy định. (3) Bộ Công an tiếp tục ..."
#   (75a0867a09525909.md:22, items numbered inside one paragraph)
CLAUSE_BREAK_REGEX = rf"""
    ;\s*
  | \.\s+(?=[{UPPER}])
  | :\s*$
  | [.:;]?\s+\(\d{{1,2}}\)\s+(?=[{UPPER}])
"""
CLAUSE_BREAK = re.compile(CLAUSE_BREAK_REGEX, re.VERBOSE | re.MULTILINE)

# Outside the section that assigns the work, only this pattern gives a role:
#   "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Thông tin và Truyền thông"
LEAD_AND_PARTNERS_REGEX = r"chủ\s+trì,?\s+phối\s+hợp"
LEAD_AND_PARTNERS = re.compile(LEAD_AND_PARTNERS_REGEX)

# Outside that section, a body followed by one of these verbs is also given a role:
#   "Văn phòng Ủy ban nhân dân tỉnh có trách nhiệm chủ trì, phối hợp với ..."
#   "Bộ Giáo dục và Đào tạo chịu trách nhiệm về nội dung báo cáo"
#   "Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ chỉ đạo các đơn vị ..."
RESPONSIBLE_REGEX = r"""
    (?:có|chịu)\s+trách\s+nhiệm | chủ\s+trì | chỉ\s+đạo | tham\s+mưu | phối\s+hợp
  | hướng\s+dẫn | theo\s+dõi | triển\s+khai | tổ\s+chức\s+thực\s+hiện
"""
RESPONSIBLE = re.compile(RESPONSIBLE_REGEX, re.VERBOSE)


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


# we want to capture the articles of a legal act that say whom it applies to, not who
# does what:
#   "Điều 1. Phạm vi điều chỉnh"   "Điều 2. Đối tượng áp dụng" (355bcc582867074b.md:35)
SCOPE_ARTICLE_REGEX = (
    r"(?i:phạm\s+vi\s+điều\s+chỉnh|đối\s+tượng\s+áp\s+dụng|giải\s+thích\s+từ\s+ngữ)"
)
SCOPE_ARTICLE = re.compile(SCOPE_ARTICLE_REGEX)


def _scope_articles(ctx: DocContext) -> list[tuple[int, int]]:
    """Spans of the articles that say whom a legal act applies to."""
    return [
        (item.start, item.end)
        for item in ctx.layout.items
        if item.kind == "article"
        and SCOPE_ARTICLE.search(ctx.text[item.text_start : item.line_end])
    ]


def _is_list(phrase: str) -> bool:
    """Whether ``phrase`` is only a list of bodies, with no verb yet."""
    phrase = phrase.strip()
    trigger = TRIGGER.match(phrase)
    if trigger is None and not SUBJECT_START.match(phrase):
        return False  # most phrases of prose: what a list of bodies opens with, it does not
    phrase = agencies.strip_titles(phrase[trigger.end() if trigger else 0 :])
    if len(phrase) > 300 or agencies.find_action_verb(phrase):
        return False
    return bool(agencies.BODY_START.match(phrase) or agencies.COLLECTIVE_START.match(phrase))


# CLAUSE_BREAK without its last branch, which needs a "(": on the many lines without one,
# ``re`` skips straight to the punctuation instead of trying every space.
PLAIN_CLAUSE_BREAK = re.compile(rf";\s*|\.\s+(?=[{UPPER}])|:\s*$", re.MULTILINE)


def _clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    breaks = CLAUSE_BREAK if text.find("(", start, end) >= 0 else PLAIN_CLAUSE_BREAK
    for m in breaks.finditer(text, start, end):
        # "Chánh Văn phòng UBND tỉnh; Giám đốc Sở Y tế; ... chịu trách nhiệm thi hành":
        # a semicolon inside a list of bodies does not end the clause.
        if m.group().startswith(";") and _is_list(text[pos : m.start()]):
            continue
        yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


# we want to capture a word that hands work to the bodies after it, at the start of a clause
# or after a comma or colon (not "giao thông", not "theo đề nghị của"):
#   "Giao Sở Tài chính chủ trì"   "..., yêu cầu Bộ Y tế, Ban Quản lý dự án, các nhà thầu ..."
#   (75a0867a09525909.md:22)
def _trigger(clause: str) -> re.Match[str] | None:
    # A word every match of TRIGGER holds: most clauses have none, found much faster.
    if not ("iao" in clause or "nghị" in clause or "cầu" in clause or "Khuyến" in clause):
        return None
    for m in TRIGGER.finditer(clause):
        # "3. Về bố trí các nguồn lực ... (đảm bảo ...): Giao Bộ Giáo dục và Đào tạo chủ trì"
        # (296e373d796986f4.md:29): the item's topic comes before the colon.
        if m.start() >= 80 and not re.search(r"[,:]\s*$", clause[: m.start()]):
            continue
        after = agencies.strip_titles(clause[m.end() :])
        if m.group("trigger").startswith("Khuyến"):
            # "khuyến khích các doanh nghiệp đầu tư ..." is a policy, not a body's duty.
            if m.start() == 0 and agencies.BODY_START.match(after):
                return m
            continue
        if agencies.BODY_START.match(after) or agencies.COLLECTIVE_START.match(after):
            return m
    return None


COLON = re.compile(r":\s*")
BRACKET = re.compile(r"\([^()]*\)")


def _masked(text: str) -> str:
    """``text`` with what is in brackets blanked out, offsets kept."""
    if "(" not in text:
        return text
    return BRACKET.sub(lambda m: "(" + "x" * (len(m.group()) - 2) + ")", text)


# we want to capture the short name a document gives a body:
#   "2. Ban Quản lý các khu công nghệ cao và khu công nghiệp thành phố Hà Nội (sau đây gọi tắt
#   là “Ban Quản lý”) có trách nhiệm:"
SHORT_NAME_REGEX = r"""
    \(\s*sau\s+đây\s+gọi\s+(?:tắt\s+)?là\s*[“"'](?P<short>[^”"'()]{2,80})[”"']\s*\)
"""
SHORT_NAME = re.compile(SHORT_NAME_REGEX, re.VERBOSE)

# we want to capture a heading that ends with the word that hands out the work:
#   "5. Chính phủ trân trọng đề nghị" (a69069ae524315d9.md:206)
TRAILING_TRIGGER_REGEX = rf"(?<![{LETTER}])(?:giao|đề\s+nghị|yêu\s+cầu)\s*$"
TRAILING_TRIGGER = re.compile(TRAILING_TRIGGER_REGEX)
# ... or is that word alone, the bodies on the next line: "8. Đề nghị" (f1e0981425ec38be.md:580)
BARE_TRIGGER = re.compile(r"(?:[Gg]iao|[Đđ]ề\s+nghị|[Yy]êu\s+cầu)\s*")

# we want to capture a clause that tells what a body did, not what it is to do:
#   "Bộ Y tế đã ban hành ..."   "Ủy ban nhân dân tỉnh vừa tổ chức ..."
NARRATIVE_REGEX = rf"(?<![{LETTER}])(?:đã|đang|vừa)\s*$"
NARRATIVE = re.compile(NARRATIVE_REGEX)
# ... and a subject that says so before its verb, or names a body by what it is:
#   "Bộ đã giao: Cục Quản lý đất đai hướng dẫn thực hiện" (74e2ddc7b11340da.md:1968)
#   "Cục Người có công là đơn vị chủ trì thực hiện nhiệm vụ, đã dự thảo" (74e2ddc7b11340da.md:1844)
NARRATIVE_SUBJECT_REGEX = (
    rf"(?<![{LETTER}])(?:(?:đã|đang|vừa)\s*$|đã\s+giao|là\s+đơn\s+vị)(?![{LETTER}])"
)
NARRATIVE_SUBJECT = re.compile(NARRATIVE_SUBJECT_REGEX)

# we want to capture an item numbered inside a paragraph: "... như sau: (1) Bộ Y tế chỉ đạo"
INLINE_ITEM_REGEX = r"\(\d{1,2}\)\s+$"
INLINE_ITEM = re.compile(INLINE_ITEM_REGEX)


# we want to capture the bodies a notice is sent to for them to act on it (its closing line):
#   "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Điện Biên và các Bộ, cơ quan liên
#   quan biết, thực hiện./."   (296e373d796986f4.md:35)
# (The look-behind follows "thông", so that ``re`` can skip to the word in a long clause.)
NOTICE_ADDRESSEES_REGEX = (
    rf"thông(?<![{LETTER}]thông)\s+báo\s+để\s+(?P<who>[^.;:\n]+?)\s+(?:được\s+)?biết,?\s+"
    r"(?:và\s+)?(?:thực\s+hiện|triển\s+khai|chỉ\s+đạo)"
)
NOTICE_ADDRESSEES = re.compile(NOTICE_ADDRESSEES_REGEX)

# we want to find the clauses that may give work to a body other than the subject they go
# on with. Without look-arounds, supersets of what ``_Reader.clause`` looks for, so that a
# clause that matches none of them gives no work and is not read (most clauses of prose):
# a word that hands work to the bodies after it, anywhere ("..., yêu cầu Bộ Y tế"), or the
# closing of a notice ("thông báo để các Bộ ... biết, thực hiện") ...
HANDING_CUES = (
    *(r"Giao\s", r"giao\s", r"Đề\s+nghị", r"đề\s+nghị", r"Yêu\s+cầu", r"yêu\s+cầu"),
    *("Khuyến", r"thông\s+báo\s+để"),
)
HANDING_CUE = re.compile(agencies.by_first_letter(HANDING_CUES))
# ... or, where the clause opens (past spaces and commas), a body, a title that stands for
# one ("Phó Giám đốc Sở", "Các đồng chí Bộ trưởng"), or "Chỉ đạo" (the bodies it instructs)
# (and circumstances before a subject: INTRO).
SUBJECT_START_REGEX = agencies.by_first_letter(
    (
        *agencies.NAMING_CUES,
        *("Phó", "Thủ", "Trưởng", "Chỉ", r"Các\s+đồng\s+chí", r"các\s+đồng\s+chí"),
    )
)
SUBJECT_START = re.compile(SUBJECT_START_REGEX)
# ... and a line with none of them anywhere has no such clause, nor an agency heading (the
# titles are found by their other words, "Giám đốc", "Thủ trưởng"; what opens a clause with
# circumstances is followed by its subject).
CLAUSE_CUE = re.compile(
    agencies.by_first_letter((*agencies.NAMING_CUES, *HANDING_CUES, r"Chỉ\s+đạo"))
)

# we want to capture a clause that opens with its circumstances before its subject:
#   "Điều 2. Trong quá trình thực hiện, nếu cần sửa đổi, bổ sung, Bộ Công Thương rà soát, tổng
#   hợp ý kiến"   (c93728206e91346c.md:28)
#   "2. Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương rà soát"
#   (405a6cabda393030.md:27)
#   "- Trong 02 ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ theo quy định, Phòng Kinh tế
#   xã/... phối hợp với ..."   "Trong thời hạn 05 ngày làm việc, ..." (0abcf1a5292b31ec.md)
INTRO_REGEX = (
    r"(?:Trong\s+quá\s+trình|Trong\s+trường\s+hợp|Trường\s+hợp|Nếu|Khi|Sau\s+khi"
    r"|Trên\s+cơ\s+sở|Căn\s+cứ|Trong\s+thời\s+hạn|Trong\s+(?:vòng\s+)?\d+\s+ngày)\s"
)
INTRO = re.compile(INTRO_REGEX)
INTRO_COMMA = re.compile(r",\s+")

# we want to capture the fields of a procedure catalogue that name the body that handles it:
#   "- Cơ quan có thẩm quyền công nhận: Ủy ban nhân dân Thành phố Hồ Chí Minh"
#   (d3d459d0a856471f.md:93)   "Cơ quan thực hiện TTHC: UBND cấp tỉnh." (4c6ac60a4ebc43d6.md)
#   "- Cơ quan, đơn vị tiếp nhận và trả kết quả: Trung tâm phục vụ Hành chính công tỉnh, ..."
PROCEDURE_FIELD_REGEX = r"""
    ^[ \t]*(?:[-–+•][ \t]*)?(?:[a-zđ\d][.)][ \t]*)?
    (?P<label>(?:Cơ\s+quan|Đơn\s+vị)(?:\s*,\s*đơn\s+vị)?\s+
      (?:thực\s+hiện|giải\s+quyết|tiếp\s+nhận|có\s+thẩm\s+quyền|trực\s+tiếp|được\s+ủy\s+quyền)
      [^:\n]{0,60}?)
    [ \t]*:[ \t]*(?P<who>[^\n]+)$
"""
PROCEDURE_FIELD = re.compile(PROCEDURE_FIELD_REGEX, re.VERBOSE | re.MULTILINE)
# The next field printed on the same line: "Sở Y tế Cơ quan có thẩm quyền quyết định: Sở Y tế"
# (1ea5e769bcf16b99.md:322).
NEXT_FIELD = re.compile(r"\s(?:Cơ\s+quan|Đơn\s+vị|Người)\s[^:\n]{0,60}:")

# we want to recognise a procedure catalogue (an appendix of administrative procedures):
#   "a) Trình tự thực hiện:"   "Thành phần, số lượng hồ sơ"   "Tên TTHC" (a table header,
#   8966c59f782e4081.md:142)
PROCEDURE_CUE_REGEX = (
    r"(?i:trình\s+tự\s+thực\s+hiện|thành\s+phần,?\s+số\s+lượng\s+hồ\s+sơ"
    r"|tên\s+(?:thủ\s+tục\s+hành\s+chính|TTHC))"
)
PROCEDURE_CUE = re.compile(PROCEDURE_CUE_REGEX)
# The same on the text in lower case (see ``clean.lower_for``): ``re`` skips to its letters
# rather than trying a case-insensitive pattern at every position of the whole document.
_PROCEDURE_CUE_LOWER = re.compile(lowered(PROCEDURE_CUE_REGEX.removeprefix("(?i:")[:-1]))


def _has_procedures(text: str) -> bool:
    low = lower_for(text)
    if low is None:
        return PROCEDURE_CUE.search(text) is not None
    return _PROCEDURE_CUE_LOWER.search(low) is not None


def _role_of(verb_text: str) -> Role:
    for role, pattern in ROLE_VERBS:
        if pattern.match(verb_text):
            return role
    return Role.IMPLEMENT


def _lines_opening(
    pattern: re.Pattern[str], text: str, start: int, end: int
) -> dict[int, re.Match[str]]:
    """The matches of ``pattern`` (``^``, MULTILINE) at the lines that start in ``start:end``,
    by where the line starts: one pass over the text, where matching each line in turn took
    a call a line. The same matches: none of the patterns reaches past its line."""
    return {m.start(): m for m in line_matches(pattern, text, start, end)}


def _opens_with_verb(clause: str) -> bool:
    if not clause[:1].isupper():
        return False
    lowered = clause[:1].lower() + clause[1:]
    return agencies.ACTION_VERB.match(lowered) is not None


def _prose_name(name: str, place: str | None) -> str:
    # "các tổ chức xã hội nghề nghiệp thuộc tỉnh": the province is the document's own; but
    # "Các sở, ban ngành, cơ quan thuộc tỉnh" (f004d93b21e7fc5f.md) is how the departments
    # are named.
    if agencies.is_collective(name) and re.match(r"Các\s+tổ\s+chức", name):
        name = re.sub(r"\s+thuộc\s+tỉnh$", "", name)
    # "Báo và Phát thanh, Truyền hình Cần Thơ" in a plan of Cần Thơ: the jurisdiction is
    # recorded once.
    # But "9. Báo Hà Tĩnh" is the newspaper's name: a bare kind word keeps its place.
    if (
        place
        and place != places.CENTRAL
        and name.endswith(f" {place}")
        and " " in name[: -len(place) - 1].strip()
    ):
        name = name[: -len(place) - 1]
    return name


# A subject that stops on a word that joins it to more: "... chuyển đổi số và".
OPEN_END = re.compile(r"(?:\s(?:và|của|về)|,)\s*$")


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
        # Items whose heading names the bodies that carry out the duties under it.
        self.headings: dict[tuple[str, ...], tuple[tuple[str, ...], int, int]] = {}
        self.lines = ctx.layout.lines
        self.paths = ctx.layout.line_paths
        self.markers = ctx.layout.body_markers

    def names(self, phrase: str) -> tuple[str, ...]:
        place = self.ctx.jurisdiction
        found = agencies.split_agencies(phrase, strict=True, keep_place=place == places.CENTRAL)
        return tuple(dict.fromkeys(_prose_name(n, place) for n in found))

    def subject_of(self, phrase: str) -> tuple[str, ...]:
        """The bodies of a clause's subject; empty when it is not a list of bodies."""
        phrase = phrase.strip(" ,")
        if not SUBJECT_START.match(phrase):
            return ()  # (what BODY_START and COLLECTIVE_START need below, looked for first)
        phrase = agencies.strip_titles(phrase)
        # A long subject is a list: "Đề nghị Văn phòng Tỉnh ủy ..., Thuế tỉnh, Kho bạc ..."
        is_list = ";" in phrase or phrase.count(",") >= 3
        if not phrase or len(phrase) > (400 if is_list else 200):
            return ()
        # "Ban Chỉ đạo ... chuyển đổi số và triển khai Đề án 06": the verb is inside a name.
        if OPEN_END.search(phrase):
            return ()
        # "Bộ đã phối hợp với Bộ Công an tổ chức Hội nghị", "Bộ đã giao: Cục Quản lý đất đai
        # hướng dẫn" (74e2ddc7b11340da.md:1968, a report of what was done): no duty.
        if NARRATIVE_SUBJECT.search(phrase):
            return ()
        m = FRONT_MEMBERS.search(phrase)
        if m:
            front = m.group(1) + (m.group("scope") or "")
            phrase = phrase[: m.start()] + front + phrase[m.end() :]
        if not (agencies.BODY_START.match(phrase) or agencies.COLLECTIVE_START.match(phrase)):
            return ()
        return self.names(phrase)

    def objects(self, who: str, *, proper_only: bool) -> tuple[str, ...]:
        # "phối hợp với Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công tỉnh) để ...":
        # the body is the one outside the bracket (a69069ae... a9e3b1619c1d3512.md:27), and
        # a remark in brackets ends no list: "Bộ Y tế nghiên cứu ... (trong đó có tỉnh ...)".
        # "chỉ đạo các Cơ sở y tế trên địa bàn tỉnh: Đảm bảo sẵn sàng thuốc" (a49ef8a0da1f62dd.md:
        # 227): the duty after the colon.
        colon = COLON.search(who)
        if colon and _opens_with_verb(who[colon.end() :]):
            who = who[: colon.start()]
        masked = BRACKET.sub(lambda m: "(" + "x" * (len(m.group()) - 2) + ")", who)
        phrase = who[: len(agencies.phrase_before_verb(masked))]
        names = self.names(phrase)
        if proper_only:
            names = tuple(n for n in names if not agencies.COLLECTIVE_START.match(n))
        return names

    def heading(self, start: int, end: int) -> tuple[tuple[str, ...], int] | None:
        """The bodies of an agency heading ("2.3. Sở Tài chính:") and where its text goes on."""
        line = self.text[start:end]
        # "5. Các Bộ: Quốc phòng, Công an chủ động ...": the colon is inside the list.
        shared = agencies.shared_head_at(line)
        colon = COLON.search(line, shared)
        title = line[: colon.start()] if colon else line
        title = title.strip().rstrip(".")
        # "- Văn phòng Chính phủ;": a recipient, not a heading.
        if not title or title.endswith(";") or len(title) > 250 or not _is_list(title):
            return None
        trigger = TRIGGER.match(title)
        # "5. Chính phủ trân trọng đề nghị": the bodies asked come on the next line.
        if TRIGGER.search(title, trigger.end() if trigger else 0) or TRAILING_TRIGGER.search(title):
            return None
        subject = self.subject_of(title[trigger.end() :] if trigger else title)
        if not subject:
            return None
        return subject, start + (colon.end() if colon else len(line))

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
        text, lay = self.text, self.ctx.layout
        body_start, body_end = lay.body
        procedures = _has_procedures(text)
        # (Most documents have neither: no call a line then.)
        scope = _scope_articles(self.ctx)
        sections = _sections(self.ctx)
        in_scope = Cover(scope, with_start=True, with_end=False) if scope else None
        in_sections = Cover(sections, with_start=True, with_end=False) if sections else None
        joined_to = -1
        in_recipients = False
        recipients = _lines_opening(RECIPIENTS, text, body_start, body_end)
        fields = _lines_opening(PROCEDURE_FIELD, text, body_start, body_end) if procedures else {}
        leads = _lines_opening(LEAD_LINE, text, body_start, body_end)
        lines = lay.lines
        for i in lay.line_range(body_start, body_end):
            line = lines[i]
            if not line.text or line.start < joined_to:
                continue
            # "Nơi nhận:" / "- Các Sở, ban, ngành, tổ chức CT-XH Thành phố;" (4672020dbba893fb.md:
            # 188, before an appendix): the recipients are told nothing.
            if line.start in recipients:
                in_recipients = True
                continue
            if in_recipients and line.text.startswith(("-", "+", "•")):
                continue
            in_recipients = False
            if fields and (field := fields.get(line.start)):
                self.field(field)
                continue
            # Lead lines and task-table rows are read by the tasks loader.
            if line.start in leads or line.text.startswith("|"):
                continue
            if in_scope is not None and in_scope(line.start):
                continue
            in_section = in_sections is not None and in_sections(line.start)
            if (joined := self.line(i, in_section)) is not None:
                joined_to = joined
        for subject, start, end in self.headings.values():
            for name in subject:
                if not any(n == name for n, _ in self.out):
                    self.add(name, Role.IMPLEMENT, start, end)
        return self.one_name_each()

    def line(self, i: int, in_section: bool) -> int | None:
        """Read the clauses of the ``i``-th line; the end of the next line when it was read
        with this one (a heading or an article whose bodies run on over a line break)."""
        lines, line = self.lines, self.lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        joined_to = None
        # (``read`` asks only for the lines of the body with text: their markers are known.)
        marker = self.markers.get(line.start)
        # Each alternative of OUTLINE_MARKER is one named group: the last is the kind.
        kind = marker.lastgroup if marker else None
        start = marker.end() if marker else line.start
        path = self.paths[i]
        if marker or path != self.path:
            self.path, self.subject = path, self.inherited(path)
        # "Điều 2. Thống đốc Ngân hàng Nhà nước Việt Nam tiếp thu ...": an article that
        # opens with a body assigns it the work.
        article = kind == "article"
        line_end = line.end
        if article and nxt is not None and self.runs_on(start, line.end, nxt):
            line_end = joined_to = nxt.end
        numbered = kind is not None and kind not in ("bullet", "plus")
        heading = None
        if numbered and not article and nxt is not None and self.name_runs_on(start, line.end, nxt):
            # "**6. Sở Ngoại" / "Vụ**" (f1e0981425ec38be.md:550), "8. Đề nghị" / "Liên minh
            # Hợp tác xã tỉnh, ..., Hiệp hội doanh nghiệp tỉnh" (f1e0981425ec38be.md:580):
            # a heading whose bodies go on over a line break.
            heading = self.heading(start, nxt.end)
            if heading is not None:
                joined_to = nxt.end
        # A line that names no body, hands out no work and closes no notice has no heading,
        # and no clause of it gives work but to a subject it continues (see CLAUSE_CUE).
        named = CLAUSE_CUE.search(self.text, start, line_end) is not None
        if heading is None and numbered and line_end == line.end and named:
            heading = self.heading(start, line.end)
        if heading is not None:
            # "1. Công an tỉnh" / "2.3. Sở Tài chính:": the duties below are theirs.
            self.subject, start = heading
            self.headings[path] = (self.subject, line.start, line.end)
        # Numbered and lettered items; bullets in a resolution often state aims, not work.
        item = kind in ("number", "letter")
        # A subject to continue, as ``clause_subject`` asks: the nearest heading's bodies (a
        # heading found on the way sets ``self.subject`` too, so this is asked once a line).
        continues = bool(self.subject or self.inherited(path))
        if not (named or continues or in_section or article):
            return joined_to
        for c_start, c_end in _clauses(self.text, start, line_end):
            # Without a subject to continue, a clause that names no body and hands out no
            # work (``opens``) gives none, in the assigning section or not: not read.
            if not (self.subject or self.opens(c_start, c_end)):
                continue
            # (INLINE_ITEM ends with a bracket and spaces: most clauses have no bracket.)
            before = max(0, c_start - 6)
            has_bracket = self.text.find(")", before, c_start) >= 0
            inline = INLINE_ITEM.search(self.text, before, c_start) if has_bracket else None
            opens = (c_start == start and item) or inline is not None
            assigning = in_section or (article and c_start == start)
            self.clause(
                c_start,
                c_end,
                assigning,
                path,
                item=bool(opens),
                bullet=c_start == start and kind == "bullet",
            )
        return joined_to

    def opens(self, start: int, end: int) -> bool:
        """Whether the clause at ``start:end`` may name a body to give work to (see
        SUBJECT_START and HANDING_CUE)."""
        text = self.text
        first = start
        while first < end and text[first] in " ,":  # as ``clause`` strips it
            first += 1
        return bool(
            SUBJECT_START.match(text, first, end)
            or INTRO.match(text, first, end)
            or HANDING_CUE.search(text, start, end)
        )

    def one_name_each(self) -> tuple[Assignment, ...]:
        """The assignments found, each body under the spelling the document prints most
        fully, and under its own name rather than a short one it defines."""
        fullest = agencies.unify((n for n, _ in self.out), self.text)
        short = self.short_names()
        out: dict[tuple[str, Role], Assignment] = {}
        for (name, role), found in self.out.items():
            name = fullest.get(name, name)
            name = fullest.get(short.get(name, name), short.get(name, name))
            out.setdefault((name, role), replace(found, agency=name))
        return tuple(out.values())

    def runs_on(self, start: int, end: int, nxt: Line) -> bool:
        """Whether an article's first line breaks inside the bodies it names.

        "Điều 4. Trưởng Ban Chỉ đạo" / "Nhà nước các chương trình, ..., các Bộ trưởng, ...
        chịu trách nhiệm thi hành quyết định này" (c93728206e91346c.md:30): one sentence.
        """
        head = self.text[start:end].rstrip()
        if not head or head[-1] in ".:;," or self.ctx.layout.marker(nxt):
            return False
        if agencies.find_action_verb(head):
            return False
        title = agencies.strip_titles(head)
        return bool(agencies.BODY_START.match(title) or agencies.COLLECTIVE_START.match(title))

    def short_names(self) -> dict[str, str]:
        """The short names a document defines for bodies, each to the body's name."""
        out: dict[str, str] = {}
        for m in SHORT_NAME.finditer(self.text):
            line_start = self.text.rfind("\n", 0, m.start()) + 1
            before = self.text[line_start : m.start()]
            marker = OUTLINE_MARKER.match(before)
            before = before[marker.end() :] if marker else before
            trigger = TRIGGER.match(before)
            names = self.subject_of(before[trigger.end() :] if trigger else before)
            if names:
                for short in self.names(m.group("short")):
                    out.setdefault(short, names[-1])
        return out

    def name_runs_on(self, start: int, end: int, nxt: Line) -> bool:
        """Whether a numbered heading breaks inside the bodies it names."""
        head = self.text[start:end].rstrip()
        tail = nxt.text.strip()
        if not head or head[-1] in ".:;," or not tail or len(tail) > 250:
            return False
        if self.ctx.layout.marker(nxt) or _opens_with_verb(tail):
            return False
        if BARE_TRIGGER.fullmatch(head):
            return _is_list(tail)
        trigger = TRIGGER.match(head)
        title = agencies.strip_titles(head[trigger.end() :] if trigger else head)
        if agencies.find_action_verb(title) or agencies.find_action_verb(tail):
            return False
        return bool(agencies.BODY_START.match(title) or agencies.COLLECTIVE_START.match(title))

    def field(self, m: re.Match[str]) -> None:
        """The bodies of a procedure's field ("Cơ quan thực hiện: ...") carry it out."""
        who = m.group("who")
        nxt = NEXT_FIELD.search(who)
        who = who[: nxt.start()] if nxt else who
        for name in self.names(who):
            self.add(name, Role.IMPLEMENT, m.start("label"), m.start("who") + len(who))

    def inherited(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """The subject of the nearest enclosing agency heading ("Sở Y tế có trách nhiệm:")."""
        if not self.headings:
            return ()  # (most documents have none, and this is asked for every line)
        for n in range(len(path), 0, -1):
            found = self.headings.get(path[:n])
            if found is not None:
                return found[0]
        return ()

    def clause(
        self,
        start: int,
        end: int,
        in_section: bool,
        path: tuple[str, ...],
        *,
        item: bool = False,
        bullet: bool = False,
    ) -> None:
        clause = self.text[start:end]
        stripped = clause.lstrip(" ,")
        offset = start + len(clause) - len(stripped)
        notice = NOTICE_ADDRESSEES.search(stripped)
        if notice:
            for name in self.names(notice.group("who")):
                self.add(name, Role.IMPLEMENT, offset + notice.start(), end)
        stripped, offset = self.past_intro(stripped, offset)
        # "a) Chủ trì, phối hợp với ...": a duty that opens with its verb, capitalised.
        opens_with_verb = _opens_with_verb(stripped)
        stripped = stripped[:1].lower() + stripped[1:] if opens_with_verb else stripped
        subject, rest = self.clause_subject(stripped, in_section, path, item=item, bullet=bullet)
        if not subject:
            if opens_with_verb and rest.startswith("chỉ đạo"):
                # "Chỉ đạo Tổng công ty Hàng không Việt Nam, ... hỗ trợ ...": the bodies told
                # are known even when the one telling them is not.
                directed = DIRECTED.match(rest)
                who = directed.group("who") if directed else ""
                for name in self.objects(who, proper_only=True) if who else ():
                    self.add(name, _directed_role(who), offset, end)
            return
        self.subject = subject
        if self.text[end : end + 1] == ":":
            # "Sở Văn hóa và Thể thao có trách nhiệm:" heads the items below it.
            self.headings.setdefault(path, (subject, start, end))
        self.assign(subject, rest, offset, end)

    def past_intro(self, stripped: str, offset: int) -> tuple[str, int]:
        """A clause without the circumstances that open it, when its subject follows them:
        "Trong quá trình thực hiện, nếu có vướng mắc phát sinh, các cơ quan, đơn vị, địa
        phương kịp thời phản ánh" (541cde0f8d5ffef3.md:73)."""
        if INTRO.match(stripped):
            for comma in INTRO_COMMA.finditer(stripped):
                after = stripped[comma.end() :]
                starts = agencies.BODY_START.match(after) or agencies.COLLECTIVE_START.match(after)
                if starts and self.subject_of(agencies.phrase_before_verb(after)):
                    return after, offset + comma.end()
        return stripped, offset

    def clause_subject(
        self,
        stripped: str,
        in_section: bool,
        path: tuple[str, ...],
        *,
        item: bool,
        bullet: bool,
    ) -> tuple[tuple[str, ...], str]:
        """The bodies a clause gives work to (empty if none), and its words after them."""
        trigger = _trigger(stripped)
        # "Ban Quản lý ... thành phố Hà Nội (sau đây gọi tắt là “Ban Quản lý”) có trách nhiệm:"
        # (the verb "là" in the bracket ends no subject)
        verb = agencies.find_action_verb(_masked(stripped))
        if trigger is not None:
            after = stripped[trigger.end() :]
            phrase = after[: len(agencies.phrase_before_verb(_masked(after)))]
            return self.subject_of(phrase), after[len(phrase) :]
        if verb is not None and verb.start() > 0:
            before = stripped[: verb.start()]
            rest = stripped[verb.start() :]
            # The subject is read only when the clause can give it work: most clauses of
            # prose outside the assigning section cannot, and reading it is the costly part.
            # "c) Bộ Y tế, Bộ Nông nghiệp và Môi trường ... xuất cấp ...": an item that opens
            # with its bodies gives them the work, unless it tells what they did.
            told = item and not NARRATIVE.search(before)
            if in_section or told or RESPONSIBLE.match(rest) or LEAD_AND_PARTNERS.search(rest):
                return self.subject_of(before), rest
            # "- Mặt trận Tổ quốc, Đoàn Thanh niên, Hội Phụ nữ hỗ trợ người dân khắc phục hậu
            # quả" (a49ef8a0da1f62dd.md:205): a bullet that opens with several named bodies.
            if bullet and not NARRATIVE.search(before):
                subject = self.subject_of(before)
                if len(subject) > 1 and not any(agencies.is_collective(n) for n in subject):
                    return subject, rest
            return (), rest
        if verb is not None and (in_section or self.inherited(path) or self.subject):
            return self.subject, stripped
        return (), stripped

    def assign(self, subject: tuple[str, ...], rest: str, offset: int, end: int) -> None:
        """Give the subject of a clause its roles, and the bodies ``rest`` names theirs:
        those it works with coordinate, those it instructs carry the work out."""
        # "..., trong phạm vi nhiệm vụ, quyền hạn của mình, giám sát ...": the verb after.
        if rest.startswith("trong phạm vi"):
            later = agencies.find_action_verb(rest, len("trong phạm vi"))
            rest = rest[later.start() :] if later else rest
        role = _role_of(rest.lstrip(" ,"))
        for name in subject:
            self.add(name, role, offset, end)
            if "kế hoạch giám sát" in rest or MONITOR_WORDS.search(rest):
                self.add(name, Role.MONITOR, offset, end)
            if REPORT_WORDS.search(rest):
                self.add(name, Role.REPORT, offset, end)
        for m in PARTNERS.finditer(rest):
            for name in self.objects(m.group("who"), proper_only=False):
                if name not in subject:
                    self.add(name, Role.COORDINATE, offset, end)
        for m in DIRECTED.finditer(rest):
            who = m.group("who")
            # "chỉ đạo các quân khu hỗ trợ xe máy, thiết bị" (50f694478a35aefd.md:61), "Trực
            # tiếp chỉ đạo các Cơ sở y tế trên địa bàn tỉnh" (a49ef8a0da1f62dd.md:227).
            # Not the units under the one instructing: "chỉ đạo các đơn vị thuộc thẩm quyền".
            for name in self.objects(who, proper_only=False):
                if GENERIC_COLLECTIVE.match(name):
                    continue
                self.add(name, _directed_role(who), offset, end)


def _directed_role(who: str) -> Role:
    verb = agencies.find_action_verb(who)
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

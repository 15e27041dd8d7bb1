"""What a document says about itself: kind, number, date, issuer, jurisdiction, signer.

Each field comes from the place the genre puts it (letterhead, title, opening, signature)
and is ``None`` where the text does not say: a guess would poison the graph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from policykg.loaders import codes, places, regexes
from policykg.loaders.context import DocContext
from policykg.loaders.reflow import is_caps
from policykg.loaders.structure import Line
from policykg.records import DocumentInfo, Field

# A receiving office's stamp ("SỐ: 1329 ĐẾN", "Chuyển:", "Lưu hồ sơ số") sits in the same
# corner as a letterhead; its number and date are not the document's.
_STAMP_REGEX = r"\bĐẾN\b|\bĐến\b[ \t]*$|^Chuyển[ \t]*:|Lưu[ \t]+hồ[ \t]+sơ|^Ngày[ \t]*:"
_STAMP = re.compile(_STAMP_REGEX, re.MULTILINE)

# Bodies that issue documents, as letterheads print them (capitals) -> canonical name.
# we want to capture:
#   "ỦY BAN NHÂN DÂN" / "TỈNH VĨNH LONG"   "TỈNH ỦY THÁI BÌNH"   "BAN CHẤP HÀNH TRUNG ƯƠNG"
_CAPS = regexes.UPPER
_ISSUER_WORDS_REGEX = rf"""
    ^(?P<body>
        THỦ[ ]TƯỚNG[ ]CHÍNH[ ]PHỦ | VĂN[ ]PHÒNG[ ]CHÍNH[ ]PHỦ | CHÍNH[ ]PHỦ
      | [ỦU][ỶY][ ]BAN[ ]THƯỜNG[ ]VỤ[ ]QUỐC[ ]HỘI | QUỐC[ ]HỘI | CHỦ[ ]TỊCH[ ]NƯỚC
      | BAN[ ]CHẤP[ ]HÀNH[ ]TRUNG[ ]ƯƠNG(?:[ ]ĐẢNG)? | BỘ[ ]CHÍNH[ ]TRỊ | BAN[ ]BÍ[ ]THƯ
      | BAN[ ]CHẤP[ ]HÀNH[ ]ĐẢNG[ ]BỘ[ ](?:TỈNH|THÀNH[ ]PHỐ)
      | BAN[ ]THƯỜNG[ ]VỤ[ ](?:TỈNH|THÀNH)[ ][ỦU][ỶY]
      | (?:TỈNH|THÀNH|HUYỆN|THỊ|QUẬN)[ ][ỦU][ỶY]
      | [ỦU][ỶY][ ]BAN[ ]NHÂN[ ]DÂN(?:[ ](?:TỈNH|THÀNH[ ]PHỐ|HUYỆN|QUẬN|THỊ[ ]XÃ|XÃ|PHƯỜNG))?
      | UBND(?:[ ](?:TỈNH|THÀNH[ ]PHỐ|HUYỆN))?
      | HỘI[ ]ĐỒNG[ ]NHÂN[ ]DÂN(?:[ ](?:TỈNH|THÀNH[ ]PHỐ|HUYỆN))?
      | BỘ[ ][{_CAPS} ,]+ | SỞ[ ][{_CAPS} ,]+ | BAN[ ][{_CAPS} ,]+ | VĂN[ ]PHÒNG[ ][{_CAPS} ]+
      | ĐẢNG[ ](?:ỦY|UỶ|ĐOÀN|BỘ)[ ][{_CAPS} ]+
    )
"""
_ISSUER_WORDS = re.compile(_ISSUER_WORDS_REGEX, re.VERBOSE)

_CENTRAL_BODIES = frozenset(
    {
        "chính phủ", "thủ tướng chính phủ", "văn phòng chính phủ", "quốc hội",
        "ủy ban thường vụ quốc hội", "chủ tịch nước", "ban chấp hành trung ương",
        "ban chấp hành trung ương đảng", "bộ chính trị", "ban bí thư",
    }
)  # fmt: skip

# Central Party and State bodies that are not in the list: a name ending in "Trung ương"
# ("Ban Tuyên giáo Trung ương", "Văn phòng Trung ương Đảng") or belonging to the Government
# or the National Assembly ("Đảng đoàn Quốc hội", "Ban cán sự đảng Chính phủ").
_CENTRAL_NAME = re.compile(
    r"Trung\s+ương(?:\s+Đảng)?$|(?:Đảng\s+đoàn|Đảng\s+ủy|Ban\s+cán\s+sự\s+Đảng)\s+(?:Chính\s+phủ"
    r"|Quốc\s+hội)$",
    re.IGNORECASE,
)


def is_central(name: str) -> bool:
    """Whether a body name is a central (national) body."""
    return name.lower() in _CENTRAL_BODIES or bool(_CENTRAL_NAME.search(name))


# Words that keep a capital inside an otherwise lower-case body name.
_PROPER = (
    ("tỉnh ủy", "Tỉnh ủy"),
    ("thành ủy", "Thành ủy"),
    ("trung ương", "Trung ương"),
    ("quốc hội", "Quốc hội"),
    ("chính phủ", "Chính phủ"),
    ("bí thư", "Bí thư"),
    ("thường vụ", "Thường vụ"),
    ("chấp hành", "Chấp hành"),
    ("chính trị", "Chính trị"),
    ("đảng", "Đảng"),
    ("mặt trận tổ quốc", "Mặt trận Tổ quốc"),
    ("việt nam", "Việt Nam"),
)

# The preamble names who drafts or issues the document.
# we want to capture:
#   ", Ban Thường vụ Tỉnh ủy xây dựng Kế hoạch thực hiện Nghị quyết như sau:"
#   ", Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện"
OPENING_ISSUER_REGEX = rf"""
    (?:^|[,;:(]|\bvà\b)\s*
    (?P<body>(?:Ban|Ủy\s+ban|Uỷ\s+ban|UBND|Hội\s+đồng|HĐND|Tỉnh\s+ủy|Thành\s+ủy|Sở|Bộ|Chính\s+phủ
        |Thủ\s+tướng|Văn\s+phòng|Đảng\s+ủy|Đảng\s+đoàn)\b[^,;:()\n]{{0,70}}?)
    \s+(?:xây\s+dựng|ban\s+hành|đề\s+ra|thống\s+nhất\s+ban\s+hành)\s+(?:{regexes.KIND_WORD})
"""
OPENING_ISSUER = re.compile(OPENING_ISSUER_REGEX, re.VERBOSE)

# "NGHỊ QUYẾT CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH về ..." (the issuer right after the kind word)
TITLE_ISSUER = re.compile(
    rf"\s*CỦA\s+(?P<body>[{regexes.UPPER} ]+?)\s*(?=$|[{regexes.LOWER}]|\n)", re.MULTILINE
)

SIGNER_TITLES = {
    "TỔNG BÍ THƯ": "Tổng Bí thư",
    "PHÓ BÍ THƯ THƯỜNG TRỰC": "Phó Bí thư Thường trực",
    "PHÓ BÍ THƯ": "Phó Bí thư",
    "BÍ THƯ": "Bí thư",
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC": "Phó Chủ tịch Thường trực",
    "PHÓ CHỦ TỊCH": "Phó Chủ tịch",
    "CHỦ TỊCH": "Chủ tịch",
    "PHÓ THỦ TƯỚNG": "Phó Thủ tướng",
    "THỦ TƯỚNG": "Thủ tướng",
    "BỘ TRƯỞNG": "Bộ trưởng",
    "THỨ TRƯỞNG": "Thứ trưởng",
    "PHÓ GIÁM ĐỐC": "Phó Giám đốc",
    "GIÁM ĐỐC": "Giám đốc",
    "PHÓ TRƯỞNG BAN THƯỜNG TRỰC": "Phó Trưởng ban Thường trực",
    "PHÓ TRƯỞNG BAN": "Phó Trưởng ban",
    "TRƯỞNG BAN": "Trưởng ban",
    "PHÓ CHÁNH VĂN PHÒNG": "Phó Chánh Văn phòng",
    "CHÁNH VĂN PHÒNG": "Chánh Văn phòng",
    "CHỦ NHIỆM": "Chủ nhiệm",
    "PHÓ CHỦ NHIỆM": "Phó Chủ nhiệm",
    "TỔNG CỤC TRƯỞNG": "Tổng cục trưởng",
    "CỤC TRƯỞNG": "Cục trưởng",
}

SURNAMES = frozenset(
    (
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
        "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Lâm", "Mai", "Trịnh", "Đào", "Cao", "Lương",
        "Hà", "Tạ", "Tô", "Trương", "Lưu", "Chu", "Vương", "Quách", "Thái", "Kiều", "Đàm", "La",
        "Khổng", "Tăng", "Triệu", "Nông", "Lại", "Tống", "Văn", "Hầu", "Từ", "Thân", "Giang",
        "Mạc", "Phùng", "Châu", "Lục", "Đồng", "Ông", "Hứa", "Kim", "Sầm", "Diệp", "Âu", "Doãn",
        "Khúc", "Nghiêm", "Quan", "Bạch", "Lò", "Lã", "Ninh", "Thạch", "Y", "Trình", "Tôn", "Đậu",
        "Viên", "Vi",
    )
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Letterhead:
    body: str | None
    province: str | None
    central: bool
    evidence: tuple[int, int] | None


# A run of white space that is not already one space: two characters or more, or one that
# is not a space. Leaving the single spaces alone is several times faster on a long title.
_SPACE_RUN = re.compile(r"\s(?:\s+|(?<=[^ ]))")


def _tidy(s: str) -> str:
    return _SPACE_RUN.sub(" ", s).strip(" \t,.;:-–")


def body_name(caps: str) -> str:
    """Canonical spelling of a body printed in capitals: ``SỞ KHOA HỌC VÀ CÔNG NGHỆ``."""
    words = _tidy(caps).replace("UỶ", "ỦY").replace("Uỷ", "Ủy").split()
    if not words:
        return ""
    if words[0].upper() == "UBND":
        words = ["ỦY", "BAN", "NHÂN", "DÂN", *words[1:]]
    out = [words[0].capitalize()]
    # Ministries and departments capitalise each named field: "Bộ Khoa học và Công nghệ".
    fields = words[0].upper() in ("BỘ", "SỞ")
    cap_next = fields
    for w in words[1:]:
        low = w.lower()
        out.append(w.capitalize() if cap_next and low != "và" else low)
        cap_next = fields and (low == "và" or w.endswith(","))
    name = " ".join(out)
    for low, proper in _PROPER:
        name = re.sub(rf"(?<!\w){low}(?!\w)", proper, name, flags=re.IGNORECASE)
    return name


def _strip_province(name: str) -> tuple[str, str | None]:
    """``Ủy ban nhân dân tỉnh Vĩnh Long`` -> (``Ủy ban nhân dân tỉnh``, ``Vĩnh Long``)."""
    for prov, start, _end in places.find_provinces(name, ignore_case=True):
        if start > 0:
            return _tidy(name[:start]), prov
    return name, None


def _letterhead(ctx: DocContext) -> _Letterhead:
    text = ctx.text
    head_end = ctx.layout.head[1] if ctx.layout.title else min(len(text), 1500)
    body: str | None = None
    province: str | None = None
    central = False
    evidence: tuple[int, int] | None = None
    pos = 0
    stamp_block = False
    for raw in text[:head_end].split("\n"):
        start = pos
        pos += len(raw) + 1
        if not raw.strip():
            stamp_block = False
            continue
        if _STAMP.search(raw):
            stamp_block = True
        for cell in re.split(r"\|", raw):
            cell_text = _tidy(cell)
            motto = regexes.NATIONAL_MOTTO.search(cell_text)
            if motto:
                # Two columns flattened onto one line: the issuer stands before the motto.
                cell_text = _tidy(cell_text[: motto.start()])
            if not cell_text:
                continue
            if stamp_block or _STAMP.search(cell_text) or not is_caps(cell_text, 2):
                continue
            m = _ISSUER_WORDS.match(cell_text)
            provs = list(places.find_provinces(cell_text, ignore_case=True))
            if provs and (m is None or provs[0][1] <= len(m.group("body"))):
                province = provs[0][0]
                evidence = (start, start + len(raw))
            if m:
                name, prov = _strip_province(body_name(m.group("body")))
                province = prov or province
                if name.lower() in ("tỉnh", "thành phố"):
                    continue
                body = name
                central = is_central(name) or (
                    name.startswith("Bộ ") and prov is None and "tỉnh" not in name.lower()
                )
                if prov is None and provs and province is None:
                    province = provs[0][0]  # "TỈNH ỦY QUẢNG NGÃI" on one line
            elif provs and body and body.endswith(("nhân dân", "Ủy ban nhân dân")):
                body = f"{body} {'thành phố' if provs[0][0] in places.CITIES else 'tỉnh'}"
    return _Letterhead(body, province, central and province is None, evidence)


_BARS_ONLY = re.compile(r"[ |]*")


def _number_and_date(
    ctx: DocContext,
) -> tuple[
    codes.Number | None, str | None, str | None, tuple[int, int] | None, tuple[int, int] | None
]:
    text = ctx.text
    head_end = ctx.layout.head[1] if ctx.layout.title else min(len(text), 1500)
    head = text[:head_end]
    number = None
    number_span = None
    for m in regexes.LETTERHEAD_NUMBER.finditer(head):
        line = ctx.layout.line_at(m.start("raw"))
        if _STAMP.search(line.text) or re.search(r"hồ\s+sơ", line.text, re.IGNORECASE):
            continue
        parsed = codes.parse_number(m.group("raw"))
        if parsed:
            number, number_span = parsed, (m.start("raw"), m.end("raw"))
            break
    date = place = None
    date_span = None
    # The place-date line stands in the letterhead, or on a line of its own just under the
    # title in some layouts; a date inside the title belongs to a referenced document.
    title_end = ctx.layout.title[1] if ctx.layout.title else head_end
    for m in regexes.PLACE_DATE.finditer(text, 0, min(len(text), title_end + 300)):
        line = ctx.layout.line_at(m.start())
        # (The position tests first: in a file without line breaks the line is the file.)
        if m.start() >= head_end and not (
            m.start() >= title_end and _BARS_ONLY.fullmatch(text, line.start, m.start())
        ):
            continue
        if _STAMP.search(line.text):
            continue
        iso = iso_date(m)
        if iso:
            date, place, date_span = iso, m.group("place"), (m.start(), m.end())
            break
    return number, date, place, number_span, date_span


def iso_date(m: re.Match[str]) -> str | None:
    """ISO date of a :data:`regexes.DATE` match, ``None`` if it is not a real date."""
    d = int(m.group("d"))
    month = m.group("m") or m.group("m2")
    year = m.group("y") or m.group("y2")
    if not month or not year:
        return None
    mo = int(month)
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    return f"{int(year):04d}-{mo:02d}-{d:02d}"


def _with_level(name: str, province: str | None) -> str:
    """``Ủy ban nhân dân`` named alone gets its level from the province: tỉnh or thành phố."""
    if name in ("Ủy ban nhân dân", "Hội đồng nhân dân"):
        return f"{name} {'thành phố' if province in places.CITIES else 'tỉnh'}"
    return name


def _opening_issuer(
    ctx: DocContext, province: str | None = None
) -> tuple[str, tuple[int, int]] | None:
    if not ctx.layout.opening:
        return None
    start, end = ctx.layout.opening
    for m in OPENING_ISSUER.finditer(ctx.text, start, end):
        name = _tidy(m.group("body"))
        name = re.sub(r"^UBND\b", "Ủy ban nhân dân", name)
        name = re.sub(r"^HĐND\b", "Hội đồng nhân dân", name)
        name, prov = _strip_province(name)
        # "Hội đồng nhân dân ban hành Nghị quyết": the level is the jurisdiction's.
        return _with_level(name, prov or province), (m.start("body"), m.end("body"))
    return None


def _title_issuer(ctx: DocContext) -> tuple[str, tuple[int, int]] | None:
    if not ctx.layout.title or not ctx.layout.title_word:
        return None
    start, end = ctx.layout.title
    word_end = ctx.text.index(ctx.layout.title_word, start) + len(ctx.layout.title_word)
    m = TITLE_ISSUER.match(ctx.text, word_end, end)
    if not m:
        return None
    name, _ = _strip_province(body_name(m.group("body")))
    return name, (m.start("body"), m.end("body"))


# A signature block printed as one table cell, its lines run together:
# we want to capture:
#   "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Phạm Văn Thịnh"
#   "KT. BỘ TRƯỞNG THỨ TRƯỞNG Nguyễn Hoàng Long"
_FLAT_SIGNATURE = re.compile(
    rf"^(?P<caps>(?:[{regexes.UPPER}/.,]+[ \t]+)+?)(?P<name>[{regexes.UPPER}][{regexes.LOWER}]+"
    rf"(?:[ \t]+[{regexes.UPPER}][{regexes.LOWER}]*){{1,4}})[ \t]*$"
)
_ON_BEHALF_SPLIT = re.compile(r"(?:^|(?<=\s))(?=(?:T/M|TM|T\.M|KT|TL|TUQ|Q)[ \t]*[./]?[ \t])")
_ON_BEHALF_HEAD = re.compile(r"^(?:T/M|TM|T\.M|KT|TL|TUQ|Q)[ \t]*[./]?[ \t]+\S")


def _split_signature(line: Line) -> list[Line]:
    """One line per part of a signature block printed on one line."""
    m = _FLAT_SIGNATURE.match(line.text)
    if not m or not is_caps(m.group("caps"), 4):
        return [line]
    caps = m.group("caps")
    parts: list[Line] = []
    # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH": the signer's own title follows the on-behalf parts.
    chunks = [c.strip() for c in _ON_BEHALF_SPLIT.split(caps) if c.strip()]
    if chunks:
        last = chunks[-1]
        for title in sorted(SIGNER_TITLES, key=len, reverse=True):
            if last.endswith(title) and last != title:
                head = last[: -len(title)].strip()
                if _ON_BEHALF_HEAD.match(head):
                    chunks[-1:] = [head, title]
                break
    start = line.start + line.text.find(caps)
    for c in chunks:
        parts.append(Line(start, start + len(c), c))
    name_start = line.start + m.start("name")
    parts.append(Line(name_start, name_start + len(m.group("name")), m.group("name")))
    return parts


def _signature(ctx: DocContext) -> tuple[str | None, str | None, str | None, int | None]:
    """(on-behalf body, signer title, signer name, offset of the name)."""
    closing = ctx.layout.closing[0]
    if closing >= len(ctx.text):
        # No closing in the last half: a long appendix follows the signature.
        from_body = ctx.layout.body[0]
        m = regexes.line_search(regexes.RECIPIENTS, ctx.text, from_body) or regexes.line_search(
            regexes.ON_BEHALF, ctx.text, from_body
        )
        closing = m.start() if m else closing
    lines = [ln for ln in ctx.layout.lines if ln.start >= closing and ln.text][:60]
    if not lines:
        lines = [ln for ln in ctx.layout.lines[-25:] if ln.text]
    flat = next((ln for ln in lines if _FLAT_SIGNATURE.match(ln.text)), None)
    if flat is not None:
        # A signature block printed on one line is the block: nothing after it is a name.
        lines = lines[: lines.index(flat) + 1]
    lines = [part for ln in lines for part in _split_signature(ln)]
    name = name_at = None
    name_index = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        t = lines[i].text
        m = regexes.PERSON_NAME.match(t)
        if not m or t.upper() in SIGNER_TITLES or regexes.RECIPIENTS.match(t):
            continue
        candidate = m.group("name")
        if is_caps(candidate, 2):
            if candidate.split()[0].capitalize() not in SURNAMES:
                continue
            candidate = " ".join(w.capitalize() for w in candidate.split())
        elif candidate.split()[0] not in SURNAMES and len(candidate.split()) < 3:
            continue
        name, name_at, name_index = candidate, lines[i].start, i
        break
    title = on_behalf = None
    for line in lines[max(0, name_index - 8) : name_index]:
        t = line.text.upper().strip()
        behalf = re.match(r"^(?:T/M|TM|T\.M|KT|Q|TL|TUQ)[ \t]*[./:]?[ \t]+(?P<body>.+)$", t)
        if behalf:
            body = behalf.group("body").strip()
            if body in SIGNER_TITLES:
                title = title or SIGNER_TITLES[body]
            else:
                on_behalf = body
            continue
        if t in SIGNER_TITLES:
            title = SIGNER_TITLES[t]
    return on_behalf, title, name, name_at


def _signature_issuer(on_behalf: str | None, party: bool, province: str | None) -> str | None:
    if not on_behalf:
        return None
    if any(on_behalf.startswith(title) for title in SIGNER_TITLES):
        return None  # "KT. BỘ TRƯỞNG, CHỦ NHIỆM": a person's title, not a body
    name = body_name(on_behalf)
    if name == "Ban Thường vụ":
        return "Ban Thường vụ Tỉnh ủy" if party else None
    return _with_level(name, province)


# The issuing authority printed under the title of a decision or resolution.
# we want to capture:
#   "ỦY BAN THƯỜNG VỤ QUỐC HỘI"   "CHÍNH PHỦ"   "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"
#   "BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"   "THỦ TƯỚNG CHÍNH PHỦ"
_AUTHORITY_LINE = re.compile(
    rf"^(?:(?:CHỦ[ ]TỊCH|BỘ[ ]TRƯỞNG|GIÁM[ ]ĐỐC)[ ](?=[ỦUB]|SỞ))?(?P<body>[{regexes.UPPER} ,]+)$"
)


def _authority_issuer(ctx: DocContext, province: str | None) -> tuple[str, tuple[int, int]] | None:
    """The authority line right under the title: a document with no letterhead has it."""
    if not ctx.layout.title:
        return None
    pos = ctx.layout.title[1]
    for line in ctx.layout.lines:
        if line.start < pos or not line.text:
            continue
        if line.start > pos + 400:
            break
        m = _AUTHORITY_LINE.match(line.text)
        if not m or not is_caps(line.text, 4):
            continue
        body = _ISSUER_WORDS.match(m.group("body").strip())
        if body is None:
            continue
        name, prov = _strip_province(body_name(body.group("body")))
        name = _with_level(name, prov or province)
        if m.group().startswith("THỦ TƯỚNG"):
            name = "Thủ tướng Chính phủ"
        return name, (line.start, line.end)
    return None


# A resolution of the National Assembly or its Standing Committee is dated by its passing.
# we want to capture:
#   "Nghị quyết này được Ủy ban Thường vụ Quốc hội ... khóa XV thông qua ngày 16 tháng 6 năm 2025."
PASSED_ON_REGEX = rf"thông[ \t]+qua[ \t]+ngày[ \t]*(?:{regexes.DATE_REGEX})"
PASSED_ON = re.compile(PASSED_ON_REGEX, re.VERBOSE | re.IGNORECASE)


def _jurisdiction(
    ctx: DocContext, head: _Letterhead, issuer: str | None, place: str | None
) -> tuple[str | None, tuple[int, int] | None]:
    if head.province:
        return head.province, head.evidence
    if head.central or (issuer and is_central(issuer)):
        return places.CENTRAL, head.evidence
    if place:
        prov = places.canonical(place)
        if prov and prov != "Hà Nội":
            return prov, None
    # Count the provinces the text names; "tỉnh X" weighs more than a bare name.
    text = ctx.text
    start = ctx.layout.title[0] if ctx.layout.title else 0
    end = ctx.layout.closing[0]
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    for prov, s, e in places.find_provinces(text[start:end]):
        before = text[max(0, start + s - 12) : start + s].lower()
        qualified = bool(re.search(r"(tỉnh|thành phố|tp\.?)\s*$", before))
        if prov == "Huế" and not qualified:
            continue  # "Đại học Huế" is not a province
        counts[prov] += 3 if qualified else 1
        first.setdefault(prov, (start + s, start + e))
    if not counts:
        return None, None
    best, _ = counts.most_common(1)[0]
    return best, first[best]


def _evidence_quote(text: str, span: tuple[int, int], width: int = 50) -> tuple[int, int]:
    """Widen a span to a short readable quote on word boundaries."""
    s = max(0, span[0] - width)
    e = min(len(text), span[1] + width)
    s = max(text.rfind("\n", 0, span[0]) + 1, text.find(" ", s) + 1 if s else 0)
    e_nl = text.find("\n", span[1])
    e = min(e, e_nl) if e_nl != -1 else e
    space = text.rfind(" ", span[1], e)
    return s, space if space > span[1] else e


# A republished text without its letterhead says in its first sentence what it is.
# we want to capture:
#   "Nghị Quyết số 22/NQ-TU ngày 08/6/2022 ban hành bởi Tỉnh Ủy Kiên Giang về ..."
#   "Tỉnh ủy Quảng Ngãi ban hành Kế hoạch 359-KH/TU ngày ... thực hiện ..."
_BODY_WORDS = (
    r"(?:Ban\s+Thường\s+vụ\s+)?(?:Tỉnh|Thành)\s+[uUủỦ][ỷỶyY]|Ban\s+Chấp\s+hành\s+Đảng\s+bộ\s+\w+"
    r"|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|UBND|Hội\s+đồng\s+nhân\s+dân|HĐND"
    r"|Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư|Ban\s+Chấp\s+hành\s+Trung\s+ương(?:\s+Đảng)?"
    r"|Đảng\s+đoàn\s+Quốc\s+hội|Chính\s+phủ|Thủ\s+tướng\s+Chính\s+phủ|Bộ\s+[A-ZĐ]\w*(?:\s+\w+){0,5}?"
)
_REPUBLISHED_REGEX = rf"""
    (?:LTS[ \t]*:[ \t]*)?  # an editor's note
    (?:Ngày[ \t]*(?P<on>\d{{1,2}}[ \t]*[/.\-][ \t]*\d{{1,2}}[ \t]*[/.\-][ \t]*\d{{4}})
       [ \t]*,[ \t]*)?
    (?:
        (?P<kind>{regexes.KIND_WORD})[ \t]+(?:số[ \t]*:?[ \t]*)?(?P<num>\d[^\s,;]*)
        (?:[ \t]+ngày[ \t]*(?P<date>{regexes.DATE_REGEX}))?
        [ \t,]+(?:được[ \t]+)?ban[ \t]+hành[ \t]+bởi[ \t]+(?P<body>{_BODY_WORDS})
      | (?P<body2>{_BODY_WORDS})
        (?P<where>(?:[ \t]+(?:tỉnh|thành[ \t]+phố))?(?:[ \t]+[A-ZĐ]\w*){{1,3}})?
        (?:[ \t]+kho[áa][ \t]+[IVXL]+)?  # "Ban Chấp hành Đảng bộ tỉnh khóa XIII"
        [ \t]+(?:đã[ \t]+|vừa[ \t]+)?ban[ \t]+hành[ \t]+(?P<kind2>{regexes.KIND_WORD})
        (?:[ \t]+(?:số[ \t]*)?(?P<num2>\d[^\s,;]*))?
    )
"""
_REPUBLISHED = re.compile(_REPUBLISHED_REGEX, re.VERBOSE | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Republished:
    kind: str
    number: codes.Number | None
    date: str | None
    issuer: str
    province: str | None
    span: tuple[int, int]


def _republished(ctx: DocContext) -> _Republished | None:
    """Identity from the opening sentence of a text republished without its letterhead."""
    text = ctx.text
    start = len(text) - len(text.lstrip())
    # Before the title: after it, "Bộ Chính trị ban hành Nghị quyết số 52-NQ/TW" is the
    # document a plan implements, not the plan itself.
    end = ctx.layout.title[0] if ctx.layout.title else start + 600
    # The note opens the text: the same words further down are news about a document
    # ("... Chính phủ ban hành Nghị định 243/2025/NĐ-CP" in a web page's third line).
    m = _REPUBLISHED.match(text, start, min(len(text), end))
    if m is None:
        return None
    raw_number = m.group("num") or m.group("num2")
    number = codes.parse_number(raw_number) if raw_number else None
    if raw_number and number is None:
        return None
    body = m.group("body") or m.group("body2")
    name = re.sub(r"\s+", " ", body).strip()
    name = re.sub(r"^UBND\b", "Ủy ban nhân dân", name)
    name = re.sub(r"^HĐND\b", "Hội đồng nhân dân", name)
    for low, proper in _PROPER:
        name = re.sub(rf"(?<!\w){low}(?!\w)", proper, name, flags=re.IGNORECASE)
    after = text[m.end("body") : m.end("body") + 40] if m.group("body") else m.group("where") or ""
    provs = list(places.find_provinces(after, ignore_case=True))
    province = provs[0][0] if provs else None
    name = _with_level(name, province)
    date = None
    dated = m.group("date") or m.group("on") or text[m.end() : m.end() + 40]
    dm = re.match(rf"[ \t,]*(?:ngày[ \t]*)?(?:{regexes.DATE_REGEX})", dated, re.VERBOSE)
    if dm:
        date = iso_date(dm)
    return _Republished(
        kind=m.group("kind") or m.group("kind2"),
        number=number,
        date=date,
        issuer=name,
        province=province,
        span=m.span(),
    )


def _is_party(ctx: DocContext, number: codes.Number | None) -> bool:
    """Whether a Party body issued the document: its head says so, or its number's symbol."""
    head = ctx.text[: ctx.layout.body[0] + 2000]
    return bool(re.search(r"Tỉnh\s+ủy|Thành\s+ủy|ĐẢNG\s+CỘNG\s+SẢN|TỈNH\s+ỦY", head)) or bool(
        number and number.text.split("/")[-1].upper() in ("TU", "THU", "TW")
    )


def _issuer(
    ctx: DocContext,
    head: _Letterhead,
    province: str | None,
    republished: _Republished | None,
    on_behalf: str | None,
    party: bool,
) -> tuple[str | None, tuple[int, int] | None]:
    """The body that issued the document, and the span naming it when its title or its
    opening sentence does; else the republishing note's, the signature's, the letterhead's
    or the authority's body."""
    # A republishing note names the issuer in so many words; the opening issuer pattern
    # would take "Ban Chấp hành Đảng bộ tỉnh khóa XIII đã" from the same sentence.
    found = None if republished else _title_issuer(ctx) or _opening_issuer(ctx, province)
    authority = _authority_issuer(ctx, province)
    issuer = (
        (found[0] if found else None)
        or (republished.issuer if republished else None)
        or _signature_issuer(on_behalf, party, province)
        or head.body
        or (authority[0] if authority else None)
    )
    return issuer, found[1] if found else None


def _passed_on(ctx: DocContext) -> re.Match[str] | None:
    """The date a text without one in its head states near its end ("... thông qua ngày ...")."""
    tail = max(ctx.layout.body[0], len(ctx.text) - 3000)
    return PASSED_ON.search(ctx.text, tail)


def extract_document(ctx: DocContext) -> DocumentInfo:
    """Read the identity of the document from its own text."""
    text = ctx.text
    evidence: list[Field] = []
    title = kind = form = None
    if ctx.layout.title and ctx.layout.title_word:
        title = _tidy(text[ctx.layout.title[0] : ctx.layout.title[1]])
        kind = codes.kind_of_word(ctx.layout.title_word)
        form = ctx.layout.title_word.capitalize()
        evidence.append(Field(name="title", provenance=ctx.provenance(*ctx.layout.title)))
    number, date, place, number_span, date_span = _number_and_date(ctx)
    if number_span:
        evidence.append(Field(name="number", provenance=ctx.provenance(*number_span)))
    if date_span:
        evidence.append(Field(name="date", provenance=ctx.provenance(*date_span)))
    republished = _republished(ctx) if number is None else None
    if republished is not None:
        number, date = republished.number, date or republished.date
        kind = kind or codes.kind_of_word(republished.kind)
        evidence.append(Field(name="issuer", provenance=ctx.provenance(*republished.span)))
    if kind is None and number is not None:
        kind = number.kind
    head = _letterhead(ctx)
    province = head.province or (places.canonical(place) if place else None)
    if republished is not None:
        province = province or republished.province
    on_behalf, signer_title, signer, signer_at = _signature(ctx)
    issuer, issuer_span = _issuer(
        ctx, head, province, republished, on_behalf, _is_party(ctx, number)
    )
    if issuer_span:
        evidence.append(Field(name="issuer", provenance=ctx.provenance(*issuer_span)))
    if date is None and (passed := _passed_on(ctx)):
        date = iso_date(passed)
        evidence.append(Field(name="date", provenance=ctx.provenance(*passed.span())))
    if kind is None and number is None and head.body is None:
        # No title, no number, no letterhead: a web page or a note, not a document. An
        # issuer read from its prose ("Chính phủ ban hành ...") would be invented.
        issuer = None
    if republished is not None and republished.province and not head.province:
        head = _Letterhead(head.body, republished.province, False, republished.span)
    jurisdiction, j_span = _jurisdiction(ctx, head, issuer, place)
    j_evidence = None
    if j_span:
        q = _evidence_quote(text, j_span)
        j_evidence = _tidy(text[q[0] : q[1]])
        evidence.append(Field(name="jurisdiction", provenance=ctx.provenance(*q)))
    if signer_at is not None:
        line = ctx.layout.line_at(signer_at)
        evidence.append(Field(name="signer", provenance=ctx.provenance(line.start, line.end)))
    return DocumentInfo(
        kind=kind,
        form=form,
        number=number.text if number else None,
        date=date,
        place=place,
        issuer=issuer,
        jurisdiction=jurisdiction,
        jurisdiction_evidence=j_evidence,
        signer=signer,
        signer_title=signer_title,
        title=title,
        evidence=tuple(evidence),
    )

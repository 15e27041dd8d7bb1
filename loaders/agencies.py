"""Agency names: canonical spelling, splitting lists of bodies, level and parent.

Documents name one body many ways ("UBND tỉnh", "Ủy ban nhân dân tỉnh Thái Bình",
"Uỷ ban nhân dân tỉnh"); the graph needs one name per body. The canonical name spells
out abbreviations, uses the usual capitalisation of the ministries and departments, and
drops the province name after "tỉnh" (the jurisdiction is recorded once per document).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from policykg.loaders import places
from policykg.loaders.regexes import LETTER
from policykg.records import Agency, Assignment, Task

PROVINCE_PEOPLES_COMMITTEE = "Ủy ban nhân dân tỉnh"
PROVINCIAL_PARTY_COMMITTEE = "Tỉnh ủy"
GOVERNMENT = "Chính phủ"

# The ministry/department subjects, before and after the 2025 mergers. A "Sở" or "Bộ"
# followed by one of them is one body even though the name holds commas or "và".
DEPARTMENT_SUBJECTS = (
    "Công Thương",
    "Công an",
    "Dân tộc và Tôn giáo",
    "Giao thông vận tải",
    "Giáo dục và Đào tạo",
    "Kế hoạch và Đầu tư",
    "Khoa học và Công nghệ",
    "Lao động - Thương binh và Xã hội",
    "Ngoại giao",
    "Ngoại vụ",
    "Nông nghiệp và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Nội vụ",
    "Quốc phòng",
    "Thông tin và Truyền thông",
    "Tài chính",
    "Tài nguyên và Môi trường",
    "Tư pháp",
    "Văn hóa, Thể thao và Du lịch",
    "Xây dựng",
    "Y tế",
)

# Other bodies whose names hold "và" or commas.
KNOWN_BODIES = (
    "Ban Quản lý khu kinh tế và các khu công nghiệp",
    "Liên hiệp các Hội Khoa học và Kỹ thuật",
    "Ngân hàng Nhà nước Việt Nam",
    "Ủy ban Quản lý vốn nhà nước tại doanh nghiệp",
    "Đài Phát thanh và Truyền hình",
    "Đài Tiếng nói Việt Nam",
    "Đài Truyền hình Việt Nam",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân",
    "Mặt trận Tổ quốc Việt Nam",
)

# Abbreviations the documents use, longest first where one contains another.
ABBREVIATIONS = (
    ("UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("UBKT", "Ủy ban Kiểm tra"),
    ("VPTU", "Văn phòng Tỉnh ủy"),
    ("VPTW", "Văn phòng Trung ương"),
    ("BCS", "Ban cán sự"),
    ("BTV", "Ban Thường vụ"),
    ("BCĐ", "Ban Chỉ đạo"),
    ("TT&TT", "Thông tin và Truyền thông"),
    ("TTTT", "Thông tin và Truyền thông"),
    ("KH&CN", "Khoa học và Công nghệ"),
    ("KHCN", "Khoa học và Công nghệ"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"),
    ("GD&ĐT", "Giáo dục và Đào tạo"),
    ("GDĐT", "Giáo dục và Đào tạo"),
    ("TN&MT", "Tài nguyên và Môi trường"),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("NN&MT", "Nông nghiệp và Môi trường"),
    ("VHTT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VH,TT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("LĐTB&XH", "Lao động - Thương binh và Xã hội"),
    ("GTVT", "Giao thông vận tải"),
    ("CNTT", "công nghệ thông tin"),
    ("KCN", "khu công nghiệp"),
    ("KKT", "khu kinh tế"),
    ("TW", "Trung ương"),
)

# Words a body's name starts with. A piece of a list that does not start with one of
# them continues the previous body ("Sở Văn hóa, Thể thao và Du lịch").
BODY_WORDS = (
    "Ban", "Bảo hiểm xã hội", "Bệnh viện", "Bộ", "Bộ Chỉ huy", "Báo", "Chi cục", "Chính phủ",
    "Công an", "Cơ quan", "Cục", "Hiệp hội", "Huyện ủy", "Hội", "Hội đồng", "Học viện",
    "Kho bạc", "Kiểm toán", "Liên hiệp", "Liên đoàn", "Mặt trận", "Ngân hàng", "Quân khu",
    "Quốc hội", "Quỹ", "Sở", "Thanh tra", "Thành ủy", "Thông tấn xã", "Thị ủy",
    "Thủ tướng Chính phủ", "Toà án", "Trung tâm", "Trường", "Tòa án", "Tỉnh ủy", "Tỉnh Đoàn",
    "Tổng Liên đoàn", "Tổng công ty", "Tổng cục", "Tập đoàn", "Viện", "Viện kiểm sát",
    "Văn phòng", "Đài", "Đoàn", "Đại học", "Đảng bộ", "Đảng đoàn", "Đảng ủy", "Ủy ban",
    "Bộ Công an",
)  # fmt: skip

# Nouns that, after "các", make a collective addressee ("các sở, ban, ngành").
COLLECTIVE_HEADS = (
    "sở", "ban", "ngành", "bộ", "cơ quan", "đơn vị", "địa phương", "tổ chức", "đoàn thể",
    "cơ sở", "trường", "huyện", "xã", "hội", "doanh nghiệp nhà nước", "viện", "trung tâm",
    "chi bộ", "đảng bộ", "Ủy ban", "Hội",
)  # fmt: skip

# Collectives too vague to be a body the graph can hold ("các cơ quan liên quan").
VAGUE_WORDS = ("liên quan", "có liên quan", "chức năng", "trực thuộc", "trung ương", "Trung ương")

_W = rf"[{LETTER}]"

# we want to capture (the province name after the generic word is dropped):
#   "Ủy ban nhân dân tỉnh Thái Bình"   "Công an tỉnh Hải Dương"   "Tỉnh ủy Thừa Thiên Huế"
PROVINCE_SUFFIX_REGEX = r"""
    (?P<word>\b(?:tỉnh|Tỉnh\ ủy|Tỉnh\ uỷ|thành\ phố|Thành\ ủy))
    [ \t]+
    (?P<province>{provinces})
    \s*$
"""

# we want to capture the separators between bodies:
#   "Sở Tài chính, Sở Công thương"   "Sở Khoa học và Công nghệ; các cơ quan báo chí"
#   "Sở Nội vụ và Sở Tài chính"
SEPARATOR_REGEX = r"""
    \s*[,;]\s*(?:và\s+|với\s+)?
  | \s+(?:và|cùng|với)\s+
"""
SEPARATOR = re.compile(SEPARATOR_REGEX, re.VERBOSE)

# we want to capture a body word at the start of a piece:
#   "Sở Công thương"   "Ban Quản lý khu kinh tế"   "UBND tỉnh"
BODY_START_REGEX = r"(?:{words})(?![{letter}])"

# we want to capture a collective addressee:
#   "các sở, ban, ngành"   "Các cơ quan báo chí"   "các địa phương thuộc tỉnh"
COLLECTIVE_START_REGEX = r"[Cc]ác\s+(?:{heads})(?![{letter}])"

# we want to drop the titles of the person who heads a body:
#   "Thủ trưởng các sở, ban, ngành"   "Giám đốc Sở Tài chính"   "Chủ tịch Ủy ban nhân dân tỉnh"
HEAD_OF_BODY_REGEX = r"^(?:Thủ\s+trưởng|Giám\s+đốc|Chủ\s+tịch|Người\s+đứng\s+đầu|Lãnh\s+đạo)\s+"
HEAD_OF_BODY = re.compile(HEAD_OF_BODY_REGEX)

# Tone-mark placement: both "Uỷ" and "Ủy" are printed; the canonical name uses one.
_TONE = {"uỷ": "ủy", "Uỷ": "Ủy", "oá": "óa", "oà": "òa", "oả": "ỏa", "oạ": "ọa", "oã": "õa"}
_TONE_RE = re.compile(rf"(?:{'|'.join(_TONE)})(?![{LETTER}])")


def _alt(words: Iterable[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


BODY_START = re.compile(
    BODY_START_REGEX.format(
        words=_alt((*BODY_WORDS, *(a for a, _ in ABBREVIATIONS if a.isupper()))), letter=LETTER
    )
)
COLLECTIVE_START = re.compile(
    COLLECTIVE_START_REGEX.format(heads=_alt(COLLECTIVE_HEADS), letter=LETTER)
)
ABBREVIATION = re.compile(
    rf"(?<![{LETTER}&])(?:{_alt(a for a, _ in ABBREVIATIONS)})(?![{LETTER}&])"
)
PROVINCE_SUFFIX = re.compile(
    PROVINCE_SUFFIX_REGEX.format(
        provinces=_alt(
            (*places.PROVINCES, "Thừa Thiên - Huế", "Thanh Hoá", "Khánh Hoà", "Hoà Bình")
        )
    ),
    re.VERBOSE,
)
_EXPANSION = dict(ABBREVIATIONS)


@cache
def _known_names() -> dict[str, str]:
    """Casefolded spelling -> canonical spelling of the bodies with fixed names."""
    out: dict[str, str] = {}
    for subject in DEPARTMENT_SUBJECTS:
        for word in ("Sở", "Bộ"):
            out[_fold(f"{word} {subject}")] = f"{word} {subject}"
    for name in KNOWN_BODIES:
        out[_fold(name)] = name
    return out


@cache
def _known_pattern() -> re.Pattern[str]:
    # The first word keeps its capital ("cơ sở giáo dục" is not "Sở Giáo dục"); the rest
    # is matched in any case ("Sở Công thương").
    names = sorted(_known_names().values(), key=len, reverse=True)
    alts = []
    for name in names:
        first, _, rest = name.partition(" ")
        alts.append(rf"{re.escape(first)}\s+(?i:{_alt([rest])})")
    return re.compile(rf"(?<![{LETTER}])(?:{'|'.join(alts)})(?![{LETTER}])")


def _fold(s: str) -> str:
    s = _TONE_RE.sub(lambda m: _TONE[m.group()], s)
    return re.sub(r"\s+", " ", s).strip().casefold()


def _tidy(raw: str) -> str:
    s = unicodedata.normalize("NFC", raw).replace("**", "")
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s*\((?:[^()]*)\)\s*$", "", s)  # "(để b/c)", "(Ban Chỉ đạo ...)"
    s = s.strip(" .,;:-–")
    return re.sub(r"^(?:và|với|cùng|của)\s+", "", s)


def _expand(s: str) -> str:
    s = ABBREVIATION.sub(lambda m: _EXPANSION[m.group()], s)
    # "Thông tin và TT" is "Thông tin và Truyền thông" written short.
    s = re.sub(r"\bThông tin và TT\b", "Thông tin và Truyền thông", s)
    return _TONE_RE.sub(lambda m: _TONE[m.group()], s)


def is_collective(name: str) -> bool:
    """A body standing for many ("Các sở, ban, ngành", "Ủy ban nhân dân các huyện")."""
    return bool(
        COLLECTIVE_START.match(name)
        or re.search(r"\bcác\s+(?:huyện|cấp|xã|quận)\b", name)
        or re.match(r"Trường\s+(?:đại|cao|trung)", name)
        or re.search(r"\bcác\s+cấp$", name)
    )


# Pure functions of a string, and documents repeat the same lists many times over.
@lru_cache(maxsize=8192)
def canonical_name(raw: str) -> str | None:
    """The canonical name of one body, or ``None`` when ``raw`` does not name a body.

    ``"Sở Công thương"`` -> ``"Sở Công Thương"``; ``"UBND tỉnh"`` -> ``"Ủy ban nhân dân
    tỉnh"``; ``"các địa phương thuộc tỉnh"`` -> ``"Các địa phương thuộc tỉnh"``.
    """
    s = _expand(_tidy(raw))
    s = HEAD_OF_BODY.sub("", s)
    if not s:
        return None
    m = PROVINCE_SUFFIX.search(s)
    if m:
        s = s[: m.end("word")]
    s = _known_pattern().sub(lambda k: _known_names()[_fold(k.group())], s)
    if not (BODY_START.match(s) or COLLECTIVE_START.match(s)):
        return None
    if len(s) > 120:
        return None
    s = s[0].upper() + s[1:]
    # "Các sở, ban, ngành, đơn vị và địa phương" is the same body as the comma list.
    if is_collective(s):
        s = re.sub(r",?\s+và\s+(?=(?:đơn vị|địa phương|ngành|đoàn thể)\b)", ", ", s)
    return s


def is_vague(name: str) -> bool:
    """A collective that names nobody in particular ("Các cơ quan liên quan", "Các ban")."""
    if not is_collective(name):
        return False
    if any(w in name for w in VAGUE_WORDS):
        return True
    return bool(re.fullmatch(rf"Các\s+{_W}+", name))


def _pieces(raw: str) -> list[tuple[str, str]]:
    """Split ``raw`` at separators, protecting known names: ``(separator before, piece)``."""
    protected: list[str] = []

    def _mask(m: re.Match[str]) -> str:
        protected.append(m.group())
        return f"\x00{len(protected) - 1}\x00"

    def _unmask(s: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda k: protected[int(k.group(1))], s)

    # Known names hold commas and "và" that are not separators.
    text = _known_pattern().sub(_mask, _expand(unicodedata.normalize("NFC", raw)))
    out: list[tuple[str, str]] = []
    pos, sep = 0, ""
    for m in SEPARATOR.finditer(text):
        out.append((sep, _unmask(text[pos : m.start()]).strip()))
        pos, sep = m.end(), _unmask(m.group())
    out.append((sep, _unmask(text[pos:]).strip()))
    return out


def _starts_body(piece: str) -> bool:
    return bool(BODY_START.match(piece) or COLLECTIVE_START.match(piece))


@lru_cache(maxsize=8192)
def split_agencies(raw: str, *, strict: bool = False) -> tuple[str, ...]:
    """Split a list of bodies into canonical names.

    Commas, semicolons and "và" separate bodies only where the next piece starts a body
    itself: "Sở Văn hóa, Thể thao và Du lịch" and "Các sở, ban, ngành, đơn vị, địa phương"
    stay whole. With ``strict`` (prose, not a lead-agency line), vague collectives such as
    "các cơ quan liên quan" are left out.
    """
    # A remark in brackets is not a body: "(theo chức năng, nhiệm vụ)".
    text = re.sub(r"\s*\([^()]*\)", "", _tidy(raw))
    joined: list[str] = []
    for sep, piece in _pieces(text):
        if not piece:
            continue
        if _starts_body(piece) or not joined:
            joined.append(piece)
        elif (
            "và" in sep and re.match(r"(?:tổ chức|cơ quan)\s", piece) and is_collective(joined[-1])
        ):
            # "các tổ chức chính trị - xã hội và tổ chức xã hội nghề nghiệp": two collectives.
            joined.append(f"các {piece}")
        else:
            joined[-1] = f"{joined[-1]}{sep}{piece}"
    out: list[str] = []
    for piece in joined:
        name = canonical_name(piece)
        if name is None or (strict and is_vague(name)):
            continue
        if name not in out:
            out.append(name)
    return tuple(out)


def level_and_parent(name: str) -> tuple[str | None, str | None]:
    """Administrative level and parent body of a canonical name."""
    if name in ("Bộ Chính trị", "Ban Bí thư"):
        return "central", "Ban Chấp hành Trung ương Đảng"
    if name.startswith("Ban Chấp hành Trung ương"):
        return "central", None
    if re.match(
        r"(?:Bộ|Ban Cơ yếu Chính phủ|Văn phòng Chính phủ|Chính phủ|Quốc hội|Thủ tướng)", name
    ):
        if name.startswith("Bộ Chỉ huy"):
            return "province", PROVINCE_PEOPLES_COMMITTEE
        return "central", None if name == GOVERNMENT else GOVERNMENT
    if re.search(r"\bcác\s+(?:huyện|quận|thị xã)", name):
        return "district", None
    if re.search(r"\bcác\s+xã", name):
        return "commune", None
    if re.search(r"Tỉnh ủy$", name) and name != PROVINCIAL_PARTY_COMMITTEE:
        return "province", PROVINCIAL_PARTY_COMMITTEE
    if name.startswith("Sở ") or name.startswith("Văn phòng Ủy ban nhân dân tỉnh"):
        return "province", PROVINCE_PEOPLES_COMMITTEE
    if name.endswith(" tỉnh") or name in (PROVINCIAL_PARTY_COMMITTEE,):
        return "province", None
    if re.search(r"\b(?:Trung ương|Việt Nam)$", name):
        return "central", None
    if is_collective(name):
        return ("province" if "tỉnh" in name else None), None
    return None, None


def describe(name: str, jurisdiction: str | None) -> Agency:
    """The :class:`Agency` record of a canonical name in a document of ``jurisdiction``."""
    level, parent = level_and_parent(name)
    scope = places.CENTRAL if level == "central" else jurisdiction
    return Agency(
        name=name,
        collective=is_collective(name),
        level=level,
        parent=parent,
        jurisdiction=scope,
    )


def collect(
    tasks: Iterable[Task], assignments: Iterable[Assignment], jurisdiction: str | None
) -> tuple[Agency, ...]:
    """Every body given a role in the tasks or assignments, sorted by name."""
    names: set[str] = set()
    for task in tasks:
        names.update(task.lead)
        names.update(task.coordinating)
    for assignment in assignments:
        names.add(assignment.agency)
    return tuple(describe(n, jurisdiction) for n in sorted(names))


def unify(names: Iterable[str]) -> dict[str, str]:
    """Map each name to the fullest form the same document prints.

    "Ban Quản lý khu kinh tế và các khu công nghiệp" and "... các khu công nghiệp tỉnh"
    are one body; the longer spelling wins.
    """
    folded = {_fold(n): n for n in names}
    out: dict[str, str] = {}
    for key, name in folded.items():
        fuller = folded.get(f"{key} tỉnh")
        out[name] = fuller if fuller and not is_collective(name) else name
    return out


# Words that end a list of bodies in prose: the verb of what they are told to do.
# "phối hợp với Bộ Y tế thực hiện phương án ..." -> "Bộ Y tế"
ACTION_VERBS = (
    "ban hành", "bảo đảm", "báo cáo", "chia sẻ", "chỉ đạo", "chủ động", "chủ trì", "cung cấp",
    "cụ thể hóa", "cụ thể hoá", "đánh giá", "đảm bảo", "đề xuất", "định kỳ", "đôn đốc",
    "đồng thời", "giám sát", "giúp", "hoàn thành", "hoàn thiện", "hướng dẫn", "kiểm tra",
    "phát động", "phối hợp", "quán triệt", "rà soát", "tăng cường",
    "tham gia", "tham mưu", "theo dõi", "thống nhất", "thực hiện", "thúc đẩy", "tổ chức",
    "tổng hợp", "triển khai", "tuyên truyền", "vận động", "xây dựng", "xử lý", "để", "nhằm",
    "trong việc", "trong quá trình", "về việc", "căn cứ", "trên cơ sở", "theo", "khẩn trương",
    "kịp thời",
    "thường xuyên", "tích cực", "chịu trách nhiệm", "lãnh đạo", "đẩy mạnh", "tiếp tục",
)  # fmt: skip

# we want to capture the first action verb after a list of bodies:
#   "Sở Tài chính chủ trì"   "Bộ Y tế thực hiện phương án"   "Mặt trận Tổ quốc tỉnh phối hợp"
#   not the noun in "các tổ chức chính trị - xã hội" or "tổ chức xã hội nghề nghiệp"
ACTION_VERB_REGEX = r"""
    (?<![{letter}])(?<!các\s)
    (?:{verbs})
    (?![{letter}])
    (?!\s+(?:chính\s+trị|xã\s+hội|khoa\s+học|kinh\s+tế|đảng|quốc\s+tế|nước\s+ngoài))
"""
ACTION_VERB = re.compile(
    ACTION_VERB_REGEX.format(verbs=_alt(ACTION_VERBS), letter=LETTER), re.VERBOSE
)


def phrase_before_verb(text: str) -> str:
    """The words of ``text`` before its first lower-case action verb."""
    m = ACTION_VERB.search(text)
    return text[: m.start()] if m else text

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
from policykg.loaders.regexes import LETTER, UPPER
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

# we want to capture the national corporations named after one "các tập đoàn, tổng công ty":
#   "chỉ đạo các tập đoàn, tổng công ty: Điện lực Việt Nam, Bưu chính - Viễn thông Việt Nam,
#   Công nghiệp - Viễn thông Quân đội, Viễn thông MobiFone huy động"   (a69069ae524315d9.md:115)
SHARED_CORPORATIONS_REGEX = (
    r"(?<![{letter}])các\s+(?:tập\s+đoàn|tổng\s+công\s+ty)(?:,\s+(?:tập\s+đoàn|tổng\s+công\s+ty))?"
    r"\s*:\s*(?P<subjects>(?:{subject})(?:(?:\s*,\s*|\s+và\s+)(?:{subject}))*)(?![{letter}])"
)

# State corporations, by the name after their kind word ("Tập đoàn", "Tổng công ty").
CORPORATIONS = (
    "Tập đoàn Điện lực Việt Nam",
    "Tập đoàn Bưu chính - Viễn thông Việt Nam",
    "Tập đoàn Công nghiệp - Viễn thông Quân đội",
    "Tập đoàn Dầu khí Việt Nam",
    "Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam",
    "Tập đoàn Hóa chất Việt Nam",
    "Tập đoàn Công nghiệp Cao su Việt Nam",
    "Tập đoàn Dệt May Việt Nam",
    "Tổng công ty Viễn thông MobiFone",
    "Tổng công ty Hàng không Việt Nam",
    "Tổng công ty Hàng hải Việt Nam",
    "Tổng công ty Đường sắt Việt Nam",
    "Tổng công ty Bưu điện Việt Nam",
    "Tổng công ty Điện lực Dầu khí Việt Nam",
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
    "Báo và Phát thanh, Truyền hình",
    "Báo và Phát thanh - Truyền hình",
    "Ban Quản lý các khu chế xuất và công nghiệp",
    "Bộ Chỉ huy Quân sự",
    "Cục Văn hóa cơ sở, Gia đình và Thư viện",
    "Cục Công nghệ thông tin và Chuyển đổi số",
    "Liên minh Hợp tác xã",
    "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
    "Ủy ban Kinh tế và Tài chính",
    "Ủy ban Văn hóa và Xã hội",
    "Ủy ban Pháp luật và Tư pháp",
    "Ủy ban Quốc phòng, An ninh và Đối ngoại",
    "Ủy ban Khoa học, Công nghệ và Môi trường",
    "Ban Tuyên giáo và Dân vận",
    "Cục Quản lý, giám sát kế toán, kiểm toán",
    # "Cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân ..." (74e2ddc7b11340da.md:2350,
    # a lead cell): the agencies of the Government other than the ministries, one collective.
    "Cơ quan ngang bộ, cơ quan thuộc Chính phủ",
    *CORPORATIONS,
)

# Abbreviations the documents use, longest first where one contains another.
ABBREVIATIONS = (
    ("UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("UBTVQH", "Ủy ban Thường vụ Quốc hội"),
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
    ("BCHQS", "Bộ Chỉ huy Quân sự"),
    ("CHQS", "Chỉ huy Quân sự"),
    ("ĐBQH", "đại biểu Quốc hội"),
    ("NHNN", "Ngân hàng Nhà nước"),
    ("VPCP", "Văn phòng Chính phủ"),
    ("BHXH", "Bảo hiểm xã hội"),
    ("TTXVN", "Thông tấn xã Việt Nam"),
    ("VTV", "Đài Truyền hình Việt Nam"),
    ("VOV", "Đài Tiếng nói Việt Nam"),
    ("KCN", "khu công nghiệp"),
    ("KKT", "khu kinh tế"),
    ("TW", "Trung ương"),
    # National corporations printed by their initials: "nhất là ACV cần khẩn trương"
    # (50f694478a35aefd.md:72), "Các Tập đoàn, TCT: EVN, VEC, ACV, VATM".
    ("ACV", "Tổng công ty Cảng Hàng không Việt Nam"),
    ("EVN", "Tập đoàn Điện lực Việt Nam"),
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
    "Bộ Công an", "Bộ Tư lệnh", "Chi nhánh", "Công ty", "Liên minh", "Vụ", "Thường trực",
    "Tổ đại biểu", "Phòng Quản lý", "Cổng Thông tin điện tử", "Cổng thông tin điện tử",
    "Thuế tỉnh", "Thuế thành phố", "Cảnh sát", "Chính quyền địa phương",
    "Tổng Công ty", "Tổ chức chính trị", "Nhóm công tác",
)  # fmt: skip

# Nouns that, after "các", make a collective addressee ("các sở, ban, ngành").
COLLECTIVE_HEADS = (
    "sở", "ban", "ngành", "bộ", "cơ quan", "đơn vị", "địa phương", "tổ chức", "đoàn thể",
    "cơ sở", "trường", "huyện", "xã", "hội", "doanh nghiệp nhà nước", "viện", "trung tâm",
    "chi bộ", "đảng bộ", "Ủy ban", "Hội", "Sở", "Ban", "Bộ", "Cục", "Vụ", "cục", "doanh nghiệp",
    "nhà thầu", "chủ rừng", "tập đoàn", "tổng công ty", "tỉnh, thành phố",
    "Trường", "thành phố", "hiệp hội", "ngân hàng", "chủ đầu tư", "nhà đầu tư", "quân khu",
    "Tập đoàn", "Tổng công ty", "Hiệp hội", "Tổ đại biểu", "tổ đại biểu",
    # "Trực tiếp chỉ đạo các Cơ sở y tế trên địa bàn tỉnh", "Các Trung tâm y tế giám sát tuyến
    # xã" (a49ef8a0da1f62dd.md:354, :332)
    "Cơ sở", "Trung tâm",
)  # fmt: skip

# Collectives too vague to be a body the graph can hold ("các cơ quan liên quan").
VAGUE_WORDS = ("liên quan", "có liên quan", "chức năng", "trực thuộc", "trung ương", "Trung ương")

_W = rf"[{LETTER}]"

# Addressees that hold persons are not bodies: "các tổ chức, cá nhân và hộ gia đình".
PERSONS = re.compile(r"\b(?:cá\s+nhân|hộ\s+gia\s+đình|người\s+dân)\b")

# we want to capture (the province name after the generic word is dropped):
#   "Ủy ban nhân dân tỉnh Thái Bình"   "Công an tỉnh Hải Dương"   "Tỉnh ủy Thừa Thiên Huế"
PROVINCE_SUFFIX_REGEX = r"""
    (?P<word>\b(?:tỉnh|Tỉnh\ ủy|Tỉnh\ uỷ|thành\ phố|Thành\ phố|Thành\ ủy))
    [ \t]+
    (?P<province>{provinces})
    \s*$
"""

# we want to capture the separators between bodies:
#   "Sở Tài chính, Sở Công thương"   "Sở Khoa học và Công nghệ; các cơ quan báo chí"
#   "Sở Nội vụ và Sở Tài chính"
#   "các bộ, ngành, cơ quan chủ quản, nhất là ACV"   (50f694478a35aefd.md:72)
SEPARATOR_REGEX = r"""
    \s*[,;]\s*(?:và\s+|với\s+|nhất\s+là\s+|đặc\s+biệt\s+là\s+)?
  | \s+(?:và|cùng|với)\s+
"""
SEPARATOR = re.compile(SEPARATOR_REGEX, re.VERBOSE)

# we want to capture a body word at the start of a piece:
#   "Sở Công thương"   "Ban Quản lý khu kinh tế"   "UBND tỉnh"
# (not the capital of a sentence's first word: "Ban hành kế hoạch", "Báo cáo cấp có thẩm
# quyền", "Bộ hồ sơ đề nghị", "Hội nghị phổ biến", "Các trường hợp được dừng")
#   "Thành phố Hồ Chí Minh, tỉnh Lâm Đồng đẩy nhanh ..."   (50f694478a35aefd.md:88)
#   "Thuế Đồng Nai" (f004d93b21e7fc5f.md:2357, a lead cell: the tax office of the province)
BODY_START_REGEX = (
    r"(?:(?:{words})(?![{letter}]){not_a_body}"
    r"|(?:[Tt]ỉnh|[Tt]hành\s+phố)\s+(?:{places})(?![{letter}])"
    r"|Thuế(?=\s+(?:{places})(?![{letter}])|$))"
)
NOT_A_BODY_REGEX = (
    r"(?!\s+(?:hành|cáo|hồ\s+sơ|nhận\s+diện|tiêu\s+chí|chỉ\s+số|nghị|hợp|trưởng|luật"
    r"|trường\s+hợp|ngành\s+nghề|nhập|thảo|thi|diễn)(?![{letter}]))"
)

# we want to capture a collective addressee:
#   "các sở, ban, ngành"   "Các cơ quan báo chí"   "các địa phương thuộc tỉnh"
#   "2. Đề nghị các cấp ủy Đảng, Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã
#   hội tỉnh: Phối hợp" (556b2fb4a0149576.md:236)
#   not the levels in "Các cấp ủy đảng, chính quyền căn cứ vào chức năng, nhiệm vụ"
#   (examples/corpus/001_e787aadbb233535e.txt), which stand for every level
COLLECTIVE_START_REGEX = (
    r"[Cc]ác\s+(?:(?:{heads})(?![{letter}]){not_a_body}"
    r"|cấp\s+ủy\s+[Đđ]ảng(?![{letter}])(?!\s*,\s*chính\s+quyền))"
)

# we want to drop the titles of the person who heads a body:
#   "Thủ trưởng các sở, ban, ngành"   "Giám đốc Sở Tài chính"   "Chủ tịch Ủy ban nhân dân tỉnh"
HEAD_OF_BODY_REGEX = r"^(?:Thủ\s+trưởng|Giám\s+đốc|Chủ\s+tịch|Người\s+đứng\s+đầu|Lãnh\s+đạo)\s+"
HEAD_OF_BODY = re.compile(HEAD_OF_BODY_REGEX)

# we want to capture the title of the person who answers for a body (the body is kept):
#   "Chánh Văn phòng UBND tỉnh"   "Giám đốc Sở Tài chính"   "Cục trưởng Cục Xuất nhập khẩu"
#   "Chủ tịch Ủy ban nhân dân các xã, phường"   "Giám đốc: Trung tâm Phục vụ hành chính công"
#   "Tổng Thanh tra Chính phủ" (74e2ddc7b11340da.md:2130, a lead cell)
#   not the title inside a body's name: "Văn phòng Chủ tịch nước" (2edf5927c71bc4c1.md:580)
PERSON_TITLE_REGEX = r"""
    (?<![{letter}])
    (?<!Văn\sphòng\s)
    (?:Phó\s+)?
    (?:Chánh(?=\s+(?:Văn\s+phòng|Thanh\s+tra))
      |Tổng(?=\s+(?:Thanh\s+tra|Kiểm\s+toán)\s)
      |Tổng\s+[Gg]iám\s+đốc|Giám\s+đốc|Chủ\s+tịch(?!\s+nước)|Thủ\s+trưởng|Cục\s+trưởng|Vụ\s+trưởng
      |Viện\s+trưởng|Thống\s+đốc|Trưởng(?=\s+Ban\s)|Người\s+đứng\s+đầu|Chỉ\s+huy\s+trưởng
      |Bộ\s+trưởng(?=\s+(?:các\s+)?Bộ(?![{letter}])))
    (?:[ \t]*:)?[ \t]+
    (?P<common>(?:cơ\s+quan|đơn\s+vị|sở|ban|ngành)(?![{letter}]))?
"""
PERSON_TITLE = re.compile(PERSON_TITLE_REGEX.format(letter=LETTER), re.VERBOSE)

# we want to capture the ministers of a Government text, who stand for their bodies:
#   "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ"
#   "Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc Chính phủ"
#   "các Bộ trưởng, Thủ trưởng cơ quan, tổ chức liên quan"
#   "1. Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ theo chức
#   năng" (405a6cabda393030.md:21, a notice's conclusions)
MINISTERS_REGEX = r"""
    (?<![{letter}])(?:[Cc]ác\s+(?:đồng\s+chí\s+)?)?Bộ\s+trưởng(?:\s+các\s+Bộ(?=\s*,))?(?!\s+(?:các\s+)?Bộ(?![{letter}]))
    (?P<agencies>,\s+Thủ\s+trưởng\s+(?:các\s+)?cơ\s+quan\s+ngang\s+[Bb]ộ,
        \s+(?:Thủ\s+trưởng\s+)?cơ\s+quan\s+thuộc\s+Chính\s+phủ)?
"""
MINISTERS = re.compile(MINISTERS_REGEX.format(letter=LETTER), re.VERBOSE)

# we want to capture several departments or ministries after one "các Sở" / "các Bộ":
#   "Giám đốc các Sở: Nông nghiệp và Môi trường, Tài chính;"
#   "Các Bộ: Quốc phòng, Công an chủ động chỉ đạo các đơn vị"   (a328fbb46798c2b5.md:55)
#   "thông báo để các Bộ Y tế, Công an, Xây dựng, Quốc phòng, Tài chính, Ủy ban nhân dân"
#   "8. Các Bộ, cơ quan: Tài chính, Xây dựng, ..., Ngoại giao, Tập đoàn Điện lực Việt Nam theo
#   chức năng"   (296e373d796986f4.md:34; a corporation named in full ends the list)
SHARED_HEAD_REGEX = r"""
    (?<![{letter}])[Cc]ác\s+(?P<head>[Ss]ở|[Bb]ộ)(?:,\s+(?:cơ\s+quan|ngành))?(?:\s*:\s*|\s+)
    (?P<subjects>(?:{subject})(?:(?:\s*,\s*|\s+và\s+)(?:{subject}))*
      (?:(?:\s*,\s*|\s+và\s+)(?:{corporation}))?)(?![{letter}])
"""

# Tone-mark placement: both "Uỷ" and "Ủy" are printed; the canonical name uses one.
_TONE = {"uỷ": "ủy", "Uỷ": "Ủy", "oá": "óa", "oà": "òa", "oả": "ỏa", "oạ": "ọa", "oã": "õa"}
_TONE_RE = re.compile(rf"(?:{'|'.join(_TONE)})(?![{LETTER}])")


def _alt(words: Iterable[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


def _alt_trie(words: Iterable[str]) -> str:
    """:func:`_alt` with the words sharing a beginning grouped under it ("chủ\\s+(?:động|trì)").

    It matches the same, in the same order of preference, but ``re`` tries a long list of
    alternatives one by one at every position: grouped, it tries a few letters. Only for a
    case-sensitive pattern (under IGNORECASE, "Sở" and "sở" are one branch, not two).
    """

    def tokens(word: str) -> list[str]:
        return [r"\s+" if c == " " else re.escape(c) for c in word]

    def grouped(rests: list[list[str]]) -> str:
        # The branches keep the order of the words they come from, longest first; a word
        # that ends here (shorter than any going on) is tried last.
        branches: dict[str, list[list[str]]] = {}
        ends = False
        for rest in rests:
            if rest:
                branches.setdefault(rest[0], []).append(rest[1:])
            else:
                ends = True
        alts = [first + grouped(more) for first, more in branches.items()]
        if ends:
            alts.append("")
        if len(alts) == 1:
            return alts[0]
        return f"(?:{'|'.join(alts)})"

    return grouped([tokens(w) for w in sorted(words, key=len, reverse=True)])


BODY_START = re.compile(
    BODY_START_REGEX.format(
        words=_alt((*BODY_WORDS, *(a for a, _ in ABBREVIATIONS if a.isupper()))),
        letter=LETTER,
        not_a_body=NOT_A_BODY_REGEX.format(letter=LETTER),
        places=_alt(places.PROVINCES),
    )
)
COLLECTIVE_START = re.compile(
    COLLECTIVE_START_REGEX.format(
        heads=_alt(COLLECTIVE_HEADS),
        letter=LETTER,
        not_a_body=NOT_A_BODY_REGEX.format(letter=LETTER),
    )
)


def by_first_letter(alternatives: Iterable[str]) -> str:
    """The alternatives (patterns that each open with a plain letter) grouped under that
    letter: ``re`` then skips to the letters a match can open with, instead of trying every
    alternative at every position of a search. It matches as their alternation does: at
    one position only those that open with its letter can match, and they keep their order.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


def _both_cases(pattern: str) -> tuple[str, str]:
    return pattern[0].upper() + pattern[1:], pattern[0].lower() + pattern[1:]


# we want to find where a body may be named, to set aside quickly the text that names none:
# every word BODY_START and COLLECTIVE_START open with, and every title ``strip_titles``
# turns into a body ("Giám đốc Sở", "Bộ trưởng" -> "các bộ"), without their look-arounds:
# a superset, so that a text without a match holds no body for them to find (see
# assignments.SUBJECT_START and CLAUSE_CUE, which look for these at once).
NAMING_CUES = (
    *(_alt([w]) for w in (*BODY_WORDS, *(a for a, _ in ABBREVIATIONS if a.isupper()))),
    *_both_cases(rf"tỉnh\s+(?:{_alt(places.PROVINCES)})"),
    *_both_cases(rf"thành\s+phố\s+(?:{_alt(places.PROVINCES)})"),
    "Thuế",
    *_both_cases(rf"các\s+(?:{_alt(COLLECTIVE_HEADS)}|cấp\s+ủy|tỉnh)"),
    *("rưởng", "Chánh", "Tổng", "Giám", r"Chủ\s+tịch", "Thống", "Người"),
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

# we want to capture a place that shares the body named before it:
#   "Ủy ban nhân dân thành phố Hà Nội, thành phố Hồ Chí Minh, thành phố Hải Phòng và tỉnh
#   Quảng Ninh"   (a69069ae524315d9.md:73)
PLACE_PIECE_REGEX = r"(?:tỉnh|thành\s+phố)\s+(?:{provinces})"
PLACE_PIECE = re.compile(
    PLACE_PIECE_REGEX.format(
        provinces=_alt((*places.PROVINCES, "Thừa Thiên - Huế", "Thanh Hoá", "Khánh Hoà"))
    )
)
PLACED_HEAD = re.compile(r"(?P<head>.+?)\s+(?:tỉnh|thành\s+phố)\s+[" + UPPER + r"]")


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
    # (str.split() splits at the white space ``\s`` matches: re.sub(r"\s+", " ") and strip.)
    return " ".join(s.split()).casefold()


def _tidy(raw: str) -> str:
    s = unicodedata.normalize("NFC", raw).replace("**", "")
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s*\((?:[^()]*)\)\s*$", "", s)  # "(để b/c)", "(Ban Chỉ đạo ...)"
    s = s.strip(" .,;:-–")
    s = DOUBLED_KIND.sub(r"\g<kind>", s)
    return re.sub(r"^(?:và|với|cùng|của)\s+", "", s)


# we want to capture a kind word printed twice: "Sở Tài Chính; Sở Sở Công thương"
# (f004d93b21e7fc5f.md:2218, a lead cell)
DOUBLED_KIND_REGEX = r"(?<![{letter}])(?P<kind>Sở|Bộ|Ban|Cục|Vụ|Ủy\s+ban)\s+(?P=kind)(?![{letter}])"
DOUBLED_KIND = re.compile(DOUBLED_KIND_REGEX.format(letter=LETTER))

# we want to capture "TP" written for "thành phố" before a city's name or at a name's end:
#   "UBND TP Hà Nội" (74e2ddc7b11340da.md, a lead cell)
#   "CT, PCT UBND TP" (a83fffe08d7aeed7.md:287)
CITY_ABBREVIATION_REGEX = rf"(?<![{LETTER}])TP\.?(?=\s+[{UPPER}]|\s*$|\s*[,;])"
CITY_ABBREVIATION = re.compile(CITY_ABBREVIATION_REGEX)


def _expand(s: str) -> str:
    s = ABBREVIATION.sub(lambda m: _EXPANSION[m.group()], s)
    s = CITY_ABBREVIATION.sub("thành phố", s)
    # "Thông tin và TT" is "Thông tin và Truyền thông" written short.
    s = re.sub(r"\bThông tin và TT\b", "Thông tin và Truyền thông", s)
    return _TONE_RE.sub(lambda m: _TONE[m.group()], s)


# we want to capture the bodies named without their place when the next one has it:
#   "Hội đồng nhân dân, Ủy ban nhân dân thành phố Huế"
PEOPLES_BODY_REGEX = (
    r"(?:Hội\s+đồng\s+nhân\s+dân|Ủy\s+ban\s+nhân\s+dân|Đoàn\s+đại\s+biểu\s+Quốc\s+hội)"
)
PEOPLES_BODY = re.compile(PEOPLES_BODY_REGEX)
PLACE_TAIL = re.compile(rf"\s(?:tỉnh|thành\s+phố)(?:\s+[{UPPER}][{LETTER}]*)+$")
# "Thường trực Hội đồng nhân dân", "các Ban của Hội đồng nhân dân": the council's organs.
OF_PEOPLES_BODY = re.compile(rf"\s(?:của\s+)?{PEOPLES_BODY_REGEX}$")
OF_PEOPLES_BODY_PLACE = re.compile(
    rf"\s{PEOPLES_BODY_REGEX}\s+(?P<place>(?:tỉnh|[Tt]hành\s+phố)(?:\s+[{UPPER}][{LETTER}]*)*)$"
)

# we want to drop the members of a delegation named with it (a person is not a body):
#   "Đoàn đại biểu Quốc hội và đại biểu Quốc hội thành phố Huế"
#   "Tổ đại biểu và các đại biểu Hội đồng nhân dân thành phố" (0abcf1a5292b31ec.md:340)
DELEGATES_REGEX = r"""
    \s+và\s+đại\s+biểu\s+Quốc\s+hội(?=\s+(?:tỉnh|thành\s+phố)\b)
  | (?<=đại\sbiểu)\s+và\s+(?:các\s+)?đại\s+biểu(?=\s+(?:Quốc\s+hội|Hội\s+đồng\s+nhân\s+dân)\b)
"""
DELEGATES = re.compile(DELEGATES_REGEX, re.VERBOSE)


@cache
def _subject_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?i:{_alt(DEPARTMENT_SUBJECTS)})(?![{LETTER}])")


@cache
def _shared_head_pattern() -> re.Pattern[str]:
    subject = rf"(?i:{_alt(DEPARTMENT_SUBJECTS)})"
    return re.compile(
        SHARED_HEAD_REGEX.format(letter=LETTER, subject=subject, corporation=_alt(CORPORATIONS)),
        re.VERBOSE,
    )


_CORPORATION_KIND = re.compile(r"^(?:Tập đoàn|Tổng công ty) ")


@cache
def _corporations_pattern() -> re.Pattern[str]:
    subject = _alt(_CORPORATION_KIND.sub("", c) for c in CORPORATIONS)
    return re.compile(SHARED_CORPORATIONS_REGEX.format(letter=LETTER, subject=subject))


def shared_head_at(text: str) -> int:
    """Where a list of subjects after one "các Bộ:" that opens ``text`` ends (0 if none).

    Also the provinces after "Ủy ban nhân dân các tỉnh, thành phố:".
    """
    m = _shared_head_pattern().match(text.lstrip()) or _shared_places_pattern().match(text.lstrip())
    return m.end() + len(text) - len(text.lstrip()) if m else 0


def _subjects(listed: str) -> list[str]:
    return [p for p in re.split(r"\s*,\s*|\s+và\s+", listed.strip()) if p]


def _shared_head(m: re.Match[str]) -> str:
    head = m.group("head").capitalize()
    pieces = re.split(r"\s*,\s*|\s+và\s+", m.group("subjects"))
    # "Văn hóa, Thể thao và Du lịch" is one subject: join pieces back until they are known.
    names: list[str] = []
    buf = ""
    for piece in pieces:
        if not buf and _CORPORATION_KIND.match(piece):
            names.append(piece)
            continue
        buf = f"{buf}, {piece}" if buf else piece
        for cand in (buf, re.sub(r", (?=[^,]*$)", " và ", buf)):
            if _subject_pattern().fullmatch(cand):
                names.append(f"{head} {cand}")
                buf = ""
                break
    if buf:
        return m.group()
    return ", ".join(names)


def _shared_corporations(m: re.Match[str]) -> str:
    by_tail = {_fold(_CORPORATION_KIND.sub("", c)): c for c in CORPORATIONS}
    return ", ".join(by_tail[_fold(p)] for p in _subjects(m.group("subjects")))


# we want to capture several provinces after one "các tỉnh" (a Government text gives each of
# them the work):
#   "Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai, Hồ Chí Minh, Đồng Tháp quyết
#   liệt chỉ đạo"   "Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương hoàn thiện"
#   (50f694478a35aefd.md:64, :82)
SHARED_PLACES_REGEX = r"""
    (?<![{letter}])(?P<head>(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân\s+|UBND\s+)?[Cc]ác\s+tỉnh
    (?:,\s*thành\s+phố)?(?:\s*:\s*|\s+)
    (?P<places>(?:{places})(?:(?:\s*,\s*|\s+và\s+)(?:{places}))*)(?![{letter}])
"""


@cache
def _shared_places_pattern() -> re.Pattern[str]:
    return re.compile(
        SHARED_PLACES_REGEX.format(letter=LETTER, places=_alt(places.PROVINCES)), re.VERBOSE
    )


def _shared_places(m: re.Match[str]) -> str:
    head = "Ủy ban nhân dân " if m.group("head") else ""
    out = []
    for place in re.split(r"\s*,\s*|\s+và\s+", m.group("places")):
        kind = "Thành phố" if place in places.CITIES else "tỉnh"
        out.append(f"{head}{kind} {place}" if head else f"{kind[0].upper()}{kind[1:]} {place}")
    # "Bộ Xây dựng, Bộ Quốc phòng các tỉnh Ninh Bình, Hưng Yên" (50f694478a35aefd.md:94): the
    # comma before the provinces is missing in print.
    before = m.string[: m.start()].rstrip()
    joined = not before or before.endswith((",", ";", ":", "(")) or before.endswith(" và")
    return ("" if joined else ", ") + ", ".join(out)


# we want to refuse a place named alone where the document's own province is dropped:
#   "Tỉnh Lạng Sơn" in a plan of Lạng Sơn (the province is no body of its own plan)
PLACE_ONLY_REGEX = r"(?:[Tt]ỉnh|[Tt]hành\s+phố)(?:\s+(?:{places}))?"


def strip_titles(text: str) -> str:
    """The bodies behind the persons' titles in a list of addressees.

    ``"Chánh Văn phòng UBND tỉnh; Giám đốc Sở Y tế"`` -> ``"Văn phòng UBND tỉnh; Sở Y tế"``;
    ``"Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ"`` -> ``"các bộ, cơ
    quan ngang bộ, cơ quan thuộc Chính phủ"``.
    """
    # Each pattern needs a word the text seldom has: looking for the word first is much
    # faster than running the pattern, on every clause of every document.
    if "trưởng" in text:
        text = MINISTERS.sub(
            lambda m: (
                "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"
                if m.group("agencies")
                else "các bộ"
            ),
            text,
        )
    if any(word in text for word in _TITLE_WORDS):
        text = PERSON_TITLE.sub(
            lambda m: f"các {m.group('common')}" if m.group("common") else "", text
        )
    if "các" in text and ("tập" in text or "tổng" in text):
        text = _corporations_pattern().sub(_shared_corporations, text)
    if "ác" not in text:  # what _CAC needs: most phrases have none
        return text
    if "tỉnh" in text and _CAC.search(text):
        text = _shared_places_pattern().sub(_shared_places, text)
    if _CAC.search(text):
        text = _shared_head_pattern().sub(_shared_head, text)
    return text


# Words one of which PERSON_TITLE needs; "các"/"Các", which the shared heads and places need.
_TITLE_WORDS = ("trưởng", "Trưởng", "Chánh", "Tổng", "Giám", "Chủ", "Thống", "Người")
_CAC = re.compile(r"[Cc]ác\s")


# (Compiled once: asked of every name of every task and assignment.)
_OF_LEVEL = re.compile(r"\bcác\s+(?:huyện|cấp|xã|quận)\b")
_SCHOOL = re.compile(r"Trường\s+(?:đại|cao|trung)")
_OF_EVERY_LEVEL = re.compile(r"\bcác\s+cấp$")


def is_collective(name: str) -> bool:
    """A body standing for many ("Các sở, ban, ngành", "Ủy ban nhân dân các huyện")."""
    return bool(
        COLLECTIVE_START.match(name)
        or _OF_LEVEL.search(name)
        or _SCHOOL.match(name)
        or _OF_EVERY_LEVEL.search(name)
    )


# Pure functions of a string, and documents repeat the same lists many times over.
@lru_cache(maxsize=8192)
def canonical_name(raw: str, *, keep_place: bool = False) -> str | None:
    """The canonical name of one body, or ``None`` when ``raw`` does not name a body.

    ``"Sở Công thương"`` -> ``"Sở Công Thương"``; ``"UBND tỉnh"`` -> ``"Ủy ban nhân dân
    tỉnh"``; ``"các địa phương thuộc tỉnh"`` -> ``"Các địa phương thuộc tỉnh"``.
    """
    s = _expand(_tidy(raw))
    # "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn. Địa chỉ: ..." (71153021e3559f5e.md:196)
    s = NEXT_SENTENCE.sub("", s)
    s = HEAD_OF_BODY.sub("", s)
    # "Sở Nội vụ chủ trì, phối hợp" in a lead cell: the body ends at its verb.
    s = phrase_before_verb(s).strip(" ,;:-–")
    if not s:
        return None
    place_only = _place_only_pattern().fullmatch(s)
    if place_only and not (keep_place and place_only.group("province")):
        return None
    s = _level_tail(s)
    m = None if keep_place else PROVINCE_SUFFIX.search(s)
    if m:
        s = s[: m.end("word")]
    placed = None if keep_place else _place_named_pattern().fullmatch(s)
    if placed:
        s = placed.group("body")
    s = BRANCH.sub(" - ", s)
    s = _known_pattern().sub(lambda k: _known_names()[_fold(k.group())], s)
    # "Bộ Nông nghiệp và Môi trường khôi phục sản xuất": a ministry's or department's name
    # ends with its subject; lower-case words after it are the sentence going on.
    known = _known_pattern().match(s)
    if known and re.match(r"(?:Bộ|Sở)\s", s):
        tail = MINISTRY_TAIL.match(s, known.end())
        s = s[: tail.end()] if tail else s
        # "Sở Khoa học và Công nghệ tỉnh": a department is the province's already.
        if s.startswith("Sở") and LEVEL_WORD.fullmatch(s, known.end()):
            s = s[: known.end()]
    if GENERIC_HEAD.fullmatch(s):
        return None
    if LOWER_BODY_START.match(s):
        s = s[0].upper() + s[1:]
    if not (BODY_START.match(s) or COLLECTIVE_START.match(s) or KIND_START.match(s)):
        return None
    if len(s) > 120:
        return None
    return s[0].upper() + s[1:]


# we want to capture a body of the province named with the bare name of its province, which
# a provincial document drops (the jurisdiction is recorded once):
#   "Thuế Đồng Nai" (f004d93b21e7fc5f.md:2357)
#   "Báo và Phát thanh, Truyền hình Đồng Nai" (f004d93b21e7fc5f.md:2181)
#   not "Trường Đại học Y - Dược Thái Bình" (a school's name holds its place)
PLACE_NAMED_BODY_REGEX = r"(?P<body>Thuế|Công\s+an|Bảo\s+hiểm\s+xã\s+hội|{known})\s+(?:{places})"


@cache
def _place_named_pattern() -> re.Pattern[str]:
    known = _alt(n for n in KNOWN_BODIES if not n.endswith("Việt Nam"))
    return re.compile(PLACE_NAMED_BODY_REGEX.format(known=known, places=_alt(places.PROVINCES)))


# we want to capture a body named by its kind, which is a body in a list but starts no list
# (a heading "i) Doanh nghiệp số" is a topic, f004d93b21e7fc5f.md):
#   "Các doanh nghiệp viễn thông, doanh nghiệp bưu chính" (f004d93b21e7fc5f.md:1516)
KIND_START_REGEX = r"Doanh\s+nghiệp\s"
KIND_START = re.compile(KIND_START_REGEX)


# we want to capture a branch printed after its body without the dash:
#   "Ngân hàng Nhà nước Việt nam Chi nhánh Khu vực II" (f004d93b21e7fc5f.md:2315), printed
#   "Ngân hàng nhà nước Việt Nam - Chi nhánh Khu vực II" elsewhere in the same plan
BRANCH_REGEX = rf"(?<=[{LETTER}])\s+(?=Chi\s+nhánh\s+[{UPPER}])"
BRANCH = re.compile(BRANCH_REGEX)


# we want to drop the next sentence printed after a body in a procedure's field:
#   "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn. Địa chỉ: phố Dã Tượng"
NEXT_SENTENCE_REGEX = rf"(?<![{UPPER}])\.\s+[{UPPER}].*$"
NEXT_SENTENCE = re.compile(NEXT_SENTENCE_REGEX, re.DOTALL)


@cache
def _place_only_pattern() -> re.Pattern[str]:
    return re.compile(
        PLACE_ONLY_REGEX.replace("(?:{places})", rf"(?P<province>{_alt(places.PROVINCES)})")
    )


# we want to capture the level word that ends a body's name when the sentence goes on in
# lower case with a verb the list of verbs does not know:
#   "Trung tâm Chuyển đổi số Thành phố cấu hình thủ tục hành chính"  (d3d459d0a856471f.md:28)
#   "Hội đồng nhân dân thành phố thông qua tại kỳ họp gần nhất"   (f20b8af669b140e9.md)
#   "Thành phố Hồ Chí Minh, tỉnh Lâm Đồng đẩy nhanh việc lựa chọn"   (50f694478a35aefd.md:88)
#   not "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", not "Văn phòng Tỉnh ủy"
LEVEL_TAIL_REGEX = (
    r"(?:^|\s)(?:tỉnh|Tỉnh|thành\s+phố|Thành\s+phố)(?:\s+(?:{places})(?![{letter}]))?"
    r"\s+(?P<next>[^\s,;()]+)"
)
LEVEL_TAIL = re.compile(LEVEL_TAIL_REGEX.format(places=_alt(places.PROVINCES), letter=LETTER))
LEVEL_WORD = re.compile(r"\s+(?:tỉnh|[Tt]hành\s+phố)")


def _level_tail(name: str) -> str:
    if is_collective(name):
        return name
    for m in LEVEL_TAIL.finditer(name):
        word = m.group("next")
        if word[:1].islower() and word not in ("trực", "thuộc", "và", "ủy", "uỷ", "đoàn"):
            return name[: m.start("next")].rstrip()
    return name


# we want to keep what may follow a department's subject, and drop the rest:
#   "Sở Y tế tỉnh"   "Sở Tài chính thành phố"   not "Bộ Nông nghiệp và Môi trường khôi phục
#   sản xuất nông nghiệp" (a69069ae524315d9.md:123)
MINISTRY_TAIL_REGEX = rf"(?:\s+(?:tỉnh|[Tt]hành\s+phố|[{UPPER}][{LETTER}]*)(?![{LETTER}]))*"
MINISTRY_TAIL = re.compile(MINISTRY_TAIL_REGEX)

# we want to refuse a kind word left alone, which names no body:
#   "b) Bộ Tài chính và Ngân hàng" (the name goes on over a line break: a69069ae524315d9.md:181)
#   "Cơ quan phối hợp: ..." (86367f2ddb2225cd.md)   "Văn phòng"
#   "Chủ tịch Hội đồng thành viên, Tổng giám đốc các Tập đoàn" (1095764e502a89b8.md: the
#   board of each corporation, named by the corporations after it)
#   "c) Thanh tra, kiểm tra việc quản lý chất thải rắn sinh hoạt" (the verb, ac0f18a2d1b4fb56)
GENERIC_HEAD_REGEX = r"""
    (?i:ngân\s+hàng|văn\s+phòng|cơ\s+quan|cục|vụ|ban|sở|bộ|trung\s+tâm|ủy\s+ban|hội\s+đồng
       |hội\s+đồng\s+thành\s+viên|đài|viện|phòng|chi\s+cục|tổng\s+cục|công\s+ty|bộ\s+chỉ\s+huy|đơn\s+vị
       |thanh\s+tra)
"""
GENERIC_HEAD = re.compile(GENERIC_HEAD_REGEX, re.VERBOSE)


# we want to capture the organisations of any kind a rule speaks to, who are no body:
#   "Cơ quan, tổ chức, đơn vị có trách nhiệm bảo vệ quyền và lợi ích hợp pháp ..."
#   "Người đứng đầu cơ quan, tổ chức, đơn vị chịu trách nhiệm" (355bcc582867074b.md)
#   "các cơ quan, đơn vị có liên quan"   not "Các cơ quan, đơn vị, địa phương"
ANY_ORGANISATION_REGEX = r"""
    (?:[Cc]ác\s+)?(?:[Cc]ơ\s+quan|[Tt]ổ\s+chức|[Đđ]ơn\s+vị)
    (?:(?:\s*,\s*|\s+và\s+|\s+hoặc\s+)(?:cơ\s+quan|tổ\s+chức|đơn\s+vị|cá\s+nhân))*
    (?:\s+(?:có\s+liên\s+quan|liên\s+quan|được|khác|bị|quy\s+định|ký\s+kết|có\s+thẩm\s+quyền)
       (?![{letter}]).*)?
"""
ANY_ORGANISATION = re.compile(ANY_ORGANISATION_REGEX.format(letter=LETTER), re.VERBOSE)


def is_vague(name: str) -> bool:
    """A collective that names nobody in particular ("Các cơ quan liên quan", "Các ban")."""
    if ANY_ORGANISATION.fullmatch(name):
        return True
    # "Cơ quan, địa phương liên quan" (c5d930a5fc8373cd.md:376): any body concerned.
    if GENERIC_PIECE.match(name[:1].lower() + name[1:]) and "liên quan" in name:
        return True
    if not is_collective(name):
        return False
    if PERSONS.search(name) or any(w in name for w in VAGUE_WORDS):
        return True
    # "Các ban", "Các doanh nghiệp" name nobody; "Các Sở", "Các bộ" name the departments or
    # ministries, all of them.
    if re.fullmatch(r"Các\s+(?i:sở|bộ)", name):
        return False
    # "chỉ đạo các chủ đầu tư, các nhà thầu bổ sung nhân lực" (50f694478a35aefd.md:91): the
    # contractors of the projects spoken of are named by their kind.
    return bool(re.fullmatch(rf"Các\s+(?:{_W}+|doanh\s+nghiệp)", name))


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


# we want to capture the bodies printed in lower case inside a list:
#   "Ủy ban nhân dân thành phố Huế, chính quyền địa phương các đơn vị hành chính ..."
LOWER_BODY_START_REGEX = r"chính\s+quyền\s+(?:địa\s+phương|các\s+cấp)"
LOWER_BODY_START = re.compile(LOWER_BODY_START_REGEX)


# we want to capture the member organisations named after the Front:
#   "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên, các tổ chức chính
#   trị xã hội, Hội Chữ thập đỏ Việt Nam"   (a69069ae524315d9.md:207)
MEMBERS = re.compile(r"[Cc]ác\s+tổ\s+chức\s+thành\s+viên")
FRONT = re.compile(r"Mặt\s+trận\s+Tổ\s+quốc(?:\s+Việt\s+Nam)?")


# we want to capture organisations of a kind named after one body:
#   "Văn phòng Ban Chỉ huy và cơ quan, địa phương liên quan" (c5d930a5fc8373cd.md)
#   "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương, cơ quan, tổ chức khác có liên
#   quan" (86367f2ddb2225cd.md)
GENERIC_PIECE = re.compile(rf"(?:cơ\s+quan|đơn\s+vị|tổ\s+chức)(?![{LETTER}])")


# we want to capture the press named in lower case after a list of communes:
#   "Ủy ban nhân dân phường, xã, đặc khu, báo, đài"   (31fb08f34535fce3.md, a task cell)
PRESS_REGEX = r"(?:báo|đài)(?:\s*,\s*(?:báo|đài))*"
PRESS = re.compile(PRESS_REGEX)


CORPORATIONS_PAIR = re.compile(r"[Cc]ác\s+[Tt]ập\s+đoàn,\s+[Tt]ổng\s+[Cc]ông\s+ty")

# we want to capture what ends a list, not a body: "và một số tỉnh, thành phố có đủ điều kiện";
# the people after the bodies: "Phối hợp với Ủy ban nhân dân cấp xã, cộng đồng dân cư, đại diện
# khu dân cư trong việc lựa chọn" (a provincial waste regulation, ac0f18a2d1b4fb56)
LIST_END = re.compile(r"một\s+số\s|cộng\s+đồng\s|đại\s+diện\s|người\s+dân|[Nn]hân\s+dân")


def _shared_kind(before: str, sep: str, piece: str) -> bool:
    """Whether ``before`` is a bare collective ("các Hiệp hội") sharing what follows."""
    return bool(
        "và" in sep
        and COLLECTIVE_START.fullmatch(before)
        and re.match(r"(?i:doanh\s+nghiệp|tổ\s+chức|cơ\s+sở|hiệp\s+hội)\s", piece)
    )


def _same_head(before: str, piece: str) -> bool:
    """Whether ``piece`` names another body of the kind of the collective ``before``."""
    m = re.match(r"[Cc]ác\s+(doanh\s+nghiệp)\s+\S", before)
    return bool(m and re.match(rf"{m.group(1)}\s+\S", piece))


def _starts_body(piece: str) -> bool:
    return bool(
        BODY_START.match(piece) or COLLECTIVE_START.match(piece) or LOWER_BODY_START.match(piece)
    )


def _join_pieces(pieces: list[tuple[str, str]]) -> list[str]:
    """The bodies a list's pieces make: a piece that starts no body of its own is part of
    the body before it, and a piece that is no body ("một số tỉnh") ends the list."""
    joined: list[str] = []
    for sep, piece in pieces:
        if not piece:
            continue
        if joined and not _starts_body(piece) and ("với" in sep or LIST_END.match(piece)):
            # "các bộ, ngành với các tiêu chuẩn, quy chuẩn" (2edf5927c71bc4c1.md:1024); "Các
            # thành phố trực thuộc Trung ương và một số tỉnh, thành phố có đủ điều kiện"
            # (74e2ddc7b11340da.md:1159): what follows is no body of the list.
            break
        placed = PLACED_HEAD.match(joined[-1]) if joined and PLACE_PIECE.fullmatch(piece) else None
        if placed:
            joined.append(f"{placed.group('head')} {piece}")
        elif joined and CORPORATIONS_PAIR.fullmatch(f"{joined[-1]}, {piece}"):
            # "Tổng giám đốc các Tập đoàn, Tổng Công ty" (1095764e502a89b8.md): one collective.
            joined[-1] = f"{joined[-1]}{sep}{piece}"
        elif _starts_body(piece) or not joined:
            joined.append(piece)
        elif PRESS.fullmatch(piece) and PEOPLES_BODY.match(joined[-1]):
            # "Ủy ban nhân dân phường, xã, đặc khu, báo, đài" (31fb08f34535fce3.md): the
            # press after the communes' committees is a second addressee.
            joined.append(piece[0].upper() + piece[1:])
        elif GENERIC_PIECE.match(piece) and not is_collective(joined[-1]):
            # "Văn phòng Ban Chỉ huy và cơ quan, địa phương liên quan": a second addressee;
            # "..., Đài Phát thanh và Truyền hình Thành phố, cơ quan thông tấn báo chí và Ủy
            # ban nhân dân xã" (2f6f80b9918e52de.md:88).
            joined.append(piece[0].upper() + piece[1:])
        elif re.match(r"tổ\s+chức\s+chính\s+trị", piece) and not is_collective(joined[-1]):
            # "Sở, ban, ngành, tổ chức chính trị - xã hội" (c5d930a5fc8373cd.md:278, a cell).
            joined.append(piece[0].upper() + piece[1:])
        elif _shared_kind(joined[-1], sep, piece):
            # "các Hiệp hội và Doanh nghiệp công nghệ số Việt Nam" (2edf5927c71bc4c1.md:2064):
            # the qualifier after the second kind is shared by both.
            joined[-1] = f"{joined[-1]}{sep}{piece}"
        elif _same_head(joined[-1], piece):
            # "Các doanh nghiệp viễn thông, doanh nghiệp bưu chính" (f004d93b21e7fc5f.md:1516).
            joined.append(piece[0].upper() + piece[1:])
        elif (
            "và" in sep and re.match(r"(?:tổ chức|cơ quan)\s", piece) and is_collective(joined[-1])
        ) or (re.match(r"tổ\s+chức\s+chính\s+trị", piece) and is_collective(joined[-1])):
            # "các sở, ban, ngành, tổ chức chính trị - xã hội": two collectives.
            # "các tổ chức chính trị - xã hội và tổ chức xã hội nghề nghiệp": two collectives.
            joined.append(f"các {piece}")
        else:
            joined[-1] = f"{joined[-1]}{sep}{piece}"
    return joined


def _with_shared_words(joined: list[str], i: int) -> str:
    """The ``i``-th body of a list with the words it shares with its neighbours: the place
    of "Hội đồng nhân dân, Ủy ban nhân dân thành phố Huế", the Front of "các tổ chức thành
    viên"."""
    piece = joined[i]
    # "Hội đồng nhân dân, Ủy ban nhân dân thành phố Huế": the place is shared.
    if PEOPLES_BODY.fullmatch(piece) and i + 1 < len(joined):
        place = PLACE_TAIL.search(joined[i + 1])
        piece = f"{piece} {place.group().strip()}" if place else piece
    elif OF_PEOPLES_BODY.search(piece):
        # "Thường trực Hội đồng nhân dân, các Ban Hội đồng nhân dân, Tổ đại biểu ... Hội
        # đồng nhân dân thành phố" (0abcf1a5292b31ec.md:339): the place is shared.
        later = (OF_PEOPLES_BODY_PLACE.search(p) for p in joined[i + 1 :])
        place = next((m for m in later if m), None)
        piece = f"{piece} {place.group('place')}" if place else piece
    # "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên": whose
    # members they are.
    front = FRONT.search(joined[i - 1]) if i and MEMBERS.fullmatch(piece) else None
    if front:
        piece = f"{piece} của {front.group()}"
    return piece


@lru_cache(maxsize=8192)
def split_agencies(raw: str, *, strict: bool = False, keep_place: bool = False) -> tuple[str, ...]:
    """Split a list of bodies into canonical names.

    Commas, semicolons and "và" separate bodies only where the next piece starts a body
    itself: "Sở Văn hóa, Thể thao và Du lịch" and "Các sở, ban, ngành, đơn vị, địa phương"
    stay whole. With ``strict`` (prose, not a lead-agency line), vague collectives such as
    "các cơ quan liên quan" are left out.
    """
    # A remark in brackets is not a body: "(theo chức năng, nhiệm vụ)".
    text = re.sub(r"\s*\([^()]*\)", "", _tidy(strip_titles(raw)))
    # "tổ chức chính trị - xã hội" whose dash a cell reader took for a bullet.
    text = re.sub(r"(chính\s+trị)\s*;\s*(xã\s+hội)", r"\1 - \2", text)
    text = DELEGATES.sub("", text)
    joined = _join_pieces(_pieces(text))
    out: list[str] = []
    for i in range(len(joined)):
        name = canonical_name(_with_shared_words(joined, i), keep_place=keep_place)
        # "Các cơ quan có liên quan" names no kind of body, not even on a lead line.
        if name is None or (strict and is_vague(name)) or ANY_ORGANISATION.fullmatch(name):
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
    if _CENTRAL_BODY.match(name):
        if name.startswith("Bộ Chỉ huy"):
            return "province", PROVINCE_PEOPLES_COMMITTEE
        return "central", None if name == GOVERNMENT else GOVERNMENT
    if _OF_DISTRICTS.search(name):
        return "district", None
    if _OF_COMMUNES.search(name):
        return "commune", None
    if _PARTY_COMMITTEE.search(name) and name != PROVINCIAL_PARTY_COMMITTEE:
        return "province", PROVINCIAL_PARTY_COMMITTEE
    if name.startswith("Sở ") or name.startswith("Văn phòng Ủy ban nhân dân tỉnh"):
        return "province", PROVINCE_PEOPLES_COMMITTEE
    if name.endswith(" tỉnh") or name in (PROVINCIAL_PARTY_COMMITTEE,):
        return "province", None
    if _NATIONAL_NAME.search(name):
        return "central", None
    if is_collective(name):
        return ("province" if "tỉnh" in name else None), None
    return None, None


_CENTRAL_BODY = re.compile(
    r"(?:Bộ|Ban Cơ yếu Chính phủ|Văn phòng Chính phủ|Chính phủ|Quốc hội|Thủ tướng)"
)
_OF_DISTRICTS = re.compile(r"\bcác\s+(?:huyện|quận|thị xã)")
_OF_COMMUNES = re.compile(r"\bcác\s+xã")
_PARTY_COMMITTEE = re.compile(r"Tỉnh ủy$")
_NATIONAL_NAME = re.compile(r"\b(?:Trung ương|Việt Nam)$")


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


def unify(names: Iterable[str], text: str = "") -> dict[str, str]:
    """Map each name to the fullest form the same document prints.

    "Ban Quản lý khu kinh tế và các khu công nghiệp" and "... các khu công nghiệp tỉnh"
    are one body; the longer spelling wins. "Các sở, ban, ngành, đơn vị và địa phương" is
    the comma list "Các sở, ban, ngành, đơn vị, địa phương" where the document also names it
    so (among ``names``, or in its ``text``); otherwise it stays as printed ("Các cơ quan
    Trung ương và địa phương", 74e2ddc7b11340da.md:359).
    """
    names = list(names)
    # Each spelling folded once: a document repeats the same few names hundreds of times.
    fold = {n: _fold(n) for n in set(names)}
    folded = {fold[n]: n for n in names}
    printed: str | None = None  # the folded text, only when a name needs it
    out: dict[str, str] = {}
    for key, name in folded.items():
        fuller = folded.get(f"{key} tỉnh")
        out[name] = fuller if fuller and not is_collective(name) else name
        listed = COLLECTIVE_AND.sub(", ", name) if is_collective(name) else name
        if listed == name:
            continue
        if _fold(listed) not in folded and printed is None:
            printed = _fold(text)
        if _fold(listed) in folded or _fold(listed) in (printed or ""):
            out[name] = folded.get(_fold(listed), listed)
    return out


# we want to capture the "và" before the last member of a collective:
#   "các sở, ban, ngành, đơn vị và địa phương" (examples/corpus/004_1b73a6d31f29fe0d.txt:229,
#   printed "các sở, ban, ngành, đơn vị, địa phương" many times in the same plan)
COLLECTIVE_AND_REGEX = r",?\s+và\s+(?=(?:đơn vị|địa phương|ngành|đoàn thể)\b)"
COLLECTIVE_AND = re.compile(COLLECTIVE_AND_REGEX)


# Words that end a list of bodies in prose: the verb of what they are told to do.
# "phối hợp với Bộ Y tế thực hiện phương án ..." -> "Bộ Y tế"
ACTION_VERBS = (
    "ban hành", "bảo đảm", "báo cáo", "chia sẻ", "chỉ đạo", "chủ động", "chủ trì",
    "cụ thể hóa", "cụ thể hoá", "đánh giá", "đảm bảo", "đề xuất", "định kỳ", "đôn đốc",
    "đồng thời", "giám sát", "giúp", "hoàn thành", "hoàn thiện", "hướng dẫn", "kiểm tra",
    "phát động", "phối hợp", "quán triệt", "rà soát", "tăng cường",
    "tham gia", "tham mưu", "theo dõi", "thống nhất", "thực hiện", "thúc đẩy",
    "tổng hợp", "triển khai", "tuyên truyền", "vận động", "xử lý", "để", "nhằm",
    "trong việc", "trong quá trình", "về việc", "căn cứ", "trên cơ sở", "theo", "khẩn trương",
    "kịp thời", "trực tiếp",
    "thường xuyên", "tích cực", "chịu trách nhiệm", "lãnh đạo", "đẩy mạnh", "tiếp tục",
    "có trách nhiệm", "làm", "tiếp thu", "tập trung", "nghiêm túc", "bố trí", "tiến hành",
    "quyết định", "lập đề án", "lập kế hoạch", "lập hồ sơ", "lập danh sách", "lập dự toán",
    "trình", "thành lập", "có biện pháp", "cập nhật", "công khai",
    "niêm yết", "tiếp nhận", "phổ biến", "chấp hành", "khắc phục", "hỗ trợ",
    "ưu tiên", "giải quyết", "quan tâm", "trong phạm vi", "địa chỉ", "thẩm định", "huy động",
    "phân công", "công bố", "chuẩn bị", "phê duyệt", "duy trì", "nâng cao", "phân bổ",
    "giải trình", "phát huy", "lồng ghép", "thông báo", "gửi", "căn cứ vào", "trả lời",
    "đặt hàng", "phải", "cần", "sẽ", "đẩy nhanh",
    # "Văn phòng Chính phủ tích hợp ..." (74e2ddc7b11340da.md); "Các doanh nghiệp nhà nước, Tổng
    # Công ty tiên phong, dẫn dắt sự phát triển" (f004d93b21e7fc5f.md:663)
    "tích hợp", "tiên phong", "dẫn dắt", "quyết liệt", "nghiêm cấm", "kết nối",
    # "nếu có khó khăn, vướng mắc, các cơ quan, đơn vị và địa phương phản ánh về Sở Y tế"
    # (a83fffe08d7aeed7.md:115); "Hội đồng thi đua họp xét đánh giá các xã, phường"
    # (3a2db039af8c2d05.md:112)
    "phản ánh", "họp",
)  # fmt: skip

# we want to capture the first action verb after a list of bodies:
#   "Sở Tài chính chủ trì"   "Bộ Y tế thực hiện phương án"   "Mặt trận Tổ quốc tỉnh phối hợp"
#   not the noun in "các tổ chức chính trị - xã hội" or "tổ chức xã hội nghề nghiệp"
#   not "Ban chỉ đạo", nor the noun in "các cơ quan, tổ chức liên quan"
#   not the noun in "Ban Chỉ đạo Nhà nước các chương trình, công trình" (c93728206e91346c.md:31)
#   not the noun in "Trung tâm Dịch vụ việc làm Thành phố" (2f6f80b9918e52de.md, a task cell)
#   "Văn phòng Chính phủ nghiên cứu cắt giảm, đơn giản hóa" (74e2ddc7b11340da.md)
#   not the kind in "Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp"
#   (ceb89a53c7b93f00.md)
#   not the "thông" of "Chỉ đạo các doanh nghiệp viễn thông báo đảm hệ thống thông tin"
#   (62f25a030c183151.md, "bảo đảm" misprinted)
#   not the kind of a body: "Các doanh nghiệp cung cấp dịch vụ bưu chính" (f004d93b21e7fc5f.md:
#   1654), "các viện nghiên cứu"
ACTION_VERB_REGEX = r"""
    (?<![{letter}])(?<!các\s)(?<!Ban\s)(?<!chương\s)(?<!công\s)(?<!việc\s)(?<!viễn\s)
    (?:{verbs}
      | (?<!nghiệp\s)(?<!vị\s)(?<!chức\s)cung\s+cấp
      | (?<!đầu\stư\s)xây\s+dựng
      | (?<!viện\s)(?<!tâm\s)(?<!sở\s)(?<!chức\s)nghiên\s+cứu
      | (?<!nhất\s)(?<!biệt\s)(?<!tức\s)là
      | tổ\s+chức(?!\s*(?:[,;)]|$|(?:và|hoặc|có\s+liên\s+quan|liên\s+quan|khác|cá\s+nhân
            |thành\s+viên|đoàn\s+thể|tín\s+dụng|được|có)(?![{letter}]))))
    (?![{letter}])
    (?!\s+(?:chính\s+trị|xã\s+hội|khoa\s+học|kinh\s+tế|đảng|quốc\s+tế|nước\s+ngoài))
"""
ACTION_VERB = re.compile(
    ACTION_VERB_REGEX.format(verbs=_alt_trie(ACTION_VERBS), letter=LETTER), re.VERBOSE
)
# Where a match of ACTION_VERB can start: after a character that is no letter, at one of its
# words (the branches above without their look-arounds; keep the two in step). ACTION_VERB
# opens with look-behinds, so ``re`` tries all of it at every position; this one opens with a
# character class, so ``re`` skips over the letters of words to the next space or sign.
_VERB_AFTER_NON_LETTER = re.compile(
    rf"[^{LETTER}](?:{_alt_trie(ACTION_VERBS)}|cung\s+cấp|xây\s+dựng|nghiên\s+cứu|là|tổ\s+chức)"
    rf"(?![{LETTER}])"
)


def find_action_verb(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """``ACTION_VERB.search(text, pos, endpos)``, tried only where a match can start: at
    ``pos``, or just after a character that is no letter."""
    end = len(text) if endpos is None else endpos
    if m := ACTION_VERB.match(text, pos, end):
        return m
    candidate = _VERB_AFTER_NON_LETTER.search(text, pos, end)
    while candidate is not None:
        if m := ACTION_VERB.match(text, candidate.start() + 1, end):
            return m
        candidate = _VERB_AFTER_NON_LETTER.search(text, candidate.start() + 1, end)
    return None


def phrase_before_verb(text: str) -> str:
    """The words of ``text`` before its first lower-case action verb."""
    # A verb inside a known name is part of the name: "Cục Quản lý, giám sát kế toán".
    masked = _known_pattern().sub(lambda k: "X" * len(k.group()), text)
    m = find_action_verb(masked)
    return text[: m.start()] if m else text

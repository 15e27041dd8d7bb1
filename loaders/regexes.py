"""Regular expressions of the loaders, built from small named pieces.

Every pattern runs on NFC text (see ``clean.py``): decomposed diacritics would
silently defeat the literal Vietnamese words below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

# ---------------------------------------------------------------------------------------
# Letters
# ---------------------------------------------------------------------------------------

LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LETTER = LOWER + UPPER
_COMBINING = "\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"

COMBINING_RUN = re.compile(rf".[{_COMBINING}]+", re.DOTALL)

# ---------------------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------------------

# we want to capture:
#   "### **III- NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU**"   ->  the leading "### "
#   "#### Nơi nhận:"
MARKDOWN_HEADING_REGEX = r"^[ \t]{0,3}\#{1,6}[ \t]+"
MARKDOWN_HEADING = re.compile(MARKDOWN_HEADING_REGEX, re.MULTILINE)

# we want to capture (and delete or replace):
#   "**KẾ HOẠCH**"  "*để*"  "-----"  "\-"  "<br>"  "\u00a0"  "\r"  "* item"
NOISE_REGEX = r"""
      (?P<cr>\r)
    | (?P<invisible>[\ufeff\u200b\u200c\u200d\u2060\u00ad])
    | (?P<space>[\t\u00a0\u2007\u202f\u3000])
    | (?P<br><br\s*/?>)
    | (?P<escape>\\(?P<escaped>[\\`*_{}\[\]()\#+\-.!|<>]))
    | (?P<heading>^[ \t]{0,3}\#{1,6}[ \t]+)
    | (?P<rule>^[ \t]*(?:[-=_*][ \t]*){3,}$)
    | (?P<star_bullet>^[ \t]*\*[ \t]+)
    | (?P<emphasis>\*+|(?<!\w)__+|__+(?!\w))
"""
NOISE = re.compile(NOISE_REGEX, re.MULTILINE | re.VERBOSE)

# A page break (or a PDF line break) inside a sentence: the line ends with a letter,
# digit or comma and the next non-empty line starts with a lower-case word.
# we want to capture:
#   "Hoàn thành\n\nxây dựng Chính quyền điện tử"
#   "nâng cao nhận thức cho\n\ncán bộ, đảng viên"
#   "KẾ HOẠCH\n\nthực hiện Nghị quyết số 52-NQ/TW"
PAGE_BREAK_JOIN_REGEX = rf"""
    (?<=[{LETTER}0-9,])
    [ \t]*\n(?:[ \t]*\n)*[ \t]*
    (?=[{LOWER}](?![{LOWER}]?\)))
"""
PAGE_BREAK_JOIN = re.compile(PAGE_BREAK_JOIN_REGEX, re.VERBOSE)

# Where a sentence ends: a full stop before a capital or a bullet, or a line end. The dots
# of "10.000" and "7.5" are not followed by a space and do not end anything.
# we want to capture:
#   "toàn tỉnh. Năng suất"   "di động.\n- Phát triển"
SENTENCE_END_REGEX = rf"[.!?](?=\s+[{UPPER}\-+•*\"“(\d])|[.!?]?\s*\n"
SENTENCE_END = re.compile(SENTENCE_END_REGEX)

# ---------------------------------------------------------------------------------------
# Outline
# ---------------------------------------------------------------------------------------

ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{1,3}|V)"

# we want to capture:
#   "A. THỰC TRẠNG ỨNG DỤNG"  "I. MỤC ĐÍCH, YÊU CẦU"  "II- MỤC TIÊU"  "III/ TỔ CHỨC"
#   "1- Nắm bắt kịp thời"  "1. Mục đích"  "1.1. Ban Chỉ đạo"  "2.10 Bố trí"
#   "a) Mục tiêu"  "- Nâng cao nhận thức"  "+ Tỷ lệ"
OUTLINE_MARKER_REGEX = rf"""
    ^[ \t]*
    (?:
        (?P<part>[A-HK-UWYZ])[.\-–][ \t]+(?=[{UPPER}])
      | (?P<roman>{ROMAN})(?![ \t]*/[ \t]*[Vv]\b)[ \t]*[.\-–/:][ \t]*(?=[{UPPER}"“(])  # not "V/V"
      | (?P<article>Điều[ \t]+\d{{1,3}})[ \t]*[.:][ \t]*
      | (?P<number>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})
            (?:[.\-–)][ \t]*(?=[{LETTER}"“(])|(?<=\.\d)[ \t]+(?=[{UPPER}]))
      | (?P<letter>[a-zđ])[).][ \t]+(?=[{LETTER}"“(])
      | (?P<bullet>[-–—•●▪◦∙·])[ \t]*(?=\S)
      | (?P<plus>\+)[ \t]*(?=\S)
    )
"""
OUTLINE_MARKER = re.compile(OUTLINE_MARKER_REGEX, re.VERBOSE | re.MULTILINE)

# ---------------------------------------------------------------------------------------
# Document numbers
# ---------------------------------------------------------------------------------------

NUM = r"\d{1,5}"
YEAR = r"(?:19|20)\d{2}"
CODE = r"[A-ZĐ][A-Za-zĐđ&]{0,9}"
ISSUER_CODE = r"[A-ZĐ][A-Za-zĐđ&]{0,12}\d{0,2}"
DASH = r"[-–—]"
_START = r"(?<![\w/.\-–])"
_END = r"(?![\w/])"

# we want to capture:
#   "Nghị quyết số 52-NQ/TW"   "Chương trình hành động số 31-CTr/TU"   "376 - KH/TU"
PARTY_NUMBER_REGEX = (
    rf"(?P<p_num>{NUM})[ \t]*{DASH}[ \t]*(?P<p_kind>{CODE})[ \t]*/[ \t]*(?P<p_iss>{ISSUER_CODE})"
)

# we want to capture:
#   "Nghị định số 30/2020/NĐ-CP"   "Nghị quyết số 70/2025/UBTVQH15"   "Luật số 20/2023/QH15"
SYMBOL = rf"{ISSUER_CODE}(?:[ \t]*{DASH}[ \t]*{ISSUER_CODE})?"
NORMATIVE_NUMBER_REGEX = (
    rf"(?P<n_num>{NUM})[ \t]*/[ \t]*(?P<n_year>{YEAR})[ \t]*/[ \t]*(?P<n_sym>{SYMBOL})"
)

# we want to capture:
#   "Nghị quyết số 71/NQ-CP"   "Quyết định số 749/QĐ-TTg"   "Thông báo số 243/TB VPCP"
#   "Thông báo số 243/TBVPCP"  "Công văn số 1329/UBND-KGVX"
STATE_NUMBER_REGEX = (
    rf"(?P<s_num>{NUM})[ \t]*/[ \t]*(?P<s_kind>{CODE})"
    rf"(?:[ \t]*{DASH}[ \t]*|[ \t]+)?(?P<s_iss>{ISSUER_CODE})?"
)

DOC_NUMBER_REGEX = rf"""
    {_START}
    (?:
        {NORMATIVE_NUMBER_REGEX}
      | {PARTY_NUMBER_REGEX}
      | {STATE_NUMBER_REGEX}
    )
    {_END}
"""
DOC_NUMBER = re.compile(DOC_NUMBER_REGEX, re.VERBOSE)

# The word before a number: its kind ("Nghị quyết số", "Kế hoạch hành động sô", "Thông báo
# kết luận số"). Matched against the text just before the number, anchored at its end.
# we want to capture:
#   "... thực hiện Nghị quyết số "   "Kế hoạch hành động sô "   "các Nghị quyết: Số "
KIND_WORD = (
    r"Chương\s+trình\s+hành\s+động|Chương\s+trình|Kế\s+hoạch\s+hành\s+động|Kế\s+hoạch"
    r"|Nghị\s+quyết\s+liên\s+tịch|Nghị\s+quyết|Nghị\s+định|Quyết\s+định|Chỉ\s+thị"
    r"|Thông\s+báo\s+kết\s+luận|Thông\s+báo|Thông\s+tư\s+liên\s+tịch|Thông\s+tư|Thông\s+tri"
    r"|Báo\s+cáo|Đề\s+án|Kết\s+luận|Quy\s+định|Quy\s+chế|Hướng\s+dẫn|Công\s+văn|Văn\s+bản"
    r"|Phụ\s+lục|Tờ\s+trình|Luật|Pháp\s+lệnh|Hiến\s+pháp|Lệnh|Điều\s+lệ|Chiến\s+lược"
)
NUMBER_WORD = r"(?:s[ốôoó]|S[ỐÔOÓ])"
KIND_BEFORE_REGEX = rf"""
    (?P<kind>{KIND_WORD})
    (?:\s+(?:của\s+\S+(?:\s+\S+){{0,5}}?\s+)?{NUMBER_WORD})?
    [\s:.]*$
"""
KIND_BEFORE = re.compile(KIND_BEFORE_REGEX, re.VERBOSE | re.IGNORECASE)

# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------

DAY = r"(?P<d>[0-3]?\d)"

# we want to capture:
#   "ngày 27/9/2019"   "ngày 03 tháng 04 năm 2020"   ", ngày 22-12-2024"   "ngày 01.4.2025"
DATE_REGEX = rf"""
    {DAY}\s*(?:
        (?P<sep>[/.\-])\s*(?P<m>[01]?\d)\s*(?P=sep)\s*(?P<y>(?:19|20)\d{{2}})
      | \s+tháng\s*(?P<m2>[01]?\d)\s*,?\s+năm\s+(?P<y2>(?:19|20)\d{{2}})
    )
"""
DATE = re.compile(DATE_REGEX, re.VERBOSE | re.IGNORECASE)

# The date and issuer that follow a referenced number.
# we want to capture:
#   "52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị khoá XII về một số chủ trương"
#   "71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi"
#   "70/2025/UBTVQH15 của Ủy ban Thường vụ Quốc hội"
AFTER_NUMBER_REGEX = rf"""
    ^[\s,]*(?:\([^)]{{0,40}}\)[\s,]*)?
    (?:(?:ban\s+hành\s+)?ngày\s*{DATE_REGEX})?
    [\s,]*
    (?:của\s+(?P<issuer>(?:[{UPPER}][{LETTER}]*|và|các|về|nhân|dân|thường|vụ|chính|hành|trị)(?:\s+[{LETTER}]+){{0,9}}?)
        (?=\s*(?:$|[,;:.()\n]|\s(?:khoá|khóa|về|ban\s+hành|sửa|bổ\s+sung|quy|hướng|thực|triển|phê|và\s+các|và\s+[{UPPER}]|tại|đến|giai|trong|nhằm|cụ|gọi|sau)\b)))?
"""
AFTER_NUMBER = re.compile(AFTER_NUMBER_REGEX, re.VERBOSE)

# ---------------------------------------------------------------------------------------
# Letterhead, title, signature
# ---------------------------------------------------------------------------------------

# we want to capture:
#   "Số: 283/KH-UBND"   "Số 02-NQ/TU"   "Số:   /KH-UBND" (not yet numbered: ignored later)
LETTERHEAD_NUMBER_REGEX = r"(?:^|[\s|])(?:Số|SỐ|So|Sô)\s*[:.]?\s*(?P<raw>\S[^\n|]{0,40})"
LETTERHEAD_NUMBER = re.compile(LETTERHEAD_NUMBER_REGEX)

# we want to capture:
#   "Vĩnh Long, ngày 31 tháng 12 năm 2021"   "Hà Nội, ngày 22 tháng 12 năm 2024"
#   "Thái Bình, ngày 19/11/2021"
PLACE_DATE_REGEX = rf"""
    (?<![\w/\-–])(?P<place>[{UPPER}][{LETTER}]*(?:[ \t]+[{UPPER}][{LETTER}]*){{0,3}})
    (?:[ \t]*,[ \t]*|[ \t]+(?=ngày[ \t]*\d{{1,2}}[ \t]+tháng))  # "Hà Nội ngày 01 tháng 12 ..."
    ngày[ \t]*{DATE_REGEX}
"""
PLACE_DATE = re.compile(PLACE_DATE_REGEX, re.VERBOSE)

TITLE_KIND_WORDS = (
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "KẾ HOẠCH HÀNH ĐỘNG",
    "CHƯƠNG TRÌNH",
    "KẾ HOẠCH",
    "NGHỊ QUYẾT LIÊN TỊCH",
    "NGHỊ QUYẾT",
    "NGHỊ ĐỊNH",
    "QUYẾT ĐỊNH",
    "CHỈ THỊ",
    "THÔNG BÁO KẾT LUẬN",
    "THÔNG BÁO",
    "THÔNG TƯ LIÊN TỊCH",
    "THÔNG TƯ",
    "THÔNG TRI",
    "BÁO CÁO",
    "ĐỀ ÁN",
    "KẾT LUẬN",
    "QUY ĐỊNH",
    "QUY CHẾ",
    "HƯỚNG DẪN",
    "CÔNG VĂN",
    "PHỤ LỤC",
    "TỜ TRÌNH",
    "LUẬT",
    "PHÁP LỆNH",
    "CHIẾN LƯỢC",
)

# we want to capture:
#   "KẾ HOẠCH"   "KẾ HOẠCH thực hiện Nghị quyết số 52-NQ/TW"   "NGHỊ QUYẾT CỦA BAN CHẤP HÀNH"
_TITLE_WORDS = "|".join(w.replace(" ", r"[ \t]+") for w in TITLE_KIND_WORDS)
TITLE_LINE_REGEX = rf"""
    ^[ \t|]*(?P<word>{_TITLE_WORDS})
    (?![{LETTER}])(?P<rest>[^\n]*)$
"""
TITLE_LINE = re.compile(TITLE_LINE_REGEX, re.VERBOSE | re.MULTILINE)

# we want to capture:
#   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"   "Độc lập - Tự do - Hạnh phúc"   "ĐẢNG CỘNG SẢN VIỆT NAM"
NATIONAL_MOTTO_REGEX = (
    r"CỘNG\s+H[ÒO]À?\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM"
    r"|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc"
    r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"
)
NATIONAL_MOTTO = re.compile(NATIONAL_MOTTO_REGEX, re.IGNORECASE)

# we want to capture:
#   "T/M BAN THƯỜNG VỤ"  "TM. ỦY BAN NHÂN DÂN"  "KT. CHỦ TỊCH"  "Q. GIÁM ĐỐC"  "TL. BỘ TRƯỞNG"
ON_BEHALF_REGEX = rf"^[ \t]*(?:T/M|TM|KT|Q|TL|TUQ|T\.M)[ \t]*[./:]?[ \t]+[{UPPER}]"
ON_BEHALF = re.compile(ON_BEHALF_REGEX, re.MULTILINE)

# we want to capture:  "Nơi nhận:"   "NƠI NHẬN:"   "- Nơi nhận:"
RECIPIENTS_REGEX = r"^[ \t|]*(?:-[ \t]*)?(?:Nơi|NƠI)[ \t]+(?:nhận|NHẬN)[ \t]*:?"
RECIPIENTS = re.compile(RECIPIENTS_REGEX, re.MULTILINE)

# A person's name as signed: two to five capitalised syllables.
# we want to capture:  "Ngô Đông Hải"   "Nguyễn Mạnh Hiên"   "NGUYỄN KHẮC THẬN"
PERSON_NAME_REGEX = rf"""
    ^[ \t]*(?P<name>
        [{UPPER}][{LOWER}]+(?:[ \t]+[{UPPER}][{LOWER}]*){{1,4}}
      | [{UPPER}]{{1,7}}(?:[ \t]+[{UPPER}]{{1,7}}){{1,4}}
    )[ \t]*$
"""
PERSON_NAME = re.compile(PERSON_NAME_REGEX, re.VERBOSE)

# ---------------------------------------------------------------------------------------
# Relations
# ---------------------------------------------------------------------------------------

# Words that, ahead of a reference in the title or opening, say this document carries it out.
# we want to capture:
#   "Thực hiện Nghị quyết"  "triển khai thực hiện"  "quán triệt và thực hiện"  "cụ thể hóa"
IMPLEMENTS_TRIGGER_REGEX = (
    r"thực\s+hiện|triển\s+khai|quán\s+triệt|cụ\s+thể\s+h[óo]á?|hiện\s+thực\s+h[óo]á?"
)
BASED_ON_TRIGGER_REGEX = r"căn\s+cứ|trên\s+cơ\s+sở"
REPLACES_TRIGGER_REGEX = r"thay\s+thế|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ"
AMENDS_TRIGGER_REGEX = r"sửa\s+đổi|bổ\s+sung|điều\s+chỉnh|đính\s+chính"

# "this document" as a subject: "Kế hoạch này thay thế ...", "Quyết định này bãi bỏ ..."
THIS_DOCUMENT_REGEX = rf"(?:{KIND_WORD})\s+này"

TRIGGER_REGEX = rf"""
    (?P<implements>{IMPLEMENTS_TRIGGER_REGEX})
  | (?P<based_on>{BASED_ON_TRIGGER_REGEX})
  | (?P<replaces>{REPLACES_TRIGGER_REGEX})
  | (?P<amends>{AMENDS_TRIGGER_REGEX})
"""
TRIGGER = re.compile(TRIGGER_REGEX, re.VERBOSE | re.IGNORECASE)

# "Trên đây là Kế hoạch thực hiện ..." closes many plans and restates what they implement.
CLOSING_REGEX = rf"Trên\s+đây\s+là\s+(?:{KIND_WORD})"
CLOSING = re.compile(CLOSING_REGEX, re.IGNORECASE)

# ---------------------------------------------------------------------------------------
# Named references without a number
# ---------------------------------------------------------------------------------------

# we want to capture:
#   "Đề án 06"   "Chương trình chuyển đổi số quốc gia"   "Chiến lược quốc gia về phát triển ..."
# where a name ends: punctuation, or a comma before the next verb phrase
_NAME_END = rf"(?=[.;:\n()]|,[ \t]+(?:[{LOWER}]+[ \t]+){{0,2}}(?:tập|trong|nhằm|bảo|phù|gắn)|$)"
NAMED_REFERENCE_REGEX = rf"""
    (?P<kind>Đề\s+án|Chương\s+trình|Chiến\s+lược)
    [ \t]+
    (?P<name>
        \d{{1,3}}(?![\d/\-])
      | [“"][^”"\n]{{5,200}}[”"]
      | (?:[{LOWER}]+[ \t]+){{0,6}}?(?:quốc[ \t]+gia|của[ \t]+Chính[ \t]+phủ)
            (?:[ \t]+(?:về|đến|giai|định)[^.;:\n()]{{0,120}}?{_NAME_END})?
    )
"""
NAMED_REFERENCE = re.compile(NAMED_REFERENCE_REGEX, re.VERBOSE)

# ---------------------------------------------------------------------------------------
# Numbers of referenced documents (a wider net than the letterhead's DOC_NUMBER)
# ---------------------------------------------------------------------------------------

# Symbol letters, with the Cyrillic look-alikes some sites print ("137/2020/NĐ-СР").
_REF_FIRST = "A-ZĐСРАВЕНКМОТХ"
_REF_REST = "A-Za-zĐđ&СРАВЕНКМОТХ"
REF_CODE = rf"[{_REF_FIRST}][{_REF_REST}]{{0,9}}"
REF_ISSUER_CODE = rf"[{_REF_FIRST}][{_REF_REST}]{{0,12}}\d{{0,2}}"
# "66.2/2025/NQ-CP": a resolution numbered under another one.
REF_NUM = r"\d{1,5}(?:\.\d{1,2})?"
# Joint symbols: "4255/QĐ-BNN-KHCN", "01/2012/TTLT-BQP- BLĐTBXH-BTC" (a line wrapped there).
_REF_MORE_PARTS = rf"(?:{DASH}[ \t]?{REF_ISSUER_CODE}){{0,4}}"
# A number may be glued to its number word: "Nghị định số142/2018/NĐ-CP".
_REF_START = r"(?:(?<![\w/.\-–])|(?<=s[ốôoó])|(?<=S[ỐÔOÓ]))"

# we want to capture:
#   "số 30/2020/NĐ-CP"   "số 66.2/2025/NQ-CP"   "số 118/2025/NĐCP"   "số 49/2025TT-BCT"
#   "số 43/2015/TTLT-BNNPTNT-BKHĐT"   "số 137/2020/NĐ-СР"
REF_NORMATIVE_REGEX = (
    rf"(?P<n_num>{REF_NUM})[ \t]*/[ \t]*(?P<n_year>{YEAR})(?:[ \t]*/[ \t]*|(?P<n_glue>))"
    rf"(?P<n_sym>{REF_ISSUER_CODE}(?:[ \t]*{DASH}[ \t]*{REF_ISSUER_CODE})?{_REF_MORE_PARTS})"
)
# we want to capture:
#   "số 52-NQ/TW"   "57- NQ/TW"   "376 - KH/TU"
REF_PARTY_REGEX = (
    rf"(?P<p_num>{REF_NUM})[ \t]*{DASH}[ \t]*(?P<p_kind>{REF_CODE})[ \t]*/[ \t]*"
    rf"(?P<p_iss>{REF_ISSUER_CODE})"
)
# we want to capture:
#   "Phiếu lấy ý kiến Thành viên Chính phủ số 1025/PLYK/2025"
REF_YEAR_LAST_REGEX = (
    rf"(?P<y_num>{REF_NUM})[ \t]*/[ \t]*(?P<y_code>{REF_CODE})[ \t]*/[ \t]*(?P<y_year>{YEAR})"
)
# we want to capture:
#   "số 71/NQ -CP"   "số 27/NQ- TW"   "số 243/TB VPCP"   "số 4255/QĐ-BNN-KHCN"
#   "văn bản số 10894/VPCP-CN"   "Quy chế phối hợp số 49/QCPH-UBND-UBMT-HCTĐ"
REF_STATE_REGEX = (
    rf"(?P<s_num>{REF_NUM})[ \t]*/[ \t]*(?P<s_kind>{REF_CODE})"
    rf"(?:[ \t]*{DASH}[ \t]*|[ \t]+)?(?P<s_iss>{REF_ISSUER_CODE}{_REF_MORE_PARTS})?"
)
# Technical standards and regulations.
# we want to capture:
#   "TCVN 14423:2025"   "QCVN 85:2025/BNNMT"   "QCVN 06:2022/BXD"   "TCVN 13592:2022"
#   "(QCVN\n85:2025/BNNMT)" (a line break the reflow leaves before a digit)
REF_STANDARD_REGEX = rf"""
    (?<!\w)(?P<t_kind>TCVN|QCVN)(?:[ \t]+(?P<t_pre>ISO(?:/IEC)?))?[ \t]*\n?[ \t]*
    (?P<t_num>\d{{1,5}}(?:-\d{{1,4}}){{0,3}})[ \t]*:[ \t]*(?P<t_year>{YEAR})
    (?:[ \t]*/[ \t]*(?P<t_iss>{REF_ISSUER_CODE}))?
"""

REFERENCE_NUMBER_REGEX = rf"""
    (?:
        {REF_STANDARD_REGEX}
      | {_REF_START}
        (?:
            {REF_NORMATIVE_REGEX}
          | {REF_PARTY_REGEX}
          | {REF_YEAR_LAST_REGEX}
          | {REF_STATE_REGEX}
        )
    )
    {_END}
"""
REFERENCE_NUMBER = re.compile(REFERENCE_NUMBER_REGEX, re.VERBOSE)

# ---------------------------------------------------------------------------------------
# Patterns anchored at line starts, tried only there
# ---------------------------------------------------------------------------------------


@cache
def _after_break(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` (``^...`` in MULTILINE mode) preceded by a line break instead of ``^``."""
    body = pattern.pattern.lstrip()
    if not (body.startswith("^") and pattern.flags & re.MULTILINE):
        raise ValueError(f"not a MULTILINE pattern that opens with '^': {pattern.pattern!r}")
    return re.compile(rf"\n(?:{body[1:]})", pattern.flags)


def line_matches(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos, endpos)`` for a MULTILINE pattern that opens with ``^``.

    ``re`` tries such a pattern at every character of the text; the same pattern behind a
    line break has a literal first character, so ``re`` skips from one line break to the
    next, and the pattern is tried where a match was found. Several times faster over a
    whole document, for the same matches.
    """
    end = len(text) if endpos is None else min(endpos, len(text))
    find_break = _after_break(pattern).search
    match = pattern.match
    at = pos
    # A line start to try before looking for the next break: ``pos`` itself, or the end
    # of a match that took its line break with it.
    start: int | None = pos if pos == 0 or text[pos - 1 : pos] == "\n" else None
    while True:
        if start is None:
            found = find_break(text, at, end)
            if found is None:
                return
            start = found.start() + 1
        m = match(text, start, end)
        if m is None:  # only a start tried before any break search can fail
            at, start = start, None
            continue
        yield m
        at = m.end()
        start = at if at > m.start() and text[at - 1] == "\n" else None


def line_search(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> re.Match[str] | None:
    """``pattern.search(text, pos, endpos)``, by :func:`line_matches`."""
    return next(line_matches(pattern, text, pos, endpos), None)

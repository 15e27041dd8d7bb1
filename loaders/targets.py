"""Quantified goals: ``kinh tế số chiếm 20% GRDP đến năm 2025`` -> :class:`Target`.

Two shapes carry goals in provincial plans and resolutions:

* prose, where a quantity (``trên 90%``, ``10.000 lao động``, ``25 thuê bao/100 dân``)
  sits in a clause whose year comes from the sentence (``đến năm 2025``) or from a
  heading that governs the bullets under it (``2.1. Đến năm 2025``, ``* Mục tiêu định
  hướng đến năm 2030``);
* indicator tables (``Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030 | Cơ quan theo dõi``),
  one target per row and year column.

The same figures also describe what was already achieved (``100% các sở ... đã xây dựng
mạng nội bộ``). Those are left out by the section they sit in (``THỰC TRẠNG``, ``KẾT QUẢ
ĐẠT ĐƯỢC``, ``TÌNH HÌNH``) and by past-tense cues in their sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from policykg.loaders import regexes
from policykg.loaders.clean import lower_for
from policykg.loaders.context import DocContext
from policykg.loaders.indicators import cell_tables, header_grid, split_header
from policykg.loaders.regexes import LETTER, LOWER, PLACE_DATE
from policykg.loaders.tables import Row, pipe_blocks
from policykg.records import Comparator, Target

# ---------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------

# A figure with a decimal comma or thousands dots; "7.5" (one or two digits after the dot)
# is read as a decimal point, "10.000" as thousands.
# we want to capture:
#   "7,5"   "10.000"   "1.234,5"
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"

YEAR_NUMBER = r"(?:19|20)\d{2}"

# Words before a figure that say how it compares. Longer phrases come first so that
# "không vượt quá" is not read as "vượt".
# we want to capture:
#   "trên 90%"   "tối thiểu 70%"   "khoảng 7,5%/năm"   "không quá 5%"   "≥ 30"
COMPARATOR_WORD_REGEX = r"""
    (?P<ge>tối\s+thiểu|ít\s+nhất|không\s+thấp\s+hơn|không\s+dưới|không\s+ít\s+hơn|từ|≥|>=)
  | (?P<le>không\s+quá|không\s+vượt\s+quá|tối\s+đa|không\s+cao\s+hơn|không\s+lớn\s+hơn|≤|<=)
  | (?P<gt>trên|hơn|vượt|cao\s+hơn|lớn\s+hơn|>)
  | (?P<lt>dưới|thấp\s+hơn|ít\s+hơn|<)
  | (?P<approx>khoảng|xấp\s+xỉ|gần|chừng|~)
"""
COMPARATOR_WORD = re.compile(rf"^(?:{COMPARATOR_WORD_REGEX})$", re.VERBOSE | re.IGNORECASE)
_COMPARATOR_PIECE = (
    r"tối\s+thiểu|ít\s+nhất|không\s+thấp\s+hơn|không\s+dưới|không\s+ít\s+hơn"
    r"|không\s+vượt\s+quá|không\s+quá|tối\s+đa|không\s+cao\s+hơn|không\s+lớn\s+hơn"
    r"|cao\s+hơn|lớn\s+hơn|thấp\s+hơn|ít\s+hơn|xấp\s+xỉ"
    r"|từ|trên|hơn|vượt|dưới|khoảng|gần|chừng|≥|>=|≤|<=|>|<|~"
)

# Units. A rate keeps its own nouns ("bác sĩ/10.000 dân", "ca sinh/1.000 phụ nữ",
# "con/phụ nữ"); counts take a closed list of nouns, so that "15 tuổi", "mức độ 4" or
# "50 máy chủ" are not goals.
PER_YEAR = r"%\s*/\s*năm|%\s+(?:mỗi|một)\s+năm"
_WORD = rf"[{LOWER}]+"
# Words that end the noun phrase of a rate ("... sinh ra sống vào năm 2025").
_RATE_STOP = (
    r"(?:vào|năm|trở|được|đến|tới|và|trong|của|theo|tại|trên|dưới|so|với|hoặc|giai|từ"
    r"|xuống|lên|đạt|là|có|mỗi|thì|để|cho|hàng)(?![{LOWER}])"
).replace("{LOWER}", LOWER)
# A denominator without a number is one of a few nouns: "con/phụ nữ", "hội nghị/năm".
_PER_NOUN = r"(?:năm|quý|phụ\s+nữ|người|hộ|doanh\s+nghiệp|xã|lớp)(?![{LOWER}])".replace(
    "{LOWER}", LOWER
)
# we want to capture:
#   "25 thuê bao/100 dân"   "107 trẻ sơ sinh trai/100 trẻ sơ sinh gái sinh ra sống"
#   "4/100.000 trẻ sinh ra còn sống"   "2,1 con/phụ nữ"   "02 hội nghị/năm"
# The base of a rate is a power of ten ("/100 dân", "/1.000 phụ nữ"), so that dates
# ("15/11 đến ngày") and "24/7" are not rates; a frequency ("02 lần/năm", "18 đợt/năm")
# is not a goal.
_BASE = r"10|100|1\.?000|10\.?000|100\.?000"
_FREQUENCY = r"(?:lần|đợt|ngày|giờ|tháng|buổi)(?![{LOWER}])".replace("{LOWER}", LOWER)
RATE = (
    rf"(?!{_FREQUENCY})(?:{_WORD}(?:\s{_WORD}){{0,3}})?\s*/\s*"
    rf"(?:(?:{_BASE})\s*(?:{_WORD}(?:\s(?!{_RATE_STOP}){_WORD}){{0,6}})"
    rf"|vạn\s+dân|{_PER_NOUN})"
)
MONEY = r"(?:(?:nghìn|ngàn|triệu|tỷ)\s+)?(?:đồng|USD)(?:\s*/\s*người(?:\s*/\s*năm)?|\s*/\s*năm)?"
# Stations, road lengths, sample sites and printed copies are counted in plans of
# infrastructure and monitoring ("58 trạm", "3.000 km đường bộ cao tốc", "lấy mẫu tại 15 vị
# trí", "5.000 cuốn"); "gấp 30 lần GRDP" is a multiple of a named aggregate.
_COUNT_WORD = (
    r"lao\s+động|doanh\s+nghiệp|hợp\s+tác\s+xã|người|học\s+viên|hộ(?:\s+gia\s+đình)?"
    r"|sinh\s+viên|chuyên\s+gia|kỹ\s+sư|nhà\s+khoa\s+học|sản\s+phẩm|sáng\s+chế|bằng\s+sáng\s+chế"
    r"|đề\s+tài|bài\s+báo|dự\s+án|startup|tổ\s+chức\s+khoa\s+học|phòng\s+thí\s+nghiệm"
    r"|điểm\s+truy\s+cập|trạm\s+BTS|thuê\s+bao|cơ\s+sở|điểm|lần(?:\s+GR?DP)?|tấn|ha"
    r"|trạm|km|cụm|sàn|cuốn|công\s+trình\s*/\s*dự\s+án|cán\s+bộ|công\s+chức"
)
# Those nouns also describe what a text is about ("đoạn kết nối 1,9km", "02 công trình"):
# a count of them is a goal only when its clause says so before it (a minimum, a goal
# word, a verb of reaching) or when it is the figure of a label ("Số lượng: 5.000 cuốn").
WEAK_COUNT = frozenset({"trạm", "km", "cụm", "sàn", "cuốn", "cán bộ", "công chức"})
# we want to capture (the clause up to the figure):
#   "Hoàn thành mục tiêu đưa vào khai thác trên "   "hình thành tối thiểu "
#   "+ Lắp đặt mới trạm 3G/4G: "   "nâng tổng số trạm 5G: "
WEAK_COUNT_CUE = re.compile(
    r"(?<!\w)(?:tối\s+thiểu|ít\s+nhất|không\s+dưới|hoàn\s+thành|đạt|phấn\s+đấu|mục\s+tiêu"
    r"|chỉ\s+tiêu|nâng\s+tổng\s+số)(?!\w)|:\s*$",
    re.IGNORECASE,
)
# A count of several kinds at once: "01 doanh nghiệp, hợp tác xã".
COUNT_NOUN = rf"(?:{_COUNT_WORD})(?:\s*,\s*(?:{_COUNT_WORD})(?![{LETTER}]))?"
UNIT_REGEX = rf"""
    (?P<per_year>{PER_YEAR})
  | (?P<percent>%)
  | (?P<money>{MONEY})(?![{LETTER}])
  | (?P<rate>{RATE})(?![{LETTER}])
  | (?:(?P<scale>nghìn|ngàn|triệu)\s+)?(?P<count>{COUNT_NOUN})(?![{LETTER}/])
"""

# we want to capture:
#   "đạt trên 90%"   "khoảng 7,5%/năm"   "80-90%"   "10.000 lao động"   "9%/năm trở lên"
#   "Tỷ lệ thuê bao Internet băng rộng cố định đạt 25 thuê bao/100 dân"
QUANTITY_REGEX = rf"""
    (?<![\w.,/])
    (?P<value>{NUMBER})
    (?:\s*%?\s*(?:[-–—]|đến)\s*(?P<value_max>{NUMBER}))?
    \s*(?:{UNIT_REGEX})
    (?P<suffix>\s+trở\s+(?:lên|xuống))?
"""
QUANTITY = re.compile(QUANTITY_REGEX, re.VERBOSE | re.IGNORECASE)
# The comparator is looked for just before a figure rather than as an optional prefix of
# QUANTITY: an optional prefix would be tried at every position of a 30 MB text.
COMPARATOR_BEFORE = re.compile(rf"(?<![{LETTER}])(?P<cmp>{_COMPARATOR_PIECE})\s*$", re.IGNORECASE)
_COMPARATOR_REACH = 20

# A rank goal: the province among the leading ones.
# we want to capture:
#   "thuộc nhóm 10 tỉnh dẫn đầu cả nước"   "nằm trong Top 20 tỉnh, thành phố"
#   "trong tốp 15 địa phương dẫn đầu"
# A country among the leading ones, in the region and in the world:
#   "Việt Nam thuộc nhóm 4 nước dẫn đầu Hiệp hội các quốc gia Đông Nam Á (ASEAN) và nhóm 60
#   nước dẫn đầu thế giới"
RANK_REGEX = r"""
    (?:nhóm|top|tốp)\s+(?P<value>\d{1,3})
    (?=\s+(?:tỉnh|thành\s+phố|địa\s+phương|đơn\s+vị|nước|quốc\s+gia|nền\s+kinh\s+tế)
      |\s*[,;.)]|\s+(?:cả\s+nước|toàn\s+quốc|của\s+cả))
"""
RANK = re.compile(RANK_REGEX, re.VERBOSE | re.IGNORECASE)

# A response time a plan sets: how soon something is done, counted in hours. A time limit
# of a procedure ("Trong thời hạn 24 giờ làm việc", "trong 05 ngày làm việc kể từ ngày
# nhận được hồ sơ") is a rule, and days are mostly such limits, so only hours count.
# we want to capture:
#   "Xử lý các điểm nước tù đọng trong 24-48 giờ sau khi nước rút"
#   "được tiếp cận hỗ trợ trong 24 giờ đầu kể từ khi lực lượng đến được hiện trường"
RESPONSE_TIME_REGEX = rf"""
    (?<![{LETTER}])(?<!hạn\s)trong\s+(?:vòng\s+)?(?:tối\s+đa\s+)?
    (?P<value>\d{{1,3}})(?:\s*[-–]\s*(?P<value_max>\d{{1,3}}))?\s+giờ
    (?![{LETTER}])(?!\s+làm\s+việc)
"""
RESPONSE_TIME = re.compile(RESPONSE_TIME_REGEX, re.VERBOSE | re.IGNORECASE)
# A duty a rule lays on those it governs, after the time: "Trong vòng 24 giờ kể từ khi sự cố
# được khắc phục doanh nghiệp phải gửi dữ liệu".
DUTY_AFTER = re.compile(r"(?<!\w)phải(?!\w)", re.IGNORECASE)

# Where a match can start, in one pass: a figure (QUANTITY) at a digit after no letter,
# digit, point, comma or slash; a rank (RANK) at "nhóm", "top" or "tốp"; a response time
# (RESPONSE_TIME) at "trong"; in any case. The pattern opens with one character class, so
# that ``re`` skips straight to those characters; what follows each tells which it is. A rank
# and a response time need a number after their word (as RANK and RESPONSE_TIME do): the
# many "trong" without one are not handed to Python only to fail there.
HIT_START = re.compile(
    r"""[\dnNtT]
    (?: (?<=\d)(?<![\w.,/]\d)(?P<figure>)
      | (?<=[nN])(?=(?i:hóm)\s+\d)(?P<rank>)
      | (?<=[tT])(?=(?i:[oố]p)\s+\d)(?P<top>)
      | (?<=[tT])(?=(?i:rong\s+(?:vòng\s+)?(?:tối\s+đa\s+)?)\d)(?P<within>)
    )""",
    re.VERBOSE,
)
RESPONSE_UNIT = "giờ"

# A deadline or period: the end year is the target year. "so với năm 2020" and "từ năm"
# name a baseline, "ngày 03 tháng 6 năm 2020" a date: the first branch catches them so they
# are not taken for a deadline.
# we want to capture:
#   "đến năm 2025"   "giai đoạn 2026 - 2030"   "vào năm 2030"   "Năm 2025"
#   "Từ năm 2025 trở đi" (from then on: the goal holds from 2025)
#   "từ tháng 3 đến tháng 10 năm 2026" (a month of a year; "ngày 03 tháng 6 năm 2020" is a
#   date and gives no year)
YEAR_EXPR_REGEX = rf"""
    (?:từ\s+(?:năm\s+)?(?P<onward>{YEAR_NUMBER})\s*(?:,\s*)?trở\s+(?:đi|về\s+sau))
  | (?P<baseline>(?:so\s+với|từ|của)\s+(?:cùng\s+kỳ\s+)?(?:năm\s+)?{YEAR_NUMBER}(?![\d/])
        |ngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}\s*(?:,\s*)?năm\s+{YEAR_NUMBER})
  | tháng\s+\d{{1,2}}\s*(?:,\s*)?năm\s+(?P<month_year>{YEAR_NUMBER})(?![\d/])
  | (?:giai\s+đoạn\s+|thời\s+kỳ\s+)?{YEAR_NUMBER}\s*[-–—]\s*(?P<period_end>{YEAR_NUMBER})(?![\d/])
  | (?:(?:đến|tới|trước|vào|trong|hết|cuối|sau)\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?|năm\s+)
    (?P<year>{YEAR_NUMBER})(?![\d/])
"""
YEAR_EXPR = re.compile(YEAR_EXPR_REGEX, re.VERBOSE | re.IGNORECASE)
# What every YEAR_EXPR holds, found much faster than the pattern itself.
FOUR_DIGIT_YEAR = re.compile(YEAR_NUMBER)
# A year with no word of time before "năm" ("năm 2025", not "đến năm 2025").
BARE_YEAR = re.compile(rf"năm\s+{YEAR_NUMBER}$", re.IGNORECASE)
# The subject of a cited document, from its number on ("số 66/NQ-CP ngày 26/3/2025 của
# Chính phủ về Chương trình ..."), up to a year in it.
# we want to capture (the text before "năm 2025"):
#   "Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ về Chương trình cắt giảm, đơn giản
#   hóa TTHC liên quan đến hoạt động sản xuất, kinh doanh "
CITED_TITLE_BEFORE = re.compile(
    r"(?<![\w])số\s*\d{1,5}[\w/.\-–]*[^;:()]*?\s(?:về|v/v)\s[^;:()]*$", re.IGNORECASE
)
_CITED_REACH = 300

# A line that opens a period and governs what follows it.
# we want to capture:
#   "2.1. Đến năm 2025"   "- Đến năm 2025: Cơ bản hoàn thành chuyển đổi số ..."
#   "* Mục tiêu định hướng đến năm 2030"
#   "2. Phát triển xã hội số đến năm 2030 với các mục tiêu (14 mục tiêu)"
YEAR_HEADING_REGEX = rf"""
    ^(?:[-+*•]\s*|\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}[.)]?\s+|[a-zđ][).]\s+
        |[IVXL]{{1,5}}\s*[.\-–/:]\s*|[A-H][.\-–]\s+)?
    (?P<lead>[^.;:\n]{{0,70}}?)
    (?P<expr>(?:đến|tới|trước|vào|trong|hết|cuối)\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?{YEAR_NUMBER}
        |năm\s+{YEAR_NUMBER}|(?:giai\s+đoạn\s+)?{YEAR_NUMBER}\s*[-–—]\s*{YEAR_NUMBER})
    [^.;:\n]{{0,45}}?
    \s*(?::|$)
"""
ANY_YEAR = re.compile(rf"(?<!\d){YEAR_NUMBER}(?!\d)")
YEAR_HEADING = re.compile(YEAR_HEADING_REGEX, re.VERBOSE | re.IGNORECASE | re.MULTILINE)

# Headings of sections that report the past, not goals.
# we want to capture:
#   "THỰC TRẠNG ỨNG DỤNG CÔNG NGHỆ THÔNG TIN"   "KẾT QUẢ ĐẠT ĐƯỢC"   "TÌNH HÌNH VÀ NGUYÊN NHÂN"
# A conclusion notice or a resolution opens on its assessment ("I. ĐÁNH GIÁ CHUNG",
# "1. Về tình hình kết quả kinh tế - xã hội 10 tháng năm 2025", "I. VỀ KẾT QUẢ ĐẠT ĐƯỢC").
# we want to capture (too):
#   "ĐÁNH GIÁ CHUNG"   "Về tình hình kết quả kinh tế - xã hội 10 tháng năm 2025"
ACHIEVED_SECTION_REGEX = r"""
    ^(?:về\s+)?
    (?:đánh\s+giá\s+chung
      |(?:đánh\s+giá\s+|những\s+|một\s+số\s+)?
       (?:thực\s+trạng|tình\s+hình|hiện\s+trạng|bối\s+cảnh|khó\s+khăn|hạn\s+chế|tồn\s+tại
        |nguyên\s+nhân|ưu\s+điểm|kết\s+quả(?!\s+(?:cần|phải|dự\s+kiến|phấn\s+đấu|mong\s+đợi))))
"""
ACHIEVED_SECTION = re.compile(ACHIEVED_SECTION_REGEX, re.VERBOSE | re.IGNORECASE)

# Headings of sections of requests and of awards: "tỷ lệ không quá 10% tập thể" is a
# quota of awards, "(đảm bảo tỷ lệ phòng học ... đạt 100%)" what a province asks for.
# we want to capture:
#   "KHEN THƯỞNG"   "MỘT SỐ KIẾN NGHỊ CỦA TỈNH"   "ĐỀ XUẤT, KIẾN NGHỊ"
REQUEST_SECTION_REGEX = r"""
    ^(?:về\s+)?(?:một\s+số\s+|các\s+|những\s+)?
    (?:kiến\s+nghị|đề\s+xuất|đề\s+nghị|(?:hình\s+thức\s+|tiêu\s+chuẩn\s+)?khen\s+thưởng)
    (?!\w)
"""
REQUEST_SECTION = re.compile(REQUEST_SECTION_REGEX, re.VERBOSE | re.IGNORECASE)
# The year of a plan for one year, at the end of its title.
# we want to capture:
#   "KẾ HOẠCH QUAN TRẮC ... TRÊN ĐỊA BÀN TỈNH THANH HÓA NĂM 2026"
#   "TRIỂN KHAI CÁC NHIỆM VỤ TRỌNG TÂM CUỐI NĂM 2025"
TITLE_YEAR = re.compile(rf"(?:cuối\s+)?năm\s+{YEAR_NUMBER}", re.IGNORECASE)

# Headings of sections about funding: their sums and shares are a budget, not goals.
# we want to capture:
#   "DỰ TOÁN KINH PHÍ THỰC HIỆN:"   "Kinh phí thực hiện"   "NGUỒN KINH PHÍ"
BUDGET_SECTION_REGEX = r"""
    ^(?:dự\s+toán\s+)?(?:nguồn\s+)?(?:kinh\s+phí|vốn|ngân\s+sách)(?:\s+(?:thực\s+hiện|và|đảm\s+bảo))?
    (?:\W|$)
"""
BUDGET_SECTION = re.compile(BUDGET_SECTION_REGEX, re.VERBOSE | re.IGNORECASE)

# Past-tense cues in a sentence. "đã ban hành" and "đã được phê duyệt" qualify a plan the
# goal refers to ("dữ liệu mở theo kế hoạch đã ban hành"), not a result.
# we want to capture:
#   "100% các sở, ban, ngành ... đã xây dựng mạng nội bộ"
#   "Đến nay, hạ tầng CNTT của tỉnh"   "năm 2020 tỉnh xếp thứ 48/63"
#   "Có 34/34 địa phương hoàn thành" (a tally of who has done it)
# "đạt được mục tiêu" is a purpose, not a result: "Để ... đạt được mục tiêu tăng trưởng kinh
# tế 8% trong năm 2025 của Tỉnh".
ACHIEVED_CUE_REGEX = r"""
    (?<![\w])(?:
        đã(?!\s+(?:được\s+)?(?:ban\s+hành|phê\s+duyệt|đề\s+ra|xác\s+định|quy\s+định|giao|cam\s+kết))
      | đạt\s+được(?!\s+(?:các\s+|những\s+)?(?:mục\s+tiêu|chỉ\s+tiêu))
      | đến\s+nay | hiện\s+nay | hiện\s+có | tính\s+đến | xếp\s+thứ
      | năm\s+qua | thời\s+gian\s+qua | vừa\s+qua
      | có\s+\d+\s*/\s*\d+(?=\s+[^\W\d_])
    )(?![\w])
"""
ACHIEVED_CUE = re.compile(ACHIEVED_CUE_REGEX, re.VERBOSE | re.IGNORECASE)
# Words of resolve that make a figure a goal whatever past words surround it.
# we want to capture:
#   "phấn đấu"   "quyết tâm giải ngân 100% kế hoạch vốn năm 2025 đã được Thủ tướng Chính
#   phủ giao"
FUTURE_CUE = re.compile(r"(?<![\w])(?:phấn\s+đấu|quyết\s+tâm)(?![\w])", re.IGNORECASE)

# How reports of results and baselines are worded (conclusion notices, the opening
# assessment of a resolution): an estimate, a comparison with the same period of last
# year or with the country, progress against the plan, a reporting period of months.
# we want to capture:
#   "Tăng trưởng kinh tế 9 tháng của Tỉnh ước đạt 8,19%"   "tăng 42% so cùng kỳ"
#   "(bình quân cả nước tăng 9,3%)"   "cao hơn so với mức tăng cả nước là 9,2%"
#   "Giải ngân đầu tư công đạt tỷ lệ 66,7% kế hoạch"   "9 tháng năm 2025 tăng 6,9%"
REPORTED_CUE_REGEX = r"""
    (?<![\w])(?:
        ước\s+đạt
      | so\s+(?:với\s+)?cùng\s+kỳ
      | (?:bình\s+quân|mức\s+tăng)\s+(?:của\s+)?cả\s+nước
      | đạt\s+(?:tỷ\s+lệ\s+)?\d[\d.,]*\s*%\s+(?:kế\s+hoạch|dự\s+toán)
      | \d{1,2}\s+tháng\s+(?:đầu\s+)?năm\s+(?:19|20)\d{2}
    )(?![\w])
"""
REPORTED_CUE = re.compile(REPORTED_CUE_REGEX, re.VERBOSE | re.IGNORECASE)
# Words that keep a figure a goal even among the cues of a report.
# we want to capture:
#   "phấn đấu tăng trưởng trên 10%"   "bảo đảm đạt mục tiêu cắt giảm tối thiểu 30%"
GOAL_CUE = re.compile(
    r"(?<![\w])(?:phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu|bảo\s+đảm|đảm\s+bảo|tối\s+thiểu|ít\s+nhất)"
    r"(?![\w])",
    re.IGNORECASE,
)

SENTENCE_END = regexes.SENTENCE_END

# A figure that only says when a rule applies: "Đối với một số ngành ... có tỷ lệ nữ ...
# thấp dưới 30% có thể điều chỉnh mục tiêu".
# we want to capture (the sentence start, then a word after the figure):
#   "Đối với một số ngành, lĩnh vực đặc thù"   "Trường hợp"   "Nếu"
CONDITION_START = re.compile(r"(?:trong\s+)?(?:đối\s+với|trường\s+hợp|nếu)(?!\w)", re.IGNORECASE)
# "Trường hợp ..." and "Nếu ..." are conditions whatever follows. (Both are matched at a
# sentence's start with ``match(text, pos)``, so they carry no "^".)
# "Trong trường hợp ..." too: "Trong trường hợp hệ thống xử lý dữ liệu điện tử gặp sự cố,
# doanh nghiệp ... gửi dữ liệu ... trong vòng 24 giờ".
CONDITION_ALWAYS = re.compile(r"(?:trong\s+)?(?:trường\s+hợp|nếu)(?!\w)", re.IGNORECASE)
CONDITION_THEN = re.compile(r"(?<!\w)(?:thì|có\s+thể|được\s+phép)(?!\w)", re.IGNORECASE)
# The starting value of a change: "giảm từ 23 ca sinh/1.000 phụ nữ xuống 18 ca sinh".
# we want to capture (after the first figure):
#   " xuống 18"   " lên 30%"
CHANGE_TO = re.compile(r"\s+(?:xuống|lên)(?:\s+(?:còn|mức|dưới|trên))?\s+\d", re.IGNORECASE)

# Documents that lay down rules rather than goals: decrees, circulars, laws, regulations,
# catalogues of administrative procedures. Their figures (fines, fees, time limits,
# thresholds of a criterion) are not targets.
# we want to capture (the title word, or the title after it):
#   "NGHỊ ĐỊNH"   "THÔNG TƯ"   "QUY ĐỊNH THỰC HIỆN VÙNG PHÁT THẢI THẤP"
#   "CÔNG BỐ THỦ TỤC HÀNH CHÍNH NỘI BỘ ĐƯỢC SỬA ĐỔI"   "PHÊ DUYỆT QUY TRÌNH NỘI BỘ"
#   "PHÂN CẤP THẨM QUYỀN QUYẾT ĐỊNH ... TÀI SẢN CÔNG"   "BAN HÀNH BẢNG GIÁ TÍNH THUẾ TÀI NGUYÊN"
#   "VỀ ĐỊNH MỨC PHÂN BỔ NGÂN SÁCH"   "VỀ THỰC HIỆN CHẾ ĐỘ ĐỐI VỚI QUÂN NHÂN"
NORMATIVE_WORD = re.compile(
    r"^(?:nghị\s+định|thông\s+tư|thông\s+tư\s+liên\s+tịch|luật|bộ\s+luật|pháp\s+lệnh"
    r"|quy\s+định|quy\s+chế)$",
    re.IGNORECASE,
)
NORMATIVE_TITLE = re.compile(
    r"^\W*(?:về\s+việc\s+|về\s+)?(?:ban\s+hành\s+|thực\s+hiện\s+)?"
    r"(?:quy\s+định|quy\s+chế|công\s+bố|phê\s+duyệt\s+quy\s+trình|bảng\s+giá|giá|chế\s+độ"
    r"|mức\s+(?:thu|chi|hỗ\s+trợ|phí)|phí|lệ\s+phí|phân\s+cấp|(?:ủy|uỷ)\s+quyền|giao\s+quyền"
    r"|định\s+mức|kết\s+quả\s+xác\s+định|sửa\s+đổi,?\s+bổ\s+sung\s+"
    r"(?:một\s+số\s+điều\s+(?:của\s+)?)?quy\s+(?:định|chế))(?!\w)"
    r"|thủ\s+tục\s+hành\s+chính|quy\s+trình\s+nội\s+bộ",
    re.IGNORECASE,
)
# Titles of documents that set goals, whatever their subject says.
# A directive urges, it lays down no rules: "CHỈ THỊ VỀ VIỆC TĂNG CƯỜNG CẢI CÁCH THỦ TỤC
# HÀNH CHÍNH" sets goals ("cắt giảm tối thiểu 30% thời gian thực hiện TTHC").
GOAL_WORD = re.compile(
    r"^(?:kế\s+hoạch|chương\s+trình|đề\s+án|chiến\s+lược|quy\s+hoạch|chỉ\s+thị)",
    re.IGNORECASE,
)
# The kind code of the document's own number, when the layout finds no title line.
# we want to capture:
#   "Số: 58/2025/TT-BCT"   "Số: 120/2025/NĐ-CP"   "Số: 61/2024/QH15"
NORMATIVE_NUMBER = re.compile(r"Số:\s*\d{1,5}/\d{4}/(?:TT|TTLT|NĐ|QH\d*|L)(?:-|\b)", re.IGNORECASE)
# A decision or a resolution numbered with its year is a legal normative text (a decision
# "Số: 123/QĐ-UBND" that adopts a plan carries no year): its figures are rules, whatever its
# title says ("Tỷ lệ phần trăm (%) tính đơn giá thuê đất một năm là từ 0,25% đến 3%").
# we want to capture:
#   "Số: 71/2025/QĐ-UBND"   "Số: 51/2025/NQ-HĐND"   "Số: 10/2025/QĐ-TTg"
LEGAL_NUMBER = re.compile(r"Số:\s*\d{1,5}/\d{4}/(?:QĐ|NQ)-(?!\w*QH)", re.IGNORECASE)
# A figure alone in brackets after a name is a statistic: "Lai Châu (59,42%)".
# we want to capture (the text around the figure):
#   "Hồ Chí Minh (87,73%)"   "(đạt 62,8%)"   "(chiếm 52,3%)"
PAREN_BEFORE = re.compile(r"\((?:\s*(?:đạt|chiếm|bằng|tương\s+ứng))?\s*$", re.IGNORECASE)
PAREN_AFTER = re.compile(r"\s*\)")
# A decimal printed with a stray space, in brackets: "Quảng Trị (80, 68%)" is 80,68%.
# we want to capture (the text before "68%"):
#   "(80, "
BROKEN_DECIMAL = re.compile(r"\(\s*\d{1,3},\s+$")
# A number that names a year or a stage rather than counts: "bàn giao trong năm 2025 dự
# án", "khởi công giai đoạn 2 dự án".
# we want to capture (the text before the figure):
#   "trong năm "   "giai đoạn "
LABEL_BEFORE = re.compile(r"(?<![\w])(?:năm|giai\s+đoạn)\s+$", re.IGNORECASE)
# A rate a rule sets, in letters that answer a question of law: "mức thuế suất 10%",
# "với mức lãi suất 0%".
# we want to capture (the text before the figure):
#   "áp dụng mức thuế suất "   "với mức lãi suất "   "thuế suất là "
RULE_RATE_BEFORE = re.compile(
    r"(?<![\w])(?:thuế\s+suất|lãi\s+suất)(?:\s+[^\s\d]+){0,6}?\s+$", re.IGNORECASE
)
# A grid of criteria for an emulation movement or a rating: a column of scores in its
# header. Its figures are thresholds of a criterion, not goals.
# we want to capture (header cells):
#   "ĐIỂM CHUẨN"   "HƯỚNG DẪN CHẤM ĐIỂM"   "Mức điểm theo yêu cầu"   "Điểm tự chấm"
SCORE_HEADER = re.compile(
    r"(?<!\w)(?:điểm\s+(?:chuẩn|tối\s+đa|tự\s+chấm|đánh\s+giá)|mức\s+điểm|thang\s+điểm"
    r"|chấm\s+điểm)(?!\w)",
    re.IGNORECASE,
)
# A sentence that scores: "Từ 88 - 90% cộng 02 điểm", "Tổng số điểm tối đa ... là 100
# điểm", "cho điểm lẻ đến 0,5 điểm" ("Số điểm quan trắc: 08 điểm" counts places).
# we want to capture:
#   "cộng 02 điểm"   "được cộng trực tiếp 05 điểm"   "điểm tối đa"   "cho điểm"
SCORE_CUE = re.compile(
    r"(?<!\w)(?:(?:cộng|trừ)\s+(?:trực\s+tiếp\s+)?\d[\d.,]*\s+điểm|(?:cho|chấm|cộng|trừ)\s+điểm"
    r"|điểm\s+tối\s+đa|tối\s+đa\s+\d[\d.,]*\s+điểm)(?!\w)",
    re.IGNORECASE,
)
# A clause that opens on a minimum sets a goal, whatever it says of people after the
# figure.
# we want to capture:
#   "(2) Ít nhất 85%"   "đạt tối thiểu 90%"
MINIMUM_CUE = re.compile(
    r"(?<!\w)(?:tối\s+thiểu|ít\s+nhất|không\s+dưới|không\s+thấp\s+hơn|phấn\s+đấu)(?!\w)",
    re.IGNORECASE,
)
# A span of time counted from now: the goal has no year of its own.
# we want to capture:
#   "trong 05 năm tiếp theo"   "trong 5 năm tới"
RELATIVE_PERIOD = re.compile(
    r"(?<!\w)trong\s+\d{1,2}\s+năm\s+(?:tiếp\s+theo|tới|sắp\s+tới)(?!\w)", re.IGNORECASE
)
# A share in a list of goods is the strength of a product, not a goal.
# we want to capture (the text before the figure):
#   "cấp hóa chất Cloramin B, Chlorine "
CONCENTRATION_BEFORE = re.compile(
    r"(?<!\w)(?:(?:hóa|hoá)\s+chất|dung\s+dịch|chế\s+phẩm|nồng\s+độ)(?!\w)", re.IGNORECASE
)
_CONCENTRATION_REACH = 60
# An article of law quoted word for word: a rule, not a goal.
# we want to capture:
#   "quy định:\n\n“"   "“Điều 26. Đơn giá thuê đất"
QUOTED_RULE_OPEN = re.compile(r"quy\s+định\s*:\s*“|“(?=\s*(?:Điều|Khoản)\s+\d)", re.IGNORECASE)
_QUOTED_RULE_REACH = 4000
# Where the parts of a figure begin: "08 điểm, trong đó: 06 điểm".
# we want to capture (right after the whole):
#   ", trong đó: "
BREAKDOWN_AFTER = re.compile(r",\s*trong\s+đó\s*:", re.IGNORECASE)
_BREAKDOWN_REACH = 300
# A footnote: "[5] Tỷ lệ TTHC ... là 69,87%".
FOOTNOTE = re.compile(r"\s*\[\d{1,3}\]")

# A short line inside a one-cell-per-line table is a cell of figures, read as a table.
_SHORT_CELL = 100

# Where a clause ends inside a sentence, and where two figures of one clause part.
# we want to capture:
#   "chia sẻ; mở dữ liệu"   "Phát triển kinh tế số: Phần đầu"   "ở cấp tỉnh, 80% ở cấp"
CLAUSE_END = re.compile(r"[;:]")
CLAUSE_SPLIT = re.compile(r",\s+|\s+và\s+|\s+-\s+")

# Words between the indicator and its figure, dropped from the indicator.
# we want to capture:
#   "Tỷ lệ hộ gia đình có truy cập Internet đạt"   "Kinh tế số chiếm"   "Phấn đấu"
INDICATOR_TAIL = re.compile(
    r"(?:\s+(?:đạt|chiếm|là|tăng|giảm|có|ở\s+mức|bình\s+quân|phấn\s+đấu|tỷ\s+lệ|trên\s+tổng|"
    r"được|mức|đạt\s+tỷ\s+lệ|ước|dự\s+kiến))+\s*$",
    re.IGNORECASE,
)
INDICATOR_HEAD = re.compile(
    r"^(?:(?:phấn\s+đấu|phần\s+đầu|có|đạt|bảo\s+đảm|đảm\s+bảo|hoàn\s+thành|trong\s+đó|"
    r"(?:đến|tới)\s+(?:hết\s+|cuối\s+)?năm\s+\d{4}|năm\s+\d{4})[\s,]+)+",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------
# Indicator tables
# ---------------------------------------------------------------------------------------

# The separator row under a table's header: "|---|:---:|---|".
TABLE_RULE = re.compile(r"^[\s|:\-–—=+]*$")

# we want to capture (header cells):
#   "Chỉ tiêu"   "Đơn vị tính"   "ĐVT"   "Cơ quan theo dõi"   "Mục tiêu đến năm 2025"
MONITOR_HEADER = re.compile(
    r"cơ\s+quan|theo\s+dõi|chủ\s+trì|phụ\s+trách|đầu\s+mối|đơn\s+vị\s+(?:thực\s+hiện|giám\s+sát)",
    re.IGNORECASE,
)
UNIT_HEADER = re.compile(r"^(?:đơn\s+vị(?:\s+tính)?|đvt|đv\s+tính)\b", re.IGNORECASE)
INDICATOR_HEADER = re.compile(r"chỉ\s+tiêu|chỉ\s+số|nội\s+dung|tiêu\s+chí", re.IGNORECASE)
# A header of goals without a year of its own ("Mục tiêu", "Kết quả", or "Năm" over a row
# of years); "Số đợt quan trắc/năm" is not one.
# we want to capture:
#   "Mục tiêu"   "Kế hoạch"   "Kết quả"   "Năm"   "Giai đoạn"
GOAL_HEADER = re.compile(
    r"mục\s+tiêu|kế\s+hoạch|phấn\s+đấu|kết\s+quả|^\s*(?:năm|giai\s+đoạn)(?!\w)", re.IGNORECASE
)
# Columns of what was done before the plan: "Thực hiện năm 2024", "Ước thực hiện 2025"
# (printed "ƯTH Năm 2025" or "TH 2024"), "Hiện trạng", "Kết quả đạt được".
# we want to capture:
#   "ƯTH Năm 2025"   "Thực hiện năm 2020"   "Hiện trạng năm 2024"   "Ghi chú"
BASELINE_HEADER = re.compile(
    r"thực\s+hiện|hiện\s+trạng|hiện\s+nay|cơ\s+sở|năm\s+gốc|đạt\s+được|ghi\s+chú|stt"
    r"|(?<!\w)(?:ước|ưth|uth|th)(?!\w)|^tt$",
    re.IGNORECASE,
)
# Words that make a column a plan even when a baseline word is in it ("Kế hoạch thực
# hiện năm 2026").
PLAN_HEADER = re.compile(r"kế\s+hoạch|mục\s+tiêu|phấn\s+đấu|dự\s+kiến|định\s+hướng", re.IGNORECASE)

# A cell of a goal column.
# we want to capture:
#   "≥ 30"   "80 - 90"   "Trên 50%"   "10.000"   "Top 10"
CELL_VALUE_REGEX = rf"""
    ^\s*(?:(?P<cmp>{_COMPARATOR_PIECE})\s*)?
    (?P<rank>(?:top|tốp|nhóm)\s+)?
    (?P<value>{NUMBER})
    (?:\s*%?\s*(?:[-–—]|đến)\s*(?P<value_max>{NUMBER}))?
    \s*(?P<unit>%\s*/\s*năm|%)?
    (?P<suffix>\s+trở\s+(?:lên|xuống))?
    \s*$
"""
CELL_VALUE = re.compile(CELL_VALUE_REGEX, re.VERBOSE | re.IGNORECASE)
# A goal cell that gives one figure per scope: "≤ 3 Đông Nam Á; ≤ 50 Thế giới".
# we want to capture (each part):
#   "≤ 3 Đông Nam Á"   "≤ 50 Thế giới"   "Top 10 cả nước"
CELL_PARTS = re.compile(r"\s*;\s*")
SCOPED_VALUE_REGEX = rf"""
    ^\s*(?:(?P<cmp>{_COMPARATOR_PIECE})\s*)?
    (?P<rank>(?:top|tốp|nhóm)\s+)?
    (?P<value>{NUMBER})
    (?:\s*%?\s*(?:[-–—]|đến)\s*(?P<value_max>{NUMBER}))?
    \s*(?P<unit>%\s*/\s*năm|%)?
    (?P<suffix>\s+trở\s+(?:lên|xuống))?
    \s+(?P<scope>[^\W\d_][^\d;]{{0,40}})$
"""
SCOPED_VALUE = re.compile(SCOPED_VALUE_REGEX, re.VERBOSE | re.IGNORECASE)
# A row under a group row: "- | Diện tích | Ha | ..." under "1 | Cà phê".
ROW_BULLET = re.compile(r"^[-+•*]$")
# A section row of an indicator table that dates the rows under it.
# we want to capture:
#   "Giai đoạn 2025-2027"   "Năm 2026"   "Đến năm 2030"
SECTION_PERIOD = re.compile(
    rf"^(?:giai\s+đoạn\s+{YEAR_NUMBER}\s*[-–—]\s*(?P<end>{YEAR_NUMBER})"
    rf"|(?:(?:đến|tới)\s+)?năm\s+(?P<year>{YEAR_NUMBER}))\s*:?$",
    re.IGNORECASE,
)
# The period a plan's title names; a table column of an earlier year is its baseline.
# we want to capture:
#   "KẾ HOẠCH XUẤT KHẨU ... GIAI ĐOẠN 2026 - 2030"   "giai đoạn 2026-2030"
TITLE_PERIOD = re.compile(rf"(?<!\d)(?P<start>{YEAR_NUMBER})\s*[-–—]\s*{YEAR_NUMBER}(?!\d)")

# we want to capture:
#   "Số lao động công nghệ thông tin (người)"   "Tỷ lệ hộ có cáp quang (%)"
UNIT_IN_INDICATOR = re.compile(r"\((?P<unit>[^()]{1,25})\)\s*$")

# we want to capture (header cells with a year):
#   "Năm 2025"   "Mục tiêu đến năm 2030"   "Giai đoạn 2026-2030"
HEADER_YEAR = re.compile(rf"(?<!\d)({YEAR_NUMBER})(?!\d)")
STT_HEADER = re.compile(r"^(?:stt|tt|số\s+tt|số\s+thứ\s+tự)?$", re.IGNORECASE)
# An indicator that is a share has "%" for its unit when the table does not say.
RATE_INDICATOR = re.compile(r"^(?:tỷ|tỉ)\s+(?:lệ|trọng)", re.IGNORECASE)

# A sum of money in a sentence about funding is a budget, not a goal.
# we want to capture:
#   "Tổng kinh phí dự kiến 120 tỷ đồng"   "dự toán ngân sách 5 tỷ đồng"
#   "định mức 150.000 đồng/người/ngày"
#   "Về đề nghị hỗ trợ khoảng 200 tỷ đồng" (a request, not a goal)
BUDGET_CUE = re.compile(
    r"(?<!\w)(?:kinh\s+phí|dự\s+toán|tổng\s+mức\s+đầu\s+tư|nguồn\s+vốn|định\s+mức|đơn\s+giá"
    r"|mức\s+(?:chi|thu|phí)|kiến\s+nghị|đề\s+nghị)(?!\w)",
    re.IGNORECASE,
)
# A share of the funds: "khoản 10% kinh phí thực hiện quan trắc thường xuyên".
# we want to capture (right after the figure):
#   " kinh phí"   " tổng quỹ tiền lương"   " dự toán"
FUNDS_AFTER = re.compile(
    r"\s+(?:(?:tổng\s+)?(?:kinh\s+phí|dự\s+toán|quỹ\s+tiền\s+lương|nguồn\s+vốn))(?!\w)",
    re.IGNORECASE,
)

RANK_UNIT = "hạng"
_MAX_EVIDENCE = 300


# ---------------------------------------------------------------------------------------
# Small parsers
# ---------------------------------------------------------------------------------------


def parse_number(raw: str) -> float:
    """``7,5`` -> 7.5, ``10.000`` -> 10000, ``7.5`` -> 7.5 (a dot before 1-2 digits)."""
    if "," in raw:
        return float(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return float(raw.replace(".", ""))
    return float(raw)


def _comparator(word: str | None, suffix: str | None, ranged: bool) -> Comparator:
    if ranged:
        return Comparator.RANGE
    if suffix:
        return Comparator.GE if "lên" in suffix.casefold() else Comparator.LE
    if not word:
        return Comparator.EQ
    m = COMPARATOR_WORD.match(" ".join(word.split()))
    if m is None or m.lastgroup is None:
        return Comparator.EQ
    return Comparator(m.lastgroup)


def _unit(m: re.Match[str]) -> str:
    if m.group("per_year"):
        return "%/năm"
    if m.group("percent"):
        return "%"
    for name in ("rate", "money"):
        if m.group(name):
            return re.sub(r"\s*/\s*", "/", " ".join(m.group(name).split()))
    scale = m.group("scale")
    noun = " ".join(m.group("count").split())
    return f"{scale} {noun}" if scale else noun


def _year_of(expr: re.Match[str]) -> int | None:
    if expr.group("baseline"):
        return None
    raw = (
        expr.group("onward")
        or expr.group("period_end")
        or expr.group("year")
        or expr.group("month_year")
    )
    return int(raw) if raw else None


# ---------------------------------------------------------------------------------------
# Document-wide indexes, each built in one pass
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Period:
    """A heading year and the outline subtree it governs, from ``start`` on."""

    year: int
    start: int
    scope: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Index:
    """What every figure of one document is checked against."""

    periods: tuple[_Period, ...]
    period_starts: tuple[int, ...]
    excluded: frozenset[tuple[str, ...]]  # sections of funding, of requests, of awards
    issued: int | None  # the year of the document's own date
    title_year: int | None = None  # the one year of a plan for a year ("... NĂM 2026")
    reported: frozenset[tuple[str, ...]] = frozenset()  # sections of results achieved

    def is_past(self, year: int | None) -> bool:
        """A figure dated before the document was issued is a baseline, not a goal."""
        return year is not None and self.issued is not None and year < self.issued

    def heading_year(self, offset: int, path: tuple[str, ...]) -> int | None:
        """The latest period heading before ``offset`` whose subtree holds ``path``."""
        for k in range(bisect_right(self.period_starts, offset) - 1, -1, -1):
            p = self.periods[k]
            if path[: len(p.scope)] == p.scope:
                return p.year
        return None

    def is_excluded(self, path: tuple[str, ...], reported: bool = True) -> bool:
        """Whether ``path`` is in a section whose figures are no goals (``reported``: also
        the sections that report results)."""
        return any(
            path[:k] in self.excluded or (reported and path[:k] in self.reported)
            for k in range(1, len(path) + 1)
        )

    def is_committed(self, year: int | None) -> bool:
        """A figure for a year after the document's own is planned, not achieved."""
        return year is not None and self.issued is not None and year > self.issued


def _strip_bullets(path: tuple[str, ...]) -> tuple[str, ...]:
    while path and path[-1][:1] in "-+":
        path = path[:-1]
    return path


def _index(ctx: DocContext) -> _Index:
    item_starts = {it.start for it in ctx.layout.items}
    body_start = ctx.layout.body[0]
    periods = []
    for line in ctx.layout.lines:
        # The title ("... đến năm 2025, định hướng đến năm 2030") names the plan's horizon,
        # not the year of each figure.
        if not line.text or line.start < body_start:
            continue
        if not FOUR_DIGIT_YEAR.search(line.text, 0, 160) or not ANY_YEAR.search(line.text, 0, 160):
            continue  # most lines: skip the heading pattern's lazy scan
        m = YEAR_HEADING.match(line.text)
        expr = YEAR_EXPR.search(m.group("expr")) if m else None
        year = _year_of(expr) if expr else None
        # "(Kèm theo Kế hoạch số 179/KH-UBND ngày 18 tháng 11 năm 2025)": the year of a
        # date is no period.
        if m and any(
            dm.group("baseline") and dm.start() <= m.start("expr") < dm.end()
            for dm in YEAR_EXPR.finditer(line.text)
        ):
            year = None
        if year is None:
            continue
        path = ctx.layout.path_at(line.start)
        # An item whose title is the period governs its own subtree; a plain line among
        # bullets ("* Mục tiêu định hướng đến năm 2030") governs the item around them.
        # So does a bullet that is nothing but a period ("- Mục tiêu đến năm 2030"): it
        # heads the bullets that follow it.
        heading_only = not line.text[m.end() :].strip() if m else False
        own = line.start in item_starts and not (heading_only and path[-1][:1] in "-+")
        scope = path if own else _strip_bullets(path)
        periods.append(_Period(year, line.start, scope))
    titles = [
        (path, title)
        for path, title in ctx.layout.item_titles().items()
        if path and path[-1][:1] not in "-+" and len(title) <= 120
    ]
    excluded = frozenset(
        path
        for path, title in titles
        if BUDGET_SECTION.match(title) or REQUEST_SECTION.match(title)
    )
    reported = frozenset(path for path, title in titles if ACHIEVED_SECTION.match(title))
    head = ctx.text[: max(ctx.layout.body[0], 3000)]
    dated = PLACE_DATE.search(head)
    issued = int(dated.group("y") or dated.group("y2")) if dated else None
    return _Index(
        tuple(periods),
        tuple(p.start for p in periods),
        excluded,
        issued,
        _title_year(ctx),
        reported,
    )


def _title_year(ctx: DocContext) -> int | None:
    """The year of a plan for one year: "KẾ HOẠCH QUAN TRẮC ... NĂM 2026"; not a horizon
    ("đến năm 2030"), a period or the date of a document the title names."""
    if ctx.layout.title is None:
        return None
    start, end = ctx.layout.title
    exprs = []
    years = set()
    for m in YEAR_EXPR.finditer(ctx.text, start, end):
        if year := _year_of(m):
            exprs.append(m)
            years.add(year)
            if len(years) > 1:
                return None  # (without reading on: a file without line breaks is all title)
    if len(years) != 1:
        return None
    return next((_year_of(m) for m in exprs if TITLE_YEAR.fullmatch(m.group())), None)


# A figure's sentence is looked for this far around it at most, so that a file without
# line breaks is not scanned from its start for each figure.
_WINDOW = 2000
# A year that follows its figure is this close to it ("đạt 20% GRDP vào năm 2025").
_YEAR_REACH = 40


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``[start, end)``."""
    lo = max(text.rfind("\n", max(0, start - _WINDOW), start), start - _WINDOW, 0)
    s = lo
    # The look-ahead of a full stop must see the first letter of the figure's sentence.
    for m in SENTENCE_END.finditer(text, lo, start + 1):
        if m.end() <= start:
            s = m.end()
    e_match = SENTENCE_END.search(text, end, min(len(text), end + _WINDOW))
    e = e_match.start() if e_match else min(len(text), end + _WINDOW)
    while s < e and text[s].isspace():
        s += 1
    return s, e


def _clause(text: str, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    s = sent[0]
    for m in CLAUSE_END.finditer(text, sent[0], start):
        s = m.end()
    e_match = CLAUSE_END.search(text, end, sent[1])
    e = e_match.start() if e_match else sent[1]
    while s < e and (text[s].isspace() or text[s] in "-+*•"):  # a bullet is not quoted
        s += 1
    return s, e


# ---------------------------------------------------------------------------------------
# Prose
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    comparator: Comparator
    money: bool = False


def _matches_at(
    pattern: re.Pattern[str], starts: Iterable[int], text: str, end: int
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)`` for a pattern whose every match begins at one
    of ``starts`` (in order, from ``start`` on): it is only tried there, several times faster
    than ``re`` trying a case-insensitive pattern, or one that opens with a look-behind, at
    every position."""
    after = 0
    for pos in starts:
        if pos >= after and (m := pattern.match(text, pos, end)):
            after = m.end()
            yield m


# HIT_START's figure on its own: a pattern that opens with a class is tried only at those
# characters (the digits), one that opens with a look-behind at every position.
_FIGURE_START = re.compile(r"\d(?<![\w.,/]\d)")


def _hit_starts(text: str, start: int, end: int) -> dict[str | None, list[int]]:
    """Where a figure, a rank and a response time can start: what HIT_START finds.

    Found from the figures, several times faster: HIT_START tries its branches at every "n"
    and "t" of the text, and a rank or a response time is the words before a number ("nhóm
    3", "trong vòng 24 giờ"), read back from the number.
    """
    found: dict[str | None, list[int]] = {"figure": [], "rank": [], "within": []}
    for m in _FIGURE_START.finditer(text, start, end):
        p = m.start()
        found["figure"].append(p)
        q = p
        while q > start and text[q - 1].isspace():  # (_space_before, without the call)
            q -= 1
        # After white space, and the last letter of "nhóm", "top", "trong", "vòng" or "đa".
        if q in (p, start) or text[q - 1] not in _LAST_LETTERS:
            continue
        counted = _counted_before(text, start, q)
        if counted is None:  # letters that only the pattern compares rightly
            return _pattern_hit_starts(text, start, end)
        kind, at = counted
        if kind is not None:
            found[kind].append(at)
    return found


_LAST_LETTERS = frozenset("mMpPaAgG")


def _pattern_hit_starts(text: str, start: int, end: int) -> dict[str | None, list[int]]:
    found: dict[str | None, list[int]] = {"figure": [], "rank": [], "within": []}
    for m in HIT_START.finditer(text, start, end):
        found["rank" if m.lastgroup == "top" else m.lastgroup].append(m.start())
    return found


def _space_before(text: str, start: int, q: int) -> int:
    """Where the run of white space that ends at ``q`` starts (not before ``start``)."""
    while q > start and text[q - 1].isspace():
        q -= 1
    return q


def _ends_with(text: str, start: int, q: int, word: str) -> bool | None:
    """Whether ``word`` ends at ``q``, in any case (as IGNORECASE compares it); ``None``
    where the letters cannot be compared in lower case (see ``lower_for``)."""
    a = q - len(word)
    if a < start:
        return False
    low = lower_for(text[a:q])
    return None if low is None else low == word


def _counted_before(text: str, start: int, q: int) -> tuple[str | None, int] | None:
    """A rank ("nhóm", "top", "tốp") or a response time ("trong", "trong vòng", "trong tối
    đa") that ends at ``q``, before the white space before a number: its kind and where
    it starts; ``None`` where the letters cannot be compared in lower case."""
    for word in ("nhóm", "top", "tốp"):
        if (hit := _ends_with(text, start, q, word)) is None:
            return None
        if hit:
            return "rank", q - len(word)
    # "trong" [ "vòng"] [ "tối đa"] before the number, read back from it; an optional word
    # that is there must have white space before it, and so on back to "trong".
    for words in (("tối", "đa"), ("vòng",)):
        if (hit := _ends_with(text, start, q, words[-1])) is None:
            return None
        for k, word in enumerate(reversed(words)):
            if k and (hit := _ends_with(text, start, q, word)) is None:
                return None
            if not hit:
                if k:
                    return None, 0  # "đa" without "tối": no pattern reads it
                break
            before = _space_before(text, start, q - len(word))
            if before == q - len(word):
                return None, 0  # a word glued to the one before it
            q = before
    if (hit := _ends_with(text, start, q, "trong")) is None:
        return None
    return ("within", q - 5) if hit else (None, 0)


def _quantity_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``QUANTITY.finditer(text, start, end)``."""
    return _matches_at(QUANTITY, _hit_starts(text, start, end)["figure"], text, end)


def _year_exprs(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``YEAR_EXPR.finditer(text, start, end)``; a stretch without a year has none."""
    if FOUR_DIGIT_YEAR.search(text, start, end) is None:
        return iter(())
    return YEAR_EXPR.finditer(text, start, end)


def _quantities(text: str, start: int, end: int) -> Iterator[_Hit]:
    spans: list[tuple[int, int]] = []
    starts = _hit_starts(text, start, end)
    for m in _matches_at(QUANTITY, starts["figure"], text, end):
        value = parse_number(m.group("value"))
        high = parse_number(m.group("value_max")) if m.group("value_max") else None
        if high is not None and high <= value:
            continue
        unit = _unit(m)
        if unit.startswith("%") and value > 1000:
            continue  # a year before a percent sign ("2025 100%") is not a share
        spans.append((m.start(), m.end()))
        before = COMPARATOR_BEFORE.search(text, max(0, m.start() - _COMPARATOR_REACH), m.start())
        yield _Hit(
            before.start() if before else m.start(),
            m.end(),
            value,
            high,
            unit,
            _comparator(before and before.group("cmp"), m.group("suffix"), high is not None),
            money=bool(m.group("money")),
        )
    for m in _matches_at(RANK, starts["rank"], text, end):
        k = bisect_right(spans, (m.start(), end)) - 1  # the figures are in order, apart
        if k < 0 or not spans[k][0] <= m.start() < spans[k][1]:
            yield _Hit(m.start(), m.end(), float(m.group("value")), None, RANK_UNIT, Comparator.LE)
    for m in _matches_at(RESPONSE_TIME, starts["within"], text, end):
        value = float(m.group("value"))
        high = float(m.group("value_max")) if m.group("value_max") else None
        if high is not None and high <= value:
            continue
        ranged = high is not None
        yield _Hit(
            m.start(),
            m.end(),
            value,
            high,
            RESPONSE_UNIT,
            Comparator.RANGE if ranged else Comparator.LE,
        )


def _in_cited_title(text: str, m: re.Match[str], lo: int) -> bool:
    """Whether a bare year is part of the name of a document the sentence cites ("theo
    Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ về Chương trình cắt giảm, đơn giản
    hóa TTHC liên quan đến hoạt động sản xuất, kinh doanh năm 2025 và 2026, đảm bảo cắt
    giảm tối thiểu 30%"): it dates that document's subject, not the figure."""
    if not BARE_YEAR.match(m.group()):
        return False
    return bool(CITED_TITLE_BEFORE.search(text, max(lo, m.start() - _CITED_REACH), m.start()))


def _sentence_year(
    text: str,
    sent: tuple[int, int],
    clause: tuple[int, int],
    hit: _Hit,
    piece: tuple[int, int] | None = None,
) -> int | None:
    """A year stated right after the figure, else the last one before it, else any."""
    for m in _year_exprs(text, hit.end, min(clause[1], hit.end + _YEAR_REACH)):
        gap = text[hit.end : m.start()]
        # "80% vào năm 2030" but not "100% thủ tục ... (năm 2020 đạt 45%)"
        if "(" in gap or CLAUSE_SPLIT.search(gap):
            break
        if (year := _year_of(m)) is not None:
            return year
    # The figure's own clause first: "nhóm 4 nước ... vào năm 2028; thuộc nhóm 3 nước ...
    # vào năm 2030" gives 3 the year 2030, not the 2028 of the clause before it.
    # So does the figure's own part of a clause of several: "bổ sung 25.000 tỷ đồng từ nguồn
    # tăng thu năm 2025 và bảo đảm mức tối thiểu 3% ... trong năm 2026".
    for lo, hi in (piece or clause, clause, sent):
        before = [
            y
            for m in _year_exprs(text, lo, hit.start)
            if (y := _year_of(m)) and not _in_cited_title(text, m, sent[0])
        ]
        if before:
            return before[-1]
        after = (y for m in _year_exprs(text, hit.end, hi) if (y := _year_of(m)))
        if (year := next(after, None)) is not None:
            return year
    return None


def _indicator(text: str, piece: tuple[int, int], hit: _Hit) -> str:
    """A short name of what is measured: the words before the figure, else those after it."""
    before = text[piece[0] : hit.start]
    if ":" in before:
        before = before.rsplit(":", 1)[1]
    before = INDICATOR_TAIL.sub("", before.strip(" ,;:-")).strip()
    before = INDICATOR_HEAD.sub("", before).strip()
    if len(before.split()) >= 2:
        name = before
    else:
        after = text[hit.end : piece[1]].strip(" ,;:.")
        after = re.split(r"\s+(?:được|đạt|có|trên\s+tổng)\s+", after, maxsplit=1)[0]
        if hit.unit == "%" and after:
            name = f"tỷ lệ {after}"
        elif after and not hit.unit.startswith("%") and "/" not in hit.unit:
            name = f"số {hit.unit} {after}"  # "500 doanh nghiệp công nghệ số"
        else:
            name = after or before
    name = " ".join(name.split())
    # Lower-case a sentence-initial capital ("Tỷ lệ"), keep acronyms ("GRDP", "CNTT").
    return name[:1].lower() + name[1:] if name[:2].istitle() else name


def _piece(text: str, clause: tuple[int, int], hits: list[_Hit], i: int) -> tuple[int, int]:
    """The part of a clause that belongs to hit ``i`` when the clause holds several figures."""
    hit = hits[i]
    lo, hi = clause
    if i > 0 and hits[i - 1].end > lo:
        prev_end = hits[i - 1].end
        splits = list(CLAUSE_SPLIT.finditer(text, prev_end, hit.start))
        lo = splits[-1].end() if splits else prev_end
    if i + 1 < len(hits) and hits[i + 1].start < hi:
        split = CLAUSE_SPLIT.search(text, hit.end, hits[i + 1].start)
        hi = split.start() if split else hits[i + 1].start
    return lo, hi


def _in_table_row(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return text[line_start:offset].lstrip().startswith("|")


def _in_cell(ctx: DocContext, tables: list[tuple[int, int]], hit: _Hit) -> bool:
    """Whether a figure is a cell of a table of figures (or a sum of money in any cell)."""
    k = bisect_right(tables, (hit.start, len(ctx.text))) - 1
    if k < 0 or hit.start > tables[k][1]:
        return False
    return hit.money or len(ctx.layout.line_at(hit.start).text) <= _SHORT_CELL


def _is_scoring(rows: list[Row]) -> bool:
    """Whether a cell table is a grid of criteria with a column of scores."""
    header, _ = split_header(rows)
    return any(SCORE_HEADER.search(cell) for row in header for cell in row.cells)


def _in_span(spans: list[tuple[int, int]], offset: int) -> bool:
    k = bisect_right(spans, (offset, offset)) - 1
    return k >= 0 and spans[k][0] <= offset <= spans[k][1]


def _is_weak_count(hit: _Hit) -> bool:
    return any(part.strip() in WEAK_COUNT for part in hit.unit.split(","))


def _in_quotes(text: str, hit: _Hit) -> bool:
    """Whether a figure is part of a quoted name ("“500 ngày đêm thi đua hoàn thành 3.000 km
    đường bộ cao tốc”")."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    before = text[line_start : hit.start]
    return before.count("“") > before.count("”")


def _in_quoted_rule(text: str, hit: _Hit) -> bool:
    """Whether a figure is inside an article of law that the text quotes ("... của Chính
    phủ, quy định: “Điều 5. ... vay, cho vay ít nhất 10% vốn góp của chủ sở hữu ..."):
    the quote is still open at the figure (inner quotes are closed)."""
    lo = max(0, hit.start - _QUOTED_RULE_REACH)
    if text.find("“", lo, hit.start) < 0:
        return False  # no quote, no quoted rule: the pattern need not run
    opens = list(QUOTED_RULE_OPEN.finditer(text, lo, hit.start))
    if not opens:
        return False
    opened = opens[-1]
    quoted = text[opened.end() - 1 : hit.start]
    return quoted.count("“") > quoted.count("”")


def _is_breakdown(text: str, sent: tuple[int, int], hits: list[_Hit], i: int) -> bool:
    """Whether a figure splits up the one before it: "58 trạm (Trong đó: VNPT: 25 trạm,
    Viettel: 33 trạm)", "08 điểm, trong đó: 06 điểm vùng nước cấp".

    A bracket may run over a line break the layout left in it, so it is looked for across
    lines, but not across a blank line.
    """
    hit = hits[i]
    lo = max(0, hit.start - _BREAKDOWN_REACH)
    blank = text.rfind("\n\n", lo, hit.start)
    lo = blank + 2 if blank >= 0 else lo
    opened = text.rfind("(", lo, hit.start)
    if opened >= 0 and text.find(")", opened, hit.start) < 0:
        head = opened
    elif parts := list(BREAKDOWN_AFTER.finditer(text, sent[0], hit.start)):
        head = parts[-1].start()
    else:
        return False
    # The whole is a figure of the same unit just before the bracket or "trong đó".
    return any(h.unit == hit.unit and 0 <= head - h.end <= 3 for h in hits[max(0, i - 8) : i])


def _is_condition(text: str, sent: tuple[int, int], hit: _Hit) -> bool:
    if CONDITION_ALWAYS.match(text, sent[0]):
        return True
    return bool(
        CONDITION_START.match(text, sent[0]) and CONDITION_THEN.search(text, hit.end, sent[1])
    )


def _paragraph_year(text: str, sent: tuple[int, int]) -> int | None:
    """A year stated earlier in the figure's paragraph ("... đến năm 2030 ... Trong đó: ...")."""
    line_start = text.rfind("\n", max(0, sent[0] - _WINDOW), sent[0]) + 1
    years = [y for m in _year_exprs(text, line_start, sent[0]) if (y := _year_of(m))]
    return years[-1] if years else None


def _prose_hits(ctx: DocContext) -> tuple[list[tuple[int, int]], list[_Hit]]:
    """The spans of the document's tables, and the figures of its prose in text order:
    after the title, outside table rows and cells, and outside scoring tables."""
    text = ctx.text
    start = ctx.layout.title[1] if ctx.layout.title else ctx.layout.head[1]
    grids = cell_tables(ctx.layout.lines)
    tables = sorted((t[0].start, t[-1].end) for t in grids)
    scoring = [(t[0].start, t[-1].end) for t in grids if _is_scoring(t)]
    hits = [
        h
        for h in _quantities(text, start, len(text))
        if not _in_table_row(text, h.start)
        and not _in_cell(ctx, tables, h)
        and not any(lo <= h.start < hi for lo, hi in scoring)
    ]
    hits.sort(key=lambda h: h.start)
    return tables, hits


def _is_part_of_other_words(text: str, hit: _Hit) -> bool:
    """Whether the words right around a figure make it something else: the value a change
    starts from ("từ 10% lên 20%"), a bracketed number, a label, a broken decimal."""
    if text[hit.start : hit.start + 3].casefold().startswith("từ") and CHANGE_TO.match(
        text, hit.end
    ):
        return True
    if PAREN_BEFORE.search(text, max(0, hit.start - 12), hit.start) and PAREN_AFTER.match(
        text, hit.end
    ):
        return True
    before = text[max(0, hit.start - 60) : hit.start]
    return bool(
        BROKEN_DECIMAL.search(before)
        or LABEL_BEFORE.search(before)
        or RULE_RATE_BEFORE.search(before)
    )


def _is_not_a_goal(text: str, sent: tuple[int, int], hits: list[_Hit], i: int) -> bool:
    """Whether the figure's sentence says it is no goal: a footnote, a condition, a score,
    a response time, a concentration, a bare count, a quotation or a breakdown."""
    hit = hits[i]
    if FOOTNOTE.match(text, sent[0]) or _is_condition(text, sent, hit):
        return True
    if SCORE_CUE.search(text, sent[0], sent[1]):
        return True
    if hit.unit == RESPONSE_UNIT and DUTY_AFTER.search(text, hit.end, sent[1]):
        return True
    if hit.unit == "%" and CONCENTRATION_BEFORE.search(
        text, max(sent[0], hit.start - _CONCENTRATION_REACH), hit.start
    ):
        return True
    if (
        _is_weak_count(hit)
        and hit.comparator in (Comparator.EQ, Comparator.APPROX)
        and not WEAK_COUNT_CUE.search(text, sent[0], hit.start)
    ):
        return True
    return _in_quotes(text, hit) or _in_quoted_rule(text, hit) or _is_breakdown(text, sent, hits, i)


def _is_reported(
    text: str, sent: tuple[int, int], clause: tuple[int, int], hit: _Hit, committed: bool
) -> bool:
    """Whether the figure states what was achieved or spent rather than a goal.

    Cues before the figure's clause count ("Đến nay, A đạt 100%; B đạt 90%"), those after
    it do not ("... 100% dữ liệu; giữ vững kết quả đã đạt"). One after the figure in its
    own clause counts unless a minimum opens the clause: "Ít nhất 85% người hưởng trợ cấp
    ... hoặc người đã có tài khoản" is a goal. ``committed``: the clause dates the figure
    after the document's year, so it is planned whatever cue reports around it.
    """
    lead = text[sent[0] : clause[1]]
    # An aside in brackets after the figure says where things stand today: "phải đạt
    # 90% trong năm 2025 (đến nay mới đạt 39,5%)".
    aside = text.find("(", hit.end, clause[1])
    after_end = aside if aside >= 0 else clause[1]
    if (
        (
            ACHIEVED_CUE.search(text, sent[0], hit.start)
            or (
                ACHIEVED_CUE.search(text, hit.start, after_end)
                and not MINIMUM_CUE.search(text, clause[0], hit.end)
            )
        )
        and not FUTURE_CUE.search(lead)
        and not committed
    ):
        return True
    if REPORTED_CUE.search(lead) and not GOAL_CUE.search(lead):
        return True
    return bool((hit.money and BUDGET_CUE.search(lead)) or FUNDS_AFTER.match(text, hit.end))


def _prose_year(
    text: str,
    index: _Index,
    tables: list[tuple[int, int]],
    hit: _Hit,
    spans: tuple[tuple[int, int], tuple[int, int], tuple[int, int]],
    path: tuple[str, ...],
) -> int | None:
    """The year a figure is due: its sentence's, else its paragraph's, heading's or title's.

    ``spans`` are the figure's sentence, clause and piece. "trong 05 năm tiếp theo" is a
    span of time, not a year: the paragraph's or the heading's year is not the goal's. A
    cell of a task table is dated by its own words only: the lines around it are other
    cells ("Năm 2026 - 2030" of a deadline column) or the table's heading.
    """
    sent, clause, piece = spans
    year = _sentence_year(text, sent, clause, hit, piece)
    relative = RELATIVE_PERIOD.search(text, sent[0], sent[1]) or _in_span(tables, hit.start)
    if year is None and not relative:
        year = _paragraph_year(text, sent)
    if year is None and not relative:
        year = index.heading_year(hit.start, path)
    if year is None and not relative:
        year = index.title_year
    return year


def _prose_targets(ctx: DocContext, index: _Index) -> Iterator[Target]:
    text = ctx.text
    tables, hits = _prose_hits(ctx)
    for i, hit in enumerate(hits):
        path = ctx.layout.path_at(hit.start)
        if index.is_excluded(path, reported=False) or _is_part_of_other_words(text, hit):
            continue
        sent = _sentence(text, hit.start, hit.end)
        if _is_not_a_goal(text, sent, hits, i):
            continue
        clause = _clause(text, sent, hit.start, hit.end)
        # A figure its own clause dates after the document's year is planned, whatever
        # section or cue reports around it: "(3) nguồn lực tài chính ... bảo đảm mức tối
        # thiểu 3% tổng chi ngân sách ... trong năm 2026".
        piece = _piece(text, clause, hits, i)
        committed = any(
            index.is_committed(_year_of(m)) for m in YEAR_EXPR.finditer(text, hit.end, piece[1])
        )
        if index.is_excluded(path) and not committed:
            continue
        if _is_reported(text, sent, clause, hit, committed):
            continue
        year = _prose_year(text, index, tables, hit, (sent, clause, piece), path)
        if index.is_past(year):
            continue
        evidence = text[piece[0] : piece[1]].strip()
        yield Target(
            year=year,
            indicator=_indicator(text, piece, hit),
            value=hit.value,
            value_max=hit.value_max,
            unit=hit.unit,
            comparator=hit.comparator,
            evidence=evidence[:_MAX_EVIDENCE],
            provenance=ctx.provenance(piece[0], piece[1]),
        )


# ---------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Goal:
    """A column of goals: its year and the unit its header names (``Lượng (Tấn)``)."""

    column: int
    year: int | None
    unit: str = ""


@dataclass(frozen=True, slots=True)
class _Columns:
    indicator: int | None
    unit: int | None
    monitor: int | None
    goals: tuple[_Goal, ...]


def _is_baseline(cell: str) -> bool:
    return bool(BASELINE_HEADER.search(cell)) and not PLAN_HEADER.search(cell)


def _columns(header: tuple[str, ...], period_start: int | None = None) -> _Columns | None:
    indicator = unit = monitor = None
    goals: list[_Goal] = []
    for k, cell in enumerate(header):
        years = HEADER_YEAR.findall(cell)
        if not cell:
            continue
        if MONITOR_HEADER.search(cell):
            monitor = k
        elif UNIT_HEADER.match(cell):
            unit = k
        elif _is_baseline(cell):
            continue
        elif years:
            # "Giai đoạn 2026-2030 Năm 2027": the last year is the column's own.
            head_unit = UNIT_IN_INDICATOR.search(cell)
            goals.append(_Goal(k, int(years[-1]), head_unit.group("unit") if head_unit else ""))
        elif indicator is None and INDICATOR_HEADER.search(cell) and not GOAL_HEADER.search(cell):
            indicator = k
        elif GOAL_HEADER.search(cell):
            goals.append(_Goal(k, None))
    # A column of the year before the plan's period ("2025" in a plan for 2026 - 2030) is
    # its starting point, not a goal.
    if period_start is not None and any(g.year and g.year >= period_start for g in goals):
        goals = [g for g in goals if g.year is None or g.year >= period_start]
    if not goals:
        return None
    if indicator is None:
        # No "Chỉ tiêu" header: the first column left over that is not a row number.
        taken = {g.column for g in goals} | {unit, monitor}
        indicator = next(
            (k for k, c in enumerate(header) if k not in taken and not STT_HEADER.match(c)), None
        )
    return _Columns(indicator, unit, monitor, tuple(goals))


def _merge_headers(rows: list[Row]) -> tuple[str, ...]:
    """Header rows stacked over one another ("Mục tiêu" over "2025 | 2030") read as one."""
    width = max(len(r.cells) for r in rows)
    merged = [""] * width
    for r in rows:
        for k, cell in enumerate(r.cells):
            merged[k] = f"{merged[k]} {cell}".strip()
    return tuple(merged)


def _is_group_header(cell: str) -> bool:
    """A header cell that may stand over several sub-columns."""
    if not cell or MONITOR_HEADER.search(cell) or UNIT_HEADER.match(cell):
        return False
    return bool(HEADER_YEAR.search(cell) or GOAL_HEADER.search(cell) or _is_baseline(cell))


def _period_start(ctx: DocContext) -> int | None:
    """The first year of the period the document's title names ("giai đoạn 2026 - 2030")."""
    if ctx.layout.title is None:
        return None
    m = TITLE_PERIOD.search(ctx.text, *ctx.layout.title)
    return int(m.group("start")) if m else None


def _table_targets(ctx: DocContext, index: _Index) -> Iterator[Target]:
    period_start = _period_start(ctx)
    for run in pipe_blocks(ctx):
        rule = next(
            (k for k, r in enumerate(run) if all(TABLE_RULE.match(c) for c in r.cells)), None
        )
        header_rows, body = (run[:rule], run[rule + 1 :]) if rule else (run[:1], run[1:])
        yield from _grid_targets(ctx, index, _merge_headers(header_rows), body, period_start)
    for rows in cell_tables(ctx.layout.lines):
        header_rows, body = split_header(rows)
        if not header_rows or not body:
            continue
        width = max(len(r.cells) for r in rows)
        header = header_grid(header_rows, width, _is_group_header)
        yield from _grid_targets(ctx, index, header, body, period_start)


def _grid_targets(
    ctx: DocContext,
    index: _Index,
    header: tuple[str, ...],
    body: list[Row],
    period_start: int | None,
) -> Iterator[Target]:
    if not body:
        return
    cols = _columns(header, period_start)
    path = ctx.layout.path_at(body[0].start)
    if cols is None or index.is_excluded(path):
        return
    fallback_year = index.heading_year(body[0].start, path)
    group = ""  # the label of the last row without figures ("1 | Cà phê")
    for row in body:
        found = list(_row_targets(ctx, index, row, cols, fallback_year, group))
        if not found and not ROW_BULLET.match(_cell(row.cells, 0)):
            group = _cell(row.cells, cols.indicator)
            # A section row that is a period ("I | Giai đoạn 2025-2027") dates the rows
            # under it.
            if m := SECTION_PERIOD.match(group):
                fallback_year = int(m.group("end") or m.group("year"))
        yield from found


def _cell(cells: tuple[str, ...], k: int | None) -> str:
    return cells[k] if k is not None and k < len(cells) else ""


def _cell_values(cell: str) -> Iterator[re.Match[str]]:
    """The figures of a goal cell: one, or several for several scopes ("≤ 3 ĐNA; ≤ 50 TG")."""
    if m := CELL_VALUE.match(cell):
        yield m
        return
    for part in CELL_PARTS.split(cell):
        if m := SCOPED_VALUE.match(part):
            yield m


def _row_targets(
    ctx: DocContext,
    index: _Index,
    row: Row,
    cols: _Columns,
    fallback_year: int | None,
    group: str = "",
) -> Iterator[Target]:
    indicator = _cell(row.cells, cols.indicator)
    if not re.search(f"[{LETTER}]", indicator):
        return  # a rule, a blank row or a row of column numbers "(1) | (2) | (3)"
    unit = _cell(row.cells, cols.unit)
    if m_unit := UNIT_IN_INDICATOR.search(indicator):
        unit = unit or m_unit.group("unit")
        indicator = indicator[: m_unit.start()].strip()
    if group and ROW_BULLET.match(_cell(row.cells, 0)):
        indicator = f"{group}: {indicator}"  # "Cà phê: Diện tích"
    monitor = _cell(row.cells, cols.monitor) or None
    for goal in cols.goals:
        year = goal.year if goal.year is not None else fallback_year
        if index.is_past(year):
            continue
        for m in _cell_values(_cell(row.cells, goal.column)):
            value = parse_number(m.group("value"))
            high = parse_number(m.group("value_max")) if m.group("value_max") else None
            if high is not None and high <= value:
                high = None
            row_unit = goal.unit or unit or re.sub(r"\s+", "", m.group("unit") or "")
            if not row_unit and m.group("rank"):
                row_unit = RANK_UNIT
            if not row_unit and RATE_INDICATOR.match(indicator):
                row_unit = "%"
            comparator = _comparator(m.group("cmp"), m.group("suffix"), high is not None)
            if m.group("rank") and comparator is Comparator.EQ:
                comparator = Comparator.LE
            yield Target(
                year=year,
                indicator=indicator,
                value=value,
                value_max=high,
                unit=" ".join(row_unit.split()),
                comparator=comparator,
                evidence=" | ".join(c for c in row.cells if c)[:_MAX_EVIDENCE],
                provenance=ctx.provenance(row.start, row.end),
                monitor=monitor,
            )


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def is_normative(ctx: DocContext) -> bool:
    """Whether the document lays down rules (a decree, a procedure catalogue ...)."""
    word = " ".join((ctx.layout.title_word or "").split())
    if GOAL_WORD.match(word):
        return False
    if NORMATIVE_WORD.match(word):
        return True
    if LEGAL_NUMBER.search(ctx.text, 0, ctx.layout.body[0] or 3000):
        return True
    if ctx.layout.title is None:
        return bool(NORMATIVE_NUMBER.search(ctx.text, 0, ctx.layout.body[0] or 3000))
    start, end = ctx.layout.title
    title = " ".join(ctx.text[start:end].split())
    subject = title[len(word) :] if title.casefold().startswith(word.casefold()) else title
    return bool(NORMATIVE_TITLE.search(subject))


def extract_targets(ctx: DocContext) -> tuple[Target, ...]:
    """Every quantified goal of the document, in text order."""
    if is_normative(ctx):
        return ()
    index = _index(ctx)
    found = [*_prose_targets(ctx, index), *_table_targets(ctx, index)]
    found.sort(key=lambda t: t.provenance.span.start)
    return tuple(found)

"""Layout repair: the text as it was written, before it was copied into a web page or a PDF.

Real documents reach us with hard line breaks inside sentences, names, numbers and dates
(``Thực hiện Kế hoạch số\\n283/KH-UBND``, ``Sở Khoa\\nhọc và Công nghệ``), with tables laid
out one cell per line between bare ``|`` lines, and with a publishing site's chrome around
them. Three passes undo that, each keeping an offset map (``clean.py``) so every span still
points into the original file:

1. :func:`chrome_spans` finds a site's boilerplate before the letterhead and after the end
   of the document (copyright notices, a metadata box, related-documents lists, log-in
   notices), recognised by the genre's wording, never by a site's name;
2. :func:`join_plan` finds the hard breaks to undo: each table cell becomes one line, and a line of
   prose that stops mid-sentence is joined to the next;
3. the bare ``|`` lines are kept, so a table reader can still rebuild rows and columns
   (``tables.cell_rows``); :func:`is_bar` is the one test of such a line.
"""

from __future__ import annotations

import itertools
import re

from policykg.loaders import places, regexes

# Boilerplate of a legal-text site before the document: a copyright notice, the site's
# metadata box ("Số hiệu:", "Loại văn bản:" ...), a loading notice.
# we want to capture:
#   "Bản dịch này thuộc quyền sở hữu của ..."   "Số hiệu:"   "Đang tải văn bản..."
HEAD_CHROME_REGEX = r"""
    ^[ \t]*(?:
        Số[ ]hiệu[ \t]*: | Loại[ ]văn[ ]bản[ \t]*: | Nơi[ ]ban[ ]hành[ \t]*:
      | Người[ ]ký[ \t]*: | Ngày[ ]ban[ ]hành[ \t]*: | Ngày[ ]hiệu[ ]lực[ \t]*:
      | Tình[ ]trạng[ \t]*: | Đang[ ]tải[ ]văn[ ]bản
      | Bản[ ]dịch[ ]này[ ]thuộc[ ]quyền | CÁC[ ]NỘI[ ]DUNG[ ]ĐƯỢC[ ]SỬA[ ]ĐỔI
    )
"""
HEAD_CHROME = re.compile(HEAD_CHROME_REGEX, re.VERBOSE | re.MULTILINE)

# Boilerplate after the document: related documents, comparison help, attachments, log-in
# and account notices, a hotline.
# we want to capture:
#   "## Văn bản liên quan"   "Văn bản này chưa cập nhật nội dung Tiếng Anh"
#   "- Bạn vừa bị Đăng xuất khỏi Tài khoản ."   "- Hỗ trợ: (028) 3930.3279"
TAIL_CHROME_REGEX = r"""
    ^[ \t\-]*(?:
        Văn[ ]bản[ ]liên[ ]quan\b | Văn[ ]bản[ ]này[ ]chưa[ ]cập[ ]nhật
      | NỘI[ ]DUNG[ ]SỬA[ ]ĐỔI,[ ]HƯỚNG[ ]DẪN\s*$ | FILE[ ]ĐƯỢC[ ]ĐÍNH[ ]KÈM
      | Bạn[ ]vừa[ ]bị[ ]Đăng[ ]xuất | Cảm[ ]ơn[ ]đã[ ]dùng | Hỗ[ ]trợ[ ]?:[ ]*\(?\d
      | Hotline\b | Đăng[ ]nhập[ ]để | Tải[ ]văn[ ]bản\b | Lược[ ]đồ\s*$
    )
"""
TAIL_CHROME = re.compile(TAIL_CHROME_REGEX, re.VERBOSE | re.MULTILINE)

# A site's one-line summary of the document just before its chrome:
#   "Quyết định 471/QĐ-UBND năm 2025 phê duyệt Danh mục địa điểm ..."
#   "Nghị quyết 34/2025/NQ-HĐND sửa đổi Quy định kèm theo Nghị quyết 10/2022/NQ-HĐND ..."
_SUMMARY = re.compile(
    rf"^[ \t]*(?:{regexes.KIND_WORD})[ \t]+(?:số[ \t]+)?\d[\w/.\-]*[ \t]",
    re.IGNORECASE,
)


_LOWER_LETTER = re.compile(f"[{regexes.LOWER}]")


def is_caps(s: str, min_letters: int = 1) -> bool:
    """Whether ``s`` is written in capitals (letterheads, titles, signers' titles)."""
    if _LOWER_LETTER.search(s):
        return False  # the common answer, without a loop over a long line's characters
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= min_letters and all(c.isupper() for c in letters)


def is_bar(text: str) -> bool:
    """A line that is a bare ``|``: a cell or row boundary of the one-cell-per-line layout."""
    return text.strip() == "|"


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are a site's chrome, not the document."""
    spans: list[tuple[int, int]] = []
    motto = regexes.NATIONAL_MOTTO.search(text, 0, min(len(text), 20000))
    head_end = motto.start() if motto else min(len(text), 6000)
    last = None
    for m in regexes.line_matches(HEAD_CHROME, text, 0, head_end):
        last = m
    if last is not None:
        # The document starts with its letterhead: the line block right before the motto
        # (bars and capitals), or the line after the last chrome line.
        start = text.find("\n", last.end())
        start = len(text) if start < 0 else start + 1
        if motto is not None:
            start = _letterhead_start(text, start, motto.start())
        spans.append((0, start))
    floor = max(spans[0][1] if spans else 0, len(text) // 4)
    tail = regexes.line_search(TAIL_CHROME, text, floor)
    if tail is not None:
        start = tail.start()
        # Walk back over the site's summary lines and blank lines (the match is at a line
        # start: the line before it ends at start - 1).
        while start > 0:
            a = text.rfind("\n", 0, start - 1) + 1
            line = text[a : start - 1].strip()
            if line and not _SUMMARY.match(line) and not line.startswith("#"):
                break
            start = a
        spans.append((start, len(text)))
    return spans


def _letterhead_start(text: str, floor: int, motto: int) -> int:
    """The first line of the letterhead block that ends at the motto line."""
    start = text.rfind("\n", 0, motto) + 1
    pos = start
    while pos > floor:
        prev = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev : pos - 1].strip()
        if line and not is_bar(line) and not is_caps(line, 0):
            break
        pos = prev
    return max(pos, floor)


# ---------------------------------------------------------------------------------------
# Hard line breaks
# ---------------------------------------------------------------------------------------

_END_PUNCT = (".", ";", ":", "!", "?", "…")
# Words after which a number or a date must follow: "Kế hoạch số\n283/KH-UBND", "ngày\n29".
_NUMBER_WORD = re.compile(r"\b(?:[sS]ố|[nN]gày|tháng|năm|Điều|khoản|điểm|[sS]ố[ \t]*:)$")
# Only a line that ends as one of the words can: the last character rules most out.
_NUMBER_WORD_ENDS = frozenset("ốygmun:")
# Words that cannot end a sentence: "của\nBộ Chính trị", "Sở\nCông Thương".
_OPEN_WORD = re.compile(
    r"(?:\b(?:và|của|tại|theo|các|với|về|cho|từ|đến|là|Sở|Ban|Bộ|Ủy|Uỷ|Hội|Văn|Cục|Vụ)|[,(\-–/])$"
)
# A year range or a standard's number cut by the break.
_SPLIT_NUMBER = re.compile(
    r"(?:\b(?:19|20)\d\d\n[-–][ \t]*(?:19|20)\d\d\b|\b(?:TCVN|QCVN|ISO)\n\d)"
)
# A line that goes on with a lower-case word; "a) Nhiệm vụ", "đ) ..." are items, not words.
_CONTINUES = re.compile(rf"^(?![a-zđ][).][ \t])[{regexes.LOWER}(]")
# Words that open a paragraph of their own: the preamble after a title in sentence case
# ("... chuyển đổi số quốc gia**\nThực hiện Kế hoạch số 376-KH/TU ..."), a legal basis, an
# article, the recipients.
_BLOCK_START = re.compile(
    r"^(?:Căn\s+cứ|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Nơi\s+nhận|NƠI\s+NHẬN|Điều\s+\d|Chương\s+[IVX\d]"
    r"|Mục\s+\d|PHỤ\s+LỤC|Phụ\s+lục|Thực\s+hiện|Triển\s+khai|Trên\s+cơ\s+sở|Nhằm|Để)(?!\w)"
)
_MARKER_ONLY = re.compile(
    r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])[.)\-–/:]?$|^Điều\s+\d+\.?$"
)
_DIGIT_MARKER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}[.)](?:\s|$)|^\d{1,2}\s*[-–]\s")


def _caps(s: str) -> bool:
    return is_caps(s, 2)


def hard_wrapped(lines: list[str]) -> bool:
    """Whether the text was wrapped at a fixed width (copied from a PDF or a web page).

    A wrapped text has almost no prose line much longer than the wrap width; a text
    written one paragraph per line has many.
    """
    long = [line for line in lines if len(line) >= 60 and not is_bar(line)]
    return bool(long) and sum(len(line) <= 100 for line in long) / len(long) >= 0.5


def _splits_number(prev: str, nxt: str) -> bool:
    # A number cut by the break ends the line with a digit ("2021", "TCVN", "ISO") and goes
    # on with a digit or a dash.
    last, first = prev[-1:], nxt[:1]
    if not (last.isdigit() or last in "NO") or not (first.isdigit() or first in "-–"):
        return False
    return _SPLIT_NUMBER.search(f"{prev}\n{nxt}") is not None


def _joins(prev: str, nxt: str, wrapped: bool) -> bool:
    """Whether the break between two prose lines is a hard break inside one sentence."""
    # The lines come stripped: a bar is "|" itself.
    if not prev or not nxt or prev == "|" or nxt == "|":
        return False
    if nxt.startswith(("|", "#")) or _BLOCK_START.match(nxt):
        return False
    last, first = prev[-1], nxt[0]
    # (The last and first characters first: they rule out most pairs without a call.)
    if (
        first.isdigit()
        and last in _NUMBER_WORD_ENDS
        and _NUMBER_WORD.search(prev)
        and not _DIGIT_MARKER.match(nxt)
    ):
        return True  # "... Kế hoạch số\n283/KH-UBND", "ngày\n29 tháng 11"
    if (last.isdigit() or last in "NO") and _splits_number(prev, nxt):
        return True  # "giai đoạn 2021\n- 2025", "(QCVN\n85:2025/BNNMT)"
    if (
        wrapped
        and "(" in prev
        and prev.count("(") > prev.count(")")
        and not regexes.OUTLINE_MARKER.match(nxt)
    ):
        return True  # a bracket left open: "58 trạm (Trong đó: VNPT:\n25 trạm, ...)"
    if not wrapped:
        return False
    if _MARKER_ONLY.match(prev):
        return True  # "**1.\nSở Nông nghiệp và Môi trường**"
    if regexes.OUTLINE_MARKER.match(nxt) and not _CONTINUES.match(nxt):
        return False
    # (A lower-case letter rules a line out at once: the common case, without the calls.)
    caps_prev = not _LOWER_LETTER.search(prev) and _caps(prev)
    if caps_prev or (not _LOWER_LETTER.search(nxt) and _caps(nxt)):
        # "III. TỔ CHỨC\nTHỰC HIỆN": a numbered heading in capitals wrapped in two.
        return bool(
            caps_prev
            and _caps(nxt)
            and _HEADING_MARKER.match(prev)
            and not prev.endswith(_END_PUNCT)
            and len(prev) + len(nxt) < 120
        )
    # The words of _OPEN_WORD have at most 4 letters: a match starts that close to the end.
    if _OPEN_WORD.search(prev, max(0, len(prev) - 4)) or _CONTINUES.match(nxt):
        return True
    if prev.endswith(_END_PUNCT):
        return False
    if nxt[:1].isdigit():
        return True  # "... đạt\n80% ..."
    # A capitalised word after an unfinished line: a name ("Ủy ban nhân dân\nTỉnh"), unless
    # the line was a heading of its own ("1. Công an tỉnh").
    if not (regexes.OUTLINE_MARKER.match(prev) and len(prev) < 60):
        return True
    # A short numbered line still continues when it is a list in progress ("b) Bộ Tài
    # chính, Bộ Công\nThương") or a name runs over the break ("Ngân hàng Nhà nước\nViệt Nam").
    return "," in prev or _name_across(prev, nxt)


_HEADING_MARKER = re.compile(
    rf"^(?:[IVX]{{1,5}}|\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})[.)\-–/:]\s+[{regexes.UPPER}]"
)
# Names a line break often cuts: a province, the country, a ministry's field.
_NAME_WORDS = re.compile(
    r"(?:Nhà\s+nước|Tiếng\s+nói|Truyền\s+hình|Cộng\s+sản)\s+Việt\s+Nam|Việt\s+Nam|Công\s+Thương|Nhà\s+nước|Quốc\s+hội|Chính\s+phủ|Trung\s+ương|Tư\s+pháp"
    r"|Nội\s+vụ|Ngoại\s+giao|Xây\s+dựng|Tài\s+chính|Y\s+tế|Công\s+an|Quốc\s+phòng|Du\s+lịch"
)


def _name_across(prev: str, nxt: str) -> bool:
    """Whether a name runs over the break between ``prev`` and ``nxt``."""
    left = prev.split()[-2:]
    right = nxt.split()[:2]
    joined = " ".join([*left, *right])
    cut = len(" ".join(left))
    for m in _NAME_WORDS.finditer(joined):
        if m.start() < cut < m.end():
            return True
    return any(s < cut < e for _, s, e in places.find_provinces(joined))


def join_plan(text: str) -> list[tuple[int, int]]:
    """The line breaks (as ``(start, end)`` of the whitespace to become one space) to undo.

    Inside a table cell (between bare ``|`` lines) every break is undone: a cell is one
    line. Elsewhere a break is undone where the sentence, name, number or date continues.
    """
    raws = text.split("\n")
    starts = list(itertools.accumulate((len(raw) + 1 for raw in raws), initial=0))
    stripped = [raw.strip() for raw in raws]
    # (Without a bare bar there is no cell: most documents.)
    in_cell = _cell_lines(stripped) if "|" in text and "|" in stripped else None
    wrapped = hard_wrapped(stripped)
    out = []
    for i, prev, nxt in zip(itertools.count(), stripped, stripped[1:]):
        # (What _joins refuses first, without a call: most pairs, in a hard-wrapped file.)
        if not prev or not nxt or prev == "|" or nxt == "|":
            continue
        if in_cell is not None and in_cell[i] and in_cell[i + 1]:
            ok = not (regexes.OUTLINE_MARKER.match(nxt) and not _CONTINUES.match(nxt)) or bool(
                _MARKER_ONLY.match(prev)
            )
        else:
            ok = _joins(prev, nxt, wrapped)
        if ok:
            a = starts[i] + len(raws[i].rstrip())
            b = starts[i + 1] + len(raws[i + 1]) - len(raws[i + 1].lstrip())
            out.append((a, b))
    return out


def _cell_lines(lines: list[str]) -> list[bool]:
    """Which lines are inside a cell of a one-cell-per-line table.

    A table is ``|``, cell, ``|``, cell, ``|``, ``|`` (the row ends, the next opens), ...;
    a single ``|`` after as many cells as the header row has, or after a run that does not
    look like a cell, closes the table. The lines come stripped: a bar is "|" itself.
    """
    n = len(lines)
    inside = [False] * n
    i = 0
    while i < n:
        if lines[i] != "|":
            try:  # (the next bar, without a step a line)
                i = lines.index("|", i)
            except ValueError:
                break
        # A table starts at this bar.
        columns: int | None = None
        cells_in_row = 0
        j = i
        after = n
        while j < n:
            # j is on a bar; count the bars of this run.
            k = j
            while k < n and (lines[k] == "|" or not lines[k]):
                k += 1
            bars = sum(1 for x in range(j, k) if lines[x] == "|")
            if k >= n:
                j = k
                break
            if bars >= 2:
                if cells_in_row and columns is None:
                    columns = cells_in_row
                cells_in_row = 0
            elif (columns is not None and cells_in_row >= columns) or (
                columns is None and not _looks_like_cell(lines, k)
            ):
                after = k
                break  # a single bar closes the table
            # the run of content after the bars is one cell, up to the next bar
            try:
                m = lines.index("|", k)
            except ValueError:
                m = n
            if m >= n:
                after = k
                break  # no closing bar: body text after the table
            for x in range(k, m):
                inside[x] = True
            cells_in_row += 1
            j = m
        i = max(min(j, after), i + 1)
        if after < n:
            i = after
    return inside


# A cell of a table whose width is not known yet ends at a bar within this many lines;
# a longer run is the body going on after a one-row table (a signature block).
_MAX_CELL_LINES = 12


def _looks_like_cell(lines: list[str], k: int) -> bool:
    """Whether the content starting at line ``k`` is a cell (short, up to the next bar)."""
    first = lines[k]
    if _BLOCK_START.match(first) or re.match(rf"(?:{regexes.KIND_WORD})\s*$", first, re.I):
        return False
    end = min(len(lines), k + _MAX_CELL_LINES + 1)
    return any(lines[x] == "|" for x in range(k, end))

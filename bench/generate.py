"""A corpus of provincial documents built from the five bundled ones, for benchmarks.

Every generated file keeps the sentences of a real document and changes what differs from
one province to the next: the letterhead (restored at the top, as the originals print
it), the number and date, the province named in the text and in agency names, the local
numbers it cites and the people who sign. Central numbers (52-NQ/TW, 57-NQ/TW,
71/NQ-CP, 749/QĐ-TTg ...) are kept, so cascades run across provinces.

Each province gets a chain whose members cite each other by number and date::

    P52   Party plan or action programme implementing 52-NQ/TW      (2019-2020)
    NQ    Party resolution on digital transformation, citing P52     (2021)
    P57   Party plan implementing 57-NQ/TW                           (2025)
    U57a  People's Committee plan implementing 57-NQ/TW, 71/NQ-CP, P57; cites NQ
    U57b  the same, a later issue that replaces U57a
    dept  department plans implementing U57b, each year's replacing the year before

Documents are spread evenly over the 63 provinces of 2008 (``PROVINCES_2008``), about 30
each for 2,000. ``generate`` is deterministic for a seed and writes ``expected.json``
beside the files: what each file was generated to say (number, date, province, the local
numbers it cites), for checking the parser against.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from policykg.loaders.places import CITIES, PROVINCES_2008, slug

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
EXPECTED = "expected.json"


# --- the five documents ---------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    file: str
    provinces: tuple[str, ...]  # the spellings of its own province, longest first
    signers: tuple[str, ...]
    # local numbers it cites -> the slot of the province chain they stand for; numbers not
    # listed get a fresh number of the same form, dated in the same year
    slots: tuple[tuple[str, str], ...] = ()


TEMPLATES = {
    # Ban Thường vụ Tỉnh ủy Thái Bình, plan implementing 52-NQ/TW
    "plan52": Template("000_05eae9042a94ebff.txt", ("Thái Bình",), ("Ngô Đông Hải",)),
    # Ban Thường vụ Tỉnh ủy Thừa Thiên Huế, plan implementing 52-NQ/TW
    "plan52b": Template("001_e787aadbb233535e.txt", ("Thừa Thiên Huế", "Huế"), ("Lê Trường Lưu",)),
    # Ban Thường vụ Tỉnh ủy Hải Dương, action programme implementing 52-NQ/TW
    "ctr52": Template("002_727f14eddfa7dc9f.txt", ("Hải Dương",), ("Nguyễn Mạnh Hiên",)),
    # Ban Chấp hành Đảng bộ tỉnh Thái Bình, resolution on digital transformation
    "nq": Template("003_07a70d37f77f3d0b.txt", ("Thái Bình",), ("Ngô Đông Hải",)),
    # Ủy ban nhân dân tỉnh Thái Bình, plan implementing 57-NQ/TW, 71/NQ-CP and 376-KH/TU
    "ubnd57": Template(
        "004_1b73a6d31f29fe0d.txt",
        ("Thái Bình",),
        (),
        (("376-KH/TU", "P57"), ("02-NQ/TU", "NQ"), ("26/KH-UBND", "U57a")),
    ),
}


@cache
def template_text(name: str) -> str:
    """A bundled document, NFC, without the receiving office's stamp one of them carries."""
    text = unicodedata.normalize("NFC", (CORPUS / TEMPLATES[name].file).read_text("utf-8"))
    text = text.strip()
    if name == "plan52b":
        # a receiving office's stamp stands where the letterhead was
        text = text[text.index("**KẾ HOẠCH**") :]
    return text


# --- provinces, people, numbers, dates -------------------------------------------------


@dataclass(frozen=True)
class Place:
    name: str  # canonical, as in PROVINCES_2008

    @property
    def city(self) -> bool:
        return self.name in CITIES

    @property
    def short(self) -> str:
        return self.name.removeprefix("Thành phố ")

    def with_unit(self, unit: str) -> str:
        """ "tỉnh Lào Cai", "thành phố Hà Nội"; the city of Hồ Chí Minh keeps its own name."""
        if self.name.startswith("Thành phố "):
            return self.name.upper() if unit.isupper() else self.name
        return f"{unit} {self.short.upper() if unit.isupper() else self.short}"

    @property
    def admin_caps(self) -> str:
        return self.with_unit("THÀNH PHỐ" if self.city else "TỈNH")

    @property
    def party_caps(self) -> str:
        if self.name.startswith("Thành phố "):
            return f"THÀNH ỦY {self.name.upper()}"
        return f"{'THÀNH' if self.city else 'TỈNH'} ỦY {self.short.upper()}"

    @property
    def initials(self) -> str:
        return "".join(w[0] for w in self.short.replace("-", " ").split()).upper()


SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai",
)  # fmt: skip
MIDDLE = (
    "Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc", "Xuân", "Hồng", "Trọng",
    "Công", "Mạnh", "Anh", "Tiến", "Đình",
)  # fmt: skip
GIVEN = (
    "Hải", "Hùng", "Dũng", "Tuấn", "Quang", "Thắng", "Long", "Sơn", "Lan", "Hương", "Tâm",
    "Phong", "Khánh", "Toàn", "Thành", "Trung", "Cường", "Hiếu", "Vinh", "Thảo", "Nga", "Việt",
)  # fmt: skip


@dataclass(frozen=True)
class Department:
    name: str  # as the text names it
    symbol: str  # as the number prints it: 45/KH-SYT
    caps: str  # as the letterhead prints it
    head: str  # the title of whoever signs


DEPARTMENTS = tuple(
    Department(name, symbol, caps or name.upper(), head)
    for name, symbol, caps, head in (
        ("Sở Khoa học và Công nghệ", "SKHCN", "", "GIÁM ĐỐC"),
        ("Sở Tài chính", "STC", "", "GIÁM ĐỐC"),
        ("Sở Nội vụ", "SNV", "", "GIÁM ĐỐC"),
        ("Sở Giáo dục và Đào tạo", "SGDĐT", "", "GIÁM ĐỐC"),
        ("Sở Y tế", "SYT", "", "GIÁM ĐỐC"),
        ("Sở Công Thương", "SCT", "", "GIÁM ĐỐC"),
        ("Sở Nông nghiệp và Môi trường", "SNNMT", "", "GIÁM ĐỐC"),
        ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "", "GIÁM ĐỐC"),
        ("Sở Xây dựng", "SXD", "", "GIÁM ĐỐC"),
        ("Sở Tư pháp", "STP", "", "GIÁM ĐỐC"),
        ("Sở Dân tộc và Tôn giáo", "SDTTG", "", "GIÁM ĐỐC"),
        (
            "Ban Quản lý khu kinh tế và các khu công nghiệp tỉnh",
            "BQL",
            "BAN QUẢN LÝ KHU KINH TẾ\nVÀ CÁC KHU CÔNG NGHIỆP",
            "TRƯỞNG BAN",
        ),
    )
)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(first.toordinal(), max(first, last).toordinal()))


def _short_date(d: dt.date) -> str:
    """As the body text prints a cited date: 08/5/2019, 26/4/2025."""
    return f"{d.day:02d}/{d.month}/{d.year}"


def _long_date(d: dt.date) -> str:
    """As a letterhead prints it: ngày 05 tháng 3 năm 2025."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


@dataclass
class Slot:
    number: str
    date: dt.date


# A document number: 376-KH/TU, 26/KH-UBND, 2392/QĐ-BTTTT, 70/2025/UBTVQH15.
_NUMBER = re.compile(r"(?<![\w/-])(\d+)((?:/\d{4})?[-/][\wĐđ]+(?:[-/][\wĐđ]+)?)(?![\w/])")
_DATE_AFTER = r"(?P<sep>\s*,?\s*(?:ngày|NGÀY)\s+)(?P<date>\d{1,2}/\d{1,2}/\d{4})"


class Province:
    """Names, people and numbers of one generated province, shared by all its documents."""

    def __init__(self, name: str, seed: int) -> None:
        self.place = Place(name)
        self.rng = random.Random(f"{seed}:{name}")
        self.slots: dict[str, Slot] = {}
        self.foreign: dict[str, Slot] = {}  # template numbers outside the chain
        self.originals = {
            m.group() for name in TEMPLATES for m in _NUMBER.finditer(template_text(name))
        }
        self.used = set(self.originals)
        rng = self.rng
        self.secretary, self.deputy = _person(rng), _person(rng)
        self.chairman, self.vice = _person(rng), (_person(rng), _person(rng))
        self.directors = {d.symbol: _person(rng) for d in DEPARTMENTS}

    def new_number(self, lo: int, hi: int, suffix: str, *, width: int = 1) -> str:
        for _ in range(1000):
            number = f"{self.rng.randint(lo, hi):0{width}d}{suffix}"
            if number not in self.used:
                self.used.add(number)
                return number
        raise RuntimeError(f"no free number {lo}-{hi}{suffix}")

    def slot(self, name: str, number: tuple[int, int, str], first: dt.date, last: dt.date) -> Slot:
        lo, hi, suffix = number
        width = 2 if suffix == "-NQ/TU" else 1
        s = Slot(self.new_number(lo, hi, suffix, width=width), _day(self.rng, first, last))
        self.slots[name] = s
        return s

    def renumber(self, number: str, year: int) -> Slot:
        """A fresh local number of the same form for one the template cites."""
        if number not in self.foreign:
            m = _NUMBER.fullmatch(number)
            assert m, number
            new = self.new_number(5, 480, m.group(2))
            day = _day(self.rng, dt.date(year, 1, 5), dt.date(year, 10, 31))
            self.foreign[number] = Slot(new, day)
        return self.foreign[number]


# --- text edits ------------------------------------------------------------------------

# The local numbers the templates cite: a Party committee's (376-KH/TU) or a People's
# Committee's (26/KH-UBND). Every other number is national and stays.
_LOCAL = re.compile(r"(?:/TU|-UBND)$")


def renumber(text: str, province: Province, template: Template) -> str:
    """Give the local numbers a template cites the numbers and dates of this province."""
    slots = dict(template.slots)

    def sub(m: re.Match[str]) -> str:
        old = m.group("number")
        if old not in province.originals or not _LOCAL.search(old):
            return m.group()
        year = int(m.group("date")[-4:]) if m.group("date") else 2020
        if old in slots and slots[old] in province.slots:
            new = province.slots[slots[old]]
        else:
            new = province.renumber(old, year)
        if m.group("date") is None:
            return new.number
        return f"{new.number}{m.group('sep')}{_short_date(new.date)}"

    pattern = rf"(?P<number>{_NUMBER.pattern})(?:{_DATE_AFTER})?"
    return re.sub(pattern, sub, text)


# For a city: tỉnh -> thành phố, Tỉnh ủy -> Thành ủy; "các tỉnh" and "tỉnh, thành phố"
# name other provinces and stay.
_KEEP = re.compile(r"\b(?:các tỉnh|tỉnh, thành phố|63 tỉnh)\b")
_UNIT = re.compile(r"\b(TỈNH ỦY|TỈNH UỶ|Tỉnh ủy|Tỉnh uỷ|tỉnh ủy|TỈNH|Tỉnh|tỉnh)\b")
_UNIT_CITY = {
    "TỈNH ỦY": "THÀNH ỦY",
    "TỈNH UỶ": "THÀNH UỶ",
    "Tỉnh ủy": "Thành ủy",
    "Tỉnh uỷ": "Thành uỷ",
    "tỉnh ủy": "thành ủy",
    "TỈNH": "THÀNH PHỐ",
    "Tỉnh": "Thành phố",
    "tỉnh": "thành phố",
}


def localise(text: str, place: Place, source: tuple[str, ...]) -> str:
    """Move a text to ``place``: its province names and, for a city, its units."""
    if place.city:
        kept: list[str] = []

        def keep(m: re.Match[str]) -> str:
            kept.append(m.group())
            return f"\x00{len(kept) - 1}\x00"

        text = _KEEP.sub(keep, text)
        text = _UNIT.sub(lambda m: _UNIT_CITY[m.group()], text)
        text = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)
    names = sorted({*source, *(s.upper() for s in source)}, key=len, reverse=True)
    units = "tỉnh|thành phố|Tỉnh|Thành phố|TỈNH|THÀNH PHỐ|tinh"
    pattern = (
        rf"(?:(?P<unit>{units})[ \t]+)?(?<!\w)(?P<name>{'|'.join(map(re.escape, names))})(?!\w)"
    )

    def sub(m: re.Match[str]) -> str:
        caps = m.group("name").isupper()
        if m.group("unit"):
            return place.with_unit(m.group("unit"))
        return place.name.upper() if caps else place.name

    text = re.sub(pattern, sub, text)
    return re.sub(r"\bTTH\b", place.initials, text)


def drop_bullets(text: str, rng: random.Random, p: float) -> str:
    """Leave out some list paragraphs that cite no number: no two plans are the same length."""
    out = []
    for para in text.split("\n\n"):
        if para.startswith("- ") and not _NUMBER.search(para) and rng.random() < p:
            continue
        out.append(para)
    return "\n\n".join(out)


# --- the tasks of the People's Committee plan ----------------------------------------

_TOP = re.compile(r"^(\d+)\.\s")
_ITEM = re.compile(r"^(\d+)\.(\d+)\.\s")


@dataclass
class Item:
    lines: list[str]

    @property
    def leads(self) -> list[str]:
        return [ln for ln in self.lines if ln.startswith("Cơ quan")]


@dataclass
class Section:
    header: str
    items: list[Item] = field(default_factory=list)


def split_tasks(text: str) -> tuple[str, list[Section], str]:
    """Section II of the plan as numbered sections of numbered items."""
    start = text.index("II. NHIỆM VỤ VÀ GIẢI PHÁP\n") + len("II. NHIỆM VỤ VÀ GIẢI PHÁP\n")
    end = text.index("III. TỔ CHỨC THỰC HIỆN\n")
    sections: list[Section] = []
    trailer: list[str] = []
    for line in text[start:end].splitlines():
        if line.startswith("(Chi tiết"):
            trailer.append(line)
        elif _ITEM.match(line):
            sections[-1].items.append(Item([line]))
        elif _TOP.match(line):
            sections.append(Section(line))
        else:
            sections[-1].items[-1].lines.append(line)
    tail = "\n".join(trailer) + "\n" + text[end:] if trailer else text[end:]
    return text[:start], sections, tail


def join_tasks(head: str, sections: list[Section], tail: str) -> str:
    out = [head.rstrip("\n")]
    for i, section in enumerate((s for s in sections if s.items), 1):
        out.append(_TOP.sub(f"{i}. ", section.header, count=1))
        for j, item in enumerate(section.items, 1):
            out.append(_ITEM.sub(f"{i}.{j}. ", item.lines[0], count=1))
            out.extend(item.lines[1:])
    return "\n".join(out) + "\n" + tail


def select_items(sections: list[Section], keep: list[list[bool]]) -> list[Section]:
    return [
        Section(s.header, [it for it, k in zip(s.items, ks, strict=True) if k])
        for s, ks in zip(sections, keep, strict=True)
    ]


# --- letterheads -----------------------------------------------------------------------

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


def party_letterhead(place: Place, number: str, day: dt.date, variant: int, *, bch: bool) -> str:
    dated = f"{place.name}, {_long_date(day)}"
    if variant == 1 and not bch:
        return (
            f"{place.party_caps}\n\nBAN THƯỜNG VỤ\n\nSố {number}\n\n"
            f"ĐẢNG CỘNG SẢN VIỆT NAM\n\n{dated}\n\n"
        )
    if variant == 2:
        return (
            f"ĐẢNG BỘ {place.admin_caps}\n{place.party_caps}\n*\nSố {number}\n"
            f"ĐẢNG CỘNG SẢN VIỆT NAM\n{dated}\n\n"
        )
    return f"{place.party_caps}\n*\nSố {number}\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n{dated}\n\n"


def admin_letterhead(
    place: Place, number: str, day: dt.date, variant: int, *, body: str | None = None
) -> str:
    """People's Committee (``body=None``) or one of its departments."""
    dated = f"{place.name}, {_long_date(day)}"
    issuer = (
        f"ỦY BAN NHÂN DÂN\n{place.admin_caps}"
        if body is None
        else f"UBND {place.admin_caps}\n{body}"
    )
    if variant == 1:
        first, *rest = issuer.split("\n")
        issuer_flat = " ".join([first, *rest]) if body is None else issuer
        motto_first, motto_second = MOTTO.split("\n")
        return f"{issuer_flat} {motto_first}\n{motto_second}\nSố: {number} {dated}\n\n"
    if variant == 2:
        cell = issuer.replace("\n", "<br>")
        return (
            f"| {cell}<br>-------- | {MOTTO.replace(chr(10), '<br>')}<br>--------------- |\n"
            f"|---|---|\n| Số: {number} | *{dated}* |\n\n"
        )
    return f"{issuer}\n-------\nSố: {number}\n{MOTTO}\n---------------\n{dated}\n\n"


def _variant(rng: random.Random) -> int:
    return rng.choices((0, 1, 2), weights=(6, 2, 2))[0]


# --- the documents -----------------------------------------------------------------------


SUBJECT_52 = (
    r"về\s+một\s+số\s+chủ\s+trương,\s+chính\s+sách\s+chủ\s+động\s+tham\s+gia\s+"
    r"cuộc\s+Cách\s+mạng\s+công\s+nghiệp\s+lần\s+thứ\s+(?:tư|Tư)"
)
SUBJECT_57 = "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"


def _to_57(text: str) -> str:
    """A plan implementing 52-NQ/TW rewritten as one implementing 57-NQ/TW."""
    text = re.sub(SUBJECT_52, SUBJECT_57, text)
    text = text.replace("52-NQ/TW, ngày 27/9/2019", "57-NQ/TW, ngày 22/12/2024")
    text = text.replace("52-NQ/TW", "57-NQ/TW").replace("Nghị quyết 52", "Nghị quyết 57")
    return text.replace("khoá XII", "khóa XIII").replace("khóa XII", "khóa XIII")


def _sign(text: str, template: Template, name: str) -> str:
    for old in template.signers:
        text = text.replace(old, name)
    return text


def party_doc(province: Province, role: str, kind: str) -> str:
    """P52 (any of the three Party plans), P57 (a plan rewritten) or NQ (the resolution)."""
    template = TEMPLATES[kind]
    rng, place = province.rng, province.place
    text = template_text(kind)
    own = province.slots[role]
    if role == "P57":
        text = _to_57(text)
    text = drop_bullets(text, rng, 0.12)
    text = renumber(text, province, template)
    if role == "NQ" and "P52" in province.slots:
        p52 = province.slots["P52"]
        form = "Chương trình hành động" if "CTr" in p52.number else "Kế hoạch"
        anchor = "cuộc Cách mạng công nghiệp lần thứ tư; Quyết định số 749"
        cite = (
            f"cuộc Cách mạng công nghiệp lần thứ tư; {form} số {p52.number}, ngày "
            f"{_short_date(p52.date)} của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số "
            f"52-NQ/TW; Quyết định số 749"
        )
        text = text.replace(anchor, cite, 1)
    if kind == "ctr52":
        text = text.replace(
            "\n\n\n\nNguyễn Mạnh Hiên", "\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nNguyễn Mạnh Hiên"
        )
    signer = province.deputy if kind == "plan52" else province.secretary
    text = _sign(text, template, signer)
    text = localise(text, place, template.provinces)
    head = party_letterhead(place, own.number, own.date, _variant(rng), bch=kind == "nq")
    return head + text + "\n"


_TITLE_57 = re.compile(r"\A\s*KẾ HOẠCH\n[^\n]*\n")
_PREAMBLE = re.compile(r"\AThực hiện Nghị quyết số 57-NQ/TW[^\n]*cụ thể như sau:\n")
_REPLACES = re.compile(r" Kế hoạch này thay thế Kế hoạch số [^.]*\.")
_CLOSING = re.compile(r"Trên đây là Kế hoạch[^\n]*\n")
_RECIPIENTS = re.compile(r"Nơi nhận:\n.*\Z", re.DOTALL)


def ubnd_doc(province: Province, role: str) -> str:
    """U57a (an earlier, shorter issue) or U57b (the plan as printed, replacing U57a)."""
    template = TEMPLATES["ubnd57"]
    rng, place = province.rng, province.place
    text = template_text("ubnd57")
    own = province.slots[role]
    head, sections, tail = split_tasks(text)
    p_drop = 0.2 if role == "U57a" else 0.04
    keep = [[rng.random() >= p_drop for _ in s.items] for s in sections]
    text = join_tasks(head, select_items(sections, keep), tail)
    if role == "U57a" or "U57a" not in province.slots:
        text = _REPLACES.sub("", text, count=1)
    text = renumber(text, province, template)
    vice = rng.random() < 0.7
    signature = (
        f"\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n{rng.choice(province.vice)}"
        if vice
        else f"\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n{province.chairman}"
    )
    text = text.rstrip() + signature
    text = localise(text, place, template.provinces)
    return admin_letterhead(place, own.number, own.date, _variant(rng)) + text + "\n"


def dept_doc(province: Province, role: str, dept: Department, year: int, prev: str | None) -> str:
    """A department's plan implementing the People's Committee plan: the tasks it leads."""
    template = TEMPLATES["ubnd57"]
    rng, place = province.rng, province.place
    text = template_text("ubnd57")
    own = province.slots[role]
    head, sections, tail = split_tasks(text)
    name = dept.name.casefold()

    def mine(item: Item) -> bool:
        leads = [ln.casefold() for ln in item.leads]
        return not leads or any(name in ln or ": các " in ln for ln in leads)

    keep = [[mine(it) for it in s.items] for s in sections]
    flat = [(i, j) for i, s in enumerate(keep) for j in range(len(s))]
    # every department has at least a few items of its own; some write more than others
    extra = rng.sample(flat, k=rng.randint(2, 8))
    for i, j in extra:
        keep[i][j] = True
    for i, j in flat:
        if keep[i][j] and rng.random() < 0.1:
            keep[i][j] = False
    text = join_tasks(head, select_items(sections, keep), tail)

    parent = province.slots.get("U57b") or province.slots.get("U57a")
    party = province.slots.get("P57")
    upper = (
        f"Kế hoạch số {parent.number} ngày {_short_date(parent.date)} của Ủy ban nhân dân tỉnh"
        if parent
        else "Kế hoạch của Ủy ban nhân dân tỉnh"
    )
    period = f" năm {year}" if year > own.date.year or rng.random() < 0.5 else ""
    title = (
        f"KẾ HOẠCH\nTriển khai thực hiện {upper} thực hiện Nghị quyết số 57-NQ/TW ngày "
        f"22/12/2024 của Bộ Chính trị {SUBJECT_57}{period}\n"
    )
    party_cite = (
        f" và Kế hoạch hành động số {party.number} ngày {_short_date(party.date)} của Ban "
        "Thường vụ Tỉnh ủy"
        if party
        else ""
    )
    preamble = (
        f"Thực hiện {upper} triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của "
        f"Bộ Chính trị, Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ{party_cite}; "
        f"{dept.name} ban hành Kế hoạch thực hiện{period}, cụ thể như sau:\n"
    )
    replaces = ""
    if prev is not None:
        p = province.slots[prev]
        replaces = (
            f" Kế hoạch này thay thế Kế hoạch số {p.number} ngày {_short_date(p.date)} "
            f"của {dept.name}."
        )
    closing = (
        f"Trên đây là Kế hoạch của {dept.name} triển khai thực hiện {upper}.{replaces} "
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các phòng, đơn vị kịp thời "
        f"báo cáo {dept.name} để xem xét, giải quyết./.\n"
    )
    recipients = (
        "Nơi nhận:\n- UBND tỉnh (để b/c);\n- Sở Khoa học và Công nghệ;\n"
        "- Lãnh đạo Sở;\n- Các phòng, đơn vị thuộc Sở;\n- Lưu: VT, VP."
    )
    head_title = dept.head
    deputy = rng.random() < 0.6
    signature = (
        f"\n\nKT. {head_title}\nPHÓ {head_title}\n\n{_person(rng)}"
        if deputy
        else f"\n\n{head_title}\n\n{province.directors[dept.symbol]}"
    )
    text = _TITLE_57.sub(lambda _: title, text, count=1)
    body = text[len(title) :]
    body = _PREAMBLE.sub(lambda _: preamble, body, count=1)
    text = title + body
    text = _CLOSING.sub(lambda _: closing, text, count=1)
    text = _RECIPIENTS.sub(lambda _: recipients, text, count=1)
    text = renumber(text, province, template)
    text = localise(text.rstrip() + signature, place, template.provinces)
    body_caps = localise(dept.caps, place, ()) if place.city else dept.caps
    return (
        admin_letterhead(place, own.number, own.date, _variant(rng), body=body_caps) + text + "\n"
    )


@dataclass
class Doc:
    stem: str
    role: str
    template: str
    number: str
    date: str  # ISO
    cites: list[str]  # local numbers of this province the text cites
    text: str


def _cited(text: str, own: str, province: Province) -> list[str]:
    numbers = {s.number for s in province.slots.values()}
    numbers |= {s.number for s in province.foreign.values()}
    found = {m.group() for m in _NUMBER.finditer(text)}
    return sorted((numbers & found) - {own})


def province_documents(name: str, count: int, seed: int) -> list[Doc]:
    """``count`` documents of one province, the chain first."""
    province = Province(name, seed)
    rng = province.rng
    stem = slug(name)
    kind52 = rng.choice(("plan52", "plan52b", "ctr52"))
    kind57 = rng.choice(("plan52", "plan52b"))
    # the chain first, so that a small corpus still has whole chains
    plan = ["P57", "U57b", "P52", "NQ", "U57a"][:count]
    province.slot("P52", (100, 400, "-CTr/TU" if kind52 == "ctr52" else "-KH/TU"),
                  dt.date(2019, 11, 1), dt.date(2020, 3, 31))  # fmt: skip
    province.slot("NQ", (1, 12, "-NQ/TU"), dt.date(2021, 5, 1), dt.date(2021, 12, 20))
    province.slot("P57", (250, 500, "-KH/TU"), dt.date(2025, 1, 6), dt.date(2025, 1, 31))
    province.slot("U57a", (10, 80, "/KH-UBND"), dt.date(2025, 2, 10), dt.date(2025, 3, 20))
    province.slot("U57b", (90, 400, "/KH-UBND"), dt.date(2025, 4, 10), dt.date(2025, 9, 30))
    for role in ("P52", "NQ", "P57", "U57a", "U57b"):
        if role not in plan:
            del province.slots[role]
    depts: list[tuple[str, Department, int]] = []
    for k in range(count - len(plan)):
        dept = DEPARTMENTS[k % len(DEPARTMENTS)]
        year = 2025 + k // len(DEPARTMENTS)
        parent = province.slots.get("U57b") or province.slots.get("U57a")
        after = parent.date if parent else dt.date(2025, 4, 1)
        if year == 2025:
            first, last = after + dt.timedelta(days=7), after + dt.timedelta(days=75)
        else:
            first, last = dt.date(year, 1, 5), dt.date(year, 3, 31)
        role = f"{dept.symbol}-{year}"
        province.slot(role, (1, 250, f"/KH-{dept.symbol}"), first, last)
        depts.append((role, dept, year))
    made: list[tuple[str, str, str]] = []
    for role in plan:
        if role in ("P52", "NQ", "P57"):
            kind = {"P52": kind52, "NQ": "nq", "P57": kind57}[role]
            made.append((role, kind, party_doc(province, role, kind)))
        else:
            made.append((role, "ubnd57", ubnd_doc(province, role)))
    previous: dict[str, str] = {}
    for role, dept, year in depts:
        made.append(
            (role, "ubnd57", dept_doc(province, role, dept, year, previous.get(dept.symbol)))
        )
        previous[dept.symbol] = role
    out = []
    for i, (role, kind, text) in enumerate(made, 1):
        own = province.slots[role]
        out.append(
            Doc(
                stem=f"{stem}-{i:02d}-{slug(role)}",
                role=role,
                template=kind,
                number=own.number,
                date=own.date.isoformat(),
                cites=_cited(text, own.number, province),
                text=text,
            )
        )
    return out


def generate(out_dir: Path, n: int, seed: int = 7) -> list[Path]:
    """Write ``n`` documents under ``out_dir/<province>/`` and ``out_dir/expected.json``.

    Files whose text is unchanged are not rewritten (their mtime stays), and ``.txt`` files
    of an earlier run that this one does not write are removed.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    provinces = PROVINCES_2008
    counts = [n // len(provinces) + (i < n % len(provinces)) for i in range(len(provinces))]
    paths: list[Path] = []
    expected: list[dict[str, object]] = []
    for name, count in zip(provinces, counts, strict=True):
        if count == 0:
            continue
        folder = out_dir / slug(name)
        folder.mkdir(exist_ok=True)
        for doc in province_documents(name, count, seed):
            path = folder / f"{doc.stem}.txt"
            if not path.exists() or path.read_text("utf-8") != doc.text:
                path.write_text(doc.text, "utf-8")
            paths.append(path)
            record = {k: v for k, v in asdict(doc).items() if k != "text"}
            expected.append({"path": str(path.relative_to(out_dir)), "province": name, **record})
    written = set(paths)
    for old in out_dir.rglob("*.txt"):
        if old not in written:
            old.unlink()
    (out_dir / EXPECTED).write_text(json.dumps(expected, ensure_ascii=False, indent=1), "utf-8")
    return paths


def expected(out_dir: Path) -> list[dict[str, object]]:
    """What each generated file under ``out_dir`` was written to say."""
    data: list[dict[str, object]] = json.loads((Path(out_dir) / EXPECTED).read_text("utf-8"))
    return data

"""Vietnam's provinces and centrally-run cities: the 63 before July 2025 and the 34 after.

Names keep their diacritics; :func:`find_provinces` recognises the spellings real
documents use ("Thanh Hoá" and "Thanh Hóa", "Đắk Lắk" and "Đăk Lăk", "TP. Hồ Chí Minh").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

CENTRAL = "Trung ương"

# The 63 provinces and cities in force until 30 June 2025.
PROVINCES_2008 = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
    "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
    "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định",
    "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang",
    "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip

# The 34 provinces and cities from 1 July 2025 (Resolution 202/2025/QH15).
PROVINCES_2025 = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên",
    "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng",
    "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh",
    "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)  # fmt: skip

PROVINCES = tuple(dict.fromkeys(PROVINCES_2008 + PROVINCES_2025))

CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})

# Other spellings seen in documents, mapped to the names above.
_ALIASES = {
    "Thanh Hoá": "Thanh Hóa",
    "Khánh Hoà": "Khánh Hòa",
    "Hoà Bình": "Hòa Bình",
    "Đăk Lăk": "Đắk Lắk",
    "Đắc Lắc": "Đắk Lắk",
    "Daklak": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông",
    "Đắc Nông": "Đắk Nông",
    "Bắc Cạn": "Bắc Kạn",
    "Kontum": "Kon Tum",
    "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa – Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Thành phố Hồ Chí Minh": "Hồ Chí Minh",
    "TP. Hồ Chí Minh": "Hồ Chí Minh",
    "TP.Hồ Chí Minh": "Hồ Chí Minh",
    "TP Hồ Chí Minh": "Hồ Chí Minh",
    "TP.HCM": "Hồ Chí Minh",
    "TP. HCM": "Hồ Chí Minh",
    "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "Thừa Thiên-Huế": "Thừa Thiên Huế",
}


def strip_marks(text: str) -> str:
    """``Thái Bình`` -> ``Thai Binh``: for matching and identifiers only; data keeps its marks."""
    s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive form of what a user types or searches."""
    return " ".join(strip_marks(text).casefold().split())


def slug(name: str) -> str:
    """ASCII identifier of a name: ``Thái Bình`` -> ``thai-binh``, for keys and IRIs."""
    return re.sub(r"[^a-z0-9]+", "-", strip_marks(name).lower()).strip("-")


@cache
def _names() -> dict[str, str]:
    """Every accepted spelling, upper-cased, to its canonical name."""
    out: dict[str, str] = {}
    for name in PROVINCES:
        out[name.upper()] = name
    for alias, name in _ALIASES.items():
        out[alias.upper()] = name
    return out


@cache
def _pattern(ignore_case: bool) -> re.Pattern[str]:
    # Longest first, so "Thừa Thiên Huế" wins over "Huế" and "Hà Nam" is not read in "Hà Nội".
    # The look-behind (no letter before the name) is checked by find_provinces: a pattern
    # that opens with the names lets ``re`` skip to their first letters.
    spellings = list(PROVINCES) + list(_ALIASES)
    names = sorted(set(spellings), key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"[ \t]+") for n in names)
    return re.compile(rf"(?:{body})(?![\w])", re.IGNORECASE if ignore_case else 0)


_WORD_CHAR = re.compile(r"\w")


def canonical(name: str) -> str | None:
    """The canonical province name of a spelling, or ``None``."""
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip().upper()
    return _names().get(key)


def find_provinces(text: str, *, ignore_case: bool = False) -> Iterator[tuple[str, int, int]]:
    """Yield ``(canonical name, start, end)`` for each province named in ``text``.

    Args:
        ignore_case: for letterheads, which are in capitals. Diacritics always count.
    """
    pattern = _pattern(ignore_case)
    pos = 0
    while m := pattern.search(text, pos):
        if m.start() and _WORD_CHAR.match(text, m.start() - 1):
            pos = m.start() + 1  # inside a word: try from the next character, as finditer
            continue
        pos = m.end()
        name = canonical(m.group())
        if name is not None:
            yield name, m.start(), m.end()

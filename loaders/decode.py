"""Decoding: turn a document's bytes into text, whatever encoding it was saved in.

Vietnamese policy documents come as UTF-8 (with or without a byte-order mark), as UTF-16
(Windows "Unicode" text), or in one of the pre-Unicode Vietnamese encodings that old
offices still produce: Windows-1258, TCVN3 (the "ABC" fonts, .VnTime) and VNI-Windows
(the "VNI-Times" fonts). :func:`decode_bytes` finds out which, converts legacy text to
Unicode, and refuses -- with a one-line :class:`~policykg.errors.DecodeError` naming the
file -- anything that is empty, binary or in an encoding it cannot recognise. A legacy
encoding is told by scoring each candidate's words against Vietnamese syllables; when no
candidate is clearly ahead of the next, the file is refused rather than guessed.

The text is kept exactly as decoded: line ends are not touched and UTF-8/UTF-16 text is not
normalised, because later offsets are mapped back to this text. Only the byte-order mark is
removed, and text converted from Windows-1258, TCVN3 or VNI is put in NFC (those encodings
spell tone marks as separate combining characters or as font-specific bytes).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from policykg.errors import DecodeError

__all__ = ["Decoded", "decode_bytes", "one_line", "read_bytes", "read_document"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoded:
    """The text of a document and how it was decoded."""

    text: str
    """The decoded text, without byte-order mark (NFC for the legacy encodings)."""
    encoding: str
    """``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``utf-16-be``, ``windows-1258``, ``tcvn3``
    or ``vni``."""
    note: str | None
    """A one-line explanation for a human; ``None`` for plain UTF-8."""


# --- detection thresholds -----------------------------------------------------------------

_UTF16_SNIFF_BYTES = 4096
"""How much of a file without byte-order mark is examined for the UTF-16 NUL pattern."""
_UTF16_NUL_SHARE = 0.40
"""UTF-16 when more than this share of the odd (or even) bytes are NUL ..."""
_UTF16_OTHER_NUL_SHARE = 0.10
"""... and fewer than this share of the other half are: the NULs must alternate."""
_BINARY_SNIFF_BYTES = 8192
"""How much of a file is examined for control characters."""
_BINARY_CONTROL_SHARE = 0.10
"""More than this share of C0 control characters (other than tab, newlines, form feed)."""
_MIN_VIETNAMESE_SHARE = 0.60
"""A legacy decoding is accepted only if at least this share of its words are Vietnamese."""
_LEAD_WORDS = 2
"""... and only if it reads at least this many more Vietnamese words than the next best,
and is ahead of it either ..."""
_LEAD_SHARE = 0.20
"""... by this share of the words (what a short text needs) ..."""
_CLEAR_LEAD_WORDS = 10
"""... or by this many words. Measured on 20,000 snippets of 1 to 30 lines of the bundled
and real documents, encoded in the three encodings (plus Windows-1258 damaged by '?' for
what it cannot encode): no snippet read wrongly got through, the worst was 4 words ahead;
about one snippet in ten of 1-3 lines and one in thirteen of 4-9 lines is refused."""
_SCORE_CHARS = 100_000
"""How much of each legacy decoding is scored (some thousands of words are plenty)."""

_TEXT_CONTROLS = frozenset(b"\t\n\r\f")
_WHITESPACE = b" \t\n\r\f\v"

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_ALL_BOMS = (_UTF8_BOM, b"\xff\xfe", b"\xfe\xff")
_ENDIAN = {"utf-16-le": "little-endian", "utf-16-be": "big-endian"}

# Signatures of the binary formats people most often hand us instead of text, and what to
# tell them (https://en.wikipedia.org/wiki/List_of_file_signatures).
_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file, not a text document (convert it to text first)"),
    (b"PK\x03\x04", "a Word/zip file, not a text document (save it as text first)"),
    (b"PK\x05\x06", "a Word/zip file, not a text document (save it as text first)"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Word/Excel (OLE) file, not a text document (save it as text first)",
    ),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not a text document"),
    (b"\xff\xd8\xff", "a JPEG image, not a text document"),
    (b"GIF87a", "a GIF image, not a text document"),
    (b"GIF89a", "a GIF image, not a text document"),
)

# --- legacy Vietnamese encodings ----------------------------------------------------------

# TCVN3 / "ABC" (TCVN 5712:1993). The ABC fonts (.VnTime) use the VN3 subset of the standard:
# the lowercase letters and the seven capitals Ă Â Ê Ô Ơ Ư Đ in 0xA1-0xFE; capitals with a
# tone are typed as the lowercase byte in an uppercase "H" font (.VnTimeH), so they decode
# to lowercase and are put back from the words around them (_restore_h_capitals: a word
# in capitals, not the lone "Ủ" of "Ủy ban"). The full standard (VN1) also has the toned
# capitals in 0x80-0x9F, a few C0 positions and some 0xA0-0xFF gaps; decoding those too
# costs nothing.
# Table as in glibc iconv "TCVN5712-1" and X11 lcUniConv/tcvn.h; cross-checked against the
# tables of the converters in github.com/duydev/vietnamese-conversion (src/charsets.ts) and
# hdbd789/clinic (Converter.cs). Unlisted bytes are ASCII / Latin-1.
# fmt: off
_TCVN3_TO_UNICODE: dict[int, str] = {
    # VN3: lowercase letters, unmarked and with grave, acute, hook above, tilde, dot below
    0xB5: "à", 0xB8: "á", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ",
    0xA8: "ă", 0xBB: "ằ", 0xBE: "ắ", 0xBC: "ẳ", 0xBD: "ẵ", 0xC6: "ặ",
    0xA9: "â", 0xC7: "ầ", 0xCA: "ấ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCB: "ậ",
    0xCC: "è", 0xD0: "é", 0xCE: "ẻ", 0xCF: "ẽ", 0xD1: "ẹ",
    0xAA: "ê", 0xD2: "ề", 0xD5: "ế", 0xD3: "ể", 0xD4: "ễ", 0xD6: "ệ",
    0xD7: "ì", 0xDD: "í", 0xD8: "ỉ", 0xDC: "ĩ", 0xDE: "ị",
    0xDF: "ò", 0xE3: "ó", 0xE1: "ỏ", 0xE2: "õ", 0xE4: "ọ",
    0xAB: "ô", 0xE5: "ồ", 0xE8: "ố", 0xE6: "ổ", 0xE7: "ỗ", 0xE9: "ộ",
    0xAC: "ơ", 0xEA: "ờ", 0xED: "ớ", 0xEB: "ở", 0xEC: "ỡ", 0xEE: "ợ",
    0xEF: "ù", 0xF3: "ú", 0xF1: "ủ", 0xF2: "ũ", 0xF4: "ụ",
    0xAD: "ư", 0xF5: "ừ", 0xF8: "ứ", 0xF6: "ử", 0xF7: "ữ", 0xF9: "ự",
    0xFA: "ỳ", 0xFD: "ý", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ",
    0xAE: "đ",
    # VN3: the capitals without tone
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    # VN1 only: capitals with a tone
    0x80: "À", 0x83: "Á", 0x81: "Ả", 0x82: "Ã", 0x84: "Ạ",
    0xAF: "Ằ", 0xC0: "Ắ", 0xBA: "Ẳ", 0xBF: "Ẵ", 0x85: "Ặ",
    0xC1: "Ầ", 0xC4: "Ấ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0x86: "Ậ",
    0x87: "È", 0x8A: "É", 0x88: "Ẻ", 0x89: "Ẽ", 0x8B: "Ẹ",
    0xC5: "Ề", 0xDA: "Ế", 0xCD: "Ể", 0xD9: "Ễ", 0x8C: "Ệ",
    0x8D: "Ì", 0x90: "Í", 0x8E: "Ỉ", 0x8F: "Ĩ", 0x91: "Ị",
    0x92: "Ò", 0x95: "Ó", 0x93: "Ỏ", 0x94: "Õ", 0x96: "Ọ",
    0xDB: "Ồ", 0xFF: "Ố", 0xE0: "Ổ", 0xF0: "Ỗ", 0x97: "Ộ",
    0x98: "Ờ", 0x9B: "Ớ", 0x99: "Ở", 0x9A: "Ỡ", 0x9C: "Ợ",
    0x9D: "Ù", 0x01: "Ú", 0x9E: "Ủ", 0x9F: "Ũ", 0x02: "Ụ",
    0x04: "Ừ", 0x11: "Ứ", 0x05: "Ử", 0x06: "Ữ", 0x12: "Ự",
    0x13: "Ỳ", 0x16: "Ý", 0x14: "Ỷ", 0x15: "Ỹ", 0x17: "Ỵ",
    # VN1 only: combining tone marks (NFC composes them with the letter before)
    0xB0: "\u0300", 0xB3: "\u0301", 0xB1: "\u0309", 0xB2: "\u0303", 0xB4: "\u0323",
}

# VNI-Windows (the VNI-Times fonts). A vowel is its ASCII letter followed by one mark byte:
# tone ø ù û õ ï (grave, acute, hook, tilde, dot), circumflex â with tone á à å ã ä, breve ê
# with tone é è ú ü ë, and the same marks in uppercase (Ø Ù Û Õ Ï, Â Á À Å Ã Ä, Ê É È Ú Ü Ë)
# after a capital. ơ ư đ and the i vowels are single bytes; ơ and ư take a tone byte after.
# Bytes shown in Windows-1252; cross-checked entry by entry against the VNI tables of
# github.com/duydev/vietnamese-conversion (src/charsets.ts) and of a QGIS Vietnamese-text
# plugin (_VNIWin). Bytes not in a sequence are Windows-1252.
_VNI_TO_UNICODE: dict[bytes, str] = {
    b"a\xf8": "à", b"a\xf9": "á", b"a\xfb": "ả", b"a\xf5": "ã", b"a\xef": "ạ",
    b"a\xea": "ă", b"a\xe8": "ằ", b"a\xe9": "ắ", b"a\xfa": "ẳ", b"a\xfc": "ẵ", b"a\xeb": "ặ",
    b"a\xe2": "â", b"a\xe0": "ầ", b"a\xe1": "ấ", b"a\xe5": "ẩ", b"a\xe3": "ẫ", b"a\xe4": "ậ",
    b"e\xf8": "è", b"e\xf9": "é", b"e\xfb": "ẻ", b"e\xf5": "ẽ", b"e\xef": "ẹ",
    b"e\xe2": "ê", b"e\xe0": "ề", b"e\xe1": "ế", b"e\xe5": "ể", b"e\xe3": "ễ", b"e\xe4": "ệ",
    b"\xec": "ì", b"\xed": "í", b"\xe6": "ỉ", b"\xf3": "ĩ", b"\xf2": "ị",
    b"o\xf8": "ò", b"o\xf9": "ó", b"o\xfb": "ỏ", b"o\xf5": "õ", b"o\xef": "ọ",
    b"o\xe2": "ô", b"o\xe0": "ồ", b"o\xe1": "ố", b"o\xe5": "ổ", b"o\xe3": "ỗ", b"o\xe4": "ộ",
    b"\xf4": "ơ",
    b"\xf4\xf8": "ờ", b"\xf4\xf9": "ớ", b"\xf4\xfb": "ở", b"\xf4\xf5": "ỡ", b"\xf4\xef": "ợ",
    b"u\xf8": "ù", b"u\xf9": "ú", b"u\xfb": "ủ", b"u\xf5": "ũ", b"u\xef": "ụ",
    b"\xf6": "ư",
    b"\xf6\xf8": "ừ", b"\xf6\xf9": "ứ", b"\xf6\xfb": "ử", b"\xf6\xf5": "ữ", b"\xf6\xef": "ự",
    b"y\xf8": "ỳ", b"y\xf9": "ý", b"y\xfb": "ỷ", b"y\xf5": "ỹ", b"\xee": "ỵ",
    b"\xf1": "đ",
    b"A\xd8": "À", b"A\xd9": "Á", b"A\xdb": "Ả", b"A\xd5": "Ã", b"A\xcf": "Ạ",
    b"A\xca": "Ă", b"A\xc8": "Ằ", b"A\xc9": "Ắ", b"A\xda": "Ẳ", b"A\xdc": "Ẵ", b"A\xcb": "Ặ",
    b"A\xc2": "Â", b"A\xc0": "Ầ", b"A\xc1": "Ấ", b"A\xc5": "Ẩ", b"A\xc3": "Ẫ", b"A\xc4": "Ậ",
    b"E\xd8": "È", b"E\xd9": "É", b"E\xdb": "Ẻ", b"E\xd5": "Ẽ", b"E\xcf": "Ẹ",
    b"E\xc2": "Ê", b"E\xc0": "Ề", b"E\xc1": "Ế", b"E\xc5": "Ể", b"E\xc3": "Ễ", b"E\xc4": "Ệ",
    b"\xcc": "Ì", b"\xcd": "Í", b"\xc6": "Ỉ", b"\xd3": "Ĩ", b"\xd2": "Ị",
    b"O\xd8": "Ò", b"O\xd9": "Ó", b"O\xdb": "Ỏ", b"O\xd5": "Õ", b"O\xcf": "Ọ",
    b"O\xc2": "Ô", b"O\xc0": "Ồ", b"O\xc1": "Ố", b"O\xc5": "Ổ", b"O\xc3": "Ỗ", b"O\xc4": "Ộ",
    b"\xd4": "Ơ",
    b"\xd4\xd8": "Ờ", b"\xd4\xd9": "Ớ", b"\xd4\xdb": "Ở", b"\xd4\xd5": "Ỡ", b"\xd4\xcf": "Ợ",
    b"U\xd8": "Ù", b"U\xd9": "Ú", b"U\xdb": "Ủ", b"U\xd5": "Ũ", b"U\xcf": "Ụ",
    b"\xd6": "Ư",
    b"\xd6\xd8": "Ừ", b"\xd6\xd9": "Ứ", b"\xd6\xdb": "Ử", b"\xd6\xd5": "Ữ", b"\xd6\xcf": "Ự",
    b"Y\xd8": "Ỳ", b"Y\xd9": "Ý", b"Y\xdb": "Ỷ", b"Y\xd5": "Ỹ", b"\xce": "Ỵ",
    b"\xd1": "Đ",
}
# fmt: on

# The same sequences read as Latin-1 (one character per byte), longest first so that
# "ơ + tone" wins over a bare "ơ".
_VNI_BY_LATIN_1 = {seq.decode("latin-1"): letter for seq, letter in _VNI_TO_UNICODE.items()}
_VNI_PATTERN = re.compile(
    "|".join(re.escape(seq) for seq in sorted(_VNI_BY_LATIN_1, key=len, reverse=True))
)


def _windows_1252_c1() -> dict[int, str]:
    """0x80-0x9F as Windows-1252 reads them; the five it leaves undefined stay Latin-1."""
    table: dict[int, str] = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_WINDOWS_1252_C1 = _windows_1252_c1()
# TCVN3 text saved through Windows' code page keeps its quotes and dashes (“ ” – …) as
# Windows-1252 bytes, where the full standard has toned capitals (0x93 is Ỏ): the file
# says which by the reading that gives more Vietnamese words.
_TCVN3_WITH_WINDOWS_1252_C1 = {**_TCVN3_TO_UNICODE, **_WINDOWS_1252_C1}
_C1_BYTE = re.compile(rb"[\x80-\x9f]")

_NAMES = {"windows-1258": "Windows-1258", "tcvn3": "TCVN3", "vni": "VNI"}
_LEGACY_NOTES = {
    "windows-1258": "legacy Windows-1258 encoding, converted to Unicode",
    "tcvn3": (
        "legacy TCVN3 (ABC) encoding, converted to Unicode; words in capitals typed in "
        "the 'H' fonts restored, a lone toned capital before lowercase ('ủy ban') not"
    ),
    "vni": "legacy VNI-Windows encoding, converted to Unicode",
}

# --- a small Vietnamese syllable check, to score the legacy candidates ---------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave acute tilde hook dot-below
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# Vowel groups ending in a glide (-i -y -o -u) or in -a: they take no final consonant.
_OPEN_RHYMES = (
    "iêu|yêu|uôi|ươi|ươu|oai|oay|oao|oeo|uây|uya|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ưa|ua"
)
# Vowel groups that must be followed by a final consonant (tiên, tuân, xoong, ăn) ...
_CLOSED_NUCLEI = "uyê|iê|yê|uô|ươ|oă|oo|uâ|ă|â"
# ... and those that may be (hoa, hoan).
_NUCLEI = "oa|oe|uê|uơ|uy|a|e|ê|i|o|ô|ơ|u|ư|y"
_CODAS = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(
    rf"(?:{_ONSETS})?(?:{_OPEN_RHYMES}|(?:{_CLOSED_NUCLEI})(?:{_CODAS})|(?:{_NUCLEI})(?:{_CODAS})?)"
)
# A syllable closed by a stop (-c -ch -p -t) has the acute or the dot-below tone: các, việc.
_STOP_CODA = re.compile(r"(?:c|ch|p|t)$")
_STOP_TONES = frozenset("\u0301\u0323")
_WORD = re.compile(r"[^\W\d_]+")


# --- public API ---------------------------------------------------------------------------


def read_document(path: Path) -> Decoded:
    """Read the file at ``path`` and decode it with :func:`decode_bytes`."""
    return decode_bytes(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The bytes of the file at ``path``; a one-line :class:`DecodeError` if unreadable."""
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DecodeError(one_line(f"{path}: cannot read: {reason}")) from exc


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode the bytes of a text document; ``name`` (the file name) is used in errors.

    Raises :class:`~policykg.errors.DecodeError` for an empty or binary file, one in an
    encoding that is not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI, or one that two of the
    legacy encodings read about equally well.
    """
    label = one_line(name)
    # 1. Why first: an empty file is not worth sniffing, and says nothing about its encoding.
    if _is_blank(data):
        raise DecodeError(f"{label}: empty file")
    # 2. Why next: a byte-order mark is the only certain statement of an encoding.
    decoded = _decode_with_bom(data, label)
    if decoded is None:
        decoded = _decode_without_bom(data, label)
    # Why again: UTF-16 whitespace is not ASCII whitespace, so step 1 cannot see it.
    if not decoded.text.strip():
        raise DecodeError(f"{label}: empty file")
    return decoded


# --- the detection steps ------------------------------------------------------------------


def _decode_without_bom(data: bytes, label: str) -> Decoded:
    """Steps 3-7: signatures, UTF-16 by its NULs, binary, UTF-8, the legacy encodings."""
    # 3. Why before the NUL heuristics: a signature is exact, and a short binary (a PNG
    #    header) may have NULs in just the alternating pattern of UTF-16.
    kind = _magic_kind(data)
    if kind is not None:
        raise DecodeError(f"{label}: {kind}")
    # 4. Why before the binary check: UTF-16 text without BOM is full of NUL bytes.
    codec = _sniff_utf16(data)
    if codec is not None:
        text = _strict_decode(data, codec)
        if text is not None and _looks_like_text(text):
            note = f"UTF-16 {_ENDIAN[codec]} without a byte-order mark (guessed from its NULs)"
            return Decoded(text=text, encoding=codec, note=note)
    # 5. Why before UTF-8: NULs and control characters are valid UTF-8, but not text.
    if b"\x00" in data or _control_share(data[:_BINARY_SNIFF_BYTES]) > _BINARY_CONTROL_SHARE:
        raise DecodeError(f"{label}: binary file, not a text document")
    # 6. Why before the legacy encodings: valid UTF-8 is almost never an accident -- VNI,
    #    TCVN3 and Windows-1258 put lone bytes >= 0x80 between ASCII letters, which UTF-8
    #    forbids. (Pure ASCII is valid in all of them and reads the same.)
    text = _strict_decode(data, "utf-8")
    if text is not None:
        return Decoded(text=text, encoding="utf-8", note=None)
    # 7. Why last, and by scoring: the three legacy encodings decode any byte string, so
    #    only the result tells them apart.
    return _decode_legacy(data, label)


def _decode_with_bom(data: bytes, label: str) -> Decoded | None:
    """Decode by the byte-order mark, or return ``None`` if there is none."""
    if data.startswith(_UTF32_BOMS):  # Why before UTF-16: FF FE 00 00 starts with FF FE.
        raise DecodeError(f"{label}: UTF-32 text is not supported (save it as UTF-8)")
    if data.startswith(_UTF8_BOM):
        text = _strict_decode(data[len(_UTF8_BOM) :], "utf-8")
        if text is None:
            raise DecodeError(f"{label}: starts with a UTF-8 byte-order mark but is not UTF-8")
        if not _looks_like_text(text):
            raise DecodeError(f"{label}: binary file, not a text document")
        return Decoded(text=text, encoding="utf-8-sig", note="UTF-8 with a byte-order mark")
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom):
            text = _strict_decode(data[len(bom) :], codec)
            if text is None:
                raise DecodeError(
                    f"{label}: starts with a UTF-16 byte-order mark but is not UTF-16"
                )
            if not _looks_like_text(text):
                raise DecodeError(f"{label}: binary file, not a text document")
            note = f"UTF-16 {_ENDIAN[codec]} with a byte-order mark"
            return Decoded(text=text, encoding=codec, note=note)
    return None


def _decode_legacy(data: bytes, label: str) -> Decoded:
    """Decode with each legacy encoding and keep the one whose words look most Vietnamese,
    if it is clearly the best: two readings that score alike are a guess, and a wrong
    guess builds a document out of garbled words (or worse, half-right ones)."""
    scored = []  # (share of Vietnamese words, how many, encoding, text)
    for encoding, decode in _LEGACY_DECODERS:
        text = decode(data)
        if text is not None:
            share, count = _vietnamese_words(text[:_SCORE_CHARS])
            scored.append((share, count, encoding, text))
    # A stable sort: ties keep the earlier, more common encoding first.
    scored.sort(key=lambda candidate: -candidate[0])
    if not scored or scored[0][0] < _MIN_VIETNAMESE_SHARE:
        raise DecodeError(
            f"{label}: unknown text encoding (not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI)"
        )
    share, count, encoding, text = scored[0]
    # Why only rivals with another text: pure ASCII reads the same in all three.
    rival = next((c for c in scored[1:] if c[3] != text), None)
    if rival is None:
        return Decoded(text=text, encoding=encoding, note=_LEGACY_NOTES[encoding])
    rival_share, rival_count, rival_encoding, _ = rival
    lead = count - rival_count
    if lead < _LEAD_WORDS or (share - rival_share < _LEAD_SHARE and lead < _CLEAR_LEAD_WORDS):
        raise DecodeError(
            f"{label}: cannot tell its legacy encoding: {_NAMES[encoding]} and "
            f"{_NAMES[rival_encoding]} read alike ({share:.0%} and {rival_share:.0%} of words "
            f"Vietnamese; tried {', '.join(_NAMES.values())}); save it as UTF-8"
        )
    rival_name = _NAMES[rival_encoding]
    scores = f"{share:.0%} of words Vietnamese (next best, {rival_name}: {rival_share:.0%})"
    return Decoded(text=text, encoding=encoding, note=f"{_LEGACY_NOTES[encoding]}; {scores}")


# --- decoders -----------------------------------------------------------------------------


def _decode_windows_1258(data: bytes) -> str | None:
    """Windows-1258; it spells most tones as combining marks, hence NFC."""
    text = _strict_decode(data, "cp1258")
    return None if text is None else unicodedata.normalize("NFC", text)


def _decode_tcvn3(data: bytes) -> str:
    """TCVN3: one byte per letter; Latin-1 for the bytes the table does not list."""
    raw = data.decode("latin-1")
    text = unicodedata.normalize("NFC", raw.translate(_TCVN3_TO_UNICODE))
    if _C1_BYTE.search(data):
        windows = unicodedata.normalize("NFC", raw.translate(_TCVN3_WITH_WINDOWS_1252_C1))
        # Why ties keep the standard's capitals: they are what the table says.
        if _vietnamese_words(windows[:_SCORE_CHARS])[0] > _vietnamese_words(text[:_SCORE_CHARS])[0]:
            text = windows
    return _restore_h_capitals(text)


# --- TCVN3 capitals typed in the "H" fonts ------------------------------------------------
# VN3 has no toned capitals: "NGHỊ QUYẾT" is typed in .VnTimeH, whose lowercase bytes draw
# capitals, and so is stored as "NGH\xde QUY\xd5T", which reads "NGHị QUYếT". Left so, the
# title is not found and the document takes the number of what it cites. A word is put back
# in capitals when it must have been typed so: a toned letter after a capital ("QUYếT",
# "ủY"), or a short word ("Số", "Về", "ở") among such words with no lowercase word on the line.

# What a word's letters say of how it was typed: in capitals and a Vietnamese word ("NAM");
# a toned lowercase letter alone or after a first capital ("ở", "Số"); a toned lowercase
# letter after a capital elsewhere ("QUYếT"); an ASCII lowercase letter ("ngày"); nothing
# (an acronym such as UBND, a Roman numeral, a single capital).
_CAPITALS, _AMBIGUOUS, _SURE_CAPITALS, _LOWER, _NEUTRAL = range(5)


def _restore_h_capitals(text: str) -> str:
    """``text`` with the words typed in capitals in the H fonts put back in capitals."""
    if not any(not char.isascii() and char.islower() for char in text):
        return text
    return "".join(_restore_line(line) for line in text.splitlines(keepends=True))


def _restore_line(line: str) -> str:
    words = list(_WORD.finditer(line))
    kinds = [_case_kind(word[0]) for word in words]
    out: list[str] = []
    done = 0
    for i, word in enumerate(words):
        if kinds[i] == _SURE_CAPITALS or (kinds[i] == _AMBIGUOUS and _among_capitals(kinds, i)):
            out += (line[done : word.start()], word[0].upper())
            done = word.end()
    return "".join(out) + line[done:]


def _case_kind(word: str) -> int:
    """How a word's letters say it was typed (one of the kinds above)."""
    h_lower = [not char.isascii() and char.islower() for char in word]
    if any(char.islower() and not h for char, h in zip(word, h_lower, strict=True)):
        return _LOWER  # an ASCII lowercase letter: a lowercase font
    if any(h_lower):
        if any(char.isupper() for char in word[1:]):
            return _SURE_CAPITALS
        return _AMBIGUOUS
    # All capitals and a word of the language (not UBND, KH, a Roman numeral).
    if len(word) > 1 and _is_vietnamese_syllable(word):
        return _CAPITALS
    return _NEUTRAL


def _among_capitals(kinds: list[int], i: int) -> bool:
    """The nearest telling words on either side: capitals on one side, no lowercase."""
    telling = (_CAPITALS, _SURE_CAPITALS, _LOWER)
    before = next((k for k in reversed(kinds[:i]) if k in telling), None)
    after = next((k for k in kinds[i + 1 :] if k in telling), None)
    sides = {before, after} - {None}
    return bool(sides) and _LOWER not in sides


def _decode_vni(data: bytes) -> str:
    """VNI-Windows: replace the letter sequences, read the other bytes as Windows-1252."""
    text = _VNI_PATTERN.sub(lambda match: _VNI_BY_LATIN_1[match[0]], data.decode("latin-1"))
    # Why after the replacement: no sequence involves 0x80-0x9F, and no letter lands there.
    return unicodedata.normalize("NFC", text.translate(_WINDOWS_1252_C1))


_LEGACY_DECODERS: tuple[tuple[str, Callable[[bytes], str | None]], ...] = (
    ("windows-1258", _decode_windows_1258),
    ("tcvn3", _decode_tcvn3),
    ("vni", _decode_vni),
)


# --- helpers ------------------------------------------------------------------------------


def one_line(message: str) -> str:
    """Keep an error message on one line even if a file name has a line break in it."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def _is_blank(data: bytes) -> bool:
    """True for no bytes, or nothing but byte-order marks and ASCII whitespace."""
    rest = data
    while rest.startswith(_ALL_BOMS):
        rest = rest[3:] if rest.startswith(_UTF8_BOM) else rest[2:]
    return not rest.strip(_WHITESPACE)


def _magic_kind(data: bytes) -> str | None:
    """What binary format ``data`` starts with, as a phrase for the error message."""
    for magic, kind in _MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind
    return None


def _sniff_utf16(data: bytes) -> str | None:
    """The UTF-16 codec if the first bytes show ASCII text with alternating NUL bytes."""
    sample = data[:_UTF16_SNIFF_BYTES]
    if len(sample) < 2:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > _UTF16_NUL_SHARE and even_nuls < _UTF16_OTHER_NUL_SHARE:
        return "utf-16-le"  # "A\x00" -- the high byte comes second
    if even_nuls > _UTF16_NUL_SHARE and odd_nuls < _UTF16_OTHER_NUL_SHARE:
        return "utf-16-be"
    return None


def _strict_decode(data: bytes, codec: str) -> str | None:
    """``data`` decoded with ``codec``, or ``None`` if it is not valid in it."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _looks_like_text(text: str) -> bool:
    """A decoded text is no text if it has NULs or too many control characters."""
    if "\x00" in text:
        return False
    sample = text[:_BINARY_SNIFF_BYTES]
    return _control_share(sample) <= _BINARY_CONTROL_SHARE


# The C0 control characters counted against a text (by bytes and by str methods, which
# count in C: a loop over the characters in Python cost as much as the rest of decoding).
_COUNTED_CONTROLS = bytes(code for code in range(0x20) if code not in _TEXT_CONTROLS)


def _control_share(sample: bytes | str) -> float:
    """The share of C0 control characters other than tab, line feed, carriage return, form feed."""
    if not sample:
        return 0.0
    if isinstance(sample, bytes):
        controls = len(sample) - len(sample.translate(None, _COUNTED_CONTROLS))
    else:
        controls = sum(sample.count(chr(code)) for code in _COUNTED_CONTROLS)
    return controls / len(sample)


def _vietnamese_words(text: str) -> tuple[float, int]:
    """The share of the words of ``text`` that are plausible Vietnamese syllables, and
    their number."""
    words = _WORD.findall(text)
    if not words:
        return 0.0, 0
    count = sum(_is_vietnamese_syllable(word) for word in words)
    return count / len(words), count


@functools.lru_cache(maxsize=4096)
def _is_vietnamese_syllable(word: str) -> bool:
    """Onset, vowel group and final consonant of Vietnamese, with at most one tone mark
    (and after a stop, one of the two that may stand there)."""
    letters = unicodedata.normalize("NFD", word.lower())
    tones = [char for char in letters if char in _TONE_MARKS]
    if len(tones) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in letters if c not in _TONE_MARKS))
    if _STOP_CODA.search(toneless) and not _STOP_TONES.intersection(tones):
        return False
    return _SYLLABLE.fullmatch(toneless) is not None

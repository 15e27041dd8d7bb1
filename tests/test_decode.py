"""Tests for :mod:`policykg.loaders.decode`: encodings detected, text converted, errors."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import DecodeError, InputError
from policykg.loaders.decode import (
    _TCVN3_TO_UNICODE,
    _VNI_TO_UNICODE,
    Decoded,
    _is_vietnamese_syllable,
    decode_bytes,
    read_document,
)
from policykg.loaders.parse import find_files, parse_bytes, parse_file

from .conftest import CORPUS

SENTENCE = (
    "Thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về một số chủ trương, "
    "chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư, Ban Thường vụ Tỉnh ủy "
    "xây dựng Kế hoạch như sau:"
)
LETTERHEAD = "ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH"
# Line ends of both kinds: the decoder must leave them alone.
DOCUMENT = f"{LETTERHEAD}\r\n\r\n{SENTENCE}\n- Mục tiêu: phát triển kinh tế số.\n"

TEXTS = [
    pytest.param(SENTENCE, id="sentence"),
    pytest.param(LETTERHEAD, id="letterhead"),
    pytest.param(DOCUMENT, id="document"),
]

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


# --- encoders: Unicode text -> the bytes a legacy program would have written --------------


def _windows_1258_combining(text: str) -> bytes:
    """Windows-1258 as Word writes it: letter (with ^ ( +) then a combining tone byte."""
    out = bytearray()
    for char in text:
        letters = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in letters if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in letters if c not in _TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def _windows_1258_precomposed(text: str) -> bytes:
    """Windows-1258 using its few precomposed toned letters (à á é ...) where it has them."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            out += _windows_1258_combining(char)
    return bytes(out)


# The encoders are the inverse of the module's decode tables, which
# test_tcvn3_table_is_the_published_one checks against a published table.
_TCVN3_FROM_UNICODE = {char: bytes([byte]) for byte, char in _TCVN3_TO_UNICODE.items()}
_VNI_FROM_UNICODE = {char: seq for seq, char in _VNI_TO_UNICODE.items()}
# The VN3 subset the ABC fonts have: lowercase letters and the seven untoned capitals.
_VN3_FROM_UNICODE = {
    char: bytes([byte])
    for byte, char in _TCVN3_TO_UNICODE.items()
    if char not in _TONE_MARKS and (char.islower() or char in "ĂÂÊÔƠƯĐ")
}


def _tcvn3(text: str) -> bytes:
    """TCVN3 with the toned capitals at the codes of the full standard (VN1), as glibc's
    iconv TCVN5712-1 writes them."""
    return b"".join(_TCVN3_FROM_UNICODE.get(c) or c.encode("latin-1") for c in text)


def _tcvn3_h(text: str) -> bytes:
    """TCVN3 as typed with the ABC fonts: a toned capital is its lowercase byte, which the
    uppercase .VnTimeH font draws as the capital."""
    out = []
    for c in text:
        vn3 = None if c.isascii() else _VN3_FROM_UNICODE.get(c) or _VN3_FROM_UNICODE.get(c.lower())
        out.append(vn3 or c.encode("latin-1"))
    return b"".join(out)


def _vni(text: str) -> bytes:
    return b"".join(_VNI_FROM_UNICODE.get(c) or c.encode("cp1252") for c in text)


ENCODERS = [
    pytest.param(lambda s: s.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
    pytest.param(lambda s: b"\xff\xfe" + s.encode("utf-16-le"), "utf-16-le", id="utf-16-le-bom"),
    pytest.param(lambda s: b"\xfe\xff" + s.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
    pytest.param(lambda s: s.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
    pytest.param(lambda s: s.encode("utf-16-be"), "utf-16-be", id="utf-16-be-no-bom"),
    pytest.param(_windows_1258_combining, "windows-1258", id="windows-1258-combining"),
    pytest.param(_windows_1258_precomposed, "windows-1258", id="windows-1258-precomposed"),
    pytest.param(_tcvn3, "tcvn3", id="tcvn3"),
    pytest.param(_tcvn3_h, "tcvn3", id="tcvn3-h-fonts"),
    pytest.param(_vni, "vni", id="vni"),
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(("encode", "encoding"), ENCODERS)
def test_round_trip(text: str, encode: Callable[[str], bytes], encoding: str) -> None:
    decoded = decode_bytes(encode(text), "doc.txt")
    assert decoded.text == text
    assert unicodedata.is_normalized("NFC", decoded.text)
    assert decoded.encoding == encoding
    if encoding == "utf-8":
        assert decoded.note is None
    else:
        assert decoded.note
        assert "\n" not in decoded.note


# Byte strings written by hand from the published charts, independent of the module's tables.
KNOWN_BYTES = [
    pytest.param(
        b"Ch\xednh phu\xfb n\xf6\xf4\xf9c Vie\xe4t Nam",
        "vni",
        "Chính phủ nước Việt Nam",
        id="vni-viet-nam",
    ),
    pytest.param(
        b"Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam",
        "vni",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        id="vni-cong-hoa",
    ),
    pytest.param(
        b"CO\xc4NG HO\xd8A XA\xd5 HO\xc4I CHU\xdb NGH\xd3A VIE\xc4T NAM",
        "vni",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        id="vni-cong-hoa-capitals",
    ),
    pytest.param(
        b"\xd1o\xe4c la\xe4p - T\xf6\xef do - Ha\xefnh phu\xf9c",
        "vni",
        "Độc lập - Tự do - Hạnh phúc",
        id="vni-doc-lap",
    ),
    pytest.param(
        b"Ch\xddnh ph\xf1 n\xad\xedc Vi\xd6t Nam",
        "tcvn3",
        "Chính phủ nước Việt Nam",
        id="tcvn3-viet-nam",
    ),
    pytest.param(
        b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam",
        "tcvn3",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        id="tcvn3-cong-hoa",
    ),
    pytest.param(
        b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c",
        "tcvn3",
        "Độc lập - Tự do - Hạnh phúc",
        id="tcvn3-doc-lap",
    ),
    # Capitals typed in an "H" font are lowercase bytes, put back in capitals.
    pytest.param(
        b"\xf1Y BAN NH\xa2N D\xa2N T\xd8NH TH\xb8I B\xd7NH",
        "tcvn3",
        "ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH",
        id="tcvn3-h-font-letterhead",
    ),
    pytest.param(
        b"K\xd5 HO\xb9CH\nTH\xf9C HI\xd6N NGH\xde QUY\xd5T S\xe8 57-NQ/TW"
        b" C\xf1A B\xe9 CH\xddNH TR\xde",
        "tcvn3",
        "KẾ HOẠCH\nTHỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW CỦA BỘ CHÍNH TRỊ",
        id="tcvn3-h-font-title",
    ),
    # ... but not a capitalised word of a lowercase line: "Số:" of a letterhead stays.
    pytest.param(
        b"S\xe8: 283/KH-UBND ng\xb5y 24 th\xb8ng 9 n\xa8m 2025",
        "tcvn3",
        "Số: 283/KH-UBND ngày 24 tháng 9 năm 2025",
        id="tcvn3-capitalised-word",
    ),
    pytest.param(
        b"Ch\xednh phu\xd2 n\xfd\xf5\xecc Vi\xea\xf2t Nam",
        "windows-1258",
        "Chính phủ nước Việt Nam",
        id="windows-1258-viet-nam",
    ),
    # Two words are too few to tell the encodings apart: refused (test_a_guess_is_refused).
]


@pytest.mark.parametrize(("data", "encoding", "text"), KNOWN_BYTES)
def test_known_legacy_bytes(data: bytes, encoding: str, text: str) -> None:
    decoded = decode_bytes(data, "doc.txt")
    assert (decoded.encoding, decoded.text) == (encoding, text)


def test_text_is_kept_as_decoded() -> None:
    # Offsets are mapped back to this text: no newline or Unicode normalisation for UTF-8.
    original = unicodedata.normalize("NFD", "Điều 1.\r\nKế hoạch\rnăm 2025\n")
    decoded = decode_bytes(original.encode("utf-8"), "doc.txt")
    assert decoded.text == original


def test_ascii_is_utf_8() -> None:
    assert decode_bytes(b"Ban Chap hanh Trung uong\n", "doc.txt") == Decoded(
        text="Ban Chap hanh Trung uong\n", encoding="utf-8", note=None
    )


def test_decoded_is_frozen() -> None:
    decoded = decode_bytes(b"Ban\n", "doc.txt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.text = "other"  # type: ignore[misc]


# --- legacy encodings: the table, whole documents, and refusing to guess -------------------

# TCVN 5712:1993 as published in X11's lcUniConv/tcvn.h (tcvn_2uni_1 for 0x00-0x17,
# tcvn_2uni_2 for 0x80-0xFF), the table glibc's iconv TCVN5712-1 also uses.
_X11_TCVN_00 = (
    0x0000, 0x00DA, 0x1EE4, 0x0003, 0x1EEA, 0x1EEC, 0x1EEE, 0x0007,
    0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x1EE8, 0x1EF0, 0x1EF2, 0x1EF6, 0x1EF8, 0x00DD, 0x1EF4,
)  # fmt: skip
_X11_TCVN_80 = (
    0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,
    0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,
    0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,
    0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
)  # fmt: skip


def test_tcvn3_table_is_the_published_one() -> None:
    published = {**dict(enumerate(_X11_TCVN_00)), **dict(enumerate(_X11_TCVN_80, 0x80))}
    for byte, code in published.items():
        assert _TCVN3_TO_UNICODE.get(byte, chr(byte)) == chr(code), hex(byte)
    # Every entry of the module's table is in the published one (ASCII is not touched).
    assert set(_TCVN3_TO_UNICODE) <= set(published)


# TCVN3 has no code for curly quotes: its documents use straight ones.
_STRAIGHT = str.maketrans({"“": '"', "”": '"'})


def _corpus_text(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).translate(_STRAIGHT)


CORPUS_FILES = sorted((Path(__file__).parent.parent / "examples" / "corpus").glob("*.txt"))
LEGACY = [
    pytest.param(_tcvn3, "tcvn3", id="tcvn3"),
    pytest.param(_tcvn3_h, "tcvn3", id="tcvn3-h-fonts"),
    pytest.param(_vni, "vni", id="vni"),
    pytest.param(_windows_1258_combining, "windows-1258", id="windows-1258"),
]


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize(("encode", "encoding"), LEGACY)
def test_corpus_documents_decode_back(
    path: Path, encode: Callable[[str], bytes], encoding: str
) -> None:
    original = _corpus_text(path)
    decoded = decode_bytes(encode(original), path.name)
    assert decoded.encoding == encoding
    if encode is not _tcvn3_h:
        assert decoded.text == original
        return
    # The H fonts lose which toned letters were capitals; the words typed in capitals come
    # back whole, and only a lone toned capital before lowercase letters ("Ủy ban") not.
    assert decoded.text.casefold() == original.casefold()
    for line, back in zip(original.splitlines(), decoded.text.splitlines(), strict=True):
        if line == line.upper():
            assert back == line
    lost = {w for w, b in zip(original.split(), decoded.text.split(), strict=True) if w != b}
    assert all(w[0].isupper() and w[1:] == w[1:].lower() for w in lost), lost


def _tcvn3_windows_quotes(text: str) -> bytes:
    """TCVN3 saved through Windows' code page: quotes and dashes are Windows-1252 bytes."""
    return b"".join(c.encode("cp1252") if c in "“”–…" else _tcvn3_h(c) for c in text)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_tcvn3_with_windows_quotes(path: Path) -> None:
    # 0x93 and 0x94 are the toned capitals Ỏ and Õ of the full standard: read so, every
    # quoted title would gain them ("ỎNghị quyếtÕ").
    original = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    decoded = decode_bytes(_tcvn3_windows_quotes(original), path.name)
    assert decoded.encoding == "tcvn3"
    assert decoded.text.casefold() == original.casefold()
    assert decoded.text.count("“") == original.count("“")


def test_h_font_plan_is_not_the_resolution_it_cites() -> None:
    # Issue 13, item 6: "KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW" typed in .VnTimeH read
    # "Kế HOạCH THựC HIệN NGHị QUYếT Số 57-NQ/TW": no title, and the plan took 57-NQ/TW.
    path = CORPUS / "004_1b73a6d31f29fe0d.txt"
    want = parse_file(path).document
    got = parse_bytes(_tcvn3_h(_corpus_text(path)), path).document
    assert (got.kind, got.number, got.title) == (want.kind, want.number, want.title)
    assert got.number is None


# Lines of real documents whose bytes read as Vietnamese in two encodings: the decoder
# used to pick one (the first, wrongly); a guess is now refused.
AMBIGUOUS = [
    pytest.param(
        _windows_1258_combining("- Trung tâm kinh doanh VNPT (TĐ 1022);"),
        "Windows-1258 and TCVN3",
        id="windows-1258-or-tcvn3",
    ),
    pytest.param(_vni("quốc gia số."), "VNI and Windows-1258", id="vni-or-windows-1258"),
    pytest.param(_tcvn3_h("**IV. GIẢI"), "Windows-1258 and TCVN3", id="tcvn3-or-windows-1258"),
    pytest.param(b"Vi\xd6t Nam", "TCVN3 and Windows-1258", id="two-words"),
]


@pytest.mark.parametrize(("data", "pair"), AMBIGUOUS)
def test_a_guess_is_refused(data: bytes, pair: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, "dir/doc.txt")
    message = str(info.value)
    assert message.startswith("dir/doc.txt: cannot tell its legacy encoding: ")
    assert "\n" not in message
    assert "tried Windows-1258, TCVN3, VNI" in message
    assert sorted(pair.split(" and ")) == sorted(
        message.split(": ")[2].split(" read alike")[0].split(" and ")
    )


def test_the_note_gives_the_scores() -> None:
    decoded = decode_bytes(_vni(SENTENCE), "doc.txt")
    assert decoded.note is not None
    assert decoded.note.endswith("; 95% of words Vietnamese (next best, TCVN3: 40%)")


@pytest.mark.parametrize(
    ("word", "ok"),
    [
        ("các", True),
        ("việc", True),
        ("xoong", True),
        ("tiên", True),
        ("Quốc", True),
        ("cat", False),  # a stop ends only a syllable with the acute or dot-below tone
        ("tiê", False),  # iê is always closed
        ("soỏ", False),  # "Số" in VNI read as TCVN3
        ("ăn", True),
        ("ă", False),
    ],
)
def test_vietnamese_syllable(word: str, ok: bool) -> None:
    assert _is_vietnamese_syllable(word) is ok


# --- errors -------------------------------------------------------------------------------


def _random_binary() -> bytes:
    rng = random.Random(20240927)
    return bytes(rng.randrange(256) for _ in range(2000)) + b"\x00\x00\x00"


BAD_BYTES = [
    pytest.param(b"", "empty file", id="empty"),
    pytest.param(b" \t\r\n\n  \r\n", "empty file", id="whitespace-only"),
    pytest.param(b"\xef\xbb\xbf", "empty file", id="utf-8-bom-only"),
    pytest.param(b"\xef\xbb\xbf \r\n", "empty file", id="utf-8-bom-and-whitespace"),
    pytest.param(b"\xff\xfe \x00\n\x00\x00\x30", "empty file", id="utf-16-whitespace"),
    pytest.param(_random_binary(), "binary file", id="random-bytes-with-nuls"),
    pytest.param(b"\x01\x02\x03\x04\x05\x06\x07\x08 abc" * 20, "binary file", id="control-bytes"),
    pytest.param(b"Ban\x00Chap hanh\n", "binary file", id="nul-in-ascii"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "PNG", id="png"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF", id="pdf"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "Word/zip", id="zip-docx"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "OLE", id="ole-doc"),
    pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG", id="jpeg"),
    pytest.param(b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF", id="gif"),
    pytest.param(b"\xff\xfe\x00\x00V\x00\x00\x00", "UTF-32", id="utf-32-bom"),
    pytest.param(b"\xef\xbb\xbfVi\xeat Nam", "not UTF-8", id="utf-8-bom-then-invalid"),
    pytest.param(
        "Größe der Übergröße an der Straße".encode("cp1252"),
        "unknown text encoding",
        id="german-windows-1252",
    ),
    pytest.param(bytes(range(0x80, 0x100)) * 3, "unknown text encoding", id="high-bytes-only"),
]


@pytest.mark.parametrize(("data", "phrase"), BAD_BYTES)
def test_bad_bytes(data: bytes, phrase: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, "dir/doc.txt")
    message = str(info.value)
    assert message.startswith("dir/doc.txt: ")
    assert "\n" not in message
    assert phrase in message


def test_message_stays_on_one_line_for_odd_names() -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(b"", "two\nlines.txt")
    assert "\n" not in str(info.value)


def test_only_decode_errors_escape() -> None:
    rng = random.Random(7)
    alphabet = b"aeiou nhtgc\n\xe0\xe9\xf8\xf9\xb5\xd6\xf6\xff\xfe\xef\xbb\xbf\x00\x01"
    for _ in range(500):
        size = rng.choice([1, 2, 3, 7, 64, 999])
        if rng.random() < 0.5:
            data = bytes(rng.randrange(256) for _ in range(size))
        else:
            data = bytes(rng.choice(alphabet) for _ in range(size))
        try:
            decoded = decode_bytes(data, "fuzz.txt")
        except DecodeError as exc:
            assert str(exc).startswith("fuzz.txt: ")
            assert "\n" not in str(exc)
        else:
            assert decoded.text.strip()


# --- read_document ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        pytest.param(lambda s: s.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(_tcvn3, "tcvn3", id="tcvn3"),
        pytest.param(_vni, "vni", id="vni"),
    ],
)
def test_read_document(tmp_path: Path, encode: Callable[[str], bytes], encoding: str) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(encode(SENTENCE))
    decoded = read_document(path)
    assert (decoded.encoding, decoded.text) == (encoding, SENTENCE)


def test_read_document_names_the_file_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    with pytest.raises(DecodeError, match=r"empty file$") as info:
        read_document(path)
    assert str(info.value).startswith(str(path))


@pytest.mark.parametrize(
    "make_path",
    [
        pytest.param(lambda tmp: tmp / "missing.txt", id="missing"),
        pytest.param(lambda tmp: tmp, id="directory"),
    ],
)
def test_read_document_cannot_read(tmp_path: Path, make_path: Callable[[Path], Path]) -> None:
    path = make_path(tmp_path)
    with pytest.raises(DecodeError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(f"{path}: cannot read: ")
    assert "\n" not in message


# --- finding the files of a corpus: no folder is skipped in silence (issue 13, item 7) ----
# Tests run as root, whom chmod 000 does not stop: the folder is made unreadable by making
# os.scandir (what os.walk lists folders with) refuse it.


@pytest.fixture
def corpus_with_locked_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    corpus = tmp_path / "corpus"
    for name in ("thai-binh/ke-hoach.txt", "locked/nghi-quyet.md", "a.txt"):
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(SENTENCE, encoding="utf-8")
    locked = corpus / "locked"
    scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    return corpus


def test_find_files_refuses_an_unreadable_folder(corpus_with_locked_folder: Path) -> None:
    corpus = corpus_with_locked_folder
    with pytest.raises(InputError) as info:
        list(find_files([corpus]))
    assert str(info.value) == f"{corpus / 'locked'}: cannot read this folder: Permission denied"


def test_find_files_reports_an_unreadable_folder_and_goes_on(
    corpus_with_locked_folder: Path,
) -> None:
    corpus = corpus_with_locked_folder
    errors: list[InputError] = []
    found = list(find_files([corpus], onerror=errors.append))
    assert found == [corpus / "a.txt", corpus / "thai-binh" / "ke-hoach.txt"]
    assert [str(e) for e in errors] == [
        f"{corpus / 'locked'}: cannot read this folder: Permission denied"
    ]


def test_find_files_reads_what_rglob_reads(tmp_path: Path) -> None:
    # The same files as before the change from Path.rglob: case-insensitive suffixes,
    # hidden folders, links to files (not to folders), no broken link.
    for name in ("b/x.TXT", ".hidden/y.md", "c.txt", "d.csv", "b/e.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "c.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "folder-link").symlink_to(tmp_path / "b")
    rglob = sorted(
        f for f in tmp_path.rglob("*") if f.is_file() and f.suffix.lower() in (".txt", ".md")
    )
    assert list(find_files([tmp_path])) == rglob
    assert len(rglob) == 5


def test_parse_command_fails_on_an_unreadable_folder(corpus_with_locked_folder: Path) -> None:
    result = CliRunner().invoke(cli, ["parse", str(corpus_with_locked_folder)])
    assert result.exit_code == 1
    locked = corpus_with_locked_folder / "locked"
    assert f"{locked}: cannot read this folder: Permission denied" in result.stderr
    assert "Traceback" not in result.output


def test_build_fails_on_an_unreadable_folder(
    corpus_with_locked_folder: Path, tmp_path: Path
) -> None:
    from policykg.graph.build import build

    with pytest.raises(InputError, match=r"locked: cannot read this folder: Permission denied"):
        build([corpus_with_locked_folder], tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_parse_says_an_unreadable_folder_and_parses_the_rest(
    corpus_with_locked_folder: Path,
) -> None:
    result = CliRunner().invoke(cli, ["parse", str(corpus_with_locked_folder), "--format", "json"])
    assert result.exit_code == 1
    assert "locked: cannot read this folder: Permission denied" in result.stderr
    assert json.loads(result.stdout)  # the other documents


def test_build_keep_going_lists_an_unreadable_folder(
    corpus_with_locked_folder: Path, tmp_path: Path
) -> None:
    from policykg.graph.build import build

    summary = build([corpus_with_locked_folder], tmp_path / "store", keep_going=True)
    assert summary.documents > 0
    assert any("locked: cannot read this folder" in f for f in summary.failed)

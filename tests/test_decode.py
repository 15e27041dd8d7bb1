"""Tests for :mod:`policykg.loaders.decode`: encodings detected, text converted, errors."""

from __future__ import annotations

import dataclasses
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from policykg.errors import DecodeError
from policykg.loaders.decode import (
    _TCVN3_TO_UNICODE,
    _VNI_TO_UNICODE,
    Decoded,
    decode_bytes,
    read_document,
)

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


_TCVN3_FROM_UNICODE = {char: bytes([byte]) for byte, char in _TCVN3_TO_UNICODE.items()}
_VNI_FROM_UNICODE = {char: seq for seq, char in _VNI_TO_UNICODE.items()}


def _tcvn3(text: str) -> bytes:
    return b"".join(_TCVN3_FROM_UNICODE.get(c) or c.encode("latin-1") for c in text)


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
    pytest.param(b"Vie\xe4t Nam", "vni", "Việt Nam", id="vni-viet-nam"),
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
    pytest.param(b"Vi\xd6t Nam", "tcvn3", "Việt Nam", id="tcvn3-viet-nam"),
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
    # Capitals typed in an "H" font are lowercase bytes: the known, accepted loss.
    pytest.param(
        b"\xf1Y BAN NH\xa2N D\xa2N T\xd8NH TH\xb8I B\xd7NH",
        "tcvn3",
        "ủY BAN NHÂN DÂN TỉNH THáI BìNH",
        id="tcvn3-h-font-letterhead",
    ),
    pytest.param(b"Vi\xea\xf2t Nam", "windows-1258", "Việt Nam", id="windows-1258-viet-nam"),
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

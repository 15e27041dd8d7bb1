"""Property-based fuzzing of the input readers: any input gives a result or a clean error.

The decoder (``decode_bytes``), the table reader (``parse_text`` on table-ish text) and the
manifest reader (``read_manifest``) each run 2,000 examples, derandomised so that CI sees
the same inputs every time. Allowed outcomes are a record or one of the project's errors
(:mod:`policykg.errors`) with a one-line message; anything else -- a traceback -- fails.
Beyond not crashing, each result is checked not to lie where that is cheap: spans inside
the text, manifest rows inside their folder. What fuzzing found is fixed and kept here as
an ``@example``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policykg.errors import DecodeError, InputError
from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.decode import decode_bytes
from policykg.loaders.manifest import read_manifest
from policykg.loaders.parse import parse_text
from policykg.loaders.structure import layout
from policykg.loaders.tables import table_blocks

from .conftest import CORPUS
from .test_decode import _tcvn3, _tcvn3_h, _vni, _windows_1258_combining

FUZZ = settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ENCODINGS = {
    "utf-8",
    "utf-8-sig",
    "utf-16-le",
    "utf-16-be",
    "windows-1258",
    "tcvn3",
    "vni",
}


def _one_line(error: Exception, name: str) -> None:
    """The message names the file first (``name: ...`` or ``name:line: ...``)."""
    message = str(error)
    assert message.startswith(name) and message[len(name)] == ":", message
    assert "\n" not in message and "\r" not in message


# --- the decoder ----------------------------------------------------------------------------

# Bytes that steer the decoder into each of its branches: byte-order marks, NULs, control
# bytes, file signatures, and the letters and marks of the three legacy encodings.
BYTE_FRAGMENTS = (
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x00",
    b"\x01",
    b"%PDF-",
    b"PK\x03\x04",
    b" ",
    b"\n",
    b"\r\n",
    b"a",
    b"Ng",
    b"NGH",
    b"Vi\xd6t",  # TCVN3
    b"\xf1Y",  # TCVN3, an H-font capital
    b"Vie\xe4t",  # VNI
    b"\xd1o\xe4c",  # VNI
    b"Vi\xea\xf2t",  # Windows-1258
    b"\xcc",
    b"\xe0",
    b"\x93",
    b"\xc3\xa1",  # UTF-8 á
    b"\xe1\xbb",  # a cut UTF-8 sequence
)
fragmented_bytes = st.lists(st.sampled_from(BYTE_FRAGMENTS), max_size=60).map(b"".join)


def _check_decode(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, "fuzz.txt")
    except DecodeError as exc:
        _one_line(exc, "fuzz.txt")
        return
    assert decoded.text.strip()
    assert decoded.encoding in ENCODINGS
    assert decoded.note is None or "\n" not in decoded.note


@FUZZ
@given(st.one_of(st.binary(max_size=3000), fragmented_bytes))
@example(b"\xff\xfe\x00\x00")  # UTF-32, refused
@example(b"\xef\xbb\xbf\xff")  # a UTF-8 byte-order mark, then no UTF-8
@example(b"Vi\xd6t Nam")  # two words that TCVN3 and Windows-1258 read alike: refused
def test_decoder_on_any_bytes(data: bytes) -> None:
    _check_decode(data)


# Real documents, encoded each way a file reaches us, then cut and mutated: the decoder
# meets text that is almost right.
_SLICE = 1500
_ENCODERS: tuple[Callable[[str], bytes], ...] = (
    lambda s: s.encode("utf-8"),
    lambda s: s.encode("utf-16-le"),
    _tcvn3,
    _tcvn3_h,
    _vni,
    _windows_1258_combining,
)
_TEXTS = tuple(
    p.read_text(encoding="utf-8").replace("“", '"').replace("”", '"')
    for p in sorted(CORPUS.glob("*.txt"))
)


@st.composite
def mutated_documents(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(_TEXTS))
    start = draw(st.integers(0, len(text) - 1))
    data = bytearray(draw(st.sampled_from(_ENCODERS))(text[start : start + _SLICE]))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(("set", "insert", "delete")))
        byte = draw(st.integers(0, 255))
        if op == "insert":
            data[at:at] = bytes([byte])
        elif data and op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif data:
            data[min(at, len(data) - 1)] = byte
    return bytes(data)


@FUZZ
@given(mutated_documents())
def test_decoder_on_mutated_documents(data: bytes) -> None:
    _check_decode(data)


# --- the table reader -------------------------------------------------------------------------

TABLE_FRAGMENTS = (
    "|",
    "| ",
    " |",
    " | ",
    "||",
    "\\|",
    "|---|---|",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\t",
    "1",
    "2.1",
    "IV",
    "a)",
    "- ",
    "**",
    "TT",
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian",
    "Sở Tài chính",
    "Ủy ban nhân dân tỉnh",
    "2025",
    "Quý II/2026",
    "Năm 2027",
    "KẾ HOẠCH",
    "III. TỔ CHỨC THỰC HIỆN",
    "PHỤ LỤC",
    "Điều 1.",
    "Nghị quyết số 57-NQ/TW",
    "Chủ trì: ",
    "Phối hợp: ",
    "Thời gian hoàn thành: ",
)
table_texts = st.lists(
    st.one_of(st.sampled_from(TABLE_FRAGMENTS), st.text(max_size=8)), max_size=80
).map("".join)


@FUZZ
@given(table_texts)
# A row without its closing bar swallowed the next (issue 13, 10a).
@example("| 4 | Triển khai | Sở Tài chính\n| 5 | Phát triển | Sở Công Thương |")
def test_table_reader(text: str) -> None:
    c = clean(text, "fuzz.md")
    for block in table_blocks(DocContext(c, layout(c))):
        for row in block:
            assert 0 <= row.start <= row.end <= len(c.text)
            assert all(0 <= a <= b <= len(c.text) for a, b in row.spans)
    doc = parse_text(text, "fuzz.md")
    for task in doc.tasks:
        span = task.provenance.span
        assert 0 <= span.start <= span.end <= len(text)


# --- the manifest reader ------------------------------------------------------------------

HEADER = "file,number,date,issuer,jurisdiction,kind,title\n"
ROWS = (
    "003_07a70d37f77f3d0b.txt,02-NQ/TU,19/11/2021,Ban Chấp hành Đảng bộ tỉnh,Thái Bình,"
    "resolution,\n",
    "283.txt,283/KH-UBND,2025-09-24,Ủy ban nhân dân tỉnh,Thái Bình,Kế hoạch,"
    '"Thực hiện Nghị quyết số 02-NQ/TU\nvề chuyển đổi số"\n',
    "thai-binh/004.txt,,,,trung ương,plan,\n",
)
MANIFEST_FRAGMENTS = (
    ",",
    '"',
    '""',
    "\n",
    "\r",
    "\r\n",
    "# ",
    "\ufeff",
    "\x00",
    "..",
    "/",
    "\\",
    "C:",
    " ",
    "file",
    "number",
    "kind",
    "x.txt",
    "30/02/2021",
    "2021-13-01",
    "57-NQ/TW",
    "Hà Nội",
    "Nghị quyết",
    "resolution",
)


@st.composite
def mutated_manifests(draw: st.DrawFn) -> bytes:
    text = HEADER + "".join(draw(st.lists(st.sampled_from(ROWS), min_size=1, max_size=3)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(MANIFEST_FRAGMENTS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
    return text.encode(draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1258"))), "replace")


@pytest.fixture(scope="module")
def manifest_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "manifest.csv"


def _check_manifest(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        manifest = read_manifest(path)
    except InputError as exc:
        _one_line(exc, str(path))
        return
    assert manifest.entries
    for entry in manifest.entries:
        # Every row names a file inside the manifest's folder, and quotes itself.
        assert not posixpath.normpath(entry.file.replace("\\", "/")).startswith("..")
        assert entry.provenance.quote
        assert entry.provenance.span.end - entry.provenance.span.start == len(
            entry.provenance.quote
        )


@FUZZ
@given(st.binary(max_size=2000))
def test_manifest_reader_on_any_bytes(manifest_path: Path, data: bytes) -> None:
    _check_manifest(manifest_path, data)


@FUZZ
@given(mutated_manifests())
@example(b"file\n" + b"x" * 200_000 + b"\n")  # was a csv.Error traceback (field limit)
@example(b"file\n../../etc/passwd\n")  # was read, and ignored when found in the folder
def test_manifest_reader_on_mutated_rows(manifest_path: Path, data: bytes) -> None:
    _check_manifest(manifest_path, data)

"""Property-based fuzzing of the parse cache's reader: any bytes in a cache file give the
records that were written, or a dropped entry with a one-line note; never a traceback,
never code run (the cache is checked JSON, :mod:`policykg.codec`)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.codec import to_data
from policykg.graph import store
from policykg.loaders.parse import parse_file
from policykg.records import ParsedDocument

from . import test_fuzz as fuzz
from .conftest import CORPUS

FUZZ = settings(
    fuzz.FUZZ,
    suppress_health_check=[*fuzz.FUZZ.suppress_health_check, HealthCheck.function_scoped_fixture],
)
# Shapes of records, beyond the 2,000 examples of any and damaged bytes.
SHAPES = settings(FUZZ, max_examples=500)
KEY = "0" * 64


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    return parse_file(sorted(CORPUS.glob("*.txt"))[2])


@pytest.fixture(scope="module")
def written(document: ParsedDocument, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("cache")
    store.write_cached(folder, KEY, document)
    return (folder / store.CACHE_DIR / f"{KEY}{store.CACHE_SUFFIX}").read_bytes()


def _read(folder: Path, data: bytes) -> tuple[ParsedDocument | None, str | None]:
    path = folder / store.CACHE_DIR / f"{KEY}{store.CACHE_SUFFIX}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return store.read_cached(folder, KEY)


def _sealed(payload: bytes) -> bytes:
    """A cache file whose checksum is right, around any payload."""
    import hashlib

    return store.CACHE_MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def _check(result: tuple[ParsedDocument | None, str | None], document: ParsedDocument) -> None:
    doc, note = result
    if doc is None:
        assert note is not None and "\n" not in note and "parsed again" in note
    else:
        assert doc == document and note is None


@FUZZ
@given(data=st.binary(max_size=4096))
def test_any_bytes(tmp_path: Path, document: ParsedDocument, data: bytes) -> None:
    _check(_read(tmp_path, data), document)


@FUZZ
@given(cut=st.integers(min_value=0), flips=st.lists(st.tuples(st.integers(0), st.integers(1, 255))))
def test_damaged_cache_files(
    tmp_path: Path, document: ParsedDocument, written: bytes, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(written[: cut % (len(written) + 1)])
    for at, mask in flips:
        if data:
            data[at % len(data)] ^= mask
    _check(_read(tmp_path, bytes(data)), document)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=40,
)


@SHAPES
@given(value=_JSON)
def test_any_json_with_a_right_checksum(
    tmp_path: Path, document: ParsedDocument, value: object
) -> None:
    payload = zlib.compress(json.dumps(value).encode())
    _check(_read(tmp_path, _sealed(payload)), document)


@SHAPES
@given(path=st.lists(st.integers(0, 40), min_size=1, max_size=4), value=_JSON)
def test_records_with_one_value_replaced(
    tmp_path: Path, document: ParsedDocument, path: list[int], value: object
) -> None:
    data = to_data(document)
    node = data
    for step in path[:-1]:
        if not isinstance(node, list) or not node:
            break
        node = node[step % len(node)]
    if isinstance(node, list) and node:
        node[path[-1] % len(node)] = value
    payload = zlib.compress(json.dumps(data, ensure_ascii=False).encode())
    doc, note = _read(tmp_path, _sealed(payload))
    # A replaced value that still has the right type gives a record: no error, no crash.
    assert doc is not None or (note is not None and "\n" not in note)


def test_the_written_entry_reads_back(
    tmp_path: Path, document: ParsedDocument, written: bytes
) -> None:
    assert _read(tmp_path, written) == (document, None)

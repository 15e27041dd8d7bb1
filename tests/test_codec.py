"""The record codec: the encoders and decoders written out per record class say what the
walk over runtime types says, value for value."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pytest

from policykg import codec
from policykg.graph.heads import Head, head_of
from policykg.loaders.parse import parse_file
from policykg.records import ParsedDocument

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    *sorted((ROOT / "examples" / "corpus").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "real").glob("*.md"))[:12],
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_written_out_codec_is_the_walk(path: Path) -> None:
    doc = parse_file(path)
    data = codec.to_data(doc)
    assert data == codec._generic(doc)
    assert codec.from_data(ParsedDocument, data) == doc
    head = head_of(doc)
    assert codec.from_data(Head, codec.to_data(head)) == head


def test_a_value_of_the_wrong_type_is_a_codec_error() -> None:
    data = codec.to_data(parse_file(FILES[0]))
    data[0] = 7  # the file name, as a number
    with pytest.raises(codec.CodecError, match="expected str, got int"):
        codec.from_data(ParsedDocument, data)


class Colour(StrEnum):
    RED = "red"
    NONE = ""  # a member that is falsy: decoded all the same


@dataclass(frozen=True)
class Painted:
    colour: Colour


@pytest.mark.parametrize("value", ["red", ""])
def test_an_enum_is_decoded_by_its_value(value: str) -> None:
    assert codec.from_data(Painted, [value]) == Painted(Colour(value))


@pytest.mark.parametrize("value", ["blue", ["red"], None])
def test_an_unknown_enum_value_is_a_codec_error(value: object) -> None:
    with pytest.raises(codec.CodecError):
        codec.from_data(Painted, [value])

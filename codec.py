"""Records as plain JSON data, and back, checking every value's type on the way in.

The parse cache holds records in this form instead of pickle: reading a cache file can
only ever build records (a pickle can run any code), and a damaged or foreign file fails
with :class:`CodecError` instead of yielding a half-right record.

A dataclass is written as the list of its field values in declaration order, an enum as
its value, a tuple as a list; the cache key includes the parser's version, so a record
class that changes never meets data written for its older shape.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any, TypeVar

__all__ = ["CodecError", "from_data", "to_data"]

T = TypeVar("T")
Decoder = Callable[[Any], Any]


class CodecError(ValueError):
    """Data that is not a record of the expected shape."""


def to_data(value: Any) -> Any:
    """``value`` (a record, or anything records hold) as JSON-ready lists and scalars."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [to_data(getattr(value, f)) for f in _field_names(type(value))]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    return value


def from_data(cls: type[T], data: Any) -> T:
    """The ``cls`` record that :func:`to_data` made ``data`` from.

    Raises:
        CodecError: ``data`` does not have the shape and types of a ``cls``.
    """
    try:
        return typing.cast(T, _decoder(typing.cast(Any, cls))(data))
    except CodecError:
        raise
    except (TypeError, ValueError) as exc:  # a record's own checks, an unknown enum value
        raise CodecError(str(exc)) from None


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _fail(expected: str, data: Any) -> typing.NoReturn:
    raise CodecError(f"expected {expected}, got {type(data).__name__}")


def _scalar(kind: type) -> Decoder:
    def decode(data: Any) -> Any:
        if kind is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        if type(data) is not kind:
            _fail(kind.__name__, data)
        return data

    return decode


def _optional(inner: Decoder) -> Decoder:
    return lambda data: None if data is None else inner(data)


def _many(inner: Decoder) -> Decoder:
    def decode(data: Any) -> tuple[Any, ...]:
        if not isinstance(data, list):
            _fail("a list", data)
        return tuple(map(inner, data))

    return decode


def _fixed(inners: tuple[Decoder, ...]) -> Decoder:
    def decode(data: Any) -> tuple[Any, ...]:
        if not isinstance(data, list) or len(data) != len(inners):
            _fail(f"a list of {len(inners)}", data)
        return tuple(d(v) for d, v in zip(inners, data, strict=True))

    return decode


def _enum(kind: type[Enum]) -> Decoder:
    return lambda data: kind(data)


def _record(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    names = _field_names(cls)
    decoders: list[Decoder] = []

    def decode(data: Any) -> Any:
        if not decoders:  # filled on first use: records may refer to each other
            decoders.extend(_decoder(hints[n]) for n in names)
        if not isinstance(data, list) or len(data) != len(names):
            _fail(f"{cls.__name__} as a list of {len(names)}", data)
        return cls(**{n: d(v) for n, d, v in zip(names, decoders, data, strict=True)})

    return decode


@cache
def _decoder(hint: Any) -> Decoder:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"unsupported union {hint}")
        return _optional(_decoder(rest[0]))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _many(_decoder(args[0]))
        if not args or Ellipsis in args:
            raise TypeError(f"unsupported tuple {hint}")
        return _fixed(tuple(_decoder(a) for a in args))  # a line's box: four ints
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    if hint in (str, int, float, bool):
        return _scalar(hint)
    raise TypeError(f"unsupported type {hint}")

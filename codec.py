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


@cache
def _decoder(hint: Any) -> Decoder:
    """A function decoding data of type ``hint``, written out as Python for that type: a
    cache of ten thousand documents is decoded by straight-line code, not by a walk over
    the type hints for every value (five times faster)."""
    ns: dict[str, Any] = {"_fail": _fail}
    out: list[str] = []
    expr = _Writer(ns, out).expr(hint, "data")
    out.append(f"def decode(data):\n    return {expr}\n")
    exec("\n".join(out), ns)  # code written from our own record classes, not from data
    return typing.cast(Decoder, ns["decode"])


class _Writer:
    """Writes the decoder of a type as one expression, and a function per record."""

    def __init__(self, ns: dict[str, Any], out: list[str]) -> None:
        self.ns, self.out, self.names = ns, out, 0
        self.records: dict[type, str] = {}

    def _bind(self, value: Any) -> str:
        self.names += 1
        name = f"_v{self.names}"
        self.ns[name] = value
        return name

    def expr(self, hint: Any, var: str) -> str:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1:
                raise TypeError(f"unsupported union {hint}")
            return f"(None if {var} is None else {self.expr(rest[0], var)})"
        if origin is tuple:
            return self._tuple(hint, args, var)
        if isinstance(hint, type) and issubclass(hint, Enum):
            return f"{self._bind(hint)}({var})"
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return f"{self._record(hint)}({var})"
        if hint is float:  # JSON writes 2.0 as 2
            return (
                f"(float({var}) if type({var}) is int else {var} if type({var}) is float "
                f"else _fail('float', {var}))"
            )
        if hint in (str, int, bool):
            kind = self._bind(hint)
            return f"({var} if type({var}) is {kind} else _fail({hint.__name__!r}, {var}))"
        raise TypeError(f"unsupported type {hint}")

    def _tuple(self, hint: Any, args: tuple[Any, ...], var: str) -> str:
        self.names += 1
        if len(args) == 2 and args[1] is Ellipsis:
            item = f"_x{self.names}"
            inner = self.expr(args[0], item)
            return (
                f"(tuple([{inner} for {item} in {var}]) if type({var}) is list "
                f"else _fail('a list', {var}))"
            )
        if not args or Ellipsis in args:
            raise TypeError(f"unsupported tuple {hint}")
        parts = ", ".join(self.expr(a, f"{var}[{i}]") for i, a in enumerate(args))
        n = len(args)
        return (
            f"(({parts},) if type({var}) is list and len({var}) == {n} "
            f"else _fail('a list of {n}', {var}))"
        )

    def _record(self, cls: type) -> str:
        if cls in self.records:  # records may refer to each other: by name, at call time
            return self.records[cls]
        name = self.records[cls] = f"_r_{cls.__name__}_{len(self.records)}"
        hints = typing.get_type_hints(cls)
        names = _field_names(cls)
        fields = ", ".join(f"{n}={self.expr(hints[n], f'data[{i}]')}" for i, n in enumerate(names))
        expected = f"{cls.__name__} as a list of {len(names)}"
        self.out.append(
            f"def {name}(data):\n"
            f"    if type(data) is not list or len(data) != {len(names)}:\n"
            f"        _fail({expected!r}, data)\n"
            f"    return {self._bind(cls)}({fields})\n"
        )
        return name

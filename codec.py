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
        return _encoder(type(value))(value)
    return _generic(value)


def _generic(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_generic(getattr(value, f)) for f in _field_names(type(value))]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_generic(v) for v in value]
    return value


@cache
def _encoder(cls: type) -> Callable[[Any], Any]:
    """:func:`to_data` of a record class, written out as Python for its fields' types (a
    parsed document is a hundred thousand values; walking them by their runtime types was
    a third of the time spent caching it). A value the type hints do not describe exactly
    is encoded by its runtime type, as before."""
    ns: dict[str, Any] = {"_generic": _generic}
    out: list[str] = []
    name = _Encoders(ns, out).record(cls)
    exec("\n".join(out), ns)  # code written from our own record classes, not from data
    return typing.cast(Callable[[Any], Any], ns[name])


class _Encoders:
    """Writes an encoder per record class; each field's value as one expression."""

    def __init__(self, ns: dict[str, Any], out: list[str]) -> None:
        self.ns, self.out, self.names = ns, out, 0
        self.records: dict[type, str] = {}

    def expr(self, hint: Any, var: str) -> str:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint in (str, int, float, bool):
            return var
        if origin in (typing.Union, types.UnionType):
            rest = [a for a in args if a is not type(None)]
            if len(rest) == 1:
                return f"(None if {var} is None else {self.expr(rest[0], var)})"
        elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            if args[0] in (str, int, float, bool):
                return f"list({var})"
            self.names += 1
            item = f"_x{self.names}"
            return f"[{self.expr(args[0], item)} for {item} in {var}]"
        elif isinstance(hint, type) and issubclass(hint, Enum):
            return f"{var}.value"
        elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return f"{self.record(hint)}({var})"
        return f"_generic({var})"

    def record(self, cls: type) -> str:
        if cls in self.records:
            return self.records[cls]
        name = self.records[cls] = f"_e_{cls.__name__}_{len(self.records)}"
        hints = typing.get_type_hints(cls)
        fields = ", ".join(self.expr(hints[f], f"value.{f}") for f in _field_names(cls))
        self.out.append(f"def {name}(value):\n    return [{fields}]\n")
        return name


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
            # By the value's own table: calling the class costs a quarter of decoding a
            # document's head (its references' kinds).
            members = self._bind(hint._value2member_map_)
            return f"({members}[{var}] if {var} in {members} else _fail({hint.__name__!r}, {var}))"
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

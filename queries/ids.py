"""From what a user types to a node id.

An ID is a node's key (:func:`policykg.graph.ids.readable_key`), or any part of one a
person would type: a document number (``57-NQ/TW``; with a province when a local number
is ambiguous, as ``--province`` or in the key's form ``02-NQ/TU (Thái Bình)``), a loaded
document's file name (``004_1b73a6d31f29fe0d.txt``), a task as ``<document>#<task id>``
(``004_1b73a6d31f29fe0d.txt#8.1``), the name of a document cited by name only, or a node
id itself.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date

from policykg.errors import InputError
from policykg.graph import ids
from policykg.graph.model import Node, NodeType, PolicyGraph
from policykg.loaders import codes, places

# we want to capture the place or file a key ends with:
#   02-NQ/TU (003_07a70d37f77f3d0b.txt)
#   376-KH/TU (Thái Bình)
#   Sở Khoa học và Công nghệ (Thái Bình)
QUALIFIED_REGEX = r"(?P<name>.*?\S)\s*\((?P<qualifier>[^()]+)\)"
QUALIFIED = re.compile(QUALIFIED_REGEX)


def province_name(text: str) -> str:
    """The canonical province of what a user typed (``thai binh`` works too)."""
    if text.strip().casefold() in ("trung ương", "tw", "national"):
        return places.CENTRAL
    name = places.canonical(text)
    if name is None:
        wanted = places.slug(text)
        name = next((p for p in places.PROVINCES if places.slug(p) == wanted), None)
    if name is None:
        raise InputError(f"unknown province {text!r}")
    return name


def split_qualifier(text: str) -> tuple[str, str | None]:
    """``376-KH/TU (Thái Bình)`` -> (``376-KH/TU``, ``Thái Bình``); no brackets, no place."""
    m = QUALIFIED.fullmatch(text)
    return (m["name"], m["qualifier"].strip()) if m else (text, None)


def qualified_province(qualifier: str | None, province: str | None) -> str | None:
    """The province a key's ``(qualifier)`` names, if it names one.

    Raises:
        InputError: ``--province`` says another province.
    """
    if qualifier is None:
        return None
    try:
        where = province_name(qualifier)
    except InputError:
        return None
    if province and province_name(province) != where:
        raise InputError(f"({qualifier}) and --province {province!r} name two places")
    return where


def find_document(graph: PolicyGraph, ident: str, *, province: str | None = None) -> str:
    """The id of the document ``ident`` names.

    Raises:
        InputError: nothing matches, or a local number matches in several provinces and no
            province was given; the message lists the choices.
    """
    ident = unicodedata.normalize("NFC", ident).strip()
    if ident in graph and graph.node(ident).type is NodeType.DOCUMENT:
        return ident
    docs = [n for n in graph.nodes if n.type is NodeType.DOCUMENT]
    found = _by_file(docs, ident) or _by_name(docs, ident)
    if found:
        return found.id
    name, qualifier = split_qualifier(ident)
    in_file = _by_file(docs, qualifier) if qualifier else None
    if in_file is not None:
        number = str(in_file.get("number") or "")
        if number.casefold() not in (name.casefold(), _number_of(name)):
            raise InputError(f"{ident!r}: {qualifier} is {number or 'unnumbered'}, not {name}")
        return in_file.id
    where = qualified_province(qualifier, province)
    if where is not None:
        return _by_number(docs, name, where, shown=ident)
    return _by_number(docs, ident, province_name(province) if province else None, shown=ident)


def _by_file(docs: list[Node], name: str) -> Node | None:
    return next((n for n in docs if n.get("source") in (name, f"{name}.txt", f"{name}.md")), None)


def _by_name(docs: list[Node], name: str) -> Node | None:
    """A document cited by its name only (``Đề án 06``): its key is that name."""
    wanted = name.casefold()
    return next(
        (
            n
            for n in docs
            if not n.get("number") and not n.get("source") and n.label.casefold() == wanted
        ),
        None,
    )


def _number_of(text: str) -> str:
    number = codes.parse_number(text)
    return (number.text if number else text).casefold()


def _numbered(docs: list[Node], ident: str, where: str | None) -> list[Node]:
    """The documents numbered ``ident``: in province ``where`` if any, else national.

    Without a province, a national document is the one meant: a local number needs its
    province, a national one stands alone.
    """
    # As typed, and as normalised (``57- NQ/TW``): a stored number may be either.
    wanted = {ident.casefold(), _number_of(ident)}
    found = [n for n in docs if str(n.get("number", "")).casefold() in wanted]
    local = [n for n in found if where and n.get("jurisdiction") == where]
    national = [n for n in found if n.get("jurisdiction") == places.CENTRAL]
    if local:
        return local
    if where or len(national) == 1:
        return national
    return found


def _by_number(docs: list[Node], ident: str, where: str | None, *, shown: str) -> str:
    found = _numbered(docs, ident, where)
    if len(found) == 1:
        return found[0].id
    if len(found) > 1:
        choices = ", ".join(sorted(f"{n.get('jurisdiction') or '?'}" for n in found))
        raise InputError(f"{shown!r} is a number in several provinces ({choices}); add --province")
    names = sorted(
        {str(n.get("number")) for n in docs if n.get("number")}
        | {str(n.get("source")) for n in docs if n.get("source")}
    )
    close = difflib.get_close_matches(ident, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    scope = f" of {where}" if where else ""
    raise InputError(f"no document {shown!r}{scope} in the graph{hint}")


def find_node(graph: PolicyGraph, ident: str, *, province: str | None = None) -> str:
    """A document or a task (``<document>#<task id>``), by key, name or id."""
    ident = unicodedata.normalize("NFC", ident).strip()
    if ident in graph and graph.node(ident).type in (NodeType.DOCUMENT, NodeType.TASK):
        return ident
    doc_part, sep, task_part = ident.partition("#")
    if not sep:
        return find_document(graph, ident, province=province)
    doc_id = find_document(graph, doc_part, province=province)
    task_id = ids.task_id(doc_id, task_part.strip())
    if task_id in graph:
        return task_id
    tasks = sorted(
        str(n.get("task_id"))
        for n in graph.nodes
        if n.type is NodeType.TASK and n.get("document") == doc_id
    )
    close = difflib.get_close_matches(task_part.strip(), tasks, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"{doc_part} has no task {task_part.strip()!r}{hint}")


def as_of(text: str | None) -> date:
    """The day a query is asked for: ``--as-of YYYY-MM-DD``, today when not given.

    Raises:
        InputError: not a date of that form.
    """
    if text is None or not text.strip():
        return date.today()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--as-of {text!r}: expected a date YYYY-MM-DD") from None

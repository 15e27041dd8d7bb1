"""From what a user types to a node id.

An ID is a document number (``57-NQ/TW``; with a province when a local number is
ambiguous), a loaded document's file name (``004_1b73a6d31f29fe0d.txt``), a task as
``<document>#<task id>`` (``004_1b73a6d31f29fe0d.txt#8.1``), or a node id itself.
"""

from __future__ import annotations

import difflib
import unicodedata

from policykg.errors import InputError
from policykg.graph import ids
from policykg.graph.model import NodeType, PolicyGraph
from policykg.loaders import codes, places


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
    by_file = [n for n in docs if n.get("source") in (ident, f"{ident}.txt", f"{ident}.md")]
    if by_file:
        return by_file[0].id
    number = codes.parse_number(ident)
    wanted = (number.text if number else ident).casefold()
    found = [n for n in docs if str(n.get("number", "")).casefold() == wanted]
    if province:
        where = province_name(province)
        found = [n for n in found if n.get("jurisdiction") in (where, places.CENTRAL)]
    if len(found) == 1:
        return found[0].id
    if len(found) > 1:
        choices = ", ".join(sorted(f"{n.get('jurisdiction') or '?'}" for n in found))
        raise InputError(f"{ident!r} is a number in several provinces ({choices}); add --province")
    names = sorted(
        {str(n.get("number")) for n in docs if n.get("number")}
        | {str(n.get("source")) for n in docs if n.get("source")}
    )
    close = difflib.get_close_matches(ident, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"no document {ident!r} in the graph{hint}")


def find_node(graph: PolicyGraph, ident: str, *, province: str | None = None) -> str:
    """A document or a task (``<document>#<task id>``)."""
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

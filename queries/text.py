"""Query text: a canned query shipped in ``queries/``, a query file, or the text itself;
and what a canned query's input names.

Shared by the SPARQL (``*.rq``) and Cypher (``*.cypher``) runners.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from policykg.errors import InputError

if TYPE_CHECKING:
    from policykg.graph.model import PolicyGraph

# The canned queries, each shipped as queries/<name>.rq and queries/<name>.cypher.
CANNED = ("lineage", "cascade", "who", "targets", "coverage", "who_as_of", "coverage_as_of")
# What the one input of each canned query names: a task or document, a document, an
# agency (each found as `policykg lineage`, `cascade` and `who` find them), or words.
INPUTS = {
    "lineage": "node",
    "cascade": "document",
    "coverage": "document",
    "who": "agency",
    "targets": "text",
    "who_as_of": "agency",
    "coverage_as_of": "document",
}
INPUT_HELP = {
    "lineage": "a task or document: a number, a file name, FILE#TASK, a key or an id",
    "cascade": "a directive: a number, a key or an id",
    "coverage": "a directive: a number, a key or an id",
    "who": "an agency: its name, its key 'NAME (PROVINCE)' or its id",
    "targets": "words of the indicator",
    "who_as_of": "an agency: its name, its key 'NAME (PROVINCE)' or its id",
    "coverage_as_of": "a directive: a number, a key or an id",
}
# The day a canned query answers for, YYYY-MM-DD: today unless bound (``--bind asOf=`` in
# SPARQL, ``--param as_of=`` in Cypher), as ``--as-of`` for the other commands.
AS_OF_QUERIES = ("who_as_of", "coverage_as_of")


def day_of(value: object, name: str) -> str:
    """The ISO day a canned query is given as ``name``, checked; today for ``None``.

    Raises:
        InputError: not a date YYYY-MM-DD.
    """
    from policykg.queries.ids import as_of

    try:
        return as_of(None if value is None else str(value)).isoformat()
    except InputError:
        raise InputError(f"{name}={value!r}: expected a date YYYY-MM-DD") from None


# An input that is already a node id needs no graph to resolve it.
NODE_ID_PREFIXES = ("doc/", "agency/", "place/", "person/", "indicator/")

# A bare word (no space, bracket or brace) is a name or a path, never a query.
BARE_WORD = re.compile(r"[^\s{}()\[\]]+")


def canned(name: str, suffix: str) -> str:
    """The text of the canned query ``queries/<name><suffix>``."""
    if name not in CANNED:
        raise _not_canned(name)
    return resources.files("policykg.queries").joinpath(f"{name}{suffix}").read_text("utf-8")


def read_query(text_or_path: str, suffixes: tuple[str, ...]) -> str:
    """A canned name, a file (one of ``suffixes``, or any existing short path), or a
    query given inline.

    Raises:
        InputError: a file that cannot be read, or a bare word that is neither a canned
            name nor a file.
    """
    if text_or_path in CANNED:
        return canned(text_or_path, suffixes[0])
    p = Path(text_or_path)
    if p.suffix in suffixes or (len(text_or_path) < 300 and p.is_file()):
        try:
            return p.read_text("utf-8")
        except FileNotFoundError:
            raise InputError(f"{p}: no such query file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: cannot read the query ({exc})") from None
    if BARE_WORD.fullmatch(text_or_path):
        if "/" in text_or_path or p.suffix:
            raise InputError(f"{p}: no such query file")
        raise _not_canned(text_or_path)
    return text_or_path


def _not_canned(name: str) -> InputError:
    return InputError(f"no canned query {name!r} (one of {', '.join(CANNED)})")


def find_input(
    what: str, value: str, graph: Callable[[], PolicyGraph], *, province: str | None = None
) -> str:
    """The node id that ``value`` names, as the other commands read it.

    Args:
        what: ``node`` (a task or document), ``document`` or ``agency``.
        graph: gives the graph, called only when ``value`` is not an id already.

    Raises:
        InputError: nothing matches, or a name means agencies in several provinces.
    """
    from policykg.graph.ids import readable_key
    from policykg.queries.ids import find_document, find_node
    from policykg.queries.who import find_agencies

    if value.startswith(NODE_ID_PREFIXES):
        return value
    g = graph()
    if what == "node":
        return find_node(g, value, province=province)
    if what == "document":
        return find_document(g, value, province=province)
    found = find_agencies(g, value, province=province)
    if len(found) > 1:
        keys = "; ".join(readable_key(g, a) for a in found)
        raise InputError(f"{value!r} names {len(found)} agencies ({keys}); add --province")
    return found[0]

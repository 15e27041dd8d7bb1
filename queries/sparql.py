"""SPARQL over the RDF form of the graph, on Oxigraph (the default) or rdflib.

Values reach a query as bindings, never as text spliced into it: rdflib's
``initBindings``, and for Oxigraph a ``VALUES`` clause of terms built and escaped by
pyoxigraph.
The canned queries ship as ``queries/*.rq`` and take their input as ``?start``,
``?agency`` or ``?text``; :func:`bindings` reads a ``?start`` or ``?agency`` as the other
commands read an ID or an agency, and binds the node's IRI.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.queries import text

ENGINES = ("oxigraph", "rdflib")  # the choices of `policykg sparql --engine`
DEFAULT_ENGINE = "oxigraph"
CANNED = text.CANNED
# The one binding each canned query needs (what it names: text.INPUTS).
PARAMS = {
    "lineage": "start",
    "cascade": "start",
    "coverage": "start",
    "who": "agency",
    "targets": "text",
    "who_as_of": "agency",
    "coverage_as_of": "start",
}
AS_OF = "asOf"  # the day of who_as_of and coverage_as_of
# In any query, these name a node as the canned queries' do.
NODE_BINDINGS = {"start": "node", "agency": "agency"}


@dataclass(frozen=True, slots=True)
class Binding:
    """A value to bind: an IRI (``iri=True``) or a plain string literal."""

    value: str
    iri: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    """A SELECT (``variables`` and ``rows``), an ASK (``boolean``) or a graph (``triples``
    as N-Triples text)."""

    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    boolean: bool | None = None
    triples: str | None = None


def query_file(name: str) -> str:
    """The text of a canned query, ``queries/<name>.rq``."""
    return text.canned(name, ".rq")


def read_query(text_or_path: str) -> str:
    """A query given inline, as a ``.rq`` file, or by a canned name."""
    return text.read_query(text_or_path, (".rq", ".sparql"))


def parse_binds(items: tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` pairs (``?NAME=VALUE`` too)."""
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip(" ?"):
            raise InputError(f"--bind {item!r}: expected NAME=VALUE")
        values[name.strip().lstrip("?")] = value.strip()
    return values


def bindings(
    values: Mapping[str, str],
    find: Callable[[str, str], str],
    *,
    canned: str | None = None,
) -> dict[str, Binding]:
    """What to bind: an ``http(s):`` value is an IRI; ``?start`` and ``?agency`` (and the
    input of a ``canned`` query) name a node as the other commands do, and bind its IRI;
    anything else is a string.

    Args:
        find: ``find(what, value)`` -> node id, ``what`` one of ``node``, ``document``,
            ``agency`` (:func:`policykg.queries.text.find_input`).

    Raises:
        InputError: a canned query without its binding, or a value naming nothing.
    """
    from policykg.graph.rdfgraph import node_iri

    kinds = dict(NODE_BINDINGS)
    if canned is not None:
        need = PARAMS[canned]
        if need not in values:
            raise InputError(f"{canned} needs --bind {need}=... ({text.INPUT_HELP[canned]})")
        kinds[need] = text.INPUTS[canned]
    out = {}
    if canned in text.AS_OF_QUERIES:
        out[AS_OF] = Binding(text.day_of(values.get(AS_OF), AS_OF))
        values = {k: v for k, v in values.items() if k != AS_OF}
    for name, value in values.items():
        what = kinds.get(name, "text")
        if value.startswith(("http:", "https:")):
            out[name] = Binding(value, iri=True)
        elif what == "text":
            out[name] = Binding(value)
        else:
            out[name] = Binding(str(node_iri(find(what, value))), iri=True)
    return out


# What a query may not do here: reach another endpoint or load remote data. Oxigraph and
# rdflib would both go to the network for SERVICE, rdflib for FROM too.
_REMOTE = re.compile(r"(?i)(?<![\w:?$])(SERVICE|FROM|LOAD)(?![\w:])")
_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


def check_local(query: str) -> None:
    """Refuse a query that would reach the network (``SERVICE``, ``FROM``, ``LOAD``).

    Raises:
        InputError: one line naming the keyword.
    """
    m = _REMOTE.search(_SKIPPED.sub(" ", query))
    if m:
        raise InputError(
            f"SPARQL: {m.group(1).upper()} is not allowed here: queries read the store's graph "
            "only (no other endpoint, no remote data)"
        )


def run_rdflib(graph: Any, query: str, bindings: Mapping[str, Binding] | None = None) -> Result:
    """Run ``query`` on an ``rdflib.Graph``."""
    from pyparsing import ParseException
    from rdflib import Literal, URIRef

    check_local(query)
    init = {
        k: (URIRef(b.value) if b.iri else Literal(b.value)) for k, b in (bindings or {}).items()
    }
    try:
        res = graph.query(query, initBindings=init)
    except ParseException as exc:
        raise InputError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    if res.type == "ASK":
        return Result(boolean=bool(res.askAnswer))
    if res.type in ("CONSTRUCT", "DESCRIBE"):
        return Result(triples=res.serialize(format="nt").decode("utf-8"))
    variables = tuple(str(v) for v in res.vars or ())
    rows = tuple(
        {v: (None if row[i] is None else row[i].toPython()) for i, v in enumerate(variables)}
        for row in res
    )
    return Result(variables=variables, rows=tuple(_plain(r) for r in rows))


def run_oxigraph(store: Any, query: str, bindings: Mapping[str, Binding] | None = None) -> Result:
    """Run ``query`` on a ``pyoxigraph.Store``.

    Bindings go in a ``VALUES`` clause, first in the WHERE group, made of pyoxigraph
    terms (an IRI is checked by ``NamedNode``, a string escaped by ``Literal``), never of
    raw text. We measured Oxigraph's own ``substitutions`` at 1.9 s for a lineage that
    ``VALUES`` answers in 0.4 ms (``bench/build.py``), and it refuses variables outside
    the SELECT clause.
    """
    import pyoxigraph as ox

    check_local(query)
    if bindings:
        try:
            head = " ".join(f"?{ox.Variable(n).value}" for n in bindings)
            row = " ".join(
                str(ox.NamedNode(b.value) if b.iri else ox.Literal(b.value))
                for b in bindings.values()
            )
        except ValueError as exc:
            raise InputError(f"SPARQL binding: {exc}") from None
        query = _with_values(query, f"VALUES ({head}) {{ ({row}) }}")
    try:
        res = store.query(query)
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    except (RuntimeError, OSError) as exc:
        raise InputError(f"SPARQL: {str(exc).splitlines()[0]}") from None
    if isinstance(res, ox.QueryBoolean):
        return Result(boolean=bool(res))
    if isinstance(res, ox.QueryTriples):
        lines = [f"{t.subject} {t.predicate} {t.object} ." for t in res]
        return Result(triples="\n".join(lines) + ("\n" if lines else ""))
    variables = tuple(v.value for v in res.variables)
    rows = tuple({v: _ox_value(sol[v]) for v in variables} for sol in res)
    return Result(variables=variables, rows=rows)


# The opening brace of the WHERE group (or of the first group of an ASK or a SELECT
# without WHERE), where bound values must stand for FILTERs and paths to see them.
_WHERE_REGEX = r"\bWHERE\s*\{|^\s*(?:ASK|SELECT[^{]*?)\s*\{"
_WHERE = re.compile(_WHERE_REGEX, re.IGNORECASE | re.MULTILINE)


def _with_values(query: str, clause: str) -> str:
    """``query`` with ``clause`` first in its WHERE group (at the end if there is none)."""
    m = _WHERE.search(_blank_comments(query))
    if m is None:
        return f"{query.rstrip()}\n{clause}\n"
    return f"{query[: m.end()]}\n  {clause}\n{query[m.end() :]}"


def _blank_comments(query: str) -> str:
    # Same length, so that offsets still point into the query.
    return re.sub(r"(?m)^\s*#.*$", lambda m: " " * len(m.group()), query)


def _ox_value(term: Any) -> Any:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        text = term.value
        if dt.endswith("#integer"):
            return int(text)
        if dt.endswith(("#double", "#decimal", "#float")):
            return float(text)
        if dt.endswith("#boolean"):
            return text == "true"
        return text
    return term.value


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    # rdflib gives dates and Decimals; the JSON contract carries strings and numbers.
    out = {}
    for k, v in row.items():
        if v is None or isinstance(v, bool | int | float | str):
            out[k] = v
        elif hasattr(v, "isoformat"):
            out[k] = v.isoformat()
        else:
            try:
                out[k] = float(v)
            except (TypeError, ValueError):
                out[k] = str(v)
    return out


def id_of_key(store: Any, what: str, value: str) -> str | None:
    """The id of the one node of a type ``what`` allows (:data:`text.INPUTS`) whose
    ``pkg:key`` is ``value``, found in the Oxigraph store: no graph loaded.

    ``None`` when no node or several have that key.
    """
    import unicodedata

    import pyoxigraph as ox

    from policykg.graph.model import NodeType
    from policykg.graph.rdfgraph import NODE_CLASSES
    from policykg.ontology.namespace import PKG

    types = {
        "node": (NodeType.DOCUMENT, NodeType.TASK),
        "document": (NodeType.DOCUMENT,),
        "agency": (NodeType.AGENCY,),
    }.get(what, ())
    if not types:
        return None
    classes = " ".join(f"<{NODE_CLASSES[t]}>" for t in types)
    key = ox.Literal(unicodedata.normalize("NFC", value))  # keys are NFC in the RDF form
    query = (
        f"SELECT DISTINCT ?id WHERE {{ VALUES ?key {{ {key} }} VALUES ?class {{ {classes} }} "
        f"?n <{PKG.key}> ?key ; <{PKG.id}> ?id ; a ?class . }}"
    )
    found = [sol["id"].value for sol in store.query(query)]
    return found[0] if len(found) == 1 else None


def open_oxigraph(path: Path) -> Any:
    """An on-disk Oxigraph store (:func:`policykg.graph.store.oxigraph`), read-only."""
    import pyoxigraph as ox

    return ox.Store.read_only(str(path))


def oxigraph_store(ntriples: Path) -> Any:
    """An in-memory Oxigraph store loaded with an N-Triples file."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    return store

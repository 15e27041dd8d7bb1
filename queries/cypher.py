"""Cypher over the graph: the embedded engine (no server) or a Bolt server (Neo4j).

The canned queries ship as ``queries/*.cypher``, parameterised (``$id``, ``$agency``,
``$text``), naming each node by its id and its ``key`` (the name every interface shows),
and written in the subset both engines run unchanged: one label per pattern,
bounded hops, no list comprehensions, no ``type()``, no ``EXISTS {}`` subqueries.

Both engines' answers come back in one plain form, so they can be compared and printed
alike: a node is a dict of its properties plus ``_label`` (its node type; a document's
kind is the ``kind`` property), a relationship a dict of its properties plus ``_type``,
and a path ``{"nodes": [...], "relationships": [...]}`` whose relationships also name
their ``_source`` and ``_target`` ids.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from policykg.errors import InputError
from policykg.graph.property import NODE_SCHEMA
from policykg.queries import text

CANNED = text.CANNED
# The one parameter of each canned query (what it names: text.INPUTS).
PARAMS = {
    "lineage": "id",
    "cascade": "id",
    "coverage": "id",
    "who": "agency",
    "targets": "text",
    "who_as_of": "agency",
    "coverage_as_of": "id",
}
AS_OF = "as_of"  # the day of who_as_of and coverage_as_of


@dataclass(frozen=True, slots=True)
class Result:
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]


def query_file(name: str) -> str:
    """The text of a canned query, ``queries/<name>.cypher``."""
    return text.canned(name, ".cypher")


def read_query(text_or_path: str) -> str:
    """A query given inline, as a ``.cypher`` file, or by a canned name."""
    return text.read_query(text_or_path, (".cypher", ".cql"))


def parse_params(items: tuple[str, ...]) -> dict[str, Any]:
    """``name=text`` binds a string; ``name:=json`` binds a number, list, map or null."""
    params: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip(" :$"):
            raise InputError(f"--param {item!r}: expected NAME=TEXT or NAME:=JSON")
        if name.endswith(":"):
            try:
                params[name[:-1].strip().lstrip("$")] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise InputError(f"--param {item!r}: not JSON ({exc.msg})") from None
        else:
            params[name.strip().lstrip("$")] = value
    return params


# --- read-only for real ------------------------------------------------------------------

# A read-only database still lets a query read and write files and reach the network
# (ladybug: ``COPY ... TO``, ``LOAD FROM``, ``INSTALL``, ``ATTACH``, ``EXPORT``; Neo4j:
# ``LOAD CSV``, procedures). Queries here only read the graph: these are refused.
_REFUSED = frozenset({"COPY", "LOAD", "INSTALL", "ATTACH", "DETACH", "EXPORT", "IMPORT", "USE"})
# Procedures that only describe the database; any other CALL is refused.
_ALLOWED_CALLS = re.compile(r"(?i)(show_\w+|table_info|db\.labels|db\.relationshiptypes)$")
_STRINGS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL
)
_WORD = re.compile(r"(?<![.:$\w])([A-Za-z_]\w*)(?:\s*(\.\s*\w+)*)")
_CALL = re.compile(r"(?i)(?<![.:$\w])CALL\s+([\w.]+)")


def check_read_only(query: str) -> None:
    """Refuse a query that would touch files, the network or the database's settings.

    Raises:
        InputError: one line naming the clause.
    """
    code = _STRINGS_AND_COMMENTS.sub(" ", query)
    for m in _WORD.finditer(code):
        word = m.group(1).upper()
        if word in _REFUSED:
            raise InputError(
                f"Cypher: {word} is not allowed here: queries only read the graph "
                "(no files, no network)"
            )
    for m in _CALL.finditer(code):
        if not _ALLOWED_CALLS.match(m.group(1)):
            raise InputError(
                f"Cypher: CALL {m.group(1)} is not allowed here: queries only read the graph"
            )


# --- the embedded engine ---------------------------------------------------------------


def run_embedded(connection: Any, query: str, params: Mapping[str, Any] | None = None) -> Result:
    """Run ``query`` on a ladybug connection (:func:`policykg.graph.embedded.connect`)."""
    check_read_only(query)
    try:
        res = connection.execute(query, dict(params or {}))
    except RuntimeError as exc:
        raise InputError(f"Cypher: {_first_line(str(exc))}") from None
    if isinstance(res, list):  # several statements: the last one answers
        res = res[-1]
    columns = tuple(res.get_column_names())
    rows = tuple(
        {c: _from_ladybug(v) for c, v in zip(columns, row, strict=True)} for row in res.get_all()
    )
    return Result(columns=columns, rows=rows)


# The node types the input of a canned query may name (what text.INPUTS says it names).
_INPUT_LABELS = {"node": ("Document", "Task"), "document": ("Document",), "agency": ("Agency",)}


def id_of_key(connection: Any, what: str, value: str) -> str | None:
    """The id of the one node of a type ``what`` allows whose readable key is ``value``,
    found in the database: a query given a key needs no graph loaded to resolve it.

    ``None`` when no node or several have that key (the caller then reads ``value`` as
    the other commands do, :func:`policykg.queries.text.find_input`).
    """
    found: list[str] = []
    for label in _INPUT_LABELS.get(what, ()):
        res = connection.execute(
            f"MATCH (n:{label}) WHERE n.key = $key RETURN n.id", {"key": value}
        )
        found.extend(row[0] for row in res.get_all())
    return found[0] if len(found) == 1 else None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "failed"


def _ladybug_node(value: dict[str, Any]) -> dict[str, Any]:
    out = {"_label": value["_LABEL"]}
    out.update((k, v) for k, v in value.items() if not k.startswith("_") and v is not None)
    return out


def _ladybug_rel(value: dict[str, Any], ids: Mapping[Any, str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"_type": value["_LABEL"]}
    if ids is not None:
        out["_source"] = ids.get(_key(value["_SRC"]))
        out["_target"] = ids.get(_key(value["_DST"]))
    out.update((k, v) for k, v in value.items() if not k.startswith("_") and v is not None)
    return out


def _key(internal_id: Mapping[str, int]) -> tuple[int, int]:
    return (internal_id["table"], internal_id["offset"])


def _from_ladybug(value: Any) -> Any:
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            nodes = [_ladybug_node(n) for n in value["_NODES"]]
            ids = {_key(n["_ID"]): n.get("id") for n in value["_NODES"]}
            return {"nodes": nodes, "relationships": [_ladybug_rel(r, ids) for r in value["_RELS"]]}
        if "_SRC" in value and "_LABEL" in value:
            return _ladybug_rel(value)
        if "_ID" in value and "_LABEL" in value:
            return _ladybug_node(value)
        return {k: _from_ladybug(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_ladybug(v) for v in value]
    return value


# --- a Bolt server ----------------------------------------------------------------------


def run_bolt(
    driver: Any, query: str, params: Mapping[str, Any] | None = None, *, database: str | None = None
) -> Result:
    """Run ``query`` in a read transaction on a Bolt server (Neo4j, or FalkorDB in tests)."""
    from neo4j.exceptions import Neo4jError

    from policykg.graph.neo4j_push import escape_spliced, splices_parameters

    check_read_only(query)
    values = dict(params or {})
    if values and splices_parameters(driver, database):
        values = escape_spliced(values)  # FalkorDB pastes parameters into the query text

    def work(tx: Any) -> tuple[tuple[str, ...], list[Any]]:
        res = tx.run(query, values)
        return tuple(res.keys()), list(res)

    try:
        with driver.session(database=database) as session:
            columns, records = session.execute_read(work)
    except Neo4jError as exc:  # a syntax error, or (FalkorDB) any error at all
        raise InputError(f"Cypher: {_first_line(exc.message or str(exc))}") from None
    rows = tuple({c: _from_bolt(record[c]) for c in columns} for record in records)
    return Result(columns=columns, rows=rows)


def _primary_label(labels: frozenset[str]) -> str:
    """The node type among a node's labels (a document is also labelled by its kind)."""
    for label in sorted(labels):
        if label in NODE_SCHEMA:
            return label
    return min(labels) if labels else ""


def _from_bolt(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_label": _primary_label(value.labels), **dict(value.items())}
    if isinstance(value, Relationship):
        out = {"_type": value.type}
        if value.start_node is not None and value.end_node is not None:
            out["_source"] = value.start_node.get("id")
            out["_target"] = value.end_node.get("id")
        return {**out, **dict(value.items())}
    if isinstance(value, Path):
        return {
            "nodes": [_from_bolt(n) for n in value.nodes],
            "relationships": [_from_bolt(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [_from_bolt(v) for v in value]
    if isinstance(value, dict):
        return {k: _from_bolt(v) for k, v in value.items()}
    return value


# --- output -----------------------------------------------------------------------------


def cell(value: Any) -> str:
    """A value as one table cell: a node by its key, a path as its chain of keys."""
    if value is None:
        return ""
    if isinstance(value, dict):
        if "nodes" in value and "relationships" in value:
            parts = [cell(value["nodes"][0])] if value["nodes"] else []
            for rel, node in zip(value["relationships"], value["nodes"][1:], strict=False):
                parts.append(f"-{rel.get('_type')}-> {cell(node)}")
            return " ".join(parts)
        if "_label" in value:
            return str(value.get("key") or value.get("name") or value.get("id"))
        if "_type" in value:
            return str(value["_type"])
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def table(result: Result) -> str:
    lines = ["\t".join(result.columns)]
    lines.extend("\t".join(cell(row[c]) for c in result.columns) for row in result.rows)
    return "\n".join(lines) + "\n"

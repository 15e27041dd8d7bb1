"""The graph as files for Neo4j 5: a Cypher script, or CSV files for ``neo4j-admin``.

Both hold the property-graph form of :mod:`policykg.graph.property`, the one the live push
writes, so that the three ways in give the same labels, relationship types and properties.
Neither needs the Neo4j driver or a server: they are for loads too large to send in
transactions from here, and for people who want a file to hand on.

``cypher`` (:func:`cypher_script`, :func:`write_cypher`)
    One self-contained script for ``cypher-shell -f``: the uniqueness constraints and
    indexes, then ``UNWIND [<literal rows>] AS row MERGE ...`` statements of at most
    :data:`BATCH_ROWS` rows, each its own transaction. Every value is a Cypher literal
    (:func:`cypher_literal`), so the script runs with no ``:param`` and no file access on the
    server. Nodes are merged on their label and ``id``, relationships on their ends and type,
    and their properties replaced (``SET n = row``), so that running it twice, or on a
    database that holds an older graph, gives this graph's nodes and relationships (what
    the graph no longer has is left in place).

``csv`` (:func:`write_csv`)
    A folder for ``neo4j-admin database import full``: one node file per label (and document
    kind), one relationship file per type and pair of labels, typed headers, an ``import.sh``
    with the command line and a ``constraints.cypher`` to run once the database is up (a full
    import creates no constraints). The fastest way in, but only into a stopped, new or empty
    database.

Labels and relationship types are never taken from the data: they come from
:class:`NodeType`, :data:`KIND_LABELS` and :class:`EdgeType`, and each is checked to be a
plain identifier before it is written into a statement or a header.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from policykg.errors import InputError
from policykg.files import atomic_write
from policykg.graph.model import EdgeType, NodeType, PolicyGraph
from policykg.graph.neo4j_push import (
    is_cypher_name,
    node_clauses,
    rel_clauses,
    schema_statements,
)
from policykg.graph.property import (
    KIND_LABELS,
    NodeRow,
    PropType,
    PropValue,
    RelRow,
    Schema,
    node_rows,
    rel_rows,
    schema,
)

__all__ = [
    "ARRAY_DELIMITERS",
    "BATCH_ROWS",
    "CsvExport",
    "CypherExport",
    "constraint_statements",
    "cypher_key",
    "cypher_lines",
    "cypher_literal",
    "cypher_script",
    "write_csv",
    "write_cypher",
]

# Rows per UNWIND statement (one transaction each in cypher-shell), and a cap on a
# statement's characters so that a batch of long task texts stays a modest query.
BATCH_ROWS = 500
BATCH_CHARS = 1_000_000

# Array delimiters to try, in order: the first that no list item contains is used.
ARRAY_DELIMITERS = (";", "|", "\x1f", "\x1e", "\x1d", "\x1c")

_NODE_LABELS = frozenset(t.value for t in NodeType)
_KIND_LABELS = frozenset(KIND_LABELS.values())
_REL_TYPES = frozenset(t.value for t in EdgeType)

# --- Cypher literals -------------------------------------------------------------------

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
# Characters written as \uXXXX: control characters (C0, DEL, C1), the Unicode line and
# paragraph separators, and lone surrogates (which UTF-8 cannot encode). Everything else,
# Vietnamese letters and emoji included, is written as itself.
_UNSAFE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]')


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _cypher_string(text: str) -> str:
    return '"' + _UNSAFE.sub(_escape_char, text) + '"'


def _cypher_float(value: float) -> str:
    """``repr``, which round-trips, with its exponent in the form openCypher reads.

    openCypher's grammar has no ``+`` after ``e``, and ``1e+16`` is how Python writes
    ten quadrillion; so ``1.0e16`` and ``2.0e-5``.
    """
    if not math.isfinite(value):
        raise ValueError(f"{value!r} has no Cypher literal (NaN and infinities are not stored)")
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}e{int(exponent)}"


def cypher_key(key: str) -> str:
    """A map key or property name: as is when a plain identifier, else backquoted."""
    if is_cypher_name(key):
        return key
    return "`" + key.replace("`", "``") + "`"


def cypher_literal(value: object) -> str:
    """``value`` as a Cypher literal that Neo4j 5 reads back as an equal value.

    Strings are double-quoted with Cypher's escapes; lists and maps are written item by
    item; ``None`` is ``null``.

    Raises:
        ValueError: a NaN or infinite float, or an integer outside 64 bits.
        TypeError: a value of another type (a tuple, a set, bytes, a date ...).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise ValueError(f"{value} does not fit a Cypher integer (64 bits)")
        return str(value)
    if isinstance(value, float):
        return _cypher_float(value)
    if isinstance(value, str):
        return _cypher_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    if isinstance(value, Mapping):
        items = (f"{cypher_key(str(k))}: {cypher_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"no Cypher literal for a {type(value).__name__}: {value!r}")


# --- Labels, types and grouping --------------------------------------------------------


def _checked(name: str, allowed: frozenset[str], what: str) -> str:
    """``name`` if it is one of the closed set and a plain identifier.

    Labels and types are spliced into statements and headers, where no parameter can
    stand for them; this is the one gate they pass through.
    """
    if name not in allowed or not is_cypher_name(name):
        raise ValueError(f"{name!r} is not a known {what}")
    return name


def _node_key(row: NodeRow) -> tuple[str, str]:
    label = _checked(row.label, _NODE_LABELS, "node label")
    kind = _checked(row.kind_label, _KIND_LABELS, "document kind") if row.kind_label else ""
    return (label, kind)


def _rel_key(row: RelRow) -> tuple[str, str, str]:
    return (
        _checked(row.type, _REL_TYPES, "relationship type"),
        _checked(row.source_label, _NODE_LABELS, "node label"),
        _checked(row.target_label, _NODE_LABELS, "node label"),
    )


def _node_groups(rows: Iterable[NodeRow]) -> dict[tuple[str, str], list[NodeRow]]:
    """Rows by (label, kind label or ``""``), groups sorted, rows in graph order."""
    groups: dict[tuple[str, str], list[NodeRow]] = {}
    for row in rows:
        groups.setdefault(_node_key(row), []).append(row)
    return dict(sorted(groups.items()))


def _rel_groups(rows: Iterable[RelRow]) -> dict[tuple[str, str, str], list[RelRow]]:
    """Rows by (type, source label, target label), groups sorted, rows in graph order."""
    groups: dict[tuple[str, str, str], list[RelRow]] = {}
    for row in rows:
        groups.setdefault(_rel_key(row), []).append(row)
    return dict(sorted(groups.items()))


# --- The Cypher script -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CypherExport:
    """What :func:`write_cypher` wrote."""

    path: Path
    nodes: int
    relationships: int


def constraint_statements() -> list[str]:
    """The constraints and indexes of a live push (:func:`neo4j_push.schema_statements`).

    ``IF NOT EXISTS`` makes them safe to run on a database that has them already.
    """
    return [f"{statement};" for statement in schema_statements("neo4j")]


def _header(nodes: int, relationships: int) -> list[str]:
    return [
        "// policykg graph for Neo4j 5, written by `policykg neo4j export --format cypher`.",
        f"// {nodes} nodes, {relationships} relationships.",
        "//",
        "// Run it with cypher-shell, which reads the password from NEO4J_PASSWORD (never put",
        "// it on the command line, where other users and the shell history can see it):",
        "//",
        "//   read -rs NEO4J_PASSWORD && export NEO4J_PASSWORD",
        "//   cypher-shell -a neo4j://localhost:7687 -u neo4j -d neo4j -f graph.cypher",
        "//",
        "// Safe to run again, and on a database holding an older graph: nodes are merged on",
        "// their label and id and relationships on their ends and type, and their properties",
        "// replaced. Nodes and relationships that are no longer in the graph are not deleted.",
        "// Each statement is its own transaction.",
        "",
    ]


def _batches(lines: Sequence[str]) -> Iterator[Sequence[str]]:
    """Consecutive runs of at most BATCH_ROWS lines and (unless one line is longer)
    BATCH_CHARS characters."""
    start, size = 0, 0
    for i, line in enumerate(lines):
        if i > start and (i - start >= BATCH_ROWS or size + len(line) > BATCH_CHARS):
            yield lines[start:i]
            start, size = i, 0
        size += len(line)
    if start < len(lines):
        yield lines[start:]


def _unwind(rows: Sequence[str], body: Sequence[str]) -> Iterator[str]:
    """``UNWIND [rows] AS row`` then ``body``, one statement per batch, a row per line."""
    for batch in _batches(rows):
        yield "UNWIND ["
        for i, row in enumerate(batch):
            yield f"  {row}," if i < len(batch) - 1 else f"  {row}"
        yield "] AS row"
        yield from body[:-1]
        yield body[-1] + ";"
        yield ""


def _node_statements(label: str, kind: str, rows: Sequence[NodeRow]) -> Iterator[str]:
    # A row here is the node's property map itself (it holds ``id``).
    body = node_clauses(label, kind or None, props="row")
    yield f"// {label}{':' + kind if kind else ''}: {len(rows)} nodes"
    yield from _unwind([cypher_literal(row.props) for row in rows], body)


def _rel_statements(
    rel_type: str, source: str, target: str, rows: Sequence[RelRow]
) -> Iterator[str]:
    body = rel_clauses(rel_type, source, target)
    literals = [
        cypher_literal({"source": row.source, "target": row.target, "props": row.props})
        for row in rows
    ]
    yield f"// (:{source})-[:{rel_type}]->(:{target}): {len(rows)} relationships"
    yield from _unwind(literals, body)


def cypher_lines(graph: PolicyGraph) -> Iterator[str]:
    """The lines of :func:`cypher_script`, without their newlines."""
    nodes = list(node_rows(graph))
    rels = list(rel_rows(graph))
    yield from _header(len(nodes), len(rels))
    yield "// Constraints and indexes, then wait for them: MERGE needs the id indexes online."
    yield from constraint_statements()
    yield "CALL db.awaitIndexes(300);"
    yield ""
    for (label, kind), node_group in _node_groups(nodes).items():
        yield from _node_statements(label, kind, node_group)
    for (rel_type, source, target), rel_group in _rel_groups(rels).items():
        yield from _rel_statements(rel_type, source, target, rel_group)


def cypher_script(graph: PolicyGraph) -> str:
    """The script that loads ``graph`` into Neo4j 5 with ``cypher-shell -f``.

    The same graph always gives the same bytes.

    Raises:
        ValueError: a value with no Cypher literal (NaN, infinity).
    """
    return "\n".join(cypher_lines(graph)) + "\n"


def write_cypher(graph: PolicyGraph, path: Path) -> CypherExport:
    """Write :func:`cypher_script` to ``path``, atomically.

    Raises:
        InputError: ``path`` cannot be written.
        ValueError: a value with no Cypher literal (NaN, infinity).
    """
    script = cypher_script(graph)
    atomic_write(path, script, what="Cypher script")
    return CypherExport(path=Path(path), nodes=len(graph.nodes), relationships=len(graph.edges))


# --- CSV for neo4j-admin ----------------------------------------------------------------

# Header type suffixes for neo4j-admin, by column type (a string needs none).
_CSV_TYPES = {
    PropType.STRING: "",
    PropType.INT: ":long",
    PropType.FLOAT: ":double",
    PropType.BOOL: ":boolean",
    PropType.STRINGS: ":string[]",
}


@dataclass(frozen=True, slots=True)
class CsvExport:
    """What :func:`write_csv` wrote.

    ``command`` is the ``neo4j-admin`` command line, with file names relative to
    ``folder``: run it there, as ``import.sh`` does.
    """

    folder: Path
    files: tuple[Path, ...]
    command: list[str]
    nodes: int
    relationships: int
    array_delimiter: str


def _array_delimiter(nodes: Iterable[NodeRow], rels: Iterable[RelRow]) -> str:
    """The first of :data:`ARRAY_DELIMITERS` that no list item contains.

    neo4j-admin splits ``string[]`` fields on the delimiter and has no escape for it, so a
    delimiter inside an item would split it in two.
    """
    used: set[str] = set()
    props = [row.props for row in nodes] + [row.props for row in rels]
    for values in props:
        for value in values.values():
            if isinstance(value, list):
                for item in value:
                    used.update(c for c in item if c in ARRAY_DELIMITERS)
    for delimiter in ARRAY_DELIMITERS:
        if delimiter not in used:
            return delimiter
    raise ValueError("every candidate array delimiter occurs in some list value")


def _delimiter_option(delimiter: str) -> str:
    """The ``--array-delimiter`` value: printable characters as they are, others as U+XXXX."""
    return delimiter if delimiter.isprintable() else f"U+{ord(delimiter):04X}"


def _csv_field(text: str | None) -> str:
    """One RFC 4180 field: ``None`` empty, a string quoted when it must be.

    Hand-made rather than the csv module's because neo4j-admin reads an empty field as no
    value and a quoted ``""`` as an empty string, and the csv module cannot write ``""``
    for one field of a row. ``legacy-style-quoting`` is off, so a backslash is itself.
    """
    if text is None:
        return ""
    if text == "" or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(fields: Iterable[str | None]) -> str:
    return ",".join(_csv_field(f) for f in fields) + "\n"


def _csv_value(value: PropValue | None, ptype: PropType, delimiter: str) -> str | None:
    """A property as the text neo4j-admin parses as a value of the column's type.

    A column that holds several types is a string column (see
    :func:`policykg.graph.property.schema`); numbers and booleans in it are written as
    their Cypher literals, lists as Cypher lists.
    """
    if value is None or value == []:
        return None  # neo4j-admin does not import empty arrays either
    if ptype is PropType.STRINGS and isinstance(value, list):
        return delimiter.join(value)
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return _cypher_float(value)
    return cypher_literal(value)


def _header_name(key: str) -> str:
    if not is_cypher_name(key):
        raise ValueError(f"property {key!r} cannot be named in a neo4j-admin header")
    return key


def _node_file(
    label: str,
    kind: str,
    rows: Sequence[NodeRow],
    cols: Sequence[tuple[str, PropType]],
    delimiter: str,
) -> tuple[str, str]:
    """The name and text of one node file: ``id:ID(<Label>)``, the properties, ``:LABEL``.

    The id column both names the node for the relationship files (in the ID space of its
    label, as ids are unique per label) and is stored as the ``id`` property.
    """
    props = [(k, t) for k, t in cols if k != "id"]
    header = [f"id:ID({label})"]
    header += [_header_name(k) + _CSV_TYPES[t] for k, t in props]
    header.append(":LABEL")
    labels = delimiter.join([label, kind] if kind else [label])
    lines = [_csv_line(header)]
    for row in rows:
        values = [_csv_value(row.props.get(k), t, delimiter) for k, t in props]
        lines.append(_csv_line([row.id, *values, labels]))
    name = f"nodes-{label}-{kind}.csv" if kind else f"nodes-{label}.csv"
    return name, "".join(lines)


def _rel_file(
    key: tuple[str, str, str],
    rows: Sequence[RelRow],
    cols: Sequence[tuple[str, PropType]],
    delimiter: str,
) -> tuple[str, str]:
    """The name and text of one relationship file: the two ends, ``:TYPE``, properties."""
    rel_type, source, target = key
    header = [f":START_ID({source})", f":END_ID({target})", ":TYPE"]
    header += [_header_name(k) + _CSV_TYPES[t] for k, t in cols]
    lines = [_csv_line(header)]
    for row in rows:
        values = [_csv_value(row.props.get(k), t, delimiter) for k, t in cols]
        lines.append(_csv_line([row.source, row.target, rel_type, *values]))
    return f"rels-{rel_type}-{source}-{target}.csv", "".join(lines)


def _command(node_files: Sequence[str], rel_files: Sequence[str], delimiter: str) -> list[str]:
    """``neo4j-admin database import full``: the database first (from Neo4j 5.19 a name
    after ``--nodes`` is read as one more file), then the files and how to read them."""
    return [
        "neo4j-admin",
        "database",
        "import",
        "full",
        "neo4j",
        *(f"--nodes={name}" for name in node_files),
        *(f"--relationships={name}" for name in rel_files),
        f"--array-delimiter={_delimiter_option(delimiter)}",
        "--multiline-fields=true",
        "--legacy-style-quoting=false",
    ]


def _import_script(command: Sequence[str], nodes: int, relationships: int) -> str:
    """``import.sh``: the command, run from its own folder, with what to know before."""
    args = [shlex.quote(arg) for arg in command[5:]]
    lines = [
        "#!/bin/sh",
        "# Import the policykg graph in this folder into a Neo4j 5 database with neo4j-admin:",
        f"# {nodes} nodes, {relationships} relationships.",
        "#",
        "#   sh import.sh [database]      (default: neo4j)",
        "#",
        "# The database must be stopped (STOP DATABASE, or stop the server) or not exist yet:",
        "# a full import writes its store files directly. If it did not exist, create it",
        "# afterwards (CREATE DATABASE <name>); then start it and create the constraints and",
        "# indexes, which a full import does not make:",
        "#",
        "#   cypher-shell -u neo4j -d <name> -f constraints.cypher",
        "#",
        "# (cypher-shell reads the password from NEO4J_PASSWORD.)",
        "#",
        "# --overwrite-destination is left out on purpose: without it neo4j-admin refuses to",
        "# import into a database that holds data, so running this script never deletes a graph.",
        "# Add it yourself, to the command below, to replace an existing database.",
        "#",
        "# NEO4J_ADMIN names the neo4j-admin to run (for example $NEO4J_HOME/bin/neo4j-admin).",
        "set -eu",
        'DATABASE="${1:-neo4j}"',
        'NEO4J_ADMIN="${NEO4J_ADMIN:-neo4j-admin}"',
        'cd "$(dirname "$0")"',
        'exec "$NEO4J_ADMIN" database import full "$DATABASE" \\',
    ]
    lines += [f"  {arg} \\" for arg in args[:-1]]
    lines.append(f"  {args[-1]}")
    return "\n".join(lines) + "\n"


def _constraints_script() -> str:
    return (
        "// Constraints and indexes for a database filled by neo4j-admin import.\n"
        "// cypher-shell -u neo4j -d neo4j -f constraints.cypher\n"
        + "\n".join(constraint_statements())
        + "\n"
    )


def _csv_files(graph: PolicyGraph) -> tuple[dict[str, str], list[str], str, int, int]:
    """Every file of the export by name, the command, the array delimiter, the counts."""
    nodes = list(node_rows(graph))
    rels = list(rel_rows(graph))
    sch: Schema = schema(nodes, rels)
    delimiter = _array_delimiter(nodes, rels)
    files: dict[str, str] = {}
    node_names, rel_names = [], []
    for (label, kind), node_group in _node_groups(nodes).items():
        name, text = _node_file(label, kind, node_group, sch.nodes[label], delimiter)
        files[name] = text
        node_names.append(name)
    for key, rel_group in _rel_groups(rels).items():
        name, text = _rel_file(key, rel_group, sch.rel_props, delimiter)
        files[name] = text
        rel_names.append(name)
    command = _command(node_names, rel_names, delimiter)
    files["constraints.cypher"] = _constraints_script()
    files["import.sh"] = _import_script(command, len(nodes), len(rels))
    return files, command, delimiter, len(nodes), len(rels)


def _check_target(folder: Path) -> None:
    """Refuse a folder that holds anything, a path that is not a folder, a missing parent."""
    if folder.is_dir():
        if any(folder.iterdir()):
            raise InputError(f"{folder}: the folder is not empty; export into a new folder")
    elif folder.exists() or folder.is_symlink():
        raise InputError(f"{folder}: exists and is not a folder; export into a new folder")
    elif not folder.parent.is_dir():
        raise InputError(f"{folder.parent}: no such folder")


def _write_tree(tmp: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = tmp / name
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(path, 0o755 if name.endswith(".sh") else 0o644)
    os.chmod(tmp, 0o755)


def write_csv(graph: PolicyGraph, folder: Path) -> CsvExport:
    """Write ``graph`` as CSV files for ``neo4j-admin database import full`` into ``folder``.

    The files are written into a temporary folder beside ``folder`` and renamed into place,
    so that ``folder`` is never a half-written export. ``folder`` may exist if it is empty.

    Raises:
        InputError: ``folder`` is not empty or not a folder, its parent does not exist, or
            the files cannot be written.
        ValueError: a value neo4j-admin cannot read back (NaN, infinity).
    """
    folder = Path(folder)
    _check_target(folder)
    files, command, delimiter, nodes, relationships = _csv_files(graph)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    except OSError as exc:
        raise InputError(f"{folder}: cannot write the export: {exc.strerror or exc}") from None
    try:
        _write_tree(tmp, files)
        os.rename(tmp, folder)  # replaces an empty folder; fails on one that has filled up
    except BaseException as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
        if isinstance(exc, OSError):
            full = exc.errno in (errno.ENOTEMPTY, errno.EEXIST)
            reason = "the folder is not empty" if full else exc.strerror or exc
            raise InputError(f"{folder}: cannot write the export: {reason}") from None
        raise
    return CsvExport(
        folder=folder,
        files=tuple(folder / name for name in files),
        command=command,
        nodes=nodes,
        relationships=relationships,
        array_delimiter=delimiter,
    )

"""Cypher with no server: the graph in an embedded ladybug database.

ladybug is the maintained fork of the Kùzu engine: pure wheels, one database file that
reopens in milliseconds, and Cypher. Its dialect wants every node and relationship table
declared with typed columns before loading, which :func:`policykg.graph.property.schema`
gives; it has one label per node, so a document's kind is its ``kind`` property here.

Loading goes through ``COPY FROM`` CSV files (0.6 s for 81,000 nodes and 1.7 s for
207,000 relationships in ``bench/neo4j.py``), written to a temporary folder and removed
after. Lists go in by a parameterised ``SET`` afterwards: ladybug's CSV reader keeps the
quotes of quoted list items.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.files import temp_prefix
from policykg.graph.model import PolicyGraph
from policykg.graph.property import NodeRow, PropType, RelRow, Schema, node_rows, rel_rows, schema

__all__ = [
    "BUFFER_POOL",
    "DATABASE_FILE",
    "Embedded",
    "build_folder",
    "connect",
    "connect_file",
    "create",
    "ddl",
]

DATABASE_FILE = "graph.lbdb"
# ladybug takes 80% of the machine's memory for its buffer pool unless told otherwise.
BUFFER_POOL = 512 * 1024**2


def ddl(sch: Schema) -> list[str]:
    """The statements that declare the tables of ``sch``."""

    def columns(cols: Iterable[tuple[str, PropType]]) -> str:
        return ", ".join(
            f"`{name}` {kind.value}" + (" PRIMARY KEY" if name == "id" else "")
            for name, kind in cols
        )

    out = [f"CREATE NODE TABLE {label}({columns(cols)})" for label, cols in sch.nodes.items()]
    rel_cols = columns(sch.rel_props)
    for rel_type, pairs in sch.rels.items():
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in pairs)
        out.append(f"CREATE REL TABLE {rel_type}({ends}, {rel_cols})")
    return out


def _cell(value: object) -> object:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return value


def _write_csv(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)


def create(graph: PolicyGraph, path: Path, *, buffer_pool: int = BUFFER_POOL) -> None:
    """Write ``graph`` as a new ladybug database at ``path`` (which must not exist)."""
    import ladybug

    nodes = list(node_rows(graph))
    rels = list(rel_rows(graph))
    sch = schema(nodes, rels)
    db = ladybug.Database(str(path), buffer_pool_size=buffer_pool)
    conn = ladybug.Connection(db)
    try:
        for statement in ddl(sch):
            conn.execute(statement)
        with tempfile.TemporaryDirectory(prefix="policykg-csv-") as tmp:
            for statement, params in _copies(Path(tmp), sch, nodes, rels):
                conn.execute(statement, params)
    finally:
        conn.close()
        db.close()


def _copies(
    folder: Path, sch: Schema, nodes: list[NodeRow], rels: list[RelRow]
) -> list[tuple[str, dict[str, Any]]]:
    """CSV files for every table, and the statements that load them and their lists."""
    statements: list[tuple[str, dict[str, Any]]] = []
    lists: list[tuple[str, dict[str, Any]]] = []
    by_label: dict[str, list[NodeRow]] = defaultdict(list)
    for n in nodes:
        by_label[n.label].append(n)
    for label, rows in sorted(by_label.items()):
        cols = sch.nodes[label]
        scalar = [k for k, t in cols if t is not PropType.STRINGS]
        csv_path = folder / f"{label}.csv"
        _write_csv(csv_path, scalar, ([_cell(r.props.get(k)) for k in scalar] for r in rows))
        # PARALLEL=false: the parallel reader splits quoted fields that hold newlines.
        statements.append(
            (
                f"COPY {label}({', '.join(f'`{k}`' for k in scalar)}) "
                f"FROM {_quoted(csv_path)} ({_CSV_OPTIONS})",
                {},
            )
        )
        for key in (k for k, t in cols if t is PropType.STRINGS):
            values = [{"id": r.id, "v": r.props[key]} for r in rows if key in r.props]
            if values:
                lists.append(
                    (
                        f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
                        f"SET n.`{key}` = row.v",
                        {"rows": values},
                    )
                )
    by_pair: dict[tuple[str, str, str], list[RelRow]] = defaultdict(list)
    for r in rels:
        by_pair[(r.type, r.source_label, r.target_label)].append(r)
    rel_cols = [k for k, t in sch.rel_props if t is not PropType.STRINGS]
    for (rel_type, a, b), group in sorted(by_pair.items()):
        csv_path = folder / f"{rel_type}-{a}-{b}.csv"
        _write_csv(
            csv_path,
            ["from", "to", *rel_cols],
            ([r.source, r.target, *(_cell(r.props.get(k)) for k in rel_cols)] for r in group),
        )
        statements.append(
            (
                f"COPY {rel_type}({', '.join(f'`{k}`' for k in rel_cols)}) "
                f"FROM {_quoted(csv_path)} "
                f"(from='{a}', to='{b}', {_CSV_OPTIONS})",
                {},
            )
        )
    return statements + lists


# AUTO_DETECT=false: the reader otherwise guesses the dialect from the first rows, and a
# file whose first thousand quotes are empty is read as unquoted, so the first quote with a
# comma in it splits ("expected 11 values per row, but got more"). Python's csv module
# writes the standard dialect, which the reader's defaults are.
_CSV_OPTIONS = "HEADER=true, PARALLEL=false, AUTO_DETECT=false"


def _quoted(path: Path) -> str:
    # COPY FROM takes a literal, not a parameter. Our own temporary path, escaped anyway.
    return "'" + str(path).replace("\\", "\\\\").replace("'", "\\'") + "'"


def build_folder(graph: PolicyGraph, folder: Path) -> Path:
    """Create the database in a temporary folder beside ``folder`` and rename it there.

    A killed build leaves a ``.tmp`` folder that :func:`store.remove_leftovers` clears,
    never a half-loaded database under the final name.
    """
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=temp_prefix(folder.name), suffix=".tmp"))
    try:
        create(graph, tmp / DATABASE_FILE)
        os.rename(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if not folder.is_dir():  # another process may have won the race
            raise
    return folder


@dataclass
class Embedded:
    """An open database and one connection to it; the connection needs the database."""

    database: Any
    connection: Any

    def close(self) -> None:
        self.connection.close()
        self.database.close()


def connect(folder: Path, *, buffer_pool: int = BUFFER_POOL) -> Embedded:
    """A read-only connection to the database in ``folder`` (:func:`build_folder`)."""
    return connect_file(folder / DATABASE_FILE, buffer_pool=buffer_pool)


def connect_file(path: Path, *, buffer_pool: int = BUFFER_POOL) -> Embedded:
    """A read-only connection to the database file ``path``."""
    import ladybug

    if not path.exists():
        raise InputError(f"{path}: no embedded database here")
    try:
        db = ladybug.Database(str(path), buffer_pool_size=buffer_pool, read_only=True)
    except RuntimeError as exc:
        raise InputError(f"{path}: cannot open the embedded database ({exc})") from None
    return Embedded(db, ladybug.Connection(db))

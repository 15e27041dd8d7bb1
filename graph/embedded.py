"""Cypher with no server: the graph in an embedded ladybug database.

ladybug is the maintained fork of the Kùzu engine: pure wheels, one database file that
reopens in milliseconds, and Cypher. Its dialect wants every node and relationship table
declared with typed columns before loading, which :func:`policykg.graph.property.schema`
gives; it has one label per node, so a document's kind is its ``kind`` property here.

Loading streams: each node and edge is written to its table's CSV file as it comes (a
store's graph is read one element at a time, :mod:`policykg.graph.derived`), then one
bulk ``COPY FROM`` per file loads them; no row is inserted one by one. The buffer pool is
sized from the bytes loaded and the memory the machine has free (:func:`pool_size`):
a fixed 512 MB failed on 10,000 documents with "buffer pool is full".
"""

from __future__ import annotations

import csv
import itertools
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from policykg.errors import InputError
from policykg.files import temp_prefix
from policykg.graph.model import Edge, Node, PolicyGraph
from policykg.graph.property import (
    NODE_SCHEMA,
    REL_SCHEMA,
    NodeRow,
    PropType,
    RelRow,
    Schema,
    node_row,
    rel_row,
    schema,
)

__all__ = [
    "DATABASE_FILE",
    "Embedded",
    "Tables",
    "build_folder",
    "build_folder_with",
    "connect",
    "connect_file",
    "create",
    "ddl",
    "load",
    "pool_size",
]

DATABASE_FILE = "graph.lbdb"


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


# A list goes into a CSV cell as its items joined by SEP, each after MARK, and comes out by
# ``string_split`` in the COPY: ladybug's CSV reader keeps the quotes of quoted list items,
# and ``string_split`` drops empty items, which MARK keeps from being empty.
_SEP, _MARK = "\x1f", "\x1e"


def _cell(value: object) -> object:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list):
        return _SEP.join(_MARK + str(v) for v in value)
    return value


@dataclass
class _Csv:
    """One table's CSV file, written as its rows come."""

    path: Path
    columns: list[str]
    file: IO[str]
    writer: Any

    @classmethod
    def open(cls, path: Path, columns: list[str], header: list[str]) -> _Csv:
        f = path.open("w", encoding="utf-8", newline="")
        out = csv.writer(f)
        out.writerow(header)
        return cls(path, columns, f, out)

    def write(self, row: list[object]) -> None:
        self.writer.writerow(row)


class Tables:
    """The CSV files of every node and relationship table, written from a stream of rows
    in one pass, and what the database needs to load them.

    Rows with properties the vocabulary does not declare (only a store written by another
    version has them) are held apart and written last, once their columns are known.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.labels: dict[str, str] = {}
        self.node_files: dict[str, list[_Csv]] = defaultdict(list)
        self.rel_files: dict[tuple[str, str, str], list[_Csv]] = defaultdict(list)
        self.odd_nodes: list[NodeRow] = []
        self.odd_rels: list[RelRow] = []
        self.nodes = self.rels = 0

    def add_nodes(self, nodes: Iterable[tuple[Node, str]]) -> None:
        for node, key in nodes:
            row = node_row(node, key)
            self.labels[row.id] = row.label
            self.nodes += 1
            cols = _NODE_COLUMNS[row.label]
            if not cols.issuperset(row.props):
                self.odd_nodes.append(row)
                continue
            files = self.node_files[row.label]
            if not files:
                names = [k for k, _ in NODE_SCHEMA[row.label]]
                files.append(_Csv.open(self.folder / f"{row.label}.csv", names, names))
            f = files[0]
            f.write([_cell(row.props.get(k)) for k in f.columns])

    def add_edges(self, edges: Iterable[Edge]) -> None:
        for edge in edges:
            try:
                row = rel_row(edge, self.labels)
            except KeyError as exc:
                raise ValueError(f"edge {edge.key} names a node not met before: {exc}") from None
            self.rels += 1
            if not _REL_COLUMNS.issuperset(row.props):
                self.odd_rels.append(row)
                continue
            files = self.rel_files[(row.type, row.source_label, row.target_label)]
            if not files:
                name = f"{row.type}-{row.source_label}-{row.target_label}.csv"
                cols = [k for k, _ in REL_SCHEMA]
                files.append(_Csv.open(self.folder / name, cols, ["from", "to", *cols]))
            f = files[0]
            f.write([row.source, row.target, *(_cell(row.props.get(k)) for k in f.columns)])

    def finish(self) -> Schema:
        """Write the rows held apart, close every file; the schema of all the rows."""
        sch = schema(self.odd_nodes, self.odd_rels)
        for label, group in itertools.groupby(
            sorted(self.odd_nodes, key=lambda r: r.label), key=lambda r: r.label
        ):
            names = [k for k, _ in sch.nodes[label]]
            f = _Csv.open(self.folder / f"{label}-more.csv", names, names)
            for node in group:
                f.write([_cell(node.props.get(k)) for k in names])
            self.node_files[label].append(f)
        cols = [k for k, t in sch.rel_props if t is not PropType.STRINGS]
        for rel in self.odd_rels:
            ends = (rel.type, rel.source_label, rel.target_label)
            files = self.rel_files[ends]
            if not files or files[-1].columns != cols:
                name = f"{'-'.join(ends)}-more.csv"
                files.append(_Csv.open(self.folder / name, cols, ["from", "to", *cols]))
            files[-1].write([rel.source, rel.target, *(_cell(rel.props.get(k)) for k in cols)])
        for f in self._files():
            f.file.close()
        pairs = {t: set(p) for t, p in sch.rels.items()}
        for t, a, b in self.rel_files:
            pairs.setdefault(t, set()).add((a, b))
        rels = {t: tuple(sorted(pairs[t])) for t in sorted(pairs)}
        return Schema(nodes=sch.nodes, rels=rels, rel_props=sch.rel_props)

    def _files(self) -> Iterator[_Csv]:
        for files in (*self.node_files.values(), *self.rel_files.values()):
            yield from files

    @property
    def size(self) -> int:
        """Bytes of CSV written."""
        return sum(f.path.stat().st_size for f in self._files())

    def copies(self, sch: Schema) -> Iterator[str]:
        """The statements that load every file: node tables first."""
        for label, files in sorted(self.node_files.items()):
            types = dict(sch.nodes[label])
            for f in files:
                read = ", ".join(f"`{k}` {_load_type(types[k])}" for k in f.columns)
                cols = ", ".join(
                    f"list_transform(string_split(`{k}`, '{_SEP}'), x -> substring(x, 2, size(x)))"
                    if types[k] is PropType.STRINGS
                    else f"`{k}`"
                    for k in f.columns
                )
                yield (
                    f"COPY {label}({', '.join(f'`{k}`' for k in f.columns)}) FROM "
                    f"(LOAD WITH HEADERS ({read}) FROM {_quoted(f.path)} ({_CSV_OPTIONS}) "
                    f"RETURN {cols})"
                )
        for (rel_type, a, b), files in sorted(self.rel_files.items()):
            for f in files:
                yield (
                    f"COPY {rel_type}({', '.join(f'`{k}`' for k in f.columns)}) "
                    f"FROM {_quoted(f.path)} (from='{a}', to='{b}', {_CSV_OPTIONS})"
                )


_NODE_COLUMNS = {label: frozenset(k for k, _ in cols) for label, cols in NODE_SCHEMA.items()}
_REL_COLUMNS = frozenset(k for k, t in REL_SCHEMA if t is not PropType.STRINGS)


def _load_type(t: PropType) -> str:
    return PropType.STRING.value if t is PropType.STRINGS else t.value


# AUTO_DETECT=false: the reader otherwise guesses the dialect from the first rows, and a
# file whose first thousand quotes are empty is read as unquoted, so the first quote with a
# comma in it splits ("expected 11 values per row, but got more"). Python's csv module
# writes the standard dialect, which the reader's defaults are. PARALLEL=false: the
# parallel reader splits quoted fields that hold newlines.
_CSV_OPTIONS = "HEADER=true, PARALLEL=false, AUTO_DETECT=false"


def _quoted(path: Path) -> str:
    # COPY FROM takes a literal, not a parameter. Our own temporary path, escaped anyway.
    return "'" + str(path).replace("\\", "\\\\").replace("'", "\\'") + "'"


# --- the buffer pool -------------------------------------------------------------------

# ladybug takes 80% of the machine's memory for its buffer pool unless told otherwise, and
# fails a load ("buffer pool is full") that needs more than it was given.
POOL_FLOOR = 256 * 1024**2
POOL_CEILING = 8 * 1024**3
# Loading holds a table's columns, its primary-key index and the relationships' adjacency
# lists in the pool at once: measured, up to POOL_FACTOR times the CSV bytes.
POOL_FACTOR = 2


def available_memory() -> int | None:
    """``MemAvailable`` of /proc/meminfo in bytes (``None`` where there is none)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def pool_size(data_bytes: int, *, available: int | None = None) -> int:
    """The buffer pool for ``data_bytes`` of tables (the CSV files loaded, or the database
    file opened): POOL_FACTOR times that, at least POOL_FLOOR, at most POOL_CEILING and
    at most three quarters of the memory available (``available``, else the machine's).

    The pool is address space reserved, not memory taken: only the pages a load or a
    query touches count, so a pool larger than needed costs nothing.
    """
    avail = available if available is not None else available_memory()
    ceiling = POOL_CEILING if avail is None else min(POOL_CEILING, avail * 3 // 4)
    return max(POOL_FLOOR, min(POOL_FACTOR * data_bytes, ceiling))


# --- making and opening a database -----------------------------------------------------


def create(graph: PolicyGraph, path: Path, *, buffer_pool: int | None = None) -> None:
    """Write ``graph`` as a new ladybug database at ``path`` (which must not exist)."""
    from policykg.graph.ids import readable_key

    keyed = ((n, readable_key(graph, n.id)) for n in graph.nodes)
    load(path, keyed, graph.edges, buffer_pool=buffer_pool)


def load(
    path: Path,
    nodes: Iterable[tuple[Node, str]],
    edges: Iterable[Edge],
    *,
    buffer_pool: int | None = None,
    scratch: Path | None = None,
) -> None:
    """Write a new ladybug database at ``path`` from nodes (each with its readable key),
    then edges, taken one at a time: CSV files in ``scratch`` (a temporary folder if not
    given, removed after), then one ``COPY`` each.

    Raises:
        InputError: ladybug refused the load (out of memory, disk full); one line.
    """
    import ladybug

    with tempfile.TemporaryDirectory(prefix="policykg-csv-", dir=scratch) as tmp:
        tables = Tables(Path(tmp))
        try:
            tables.add_nodes(nodes)
            tables.add_edges(edges)
        finally:
            sch = tables.finish()
        pool = buffer_pool or pool_size(tables.size)
        db = ladybug.Database(str(path), buffer_pool_size=pool)
        conn = ladybug.Connection(db)
        try:
            for statement in [*ddl(sch), *tables.copies(sch)]:
                conn.execute(statement)
        except RuntimeError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "failed"
            raise InputError(
                f"{path}: cannot make the Cypher database ({first}; buffer pool "
                f"{pool // 1024**2} MB for {tables.nodes} nodes, {tables.rels} relationships)"
            ) from None
        finally:
            conn.close()
            db.close()


def build_folder(graph: PolicyGraph, folder: Path) -> Path:
    """The database of ``graph`` in ``folder`` (:func:`build_folder_with`)."""
    return build_folder_with(folder, lambda path, _: create(graph, path))


def build_folder_with(folder: Path, make: Callable[[Path, Path], None]) -> Path:
    """Create the database in a temporary folder beside ``folder`` and rename it there:
    ``make(database_file, scratch_folder)``, the scratch folder inside the temporary one.

    A failed or interrupted load removes its temporary folder; one killed outright leaves
    a ``.tmp`` folder that :func:`store.embedded` clears on its next call, never a
    half-loaded database under the final name.
    """
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=temp_prefix(folder.name), suffix=".tmp"))
    try:
        (tmp / "csv").mkdir()
        make(tmp / DATABASE_FILE, tmp / "csv")
        shutil.rmtree(tmp / "csv")
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


def connect(folder: Path, *, buffer_pool: int | None = None) -> Embedded:
    """A read-only connection to the database in ``folder`` (:func:`build_folder`)."""
    return connect_file(folder / DATABASE_FILE, buffer_pool=buffer_pool)


def connect_file(path: Path, *, buffer_pool: int | None = None) -> Embedded:
    """A read-only connection to the database file ``path``; its buffer pool sized from
    the file unless given."""
    import ladybug

    try:
        size = path.stat().st_size
    except OSError:
        raise InputError(f"{path}: no embedded database here") from None
    pool = buffer_pool or pool_size(size)
    try:
        db = ladybug.Database(str(path), buffer_pool_size=pool, read_only=True)
    except RuntimeError as exc:
        raise InputError(f"{path}: cannot open the embedded database ({exc})") from None
    return Embedded(db, ladybug.Connection(db))

"""Each document's part of the graph, kept between builds: ``parts.db`` in the store.

A build after one file changed must not resolve ten thousand documents again. Each
document's own nodes and edges (:mod:`policykg.graph.fragment`) are kept here, encoded as
``graph.db`` rows, with its head (:mod:`policykg.graph.heads`), the cache key of its
records and the digest of the context they were resolved in. A build decides the shared
part again from the heads, re-resolves only the documents whose records or context
changed, and assembles ``graph.db`` from the parts in SQLite (:func:`graphdb.assemble`):
the same file, byte for byte, as a build from nothing.

Layout::

    meta(key, value)               format and the code's version: another one starts afresh
    docs(source, path, key, sha256, warnings, ctx, head)   head as codec JSON
    nodes(source, seq, <a graph.db node row with ids as text>)
    edges(source, seq, <a graph.db edge row with ids, type and quote as text>)
    problems(source, value)        the document's own problems, as graph JSON

It is a cache: one that cannot be read, or of other code, is removed and made again. Its
changes are one transaction, committed only once ``graph.db`` is written.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from policykg.codec import CodecError, from_data, to_data
from policykg.errors import InputError
from policykg.graph import model
from policykg.graph.fragment import Fragment
from policykg.graph.graphdb import EdgeRow, NodeRow, edge_row, node_row
from policykg.graph.heads import Head
from policykg.graph.model import PolicyGraph, Problem

FORMAT = "policykg-parts 1"

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    source TEXT PRIMARY KEY, path TEXT NOT NULL, key TEXT NOT NULL, sha256 TEXT NOT NULL,
    warnings INTEGER NOT NULL, ctx TEXT, head TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE nodes(
    source TEXT, seq INTEGER, id TEXT, type TEXT, label TEXT, props TEXT, number TEXT,
    src TEXT, name TEXT, place TEXT, document TEXT, PRIMARY KEY (source, seq)
) WITHOUT ROWID;
CREATE TABLE edges(
    source TEXT, seq INTEGER, s TEXT, type TEXT, d TEXT, props TEXT, evidence TEXT,
    quote TEXT, PRIMARY KEY (source, seq)
) WITHOUT ROWID;
CREATE TABLE problems(source TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Known:
    """What the parts file holds of one document."""

    path: str
    key: str  # the cache key of its records
    ctx: str | None  # the digest of the context its part was resolved in


@dataclass(frozen=True, slots=True, kw_only=True)
class Rows:
    """A document's part, encoded (in the process that resolved it)."""

    nodes: tuple[NodeRow, ...]
    edges: tuple[EdgeRow, ...]
    problems: str  # JSON

    @classmethod
    def of(cls, part: Fragment) -> Rows:
        data = model.to_json(PolicyGraph(nodes=(), edges=(), problems=part.problems))
        return cls(
            nodes=tuple(map(node_row, part.nodes)),
            edges=tuple(map(edge_row, part.edges)),
            problems=json.dumps(data["problems"], ensure_ascii=False),
        )


def encode_head(head: Head) -> str:
    return json.dumps(to_data(head), ensure_ascii=False, separators=(",", ":"))


class Parts:
    """The parts file of a store, open for one build (which holds the store's lock)."""

    def __init__(self, path: Path, code: str) -> None:
        self.path = path
        try:
            self._con = self._open(code)
        except sqlite3.Error:
            # A damaged file is a lost cache, nothing more: start again.
            with contextlib.suppress(OSError):
                path.unlink()
            try:
                self._con = self._open(code)
            except sqlite3.Error as exc:
                raise InputError(f"{path}: cannot write the store: {exc}") from None

    def _open(self, code: str) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, isolation_level=None)
        try:
            con.execute("PRAGMA synchronous=NORMAL")
            meta = {"format": FORMAT, "code": code}
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            found = dict(con.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
            if found != meta:
                for table in tables & {"meta", "docs", "nodes", "edges", "problems"}:
                    con.execute(f"DROP TABLE {table}")  # names from this module's schema
                for statement in _SCHEMA.split(";"):
                    con.execute(statement)
                con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
            con.execute("BEGIN")
        except BaseException:
            con.close()
            raise
        return con

    def close(self) -> None:
        """Drop what this build changed unless :meth:`commit` was called."""
        with contextlib.suppress(sqlite3.Error):
            if self._con.in_transaction:
                self._con.execute("ROLLBACK")
        self._con.close()

    def commit(self) -> None:
        self._con.execute("COMMIT")
        self._con.execute("BEGIN")

    # --- reading -------------------------------------------------------------------------

    def known(self) -> dict[str, Known]:
        rows = self._con.execute("SELECT source, path, key, ctx FROM docs")
        return {s: Known(path=p, key=k, ctx=c) for s, p, k, c in rows}

    def heads(self, sources: Iterable[str]) -> Iterator[Head]:
        """The heads of these documents (those that cannot be decoded are skipped: their
        file is read again)."""
        sql = "SELECT head FROM docs WHERE source = ?"
        for source in sources:
            for (text,) in self._con.execute(sql, (source,)):
                with contextlib.suppress(CodecError, ValueError):
                    yield from_data(Head, json.loads(text))

    def inputs(self, paths: Sequence[Path]) -> list[dict[str, str]]:
        """The documents of the graph, as ``graph.db`` lists them: in the order found."""
        rows = self._con.execute("SELECT source, path, sha256 FROM docs")
        by_path = {p: {"source": s, "path": p, "sha256": h} for s, p, h in rows}
        return [by_path[str(p)] for p in paths if str(p) in by_path]

    def warnings(self) -> int:
        return int(self._con.execute("SELECT total(warnings) FROM docs").fetchone()[0])

    def problems(self) -> list[Problem]:
        out: list[Problem] = []
        for (text,) in self._con.execute("SELECT value FROM problems ORDER BY source"):
            data = {"nodes": [], "edges": [], "problems": json.loads(text)}
            out.extend(model.from_json(data).problems)
        return out

    # --- writing -------------------------------------------------------------------------

    def put_head(
        self, head: Head, *, key: str, sha256: str, warnings: int, encoded: str | None = None
    ) -> None:
        """A document read (again): its head, with no part until :meth:`put_part`."""
        self.drop([head.source])
        self._con.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, NULL, ?)",
            (head.source, head.path, key, sha256, warnings, encoded or encode_head(head)),
        )

    def put_part(self, source: str, ctx: str, rows: Rows) -> None:
        """The part of ``source`` resolved in the context of digest ``ctx``."""
        self._drop_part(source)
        con = self._con
        con.execute("UPDATE docs SET ctx = ? WHERE source = ?", (ctx, source))
        con.executemany(
            "INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            ((source, i, *row) for i, row in enumerate(rows.nodes)),
        )
        con.executemany(
            "INSERT INTO edges VALUES (?,?,?,?,?,?,?,?)",
            ((source, i, *row) for i, row in enumerate(rows.edges)),
        )
        if rows.problems != "[]":
            con.execute("INSERT INTO problems VALUES (?, ?)", (source, rows.problems))

    def drop(self, sources: Sequence[str]) -> None:
        """Forget these documents (removed, or read again)."""
        for source in sources:
            self._con.execute("DELETE FROM docs WHERE source = ?", (source,))
            self._drop_part(source)

    def _drop_part(self, source: str) -> None:
        for table in ("nodes", "edges", "problems"):
            self._con.execute(f"DELETE FROM {table} WHERE source = ?", (source,))

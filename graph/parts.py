"""Each document's part of the graph, kept between builds: ``parts.db`` in the store.

A build after one file changed must not resolve ten thousand documents again. Each
document's own nodes and edges (:mod:`policykg.graph.fragment`) are kept here, encoded as
``graph.db`` rows, with its head (:mod:`policykg.graph.heads`), the cache key of its
records and the digest of the context they were resolved in. A build decides the shared
part again from the heads, re-resolves only the documents whose records or context
changed, and assembles ``graph.db`` from the parts in SQLite (:func:`graphdb.assemble`):
the same file, byte for byte, as a build from nothing.

Layout::

    meta(key, value)       format, the code's version (another one starts afresh), the
                           successions table's digest, parts dropped since the last sweep
    docs(doc, source, path, key, sha256, warnings, ctx, head)   head as zlib'd codec JSON;
                           the shared part is the document named SHARED
    nodes(doc, seq, <a graph.db node row with ids as text>)
    edges(doc, seq, src, type, dst, props, ev_source, ev_start, ev_end, ev_section,
          ev_page, quote)  ends and type as text, evidence in columns, quote by hash
    texts(h, text)         each quote once, by hash
    problems(doc, value)   a part's problems, as graph JSON
    stats(path, size, mtime, ino, row, key, seen)   each input's cache key, by its stat

It is a cache: one that cannot be read, or of other code, is removed and made again. Its
changes are one transaction, committed only once ``graph.db`` is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from policykg.codec import CodecError, from_data, to_data
from policykg.errors import InputError
from policykg.graph import model
from policykg.graph.fragment import Fragment
from policykg.graph.graphdb import compact_json
from policykg.graph.heads import Head
from policykg.graph.model import Edge, Node, Problem

FORMAT = "policykg-parts 4"
# The shared part (stubs, agencies, places, successions) is kept as a part too, under a
# name no file has that sorts after every file name: it comes after the documents' parts.
SHARED = "\U0010ffff"

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    doc INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, path TEXT NOT NULL,
    key TEXT NOT NULL, sha256 TEXT NOT NULL, warnings INTEGER NOT NULL, ctx TEXT, head BLOB
);
CREATE TABLE nodes(
    doc INTEGER NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL,
    label TEXT NOT NULL, props TEXT NOT NULL, number TEXT, source TEXT, name TEXT,
    place TEXT, document TEXT
);
CREATE INDEX nodes_at ON nodes(doc, seq);
CREATE TABLE edges(
    doc INTEGER NOT NULL, seq INTEGER NOT NULL, src TEXT NOT NULL, type TEXT NOT NULL,
    dst TEXT NOT NULL, props TEXT NOT NULL, ev_source TEXT, ev_start INTEGER,
    ev_end INTEGER, ev_section TEXT, ev_page INTEGER, quote BLOB
);
CREATE INDEX edges_at ON edges(doc, seq);
CREATE TABLE texts(h BLOB NOT NULL UNIQUE, text TEXT NOT NULL);
CREATE TABLE problems(doc INTEGER PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE stats(
    path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ino INTEGER, row TEXT, key TEXT,
    seen INTEGER
) WITHOUT ROWID
"""
# Quotes are kept once each (a task's sentence is the evidence of its PART_OF and of each
# LED_BY), under a hash of their text; those no edge names any more are removed once
# parts holding this many documents have been replaced or dropped.
SWEEP_AFTER = 200

# Rows as the parts file keeps them and graph.db takes them: a node's columns, and an
# edge's with both ends as ids, its type's name, its evidence in columns (the file named
# only when it is not the part's own: evidence was a fifth of the file) and the hash of
# its quote. graph.db's evidence JSON is written from the columns by SQLite.
NodeRow = tuple[str, str, str, str, str | None, str | None, str, str | None, str | None]
EdgeRow = tuple[
    str, str, str, str, str | None, int | None, int | None, str | None, int | None, bytes | None
]


def _props(props: Iterable[tuple[str, Any]]) -> str:
    # Read back by graphdb.Reader (``_props_of``).
    return compact_json({k: model._value_to_json(v) for k, v in props})


def node_row(n: Node) -> NodeRow:
    number, source, doc = n.get("number"), n.get("source"), n.get("document")
    return (
        n.id,
        n.type.value,
        n.label,
        _props(n.props),
        str(number).casefold() if number else None,
        str(source) if source else None,
        n.label.casefold(),
        str(n.get("jurisdiction") or "") or None,
        str(doc) if doc else None,
    )


def text_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


class Stat(NamedTuple):
    """A file as it was when its cache key was taken: the key holds while the file's size,
    time and inode do, and its manifest row (``row``) is the same."""

    size: int
    mtime: int  # nanoseconds
    ino: int
    row: str
    key: str
    seen: int  # when the key was taken (ns): a file changed in the same tick is read again


@dataclass(frozen=True, slots=True, kw_only=True)
class Known:
    """What the parts file holds of one document."""

    path: str
    key: str  # the cache key of its records
    ctx: str | None  # the digest of the context its part was resolved in


@dataclass(frozen=True, slots=True, kw_only=True)
class Rows:
    """A part, encoded (in the process that resolved it)."""

    nodes: tuple[NodeRow, ...]
    edges: tuple[EdgeRow, ...]
    texts: tuple[tuple[bytes, str], ...]  # the quotes of its edges, each once
    problems: str  # JSON

    @classmethod
    def of(
        cls,
        nodes: Iterable[Node],
        edges: Iterable[Edge],
        problems: Iterable[Problem] = (),
        *,
        own: str | None = None,
    ) -> Rows:
        """The rows of a part; ``own``: the file whose part it is (its evidence names it)."""
        texts: dict[bytes, str] = {}
        encoded: list[EdgeRow] = []
        # A part's edges share a few property sets and section paths: each encoded once.
        props_of: dict[tuple[tuple[str, Any], ...], str] = {}
        sections: dict[tuple[str, ...], str] = {}
        for e in edges:
            props = props_of.get(e.props)
            if props is None:
                props = props_of[e.props] = _props(e.props)
            ends, p = (e.source, e.type.value, e.target), e.evidence
            if p is None:
                encoded.append((*ends, props, None, None, None, None, None, None))
                continue
            h = text_hash(p.quote)
            texts.setdefault(h, p.quote)
            source = None if p.source == own else p.source
            section = sections.get(p.section)
            if section is None:
                section = sections[p.section] = compact_json(list(p.section))
            encoded.append((*ends, props, source, p.span.start, p.span.end, section, p.page, h))
        return cls(
            nodes=tuple(map(node_row, nodes)),
            edges=tuple(encoded),
            texts=tuple(texts.items()),
            problems=compact_json([model.problem_to_json(p) for p in problems]),
        )

    @classmethod
    def of_part(cls, part: Fragment, own: str) -> Rows:
        return cls.of(part.nodes, part.edges, part.problems, own=own)


def encode_head(head: Head) -> bytes:
    return zlib.compress(compact_json(to_data(head)).encode(), 1)


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
        self._ids = dict(self._con.execute("SELECT source, doc FROM docs"))
        self._dropped = int(self.meta("dropped") or 0)

    def _open(self, code: str) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, isolation_level=None)
        try:
            con.execute("PRAGMA synchronous=NORMAL")
            meta = {"format": FORMAT, "code": code}
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            found = dict(con.execute("SELECT key, value FROM meta")) if "meta" in tables else {}
            if {k: found.get(k) for k in meta} != meta:
                con.execute("BEGIN")
                for table in tables:
                    con.execute(f'DROP TABLE "{table}"')  # names read from the file itself
                for statement in _SCHEMA.split(";"):
                    con.execute(statement)
                con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
                con.execute("COMMIT")
            con.execute("BEGIN")
        except BaseException:
            con.close()
            raise
        return con

    def meta(self, key: str) -> str | None:
        row = self._con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def head_blob(self, source: str) -> bytes | None:
        """The head of ``source`` as kept (compared, not decoded, to see it unchanged)."""
        row = self._con.execute("SELECT head FROM docs WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        """Drop what this build changed unless :meth:`commit` was called."""
        with contextlib.suppress(sqlite3.Error):
            if self._con.in_transaction:
                self._con.execute("ROLLBACK")
        self._con.close()

    def commit(self) -> None:
        """Make this build's changes the file's, sweeping quotes nothing names any more."""
        if self._dropped >= SWEEP_AFTER:
            self._con.execute(
                "DELETE FROM texts WHERE h NOT IN (SELECT quote FROM edges WHERE quote IS NOT NULL)"
            )
            self._dropped = 0
        self.set_meta("dropped", str(self._dropped))
        self._con.execute("COMMIT")
        self._con.execute("BEGIN")

    # --- reading -------------------------------------------------------------------------

    def known(self) -> dict[str, Known]:
        rows = self._con.execute(
            "SELECT source, path, key, ctx FROM docs WHERE source != ?", (SHARED,)
        )
        return {s: Known(path=p, key=k, ctx=c) for s, p, k, c in rows}

    def heads(self, sources: Iterable[str]) -> Iterator[Head]:
        """The heads of these documents (those that cannot be decoded are skipped: their
        file is read again)."""
        wanted = set(sources)
        for source, blob in self._con.execute("SELECT source, head FROM docs"):
            if source in wanted:
                with contextlib.suppress(CodecError, ValueError, TypeError, zlib.error):
                    yield from_data(Head, json.loads(zlib.decompress(blob)))

    def inputs(self, paths: Sequence[Path]) -> list[dict[str, str]]:
        """The documents of the graph, as ``graph.db`` lists them: in the order found."""
        rows = self._con.execute("SELECT source, path, sha256 FROM docs")
        by_path = {p: {"source": s, "path": p, "sha256": h} for s, p, h in rows}
        return [by_path[str(p)] for p in paths if str(p) in by_path]

    def warnings(self) -> int:
        return int(self._con.execute("SELECT total(warnings) FROM docs").fetchone()[0])

    def problems(self) -> list[Problem]:
        """The problems of every part, the shared one's included."""
        rows = self._con.execute("SELECT value FROM problems ORDER BY doc")
        return [model.problem_from_json(p) for (text,) in rows for p in json.loads(text)]

    def stats(self) -> dict[str, Stat]:
        rows = self._con.execute("SELECT * FROM stats")
        return {r[0]: Stat(*r[1:]) for r in rows}

    # --- writing -------------------------------------------------------------------------

    def put_stats(self, stats: dict[str, Stat]) -> None:
        """The stat of each input, for the next build (rewritten only when it changed)."""
        if stats != self.stats():
            self._con.execute("DELETE FROM stats")
            rows = ((path, *stat) for path, stat in sorted(stats.items()))
            self._con.executemany("INSERT INTO stats VALUES (?,?,?,?,?,?,?)", rows)

    def put_head(
        self, head: Head, *, key: str, sha256: str, warnings: int, encoded: bytes | None = None
    ) -> None:
        """A document read (again): its head, with no part until :meth:`put_part`."""
        self.drop([head.source])
        self._add(head.source, head.path, key, sha256, warnings, encoded or encode_head(head))

    def _add(
        self, source: str, path: str, key: str, sha256: str, warnings: int, head: bytes | None
    ) -> None:
        cur = self._con.execute(
            "INSERT INTO docs(source, path, key, sha256, warnings, ctx, head) "
            "VALUES (?, ?, ?, ?, ?, NULL, ?)",
            (source, path, key, sha256, warnings, head),
        )
        assert cur.lastrowid is not None
        self._ids[source] = cur.lastrowid

    def put_part(self, source: str, ctx: str, rows: Rows) -> None:
        """The part of ``source`` resolved in the context of digest ``ctx``."""
        doc = self._ids[source]
        self._drop_part(doc)
        con = self._con
        con.execute("UPDATE docs SET ctx = ? WHERE doc = ?", (ctx, doc))
        con.executemany("INSERT OR IGNORE INTO texts VALUES (?, ?)", rows.texts)
        con.executemany(
            "INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            ((doc, i, *row) for i, row in enumerate(rows.nodes)),
        )
        con.executemany(
            "INSERT INTO edges VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            ((doc, i, *row) for i, row in enumerate(rows.edges)),
        )
        if rows.problems != "[]":
            con.execute("INSERT INTO problems VALUES (?, ?)", (doc, rows.problems))

    def put_shared(self, rows: Rows) -> None:
        """The shared part, after every document's."""
        if SHARED not in self._ids:
            self._add(SHARED, "", "", "", 0, None)
        self.put_part(SHARED, "", rows)

    def drop(self, sources: Sequence[str]) -> None:
        """Forget these documents (removed, or read again)."""
        for source in sources:
            doc = self._ids.pop(source, None)
            if doc is not None:
                self._con.execute("DELETE FROM docs WHERE doc = ?", (doc,))
                self._drop_part(doc)

    def _drop_part(self, doc: int) -> None:
        if self._con.execute("DELETE FROM edges WHERE doc = ?", (doc,)).rowcount:
            self._dropped += 1
        for table in ("nodes", "problems"):
            self._con.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))

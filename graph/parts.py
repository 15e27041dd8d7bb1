"""Each document's part of the graph, kept between builds in ``graph.db`` itself.

A build after one file changed must not resolve ten thousand documents again. Each
document's own nodes and edges (:mod:`policykg.graph.fragment`) are the rows of
``graph.db`` that name it as their part, with its head (:mod:`policykg.graph.heads`), the
cache key of its records and the digest of the context they were resolved in (``docs``).
A build decides the shared part again from the heads, re-resolves only the documents
whose records or context changed, stages their rows, and replaces their rows of
``graph.db`` in place (:mod:`policykg.graph.winners`): one transaction, so a reader sees
the old graph or the new one, and a failed build leaves the old one. A file of other code,
or one that cannot be read, is not used: the build starts afresh in a temporary file that
is renamed over it at the end. See :mod:`policykg.graph.graphdb` for the layout.
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
from typing import Any

from policykg.codec import CodecError, from_data, to_data
from policykg.errors import InputError
from policykg.graph import graphdb, model, winners
from policykg.graph.fragment import Fragment
from policykg.graph.graphdb import compact_json
from policykg.graph.heads import Head
from policykg.graph.model import Edge, EdgeType, Node, Problem

# The shared part (stubs, agencies, places, successions) is kept as a part too, under a
# name no file has that sorts after every file name: it comes after the documents' parts.
SHARED = "\U0010ffff"

# Quotes no edge names any more are removed once parts holding this many documents have
# been replaced or dropped. (NULLs left out: one in a NOT IN list makes it match nothing.)
SWEEP_AFTER = 200
_SWEEP = """DELETE FROM texts WHERE t NOT IN (
    SELECT quote FROM edges WHERE quote IS NOT NULL
    UNION SELECT quote FROM spare_edges WHERE quote IS NOT NULL)"""

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
    """The graph file of a store, open for one build (which holds the store's lock): its
    parts read, and changed in one transaction that :meth:`finish` commits."""

    def __init__(self, path: Path, code: str) -> None:
        self.path = path
        self._fresh: Path | None = None  # the temporary file of a build from nothing
        try:
            self._con = self._open_kept(code) or self._open_fresh(code)
            self._con.executescript(winners.STAGING)
            self._con.execute("BEGIN IMMEDIATE" if self._fresh is None else "BEGIN")
            self._ids = dict(self._con.execute("SELECT source, doc FROM docs"))
            self._kept = set(self._ids.values())  # parts with rows in the file
            self._dropped = int(self.meta("dropped") or 0)
        except sqlite3.Error as exc:
            self.close()
            raise InputError(f"{path}: cannot write the store: {exc}") from None

    def _open_kept(self, code: str) -> sqlite3.Connection | None:
        """The graph file as it is, if this code wrote it and it can be read."""
        if not self.path.is_file():
            return None
        try:
            con = sqlite3.connect(self.path, isolation_level=None, timeout=60)
        except sqlite3.Error:
            return None
        try:
            found = dict(con.execute("SELECT key, value FROM meta WHERE key IN ('format', 'code')"))
            if found == {"format": graphdb.FORMAT, "code": code}:
                con.execute("PRAGMA synchronous=FULL")  # a commit in place must be durable
                # Nothing reaches the file before the commit: a build killed half-way
                # leaves it as it was, readable by queries that cannot roll it back.
                con.execute("PRAGMA cache_spill=OFF")
                con.execute("PRAGMA temp_store=FILE")  # staging may be a whole corpus
                return con
        except sqlite3.Error:
            pass  # damaged, or not SQLite: made again
        con.close()
        return None

    def _open_fresh(self, code: str) -> sqlite3.Connection:
        self._fresh = graphdb.beside(self.path)
        con = sqlite3.connect(self._fresh, isolation_level=None)
        # No journal: the file is private until renamed, and a failure discards it.
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA temp_store=FILE")
        # Pages freed by later builds can be given back (see finish), not only reused.
        con.execute("PRAGMA auto_vacuum=INCREMENTAL")
        con.executescript(graphdb.SCHEMA)
        con.executemany("INSERT INTO types VALUES (?, ?)", enumerate(t.value for t in EdgeType))
        meta = [("code", code), ("format", graphdb.FORMAT)]
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta)
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
        """Drop what this build changed unless :meth:`finish` was called."""
        con = getattr(self, "_con", None)
        if con is not None:
            with contextlib.suppress(sqlite3.Error):
                if con.in_transaction:
                    con.execute("ROLLBACK")
            con.close()
        if self._fresh is not None:
            self._fresh.unlink(missing_ok=True)

    def finish(self, problems: str, inputs: Sequence[dict[str, str]], digest: str) -> None:
        """Make the graph of the parts as they now are the file's, with the build's
        ``problems`` (JSON), ``inputs`` and ``digest``.

        Raises:
            InputError: the file cannot be written (permissions, full disk).
        """
        con = self._con
        try:
            winners.apply(con, kept=bool(self._kept))
            if self._dropped >= SWEEP_AFTER:
                con.execute(_SWEEP)
                self._dropped = 0
            meta = {
                "dropped": str(self._dropped),
                "inputs": compact_json(list(inputs)),
                "problems": problems,
                "digest": digest,
            }
            con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(meta.items()))
            con.execute("COMMIT")
            if self._fresh is None:
                _shrink(con)
            else:
                con.close()  # and close() finds it closed
                graphdb.publish(self._fresh, self.path)
                self._fresh = None
        except (OSError, sqlite3.Error) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise InputError(f"{self.path}: cannot write the graph: {why}") from None

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

    # --- writing -------------------------------------------------------------------------

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
        con.executemany("INSERT OR IGNORE INTO new_texts VALUES (?, ?)", rows.texts)
        con.executemany(
            "INSERT INTO new_nodes VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            ((doc, i, *row) for i, row in enumerate(rows.nodes)),
        )
        con.executemany(
            "INSERT INTO new_edges VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
        """The rows of part ``doc`` are to be decided again (staged ones forgotten)."""
        con = self._con
        if con.execute("INSERT OR IGNORE INTO changed VALUES (?)", (doc,)).rowcount:
            self._dropped += doc in self._kept
        for table in ("new_nodes", "new_edges", "problems"):
            con.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))


# A file whose free pages are more than this share of it gives them back after a build.
FREE_SHARE = 0.2


def _shrink(con: sqlite3.Connection) -> None:
    """Give the free pages back to the file system when they are many (a corpus replaced
    by another): the store stays the size of its graph. Its own transaction, after the
    build's: a failure here leaves a good graph, only larger."""
    free = con.execute("PRAGMA freelist_count").fetchone()[0]
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    if free > FREE_SHARE * pages:
        # executescript steps it to the end (execute frees one page a step, and stops).
        con.executescript("PRAGMA incremental_vacuum;")

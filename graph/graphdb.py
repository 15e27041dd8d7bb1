"""The store's graph as one SQLite file: compact, indexed, opened rather than loaded.

A query from the command line needs a few hundred nodes of a graph that may hold millions;
reading a whole JSON graph to find them cost seconds and gigabytes. This file is the graph
itself (``load`` reads all of it back, equal to what was written) and its indexes: by id,
by document number, file name and name, by type and jurisdiction, by the document a task
belongs to, and edges by either end, so :class:`Reader` fetches what a query touches.

Layout (``format`` in ``meta``)::

    meta(key, value)                 format, the inputs, the build's problems (JSON)
    types(code, name)                edge types, numbered in this file
    texts(t, text)                   each distinct evidence quote, once (in hash order)
    nodes(n, id, type, label, props, number, source, name, place, document)
    edges(e, src, type, dst, props, evidence, quote)

Quotes are kept once each: the same sentence is the evidence of a task's PART_OF and of each
of its LED_BY edges. ``number`` and ``name`` are case-folded for lookups; ``props`` holds
each node's properties as compact JSON, so the columns are only indexes and never the truth.

The file is assembled whole from the parts of a build (:mod:`policykg.graph.parts`) into a
temporary file and renamed over the old one, so readers see one graph, old or new. The same
graph gives the same bytes, whichever parts it was assembled from.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.files import temp_prefix
from policykg.graph import model
from policykg.graph.model import Edge, EdgeType, Node, NodeType, PolicyGraph, Problem

FORMAT = "policykg-graph 3"
# SQLite allows 32,766 variables per statement; lookups go in chunks well below it.
CHUNK = 900

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE types(code INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE texts(t INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE nodes(
    n INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, label TEXT NOT NULL,
    props TEXT NOT NULL, number TEXT, source TEXT, name TEXT, place TEXT, document INTEGER
);
CREATE TABLE edges(
    e INTEGER PRIMARY KEY, src INTEGER NOT NULL, type INTEGER NOT NULL, dst INTEGER NOT NULL,
    props TEXT NOT NULL, evidence TEXT, quote INTEGER
);
"""
# Made after the rows are in: one sort per index instead of a b-tree grown row by row.
_INDEXES = """
CREATE UNIQUE INDEX nodes_id ON nodes(id);
CREATE INDEX nodes_number ON nodes(number) WHERE number IS NOT NULL;
CREATE INDEX nodes_source ON nodes(source) WHERE source IS NOT NULL;
CREATE INDEX nodes_type ON nodes(type, place);
CREATE INDEX nodes_document ON nodes(document) WHERE document IS NOT NULL;
CREATE INDEX edges_src ON edges(src, type);
CREATE INDEX edges_dst ON edges(dst, type);
"""


def compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def problems_json(problems: Iterable[Problem]) -> str:
    """``problems``, sorted as a graph holds them, as the ``problems`` entry of ``meta``."""
    return compact_json([model.problem_to_json(p) for p in model.sorted_problems(problems)])


def _beside(path: Path) -> Path:
    """A new temporary file beside ``path`` (named so that a dead build's is swept)."""
    try:
        fd, name = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the graph: {exc.strerror or exc}") from None
    os.close(fd)
    return Path(name)


def write(path: Path, graph: PolicyGraph, inputs: Sequence[dict[str, str]]) -> None:
    """Write ``graph`` to ``path`` atomically, as a build would (one part, assembled).

    Raises:
        InputError: the file cannot be written (permissions, full disk).
    """
    from policykg.graph.parts import Parts, Rows  # parts encodes rows for this module

    staging = _beside(path)
    try:
        staging.unlink()
        parts = Parts(staging, "write")
        try:
            parts.put_shared(Rows.of(graph.nodes, graph.edges))
            parts.commit()
        finally:
            parts.close()
        assemble(path, staging, problems_json(graph.problems), inputs)
    finally:
        with contextlib.suppress(OSError):
            staging.unlink()


def assemble(path: Path, parts: Path, problems: str, inputs: Sequence[dict[str, str]]) -> None:
    """Write the graph of the parts in the file ``parts`` (:mod:`policykg.graph.parts`) to
    ``path``, atomically. The parts are taken in file-name order, the first row of an id
    or edge key kept; the file is numbered and laid out in id and key order, so the same
    graph gives the same bytes however its parts came to be.

    Raises:
        InputError: the file cannot be written (permissions, full disk).
    """
    tmp = _beside(path)
    try:
        _fill(tmp, parts, problems, inputs)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"{path}: cannot write the graph: {why}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# Staging, in temporary tables: the first row of each id and edge key, parts taken in
# file-name order; a staged row is only its key and where the row is (``r``).
_STAGE = """
CREATE TEMP TABLE an(id TEXT PRIMARY KEY, r INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO an SELECT n.id, n.rowid
    FROM parts.docs k JOIN parts.nodes n ON n.doc = k.doc ORDER BY k.source, n.seq;
CREATE TEMP TABLE ae(
    s TEXT, type TEXT, d TEXT, r INTEGER NOT NULL, h BLOB, PRIMARY KEY (s, type, d)
) WITHOUT ROWID;
INSERT OR IGNORE INTO ae SELECT e.src, e.type, e.dst, e.rowid, e.quote
    FROM parts.docs k JOIN parts.edges e ON e.doc = k.doc ORDER BY k.source, e.seq
"""
# Then the file itself: nodes numbered in id order, edges in key order (source, type's
# name, target: Python's order of Edge.key; their rowids are given as they are written,
# which a copy into a numbered table cost a fifth of the time), each quote once, numbered
# in the order of its hash.
_NUMBER = """
CREATE TEMP TABLE ids(id TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO ids SELECT id, row_number() OVER (ORDER BY id) - 1 FROM an;
INSERT INTO nodes
    SELECT i.n, a.id, p.type, p.label, p.props, p.number, p.source, p.name, p.place, d.n
    FROM an a JOIN ids i ON i.id = a.id JOIN parts.nodes p ON p.rowid = a.r
    LEFT JOIN ids d ON d.id = p.document ORDER BY a.id;
CREATE TEMP TABLE tq(h BLOB PRIMARY KEY, t INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO tq SELECT h, row_number() OVER (ORDER BY h) - 1
    FROM (SELECT DISTINCT h FROM ae WHERE h IS NOT NULL);
INSERT INTO texts SELECT q.t, x.text FROM tq q JOIN parts.texts x ON x.h = q.h ORDER BY q.t;
CREATE TEMP TABLE tt(name TEXT PRIMARY KEY, code INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO tt SELECT name, code FROM types;
INSERT INTO edges(src, type, dst, props, evidence, quote)
    SELECT si.n, tt.code, di.n, p.props, CASE
        WHEN p.ev_start IS NULL THEN NULL
        WHEN p.ev_page IS NULL THEN json_object(
            'source', coalesce(p.ev_source, k.source), 'start', p.ev_start, 'end', p.ev_end,
            'section', json(p.ev_section))
        ELSE json_object(
            'source', coalesce(p.ev_source, k.source), 'start', p.ev_start, 'end', p.ev_end,
            'section', json(p.ev_section), 'page', p.ev_page)
        END, q.t
    FROM ae o JOIN parts.edges p ON p.rowid = o.r JOIN parts.docs k ON k.doc = p.doc
    JOIN ids si ON si.id = o.s JOIN ids di ON di.id = o.d JOIN tt ON tt.name = o.type
    LEFT JOIN tq q ON q.h = o.h ORDER BY o.s, o.type, o.d
"""


def _fill(tmp: Path, parts: Path, problems: str, inputs: Sequence[dict[str, str]]) -> None:
    con = sqlite3.connect(tmp, isolation_level=None)
    try:
        # No journal: the file is private until renamed, and a failure discards it.
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA temp_store=FILE")  # staging a million edges is not for memory
        con.execute("ATTACH DATABASE ? AS parts", (str(parts),))
        con.execute("BEGIN")
        for statement in _statements(_SCHEMA):
            con.execute(statement)
        types = [(i, t.value) for i, t in enumerate(EdgeType)]
        con.executemany("INSERT INTO types VALUES (?, ?)", types)
        for statement in _statements(_STAGE + ";" + _NUMBER):
            con.execute(statement)
        meta = {"format": FORMAT, "inputs": compact_json(list(inputs)), "problems": problems}
        con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        for statement in _statements(_INDEXES):
            con.execute(statement)
        con.execute("COMMIT")
    finally:
        con.close()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def counts(path: Path) -> dict[str, int]:
    """Nodes by type, loaded documents, and references to loaded documents ("resolved")
    and to documents known only from references ("unresolved"; names aside)."""
    relations = tuple(t.value for t in model.DOCUMENT_RELATIONS)
    marks = ",".join("?" * len(relations))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = dict.fromkeys((t.value for t in NodeType), 0)
        out.update(con.execute("SELECT type, count(*) FROM nodes GROUP BY type"))
        loaded = "json_extract({}.props, '$.loaded') = 1"
        sql = f"SELECT count(*) FROM nodes n WHERE n.type = ? AND {loaded.format('n')}"
        out["documents"] = con.execute(sql, (NodeType.DOCUMENT.value,)).fetchone()[0]
        sql = (
            f"SELECT coalesce(sum({loaded.format('d')}), 0), count(*) FROM edges e "
            "JOIN types t ON t.code = e.type JOIN nodes d ON d.n = e.dst "
            f"WHERE t.name IN ({marks}) AND substr(d.id, 1, 10) != 'doc/named/'"
        )
        resolved, total = con.execute(sql, relations).fetchone()
    finally:
        con.close()
    return {**out, "resolved": resolved, "unresolved": total - resolved}


class Reader:
    """An open graph file: nodes and edges fetched by index, never all read at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            # Read-only and immutable: a reader never writes, locks or journals the file.
            self._con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
            meta = dict(self._con.execute("SELECT key, value FROM meta"))
            self._types = {c: EdgeType(n) for c, n in self._con.execute("SELECT * FROM types")}
        except sqlite3.Error:
            raise InputError(f"{path}: not a policykg graph (unreadable); rebuild it") from None
        if meta.get("format") != FORMAT:
            raise InputError(f"{path}: graph format not understood by this version; rebuild it")
        self._meta = meta
        self._codes = {t: c for c, t in self._types.items()}

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of ``sql``, one at a time (a whole graph is never held as rows)."""
        try:
            yield from self._con.execute(sql, args)
        except sqlite3.Error as exc:
            raise InputError(f"{self.path}: the graph is damaged ({exc}); rebuild it") from None

    # --- whole graph ---------------------------------------------------------------------

    def inputs(self) -> list[dict[str, str]]:
        return list(json.loads(self._meta["inputs"]))

    def problems(self) -> tuple[Problem, ...]:
        return tuple(map(model.problem_from_json, json.loads(self._meta["problems"])))

    def graph(self) -> PolicyGraph:
        """The whole graph, equal to the one written."""
        nodes = tuple(self.stream_nodes())
        return PolicyGraph(nodes=nodes, edges=tuple(self.stream_edges()), problems=self.problems())

    def stream_nodes(self) -> Iterator[Node]:
        """Every node, in id order, one at a time."""
        return self._nodes(f"{_NODES} ORDER BY n")

    def stream_edges(self) -> Iterator[Edge]:
        """Every edge, in key order, one at a time."""
        return self._edges(f"{_EDGES} ORDER BY e.e")

    # --- lookups ------------------------------------------------------------------------

    def _nodes(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Node]:
        for node_id, kind, label, props in self._rows(sql, args):
            yield Node(id=node_id, type=NodeType(kind), label=label, props=_props_of(props))

    def _edges(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Edge]:
        for source, kind, target, props, evidence, quote in self._rows(sql, args):
            found = None
            if evidence is not None:
                found = model.provenance_from_json({**json.loads(evidence), "quote": quote})
            yield Edge(
                source=source,
                type=self._types[kind],
                target=target,
                evidence=found,
                props=_props_of(props),
            )

    def nodes(self, ids: Iterable[str]) -> list[Node]:
        """The nodes of these ids that exist, in id order."""
        out: list[Node] = []
        for part in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(part))
            out.extend(self._nodes(f"{_NODES} WHERE id IN ({marks})", part))
        return sorted(out, key=lambda n: n.id)

    def nodes_of_type(self, kind: NodeType, place: str | None = None) -> list[Node]:
        sql = f"{_NODES} WHERE type = ?"
        if place is None:
            return list(self._nodes(sql + " ORDER BY n", (kind.value,)))
        return list(self._nodes(sql + " AND place = ? ORDER BY n", (kind.value, place)))

    def parts_of(self, document: str) -> list[Node]:
        """The tasks and targets of a document."""
        sql = f"{_NODES} WHERE document = (SELECT n FROM nodes WHERE id = ?) ORDER BY n"
        return list(self._nodes(sql, (document,)))

    def edges(
        self, ids: Iterable[str], types: Iterable[EdgeType], *, incoming: bool = False
    ) -> list[Edge]:
        """The edges of these types leaving these nodes (arriving at them if ``incoming``)."""
        # A type this file has no code for has no edges in it (a graph of older code).
        codes = sorted(self._codes[t] for t in set(types) if t in self._codes)
        if not codes:
            return []
        end = "d" if incoming else "s"
        kinds = ",".join(map(str, codes))  # integers from this file's own table
        out: list[Edge] = []
        for part in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(part))
            sql = f"{_EDGES} WHERE {end}.id IN ({marks}) AND e.type IN ({kinds})"
            out.extend(self._edges(sql, part))
        return out

    def degrees(
        self, ids: Iterable[str], types: Iterable[EdgeType], *, incoming: bool = False
    ) -> dict[str, int]:
        """How many edges of these types leave each of these nodes (arrive at it if
        ``incoming``), counted in the index without decoding an edge; none: left out."""
        codes = sorted(self._codes[t] for t in set(types) if t in self._codes)
        if not codes:
            return {}
        end = "dst" if incoming else "src"
        kinds = ",".join(map(str, codes))  # integers from this file's own table
        out: dict[str, int] = {}
        for part in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(part))
            sql = (
                f"SELECT n.id, count(*) FROM nodes n JOIN edges e ON e.{end} = n.n "
                f"WHERE n.id IN ({marks}) AND e.type IN ({kinds}) GROUP BY n.id"
            )
            out.update(self._rows(sql, part))
        return out


# A node's columns, and an edge's with both ends' ids and its quote, as Reader decodes them.
_NODES = "SELECT id, type, label, props FROM nodes"
_EDGES = (
    "SELECT s.id, e.type, d.id, e.props, e.evidence, t.text FROM edges e "
    "JOIN nodes s ON s.n = e.src JOIN nodes d ON d.n = e.dst LEFT JOIN texts t ON t.t = e.quote"
)


def _props_of(text: str) -> tuple[tuple[str, Any], ...]:
    return tuple((k, model._value_from_json(v)) for k, v in json.loads(text).items())


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]

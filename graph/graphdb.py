"""The store's graph as one SQLite file: compact, indexed, opened rather than loaded.

A query from the command line needs a few hundred nodes of a graph that may hold millions;
reading a whole JSON graph to find them cost seconds and gigabytes. This file is the graph
itself (``load`` reads all of it back, equal to what was written) and its indexes: by id,
by document number, file name and name, by type and jurisdiction, by the document a task
belongs to, and edges by either end, so :class:`Reader` fetches what a query touches.

It is also what the next build starts from: each row names the part it came from (a
document's, or the shared part: :mod:`policykg.graph.parts`), and a build replaces the
rows of the parts that changed, in place (:mod:`policykg.graph.winners`).

Layout (``format`` in ``meta``)::

    meta(key, value)      format, code, inputs, problems (JSON), digest of the graph
    types(code, name)     edge types, numbered in this file
    texts(t, h, text)     each distinct evidence quote, once, by its hash
    docs(doc, source, path, key, sha256, warnings, ctx, head)   the parts: a document's
                          cache key, the digest of its context, its head (zlib'd JSON)
    problems(doc, value)  a part's problems, as graph JSON
    nodes(n, id, type, label, props, number, source, name, place, document, part, seq)
    edges(e, src, type, dst, props, ev_source, ev_start, ev_end, ev_section, ev_page,
          quote, part, seq)
    spare_nodes, spare_edges   rows that are not the graph's: an id or edge key also
                          given by a part earlier in file-name order (the first wins), or
                          an edge whose end no part gives; ids as text

Quotes are kept once each: the same sentence is the evidence of a task's PART_OF and of each
of its LED_BY edges. An edge's evidence is in columns, its file (``ev_source``) named only
when it is not its part's own. ``number`` and ``name`` are case-folded for lookups;
``props`` holds each node's properties as compact JSON, so the columns are only indexes and
never the truth.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.files import temp_prefix
from policykg.graph import model
from policykg.graph.model import Edge, EdgeType, Node, NodeType, PolicyGraph, Problem
from policykg.records import Provenance, Span

FORMAT = "policykg-graph 4"
# SQLite allows 32,766 variables per statement; lookups go in chunks well below it.
CHUNK = 900

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE types(code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE texts(t INTEGER PRIMARY KEY, h BLOB NOT NULL UNIQUE, text TEXT NOT NULL);
CREATE TABLE docs(
    doc INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, path TEXT NOT NULL,
    key TEXT NOT NULL, sha256 TEXT NOT NULL, warnings INTEGER NOT NULL, ctx TEXT, head BLOB
);
CREATE TABLE problems(doc INTEGER PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes(
    n INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, label TEXT NOT NULL,
    props TEXT NOT NULL, number TEXT, source TEXT, name TEXT, place TEXT, document INTEGER,
    part INTEGER NOT NULL, seq INTEGER NOT NULL
);
CREATE TABLE edges(
    e INTEGER PRIMARY KEY, src INTEGER NOT NULL, type INTEGER NOT NULL, dst INTEGER NOT NULL,
    props TEXT NOT NULL, ev_source TEXT, ev_start INTEGER, ev_end INTEGER, ev_section TEXT,
    ev_page INTEGER, quote INTEGER, part INTEGER NOT NULL, seq INTEGER NOT NULL
);
CREATE TABLE spare_nodes(
    part INTEGER NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL,
    label TEXT NOT NULL, props TEXT NOT NULL, number TEXT, source TEXT, name TEXT,
    place TEXT, document TEXT
);
CREATE TABLE spare_edges(
    part INTEGER NOT NULL, seq INTEGER NOT NULL, src TEXT NOT NULL, type TEXT NOT NULL,
    dst TEXT NOT NULL, props TEXT NOT NULL, ev_source TEXT, ev_start INTEGER,
    ev_end INTEGER, ev_section TEXT, ev_page INTEGER, quote INTEGER
);
CREATE UNIQUE INDEX nodes_id ON nodes(id);
CREATE INDEX nodes_number ON nodes(number) WHERE number IS NOT NULL;
CREATE INDEX nodes_source ON nodes(source) WHERE source IS NOT NULL;
CREATE INDEX nodes_type ON nodes(type, place);
CREATE INDEX nodes_document ON nodes(document) WHERE document IS NOT NULL;
CREATE INDEX nodes_part ON nodes(part);
CREATE INDEX edges_src ON edges(src, type, dst);
CREATE INDEX edges_dst ON edges(dst, type);
CREATE INDEX edges_part ON edges(part);
CREATE INDEX spare_nodes_id ON spare_nodes(id);
CREATE INDEX spare_nodes_part ON spare_nodes(part);
CREATE INDEX spare_edges_src ON spare_edges(src, type, dst);
CREATE INDEX spare_edges_dst ON spare_edges(dst);
CREATE INDEX spare_edges_part ON spare_edges(part)
"""


def compact_json(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default)


def problems_json(problems: Iterable[Problem]) -> str:
    """``problems``, sorted as a graph holds them, as the ``problems`` entry of ``meta``."""
    return compact_json([model.problem_to_json(p) for p in model.sorted_problems(problems)])


def beside(path: Path) -> Path:
    """A new temporary file beside ``path`` (named so that a dead build's is swept)."""
    try:
        fd, name = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the graph: {exc.strerror or exc}") from None
    os.close(fd)
    return Path(name)


def publish(tmp: Path, path: Path) -> None:
    """The finished file ``tmp`` made ``path``: synced, then renamed over it."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def write(path: Path, graph: PolicyGraph, inputs: Sequence[dict[str, str]]) -> None:
    """Write ``graph`` to ``path`` atomically, as a build would (one part).

    Raises:
        InputError: the file cannot be written (permissions, full disk).
    """
    from policykg.graph.parts import Parts, Rows  # parts encodes rows for this module

    rows = Rows.of(graph.nodes, graph.edges)
    content = compact_json([rows.nodes, rows.edges, list(inputs)], bytes.hex)
    digest = hashlib.sha256(content.encode())
    parts = Parts(path, "write")
    try:
        parts.put_shared(rows)
        parts.finish(problems_json(graph.problems), inputs, digest.hexdigest())
    finally:
        parts.close()


def digest(path: Path) -> str | None:
    """What the graph in the file ``path`` is (set by the build that wrote it: its inputs
    and code), or ``None`` if there is no graph to read there."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'digest'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return str(row[0]) if row else None


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
            # Read-only: a reader never writes the file; a build changes it in place, in
            # transactions, so a reader sees one graph, old or new.
            self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
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
        edges = tuple(sorted(self.stream_edges(), key=lambda e: e.key))
        return PolicyGraph(nodes=nodes, edges=edges, problems=self.problems())

    def stream_nodes(self) -> Iterator[Node]:
        """Every node, in id order, one at a time."""
        return self._nodes(f"{_NODES} ORDER BY id")

    def stream_edges(self) -> Iterator[Edge]:
        """Every edge, one at a time: in key order as a build from nothing wrote them, those
        a later build wrote after them."""
        return self._edges(f"{_EDGES} ORDER BY e.e")

    # --- lookups ------------------------------------------------------------------------

    def _nodes(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Node]:
        return map(self.node_of_row, self._rows(sql, args))

    def _edges(self, sql: str, args: Sequence[Any] = ()) -> Iterator[Edge]:
        sections: dict[str, tuple[str, ...]] = {}
        for row in self._rows(sql, args):
            yield self.edge_of_row(row, sections)

    def _kinds(self, types: Iterable[EdgeType]) -> str | None:
        """The codes of these edge types in this file, as a list for ``IN (...)`` (integers
        from the file's own table), or ``None`` if it has none of them (a graph of older
        code has no edges of a type it did not know)."""
        codes = sorted(self._codes[t] for t in set(types) if t in self._codes)
        return ",".join(map(str, codes)) if codes else None

    def nodes(self, ids: Iterable[str]) -> list[Node]:
        """The nodes of these ids that exist, in id order."""
        out: list[Node] = []
        for part in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(part))
            out.extend(self._nodes(f"{_NODES} WHERE id IN ({marks})", part))
        return sorted(out, key=lambda n: n.id)

    def nodes_of_type(self, kind: NodeType, place: str | None = None) -> list[Node]:
        """The nodes of a type (in a place), in id order: a node's number is not, once a
        build has changed the file in place."""
        sql = f"{_NODES} WHERE type = ?"
        if place is None:
            return list(self._nodes(sql + " ORDER BY id", (kind.value,)))
        return list(self._nodes(sql + " AND place = ? ORDER BY id", (kind.value, place)))

    def parts_of(self, document: str) -> list[Node]:
        """The tasks and targets of a document, in id order."""
        sql = f"{_NODES} WHERE document = (SELECT n FROM nodes WHERE id = ?) ORDER BY id"
        return list(self._nodes(sql, (document,)))

    def edges(
        self, ids: Iterable[str], types: Iterable[EdgeType], *, incoming: bool = False
    ) -> list[Edge]:
        """The edges of these types leaving these nodes (arriving at them if ``incoming``)."""
        kinds = self._kinds(types)
        if kinds is None:
            return []
        end = "d" if incoming else "s"
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
        kinds = self._kinds(types)
        if kinds is None:
            return {}
        end = "dst" if incoming else "src"
        out: dict[str, int] = {}
        for part in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(part))
            sql = (
                f"SELECT n.id, count(*) FROM nodes n JOIN edges e ON e.{end} = n.n "
                f"WHERE n.id IN ({marks}) AND e.type IN ({kinds}) GROUP BY n.id"
            )
            out.update(self._rows(sql, part))
        return out

    def links(
        self,
        ids: Iterable[str],
        types: Iterable[EdgeType],
        *,
        incoming: bool = False,
        besides: Iterable[str] = (),
    ) -> list[tuple[str, EdgeType, str]]:
        """The ``(source, type, target)`` of the edges :meth:`edges` gives, neither props
        nor evidence read, to nodes other than ``besides`` (from them if ``incoming``):
        the steps of a walk, which needs only where edges go and not back where it was."""
        kinds = self._kinds(types)
        if kinds is None:
            return []
        near, far = ("d", "src") if incoming else ("s", "dst")
        # Both sets go as JSON arrays (one statement, however many): a walk's level and
        # where it was are tens of thousands of nodes under a national directive. The far
        # end is checked by its number, so the id of a node passed over is never read.
        sql = (
            "SELECT s.id, e.type, d.id FROM edges e JOIN nodes s ON s.n = e.src "
            f"JOIN nodes d ON d.n = e.dst WHERE {near}.id IN (SELECT value FROM json_each(?)) "
            f"AND e.type IN ({kinds}) AND e.{far} NOT IN "
            "(SELECT n FROM nodes WHERE id IN (SELECT value FROM json_each(?)))"
        )
        args = (compact_json(list(set(ids))), compact_json(list(set(besides))))
        types_of = self._types
        return [(s, types_of[k], d) for s, k, d in self._rows(sql, args)]

    def edges_of(self, keys: Iterable[tuple[str, EdgeType, str]]) -> list[Edge]:
        """The edges of these keys ``(source, type, target)`` that exist, in no order."""
        wanted = [(s, self._codes[t], d) for s, t, d in set(keys) if t in self._codes]
        # The keys go as one JSON array: a table SQLite joins on the edges' index, where
        # a list of row values would be scanned.
        sql = (
            f"SELECT {_EDGE_COLUMNS} FROM json_each(?) j "
            "JOIN nodes s ON s.id = json_extract(j.value, '$[0]') "
            "JOIN nodes d ON d.id = json_extract(j.value, '$[2]') "
            "JOIN edges e ON e.src = s.n AND e.type = json_extract(j.value, '$[1]') "
            "AND e.dst = d.n JOIN docs k ON k.doc = e.part LEFT JOIN texts t ON t.t = e.quote"
        )
        return list(self._edges(sql, (compact_json(wanted),))) if wanted else []

    def arriving(
        self, ids: Iterable[str], types: Iterable[EdgeType], *, besides: Iterable[str] = ()
    ) -> list[tuple[str, EdgeType, str, Any, Any]]:
        """:meth:`links` arriving at ``ids``, each with its source node's row and its own,
        undecoded (:meth:`node_of_row`, :meth:`edge_of_row`): a walk reads the nodes it
        reaches and the edges it shows in the statement that finds them, and decodes
        only those it keeps."""
        kinds = self._kinds(types)
        if kinds is None:
            return []
        sql = (
            f"SELECT s.id, s.type, s.label, s.props, {_EDGE_COLUMNS} {_EDGE_FROM} "
            f"WHERE d.id IN (SELECT value FROM json_each(?)) AND e.type IN ({kinds}) "
            "AND e.src NOT IN (SELECT n FROM nodes WHERE id IN (SELECT value FROM json_each(?)))"
        )
        args = (compact_json(list(set(ids))), compact_json(list(set(besides))))
        types_of = self._types
        rows = self._rows(sql, args)
        return [(row[0], types_of[row[5]], row[6], row[:4], row[4:]) for row in rows]

    def node_of_row(self, row: Any) -> Node:
        """The node of a row (of :data:`_NODES`, or the first of :meth:`arriving`)."""
        node_id, kind, label, props = row
        return Node(id=node_id, type=NodeType(kind), label=label, props=_props_of(props))

    def edge_of_row(self, row: Any, sections: dict[str, tuple[str, ...]] | None = None) -> Edge:
        """The edge of a row (of :data:`_EDGES`, or the second of :meth:`arriving`);
        ``sections``: the section paths decoded so far (a document's edges share a few)."""
        source, kind, target, props, file, start, end, section, page, quote = row
        found = None
        if start is not None:
            path = sections.get(section) if sections is not None else None
            if path is None:
                path = tuple(json.loads(section))
                if sections is not None:
                    sections[section] = path
            found = Provenance(
                source=file, span=Span(start=start, end=end), section=path, quote=quote, page=page
            )
        return Edge(
            source=source,
            type=self._types[kind],
            target=target,
            evidence=found,
            props=_props_of(props),
        )


# A node's columns, and an edge's with both ends' ids and its quote, as Reader decodes them.
_NODES = "SELECT id, type, label, props FROM nodes"
_EDGE_COLUMNS = (
    "s.id, e.type, d.id, e.props, coalesce(e.ev_source, k.source), e.ev_start, e.ev_end, "
    "e.ev_section, e.ev_page, t.text"
)
_EDGE_FROM = (
    "FROM edges e JOIN nodes s ON s.n = e.src JOIN nodes d ON d.n = e.dst "
    "JOIN docs k ON k.doc = e.part LEFT JOIN texts t ON t.t = e.quote"
)
_EDGES = f"SELECT {_EDGE_COLUMNS} {_EDGE_FROM}"


def _props_of(text: str) -> tuple[tuple[str, Any], ...]:
    return tuple((k, model._value_from_json(v)) for k, v in json.loads(text).items())


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]

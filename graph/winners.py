"""Which rows are the graph: ``graph.db`` brought up to date with the parts that changed.

Each part (a document's, or the shared one: :mod:`policykg.graph.parts`) gives rows for
node ids and edge keys; when two parts give the same id or key, the row of the part first
in file-name order is the graph's (then the first in the part), the others are kept aside
in ``spare_nodes`` and ``spare_edges``, as is an edge whose end no part gives. A build
stages the rows of the parts it changed (``new_nodes``, ``new_edges``, ``new_texts``; the
changed and dropped parts in ``changed``, all temporary tables) and :func:`apply` decides
again only the ids and keys those parts give or gave, and the edges at nodes that come or
go. A build from nothing is the same step with every part staged, so there is one way to
decide, and the result does not depend on the order the parts came in: the winners are
chosen by file name; nodes new to the file are numbered in id order and edges in key order.

A node keeps its number while it stays in the graph (edges of other parts point to it);
the edges decided again are written anew.

The joins name their order (``CROSS JOIN``): the planner has no statistics of the staging
tables, and scanned a million edges to find the few at a node that goes. A build from
nothing skips the lookups of kept rows (there are none).
"""

from __future__ import annotations

import sqlite3

# Staging, made once per connection: the rows of the parts replaced this build, as
# :class:`policykg.graph.parts.Rows` encodes them.
STAGING = """
CREATE TEMP TABLE changed(doc INTEGER PRIMARY KEY);
CREATE TEMP TABLE new_texts(h BLOB PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;
CREATE TEMP TABLE new_nodes(
    doc INTEGER NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL,
    label TEXT NOT NULL, props TEXT NOT NULL, number TEXT, source TEXT, name TEXT,
    place TEXT, document TEXT
);
CREATE INDEX temp.new_nodes_doc ON new_nodes(doc);
CREATE TEMP TABLE new_edges(
    doc INTEGER NOT NULL, seq INTEGER NOT NULL, src TEXT NOT NULL, type TEXT NOT NULL,
    dst TEXT NOT NULL, props TEXT NOT NULL, ev_source TEXT, ev_start INTEGER,
    ev_end INTEGER, ev_section TEXT, ev_page INTEGER, h BLOB
);
CREATE INDEX temp.new_edges_doc ON new_edges(doc)
"""

_NODE_COLUMNS = "type, label, props, number, source, name, place"
_EV_COLUMNS = "props, ev_source, ev_start, ev_end, ev_section, ev_page"


def _cols(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in columns.split(", "))


# Each step is a list of statements; those marked KEPT read or change rows kept from
# earlier builds, and a file made from nothing (none kept) skips them.
KEPT = "kept:"

# 1. The node ids to decide again (those the changed parts give or gave), every row
# giving one but those of changed parts (staged anew), and the first of each by file
# name (``nw``: the row of ``nc``); the nodes that leave the graph and those that enter.
_NODES = f"""
INSERT OR IGNORE INTO texts(h, text) SELECT h, text FROM new_texts;
CREATE TEMP TABLE aid(id TEXT PRIMARY KEY) WITHOUT ROWID;
kept: INSERT OR IGNORE INTO aid SELECT id FROM nodes WHERE part IN (SELECT doc FROM changed);
kept: INSERT OR IGNORE INTO aid SELECT id FROM spare_nodes
    WHERE part IN (SELECT doc FROM changed);
kept: INSERT OR IGNORE INTO aid SELECT id FROM new_nodes;
CREATE TEMP TABLE nc AS SELECT k.source AS ord, x.* FROM (
    SELECT doc AS part, seq, id, {_NODE_COLUMNS}, document FROM new_nodes
) x JOIN docs k ON k.doc = x.part;
kept: INSERT INTO nc SELECT k.source, x.* FROM (
    SELECT n.part, n.seq, n.id, {_cols("n", _NODE_COLUMNS)}, d.id AS document
        FROM aid a CROSS JOIN nodes n ON n.id = a.id LEFT JOIN nodes d ON d.n = n.document
        WHERE n.part NOT IN (SELECT doc FROM changed)
    UNION ALL
    SELECT s.part, s.seq, s.id, {_cols("s", _NODE_COLUMNS)}, s.document
        FROM aid a CROSS JOIN spare_nodes s ON s.id = a.id
        WHERE s.part NOT IN (SELECT doc FROM changed)
) x JOIN docs k ON k.doc = x.part;
CREATE TEMP TABLE nw(id TEXT PRIMARY KEY, r INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO nw SELECT id, rowid FROM nc ORDER BY ord, seq;
CREATE TEMP TABLE gone(n INTEGER PRIMARY KEY, id TEXT NOT NULL);
kept: INSERT INTO gone SELECT n.n, n.id FROM aid a CROSS JOIN nodes n ON n.id = a.id
    WHERE a.id NOT IN (SELECT id FROM nw);
CREATE TEMP TABLE born(id TEXT PRIMARY KEY) WITHOUT ROWID;
kept: INSERT INTO born SELECT id FROM nw WHERE id NOT IN (SELECT id FROM nodes)
"""

# 2. The edge keys to decide again (as text: a node may go before its edges are written):
# those of rows of changed parts, staged or kept, those at nodes that go (their edges
# leave the graph) or come (a spare edge may now have both ends); every row giving one,
# and the first of each (``ew``, in key order).
_EDGE_KEYS = f"""
CREATE TEMP TABLE aek(s TEXT, t TEXT, d TEXT, PRIMARY KEY (s, t, d)) WITHOUT ROWID;
kept: INSERT OR IGNORE INTO aek SELECT s.id, y.name, d.id FROM edges e
    JOIN nodes s ON s.n = e.src JOIN nodes d ON d.n = e.dst JOIN types y ON y.code = e.type
    WHERE e.part IN (SELECT doc FROM changed);
kept: INSERT OR IGNORE INTO aek SELECT src, type, dst FROM spare_edges
    WHERE part IN (SELECT doc FROM changed);
kept: INSERT OR IGNORE INTO aek SELECT src, type, dst FROM new_edges;
kept: INSERT OR IGNORE INTO aek SELECT s.id, y.name, d.id FROM gone g
    CROSS JOIN edges e ON e.src = g.n JOIN nodes s ON s.n = e.src JOIN nodes d ON d.n = e.dst
    JOIN types y ON y.code = e.type;
kept: INSERT OR IGNORE INTO aek SELECT s.id, y.name, d.id FROM gone g
    CROSS JOIN edges e ON e.dst = g.n JOIN nodes s ON s.n = e.src JOIN nodes d ON d.n = e.dst
    JOIN types y ON y.code = e.type;
kept: INSERT OR IGNORE INTO aek SELECT src, type, dst
    FROM born b CROSS JOIN spare_edges p ON p.src = b.id;
kept: INSERT OR IGNORE INTO aek SELECT src, type, dst
    FROM born b CROSS JOIN spare_edges p ON p.dst = b.id;
CREATE TEMP TABLE dead(e INTEGER PRIMARY KEY);
kept: INSERT INTO dead SELECT e.e FROM aek a CROSS JOIN nodes s ON s.id = a.s
    CROSS JOIN types y ON y.name = a.t CROSS JOIN nodes d ON d.id = a.d
    CROSS JOIN edges e ON e.src = s.n AND e.type = y.code AND e.dst = d.n;
CREATE TEMP TABLE ec AS SELECT k.source AS ord, x.* FROM (
    SELECT n.doc AS part, n.seq, n.src AS s, n.type AS t, n.dst AS d, {_cols("n", _EV_COLUMNS)},
        q.t AS quote
        FROM new_edges n LEFT JOIN texts q ON q.h = n.h
) x JOIN docs k ON k.doc = x.part;
kept: INSERT INTO ec SELECT k.source, x.* FROM (
    SELECT e.part, e.seq, a.s, a.t, a.d, {_cols("e", _EV_COLUMNS)}, e.quote
        FROM dead z CROSS JOIN edges e ON e.e = z.e
        JOIN nodes s ON s.n = e.src JOIN types y ON y.code = e.type
        JOIN nodes d ON d.n = e.dst JOIN aek a ON a.s = s.id AND a.t = y.name AND a.d = d.id
        WHERE e.part NOT IN (SELECT doc FROM changed)
    UNION ALL
    SELECT p.part, p.seq, p.src, p.type, p.dst, {_cols("p", _EV_COLUMNS)}, p.quote
        FROM aek a CROSS JOIN spare_edges p ON p.src = a.s AND p.type = a.t AND p.dst = a.d
        WHERE p.part NOT IN (SELECT doc FROM changed)
) x JOIN docs k ON k.doc = x.part;
CREATE TEMP TABLE ew(s TEXT, t TEXT, d TEXT, r INTEGER NOT NULL, PRIMARY KEY (s, t, d))
    WITHOUT ROWID;
INSERT OR IGNORE INTO ew SELECT s, t, d, rowid FROM ec ORDER BY ord, seq
"""

# 3. The nodes written: those gone deleted, the kept updated in place (their number
# stays), the new appended in id order; then the rows that lost, kept aside.
_WRITE_NODES = f"""
kept: DELETE FROM edges WHERE e IN (SELECT e FROM dead);
kept: DELETE FROM nodes WHERE n IN (SELECT n FROM gone);
kept: UPDATE nodes SET ({_NODE_COLUMNS}, part, seq) = ({_cols("c", _NODE_COLUMNS)}, c.part, c.seq)
    FROM nw w CROSS JOIN nc c ON c.rowid = w.r WHERE nodes.id = w.id;
INSERT INTO nodes(id, {_NODE_COLUMNS}, part, seq)
    SELECT w.id, {_cols("c", _NODE_COLUMNS)}, c.part, c.seq
    FROM nw w CROSS JOIN nc c ON c.rowid = w.r WHERE w.id NOT IN (SELECT id FROM nodes)
    ORDER BY w.id;
UPDATE nodes SET document = (SELECT d.n FROM nodes d WHERE d.id = c.document)
    FROM nw w CROSS JOIN nc c ON c.rowid = w.r
    WHERE c.document IS NOT NULL AND nodes.id = w.id;
kept: DELETE FROM spare_nodes WHERE id IN (SELECT id FROM aid);
INSERT INTO spare_nodes SELECT c.part, c.seq, c.id, {_cols("c", _NODE_COLUMNS)}, c.document
    FROM nc c WHERE c.rowid NOT IN (SELECT r FROM nw)
"""

# 4. The edges written in key order, each with both ends in the graph; the others aside.
_WRITE_EDGES = f"""
kept: DELETE FROM spare_edges WHERE rowid IN (SELECT p.rowid FROM aek a
    CROSS JOIN spare_edges p ON p.src = a.s AND p.type = a.t AND p.dst = a.d);
INSERT INTO edges(src, type, dst, {_EV_COLUMNS}, quote, part, seq)
    SELECT s.n, y.code, d.n, {_cols("c", _EV_COLUMNS)}, c.quote, c.part, c.seq
    FROM ew w CROSS JOIN ec c ON c.rowid = w.r JOIN nodes s ON s.id = w.s
    JOIN nodes d ON d.id = w.d JOIN types y ON y.name = w.t ORDER BY w.s, w.t, w.d;
INSERT INTO spare_edges SELECT c.part, c.seq, c.s, c.t, c.d, {_cols("c", _EV_COLUMNS)}, c.quote
    FROM ec c WHERE c.rowid NOT IN (SELECT r FROM ew)
        OR c.s NOT IN (SELECT id FROM nodes) OR c.d NOT IN (SELECT id FROM nodes)
"""

_DONE = """
DROP TABLE aid; DROP TABLE nc; DROP TABLE nw; DROP TABLE gone; DROP TABLE born;
DROP TABLE aek; DROP TABLE dead; DROP TABLE ec; DROP TABLE ew;
DELETE FROM changed; DELETE FROM new_texts; DELETE FROM new_nodes; DELETE FROM new_edges
"""


def statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def apply(con: sqlite3.Connection, *, kept: bool = True) -> None:
    """Decide again the ids and keys the staged parts touch, in the open transaction;
    ``kept``: whether the file holds rows of earlier builds (else their lookups are
    skipped)."""
    for script in (_NODES, _EDGE_KEYS, _WRITE_NODES, _WRITE_EDGES, _DONE):
        for statement in statements(script):
            if statement.startswith(KEPT):
                if not kept:
                    continue
                statement = statement.removeprefix(KEPT)
            con.execute(statement)

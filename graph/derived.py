"""The query databases derived from a store's graph, made from a stream of it.

The graph of 10,000 documents (383,000 nodes, a million edges) took 3.9 GB loaded as a
:class:`PolicyGraph`; the SPARQL (Oxigraph) and Cypher (ladybug) databases need it one
node or edge at a time. :class:`GraphFile` reads the store's graph file that way, and
what is held besides is the documents (a task's key names its document's file) and each
node's type (a relationship table names both ends' labels).

:func:`prepare` makes both, for a build to call so that the first query only opens them.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.files import temp_prefix
from policykg.graph.ids import readable_key
from policykg.graph.model import (
    Edge,
    EdgeType,
    Node,
    NodeType,
    PolicyGraph,
    Value,
    provenance_from_json,
)

__all__ = ["GraphFile", "keyed", "load_oxigraph", "ntriples_chunks", "prepare"]


class GraphFile:
    """The nodes and the edges of a store's graph file, each read one at a time.

    Raises:
        InputError: no graph, or not one of this format (as :func:`store.open_graph`).
    """

    def __init__(self, store: str | Path) -> None:
        from policykg.graph.store import open_graph

        with open_graph(store) as reader:  # there, and of this format
            self.path = reader.path
        # Read-only and immutable, as graphdb.Reader opens it; cursors stream the rows.
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)

    def __enter__(self) -> GraphFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._con.close()

    def _rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        try:
            yield from self._con.execute(sql)
        except sqlite3.Error as exc:
            raise InputError(f"{self.path}: the graph is damaged ({exc}); rebuild it") from None

    def nodes(self) -> Iterator[Node]:
        for node_id, kind, label, props in self._rows(
            "SELECT id, type, label, props FROM nodes ORDER BY n"
        ):
            yield Node(id=node_id, type=NodeType(kind), label=label, props=_props(props))

    def edges(self) -> Iterator[Edge]:
        sql = (
            "SELECT s.id, y.name, d.id, e.props, e.evidence, t.text FROM edges e "
            "JOIN nodes s ON s.n = e.src JOIN nodes d ON d.n = e.dst "
            "JOIN types y ON y.code = e.type LEFT JOIN texts t ON t.t = e.quote ORDER BY e.e"
        )
        for source, kind, target, props, evidence, quote in self._rows(sql):
            found = None
            if evidence is not None:
                found = provenance_from_json({**json.loads(evidence), "quote": quote})
            yield Edge(
                source=source,
                type=EdgeType(kind),
                target=target,
                evidence=found,
                props=_props(props),
            )


def _props(text: str) -> tuple[tuple[str, Value], ...]:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in json.loads(text).items())


def keyed(nodes: Iterable[Node]) -> Iterator[tuple[Node, str]]:
    """Each node with its readable key (:func:`readable_key`), holding only documents.

    A task's key names its document's file: a task met before its document (ids sort a
    document first, so only in a graph of another order) waits for the end.
    """

    def key(n: Node) -> str:
        doc = docs.get(n.text("document") or "") if n.type is NodeType.TASK else None
        return readable_key(PolicyGraph(nodes=(n,) if doc is None else (n, doc), edges=()), n.id)

    docs: dict[str, Node] = {}
    waiting: list[Node] = []
    for n in nodes:
        if n.type is NodeType.DOCUMENT:
            docs[n.id] = n
        elif n.type is NodeType.TASK and (n.text("document") or "") not in docs:
            waiting.append(n)
            continue
        yield n, key(n)
    for n in waiting:
        yield n, key(n)


# --- RDF ------------------------------------------------------------------------------


def ntriples_chunks(store: str | Path, *, base: str) -> Iterator[bytes]:
    """The store's graph as N-Triples, in pieces of about 256 kB."""
    from policykg.graph.rdfgraph import ntriple, stream_triples

    with GraphFile(store) as g:
        lines: list[str] = []
        size = 0
        for t in stream_triples(keyed(g.nodes()), g.edges(), base=base):
            line = ntriple(t)
            lines.append(line)
            size += len(line)
            if size > 1 << 18:
                yield "".join(lines).encode()
                lines, size = [], 0
        yield "".join(lines).encode()


class _Chunks(io.RawIOBase):
    """A binary file that reads from an iterator of byte strings (for Oxigraph's loader)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._rest:
            try:
                self._rest = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._rest))
        b[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


def load_oxigraph(store: str | Path, path: Path, *, base: str) -> None:
    """Make the on-disk Oxigraph store ``path`` of the store's graph, streamed through
    Oxigraph's bulk loader (no N-Triples file, no rdflib), in a temporary folder renamed
    into place: a failed or killed load leaves no half-made store under that name."""
    import pyoxigraph as ox

    with GraphFile(store):
        pass  # no graph: say so before making anything
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=temp_prefix(path.name), suffix=".tmp"))
    try:
        db = ox.Store(str(tmp))
        reader = io.BufferedReader(_Chunks(ntriples_chunks(store, base=base)), 1 << 20)
        db.bulk_load(reader, format=ox.RdfFormat.N_TRIPLES)
        db.flush()
        del db
        os.rename(tmp, path)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError) and path.is_dir():
            return  # another process made it first
        if isinstance(exc, InputError) or not isinstance(exc, OSError | SyntaxError):
            raise
        # An error of the graph file read through the loader comes back as an OSError.
        raise InputError(f"{path}: cannot make the SPARQL database ({exc})") from None


def prepare(store: str | Path) -> None:
    """Make the store's SPARQL and Cypher databases now, so that queries only open them.

    Each is named after the graph and made only if missing (a sealed one is kept).
    """
    from policykg.graph.store import embedded, oxigraph

    oxigraph(store)
    embedded(store)

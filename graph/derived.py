"""The query databases derived from a store's graph, made from a stream of it.

The graph of 10,000 documents (383,000 nodes, a million edges) took 3.9 GB loaded as a
:class:`PolicyGraph`; the SPARQL (Oxigraph) and Cypher (ladybug) databases need it one
node or edge at a time: they read the store's graph file as a stream
(:meth:`policykg.graph.graphdb.Reader.stream_nodes`, ``stream_edges``), and what is held
besides is the documents (a task's key names its document's file) and each node's type (a
relationship table names both ends' labels).

:func:`prepare` makes both, for a build to call so that the first query only opens them.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.files import temp_prefix
from policykg.graph.ids import readable_key
from policykg.graph.model import Node, NodeType, PolicyGraph
from policykg.graph.store import open_graph

__all__ = ["keyed", "load_oxigraph", "ntriples_chunks", "prepare"]


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

    with open_graph(store) as g:
        lines: list[str] = []
        size = 0
        for t in stream_triples(keyed(g.stream_nodes()), g.stream_edges(), base=base):
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

    open_graph(store).close()  # no graph: say so before making anything
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

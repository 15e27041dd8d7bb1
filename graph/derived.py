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
import queue
import shutil
import tempfile
import threading
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

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
    """The store's graph as N-Triples, in pieces of about 1 MB."""
    from policykg.graph.rdfgraph import ntriples_text

    with open_graph(store) as g:
        parts: list[str] = []
        size = 0
        for text in ntriples_text(keyed(g.stream_nodes()), g.stream_edges(), base=base):
            parts.append(text)
            size += len(text)
            if size > 1 << 20:
                yield "".join(parts).encode()
                parts, size = [], 0
        yield "".join(parts).encode()


# Oxigraph's bulk loader keeps what one call reads in memory until the call ends: 1.5 GB
# for 2 million triples and 1.75 GB for 23 million. A call per 64 MB held 0.6 GB for the
# same 23 million, in no more time.
PIECE = 64 << 20


class _Chunks(io.RawIOBase):
    """A binary file that reads from an iterator of byte strings (for Oxigraph's loader),
    ending after ``limit`` bytes at the end of a string (of a line).

    An error of the iterator ends the file too and is kept in ``error``: raised through
    the loader it would come back as another type, and with another message.
    """

    def __init__(self, chunks: Iterator[bytes], limit: int) -> None:
        self._chunks = chunks
        self._rest = memoryview(b"")
        self._limit = limit
        self.error: BaseException | None = None
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._rest:
            if self.done or self._limit <= 0:
                return 0
            try:
                chunk = next(self._chunks)
            except StopIteration:
                self.done = True
                return 0
            except BaseException as exc:
                self.error, self.done = exc, True
                return 0
            self._limit -= len(chunk)
            self._rest = memoryview(chunk)
        n = min(len(b), len(self._rest))
        b[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


_END = object()


def _in_thread(chunks: Iterator[bytes]) -> Generator[bytes, None, None]:
    """``chunks``, made in a thread: Oxigraph parses and sorts without the GIL, so the
    N-Triples of the next piece are written while it loads one. An error of the thread
    is raised here."""
    out: queue.Queue[object] = queue.Queue(maxsize=16)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
            put(_END)
        except BaseException as exc:  # raised again in the reading thread
            put(exc)

    threading.Thread(target=run, name="policykg-ntriples", daemon=True).start()
    try:
        while (item := out.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield cast(bytes, item)
    finally:
        stop.set()


def load_oxigraph(store: str | Path, path: Path, *, base: str) -> None:
    """Make the on-disk Oxigraph store ``path`` of the store's graph, streamed through
    Oxigraph's bulk loader a piece at a time (no N-Triples file, no rdflib), in a
    temporary folder renamed into place: a failed or killed load leaves no half-made
    store under that name."""
    import pyoxigraph as ox

    open_graph(store).close()  # no graph: say so before making anything
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=temp_prefix(path.name), suffix=".tmp"))
    chunks = _in_thread(ntriples_chunks(store, base=base))
    try:
        db = ox.Store(str(tmp))
        while True:
            piece = _Chunks(chunks, PIECE)
            # lenient: the IRIs and literals are ours, made valid; checking them again
            # was a tenth of the load.
            db.bulk_load(
                io.BufferedReader(piece, 1 << 20), format=ox.RdfFormat.N_TRIPLES, lenient=True
            )
            if piece.error is not None:
                raise piece.error
            if piece.done:
                break
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
    finally:
        chunks.close()


def prepare(store: str | Path) -> None:
    """Make the store's SPARQL and Cypher databases now, so that queries only open them.

    Each is named after the graph and made only if missing (a sealed one is kept).
    """
    from policykg.graph.store import embedded, oxigraph

    oxigraph(store)
    embedded(store)

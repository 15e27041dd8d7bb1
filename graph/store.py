"""The store directory that ``policykg build`` writes and the query commands read.

::

    .policykg/
        graph.db            the resolved graph, its indexes and the inputs it was built
                            from, in one SQLite file (:mod:`policykg.graph.graphdb`), and
                            each document's part of it, kept for the next build
                            (:mod:`policykg.graph.parts`)
        build.json          what the last build depended on, and the digest of the graph
                            it wrote, so an unchanged build is skipped only over that graph
        stats.json          each input's size, time and inode when its content was
                            hashed: a file whose stat is unchanged is not read again
        lock                held by a running build (its pid inside, for the message)
        oxigraph-<hash>/    the RDF form in an on-disk Oxigraph store, made by the first
                            SPARQL query (streamed from graph.db), opened read-only
        rdf-<hash>.nt       the same as N-Triples, made only for ``--engine rdflib``
        ladybug-<hash>/     the embedded Cypher database, bulk-loaded from CSV
        cache/<key>.json.z  parsed records as checked JSON, keyed by content hash +
                            manifest row + parser

``graph.db`` is the one commit point. A build changes it in one SQLite transaction
(or, from nothing, writes a temporary file renamed over the old one), so a build killed
half-way leaves the previous graph readable, and a query reads one whole graph, old or
new, while a build runs. Nothing on disk is trusted for being there: the skip of an
unchanged build checks the digest ``graph.db`` holds against the one recorded when it was
written, a store of another format is rebuilt, and a cache file must pass its checksum and
the record types (:mod:`policykg.codec`); a damaged one is dropped and its file parsed
again. The cache never holds code: no pickle.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from policykg.codec import CodecError, from_data, to_data
from policykg.errors import InputError
from policykg.files import atomic_write, atomic_writer, is_orphan
from policykg.graph import graphdb, model
from policykg.graph.model import PolicyGraph
from policykg.records import ParsedDocument

DEFAULT_STORE = ".policykg"
GRAPH_FILE = "graph.db"  # SQLite: see policykg.graph.graphdb
# Files of older versions of the store (the parts were beside the graph, and its digest).
OLD_FILES = ("parts.db", "graph.digest")
BUILD_FILE = "build.json"  # the digest of the inputs of the last build, and its summary
STATS_FILE = "stats.json"  # each input's cache key, by its stat (see Stat)
CACHE_DIR = "cache"
CACHE_SUFFIX = ".json.z"
CACHE_MAGIC = b"policykg-cache 1 "  # then the sha256 of the payload, a newline, the payload
LOCK_FILE = "lock"
# The version of the store's layout: a store of another one is rebuilt, never misread.
FORMAT = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    """A file the graph was built from."""

    source: str
    path: str
    sha256: str


@cache
def parser_version() -> str:
    """A hash of the loader code: a new parser never reuses records of an old one."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for p in [*sorted((root / "loaders").glob("*.py")), root / "records.py"]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


@cache
def code_version() -> str:
    """A hash of the parser and the resolver: a new one rebuilds instead of reusing."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(parser_version().encode())
    for p in [*sorted((root / "graph").glob("*.py")), *sorted((root / "ontology").glob("*.py"))]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def build_digest(inputs: list[tuple[str, str]]) -> str:
    """What a build depends on: each input's path and cache key, the code, and the table
    of successions (editing it, or ``$POLICYKG_SUCCESSIONS``, rebuilds)."""
    from policykg.graph.succession import table_digest  # the places and bodies of 2025

    h = hashlib.sha256(code_version().encode())
    h.update(table_digest().encode())
    for path, key in sorted(inputs):
        h.update(f"\0{path}\0{key}".encode())
    return h.hexdigest()


def store_digest(store: str | Path = DEFAULT_STORE) -> str:
    """What a copy of the store's graph elsewhere (a Neo4j database) must match: the
    digest its build recorded in ``graph.db`` (read, not hashed) and the code that maps it.

    Raises:
        InputError: there is no graph.
    """
    digest = graphdb.digest(Path(store) / GRAPH_FILE)
    if digest is None:
        raise InputError(f"{Path(store)}: no graph here; run `policykg build PATH` first")
    return f"{digest}-{code_version()}"


def read_build_record(store: Path, digest: str) -> dict[str, Any] | None:
    """The summary of the build that wrote the current graph, if it had this digest and
    ``graph.db`` is still the graph that build wrote."""
    try:
        record = json.loads((store / BUILD_FILE).read_bytes())
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    if record.get("digest") != digest:
        return None
    # Another build may have written graph.db since (one that failed before its record,
    # or one killed between the two writes), or the file may be damaged.
    if record.get("graph") != graphdb.digest(store / GRAPH_FILE):
        return None
    summary = record.get("summary")
    return summary if isinstance(summary, dict) else None


def write_build_record(store: Path, digest: str, graph: str, summary: dict[str, Any]) -> None:
    """Record a build: its inputs' ``digest``, the digest of the ``graph`` it wrote."""
    data = {"format": FORMAT, "digest": digest, "graph": graph, "summary": summary}
    atomic_write(store / BUILD_FILE, json.dumps(data, ensure_ascii=False), what="build record")


def forget_build(store: Path) -> None:
    """Before a graph is replaced: no record may vouch for a graph it did not write."""
    with contextlib.suppress(FileNotFoundError):
        (store / BUILD_FILE).unlink()


def cache_key(data: bytes, manifest_row: str) -> str:
    h = hashlib.sha256()
    h.update(parser_version().encode())
    h.update(b"\0")
    h.update(manifest_row.encode("utf-8"))
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


def _cache_path(store: Path, key: str) -> Path:
    return store / CACHE_DIR / f"{key}{CACHE_SUFFIX}"


class Stat(NamedTuple):
    """A file as it was when its cache key was taken: the key holds while the file's size,
    time and inode do, and its manifest row (``row``) is the same."""

    size: int
    mtime: int  # nanoseconds
    ino: int
    row: str
    key: str
    seen: int  # when the key was taken (ns): a file changed in the same tick is read again


def read_stats(store: Path) -> dict[str, Stat]:
    """The stats of the inputs as the last build kept them (none if unreadable: every
    file is then hashed again)."""
    try:
        data = json.loads((store / STATS_FILE).read_bytes())
        return {path: Stat(*row) for path, row in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def write_stats(store: Path, stats: dict[str, Stat], known: dict[str, Stat]) -> None:
    """Keep ``stats`` for the next build, if they are not the ``known`` ones."""
    if stats != known:
        text = json.dumps(dict(sorted(stats.items())), ensure_ascii=False)
        atomic_write(store / STATS_FILE, text, what="stats of the inputs", durable=False)


def read_cached(store: Path, key: str) -> tuple[ParsedDocument | None, str | None]:
    """The records cached under ``key``, or ``None``; and a note if the entry was damaged.

    A damaged entry (bad checksum, not JSON, not records of this parser) is removed, so
    that the caller parses the file again and writes a good one.
    """
    path = _cache_path(store, key)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{path}: cache entry unreadable ({exc.strerror}); parsed again"
    try:
        return _decode_cached(raw), None
    except (CodecError, ValueError, zlib.error, RecursionError) as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, f"{path}: damaged cache entry dropped ({reason[:120]}); parsed again"


def _decode_cached(raw: bytes) -> ParsedDocument:
    head, sep, payload = raw.partition(b"\n")
    if not sep or not head.startswith(CACHE_MAGIC):
        raise ValueError("not a policykg cache file")
    if head[len(CACHE_MAGIC) :] != hashlib.sha256(payload).hexdigest().encode():
        raise ValueError("checksum mismatch")
    data = json.loads(zlib.decompress(payload))
    return from_data(ParsedDocument, data)


def write_cached(store: Path, key: str, doc: ParsedDocument) -> None:
    folder = store / CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot create the store: {exc.strerror or exc}") from None
    text = json.dumps(to_data(doc), ensure_ascii=False, separators=(",", ":"))
    payload = zlib.compress(text.encode("utf-8"), 1)
    head = CACHE_MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    # Not synced: an entry a crash leaves half-written fails its checksum and is parsed
    # again, and a sync per file was a tenth of a cold build.
    atomic_write(_cache_path(store, key), head + payload, what="cache", durable=False)


def remove_leftovers(store: Path) -> None:
    """Temporary files and folders of builds or queries that were killed (not those of a
    process still running: a query may be making a database beside a build)."""
    for name in OLD_FILES:
        (store / name).unlink(missing_ok=True)
    for p in [*store.glob(".*.tmp"), *(store / CACHE_DIR).glob(".*.tmp")]:
        if not is_orphan(p):
            continue
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


@contextlib.contextmanager
def locked(store: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the store's build lock: one build at a time writes a store.

    The lock is an ``flock`` on ``store/lock``, released by the system when its holder
    dies, so a killed build never leaves a stale lock; the file holds the holder's pid for
    the message. A second build waits (saying for whom), or with ``wait=False`` fails.

    Raises:
        InputError: the store cannot be created, or it is locked and ``wait`` is false.
    """
    try:
        store.mkdir(parents=True, exist_ok=True)
        f = (store / LOCK_FILE).open("a+")
    except OSError as exc:
        raise InputError(f"{store}: cannot create the store: {exc.strerror or exc}") from None
    with f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            if not wait:
                raise InputError(f"{store}: a build is running (pid {holder})") from None
            print(f"{store}: waiting for the build of pid {holder} to finish", file=sys.stderr)
            fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            fcntl.flock(f, fcntl.LOCK_UN)


def prune_cache(store: Path, keep: set[str]) -> None:
    """Drop cached records no input uses any more."""
    folder = store / CACHE_DIR
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.name.startswith("."):
            continue  # a temporary file: remove_leftovers decides
        if p.name.removesuffix(CACHE_SUFFIX) not in keep or not p.name.endswith(CACHE_SUFFIX):
            p.unlink(missing_ok=True)  # unused, or of an older format (pickle)


def write_graph(store: Path, graph: PolicyGraph, inputs: list[Input]) -> None:
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{store}: cannot create the store: {exc.strerror or exc}") from None
    rows = [{"source": i.source, "path": i.path, "sha256": i.sha256} for i in inputs]
    graphdb.write(store / GRAPH_FILE, graph, rows)


def open_graph(store: str | Path = DEFAULT_STORE) -> graphdb.Reader:
    """The store's graph, opened: nodes and edges are read as they are asked for.

    Raises:
        InputError: there is no graph, or it is unreadable; the message says what to do.
    """
    path = Path(store) / GRAPH_FILE
    try:
        with path.open("rb") as f:
            f.read(1)
    except FileNotFoundError:
        raise InputError(f"{Path(store)}: no graph here; run `policykg build PATH` first") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the graph ({exc.strerror})") from None
    return graphdb.Reader(path)


def load_graph(store: str | Path = DEFAULT_STORE) -> PolicyGraph:
    """The whole graph of a store.

    Raises:
        InputError: there is no graph, or it is unreadable; the message says what to do.
    """
    with model.bulk(), open_graph(store) as reader:
        return reader.graph()


SEAL_SUFFIX = ".seal"


def _listing(path: Path) -> dict[str, int] | None:
    """Each file of a derived file or folder, with its size."""
    try:
        if path.is_file():
            return {"": path.stat().st_size}
        return {
            str(p.relative_to(path)): p.stat().st_size
            for p in sorted(path.rglob("*"))
            if p.is_file()
        }
    except OSError:
        return None


def _seal(path: Path) -> None:
    """Record what a derived file or database holds once it is complete: its files and
    sizes, so that one damaged or emptied since is made again instead of being queried."""
    listing = _listing(path)
    if listing is not None:
        seal = path.with_name(path.name + SEAL_SUFFIX)
        atomic_write(seal, json.dumps({"format": FORMAT, "files": listing}), what="seal")


def _sealed(path: Path) -> bool:
    """Whether ``path`` is still what :func:`_seal` recorded."""
    try:
        seal = json.loads(path.with_name(path.name + SEAL_SUFFIX).read_bytes())
    except (OSError, ValueError):
        return False
    return (
        isinstance(seal, dict)
        and seal.get("format") == FORMAT
        and bool(seal.get("files"))
        and seal.get("files") == _listing(path)
    )


def _unseal(path: Path) -> None:
    """Remove a derived file or database that is not sealed (damaged, or half-made by an
    older version), and its seal."""
    path.with_name(path.name + SEAL_SUFFIX).unlink(missing_ok=True)
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _name_digest(folder: Path, *parts: str) -> str:
    """The name of a derived file of ``folder``'s graph: the graph, the code, ``parts``."""
    return hashlib.sha256("\0".join((store_digest(folder), *parts)).encode()).hexdigest()[:16]


def _drop_others(folder: Path, prefix: str, keep: Path) -> None:
    """Remove the derived files named ``prefix...`` of older graphs, keeping ``keep``."""
    for old in folder.glob(f"{prefix}*"):
        if old != keep and not old.name.endswith(SEAL_SUFFIX):
            _unseal(old)


def _drop_leftovers(folder: Path, prefix: str) -> None:
    """Remove the temporary folders of ``prefix...`` databases whose maker died (killed,
    or out of memory), so that a later query cleans what a failed one left."""
    for p in folder.glob(f".{prefix}*.tmp"):
        if is_orphan(p):
            shutil.rmtree(p, ignore_errors=True)


def ntriples(store: str | Path = DEFAULT_STORE, *, base: str | None = None) -> Path:
    """The graph of a store as N-Triples, made on first use and kept beside the graph
    (for rdflib; Oxigraph loads without it). Written as the graph is read, a node or an
    edge at a time (:mod:`policykg.graph.derived`).

    The file is named after the hash of the graph (and the base IRI), so it can never be
    out of date; files of older graphs are removed.
    """
    from policykg.graph.derived import ntriples_chunks
    from policykg.graph.rdfgraph import DEFAULT_BASE

    base = base or DEFAULT_BASE
    folder = Path(store)
    # The graph, the code that maps it and the base IRI name the file: any change, a new one.
    path = folder / f"rdf-{_name_digest(folder, base)}.nt"
    if not _sealed(path):
        with atomic_writer(path, what="RDF cache") as out:
            for chunk in ntriples_chunks(folder, base=base):
                out.write(chunk)
        _seal(path)
        _drop_others(folder, "rdf-", path)
    return path


def oxigraph(store: str | Path = DEFAULT_STORE) -> Path:
    """An on-disk Oxigraph store of the graph, made on first use (or by a build,
    :func:`policykg.graph.derived.prepare`).

    Opening it read-only takes milliseconds. It is loaded by Oxigraph's bulk loader from
    N-Triples written as the graph is read (no file, no rdflib), in a temporary folder
    renamed into place, so a failed or killed load leaves nothing half-made.
    """
    from policykg.graph.derived import load_oxigraph
    from policykg.graph.rdfgraph import DEFAULT_BASE

    folder = Path(store)
    # Named as the N-Triples of the default base are: the same graph, the same name.
    path = folder / f"oxigraph-{_name_digest(folder, DEFAULT_BASE)}"
    _drop_leftovers(folder, "oxigraph-")
    if not _sealed(path):
        _unseal(path)
        load_oxigraph(folder, path, base=DEFAULT_BASE)
        _seal(path)
        _drop_others(folder, "oxigraph-", path)
    return path


def embedded(store: str | Path = DEFAULT_STORE) -> Path:
    """The folder of the embedded Cypher database of the graph, made on first use (or by
    a build, :func:`policykg.graph.derived.prepare`) and reused while the graph is the same.

    Named after the hash of the graph and of the code that maps it, so it is never out of
    date; databases of older graphs are removed. Loaded from the graph read a node or an
    edge at a time, in a temporary folder renamed into place
    (:func:`policykg.graph.embedded.build_folder_with`); folders a dead load left are
    removed first.
    """
    from policykg.graph import embedded as lb
    from policykg.graph.derived import keyed

    folder = Path(store)
    path = folder / f"ladybug-{_name_digest(folder)}"
    _drop_leftovers(folder, "ladybug-")
    if not _sealed(path):
        _unseal(path)
        with open_graph(folder) as g:

            def fill(db: Path, scratch: Path) -> None:
                lb.load(db, keyed(g.stream_nodes()), g.stream_edges(), scratch=scratch)

            lb.build_folder_with(path, fill)
        _seal(path)
        _drop_others(folder, "ladybug-", path)
    return path

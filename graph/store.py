"""The store directory that ``policykg build`` writes and the query commands read.

::

    .policykg/
        graph.json          the resolved graph and the inputs it was built from
        build.json          what the last build depended on, so an unchanged one is skipped
        rdf-<hash>.nt       the RDF form, made by the first SPARQL query (hash of graph.json)
        oxigraph-<hash>/    the same in an on-disk Oxigraph store, opened read-only
        cache/<key>.pickle  parsed records, keyed by content hash + manifest row + parser

``graph.json`` is the one commit point: it is written to a temporary file and renamed
over the old one, so a build killed half-way leaves the previous graph readable. Cache
files are content-addressed and written the same way, so a stale or partial one can
never be mistaken for a good one.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.files import atomic_write
from policykg.graph import model
from policykg.graph.model import PolicyGraph
from policykg.records import ParsedDocument

DEFAULT_STORE = ".policykg"
GRAPH_FILE = "graph.json"
BUILD_FILE = "build.json"  # the digest of the inputs of the last build, and its summary
CACHE_DIR = "cache"
FORMAT = 1


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
    for p in sorted((root / "graph").glob("*.py")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def build_digest(inputs: list[tuple[str, str]]) -> str:
    """What a build depends on: each input's path and cache key, and the code."""
    h = hashlib.sha256(code_version().encode())
    for path, key in sorted(inputs):
        h.update(f"\0{path}\0{key}".encode())
    return h.hexdigest()


def read_build_record(store: Path, digest: str) -> dict[str, Any] | None:
    """The summary of the build that wrote the current graph, if it had this digest."""
    try:
        record = json.loads((store / BUILD_FILE).read_bytes())
        graph_ok = (store / GRAPH_FILE).is_file()
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not graph_ok or not isinstance(record, dict) or record.get("digest") != digest:
        return None
    summary = record.get("summary")
    return summary if isinstance(summary, dict) else None


def write_build_record(store: Path, digest: str, summary: dict[str, Any]) -> None:
    # Written after graph.json: a build killed in between leaves an old digest, and the
    # next build simply does the work again.
    text = json.dumps({"digest": digest, "summary": summary}, ensure_ascii=False)
    atomic_write(store / BUILD_FILE, text, what="build record")


def cache_key(data: bytes, manifest_row: str) -> str:
    h = hashlib.sha256()
    h.update(parser_version().encode())
    h.update(b"\0")
    h.update(manifest_row.encode("utf-8"))
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


def read_cached(store: Path, key: str) -> ParsedDocument | None:
    path = store / CACHE_DIR / f"{key}.pickle"
    try:
        with path.open("rb") as f:
            doc = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return doc if isinstance(doc, ParsedDocument) else None


def write_cached(store: Path, key: str, doc: ParsedDocument) -> None:
    folder = store / CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot create the store: {exc.strerror or exc}") from None
    atomic_write(folder / f"{key}.pickle", pickle.dumps(doc, protocol=5), what="cache")


def remove_leftovers(store: Path) -> None:
    """Temporary files and folders of a build or query that was killed."""
    for p in [*store.glob(".*.tmp"), *(store / CACHE_DIR).glob(".*.tmp")]:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def prune_cache(store: Path, keep: set[str]) -> None:
    """Drop cached records no input uses any more."""
    folder = store / CACHE_DIR
    if not folder.is_dir():
        return
    for p in folder.glob("*.pickle"):
        if p.stem not in keep:
            p.unlink(missing_ok=True)


def write_graph(store: Path, graph: PolicyGraph, inputs: list[Input]) -> None:
    data: dict[str, Any] = {
        "format": FORMAT,
        "inputs": [{"source": i.source, "path": i.path, "sha256": i.sha256} for i in inputs],
        "graph": model.to_json(graph),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{store}: cannot create the store: {exc.strerror or exc}") from None
    atomic_write(store / GRAPH_FILE, text, what="graph")


def _read(store: str | Path) -> dict[str, Any]:
    path = Path(store) / GRAPH_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{Path(store)}: no graph here; run `policykg build PATH` first") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the graph ({exc.strerror})") from None
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError(f"{path}: not a policykg graph (invalid JSON); rebuild it") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path}: graph format not understood by this version; rebuild it")
    return data


def load_graph(store: str | Path = DEFAULT_STORE) -> PolicyGraph:
    """The graph of a store.

    Raises:
        InputError: there is no graph, or it is unreadable; the message says what to do.
    """
    with model.bulk():
        return model.from_json(_read(store)["graph"])


def ntriples(store: str | Path = DEFAULT_STORE, *, base: str | None = None) -> Path:
    """The graph of a store as N-Triples, made on first use and kept beside the graph.

    The file is named after the hash of ``graph.json`` (and the base IRI), so it can never
    be out of date; files of older graphs are removed.
    """
    from policykg.graph.rdfgraph import DEFAULT_BASE, to_rdf

    base = base or DEFAULT_BASE
    folder = Path(store)
    try:
        raw = (folder / GRAPH_FILE).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{folder}: no graph here; run `policykg build PATH` first") from None
    digest = hashlib.sha256(raw + b"\0" + base.encode()).hexdigest()[:16]
    path = folder / f"rdf-{digest}.nt"
    if not path.exists():
        graph = load_graph(folder)
        data = to_rdf(graph, base=base).serialize(format="nt", encoding="utf-8")
        atomic_write(path, data, what="RDF cache")
        for old in folder.glob("rdf-*.nt"):
            if old != path:
                old.unlink(missing_ok=True)
    return path


def oxigraph(store: str | Path = DEFAULT_STORE) -> Path:
    """An on-disk Oxigraph store of the graph, made on first use beside the N-Triples.

    Opening it read-only takes milliseconds, where loading the N-Triples into memory takes
    seconds (11.5 s for 2,000 documents in ``bench/build.py``). It is built in a temporary
    folder and renamed into place, so a killed first query leaves nothing half-made.
    """
    import pyoxigraph as ox

    nt = ntriples(store)
    folder = Path(store)
    path = folder / f"oxigraph-{nt.stem.removeprefix('rdf-')}"
    if not path.is_dir():
        tmp = Path(tempfile.mkdtemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp"))
        try:
            db = ox.Store(str(tmp))
            db.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
            db.flush()
            del db
            os.rename(tmp, path)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not path.is_dir():  # another process may have won the race
                raise
        for old in folder.glob("oxigraph-*"):
            if old != path:
                shutil.rmtree(old, ignore_errors=True)
    return path


def embedded(store: str | Path = DEFAULT_STORE) -> Path:
    """The folder of the embedded Cypher database of the graph, made on first use.

    Named after the hash of ``graph.json`` and of the code that maps it, so it is never
    out of date; databases of older graphs are removed. Built in a temporary folder and
    renamed into place (:func:`policykg.graph.embedded.build_folder`).
    """
    from policykg.graph import embedded as lb

    folder = Path(store)
    try:
        raw = (folder / GRAPH_FILE).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{folder}: no graph here; run `policykg build PATH` first") from None
    digest = hashlib.sha256(raw + b"\0" + code_version().encode()).hexdigest()[:16]
    path = folder / f"ladybug-{digest}"
    if not path.is_dir():
        lb.build_folder(load_graph(folder), path)
        for old in folder.glob("ladybug-*"):
            if old != path:
                shutil.rmtree(old, ignore_errors=True)
    return path

"""``policykg build``: parse (or reuse), resolve, write the store.

The graph is a pure function of the input files and the manifest: a rebuild on unchanged
input reuses every parsed record and writes the identical graph; a changed file is parsed
again and its part of the graph replaced, since resolution always starts afresh from the
records.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path

from policykg.errors import InputError, PolicyKGError
from policykg.graph import store as st
from policykg.graph.model import DOCUMENT_RELATIONS, NodeType, PolicyGraph, bulk
from policykg.graph.names import MERGED
from policykg.graph.resolve import resolve
from policykg.loaders.decode import one_line
from policykg.loaders.manifest import MANIFEST_NAME, Manifest, ManifestEntry, read_manifest
from policykg.loaders.parse import find_files, parse_bytes
from policykg.records import ParsedDocument

Progress = Callable[[int, int], None]

# Below this many files to parse, starting processes costs more than it saves.
POOL_MIN_FILES = 8
# Forked workers start in milliseconds with the parser already imported. Fork is unsafe
# only with threads running, and a build runs none (measured against forkserver: see
# bench/scale.py). The store's lock is inherited, never released by a worker (only the
# holder unlocks), so the store stays locked until the last worker is gone.
START_METHOD = "fork"
WATCH_SECONDS = 0.5  # how often a worker checks that the build is still alive

Found = tuple[Path, bytes, ManifestEntry | None, str]  # path, bytes, manifest row, cache key


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildSummary:
    documents: int
    tasks: int
    agencies: int
    targets: int
    references_resolved: int  # edges to a loaded document
    references_unresolved: int  # edges to a document known only from references
    warnings: int
    problems: int  # conflicting dates, duplicates, unplaced references
    reused: int  # files whose parsed records came from the cache
    parsed: int
    bytes: int
    failed: tuple[str, ...] = ()  # one-line errors of files that could not be read
    reports: tuple[str, ...] = ()  # one line per problem, and per merge ("merged: ...")
    merged: int = 0  # documents cited by name in two or more spellings, now one node each


def find_manifest(paths: Sequence[str | Path]) -> Path | None:
    """A ``manifest.csv`` in one of the folders given (the first found)."""
    for p in map(Path, paths):
        candidate = p / MANIFEST_NAME
        if p.is_dir() and candidate.is_file():
            return candidate
    return None


def _read(files: list[Path], manifest: Manifest | None) -> tuple[list[Found], list[str]]:
    """Each file's bytes, manifest row and cache key; unreadable files as errors."""
    found: list[Found] = []
    failed: list[str] = []
    for path in files:
        entry = manifest.entry_for(path) if manifest else None
        try:
            data = path.read_bytes()
        except OSError as exc:
            failed.append(f"{path}: cannot read: {exc.strerror}")
            continue
        found.append(
            (path, data, entry, st.cache_key(data, entry.provenance.quote if entry else ""))
        )
    return found, failed


def _parse(
    found: list[Found],
    store: Path,
    progress: Progress | None,
    notes: list[str],
    jobs: int,
) -> tuple[list[ParsedDocument], list[st.Input], set[str], list[str], int]:
    """Every file's records, from the cache or parsed (by ``jobs`` processes), in the order
    of ``found`` whatever the number of processes, so the graph is the same."""
    docs: list[ParsedDocument] = []
    inputs: list[st.Input] = []
    keys: set[str] = set()
    failed: list[str] = []
    cached: list[ParsedDocument | None] = []
    done = 0  # for progress: cached files first, then the parsed ones as they come
    for path, _, _, key in found:
        doc, note = st.read_cached(store, key)
        if note:
            notes.append(note)
        usable = doc is not None and doc.path == str(path)
        cached.append(doc if usable else None)
        if usable and progress:
            done += 1
            progress(done, len(found))
    reused = sum(doc is not None for doc in cached)
    todo = [item for item, doc in zip(found, cached, strict=True) if doc is None]
    # Closed on the way out, even by an error: the pool is gone before the lock is released.
    with contextlib.closing(_parse_all(store, todo, jobs)) as parsed:
        for (path, _, _, key), hit in zip(found, cached, strict=True):
            result = hit if hit is not None else next(parsed)
            if hit is None and progress:
                done += 1
                progress(done, len(found))
            if isinstance(result, PolicyKGError):
                failed.append(str(result))
                continue
            docs.append(result)
            keys.add(key)
            inputs.append(st.Input(source=result.source, path=str(path), sha256=result.sha256))
    return docs, inputs, keys, failed, reused


def _parse_all(
    store: Path, todo: list[Found], jobs: int
) -> Generator[ParsedDocument | PolicyKGError, None, None]:
    """Parse and cache ``todo``, yielding results in its order: in this process for one job
    or a few files, else in ``jobs`` worker processes fed chunks of files."""
    if jobs == 1 or len(todo) < POOL_MIN_FILES:
        for item in todo:
            yield _parse_one(store, item)
        return
    workers = min(jobs, len(todo))
    # Chunks amortise the round trips; several per worker even out files of unequal size.
    chunk = max(1, min(16, len(todo) // (workers * 4)))
    context = multiprocessing.get_context(START_METHOD)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init) as pool:
        try:
            yield from pool.map(partial(_parse_one, store), todo, chunksize=chunk)
        except BrokenProcessPool:
            raise PolicyKGError(
                "a parsing process died (killed, or out of memory?); the store was not "
                "changed. Try again with fewer jobs (--jobs 1)"
            ) from None


def _parse_one(store: Path, item: Found) -> ParsedDocument | PolicyKGError:
    """Parse one file and cache its records; any error is returned, never raised, so that
    one bad file does not stop a worker's other files."""
    path, data, entry, key = item
    try:
        doc = parse_bytes(data, path, entry)
        # Written here, in the worker: encoding and syncing a cache entry costs a third
        # of a parse, too much to leave to the one parent process.
        st.write_cached(store, key, doc)
    except PolicyKGError as exc:
        return exc
    except Exception as exc:  # a bug: this file fails, with what and where, not the build
        return PolicyKGError(one_line(f"{path}: internal error, please report it: {_where(exc)}"))
    return doc


def _where(exc: Exception) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    at = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{at}: {str(exc)[:200]}"


def _worker_init() -> None:
    """In each worker: leave Ctrl-C to the parent (which stops the pool), and exit when the
    parent dies: a worker blocked on its queue would otherwise live on, holding the lock."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build(
    paths: Sequence[str | Path],
    store: str | Path = st.DEFAULT_STORE,
    *,
    manifest: str | Path | None = None,
    use_manifest: bool = True,
    progress: Progress | None = None,
    keep_going: bool = False,
    jobs: int | None = None,
) -> BuildSummary:
    """Build the graph of the documents under ``paths`` into ``store``.

    Args:
        manifest: a manifest CSV; by default a ``manifest.csv`` in a folder of ``paths``.
        use_manifest: ``False`` ignores manifests (to see what the texts alone say).
        keep_going: write the graph even when some files cannot be read (they are left
            out and listed in ``failed``). Otherwise the previous store is left untouched.
        jobs: processes that parse; ``None`` for one per core, 1 for this process only.
            The graph is the same, byte for byte, for any number.

    Raises:
        InputError: a path or the manifest cannot be used, two files share a name, or
            (without ``keep_going``) a file cannot be read.
    """
    store = Path(store)
    if jobs is not None and jobs < 1:
        raise InputError(f"jobs: at least 1 process is needed, not {jobs}")
    # With keep_going an unreadable folder is listed like an unreadable file; else it stops.
    skipped: list[InputError] = []
    files = list(find_files(paths, onerror=skipped.append if keep_going else None))
    _check_names(files)
    manifest_path = Path(manifest) if manifest else find_manifest(paths)
    if not use_manifest:
        manifest_path = None
    table = read_manifest(manifest_path) if manifest_path else None
    if table:
        known = {f.name for f in files}
        missing = [e.file for e in table.entries if Path(e.file).name not in known]
        if missing and manifest:
            raise InputError(f"{manifest_path}: {missing[0]!r} is not among the documents")
    with st.locked(store):
        return _build_locked(
            store,
            files,
            table,
            progress,
            keep_going,
            [str(e) for e in skipped],
            jobs or default_jobs(),
        )


def _build_locked(
    store: Path,
    files: list[Path],
    table: Manifest | None,
    progress: Progress | None,
    keep_going: bool,
    skipped: list[str],
    jobs: int,
) -> BuildSummary:
    st.remove_leftovers(store)
    found, unreadable = _read(files, table)
    failed = [*skipped, *unreadable]
    size = sum(len(data) for _, data, _, _ in found)
    # Unchanged inputs, parser and resolver: the graph on disk is already the answer.
    digest = st.build_digest([(str(path), key) for path, _, _, key in found])
    if not failed:
        previous = st.read_build_record(store, digest)
        if previous is not None:
            return replace(
                BuildSummary(**{**previous, "reports": tuple(previous.get("reports", ()))}),
                reused=len(found),
                parsed=0,
                bytes=size,
                failed=(),
            )
    notes: list[str] = []
    docs, inputs, keys, parse_failed, reused = _parse(found, store, progress, notes, jobs)
    failed += parse_failed
    if failed and not keep_going:
        raise InputError(
            f"{len(failed)} file(s) could not be read; the store was not changed. "
            f"First: {failed[0]}"
        )
    with bulk():
        graph = resolve(docs)
    st.forget_build(store)
    st.write_graph(store, graph, inputs)
    st.prune_cache(store, keys)
    summary = summarise(graph, docs, reused=reused, size=size, failed=tuple(failed))
    if not failed:
        graph_digest = st.file_digest(store / st.GRAPH_FILE)
        if graph_digest is not None:
            # Without this run's notes: a later skipped build did not meet them.
            st.write_build_record(store, digest, graph_digest, asdict(summary))
    return replace(summary, reports=(*notes, *summary.reports))


def _check_names(files: Iterable[Path]) -> None:
    # Provenance, ids and query arguments name a document by its file name.
    seen: dict[str, Path] = {}
    for f in files:
        if f.name in seen and seen[f.name].resolve() != f.resolve():
            raise InputError(f"{f}: same file name as {seen[f.name]}; rename one of them")
        seen[f.name] = f


def summarise(
    graph: PolicyGraph,
    docs: Sequence[ParsedDocument],
    *,
    reused: int = 0,
    size: int = 0,
    failed: tuple[str, ...] = (),
) -> BuildSummary:
    counts = {t: 0 for t in NodeType}
    loaded = set()
    for n in graph.nodes:
        counts[n.type] += 1
        if n.type is NodeType.DOCUMENT and n.get("loaded"):
            loaded.add(n.id)
    relations = set(DOCUMENT_RELATIONS)
    resolved = unresolved = 0
    for e in graph.edges:
        if e.type in relations and not e.target.startswith("doc/named/"):
            if e.target in loaded:
                resolved += 1
            else:
                unresolved += 1
    return BuildSummary(
        documents=len(loaded),
        tasks=counts[NodeType.TASK],
        agencies=counts[NodeType.AGENCY],
        targets=counts[NodeType.TARGET],
        references_resolved=resolved,
        references_unresolved=unresolved,
        warnings=sum(len(d.warnings) for d in docs),
        # A merge is a decision reported for review, not something that went wrong.
        problems=sum(p.kind != MERGED for p in graph.problems),
        merged=sum(p.kind == MERGED for p in graph.problems),
        reused=reused,
        parsed=len(docs) - reused,
        bytes=size,
        failed=failed,
        reports=tuple(f"{p.kind}: {p.message}" for p in graph.problems),
    )

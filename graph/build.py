"""``policykg build``: read (or reuse), resolve, write the store.

The graph is a pure function of the input files and the manifest. Each document's own
part of the graph is kept between builds (:mod:`policykg.graph.parts`) with the context it
was resolved in; a build reads only the new and changed files, decides the shared part
again from every document's head (:mod:`policykg.graph.shared`), re-resolves the documents
whose context changed, and replaces their rows of ``graph.db`` in place: the graph a build
from nothing makes. An unchanged build writes only the inputs' stats, when they moved.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path

from policykg.errors import InputError, PolicyKGError
from policykg.graph import graphdb, succession
from policykg.graph import store as st
from policykg.graph.fragment import fragment
from policykg.graph.heads import Head, head_of
from policykg.graph.model import NodeType, Problem, sorted_problems
from policykg.graph.names import MERGED
from policykg.graph.parts import Known, Parts, Rows, encode_head
from policykg.graph.shared import Shared
from policykg.graph.store import Stat
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

Found = tuple[Path, ManifestEntry | None, str, int]  # path, manifest row, cache key, size


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
    resolved: int = 0  # documents whose part of the graph was resolved (again) this build


def find_manifest(paths: Sequence[str | Path]) -> Path | None:
    """A ``manifest.csv`` in one of the folders given (the first found)."""
    for p in map(Path, paths):
        candidate = p / MANIFEST_NAME
        if p.is_dir() and candidate.is_file():
            return candidate
    return None


# A file whose time is this close to when its key was taken may have changed again in the
# same tick of the file system's clock: its stat does not vouch for its key.
RACY_NS = 2_000_000_000


def _read(
    files: list[Path], manifest: Manifest | None, known: dict[str, Stat]
) -> tuple[list[Found], list[str], dict[str, Stat]]:
    """Each file's manifest row, cache key and size; unreadable files as errors; and the
    stats to keep. A file whose stat is the one its key was taken at is not read (an
    unchanged build of 10,000 files hashed 355 MB); the bytes are never kept: a file
    whose records are needed is read again where it is parsed."""
    found: list[Found] = []
    failed: list[str] = []
    stats: dict[str, Stat] = {}
    for path in files:
        entry = manifest.entry_for(path) if manifest else None
        row = _row(entry)
        try:
            info = path.stat()
            was = known.get(str(path))
            now = (info.st_size, info.st_mtime_ns, info.st_ino, row)
            if was is not None and was[:4] == now and info.st_mtime_ns < was.seen - RACY_NS:
                stats[str(path)] = was
            else:
                seen = time.time_ns()
                data = path.read_bytes()
                stats[str(path)] = Stat(*now, key=st.cache_key(data, row), seen=seen)
        except OSError as exc:
            failed.append(f"{path}: cannot read: {exc.strerror}")
            continue
        found.append((path, entry, stats[str(path)].key, info.st_size))
    return found, failed, stats


def _row(entry: ManifestEntry | None) -> str:
    """The manifest row of a file, as its cache key includes it."""
    return entry.provenance.quote if entry else ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Read:
    """A file read for this build: its head, and its part resolved as if it were alone
    (right unless another document changes its context, which the build then checks)."""

    head: Head
    encoded: bytes  # the head, as the parts file keeps it
    key: str
    sha256: str
    warnings: int
    ctx: str  # the digest of the context ``rows`` were resolved in
    rows: Rows
    parsed: bool  # False: the records came from the cache
    note: str | None = None


def _records(store: Path, item: Found) -> tuple[ParsedDocument, bool, str | None]:
    """The records of one file, from the cache or parsed (and cached); whether parsed."""
    path, entry, key, _ = item
    doc, note = st.read_cached(store, key)
    if doc is not None and doc.path == str(path):
        return doc, False, note
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if st.cache_key(data, _row(entry)) != key:
        raise InputError(f"{path}: changed while the build read it; build again")
    doc = parse_bytes(data, path, entry)
    # Written here, in the worker: encoding a cache entry is too much work to leave to the
    # one parent process.
    st.write_cached(store, key, doc)
    return doc, True, note


def _read_one(store: Path, item: Found) -> Read | PolicyKGError:
    """Read one file: its records, head and part; any error is returned, never raised, so
    that one bad file does not stop a worker's other files."""
    try:
        doc, parsed, note = _records(store, item)
        head = head_of(doc)
        alone = Shared([head], contexts_only=True)
        ctx = alone.context(head, alone.claims[0])
        return Read(
            head=head,
            encoded=encode_head(head),
            key=item[2],
            sha256=doc.sha256,
            warnings=len(doc.warnings),
            ctx=ctx.digest(),
            rows=Rows.of_part(fragment(doc, ctx), doc.source),
            parsed=parsed,
            note=note,
        )
    except PolicyKGError as exc:
        return exc
    except Exception as exc:  # a bug: this file fails, with what and where, not the build
        where = _where(exc)
        return PolicyKGError(one_line(f"{item[0]}: internal error, please report it: {where}"))


def _read_all(
    store: Path, todo: list[Found], jobs: int
) -> Generator[Read | PolicyKGError, None, None]:
    """Read ``todo``, yielding results in its order: in this process for one job or a few
    files, else in ``jobs`` worker processes fed chunks of files."""
    if jobs == 1 or len(todo) < POOL_MIN_FILES:
        for item in todo:
            yield _read_one(store, item)
        return
    workers = min(jobs, len(todo))
    # Chunks amortise the round trips; several per worker even out files of unequal size.
    chunk = max(1, min(16, len(todo) // (workers * 4)))
    context = multiprocessing.get_context(START_METHOD)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init) as pool:
        try:
            yield from pool.map(partial(_read_one, store), todo, chunksize=chunk)
        except BrokenProcessPool:
            raise PolicyKGError(
                "a parsing process died (killed, or out of memory?); the store was not "
                "changed. Try again with fewer jobs (--jobs 1)"
            ) from None


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
    known = st.read_stats(store)
    found, unreadable, stats = _read(files, table, known)
    failed = [*skipped, *unreadable]
    size = sum(item[3] for item in found)
    # Unchanged inputs, parser and resolver: the graph on disk is already the answer.
    digest = st.build_digest([(str(path), key) for path, _, key, _ in found])
    previous = None if failed else st.read_build_record(store, digest)
    if previous is not None:
        st.write_stats(store, stats, known)
        return replace(
            BuildSummary(**{**previous, "reports": tuple(previous.get("reports", ()))}),
            reused=len(found),
            parsed=0,
            resolved=0,
            bytes=size,
            failed=(),
        )
    parts = Parts(store / st.GRAPH_FILE, st.code_version())
    try:
        notes: list[str] = []
        state = _update_parts(parts, store, found, progress, notes, jobs)
        failed += state.failed
        if failed and not keep_going:
            raise InputError(
                f"{len(failed)} file(s) could not be read; the store was not changed. "
                f"First: {failed[0]}"
            )
        # What documents share is decided from their heads and the successions table: when
        # neither changed (a task's text edited), the kept shared part holds, and with it
        # every document's context.
        table_digest = succession.table_digest()
        if not (state.same_heads and parts.meta("table") == table_digest):
            _all_heads(parts, store, found, state, notes)
            b = _resolve_parts(parts, store, found, state).builder
            parts.put_shared(Rows.of(b.nodes.values(), b.edges.values(), b.problems))
            parts.set_meta("table", table_digest)
        problems = parts.problems()
        warnings = parts.warnings()
        inputs = parts.inputs([path for path, _, _, _ in found])
        st.forget_build(store)
        parts.finish(graphdb.problems_json(problems), inputs, digest)
    except sqlite3.Error as exc:  # a full disk, a store on a read-only mount
        raise InputError(f"{parts.path}: cannot update the store ({exc})") from None
    finally:
        parts.close()
    kept = {i["source"] for i in inputs}
    st.write_stats(store, stats, known)
    st.prune_cache(store, {key for path, _, key, _ in found if path.name in kept})
    summary = summarise(
        store / st.GRAPH_FILE,
        problems,
        warnings=warnings,
        reused=len(kept) - state.parsed,
        parsed=state.parsed,
        size=size,
        failed=tuple(failed),
    )
    if not failed:
        # Without this run's notes: a later skipped build did not meet them. The graph's
        # digest is the build's, written into graph.db by finish.
        st.write_build_record(store, digest, digest, asdict(summary))
    return replace(summary, resolved=state.resolved, reports=(*notes, *summary.reports))


@dataclass(slots=True)
class _State:
    """What a build knows of its documents once each is read or found unchanged."""

    heads: dict[str, Head]  # file name -> head, of every document in the graph
    read: set[str]  # the files read this build (their part resolved as if alone)
    ctxs: dict[str, str | None]  # file name -> the context its kept part was resolved in
    failed: list[str]
    failed_sources: set[str] = field(default_factory=set)
    parsed: int = 0
    resolved: int = 0
    # No document added or removed, and each one read has the head and (alone) the context
    # it had: the shared part and every context are the kept ones.
    same_heads: bool = True


def _update_parts(
    parts: Parts,
    store: Path,
    found: list[Found],
    progress: Progress | None,
    notes: list[str],
    jobs: int,
) -> _State:
    """Bring the parts file up to the files: forget the removed, read the new and the
    changed (by ``jobs`` processes), keep the rest as they are."""
    known = parts.known()
    names = {path.name for path, _, _, _ in found}
    parts.drop(sorted(set(known) - names))
    gone = bool(set(known) - names)
    todo = [item for item in found if not _unchanged(known.get(item[0].name), item)]
    state = _State(heads={}, read=set(), ctxs={s: k.ctx for s, k in known.items()}, failed=[])
    state.same_heads = not gone
    done = len(found) - len(todo)
    if progress:  # the unchanged first, then the others as they are read
        for i in range(1, done + 1):
            progress(i, len(found))
    # Closed on the way out, even by an error: the pool is gone before the lock is released.
    with contextlib.closing(_read_all(store, todo, jobs)) as results:
        for item, result in zip(todo, results, strict=False):
            done += 1
            if progress:
                progress(done, len(found))
            _keep(parts, state, item, result, notes)
    return state


def _all_heads(
    parts: Parts, store: Path, found: list[Found], state: _State, notes: list[str]
) -> None:
    """The heads of the documents not read this build, from the parts file."""
    skip = {*state.heads, *state.failed_sources}
    rest = [path.name for path, _, _, _ in found if path.name not in skip]
    state.heads.update((h.source, h) for h in parts.heads(rest))
    # A head the parts file could not decode: that file is read again.
    for item in found:
        if item[0].name not in state.heads and item[0].name not in state.failed_sources:
            _keep(parts, state, item, _read_one(store, item), notes)


def _unchanged(known: Known | None, item: Found) -> bool:
    path, _, key, _ = item
    return known is not None and known.key == key and known.path == str(path)


def _keep(
    parts: Parts, state: _State, item: Found, result: Read | PolicyKGError, notes: list[str]
) -> None:
    source = item[0].name
    if isinstance(result, PolicyKGError):
        state.failed.append(str(result))
        state.failed_sources.add(source)
        state.same_heads &= parts.head_blob(source) is None  # it leaves the graph
        parts.drop([source])
        return
    before, was = parts.head_blob(source), state.ctxs.get(source)
    state.same_heads &= before == result.encoded and was == result.ctx
    parts.put_head(
        result.head,
        key=result.key,
        sha256=result.sha256,
        warnings=result.warnings,
        encoded=result.encoded,
    )
    parts.put_part(source, result.ctx, result.rows)
    state.heads[source] = result.head
    state.read.add(source)
    state.ctxs[source] = result.ctx
    state.parsed += result.parsed
    state.resolved += 1
    if result.note:
        notes.append(result.note)


def _resolve_parts(parts: Parts, store: Path, found: list[Found], state: _State) -> Shared:
    """The shared part, from every head; and the part of each document whose context is
    not the one its kept part was resolved in, resolved again."""
    heads = sorted(state.heads.values(), key=lambda h: (h.source, h.path))
    shared = Shared(heads)
    items = {item[0].name: item for item in found}
    for head, claim in zip(heads, shared.claims, strict=True):
        ctx = shared.context(head, claim)
        digest = ctx.digest()
        if digest != state.ctxs.get(head.source):
            doc, _, _ = _records(store, items[head.source])
            parts.put_part(head.source, digest, Rows.of_part(fragment(doc, ctx), doc.source))
            if head.source not in state.read:
                state.resolved += 1
    return shared


def _check_names(files: Iterable[Path]) -> None:
    # Provenance, ids and query arguments name a document by its file name.
    seen: dict[str, Path] = {}
    for f in files:
        if f.name in seen and seen[f.name].resolve() != f.resolve():
            raise InputError(f"{f}: same file name as {seen[f.name]}; rename one of them")
        seen[f.name] = f


def summarise(
    graph: Path,
    problems: Sequence[Problem],
    *,
    warnings: int = 0,
    reused: int = 0,
    parsed: int = 0,
    size: int = 0,
    failed: tuple[str, ...] = (),
) -> BuildSummary:
    """The summary of the graph in the file ``graph`` (counted there, not loaded)."""
    counts = graphdb.counts(graph)
    ordered = sorted_problems(problems)
    return BuildSummary(
        documents=counts["documents"],
        tasks=counts[NodeType.TASK.value],
        agencies=counts[NodeType.AGENCY.value],
        targets=counts[NodeType.TARGET.value],
        references_resolved=counts["resolved"],
        references_unresolved=counts["unresolved"],
        warnings=warnings,
        # A merge is a decision reported for review, not something that went wrong.
        problems=sum(p.kind != MERGED for p in ordered),
        merged=sum(p.kind == MERGED for p in ordered),
        reused=reused,
        parsed=parsed,
        bytes=size,
        failed=failed,
        reports=tuple(f"{p.kind}: {p.message}" for p in ordered),
    )

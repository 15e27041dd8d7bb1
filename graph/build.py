"""``policykg build``: parse (or reuse), resolve, write the store.

The graph is a pure function of the input files and the manifest: a rebuild on unchanged
input reuses every parsed record and writes the identical graph; a changed file is parsed
again and its part of the graph replaced, since resolution always starts afresh from the
records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from policykg.errors import InputError, PolicyKGError
from policykg.graph import store as st
from policykg.graph.model import DOCUMENT_RELATIONS, NodeType, PolicyGraph, bulk
from policykg.graph.names import MERGED
from policykg.graph.resolve import resolve
from policykg.loaders.manifest import MANIFEST_NAME, Manifest, ManifestEntry, read_manifest
from policykg.loaders.parse import find_files, parse_bytes
from policykg.records import ParsedDocument

Progress = Callable[[int, int], None]


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


def _read(
    files: list[Path], manifest: Manifest | None
) -> tuple[list[tuple[Path, bytes, ManifestEntry | None, str]], list[str]]:
    """Each file's bytes, manifest row and cache key; unreadable files as errors."""
    found, failed = [], []
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
    found: list[tuple[Path, bytes, ManifestEntry | None, str]],
    store: Path,
    progress: Progress | None,
    notes: list[str],
) -> tuple[list[ParsedDocument], list[st.Input], set[str], list[str], int]:
    docs, inputs, keys, failed = [], [], set(), []
    reused = 0
    for done, (path, data, entry, key) in enumerate(found, 1):
        try:
            doc, note = st.read_cached(store, key)
            if note:
                notes.append(note)
            if doc is not None and doc.path == str(path):
                reused += 1
            else:
                doc = parse_bytes(data, path, entry)
                st.write_cached(store, key, doc)
        except PolicyKGError as exc:
            failed.append(str(exc))
            continue
        docs.append(doc)
        keys.add(key)
        inputs.append(st.Input(source=doc.source, path=str(path), sha256=doc.sha256))
        if progress:
            progress(done, len(found))
    return docs, inputs, keys, failed, reused


def build(
    paths: Sequence[str | Path],
    store: str | Path = st.DEFAULT_STORE,
    *,
    manifest: str | Path | None = None,
    use_manifest: bool = True,
    progress: Progress | None = None,
    keep_going: bool = False,
) -> BuildSummary:
    """Build the graph of the documents under ``paths`` into ``store``.

    Args:
        manifest: a manifest CSV; by default a ``manifest.csv`` in a folder of ``paths``.
        use_manifest: ``False`` ignores manifests (to see what the texts alone say).
        keep_going: write the graph even when some files cannot be read (they are left
            out and listed in ``failed``). Otherwise the previous store is left untouched.

    Raises:
        InputError: a path or the manifest cannot be used, two files share a name, or
            (without ``keep_going``) a file cannot be read.
    """
    store = Path(store)
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
        return _build_locked(store, files, table, progress, keep_going, [str(e) for e in skipped])


def _build_locked(
    store: Path,
    files: list[Path],
    table: Manifest | None,
    progress: Progress | None,
    keep_going: bool,
    skipped: list[str],
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
    docs, inputs, keys, parse_failed, reused = _parse(found, store, progress, notes)
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
    summary = replace(summary, reports=(*notes, *summary.reports))
    if not failed:
        graph_digest = st.file_digest(store / st.GRAPH_FILE)
        if graph_digest is not None:
            st.write_build_record(store, digest, graph_digest, asdict(summary))
    return summary


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

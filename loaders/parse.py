"""The loader pipeline: file -> decoded text -> cleaned text -> layout -> records."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from policykg.errors import InputError, PolicyKGError
from policykg.loaders import agencies, assignments, limits, regexes, targets, tasks
from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.convert import convert, sniff
from policykg.loaders.decode import Decoded, decode_bytes, one_line, read_bytes
from policykg.loaders.documents import extract_document
from policykg.loaders.manifest import ManifestEntry, apply_entry
from policykg.loaders.references import extract_links, find_mentions, merge, named_references
from policykg.loaders.structure import layout
from policykg.records import (
    Converted,
    LineBox,
    Page,
    ParsedDocument,
    ParseWarning,
    Provenance,
    Reference,
    Relation,
    Section,
    Span,
    Task,
)

# Read by content, not by these names; a folder is searched for them. ".doc" is found to
# be refused with a clear message rather than skipped in silence.
SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
FOUND_SUFFIXES = (*SUFFIXES, *IMAGE_SUFFIXES, ".doc")


def find_files(
    paths: Iterable[str | Path], *, onerror: Callable[[InputError], None] | None = None
) -> Iterator[Path]:
    """The documents named by ``paths``: files as given, folders searched recursively.

    Args:
        onerror: called with the error of each folder that cannot be read, which is then
            left out; by default that error is raised (never is a folder skipped silently).

    Raises:
        InputError: a path does not exist or cannot be examined, a folder holds no
            document (see ``FOUND_SUFFIXES``), or (without ``onerror``) a folder cannot be
            read.
    """
    for p in map(Path, paths):
        try:
            is_dir, exists = p.is_dir(), p.exists()
        except OSError as exc:  # Why: a parent folder without permission to look inside.
            raise InputError(one_line(f"{p}: cannot read: {exc.strerror or exc}")) from None
        if is_dir:
            found = _documents_under(p, onerror)
            if not found:
                kinds = ".txt, .md, .pdf, .docx, .html or image"
                raise InputError(one_line(f"{p}: no documents ({kinds}) in this folder"))
            yield from found
        elif exists:
            yield p
        else:
            raise InputError(one_line(f"{p}: no such file or folder"))


def _documents_under(folder: Path, onerror: Callable[[InputError], None] | None) -> list[Path]:
    """The documents under ``folder``, sorted; unreadable folders to ``onerror``.

    ``os.walk`` rather than ``Path.rglob``, which skips a folder it cannot read in silence.
    Like ``rglob`` it does not follow links to folders.
    """

    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        error = InputError(one_line(f"{where}: cannot read this folder: {exc.strerror or exc}"))
        if onerror is None:
            raise error
        onerror(error)

    found = []
    for root, _, names in os.walk(folder, onerror=unreadable):
        for name in names:
            f = Path(root, name)
            if f.suffix.lower() in FOUND_SUFFIXES and _is_file(f):
                found.append(f)
    return sorted(found)


def _is_file(path: Path) -> bool:
    """``Path.is_file``, except that a file that cannot be examined counts as one: reading
    it then gives its error, rather than it vanishing from the corpus."""
    try:
        return path.is_file()
    except OSError:
        return True


def _sections(ctx: DocContext) -> tuple[Section, ...]:
    out = []
    for item in ctx.layout.items:
        start, end = ctx.clean.to_original(item.start, item.end)
        title = ctx.text[item.text_start : item.line_end].strip()
        out.append(
            Section(
                path=item.path,
                marker=item.marker,
                title=title[:160],
                level=len(item.path),
                span=Span(start=start, end=end),
            )
        )
    return tuple(out)


# Inside a task, "Tiếp tục triển khai ... Nghị quyết số 02-NQ/TU" makes the task an
# implementation of that document; any other mention is a citation.
_TASK_IMPLEMENTS = re.compile(rf"(?:{regexes.IMPLEMENTS_TRIGGER_REGEX})", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[.;:\n]\s")


def _relation_in_task(original: str, task_start: int, mention_start: int) -> Relation:
    window = original[max(task_start, mention_start - 300) : mention_start]
    clause = _CLAUSE_START.split(window)[-1]
    return Relation.IMPLEMENTS if _TASK_IMPLEMENTS.search(clause) else Relation.CITES


def _attach_references(
    original: str, found: tuple[Task, ...], refs: tuple[Reference, ...]
) -> tuple[Task, ...]:
    """Give each task the references mentioned inside it: lineage starts from tasks.

    The copies a task holds carry the relation of the task to that document.
    """
    # Every mention by where it starts: a task looks up those inside it, rather than every
    # mention of every reference (quadratic in a big file).
    index = sorted(
        (m.span.start, i, k) for i, r in enumerate(refs) for k, m in enumerate(r.mentions)
    )
    starts = [s for s, _, _ in index]
    out = []
    for task in found:
        span = task.provenance.span
        first: dict[int, int] = {}  # reference -> its first mention inside the task
        for _, i, k in index[bisect_left(starts, span.start) : bisect_left(starts, span.end)]:
            first[i] = min(k, first.get(i, k))
        inside = []
        for i in sorted(first):
            mention = refs[i].mentions[first[i]]
            relation = _relation_in_task(original, span.start, mention.span.start)
            inside.append(replace(refs[i], relation=relation, provenance=mention))
        out.append(replace(task, references=tuple(inside)) if inside else task)
    return tuple(out)


def parse_text(
    original: str,
    source: str,
    *,
    path: str = "",
    encoding: str = "utf-8",
    entry: ManifestEntry | None = None,
    max_bytes: int | None = None,
) -> ParsedDocument:
    """Parse one decoded document.

    Args:
        original: the decoded text; every span in the result points into it.
        source: the file name, carried into every provenance.
        entry: the manifest row of this file; its values win over the text's.
        max_bytes: the size limit (default ``$POLICYKG_MAX_BYTES``, else 20 MB).

    Raises:
        InputError: the text is bigger than the limit.
    """
    data = original.encode("utf-8")
    limits.check_size(path or source, len(data), max_bytes)
    cleaned = clean(original, source)
    ctx = DocContext(cleaned, layout(cleaned))
    info = extract_document(ctx)
    warnings: list[ParseWarning] = []
    if entry is not None:
        info, notes = apply_entry(info, entry)
        warnings.extend(ParseWarning(message=n, provenance=entry.provenance) for n in notes)
    ctx = DocContext(cleaned, ctx.layout, jurisdiction=info.jurisdiction)
    document_like = info.kind is not None or info.number is not None
    if info.kind is None:
        warnings.append(
            ParseWarning(
                message="no recognisable title: document kind unknown"
                if document_like
                else "not a policy document: no title, number or letterhead"
            )
        )
    mentions = find_mentions(ctx, own_number=info.number)
    refs = merge(ctx, mentions) + named_references(ctx)
    found_tasks, task_warnings = tasks.extract_tasks(ctx) if document_like else ((), [])
    found_tasks = _attach_references(original, found_tasks, refs)
    warnings.extend(task_warnings)
    found_assignments = assignments.extract_assignments(ctx) if document_like else ()
    return ParsedDocument(
        source=source,
        path=path or source,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        document=info,
        sections=_sections(ctx),
        references=refs,
        targets=targets.extract_targets(ctx) if document_like else (),
        tasks=found_tasks,
        assignments=found_assignments,
        agencies=agencies.collect(found_tasks, found_assignments, info.jurisdiction),
        warnings=tuple(warnings),
        links=extract_links(ctx, mentions),
    )


def parse_file(
    path: str | Path, entry: ManifestEntry | None = None, *, max_bytes: int | None = None
) -> ParsedDocument:
    """Read, convert or decode, and parse one file.

    Raises:
        InputError: the file is bigger than the size limit (see :mod:`limits`).
        DecodeError: the file cannot be read, or its bytes are not a document policykg reads.
    """
    p = Path(path)
    if p.is_file():  # refused before it is read: a huge file is never loaded
        with contextlib.suppress(OSError), p.open("rb") as f:  # else reading says why
            head = f.read(SNIFF_BYTES)
            limits.check_size(p, p.stat().st_size, max_bytes, binary=_binary(head))
    return _parse_data(read_bytes(p), p, entry, max_bytes)


def parse_bytes(
    data: bytes, path: str | Path, entry: ManifestEntry | None = None
) -> ParsedDocument:
    """Convert or decode, and parse, the bytes of the file at ``path`` (already read by the
    caller). The format is told by the bytes (:func:`~policykg.loaders.convert.sniff`).

    Raises:
        DecodeError: the bytes are not a document policykg reads.
    """
    p = Path(path)
    limits.check_size(p, len(data), binary=_binary(data[:SNIFF_BYTES]))
    return _parse_data(data, p, entry)


# Enough of a file to tell a PDF, Word file, web page or image by its bytes.
SNIFF_BYTES = 8192


def _binary(head: bytes) -> bool:
    """A document whose text is not its bytes (a web page's is, nearly)."""
    return sniff(head) in ("pdf", "docx", "zip", "image", "doc")


def _parse_data(
    data: bytes, p: Path, entry: ManifestEntry | None, max_bytes: int | None = None
) -> ParsedDocument:
    converted = convert(data, str(p))
    if converted is None:
        decoded = decode_bytes(data, str(p))
        del data  # Why: a big text is parsed without its bytes held as well
        return _parse_decoded(decoded, p, entry, max_bytes)
    # Why the file's bytes: they, not the extracted text, identify a PDF or a scan.
    digest = hashlib.sha256(data).hexdigest()
    del data
    return _parse_converted(converted, digest, p, entry, max_bytes)


def _parse_decoded(
    decoded: Decoded, p: Path, entry: ManifestEntry | None, max_bytes: int | None = None
) -> ParsedDocument:
    doc = parse_text(
        decoded.text,
        p.name,
        path=str(p),
        encoding=decoded.encoding,
        entry=entry,
        max_bytes=max_bytes,
    )
    if decoded.note:
        doc = replace(doc, warnings=(ParseWarning(message=decoded.note), *doc.warnings))
    return doc


def _parse_converted(
    converted: Converted,
    digest: str,
    p: Path,
    entry: ManifestEntry | None,
    max_bytes: int | None = None,
) -> ParsedDocument:
    """Parse a converted file's text; its spans point into that text, which stands for the
    file's "original", and each provenance is given its page."""
    doc = parse_text(
        converted.text, p.name, path=str(p), encoding="utf-8", entry=entry, max_bytes=max_bytes
    )
    doc = _with_pages(doc, converted.pages) if converted.pages else doc
    warnings = doc.warnings
    if converted.note:
        warnings = (ParseWarning(message=converted.note), *warnings)
    return replace(
        doc,
        sha256=digest,
        converted=converted.kind,
        pages=converted.pages,
        warnings=warnings,
    )


def _with_pages(doc: ParsedDocument, pages: tuple[Page, ...]) -> ParsedDocument:
    """``doc`` with the page of every provenance into its own text (a manifest row's
    provenance points into the manifest, and keeps no page)."""
    starts = [page.start for page in pages]

    def walk(value: Any) -> Any:
        if isinstance(value, Provenance):
            if value.source != doc.source:
                return value
            k = bisect_right(starts, value.span.start) - 1
            return replace(value, page=pages[k].number) if k >= 0 else value
        if isinstance(value, tuple):
            items = tuple(walk(v) for v in value)
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changed = {}
            for f in dataclasses.fields(value):
                old = getattr(value, f.name)
                new = walk(old)
                if new is not old:
                    changed[f.name] = new
            return replace(value, **changed) if changed else value
        return value

    result: ParsedDocument = walk(doc)
    return result


def locate(doc: ParsedDocument, span: Span) -> tuple[Page, LineBox | None] | None:
    """The page a span of ``doc`` starts on, and for an OCR'd page the line it starts in
    (its box on the page image); ``None`` for a document without pages."""
    starts = [page.start for page in doc.pages]
    k = bisect_right(starts, span.start) - 1
    if k < 0:
        return None
    page = doc.pages[k]
    line_starts = [line.start for line in page.lines]
    i = bisect_right(line_starts, span.start) - 1
    return page, (page.lines[i] if i >= 0 and span.start < page.lines[i].end else None)


def parse_paths(
    paths: Iterable[str | Path],
) -> Iterator[ParsedDocument | PolicyKGError]:
    """Parse every document under ``paths``.

    A bad path or file yields its error and never stops the others.
    """
    for path in paths:
        skipped: list[InputError] = []  # unreadable folders: said, and the rest parsed
        try:
            files = list(find_files([path], onerror=skipped.append))
        except InputError as exc:
            yield exc
            continue
        yield from skipped
        for f in files:
            try:
                yield parse_file(f)
            except PolicyKGError as exc:
                yield exc

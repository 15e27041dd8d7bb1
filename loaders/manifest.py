"""The manifest: what a document's text does not say about it, keyed by file.

A manifest is a CSV file (UTF-8, a header row, ``#`` comment lines allowed)::

    file,number,date,issuer,jurisdiction,kind,title
    003_07a70d37f77f3d0b.txt,02-NQ/TU,19/11/2021,Ban Chấp hành Đảng bộ tỉnh,Thái Bình,resolution,

Only ``file`` is required; empty cells leave the parsed value alone. ``file`` is the file
name (or a path relative to the manifest). Dates are ``dd/mm/yyyy`` or ISO; kinds are
contract values (``resolution``) or Vietnamese words (``Nghị quyết``). A file named
``manifest.csv`` in a corpus folder is read by ``policykg build`` without a flag.

CSV rather than YAML: analysts keep these in a spreadsheet, and
``policykg resolve --suggest`` prints rows ready to paste.
"""

from __future__ import annotations

import csv
import datetime
import posixpath
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path, PureWindowsPath

from policykg.errors import InputError
from policykg.loaders import codes, places
from policykg.records import DocumentInfo, DocumentKind, Field, Provenance, Span

MANIFEST_NAME = "manifest.csv"
COLUMNS = ("file", "number", "date", "issuer", "jurisdiction", "kind", "title")

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True, slots=True, kw_only=True)
class ManifestEntry:
    """One row: the values it sets, and the row itself as evidence."""

    file: str
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    kind: DocumentKind | None = None
    title: str | None = None
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    path: str
    entries: tuple[ManifestEntry, ...]

    def entry_for(self, path: Path) -> ManifestEntry | None:
        base = Path(self.path).parent
        for e in self.entries:
            if e.file == path.name:
                return e
            try:
                if (base / e.file).resolve() == path.resolve():
                    return e
            except OSError:
                continue
        return None


def _date(value: str, where: str) -> str:
    if m := _ISO.match(value):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(value):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    else:
        raise InputError(f"{where}: date {value!r} is neither dd/mm/yyyy nor yyyy-mm-dd")
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        raise InputError(f"{where}: date {value!r} is not a calendar date") from None


def _kind(value: str, where: str) -> DocumentKind:
    try:
        return DocumentKind(value.strip().lower())
    except ValueError:
        pass
    kind = codes.kind_of_word(value)
    if kind is None:
        choices = ", ".join(k.value for k in DocumentKind)
        raise InputError(f"{where}: unknown kind {value!r} (one of {choices}, or 'Nghị quyết'…)")
    return kind


def _number(value: str, where: str) -> str:
    number = codes.parse_number(value)
    if number is None:
        raise InputError(f"{where}: {value!r} is not a document number")
    return number.text


def _jurisdiction(value: str, where: str) -> str:
    if value.strip().casefold() in ("trung ương", "tw", "national"):
        return places.CENTRAL
    name = places.canonical(value)
    if name is None:
        raise InputError(f"{where}: unknown province {value!r}")
    return name


def _check_inside(file: str, where: str) -> None:
    """Refuse a row whose file is not in the manifest's folder (``../../etc/passwd``).

    Checked on the text of the path, not on the disk, so that a manifest given with
    ``--manifest`` and one found in the corpus folder fail alike, file there or not.
    """
    posix = file.replace("\\", "/")
    inside = posixpath.normpath(posix)
    if posix.startswith("/") or PureWindowsPath(file).anchor or inside.split("/")[0] == "..":
        raise InputError(f"{where}: {file!r} is outside the manifest's folder")


def _rows(lines: list[str], data: list[int], p: Path) -> list[tuple[int, int, list[str]]]:
    """The CSV rows of the ``data`` lines: first and last physical line, and the cells."""
    reader = csv.reader(lines[i] for i in data)
    rows: list[tuple[int, int, list[str]]] = []
    consumed = 0
    try:
        for row in reader:
            rows.append((data[consumed], data[reader.line_num - 1], row))
            consumed = reader.line_num
    except csv.Error as exc:
        line = data[min(max(reader.line_num, 1), len(data)) - 1] + 1
        raise InputError(f"{p}:{line}: not a CSV row ({exc})") from None
    return rows


def read_manifest(path: str | Path) -> Manifest:
    """Read and check a manifest.

    Raises:
        InputError: the file is missing, not UTF-8, lacks a ``file`` column, has an
            unknown column, a row names a file outside the manifest's folder, or a cell
            cannot be read; the message names file and line.
    """
    p = Path(path)
    try:
        raw = p.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{p}: no such manifest") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: the manifest is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read the manifest ({exc.strerror or exc})") from None
    text = unicodedata.normalize("NFC", raw)
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    # Comment and blank lines are skipped; a quoted cell may span lines, so each row
    # remembers the physical lines it came from.
    data = [i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    if not data:
        raise InputError(f"{p}: the manifest is empty")
    rows = _rows(lines, data, p)
    head_line, _, head = rows[0]
    header = [h.strip().lower() for h in head]
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise InputError(
            f"{p}:{head_line + 1}: unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})"
        )
    if "file" not in header:
        raise InputError(f"{p}:{head_line + 1}: the manifest has no 'file' column")
    entries = []
    seen: set[str] = set()
    for first, last, row in rows[1:]:
        where = f"{p}:{first + 1}"
        if len(row) > len(header):
            raise InputError(f"{where}: {len(row)} cells for {len(header)} columns")
        cells = {h: v.strip() for h, v in zip(header, row, strict=False) if v.strip()}
        file = cells.get("file")
        if not file:
            raise InputError(f"{where}: no file named")
        _check_inside(file, where)
        if file in seen:
            raise InputError(f"{where}: {file!r} is listed twice")
        seen.add(file)
        start, end = offsets[first], offsets[last + 1]
        quote = text[start:end].rstrip("\r\n")
        entries.append(
            ManifestEntry(
                file=file,
                number=_number(cells["number"], where) if "number" in cells else None,
                date=_date(cells["date"], where) if "date" in cells else None,
                issuer=cells.get("issuer"),
                jurisdiction=(
                    _jurisdiction(cells["jurisdiction"], where) if "jurisdiction" in cells else None
                ),
                kind=_kind(cells["kind"], where) if "kind" in cells else None,
                title=cells.get("title"),
                provenance=Provenance(
                    source=p.name,
                    span=Span(start=start, end=start + len(quote)),
                    section=("manifest",),
                    quote=quote,
                ),
            )
        )
    return Manifest(path=str(p), entries=tuple(entries))


def apply_entry(info: DocumentInfo, entry: ManifestEntry) -> tuple[DocumentInfo, tuple[str, ...]]:
    """The document's identity with the manifest's values, and notes where they differ
    from what the text says (the manifest wins: it is the analyst's word)."""
    notes = []
    changes: dict[str, object] = {}
    evidence = list(info.evidence)
    for name in ("number", "date", "issuer", "jurisdiction", "kind", "title"):
        value = getattr(entry, name)
        if value is None:
            continue
        current = getattr(info, name)
        if current is not None and current != value:
            notes.append(f"manifest sets {name} {value!s} where the text says {current!s}")
        changes[name] = value
        evidence = [f for f in evidence if f.name != name]
        evidence.append(Field(name=name, provenance=entry.provenance))
    if "jurisdiction" in changes:
        changes["jurisdiction_evidence"] = f"manifest: {entry.provenance.quote}"
    return replace(info, **changes, evidence=tuple(evidence)), tuple(notes)  # type: ignore[arg-type]

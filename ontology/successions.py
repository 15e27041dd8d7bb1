"""Who became whom in 2025: provinces, departments and ministries, each change with its law.

The reference data is ``ontology/data/successions.csv`` (UTF-8, NFC, one header row)::

    kind,level,old,new,relation,part,effective,source,source_date,source_title,scope,note

One row is one change, dated and sourced: ``Thái Bình`` MERGED_INTO ``Hưng Yên`` on
2025-07-01 under Nghị quyết 202/2025/QH15. A user extends the table with a CSV of the
same form named by ``$POLICYKG_SUCCESSIONS``; its rows are read after the shipped ones and
checked the same way. ``docs/time.md`` describes the columns and the sources.

Names are compared NFC and case-insensitively with their diacritics kept ("thái bình" is
"Thái Bình", "Thai Binh" is not); a province may be written with its "tỉnh" / "thành phố"
prefix. Functions return names as the table spells them.

No graph, query or loader imports here: the graph and the queries call this module.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

from policykg.errors import InputError

__all__ = [
    "COLUMNS",
    "ENV",
    "KINDS",
    "RELATIONS",
    "Succession",
    "agency_current",
    "agency_successors",
    "interval",
    "load",
    "province_parts",
    "province_successor",
    "provinces_on",
]

COLUMNS = (
    "kind", "level", "old", "new", "relation", "part", "effective",
    "source", "source_date", "source_title", "scope", "note",
)  # fmt: skip

ENV = "POLICYKG_SUCCESSIONS"

# kind -> the levels it may have: a district row speaks of the level itself ("cấp huyện").
KINDS = {
    "province": frozenset({"province"}),
    "agency": frozenset({"province", "central"}),
    "district": frozenset({"district"}),
}

MERGED_INTO = "MERGED_INTO"
SUCCEEDED_BY = "SUCCEEDED_BY"
SPLIT_TO = "SPLIT_TO"
CONTINUES = "CONTINUES"
ABOLISHED = "ABOLISHED"
RELATIONS = frozenset({MERGED_INTO, SUCCEEDED_BY, SPLIT_TO, CONTINUES, ABOLISHED})
# the relations after which ``old`` is no longer in force
ENDING = frozenset({MERGED_INTO, SUCCEEDED_BY, ABOLISHED})

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Succession:
    """One dated change of a body or place, with the legal text that made it."""

    kind: str  # province | agency | district
    level: str  # province | central | district
    old: str
    new: str  # empty for ABOLISHED
    relation: str  # MERGED_INTO | SUCCEEDED_BY | SPLIT_TO | CONTINUES | ABOLISHED
    part: str  # the duties a SPLIT_TO row moves ("báo chí, xuất bản, ...")
    effective: date
    source: str  # "202/2025/QH15"
    source_date: date
    source_title: str
    scope: str  # a province for a change made there only; empty: everywhere
    note: str
    line: int  # the CSV line, for messages


@lru_cache(maxsize=1 << 14)  # every body is followed through the table, row by row
def key(name: str) -> str:
    """The form names are compared in: NFC, case-folded, spaces collapsed, marks kept."""
    s = " ".join(unicodedata.normalize("NFC", name).split())
    return unicodedata.normalize("NFC", s.casefold())


@lru_cache(maxsize=1 << 12)
def _place_key(name: str) -> str:
    # "tỉnh Thái Bình", "Thành phố Huế", "TP. Hồ Chí Minh": the table has the bare name
    return key(_PREFIX.sub("", key(name)))


# -- reading ----------------------------------------------------------------------------


def _shipped() -> Path:
    return Path(str(files("policykg.ontology").joinpath("data", "successions.csv")))


def load(path: str | Path | None = None) -> tuple[Succession, ...]:
    """The rows of ``path``; ``None``: the shipped table plus the rows of ``$POLICYKG_SUCCESSIONS``.

    Raises:
        InputError: one line naming the file, the line and the problem.
    """
    if path is not None:
        return _load_checked((_stamp(Path(path)),))
    extra = os.environ.get(ENV, "").strip()
    paths = (_shipped(), Path(extra)) if extra else (_shipped(),)
    return _load_checked(tuple(_stamp(p) for p in paths))


def _stamp(path: Path) -> tuple[str, int, int]:
    # the cache key: a file edited between two calls is read again
    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the successions table ({exc.strerror})") from None
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    return str(path), st.st_mtime_ns, st.st_size


@cache
def _load_checked(stamps: tuple[tuple[str, int, int], ...]) -> tuple[Succession, ...]:
    rows: list[tuple[str, Succession]] = []
    for name, _, _ in stamps:
        rows.extend((name, r) for r in _read(Path(name)))
    _check_unique(rows)
    return tuple(r for _, r in rows)


def _read(path: Path) -> list[Succession]:
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    reader = csv.reader(unicodedata.normalize("NFC", text).splitlines())
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise InputError(f"{path}:1: the header must be {','.join(COLUMNS)}")
    out = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        out.append(_row(cells, f"{path}:{reader.line_num}", reader.line_num))
    return out


def _row(cells: list[str], where: str, line: int) -> Succession:
    if len(cells) != len(COLUMNS):
        raise InputError(f"{where}: {len(cells)} columns, expected {len(COLUMNS)}")
    v = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
    if v["kind"] not in KINDS:
        raise InputError(f"{where}: unknown kind {v['kind']!r} (one of {', '.join(KINDS)})")
    if v["level"] not in KINDS[v["kind"]]:
        allowed = ", ".join(sorted(KINDS[v["kind"]]))
        raise InputError(f"{where}: level {v['level']!r} for a {v['kind']} row (one of {allowed})")
    rel = v["relation"]
    if rel not in RELATIONS:
        raise InputError(
            f"{where}: unknown relation {rel!r} (one of {', '.join(sorted(RELATIONS))})"
        )
    if not v["old"]:
        raise InputError(f"{where}: empty old name")
    if (rel == ABOLISHED) != (not v["new"]):
        raise InputError(
            f"{where}: {'ABOLISHED has no' if rel == ABOLISHED else 'missing'} new name"
        )
    if rel == CONTINUES and key(v["old"]) != key(v["new"]):
        raise InputError(f"{where}: CONTINUES needs old = new, got {v['old']!r} and {v['new']!r}")
    if rel == SPLIT_TO and not v["part"]:
        raise InputError(f"{where}: SPLIT_TO needs a part (the duties that moved)")
    for col in ("source", "source_title"):
        if not v[col]:
            raise InputError(f"{where}: missing {col}: every row cites its legal text")
    return Succession(
        kind=v["kind"], level=v["level"], old=v["old"], new=v["new"], relation=rel,
        part=v["part"], effective=_date(v["effective"], "effective", where),
        source=v["source"], source_date=_date(v["source_date"], "source_date", where),
        source_title=v["source_title"], scope=v["scope"], note=v["note"], line=line,
    )  # fmt: skip


def _date(text: str, column: str, where: str) -> date:
    if not text:
        raise InputError(f"{where}: missing {column}")
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{where}: bad {column} {text!r} (YYYY-MM-DD)") from None


def _check_unique(rows: Iterable[tuple[str, Succession]]) -> None:
    # A province ends or continues once a day: two rows for one (old, effective) contradict,
    # in one file or across the shipped table and a user's file.
    seen: dict[tuple[str, date], tuple[str, Succession]] = {}
    for path, row in rows:
        if row.kind != "province" or row.relation == SPLIT_TO:
            continue
        k = (_place_key(row.old), row.effective)
        if k in seen:
            first_path, first = seen[k]
            raise InputError(
                f"{path}:{row.line}: province {row.old!r} mapped twice on "
                f"{row.effective.isoformat()} (also {first_path}:{first.line}: "
                f"{first.relation} {first.new!r})"
            )
        seen[k] = (path, row)


# -- provinces --------------------------------------------------------------------------


def _rows(rows: Sequence[Succession] | None) -> Sequence[Succession]:
    return load() if rows is None else rows


def _province_rows(rows: Sequence[Succession] | None) -> list[Succession]:
    return [r for r in _rows(rows) if r.kind == "province"]


def interval(
    name: str,
    *,
    kind: str = "province",
    province: str | None = None,
    rows: Sequence[Succession] | None = None,
) -> tuple[date | None, date | None]:
    """``(valid_from, valid_to)`` of a province or body, in force on ``from <= day < to``.

    ``None`` is open: in force since before the table (``valid_from``) or still in force
    (``valid_to``). A name that a row renames or merges into begins on that row's date unless
    an earlier-or-same-day row shows it already existed (as an ``old``).
    """
    k = _place_key(name) if kind == "province" else key(name)
    norm = _place_key if kind == "province" else key
    mine = [r for r in _rows(rows) if r.kind == kind and _in_scope(r, province)]
    outgoing = [r.effective for r in mine if norm(r.old) == k]
    incoming = [
        r.effective
        for r in mine
        if r.relation in (MERGED_INTO, SUCCEEDED_BY)
        and r.new
        and norm(r.new) == k
        and norm(r.old) != k
    ]
    start = min(incoming) if incoming else None
    if start is not None and any(d <= start for d in outgoing):
        start = None
    ends = [
        r.effective for r in mine if norm(r.old) == k and r.relation in ENDING and norm(r.new) != k
    ]
    return start, (min(ends) if ends else None)


def _in_force(span: tuple[date | None, date | None], day: date) -> bool:
    start, end = span
    return (start is None or start <= day) and (end is None or day < end)


def provinces_on(day: date, rows: Sequence[Succession] | None = None) -> tuple[str, ...]:
    """The provinces in force on ``day``, sorted: 63 until 2025-06-30, 34 from 2025-07-01."""
    mine = _province_rows(rows)
    names: dict[str, str] = {}
    for r in mine:
        for n in (r.old, r.new):
            if n:
                names.setdefault(_place_key(n), n)
    return tuple(sorted(n for n in names.values() if _in_force(interval(n, rows=mine), day)))


def province_successor(name: str, day: date, rows: Sequence[Succession] | None = None) -> str:
    """The province that ``name`` belongs to on ``day`` (Thừa Thiên Huế -> Huế -> Huế).

    A name the table does not know is returned as given.
    """
    mine = _province_rows(rows)
    by_old: dict[str, list[Succession]] = {}
    spelled: dict[str, str] = {}
    for r in mine:
        by_old.setdefault(_place_key(r.old), []).append(r)
        spelled.setdefault(_place_key(r.old), r.old)
        spelled.setdefault(_place_key(r.new), r.new)
    k = _place_key(name)
    if k not in spelled:
        return name
    current, seen = k, {k}
    while True:
        step = [
            r
            for r in by_old.get(current, ())
            if r.relation in (MERGED_INTO, SUCCEEDED_BY) and r.effective <= day
        ]
        if not step:
            return spelled[current]
        nxt = _place_key(min(step, key=lambda r: r.effective).new)
        if nxt in seen:  # a cycle in a user's file: stop where it closes
            return spelled[current]
        seen.add(nxt)
        current = nxt


def province_parts(
    name: str, day: date, rows: Sequence[Succession] | None = None
) -> tuple[str, ...]:
    """Every province name that belongs to ``name`` on ``day``, itself included, sorted.

    ``province_parts("Hưng Yên", date(2025, 7, 1))`` is ``("Hưng Yên", "Thái Bình")``.
    """
    mine = _province_rows(rows)
    target = _place_key(province_successor(name, day, mine))
    names = {_place_key(n): n for r in mine for n in (r.old, r.new) if n}
    return tuple(
        sorted(n for n in names.values() if _place_key(province_successor(n, day, mine)) == target)
    )


# -- agencies ---------------------------------------------------------------------------


def _in_scope(row: Succession, province: str | None) -> bool:
    if not row.scope:
        return True
    return province is not None and _place_key(row.scope) == _place_key(province)


def agency_successors(
    name: str,
    day: date,
    *,
    province: str | None = None,
    rows: Sequence[Succession] | None = None,
) -> tuple[tuple[Succession, ...], ...]:
    """Each chain of rows from the body ``name`` to a body in force on ``day``.

    A chain follows MERGED_INTO and SUCCEEDED_BY; a SPLIT_TO row (part of the duties moved)
    ends a chain of its own, listed after the full ones. ``()``: nothing happened to ``name``
    by ``day`` (or the table does not know it), so it is itself in force. Rows scoped to a
    province apply only when ``province`` names it.
    """
    mine = [
        r
        for r in _rows(rows)
        if r.kind == "agency" and r.effective <= day and _in_scope(r, province)
    ]
    by_old: dict[str, list[Succession]] = {}
    for r in mine:
        by_old.setdefault(key(r.old), []).append(r)
    # the table's order (lines restart in a user's file, so positions, not line numbers)
    order = {id(r): i for i, r in enumerate(mine)}
    chains: list[tuple[Succession, ...]] = []

    def walk(k: str, path: tuple[Succession, ...], seen: frozenset[str]) -> None:
        # From a body reached on day d, follow its changes from d on; a part it hands on
        # on d itself was its own before d, not the duties that just arrived.
        since = path[-1].effective if path else date.min
        out = [
            r
            for r in by_old.get(k, ())
            if (r.relation in (MERGED_INTO, SUCCEEDED_BY) and r.effective >= since)
            or (r.relation == SPLIT_TO and (not path or r.effective > since))
        ]
        if path and not any(r.relation != SPLIT_TO for r in out):
            chains.append(path)  # a body in force (it may have handed parts on)
        for r in sorted(out, key=lambda r: (r.relation == SPLIT_TO, r.effective, order[id(r)])):
            nk = key(r.new)
            if nk not in seen:
                walk(nk, (*path, r), seen | {nk})
            else:
                chains.append((*path, r))  # a cycle in a user's file: stop where it closes

    walk(key(name), (), frozenset({key(name)}))
    # full chains first, then the partial ones, each in the table's order
    return tuple(sorted(chains, key=lambda c: (_partial(c), [order[id(r)] for r in c])))


def _partial(chain: tuple[Succession, ...]) -> bool:
    """A chain that carries only part of the duties (it passes a SPLIT_TO row)."""
    return any(r.relation == SPLIT_TO for r in chain)


def agency_current(
    name: str,
    day: date,
    *,
    province: str | None = None,
    rows: Sequence[Succession] | None = None,
) -> tuple[str, ...]:
    """The bodies that hold ``name``'s duties on ``day``, the main holder first.

    ``name`` itself when nothing happened to it, or when it only handed parts on
    (Bộ Nội vụ keeps its duties after giving religion to Bộ Dân tộc và Tôn giáo); then
    each body that received a part.
    """
    chains = agency_successors(name, day, province=province, rows=rows)
    full = [c[-1].new for c in chains if not _partial(c)]
    parts = [c[-1].new for c in chains if _partial(c)]
    return tuple(dict.fromkeys([*(full or [name]), *parts]))

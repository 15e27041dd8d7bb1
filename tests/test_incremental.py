"""A build after a change equals a build from nothing, and redoes little.

Each step changes the corpus the way users do (an edit, an addition, a removal, a
renumbering, a second file claiming a number), builds the kept store again (which changes
``graph.db`` in place), and compares it with a cold build of the same files into an empty
store: the graph read back, its inputs and problems, and the rows kept aside for the next
build. The corpus is the bundled one with one generated province, whose documents cite
each other by number and date: a change to one reaches the others through references,
stubs, dates and claims.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from policykg.graph import build as build_module
from policykg.graph import graphdb
from policykg.graph import store as st
from policykg.graph.build import BuildSummary, build
from policykg.graph.model import NodeType
from policykg.graph.resolve import resolve
from policykg.graph.shared import Shared
from policykg.loaders.parse import find_files, parse_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
PROVINCE = "An Giang"


def _province(folder: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder.mkdir(parents=True)
    for doc in generate.province_documents(PROVINCE, 8, 7):
        (folder / f"{doc.stem}.txt").write_text(doc.text, "utf-8")


Kept = tuple[Path, Path, Path]  # the corpus, its store, a folder for files taken out


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kept]:
    """A corpus and the store built from it, both changed by the tests in order."""
    base = tmp_path_factory.mktemp("incremental")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus / "bundled")
    _province(corpus / "an-giang")
    store = base / "store"
    build([corpus], store, jobs=1)
    (base / "spare").mkdir()
    yield corpus, store, base / "spare"


# The rows kept aside, with their part's file and their quote's text (part and quote
# numbers are the file's own).
_SPARE = (
    "SELECT k.source, x.seq, x.id, x.type, x.label, x.props, x.number, x.source, x.name, "
    "x.place, x.document FROM spare_nodes x JOIN docs k ON k.doc = x.part",
    "SELECT k.source, x.seq, x.src, x.type, x.dst, x.props, x.ev_source, x.ev_start, "
    "x.ev_end, x.ev_section, x.ev_page, t.text FROM spare_edges x "
    "JOIN docs k ON k.doc = x.part LEFT JOIN texts t ON t.t = x.quote",
)


def _contents(path: Path) -> tuple[Any, ...]:
    """What a graph file holds: the graph read back, its inputs and problems, and the rows
    kept aside (each named by its part's file), which the next build starts from."""
    with graphdb.Reader(path) as reader:
        graph = reader.graph()
        inputs, problems = reader.inputs(), reader.problems()
        # Lookups list nodes in the same order, whatever their numbers in the file.
        docs = reader.nodes_of_type(NodeType.DOCUMENT)
        lookups = (docs, [reader.parts_of(d.id) for d in docs])
    con = sqlite3.connect(path)
    try:
        spare = tuple(sorted(con.execute(sql).fetchall(), key=repr) for sql in _SPARE)
    finally:
        con.close()
    return graph, inputs, problems, spare, lookups


def _cold(corpus: Path, store: Path, tmp_path: Path) -> tuple[tuple[Any, ...], BuildSummary]:
    """A build into an empty store; checked in turn against resolution in one piece (no
    parts, no contexts, no digests: what both builds could get wrong alike)."""
    cold = tmp_path / "cold"
    summary = build([corpus], cold, jobs=1)
    contents = _contents(cold / st.GRAPH_FILE)
    whole = resolve(parse_file(p) for p in find_files([corpus]))
    graphdb.write(tmp_path / "whole.db", whole, contents[1])
    whole_contents = _contents(tmp_path / "whole.db")  # no rows kept aside: one part
    assert (*whole_contents[:3], whole_contents[4]) == (*contents[:3], contents[4])
    return contents, summary


def _same(
    corpus: Path, store: Path, tmp_path: Path, change: Callable[[Path], None]
) -> BuildSummary:
    """Change the corpus, build the kept store again, and check it against a cold build."""
    change(corpus)
    again = build([corpus], store, jobs=1)
    contents, cold = _cold(corpus, store, tmp_path)
    assert _contents(store / st.GRAPH_FILE) == contents
    counted = ("documents", "tasks", "agencies", "targets", "references_resolved")
    assert [getattr(again, k) for k in counted] == [getattr(cold, k) for k in counted]
    assert again.reports == cold.reports
    return again


def _file(corpus: Path, stem: str) -> Path:
    (found,) = corpus.rglob(f"*{stem}.txt")
    return found


def _sub(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _number(path: Path) -> str:
    """The number printed on the letterhead: ``Số 386-CTr/TU``, ``Số: 306/KH-UBND``."""
    for line in path.read_text("utf-8").splitlines()[:8]:
        if line.startswith("Số"):
            return line.split()[1]
    raise AssertionError(f"no number in {path.name}")


def test_an_edit_of_one_task_redoes_one_document(kept: Kept, tmp_path: Path) -> None:
    corpus, store, _ = kept
    target = _file(corpus, "skhcn-2025")
    # A task led by two bodies or more loses the last one.
    lead = next(
        line
        for line in target.read_text("utf-8").splitlines()
        if "chủ trì:" in line and ", " in line
    )
    fewer = lead[: lead.rindex(", ")] + "."
    summary = _same(corpus, store, tmp_path, lambda c: _sub(target, lead, fewer))
    assert summary.parsed == 1 and summary.resolved == 1


def test_an_edit_that_keeps_the_head_keeps_the_shared_part(
    kept: Kept, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line that names nothing changed (the filing note of the recipients' list, as
    long as before, so no reference moves): the shared part is not decided again (no
    heads read, no stubs or agencies made), and the graph is still a cold build's."""
    corpus, store, _ = kept
    target = _file(corpus, "skhcn-2025")
    filed = next(line for line in target.read_text("utf-8").splitlines() if "Lưu:" in line)
    refiled = filed.replace("VT", "KH", 1)
    assert refiled != filed and len(refiled) == len(filed), filed
    made: list[bool] = []

    class Counted(Shared):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            made.append(bool(kwargs.get("contexts_only")))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(build_module, "Shared", Counted)
    summary = _same(corpus, store, tmp_path, lambda c: _sub(target, filed, refiled))
    assert summary.parsed == 1 and summary.resolved == 1
    assert made[0] is True  # the edited document alone, in its worker
    assert made.count(False) == 1  # and the cold build's, none for the kept store


def test_an_edit_of_a_cited_date_redoes_the_cited_document(kept: Kept, tmp_path: Path) -> None:
    """The resolution that cites the action programme gives it another date: the programme
    (unchanged on disk) now has conflicting dates, and is resolved again."""
    corpus, store, _ = kept
    cited = _number(_file(corpus, "p52"))
    citing = _file(corpus, "nq")
    text = citing.read_text("utf-8")
    at = text.index(cited)
    old = text[at : at + len(cited) + 24]  # "386-CTr/TU, ngày 03/1/2020 của"
    year = re.search(r"\b(19|20)\d\d\b", old)
    assert year, old
    new = old[: year.start()] + str(int(year.group()) - 1) + old[year.end() :]
    summary = _same(corpus, store, tmp_path, lambda c: _sub(citing, old, new))
    assert summary.parsed == 1
    assert summary.resolved == 2
    assert any("dates disagree" in r for r in summary.reports)


def test_a_removal_turns_the_cited_document_into_a_stub(kept: Kept, tmp_path: Path) -> None:
    corpus, store, spare = kept
    gone = _file(corpus, "p52")
    shutil.copy(gone, spare)
    summary = _same(corpus, store, tmp_path, lambda c: gone.unlink())
    assert summary.parsed == 0
    # The documents that cited it point at the same id, now a stub's: nothing to redo.
    assert summary.resolved == 0


def test_an_addition_claims_the_number_its_citers_name(kept: Kept, tmp_path: Path) -> None:
    corpus, store, spare = kept
    (saved,) = spare.glob("*p52.txt")
    back = corpus / "an-giang" / saved.name
    summary = _same(corpus, store, tmp_path, lambda c: shutil.copy(saved, back))
    assert summary.parsed == 1  # the cache forgot it with the file
    assert summary.resolved == 1


def test_a_renumbering_moves_the_citations(kept: Kept, tmp_path: Path) -> None:
    """The programme's number changes: who cited the old one now cites a stub, and the
    document it was a duplicate of (none) is unchanged."""
    corpus, store, _ = kept
    path = _file(corpus, "p52")
    number = _number(path)
    renumbered = number.replace(number.split("-")[0], "9" + number.split("-")[0], 1)
    summary = _same(corpus, store, tmp_path, lambda c: _sub(path, number, renumbered))
    assert summary.parsed == 1
    with graphdb.Reader(store / st.GRAPH_FILE) as graph:
        assert graph.nodes([f"doc/an-giang/{renumbered.replace('/', '-')}"])


def test_a_second_claim_of_a_number_keeps_the_first_by_file_name(
    kept: Kept, tmp_path: Path
) -> None:
    """A copy of the resolution under a name sorting first takes its number; the original
    is kept apart by file name: its id, its tasks' ids and the citations change."""
    corpus, store, _ = kept
    original = _file(corpus, "nq")
    copy = original.with_name("an-giang-00-copy.txt")
    summary = _same(corpus, store, tmp_path, lambda c: shutil.copy(original, copy))
    assert summary.parsed == 1
    assert any(r.startswith("duplicate:") for r in summary.reports)
    # And back: the copy removed, the original has its number again.
    summary = _same(corpus, store, tmp_path / "back", lambda c: copy.unlink())
    assert not any(r.startswith("duplicate:") for r in summary.reports)


def test_an_unchanged_build_after_the_changes_redoes_nothing(kept: Kept) -> None:
    corpus, store, _ = kept
    before = _contents(store / st.GRAPH_FILE), graphdb.digest(store / st.GRAPH_FILE)
    summary = build([corpus], store, jobs=1)
    assert summary.parsed == 0 and summary.resolved == 0
    assert (_contents(store / st.GRAPH_FILE), graphdb.digest(store / st.GRAPH_FILE)) == before

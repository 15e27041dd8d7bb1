"""`build`: reuse by content hash, identical rebuilds, replaced parts, atomic writes."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import InputError
from policykg.graph import store as st
from policykg.graph import winners
from policykg.graph.build import build
from policykg.graph.store import load_graph

from .conftest import CORPUS

PLAN = "004_1b73a6d31f29fe0d.txt"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def test_rebuild_reuses_everything_and_writes_the_identical_graph(
    corpus: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    first = build([corpus], store)
    before = (store / st.GRAPH_FILE).read_bytes()
    second = build([corpus], store)
    assert (first.parsed, first.reused) == (5, 0)
    assert (second.parsed, second.reused) == (0, 5)
    assert (store / st.GRAPH_FILE).read_bytes() == before


def test_a_fresh_store_gives_the_same_graph(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "a")
    build([corpus], tmp_path / "b")
    assert load_graph(tmp_path / "a") == load_graph(tmp_path / "b")


def test_a_changed_file_replaces_its_part_with_nothing_stale(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([corpus], store)
    old = load_graph(store)
    plan = corpus / PLAN
    text = plan.read_text("utf-8")
    # The plan stops citing 243/TB-VPCP (cited nowhere else): its node must go.
    assert "243/TB-VPCP" in text
    for spelling in ("243/TB-VPCP", "243/TB VPCP", "243/TBVPCP"):  # one document, three ways
        text = text.replace(spelling, "244/TB-VPCP")
    plan.write_text(text, "utf-8")
    summary = build([corpus], store)
    assert (summary.parsed, summary.reused) == (1, 4)
    new = load_graph(store)
    assert "doc/tw/243-TB-VPCP" in old and "doc/tw/243-TB-VPCP" not in new
    assert "doc/tw/244-TB-VPCP" in new
    assert not [e for e in new.edges if "243-TB-VPCP" in e.source + e.target]
    # Only one parsed record per input is kept.
    assert len(list((store / st.CACHE_DIR).glob(f"*{st.CACHE_SUFFIX}"))) == 5


def test_a_removed_file_leaves_no_nodes(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([corpus], store)
    (corpus / PLAN).unlink()
    build([corpus], store)
    graph = load_graph(store)
    assert not [n for n in graph.nodes if "004_1b73a6d31f29fe0d" in n.id]
    assert "doc/tw/57-NQ-TW" not in graph  # only the plan cited it


def test_the_manifest_in_the_folder_is_used_and_can_be_switched_off(
    corpus: Path, tmp_path: Path
) -> None:
    build([corpus], tmp_path / "with")
    assert load_graph(tmp_path / "with").node("doc/thai-binh/02-NQ-TU").get("loaded") is True
    build([corpus], tmp_path / "without", use_manifest=False)
    without = load_graph(tmp_path / "without")
    assert without.node("doc/thai-binh/02-NQ-TU").get("loaded") is False
    assert "doc/thai-binh/file/003_07a70d37f77f3d0b" in without


def test_a_manifest_flag_overrides_the_folder_one(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("file,number,date\n003_07a70d37f77f3d0b.txt,05-NQ/TU,01/12/2021\n", "utf-8")
    build([corpus], tmp_path / "s", manifest=other)
    graph = load_graph(tmp_path / "s")
    assert graph.node("doc/thai-binh/05-NQ-TU").get("source") == "003_07a70d37f77f3d0b.txt"
    assert graph.node("doc/thai-binh/02-NQ-TU").get("loaded") is False


def test_a_bad_file_stops_the_build_and_keeps_the_store(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([corpus], store)
    before = (store / st.GRAPH_FILE).read_bytes()
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    with pytest.raises(InputError, match=r"store was not changed.*broken\.txt"):
        build([corpus], store)
    assert (store / st.GRAPH_FILE).read_bytes() == before
    kept = build([corpus], store, keep_going=True)
    assert kept.documents == 5
    assert len(kept.failed) == 1 and "broken.txt" in kept.failed[0]


def test_cli_bad_manifest_is_one_line_and_keeps_the_store(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(corpus), "--store", str(store)]).exit_code == 0
    before = (store / st.GRAPH_FILE).read_bytes()
    (corpus / "manifest.csv").write_text("file,numero\nx.txt,1\n", "utf-8")
    result = runner.invoke(cli, ["build", str(corpus), "--store", str(store)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "manifest.csv:1: unknown column 'numero'" in result.stderr
    assert (store / st.GRAPH_FILE).read_bytes() == before


def _build_then_edit_the_plan(corpus: Path, store: Path) -> bytes:
    """Build ``store``, then change the plan so that the next build has to write again.

    Returns the graph file the first build wrote.
    """
    build([corpus], store)
    before = (store / st.GRAPH_FILE).read_bytes()
    (corpus / PLAN).write_text((corpus / PLAN).read_text("utf-8") + "\nThêm.\n", "utf-8")
    return before


def test_a_failed_write_leaves_the_previous_graph(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    before = _build_then_edit_the_plan(corpus, store)

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(InputError, match="cannot write the cache: No space left on device"):
        build([corpus], store)
    monkeypatch.undo()
    assert (store / st.GRAPH_FILE).read_bytes() == before
    assert not list(store.rglob("*.tmp"))
    load_graph(store)


def test_a_failed_graph_write_leaves_the_previous_graph(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The graph is changed in place, in one transaction: a failure half-way (a full
    disk) rolls it back."""
    store = tmp_path / "store"
    before = _build_then_edit_the_plan(corpus, store)
    real_apply = winners.apply

    def crash_half_way(con: sqlite3.Connection, *, kept: bool) -> None:
        real_apply(con, kept=kept)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(winners, "apply", crash_half_way)
    _fails_keeping(corpus, store, before, "database or disk is full", monkeypatch)
    load_graph(store)


def _fails_keeping(
    corpus: Path, store: Path, before: bytes, why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build fails with one line saying ``why``, and leaves the graph as it was."""
    result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(store)])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert f"{st.GRAPH_FILE}: cannot write the graph: {why}" in result.stderr
    assert "Traceback" not in result.output
    assert (store / st.GRAPH_FILE).read_bytes() == before


def test_a_failed_graph_rename_leaves_the_previous_graph(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph of other code is not changed but written anew, then renamed over it."""
    store = tmp_path / "store"
    _build_then_edit_the_plan(corpus, store)
    with sqlite3.connect(store / st.GRAPH_FILE) as con:
        con.execute("UPDATE meta SET value = 'older' WHERE key = 'code'")
    con.close()
    before = (store / st.GRAPH_FILE).read_bytes()
    real_replace = os.replace

    def crash_on_graph(src: str, dst: str) -> None:
        if str(dst).endswith(st.GRAPH_FILE):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_graph)
    _fails_keeping(corpus, store, before, "No space left on device", monkeypatch)
    assert not list(store.glob("*.tmp"))


def test_a_killed_build_leaves_a_usable_store(tmp_path: Path) -> None:
    """SIGKILL a real build of many documents part-way: the old graph still loads."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(100):
        for f in CORPUS.glob("*.txt"):
            # Distinct bytes, so that each copy is parsed rather than found in the cache.
            text = f.read_text("utf-8") + f"\nBản sao {i}.\n"
            (corpus / f"{i:03d}_{f.name}").write_text(text, "utf-8")
    store = tmp_path / "store"
    shutil.copytree(CORPUS, tmp_path / "small")
    build([tmp_path / "small"], store)
    before = (store / st.GRAPH_FILE).read_bytes()
    code = "import sys; from policykg.graph.build import build; build([sys.argv[1]], sys.argv[2])"
    proc = subprocess.Popen([sys.executable, "-c", code, str(corpus), str(store)])
    deadline = time.monotonic() + 60
    # Kill once it is busy parsing (cache files appear), long before it can finish.
    while time.monotonic() < deadline and len(list((store / st.CACHE_DIR).glob("*"))) < 15:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (store / st.GRAPH_FILE).read_bytes() == before
    assert len(load_graph(store).nodes) > 0
    # The next build cleans up and succeeds.
    build([tmp_path / "small"], store)
    assert not list(store.rglob("*.tmp"))


def test_the_store_keeps_the_inputs(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "s")
    with st.open_graph(tmp_path / "s") as reader:
        inputs = reader.inputs()
    assert sorted(i["source"] for i in inputs) == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_a_corrupt_store_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / st.GRAPH_FILE).write_text("{not a database", "utf-8")
    with pytest.raises(InputError, match="not a policykg graph"):
        load_graph(tmp_path / "s")


def test_two_files_with_one_name_are_refused(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(CORPUS / PLAN, tmp_path / sub / PLAN)
    with pytest.raises(InputError, match="same file name"):
        build([tmp_path / "a", tmp_path / "b"], tmp_path / "store")


def test_conflicting_dates_are_kept_and_reported(corpus: Path, tmp_path: Path) -> None:
    plan = corpus / PLAN
    text = plan.read_text("utf-8")
    assert "02-NQ/TU ngày 19/11/2021" in text
    plan.write_text(text.replace("02-NQ/TU ngày 19/11/2021", "02-NQ/TU ngày 20/11/2021"), "utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "conflict: doc/thai-binh/02-NQ-TU: dates disagree" in result.stderr
    node = load_graph(store).node("doc/thai-binh/02-NQ-TU")
    assert node.get("date") == "2021-11-19"  # the manifest's word for the loaded document
    conflicts = node.get("conflicts")
    assert isinstance(conflicts, tuple)
    assert [c.split(" (")[0] for c in conflicts] == ["date 2021-11-19", "date 2021-11-20"]


def test_an_unchanged_rebuild_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = build([corpus], store)
    stamp = (store / st.GRAPH_FILE).stat().st_mtime_ns
    os.utime(corpus / PLAN)  # a new mtime, the same bytes
    again = build([corpus], store)
    assert (store / st.GRAPH_FILE).stat().st_mtime_ns == stamp
    assert (again.parsed, again.reused, again.tasks) == (0, 5, first.tasks)
    # A changed manifest row is a changed input.
    manifest = corpus / "manifest.csv"
    manifest.write_text(manifest.read_text("utf-8").replace("19/11/2021", "18/11/2021"), "utf-8")
    changed = build([corpus], store)
    assert changed.parsed == 1
    assert load_graph(store).node("doc/thai-binh/02-NQ-TU").get("date") == "2021-11-18"


def test_a_merge_of_two_names_is_reported_apart_from_the_problems(
    corpus: Path, tmp_path: Path
) -> None:
    # 001 names its smart-city scheme twice, spelt two ways: one node, one line saying so.
    summary = build([corpus], tmp_path / "s")
    assert (summary.merged, summary.problems) == (1, 0)
    (line,) = summary.reports
    assert line.startswith("merged: 2 names into doc/named/de-an-phat-trien-dich-vu-do-thi-thong")
    result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    assert f"policykg: {line}" in result.stderr
    # An unchanged rebuild reports it again, from the build record.
    assert tuple(build([corpus], tmp_path / "s").reports) == summary.reports

"""The store never lies: a skipped build is checked against the graph on disk, the parse
cache holds data that is checked (never code), and one build at a time writes a store."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import InputError
from policykg.files import temp_prefix
from policykg.graph import graphdb
from policykg.graph import store as st
from policykg.graph.build import build
from policykg.graph.store import load_graph

from .conftest import CORPUS

PLAN = "004_1b73a6d31f29fe0d.txt"


def _copy(tmp_path: Path, name: str, files: list[str] | None = None) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for p in sorted(CORPUS.glob("*.txt")):
        if files is None or p.name in files:
            shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture
def two_corpora(tmp_path: Path) -> tuple[Path, Path]:
    a = _copy(tmp_path, "a")
    b = _copy(tmp_path, "b", ["000_05eae9042a94ebff.txt", "001_e787aadbb233535e.txt"])
    (b / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    return a, b


def _doc_sources(store: Path) -> set[str]:
    return {str(n.get("source")) for n in load_graph(store).nodes if n.get("loaded")}


def test_a_graph_written_by_another_build_is_not_reported_as_built(
    two_corpora: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two_corpora
    store = tmp_path / "kg"
    build([a], store)
    build([b], store, keep_going=True)  # writes B's graph, and no build record
    assert len(_doc_sources(store)) == 2
    again = build([a], store)
    assert again.documents == 5
    assert len(_doc_sources(store)) == 5


def test_a_build_killed_between_the_graph_and_its_record_is_redone(
    two_corpora: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two_corpora
    store, other = tmp_path / "kg", tmp_path / "other"
    build([a], store)
    build([b], other, keep_going=True)
    # As if a build of B had been killed after renaming its graph into place.
    shutil.copy(other / st.GRAPH_FILE, store / st.GRAPH_FILE)
    assert build([a], store).documents == 5
    assert len(_doc_sources(store)) == 5


def test_a_truncated_graph_is_rebuilt(tmp_path: Path) -> None:
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    build([corpus], store)
    good = (store / st.GRAPH_FILE).read_bytes()
    os.truncate(store / st.GRAPH_FILE, 1000)
    with pytest.raises(InputError, match=r"\(unreadable\); rebuild it"):
        load_graph(store)
    summary = build([corpus], store)
    assert summary.reused == 5  # the parse cache was fine: only the graph is written again
    assert (store / st.GRAPH_FILE).read_bytes() == good


def test_a_store_of_another_format_is_rebuilt(tmp_path: Path) -> None:
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    build([corpus], store)
    record = json.loads((store / st.BUILD_FILE).read_text("utf-8"))
    (store / st.BUILD_FILE).write_text(json.dumps({**record, "format": 1}), "utf-8")
    with sqlite3.connect(store / st.GRAPH_FILE) as con:
        con.execute("UPDATE meta SET value = 'policykg-graph 1' WHERE key = 'format'")
    with pytest.raises(InputError, match="not understood by this version; rebuild it"):
        load_graph(store)
    build([corpus], store)
    assert len(_doc_sources(store)) == 5


def _cache_files(store: Path) -> list[Path]:
    return sorted((store / st.CACHE_DIR).glob(f"*{st.CACHE_SUFFIX}"))


def test_a_damaged_cache_entry_is_dropped_and_parsed_again(tmp_path: Path) -> None:
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    build([corpus], store)
    good = (store / st.GRAPH_FILE).read_bytes()
    first, second = _cache_files(store)[:2]
    data = bytearray(first.read_bytes())
    data[200] ^= 0xFF  # one flipped byte
    first.write_bytes(bytes(data))
    second.write_bytes(b"")
    (store / st.BUILD_FILE).unlink()  # so the build reads the cache
    (store / st.GRAPH_FILE).unlink()
    summary = build([corpus], store)
    assert (summary.reused, summary.parsed) == (3, 2)
    notes = [r for r in summary.reports if "cache entry" in r]
    assert len(notes) == 2 and all("parsed again" in n for n in notes)
    assert (store / st.GRAPH_FILE).read_bytes() == good
    assert build([corpus], store).reused == 5  # the entries were written anew


def test_the_cache_never_runs_code(tmp_path: Path) -> None:
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    build([corpus], store)
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(Exploit())
    for p in _cache_files(store):
        key = p.name.removesuffix(st.CACHE_SUFFIX)
        p.write_bytes(payload)  # in place of the records
        (p.parent / f"{key}.pickle").write_bytes(payload)  # and as the old format's file
    (store / st.BUILD_FILE).unlink()
    (store / st.GRAPH_FILE).unlink()  # so the build reads the cache
    summary = build([corpus], store)
    assert not marker.exists()
    assert summary.parsed == 5
    assert not list((store / st.CACHE_DIR).glob("*.pickle"))  # old-format files are removed


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    busy = rf"a build is running \(pid {os.getpid()}\)"
    with st.locked(store):
        with pytest.raises(InputError, match=busy), st.locked(store, wait=False):
            pass
        done = threading.Event()
        thread = threading.Thread(target=lambda: (build([corpus], store), done.set()))
        thread.start()
        time.sleep(0.5)
        assert not done.is_set()  # waiting for the lock
    thread.join(timeout=120)
    assert done.is_set()
    assert len(_doc_sources(store)) == 5


def test_a_killed_build_leaves_no_lock(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    code = (
        "import os, sys; from pathlib import Path; from policykg.graph import store as st\n"
        f"with st.locked(Path({str(store)!r})): os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=False)
    with st.locked(store, wait=False):  # the system released the dead holder's lock
        pass


def test_leftovers_of_a_running_process_are_kept(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    store.mkdir()
    mine = store / f"{temp_prefix('oxigraph-1')}abc.tmp"
    mine.mkdir()
    dead = store / ".graph.db.999999999.abc.tmp"  # no such pid
    dead.write_text("x")
    st.remove_leftovers(store)
    assert mine.exists() and not dead.exists()


def test_the_cli_says_a_damaged_cache_entry_was_parsed_again(tmp_path: Path) -> None:
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(corpus), "--store", str(store)]).exit_code == 0
    _cache_files(store)[0].write_bytes(b"policykg-cache 1 0000\nnot zlib")
    (store / st.BUILD_FILE).unlink()
    (store / st.GRAPH_FILE).unlink()  # so the build reads the cache
    result = runner.invoke(cli, ["build", str(corpus), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "damaged cache entry dropped (checksum mismatch); parsed again" in result.output


def test_a_damaged_query_database_is_made_again(tmp_path: Path) -> None:
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    build([corpus], store)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    runner = CliRunner()

    def triples() -> str:
        result = runner.invoke(cli, ["sparql", count, "--format", "json", "--store", str(store)])
        assert result.exit_code == 0, result.output
        return result.output

    def nodes() -> str:
        cypher = "MATCH (n) RETURN count(n) AS n"
        result = runner.invoke(cli, ["cypher", cypher, "--format", "json", "--store", str(store)])
        assert result.exit_code == 0, result.output
        return result.output

    expected = (triples(), nodes())
    nt = st.ntriples(store)
    os.truncate(nt, 100)
    (oxigraph,) = (p for p in store.glob("oxigraph-*") if p.is_dir())
    for sst in oxigraph.glob("*.sst"):
        sst.unlink()
    (ladybug,) = (p for p in store.glob("ladybug-*") if p.is_dir())
    for f in ladybug.iterdir():
        f.write_bytes(b"")
    assert (triples(), nodes()) == expected


def test_a_skipped_build_does_not_repeat_the_notes_of_the_last(tmp_path: Path) -> None:
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    build([corpus], store)
    _cache_files(store)[0].write_bytes(b"damaged")
    (store / st.BUILD_FILE).unlink()
    (store / st.GRAPH_FILE).unlink()  # so the build reads the cache
    assert any("damaged cache entry" in r for r in build([corpus], store).reports)
    skipped = build([corpus], store)
    assert skipped.parsed == 0 and not any("cache entry" in r for r in skipped.reports)


def test_leftovers_of_an_unreaped_process_are_removed(tmp_path: Path) -> None:
    # A killed build's worker can stay a zombie (no process reaps it): it answers a
    # signal but writes nothing, so what it left is an orphan.
    store = tmp_path / "kg"
    store.mkdir()
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "Z" not in _state(child.pid):
        time.sleep(0.02)
    left = store / f".graph.db.{child.pid}.abc.tmp"
    left.write_text("x")
    st.remove_leftovers(store)
    assert not left.exists()
    child.wait()


def _state(pid: int) -> str:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rfind(")") + 2]


def test_a_graph_of_other_code_is_made_again(tmp_path: Path) -> None:
    """The parts kept in ``graph.db`` are resolution's cache: of other code, they are made
    again from the records, and the graph is the same."""
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    build([corpus], store)
    good = (store / st.GRAPH_FILE).read_bytes()
    with sqlite3.connect(store / st.GRAPH_FILE) as con:
        con.execute("UPDATE meta SET value = 'older' WHERE key = 'code'")
    con.close()
    (store / st.BUILD_FILE).unlink()
    summary = build([corpus], store)
    assert (summary.reused, summary.parsed, summary.resolved) == (5, 0, 5)
    assert (store / st.GRAPH_FILE).read_bytes() == good


def test_a_graph_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    store.mkdir()
    (store / st.GRAPH_FILE).mkdir()  # in the way: not a file SQLite can open
    result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(store)])
    assert result.exit_code != 0
    assert "graph.db: cannot write the graph" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_query_reading_while_a_build_changes_the_graph_sees_one_graph(
    tmp_path: Path,
) -> None:
    """A build changes ``graph.db`` in place: a query half-way through reading it keeps
    reading the old graph, whole; the build commits once the query is done, and the next
    read sees the new graph."""
    corpus = _copy(tmp_path, "a")
    store = tmp_path / "kg"
    build([corpus], store)
    old = load_graph(store)
    (corpus / PLAN).unlink()
    with graphdb.Reader(store / st.GRAPH_FILE) as reader:
        nodes = reader.stream_nodes()
        seen = [next(nodes)]  # a read under way: the file is locked for reading
        done = threading.Event()
        builder = threading.Thread(target=lambda: (build([corpus], store), done.set()))
        builder.start()
        time.sleep(1.0)
        assert not done.is_set()  # the build waits for the query to finish
        seen.extend(nodes)
        assert tuple(seen) == old.nodes
    builder.join(60)
    assert done.is_set()
    new = load_graph(store)
    assert len(new.nodes) < len(old.nodes)
    assert PLAN not in {n.get("source") for n in new.nodes if n.get("loaded")}

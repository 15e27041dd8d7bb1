"""`build --jobs`: parsing in worker processes gives the graph of one process, byte for byte.

The workers are forked (``build.START_METHOD``), so a function patched here before the
build is the one they run: that is how the tests below see which process parsed a file
and make one file fail the way a bug would.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import InputError, PolicyKGError
from policykg.graph import build as b
from policykg.graph import store as st
from policykg.graph.build import build
from policykg.records import ParsedDocument

from .conftest import CORPUS

REAL = Path(__file__).resolve().parent / "data" / "real"
BROKEN = "zz-broken.txt"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The bundled corpus and the real documents: 69 files."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    shutil.copytree(REAL, folder / "real")
    return folder


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """The bundled corpus and 11 real documents: 16 files, enough for a pool, and quick."""
    folder = tmp_path / "small"
    shutil.copytree(CORPUS, folder)
    (folder / "real").mkdir()
    for f in sorted(REAL.glob("*.md"))[:11]:
        shutil.copy(f, folder / "real")
    return folder


def _graph(store: Path) -> bytes:
    return (store / st.GRAPH_FILE).read_bytes()


def _record_pids(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Make every parse append the id of the process that ran it to ``log``."""
    real = b.parse_bytes

    def parse(data: bytes, path: Path, entry: object = None) -> ParsedDocument:
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return real(data, path, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(b, "parse_bytes", parse)


def _pids(log: Path) -> set[int]:
    return {int(line) for line in log.read_text().split()}


def test_one_or_two_jobs_write_the_same_graph_and_cache(corpus: Path, tmp_path: Path) -> None:
    one = build([corpus], tmp_path / "one", jobs=1)
    two = build([corpus], tmp_path / "two", jobs=2)
    assert one == two
    assert (one.parsed, one.documents) == (69, 69)
    assert _graph(tmp_path / "one") == _graph(tmp_path / "two")
    cache_one = {p.name: p.read_bytes() for p in (tmp_path / "one" / st.CACHE_DIR).iterdir()}
    cache_two = {p.name: p.read_bytes() for p in (tmp_path / "two" / st.CACHE_DIR).iterdir()}
    assert cache_one == cache_two


def test_an_edited_file_is_parsed_again_the_same_with_any_jobs(small: Path, tmp_path: Path) -> None:
    for jobs in (1, 2):
        build([small], tmp_path / f"s{jobs}", jobs=jobs)
    plan = small / "004_1b73a6d31f29fe0d.txt"
    plan.write_text(plan.read_text("utf-8") + "\nThêm.\n", "utf-8")
    summaries = [build([small], tmp_path / f"s{jobs}", jobs=jobs) for jobs in (1, 2)]
    assert summaries[0] == summaries[1]
    assert (summaries[0].parsed, summaries[0].reused) == (1, 15)
    assert _graph(tmp_path / "s1") == _graph(tmp_path / "s2")


def test_a_broken_file_fails_alike_with_any_jobs(small: Path, tmp_path: Path) -> None:
    (small / BROKEN).write_bytes(b"\x00\x01\x02binary\x00" * 10)
    kept = [build([small], tmp_path / f"k{jobs}", jobs=jobs, keep_going=True) for jobs in (1, 2)]
    assert kept[0].failed == kept[1].failed
    assert len(kept[0].failed) == 1 and BROKEN in kept[0].failed[0]
    assert kept[1].documents == 16
    assert _graph(tmp_path / "k1") == _graph(tmp_path / "k2")
    before = _graph(tmp_path / "k2")
    with pytest.raises(InputError, match=rf"store was not changed.*{BROKEN}"):
        build([small], tmp_path / "k2", jobs=2)
    assert _graph(tmp_path / "k2") == before


def test_a_parser_bug_is_one_line_naming_the_file_and_the_exception(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = b.parse_bytes

    def buggy(data: bytes, path: Path, entry: object = None) -> ParsedDocument:
        if Path(path).name == "002_727f14eddfa7dc9f.txt":
            raise KeyError("boom\nsecond line")
        return real(data, path, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(b, "parse_bytes", buggy)
    failed = [
        build([small], tmp_path / f"s{jobs}", jobs=jobs, keep_going=True).failed for jobs in (1, 2)
    ]
    assert failed[0] == failed[1]
    (line,) = failed[1]
    assert "002_727f14eddfa7dc9f.txt: internal error" in line
    assert "KeyError at test_jobs.py:" in line and "boom" in line
    assert "\n" not in line and "Traceback" not in line


def test_workers_parse_only_when_there_is_enough_to_parse(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _record_pids(monkeypatch, tmp_path / "pids")
    build([small], tmp_path / "many", jobs=2)
    workers = _pids(tmp_path / "pids")
    assert os.getpid() not in workers and 1 <= len(workers) <= 2
    (tmp_path / "pids").unlink()
    build([small], tmp_path / "one", jobs=1)
    assert _pids(tmp_path / "pids") == {os.getpid()}
    (tmp_path / "pids").unlink()
    assert len(list(CORPUS.glob("*.txt"))) < b.POOL_MIN_FILES
    build([CORPUS], tmp_path / "few", jobs=2)
    assert _pids(tmp_path / "pids") == {os.getpid()}


def test_progress_counts_every_file_once_in_order(small: Path, tmp_path: Path) -> None:
    build([small / "real"], tmp_path / "s", jobs=1)
    for f in sorted((small / "real").glob("*.md"))[:4]:
        f.write_text(f.read_text("utf-8") + "\nThêm.\n", "utf-8")
    # 7 files from the cache, then 9 parsed in a pool
    seen: list[tuple[int, int]] = []
    build([small], tmp_path / "s", jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, 16) for i in range(1, 17)]


def test_a_dead_worker_stops_the_build_in_one_line(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "s"
    build([CORPUS], store)
    before = _graph(store)

    def killed(data: bytes, path: Path, entry: object = None) -> ParsedDocument:
        os._exit(9)  # as the kernel's out-of-memory killer would

    monkeypatch.setattr(b, "parse_bytes", killed)
    with pytest.raises(PolicyKGError, match=r"a parsing process died .*--jobs 1"):
        build([small], store, jobs=2)
    assert _graph(store) == before


def test_jobs_below_one_are_refused(small: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="at least 1"):
        build([small], tmp_path / "s", jobs=0)
    args = ["build", str(small), "--store", str(tmp_path / "s"), "-j", "0"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "0 is not in the range x>=1" in result.stderr


def test_cli_jobs(small: Path, tmp_path: Path) -> None:
    args = ["build", str(small), "--store", str(tmp_path / "s"), "-j", "2"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "16 documents (0 reused, 16 parsed)" in result.stderr


def test_killing_a_build_kills_its_workers_and_frees_the_lock(tmp_path: Path) -> None:
    """A worker outlives a SIGKILLed parent only until its next look at its parent; it
    shares the lock (forked), so the lock is free exactly when the last worker is gone."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        for f in CORPUS.glob("*.txt"):
            text = f.read_text("utf-8") + f"\nBản sao {i}.\n"  # distinct: each one parsed
            (corpus / f"{i:03d}_{f.name}").write_text(text, "utf-8")
    store = tmp_path / "store"
    code = (
        "import sys; from policykg.graph.build import build; "
        "build([sys.argv[1]], sys.argv[2], jobs=2)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(corpus), str(store)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((store / st.CACHE_DIR).glob("*"))) < 10:
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while True:
        try:
            with st.locked(store, wait=False):
                break
        except InputError:
            assert time.monotonic() < deadline, "workers of a killed build still hold the lock"
            time.sleep(0.1)

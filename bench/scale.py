"""Build and query 1,000, 5,000 and 10,000 generated documents (100,000 with ``--huge``).

For each size: the corpus of ``bench/generate.py`` (kept between runs while the generator
and its templates are unchanged), then, each command a whole ``policykg`` process:

- the cold build (store removed first), the unchanged rebuild (skipped by the build
  record), a rebuild after one file is edited (a sentence appended, the file restored
  afterwards);
- each kind of query run twice, first and again: the Python queries (``lineage``,
  ``who``, ``cascade``, ``targets``), ``sparql lineage`` (its first run makes the N-Triples
  and the Oxigraph store), ``cypher lineage`` (its first run makes the embedded database)
  and ``view all``. The derived files are removed before each first run.

Each step gets its wall time, its CPU time (user + system, worker processes included) and
its peak memory: the memory of the process and its workers together (proportional set
size, so that pages a forked worker shares with the build count once), sampled every
0.1 s, and never less than the peak of the largest one alone (``ru_maxrss`` from
``wait4``). On a busy machine the CPU time is the steadier figure. Builds are compared with
the floor of ``bench/parse.py`` (read, decode, NFC, the document-number regex) over the
same files, and the store's size with the input's. The median of ``--runs`` runs is kept.

    python bench/scale.py [--sizes 1000,5000,10000] [--huge] [--runs 3] [--jobs N]
                          [--out bench/out/scale] [--seed 7]

Prints markdown tables and writes ``<out>/scale.json``. Linux only (``/proc``, ``wait4``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import generate  # bench/generate.py: the script's folder is first on sys.path
from parse import floor  # bench/parse.py

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1_000_000
STAMP = ".scale-stamp.json"
EDIT = "\nVăn bản này được sửa lần thứ {}.\n"  # appended to one file, then removed


@dataclass(frozen=True)
class Measure:
    wall: float  # seconds
    cpu: float  # user + system seconds, reaped workers included
    peak_mb: float  # the process and its workers together


@dataclass(frozen=True)
class Size:
    documents: int
    input_bytes: int
    floor_seconds: float
    store_bytes: int  # after the cold build: graph, cache, build record
    graph_bytes: int
    cache_bytes: int  # the parse cache: each document's records, kept for the next build
    store_bytes_with_query_files: int  # and the N-Triples, Oxigraph and Cypher stores
    steps: dict[str, Measure]


def _memory(pid: int) -> int:
    """The proportional resident size of ``pid`` in bytes: pages shared with its forked
    workers counted once among them, so that the sum over processes is what they use."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:  # no smaps_rollup (Linux < 4.14): the resident size
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _tree_memory(pid: int) -> int:
    """What ``pid`` and all its descendants hold now (0 for those gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _memory(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += map(int, (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def run(args: Sequence[str]) -> Measure:
    """Run ``policykg ARGS`` as a child process; stop the benchmark if it fails."""
    cmd = [sys.executable, "-m", "policykg", *args]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.1):
                peak = max(peak, _tree_memory(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4, not Popen.wait: it returns the child's resource usage (workers included).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace").strip()
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{message}")
    own = usage.ru_maxrss * 1024  # kilobytes on Linux
    return Measure(wall, usage.ru_utime + usage.ru_stime, max(peak, own) / MB)


def median(measures: Sequence[Measure]) -> Measure:
    return Measure(
        statistics.median(m.wall for m in measures),
        statistics.median(m.cpu for m in measures),
        statistics.median(m.peak_mb for m in measures),
    )


def corpus(out: Path, n: int, seed: int) -> list[Path]:
    """The generated corpus of ``n`` documents, generated again only if its recipe changed."""
    folder = out / f"corpus-{n}"
    h = hashlib.sha256(f"{n} {seed}".encode())
    recipe = [Path(generate.__file__), ROOT / "loaders" / "places.py"]
    for p in [*recipe, *sorted(generate.CORPUS.glob("*.txt"))]:
        h.update(p.read_bytes())
    stamp = folder / STAMP
    files = sorted(folder.rglob("*.txt"))
    if stamp.is_file() and json.loads(stamp.read_text()) == h.hexdigest() and len(files) == n:
        return files
    stamp.unlink(missing_ok=True)
    files = sorted(generate.generate(folder, n, seed=seed))
    stamp.write_text(json.dumps(h.hexdigest()))
    return files


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def queries(folder: Path, out: Path, n: int) -> dict[str, list[str]]:
    """The queries, from a department plan of the first province up to the directives."""
    rows = generate.expected(folder)
    province = str(rows[0]["province"])
    mine = [r for r in rows if r["province"] == province]
    deep = next((r for r in mine if "-20" in str(r["role"])), mine[-1])
    file = Path(str(deep["path"])).name
    agency = "Sở Khoa học và Công nghệ"
    return {
        "lineage": ["lineage", file, "--format", "json"],
        "who": ["who", agency, "--province", province, "--format", "json"],
        "cascade": ["cascade", "57-NQ/TW", "--format", "json"],
        "targets": ["targets", "chuyển đổi số", "--format", "json"],
        "sparql lineage": ["sparql", "lineage", "--bind", f"start={file}", "--format", "json"],
        "cypher lineage": ["cypher", "lineage", "--param", f"id={file}", "--format", "json"],
        "view all": ["view", "all", "-o", str(out / f"view-all-{n}.html")],
    }


def _derived_files(store: Path) -> list[Path]:
    return sorted([*store.glob("rdf-*"), *store.glob("oxigraph-*"), *store.glob("ladybug-*")])


def derived(store: Path) -> None:
    """Remove what the first SPARQL and Cypher queries make, so the next run is first."""
    for p in _derived_files(store):
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()


def repeat(runs: int, step: Callable[[int], Measure]) -> Measure:
    return median([step(k) for k in range(runs)])


def one_size(n: int, args: argparse.Namespace) -> Size:
    out: Path = args.out
    files = corpus(out, n, args.seed)
    folder, store = out / f"corpus-{n}", out / f"store-{n}"
    build = ["build", str(folder), "--store", str(store)]
    if args.jobs:
        build += ["--jobs", str(args.jobs)]
    floor(files[:20])  # the page cache and the regex, warm for the floor as for the builds
    t_floor = statistics.median(floor(files) for _ in range(args.runs))
    steps: dict[str, Measure] = {}

    def cold(_: int) -> Measure:
        shutil.rmtree(store, ignore_errors=True)
        return run(build)

    steps["cold build"] = repeat(args.runs, cold)
    stored, graph = size_of(store), (store / "graph.db").stat().st_size
    cached = size_of(store / "cache")
    steps["unchanged rebuild"] = repeat(args.runs, lambda _: run(build))
    edited, original = files[0], files[0].read_bytes()

    def edit(k: int) -> Measure:
        edited.write_bytes(original + EDIT.format(k + 1).encode("utf-8"))
        return run(build)

    try:
        steps["one file edited"] = repeat(args.runs, edit)
    finally:
        edited.write_bytes(original)
    run(build)  # the store of the corpus as generated again, for the queries
    first: dict[str, list[Measure]] = {}
    again: dict[str, list[Measure]] = {}
    for _ in range(args.runs):
        derived(store)
        for name, q in queries(folder, out, n).items():
            if args.queries is not None and name not in args.queries:
                continue
            first.setdefault(name, []).append(run([*q, "--store", str(store)]))
            made = _derived_files(store)
            again.setdefault(name, []).append(run([*q, "--store", str(store)]))
            if _derived_files(store) != made:  # named after the code: it changed meanwhile
                print(f"warning: {name}: its second run made its files again", file=sys.stderr)
    for name in first:
        steps[f"{name}, first"] = median(first[name])
        steps[f"{name}, again"] = median(again[name])
    return Size(
        documents=len(files),
        input_bytes=sum(f.stat().st_size for f in files),
        floor_seconds=t_floor,
        store_bytes=stored,
        graph_bytes=graph,
        cache_bytes=cached,
        store_bytes_with_query_files=size_of(store),
        steps=steps,
    )


def tables(results: dict[int, Size]) -> str:
    """Two markdown tables: the corpus, floor and store; the time and memory of each step."""
    sizes = list(results)
    facts = ["| | " + " | ".join(f"{n:,} documents" for n in sizes) + " |"]
    facts.append("|---|" + "---:|" * len(sizes))

    def row(label: str, cell: Callable[[Size], str]) -> None:
        facts.append(f"| {label} | " + " | ".join(cell(results[n]) for n in sizes) + " |")

    def ratio(step: str) -> Callable[[Size], str]:
        def cell(r: Size) -> str:
            x = r.steps[step].wall / r.floor_seconds
            return f"{x:,.0f}×" if x >= 10 else f"{x:.2g}×"

        return cell

    row("input", lambda r: f"{r.input_bytes / MB:,.1f} MB")
    row("floor: read, decode, NFC, number regex", lambda r: f"{r.floor_seconds:.2f} s")
    for step in ("cold build", "one file edited", "unchanged rebuild"):
        row(f"{step} ÷ floor", ratio(step))
    row(
        "store (graph, cache) ÷ input",
        lambda r: f"{r.store_bytes / MB:,.0f} MB, {r.store_bytes / r.input_bytes:.1f}×",
    )
    row("of which graph.db (with each document's part)", lambda r: f"{r.graph_bytes / MB:,.0f} MB")
    row("of which the parse cache", lambda r: f"{r.cache_bytes / MB:,.0f} MB")
    row("store with the query files", lambda r: f"{r.store_bytes_with_query_files / MB:,.0f} MB")
    head = "| step | " + " | ".join(f"{n:,}: wall s | CPU s | peak MB" for n in sizes) + " |"
    timing = [head, "|---|" + "---:|---:|---:|" * len(sizes)]
    for step in results[sizes[0]].steps:
        cells = [results[n].steps[step] for n in sizes]
        timing.append(
            f"| {step} | "
            + " | ".join(f"{m.wall:,.1f} | {m.cpu:,.1f} | {m.peak_mb:,.0f}" for m in cells)
            + " |"
        )
    return "\n".join(facts) + "\n\n" + "\n".join(timing)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,10000", help="documents, comma-separated")
    ap.add_argument("--huge", action="store_true", help="also 100,000 documents")
    ap.add_argument("--runs", type=int, default=3, help="runs of each step (the median)")
    ap.add_argument("--jobs", type=int, help="build --jobs (default: the build's, all cores)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "scale")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--queries",
        type=lambda v: set(v.split(",")),
        help="only these queries, comma-separated (e.g. 'lineage,who,cascade,targets')",
    )
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.huge and 100_000 not in sizes:
        sizes.append(100_000)
    if args.runs < 1 or not sizes or min(sizes) < 1:
        ap.error("--runs and every size must be at least 1")
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[int, Size] = {}
    for n in sizes:
        print(f"{n:,} documents ...", file=sys.stderr, flush=True)
        results[n] = one_size(n, args)
    load = os.getloadavg()
    print(tables(results))
    print(
        f"\n{os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
        f"build --jobs {args.jobs or 'default (all cores)'}; median of {args.runs} run(s)"
    )
    report = {"runs": args.runs, "jobs": args.jobs, "cpus": os.cpu_count(), "load": load}
    sizes_json = {n: asdict(r) for n, r in results.items()}
    text = json.dumps({**report, "sizes": sizes_json}, indent=1, ensure_ascii=False)
    (args.out / "scale.json").write_text(text, "utf-8")


if __name__ == "__main__":
    main()

"""Build and query at scale: about 2,000 provincial documents generated from the bundled five.

One run:

1. generates the corpus (``bench/generate.py``) and parses a sample of it with
   ``parse_file`` to check that number, date, province and cited numbers come out as
   written;
2. builds the graph in a child process (its peak RSS is the build's peak memory), then
   again with nothing changed, after touching one file and after editing one;
3. times ``lineage`` and ``cascade`` on networkx (the Python queries), on rdflib's
   in-memory store and on Oxigraph (``queries/*.rq``), and checks that the engines agree.

Figures are printed and written to ``<out>/build.json``.

    python bench/build.py [--docs 2000] [--out bench/out/build] [--queries 60] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import generate  # bench/generate.py: the script's folder is first on sys.path
import pyoxigraph as ox

from policykg.graph.model import DOCUMENT_RELATIONS, NodeType, PolicyGraph
from policykg.graph.nxgraph import to_networkx
from policykg.graph.rdfgraph import node_iri, to_rdf
from policykg.graph.store import load_graph
from policykg.loaders.parse import parse_file
from policykg.loaders.places import CENTRAL as CENTRAL_PLACE
from policykg.queries.cascade import cascade
from policykg.queries.lineage import lineage
from policykg.queries.sparql import Binding, oxigraph_store, query_file, run_oxigraph

# The build runs in a child so that its peak RSS is its own, not this process's.
_CHILD = """
import dataclasses, json, resource, sys, time
from policykg.graph.build import build
start = time.perf_counter()
summary = build([sys.argv[1]], sys.argv[2])
seconds = time.perf_counter() - start
print(json.dumps({
    "seconds": seconds,
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "summary": dataclasses.asdict(summary),
}, default=str))
"""
_BASELINE = """
import resource
import policykg.graph.build
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

# The lineage of queries/lineage.rq written so that each engine starts from ?start: the
# canned form joins a VALUES table with `?from ?p ?to`, which rdflib evaluates over every
# triple of the graph before it joins ?start (minutes per query at 2,000 documents).
# Measured beside the canned form; same answers (checked against networkx below).
LINEAGE_UNION = """PREFIX pkg: <https://policykg.org/ontology#>

SELECT DISTINCT ?source ?edge ?target WHERE {
  { ?start (pkg:partOf|pkg:implements)* ?from . ?from pkg:partOf ?to .
    BIND("PART_OF" AS ?edge) }
  UNION
  { ?start (pkg:partOf|pkg:implements)* ?from . ?from pkg:implements ?to .
    BIND("IMPLEMENTS" AS ?edge) }
  ?from pkg:id ?source .
  ?to pkg:id ?target .
}
ORDER BY ?source ?edge ?target
"""

CENTRAL = ("52-NQ/TW", "57-NQ/TW", "71/NQ-CP", "749/QĐ-TTg")

QUERY_TIMEOUT = 10.0  # seconds; a query still running is stopped and counted as timed out
CELL_BUDGET = 60.0  # seconds per (query, engine); the rest of its starts are skipped


# --- 1. corpus and sanity ----------------------------------------------------------------


def sanity(corpus: Path, expected: list[dict[str, Any]], sample: int) -> dict[str, Any]:
    """Parse every k-th generated file and compare with what the generator wrote."""
    step = max(1, len(expected) // sample)
    picked = expected[::step]
    hits: Counter[str] = Counter()
    misses: list[str] = []
    for e in picked:
        parsed = parse_file(corpus / e["path"])
        doc = parsed.document
        numbers = {r.number for r in parsed.references}
        ok = {
            "number": doc.number == e["number"],
            "jurisdiction": doc.jurisdiction == e["province"],
            "date": doc.date == e["date"],
            "cited": set(e["cites"]) <= numbers,
        }
        ok["number+jurisdiction"] = ok["number"] and ok["jurisdiction"]
        hits.update(k for k, v in ok.items() if v)
        if not all(ok.values()) and len(misses) < 5:
            wrong = ", ".join(k for k, v in ok.items() if not v)
            misses.append(f"{e['path']}: {wrong}")
    shares = {
        k: hits[k] / len(picked)
        for k in ("number+jurisdiction", "number", "jurisdiction", "date", "cited")
    }
    return {"sampled": len(picked), "of": len(expected), "shares": shares, "misses": misses}


def chain_links(graph: PolicyGraph, expected: list[dict[str, Any]]) -> dict[str, int]:
    """How many citations between generated documents of one province became edges."""
    by_number = {}
    for n in graph.nodes:
        if n.type is NodeType.DOCUMENT and n.get("loaded"):
            by_number[(n.get("jurisdiction"), n.get("number"))] = n.id
    edges = {(e.source, e.target) for e in graph.edges if e.type in DOCUMENT_RELATIONS}
    wanted = found = 0
    for e in expected:
        source = by_number.get((e["province"], e["number"]))
        for cited in e["cites"]:
            target = by_number.get((e["province"], cited))
            if target is None:
                continue  # a number outside the corpus (the template cited it)
            wanted += 1
            found += source is not None and (source, target) in edges
    return {"citations": wanted, "edges": found}


# --- 2. builds ---------------------------------------------------------------------------


def child_build(corpus: Path, store: Path) -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, "-c", _CHILD, str(corpus), str(store)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def baseline_rss_kb() -> int:
    run = subprocess.run(
        [sys.executable, "-c", _BASELINE], capture_output=True, text=True, check=True
    )
    return int(run.stdout.strip())


# --- 3. queries --------------------------------------------------------------------------


class _Timeout(Exception):
    pass


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python work (rdflib) after ``seconds``. Oxigraph runs to the end."""

    def fire(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Cell:
    query: str
    engine: str
    times: list[float] = field(default_factory=list)
    timeouts: int = 0
    skipped: int = 0
    agree: int = 0
    compared: int = 0

    def percentile(self, p: float) -> float:
        """Nearest rank over the queries run; a timed-out query counts as infinitely slow."""
        runs = sorted(self.times) + [math.inf] * self.timeouts
        if not runs:
            return math.nan
        return runs[max(0, math.ceil(p * len(runs)) - 1)]

    def as_json(self) -> dict[str, Any]:
        def ms(x: float) -> float | None:
            return None if math.isinf(x) or math.isnan(x) else round(x * 1000, 3)

        return {
            "query": self.query,
            "engine": self.engine,
            "runs": len(self.times),
            "timeouts": self.timeouts,
            "skipped": self.skipped,
            "p50_ms": ms(self.percentile(0.50)),
            "p95_ms": ms(self.percentile(0.95)),
            "mean_ms": ms(sum(self.times) / len(self.times)) if self.times else None,
            "agree_with_networkx": f"{self.agree}/{self.compared}" if self.compared else None,
        }


Answer = frozenset[tuple[str | None, ...]]
Runner = Callable[[str], Answer]


def measure(
    cell: Cell,
    starts: list[str],
    run: Runner,
    truth: dict[str, Answer] | None,
) -> Cell:
    spent = 0.0
    for i, start in enumerate(starts):
        if spent > CELL_BUDGET or cell.timeouts >= 3:
            cell.skipped = len(starts) - i
            break
        t = time.perf_counter()
        try:
            with deadline(QUERY_TIMEOUT):
                answer = run(start)
        except _Timeout:
            cell.timeouts += 1
            spent += time.perf_counter() - t
            continue
        took = time.perf_counter() - t
        spent += took
        cell.times.append(took)
        if truth is not None:
            cell.compared += 1
            cell.agree += answer == truth[start]
    return cell


def rdflib_runner(graph: Any, text: str, base: str, columns: tuple[str, ...]) -> Runner:
    # By name: rdflib adds the initBindings variables (?start) to every result row.
    def run(start: str) -> Answer:
        rows = graph.query(text, initBindings={"start": node_iri(start, base=base)})
        return frozenset(tuple(_str(row[c]) for c in columns) for row in rows)

    return run


def oxigraph_runner(
    store: Any, text: str, base: str, columns: tuple[str, ...], *, values: bool
) -> Runner:
    """``values``: bind ?start as policykg does (``run_oxigraph``: a VALUES clause of
    pyoxigraph terms, first in the WHERE group); else by SEP-0007 ``substitutions``."""
    variable = ox.Variable("start")

    def run(start: str) -> Answer:
        iri = str(node_iri(start, base=base))
        if values:
            res = run_oxigraph(store, text, {"start": Binding(iri, iri=True)})
            return frozenset(tuple(_plain(row[c]) for c in columns) for row in res.rows)
        solutions = store.query(text, substitutions={variable: ox.NamedNode(iri)})
        return frozenset(tuple(_str(sol[c], ox=True) for c in columns) for sol in solutions)

    return run


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)


def _str(term: Any, *, ox: bool = False) -> str | None:
    if term is None:
        return None
    return str(term.value) if ox else str(term)


def pick_starts(
    graph: PolicyGraph, expected: list[dict[str, Any]], count: int, seed: int
) -> dict[str, list[str]]:
    rng = random.Random(seed)
    tasks = sorted(n.id for n in graph.nodes if n.type is NodeType.TASK)
    docs = sorted(n.id for n in graph.nodes if n.type is NodeType.DOCUMENT and n.get("loaded"))
    half = count // 2
    lineage_starts = rng.sample(tasks, min(half, len(tasks))) + rng.sample(
        docs, min(count - half, len(docs))
    )
    by_number = {
        (n.get("jurisdiction"), n.get("number")): n.id
        for n in graph.nodes
        if n.type is NodeType.DOCUMENT
    }
    central = [
        by_number[(CENTRAL_PLACE, number)]
        for number in CENTRAL
        if (CENTRAL_PLACE, number) in by_number
    ]
    party = [
        by_number[(e["province"], e["number"])]
        for e in expected
        if e["role"] in ("P52", "NQ", "P57", "U57b") and (e["province"], e["number"]) in by_number
    ]
    repeats = max(1, (count // 3) // max(1, len(central)))
    return {
        "lineage": lineage_starts,
        "cascade_central": [c for c in central for _ in range(repeats)],
        "cascade_provincial": rng.sample(party, min(count - repeats * len(central), len(party))),
    }


# --- the run -----------------------------------------------------------------------------

SPARQL_ENGINES = ("rdflib", "oxigraph", "oxigraph substitutions")


def _mb(kb: int) -> float:
    return kb / 1024


def _fmt_ms(x: float) -> str:
    if math.isnan(x):
        return "-"
    if math.isinf(x):
        return f">{QUERY_TIMEOUT:.0f}s"
    return f"{x * 1000:.2f}" if x < 1 else f"{x * 1000:.0f}"


def step_corpus(corpus: Path, docs: int, seed: int, sample: int) -> dict[str, Any]:
    t = time.perf_counter()
    files = generate.generate(corpus, docs, seed=seed)
    t_gen = time.perf_counter() - t
    expected = generate.expected(corpus)
    mb = sum(f.stat().st_size for f in files) / 1_000_000
    provinces = len({e["province"] for e in expected})
    print(f"corpus: {len(files)} documents, {mb:.1f} MB, {provinces} provinces ", end="")
    print(f"(generated in {t_gen:.1f} s)")
    check = sanity(corpus, expected, sample)
    s = check["shares"]
    print(
        f"generator sanity, parse_file on {check['sampled']} of {check['of']}: "
        f"number+province {s['number+jurisdiction']:.1%} (number {s['number']:.1%}, "
        f"province {s['jurisdiction']:.1%}), date {s['date']:.1%}, cited numbers {s['cited']:.1%}"
    )
    for miss in check["misses"]:
        print(f"  miss: {miss}")
    return {
        "files": files,
        "expected": expected,
        "json": {
            "documents": len(files),
            "provinces": provinces,
            "mb": round(mb, 2),
            "generate_s": round(t_gen, 2),
            "sanity": check,
        },
    }


def step_builds(corpus: Path, store: Path, files: list[Path]) -> dict[str, Any]:
    shutil.rmtree(store, ignore_errors=True)
    first = child_build(corpus, store)
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    unchanged = child_build(corpus, store)
    touched_file = files[len(files) // 2]
    os.utime(touched_file)
    touched = child_build(corpus, store)
    with touched_file.open("a", encoding="utf-8") as f:
        f.write("\n")  # new bytes, same text: one file parsed again
    edited = child_build(corpus, store)
    base_kb = baseline_rss_kb()
    summary, t1 = first["summary"], first["seconds"]
    print(
        f"build (cold): {t1:.1f} s, {summary['documents'] / t1:.1f} documents/s, "
        f"{summary['bytes'] / 1e6 / t1:.2f} MB/s; peak RSS {_mb(first['maxrss_kb']):.0f} MB "
        f"(child process ru_maxrss; {_mb(base_kb):.0f} MB of it is the interpreter and imports)"
    )
    rebuilds = {"unchanged": unchanged, "one file touched": touched, "one file edited": edited}
    for name, run in rebuilds.items():
        print(
            f"rebuild, {name + ':':18}{run['seconds']:6.2f} s = {run['seconds'] / t1:.3f} x cold "
            f"({run['summary']['reused']} reused, {run['summary']['parsed']} parsed)"
        )
    return {
        "first": first,
        "unchanged": unchanged,
        "touched": touched,
        "edited": edited,
        "docs_per_s": round(summary["documents"] / t1, 1),
        "mb_per_s": round(summary["bytes"] / 1e6 / t1, 2),
        "peak_rss_mb": round(_mb(first["maxrss_kb"]), 1),
        "peak_rss_children_mb": round(_mb(children_kb), 1),
        "import_rss_mb": round(_mb(base_kb), 1),
        "memory_method": "ru_maxrss of the build's child process (RUSAGE_SELF, checked "
        "against RUSAGE_CHILDREN in the parent); import_rss_mb: a child that only imports",
        "ratios": {k: round(v["seconds"] / t1, 3) for k, v in rebuilds.items()},
    }


@dataclass
class Engines:
    graph: PolicyGraph
    nxg: Any
    rdf: Any
    oxigraph: Any
    json: dict[str, Any]


def step_engines(store: Path, scratch: Path) -> Engines:
    """Each engine loaded from the store on disk: graph.db, then its own form."""
    t = time.perf_counter()
    graph = load_graph(store)
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    nxg = to_networkx(graph)
    t_nx = time.perf_counter() - t
    t = time.perf_counter()
    rdf = to_rdf(graph)
    t_rdf = time.perf_counter() - t
    nt = scratch / "graph.nt"
    t = time.perf_counter()
    rdf.serialize(destination=str(nt), format="nt", encoding="utf-8")
    t_nt = time.perf_counter() - t
    nt_mb = nt.stat().st_size / 1e6
    t = time.perf_counter()
    oxs = oxigraph_store(nt)
    t_ox = time.perf_counter() - t
    nt.unlink()
    types = Counter(n.type.value for n in graph.nodes)
    print(
        f"graph: {len(graph.nodes)} nodes, {len(graph.edges)} edges, {len(rdf)} triples "
        f"({', '.join(f'{v} {k}' for k, v in types.most_common(4))} ...)"
    )
    print(
        f"load from the store: graph.db {t_load:.1f} s, then networkx {t_nx:.1f} s | "
        f"rdflib {t_rdf:.1f} s | Oxigraph {t_ox:.1f} s "
        f"(+ {t_nt:.1f} s to write {nt_mb:.0f} MB of N-Triples with rdflib)"
    )
    print(
        f"  ratios: rdflib / networkx {t_rdf / t_nx:.0f}x, Oxigraph / networkx {t_ox / t_nx:.0f}x "
        f"({(t_ox + t_nt) / t_nx:.0f}x with the export), rdflib / Oxigraph {t_rdf / t_ox:.1f}x"
    )
    return Engines(
        graph=graph,
        nxg=nxg,
        rdf=rdf,
        oxigraph=oxs,
        json={
            "graph": {
                "nodes": len(graph.nodes),
                "edges": len(graph.edges),
                "triples": len(rdf),
                "oxigraph_quads": len(oxs),
                "ntriples_mb": round(nt_mb, 1),
                "nodes_by_type": dict(types.most_common()),
                "edges_by_type": dict(Counter(e.type.value for e in graph.edges).most_common()),
            },
            "load_s": {
                "graph_json": round(t_load, 3),
                "networkx": round(t_nx, 3),
                "rdflib": round(t_rdf, 3),
                "ntriples_export": round(t_nt, 3),
                "oxigraph": round(t_ox, 3),
            },
        },
    )


def step_queries(engines: Engines, starts: dict[str, list[str]]) -> list[Cell]:
    nxg, base = engines.nxg, "https://policykg.org/id/"

    def nx_lineage(s: str) -> Answer:
        return lineage(nxg, s).edge_set

    def nx_cascade(s: str) -> Answer:
        return frozenset((e.node,) for e in cascade(nxg, s).entries)

    def sparql(engine: str, text: str, columns: tuple[str, ...]) -> Runner:
        if engine == "rdflib":
            return rdflib_runner(engines.rdf, text, base, columns)
        values = engine == "oxigraph"
        return oxigraph_runner(engines.oxigraph, text, base, columns, values=values)

    # (query, starts, the networkx answer, networkx timed too, SPARQL, the columns compared)
    edge, node = ("source", "edge", "target"), ("node",)
    queries = (
        ("lineage", "lineage", nx_lineage, True, query_file("lineage"), edge),
        ("lineage (union form)", "lineage", nx_lineage, False, LINEAGE_UNION, edge),
        ("cascade central", "cascade_central", nx_cascade, True, query_file("cascade"), node),
        ("cascade provincial", "cascade_provincial", nx_cascade, True, query_file("cascade"), node),
    )
    cells = []
    for qname, group, nx_run, time_nx, text, columns in queries:
        todo = starts[group]
        truth = {s: nx_run(s) for s in todo}
        runs = [("networkx", nx_run)] if time_nx else []
        runs += [(engine, sparql(engine, text, columns)) for engine in SPARQL_ENGINES]
        for engine, run in runs:
            try:
                with deadline(QUERY_TIMEOUT):
                    run(todo[0])  # warm: query parse caches, first touch of indexes
            except _Timeout:
                pass
            except Exception as exc:  # an engine that cannot run a query is a finding
                print(f"  {qname} on {engine}: {type(exc).__name__}: {exc}".splitlines()[0])
                cells.append(Cell(qname, engine, skipped=len(todo)))
                continue
            compare = None if engine == "networkx" else truth
            cells.append(measure(Cell(qname, engine), todo, run, compare))
    return cells


def print_queries(cells: list[Cell], starts: dict[str, list[str]]) -> dict[str, float]:
    central = len(starts["cascade_central"]) // len(CENTRAL)
    print(
        f"\nlatency in ms; lineage from {len(starts['lineage'])} starts (half tasks, half "
        f"documents); cascade from {', '.join(CENTRAL)} ({central} runs each) and from "
        f"{len(starts['cascade_provincial'])} provincial Party and People's Committee plans"
    )
    head = ("query", "engine", "p50", "p95", "runs", "t/o", "skip", "agree")
    print(f"{head[0]:21} {head[1]:23}" + "".join(f"{h:>8}" for h in head[2:]))
    for c in cells:
        agree = f"{c.agree}/{c.compared}" if c.compared else "-"
        p50, p95 = _fmt_ms(c.percentile(0.5)), _fmt_ms(c.percentile(0.95))
        counts = f"{len(c.times):>8}{c.timeouts:>8}{c.skipped:>8}{agree:>8}"
        print(f"{c.query:21} {c.engine:23}{p50:>8}{p95:>8}{counts}")
    ratios = {}
    by = {(c.query, c.engine): c for c in cells}
    for c in cells:
        ref = by.get(("lineage" if c.query.startswith("lineage") else c.query, "networkx"))
        if c.engine != "networkx" and ref and c.times and ref.times and not c.timeouts:
            ratios[f"{c.query}: {c.engine}"] = round(c.percentile(0.5) / ref.percentile(0.5), 1)
    print("p50 / networkx p50: " + "; ".join(f"{k} {v:.3g}x" for k, v in ratios.items()))
    return ratios


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, default=2000, help="documents to generate")
    ap.add_argument("--out", type=Path, default=Path("bench/out/build"))
    ap.add_argument("--queries", type=int, default=60, help="starts per query (>= 50)")
    ap.add_argument("--sample", type=int, default=200, help="generated files to parse-check")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    out: Path = args.out
    corpus, store = out / "corpus", out / "store"

    made = step_corpus(corpus, args.docs, args.seed, args.sample)
    report: dict[str, Any] = {"docs": args.docs, "seed": args.seed, "corpus": made["json"]}
    report["build"] = step_builds(corpus, store, made["files"])
    engines = step_engines(store, out)
    report.update(engines.json)
    links = chain_links(engines.graph, made["expected"])
    report["graph"]["chain_citations"] = links
    print(f"citations between generated documents that became edges: {links['edges']}", end="")
    print(f"/{links['citations']}")
    starts = pick_starts(engines.graph, made["expected"], args.queries, args.seed)
    cells = step_queries(engines, starts)
    report["starts"] = {k: len(v) for k, v in starts.items()}
    report["queries"] = [c.as_json() for c in cells]
    report["query_ratios"] = print_queries(cells, starts)
    report["bench_peak_rss_mb"] = round(_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    path = out / "build.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), "utf-8")
    print(f"\nfigures: {path} (this process, all three engines loaded: ", end="")
    print(f"peak RSS {report['bench_peak_rss_mb']} MB)")


if __name__ == "__main__":
    main()

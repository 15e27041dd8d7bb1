"""Loading the graph into a Bolt server, and Cypher with no server, at scale.

On the 2,000-document store of ``bench/build.py`` and one FalkorDB server
(``tests/falkordb.py``, the Bolt server that installs here), one run measures:

1. load throughput, as rows (nodes + relationships) per second, of
   - ``policykg neo4j push`` (batched ``UNWIND $rows ... MERGE``),
   - the loader a user would otherwise write: one ``MERGE`` per node and per
     relationship with the official driver (same indexes), on a sample of provinces
     (the whole graph would take the better part of an hour), and ``push`` on that same
     sample, for the ratio;
   - ``rdflib-neo4j`` on the graph's RDF export, as shipped (it opens with ``SHOW
     CONSTRAINTS``), and with that check skipped, on the same sample;
2. ``push`` of the whole graph, then again with nothing changed;
3. the embedded engine's bulk load (ladybug, ``COPY FROM``) of the whole graph;
4. p50/p95 latency of ``lineage`` from the same starts on networkx (the Python query), on
   the embedded engine (``queries/lineage.cypher``) and on the Bolt server, each answer
   checked against networkx.

    .venv/bin/python bench/neo4j.py [--store bench/out/build/store] [--provinces 3]
        [--starts 60] [--out bench/out/neo4j]

Figures are printed and written to ``<out>/neo4j.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# This script's folder comes first on sys.path, where its own name would hide the neo4j
# driver; the repository root instead gives tests.falkordb, the server harness.
sys.path[0] = str(ROOT)

from policykg.graph import embedded as lb  # noqa: E402
from policykg.graph import neo4j_push as np  # noqa: E402
from policykg.graph.model import NodeType, PolicyGraph  # noqa: E402
from policykg.graph.nxgraph import to_networkx  # noqa: E402
from policykg.graph.property import node_rows, rel_rows  # noqa: E402
from policykg.graph.rdfgraph import to_rdf  # noqa: E402
from policykg.graph.store import GRAPH_FILE, load_graph  # noqa: E402
from policykg.queries import cypher as cq  # noqa: E402
from policykg.queries.lineage import lineage  # noqa: E402
from tests import falkordb  # noqa: E402

AUTH = ("falkordb", "")


def clear(driver: Any) -> None:
    """An empty graph and no indexes, so every loader starts from the same state."""
    with driver.session() as s:
        s.run("MATCH (n) DETACH DELETE n").consume()
        for r in list(s.run("CALL db.indexes()")):
            for prop in r["properties"]:
                s.run(f"DROP INDEX ON :{r['label']}({prop})").consume()


def sample(graph: PolicyGraph, provinces: int) -> PolicyGraph:
    """The documents of the first ``provinces`` provinces (by slug), with everything of
    theirs (tasks, targets, agencies, people) and the edges among them."""
    slugs = sorted({n.id.split("/")[1] for n in graph.nodes if n.id.startswith("doc/")})
    keep = {s for s in slugs if s not in ("tw", "named")}
    chosen = sorted(keep)[:provinces]
    ids = {n.id for n in graph.nodes if any(f"/{s}/" in f"/{n.id}/" for s in chosen)}
    nodes = tuple(n for n in graph.nodes if n.id in ids)
    edges = tuple(e for e in graph.edges if e.source in ids and e.target in ids)
    return PolicyGraph(nodes=nodes, edges=edges)


def per_record(graph: PolicyGraph, driver: Any) -> float:
    """One MERGE per node and per relationship, each its own transaction."""
    start = time.perf_counter()
    with driver.session() as s:
        for stmt in np.schema_statements("index-only"):
            s.run(stmt).consume()
        for n in node_rows(graph):
            s.run(
                f"MERGE (n:{n.label} {{id: $id}}) SET n = $props", id=n.id, props=n.props
            ).consume()
        for r in rel_rows(graph):
            s.run(
                f"MATCH (a:{r.source_label} {{id: $source}}) MATCH (b:{r.target_label} "
                f"{{id: $target}}) MERGE (a)-[x:{r.type}]->(b) SET x = $props",
                source=r.source,
                target=r.target,
                props=r.props,
            ).consume()
    return time.perf_counter() - start


def count(driver: Any) -> tuple[int, int]:
    with driver.session() as s:
        nodes = s.run("MATCH (n) RETURN count(n) AS c").single()["c"]
        rels = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    return nodes, rels


def rdflib_neo4j(graph: PolicyGraph, uri: str, *, skip_check: bool) -> dict[str, Any]:
    """rdflib-neo4j loading the RDF export; as shipped, or with its constraint check
    skipped (the check is ``SHOW CONSTRAINTS``, which FalkorDB does not have)."""
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    data = to_rdf(graph).serialize(format="nt", encoding="utf-8")
    import neo4j

    # Given a driver rather than credentials: its credential check refuses FalkorDB's empty
    # password.
    driver = neo4j.GraphDatabase.driver(uri, auth=AUTH)
    config = Neo4jStoreConfig(
        handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE, batching=True
    )

    class Unchecked(Neo4jStore):  # type: ignore[misc]
        def _Neo4jStore__constraint_check(self, create: bool) -> None:
            pass

    store_class = Unchecked if skip_check else Neo4jStore
    out: dict[str, Any] = {"triples": None}
    start = time.perf_counter()
    try:
        g = Graph(store=store_class(config=config, neo4j_driver=driver))
        g.open(config)
        g.parse(io.BytesIO(data), format="nt")
        out["triples"] = len(g)
        g.close(True)
    except Exception as exc:  # measuring whether it runs at all: any failure is the answer
        out["error"] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:200]}"
    out["seconds"] = time.perf_counter() - start
    driver.close()
    return out


def latency(run: Callable[[str], Any], starts: list[str]) -> dict[str, float]:
    times = []
    for s in starts:
        t = time.perf_counter()
        run(s)
        times.append(time.perf_counter() - t)
    times.sort()
    return {
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
    }


def paths_of(rows: tuple[dict[str, Any], ...]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {
        (
            tuple(n["id"] for n in r["p"]["nodes"]),
            tuple(x["_type"] for x in r["p"]["relationships"]),
        )
        for r in rows
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--store", type=Path, default=ROOT / "bench/out/build/store")
    ap.add_argument("--out", type=Path, default=ROOT / "bench/out/neo4j")
    ap.add_argument("--provinces", type=int, default=3)
    ap.add_argument("--starts", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not (args.store / GRAPH_FILE).exists():
        sys.exit(f"{args.store}: no graph; run `python bench/build.py` first")
    args.out.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {}

    t = time.perf_counter()
    graph = load_graph(args.store)
    rows = len(graph.nodes) + len(graph.edges)
    print(f"graph: {len(graph.nodes):,} nodes, {len(graph.edges):,} edges "
          f"(loaded in {time.perf_counter() - t:.1f} s)")  # fmt: skip
    small = sample(graph, args.provinces)
    small_rows = len(small.nodes) + len(small.edges)
    print(f"sample of {args.provinces} provinces: {len(small.nodes):,} nodes, "
          f"{len(small.edges):,} edges")  # fmt: skip
    figures["graph"] = {"nodes": len(graph.nodes), "edges": len(graph.edges)}
    figures["sample"] = {"nodes": len(small.nodes), "edges": len(small.edges)}

    server = falkordb.start()
    driver = np.connect(server.uri, *AUTH)
    try:
        # 1. the same sample, three loaders
        clear(driver)
        secs = per_record(small, driver)
        assert count(driver) == (len(small.nodes), len(small.edges)), count(driver)
        figures["per_record_sample"] = {"seconds": secs, "rows_per_s": small_rows / secs}
        clear(driver)
        s = np.push(small, driver)
        assert count(driver) == (len(small.nodes), len(small.edges))
        figures["push_sample"] = {"seconds": s.seconds, "rows_per_s": small_rows / s.seconds}
        ratio = secs / s.seconds
        figures["push_vs_per_record"] = ratio
        print(f"per-record MERGE, sample: {secs:.1f} s = {small_rows / secs:,.0f} rows/s")
        print(f"policykg push, sample:    {s.seconds:.1f} s = {small_rows / s.seconds:,.0f} "
              f"rows/s   ({ratio:.1f}x the per-record loader)")  # fmt: skip
        for skip in (False, True):
            clear(driver)
            r = rdflib_neo4j(small, server.uri, skip_check=skip)
            r["stored"] = count(driver)
            name = "rdflib_neo4j" + ("_unchecked" if skip else "")
            figures[name] = r
            what = r.get("error") or (
                f"{r['triples']:,} triples in {r['seconds']:.1f} s = "
                f"{r['triples'] / r['seconds']:,.0f} triples/s; stored {r['stored']}"
            )
            print(f"rdflib-neo4j{' (check skipped)' if skip else ''}, sample: {what}")

        # 2. the whole graph
        clear(driver)
        full = np.push(graph, driver, batch_size=1000)
        assert count(driver) == (len(graph.nodes), len(graph.edges))
        again = np.push(graph, driver, batch_size=1000)
        assert again.nodes_written == again.relationships_written == 0
        figures["push_full"] = {"seconds": full.seconds, "rows_per_s": rows / full.seconds}
        figures["push_full_again"] = {"seconds": again.seconds}
        print(f"policykg push, whole graph: {full.seconds:.1f} s = "
              f"{rows / full.seconds:,.0f} rows/s; again, nothing changed: "
              f"{again.seconds:.1f} s")  # fmt: skip

        # 3. the embedded engine's bulk load
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            lb.create(graph, Path(tmp) / "g.lbdb")
            load = time.perf_counter() - t
            figures["embedded_load"] = {"seconds": load, "rows_per_s": rows / load}
            print(f"embedded (ladybug) bulk load, whole graph: {load:.1f} s = "
                  f"{rows / load:,.0f} rows/s")  # fmt: skip

            # 4. lineage latency
            rng = random.Random(args.seed)
            tasks = sorted(n.id for n in graph.nodes if n.type is NodeType.TASK)
            docs = sorted(
                n.id for n in graph.nodes if n.type is NodeType.DOCUMENT and n.get("loaded")
            )
            half = args.starts // 2
            starts = rng.sample(tasks, half) + rng.sample(docs, args.starts - half)
            g = to_networkx(graph)
            want = {
                s: {(p.nodes, tuple(e.value for e in p.edges)) for p in lineage(g, s).paths}
                for s in starts
            }
            query = cq.query_file("lineage")
            db = lb.connect_file(Path(tmp) / "g.lbdb")
            for s in starts[:3]:  # warm
                cq.run_embedded(db.connection, query, {"id": s})
            agree = all(
                paths_of(cq.run_embedded(db.connection, query, {"id": s}).rows) == want[s]
                for s in starts
            )
            agree_bolt = all(
                paths_of(cq.run_bolt(driver, query, {"id": s}).rows) == want[s] for s in starts
            )
            lat = {
                "networkx": latency(lambda s: lineage(g, s), starts),
                "embedded": latency(
                    lambda s: cq.run_embedded(db.connection, query, {"id": s}), starts
                ),
                "bolt (FalkorDB)": latency(lambda s: cq.run_bolt(driver, query, {"id": s}), starts),
            }
            db.close()
        figures["lineage"] = {**lat, "starts": len(starts), "agree": agree,
                              "agree_bolt": agree_bolt}  # fmt: skip
        base = lat["networkx"]["p50_ms"]
        print(f"lineage from {len(starts)} starts (half tasks, half documents), ms:")
        for name, v in lat.items():
            print(f"  {name:16} p50 {v['p50_ms']:8.2f}  p95 {v['p95_ms']:8.2f}  "
                  f"({v['p50_ms'] / base:.0f}x networkx)")  # fmt: skip
        print(f"  answers equal to networkx: embedded {agree}, bolt {agree_bolt}")
    finally:
        driver.close()
        server.stop()
    (args.out / "neo4j.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"figures in {args.out / 'neo4j.json'}")


if __name__ == "__main__":
    main()

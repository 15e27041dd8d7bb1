"""Time from page load until a big view is stable and interactive: ours against plain pyvis.

    .venv/bin/python bench/views.py [--store bench/out/build/store] [--runs 3] [--cap 180]

The store is the 2,000-document one that `bench/build.py` writes (make it with
`.venv/bin/python bench/build.py --docs 2000 --out bench/out/build`). Two pages, the same
nodes and edges:

- ours: `policykg view all`, timed until the page sets `window.policykg.ready`;
- plain pyvis: `Network(directed=True, cdn_resources="in_line")` with default settings,
  the nodes (with their labels) and edges read back from our page, timed until vis-network
  fires `stabilizationIterationsDone` (or the loading bar is hidden), capped at `--cap`.

Each is opened in headless Chromium (Debian's) from a file URL with the network off; the
time is `performance.now()` at that moment, i.e. from navigation start. The median of
`--runs` loads is printed and written to bench/out/views.json.

    .venv/bin/python bench/views.py --records 20000

times instead what building the node and edge records of a view of that many nodes and
edges costs through pyvis's `Network.add_node` and `add_edge` against plain dicts (why
`policykg.viz.drawing` builds dicts), and needs no store or browser.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from policykg.cli import cli
from policykg.viz.headless import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GOAL_MS = 3_000

JS_OURS_READY = "() => !!(window.policykg && window.policykg.ready)"
# pyvis assigns a global `network` inside drawGraph(); catch the assignment so the
# listener is attached before the first stabilisation batch runs.
JS_HOOK_PYVIS = """
(() => {
  let net;
  Object.defineProperty(window, "network", {
    configurable: true,
    get() { return net; },
    set(value) {
      net = value;
      if (value && value.once) {
        value.once("stabilizationIterationsDone", () => {
          window.__stableAt = window.__stableAt || performance.now();
        });
      }
    },
  });
})();
"""
JS_PYVIS_STABLE = """() => {
  if (window.__stableAt) return true;
  const bar = document.getElementById("loadingBar");
  if (bar && bar.style.opacity === "0") {
    window.__stableAt = performance.now();
    return true;
  }
  return false;
}"""


def write_ours(store: Path, out: Path) -> None:
    result = CliRunner().invoke(cli, ["view", "all", "-o", str(out), "--store", str(store)])
    if result.exit_code != 0:
        sys.exit(f"policykg view all failed:\n{result.output}")


def write_plain_pyvis(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], out: Path) -> None:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for node in nodes:
        net.add_node(node["id"], label=node.get("label") or node["id"])
    for edge in edges:
        net.add_edge(edge["from"], edge["to"])
    net.write_html(str(out), notebook=False)


def time_records(count: int) -> tuple[float, float]:
    """Seconds to build ``count`` node and ``count`` edge records through pyvis's Network,
    and as dicts (the node ids and attributes of a view's records)."""
    from pyvis.network import Network

    ids = [f"doc/thai-binh/file/{i:06d}/task/{i}" for i in range(count)]
    ends = [(ids[i], ids[(7 * i + 1) % count]) for i in range(count)]
    attrs = {"label": "Task", "shape": "ellipse", "color": {"background": "#5dade2"}}
    start = time.perf_counter()
    net = Network(directed=True)
    for node_id in ids:
        net.add_node(node_id, **attrs)
    for source, target in ends:
        net.add_edge(source, target, label="IMPLEMENTS")
    pyvis_s = time.perf_counter() - start
    start = time.perf_counter()
    nodes = [{"id": node_id, **attrs} for node_id in ids]
    edges = [{"from": s, "to": t, "label": "IMPLEMENTS"} for s, t in ends]
    dicts_s = time.perf_counter() - start
    assert len(nodes) == len(net.nodes) and len(edges) == len(net.edges)
    return pyvis_s, dicts_s


def open_offline(browser: Any, hook: str | None = None) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_offline(True)
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
    )
    if hook:
        context.add_init_script(hook)
    return context, context.new_page()


def time_ours(browser: Any, page_file: Path, cap_s: float) -> float | None:
    context, page = open_offline(browser)
    try:
        page.goto(page_file.as_uri(), wait_until="commit")
        page.wait_for_function(JS_OURS_READY, polling=20, timeout=cap_s * 1000)
        return float(page.evaluate("() => performance.now()"))
    except PlaywrightTimeout:
        return None
    finally:
        context.close()


def time_pyvis(browser: Any, page_file: Path, cap_s: float) -> float | None:
    context, page = open_offline(browser, JS_HOOK_PYVIS)
    try:
        page.goto(page_file.as_uri(), wait_until="commit")
        page.wait_for_function(JS_PYVIS_STABLE, polling=100, timeout=cap_s * 1000)
        return float(page.evaluate("() => window.__stableAt"))
    except PlaywrightTimeout:
        return None
    finally:
        context.close()


def read_graph(browser: Any, page_file: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    context, page = open_offline(browser)
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function(JS_OURS_READY, timeout=180_000)
        nodes = page.evaluate("() => window.policykg.nodes.get({fields: ['id', 'label']})")
        edges = page.evaluate("() => window.policykg.edges.get({fields: ['from', 'to']})")
        return nodes, edges
    finally:
        context.close()


def median_ms(times: list[float | None], cap_s: float) -> float | None:
    if any(t is None for t in times):
        return None
    return statistics.median(t for t in times if t is not None)


def show(ms: float | None, cap_s: float) -> str:
    return f"> {cap_s * 1000:,.0f}" if ms is None else f"{ms:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=OUT / "build" / "store")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cap", type=float, default=180.0, help="seconds per load")
    parser.add_argument("--chromium", default=chromium_path())
    parser.add_argument("--records", type=int, metavar="N", help="time N records only")
    args = parser.parse_args()
    if args.records:
        pyvis_s, dicts_s = time_records(args.records)
        count = f"{args.records:,} nodes and edges"
        print(f"{count}: pyvis Network {pyvis_s:.2f} s, dicts {dicts_s:.3f} s")
        return
    if not (args.store / "graph.db").exists():
        sys.exit(
            f"no store at {args.store}; make it with "
            "`.venv/bin/python bench/build.py --docs 2000 --out bench/out/build`"
        )

    folder = OUT / "views"
    folder.mkdir(parents=True, exist_ok=True)
    ours_file, pyvis_file = folder / "ours.html", folder / "pyvis.html"
    write_ours(args.store, ours_file)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=list(CHROMIUM_ARGS))
        nodes, edges = read_graph(browser, ours_file)
        write_plain_pyvis(nodes, edges, pyvis_file)
        ours = [time_ours(browser, ours_file, args.cap) for _ in range(args.runs)]
        plain = [time_pyvis(browser, pyvis_file, args.cap) for _ in range(args.runs)]
        browser.close()

    ours_ms, plain_ms = median_ms(ours, args.cap), median_ms(plain, args.cap)
    if ours_ms and plain_ms:
        ratio = f"{plain_ms / ours_ms:.1f}×"
    elif ours_ms:
        ratio = f"> {args.cap * 1000 / ours_ms:.1f}×"
    else:
        ratio = "n/a"
    report = {
        "store": str(args.store),
        "nodes": len(nodes),
        "edges": len(edges),
        "runs": args.runs,
        "cap_ms": args.cap * 1000,
        "goal_ms": GOAL_MS,
        "ours": {"ms": ours, "median_ms": ours_ms, "bytes": ours_file.stat().st_size},
        "pyvis": {"ms": plain, "median_ms": plain_ms, "bytes": pyvis_file.stat().st_size},
        "pyvis_slower_by": ratio,
    }
    (OUT / "views.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"view all of {args.store}: {len(nodes):,} nodes, {len(edges):,} edges")
    print(f"{'page':<14}{'stable (ms, median)':>22}{'runs (ms)':>30}{'size (MB)':>12}")
    for name, times, ms, path in (
        ("ours", ours, ours_ms, ours_file),
        ("plain pyvis", plain, plain_ms, pyvis_file),
    ):
        runs = ", ".join(show(t, args.cap) for t in times)
        size = path.stat().st_size / 1e6
        print(f"{name:<14}{show(ms, args.cap):>22}{runs:>30}{size:>12.1f}")
    verdict = "met" if ours_ms is not None and ours_ms < GOAL_MS else "NOT met"
    print(f"plain pyvis / ours: {ratio}; goal < {GOAL_MS:,} ms for ours: {verdict}")
    print(f"wrote {OUT / 'views.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Views in a real browser: headless Chromium with the network off, through the page's
DOM contract (``window.policykg``, ``#pk-search``, ``#pk-legend``, ``#pk-province``).

Skipped when Chromium or Playwright is missing, unless ``POLICYKG_REQUIRE_BROWSER`` is set
(``.ci/run`` sets it): then a missing browser fails the run instead of hiding it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.build import build
from policykg.graph.model import EdgeType, NodeType, PolicyGraph, make_edge, make_node
from policykg.records import Provenance, Span
from policykg.viz.headless import CHROMIUM_ARGS, chromium_path
from policykg.viz.view import render, write_view

from .conftest import CORPUS

CHROMIUM = chromium_path()
READY_MS = 15_000
# A drawn view, legend and all, is tens of kB; a blank or grey page is a few kB.
MIN_SCREENSHOT_BYTES = 10_000

PLAN_FILE = "004_1b73a6d31f29fe0d.txt"
PLAN = "doc/thai-binh/file/004_1b73a6d31f29fe0d"
TASK = f"{PLAN}/task/8.1"
TASK_1_1 = f"{PLAN}/task/1.1"
NQ57 = "doc/tw/57-NQ-TW"
NQ52 = "doc/tw/52-NQ-TW"
NQ02 = "doc/thai-binh/02-NQ-TU"
KH376 = "doc/thai-binh/376-KH-TU"
NQ71 = "doc/tw/71-NQ-CP"
HAI_DUONG_PLAN = "doc/hai-duong/file/002_727f14eddfa7dc9f"
SKHCN = "agency/thai-binh/so-khoa-hoc-va-cong-nghe"

# kind -> (arguments after `view KIND`, node ids the page must hold)
VIEWS: dict[str, tuple[list[str], set[str]]] = {
    "lineage": ([f"{PLAN_FILE}#8.1"], {TASK, PLAN, KH376, NQ71, NQ57, NQ02, NQ52}),
    "cascade": (["52-NQ/TW"], {NQ52, NQ02, TASK, HAI_DUONG_PLAN}),
    "agency": (
        ["Sở Khoa học và Công nghệ", "--province", "Thái Bình"],
        {SKHCN, TASK_1_1},
    ),
    "document": ([PLAN_FILE], {PLAN, TASK}),
    "all": ([], {PLAN, TASK, NQ57, NQ52, NQ02, SKHCN, HAI_DUONG_PLAN}),
}

JS_READY = "() => !!(window.policykg && window.policykg.ready === true)"
JS_IDS = "() => window.policykg.nodes.getIds()"
JS_HIDDEN = "() => window.policykg.nodes.get({filter: n => !!n.hidden}).map(n => n.id)"
JS_HIDDEN_EDGES = "() => window.policykg.edges.get({filter: e => !!e.hidden}).map(e => e.id)"

# Where a node is drawn, in page coordinates.
JS_NODE_POINT = """id => {
  const net = window.policykg.network;
  const box = net.body.container.getBoundingClientRect();
  const p = net.canvasToDOM(net.getPosition(id));
  return {x: box.left + p.x, y: box.top + p.y};
}"""


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("POLICYKG_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}, and POLICYKG_REQUIRE_BROWSER is set", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _skip_or_fail("no chromium on PATH or at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("the playwright package is missing (pip install -e '.[dev]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "store"
    build([CORPUS], path)
    return path


@dataclass
class Loaded:
    """A page opened from a file with the network off, and what it tried to do."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)


@pytest.fixture(scope="module")
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def _open(path: Path) -> Loaded:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        context.set_offline(True)
        context.set_default_timeout(READY_MS)
        page = context.new_page()
        loaded = Loaded(page)

        def route(r: Any) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                r.abort()

        def request(req: Any) -> None:
            # Every request, routed or not (data: URLs skip the router); inline data is
            # not a request to another origin.
            if not req.url.startswith(("file:", "data:", "blob:", "about:")):
                loaded.requests.append(req.url)

        context.route("**/*", route)
        page.on("request", request)
        page.on(
            "console",
            lambda msg: loaded.errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: loaded.errors.append(str(exc)))
        page.goto(path.resolve().as_uri())
        page.wait_for_function(JS_READY, timeout=READY_MS)
        return loaded

    yield _open
    for context in contexts:
        context.close()


def _write_view(store: Path, kind: str, out: Path) -> Path:
    args, _ = VIEWS[kind]
    result = CliRunner().invoke(
        cli, ["view", kind, *args, "-o", str(out), "--store", str(store)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def views(store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("views")
    return {kind: _write_view(store, kind, folder / f"{kind}.html") for kind in VIEWS}


@pytest.fixture(scope="module")
def view_page(views: dict[str, Path], open_page: Any) -> Any:
    """Each view opened once for the module (the whole graph takes seconds to settle);
    a test that changes a page (legend, filters) puts it back as it found it."""
    pages: dict[str, Loaded] = {}

    def _page(kind: str) -> Loaded:
        if kind not in pages:
            pages[kind] = open_page(views[kind])
        return pages[kind]

    return _page


@pytest.mark.parametrize("kind", list(VIEWS))
def test_view_draws_offline(kind: str, view_page: Any, tmp_path: Path) -> None:
    loaded = view_page(kind)
    assert loaded.js("() => document.body.dataset.state") == "ready"
    assert loaded.errors == []
    assert loaded.requests == []
    ids = set(loaded.js(JS_IDS))
    assert VIEWS[kind][1] <= ids, f"missing: {sorted(VIEWS[kind][1] - ids)}"
    shot = tmp_path / f"{kind}.png"
    loaded.page.screenshot(path=str(shot))
    assert shot.stat().st_size > MIN_SCREENSHOT_BYTES


@pytest.mark.parametrize("kind", list(VIEWS))
def test_legend_hides_and_shows_tasks(kind: str, view_page: Any) -> None:
    loaded = view_page(kind)
    entries = loaded.page.locator("#pk-legend [data-node-type]")
    assert entries.count() >= 2
    tasks = {i for i in loaded.js(JS_IDS) if "/task/" in i}
    assert tasks
    before = set(loaded.js(JS_HIDDEN))
    entry = loaded.page.locator('#pk-legend [data-node-type="Task"]')
    entry.click()
    assert set(loaded.js(JS_HIDDEN)) - before == tasks
    assert "pk-off" in (entry.get_attribute("class") or "").split()
    entry.click()
    assert set(loaded.js(JS_HIDDEN)) == before
    assert "pk-off" not in (entry.get_attribute("class") or "").split()
    assert loaded.errors == []


@pytest.mark.parametrize(
    ("kind", "query", "expected"),
    [
        ("lineage", "57-NQ/TW", NQ57),
        ("lineage", "02-NQ/TU", NQ02),
        ("cascade", "02-NQ/TU", NQ02),
        ("all", "57-NQ/TW", NQ57),
        # The keys the command line names nodes by (policykg.graph.ids.readable_key).
        ("lineage", f"{PLAN_FILE}#8.1", TASK),
        ("agency", "Sở Khoa học và Công nghệ (Thái Bình)", SKHCN),
    ],
    ids=["lineage-57", "lineage-02", "cascade-02", "all-57", "lineage-task-key", "agency-key"],
)
def test_search_selects_by_number_or_key(
    kind: str, query: str, expected: str, view_page: Any
) -> None:
    loaded = view_page(kind)
    loaded.page.fill("#pk-search", query)
    loaded.page.press("#pk-search", "Enter")
    assert loaded.js("() => window.policykg.selected") == expected
    assert loaded.js("() => window.policykg.network.getSelectedNodes()") == [expected]
    assert loaded.errors == []


def test_search_button_and_no_match(view_page: Any) -> None:
    loaded = view_page("lineage")
    loaded.page.fill("#pk-search", "52-NQ/TW")
    loaded.page.click("#pk-search-go")
    assert loaded.js("() => window.policykg.selected") == NQ52
    loaded.page.fill("#pk-search", "zzqx-no-such-node")
    loaded.page.press("#pk-search", "Enter")
    assert loaded.js("() => window.policykg.selected") is None
    assert loaded.page.locator("#pk-search-status").inner_text().strip()
    assert loaded.errors == []


def test_province_filter_hides_other_provinces(view_page: Any) -> None:
    loaded = view_page("all")
    select = loaded.page.locator("#pk-province")
    assert select.input_value() == ""
    options = select.locator("option")
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    thai_binh = next(i for i, label in enumerate(labels) if "Thái Bình" in label)
    select.select_option(index=thai_binh)
    hidden = set(loaded.js(JS_HIDDEN))
    assert HAI_DUONG_PLAN in hidden
    assert PLAN not in hidden
    select.select_option(value="")
    assert HAI_DUONG_PLAN not in set(loaded.js(JS_HIDDEN))
    assert loaded.errors == []


def test_relation_filter_hides_edges(view_page: Any) -> None:
    loaded = view_page("lineage")
    box = loaded.page.locator('input[data-filter-relation="IMPLEMENTS"]')
    assert box.is_checked()
    box.uncheck()
    hidden = loaded.js(JS_HIDDEN_EDGES)
    assert hidden
    assert all("IMPLEMENTS" in e for e in hidden)
    box.check()
    assert loaded.js(JS_HIDDEN_EDGES) == []
    assert loaded.errors == []


HOSTILE_QUOTE = "<script>window.__pwned=1</script>"
HOSTILE_NAME = '<img src="x" onerror="window.__pwned=2">Sở <b>Khoa học</b>'


def _hostile_graph() -> PolicyGraph:
    quote = f"thực hiện Nghị quyết 52-NQ/TW {HOSTILE_QUOTE}"
    evidence = Provenance(
        source=PLAN_FILE, span=Span(start=10, end=10 + len(quote)), section=("I",), quote=quote
    )
    doc = "doc/thai-binh/file/evil"
    agency = "agency/thai-binh/evil"
    nodes = (
        make_node(NQ52, NodeType.DOCUMENT, "52-NQ/TW", number="52-NQ/TW", loaded=False),
        make_node(doc, NodeType.DOCUMENT, HOSTILE_QUOTE, title=HOSTILE_QUOTE, kind="plan"),
        make_node(agency, NodeType.AGENCY, HOSTILE_NAME, name=HOSTILE_NAME),
    )
    edges = (
        make_edge(agency, EdgeType.ISSUED_BY, doc, evidence),
        make_edge(doc, EdgeType.IMPLEMENTS, NQ52, evidence),
    )
    return PolicyGraph(nodes=nodes, edges=tuple(sorted(edges, key=lambda e: e.key)))


def test_source_text_stays_text(tmp_path: Path, open_page: Any) -> None:
    graph = _hostile_graph()
    page_file = tmp_path / "hostile.html"
    html = render(graph, [n.id for n in graph.nodes], title=f"Plan {HOSTILE_QUOTE}")
    write_view(html, page_file)
    loaded = open_page(page_file)
    page = loaded.page
    assert HOSTILE_QUOTE in page.locator("h1").inner_text()
    # Hover each node so vis-network builds its tooltip from the hostile strings.
    tooltips = []
    for node_id in loaded.js(JS_IDS):
        point = loaded.js(JS_NODE_POINT, node_id)
        page.mouse.move(point["x"], point["y"])
        page.wait_for_timeout(300)
        tooltips.append(page.locator("div.vis-tooltip").inner_text())
    assert any(HOSTILE_QUOTE in text for text in tooltips), tooltips
    assert any("<img" in text for text in tooltips), tooltips
    assert loaded.js("() => typeof window.__pwned") == "undefined"
    assert page.locator("img[src='x']").count() == 0
    assert loaded.errors == []
    assert loaded.requests == []

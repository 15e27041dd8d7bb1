"""HTML views: offline, escaped, deterministic, written atomically."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import InputError, PolicyKGError
from policykg.graph.build import build
from policykg.graph.ids import readable_key
from policykg.graph.model import (
    Edge,
    EdgeType,
    Node,
    NodeType,
    PolicyGraph,
    make_edge,
    make_node,
)
from policykg.graph.nxgraph import to_networkx
from policykg.graph.store import load_graph
from policykg.loaders import places
from policykg.loaders.places import fold
from policykg.queries.ids import find_document, find_node
from policykg.queries.who import find_agencies
from policykg.records import Provenance, Scope, Span
from policykg.viz import select
from policykg.viz import view as view_module
from policykg.viz.drawing import NATIONAL_DOCUMENT, NODE_STYLES
from policykg.viz.page import find_vis_assets, vis_assets
from policykg.viz.view import LARGE_VIEW, render, write_view

from .conftest import CORPUS

PLAN_FILE = "004_1b73a6d31f29fe0d.txt"
NQ52 = "doc/tw/52-NQ-TW"
NQ02 = "doc/thai-binh/02-NQ-TU"
PLAN = "doc/thai-binh/file/004_1b73a6d31f29fe0d"
TASK = "doc/thai-binh/004_1b73a6d31f29fe0d/task/8.1"
SKHCN = "agency/thai-binh/so-khoa-hoc-va-cong-nghe"
PROVINCE = "place/thai-binh"

HOSTILE = '<script>alert(1)</script> & "x"'


def _evidence(start: int, quote: str) -> Provenance:
    return Provenance(
        source=PLAN_FILE,
        span=Span(start=start, end=start + len(quote)),
        section=("II", "8", "8.1"),
        quote=quote,
    )


def _policy_graph(nodes: Iterable[Node], edges: Iterable[Edge]) -> PolicyGraph:
    return PolicyGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.key)),
    )


def _graph() -> PolicyGraph:
    return _policy_graph(_nodes(), _edges())


def _nodes() -> list[Node]:
    return [
        make_node(
            NQ52,
            NodeType.DOCUMENT,
            "52-NQ/TW",
            kind="resolution",
            number="52-NQ/TW",
            date="2019-09-27",
            issuer="Bộ Chính trị",
            jurisdiction="Trung ương",
            title="Về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng "
            "công nghiệp lần thứ tư",
            loaded=False,
        ),
        make_node(
            NQ02,
            NodeType.DOCUMENT,
            "02-NQ/TU",
            kind="resolution",
            number="02-NQ/TU",
            date="2021-11-19",
            issuer="Ban Chấp hành Đảng bộ tỉnh",
            jurisdiction="Thái Bình",
            loaded=False,
        ),
        make_node(
            PLAN,
            NodeType.DOCUMENT,
            "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW",
            kind="plan",
            issuer="Ủy ban nhân dân tỉnh Thái Bình",
            jurisdiction="Thái Bình",
            title="Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột "
            "phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
            loaded=True,
            source=PLAN_FILE,
        ),
        make_node(
            TASK,
            NodeType.TASK,
            "8.1",
            task_id="8.1",
            text="Xây dựng Kế hoạch 5 năm thực hiện Chương trình chuyển đổi số của tỉnh",
            deadline="2025",
            document=PLAN,
        ),
        make_node(
            SKHCN,
            NodeType.AGENCY,
            "Sở Khoa học và Công nghệ",
            name="Sở Khoa học và Công nghệ",
            jurisdiction="Thái Bình",
        ),
        make_node(PROVINCE, NodeType.JURISDICTION, "Thái Bình"),
    ]


def _edges() -> list[Edge]:
    return [
        make_edge(
            TASK,
            EdgeType.PART_OF,
            PLAN,
            _evidence(
                15230,
                "8.1. Xây dựng Kế hoạch 5 năm thực hiện Chương trình chuyển đổi số của tỉnh",
            ),
        ),
        make_edge(
            TASK,
            EdgeType.IMPLEMENTS,
            NQ02,
            _evidence(
                15400,
                "Nghị quyết số 02-NQ/TU ngày 19/11/2021 của Ban Chấp hành Đảng bộ tỉnh " + HOSTILE,
            ),
        ),
        make_edge(
            NQ02,
            EdgeType.IMPLEMENTS,
            NQ52,
            None,
            inferred="02-NQ/TU is only cited; the province's resolutions implement 52-NQ/TW",
        ),
        make_edge(
            TASK,
            EdgeType.LED_BY,
            SKHCN,
            _evidence(15900, "Sở Khoa học và Công nghệ chủ trì, phối hợp các sở, ngành"),
        ),
        make_edge(PLAN, EdgeType.IN_JURISDICTION, PROVINCE, None),
    ]


ALL = (NQ52, NQ02, PLAN, TASK, SKHCN, PROVINCE)


@pytest.fixture(scope="module")
def graph() -> PolicyGraph:
    return _graph()


@pytest.fixture(scope="module")
def page(graph: PolicyGraph) -> str:
    return render(graph, ALL, title="Lineage of task 8.1", focus=TASK)


def _data(page: str, name: str) -> Any:
    """``nodes``, ``edges`` or ``options`` from the page's JSON data."""
    found = re.search(r'<script type="application/json" id="pk-data">(.*?)</script>', page)
    assert found, "no data in the page"
    return json.loads(found.group(1))[name]


def _legend(page: str) -> list[str]:
    found = re.search(r'<aside id="pk-legend">(.*?)</aside>', page, re.DOTALL)
    assert found
    return re.findall(r"</span>([^<]*)</(?:li|label)>", found.group(1))


def test_page_loads_nothing_from_the_network(page: str) -> None:
    assert "<link" not in page
    assert "@import" not in page
    assert not [tag for tag in re.findall(r"<script\b[^>]*>", page) if "src" in tag]
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page)
    assert "vis.Network(" in page


def test_page_shows_every_node_and_edge(page: str) -> None:
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    assert sorted(nodes) == sorted(ALL)
    assert nodes[NQ52]["label"] == "52-NQ/TW\nNghị quyết"
    assert nodes[PLAN]["label"] == "004_1b73a6d31f29fe0d\nKế hoạch"
    assert nodes[TASK]["label"] == "Task 8.1"
    assert nodes[SKHCN]["label"] == "Sở Khoa học và Công nghệ"
    edges = {(e["from"], e["label"], e["to"]) for e in _data(page, "edges")}
    assert edges == {e.key for e in _graph().edges}


def test_legend_lists_what_is_shown(page: str) -> None:
    assert _legend(page) == [
        "Document (Trung ương) / Document (local)",
        "Task",
        "Agency",
        "Jurisdiction",
        "Document not loaded (known from references)",
        "IMPLEMENTS",
        "PART_OF",
        "LED_BY",
        "IN_JURISDICTION",
        "inferred (not stated by one sentence)",
    ]


def test_documents_are_marked_by_scope_and_loading(page: str) -> None:
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    national, local = nodes[NQ52], nodes[PLAN]
    assert national["color"]["border"] != local["color"]["border"]
    assert nodes[NQ02]["shapeProperties"]["borderDashes"]
    assert "shapeProperties" not in local
    assert "jurisdiction: Trung ương" in national["title"]
    assert "province: Thái Bình" in local["title"]
    assert "not loaded" in national["title"]
    assert f"file: {PLAN_FILE}" in local["title"]


def test_focus_stands_out(page: str) -> None:
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    assert nodes[TASK]["borderWidth"] > nodes[PLAN]["borderWidth"]
    assert nodes[TASK]["font"]["size"] > nodes[PLAN]["font"]["size"]


def test_edge_tooltips_quote_the_source(page: str) -> None:
    edges = {(e["from"], e["label"], e["to"]): e for e in _data(page, "edges")}
    stated = edges[(TASK, "IMPLEMENTS", NQ02)]
    assert HOSTILE in stated["title"]  # kept whole, as text: vis-network shows it with innerText
    assert f"file: {PLAN_FILE}, characters 15400–" in stated["title"]
    assert not stated["dashes"]
    inferred = edges[(NQ02, "IMPLEMENTS", NQ52)]
    assert inferred["dashes"]
    assert "inferred: 02-NQ/TU is only cited" in inferred["title"]


def test_document_text_cannot_become_markup(graph: PolicyGraph) -> None:
    page = render(graph, ALL, title=f"Lineage {HOSTILE}")
    assert "<script>alert" not in page
    assert "alert(1)</script>" not in page
    assert r"\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \"x\"" in page
    assert "<h1>Lineage &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</h1>" in page


def test_long_quotes_are_trimmed() -> None:
    graph = _graph()
    long = make_edge(
        PLAN, EdgeType.CITES, NQ52, _evidence(0, "Căn cứ Nghị quyết số 52-NQ/TW " * 40)
    )
    page = render(graph, (PLAN, NQ52), title="t", edges=[long])
    (edge,) = _data(page, "edges")
    quote = edge["title"].split("\n")[2]
    assert len(quote) <= 303 and quote.endswith("…”")


def test_render_is_deterministic(graph: PolicyGraph) -> None:
    first = render(graph, ALL, title="t", focus=TASK)
    again = render(_graph(), reversed(ALL), title="t", focus=TASK)
    assert first == again
    assert '"randomSeed":7' in first


def test_given_edges_are_drawn_exactly(graph: PolicyGraph) -> None:
    chain = [e for e in graph.edges if e.type is EdgeType.IMPLEMENTS]
    page = render(graph, [TASK], title="t", edges=chain, hierarchical=True)
    assert sorted(n["id"] for n in _data(page, "nodes")) == sorted([NQ02, TASK, NQ52])
    assert [e["id"] for e in _data(page, "edges")] == ["|".join(e.key) for e in chain]
    assert '"direction":"DU"' in page


def test_unknown_node_is_an_error(graph: PolicyGraph) -> None:
    with pytest.raises(InputError, match="doc/tw/57-NQ-TW"):
        render(graph, [TASK, "doc/tw/57-NQ-TW"], title="t")


def test_write_view_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    write_view("<p>old</p>", target)
    write_view("<p>Thái Bình</p>", str(target))
    assert target.read_text(encoding="utf-8") == "<p>Thái Bình</p>"
    assert os.listdir(tmp_path) == ["view.html"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "view.html"
    write_view("<p>old</p>", target)

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(InputError, match="No space left on device"):
        write_view("<p>new</p>", target)
    assert target.read_text(encoding="utf-8") == "<p>old</p>"
    assert os.listdir(tmp_path) == ["view.html"]


def test_write_view_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing"):
        write_view("<p></p>", tmp_path / "missing" / "view.html")


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# CI installs chromium and sets POLICYKG_REQUIRE_BROWSER, so there the test never skips.
@pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("POLICYKG_REQUIRE_BROWSER"),
    reason="chromium is not installed (no /usr/bin/chromium): cannot load the page headless",
)
def test_browser_draws_the_network(page: str, tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    write_view(page, target)
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--dump-dom",
            target.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "<canvas" in result.stdout


# A national programme that names no jurisdiction, known each way the view reads it.
PROGRAMME = "doc/named/chuong-trinh-chuyen-doi-so-quoc-gia"
GOVERNMENT = "agency/tw/chinh-phu"
NATIONAL_CASES = {
    "scope": ({"scope": Scope.NATIONAL.value}, False),
    "issuer": ({"issuer": "Chính phủ"}, False),
    "issued-by": ({}, True),
}


def _programme_graph(props: dict[str, Any], issued_by: bool) -> PolicyGraph:
    base = _graph()
    programme = make_node(
        PROGRAMME,
        NodeType.DOCUMENT,
        "Chương trình chuyển đổi số quốc gia",
        kind="programme",
        loaded=False,
        **props,
    )
    nodes = [*base.nodes, programme]
    edges = [*base.edges, make_edge(PLAN, EdgeType.CITES, PROGRAMME, _evidence(900, "x"))]
    if issued_by:
        nodes.append(
            make_node(
                GOVERNMENT,
                NodeType.AGENCY,
                "Chính phủ",
                name="Chính phủ",
                jurisdiction=places.CENTRAL,
                level="central",
            )
        )
        edges.append(make_edge(PROGRAMME, EdgeType.ISSUED_BY, GOVERNMENT, None))
    return _policy_graph(nodes, edges)


@pytest.mark.parametrize("case", list(NATIONAL_CASES))
def test_national_document_without_jurisdiction_is_drawn_national(case: str) -> None:
    props, issued_by = NATIONAL_CASES[case]
    graph = _programme_graph(props, issued_by)
    assert graph.node(PROGRAMME).get("jurisdiction") is None
    page = render(graph, (PROGRAMME, PLAN), title="t")
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    programme, plan = nodes[PROGRAMME], nodes[PLAN]
    assert programme["color"]["border"] == NATIONAL_DOCUMENT.colour
    assert plan["color"]["border"] == NODE_STYLES[NodeType.DOCUMENT].colour
    assert programme["title"].split("\n")[0].endswith(f"· {places.CENTRAL}")
    # Kept by every province filter, as documents in the central jurisdiction are.
    assert programme["province"] == places.CENTRAL
    assert _legend(page)[0] == f"Document ({places.CENTRAL}) / Document (local)"


def test_document_of_a_local_issuer_without_jurisdiction_stays_local() -> None:
    graph = _programme_graph({"issuer": "Ủy ban nhân dân tỉnh"}, False)
    (programme,) = _data(render(graph, [PROGRAMME], title="t"), "nodes")
    assert programme["color"]["border"] == NODE_STYLES[NodeType.DOCUMENT].colour
    assert programme["province"] == ""


def test_nodes_are_named_as_the_command_line_names_them(page: str, graph: PolicyGraph) -> None:
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    task = nodes[TASK]
    assert task["title"].startswith(f"Task {PLAN_FILE}#8.1\n")
    assert f"{PLAN_FILE}#8.1" in task["search"].split("\n")
    for node_id in (PLAN, NQ02, SKHCN):
        key = readable_key(graph, node_id)
        assert (
            nodes[node_id]["title"]
            .split("\n")[0]
            .startswith(f"{graph.node(node_id).type.value} {key}")
        )
        assert fold(key) in nodes[node_id]["search"].split("\n")
    edges = {e["id"]: e for e in _data(page, "edges")}
    assert edges[f"{TASK}|LED_BY|{SKHCN}"]["title"].split("\n")[1] == (
        f"{PLAN_FILE}#8.1 → {readable_key(graph, SKHCN)}"
    )
    assert f"focus: {PLAN_FILE}#8.1" in page


def _vis_folder(root: Path, folder: str, version: str, script: str = "") -> None:
    where = root / folder
    where.mkdir(parents=True)
    (where / "vis-network.min.js").write_text(
        f"/**\n * vis-network\n * @version {version}\n */\nvar v = '{version}';{script}",
        encoding="utf-8",
    )
    (where / "vis-network.css").write_text(
        f'.vis-{version.replace(".", "-")} {{ background: url("data:image/png;base64,AAA") }}',
        encoding="utf-8",
    )


def test_vis_network_is_found_by_its_version_in_any_folder(tmp_path: Path) -> None:
    _vis_folder(tmp_path, "templates/lib/vis-8.5.0", "8.5.0")
    with pytest.raises(PolicyKGError, match="no vis-network 9 or later"):
        find_vis_assets(tmp_path)
    _vis_folder(tmp_path, "static/vis-network", "9.1.9")
    _vis_folder(tmp_path, "lib/vis-10.0.1", "10.0.1")
    css, js = find_vis_assets(tmp_path)
    assert "var v = '10.0.1';" in js
    assert css == ".vis-10-0-1 { background: none }"  # the button icons are dropped


def test_an_asset_that_could_end_its_element_is_refused(tmp_path: Path) -> None:
    _vis_folder(tmp_path, "lib", "9.2.0", script="document.write('</script>')")
    with pytest.raises(PolicyKGError, match=r"vis-network\.min\.js cannot be inlined"):
        find_vis_assets(tmp_path)


def test_installed_pyvis_gives_vis_network_9(page: str) -> None:
    css, js = vis_assets()
    found = re.search(r"@version (\d+)\.", js)
    assert found and int(found.group(1)) >= 9
    assert css in page and js in page


def test_templates_are_package_data_and_make_the_page(page: str) -> None:
    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert "policykg.viz.templates" in setuptools["packages"]
    patterns = setuptools["package-data"]["policykg.viz.templates"]
    files = sorted((root / "viz" / "templates").iterdir())
    assert {"view.html", "view.css", "view.js"} <= {f.name for f in files}
    for path in files:
        assert any(path.match(pattern) for pattern in patterns), f"{path.name} is not shipped"
    for name in ("view.css", "view.js"):
        text = (root / "viz" / "templates" / name).read_text(encoding="utf-8")
        assert text in page


# --- what each view selects, on the bundled corpus ------------------------------------

CORPUS_TASK = "doc/thai-binh/file/004_1b73a6d31f29fe0d/task/8.1"
CORPUS_PLAN = "doc/thai-binh/file/004_1b73a6d31f29fe0d"
NQ57 = "doc/tw/57-NQ-TW"
KH376 = "doc/thai-binh/376-KH-TU"
NQ71 = "doc/tw/71-NQ-CP"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "store"
    build([CORPUS], path)
    return path


@pytest.fixture(scope="module")
def corpus(store: Path) -> tuple[PolicyGraph, nx.MultiDiGraph]:
    graph = load_graph(store)
    return graph, to_networkx(graph)


def _number(graph: PolicyGraph, node_id: str) -> str:
    return str(graph.node(node_id).get("number") or "")


def test_lineage_view_reaches_the_central_directives(
    corpus: tuple[PolicyGraph, nx.MultiDiGraph],
) -> None:
    graph, g = corpus
    start = find_node(graph, f"{PLAN_FILE}#8.1")
    view = select.lineage_view(graph, g, start)
    numbers = {_number(graph, n) for n in view.nodes}
    assert {"57-NQ/TW", "52-NQ/TW", "376-KH/TU", "71/NQ-CP", "02-NQ/TU"} <= numbers
    assert view.focus == CORPUS_TASK and view.hierarchical
    assert {e.type for e in view.edges} <= {EdgeType.PART_OF, EdgeType.IMPLEMENTS}


def test_cascade_view_reaches_the_three_provinces(
    corpus: tuple[PolicyGraph, nx.MultiDiGraph],
) -> None:
    graph, g = corpus
    view = select.cascade_view(graph, g, NQ52)
    provinces = {select.province_of(graph, graph.node(n)) for n in view.nodes}
    assert {
        "Thái Bình (now Hưng Yên)",
        "Hải Dương (now Hải Phòng)",
        "Thừa Thiên Huế (now Huế)",
    } <= provinces
    before = date(2024, 12, 31)
    printed = {select.province_of(graph, graph.node(n), as_of=before) for n in view.nodes}
    assert {"Thái Bình", "Hải Dương", "Thừa Thiên Huế"} <= printed
    assert view.focus == NQ52 and view.hierarchical


def test_cascade_view_in_one_province(corpus: tuple[PolicyGraph, nx.MultiDiGraph]) -> None:
    graph, g = corpus
    view = select.cascade_view(graph, g, NQ52, province="Hải Dương")
    provinces = {select.province_of(graph, graph.node(n)) for n in view.nodes if n != NQ52}
    assert provinces == {"Hải Dương (now Hải Phòng)"}
    assert "Hải Dương" in view.title
    # Every node drawn still joins the directive.
    assert {e.source for e in view.edges} == set(view.nodes) - {NQ52}


def test_agency_view_shows_its_tasks_and_their_documents(
    corpus: tuple[PolicyGraph, nx.MultiDiGraph],
) -> None:
    graph, g = corpus
    agencies = find_agencies(graph, "Sở Khoa học và Công nghệ", province="Thái Bình")
    view = select.agency_view(graph, g, agencies)
    led = {s for s, _, key in g.in_edges(agencies[0], keys=True) if key == "LED_BY"}
    assert led and led <= set(view.nodes)
    assert CORPUS_PLAN in view.nodes
    kinds = {graph.node(n).type for n in view.nodes}
    assert kinds == {NodeType.AGENCY, NodeType.TASK, NodeType.DOCUMENT}


def test_document_view_shows_tasks_targets_leads_and_references(
    corpus: tuple[PolicyGraph, nx.MultiDiGraph],
) -> None:
    graph, g = corpus
    view = select.document_view(graph, g, find_document(graph, PLAN_FILE))
    kinds = {graph.node(n).type for n in view.nodes}
    assert {NodeType.DOCUMENT, NodeType.TASK, NodeType.TARGET, NodeType.AGENCY} <= kinds
    tasks = {n.id for n in graph.nodes if n.get("document") == CORPUS_PLAN}
    assert tasks <= set(view.nodes)
    assert CORPUS_TASK in view.nodes
    assert {NQ57, KH376, NQ71} <= set(view.nodes)


def test_all_view_leaves_out_places_people_and_indicators(
    corpus: tuple[PolicyGraph, nx.MultiDiGraph],
) -> None:
    graph, _ = corpus
    view = select.all_view(graph)
    kinds = {graph.node(n).type for n in view.nodes}
    assert kinds == set(select.ALL_TYPES)
    assert view.note and "left out" in view.note
    small = select.all_view(graph, limit=50)
    assert {graph.node(n).type for n in small.nodes} == {NodeType.DOCUMENT}
    assert small.note and "documents only" in small.note


# --- the page: its DOM contract, tooltips, sizes, layout ------------------------------


def test_page_has_the_dom_contract(page: str) -> None:
    assert '<input id="pk-search"' in page
    assert 'id="pk-search-go"' in page
    assert 'id="pk-search-status"' in page
    assert '<select id="pk-province"' in page
    assert '<option value="">All provinces</option>' in page
    assert '<option value="Thái Bình">Thái Bình</option>' in page
    assert '<aside id="pk-legend">' in page
    types = re.findall(r'data-node-type="([^"]+)"', page)
    assert types == ["Document", "Task", "Agency", "Jurisdiction"]
    relations = re.findall(r'data-filter-relation="([^"]+)"', page)
    assert relations == ["IMPLEMENTS", "PART_OF", "LED_BY", "IN_JURISDICTION"]
    for name in ("window.policykg = pk", 'dataset.state = "ready"', "selectNodes", "focus("):
        assert name in page
    nodes = _data(page, "nodes")
    assert {n["ptype"] for n in nodes} == set(types)


def test_task_tooltip_names_its_lead_and_deadline(page: str) -> None:
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    tip = nodes[TASK]["title"]
    assert "lead: Sở Khoa học và Công nghệ" in tip
    assert "deadline: 2025" in tip
    assert nodes[TASK]["province"] == "Thái Bình"  # its document's
    assert nodes[PLAN]["province"] == "Thái Bình"


def test_search_keys_ignore_case_and_accents(page: str) -> None:
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    assert "so khoa hoc va cong nghe" in nodes[SKHCN]["search"].split("\n")
    assert "52-nq/tw" in nodes[NQ52]["search"].split("\n")
    assert PLAN_FILE in nodes[PLAN]["search"].split("\n")


def test_node_size_grows_with_implementers_but_is_bounded() -> None:
    hub = "doc/tw/1-NQ-TW"
    nodes = [make_node(hub, NodeType.DOCUMENT, "1-NQ/TW", number="1-NQ/TW")]
    edges = []
    for i in range(3000):
        doc = f"doc/x/{i}"
        nodes.append(make_node(doc, NodeType.DOCUMENT, str(i), number=f"{i}/KH"))
        edges.append(make_edge(doc, EdgeType.IMPLEMENTS, hub, None))
    graph = _policy_graph(nodes, edges)
    drawn = {n["id"]: n for n in _data(render(graph, [hub, "doc/x/1"], title="t"), "nodes")}
    assert drawn[hub]["weight"] == 3000
    assert drawn["doc/x/1"]["font"]["size"] < drawn[hub]["font"]["size"] <= 24


def test_small_views_settle_large_views_come_laid_out(
    corpus: tuple[PolicyGraph, nx.MultiDiGraph], monkeypatch: pytest.MonkeyPatch
) -> None:
    graph, g = corpus
    view = select.all_view(graph)
    assert len(view.nodes) < LARGE_VIEW
    small = render(graph, view.nodes, title="t", edges=view.edges)
    assert '"solver":"forceAtlas2Based"' in small
    assert all("x" not in n for n in _data(small, "nodes"))
    assert 'once("stabilizationIterationsDone"' in small

    every = [n.id for n in graph.nodes]
    monkeypatch.setattr(view_module, "LARGE_VIEW", len(every) - 1)
    large = render(graph, every, title="t")
    assert '"physics":{"enabled":false}' in large
    drawn = _data(large, "nodes")
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in drawn)
    assert len({(n["x"], n["y"]) for n in drawn}) == len(drawn)
    assert large == render(graph, reversed(every), title="t")

    cascade = select.cascade_view(graph, g, NQ52)
    rows = render(graph, every, title="t", focus=NQ52, hierarchical=True)
    ys = {n["id"]: n["y"] for n in _data(rows, "nodes")}
    assert ys[NQ52] == 0.0
    assert all(ys[n] > 0 for n in cascade.nodes if n != NQ52)


# --- the command ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["lineage", f"{PLAN_FILE}#8.1"], NQ57),
        ([f"{PLAN_FILE}#8.1"], NQ57),  # `view ID` is still the lineage
        (["cascade", "52-NQ/TW", "--province", "Thái Bình"], CORPUS_TASK),
        (["agency", "Sở Khoa học và Công nghệ", "--province", "Thái Bình"], CORPUS_PLAN),
        (["document", PLAN_FILE], CORPUS_TASK),
        (["all"], CORPUS_TASK),
    ],
    ids=["lineage", "bare-id", "cascade", "agency", "document", "all"],
)
def test_view_commands_write_a_page(
    args: list[str], expected: str, store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["view", *args, "-o", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    ids = {n["id"] for n in _data(out.read_text("utf-8"), "nodes")}
    assert expected in ids


def test_view_of_an_unknown_document_is_a_one_line_error(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    result = CliRunner().invoke(
        cli, ["view", "document", "999-NQ/TW", "-o", str(out), "--store", str(store)]
    )
    assert result.exit_code == 1
    assert "no document '999-NQ/TW'" in result.output
    assert not out.exists()


def test_every_relation_has_a_colour() -> None:
    # A view draws every edge it selects; a new relation needs its colour and legend line.
    from policykg.graph.model import EdgeType
    from policykg.viz.drawing import EDGE_COLOURS

    assert set(EDGE_COLOURS) == set(EdgeType)

"""HTML views: offline, escaped, deterministic, written atomically."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from policykg.errors import InputError
from policykg.graph.model import EdgeType, NodeType, PolicyGraph, make_edge, make_node
from policykg.records import Provenance, Span
from policykg.viz.view import render, write_view

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


def _graph() -> PolicyGraph:
    nodes = [
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
    edges = [
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
    return PolicyGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.key)),
    )


ALL = (NQ52, NQ02, PLAN, TASK, SKHCN, PROVINCE)


@pytest.fixture(scope="module")
def graph() -> PolicyGraph:
    return _graph()


@pytest.fixture(scope="module")
def page(graph: PolicyGraph) -> str:
    return render(graph, ALL, title="Lineage of task 8.1", focus=TASK)


def _data(page: str, name: str) -> list[dict[str, Any]]:
    found = re.search(rf"var {name} = new vis\.DataSet\((.*)\);\n", page)
    assert found, f"no {name} data in the page"
    data: list[dict[str, Any]] = json.loads(found.group(1))
    return data


def _legend(page: str) -> list[str]:
    found = re.search(r'<aside id="legend">(.*?)</aside>', page, re.DOTALL)
    assert found
    return re.findall(r"</span>([^<]*)</li>", found.group(1))


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
    assert nodes[NQ52]["label"] == "52-NQ/TW"
    assert nodes[TASK]["label"] == "Task 8.1"
    assert nodes[SKHCN]["label"] == "Sở Khoa học và Công nghệ"
    edges = {(e["from"], e["label"], e["to"]) for e in _data(page, "edges")}
    assert edges == {e.key for e in _graph().edges}


def test_legend_lists_what_is_shown(page: str) -> None:
    assert _legend(page) == [
        "Document (Trung ương)",
        "Document (local)",
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

"""Time: the 2025 successions in the graph, and every query as of a day (issue 16).

Built on the bundled corpus plus two plans of tests/data/time/corpus: Thái Bình's of 2022
(tasks led by the Sở Thông tin và Truyền thông) and Hưng Yên's of 2026 (led by the Sở Khoa
học và Công nghệ), on either side of the mergers.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph import store as st
from policykg.graph.build import build
from policykg.graph.model import EdgeType, NodeType, PolicyGraph, make_edge, make_node
from policykg.graph.nxgraph import to_networkx
from policykg.graph.succession import INFERRED, Timeline, holds
from policykg.queries.coverage import coverage
from policykg.queries.ids import as_of
from policykg.queries.who import who

from .conftest import CORPUS

TIME = Path(__file__).resolve().parent / "data" / "time" / "corpus"
TB_2022 = "doc/thai-binh/35-KH-UBND"
HY_2026 = "doc/hung-yen/12-KH-UBND"
TTTT_TB = "agency/thai-binh/so-thong-tin-va-truyen-thong"
KHCN_TB = "agency/thai-binh/so-khoa-hoc-va-cong-nghe"
KHCN_HY = "agency/hung-yen/so-khoa-hoc-va-cong-nghe"
TODAY = date(2026, 12, 7)  # any day after the last change of the table
BEFORE = date(2024, 12, 31)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("time") / ".policykg"
    build([CORPUS, TIME], path)
    return path


@pytest.fixture(scope="module")
def graph(store: Path) -> PolicyGraph:
    return st.load_graph(store)


def run(store: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- the graph ---------------------------------------------------------------------------


def test_provinces_merge_with_their_date_and_law(graph: PolicyGraph) -> None:
    e = graph.edge("place/thai-binh", "MERGED_INTO", "place/hung-yen")
    assert e is not None
    assert (e.get("valid_from"), e.get("legal_source")) == ("2025-07-01", "202/2025/QH15")
    assert graph.node("place/thai-binh").get("valid_to") == "2025-07-01"
    assert graph.edge("place/hai-duong", "MERGED_INTO", "place/hai-phong") is not None
    hue = graph.edge("place/thua-thien-hue", "SUCCEEDED_BY", "place/hue")
    assert hue is not None and hue.get("valid_from") == "2025-01-01"
    assert graph.node("place/hue").get("valid_from") == "2025-01-01"


def test_a_department_follows_its_consolidation_then_its_province(graph: PolicyGraph) -> None:
    chain = Timeline(graph).chain(TTTT_TB, TODAY)
    assert [(e.type, e.target, e.get("valid_from")) for e in chain] == [
        (EdgeType.MERGED_INTO, KHCN_TB, "2025-03-01"),
        (EdgeType.MERGED_INTO, KHCN_HY, "2025-07-01"),
    ]
    assert chain[0].get("legal_source") and chain[0].get("legal_source_date")
    assert Timeline(graph).chain(TTTT_TB, date(2025, 2, 28)) == ()
    assert graph.node(TTTT_TB).get("valid_to") == "2025-03-01"
    # Its press duties went to the Sở Văn hóa, Thể thao và Du lịch of the province.
    split = graph.edge(TTTT_TB, "SPLIT_TO", "agency/thai-binh/so-van-hoa-the-thao-va-du-lich")
    assert split is not None and split.get("part")


def test_tasks_keep_what_they_print_and_gain_the_successor_inferred(graph: PolicyGraph) -> None:
    task = f"{TB_2022}/task/1.1"
    printed = graph.edge(task, "LED_BY", TTTT_TB)
    assert printed is not None and printed.get("inferred") is None
    assert printed.evidence is not None and "Thông tin và Truyền thông" in printed.evidence.quote
    mid = graph.edge(task, "LED_BY", KHCN_TB)
    now = graph.edge(task, "LED_BY", KHCN_HY)
    assert mid is not None and now is not None
    assert (mid.get("inferred"), mid.get("valid_from"), mid.get("valid_to")) == (
        INFERRED,
        "2025-03-01",
        "2025-07-01",
    )
    assert (now.get("valid_from"), now.get("valid_to")) == ("2025-07-01", None)
    doc = graph.edge(TB_2022, "IN_JURISDICTION", "place/hung-yen")
    assert doc is not None and doc.get("inferred") == INFERRED
    assert graph.node(TB_2022).get("jurisdiction") == "Thái Bình"  # as printed


@pytest.mark.parametrize(
    ("props", "day", "want"),
    [
        pytest.param({}, None, True, id="printed, as printed"),
        pytest.param({"inferred": INFERRED, "valid_from": "2025-07-01"}, None, False, id="none"),
        pytest.param({"inferred": INFERRED, "valid_from": "2025-07-01"}, TODAY, True, id="after"),
        pytest.param(
            {"inferred": INFERRED, "valid_from": "2025-07-01"}, date(2025, 6, 30), False, id="eve"
        ),
        pytest.param(
            {"inferred": INFERRED, "valid_from": "2025-03-01", "valid_to": "2025-07-01"},
            date(2025, 7, 1),
            False,
            id="ended",
        ),
    ],
)
def test_holds(props: dict[str, object], day: date | None, want: bool) -> None:
    assert holds(props, day) is want


def test_the_graph_is_the_same_in_any_build(graph: PolicyGraph, tmp_path: Path) -> None:
    build([TIME, CORPUS], tmp_path / "again", jobs=1)
    assert st.load_graph(tmp_path / "again") == graph


def test_a_users_table_adds_a_succession(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "kind,level,old,new,relation,part,effective,source,source_date,source_title,scope,note\n"
        "agency,province,Sở Công thương,Sở Công Thương và Xúc tiến,SUCCEEDED_BY,,2026-02-01,"
        "99/2026/NQ-HĐND,2026-01-15,Nghị quyết thử,Hưng Yên,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("POLICYKG_SUCCESSIONS", str(extra))
    build([CORPUS], tmp_path / "s", jobs=1)
    g = st.load_graph(tmp_path / "s")
    old = "agency/hung-yen/so-cong-thuong"
    e = g.edge(old, "SUCCEEDED_BY", "agency/hung-yen/so-cong-thuong-va-xuc-tien")
    assert e is not None and e.get("legal_source") == "99/2026/NQ-HĐND"
    # Thái Bình's body reaches it through its province: one chain.
    chain = Timeline(g).chain("agency/thai-binh/so-cong-thuong", date(2026, 3, 1))
    assert [x.target for x in chain] == [old, "agency/hung-yen/so-cong-thuong-va-xuc-tien"]


# --- who ---------------------------------------------------------------------------------


def test_who_today_includes_the_tasks_of_the_merged_departments(store: Path) -> None:
    data = run(store, "who", "Sở Khoa học và Công nghệ", "--province", "Hưng Yên")
    by_task = {t["task"]["key"]: t for t in data["tasks"]}
    tttt = by_task["tb_2022_kh_cds.txt#1.1"]
    assert [c["agency"]["key"] for c in tttt["chain"]] == [
        "Sở Thông tin và Truyền thông (Thái Bình)",
        "Sở Khoa học và Công nghệ (Thái Bình)",
        "Sở Khoa học và Công nghệ (Hưng Yên)",
    ]
    assert [c.get("valid_from") for c in tttt["chain"]] == [None, "2025-03-01", "2025-07-01"]
    assert tttt["chain"][2]["legal_source"] == "202/2025/QH15"
    khcn_tb = by_task["tb_2022_kh_cds.txt#1.3"]
    assert [c["agency"]["key"] for c in khcn_tb["chain"]] == [
        "Sở Khoa học và Công nghệ (Thái Bình)",
        "Sở Khoa học và Công nghệ (Hưng Yên)",
    ]
    assert "004_1b73a6d31f29fe0d.txt#8.1" in by_task  # Thái Bình's 2025 plan, too
    assert "hy_2026_kh_57.txt#1.1" in by_task and "chain" not in by_task["hy_2026_kh_57.txt#1.1"]


def test_who_as_of_before_the_mergers_gives_the_old_answer(store: Path, graph: PolicyGraph) -> None:
    data = run(store, "who", "Sở Khoa học và Công nghệ", "--province", "Hưng Yên", "--as-of",
               "2024-12-31")  # fmt: skip
    assert [t["task"]["key"] for t in data["tasks"]] == [
        "hy_2026_kh_57.txt#1.1",
        "hy_2026_kh_57.txt#1.2",
    ]
    printed = who(to_networkx(graph), graph, (KHCN_HY,))
    assert [d.task for d in printed.duties] == [t["task"]["id"] for t in data["tasks"]]


def test_who_of_a_ceased_body_shows_where_its_tasks_went(store: Path) -> None:
    data = run(store, "who", "Sở Thông tin và Truyền thông (Thái Bình)")
    assert len(data["tasks"]) == 2
    assert data["tasks"][0]["chain"][-1]["agency"]["key"] == "Sở Khoa học và Công nghệ (Hưng Yên)"
    text = CliRunner().invoke(cli, ["who", "Sở Khoa học và Công nghệ (Hưng Yên)", "--store",
                                    str(store)]).stdout  # fmt: skip
    assert "↳ Sở Thông tin và Truyền thông (Thái Bình) → 2025-03-01 Sở Khoa học" in text


# --- coverage, cascade, targets, lineage ---------------------------------------------------


def test_coverage_counts_the_provinces_of_the_day(store: Path) -> None:
    today = run(store, "coverage", "57-NQ/TW")
    assert today["provinces"] == 34
    assert [c["province"] for c in today["covered"]] == ["Hưng Yên"]
    (merged,) = today["formerly"]
    assert [p["name"] for p in merged["parts"]] == ["Thái Bình"]
    before = run(store, "coverage", "57-NQ/TW", "--as-of", "2025-01-01")
    assert before["provinces"] == 63
    # Hưng Yên's plan of 2026 was not issued yet.
    assert [c["province"] for c in before["covered"]] == ["Thái Bình"]
    assert "Huế" in before["missing"] and "Thừa Thiên Huế" not in before["missing"]


def test_coverage_without_a_day_is_as_printed(graph: PolicyGraph) -> None:
    result = coverage(to_networkx(graph), graph, "doc/tw/57-NQ-TW")
    assert [p for p, _ in result.covered] == ["Hưng Yên", "Thái Bình"]
    assert len(result.provinces) == 63  # those of the directive's time (22/12/2024)
    assert result.formerly == ()


def test_cascade_and_lineage_name_the_province_of_the_day(store: Path) -> None:
    data = run(store, "cascade", "02-NQ/TU (003_07a70d37f77f3d0b.txt)")
    assert {e["province"] for e in data["entries"]} == {"Hưng Yên"}
    text = CliRunner().invoke(cli, ["cascade", "52-NQ/TW", "--store", str(store)]).stdout
    assert "Thái Bình (now Hưng Yên)" in text and "Hải Dương (now Hải Phòng)" in text
    old = CliRunner().invoke(cli, ["cascade", "52-NQ/TW", "--as-of", "2024-06-01", "--store",
                                   str(store)]).stdout  # fmt: skip
    assert "(now" not in old
    lineage = run(store, "lineage", "tb_2022_kh_cds.txt#1.1")
    assert lineage["provinces"] == [{"name": "Thái Bình", "now": "Hưng Yên", "since": "2025-07-01"}]
    text = CliRunner().invoke(cli, ["lineage", "tb_2022_kh_cds.txt#1.1", "--store",
                                    str(store)]).stdout  # fmt: skip
    assert "provinces: Thái Bình (now Hưng Yên)" in text


def test_targets_put_a_merged_province_beside_its_parts(store: Path) -> None:
    rows = run(store, "targets", "kinh tế số", "--year", "2030")
    pairs = [(r["jurisdiction"], r.get("province")) for r in rows]
    at = pairs.index(("Hưng Yên", None))
    assert pairs[at + 1] == ("Thái Bình", "Hưng Yên")  # the merged province, then its part
    text = CliRunner().invoke(cli, ["targets", "kinh tế số", "--year", "2030", "--store",
                                    str(store)]).stdout  # fmt: skip
    lines = [ln.strip() for ln in text.splitlines()]
    hy = next(i for i, ln in enumerate(lines) if ln.startswith("Hưng Yên "))
    assert lines[hy + 1].startswith("Thái Bình (now Hưng Yên)")


def test_a_replaced_plan_is_out_of_force_after_the_replacing_ones_date() -> None:
    def doc(i: str, d: str) -> Any:
        return make_node(i, NodeType.DOCUMENT, i, date=d, jurisdiction="Thái Bình", loaded=True)

    old, new, tw = "doc/thai-binh/1-KH", "doc/thai-binh/2-KH", "doc/tw/57-NQ-TW"
    nodes = (doc(old, "2021-01-01"), doc(new, "2023-05-01"),
             make_node(tw, NodeType.DOCUMENT, tw, date="2024-12-22"))  # fmt: skip
    edges = (
        make_edge(old, EdgeType.IMPLEMENTS, tw, None),
        make_edge(new, EdgeType.IMPLEMENTS, tw, None),
        make_edge(new, EdgeType.REPLACES, old, None),
    )
    graph = PolicyGraph(nodes=nodes, edges=edges)
    g = to_networkx(graph)
    then = coverage(g, graph, tw, as_of=date(2022, 1, 1))
    assert then.covered == (("Thái Bình", (old,)),)
    now = coverage(g, graph, tw, as_of=date(2024, 1, 1))
    assert now.covered == (("Thái Bình", (new,)),)
    assert now.replaced == ((old, new),)


@pytest.mark.parametrize("text", ["2025-13-01", "1/7/2025", "hôm nay"])
def test_a_bad_day_is_one_line(store: Path, text: str) -> None:
    with pytest.raises(Exception, match="--as-of"):
        as_of(text)
    result = CliRunner().invoke(
        cli, ["who", "Sở Tài chính", "--as-of", text, "--store", str(store)]
    )
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "--as-of" in result.stderr


def test_a_changed_table_changes_the_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policykg.graph.succession import table_digest

    shipped = table_digest()
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "kind,level,old,new,relation,part,effective,source,source_date,source_title,scope,note\n"
        "agency,province,Sở Công thương,Sở Công Thương mới,SUCCEEDED_BY,,2026-02-01,"
        "1/2026/NQ-HĐND,2026-01-15,Nghị quyết thử,Hưng Yên,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("POLICYKG_SUCCESSIONS", str(extra))
    assert table_digest() != shipped


def test_who_of_a_ceased_body_says_once_what_it_is_now(store: Path) -> None:
    args = ["who", "Sở Khoa học và Công nghệ (Thái Bình)", "--store", str(store)]
    text = CliRunner().invoke(cli, args).stdout.splitlines()
    assert text[1] == (
        "  now: Sở Khoa học và Công nghệ (Thái Bình) → 2025-07-01 Sở Khoa học và Công nghệ "
        "(Hưng Yên)"
    )
    assert not any("↳" in line for line in text)


def test_the_as_of_queries_are_canned_with_today_by_default(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from policykg.cli import cli
    from policykg.graph.build import build

    store = tmp_path / "kg"
    build([CORPUS, TIME], store)
    runner = CliRunner()
    agency = "Sở Khoa học và Công nghệ (Hưng Yên)"

    def rows(*args: str) -> list[dict[str, object]]:
        result = runner.invoke(cli, [*args, "--format", "json", "--store", str(store)])
        assert result.exit_code == 0, result.output
        return list(json.loads(result.stdout))

    today = rows("sparql", "who_as_of", "--bind", f"agency={agency}")
    before = rows("sparql", "who_as_of", "--bind", f"agency={agency}", "--bind", "asOf=2024-12-31")
    assert len(today) > len(before)
    cypher_today = rows("cypher", "who_as_of", "--param", f"agency={agency}")
    assert {r["task"] for r in cypher_today} == {r["task"] for r in today}
    old = rows("cypher", "coverage_as_of", "--param", "id=52-NQ/TW", "--param", "as_of=2024-12-31")
    assert "Thái Bình" in {r["province"] for r in old}
    bad = runner.invoke(cli, ["sparql", "coverage_as_of", "--bind", "start=52-NQ/TW",
                              "--bind", "asOf=20241231", "--store", str(store)])  # fmt: skip
    assert bad.exit_code == 1
    assert bad.stderr.strip() == "Error: asOf='20241231': expected a date YYYY-MM-DD"

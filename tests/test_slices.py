"""A query on the part of the graph file it needs answers as it does on the whole graph.

The store of the bundled corpus and the real development set is built once; every
document, a sample of tasks, every agency and the errors a user meets are asked both ways,
and the JSON reports compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from policykg.errors import InputError
from policykg.graph import store as st
from policykg.graph.build import build
from policykg.graph.graphdb import Reader
from policykg.graph.ids import readable_key
from policykg.graph.model import EdgeType, NodeType, PolicyGraph
from policykg.graph.nxgraph import to_networkx
from policykg.queries import report, slices
from policykg.queries.cascade import as_of_day as cascade_as_of
from policykg.queries.cascade import cascade
from policykg.queries.coverage import coverage
from policykg.queries.ids import find_document, find_node
from policykg.queries.lineage import as_of_day as lineage_as_of
from policykg.queries.lineage import lineage
from policykg.queries.targets import targets
from policykg.queries.who import find_agencies, who

ROOT = Path(__file__).resolve().parent.parent
IMPLEMENTS = (EdgeType.IMPLEMENTS,)
# Unasked (as printed), before the 2025 mergers, and after them.
DAYS = (None, date(2024, 12, 31), date(2026, 1, 1))
ALL_UP = (EdgeType.IMPLEMENTS, EdgeType.CITES, EdgeType.IS_BASED_ON)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PolicyGraph, Reader]]:
    store = tmp_path_factory.mktemp("slices") / "store"
    folders = [ROOT / "examples" / "corpus", ROOT / "tests" / "data" / "real"]
    build([*folders, ROOT / "tests" / "data" / "time" / "corpus"], store, jobs=1)
    with st.open_graph(store) as reader:
        yield st.load_graph(store), reader


def _same(whole: Callable[[], Any], part: Callable[[], Any]) -> None:
    """Both answer the same, or both refuse with the same message."""
    try:
        expected = whole()
    except InputError as exc:
        with pytest.raises(InputError) as caught:
            part()
        assert str(caught.value) == str(exc)
        return
    assert part() == expected


def _idents(graph: PolicyGraph) -> list[str]:
    docs = [n for n in graph.nodes if n.type is NodeType.DOCUMENT]
    tasks = [n for n in graph.nodes if n.type is NodeType.TASK][::7]
    keys = [readable_key(graph, n.id) for n in [*docs, *tasks]]
    typed = [str(n.get("number")) for n in docs if n.get("number")]
    wrong = ["57-NQ/TX", "nothing.txt", "02-NQ/TU", f"{docs[0].get('source')}#99.99"]
    return sorted({*keys, *typed, *(n.id for n in docs[:20]), *wrong})


def test_lineage_on_a_slice_is_lineage_on_the_graph(stored: tuple[PolicyGraph, Reader]) -> None:
    graph, reader = stored
    g = to_networkx(graph)
    # Each ident once, the days and the edges followed taking turns: every combination is
    # met many times over, at a quarter of the cost of all of them for every ident.
    ways = [(IMPLEMENTS, d) for d in DAYS] + [(ALL_UP, DAYS[-1])]
    for i, ident in enumerate(_idents(graph)):
        for follow, day in [ways[i % len(ways)]]:

            def whole(
                ident: str = ident, follow: tuple[EdgeType, ...] = follow, day: date | None = day
            ) -> Any:
                result = lineage(g, find_node(graph, ident), follow=follow)
                if day is not None:
                    result = lineage_as_of(graph, result, day)
                return report.lineage_json(graph, result)

            def part(
                ident: str = ident, follow: tuple[EdgeType, ...] = follow, day: date | None = day
            ) -> Any:
                sub, start = slices.lineage(reader, ident, province=None, follow=follow)
                result = lineage(to_networkx(sub), start, follow=follow)
                if day is not None:
                    result = lineage_as_of(sub, result, day)
                return report.lineage_json(sub, result)

            _same(whole, part)


def test_cascade_and_coverage_on_a_slice(stored: tuple[PolicyGraph, Reader]) -> None:
    graph, reader = stored
    g = to_networkx(graph)
    docs = [i for i in _idents(graph) if "#" not in i]
    asked = [(d, DAYS[i % len(DAYS)]) for i, d in enumerate(docs)]
    asked += [(d, day) for d in ("57-NQ/TW", "52-NQ/TW") for day in DAYS]
    for ident, day in asked:

        def answers(sub: PolicyGraph, h: Any, start: str, day: date | None) -> Any:
            result = cascade(h, start)
            if day is not None:
                result = cascade_as_of(sub, result, day)
            return (
                report.cascade_json(sub, result),
                report.coverage_json(sub, coverage(h, sub, start, as_of=day)),
                report.coverage_json(sub, coverage(h, sub, start, among="loaded", as_of=day)),
            )

        def whole(ident: str = ident, day: date | None = day) -> Any:
            return answers(graph, g, find_document(graph, ident), day)

        def part(ident: str = ident, day: date | None = day) -> Any:
            sub, start = slices.cascade(reader, ident, province=None, follow=IMPLEMENTS)
            return answers(sub, to_networkx(sub), start, day)

        _same(whole, part)


def test_who_on_a_slice(stored: tuple[PolicyGraph, Reader]) -> None:
    graph, reader = stored
    g = to_networkx(graph)
    agencies = [n for n in graph.nodes if n.type is NodeType.AGENCY]
    names = {readable_key(graph, n.id) for n in agencies} | {n.label for n in agencies[::5]}
    names |= {"Sở Thông tin", "so tai chinh", "Không có cơ quan này", "UBND tỉnh"}
    places = (None, "Thái Bình")
    asked = [(n, places[i % 2], DAYS[i % 3]) for i, n in enumerate(sorted(names))]
    merged = ["Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Sở Tài chính"]
    asked += [(n, p, d) for n in merged for p in (None, "Hưng Yên") for d in DAYS]
    for name, province, day in asked:

        def whole(name: str = name, province: str | None = province, day: Any = day) -> Any:
            found = find_agencies(graph, name, province=province)
            return report.who_json(graph, who(g, graph, found, as_of=day))

        def part(name: str = name, province: str | None = province, day: Any = day) -> Any:
            sub, found = slices.who(reader, name, province=province)
            return report.who_json(sub, who(to_networkx(sub), sub, found, as_of=day))

        _same(whole, part)


def test_targets_on_a_slice(stored: tuple[PolicyGraph, Reader]) -> None:
    graph, reader = stored
    sub = slices.targets(reader)
    for text in ("kinh tế số", "kinh te so", "GRDP", "doanh nghiệp", "không có"):
        for year, day in [(None, None), (2025, DAYS[1]), (2030, DAYS[2]), (None, DAYS[2])]:
            expected = report.targets_json(graph, targets(graph, text, year=year, as_of=day))
            assert report.targets_json(sub, targets(sub, text, year=year, as_of=day)) == expected


def test_a_slice_reads_a_small_part_of_the_graph(stored: tuple[PolicyGraph, Reader]) -> None:
    graph, reader = stored
    sub, _ = slices.lineage(reader, "004_1b73a6d31f29fe0d.txt#8.1", province=None, follow=ALL_UP)
    tasks = [n for n in sub.nodes if n.type is NodeType.TASK]
    assert 0 < len(tasks) < 5
    assert len(sub.nodes) < len(graph.nodes) / 3


def test_a_graph_without_some_edge_types_answers(tmp_path: Path) -> None:
    # A graph written before an edge type existed (its file numbers only its own types).
    from policykg.graph import graphdb
    from policykg.graph.model import make_node

    doc = make_node("doc/tw/57-NQ-TW", NodeType.DOCUMENT, "57-NQ/TW", number="57-NQ/TW")
    graphdb.write(tmp_path / "g.db", PolicyGraph(nodes=(doc,), edges=()), [])
    with graphdb.Reader(tmp_path / "g.db") as reader:
        reader._codes.pop(EdgeType.SPLIT_TO)
        assert reader.edges([doc.id], slices.SUCCESSIONS) == []
        sub, start = slices.cascade(reader, "57-NQ/TW", province=None, follow=IMPLEMENTS)
    assert start == doc.id and [n.id for n in sub.nodes] == [doc.id]

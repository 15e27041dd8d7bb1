"""`policykg cascade` walked in the graph file answers as the cascade on the whole graph.

The command no longer slices the graph and walks a networkx copy: it walks the file's
indexes (:func:`slices.walked_cascade`, ``Reader.links``), reads the evidence of only the
edges it prints (``Reader.edges_of``), and writes its JSON in pieces. Every document of
the bundled corpus, the development set, the time corpus and a generated pair of provinces
is asked both ways, with the days and the edges followed taking turns, and the JSON and
the table compared; so is the command's output, byte for byte.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import InputError
from policykg.graph.graphdb import Reader
from policykg.graph.ids import readable_key
from policykg.graph.model import EdgeType, NodeType, PolicyGraph
from policykg.graph.nxgraph import to_networkx
from policykg.queries import report, slices
from policykg.queries.cascade import as_of_day, cascade
from policykg.queries.ids import find_document

from .conftest import opened_stores

ROOT = Path(__file__).resolve().parent.parent
IMPLEMENTS = (EdgeType.IMPLEMENTS,)
EVERY = (EdgeType.IMPLEMENTS, EdgeType.CITES, EdgeType.IS_BASED_ON, EdgeType.REPLACES)
# Before the 2025 mergers, on the day Thái Bình joined Hưng Yên, and after them.
DAYS = (date(2024, 12, 31), date(2025, 7, 1), date(2026, 1, 1))


def _generated(base: Path) -> Path:
    """Two provinces of a generated corpus: Thái Bình merged into Hưng Yên in 2025."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    # Eight documents a province: the whole chain, replacements and department plans.
    generate.generate(base / "all", 8 * 63)
    return base / "all"


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[PolicyGraph, Reader]]]:
    base = tmp_path_factory.mktemp("cascade")
    generated = _generated(base)
    corpora = {
        "bundled": [ROOT / "examples" / "corpus", ROOT / "tests" / "data" / "real"],
        "time": [ROOT / "tests" / "data" / "time" / "corpus"],
        "generated": [generated / "thai-binh", generated / "hung-yen"],
    }
    with opened_stores(base, corpora) as out:
        yield out


def _asked(graph: PolicyGraph) -> list[str]:
    docs = [n for n in graph.nodes if n.type is NodeType.DOCUMENT]
    typed = [str(n.get("number")) for n in docs if n.get("number")]
    wrong = ["57-NQ/TX", "nothing.txt", "02-NQ/TU"]
    return sorted({*(readable_key(graph, n.id) for n in docs), *typed, *wrong})


def _answers(graph: PolicyGraph, result: Any, day: date | None) -> tuple[Any, str]:
    if day is not None:
        result = as_of_day(graph, result, day)
    return report.cascade_json(graph, result), report.cascade_table(graph, result)


def test_a_walked_cascade_is_the_cascade_of_the_whole_graph(
    stores: list[tuple[PolicyGraph, Reader]],
) -> None:
    ways = [(IMPLEMENTS, d) for d in (None, *DAYS)] + [(EVERY, DAYS[-1])]
    asked = 0
    for graph, reader in stores:
        g = to_networkx(graph)
        for i, ident in enumerate(_asked(graph)):
            follow, day = ways[i % len(ways)]
            try:
                start = find_document(graph, ident)
            except InputError as exc:
                with pytest.raises(InputError) as caught:
                    slices.walked_cascade(reader, ident, province=None, follow=follow)
                assert str(caught.value) == str(exc)
                continue
            expected = _answers(graph, cascade(g, start, follow=follow), day)
            sub, found = slices.walked_cascade(reader, ident, province=None, follow=follow)
            assert found == cascade(g, start, follow=follow)
            assert found.keys == {n: readable_key(graph, n) for n in found.keys}
            assert _answers(sub, found, day) == expected
            # Without evidence, the table is the same (JSON is not asked of such a graph).
            sub, found = slices.walked_cascade(
                reader, ident, province=None, follow=follow, evidence=False
            )
            assert _answers(sub, found, day)[1] == expected[1]
            asked += bool(found.entries)
    assert asked > 20


def test_the_generated_provinces_cascade_across_the_merger(
    stores: list[tuple[PolicyGraph, Reader]],
) -> None:
    graph, reader = stores[-1]
    sub, found = slices.walked_cascade(reader, "57-NQ/TW", province=None, follow=IMPLEMENTS)
    before = as_of_day(sub, found, DAYS[0])
    after = as_of_day(sub, found, DAYS[-1])
    assert {"Thái Bình", "Hưng Yên"} <= {now for _, now in before.provinces.values()}
    assert ("Thái Bình", "Hưng Yên") in after.provinces.values()
    assert "Thái Bình" not in {now for _, now in after.provinces.values()}
    assert after.replaced  # the later plans replace the earlier ones
    # Only the edge each implementer is shown by is read, not every edge among them.
    shown = {(e.node, e.edge.value, e.via) for e in found.entries}
    followed = [e for e in sub.edges if e.type is EdgeType.IMPLEMENTS]
    assert {e.key for e in followed} == shown
    among = [e for e in graph.edges if e.type is EdgeType.IMPLEMENTS and e.target in sub]
    assert len(among) > len(followed)


def test_links_and_edges_of_are_what_edges_gives(stores: list[tuple[PolicyGraph, Reader]]) -> None:
    graph, reader = stores[0]
    docs = [n.id for n in graph.nodes if n.type is NodeType.DOCUMENT]
    for incoming in (False, True):
        edges = reader.edges(docs, EVERY, incoming=incoming)
        keys = sorted((e.source, e.type, e.target) for e in edges)
        assert keys and sorted(reader.links(docs, EVERY, incoming=incoming)) == keys
        near = {e.target if incoming else e.source for e in edges}
        far = sorted({e.source if incoming else e.target for e in edges})
        besides = far[::2]
        kept = [k for k in keys if (k[0] if incoming else k[2]) not in besides]
        assert sorted(reader.links(near, EVERY, incoming=incoming, besides=besides)) == kept
        chosen = sorted(reader.edges_of(keys[::3]), key=lambda e: e.key)
        assert chosen == sorted(edges, key=lambda e: e.key)[::3]
    missing = (docs[0], EdgeType.SPLIT_TO, docs[1])
    assert reader.edges_of([missing]) == [] and reader.edges_of([]) == []
    assert reader.links(docs, []) == []


@pytest.mark.parametrize("batch", [1, 2, 1000], ids=["one", "two", "all"])
def test_the_json_text_is_json_dumps(stores: list[tuple[PolicyGraph, Reader]], batch: int) -> None:
    _, reader = stores[-1]
    for ident in ("57-NQ/TW", "52-NQ/TW", "749/QĐ-TTg"):
        sub, found = slices.walked_cascade(reader, ident, province=None, follow=IMPLEMENTS)
        data = report.cascade_json(sub, as_of_day(sub, found, DAYS[1]))
        text = "".join(report.cascade_json_text(data, batch=batch))
        assert text == json.dumps(data, ensure_ascii=False)
    empty = {"directive": {"id": "doc/tw/x", "label": "Đề án"}, "entries": []}
    assert "".join(report.cascade_json_text(empty)) == json.dumps(empty, ensure_ascii=False)


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_the_command_prints_the_whole_graph_answer(
    stores: list[tuple[PolicyGraph, Reader]], fmt: str
) -> None:
    graph, reader = stores[-1]
    start = find_document(graph, "57-NQ/TW")
    result = as_of_day(graph, cascade(to_networkx(graph), start), DAYS[-1])
    if fmt == "json":
        expected = json.dumps(report.cascade_json(graph, result), ensure_ascii=False) + "\n"
    else:
        expected = report.cascade_table(graph, result)
    args = ["cascade", "57-NQ/TW", "--as-of", "2026-01-01", "--format", fmt]
    out = CliRunner().invoke(cli, [*args, "--store", str(reader.path.parent)])
    assert out.exit_code == 0, out.output
    assert out.stdout == expected


def test_arriving_rows_are_the_links_their_nodes_and_edges(
    stores: list[tuple[PolicyGraph, Reader]],
) -> None:
    for graph, reader in stores:
        docs = [n.id for n in graph.nodes if n.type is NodeType.DOCUMENT]
        besides = docs[::3]
        rows = reader.arriving(docs, EVERY, besides=besides)
        keys = [(s, k, d) for s, k, d, _, _ in rows]
        assert keys and sorted(keys) == sorted(
            reader.links(docs, EVERY, incoming=True, besides=besides)
        )
        assert [reader.node_of_row(n) for _, _, _, n, _ in rows] == [
            graph.node(s) for s, _, _ in keys
        ]
        assert [reader.edge_of_row(e) for _, _, _, _, e in rows] == [graph.edge(*k) for k in keys]
    assert reader.arriving(docs, []) == []


def test_a_key_is_the_same_from_either_form_of_the_graph(
    stores: list[tuple[PolicyGraph, Reader]],
) -> None:
    graph, _ = stores[0]
    g = to_networkx(graph)
    assert [readable_key(graph, n.id) for n in graph.nodes] == [
        readable_key(g, n.id) for n in graph.nodes
    ]

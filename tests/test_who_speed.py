"""`policykg who` on a slice without networkx answers as `who` on the whole graph.

The command reads only the agencies, the chosen ones' tasks, those tasks' documents and
the successions of their bodies (:func:`slices.who`), and :func:`who` reads the slice's
own edges in networkx's order. Every agency of the bundled corpus and of a generated pair
of provinces (Thái Bình merged into Hưng Yên in 2025) is asked both ways, with and without
a province and a day, and the JSON and the table compared; so is the command's output.
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
from policykg.graph.model import NodeType, PolicyGraph
from policykg.graph.nxgraph import to_networkx
from policykg.queries import report, slices
from policykg.queries.who import _Edges, find_agencies, who

from .conftest import opened_stores

ROOT = Path(__file__).resolve().parent.parent
DAYS = (None, date(2024, 12, 31), date(2025, 7, 1), date(2026, 1, 1))


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[PolicyGraph, Reader]]]:
    base = tmp_path_factory.mktemp("who")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate.generate(base / "all", 4 * 63)
    corpora = {
        "bundled": [ROOT / "examples" / "corpus", ROOT / "tests" / "data" / "real"],
        "generated": [base / "all" / "thai-binh", base / "all" / "hung-yen"],
    }
    with opened_stores(base, corpora) as out:
        yield out


def _answers(graph: PolicyGraph, g: Any, found: tuple[str, ...], day: date | None) -> Any:
    result = who(g, graph, found, as_of=day)
    return report.who_json(graph, result), report.who_table(graph, result)


def test_who_on_a_slice_is_who_on_the_whole_graph(
    stores: list[tuple[PolicyGraph, Reader]],
) -> None:
    asked = 0
    for graph, reader in stores:
        g = to_networkx(graph)
        agencies = [n for n in graph.nodes if n.type is NodeType.AGENCY]
        names = sorted({readable_key(graph, n.id) for n in agencies} | {n.label for n in agencies})
        names += ["Sở Khoa hoc va Cong nghe", "UBND tỉnh", "Không có cơ quan này", agencies[0].id]
        places = (None, "Thái Bình", "Hưng Yên")
        for i, name in enumerate(names):
            province, day = places[i % 3], DAYS[i % 4]
            try:
                found = find_agencies(graph, name, province=province)
            except InputError as exc:
                with pytest.raises(InputError) as caught:
                    slices.who(reader, name, province=province)
                assert str(caught.value) == str(exc)
                continue
            sub, got = slices.who(reader, name, province=province)
            assert got == found
            expected = _answers(graph, g, found, day)
            assert _answers(sub, sub, got, day) == expected  # the slice's own edges
            assert _answers(sub, to_networkx(sub), got, day) == expected
            asked += bool(expected[0]["tasks"])
    assert asked > 20


def test_a_who_slice_holds_only_the_documents_of_its_tasks(
    stores: list[tuple[PolicyGraph, Reader]],
) -> None:
    graph, reader = stores[-1]
    sub, found = slices.who(reader, "Sở Khoa học và Công nghệ", province="Hưng Yên")
    docs = {n.id for n in sub.nodes if n.type is NodeType.DOCUMENT}
    tasks = [n for n in sub.nodes if n.type is NodeType.TASK]
    assert tasks and docs == {str(n.get("document")) for n in tasks}
    assert len(docs) < len([n for n in graph.nodes if n.type is NodeType.DOCUMENT])
    # As of a day after the merger, Thái Bình's department's tasks come with their chain.
    result = who(sub, sub, found, as_of=date(2026, 1, 1))
    assert any(d.chain for d in result.duties)


def test_the_edges_come_in_networkx_order(stores: list[tuple[PolicyGraph, Reader]]) -> None:
    graph, _ = stores[-1]
    ours, theirs = _Edges(graph), _Edges(to_networkx(graph))
    shown = ("type", "evidence")  # networkx's data holds these beside the props

    def props(d: Any) -> dict[str, Any]:
        return {k: v for k, v in d.items() if k not in shown}

    for n in graph.nodes[::7]:
        expected = [(s, k, props(d)) for s, k, d in theirs.arriving(n.id)]
        assert list(ours.arriving(n.id)) == expected
        assert [(t, k) for t, k, _ in ours.leaving(n.id)] == [
            (t, k) for t, k, _ in theirs.leaving(n.id)
        ]


@pytest.mark.parametrize("fmt", ["json", "table"])
@pytest.mark.parametrize("day", [None, "2026-01-01"])
def test_the_command_prints_the_whole_graph_answer(
    stores: list[tuple[PolicyGraph, Reader]], fmt: str, day: str | None
) -> None:
    graph, reader = stores[-1]
    found = find_agencies(graph, "Sở Khoa học và Công nghệ", province="Hưng Yên")
    when = date.fromisoformat(day) if day else date.today()
    data, table = _answers(graph, to_networkx(graph), found, when)
    args = ["who", "Sở Khoa học và Công nghệ", "--province", "Hưng Yên", "--format", fmt]
    args += ["--as-of", day] if day else []
    out = CliRunner().invoke(cli, [*args, "--store", str(reader.path.parent)])
    assert out.exit_code == 0, out.output
    if fmt == "json":
        assert json.loads(out.stdout) == data
    else:
        assert out.stdout == table

"""``view all`` read from the open store (viz/slices.py): the page drawn from the whole
graph, without loading it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph import graphdb
from policykg.graph import store as store_module
from policykg.graph.build import build
from policykg.graph.graphdb import Reader
from policykg.graph.model import NodeType, PolicyGraph
from policykg.graph.store import GRAPH_FILE, load_graph, open_graph
from policykg.loaders.places import fold
from policykg.viz import drawing, select, slices
from policykg.viz.drawing import IMPORTANCE
from policykg.viz.view import render, render_slice

from .conftest import CORPUS
from .test_view import _programme_graph

# The unit graph of test_view with a programme its central issuer makes national.
PROGRAMME = _programme_graph({}, issued_by=True)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view-scale") / "store"
    build([CORPUS], path)
    return path


@pytest.fixture(scope="module")
def programme_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view-scale") / "programme"
    path.mkdir()
    graphdb.write(path / GRAPH_FILE, PROGRAMME, [])
    return path


@pytest.fixture(params=["corpus", "programme"])
def stored(
    request: pytest.FixtureRequest, corpus_store: Path, programme_store: Path
) -> Iterator[tuple[Path, PolicyGraph]]:
    path = corpus_store if request.param == "corpus" else programme_store
    yield path, load_graph(path)


# The programme graph has 4 documents and 7 nodes of ALL_TYPES: 5 stops after the agencies,
# 1 after the documents.
@pytest.mark.parametrize("limit", [select.ALL_LIMIT, 5, 1], ids=["all-types", "over", "docs"])
def test_all_view_from_the_store_is_the_page_of_the_loaded_graph(
    stored: tuple[Path, PolicyGraph], limit: int
) -> None:
    path, graph = stored
    expected = select.all_view(graph, limit=limit)
    with open_graph(path) as reader:
        view = slices.all_view(reader, limit=limit)
    assert view.selection == expected
    page = render(
        graph, expected.nodes, title=expected.title, edges=expected.edges, note=expected.note
    )
    assert render_slice(view) == page


def test_documents_only_view_reads_no_task_and_never_the_whole_graph(
    corpus_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def whole(self: Reader) -> None:
        raise AssertionError("the whole graph was read")

    for name in ("graph", "stream_nodes", "stream_edges"):
        monkeypatch.setattr(Reader, name, whole)
    asked: list[NodeType] = []
    of_type = Reader.nodes_of_type

    def counted(self: Reader, kind: NodeType, place: str | None = None) -> list[object]:
        asked.append(kind)
        return list(of_type(self, kind, place))

    monkeypatch.setattr(Reader, "nodes_of_type", counted)
    with open_graph(corpus_store) as reader:
        view = slices.all_view(reader, limit=1)
    assert view.selection.note and view.selection.note.startswith("documents only")
    assert sorted(asked) == sorted([NodeType.DOCUMENT, NodeType.JURISDICTION])


def test_the_command_never_loads_the_whole_graph(
    corpus_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def whole(*args: object) -> None:
        raise AssertionError("the whole graph was read")

    for name in ("graph", "stream_nodes", "stream_edges"):
        monkeypatch.setattr(Reader, name, whole)
    monkeypatch.setattr(store_module, "load_graph", whole)
    out = tmp_path / "all.html"
    args = ["view", "all", "-o", str(out), "--store", str(corpus_store)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert '"ptype":"Task"' in out.read_text("utf-8")


def test_incoming_counts_are_the_edges_of_the_whole_graph(corpus_store: Path) -> None:
    graph = load_graph(corpus_store)
    expected = Counter(e.target for e in graph.edges if e.type in IMPORTANCE)
    with open_graph(corpus_store) as reader:
        counted = slices.incoming(reader, [n.id for n in graph.nodes], IMPORTANCE)
        assert slices.incoming(reader, ["no/such/node"], IMPORTANCE) == {}
    assert counted == dict(expected)


def test_every_type_of_the_view_is_read_and_every_edge_ends_where_said(
    corpus_store: Path,
) -> None:
    assert set(slices.FETCH_ORDER) == set(select.ALL_TYPES)
    graph = load_graph(corpus_store)
    kinds = {n.id: n.type for n in graph.nodes}
    ends = {(e.type, kinds[e.target]) for e in graph.edges if e.type in slices.ENDS_AT}
    assert all(kind is slices.ENDS_AT[edge_type] for edge_type, kind in ends)
    assert len(ends) >= 10  # most of them are in the corpus


@pytest.mark.parametrize(
    "text",
    ["doc/thai-binh/file/004_1b73a6d31f29fe0d", "02-NQ/TU", "  Task\t8.1 ", "Đề án Thái Bình"],
    ids=["id", "number", "spaces", "vietnamese"],
)
def test_search_keys_fold_ascii_as_fold_does(text: str) -> None:
    assert drawing._fold(text) == fold(text)

"""The query databases made fast (issue 14): N-Triples written as text are the lines of the
rdflib terms, and Oxigraph is loaded a piece at a time beside the thread that writes them."""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from policykg.errors import InputError
from policykg.graph import derived
from policykg.graph import embedded as lb
from policykg.graph import store as st
from policykg.graph.build import build
from policykg.graph.ids import readable_key
from policykg.graph.model import EdgeType, Node, NodeType, PolicyGraph, make_edge, make_node
from policykg.graph.rdfgraph import DEFAULT_BASE, ntriple, ntriples_text, stream_triples, to_rdf
from policykg.records import Provenance, Span

from .conftest import CORPUS, generated_store
from .graphs import PLAN, SO_KHCN, TW, UBND, policy_graph, sample_graph

# --- N-Triples as text -----------------------------------------------------------------


def _odd_graph() -> PolicyGraph:
    """The sample graph and what it lacks: validity intervals, successions, a page, texts
    to escape or normalise, a date that is no date, an integer where a double is declared."""
    g = sample_graph()
    odd = 'Dòng một\nDòng "hai"\r\\ ba ' + unicodedata.normalize("NFD", "Thái Bình")
    scan = Provenance(
        source="scan 01.pdf", span=Span(start=5, end=40), section=("I", "2"), quote=odd, page=3
    )
    old = "place/ha-tay"
    nodes = [
        *(n for n in g.nodes if n.id not in {"place/thai-binh", TW}),
        make_node(
            "place/thai-binh",
            NodeType.JURISDICTION,
            unicodedata.normalize("NFD", "Thái Bình"),
            name="Thái Bình",
            national=False,
            valid_from="2025-07-01",
            valid_to="2025-02-30",  # not a calendar date: a string, and no instant
        ),
        make_node(old, NodeType.JURISDICTION, "Hà Tây", name="Hà Tây", valid_to="2008-08-01"),
        make_node(
            TW,
            NodeType.DOCUMENT,
            odd,
            kind="resolution",
            number="52-NQ/TW",
            date="2019-09-31",  # not a calendar date either
            title=odd,
            loaded=False,
        ),
        make_node(
            f"{PLAN}/target/9",
            NodeType.TARGET,
            "9",
            value=20,
            year=2030,
            document=PLAN,
            text=odd,
        ),
    ]
    edges = [
        *g.edges,
        make_edge(old, EdgeType.MERGED_INTO, "place/thai-binh", None, valid_from="2008-08-01"),
        make_edge(SO_KHCN, EdgeType.SUCCEEDED_BY, UBND, scan),
        make_edge(PLAN, EdgeType.LED_BY, UBND, None),  # a role without evidence
        make_edge(f"{PLAN}/target/9", EdgeType.PART_OF, PLAN, scan),  # the span shared
    ]
    return policy_graph(nodes, edges)


def _keyed(graph: PolicyGraph) -> list[tuple[Node, str]]:
    return [(n, readable_key(graph, n.id)) for n in graph.nodes]


def _rdflib_lines(nodes: list[tuple[Node, str]], edges: Any, base: str) -> list[str]:
    text = "".join(ntriple(t) for t in stream_triples(nodes, edges, base=base))
    return sorted(text.splitlines())


@pytest.mark.parametrize("make", [sample_graph, _odd_graph], ids=["sample", "odd"])
@pytest.mark.parametrize("base", [DEFAULT_BASE, "https://example.org/kg/"])
def test_the_text_is_the_lines_of_the_rdflib_terms(make: Any, base: str) -> None:
    graph = make()
    nodes = _keyed(graph)
    text = "".join(ntriples_text(nodes, graph.edges, base=base))
    assert sorted(text.splitlines()) == _rdflib_lines(nodes, graph.edges, base)
    # and parsed back, the same graph as the rdflib form's
    parsed = Graph().parse(data=text, format="nt")
    assert set(parsed) == set(to_rdf(graph, base=base))


def test_a_shared_span_and_a_day_are_written_once() -> None:
    graph = _odd_graph()
    lines = "".join(ntriples_text(_keyed(graph), graph.edges)).splitlines()
    exact = [line for line in lines if "#exact>" in line and "scan" not in line]
    assert len(exact) == len(set(exact))
    instants = [line for line in lines if "/instant/2008-08-01> <" in line and "#type>" in line]
    assert len(instants) == 1


def test_an_unknown_document_kind_is_the_same_error() -> None:
    bad = Node(id=TW, type=NodeType.DOCUMENT, label="x", props=(("kind", "poem"),))
    with pytest.raises(ValueError, match="unknown document kind 'poem'"):
        list(ntriples_text([(bad, "x")], []))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("speed") / ".policykg"
    build([CORPUS], path)
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_store(tmp_path_factory.mktemp("generated"), 60)


def _store_lines(store: Path) -> tuple[list[bytes], list[bytes]]:
    """The store's N-Triples as written now, and through rdflib terms."""
    fast = b"".join(derived.ntriples_chunks(store, base=DEFAULT_BASE)).splitlines()
    with st.open_graph(store) as g:
        slow = _rdflib_lines(list(derived.keyed(g.stream_nodes())), g.stream_edges(), DEFAULT_BASE)
    return sorted(fast), [line.encode() for line in slow]


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_a_stores_text_is_the_lines_of_the_rdflib_terms(
    which: str, store: Path, generated: Path
) -> None:
    fast, slow = _store_lines(store if which == "bundled" else generated)
    assert fast == slow and len(fast) > 1000


# --- Oxigraph, a piece at a time -------------------------------------------------------


def _copy(store: Path, to: Path) -> Path:
    to.mkdir()
    (to / st.GRAPH_FILE).write_bytes((store / st.GRAPH_FILE).read_bytes())
    return to


def _triples(path: Path) -> set[str]:
    from policykg.queries.sparql import open_oxigraph

    db = open_oxigraph(path)
    try:
        return {f"{q.subject} {q.predicate} {q.object} ." for q in db}
    finally:
        del db


def _threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == "policykg-ntriples"]


def test_small_pieces_load_the_same_triples(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _triples(st.oxigraph(_copy(store, tmp_path / "whole")))
    calls: list[int] = []
    real = derived._Chunks

    def counted(chunks: Iterator[bytes], limit: int) -> derived._Chunks:
        calls.append(limit)
        return real(chunks, limit)

    monkeypatch.setattr(derived, "PIECE", 1)  # a chunk (about 1 MB) per piece
    monkeypatch.setattr(derived, "ntriples_chunks", _small_chunks(derived.ntriples_chunks))
    monkeypatch.setattr(derived, "_Chunks", counted)
    pieces = _triples(st.oxigraph(_copy(store, tmp_path / "pieces")))
    assert pieces == whole and len(calls) > 10
    lines = b"".join(derived.ntriples_chunks(store, base=DEFAULT_BASE)).decode().splitlines()
    assert len(whole) == len(set(lines))


def _small_chunks(real: Any) -> Any:
    """``ntriples_chunks`` cut at every 50th line, so that the bundled corpus has pieces."""

    def chunks(store: Path, *, base: str) -> Iterator[bytes]:
        lines = b"".join(real(store, base=base)).splitlines(keepends=True)
        for i in range(0, len(lines), 50):
            yield b"".join(lines[i : i + 50])

    return chunks


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (InputError("graph.db: the graph is damaged (x); rebuild it"), "the graph is damaged"),
        (ValueError("doc/x: unknown document kind 'poem'"), "unknown document kind"),
    ],
    ids=["damaged-graph", "bad-kind"],
)
def test_an_error_of_the_writing_thread_is_raised_as_it_was(
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    expected: str,
) -> None:
    s = _copy(store, tmp_path / "s")

    def broken(*_: Any, **__: Any) -> Iterator[bytes]:
        yield b"<https://x/a> <https://x/p> <https://x/b> .\n"
        raise error

    monkeypatch.setattr(derived, "ntriples_chunks", broken)
    with pytest.raises(type(error), match=expected):
        st.oxigraph(s)
    assert not list(s.glob("oxigraph-*")) and not list(s.glob(".oxigraph-*"))
    _no_thread_left()


def test_a_failed_load_stops_the_writing_thread(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = _copy(store, tmp_path / "s")

    def endless(*_: Any, **__: Any) -> Iterator[bytes]:
        yield b"<https://x/a> <https://x/p> this is not N-Triples .\n"
        while True:
            yield b"<https://x/a> <https://x/p> <https://x/b> .\n" * 1000

    monkeypatch.setattr(derived, "ntriples_chunks", endless)
    with pytest.raises(InputError, match="cannot make the SPARQL database"):
        st.oxigraph(s)
    _no_thread_left()


def _no_thread_left() -> None:
    deadline = time.monotonic() + 5
    while _threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _threads() == []


# --- the Cypher database --------------------------------------------------------------


def test_the_cypher_database_holds_every_row(generated: Path, tmp_path: Path) -> None:
    s = _copy(generated, tmp_path / "s")
    db = lb.connect(st.embedded(s))
    try:
        nodes = db.connection.execute("MATCH (n) RETURN count(n)").get_all()[0][0]
        rels = db.connection.execute("MATCH ()-[r]->() RETURN count(r)").get_all()[0][0]
    finally:
        db.close()
    with st.open_graph(s) as g:
        assert (nodes, rels) == (sum(1 for _ in g.stream_nodes()), sum(1 for _ in g.stream_edges()))

"""Which rows are the graph, decided again in place: the same as deciding from nothing.

Small parts that disagree: two give the same node id (the first by file name wins, the
other is kept aside and takes over when the first goes), and an edge names a node no part
gives yet (kept aside until one does, and put aside again when it goes). After each change
to a kept file, its graph and its rows kept aside equal those of a file made from nothing
with the parts as they now are.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from policykg.graph import graphdb
from policykg.graph import parts as parts_module
from policykg.graph.heads import head_of
from policykg.graph.model import Edge, EdgeType, Node, NodeType
from policykg.graph.parts import Parts, Rows
from policykg.loaders.parse import parse_file
from policykg.records import Provenance, Span

from .conftest import CORPUS

HEAD = head_of(parse_file(sorted(CORPUS.glob("*.txt"))[0]))


def _node(node_id: str, label: str) -> Node:
    return Node(id=node_id, type=NodeType.AGENCY, label=label, props=(("name", label),))


def _edge(source: str, target: str) -> Edge:
    quote = f"{source} thuộc {target}"
    seen = Provenance(
        source="x.txt", span=Span(start=0, end=len(quote)), section=("I",), quote=quote
    )
    return Edge(source=source, type=EdgeType.SUB_ORGANIZATION_OF, target=target, evidence=seen)


# The parts by file name: a.txt and b.txt both give agency/x; b.txt's edge ends at
# agency/z, which only c.txt gives.
PARTS = {
    "a.txt": Rows.of(
        [_node("agency/x", "X of a"), _node("agency/y", "Y")], [_edge("agency/x", "agency/y")]
    ),
    "b.txt": Rows.of([_node("agency/x", "X of b")], [_edge("agency/x", "agency/z")]),
    "c.txt": Rows.of([_node("agency/z", "Z")], []),
}


def _put(parts: Parts, source: str) -> None:
    parts.put_head(
        dataclasses.replace(HEAD, source=source, path=source), key=source, sha256="", warnings=0
    )
    parts.put_part(source, "", PARTS[source])


def _finish(parts: Parts) -> None:
    try:
        parts.finish("[]", [], "test")
    finally:
        parts.close()


def _contents(path: Path) -> tuple[Any, ...]:
    with graphdb.Reader(path) as reader:
        graph = reader.graph()
    con = sqlite3.connect(path)
    try:
        spare = (
            sorted(
                con.execute(
                    "SELECT k.source, x.seq, x.id, x.label FROM spare_nodes x "
                    "JOIN docs k ON k.doc = x.part"
                )
            ),
            sorted(
                con.execute(
                    "SELECT k.source, x.src, x.type, x.dst FROM spare_edges x "
                    "JOIN docs k ON k.doc = x.part"
                )
            ),
        )
    finally:
        con.close()
    return graph.nodes, graph.edges, spare


def _fresh(tmp_path: Path, sources: list[str]) -> tuple[Any, ...]:
    path = tmp_path / f"fresh-{'-'.join(sources) or 'none'}.db"
    parts = Parts(path, "test")
    for source in sorted(sources, reverse=True):  # the order of arrival does not matter
        _put(parts, source)
    _finish(parts)
    return _contents(path)


def test_rows_decided_again_in_place_equal_rows_decided_from_nothing(tmp_path: Path) -> None:
    kept = tmp_path / "graph.db"
    parts = Parts(kept, "test")
    for source in ("b.txt", "a.txt"):
        _put(parts, source)
    _finish(parts)
    first = _contents(kept)
    nodes, edges, (spare_nodes, spare_edges) = first
    assert [n.label for n in nodes] == ["X of a", "Y"]
    assert [e.key for e in edges] == [("agency/x", "SUB_ORGANIZATION_OF", "agency/y")]
    assert spare_nodes == [("b.txt", 0, "agency/x", "X of b")]
    assert spare_edges == [("b.txt", "agency/x", "SUB_ORGANIZATION_OF", "agency/z")]
    assert first == _fresh(tmp_path, ["a.txt", "b.txt"])

    steps: list[tuple[str, str, list[str]]] = [
        ("drop", "a.txt", ["b.txt"]),  # b's agency/x takes over; agency/y goes
        ("put", "c.txt", ["b.txt", "c.txt"]),  # agency/z comes: b's edge joins the graph
        ("put", "a.txt", ["a.txt", "b.txt", "c.txt"]),  # a's agency/x first again
        ("drop", "c.txt", ["a.txt", "b.txt"]),  # agency/z goes: b's edge is aside again
        ("put", "b.txt", ["a.txt", "b.txt"]),  # the same part again: nothing moves
    ]
    for action, source, now in steps:
        parts = Parts(kept, "test")
        if action == "drop":
            parts.drop([source])
        else:
            _put(parts, source)
        _finish(parts)
        assert _contents(kept) == _fresh(tmp_path, now), (action, source)
    nodes, edges, _ = _contents(kept)
    assert [n.label for n in nodes] == ["X of a", "Y"]


def test_a_node_keeps_its_number_while_it_stays(tmp_path: Path) -> None:
    """Edges of parts not decided again point at nodes by number: a node whose row moves
    to another part keeps it."""
    kept = tmp_path / "graph.db"
    parts = Parts(kept, "test")
    for source in ("a.txt", "b.txt"):
        _put(parts, source)
    _finish(parts)

    def number() -> int:
        con = sqlite3.connect(kept)
        try:
            return int(con.execute("SELECT n FROM nodes WHERE id = 'agency/x'").fetchone()[0])
        finally:
            con.close()

    before = number()
    parts = Parts(kept, "test")
    parts.drop(["a.txt"])
    _finish(parts)
    assert number() == before


def test_quotes_no_edge_names_are_swept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Replaced parts leave quotes behind; the sweep removes those, and only those, that no
    edge of the graph or kept aside names."""
    monkeypatch.setattr(parts_module, "SWEEP_AFTER", 1)
    kept = tmp_path / "graph.db"
    parts = Parts(kept, "test")
    for source in ("a.txt", "b.txt"):
        _put(parts, source)
    _finish(parts)
    monkeypatch.setitem(
        PARTS,
        "a.txt",
        Rows.of(
            [_node("agency/x", "X of a")],
            # One edge without evidence, aside too: a NULL quote must not stop the sweep.
            [_edge("agency/x", "agency/w"), dataclasses.replace(_edge("x", "y"), evidence=None)],
        ),
    )
    parts = Parts(kept, "test")
    _put(parts, "a.txt")
    _finish(parts)
    con = sqlite3.connect(kept)
    try:
        texts = {t for (t,) in con.execute("SELECT text FROM texts")}
    finally:
        con.close()
    # b's edge (aside: agency/z is no part's) and a's new one (aside too: agency/w).
    assert texts == {"agency/x thuộc agency/z", "agency/x thuộc agency/w"}


def test_a_build_that_frees_most_of_the_file_gives_the_pages_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corpus replaced by a small one: the file shrinks to the graph, not the past."""
    many = [_node(f"agency/n{i:05d}", f"Cơ quan số {i} " * 8) for i in range(3000)]
    monkeypatch.setitem(PARTS, "b.txt", Rows.of(many, []))
    kept = tmp_path / "graph.db"
    parts = Parts(kept, "test")
    for source in ("a.txt", "b.txt"):
        _put(parts, source)
    _finish(parts)
    big = kept.stat().st_size
    parts = Parts(kept, "test")
    parts.drop(["b.txt"])
    _finish(parts)
    assert kept.stat().st_size < big / 4
    assert _contents(kept) == _fresh(tmp_path, ["a.txt"])

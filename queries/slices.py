"""The part of a stored graph that a query needs, read from the open graph file.

A lineage touches the nodes above its start, a ``who`` the tasks of a few agencies; loading
every node to answer them cost seconds and gigabytes on a large store. Each function here
finds the query's start as the query itself would (the same finders, on every node they
could match) and then walks the graph file's indexes out from it, returning a
:class:`PolicyGraph` that holds every node and edge the query reads. The queries run on it
unchanged, and give what they give on the whole graph (tests/test_slices.py).
"""

from __future__ import annotations

import contextlib
import functools
import unicodedata
from collections.abc import Iterable
from typing import Any

from policykg.errors import InputError
from policykg.graph.graphdb import Reader
from policykg.graph.model import Edge, EdgeType, Node, NodeType, PolicyGraph
from policykg.queries import ids
from policykg.queries.cascade import Cascade, Entry, named, walk


def _graph(nodes: Iterable[Node], edges: Iterable[Edge] = ()) -> PolicyGraph:
    """A graph of these nodes and the edges among them, sorted as a built graph is."""
    by_id = {n.id: n for n in nodes}
    kept = {e.key: e for e in edges if e.source in by_id and e.target in by_id}
    return PolicyGraph(
        nodes=tuple(by_id[i] for i in sorted(by_id)),
        edges=tuple(kept[k] for k in sorted(kept)),
    )


def _documents(reader: Reader) -> list[Node]:
    # Every document: the finders match numbers, file names and names, and say which
    # were close when nothing matches. A few percent of the nodes of a large graph.
    return reader.nodes_of_type(NodeType.DOCUMENT)


def _closure(
    reader: Reader, starts: Iterable[str], kinds: Iterable[EdgeType], *, incoming: bool
) -> tuple[set[str], list[Edge]]:
    """The nodes reached from ``starts`` along edges of ``kinds`` (against them if
    ``incoming``), and those edges: one indexed lookup per level."""
    kinds = tuple(kinds)
    seen = set(starts)
    frontier = sorted(seen)
    found: list[Edge] = []
    while frontier:
        edges = reader.edges(frontier, kinds, incoming=incoming)
        found.extend(edges)
        reached = {e.source if incoming else e.target for e in edges} - seen
        seen |= reached
        frontier = sorted(reached)
    return seen, found


# The edges from a place or body to what it became (graph.succession).
SUCCESSIONS = (EdgeType.SUCCEEDED_BY, EdgeType.MERGED_INTO, EdgeType.SPLIT_TO)


def _time(reader: Reader, docs: list[Node]) -> tuple[list[Node], list[Edge]]:
    """What a query as of a day reads besides its own nodes (graph.succession.Timeline):
    every place and what it became, and every replacement of one document by another."""
    places = reader.nodes_of_type(NodeType.JURISDICTION)
    edges = reader.edges([p.id for p in places], SUCCESSIONS)
    edges += reader.edges([d.id for d in docs], [EdgeType.REPLACES])
    return places, edges


def _with_documents(reader: Reader, nodes: list[Node]) -> list[Node]:
    """``nodes`` and the document of each task or target among them (its key names it)."""
    have = {n.id for n in nodes}
    docs = {str(n.get("document")) for n in nodes if n.get("document")} - have
    return [*nodes, *reader.nodes(docs)]


def _start(reader: Reader, ident: str, province: str | None) -> tuple[str, list[Node]]:
    """The node ``ident`` names, found by :func:`ids.find_node` among every document, the
    node whose id was typed, and for ``FILE#ID`` every task of that file (so that what it
    says when none matches is what it says on the whole graph)."""
    ident = unicodedata.normalize("NFC", ident).strip()
    docs = _documents(reader)
    extra = reader.nodes([ident])
    doc_part, sep, _ = ident.partition("#")
    if sep:
        with contextlib.suppress(InputError):  # then find_node says why, as it would
            doc_id = ids.find_document(_graph(docs), doc_part, province=province)
            extra += reader.parts_of(doc_id)
    return ids.find_node(_graph([*docs, *extra]), ident, province=province), docs


def lineage(
    reader: Reader, ident: str, *, province: str | None, follow: Iterable[EdgeType]
) -> tuple[PolicyGraph, str]:
    """What ``policykg lineage`` reads: the start and every node above it."""
    start, docs = _start(reader, ident, province)
    kinds = {EdgeType.PART_OF, *map(EdgeType, follow)}
    reached, edges = _closure(reader, [start], kinds, incoming=False)
    places, timed = _time(reader, docs)
    nodes = [*docs, *places, *_with_documents(reader, reader.nodes(reached))]
    return _graph(nodes, [*edges, *timed]), start


def cascade(
    reader: Reader, ident: str, *, province: str | None, follow: Iterable[EdgeType]
) -> tuple[PolicyGraph, str]:
    """What ``policykg cascade`` and ``coverage`` read: the directive, everything below it
    and, for coverage among the provinces with documents, every document."""
    docs = _documents(reader)
    start = ids.find_document(_graph(docs), ident, province=province)
    reached, edges = _closure(reader, [start], map(EdgeType, follow), incoming=True)
    below = _with_documents(reader, reader.nodes(reached))
    places, timed = _time(reader, docs)
    return _graph([*docs, *places, *below], [*edges, *timed]), start


def walked_cascade(
    reader: Reader,
    ident: str,
    *,
    province: str | None,
    follow: Iterable[EdgeType | str],
    evidence: bool = True,
) -> tuple[PolicyGraph, Cascade]:
    """What ``policykg cascade`` prints, the walk done in the graph file: the cascade and
    what :func:`~policykg.queries.cascade.as_of_day` and its report read of the graph.

    A national directive has tens of thousands of implementers: the walk reads only where
    edges go, and the graph holds the implementers, their documents, the documents that
    replace those, every place and its successions and, with ``evidence`` (JSON prints
    it), the edge each implementer is shown by; not every edge among them with its quote.
    """
    docs = {n.id: n for n in _documents(reader)}
    start = ids.find_document(_graph(docs.values()), ident, province=province)
    kinds = tuple(map(EdgeType, follow))

    entries, below, shown_by = _walk(reader, docs, start, kinds, evidence=evidence)
    below += _read(reader, docs, {str(n.get("document")) for n in below if n.get("document")})
    # What replaced each implementer's document (a task is in force as its document is).
    shown = [n.id for n in below if n.type is not NodeType.TASK]
    replacing = reader.edges(shown, [EdgeType.REPLACES], incoming=True)
    places = reader.nodes_of_type(NodeType.JURISDICTION)
    edges = [*replacing, *reader.edges([p.id for p in places], SUCCESSIONS)]
    nodes = [*below, *_read(reader, docs, {e.source for e in replacing}), *places]
    graph = _graph(nodes, [*edges, *shown_by])
    return graph, named(graph, start, entries)


def _walk(
    reader: Reader,
    docs: dict[str, Node],
    start: str,
    kinds: tuple[EdgeType, ...],
    *,
    evidence: bool,
) -> tuple[list[Entry], list[Node], list[Edge]]:
    """The entries of the cascade from ``start``, their nodes and the start's and, with
    ``evidence``, the edge each entry is shown by."""
    if not evidence:  # where edges go is all the walk reads; then the nodes it reached
        links = functools.partial(reader.links, types=kinds, incoming=True)
        entries = walk(start, lambda level, seen: links(level, besides=seen), follow=kinds)
        return entries, _read(reader, docs, {start, *(e.node for e in entries)}), []
    # The walk's own statement reads each new node's row and each edge's evidence (its
    # quote too): only those of the nodes and edges it keeps are decoded. For a table this
    # reads more than it saves.
    node_rows: dict[str, Any] = {}
    edge_rows: dict[tuple[str, str, str], Any] = {}

    def arriving(level: list[str], seen: set[str]) -> list[tuple[str, EdgeType, str]]:
        out = []
        for source, kind, target, node_row, edge_row in reader.arriving(level, kinds, besides=seen):
            node_rows[source] = node_row
            edge_rows[source, kind, target] = edge_row
            out.append((source, kind, target))
        return out

    entries = walk(start, arriving, follow=kinds)
    below = [
        docs[i] if i in docs else reader.node_of_row(node_rows[i])
        for i in {start, *(e.node for e in entries)}
    ]
    return entries, below, [reader.edge_of_row(edge_rows[e.node, e.edge, e.via]) for e in entries]


def _read(reader: Reader, docs: dict[str, Node], wanted: set[str]) -> list[Node]:
    """The nodes of ``wanted`` that exist, the documents among them from ``docs``."""
    return [*(docs[i] for i in wanted if i in docs), *reader.nodes(wanted - docs.keys())]


def who(reader: Reader, name: str, *, province: str | None) -> tuple[PolicyGraph, tuple[str, ...]]:
    """What ``policykg who`` reads: the agencies ``name`` means, their tasks, the tasks'
    documents and, as of a day, each task's printed bodies and what they became."""
    from policykg.queries.who import ROLES, find_agencies  # not for the other queries

    agencies = reader.nodes_of_type(NodeType.AGENCY)
    chosen = find_agencies(_graph(agencies), name, province=province)
    roles = [EdgeType(r) for r in ROLES]
    duties = reader.edges(chosen, roles, incoming=True)
    tasks = reader.nodes({e.source for e in duties})
    # As of a day, each task's printed bodies and what they became, to show the chain.
    printed = reader.edges([n.id for n in tasks], roles)
    bodies = {*chosen, *(e.target for e in printed)}
    reached, successions = _closure(reader, bodies, SUCCESSIONS, incoming=False)
    # Of the documents and places, only those named: a task's document, a body's
    # successor. Neither every document nor a place's own successions is read (the
    # Timeline of a ``who`` follows bodies only).
    named = {str(n.get("document")) for n in tasks if n.get("document")} | reached
    kinds = (NodeType.DOCUMENT, NodeType.JURISDICTION)
    others = [n for n in reader.nodes(named - {a.id for a in agencies}) if n.type in kinds]
    return _graph([*agencies, *others, *tasks], [*duties, *printed, *successions]), chosen


def targets(reader: Reader) -> PolicyGraph:
    """What ``policykg targets`` reads: every target and every document."""
    docs = _documents(reader)
    places, timed = _time(reader, docs)
    return _graph([*reader.nodes_of_type(NodeType.TARGET), *docs, *places], timed)

"""Resolution: parsed documents -> one :class:`PolicyGraph`.

Identity is decided here. A reference resolves to the loaded document with the same
scoped number (``tw/52-NQ/TW``, or ``thai-binh/02-NQ/TU`` for a local number in a Thái
Bình text). A document cited but not loaded becomes a node of its own (``loaded`` false)
holding what the references say of it (:mod:`policykg.graph.stubs`), and is replaced by
the real one once that file is loaded. Where references disagree (two dates for one
number) every value is kept in ``conflicts`` and reported as a :class:`Problem`. A
document that does not say where it belongs is the centre's when its number or issuer
says so (:mod:`policykg.graph.centre`); two spellings of one name are one node
(:mod:`policykg.graph.names`). Agencies are one node per canonical name and province.

Resolution runs in two parts, so that a build can redo only what an edit touches:
- the shared part (:mod:`policykg.graph.shared`), read from every document's head
  (:mod:`policykg.graph.heads`): claims, stubs, dates, agencies, the successions of 2025,
  and for each document the context its own part depends on;
- each document's own part (:mod:`policykg.graph.fragment`): its node, tasks, targets and
  their edges, a pure function of its records and its context.

The graph is the documents' parts in file-name order (the first of two equal ids or edge
keys is kept), then the shared part. A pure function: the same documents, in any order,
give the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable

from policykg.graph.claims import document_key
from policykg.graph.fragment import Fragment, fragment
from policykg.graph.heads import head_of
from policykg.graph.model import Edge, Node, PolicyGraph, Problem, sorted_problems
from policykg.graph.shared import Shared
from policykg.records import ParsedDocument

__all__ = ["assemble", "document_key", "resolve"]


def resolve(documents: Iterable[ParsedDocument]) -> PolicyGraph:
    """Resolve parsed documents into one graph."""
    docs = sorted(documents, key=lambda d: (d.source, d.path))
    heads = [head_of(d) for d in docs]
    shared = Shared(heads)
    parts = (
        fragment(doc, shared.context(head, claim))
        for doc, head, claim in zip(docs, heads, shared.claims, strict=True)
    )
    return assemble(parts, shared)


def assemble(parts: Iterable[Fragment], shared: Shared) -> PolicyGraph:
    """The graph of the documents' ``parts`` (in file-name order) and the shared part."""
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    problems: list[Problem] = []
    for part in [*parts, _shared_part(shared)]:
        for n in part.nodes:
            nodes.setdefault(n.id, n)
        for e in part.edges:
            edges.setdefault(e.key, e)
        problems.extend(part.problems)
    return PolicyGraph(
        nodes=tuple(sorted(nodes.values(), key=lambda n: n.id)),
        edges=tuple(sorted(edges.values(), key=lambda e: e.key)),
        problems=sorted_problems(problems),
    )


def _shared_part(shared: Shared) -> Fragment:
    b = shared.builder
    return Fragment(
        nodes=tuple(b.nodes.values()), edges=tuple(b.edges.values()), problems=tuple(b.problems)
    )

"""The part of the graph no one document owns, and what each document's part depends on.

Read from every document's :class:`~policykg.graph.heads.Head`, in file-name order:
- the claims (:mod:`policykg.graph.claims`), names merged, numbers moved to the centre;
- the stubs of documents cited but not loaded (:mod:`policykg.graph.stubs`), and the
  dates every reference gives, with their conflicts;
- the agencies, with their aliases, parents and the successions of 2025
  (:mod:`policykg.graph.succession`), and the jurisdictions.

What a document's own part (:mod:`policykg.graph.fragment`) reads of all this is its
:class:`DocContext`: a build reuses a document's part while its records and the digest of
its context are unchanged.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from policykg.graph.builder import Builder, agency_scope
from policykg.graph.centre import central_keys
from policykg.graph.claims import Claim, claim_documents
from policykg.graph.heads import Head
from policykg.graph.ids import agency_id
from policykg.graph.model import EdgeType, NodeType, make_edge, make_node
from policykg.graph.names import named_documents
from policykg.graph.stubs import Stubs, add_stubs, date_conflicts
from policykg.graph.succession import Span, add_successions
from policykg.ontology.successions import Succession
from policykg.records import DocumentInfo, Provenance
from policykg.records import Span as TextSpan

# Loaded document id -> each date given for it -> where it is given.
Dates = defaultdict[str, defaultdict[str, list[Provenance]]]


@dataclass(frozen=True, slots=True, kw_only=True)
class DocContext:
    """Everything a document's part of the graph reads that is not in its records."""

    claim: Claim
    conflicts: tuple[str, ...]  # the dates others give it, when they disagree
    targets: tuple[str | None, ...]  # where each of its references points
    task_targets: tuple[str | None, ...]  # and each of its tasks' references
    links: tuple[tuple[str, str], ...]  # the ends of each link it states
    places: tuple[Span, ...]  # its province's successors
    agencies: tuple[tuple[str, tuple[Span, ...]], ...]  # its bodies' successors, by id

    def digest(self) -> str:
        # Every field is a frozen record or a tuple of them: repr is complete and stable.
        return hashlib.sha256(repr(self).encode()).hexdigest()[:32]


def field_evidence(info: DocumentInfo, name: str) -> Provenance | None:
    return next((f.provenance for f in info.evidence if f.name == name), None)


def evidence_of_document(source: str, info: DocumentInfo) -> Provenance:
    return field_evidence(info, "title") or Provenance(
        source=source, span=TextSpan(start=0, end=0), section=(), quote=""
    )


class Shared:
    """The shared part of the graph of ``heads``, and each document's context.

    Args:
        heads: every loaded document's head, sorted by file name and path.
        rows: the successions table (by default the shipped one and the user's).
        contexts_only: make only what :meth:`context` reads (a document's part resolved
            as if it were alone, to be checked against the real context later).
    """

    def __init__(
        self,
        heads: Sequence[Head],
        rows: Sequence[Succession] | None = None,
        *,
        contexts_only: bool = False,
    ) -> None:
        b = self.builder = Builder()
        self.claims = claim_documents(heads, b.problems)
        loaded = {c.key: c.id for c in self.claims if c.key}
        references = [r for h in heads for r in (*h.references, *h.task_references)]
        named = named_documents(references)
        b.problems.extend(named.merges)
        self.stubs = Stubs(loaded, central_keys(references, loaded), named)
        dates: Dates = defaultdict(lambda: defaultdict(list))
        for head, claim in zip(heads, self.claims, strict=True):
            self._gather(head, claim, dates)
        if not contexts_only:  # the stubs' and agencies' nodes are no document's context
            add_stubs(b, self.stubs)
        self.conflicts = {
            did: found
            for did, given in dates.items()
            if (found := date_conflicts(did, given, b.problems))
        }
        self.chains = add_successions(b, rows)
        if not contexts_only:
            add_agencies(b)

    def _gather(self, head: Head, claim: Claim, dates: Dates) -> None:
        """What one document adds to the shared part: its place, the dates it gives, the
        stubs it cites and the bodies it names, in the order resolution met them."""
        b, stubs, info = self.builder, self.stubs, claim.info
        b.place(info.jurisdiction)
        if info.date:
            given = field_evidence(info, "date") or evidence_of_document(head.source, info)
            dates[claim.id][info.date].append(given)
        for ref in head.references:
            cited = stubs.target(ref)
            if cited is not None and cited in stubs.loaded_ids and ref.date:
                dates[cited][ref.date].append(ref.provenance)
        for link in head.links:
            stubs.link_end(link.source)
            stubs.link_end(link.target)
        for ref in head.task_references:
            stubs.target(ref)
        for name in head.bodies:
            b.agency(name, claim.bodies_in)
        for name, aliases in head.aliases:
            b.agency_aliases[b.agency(name, claim.bodies_in)].update(aliases)

    def context(self, head: Head, claim: Claim) -> DocContext:
        """What the part of the graph of the document of ``head`` depends on."""
        stubs, chains = self.stubs, self.chains
        where = claim.info.jurisdiction
        aids = {agency_id(name, agency_scope(name, claim.bodies_in)) for name in head.bodies}
        return DocContext(
            claim=claim,
            conflicts=self.conflicts.get(claim.id, ()),
            targets=tuple(stubs.locate(r) for r in head.references),
            task_targets=tuple(stubs.locate(r) for r in head.task_references),
            links=tuple((stubs.link_id(k.source), stubs.link_id(k.target)) for k in head.links),
            places=chains.places.get(where, ()) if where else (),
            agencies=tuple((a, chains.agencies[a]) for a in sorted(aids) if a in chains.agencies),
        )


# --- agencies --------------------------------------------------------------------------


def add_agencies(b: Builder) -> None:
    """Every agency registered, with its province and the body it is part of."""
    parents = _register_parents(b)
    for aid, props in sorted(b.agencies.items()):
        fields = {k: v for k, v in props.items() if k != "parent"}
        aliases = tuple(sorted(b.agency_aliases.get(aid, ())))
        b.node(make_node(aid, NodeType.AGENCY, str(props["name"]), aliases=aliases, **fields))
        jurisdiction = props["jurisdiction"]
        place = b.place(jurisdiction if isinstance(jurisdiction, str) else None)
        if place:
            b.edge(make_edge(aid, EdgeType.IN_JURISDICTION, place, None, inferred="name"))
        if aid in parents:
            b.edge(
                make_edge(aid, EdgeType.SUB_ORGANIZATION_OF, parents[aid], None, inferred="name")
            )


def _register_parents(b: Builder) -> dict[str, str]:
    """Each agency's parent id. A parent named by no document ("Ủy ban nhân dân tỉnh"
    above a "Sở") is registered like any other agency, and its own parent in turn."""
    parents: dict[str, str] = {}
    pending = list(b.agencies)
    while pending:
        aid = pending.pop()
        props = b.agencies[aid]
        if isinstance(props["parent"], str):
            jurisdiction = props["jurisdiction"] if isinstance(props["jurisdiction"], str) else None
            before = len(b.agencies)
            parents[aid] = b.agency(props["parent"], jurisdiction)
            if len(b.agencies) > before:
                pending.append(parents[aid])
    return parents

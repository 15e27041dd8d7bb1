"""Documents cited but not loaded: what the references say of each, then its node.

A reference resolves to the loaded document with its key; otherwise to a stub, which
gathers the numbers, kinds, issuers and dates every reference gives and becomes a node
(``loaded`` false) once all documents are read. Two dates for one document are both
kept (``conflicts``) and reported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from policykg.graph.builder import Builder
from policykg.graph.centre import is_central_body, name_is_central, recentre
from policykg.graph.ids import CENTRAL_SLUG, doc_id_of_key
from policykg.graph.model import EdgeType, NodeType, Problem, make_edge, make_node
from policykg.graph.names import NamedDocuments
from policykg.loaders import agencies as agency_names
from policykg.loaders import places
from policykg.records import Provenance, Reference


@dataclass(slots=True)
class Stub:
    """What the references say of a document that is not loaded."""

    key: str | None
    name: str | None
    numbers: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    issuers: Counter[str] = field(default_factory=Counter)
    dates: dict[str, list[Provenance]] = field(default_factory=lambda: defaultdict(list))
    scope: str | None = None
    jurisdiction: str | None = None
    # Whether a reference placed it by its number, not only by its central issuer.
    placed_by_number: bool = False
    issuer_evidence: Provenance | None = None

    def add(self, ref: Reference) -> None:
        if ref.number:
            self.numbers[ref.number] += 1
        if ref.kind:
            self.kinds[ref.kind.value] += 1
        if ref.issuer:
            self.issuers[ref.issuer] += 1
            self.issuer_evidence = self.issuer_evidence or ref.provenance
        if ref.date:
            self.dates[ref.date].append(ref.provenance)
        self.scope = self.scope or (ref.scope.value if ref.number else None)
        self.jurisdiction = self.jurisdiction or ref.jurisdiction


def most_common(c: Counter[str]) -> str | None:
    # Ties go to the smallest value, so that input order never matters.
    return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] if c else None


def issuer_name(issuer: str) -> str:
    return agency_names.canonical_name(issuer) or issuer


class Stubs:
    """Where references point, gathering a stub for each document not loaded.

    Args:
        loaded: reference key -> id of the loaded document that claims it.
        moved: keys given to the centre by :func:`policykg.graph.centre.central_keys`.
        named: the ids of documents cited by name only.
    """

    def __init__(
        self, loaded: Mapping[str, str], moved: Mapping[str, str], named: NamedDocuments
    ) -> None:
        self.loaded = loaded
        self.loaded_ids = set(loaded.values())
        self.moved = moved
        self.named = named
        self.stubs: dict[str, Stub] = {}

    def target(self, ref: Reference) -> str | None:
        """The id ``ref`` points at, or ``None`` if it cannot be placed."""
        centred = recentre(ref, self.moved)
        if centred.key:
            if centred.key in self.loaded:
                return self.loaded[centred.key]
            sid = doc_id_of_key(centred.key)
            stub = self.stubs.setdefault(sid, Stub(key=centred.key, name=None))
            stub.placed_by_number |= centred is ref and ref.jurisdiction is not None
        elif ref.name:
            sid = self.named.id_of(ref.name)
            stub = self.stubs.setdefault(sid, Stub(key=None, name=self.named.names[sid]))
        else:
            return None
        stub.add(centred)
        return sid

    def locate(self, ref: Reference) -> str | None:
        """Where ``ref`` points, as :meth:`target` says, without gathering anything."""
        centred = recentre(ref, self.moved)
        if centred.key:
            return self.loaded.get(centred.key) or doc_id_of_key(centred.key)
        return self.named.id_of(ref.name) if ref.name else None

    def link_id(self, key: str) -> str:
        """Where one end of a link points, as :meth:`link_end` says, gathering nothing."""
        key = self.moved.get(key, key)
        return self.loaded.get(key) or doc_id_of_key(key)

    def link_end(self, key: str) -> str:
        """The id of one end of a link between two cited documents."""
        key = self.moved.get(key, key)
        if key in self.loaded:
            return self.loaded[key]
        sid = doc_id_of_key(key)
        # A stub made only by a link has no reference of its own: its number is its key's.
        self.stubs.setdefault(sid, Stub(key=key, name=None))
        return sid


def stub_jurisdiction(stub: Stub, issuer: str | None) -> tuple[str | None, str | None]:
    """A stub's jurisdiction and how it was inferred (the ``inferred`` of its IN_JURISDICTION
    edge): from its references, its key, its issuer, or its name."""
    if stub.jurisdiction:
        return stub.jurisdiction, "number" if stub.placed_by_number else "issuer"
    if stub.key and stub.key.partition("/")[0] == CENTRAL_SLUG:
        return places.CENTRAL, "number"  # a stub made only by a link: see Stubs.link_end
    if is_central_body(issuer):
        return places.CENTRAL, "issuer"
    if stub.name and name_is_central(stub.name):
        return places.CENTRAL, "name"
    return None, None


def add_stubs(b: Builder, stubs: Stubs) -> None:
    """Each stub becomes a document node, with every date the references give."""
    for sid, stub in stubs.stubs.items():
        number = most_common(stub.numbers) or (stub.key.split("/", 1)[1] if stub.key else None)
        date = most_common(Counter({d: len(p) for d, p in stub.dates.items()}))
        issuer = most_common(stub.issuers)
        jurisdiction, inferred = stub_jurisdiction(stub, issuer)
        b.node(
            make_node(
                sid,
                NodeType.DOCUMENT,
                number or stub.name or sid,
                kind=most_common(stub.kinds),
                number=number,
                date=date,
                issuer=issuer,
                jurisdiction=jurisdiction,
                title=stub.name,
                loaded=False,
                scope=stub.scope,
                conflicts=date_conflicts(sid, stub.dates, b.problems),
                aliases=stubs.named.aliases.get(sid, ()),
            )
        )
        place = b.place(jurisdiction)
        if place:
            b.edge(make_edge(sid, EdgeType.IN_JURISDICTION, place, None, inferred=inferred))
        if issuer:
            aid = b.agency(issuer_name(issuer), jurisdiction)
            b.edge(make_edge(sid, EdgeType.ISSUED_BY, aid, stub.issuer_evidence))


def date_conflicts(
    node_id: str, dates: Mapping[str, list[Provenance]], problems: list[Problem]
) -> tuple[str, ...]:
    """Every date given for one document, with the files giving it, when there are two or
    more; each such disagreement is reported in ``problems``."""
    if len(dates) < 2:
        return ()
    parts = []
    for date in sorted(dates):
        sources = sorted({p.source for p in dates[date]})
        parts.append(f"date {date} ({', '.join(sources)})")
    problems.append(
        Problem(
            kind="conflict",
            node=node_id,
            message=f"{node_id}: dates disagree: " + "; ".join(parts),
            evidence=tuple(p for d in sorted(dates) for p in dates[d]),
        )
    )
    return tuple(parts)

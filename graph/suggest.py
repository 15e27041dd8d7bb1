"""``policykg resolve --suggest``: which cited number may a document without one be?

A letterhead lost in conversion leaves a document without its number, while other
documents of the same province cite it by number. A candidate is a cited-but-not-loaded
document of the same province whose kind and issuer do not contradict the document's
and whose date is possible: not before anything the document itself cites, and not one
of the documents it cites.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from policykg.graph.model import DOCUMENT_RELATIONS, Node, NodeType, PolicyGraph
from policykg.loaders import agencies as agency_names


@dataclass(frozen=True, slots=True)
class Suggestion:
    document: str  # the loaded document without a number
    candidate: str  # the cited document it may be
    number: str
    date: str | None
    score: float
    reasons: tuple[str, ...]


def _issuer(n: Node) -> str | None:
    issuer = n.text("issuer")
    return (agency_names.canonical_name(issuer) or issuer) if issuer else None


def suggest(graph: PolicyGraph, *, limit: int = 3) -> tuple[Suggestion, ...]:
    cites: dict[str, set[str]] = defaultdict(set)  # document -> what it points to
    cited_by: dict[str, set[str]] = defaultdict(set)
    for e in graph.edges:
        if e.type in DOCUMENT_RELATIONS:
            citing = e.source
            if citing in graph and graph.node(citing).type is NodeType.TASK:
                citing = graph.node(citing).text("document") or citing
            cites[citing].add(e.target)
            cited_by[e.target].add(citing)
    docs = [n for n in graph.nodes if n.type is NodeType.DOCUMENT]
    stubs = [n for n in docs if not n.get("loaded") and n.get("number")]
    out: list[Suggestion] = []
    for doc in docs:
        if not doc.get("loaded") or doc.get("number"):
            continue
        where = doc.get("jurisdiction")
        floor = max((d for t in cites[doc.id] if (d := graph.node(t).text("date"))), default=None)
        found = []
        for stub in stubs:
            if stub.get("jurisdiction") != where or stub.id in cites[doc.id]:
                continue
            score, reasons = 0.2, [f"cited in {where} and not loaded"]
            kind, stub_kind = doc.get("kind"), stub.get("kind")
            if kind and stub_kind:
                if kind != stub_kind:
                    continue
                score += 0.3
                reasons.append(f"same kind ({kind})")
            issuer, stub_issuer = _issuer(doc), _issuer(stub)
            if issuer and stub_issuer:
                if issuer.casefold() != stub_issuer.casefold():
                    continue
                score += 0.3
                reasons.append(f"same issuer ({issuer})")
            date = stub.text("date")
            if date and floor:
                if date < floor:
                    continue
                score += 0.1
                reasons.append(f"dated {date}, after everything it cites ({floor})")
            citers = len(cited_by[stub.id])
            score += min(0.1, 0.05 * citers)
            reasons.append(f"cited by {citers} document(s)")
            found.append(
                Suggestion(
                    document=doc.id,
                    candidate=stub.id,
                    number=str(stub.get("number")),
                    date=date,
                    score=round(score, 2),
                    reasons=tuple(reasons),
                )
            )
        found.sort(key=lambda s: (-s.score, s.number))
        out.extend(found[:limit])
    return tuple(out)

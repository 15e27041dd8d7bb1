"""One document's own part of the graph: its node, its tasks, targets and their edges.

A pure function of the document's records and its :class:`~policykg.graph.shared.DocContext`
(what the other documents decide for it): so a build keeps a document's part while both
are unchanged, and re-resolves only the documents an edit touches. Agencies, places and
stubs are shared (:mod:`policykg.graph.shared`); a body named here gets its id here and
its node there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from policykg.graph.builder import Builder
from policykg.graph.claims import Claim
from policykg.graph.ids import indicator_id, person_id, target_id, task_id
from policykg.graph.model import (
    Edge,
    EdgeType,
    Node,
    NodeType,
    Problem,
    Value,
    make_edge,
    make_node,
)
from policykg.graph.shared import DocContext, field_evidence
from policykg.graph.stubs import issuer_name
from policykg.graph.succession import infer_place, infer_roles
from policykg.loaders import codes
from policykg.loaders.parse import locate
from policykg.records import (
    DocumentInfo,
    ParsedDocument,
    Provenance,
    Relation,
    Span,
    Target,
    Task,
)

# The line of a task that names its lead or coordinating agencies: the words that state
# a LED_BY or COORDINATED_BY edge. The whole task is quoted once, on its PART_OF edge;
# quoting it on every role edge too made the RDF of 2,000 documents 547 MB.
# we want to capture:
#   Cơ quan chủ trì: Sở Khoa học và Công nghệ.
#   - Cơ quan phối hợp: Các sở, ban, ngành, địa phương.
LEAD_LINE_REGEX = re.compile(r"(?im)^[^\n]*\bchủ\s+trì\b[^\n]*$")
COORDINATE_LINE_REGEX = re.compile(r"(?im)^[^\n]*\bphối\s+hợp\b[^\n]*$")

EDGE_OF_RELATION = {
    Relation.IMPLEMENTS: EdgeType.IMPLEMENTS,
    Relation.REPLACES: EdgeType.REPLACES,
    Relation.AMENDS: EdgeType.AMENDS,
    Relation.BASED_ON: EdgeType.IS_BASED_ON,
    Relation.CITES: EdgeType.CITES,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Fragment:
    """A document's nodes and edges, in the order made (the first of two equal ids or
    edge keys is kept, across documents in file-name order), and its problems."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    problems: tuple[Problem, ...]


def fragment(doc: ParsedDocument, ctx: DocContext) -> Fragment:
    """The part of the graph ``doc`` owns, given what the others decide (``ctx``)."""
    b = Builder()
    add_document(b, doc, ctx)
    add_references(b, doc, ctx)
    add_tasks(b, doc, ctx)
    add_targets(b, doc, ctx)
    node = b.nodes[ctx.claim.id]
    where = node.get("jurisdiction")
    if ctx.places and isinstance(where, str):
        infer_place(b, node, {where: ctx.places})
    infer_roles(b, dict(ctx.agencies))
    # Places are shared: each is made once there, with its validity.
    nodes = tuple(n for n in b.nodes.values() if n.type is not NodeType.JURISDICTION)
    return Fragment(nodes=nodes, edges=tuple(b.edges.values()), problems=tuple(b.problems))


def add_document(b: Builder, doc: ParsedDocument, ctx: DocContext) -> None:
    """The document's node, and where, by whom and who signed it."""
    claim = ctx.claim
    info, doc_id = claim.info, claim.id
    number = info.number if claim.key else None
    props = _doc_props(doc, ctx)
    b.node(make_node(doc_id, NodeType.DOCUMENT, _doc_label(doc, info, number), **props))
    place = b.place(info.jurisdiction)
    if place and claim.inferred:
        evidence = field_evidence(info, claim.inferred)
        b.edge(
            make_edge(doc_id, EdgeType.IN_JURISDICTION, place, evidence, inferred=claim.inferred)
        )
    elif place:
        b.edge(_stated(doc_id, EdgeType.IN_JURISDICTION, place, info, "jurisdiction"))
    if info.issuer:
        aid = b.agency(issuer_name(info.issuer), claim.bodies_in)
        b.edge(_stated(doc_id, EdgeType.ISSUED_BY, aid, info, "issuer"))
    if info.signer:
        pid = person_id(info.signer, info.jurisdiction)
        b.node(
            make_node(
                pid, NodeType.PERSON, info.signer, name=info.signer, jurisdiction=info.jurisdiction
            )
        )
        signed = make_edge(
            doc_id, EdgeType.SIGNED_BY, pid, field_evidence(info, "signer"), title=info.signer_title
        )
        b.edge(signed)
        if place:
            b.edge(make_edge(pid, EdgeType.IN_JURISDICTION, place, None, inferred="signature"))


def _doc_props(doc: ParsedDocument, ctx: DocContext) -> dict[str, Value]:
    claim = ctx.claim
    info = claim.info
    number = info.number if claim.key else None
    parsed = codes.parse_number(number) if number else None
    return {
        "kind": info.kind.value if info.kind else None,
        "number": number,
        "date": info.date,
        "issuer": info.issuer,
        "jurisdiction": info.jurisdiction,
        "title": info.title,
        "form": info.form,
        "loaded": True,
        "source": doc.source,
        "sha256": doc.sha256,
        "scope": parsed.scope.value if parsed else None,
        # The dates other documents give it, when they disagree with each other or it.
        "conflicts": ctx.conflicts or None,
    }


def _doc_label(doc: ParsedDocument, info: DocumentInfo, number: str | None) -> str:
    if number:
        return number
    kind = info.form or (info.kind.value if info.kind else "Văn bản")
    where = f" {info.jurisdiction}" if info.jurisdiction else ""
    return f"{kind}{where} ({doc.source})"


def _stated(source: str, edge: EdgeType, target: str, info: DocumentInfo, name: str) -> Edge:
    """An edge from a field of the document's identity, with that field's evidence; a field
    read off the letterhead or signature block without a recorded span says so."""
    evidence = field_evidence(info, name)
    if evidence is None:
        return make_edge(source, edge, target, None, inferred="letterhead")
    return make_edge(source, edge, target, evidence)


# --- references: edges between documents -----------------------------------------------


def add_references(b: Builder, doc: ParsedDocument, ctx: DocContext) -> None:
    """An edge for each document the text cites, and for each link it states between two
    others."""
    doc_id = ctx.claim.id
    for ref, cited in zip(doc.references, ctx.targets, strict=True):
        if cited is None:
            b.problems.append(
                Problem(
                    kind="unresolved",
                    node=doc_id,
                    message=f"{doc.source}: {ref.number or ref.name} cannot be placed "
                    "(a local number in a document of unknown province)",
                    evidence=(ref.provenance,),
                )
            )
            continue
        b.edge(make_edge(doc_id, EDGE_OF_RELATION[ref.relation], cited, ref.provenance))
    for link, (source, target) in zip(doc.links, ctx.links, strict=True):
        b.edge(make_edge(source, EDGE_OF_RELATION[link.relation], target, link.provenance))


# --- tasks -----------------------------------------------------------------------------


def _sub(prov: Provenance, start: int, end: int) -> Provenance:
    """The part ``quote[start:end]`` of ``prov``: quotes are exact slices of the text."""
    return Provenance(
        source=prov.source,
        span=Span(start=prov.span.start + start, end=prov.span.start + end),
        section=prov.section,
        quote=prov.quote[start:end],
    )


def line_of(prov: Provenance, regex: re.Pattern[str]) -> Provenance:
    """The last line of ``prov`` that ``regex`` matches, or all of it if none does."""
    matches = list(regex.finditer(prov.quote))
    return _sub(prov, matches[-1].start(), matches[-1].end()) if matches else prov


def _paged(doc: ParsedDocument, prov: Provenance) -> Provenance:
    """``prov`` with the page its line is on (a task's lines may be on two pages)."""
    found = locate(doc, prov.span) if doc.pages else None
    return replace(prov, page=found[0].number) if found else prov


def add_tasks(b: Builder, doc: ParsedDocument, ctx: DocContext) -> None:
    """Each task, part of its document, led and coordinated by agencies of the document's
    jurisdiction, and citing the documents its text names."""
    claim = ctx.claim
    seen: Counter[str] = Counter()
    cited_by_tasks = iter(ctx.task_targets)
    for task in doc.tasks:
        seen[task.id] += 1
        # Two tasks numbered 8.1 in one document are 8.1 and 8.1~2.
        local = task.id if seen[task.id] == 1 else f"{task.id}~{seen[task.id]}"
        tid = task_id(claim.id, local)
        b.node(make_node(tid, NodeType.TASK, local, **_task_props(task, claim.id)))
        b.edge(make_edge(tid, EdgeType.PART_OF, claim.id, task.provenance))
        _add_roles(b, doc, claim, task, tid)
        for ref in task.references:
            cited = next(cited_by_tasks)
            if cited is not None:
                b.edge(make_edge(tid, EDGE_OF_RELATION[ref.relation], cited, ref.provenance))


def _add_roles(b: Builder, doc: ParsedDocument, claim: Claim, task: Task, tid: str) -> None:
    jurisdiction = claim.bodies_in
    lead_line = _paged(doc, line_of(task.provenance, LEAD_LINE_REGEX))
    for name in task.lead:
        aid = b.agency(name, jurisdiction)
        b.edge(make_edge(tid, EdgeType.LED_BY, aid, lead_line, role="lead"))
    coordinate_line = _paged(doc, line_of(task.provenance, COORDINATE_LINE_REGEX))
    for name in task.coordinating:
        aid = b.agency(name, jurisdiction)
        b.edge(make_edge(tid, EdgeType.COORDINATED_BY, aid, coordinate_line, role="coordinate"))


def _task_props(task: Task, doc_id: str) -> dict[str, Value]:
    d = task.deadline
    return {
        "task_id": task.id,
        "document": doc_id,
        "text": task.text,
        "deadline": d.text if d else None,
        "deadline_value": d.value if d else None,
        "deadline_year": d.year if d else None,
        "result": task.result,
        "section": " / ".join(task.provenance.section) or None,
    }


# --- targets ---------------------------------------------------------------------------


def add_targets(b: Builder, doc: ParsedDocument, ctx: DocContext) -> None:
    """Each target, part of its document, measuring its indicator (one node per name)."""
    claim = ctx.claim
    for i, target in enumerate(doc.targets, 1):
        gid = target_id(claim.id, i)
        indicator = " ".join(target.indicator.split())
        iid = indicator_id(indicator)
        b.node(make_node(iid, NodeType.INDICATOR, indicator, name=indicator))
        b.node(
            make_node(
                gid,
                NodeType.TARGET,
                _target_label(target, indicator),
                **_target_props(target, indicator, claim.id),
            )
        )
        b.edge(make_edge(gid, EdgeType.PART_OF, claim.id, target.provenance))
        b.edge(make_edge(gid, EdgeType.MEASURES, iid, target.provenance))


def _target_label(target: Target, indicator: str) -> str:
    year = f" ({target.year})" if target.year else ""
    return f"{indicator} {target.value:g}{target.unit}{year}"


def _target_props(target: Target, indicator: str, doc_id: str) -> dict[str, Value]:
    return {
        "indicator": indicator,
        "value": target.value,
        "value_max": target.value_max,
        "unit": target.unit,
        "comparator": target.comparator.value,
        "year": target.year,
        "document": doc_id,
        "text": target.evidence,
        "monitor": target.monitor,
    }

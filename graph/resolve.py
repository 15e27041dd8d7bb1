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

:func:`resolve` runs the phases in order: documents claim their ids, then each
document's node, references, tasks, targets and agencies, then the stubs, the dates of
loaded documents, the successions of 2025 (:mod:`policykg.graph.succession`), and the
agencies with their parents. A pure function: the same documents, in any order, give the
same graph.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from policykg.graph.builder import Builder
from policykg.graph.centre import central_keys, document_jurisdiction
from policykg.graph.ids import (
    doc_id_of_key,
    file_doc_id,
    indicator_id,
    person_id,
    reference_key,
    target_id,
    task_id,
)
from policykg.graph.model import (
    Edge,
    EdgeType,
    NodeType,
    PolicyGraph,
    Problem,
    Value,
    make_edge,
    make_node,
)
from policykg.graph.names import named_documents
from policykg.graph.stubs import Stubs, add_stubs, date_conflicts, issuer_name
from policykg.graph.succession import add_successions
from policykg.loaders import codes, places
from policykg.loaders.parse import locate
from policykg.records import (
    DocumentInfo,
    ParsedDocument,
    Provenance,
    Reference,
    Relation,
    Scope,
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

# Loaded document id -> each date given for it -> where it is given.
Dates = defaultdict[str, defaultdict[str, list[Provenance]]]


def resolve(documents: Iterable[ParsedDocument]) -> PolicyGraph:
    """Resolve parsed documents into one graph."""
    docs = sorted(documents, key=lambda d: (d.source, d.path))
    b = Builder()
    claims = claim_documents(docs, b.problems)
    loaded = {c.key: c.id for c in claims if c.key}
    references = [ref for doc in docs for ref in _references_in_order(doc)]
    named = named_documents(references)
    b.problems.extend(named.merges)
    stubs = Stubs(loaded, central_keys(references, loaded), named)
    dates: Dates = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        add_document(b, claim, dates)
        add_references(b, claim, stubs, dates)
        add_tasks(b, claim, stubs)
        add_targets(b, claim)
        register_agencies(b, claim)
    add_stubs(b, stubs)
    add_date_conflicts(b, dates)
    add_successions(b)
    add_agencies(b)
    return b.graph()


def _references_in_order(doc: ParsedDocument) -> Iterable[Reference]:
    yield from doc.references
    for task in doc.tasks:
        yield from task.references


# --- documents -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A loaded document and the identity resolution gives it."""

    doc: ParsedDocument
    id: str
    key: str | None  # the scoped number it claims; None if it has none, or lost it
    info: DocumentInfo  # its own, with the jurisdiction inferred when the text lacks one
    inferred: str | None  # how that jurisdiction was inferred ("number", "issuer")

    @property
    def bodies_in(self) -> str | None:
        """The jurisdiction of the bodies the text names: the one it states. A Sở named in
        a circular whose letterhead was lost is of no known province, not of the centre."""
        return self.doc.document.jurisdiction


def document_key(info: DocumentInfo) -> str | None:
    """The scoped number of a document, as references spell it."""
    if not info.number:
        return None
    number = codes.parse_number(info.number)
    national = number is not None and number.scope is Scope.NATIONAL
    return reference_key(info.number, places.CENTRAL if national else info.jurisdiction)


def claim_documents(docs: Sequence[ParsedDocument], problems: list[Problem]) -> list[Claim]:
    """Each loaded document's id: its scoped number, first come (by file name) first
    served; a second file with the same number is kept apart by its file name."""
    claims: list[Claim] = []
    by_key: dict[str, str] = {}
    for doc in docs:
        jurisdiction, inferred = document_jurisdiction(doc.document)
        info = replace(doc.document, jurisdiction=jurisdiction)
        key = document_key(info)
        doc_id = doc_id_of_key(key) if key else file_doc_id(doc.source, jurisdiction)
        if key and key in by_key:
            problems.append(
                Problem(
                    kind="duplicate",
                    node=by_key[key],
                    message=f"{doc.source}: {info.number} is also {by_key[key]}; "
                    "kept apart by file name",
                )
            )
            doc_id, key = file_doc_id(doc.source, jurisdiction), None
        if key:
            by_key[key] = doc_id
        claims.append(Claim(doc=doc, id=doc_id, key=key, info=info, inferred=inferred))
    return claims


def add_document(b: Builder, claim: Claim, dates: Dates) -> None:
    """The document's node, its own date, and where, by whom and who signed it."""
    doc, info, doc_id = claim.doc, claim.info, claim.id
    number = info.number if claim.key else None
    b.node(make_node(doc_id, NodeType.DOCUMENT, _doc_label(doc, info, number), **_doc_props(claim)))
    if info.date:
        dates[doc_id][info.date].append(_field(info, "date") or _evidence_of_document(doc))
    place = b.place(info.jurisdiction)
    if place and claim.inferred:
        evidence = _field(info, claim.inferred)
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
            doc_id, EdgeType.SIGNED_BY, pid, _field(info, "signer"), title=info.signer_title
        )
        b.edge(signed)
        if place:
            b.edge(make_edge(pid, EdgeType.IN_JURISDICTION, place, None, inferred="signature"))


def _doc_props(claim: Claim) -> dict[str, Value]:
    info, doc = claim.info, claim.doc
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
    }


def _doc_label(doc: ParsedDocument, info: DocumentInfo, number: str | None) -> str:
    if number:
        return number
    kind = info.form or (info.kind.value if info.kind else "Văn bản")
    where = f" {info.jurisdiction}" if info.jurisdiction else ""
    return f"{kind}{where} ({doc.source})"


def _field(info: DocumentInfo, name: str) -> Provenance | None:
    return next((f.provenance for f in info.evidence if f.name == name), None)


def _stated(source: str, edge: EdgeType, target: str, info: DocumentInfo, name: str) -> Edge:
    """An edge from a field of the document's identity, with that field's evidence; a field
    read off the letterhead or signature block without a recorded span says so."""
    evidence = _field(info, name)
    if evidence is None:
        return make_edge(source, edge, target, None, inferred="letterhead")
    return make_edge(source, edge, target, evidence)


def _evidence_of_document(doc: ParsedDocument) -> Provenance:
    return _field(doc.document, "title") or Provenance(
        source=doc.source, span=Span(start=0, end=0), section=(), quote=""
    )


# --- references: edges between documents -----------------------------------------------


def add_references(b: Builder, claim: Claim, stubs: Stubs, dates: Dates) -> None:
    """An edge for each document the text cites, and for each link it states between two
    others; a loaded document cited with a date has that date recorded for it."""
    doc_id = claim.id
    for ref in claim.doc.references:
        cited = stubs.target(ref)
        if cited is None:
            b.problems.append(
                Problem(
                    kind="unresolved",
                    node=doc_id,
                    message=f"{claim.doc.source}: {ref.number or ref.name} cannot be placed "
                    "(a local number in a document of unknown province)",
                    evidence=(ref.provenance,),
                )
            )
            continue
        if cited in stubs.loaded_ids and ref.date:
            dates[cited][ref.date].append(ref.provenance)
        b.edge(make_edge(doc_id, EDGE_OF_RELATION[ref.relation], cited, ref.provenance))
    for link in claim.doc.links:
        source, target = stubs.link_end(link.source), stubs.link_end(link.target)
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


def add_tasks(b: Builder, claim: Claim, stubs: Stubs) -> None:
    """Each task, part of its document, led and coordinated by agencies of the document's
    jurisdiction, and citing the documents its text names."""
    seen: Counter[str] = Counter()
    for task in claim.doc.tasks:
        seen[task.id] += 1
        # Two tasks numbered 8.1 in one document are 8.1 and 8.1~2.
        local = task.id if seen[task.id] == 1 else f"{task.id}~{seen[task.id]}"
        tid = task_id(claim.id, local)
        b.node(make_node(tid, NodeType.TASK, local, **_task_props(task, claim.id)))
        b.edge(make_edge(tid, EdgeType.PART_OF, claim.id, task.provenance))
        _add_roles(b, claim, task, tid)
        for ref in task.references:
            cited = stubs.target(ref)
            if cited is not None:
                b.edge(make_edge(tid, EDGE_OF_RELATION[ref.relation], cited, ref.provenance))


def _add_roles(b: Builder, claim: Claim, task: Task, tid: str) -> None:
    jurisdiction = claim.bodies_in
    lead_line = _paged(claim.doc, line_of(task.provenance, LEAD_LINE_REGEX))
    for name in task.lead:
        aid = b.agency(name, jurisdiction)
        b.edge(make_edge(tid, EdgeType.LED_BY, aid, lead_line, role="lead"))
    coordinate_line = _paged(claim.doc, line_of(task.provenance, COORDINATE_LINE_REGEX))
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


def add_targets(b: Builder, claim: Claim) -> None:
    """Each target, part of its document, measuring its indicator (one node per name)."""
    for i, target in enumerate(claim.doc.targets, 1):
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


# --- dates of loaded documents ---------------------------------------------------------


def add_date_conflicts(b: Builder, dates: Dates) -> None:
    """A loaded document cited with another date keeps its own and reports the rest."""
    for did, given in dates.items():
        conflicts = date_conflicts(did, given, b.problems)
        if conflicts:
            node = b.nodes[did]
            b.nodes[did] = make_node(
                did, node.type, node.label, **{**dict(node.props), "conflicts": conflicts}
            )


# --- agencies --------------------------------------------------------------------------


def register_agencies(b: Builder, claim: Claim) -> None:
    """The agencies the document names, with the other names it gives them."""
    for agency in claim.doc.agencies:
        aid = b.agency(agency.name, claim.bodies_in)
        b.agency_aliases[aid].update(agency.aliases)


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

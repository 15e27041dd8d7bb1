"""Resolution: parsed documents -> one :class:`PolicyGraph`.

Identity is decided here. A reference resolves to the loaded document with the same
scoped number (``tw/52-NQ/TW``, or ``thai-binh/02-NQ/TU`` for a local number in a Thái
Bình text). A document cited but not loaded becomes a node of its own (``loaded`` false)
holding what the references say of it, and is replaced by the real one once that file is
loaded. Where references disagree (two dates for one number) every value is kept in
``conflicts`` and reported as a :class:`Problem`. Agencies are one node per canonical name
and province.

A pure function: the same documents, in any order, give the same graph.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from policykg.graph.ids import (
    CENTRAL_SLUG,
    agency_id,
    doc_id_of_key,
    file_doc_id,
    indicator_id,
    named_doc_id,
    person_id,
    place_id,
    place_slug,
    target_id,
    task_id,
)
from policykg.graph.model import (
    Edge,
    EdgeType,
    Node,
    NodeType,
    PolicyGraph,
    Problem,
    Value,
    make_edge,
    make_node,
)
from policykg.loaders import agencies as agency_names
from policykg.loaders import codes, places
from policykg.records import (
    DocumentInfo,
    ParsedDocument,
    Provenance,
    Reference,
    Relation,
    Scope,
    Span,
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


EDGE_OF_RELATION = {
    Relation.IMPLEMENTS: EdgeType.IMPLEMENTS,
    Relation.REPLACES: EdgeType.REPLACES,
    Relation.AMENDS: EdgeType.AMENDS,
    Relation.BASED_ON: EdgeType.IS_BASED_ON,
    Relation.CITES: EdgeType.CITES,
}


def document_key(info: DocumentInfo) -> str | None:
    """The scoped number of a document, as references spell it."""
    if not info.number:
        return None
    number = codes.parse_number(info.number)
    scope = number.scope if number else Scope.UNKNOWN
    if scope is Scope.NATIONAL or info.jurisdiction == places.CENTRAL:
        return f"{CENTRAL_SLUG}/{info.number}"
    return f"{place_slug(info.jurisdiction)}/{info.number}"


def _file_doc_id(doc: ParsedDocument) -> str:
    return file_doc_id(doc.source, doc.document.jurisdiction)


def _agency_scope(name: str, jurisdiction: str | None) -> str | None:
    level, _ = agency_names.level_and_parent(name)
    return places.CENTRAL if level == "central" else jurisdiction


@dataclass(slots=True)
class _Stub:
    """What the references say of a document that is not loaded."""

    key: str | None
    name: str | None
    numbers: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    issuers: Counter[str] = field(default_factory=Counter)
    dates: dict[str, list[Provenance]] = field(default_factory=lambda: defaultdict(list))
    scope: str | None = None
    jurisdiction: str | None = None
    issuer_evidence: Provenance | None = None


def _most_common(c: Counter[str]) -> str | None:
    # Ties go to the smallest value, so that input order never matters.
    return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] if c else None


class _Builder:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str], Edge] = {}
        self.problems: list[Problem] = []
        self.agencies: dict[str, dict[str, Value]] = {}
        self.agency_aliases: dict[str, set[str]] = defaultdict(set)
        self.stubs: dict[str, _Stub] = {}

    def node(self, node: Node) -> None:
        self.nodes.setdefault(node.id, node)

    def edge(self, edge: Edge) -> None:
        if edge.source != edge.target:
            self.edges.setdefault(edge.key, edge)

    def place(self, jurisdiction: str | None) -> str | None:
        if not jurisdiction:
            return None
        pid = place_id(jurisdiction)
        self.node(
            make_node(
                pid,
                NodeType.JURISDICTION,
                jurisdiction,
                name=jurisdiction,
                national=jurisdiction == places.CENTRAL,
            )
        )
        return pid

    def agency(self, name: str, jurisdiction: str | None) -> str:
        scope = _agency_scope(name, jurisdiction)
        aid = agency_id(name, scope)
        if aid not in self.agencies:
            record = agency_names.describe(name, scope)
            self.agencies[aid] = {
                "name": name,
                "jurisdiction": scope,
                "level": record.level,
                "collective": record.collective,
                "parent": record.parent,
            }
        return aid


def _doc_props(doc: ParsedDocument, number: str | None) -> dict[str, Value]:
    info = doc.document
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


def _field(info: DocumentInfo, name: str) -> Provenance | None:
    return next((f.provenance for f in info.evidence if f.name == name), None)


def _stated(source: str, edge: EdgeType, target: str, info: DocumentInfo, name: str) -> Edge:
    """An edge from a field of the document's identity, with that field's evidence; a field
    read off the letterhead or signature block without a recorded span says so."""
    evidence = _field(info, name)
    if evidence is None:
        return make_edge(source, edge, target, None, inferred="letterhead")
    return make_edge(source, edge, target, evidence)


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


def resolve(documents: Iterable[ParsedDocument]) -> PolicyGraph:
    """Resolve parsed documents into one graph."""
    docs = sorted(documents, key=lambda d: (d.source, d.path))
    b = _Builder()

    # 1. Loaded documents claim their scoped numbers first.
    by_key: dict[str, str] = {}
    doc_ids: list[str] = []
    for doc in docs:
        key = document_key(doc.document)
        doc_id = doc_id_of_key(key) if key else _file_doc_id(doc)
        if key and key in by_key:
            b.problems.append(
                Problem(
                    kind="duplicate",
                    node=by_key[key],
                    message=f"{doc.source}: {doc.document.number} is also {by_key[key]}; "
                    "kept apart by file name",
                )
            )
            doc_id, key = _file_doc_id(doc), None
        if key:
            by_key[key] = doc_id
        doc_ids.append(doc_id)

    # 2. Every reference: to a loaded document, or to a stub gathering what is said of it.
    def target_of(ref: Reference) -> str | None:
        if ref.key:
            if ref.key in by_key:
                return by_key[ref.key]
            tid = doc_id_of_key(ref.key)
            stub = b.stubs.setdefault(tid, _Stub(key=ref.key, name=None))
        elif ref.name:
            tid = named_doc_id(ref.name)
            stub = b.stubs.setdefault(tid, _Stub(key=None, name=ref.name))
        else:
            return None
        if ref.number:
            stub.numbers[ref.number] += 1
        if ref.kind:
            stub.kinds[ref.kind.value] += 1
        if ref.issuer:
            stub.issuers[ref.issuer] += 1
            stub.issuer_evidence = stub.issuer_evidence or ref.provenance
        if ref.date:
            stub.dates[ref.date].append(ref.provenance)
        stub.scope = stub.scope or (ref.scope.value if ref.number else None)
        stub.jurisdiction = stub.jurisdiction or ref.jurisdiction
        return tid

    loaded_ids = set(doc_ids)
    loaded_dates: dict[str, dict[str, list[Provenance]]] = defaultdict(lambda: defaultdict(list))
    for doc, doc_id in zip(docs, doc_ids, strict=True):
        info = doc.document
        number = info.number if doc_id.startswith("doc/") and "/file/" not in doc_id else None
        b.node(
            make_node(doc_id, NodeType.DOCUMENT, _doc_label(doc, number), **_doc_props(doc, number))
        )
        if info.date:
            loaded_dates[doc_id][info.date].append(
                _field(info, "date") or _evidence_of_document(doc)
            )
        place = b.place(info.jurisdiction)
        if place:
            b.edge(_stated(doc_id, EdgeType.IN_JURISDICTION, place, info, "jurisdiction"))
        if info.issuer:
            aid = b.agency(_issuer_name(info.issuer), info.jurisdiction)
            b.edge(_stated(doc_id, EdgeType.ISSUED_BY, aid, info, "issuer"))
        if info.signer:
            pid = person_id(info.signer, info.jurisdiction)
            b.node(
                make_node(
                    pid,
                    NodeType.PERSON,
                    info.signer,
                    name=info.signer,
                    jurisdiction=info.jurisdiction,
                )
            )
            b.edge(
                make_edge(
                    doc_id, EdgeType.SIGNED_BY, pid, _field(info, "signer"), title=info.signer_title
                )
            )
            if place:
                b.edge(make_edge(pid, EdgeType.IN_JURISDICTION, place, None, inferred="signature"))
        for ref in doc.references:
            tid = target_of(ref)
            if tid is None:
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
            if tid in loaded_ids and ref.date:
                loaded_dates[tid][ref.date].append(ref.provenance)
            b.edge(make_edge(doc_id, EDGE_OF_RELATION[ref.relation], tid, ref.provenance))
        for link in doc.links:
            linked_from = by_key.get(link.source) or doc_id_of_key(link.source)
            linked_to = by_key.get(link.target) or doc_id_of_key(link.target)
            for k in (link.source, link.target):
                if k not in by_key:
                    b.stubs.setdefault(doc_id_of_key(k), _Stub(key=k, name=None))
            b.edge(
                make_edge(linked_from, EDGE_OF_RELATION[link.relation], linked_to, link.provenance)
            )
        seen_tasks: Counter[str] = Counter()
        for task in doc.tasks:
            seen_tasks[task.id] += 1
            local = task.id if seen_tasks[task.id] == 1 else f"{task.id}~{seen_tasks[task.id]}"
            tid = task_id(doc_id, local)
            b.node(make_node(tid, NodeType.TASK, f"{local}", **_task_props(task, doc_id)))
            b.edge(make_edge(tid, EdgeType.PART_OF, doc_id, task.provenance))
            lead_line = line_of(task.provenance, LEAD_LINE_REGEX)
            for name in task.lead:
                aid = b.agency(name, info.jurisdiction)
                b.edge(make_edge(tid, EdgeType.LED_BY, aid, lead_line, role="lead"))
            coordinate_line = line_of(task.provenance, COORDINATE_LINE_REGEX)
            for name in task.coordinating:
                aid = b.agency(name, info.jurisdiction)
                b.edge(
                    make_edge(tid, EdgeType.COORDINATED_BY, aid, coordinate_line, role="coordinate")
                )
            for ref in task.references:
                cited = target_of(ref)
                if cited is not None:
                    b.edge(make_edge(tid, EDGE_OF_RELATION[ref.relation], cited, ref.provenance))
        for i, target in enumerate(doc.targets, 1):
            gid = target_id(doc_id, i)
            indicator = " ".join(target.indicator.split())
            iid = indicator_id(indicator)
            b.node(make_node(iid, NodeType.INDICATOR, indicator, name=indicator))
            b.node(
                make_node(
                    gid,
                    NodeType.TARGET,
                    f"{indicator} {target.value:g}{target.unit}"
                    + (f" ({target.year})" if target.year else ""),
                    indicator=indicator,
                    value=target.value,
                    value_max=target.value_max,
                    unit=target.unit,
                    comparator=target.comparator.value,
                    year=target.year,
                    document=doc_id,
                    text=target.evidence,
                    monitor=target.monitor,
                )
            )
            b.edge(make_edge(gid, EdgeType.PART_OF, doc_id, target.provenance))
            b.edge(make_edge(gid, EdgeType.MEASURES, iid, target.provenance))
        for agency in doc.agencies:
            aid = b.agency(agency.name, info.jurisdiction)
            b.agency_aliases[aid].update(agency.aliases)

    # 3. Stubs become nodes, with every date the references give.
    for sid, stub in b.stubs.items():
        # A stub made only by a link between two other documents has no reference of its
        # own: its number is the one in its key.
        number = _most_common(stub.numbers) or (stub.key.split("/", 1)[1] if stub.key else None)
        dates = {d: provs for d, provs in stub.dates.items()}
        date = _most_common(Counter({d: len(p) for d, p in dates.items()}))
        conflicts = _conflicts(sid, dates, b.problems)
        jurisdiction = stub.jurisdiction
        label = number or stub.name or sid
        b.node(
            make_node(
                sid,
                NodeType.DOCUMENT,
                label,
                kind=_most_common(stub.kinds),
                number=number,
                date=date,
                issuer=_most_common(stub.issuers),
                jurisdiction=jurisdiction,
                title=stub.name,
                loaded=False,
                scope=stub.scope,
                conflicts=conflicts,
            )
        )
        place = b.place(jurisdiction)
        if place:
            b.edge(make_edge(sid, EdgeType.IN_JURISDICTION, place, None, inferred="number"))
        issuer = _most_common(stub.issuers)
        if issuer:
            aid = b.agency(_issuer_name(issuer), jurisdiction)
            b.edge(make_edge(sid, EdgeType.ISSUED_BY, aid, stub.issuer_evidence))

    # 4. A loaded document cited with another date keeps its own and reports the rest.
    for did, dates in loaded_dates.items():
        conflicts = _conflicts(did, dates, b.problems)
        if conflicts:
            node = b.nodes[did]
            b.nodes[did] = make_node(
                did, node.type, node.label, **{**dict(node.props), "conflicts": conflicts}
            )

    # 5. Agencies, with their parents and provinces. A parent named by no document
    # ("Ủy ban nhân dân tỉnh" above a "Sở") is registered like any other agency first.
    pending = list(b.agencies)
    while pending:
        props = b.agencies[pending.pop()]
        if isinstance(props["parent"], str):
            jurisdiction = props["jurisdiction"] if isinstance(props["jurisdiction"], str) else None
            before = len(b.agencies)
            registered = b.agency(props["parent"], jurisdiction)
            props["parent_id"] = registered
            if len(b.agencies) > before:
                pending.append(registered)
    for aid, props in sorted(b.agencies.items()):
        parent_id = props.pop("parent_id", None)
        props.pop("parent")
        b.node(
            make_node(
                aid,
                NodeType.AGENCY,
                str(props["name"]),
                aliases=tuple(sorted(b.agency_aliases.get(aid, ()))),
                **props,
            )
        )
        place = b.place(props["jurisdiction"] if isinstance(props["jurisdiction"], str) else None)
        if place:
            b.edge(make_edge(aid, EdgeType.IN_JURISDICTION, place, None, inferred="name"))
        if isinstance(parent_id, str):
            b.edge(make_edge(aid, EdgeType.SUB_ORGANIZATION_OF, parent_id, None, inferred="name"))

    nodes = tuple(sorted(b.nodes.values(), key=lambda n: n.id))
    edges = tuple(sorted(b.edges.values(), key=lambda e: e.key))
    problems = tuple(sorted(b.problems, key=lambda p: (p.kind, p.node or "", p.message)))
    return PolicyGraph(nodes=nodes, edges=edges, problems=problems)


def _conflicts(
    node_id: str, dates: dict[str, list[Provenance]], problems: list[Problem]
) -> tuple[str, ...]:
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


def _issuer_name(issuer: str) -> str:
    return agency_names.canonical_name(issuer) or issuer


def _evidence_of_document(doc: ParsedDocument) -> Provenance:
    return _field(doc.document, "title") or Provenance(
        source=doc.source, span=Span(start=0, end=0), section=(), quote=""
    )


def _doc_label(doc: ParsedDocument, number: str | None) -> str:
    if number:
        return number
    info = doc.document
    kind = info.form or (info.kind.value if info.kind else "Văn bản")
    where = f" {info.jurisdiction}" if info.jurisdiction else ""
    return f"{kind}{where} ({doc.source})"

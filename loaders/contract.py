"""The JSON contract of ``policykg parse`` (``SCHEMA.md``), plus provenance extras."""

from __future__ import annotations

from typing import Any

from policykg.records import ParsedDocument, Provenance, Reference, Task


def _prov(p: Provenance) -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": p.source,
        "span": [p.span.start, p.span.end],
        "section": "/".join(p.section),
        "quote": p.quote,
    }
    if p.page is not None:  # PDFs and scans: the page the span is on
        out["page"] = p.page
    return out


def _reference(r: Reference) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": r.number,
        "kind": r.kind.value if r.kind else None,
        "date": r.date,
        "issuer": r.issuer,
        "relation": r.relation.value,
        "evidence": r.evidence,
        "scope": r.scope.value,
        "jurisdiction": r.jurisdiction,
        "key": r.key,
        "provenance": _prov(r.provenance),
        "mentions": len(r.mentions),
    }
    if r.number is None:
        out["name"] = r.name
    if r.raw and r.raw != r.number:
        out["raw"] = r.raw
    if r.conflicts:
        out["conflicts"] = list(r.conflicts)
    return out


def _task(t: Task) -> dict[str, Any]:
    return {
        "id": t.id,
        "text": t.text[:100],
        "lead": list(t.lead),
        "coordinating": list(t.coordinating),
        "deadline": (
            {"text": t.deadline.text, "year": t.deadline.year, "value": t.deadline.value}
            if t.deadline
            else None
        ),
        "result": t.result,
        "references": [r.number or r.name for r in t.references],
        "provenance": _prov(t.provenance),
        "warnings": [w.message for w in t.warnings],
    }


def to_contract(doc: ParsedDocument) -> dict[str, Any]:
    """One document as the parse contract's JSON object."""
    d = doc.document
    return {
        "source": doc.source,
        "path": doc.path,
        "encoding": doc.encoding,
        "sha256": doc.sha256,
        **({"converted": doc.converted, "pages": len(doc.pages)} if doc.converted else {}),
        "document": {
            "kind": d.kind.value if d.kind else None,
            "number": d.number,
            "date": d.date,
            "issuer": d.issuer,
            "jurisdiction": d.jurisdiction,
            "jurisdiction_evidence": d.jurisdiction_evidence,
            "signer": d.signer,
            "signer_title": d.signer_title,
            "title": d.title,
            "form": d.form,
            "place": d.place,
            "evidence": {f.name: _prov(f.provenance) for f in d.evidence},
        },
        "references": [_reference(r) for r in doc.references],
        "targets": [
            {
                "year": t.year,
                "indicator": t.indicator,
                "value": t.value,
                "value_max": t.value_max,
                "unit": t.unit,
                "comparator": t.comparator.value,
                "evidence": t.evidence,
                "monitor": t.monitor,
                "provenance": _prov(t.provenance),
            }
            for t in doc.targets
        ],
        "tasks": [_task(t) for t in doc.tasks],
        "assignments": [
            {
                "agency": a.agency,
                "role": a.role.value,
                "evidence": a.evidence,
                "provenance": _prov(a.provenance),
            }
            for a in doc.assignments
        ],
        "agencies": sorted({a.name for a in doc.agencies}),
        "agency_details": [
            {
                "name": a.name,
                "collective": a.collective,
                "level": a.level,
                "parent": a.parent,
                "jurisdiction": a.jurisdiction,
            }
            for a in doc.agencies
        ],
        "sections": [
            {"path": "/".join(s.path), "title": s.title, "span": [s.span.start, s.span.end]}
            for s in doc.sections
        ],
        "warnings": [
            {"message": w.message, **({"provenance": _prov(w.provenance)} if w.provenance else {})}
            for w in doc.warnings
        ],
    }

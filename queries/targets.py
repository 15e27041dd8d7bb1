"""Targets: one indicator compared across provinces and years."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from policykg.graph.ids import readable_key
from policykg.graph.model import NodeType, PolicyGraph
from policykg.loaders.places import fold


@dataclass(frozen=True, slots=True)
class TargetRow:
    target: str
    jurisdiction: str | None
    document: str
    document_key: str  # graph.ids.readable_key, the name to show
    year: int | None
    indicator: str
    value: float
    value_max: float | None
    unit: str
    comparator: str
    text: str


def targets(graph: PolicyGraph, text: str, *, year: int | None = None) -> tuple[TargetRow, ...]:
    """Targets whose indicator or sentence mentions ``text`` (case-insensitive; accents
    optional when the text has none), sorted by year, province and indicator."""
    wanted = unicodedata.normalize("NFC", text).strip().casefold()
    loose = wanted == fold(wanted)  # typed without accents: match without accents
    rows = []
    for n in graph.nodes:
        if n.type is not NodeType.TARGET:
            continue
        indicator = str(n.get("indicator"))
        hay = fold(indicator) if loose else indicator.casefold()
        hay_text = fold(str(n.get("text", ""))) if loose else str(n.get("text", "")).casefold()
        if wanted not in hay and wanted not in hay_text:
            continue
        y = n.get("year")
        if year is not None and y != year:
            continue
        doc = graph.node(str(n.get("document")))
        vmax = n.get("value_max")
        rows.append(
            TargetRow(
                target=n.id,
                jurisdiction=doc.text("jurisdiction"),
                document=doc.id,
                document_key=readable_key(graph, doc.id),
                year=y if isinstance(y, int) else None,
                indicator=indicator,
                value=float(n.get("value") or 0.0),  # type: ignore[arg-type]
                value_max=float(vmax) if isinstance(vmax, int | float) else None,
                unit=str(n.get("unit", "")),
                comparator=str(n.get("comparator", "")),
                text=str(n.get("text", "")),
            )
        )
    rows.sort(key=lambda r: (r.year or 0, r.jurisdiction or "", r.indicator, r.target))
    return tuple(rows)

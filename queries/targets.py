"""Targets: one indicator compared across provinces and years.

As of a day (``as_of``), each target also names the province its document's province
has become (``province``): a merged province's targets sort beside its parts', Hưng Yên's
beside the Thái Bình ones it now answers for.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from policykg.graph.ids import readable_key
from policykg.graph.model import NodeType, PolicyGraph
from policykg.graph.succession import Timeline
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
    province: str | None = None  # as of a day, the province ``jurisdiction`` then is


def targets(
    graph: PolicyGraph, text: str, *, year: int | None = None, as_of: date | None = None
) -> tuple[TargetRow, ...]:
    """Targets whose indicator or sentence mentions ``text`` (case-insensitive; accents
    optional when the text has none), sorted by year, province and indicator; as of a
    day, by the province of that day first."""
    timeline = Timeline(graph) if as_of else None
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
        where = doc.text("jurisdiction")
        rows.append(
            TargetRow(
                target=n.id,
                jurisdiction=where,
                document=doc.id,
                document_key=readable_key(graph, doc.id),
                year=y if isinstance(y, int) else None,
                indicator=indicator,
                value=float(n.get("value") or 0.0),  # type: ignore[arg-type]
                value_max=float(vmax) if isinstance(vmax, int | float) else None,
                unit=str(n.get("unit", "")),
                comparator=str(n.get("comparator", "")),
                text=str(n.get("text", "")),
                province=timeline.province(where, as_of) if timeline else where,
            )
        )
    rows.sort(
        key=lambda r: (r.year or 0, r.province or "", r.jurisdiction or "", r.indicator, r.target)
    )
    return tuple(rows)

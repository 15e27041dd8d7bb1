"""Query results as the JSON contract and as text tables.

Both name each node by its key (:func:`policykg.graph.ids.readable_key`); JSON also gives
its id, number and file (:func:`describe.node_json`). Tables are for people and may change.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from policykg.graph.model import PolicyGraph
from policykg.queries.cascade import Cascade
from policykg.queries.coverage import Coverage
from policykg.queries.describe import node_json, short
from policykg.queries.lineage import Lineage
from policykg.queries.targets import TargetRow
from policykg.queries.who import Who


def _edge_json(graph: PolicyGraph, source: str, edge: str, target: str) -> dict[str, Any]:
    e = graph.edge(source, edge, target)
    out: dict[str, Any] = {"type": edge}
    if e is not None:
        if e.evidence:
            ev = e.evidence
            out["evidence"] = {
                "file": ev.source,
                "start": ev.span.start,
                "end": ev.span.end,
                "quote": ev.quote,
            }
        out.update(dict(e.props))
    return out


def lineage_json(graph: PolicyGraph, result: Lineage) -> dict[str, Any]:
    return {
        "start": node_json(graph, result.start),
        "roots": [node_json(graph, r) for r in result.roots],
        "paths": [
            {
                "nodes": [node_json(graph, n) for n in p.nodes],
                "edges": [
                    _edge_json(graph, p.nodes[i], p.edges[i].value, p.nodes[i + 1])
                    for i in range(len(p.edges))
                ],
            }
            for p in result.paths
        ],
        "truncated": result.truncated,
    }


def lineage_table(graph: PolicyGraph, result: Lineage) -> str:
    lines = [f"lineage of {short(graph, result.start)}: {len(result.paths)} path(s)"]
    for p in result.paths:
        parts = [short(graph, p.nodes[0])]
        for edge, node in zip(p.edges, p.nodes[1:], strict=True):
            parts.append(f"-{edge.value}-> {short(graph, node)}")
        lines.append("  " + " ".join(parts))
    if result.truncated:
        lines.append("  (truncated)")
    return "\n".join(lines) + "\n"


def cascade_json(graph: PolicyGraph, result: Cascade) -> dict[str, Any]:
    return {
        "directive": node_json(graph, result.directive),
        "entries": [
            {
                "depth": e.depth,
                "node": node_json(graph, e.node),
                "via": node_json(graph, e.via),
                "edge": _edge_json(graph, e.node, e.edge.value, e.via),
            }
            for e in result.entries
        ],
    }


def _where(graph: PolicyGraph, node_id: str) -> str:
    n = graph.node(node_id)
    j = n.get("jurisdiction")
    if j is None and n.get("document"):
        j = graph.node(str(n.get("document"))).get("jurisdiction")
    return str(j or "?")


def cascade_table(graph: PolicyGraph, result: Cascade) -> str:
    lines = [f"cascade of {short(graph, result.directive)}: {len(result.entries)} implementer(s)"]
    lines.append(f"  {'depth':<6}{'province':<20}{'implementer':<48}via")
    for e in result.entries:
        lines.append(
            f"  {e.depth:<6}{_where(graph, e.node):<20}{short(graph, e.node):<48}"
            f"{short(graph, e.via)}"
        )
    return "\n".join(lines) + "\n"


def who_json(graph: PolicyGraph, result: Who) -> dict[str, Any]:
    return {
        "agencies": [node_json(graph, a) for a in result.agencies],
        "tasks": [
            {
                "agency": d.agency,
                "role": d.role,
                "task": node_json(graph, d.task),
                "deadline": d.deadline,
            }
            for d in result.duties
        ],
    }


def who_table(graph: PolicyGraph, result: Who) -> str:
    names = ", ".join(short(graph, a) for a in result.agencies)
    lines = [f"{names}: {len(result.duties)} task(s)"]
    for d in result.duties:
        text = str(graph.node(d.task).get("text", ""))
        text = text if len(text) <= 70 else text[:69] + "…"
        lines.append(
            f"  {d.role:<11}{short(graph, d.task):<36}{(d.deadline or '-')[:18]:<19}{text}"
        )
    return "\n".join(lines) + "\n"


def targets_json(graph: PolicyGraph, rows: tuple[TargetRow, ...]) -> list[dict[str, Any]]:
    return [
        {
            "target": r.target,
            "jurisdiction": r.jurisdiction,
            "document": node_json(graph, r.document),
            "year": r.year,
            "indicator": r.indicator,
            "value": r.value,
            "value_max": r.value_max,
            "unit": r.unit,
            "comparator": r.comparator,
            "text": r.text,
        }
        for r in rows
    ]


_SIGN = {"eq": "", "ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "≈", "range": ""}


def _value(r: TargetRow) -> str:
    v = f"{r.value:g}" + (f"–{r.value_max:g}" if r.value_max is not None else "")
    return f"{_SIGN.get(r.comparator, '')}{v}{r.unit if r.unit.startswith('%') else ' ' + r.unit}"


def targets_table(rows: tuple[TargetRow, ...]) -> str:
    """A province × year grid per indicator: the comparison analysts ask for."""
    if not rows:
        return "(no targets)\n"
    by_indicator: dict[str, list[TargetRow]] = defaultdict(list)
    for r in rows:
        by_indicator[r.indicator].append(r)
    lines = []
    for indicator, items in sorted(by_indicator.items()):
        years = sorted({r.year for r in items if r.year is not None})
        provinces = sorted({r.jurisdiction or "?" for r in items})
        lines.append(indicator)
        lines.append("  " + f"{'province':<20}" + "".join(f"{y:<16}" for y in years))
        for p in provinces:
            cells = []
            for y in years:
                vals = [_value(r) for r in items if (r.jurisdiction or "?") == p and r.year == y]
                cells.append(f"{', '.join(vals) or '-':<16}")
            lines.append("  " + f"{p:<20}" + "".join(cells))
        lines.append("")
    return "\n".join(lines)


def coverage_json(graph: PolicyGraph, result: Coverage) -> dict[str, Any]:
    return {
        "directive": node_json(graph, result.directive),
        "provinces": len(result.provinces),
        "covered": [
            {"province": p, "documents": [node_json(graph, d) for d in docs]}
            for p, docs in result.covered
        ],
        "missing": list(result.missing),
    }


def coverage_table(graph: PolicyGraph, result: Coverage) -> str:
    lines = [
        f"coverage of {short(graph, result.directive)}: {len(result.covered)} of "
        f"{len(result.provinces)} provinces"
    ]
    for p, docs in result.covered:
        lines.append(f"  ✓ {p:<22}{', '.join(short(graph, d) for d in docs)}")
    if result.missing:
        lines.append(f"  ✗ {len(result.missing)} without: {', '.join(result.missing)}")
    return "\n".join(lines) + "\n"

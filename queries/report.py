"""Query results as the JSON contract and as text tables.

Both name each node by its key (:func:`policykg.graph.ids.readable_key`); JSON also gives
its id, number and file (:func:`describe.node_json`). Tables are for people and may change.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from policykg.graph.model import PolicyGraph
from policykg.graph.succession import SUCCESSION_EDGES
from policykg.queries.describe import node_json, short

if TYPE_CHECKING:  # annotations only: a query imports the modules of its own kind
    from policykg.queries.cascade import Cascade
    from policykg.queries.coverage import Coverage
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
        "provinces": [
            {"name": old, "now": now, "since": since}
            for old, (now, since) in sorted(result.provinces.items())
        ],
        "replaced": [
            {"document": node_json(graph, d), "by": node_json(graph, by)}
            for d, by in sorted(result.replaced.items())
        ],
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
    if result.provinces:
        now = ", ".join(f"{old} (now {new})" for old, (new, _) in sorted(result.provinces.items()))
        lines.append(f"  provinces: {now}")
    for d, by in sorted(result.replaced.items()):
        lines.append(f"  replaced: {short(graph, d)} by {short(graph, by)}")
    return "\n".join(lines) + "\n"


def cascade_json(graph: PolicyGraph, result: Cascade) -> dict[str, Any]:
    """The cascade as JSON. A node met again (the directive is the ``via`` of every
    first-level entry, a plan the ``replaced_by`` of each of its tasks) is described once,
    the same dict in each place it is shown: treat the result as read-only."""
    described: dict[str, dict[str, Any]] = {}

    def node(node_id: str) -> dict[str, Any]:
        out = described.get(node_id)
        if out is None:
            out = described[node_id] = node_json(graph, node_id)
        return out

    entries = []
    for e in result.entries:
        entry = {
            "depth": e.depth,
            "node": node(e.node),
            "via": node(e.via),
            "edge": _edge_json(graph, e.node, e.edge.value, e.via),
        }
        if e.node in result.provinces:
            entry["province"] = result.provinces[e.node][1]
        if e.node in result.replaced:
            entry["replaced_by"] = node(result.replaced[e.node])
        entries.append(entry)
    return {"directive": node(result.directive), "entries": entries}


def cascade_json_text(data: dict[str, Any], *, batch: int = 1000) -> Iterator[str]:
    """``json.dumps(data, ensure_ascii=False)`` of a :func:`cascade_json`, in pieces of
    ``batch`` entries: a national cascade's is tens of megabytes, never held at once."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    entries = data["entries"]
    yield f'{{"directive": {encode(data["directive"])}, "entries": ['
    for i in range(0, len(entries), batch):
        yield (", " if i else "") + encode(entries[i : i + batch])[1:-1]
    yield "]}"


def _where(graph: PolicyGraph, node_id: str) -> str:
    n = graph.node(node_id)
    j = n.get("jurisdiction")
    if j is None and n.get("document"):
        j = graph.node(str(n.get("document"))).get("jurisdiction")
    return str(j or "?")


def cascade_table(graph: PolicyGraph, result: Cascade) -> str:
    def name(node_id: str) -> str:  # the key the cascade holds, or as it would make it
        return result.keys.get(node_id) or short(graph, node_id)

    lines = [f"cascade of {name(result.directive)}: {len(result.entries)} implementer(s)"]
    wheres = {
        e.node: _now(*result.provinces[e.node]) if e.node in result.provinces
        else _where(graph, e.node)
        for e in result.entries
    }  # fmt: skip
    width = max([20, *(len(w) + 2 for w in wheres.values())])
    lines.append(f"  {'depth':<6}{'province':<{width}}{'implementer':<48}via")
    for e in result.entries:
        where = wheres[e.node]
        gone = (
            f"  (replaced by {name(result.replaced[e.node])})"
            if (e.node in result.replaced)
            else ""
        )
        lines.append(f"  {e.depth:<6}{where:<{width}}{name(e.node):<48}{name(e.via)}{gone}")
    return "\n".join(lines) + "\n"


def _now(printed: str, now: str) -> str:
    """``Thái Bình (now Hưng Yên)``, or the province alone when it is the same."""
    return printed if printed == now else f"{printed} (now {now})"


def who_json(graph: PolicyGraph, result: Who) -> dict[str, Any]:
    return {
        "agencies": [node_json(graph, a) for a in result.agencies],
        "tasks": [
            {
                "agency": d.agency,
                "role": d.role,
                "task": node_json(graph, d.task),
                "deadline": d.deadline,
                **({"chain": _chain_json(graph, d.chain)} if d.chain else {}),
            }
            for d in result.duties
        ],
    }


def _chain_json(graph: PolicyGraph, chain: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each body of a chain, and for each after the first the succession that led to it."""
    out: list[dict[str, Any]] = [{"agency": node_json(graph, chain[0])}]
    for old, new in itertools.pairwise(chain):
        out.append({"agency": node_json(graph, new), **_succession(graph, old, new)})
    return out


def _succession(graph: PolicyGraph, old: str, new: str) -> dict[str, Any]:
    for kind in SUCCESSION_EDGES:
        e = graph.edge(old, kind.value, new)
        if e is not None:
            return {"edge": kind.value, **dict(e.props)}
    return {}


def _chain_text(graph: PolicyGraph, chain: tuple[str, ...]) -> str:
    parts = [short(graph, chain[0])]
    for old, new in itertools.pairwise(chain):
        since = _succession(graph, old, new).get("valid_from", "?")
        parts.append(f"→ {since} {short(graph, new)}")
    return " ".join(parts)


def who_table(graph: PolicyGraph, result: Who) -> str:
    names = ", ".join(short(graph, a) for a in result.agencies)
    lines = [f"{names}: {len(result.duties)} task(s)"]
    # A body asked about that has since become another: said once, not on each task.
    ceased = {d.agency: d.chain for d in result.duties if d.chain and d.chain[0] == d.agency}
    for chain in ceased.values():
        lines.append(f"  now: {_chain_text(graph, chain)}")
    for d in result.duties:
        text = str(graph.node(d.task).get("text", ""))
        text = text if len(text) <= 70 else text[:69] + "…"
        lines.append(
            f"  {d.role:<11}{short(graph, d.task):<36}{(d.deadline or '-')[:18]:<19}{text}"
        )
        if d.chain and d.agency not in ceased:
            lines.append(f"  {'':<11}↳ {_chain_text(graph, d.chain)}")
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
            **({"province": r.province} if r.province != r.jurisdiction else {}),
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
        # A merged province's row first, then its parts': Hưng Yên, Thái Bình (now Hưng Yên).
        provinces = sorted(
            {_row_of(r) for r in items}, key=lambda pr: (pr[1], pr[0] != pr[1], pr[0])
        )
        width = max([20, *(len(_now(*pr)) + 2 for pr in provinces)])
        lines.append(indicator)
        lines.append("  " + f"{'province':<{width}}" + "".join(f"{y:<16}" for y in years))
        for pr in provinces:
            cells = []
            for y in years:
                vals = [_value(r) for r in items if _row_of(r) == pr and r.year == y]
                cells.append(f"{', '.join(vals) or '-':<16}")
            lines.append("  " + f"{_now(*pr):<{width}}" + "".join(cells))
        lines.append("")
    return "\n".join(lines)


def _row_of(r: TargetRow) -> tuple[str, str]:
    where = r.jurisdiction or "?"
    return where, r.province or where


def coverage_json(graph: PolicyGraph, result: Coverage) -> dict[str, Any]:
    return {
        "directive": node_json(graph, result.directive),
        "provinces": len(result.provinces),
        "covered": [
            {"province": p, "documents": [node_json(graph, d) for d in docs]}
            for p, docs in result.covered
        ],
        "missing": list(result.missing),
        **({"as_of": result.as_of.isoformat()} if result.as_of else {}),
        "formerly": [
            {
                "province": p,
                "parts": [
                    {"name": old, "documents": [node_json(graph, d) for d in docs]}
                    for old, docs in parts
                ],
            }
            for p, parts in result.formerly
        ],
        "replaced": [
            {"document": node_json(graph, d), "by": node_json(graph, by)}
            for d, by in result.replaced
        ],
    }


def coverage_table(graph: PolicyGraph, result: Coverage) -> str:
    lines = [
        f"coverage of {short(graph, result.directive)}: {len(result.covered)} of "
        f"{len(result.provinces)} provinces"
    ]
    formerly = dict(result.formerly)
    for p, docs in result.covered:
        old = {d for _, ds in formerly.get(p, ()) for d in ds}
        own = ", ".join(short(graph, d) for d in docs if d not in old)
        lines.append(f"  ✓ {p:<22}{own}".rstrip())
        for name, ds in formerly.get(p, ()):
            lines.append(f"    ← {name:<20}{', '.join(short(graph, d) for d in ds)}")
    for d, by in result.replaced:
        lines.append(f"  (replaced: {short(graph, d)} by {short(graph, by)})")
    if result.missing:
        lines.append(f"  ✗ {len(result.missing)} without: {', '.join(result.missing)}")
    return "\n".join(lines) + "\n"

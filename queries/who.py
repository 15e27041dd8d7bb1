"""Who: the tasks an agency leads or coordinates, with their deadlines and documents."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

import networkx as nx
from policykg.errors import InputError
from policykg.graph.model import EdgeType, Node, NodeType, PolicyGraph
from policykg.loaders import agencies as agency_names
from policykg.loaders.places import fold
from policykg.queries.ids import province_name

ROLES = {EdgeType.LED_BY.value: "lead", EdgeType.COORDINATED_BY.value: "coordinate"}


@dataclass(frozen=True, slots=True)
class Duty:
    agency: str
    task: str
    role: str  # "lead" or "coordinate"
    document: str
    deadline: str | None


@dataclass(frozen=True, slots=True)
class Who:
    agencies: tuple[str, ...]
    duties: tuple[Duty, ...]


def _names(n: Node) -> list[str]:
    aliases = n.get("aliases") or ()
    return [n.label, *(aliases if isinstance(aliases, tuple) else ())]


def find_agencies(graph: PolicyGraph, name: str, *, province: str | None = None) -> tuple[str, ...]:
    """The agency nodes ``name`` means: exact name (any case) first, then accent-free,
    then one clear fuzzy match.

    Raises:
        InputError: no match, or several different names match; lists what was meant.
    """
    where = province_name(province) if province else None
    pool = [
        n
        for n in graph.nodes
        if n.type is NodeType.AGENCY and (where is None or n.get("jurisdiction") == where)
    ]
    typed = unicodedata.normalize("NFC", name).strip()
    canonical = agency_names.canonical_name(typed) or typed
    for wanted, key in ((canonical.casefold(), str.casefold), (fold(canonical), fold)):
        exact = [n.id for n in pool if any(key(x) == wanted for x in _names(n))]
        if exact:
            return tuple(sorted(exact))
    folded = {n.id: fold(n.label) for n in pool}
    wanted = fold(canonical)
    contains = sorted({folded[i] for i in folded if wanted in folded[i]})
    close = contains or difflib.get_close_matches(
        wanted, sorted(set(folded.values())), n=5, cutoff=0.75
    )
    labels = {folded[n.id]: n.label for n in pool}
    if len(close) == 1:
        return tuple(sorted(i for i, f in folded.items() if f == close[0]))
    scope = f" in {where}" if where else ""
    if not close:
        raise InputError(f"no agency {name!r}{scope}")
    options = "; ".join(labels[c] for c in close[:5])
    raise InputError(f"{name!r} is ambiguous{scope}: did you mean {options}?")


def who(g: nx.MultiDiGraph, graph: PolicyGraph, agency_ids: tuple[str, ...]) -> Who:
    duties = []
    for aid in agency_ids:
        for task, _, key in g.in_edges(aid, keys=True):
            if key not in ROLES:
                continue
            node = graph.node(task)
            duties.append(
                Duty(
                    agency=aid,
                    task=task,
                    role=ROLES[key],
                    document=str(node.get("document")),
                    deadline=node.text("deadline"),
                )
            )
    duties.sort(key=lambda d: (d.document, d.role != "lead", _task_order(graph, d.task), d.agency))
    return Who(agencies=agency_ids, duties=tuple(duties))


def _task_order(graph: PolicyGraph, task: str) -> tuple[int | str, ...]:
    tid = str(graph.node(task).get("task_id", ""))
    return tuple(int(p) if p.isdigit() else p for p in tid.replace("-", ".").split("."))

"""How query results name nodes: by number and file, as analysts cite documents."""

from __future__ import annotations

from typing import Any

from policykg.graph.model import NodeType, PolicyGraph


def node_json(graph: PolicyGraph, node_id: str) -> dict[str, Any]:
    """The stable JSON description of a node in query output."""
    n = graph.node(node_id)
    out: dict[str, Any] = {"id": n.id, "type": n.type.value, "label": n.label}
    if n.type is NodeType.DOCUMENT:
        for key in ("number", "source", "kind", "date", "jurisdiction", "issuer", "loaded"):
            out["file" if key == "source" else key] = n.get(key)
        out["title"] = n.get("title")
    elif n.type is NodeType.TASK:
        doc = graph.node(str(n.get("document")))
        out["task_id"] = n.get("task_id")
        out["document"] = {"id": doc.id, "number": doc.get("number"), "file": doc.get("source")}
        out["jurisdiction"] = doc.get("jurisdiction")
        out["deadline"] = n.get("deadline")
        out["text"] = n.get("text")
    else:
        out.update(dict(n.props))
        for k, v in out.items():
            if isinstance(v, tuple):
                out[k] = list(v)
    return out


def short(graph: PolicyGraph, node_id: str) -> str:
    """A one-line name for tables: ``52-NQ/TW``, ``004_1b73a6d31f29fe0d.txt#8.1``."""
    n = graph.node(node_id)
    if n.type is NodeType.DOCUMENT:
        number, source = n.get("number"), n.get("source")
        if number and source:
            return f"{number} ({source})"
        return str(number or source or n.label)
    if n.type is NodeType.TASK:
        doc = graph.node(str(n.get("document")))
        return f"{doc.get('source') or doc.get('number')}#{n.get('task_id')}"
    return n.label

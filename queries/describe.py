"""How query results name nodes: by their key (:func:`policykg.graph.ids.readable_key`),
the number and file analysts cite documents by, in JSON and in tables alike."""

from __future__ import annotations

from typing import Any

from policykg.graph.ids import readable_key
from policykg.graph.model import NodeType, PolicyGraph


def node_json(graph: PolicyGraph, node_id: str) -> dict[str, Any]:
    """The stable JSON description of a node in query output."""
    n = graph.node(node_id)
    out: dict[str, Any] = {
        "id": n.id,
        "key": readable_key(graph, node_id),
        "type": n.type.value,
        "label": n.label,
    }
    if n.type is NodeType.DOCUMENT:
        for key in ("number", "source", "kind", "date", "jurisdiction", "issuer", "loaded"):
            out["file" if key == "source" else key] = n.get(key)
        out["title"] = n.get("title")
    elif n.type is NodeType.TASK:
        doc = graph.node(str(n.get("document")))
        out["task_id"] = n.get("task_id")
        out["document"] = {
            "id": doc.id,
            "key": readable_key(graph, doc.id),
            "number": doc.get("number"),
            "file": doc.get("source"),
        }
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
    """A one-line name for tables: the node's key (``004_1b73a6d31f29fe0d.txt#8.1``)."""
    return readable_key(graph, node_id)

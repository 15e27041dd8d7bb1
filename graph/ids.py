"""Every node id of the graph, made in one place.

Ids are readable paths that also serve as IRI suffixes and Neo4j keys::

    doc/tw/52-NQ-TW                     a national document, by its number
    doc/thai-binh/02-NQ-TU              a local number is scoped to its province
    doc/thai-binh/file/004_1b73a6d31f29fe0d   a loaded document without a number
    doc/named/de-an-...                 a document cited by name only
    doc/thai-binh/file/004_1b73a6d31f29fe0d/task/8.1
    doc/thai-binh/file/004_1b73a6d31f29fe0d/target/3
    agency/thai-binh/so-khoa-hoc-va-cong-nghe
    place/thai-binh     place/tw
    person/thai-binh/ngo-dong-hai
    indicator/kinh-te-so

No other module formats an id: they call these functions, so that an id read in a query
is the id resolution made.

:func:`readable_key` gives each node the one name people read and type, in every
interface (tables, JSON, Cypher's ``key``, SPARQL bindings, views)::

    004_1b73a6d31f29fe0d.txt#8.1            a task: its document's file, then its id
    004_1b73a6d31f29fe0d.txt                a loaded document without a number
    02-NQ/TU (003_07a70d37f77f3d0b.txt)     a loaded document with a number
    57-NQ/TW                                a national number
    376-KH/TU (Thái Bình)                   a local number, with its province
    Đề án 06                                a document cited by name only
    Sở Khoa học và Công nghệ (Thái Bình)    an agency, with its province (``?`` if unknown)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policykg.graph.model import Node, NodeType, PolicyGraph
from policykg.loaders import places

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CENTRAL_SLUG",
    "UNKNOWN_PLACE",
    "agency_id",
    "doc_id_of_key",
    "file_doc_id",
    "indicator_id",
    "named_doc_id",
    "person_id",
    "place_id",
    "place_slug",
    "readable_key",
    "reference_key",
    "target_id",
    "task_id",
]

CENTRAL_SLUG = "tw"
# The place in an agency's key when the documents do not say it: "Ban Chỉ đạo (?)".
UNKNOWN_PLACE = "?"
TASK_SEGMENT = "/task/"
TARGET_SEGMENT = "/target/"

# Names recur: each of a province's bodies is named in hundreds of tasks, and every build
# gives each body its id again. A slug is a pure function of its name.
_slug = lru_cache(maxsize=1 << 16)(places.slug)


def place_slug(jurisdiction: str | None) -> str:
    """``Thái Bình`` -> ``thai-binh``; the central level is ``tw``; none is ``unknown``."""
    if not jurisdiction:
        return "unknown"
    return CENTRAL_SLUG if jurisdiction == places.CENTRAL else _slug(jurisdiction)


def doc_id_of_key(key: str) -> str:
    """A reference key to a node id: ``thai-binh/02-NQ/TU`` -> ``doc/thai-binh/02-NQ-TU``."""
    scope, _, number = key.partition("/")
    return f"doc/{scope}/{number.replace('/', '-')}"


def file_doc_id(source: str, jurisdiction: str | None) -> str:
    """A loaded document without a (unique) number, by its file name without extension."""
    stem = source.rsplit(".", 1)[0]
    return f"doc/{place_slug(jurisdiction)}/file/{stem}"


def named_doc_id(name: str) -> str:
    """A document cited by its name only (``Đề án ... đô thị thông minh``)."""
    return f"doc/named/{places.slug(name)}"


def task_id(doc_id: str, local: str) -> str:
    """Task ``local`` (``8.1``, or ``8.1~2`` for a second task numbered 8.1) of a document."""
    return f"{doc_id}{TASK_SEGMENT}{local}"


def target_id(doc_id: str, index: int) -> str:
    """The ``index``-th (from 1) target of a document."""
    return f"{doc_id}{TARGET_SEGMENT}{index}"


def agency_id(name: str, jurisdiction: str | None) -> str:
    return f"agency/{place_slug(jurisdiction)}/{_slug(name)}"


def place_id(jurisdiction: str) -> str:
    return f"place/{place_slug(jurisdiction)}"


def person_id(name: str, jurisdiction: str | None) -> str:
    return f"person/{place_slug(jurisdiction)}/{_slug(name)}"


def indicator_id(indicator: str) -> str:
    return f"indicator/{places.slug(indicator)}"


def reference_key(number: str, jurisdiction: str | None) -> str:
    """The key of a number in a jurisdiction, as references spell it: ``tw/52-NQ/TW`` for
    the centre, ``thai-binh/02-NQ/TU`` for a province (``unknown/...`` for none)."""
    return f"{place_slug(jurisdiction)}/{number}"


def readable_key(graph: PolicyGraph | nx.MultiDiGraph, node_id: str) -> str:
    """The name of a node that people read and type, the same in every interface.

    A key depends on the node alone (and on a task's document), never on what else the
    graph holds, so loading more documents renames nothing; a local number and an agency
    always carry their province. :func:`policykg.queries.ids.find_node` and
    :func:`policykg.queries.who.find_agencies` read every key of a document, task or
    agency back to its node. Other nodes are named by their label.

    Args:
        graph: the graph, or its networkx form (whose nodes carry the same props).
    """
    node = _fields(graph, node_id)
    kind = node.get("type")
    if kind == NodeType.DOCUMENT:
        return _document_key(node)
    if kind == NodeType.TASK:
        doc_id = str(node.get("document"))
        if doc_id not in graph:
            return node_id
        doc = _fields(graph, doc_id)
        prefix = f"{doc_id}{TASK_SEGMENT}"
        # The id's own suffix, not the printed number: a second task 8.1 is 8.1~2.
        local = node_id[len(prefix) :] if node_id.startswith(prefix) else node.get("task_id")
        return f"{doc.get('source') or _document_key(doc)}#{local}"
    if kind == NodeType.AGENCY:
        # Every agency says where, the centre too: "Bộ Công an (Trung ương)"; a bare name
        # means that body in every province (`policykg who` lists them all).
        name = node.get("name") or node.get("label")
        return f"{name} ({node.get('jurisdiction') or UNKNOWN_PLACE})"
    return str(node.get("label"))


class _Fields:
    """A node's type, label and props, read as a mapping's ``get`` without copying them:
    a national cascade names tens of thousands of nodes."""

    __slots__ = ("node",)

    def __init__(self, node: Node) -> None:
        self.node = node

    def get(self, key: str, default: Any = None) -> Any:
        if key == "type":
            return self.node.type.value
        if key == "label":
            return self.node.label
        return self.node.get(key, default)


def _fields(graph: PolicyGraph | nx.MultiDiGraph, node_id: str) -> _Fields | Mapping[str, Any]:
    """A node's type, label and props, from either form of the graph."""
    if isinstance(graph, PolicyGraph):
        return _Fields(graph.node(node_id))
    data: Mapping[str, Any] = graph.nodes[node_id]
    return data


def _document_key(doc: _Fields | Mapping[str, Any]) -> str:
    number, source = doc.get("number"), doc.get("source")
    if number and source:
        return f"{number} ({source})"
    if source:
        return str(source)
    if number:
        # A local number (02-NQ/TU) exists in every province; a national one once.
        where = doc.get("jurisdiction")
        return f"{number} ({where})" if where and where != places.CENTRAL else str(number)
    return str(doc.get("label"))

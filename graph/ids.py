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
"""

from __future__ import annotations

from policykg.loaders import places

__all__ = [
    "CENTRAL_SLUG",
    "agency_id",
    "doc_id_of_key",
    "file_doc_id",
    "indicator_id",
    "named_doc_id",
    "person_id",
    "place_id",
    "place_slug",
    "target_id",
    "task_id",
]

CENTRAL_SLUG = "tw"
TASK_SEGMENT = "/task/"
TARGET_SEGMENT = "/target/"


def place_slug(jurisdiction: str | None) -> str:
    """``Thái Bình`` -> ``thai-binh``; the central level is ``tw``; none is ``unknown``."""
    if not jurisdiction:
        return "unknown"
    return CENTRAL_SLUG if jurisdiction == places.CENTRAL else places.slug(jurisdiction)


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
    return f"agency/{place_slug(jurisdiction)}/{places.slug(name)}"


def place_id(jurisdiction: str) -> str:
    return f"place/{place_slug(jurisdiction)}"


def person_id(name: str, jurisdiction: str | None) -> str:
    return f"person/{place_slug(jurisdiction)}/{places.slug(name)}"


def indicator_id(indicator: str) -> str:
    return f"indicator/{places.slug(indicator)}"

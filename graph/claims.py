"""Which id each loaded document gets: its scoped number, first come first served.

A number is the document's identity only within its scope (``tw/52-NQ/TW``, or
``thai-binh/02-NQ/TU`` for a local number in a Thái Bình text). Two files claiming one
number are kept apart by file name, the first (by file name) keeping the number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from policykg.graph.centre import document_jurisdiction
from policykg.graph.ids import doc_id_of_key, file_doc_id, reference_key
from policykg.graph.model import Problem
from policykg.loaders import codes, places
from policykg.records import DocumentInfo, Scope


class Claimant(Protocol):
    """A parsed document, or what resolution keeps of one (:class:`~policykg.graph.heads.Head`)."""

    @property
    def source(self) -> str: ...

    @property
    def document(self) -> DocumentInfo: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A loaded document and the identity resolution gives it."""

    source: str
    id: str
    key: str | None  # the scoped number it claims; None if it has none, or lost it
    info: DocumentInfo  # its own, with the jurisdiction inferred when the text lacks one
    inferred: str | None  # how that jurisdiction was inferred ("number", "issuer")
    # The jurisdiction of the bodies the text names: the one it states. A Sở named in a
    # circular whose letterhead was lost is of no known province, not of the centre.
    bodies_in: str | None


def document_key(info: DocumentInfo) -> str | None:
    """The scoped number of a document, as references spell it."""
    if not info.number:
        return None
    number = codes.parse_number(info.number)
    national = number is not None and number.scope is Scope.NATIONAL
    return reference_key(info.number, places.CENTRAL if national else info.jurisdiction)


def claim_documents(docs: Sequence[Claimant], problems: list[Problem]) -> list[Claim]:
    """Each loaded document's id, in the order of ``docs`` (sorted by file name): its
    scoped number, first come first served; a second file with the same number is kept
    apart by its file name."""
    claims: list[Claim] = []
    by_key: dict[str, str] = {}
    for doc in docs:
        jurisdiction, inferred = document_jurisdiction(doc.document)
        info = replace(doc.document, jurisdiction=jurisdiction)
        key = document_key(info)
        doc_id = doc_id_of_key(key) if key else file_doc_id(doc.source, jurisdiction)
        if key and key in by_key:
            problems.append(
                Problem(
                    kind="duplicate",
                    node=by_key[key],
                    message=f"{doc.source}: {info.number} is also {by_key[key]}; "
                    "kept apart by file name",
                )
            )
            doc_id, key = file_doc_id(doc.source, jurisdiction), None
        if key:
            by_key[key] = doc_id
        claims.append(
            Claim(
                source=doc.source,
                id=doc_id,
                key=key,
                info=info,
                inferred=inferred,
                bodies_in=doc.document.jurisdiction,
            )
        )
    return claims

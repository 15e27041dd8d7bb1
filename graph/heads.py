"""What resolution needs of a document beyond its own part of the graph.

A document's nodes and edges depend on the others only through a few things: which
numbers are claimed, where each reference points, the dates others give it, its bodies'
successors. Those are decided from every document's :class:`Head` (its identity,
references, links and the bodies it names), small beside its tasks and text, so that a
build after one file changed decides them again from the heads and re-resolves only the
documents whose answers changed (:mod:`policykg.graph.shared`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from policykg.graph.stubs import issuer_name
from policykg.records import DocumentInfo, Link, ParsedDocument, Reference


@dataclass(frozen=True, slots=True, kw_only=True)
class Head:
    source: str
    path: str
    document: DocumentInfo
    references: tuple[Reference, ...]  # the document's own
    task_references: tuple[Reference, ...]  # its tasks', in reading order
    links: tuple[Link, ...]
    # The bodies it names, in the order resolution meets them (issuer, each task's lead
    # and coordinating bodies, the agencies named), each name once: the first spelling of
    # a body gives its node's name.
    bodies: tuple[str, ...]
    aliases: tuple[tuple[str, tuple[str, ...]], ...]  # agencies named with other names


def head_of(doc: ParsedDocument) -> Head:
    bodies: list[str] = []
    if doc.document.issuer:
        bodies.append(issuer_name(doc.document.issuer))
    for task in doc.tasks:
        bodies.extend(task.lead)
        bodies.extend(task.coordinating)
    bodies.extend(agency.name for agency in doc.agencies)
    return Head(
        source=doc.source,
        path=doc.path,
        document=doc.document,
        references=_lean(doc.references),
        task_references=_lean(ref for task in doc.tasks for ref in task.references),
        links=doc.links,
        bodies=tuple(dict.fromkeys(bodies)),
        aliases=tuple((a.name, tuple(a.aliases)) for a in doc.agencies if a.aliases),
    )


def _lean(references: Iterable[Reference]) -> tuple[Reference, ...]:
    # Where else the text names a document is its own part's business (nothing shared
    # reads it), and was most of a head: every head is read on every build.
    return tuple(replace(ref, mentions=()) if ref.mentions else ref for ref in references)

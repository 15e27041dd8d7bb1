"""What every extractor gets: the cleaned text, its layout, and how to cite it."""

from __future__ import annotations

from dataclasses import dataclass

from policykg.loaders.clean import CleanText
from policykg.loaders.structure import Layout
from policykg.records import Provenance, Span


@dataclass(frozen=True, slots=True)
class DocContext:
    """One document being parsed.

    ``jurisdiction`` is the province of the document (``None`` when unknown,
    ``"Trung ương"`` for central bodies); extractors use it to scope agencies.
    """

    clean: CleanText
    layout: Layout
    jurisdiction: str | None = None

    @property
    def text(self) -> str:
        return self.clean.text

    @property
    def source(self) -> str:
        return self.clean.source

    def provenance(self, start: int, end: int) -> Provenance:
        """Provenance of the clean span ``[start, end)``: original span, section, quote."""
        o_start, o_end = self.clean.to_original(start, end)
        return Provenance(
            source=self.clean.source,
            span=Span(start=o_start, end=o_end),
            section=self.layout.path_at(start),
            quote=self.clean.text[start:end],
        )

"""Typed records: what the loaders extract and the graph is built from.

Records are frozen and hold tuples, never lists, so that a parsed document can be
hashed, cached and compared. Every extracted fact carries a :class:`Provenance`: the
file, the character span in that file, the section path and the quoted words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DocumentKind(StrEnum):
    """The kinds of the parse contract (``SCHEMA.md``)."""

    RESOLUTION = "resolution"
    PLAN = "plan"
    ACTION_PROGRAMME = "action_programme"
    DECISION = "decision"
    DIRECTIVE = "directive"
    NOTICE = "notice"
    REPORT = "report"
    SCHEME = "scheme"
    CONCLUSION = "conclusion"
    PROGRAMME = "programme"
    REGULATION = "regulation"
    GUIDANCE = "guidance"
    OFFICIAL_LETTER = "official_letter"
    APPENDIX = "appendix"
    OTHER = "other"


class Relation(StrEnum):
    """How a document points to another one."""

    IMPLEMENTS = "implements"
    REPLACES = "replaces"
    AMENDS = "amends"
    BASED_ON = "based_on"
    CITES = "cites"


class Scope(StrEnum):
    """Whether a document number names one national document or one per province."""

    NATIONAL = "national"
    LOCAL = "local"
    UNKNOWN = "unknown"


class Role(StrEnum):
    """What a body is told to do."""

    LEAD = "lead"
    COORDINATE = "coordinate"
    IMPLEMENT = "implement"
    ADVISE = "advise"
    MONITOR = "monitor"
    REPORT = "report"


class Comparator(StrEnum):
    EQ = "eq"
    GE = "ge"
    GT = "gt"
    LE = "le"
    LT = "lt"
    APPROX = "approx"
    RANGE = "range"


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """Character offsets ``[start, end)`` into the decoded original file."""

    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a fact comes from."""

    source: str
    span: Span
    section: tuple[str, ...]
    quote: str
    page: int | None = None  # 1-based page of a PDF or scan; None for text, DOCX, HTML


@dataclass(frozen=True, slots=True, kw_only=True)
class ParseWarning:
    """A problem the parser met and worked around; the document still parses."""

    message: str
    provenance: Provenance | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """One node of a document's outline (``II.``, ``1.``, ``1.4.``, ``a)``, ``-``)."""

    path: tuple[str, ...]
    marker: str
    title: str
    level: int
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """Evidence for one metadata field of a document."""

    name: str
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentInfo:
    """What a document says about itself. ``None`` where the text does not say."""

    kind: DocumentKind | None
    form: str | None  # the title word as printed in its usual case, e.g. "Nghị định"
    number: str | None
    date: str | None  # ISO 8601
    place: str | None
    issuer: str | None
    jurisdiction: str | None
    jurisdiction_evidence: str | None
    signer: str | None
    signer_title: str | None
    title: str | None
    evidence: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """A mention of another document, merged over all its mentions in one text."""

    number: str | None  # normalised: "52-NQ/TW", "243/TB-VPCP"
    raw: str | None  # as first printed
    name: str | None  # for references without a number: "Đề án 06"
    kind: DocumentKind | None
    date: str | None
    issuer: str | None
    relation: Relation
    scope: Scope
    jurisdiction: str | None  # "Trung ương", or the citing document's province when local
    key: str | None  # stable identity: "tw/52-NQ/TW", "thai-binh/02-NQ/TU"
    evidence: str
    provenance: Provenance
    mentions: tuple[Provenance, ...] = ()
    conflicts: tuple[str, ...] = ()  # e.g. two different dates given for one number


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """What the text says of two other documents: "Nghị quyết số 71/NQ-CP ... Chương trình
    hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW" (71/NQ-CP implements 57-NQ/TW).
    ``source`` and ``target`` are reference keys."""

    source: str
    relation: Relation
    target: str
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class Agency:
    """A body named in a document, canonicalised and scoped to its province."""

    name: str
    collective: bool
    level: str | None  # "central", "province", "district", "commune"
    parent: str | None
    jurisdiction: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Deadline:
    text: str
    year: int | None
    value: str | None  # normalised: "2025", "2025-Q2", "before:2022", "annual", "continuous"


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """A numbered item with its lead agencies (``Cơ quan chủ trì: ...``)."""

    id: str
    text: str
    lead: tuple[str, ...]
    coordinating: tuple[str, ...]
    deadline: Deadline | None
    result: str | None
    references: tuple[Reference, ...]
    provenance: Provenance
    warnings: tuple[ParseWarning, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """A role given to a body in prose (``Giao Sở Tài chính chủ trì ...``)."""

    agency: str
    role: Role
    evidence: str
    provenance: Provenance


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A quantified goal (``kinh tế số chiếm 20% GRDP đến năm 2025``)."""

    year: int | None
    indicator: str
    value: float
    value_max: float | None
    unit: str
    comparator: Comparator
    evidence: str
    provenance: Provenance
    monitor: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LineBox:
    """One OCR'd text line: its span in ``Converted.text`` and its box on the page image."""

    start: int
    end: int
    box: tuple[int, int, int, int]  # left, top, width, height, in pixels at Page.dpi


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page of a PDF or image; its text is ``Converted.text[start:end]``."""

    number: int  # 1-based
    start: int
    end: int
    ocr: bool = False  # True: the text came from Tesseract
    confidence: float | None = None  # OCR'd pages: mean word confidence, 0-100
    dpi: int | None = None  # OCR'd pages: resolution the boxes are in
    lines: tuple[LineBox, ...] = ()  # OCR'd pages: each line's span and box


@dataclass(frozen=True, slots=True, kw_only=True)
class Converted:
    """A non-text input turned into text; extraction then runs on ``text`` as on a .txt."""

    text: str  # NFC; one paragraph or table row per line
    kind: str  # "pdf", "scan", "image", "docx", "html"
    pages: tuple[Page, ...] = ()  # PDFs and images; () for docx/html
    note: str | None = None  # one line for a human, e.g. "OCR'd 3 of 20 pages"


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedDocument:
    """Everything extracted from one file."""

    source: str  # the file name
    path: str
    encoding: str
    sha256: str
    document: DocumentInfo
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]
    targets: tuple[Target, ...]
    tasks: tuple[Task, ...]
    assignments: tuple[Assignment, ...]
    agencies: tuple[Agency, ...]
    warnings: tuple[ParseWarning, ...] = ()
    links: tuple[Link, ...] = ()
    converted: str | None = None  # Converted.kind ("pdf", "scan", "docx", ...); None: text
    pages: tuple[Page, ...] = ()  # PDFs and scans: each page's span, OCR flag and line boxes

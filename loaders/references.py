"""References: every mention of another document, its kind, date, issuer and relation.

The relation depends on where a mention stands. In the title, the opening paragraph and the
closing "Trên đây là Kế hoạch thực hiện ..." the document speaks of itself: "Thực hiện
Nghị quyết số 52-NQ/TW" there means this plan implements 52-NQ/TW. In the body the same
words describe other work ("Tiếp tục thực hiện Chương trình hành động số 31-CTr/TU"):
a citation. Only "Kế hoạch này thay thế ..." changes that.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from policykg.loaders import codes, places, regexes
from policykg.loaders.context import DocContext
from policykg.loaders.documents import iso_date
from policykg.records import DocumentKind, Link, Provenance, Reference, Relation, Scope

# Stronger relations win when one document is mentioned several times.
_PRIORITY = {
    Relation.REPLACES: 0,
    Relation.AMENDS: 1,
    Relation.IMPLEMENTS: 2,
    Relation.BASED_ON: 3,
    Relation.CITES: 4,
}

# "Kế hoạch này thay thế Kế hoạch số 26/KH-UBND", "Quyết định này có hiệu lực ... thay thế"
_THIS_CHANGES = re.compile(
    rf"(?:{regexes.THIS_DOCUMENT_REGEX})[^.;,\n]{{0,60}}?"
    rf"(?:(?P<replaces>{regexes.REPLACES_TRIGGER_REGEX})|(?P<amends>{regexes.AMENDS_TRIGGER_REGEX}))",
    re.IGNORECASE,
)
# A title whose subject is a change: "Sửa đổi, bổ sung một số điều của Nghị định số ..."
_TITLE_CHANGE = re.compile(
    rf"^\s*(?:(?P<replaces>{regexes.REPLACES_TRIGGER_REGEX})|(?P<amends>{regexes.AMENDS_TRIGGER_REGEX}))",
    re.IGNORECASE,
)
_SELF_TRIGGERS = re.compile(
    rf"(?P<implements>{regexes.IMPLEMENTS_TRIGGER_REGEX})|(?P<based_on>{regexes.BASED_ON_TRIGGER_REGEX})",
    re.IGNORECASE,
)
# "... của Chính phủ thực hiện Nghị quyết số": a described document implements the next one.
# The trigger must lead straight into the next mention (only its kind word between), and
# must not follow "và" or a comma, which would make the citing document its subject.
_DESCRIBES_IMPLEMENTING = re.compile(
    rf"(?<!\svà)(?<!,)\s+(?:{regexes.IMPLEMENTS_TRIGGER_REGEX})\s+"
    rf"(?:(?:{regexes.KIND_WORD})(?:\s+hành\s+động)?\s+)?(?:số\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;\n]|\.\s")

# Article 1 of a decision: "Ban hành kèm theo Quyết định này Kế hoạch thực hiện ..."
_ANNEXED = re.compile(rf"kèm\s+theo\s+(?:{regexes.KIND_WORD})\s+này", re.IGNORECASE)


@dataclass(slots=True)
class _Merged:
    number: codes.Number
    raw: str
    kind: DocumentKind | None
    date: str | None
    issuer: str | None
    relation: Relation
    evidence: str
    provenance: Provenance
    mentions: list[Provenance] = field(default_factory=list)
    dates: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a numbered document, before merging."""

    number: codes.Number
    raw: str
    start: int
    end: int
    kind: DocumentKind | None
    date: str | None
    issuer: str | None
    relation: Relation
    evidence: tuple[int, int]


def _sentence_start(text: str, pos: int, floor: int) -> int:
    start = floor
    for m in regexes.SENTENCE_END.finditer(text, floor, pos):
        start = m.end()
    return start


def _self_region(ctx: DocContext, pos: int) -> tuple[int, int] | None:
    """The title, opening or closing statement holding ``pos``: where the document speaks
    of itself."""
    lay = ctx.layout
    for span in (lay.title, lay.opening):
        if span and span[0] <= pos < span[1]:
            return span
    line = lay.line_at(pos)
    sentence = _sentence_start(ctx.text, pos, line.start)
    if regexes.CLOSING.match(ctx.text, sentence) or _ANNEXED.search(ctx.text, sentence, pos):
        return sentence, line.end
    return None


def _last(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    found = list(pattern.finditer(text, start, end))
    return found[-1] if found else None


def _article_at(ctx: DocContext, pos: int) -> int | None:
    """Where the text of the article ("Điều 2.") holding ``pos`` starts, on its first line."""
    for item in ctx.layout.items:
        if item.kind == "article" and item.start <= pos < item.line_end:
            return item.text_start
    return None


def _relation(ctx: DocContext, start: int) -> tuple[Relation, int]:
    """The relation of the mention at ``start`` and where its evidence begins."""
    text = ctx.text
    region = _self_region(ctx, start)
    floor = region[0] if region else ctx.layout.line_at(start).start
    sentence = _sentence_start(text, start, floor)
    this = _last(_THIS_CHANGES, text, sentence, start)
    if this:
        return (Relation.REPLACES if this.group("replaces") else Relation.AMENDS), this.start()
    if region is None:
        # An article of a decision or decree acts on its own: "Điều 1. Sửa đổi, bổ sung ...".
        item = _article_at(ctx, start)
        if item is not None:
            change = _TITLE_CHANGE.match(text, item)
            if change:
                rel = Relation.REPLACES if change.group("replaces") else Relation.AMENDS
                return rel, change.start()
        return Relation.CITES, start
    # In the title a change is the document's own subject ("Sửa đổi, bổ sung ... Nghị định
    # số ..."); in the opening it usually describes another text, so only the title counts it.
    triggers = regexes.TRIGGER if region == ctx.layout.title else _SELF_TRIGGERS
    trigger = _last(triggers, text, sentence, start)
    if trigger is None:
        return Relation.CITES, start
    kind = trigger.lastgroup or "implements"
    return Relation(kind), trigger.start()


def _kind_before(text: str, start: int) -> tuple[DocumentKind | None, int]:
    window_start = max(0, start - 60)
    m = regexes.KIND_BEFORE.search(text, window_start, start)
    if not m:
        return None, start
    return codes.kind_of_word(m.group("kind")), m.start()


def _after(text: str, end: int) -> tuple[str | None, str | None, int]:
    m = regexes.AFTER_NUMBER.match(text[end : end + 260])
    if not m:
        return None, None, end
    date = iso_date(m) if m.group("d") else None
    issuer = m.group("issuer")
    if issuer:
        issuer = re.sub(r"\s+", " ", issuer).strip()
    return date, issuer, end + m.end()


def find_mentions(ctx: DocContext, own_number: str | None = None) -> list[Mention]:
    """Every mention of a numbered document in the title and body."""
    text = ctx.text
    lay = ctx.layout
    start_at = lay.title[0] if lay.title else lay.head[1]
    out = []
    for m in regexes.DOC_NUMBER.finditer(text, start_at, lay.closing[0]):
        number = codes.normalise(m)
        if own_number and number.text.upper() == own_number.upper():
            continue
        kind, kind_start = _kind_before(text, m.start())
        date, issuer, after_end = _after(text, m.end())
        relation, ev_start = _relation(ctx, m.start())
        ev_start = min(ev_start, kind_start)
        if m.start() - ev_start > 160:
            ev_start = kind_start
        ev_end = max(m.end(), min(after_end, ev_start + 200))
        out.append(
            Mention(
                number=number,
                raw=m.group().strip(),
                start=m.start(),
                end=m.end(),
                kind=kind or number.kind,
                date=date,
                issuer=issuer,
                relation=relation,
                evidence=(ev_start, ev_end),
            )
        )
    return out


def _scope(number: codes.Number, jurisdiction: str | None) -> tuple[Scope, str | None, str | None]:
    """Scope, jurisdiction and stable key of a referenced number."""
    scope = number.scope
    if scope is Scope.UNKNOWN and jurisdiction == places.CENTRAL:
        scope = Scope.NATIONAL
    if scope is Scope.NATIONAL:
        return scope, places.CENTRAL, f"tw/{number.text}"
    # A local number (or one we cannot place) names a document of the citing province:
    # 02-NQ/TU of Thái Bình is not 02-NQ/TU of Hải Dương.
    if jurisdiction and jurisdiction != places.CENTRAL:
        return scope, jurisdiction, f"{places.slug(jurisdiction)}/{number.text}"
    return scope, None, None


def merge(ctx: DocContext, mentions: list[Mention]) -> tuple[Reference, ...]:
    """One reference per document, strongest relation first seen, all mentions kept."""
    merged: dict[str, _Merged] = {}
    for mention in mentions:
        key = mention.number.text.upper()
        prov = ctx.provenance(mention.start, mention.end)
        ev = ctx.text[mention.evidence[0] : mention.evidence[1]]
        cur = merged.get(key)
        if cur is None:
            cur = merged[key] = _Merged(
                number=mention.number,
                raw=mention.raw,
                kind=mention.kind,
                date=mention.date,
                issuer=mention.issuer,
                relation=mention.relation,
                evidence=ev,
                provenance=ctx.provenance(*mention.evidence),
            )
        else:
            if _PRIORITY[mention.relation] < _PRIORITY[cur.relation]:
                cur.relation, cur.evidence = mention.relation, ev
                cur.provenance = ctx.provenance(*mention.evidence)
            cur.kind = cur.kind or mention.kind
            cur.date = cur.date or mention.date
            cur.issuer = cur.issuer or mention.issuer
        cur.mentions.append(prov)
        if mention.date:
            cur.dates.add(mention.date)
    out = []
    for cur in merged.values():
        scope, jurisdiction, ref_key = _scope(cur.number, ctx.jurisdiction)
        conflicts: tuple[str, ...] = ()
        if len(cur.dates) > 1:
            conflicts = (f"dates disagree: {', '.join(sorted(cur.dates))}",)
        out.append(
            Reference(
                number=cur.number.text,
                raw=cur.raw,
                name=None,
                kind=cur.kind,
                date=cur.date,
                issuer=cur.issuer,
                relation=cur.relation,
                scope=scope,
                jurisdiction=jurisdiction,
                key=ref_key,
                evidence=re.sub(r"\s+", " ", cur.evidence).strip(),
                provenance=cur.provenance,
                mentions=tuple(cur.mentions),
                conflicts=conflicts,
            )
        )
    return tuple(out)


def named_references(ctx: DocContext) -> tuple[Reference, ...]:
    """References by name only: "Đề án 06", "Chương trình chuyển đổi số quốc gia"."""
    seen: dict[str, Reference] = {}
    lay = ctx.layout
    start_at = lay.title[0] if lay.title else 0
    for m in regexes.NAMED_REFERENCE.finditer(ctx.text, start_at, lay.closing[0]):
        name = re.sub(r"\s+", " ", m.group()).strip(" ,.;")
        key = name.casefold()
        if key in seen:
            continue
        relation, _ = _relation(ctx, m.start())
        prov = ctx.provenance(m.start(), m.end())
        seen[key] = Reference(
            number=None,
            raw=None,
            name=name,
            kind=codes.kind_of_word(m.group("kind")),
            date=None,
            issuer=None,
            relation=relation if relation is not Relation.BASED_ON else Relation.CITES,
            scope=Scope.UNKNOWN,
            jurisdiction=None,
            key=None,
            evidence=name,
            provenance=prov,
            mentions=(prov,),
        )
    return tuple(seen.values())


def extract_links(ctx: DocContext, mentions: list[Mention]) -> tuple[Link, ...]:
    """Relations the text states between two other documents.

    We want to capture:
        Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung cập nhật
        Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW
        Kế hoạch số 88-KH/TU ngày 20/11/2018 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết 30
    """
    out: dict[tuple[str, str], Link] = {}
    text = ctx.text
    for a, b in itertools.pairwise(mentions):
        between = text[a.end : b.start]
        if len(between) > 400 or _CLAUSE_BREAK.search(between):
            continue
        if not _DESCRIBES_IMPLEMENTING.search(between):
            continue
        source = _scope(a.number, ctx.jurisdiction)[2]
        target = _scope(b.number, ctx.jurisdiction)[2]
        if source and target and source != target and (source, target) not in out:
            prov = ctx.provenance(a.start, b.end)
            out[(source, target)] = Link(
                source=source, relation=Relation.IMPLEMENTS, target=target, provenance=prov
            )
    return tuple(out.values())


def extract_references(ctx: DocContext, own_number: str | None = None) -> tuple[Reference, ...]:
    """Numbered references (merged by number) followed by named ones."""
    return merge(ctx, find_mentions(ctx, own_number)) + named_references(ctx)

"""``policykg resolve --suggest``: which cited number may a document without one be?

A letterhead lost in conversion leaves a document without its number, while other
documents of its province cite it by number. A candidate is a cited-but-not-loaded
document (a stub) of the same province whose kind and issuer do not contradict the
document's, and which the dates allow: not before anything the document cites, not after
a document that cites the stub, and in its place in its issuer's numbering (170 and 172
of 30/6/2025 leave 171 that day).

The score estimates the probability that the candidate is right. A stub that fits every
field is still one of the documents numbered in the same days: Cần Thơ's People's
Committee numbers about eight decisions a day (``2496/QĐ-UBND`` on 24/11/2025), the
Government about one decree a day, a provincial Party committee two resolutions a year.
So a candidate weighs one over the number of documents that fit the document's province,
kind, issuer and the dates both could have, counted from the serials in the graph (every
numbering the document could belong to counts; with no issuer known, every issuer's);
times a likelihood ratio for each piece of evidence against it: a symbol whose issuer
code does not fit the document's issuer, a directive other documents say it implements
and this one never cites. Weights are shared out when several candidates fit, so one
document's scores never add up to more than one; below ``min_score`` a candidate is not
shown. ``evaluate`` measures it all by hiding the numbers of real documents
(``bench/suggest.py``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from policykg.graph.ids import doc_id_of_key, place_slug
from policykg.graph.model import DOCUMENT_RELATIONS, EdgeType, Node, NodeType, PolicyGraph
from policykg.graph.resolve import document_key, resolve
from policykg.loaders import agencies as agency_names
from policykg.loaders import codes
from policykg.records import DocumentKind, ParsedDocument

# A document comes within a year of the latest document it cites: 349 of the 362 dated
# real documents of ../shared/real do (96%). With nothing dated cited, three years.
WINDOW_DAYS = 365
OPEN_WINDOW_DAYS = 3 * 365
# Likelihood ratios of the evidence against a candidate, relative to none. The issuer
# code in a real document's own number misses its issuer in 20 of 326 documents (not
# counting 44 tax and customs units whose issuer is misread), and in 57% of the wrong
# candidates: (0.06 / 0.57) / (0.94 / 0.43) = 0.05.
SYMBOL_CLASH = 0.05
NO_SYMBOL = 0.5  # neither an issuer nor an issuer code: the family is a guess
FORM_CLASH = 0.05  # a Thông tư (TT) is not a Nghị định (NĐ)
SAID_ELSEWHERE = 0.05  # implements a directive this document never cites
SAID_ALIKE = 2.0  # implements one this document cites too

# we want to capture the serial and the family of a number:
#   "2496/QĐ-UBND" -> 2496, "/QĐ-UBND"     "11/2025/NQ-HĐND" -> 11, "/2025/NQ-HĐND"
#   "376-KH/TU" -> 376, "-KH/TU"           "66.7/2025/NQ-CP" -> 66, ".7/2025/NQ-CP"
SERIAL_REGEX = re.compile(r"^0*(?P<serial>\d+)(?P<symbol>\D.*)$")
YEAR_IN_NUMBER_REGEX = re.compile(r"/(?P<year>(?:19|20)\d\d)/")
# State numbering restarts every January ("2496/QĐ-UBND"); the Party's ("376-KH/TU")
# runs over a term, so the order of its serials within a year proves nothing.
STATE_NUMBER_REGEX = re.compile(r"^\d+(?:\.\d+)?/")
# we want to capture the head of a body signing for it, as references drop it:
#   "Bộ trưởng Bộ Công Thương"   "Chủ tịch Ủy ban nhân dân tỉnh"
HEAD_OF_BODY_REGEX = re.compile(r"^(?:Q\.\s*)?(?:Bộ|Thứ)\s+trưởng\s+|^(?:Phó\s+)?Chủ\s+tịch\s+")
# Party bodies number as TW (the centre) or TU (a province), whatever their name:
#   "Bộ Chính trị" "Ban Bí thư" -> 52-NQ/TW    "Ban Thường vụ Tỉnh ủy" -> 376-KH/TU
PARTY_CENTRE_REGEX = re.compile(r"(?i)bộ\s+chính\s+trị|ban\s+bí\s+thư|trung\s+ương")
PARTY_PROVINCE_REGEX = re.compile(
    r"(?i)(?:tỉnh|thành)\s+(?:ủy|uỷ)|đảng\s+bộ\s+(?:tỉnh|thành\s+phố)"
)
# Words left out of a body's initials: "Bộ Giáo dục và Đào tạo" -> BGDĐT,
# "Ủy ban nhân dân tỉnh" -> UBND.
_NOT_INITIALLED = {"và", "tỉnh", "thành", "phố", "việt", "nam"}
_FOLD_INITIAL = str.maketrans({"Ủ": "U", "Ư": "U", "Ơ": "O", "Ô": "O", "Â": "A", "Ă": "A"})


@dataclass(frozen=True, slots=True)
class Suggestion:
    document: str  # the loaded document without a number
    candidate: str  # the cited document it may be
    number: str
    date: str | None
    score: float  # the estimated probability that the candidate is right
    reasons: tuple[str, ...]


# --- what the graph says, gathered once ----------------------------------------------


@dataclass(slots=True)
class _Index:
    graph: PolicyGraph
    cites: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    cited_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    said: dict[str, list[tuple[EdgeType, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # stub -> (relation, target, the file that says so)
    families: dict[tuple[str, str], list[tuple[int, date | None, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (jurisdiction, folded symbol) -> (serial, date, node id) of its numbered documents
    # What each family's symbol says (kind, issuer code, kind code) and its rate,
    # documents a day; families whose numbers do not read as document numbers are left out.
    traits: dict[tuple[str, str], tuple[str | None, str | None, str | None, float]] = field(
        default_factory=dict
    )

    def dated(self, node_id: str) -> date | None:
        return _date(self.graph.node(node_id).text("date"))


def _index(graph: PolicyGraph) -> _Index:
    index = _Index(graph)
    for e in graph.edges:
        if e.type not in DOCUMENT_RELATIONS:
            continue
        citing = e.source
        if graph.node(citing).type is NodeType.TASK:
            citing = graph.node(citing).text("document") or citing
        index.cites[citing].add(e.target)
        index.cited_by[e.target].add(citing)
        if not graph.node(citing).get("loaded"):
            source = e.evidence.source if e.evidence else "?"
            index.said[citing].append((e.type, e.target, source))
    for n in graph.nodes:
        parts = _serial(n)
        if n.type is NodeType.DOCUMENT and parts:
            family = (str(n.get("jurisdiction")), _fold(parts[1]))
            index.families[family].append((parts[0], _date(n.text("date")), n.id))
    for family, members in index.families.items():
        number = graph.node(members[0][2]).text("number") or ""
        parsed = codes.parse_number(number)
        if parsed is None or not (parsed.kind or parsed.issuer_code):
            continue
        kind = parsed.kind.value if parsed.kind else None
        rate = _rate(number, members)
        index.traits[family] = (kind, parsed.issuer_code, _kind_code(number), rate)
    return index


def _rate(number: str, numbered: Iterable[tuple[int, date | None, str]]) -> float:
    """Documents a day a family numbers: serial over the days since its numbering
    restarted, at the highest; the first fortnight says little (01 on 2 January)."""
    party = not STATE_NUMBER_REGEX.match(number)
    centre = number.upper().endswith("/TW")
    rates, top = [], 1
    for serial, day, _ in numbered:
        top = max(top, serial)
        if day:
            days = (day - _numbering_start(day, party=party, centre=centre)).days + 1
            rates += [serial / days] if days >= 15 else []
    return max(rates, default=top / 365)


def _rate_of_kind(index: _Index, doc: Node) -> tuple[float, set[tuple[str, str]]]:
    """How many documents a day are numbered that this document could be, over every
    family its province, kind and issuer allow; and those families. A document that does
    not say who issued it may be any family's, and the odds of each family are its
    share of the documents."""
    where, kind, issuer = doc.get("jurisdiction"), doc.get("kind"), _issuer(doc)
    form = doc.text("form") if kind == DocumentKind.OTHER else None
    total, allowed = 0.0, set()
    for family, (family_kind, code, kind_code, rate) in index.traits.items():
        if where and family[0] != where:
            continue
        if kind and family_kind and family_kind != kind:
            continue
        if form and kind_code and _fold(_initials(form)) != kind_code:
            continue  # a Tờ trình (TTr) is no Thông tư (TT)
        if issuer and code and not _symbol_fits(code, issuer):
            continue
        total += rate
        allowed.add(family)
    return total, allowed


def _date(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _serial(n: Node) -> tuple[int, str] | None:
    """A numbered document's serial and family symbol (its year as ``Y``)."""
    number = n.text("number")
    m = SERIAL_REGEX.match(number or "")
    if not m or int(m["serial"]) == 0:
        return None
    return int(m["serial"]), YEAR_IN_NUMBER_REGEX.sub("/Y/", m["symbol"])


def _fold(code: str) -> str:
    """Codes as sites misprint them alike: "ND-CP" is "NĐ-CP", "QD-UBND" "QĐ-UBND"."""
    return code.upper().replace("Đ", "D")


def _issuer(n: Node) -> str | None:
    issuer = n.text("issuer")
    if not issuer:
        return None
    body = HEAD_OF_BODY_REGEX.sub("", issuer)
    return agency_names.canonical_name(body) or body


@cache
def _symbol_fits(code: str, issuer: str) -> bool:
    """Whether a number's issuer code (``BCT``, ``TU``) may stand for ``issuer``."""
    code = re.sub(r"\d+$", "", code).upper()
    if PARTY_CENTRE_REGEX.search(issuer):
        expected = "TW"
    elif PARTY_PROVINCE_REGEX.search(issuer):
        expected = "TU"
    elif issuer.startswith("Thủ tướng"):
        expected = "TTG"
    else:
        expected = _initials(HEAD_OF_BODY_REGEX.sub("", issuer))
    # "UBND" for "Ủy ban nhân dân tỉnh", "NHNN" for "Ngân hàng Nhà nước Việt Nam"
    return bool(code) and (expected.startswith(code) or code.startswith(expected))


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s,\-–]+", name) if w and w.lower() not in _NOT_INITIALLED]
    return "".join(w[0] for w in words).upper().translate(_FOLD_INITIAL)


# --- dates: how many documents of the candidate's family could this one be? ----------


@dataclass(frozen=True, slots=True)
class _Days:
    """A range of days, both ends included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def __and__(self, other: _Days) -> _Days | None:
        first, last = max(self.first, other.first), min(self.last, other.last)
        return _Days(first, last) if first <= last else None

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def __str__(self) -> str:
        return str(self.first) if self.days == 1 else f"{self.first} to {self.last}"


@dataclass(frozen=True, slots=True)
class _Family:
    """The numbered documents of the candidate's family, and how fast it numbers them."""

    serial: int
    members: tuple[tuple[int, date], ...]  # other documents of the family, dated
    rate: float  # documents a day

    def count(self, days: _Days, stub_date: date | None) -> float:
        """About how many documents of the family are dated within ``days``."""
        inside = [s for s, d in self.members if d in days]
        inside += [self.serial] if stub_date in days else []
        spread = max(inside) - min(inside) + 1 if inside else 1
        return max(1.0, self.rate * days.days, spread)

    def order(self, year: int) -> _Days:
        """The days a serial can have between the family's numbers of that year."""
        this_year = [(s, d) for s, d in self.members if d.year == year]
        before = [d for s, d in this_year if s < self.serial]
        after = [d for s, d in this_year if s > self.serial]
        return _Days(max(before, default=date(year, 1, 1)), min(after, default=date(year, 12, 31)))


def _family(
    index: _Index, stub: Node, of_kind: tuple[float, set[tuple[str, str]]]
) -> _Family | None:
    parts = _serial(stub)
    if parts is None:
        return None
    serial, symbol = parts
    key = (str(stub.get("jurisdiction")), _fold(symbol))
    members = tuple((s, d) for s, d, n in index.families[key] if d is not None and n != stub.id)
    # Every family the document may belong to counts; this one too when it does not fit.
    rate, allowed = of_kind
    if key not in allowed and key in index.traits:
        rate += index.traits[key][3]
    return _Family(serial, members, rate)


def _numbering_start(day: date, *, party: bool, centre: bool) -> date:
    """When the numbering ``day`` belongs to began: 1 January for the State; for the Party,
    the congress that opened the term (the National Congress in January 2016, 2021, 2026;
    the provincial ones in the autumn of 2015, 2020, 2025)."""
    if not party:
        return date(day.year, 1, 1)
    month, remainder = (2, 1) if centre else (10, 0)
    year = day.year - (day.year - remainder) % 5
    start = date(year, month, 1)
    return start if start <= day else date(year - 5, month, 1)


def _plus(day: date, days: int) -> date:
    return day + timedelta(days=days)


def _stub_days(index: _Index, stub: Node, doc_days: _Days | None) -> _Days | None:
    """When the stub can be dated: its date, or its number's year before its citers."""
    known = index.dated(stub.id)
    if known:
        return _Days(known, known)
    m = YEAR_IN_NUMBER_REGEX.search(stub.text("number") or "")
    first = date(int(m["year"]), 1, 1) if m else None
    last = date(int(m["year"]), 12, 31) if m else None
    citers = [d for c in index.cited_by[stub.id] if (d := index.dated(c))]
    if citers and not (first and min(citers) < first):  # a citer misdated is ignored
        last = min([min(citers), *([last] if last else [])])
    if first and last:
        return _Days(first, last)
    if last:
        return _Days(_plus(last, 1 - WINDOW_DAYS), last)
    if first:
        return _Days(first, _plus(first, WINDOW_DAYS - 1))
    return doc_days


def _count_reason(n: float, days: str) -> str:
    if n < 1.5:
        return f"the only document known to fit this one's kind, issuer and dates ({days})"
    return f"1 of about {n:.0f} documents that fit this one's kind, issuer and dates ({days})"


def _dates(
    index: _Index,
    doc: Node,
    stub: Node,
    floor: date | None,
    of_kind: tuple[float, set[tuple[str, str]]],
) -> tuple[float, list[str]] | None:
    """How many documents the dates leave this candidate to be told apart from, with the
    reasons; ``None`` when the dates rule it out."""
    family = _family(index, stub, of_kind)
    number = stub.text("number") or ""
    if family is None or codes.parse_number(number) is None:
        return None
    own, known = index.dated(doc.id), index.dated(stub.id)
    if own:
        doc_days: _Days | None = _Days(own, own)
    elif floor:
        # Stretched to a later date of the stub: rare, and paid for in the count.
        doc_days = _Days(floor, max(_plus(floor, WINDOW_DAYS - 1), known or floor))
    else:
        doc_days = None
    stub_days = _stub_days(index, stub, doc_days)
    if stub_days is None:  # nothing dates either: one of a few years' documents
        n = max(1.0, family.rate * OPEN_WINDOW_DAYS)
        return n, [_count_reason(n, "no date known")]
    if floor and stub_days.last < floor:
        return None
    if doc_days is None:
        doc_days = _Days(_plus(stub_days.last, 1 - OPEN_WINDOW_DAYS), stub_days.last)
    both = doc_days & stub_days
    if both and both.first.year == both.last.year and STATE_NUMBER_REGEX.match(number):
        narrowed = stub_days & family.order(both.first.year)
        both = both & narrowed if narrowed else None
        stub_days = narrowed or stub_days
    if not both:
        return None
    n = family.count(doc_days, known) * family.count(stub_days, known)
    n = max(1.0, n / family.count(both, known))
    reasons = [f"dated {known}, after everything it cites ({floor})"] if known and floor else []
    reasons.append(_count_reason(n, str(both)))
    return n, reasons


# --- the evidence for and against one candidate ---------------------------------------


def _identity(doc: Node, stub: Node) -> tuple[float, list[str]] | None:
    """Kind, issuer and the number's symbol against what the document says of itself."""
    factor, reasons = 1.0, []
    kind, stub_kind = doc.get("kind"), stub.get("kind")
    if kind and stub_kind:
        if kind != stub_kind:
            return None
        reasons.append(f"same kind ({kind})")
    issuer, stub_issuer = _issuer(doc), _issuer(stub)
    if issuer and stub_issuer:
        if issuer.casefold() != stub_issuer.casefold():
            return None
        reasons.append(f"same issuer ({issuer})")
    number = stub.text("number") or ""
    parsed = codes.parse_number(number)
    code = parsed.issuer_code if parsed else None
    if issuer and code and not _symbol_fits(code, issuer):
        factor *= SYMBOL_CLASH
        reasons.append(f"its symbol's issuer {code} does not stand for {issuer} (×{SYMBOL_CLASH})")
    elif not stub_issuer and not code:
        factor *= NO_SYMBOL
        reasons.append(f"nothing says who issued it (×{NO_SYMBOL})")
    # "Nghị định" -> NĐ, "Thông tư" -> TT: the kinds the parse contract calls "other".
    form, kind_code = doc.text("form"), _kind_code(number)
    if kind == DocumentKind.OTHER and form and kind_code and _fold(_initials(form)) != kind_code:
        factor *= FORM_CLASH
        reasons.append(f"its number is a {kind_code}, this document a {form} (×{FORM_CLASH})")
    return factor, reasons


# we want to capture the kind code of a number: "54/2025/TT-BCT" -> TT, "376-KH/TU" -> KH,
# "170/2025/NĐ-CP" -> NĐ; not "1329/UBND-KGVX" (a letter, numbered by its issuer).
KIND_CODE_REGEX = re.compile(r"^[\d.]+(?:/\d{4})?[/-](?P<kind>[^/\-\s]+)[/-]")


def _kind_code(number: str) -> str | None:
    m = KIND_CODE_REGEX.match(number)
    code = _fold(m["kind"]) if m else None
    return code if code in _KIND_CODES else None


_KIND_CODES = {_fold(code) for code in codes.KIND_CODES}


def _said(index: _Index, doc: Node, stub: Node) -> tuple[float, list[str]]:
    """What other documents say the stub implements, against what this one cites."""
    factor, reasons = 1.0, []
    mine = index.cites[doc.id]
    for relation, target, source in sorted(index.said[stub.id]):
        name = index.graph.node(target).label
        verb = relation.value.lower().replace("_", " ")
        if target in mine:
            factor *= SAID_ALIKE
            reasons.append(f"{source} says it {verb} {name}, which this document cites too")
        elif relation is EdgeType.IMPLEMENTS:
            factor *= SAID_ELSEWHERE
            reasons.append(
                f"{source} says it implements {name}, which this document does not cite "
                f"(×{SAID_ELSEWHERE})"
            )
    return factor, reasons


def _floor(index: _Index, doc: Node) -> date | None:
    """The latest date of what the document cites: it is no older."""
    return max((d for t in index.cites[doc.id] if (d := index.dated(t))), default=None)


def _candidates(index: _Index, doc: Node, stubs: Sequence[Node]) -> list[Suggestion]:
    mine = index.cites[doc.id]
    floor = _floor(index, doc)
    of_kind = _rate_of_kind(index, doc)
    where = doc.get("jurisdiction")
    weighed: list[tuple[float, Node, list[str]]] = []
    for stub in stubs:
        # A text that lost its letterhead may not say its province: any will do.
        if (where and stub.get("jurisdiction") != where) or stub.id in mine:
            continue
        # Cited by a document this one cites: older than that one, so older than this one.
        if index.cited_by[stub.id] & mine:
            continue
        identity = _identity(doc, stub)
        dates = _dates(index, doc, stub, floor, of_kind) if identity else None
        if identity is None or dates is None:
            continue
        said, said_reasons = _said(index, doc, stub)
        n, date_reasons = dates
        cited_in = f"cited in {stub.get('jurisdiction') or 'an unknown province'} and not loaded"
        unsigned = [] if _issuer(doc) else ["this document does not say who issued it"]
        reasons = [cited_in, *identity[1], *unsigned, *date_reasons, *said_reasons]
        weighed.append((min(1.0, identity[0] * said / n), stub, reasons))
    total = max(1.0, sum(w for w, _, _ in weighed))
    return [
        Suggestion(
            document=doc.id,
            candidate=stub.id,
            number=str(stub.get("number")),
            date=stub.text("date"),
            score=round(w / total, 3),
            reasons=tuple(reasons),
        )
        for w, stub, reasons in weighed
    ]


def suggest(
    graph: PolicyGraph,
    *,
    limit: int = 3,
    min_score: float = 0.01,
    documents: Iterable[str] | None = None,
) -> tuple[Suggestion, ...]:
    """For each loaded document without a number, its best candidates, best first.

    Args:
        min_score: candidates less likely than this are not worth a manifest row.
        documents: only these document ids (all loaded documents without a number if
            ``None``).
    """
    index = _index(graph)
    docs = [n for n in graph.nodes if n.type is NodeType.DOCUMENT]
    stubs = [n for n in docs if not n.get("loaded") and n.get("number")]
    wanted = set(documents) if documents is not None else None
    out: list[Suggestion] = []
    for doc in docs:
        if not doc.get("loaded") or doc.get("number"):
            continue
        if wanted is not None and doc.id not in wanted:
            continue
        found = [s for s in _candidates(index, doc, stubs) if s.score >= min_score]
        found.sort(key=lambda s: (-s.score, s.number))
        out.extend(found[:limit])
    return tuple(out)


# --- measuring it: the numbers of real documents, hidden one at a time ------------------


@dataclass(frozen=True, slots=True)
class Case:
    """One document whose number was hidden, and what was suggested for it."""

    source: str
    number: str  # the hidden number
    answerable: bool  # another loaded document cites it: a right answer exists
    top: Suggestion | None
    right: bool


def hide_number(doc: ParsedDocument, *, date: bool = False) -> ParsedDocument:
    """The document as if its number (and, with ``date``, its date) had not been read."""
    drop = {"number", "date"} if date else {"number"}
    info = replace(
        doc.document,
        number=None,
        date=None if date else doc.document.date,
        evidence=tuple(f for f in doc.document.evidence if f.name not in drop),
    )
    return replace(doc, document=info)


def _bare(doc: ParsedDocument) -> ParsedDocument:
    """What suggestions read of a document: its identity and the documents it cites (its
    tasks' too). Resolving the rest (agencies, roles, targets) took nine tenths of the time."""
    tasks = tuple(replace(t, lead=(), coordinating=()) for t in doc.tasks)
    return replace(doc, tasks=tasks, targets=(), assignments=(), agencies=())


def _keys(doc: ParsedDocument) -> set[str]:
    refs = [*doc.references, *(r for t in doc.tasks for r in t.references)]
    return {r.key for r in refs if r.key} | {
        k for link in doc.links for k in (link.source, link.target)
    }


def _relevant(documents: Sequence[ParsedDocument], hidden: ParsedDocument) -> list[ParsedDocument]:
    """The documents that can change what is suggested for ``hidden``: those of its
    province, those that cite a number of its province or one it cites, and the ones it
    cites. Resolving these alone gives its suggestions as resolving them all does."""
    if not hidden.document.jurisdiction:
        return list(documents)
    prefix = place_slug(hidden.document.jurisdiction) + "/"
    cited = _keys(hidden)
    out = []
    for d in documents:
        keys = _keys(d)
        own = document_key(d.document)
        if (
            d.document.jurisdiction == hidden.document.jurisdiction
            or (own and own in cited)
            or keys & cited
            or any(k.startswith(prefix) for k in keys)
        ):
            out.append(d)
    return out


def evaluate(
    documents: Sequence[ParsedDocument],
    *,
    hide: Iterable[ParsedDocument] | None = None,
    hide_date: bool = False,
) -> tuple[Case, ...]:
    """Hide the number of each document of ``hide`` in turn (every numbered one of
    ``documents`` by default), resolve it with the others, and record the top suggestion.

    Args:
        hide_date: hide the date too, as a lost letterhead does.
    """
    out = []
    for doc in documents if hide is None else hide:
        key = document_key(doc.document)
        if not key:
            continue
        others = [d for d in documents if d is not doc]
        # A right answer exists when another document cites the number and none claims it.
        answerable = any(key in _keys(d) for d in others) and not any(
            document_key(d.document) == key for d in others
        )
        relevant = [_bare(d) for d in _relevant(others, doc)]
        graph = resolve([*relevant, _bare(hide_number(doc, date=hide_date))])
        node = next(
            n.id
            for n in graph.nodes
            if n.get("source") == doc.source and n.get("loaded") and not n.get("number")
        )
        truth = doc_id_of_key(key)
        found = suggest(graph, limit=1, documents=(node,))
        top = found[0] if found else None
        right = top is not None and top.candidate == truth
        out.append(Case(doc.source, str(doc.document.number), answerable, top, right))
    return tuple(out)

"""The RDF form of a :class:`PolicyGraph`, in the ``pkg:`` vocabulary of ``policy.ttl``.

A pure, deterministic function of the graph: no blank nodes, so two runs give equal
triple sets, and Turtle written today diffs cleanly against Turtle written tomorrow.
For each node ``n`` and edge ``e`` (``<id/...>`` is ``base`` + the node id)::

    <id/n>  a pkg:<Type> ; pkg:id "n.id" ; pkg:key "readable key" ; rdfs:label "n.label"@vi ;
            pkg:<camelKey> value .
    <id/s>  pkg:<edge> <id/o> .
    <id/evidence/h>  a pkg:Evidence ; rdf:subject <id/s> ; rdf:predicate pkg:<edge> ;
                     rdf:object <id/o> ; pkg:section "III / 8" ; pkg:role "lead" ;
                     oa:hasTarget <id/span/k> .
    <id/span/k>  a oa:SpecificResource ; oa:hasSource <id/file/source> ;
                 oa:hasSelector <id/span/k/quote> , <id/span/k/position> .
    <id/task>  prov:qualifiedAssociation <id/association/h> .    # LED_BY, COORDINATED_BY
    <id/association/h>  a prov:Association ; prov:agent <id/agency> ; prov:hadRole pkg:LeadRole .
    <id/new>  prov:wasDerivedFrom <id/old> .                    # SUCCEEDED_BY, MERGED_INTO
    <id/n>  time:hasTime <id/interval/h> .                      # valid_from, valid_to
    <id/interval/h>  a time:ProperInterval ; time:hasBeginning <id/instant/2025-07-01> .
    <id/instant/2025-07-01>  a time:Instant ; time:inXSDDate "2025-07-01"^^xsd:date .

``h`` hashes the edge key, ``k`` the quoted span (edges stated by the same words share
it). An edge with props but no evidence gets the same statement node typed
``rdf:Statement`` instead of ``pkg:Evidence``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import IO

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD
from rdflib.term import Node as Term

from policykg.graph.ids import readable_key
from policykg.graph.model import Edge, EdgeType, Node, NodeType, PolicyGraph, Value
from policykg.ontology import vocabulary
from policykg.ontology.namespace import ELI, OA, ORG, PKG
from policykg.records import DocumentKind, Provenance

__all__ = [
    "DEFAULT_BASE",
    "EDGE_PREDICATES",
    "NODE_CLASSES",
    "PREFIXES",
    "from_rdf",
    "iri_path",
    "node_iri",
    "ntriples_text",
    "to_rdf",
    "triples",
    "write_ntriples",
]

DEFAULT_BASE = "https://policykg.org/id/"
# What a page selector conforms to: the fragment identifiers of PDF (RFC 8118).
PDF_FRAGMENT = URIRef("http://tools.ietf.org/rfc/rfc8118")

# The terms vocabulary.py declares: each is pkg:<term>, in policy.ttl and namespace.py.
_DECLARED = frozenset(
    {e.term for e in vocabulary.EDGES.values()} | {p.term for p in vocabulary.PROPERTIES}
)


def _pkg(term: str) -> URIRef:
    """``pkg:<term>`` from the closed namespace; a term that vocabulary.py declares and
    namespace.py does not list yet is made from the declaration (never from a typo)."""
    try:
        return PKG[term]
    except AttributeError:
        if term not in _DECLARED:
            raise
        return URIRef(str(PKG._NS) + term)


NODE_CLASSES: dict[NodeType, URIRef] = {t: PKG[t.value] for t in NodeType}
EDGE_PREDICATES: dict[EdgeType, URIRef] = {t: _pkg(e.term) for t, e in vocabulary.EDGES.items()}

# A successor is derived from what it succeeds (PROV), whole or in part.
_SUCCESSIONS = frozenset({EdgeType.SUCCEEDED_BY, EdgeType.MERGED_INTO, EdgeType.SPLIT_TO})

_ROLES: dict[EdgeType, URIRef] = {
    EdgeType.LED_BY: PKG.LeadRole,
    EdgeType.COORDINATED_BY: PKG.CoordinatingRole,
}

# kind code -> (class, concept of pkg:DocumentKinds)
_KINDS: dict[str, tuple[URIRef, URIRef]] = {
    DocumentKind.RESOLUTION: (PKG.Resolution, PKG.kindResolution),
    DocumentKind.PLAN: (PKG.Plan, PKG.kindPlan),
    DocumentKind.ACTION_PROGRAMME: (PKG.ActionProgramme, PKG.kindActionProgramme),
    DocumentKind.DECISION: (PKG.Decision, PKG.kindDecision),
    DocumentKind.DIRECTIVE: (PKG.Directive, PKG.kindDirective),
    DocumentKind.NOTICE: (PKG.Notice, PKG.kindNotice),
    DocumentKind.REPORT: (PKG.Report, PKG.kindReport),
    DocumentKind.SCHEME: (PKG.Scheme, PKG.kindScheme),
    DocumentKind.CONCLUSION: (PKG.Conclusion, PKG.kindConclusion),
    DocumentKind.PROGRAMME: (PKG.Programme, PKG.kindProgramme),
    DocumentKind.REGULATION: (PKG.Regulation, PKG.kindRegulation),
    DocumentKind.GUIDANCE: (PKG.Guidance, PKG.kindGuidance),
    DocumentKind.OFFICIAL_LETTER: (PKG.OfficialLetter, PKG.kindOfficialLetter),
    DocumentKind.APPENDIX: (PKG.Appendix, PKG.kindAppendix),
    DocumentKind.OTHER: (PKG.OtherDocument, PKG.kindOther),
}

# Keys whose values need a datatype other than the one their Python type gives.
_DOUBLE_KEYS = frozenset(
    p.key for p in vocabulary.PROPERTIES if p.datatype is vocabulary.Datatype.DOUBLE
)
_DATE_KEYS = frozenset(
    p.key for p in vocabulary.PROPERTIES if p.datatype is vocabulary.Datatype.DATE
)
# Also stated in ELI terms, so that ELI-aware tools read them without knowing pkg:.
_ELI_ALIGNED = {"number": ELI.id_local, "date": ELI.date_document}

PREFIXES: dict[str, str] = {
    "pkg": str(PKG._NS),
    "eli": str(ELI._NS),
    "org": str(ORG._NS),
    "prov": str(PROV._NS),
    "oa": str(OA._NS),
    "skos": str(SKOS._NS),
    "dcterms": str(DCTERMS._NS),
    "foaf": str(FOAF._NS),
    "owl": str(OWL._NS),
    "xsd": str(XSD._NS),
    "time": str(TIME._NS),
}

_ISO_DATE_REGEX = re.compile(r"\d{4}-\d{2}-\d{2}")

# RFC 3987 ipchar, less ":" (a colon in the first segment of a relative reference reads
# as a scheme), plus "/" (ids are paths). Non-ASCII letters are kept: IRIs allow them.
_IRI_SAFE_ASCII = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=@/"
)
_IRI_SAFE_REGEX = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=@/]*")
# RFC 3987 ucschar ranges: the non-ASCII code points an IRI may hold unescaped.
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)


def _iri_char(c: str) -> str:
    if c in _IRI_SAFE_ASCII:
        return c
    cp = ord(c)
    if cp >= 0xA0 and any(lo <= cp <= hi for lo, hi in _UCSCHAR):
        return c
    return "".join(f"%{b:02X}" for b in c.encode("utf-8"))


def iri_path(text: str) -> str:
    """``text`` made safe as an IRI path: reserved and unsafe characters percent-encoded."""
    if _IRI_SAFE_REGEX.fullmatch(text):
        return text
    return "".join(map(_iri_char, text))


def node_iri(node_id: str, *, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a node of the graph: ``base`` followed by the IRI-safe node id."""
    return URIRef(base + iri_path(node_id))


def _nfc(text: str) -> str:
    # SPARQL compares strings code point by code point: "Sở" typed on a keyboard is NFC.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _is_iso_date(text: str) -> bool:
    # xsd:date wants a real calendar date; anything else stays a string (and fails SHACL)
    # rather than becoming an ill-typed literal that rdflib logs a traceback for.
    if not _ISO_DATE_REGEX.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


class _Literals:
    """Literal factory with a cache: kinds, units, years and names repeat a lot."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, type, Value], Literal] = {}

    def __call__(self, key: str, value: str | int | float | bool) -> Literal:
        # type(value) is part of the key: True == 1 == 1.0 as dict keys.
        cache_key = (key, type(value), value)
        lit = self._cache.get(cache_key)
        if lit is None:
            lit = self._cache[cache_key] = self._make(key, value)
        return lit

    @staticmethod
    def _make(key: str, value: str | int | float | bool) -> Literal:
        if isinstance(value, str):
            if key in _DATE_KEYS and _is_iso_date(value):
                return Literal(value, datatype=XSD.date)
            return Literal(_nfc(value))
        if isinstance(value, bool):
            return Literal(value)
        if key in _DOUBLE_KEYS:
            return Literal(float(value))
        return Literal(value)


class _Predicates:
    """Property key -> pkg: predicate; a key the vocabulary does not declare is an error."""

    def __init__(self) -> None:
        self._cache: dict[str, URIRef] = {}

    def __call__(self, key: str, where: str) -> URIRef:
        pred = self._cache.get(key)
        if pred is None:
            prop = vocabulary.PROPERTY.get(key)
            if prop is None:
                # Only a graph read from a store of another version can have one.
                raise ValueError(f"{where}: property {key!r} is not in the vocabulary")
            pred = self._cache[key] = _pkg(prop.term)
        return pred


Triple = tuple[URIRef, URIRef, URIRef | Literal]


def _values(value: Value) -> tuple[str | int | float | bool, ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    return (value,)


def _node_triples(
    n: Node,
    s: URIRef,
    lit: _Literals,
    pred: _Predicates,
) -> Iterator[Triple]:
    yield s, RDF.type, NODE_CLASSES[n.type]
    # The id as it is, not NFC-normalised: from_rdf must give back the model's ids.
    yield s, PKG.id, Literal(n.id)
    yield s, RDFS.label, Literal(_nfc(n.label), lang="vi")
    if n.type is NodeType.DOCUMENT:
        kind = n.get("kind")
        if kind is not None:
            try:
                cls, concept = _KINDS[str(kind)]
            except KeyError:
                raise ValueError(f"{n.id}: unknown document kind {kind!r}") from None
            yield s, RDF.type, cls
            yield s, PKG.documentKind, concept
        title = n.get("title")
        if isinstance(title, str):
            yield s, ELI.title, Literal(_nfc(title), lang="vi")
    elif n.type is NodeType.INDICATOR:
        yield s, SKOS.inScheme, PKG.Indicators
    for key, value in n.props:
        p = pred(key, n.id)
        aligned = _ELI_ALIGNED.get(key)
        for v in _values(value):
            o = lit(key, v)
            yield s, p, o
            if aligned is not None and (key not in _DATE_KEYS or o.datatype == XSD.date):
                yield s, aligned, o


def _edge_triples(
    e: Edge,
    iri: Callable[[str], URIRef],
    base: str,
    lit: _Literals,
    pred: _Predicates,
    spans: set[str],
) -> Iterator[Triple]:
    s, p, o = iri(e.source), EDGE_PREDICATES[e.type], iri(e.target)
    yield s, p, o
    if e.type in _SUCCESSIONS:
        yield o, PROV.wasDerivedFrom, s
    if e.evidence is None and not e.props and e.type not in _ROLES:
        return
    h = _hash(*e.key)
    role = _ROLES.get(e.type)
    if role is not None:
        assoc = URIRef(f"{base}association/{h}")
        yield s, PROV.qualifiedAssociation, assoc
        yield assoc, RDF.type, PROV.Association
        yield assoc, PROV.agent, o
        yield assoc, PROV.hadRole, role
    if e.evidence is None and not e.props:
        return
    stmt = URIRef(f"{base}evidence/{h}")
    yield stmt, RDF.type, RDF.Statement if e.evidence is None else PKG.Evidence
    yield stmt, RDF.subject, s
    yield stmt, RDF.predicate, p
    yield stmt, RDF.object, o
    for key, value in e.props:
        p_key = pred(key, f"{e.source} {e.type.value} {e.target}")
        for v in _values(value):
            yield stmt, p_key, lit(key, v)
    if e.evidence is not None:
        yield from _evidence_triples(stmt, e.evidence, base, lit, spans)


def _evidence_triples(
    stmt: URIRef,
    ev: Provenance,
    base: str,
    lit: _Literals,
    spans: set[str],
) -> Iterator[Triple]:
    if ev.section:
        yield stmt, PKG.section, lit("section", " / ".join(ev.section))
    k = _hash(ev.source, str(ev.span.start), str(ev.span.end), ev.quote)
    target = URIRef(f"{base}span/{k}")
    yield stmt, OA.hasTarget, target
    if k in spans:
        return
    spans.add(k)
    quote = URIRef(f"{base}span/{k}/quote")
    position = URIRef(f"{base}span/{k}/position")
    yield target, RDF.type, OA.SpecificResource
    yield target, OA.hasSource, URIRef(base + "file/" + iri_path(ev.source))
    yield target, OA.hasSelector, quote
    yield target, OA.hasSelector, position
    yield quote, RDF.type, OA.TextQuoteSelector
    yield quote, OA.exact, Literal(_nfc(ev.quote))
    yield position, RDF.type, OA.TextPositionSelector
    yield position, OA.start, lit("start", ev.span.start)
    yield position, OA.end, lit("end", ev.span.end)
    if ev.page is not None:
        # A PDF's page as the Web Annotation model says it: a fragment (RFC 8118).
        page = URIRef(f"{base}span/{k}/page")
        yield target, OA.hasSelector, page
        yield page, RDF.type, OA.FragmentSelector
        yield page, DCTERMS.conformsTo, PDF_FRAGMENT
        yield page, RDF.value, Literal(f"page={ev.page}")


def _time_triples(n: Node, s: URIRef, base: str, instants: set[str]) -> Iterator[Triple]:
    """A place's or body's validity as an OWL-Time interval (each day's instant once)."""
    start, end = n.get("valid_from"), n.get("valid_to")
    if not isinstance(start, str) and not isinstance(end, str):
        return
    interval = URIRef(f"{base}interval/{_hash(n.id)}")
    yield s, TIME.hasTime, interval
    yield interval, RDF.type, TIME.ProperInterval
    for edge, day in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
        if not isinstance(day, str) or not _is_iso_date(day):
            continue
        instant = URIRef(f"{base}instant/{day}")
        yield interval, edge, instant
        if day not in instants:
            instants.add(day)
            yield instant, RDF.type, TIME.Instant
            yield instant, TIME.inXSDDate, Literal(day, datatype=XSD.date)


def triples(graph: PolicyGraph, *, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """Every triple of the RDF form of ``graph``, one at a time (a shared span once)."""
    keyed = ((n, readable_key(graph, n.id)) for n in graph.nodes)
    return stream_triples(keyed, graph.edges, base=base)


def stream_triples(
    nodes: Iterable[tuple[Node, str]], edges: Iterable[Edge], *, base: str = DEFAULT_BASE
) -> Iterator[Triple]:
    """The triples of nodes (each with its readable key), then of edges, as they come: a
    graph read one element at a time (:mod:`policykg.graph.derived`) is never held."""
    iris: dict[str, URIRef] = {}

    def iri(node_id: str) -> URIRef:
        u = iris.get(node_id)
        if u is None:
            u = iris[node_id] = URIRef(base + iri_path(node_id))
        return u

    lit, pred = _Literals(), _Predicates()
    spans: set[str] = set()
    instants: set[str] = set()
    for n, key in nodes:
        s = iri(n.id)
        yield from _node_triples(n, s, lit, pred)
        yield s, PKG.key, Literal(_nfc(key))
        yield from _time_triples(n, s, base, instants)
    for e in edges:
        yield from _edge_triples(e, iri, base, lit, pred, spans)


def to_rdf(graph: PolicyGraph, *, base: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of ``graph``; node IRIs are ``base`` + the IRI-safe node id."""
    # The default Memory store, not the faster SimpleMemory: pyshacl (and rdflib's
    # Dataset) need a context-aware store.
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    add = g.add
    for t in triples(graph, base=base):
        add(t)
    return g


def write_ntriples(graph: PolicyGraph, out: IO[bytes], *, base: str = DEFAULT_BASE) -> int:
    """Write ``graph`` as N-Triples to ``out`` without holding an RDF graph in memory.

    An rdflib graph of 1,000 documents (2 million triples) took 3.7 GB to serialise; this
    holds one triple at a time. Returns the number of lines written.
    """
    count = 0
    write = out.write
    for t in triples(graph, base=base):
        write(ntriple(t).encode())
        count += 1
    return count


def ntriple(t: Triple) -> str:
    """One triple as a line of N-Triples."""
    s, p, o = t
    obj = _nt_literal(o) if isinstance(o, Literal) else f"<{o}>"
    return f"<{s}> <{p}> {obj} .\n"


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_literal(lit: Literal) -> str:
    # N-Triples has no long strings: rdflib's n3() writes a text with a newline in
    # triple quotes, which is Turtle only.
    text = f'"{str(lit).translate(_NT_ESCAPES)}"'
    if lit.language:
        return f"{text}@{lit.language}"
    if lit.datatype is not None and lit.datatype != XSD.string:
        return f"{text}^^<{lit.datatype}>"
    return text


# --- N-Triples as text ------------------------------------------------------------------

# Making a query database wrote a line per triple through rdflib terms: a URIRef and a
# Literal built, checked and formatted per triple were three quarters of the time.
# :func:`ntriples_text` writes the same lines from strings made once per term.


def _ref(term: URIRef) -> str:
    return f"<{term}>"


_A = _ref(RDF.type)
_NT_CLASSES = {t: _ref(c) for t, c in NODE_CLASSES.items()}
_NT_EDGES = {t: _ref(p) for t, p in EDGE_PREDICATES.items()}
_NT_ROLES = {t: _ref(r) for t, r in _ROLES.items()}
_NT_KINDS = {k: (_ref(c), _ref(concept)) for k, (c, concept) in _KINDS.items()}
_NT_ALIGNED = {k: _ref(p) for k, p in _ELI_ALIGNED.items()}
_XSD_DATE, _XSD_INTEGER = _ref(XSD.date), _ref(XSD.integer)
_ID, _KEY, _LABEL = _ref(PKG.id), _ref(PKG.key), _ref(RDFS.label)
_KIND, _TITLE = _ref(PKG.documentKind), _ref(ELI.title)
_IN_SCHEME, _INDICATORS = _ref(SKOS.inScheme), _ref(PKG.Indicators)
_DERIVED = _ref(PROV.wasDerivedFrom)
_QUALIFIED, _ASSOCIATION = _ref(PROV.qualifiedAssociation), _ref(PROV.Association)
_AGENT, _HAD_ROLE = _ref(PROV.agent), _ref(PROV.hadRole)
_STATEMENT, _EVIDENCE = _ref(RDF.Statement), _ref(PKG.Evidence)
_SUBJECT, _PREDICATE, _OBJECT = _ref(RDF.subject), _ref(RDF.predicate), _ref(RDF.object)
_SECTION, _HAS_TARGET = _ref(PKG.section), _ref(OA.hasTarget)
_RESOURCE, _HAS_SOURCE = _ref(OA.SpecificResource), _ref(OA.hasSource)
_HAS_SELECTOR, _EXACT = _ref(OA.hasSelector), _ref(OA.exact)
_QUOTE_SELECTOR, _POSITION_SELECTOR = _ref(OA.TextQuoteSelector), _ref(OA.TextPositionSelector)
_START, _END = _ref(OA.start), _ref(OA.end)
_PAGE_SELECTOR, _CONFORMS_TO = _ref(OA.FragmentSelector), _ref(DCTERMS.conformsTo)
_PDF, _VALUE = _ref(PDF_FRAGMENT), _ref(RDF.value)
_HAS_TIME, _INTERVAL = _ref(TIME.hasTime), _ref(TIME.ProperInterval)
_BEGINNING, _ENDING = _ref(TIME.hasBeginning), _ref(TIME.hasEnd)
_INSTANT, _IN_DATE = _ref(TIME.Instant), _ref(TIME.inXSDDate)


def _quoted(text: str) -> str:
    """A plain literal as :func:`_nt_literal` writes it (``replace`` is several times
    faster than ``translate`` on text that has nothing to escape)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return f'"{text}"'


class _Text:
    """The N-Triples lines of nodes and edges: those of :func:`stream_triples` written by
    :func:`ntriple`, made from strings. Node IRIs, predicates, dates and non-string
    values are formatted once each; a text is escaped where it is written."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.iris: dict[str, str] = {}
        self.preds: dict[str, str] = {}
        self.others: dict[tuple[str, type, Value], str] = {}
        self.dates: dict[str, bool] = {}
        self.spans: set[str] = set()
        self.instants: set[str] = set()
        self.pred = _Predicates()

    def iri(self, node_id: str) -> str:
        s = self.iris.get(node_id)
        if s is None:
            s = self.iris[node_id] = f"<{self.base}{iri_path(node_id)}>"
        return s

    def predicate(self, key: str, where: str) -> str:
        p = self.preds.get(key)
        if p is None:
            p = self.preds[key] = _ref(self.pred(key, where))
        return p

    def is_date(self, text: str) -> bool:
        known = self.dates.get(text)
        if known is None:
            known = self.dates[text] = _is_iso_date(text)
        return known

    def literal(self, key: str, value: str | int | float | bool) -> tuple[str, bool]:
        """The literal :class:`_Literals` makes, as N-Triples; and whether an xsd:date."""
        if isinstance(value, str):
            if key in _DATE_KEYS and self.is_date(value):
                return f'"{value}"^^{_XSD_DATE}', True
            return _quoted(_nfc(value)), False
        if type(value) is int and key not in _DOUBLE_KEYS:
            return f'"{value}"^^{_XSD_INTEGER}', False  # offsets: too many to keep
        cache_key = (key, type(value), value)
        text = self.others.get(cache_key)
        if text is None:
            text = self.others[cache_key] = _nt_literal(_Literals._make(key, value))
        return text, False

    def node(self, n: Node, key: str) -> str:
        s = self.iri(n.id)
        out = [
            f"{s} {_A} {_NT_CLASSES[n.type]} .\n",
            f"{s} {_ID} {_quoted(n.id)} .\n",
            f"{s} {_LABEL} {_quoted(_nfc(n.label))}@vi .\n",
        ]
        if n.type is NodeType.DOCUMENT:
            kind = n.get("kind")
            if kind is not None:
                try:
                    cls, concept = _NT_KINDS[str(kind)]
                except KeyError:
                    raise ValueError(f"{n.id}: unknown document kind {kind!r}") from None
                out.append(f"{s} {_A} {cls} .\n{s} {_KIND} {concept} .\n")
            title = n.get("title")
            if isinstance(title, str):
                out.append(f"{s} {_TITLE} {_quoted(_nfc(title))}@vi .\n")
        elif n.type is NodeType.INDICATOR:
            out.append(f"{s} {_IN_SCHEME} {_INDICATORS} .\n")
        for k, value in n.props:
            p = self.predicate(k, n.id)
            aligned = _NT_ALIGNED.get(k)
            for v in _values(value):
                o, is_date = self.literal(k, v)
                out.append(f"{s} {p} {o} .\n")
                if aligned is not None and (k not in _DATE_KEYS or is_date):
                    out.append(f"{s} {aligned} {o} .\n")
        out.append(f"{s} {_KEY} {_quoted(_nfc(key))} .\n")
        self.time(n, s, out)
        return "".join(out)

    def time(self, n: Node, s: str, out: list[str]) -> None:
        """:func:`_time_triples`."""
        start, end = n.get("valid_from"), n.get("valid_to")
        if not isinstance(start, str) and not isinstance(end, str):
            return
        interval = f"<{self.base}interval/{_hash(n.id)}>"
        out.append(f"{s} {_HAS_TIME} {interval} .\n{interval} {_A} {_INTERVAL} .\n")
        for edge, day in ((_BEGINNING, start), (_ENDING, end)):
            if not isinstance(day, str) or not self.is_date(day):
                continue
            instant = f"<{self.base}instant/{day}>"
            out.append(f"{interval} {edge} {instant} .\n")
            if day not in self.instants:
                self.instants.add(day)
                out.append(
                    f'{instant} {_A} {_INSTANT} .\n{instant} {_IN_DATE} "{day}"^^{_XSD_DATE} .\n'
                )

    def edge(self, e: Edge) -> str:
        """:func:`_edge_triples`."""
        s, p, o = self.iri(e.source), _NT_EDGES[e.type], self.iri(e.target)
        out = [f"{s} {p} {o} .\n"]
        if e.type in _SUCCESSIONS:
            out.append(f"{o} {_DERIVED} {s} .\n")
        role = _NT_ROLES.get(e.type)
        if e.evidence is None and not e.props and role is None:
            return out[0] if len(out) == 1 else "".join(out)
        h = _hash(*e.key)
        if role is not None:
            assoc = f"<{self.base}association/{h}>"
            out.append(
                f"{s} {_QUALIFIED} {assoc} .\n{assoc} {_A} {_ASSOCIATION} .\n"
                f"{assoc} {_AGENT} {o} .\n{assoc} {_HAD_ROLE} {role} .\n"
            )
        if e.evidence is None and not e.props:
            return "".join(out)
        stmt = f"<{self.base}evidence/{h}>"
        out.append(
            f"{stmt} {_A} {_STATEMENT if e.evidence is None else _EVIDENCE} .\n"
            f"{stmt} {_SUBJECT} {s} .\n{stmt} {_PREDICATE} {p} .\n{stmt} {_OBJECT} {o} .\n"
        )
        for k, value in e.props:
            p_key = self.predicate(k, f"{e.source} {e.type.value} {e.target}")
            for v in _values(value):
                out.append(f"{stmt} {p_key} {self.literal(k, v)[0]} .\n")
        if e.evidence is not None:
            self.evidence(stmt, e.evidence, out)
        return "".join(out)

    def evidence(self, stmt: str, ev: Provenance, out: list[str]) -> None:
        """:func:`_evidence_triples`."""
        if ev.section:
            out.append(
                f"{stmt} {_SECTION} {self.literal('section', ' / '.join(ev.section))[0]} .\n"
            )
        k = _hash(ev.source, str(ev.span.start), str(ev.span.end), ev.quote)
        span = f"{self.base}span/{k}"
        out.append(f"{stmt} {_HAS_TARGET} <{span}> .\n")
        if k in self.spans:
            return
        self.spans.add(k)
        source = f"<{self.base}file/{iri_path(ev.source)}>"
        start, end = self.literal("start", ev.span.start)[0], self.literal("end", ev.span.end)[0]
        out.append(
            f"<{span}> {_A} {_RESOURCE} .\n<{span}> {_HAS_SOURCE} {source} .\n"
            f"<{span}> {_HAS_SELECTOR} <{span}/quote> .\n"
            f"<{span}> {_HAS_SELECTOR} <{span}/position> .\n"
            f"<{span}/quote> {_A} {_QUOTE_SELECTOR} .\n"
            f"<{span}/quote> {_EXACT} {_quoted(_nfc(ev.quote))} .\n"
            f"<{span}/position> {_A} {_POSITION_SELECTOR} .\n"
            f"<{span}/position> {_START} {start} .\n<{span}/position> {_END} {end} .\n"
        )
        if ev.page is not None:
            out.append(
                f"<{span}> {_HAS_SELECTOR} <{span}/page> .\n"
                f"<{span}/page> {_A} {_PAGE_SELECTOR} .\n"
                f"<{span}/page> {_CONFORMS_TO} {_PDF} .\n"
                f'<{span}/page> {_VALUE} "page={ev.page}" .\n'
            )


def ntriples_text(
    nodes: Iterable[tuple[Node, str]], edges: Iterable[Edge], *, base: str = DEFAULT_BASE
) -> Iterator[str]:
    """The N-Triples lines of :func:`stream_triples` (the same lines, a shared span once),
    written from strings: one string of whole lines per node, then per edge."""
    text = _Text(base)
    for n, key in nodes:
        yield text.node(n, key)
    for e in edges:
        yield text.edge(e)


_CLASS_TYPES: dict[Term, str] = {cls: t.value for t, cls in NODE_CLASSES.items()}


def from_rdf(g: Graph) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """The ``(id, type)`` of every node and ``(source, EdgeType, target)`` of every edge.

    Read back through ``pkg:id`` and the thirteen edge predicates, so that a test can
    prove that the RDF and networkx forms hold the same graph.
    """
    ids: dict[Term, str] = {s: str(o) for s, o in g.subject_objects(PKG.id)}
    nodes = {
        (node_id, _CLASS_TYPES[t])
        for s, node_id in ids.items()
        for t in g.objects(s, RDF.type)
        if t in _CLASS_TYPES
    }
    edges = {
        (ids.get(s, str(s)), edge_type.value, ids.get(o, str(o)))
        for edge_type, p in EDGE_PREDICATES.items()
        for s, o in g.subject_objects(p)
    }
    return nodes, edges

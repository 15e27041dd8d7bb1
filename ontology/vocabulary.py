"""The graph's vocabulary, declared once: node types, edge types and every property.

Each store is written from this declaration or checked against it:

- the RDF terms (``pkg:<term>``, ``namespace.PKG``) and the published ontology
  ``policy.ttl`` (domain, range, English definition): checked by ``tests/test_vocabulary.py``;
- the SHACL constraints: :func:`policykg.graph.validate` adds one property shape per
  declared property (datatype, at most one value unless repeated, closed value sets) to
  the hand-written structural shapes of ``shapes.ttl``;
- the property-graph columns of Neo4j, its CSV export and the embedded Cypher engine
  (``graph/property.py``), with their types;
- the JSON-LD context (``graph/export.py``) and the typed literals of the RDF form
  (``graph/rdfgraph.py``).

A node or edge cannot carry a property that is not declared here for its type:
:func:`policykg.graph.model.make_node` refuses it, so a new property is added in one
place and reaches every store, instead of failing in the third one.

No rdflib here: the declaration is plain data, cheap to import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from policykg.records import DocumentKind

__all__ = [
    "EDGES",
    "EDGE_PROPERTIES",
    "NODE_PROPERTIES",
    "PROPERTIES",
    "Datatype",
    "EdgeSpec",
    "EdgeType",
    "NodeType",
    "Property",
    "check_node_props",
]


class NodeType(StrEnum):
    DOCUMENT = "Document"
    TASK = "Task"
    TARGET = "Target"
    AGENCY = "Agency"
    JURISDICTION = "Jurisdiction"
    PERSON = "Person"
    INDICATOR = "Indicator"


class EdgeType(StrEnum):
    # document -> document (and task -> document for IMPLEMENTS, IS_BASED_ON and CITES)
    IMPLEMENTS = "IMPLEMENTS"
    REPLACES = "REPLACES"
    AMENDS = "AMENDS"
    IS_BASED_ON = "IS_BASED_ON"
    CITES = "CITES"
    # structure
    PART_OF = "PART_OF"  # task -> document, target -> document
    MEASURES = "MEASURES"  # target -> indicator
    # responsibility
    LED_BY = "LED_BY"  # task -> agency
    COORDINATED_BY = "COORDINATED_BY"  # task -> agency
    ISSUED_BY = "ISSUED_BY"  # document -> agency
    SIGNED_BY = "SIGNED_BY"  # document -> person
    SUB_ORGANIZATION_OF = "SUB_ORGANIZATION_OF"  # agency -> agency
    IN_JURISDICTION = "IN_JURISDICTION"  # document, agency, person -> jurisdiction
    # time: jurisdiction -> jurisdiction, agency -> agency (ontology/data/successions.csv)
    SUCCEEDED_BY = "SUCCEEDED_BY"  # renamed or continued as
    MERGED_INTO = "MERGED_INTO"  # ceased, its territory or duties now the target's
    SPLIT_TO = "SPLIT_TO"  # part of its duties went to the target


class Datatype(StrEnum):
    """XSD datatypes, by their local name in ``xsd:``."""

    STRING = "string"
    DATE = "date"  # an ISO date string in the model; a string when it is not a real date
    INTEGER = "integer"
    DOUBLE = "double"
    BOOLEAN = "boolean"


# The Python type of a single value of each datatype, and the column type the embedded
# engine (and Neo4j's CSV import) gives it.
_PYTHON: dict[Datatype, type | tuple[type, ...]] = {
    Datatype.STRING: str,
    Datatype.DATE: str,
    Datatype.INTEGER: int,
    Datatype.DOUBLE: (float, int),
    Datatype.BOOLEAN: bool,
}
_COLUMN: dict[Datatype, str] = {
    Datatype.STRING: "STRING",
    Datatype.DATE: "STRING",  # ISO strings sort as dates; FalkorDB returns no temporals
    Datatype.INTEGER: "INT64",
    Datatype.DOUBLE: "DOUBLE",
    Datatype.BOOLEAN: "BOOLEAN",
}

EDGE = "edge"  # in :attr:`Property.on`: a property of edges (stated on their evidence)


@dataclass(frozen=True, slots=True, kw_only=True)
class Property:
    """One property: where it may appear, its type in every store, and what it means."""

    key: str  # the model's key, snake_case: ``deadline_year``
    datatype: Datatype
    on: tuple[str, ...]  # NodeType values, and/or EDGE
    description: str  # the English skos:definition of its term in policy.ttl
    many: bool = False  # a tuple of strings rather than one value
    values: tuple[str, ...] = ()  # a closed set of values (SHACL sh:in), if any
    column_name: str | None = None  # its property-graph name, when not ``key``

    @property
    def term(self) -> str:
        """The local name of its ``pkg:`` term and its JSON-LD term: ``deadlineYear``."""
        head, *rest = self.key.split("_")
        return head + "".join(part.capitalize() for part in rest)

    @property
    def column(self) -> str:
        """Its name in Neo4j and the embedded engine."""
        return self.column_name or self.key

    @property
    def column_type(self) -> str:
        """Its column type, named as the embedded engine names it."""
        return "STRING[]" if self.many else _COLUMN[self.datatype]

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is of this property's type (``bool`` is not an integer here)."""
        if self.many:
            return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        if isinstance(value, bool) and self.datatype is not Datatype.BOOLEAN:
            return False
        return isinstance(value, _PYTHON[self.datatype])


D, T, G, A = NodeType.DOCUMENT, NodeType.TASK, NodeType.TARGET, NodeType.AGENCY
J, P, IND = NodeType.JURISDICTION, NodeType.PERSON, NodeType.INDICATOR
S, DATE, N, F, B = (
    Datatype.STRING,
    Datatype.DATE,
    Datatype.INTEGER,
    Datatype.DOUBLE,
    Datatype.BOOLEAN,
)


def _p(
    key: str, datatype: Datatype, on: tuple[str, ...], description: str, **kw: object
) -> Property:
    return Property(key=key, datatype=datatype, on=on, description=description, **kw)  # type: ignore[arg-type]


# In the order the property-graph columns list them (after ``id`` and ``name``).
PROPERTIES: tuple[Property, ...] = (
    _p("number", S, (D,), "The document's normalised number and symbol, e.g. 52-NQ/TW."),
    _p("kind", S, (D,), "The document's kind code (resolution, plan, decision, ...), the "
       "skos:notation of its pkg:documentKind.", values=tuple(k.value for k in DocumentKind)),
    _p("date", DATE, (D,), "The date the document was signed and issued."),
    _p("jurisdiction", S, (D, A, P), "The name of the jurisdiction of a document, body or "
       "person; \"Trung ương\" for the national level."),
    _p("title", S, (D, EDGE), "The document's title; on the evidence of a signed-by statement, "
       "the title the person signed under."),
    _p("source", S, (D,), "The name of the corpus file that holds the document."),
    _p("loaded", B, (D,), "True if the document is a file of the corpus, false if it is only "
       "known from references."),
    _p("issuer", S, (D,), "The name of the issuing body as the document gives it."),
    _p("form", S, (D,), "The kind word as printed on the document, e.g. \"Nghị quyết\"."),
    _p("scope", S, (D,), "national if the number names one document in the country, local if "
       "each province may have one, unknown if not known.",
       values=("national", "local", "unknown")),
    _p("sha256", S, (D,), "The SHA-256 digest of the source file, in hexadecimal."),
    _p("conflicts", S, (D,), "A point on which sources disagree about the document, e.g. two "
       "dates given for one number.", many=True),
    _p("task_id", S, (T,), "The task's number in its document, e.g. 8.1.", column_name="number"),
    _p("text", S, (T, G), "The words of the task or target in the document."),
    _p("deadline", S, (T,), "The deadline as the document words it, e.g. \"Quý II/2025\"."),
    _p("deadline_value", S, (T,), "The normalised deadline: 2025, 2025-Q2, before:2022, annual, "
       "continuous."),
    _p("deadline_year", N, (T,), "The year of the deadline, when it has one."),
    _p("result", S, (T,), "What the task is to produce."),
    _p("document", S, (T, G), "The id (pkg:id) of the document that sets the task or target; "
       "the same document as pkg:partOf."),
    _p("section", S, (T, EDGE), "The section path in the document, levels joined with \" / \", "
       "e.g. \"III / 8\"."),
    _p("indicator", S, (G,), "The name of the indicator the target measures, as the document "
       "gives it."),
    _p("value", F, (G,), "The target's value; the lower bound when the target is a range."),
    _p("value_max", F, (G,), "The upper bound of the target when it is a range."),
    _p("unit", S, (G,), "The unit of the value, e.g. %, %/năm, triệu đồng."),
    _p("comparator", S, (G,), "How the value is compared: eq, ge, gt, le, lt, approx, range.",
       values=("eq", "ge", "gt", "le", "lt", "approx", "range")),
    _p("year", N, (G,), "The year by which the target is to be met."),
    _p("monitor", S, (G,), "The body that monitors and assesses the target, as an indicator "
       "table names it."),
    _p("name", S, (A, J, P, IND), "The canonical name of a body, jurisdiction, person or "
       "indicator."),
    _p("level", S, (A,), "The level of the body: central, province, district, commune.",
       values=("central", "province", "district", "commune")),
    _p("collective", B, (A,), "True if the name stands for a group of bodies, e.g. \"các sở, "
       "ban, ngành\"."),
    _p("aliases", S, (D, A), "Another name of the body or document found in the documents.",
       many=True),
    _p("national", B, (J,), "True for the national level, false for a province or city."),
    _p("inferred", S, (EDGE,), "How a statement that no sentence states directly was derived."),
    _p("role", S, (EDGE,), "The role the document gives the body in this statement (lead, "
       "coordinate, implement, ...)."),
    _p("valid_from", DATE, (J, A, EDGE), "The first day a jurisdiction or body is in force, or "
       "a succession or an inferred statement holds."),
    _p("valid_to", DATE, (J, A, EDGE), "The first day a jurisdiction or body is no longer in "
       "force, or an inferred statement no longer holds."),
    _p("legal_source", S, (EDGE,), "The number of the legal text that makes a succession, e.g. "
       "202/2025/QH15."),
    _p("legal_source_date", DATE, (EDGE,), "The date of the legal text that makes a succession."),
    _p("part", S, (EDGE,), "The part of a body's duties that a split hands on, e.g. báo chí, "
       "xuất bản."),
)  # fmt: skip

# Properties every node has, computed when a store is written rather than set on a node.
KEY = Property(
    key="key",
    datatype=S,
    on=tuple(NodeType),
    description="The name of the node that people read and type, the same in every "
    "interface, e.g. 004_1b73a6d31f29fe0d.txt#8.1 for a task.",
)
DERIVED: tuple[Property, ...] = (KEY,)

# Columns the property-graph form gives every node, computed rather than set on a node:
# ``name`` is the node's label unless the node has a name of its own, ``key`` the name
# every interface shows (:data:`KEY`), ``digest`` a hash of the rest.
NODE_COLUMNS_FIRST: tuple[tuple[str, str], ...] = (
    ("id", "STRING"),
    ("name", "STRING"),
    (KEY.column, KEY.column_type),
)
NODE_COLUMNS_LAST: tuple[tuple[str, str], ...] = (("digest", "STRING"),)
# The columns of a relationship that hold its evidence, before its declared properties.
EVIDENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "STRING"),
    ("span_start", "INT64"),
    ("span_end", "INT64"),
    ("section", "STRING"),
    ("quote", "STRING"),
    ("page", "INT64"),  # PDFs and scans only
)

PROPERTY: dict[str, Property] = {p.key: p for p in PROPERTIES}

# Per node type, its properties by key; and the properties of edges.
NODE_PROPERTIES: dict[NodeType, dict[str, Property]] = {
    t: {p.key: p for p in PROPERTIES if t in p.on} for t in NodeType
}
EDGE_PROPERTIES: dict[str, Property] = {p.key: p for p in PROPERTIES if EDGE in p.on}


@dataclass(frozen=True, slots=True, kw_only=True)
class EdgeSpec:
    """One edge type: its ``pkg:`` predicate and the node types it joins."""

    type: EdgeType
    term: str
    ends: tuple[tuple[NodeType, NodeType], ...]


def _e(t: EdgeType, term: str, *ends: tuple[NodeType, NodeType]) -> EdgeSpec:
    return EdgeSpec(type=t, term=term, ends=ends)


EDGES: dict[EdgeType, EdgeSpec] = {
    e.type: e
    for e in (
        _e(EdgeType.IMPLEMENTS, "implements", (D, D), (T, D)),
        _e(EdgeType.REPLACES, "replaces", (D, D)),
        _e(EdgeType.AMENDS, "amends", (D, D)),
        _e(EdgeType.IS_BASED_ON, "isBasedOn", (D, D), (T, D)),
        _e(EdgeType.CITES, "cites", (D, D), (T, D)),
        _e(EdgeType.PART_OF, "partOf", (T, D), (G, D)),
        _e(EdgeType.MEASURES, "measures", (G, IND)),
        _e(EdgeType.LED_BY, "ledBy", (T, A)),
        _e(EdgeType.COORDINATED_BY, "coordinatedBy", (T, A)),
        _e(EdgeType.ISSUED_BY, "issuedBy", (D, A)),
        _e(EdgeType.SIGNED_BY, "signedBy", (D, P)),
        _e(EdgeType.SUB_ORGANIZATION_OF, "subOrganizationOf", (A, A)),
        _e(EdgeType.IN_JURISDICTION, "inJurisdiction", (D, J), (A, J), (P, J)),
        _e(EdgeType.SUCCEEDED_BY, "succeededBy", (J, J), (A, A)),
        _e(EdgeType.MERGED_INTO, "mergedInto", (J, J), (A, A)),
        _e(EdgeType.SPLIT_TO, "splitTo", (A, A)),
    )
}


class UndeclaredProperty(ValueError):
    """A node or edge given a property the vocabulary does not declare for it (a bug)."""


def check_props(where: str, declared: Mapping[str, Property], props: Mapping[str, object]) -> None:
    """Raise :class:`UndeclaredProperty` unless every non-empty value is declared and typed.

    ``None`` and ``()`` mean "absent" and pass.
    """
    for key, value in props.items():
        if value is None or value == ():
            continue
        prop = declared.get(key)
        if prop is None:
            raise UndeclaredProperty(
                f"{where}: property {key!r} is not declared in ontology/vocabulary.py"
            )
        if not prop.accepts(value):
            raise UndeclaredProperty(
                f"{where}: property {key!r} is declared {prop.datatype.value}"
                f"{'[]' if prop.many else ''}, not {type(value).__name__} ({value!r})"
            )


def check_node_props(node_type: NodeType, node_id: str, props: Mapping[str, object]) -> None:
    check_props(f"{node_type.value} {node_id}", NODE_PROPERTIES[node_type], props)

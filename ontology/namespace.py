"""The policykg vocabulary (``pkg:``) and the outside vocabularies it is aligned with.

Every namespace here is closed (``_fail = True``): a misspelt term raises at import or
first use instead of quietly minting a new IRI. ``PKG`` lists exactly the terms that
``policy.ttl`` defines; ``tests/test_ontology.py`` keeps the two in step, and
``tests/test_vocabulary.py`` checks both against the declaration of every node type, edge
type and property in ``vocabulary.py``.

rdflib already ships PROV, SKOS, DCTERMS, FOAF, OWL and the W3C Organization ontology;
``ORG`` is re-exported from there so that callers have one import for all of them.
"""

from rdflib.namespace import ORG, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["ELI", "OA", "ORG", "PKG"]


class PKG(DefinedNamespace):
    """Vietnamese policy documents, their tasks, targets and the bodies responsible."""

    _fail = True
    _NS = Namespace("https://policykg.org/ontology#")

    # Classes
    Document: URIRef
    Resolution: URIRef
    Plan: URIRef
    ActionProgramme: URIRef
    Decision: URIRef
    Directive: URIRef
    Notice: URIRef
    Report: URIRef
    Scheme: URIRef
    Conclusion: URIRef
    Programme: URIRef
    Regulation: URIRef
    Guidance: URIRef
    OfficialLetter: URIRef
    Appendix: URIRef
    OtherDocument: URIRef
    Task: URIRef
    Target: URIRef
    Agency: URIRef
    Jurisdiction: URIRef
    Person: URIRef
    Indicator: URIRef
    Evidence: URIRef

    # Concept schemes and their concepts
    DocumentKinds: URIRef
    Indicators: URIRef
    kindResolution: URIRef
    kindPlan: URIRef
    kindActionProgramme: URIRef
    kindDecision: URIRef
    kindDirective: URIRef
    kindNotice: URIRef
    kindReport: URIRef
    kindScheme: URIRef
    kindConclusion: URIRef
    kindProgramme: URIRef
    kindRegulation: URIRef
    kindGuidance: URIRef
    kindOfficialLetter: URIRef
    kindAppendix: URIRef
    kindOther: URIRef

    # Roles (instances of prov:Role)
    LeadRole: URIRef
    CoordinatingRole: URIRef

    # Object properties: one per edge type, plus the kind of a document
    implements: URIRef
    replaces: URIRef
    amends: URIRef
    isBasedOn: URIRef
    cites: URIRef
    partOf: URIRef
    measures: URIRef
    ledBy: URIRef
    coordinatedBy: URIRef
    issuedBy: URIRef
    signedBy: URIRef
    subOrganizationOf: URIRef
    inJurisdiction: URIRef
    succeededBy: URIRef
    mergedInto: URIRef
    splitTo: URIRef
    documentKind: URIRef

    # Datatype properties: one per node property key, plus the node id
    id: URIRef
    kind: URIRef
    number: URIRef
    date: URIRef
    issuer: URIRef
    jurisdiction: URIRef
    title: URIRef
    form: URIRef
    loaded: URIRef
    source: URIRef
    sha256: URIRef
    scope: URIRef
    conflicts: URIRef
    taskId: URIRef
    document: URIRef
    text: URIRef
    deadline: URIRef
    deadlineValue: URIRef
    deadlineYear: URIRef
    result: URIRef
    section: URIRef
    indicator: URIRef
    value: URIRef
    valueMax: URIRef
    unit: URIRef
    comparator: URIRef
    monitor: URIRef
    year: URIRef
    name: URIRef
    key: URIRef
    level: URIRef
    collective: URIRef
    aliases: URIRef
    national: URIRef
    # edge properties, stated on the edge's evidence node
    inferred: URIRef
    role: URIRef
    validFrom: URIRef
    validTo: URIRef
    legalSource: URIRef
    legalSourceDate: URIRef
    part: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology: the terms policykg aligns with."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/eli/ontology#")

    LegalResource: URIRef
    ensures_implementation_of: URIRef
    repeals: URIRef
    amends: URIRef
    based_on: URIRef
    cites: URIRef
    passed_by: URIRef
    id_local: URIRef
    date_document: URIRef
    title: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: the terms policykg uses for evidence."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    FragmentSelector: URIRef  # a PDF's page (RFC 8118)
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    start: URIRef
    end: URIRef

"""The vocabulary is declared once (``ontology/vocabulary.py``) and every store agrees.

Each declared property is checked against its term in ``namespace.PKG`` and
``policy.ttl``, the hand-written shapes, the property-graph columns, the embedded
engine's tables and the JSON-LD context; then one graph carrying every declared property
goes through ``export``, ``sparql``, ``validate``, ``cypher`` and a Bolt push, and each
value must come back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from policykg.cli import cli
from policykg.graph import embedded, property
from policykg.graph.export import jsonld_context
from policykg.graph.model import EdgeType, NodeType, PolicyGraph, make_edge, make_node
from policykg.graph.rdfgraph import EDGE_PREDICATES, NODE_CLASSES
from policykg.graph.store import write_graph
from policykg.ontology import vocabulary as v
from policykg.ontology.namespace import PKG
from policykg.records import Provenance, Span

PKG_NS = str(PKG._NS)
NODE_PROPS = [(t, p) for t in NodeType for p in v.NODE_PROPERTIES[t].values()]
EDGE_PROPS = [p for p in v.EDGE_PROPERTIES.values() if p.key != "section"]


# --- the declaration against policy.ttl, namespace.py and shapes.ttl ---------------------


@pytest.mark.parametrize("prop", [*v.PROPERTIES, *v.DERIVED], ids=lambda p: p.key)
def test_each_property_is_a_term_of_the_ontology(ontology: Graph, prop: v.Property) -> None:
    term = PKG[prop.term]  # the closed namespace raises if namespace.py lacks it
    assert (term, RDF.type, OWL.DatatypeProperty) in ontology
    assert set(ontology.objects(term, RDFS.range)) == {XSD[prop.datatype.value]}
    classes = [RDF.Statement if on == v.EDGE else NODE_CLASSES[NodeType(on)] for on in prop.on]
    domain = set(ontology.objects(term, RDFS.domain))
    # One class is the domain; a property of several classes states none (no union).
    assert domain == ({classes[0]} if len(classes) == 1 else set())
    english = {str(o) for o in ontology.objects(term, SKOS.definition) if o.language == "en"}
    assert english == {prop.description}


def test_the_ontology_declares_no_other_datatype_property(ontology: Graph) -> None:
    declared = {PKG[p.term] for p in (*v.PROPERTIES, *v.DERIVED)} | {PKG.id}
    assert set(ontology.subjects(RDF.type, OWL.DatatypeProperty)) == declared


def test_each_edge_type_is_an_object_property(ontology: Graph) -> None:
    for edge_type, spec in v.EDGES.items():
        assert EDGE_PREDICATES[edge_type] == PKG[spec.term]
        assert (PKG[spec.term], RDF.type, OWL.ObjectProperty) in ontology
    for node_type in NodeType:
        assert (NODE_CLASSES[node_type], RDF.type, OWL.Class) in ontology


def _hand_written(shapes: Graph) -> list[tuple[URIRef, URIRef | None, set[str] | None]]:
    """(path, datatype, closed literal values) of each pkg: property shape of shapes.ttl."""
    out = []
    for shape, path in shapes.subject_objects(SH.path):
        if not (isinstance(path, URIRef) and path.startswith(PKG_NS)):
            continue
        datatype = shapes.value(shape, SH.datatype)
        closed = shapes.value(shape, SH["in"])
        values = None
        if closed is not None:
            items = list(Collection(shapes, closed))
            if all(isinstance(i, Literal) for i in items):
                values = {str(i) for i in items}
        out.append((path, datatype if isinstance(datatype, URIRef) else None, values))
    return out


def test_the_hand_written_shapes_agree_with_the_declaration(shapes: Graph) -> None:
    by_term = {PKG[p.term]: p for p in v.PROPERTIES}
    checked = 0
    for path, datatype, values in _hand_written(shapes):
        prop = by_term.get(path)
        if prop is None:
            continue  # an object property (pkg:partOf) or pkg:id
        if datatype is not None:
            assert datatype == XSD[prop.datatype.value], path
            checked += 1
        if values is not None:
            assert values == set(prop.values), path
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize(("node_type", "prop"), NODE_PROPS, ids=lambda x: getattr(x, "key", x))
def test_each_property_has_a_column_of_its_type(node_type: NodeType, prop: v.Property) -> None:
    columns = dict(property.NODE_SCHEMA[node_type])
    assert columns[prop.column] == property.PropType(prop.column_type)
    tables = "\n".join(embedded.ddl(property.schema([], [])))
    assert f"`{prop.column}` {prop.column_type}" in tables


def test_edge_properties_are_relationship_columns() -> None:
    columns = dict(property.REL_SCHEMA)
    for prop in v.EDGE_PROPERTIES.values():
        assert columns[prop.column] == property.PropType(prop.column_type)


@pytest.mark.parametrize("prop", [*v.PROPERTIES, *v.DERIVED], ids=lambda p: p.key)
def test_each_property_has_a_json_ld_term(prop: v.Property) -> None:
    entry = jsonld_context()[prop.term]
    iri = entry["@id"] if isinstance(entry, dict) else entry
    assert iri == f"pkg:{prop.term}"


def test_every_node_has_its_key_in_rdf_and_cypher(store: Path) -> None:
    query = f"SELECT ?id ?key WHERE {{ ?s <{PKG.id}> ?id ; <{PKG.key}> ?key }}"
    rows = json.loads(_run("sparql", query, "--format", "json", "--store", str(store)))
    keys = {r["id"]: r["key"] for r in rows}
    assert set(keys) == set(NODE_IDS.values())
    assert keys[NODE_IDS[NodeType.DOCUMENT]].startswith("Giá trị của number")
    cypher = "MATCH (n) RETURN n.id AS id, n.key AS key"
    rows = json.loads(_run("cypher", cypher, "--format", "json", "--store", str(store)))
    assert {r["id"]: r["key"] for r in rows} == keys


def test_a_property_cannot_be_set_unless_declared() -> None:
    with pytest.raises(v.UndeclaredProperty, match="'colour' is not declared"):
        make_node("agency/x", NodeType.AGENCY, "x", colour="red")
    with pytest.raises(v.UndeclaredProperty, match="'monitor' is not declared"):
        make_node("doc/x", NodeType.DOCUMENT, "x", monitor="Sở Tài chính")  # targets only
    with pytest.raises(v.UndeclaredProperty, match="declared integer, not str"):
        make_node("doc/x/target/1", NodeType.TARGET, "x", year="2025")
    with pytest.raises(v.UndeclaredProperty, match="declared boolean, not int"):
        make_node("doc/x", NodeType.DOCUMENT, "x", loaded=1)
    with pytest.raises(v.UndeclaredProperty, match="'weight' is not declared"):
        make_edge("a", EdgeType.LED_BY, "b", None, weight=3)
    # Absent values are no values.
    assert make_node("doc/x", NodeType.DOCUMENT, "x", title=None).props == ()


# --- one graph with every declared property, through every interface ------------------


def _sample(prop: v.Property) -> Any:
    if prop.values:
        return prop.values[0]
    if prop.many:
        return (f"{prop.key} một", f"{prop.key} hai")
    return {
        v.Datatype.STRING: f"Giá trị của {prop.key}",
        v.Datatype.DATE: "2025-03-01",
        v.Datatype.INTEGER: 2030,
        v.Datatype.DOUBLE: 12.5,
        v.Datatype.BOOLEAN: True,
    }[prop.datatype]


NODE_IDS = {
    NodeType.DOCUMENT: "doc/thai-binh/12-KH-UBND",
    NodeType.TASK: "doc/thai-binh/12-KH-UBND/task/1.2",
    NodeType.TARGET: "doc/thai-binh/12-KH-UBND/target/1",
    NodeType.AGENCY: "agency/thai-binh/so-tai-chinh",
    NodeType.JURISDICTION: "place/thai-binh",
    NodeType.PERSON: "person/thai-binh/nguyen-van-a",
    NodeType.INDICATOR: "indicator/kinh-te-so",
}
EDGE_OF_PROPS = (NODE_IDS[NodeType.TASK], EdgeType.LED_BY, NODE_IDS[NodeType.AGENCY])


def _graph() -> PolicyGraph:
    nodes = [
        make_node(
            NODE_IDS[t],
            t,
            f"Nhãn {t.value}",
            **{p.key: _sample(p) for p in v.NODE_PROPERTIES[t].values()},
        )
        for t in NodeType
    ]
    ev = Provenance(source="12.txt", span=Span(start=0, end=9), section=("I", "1"), quote="Chủ trì")
    doc, task, target = (NODE_IDS[t] for t in (NodeType.DOCUMENT, NodeType.TASK, NodeType.TARGET))
    edges = [
        make_edge(task, EdgeType.PART_OF, doc, ev),
        make_edge(target, EdgeType.PART_OF, doc, ev),
        make_edge(target, EdgeType.MEASURES, NODE_IDS[NodeType.INDICATOR], ev),
        make_edge(*EDGE_OF_PROPS, ev, **{p.key: _sample(p) for p in EDGE_PROPS}),
    ]
    return PolicyGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.key)),
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("vocabulary") / "kg"
    write_graph(folder, _graph(), [])
    return folder


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _values(prop: v.Property) -> list[Any]:
    sample = _sample(prop)
    return sorted(sample) if prop.many else [sample]


def test_the_graph_with_every_property_is_valid(store: Path) -> None:
    assert "conforms" in _run("validate", "--store", str(store))


@pytest.mark.parametrize(("node_type", "prop"), NODE_PROPS, ids=lambda x: getattr(x, "key", x))
def test_export_and_sparql_give_each_property_back(
    store: Path, node_type: NodeType, prop: v.Property
) -> None:
    query = (
        f"SELECT ?v WHERE {{ ?s <{PKG_NS}id> {json.dumps(NODE_IDS[node_type])} ; "
        f"<{PKG[prop.term]}> ?v }} ORDER BY ?v"
    )
    rows = json.loads(_run("sparql", query, "--format", "json", "--store", str(store)))
    assert [r["v"] for r in rows] == _values(prop)
    exported = json.loads(_run("export", "--format", "jsonld", "--store", str(store)))
    nodes = {n.get("id", n.get("pkg:id")): n for n in exported["@graph"]}
    node = next(n for n in exported["@graph"] if n.get("pkg:id") == NODE_IDS[node_type])
    assert prop.term in node or prop.key == "date", sorted(nodes)


@pytest.mark.parametrize("prop", EDGE_PROPS, ids=lambda p: p.key)
def test_edge_properties_come_back_from_sparql_and_cypher(store: Path, prop: v.Property) -> None:
    query = f"SELECT ?v WHERE {{ ?st <{RDF.predicate}> <{PKG.ledBy}> ; <{PKG[prop.term]}> ?v }}"
    rows = json.loads(_run("sparql", query, "--format", "json", "--store", str(store)))
    assert [r["v"] for r in rows] == _values(prop)
    cypher = f"MATCH ()-[r:LED_BY]->() RETURN r.{prop.column} AS v"
    rows = json.loads(_run("cypher", cypher, "--format", "json", "--store", str(store)))
    assert [r["v"] for r in rows] == _values(prop)


@pytest.mark.parametrize(("node_type", "prop"), NODE_PROPS, ids=lambda x: getattr(x, "key", x))
def test_cypher_gives_each_property_back(
    store: Path, node_type: NodeType, prop: v.Property
) -> None:
    cypher = f"MATCH (n:{node_type.value}) RETURN n.{prop.column} AS v"
    rows = json.loads(_run("cypher", cypher, "--format", "json", "--store", str(store)))
    got = rows[0]["v"]
    assert (sorted(got) if prop.many else [got]) == _values(prop)


def test_a_bolt_push_gives_each_property_back(clean_bolt: Any) -> None:
    from policykg.graph import neo4j_push

    graph = _graph()
    neo4j_push.push(graph, clean_bolt)
    with clean_bolt.session() as session:
        for node_type, prop in NODE_PROPS:
            record = session.run(
                f"MATCH (n:{node_type.value} {{id: $id}}) RETURN n.{prop.column} AS v",
                id=NODE_IDS[node_type],
            ).single()
            assert record is not None, node_type
            got = record["v"]
            assert (sorted(got) if prop.many else [got]) == _values(prop), prop.key

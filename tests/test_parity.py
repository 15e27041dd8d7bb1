"""The two graph forms hold the same facts, and SPARQL answers as the Python queries do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policykg.errors import InputError
from policykg.graph.build import build
from policykg.graph.model import PolicyGraph
from policykg.graph.nxgraph import to_networkx
from policykg.graph.rdfgraph import DEFAULT_BASE, from_rdf, node_iri, to_rdf
from policykg.graph.store import load_graph, ntriples
from policykg.queries import sparql as sq
from policykg.queries.cascade import cascade
from policykg.queries.coverage import coverage
from policykg.queries.ids import find_document, find_node
from policykg.queries.lineage import lineage
from policykg.queries.targets import targets
from policykg.queries.who import find_agencies, who

from .conftest import CORPUS


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[PolicyGraph, Any, Path]:
    store = tmp_path_factory.mktemp("parity") / "store"
    build([CORPUS], store)
    graph = load_graph(store)
    return graph, to_networkx(graph), store


@pytest.fixture(scope="module", params=sq.ENGINES)
def engine(request: pytest.FixtureRequest, built: tuple[PolicyGraph, Any, Path]) -> Any:
    _graph, _, store = built
    nt = ntriples(store)
    if request.param == "oxigraph":
        ox_store = sq.oxigraph_store(nt)
        return lambda q, b: sq.run_oxigraph(ox_store, q, b)
    import rdflib

    g = rdflib.Graph().parse(nt, format="nt")
    return lambda q, b: sq.run_rdflib(g, q, b)


def test_networkx_and_rdf_hold_the_same_nodes_and_edges(
    built: tuple[PolicyGraph, Any, Path],
) -> None:
    graph, g, _ = built
    nx_nodes = {(n, d["type"]) for n, d in g.nodes(data=True)}
    nx_edges = {(s, k, t) for s, t, k in g.edges(keys=True)}
    rdf_nodes, rdf_edges = from_rdf(to_rdf(graph))
    assert rdf_nodes == nx_nodes
    assert rdf_edges == nx_edges
    assert len(nx_edges) == len(graph.edges)


def _iri(node_id: str) -> sq.Binding:
    return sq.Binding(str(node_iri(node_id, base=DEFAULT_BASE)), iri=True)


TASK_8_1 = "004_1b73a6d31f29fe0d.txt#8.1"


# Each has a lineage: a directive nothing further up is known of would compare two empty sets.
@pytest.mark.parametrize(
    "ident", [TASK_8_1, "004_1b73a6d31f29fe0d.txt", "02-NQ/TU", "376-KH/TU (Thái Bình)"]
)
def test_lineage_parity(built: tuple[PolicyGraph, Any, Path], engine: Any, ident: str) -> None:
    graph, g, _ = built
    start = find_node(graph, ident)
    python = lineage(g, start).edge_set
    assert python
    res = engine(sq.query_file("lineage"), {"start": _iri(start)})
    assert {(r["source"], r["edge"], r["target"]) for r in res.rows} == python


@pytest.mark.parametrize("ident", ["52-NQ/TW", "57-NQ/TW", "02-NQ/TU"])
def test_cascade_parity(built: tuple[PolicyGraph, Any, Path], engine: Any, ident: str) -> None:
    graph, g, _ = built
    start = find_document(graph, ident)
    python = {e.node for e in cascade(g, start).entries}
    assert python  # each of these has implementers
    res = engine(sq.query_file("cascade"), {"start": _iri(start)})
    assert {r["node"] for r in res.rows} == python


def test_who_parity(built: tuple[PolicyGraph, Any, Path], engine: Any) -> None:
    graph, g, _ = built
    (agency,) = find_agencies(graph, "Sở Khoa học và Công nghệ", province="Thái Bình")
    python = {(d.task, d.role) for d in who(g, graph, (agency,)).duties}
    assert len(python) >= 20
    res = engine(sq.query_file("who"), {"agency": _iri(agency)})
    assert {(r["task"], r["role"]) for r in res.rows} == python


@pytest.mark.parametrize("text", ["kinh tế số", "Internet", "GRDP"])
def test_targets_parity(built: tuple[PolicyGraph, Any, Path], engine: Any, text: str) -> None:
    graph, _, _ = built
    python = {r.target for r in targets(graph, text)}
    assert python
    res = engine(sq.query_file("targets"), {"text": sq.Binding(text)})
    assert {r["target"] for r in res.rows} == python


def test_coverage_parity(built: tuple[PolicyGraph, Any, Path], engine: Any) -> None:
    graph, g, _ = built
    start = find_document(graph, "52-NQ/TW")
    python = {(p, d) for p, docs in coverage(g, graph, start).covered for d in docs}
    assert len(python) >= 3
    res = engine(sq.query_file("coverage"), {"start": _iri(start)})
    assert {(r["jurisdiction"], r["document"]) for r in res.rows} == python


def test_a_value_is_bound_never_spliced(built: tuple[PolicyGraph, Any, Path], engine: Any) -> None:
    # A quote in the searched text is data, not query syntax.
    res = engine(sq.query_file("targets"), {"text": sq.Binding('số") || true || ("')})
    assert res.rows == ()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?n WHERE { ?d pkg:id ?n . FILTER(?d = ?start) }",
        "SELECT ?n { ?d pkg:id ?n . FILTER(?d = ?start) }",
        "# a comment with WHERE { in it\nSELECT ?n WHERE { ?d pkg:id ?n . FILTER(?d = ?start) }",
    ],
    ids=["where", "no-where", "comment"],
)
def test_oxigraph_binding_reaches_filters(built: tuple[PolicyGraph, Any, Path], query: str) -> None:
    _, _, store = built
    ox = sq.oxigraph_store(ntriples(store))
    prefix = "PREFIX pkg: <https://policykg.org/ontology#>\n"
    res = sq.run_oxigraph(ox, prefix + query, {"start": _iri("doc/tw/52-NQ-TW")})
    assert [r["n"] for r in res.rows] == ["doc/tw/52-NQ-TW"]


def test_a_bad_iri_binding_is_an_input_error(built: tuple[PolicyGraph, Any, Path]) -> None:
    _, _, store = built
    ox = sq.oxigraph_store(ntriples(store))
    with pytest.raises(InputError, match="SPARQL binding"):
        sq.run_oxigraph(ox, sq.query_file("cascade"), {"start": sq.Binding("x> } .", iri=True)})


# --- as of a day (issue 16): who_as_of and coverage_as_of, Python = SPARQL = Cypher -------

TIME = Path(__file__).resolve().parent / "data" / "time" / "corpus"
DAYS = ["2026-12-07", "2025-04-01", "2025-01-01", "2024-12-31"]


@pytest.fixture(scope="module")
def timed(tmp_path_factory: pytest.TempPathFactory) -> tuple[PolicyGraph, Any, Path]:
    """The bundled corpus with the plans of Thái Bình 2022 and Hưng Yên 2026."""
    store = tmp_path_factory.mktemp("parity-time") / "store"
    build([CORPUS, TIME], store)
    graph = load_graph(store)
    return graph, to_networkx(graph), store


def _as_of_query(name: str) -> str:
    from importlib import resources

    return resources.files("policykg.queries").joinpath(name).read_text("utf-8")


@pytest.fixture(scope="module")
def timed_engines(
    timed: tuple[PolicyGraph, Any, Path], tmp_path_factory: pytest.TempPathFactory
) -> Any:
    """Each engine as ``(rq or cypher, its text, bindings) -> rows``."""
    import rdflib

    from policykg.graph import embedded
    from policykg.queries import cypher as cq

    graph, _, store = timed
    nt = ntriples(store)
    ox, rg = sq.oxigraph_store(nt), rdflib.Graph().parse(nt, format="nt")
    path = tmp_path_factory.mktemp("parity-time-db") / "g.lbdb"
    embedded.create(graph, path)
    db = embedded.connect_file(path)
    yield {
        "oxigraph": lambda q, b: sq.run_oxigraph(ox, q, b).rows,
        "rdflib": lambda q, b: sq.run_rdflib(rg, q, b).rows,
        "cypher": lambda q, p: cq.run_embedded(db.connection, q, p).rows,
    }
    db.close()


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize(
    "agency",
    [
        "agency/hung-yen/so-khoa-hoc-va-cong-nghe",
        "agency/thai-binh/so-khoa-hoc-va-cong-nghe",
        "agency/thai-binh/so-thong-tin-va-truyen-thong",
        "agency/hue/uy-ban-nhan-dan-tinh",
    ],
)
def test_who_as_of_parity(
    timed: tuple[PolicyGraph, Any, Path], timed_engines: Any, agency: str, day: str
) -> None:
    from datetime import date

    graph, g, _ = timed
    duties = who(g, graph, (agency,), as_of=date.fromisoformat(day)).duties
    python = {(d.task, d.role) for d in duties}
    rq = _as_of_query("who_as_of.rq")
    bind = {"agency": _iri(agency), "asOf": sq.Binding(day)}
    for name in ("oxigraph", "rdflib"):
        rows = timed_engines[name](rq, bind)
        assert {(r["task"], r["role"]) for r in rows} == python, name
    cypher = _as_of_query("who_as_of.cypher")
    rows = timed_engines["cypher"](cypher, {"agency": agency, "as_of": day})
    assert {(r["task"], r["role"]) for r in rows} == python


def test_who_as_of_parity_is_not_empty(timed: tuple[PolicyGraph, Any, Path]) -> None:
    from datetime import date

    graph, g, _ = timed
    today = who(g, graph, ("agency/hung-yen/so-khoa-hoc-va-cong-nghe",), as_of=date(2026, 12, 7))
    before = who(g, graph, ("agency/hung-yen/so-khoa-hoc-va-cong-nghe",), as_of=date(2024, 12, 31))
    assert len(before.duties) == 2 < len(today.duties)


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("directive", ["doc/tw/57-NQ-TW", "doc/tw/52-NQ-TW"])
def test_coverage_as_of_parity(
    timed: tuple[PolicyGraph, Any, Path], timed_engines: Any, directive: str, day: str
) -> None:
    from datetime import date

    graph, g, _ = timed
    result = coverage(g, graph, directive, as_of=date.fromisoformat(day))
    printed = {d: str(graph.node(d).get("jurisdiction")) for _, ds in result.covered for d in ds}
    python = {(p, d, printed[d]) for p, docs in result.covered for d in docs}
    assert python
    rq = _as_of_query("coverage_as_of.rq")
    bind = {"start": _iri(directive), "asOf": sq.Binding(day)}
    for name in ("oxigraph", "rdflib"):
        rows = timed_engines[name](rq, bind)
        assert {(r["province"], r["document"], r["jurisdiction"]) for r in rows} == python, name
    cypher = _as_of_query("coverage_as_of.cypher")
    rows = timed_engines["cypher"](cypher, {"id": directive, "as_of": day})
    assert {(r["province"], r["document"], r["jurisdiction"]) for r in rows} == python

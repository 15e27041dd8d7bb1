"""One name for a thing in every interface: the issue's "done when".

A task, a document and an agency of the bundled corpus are each asked of the five
interfaces (the CLI's table and JSON, the Python API, Cypher on the embedded engine,
SPARQL on Oxigraph, and the HTML view: its heading and the node's tooltip) by their key,
and each interface must answer about that node and name it by that same key. SPARQL
results carry ids and IRIs, not keys: there the key is what names the node in
``--bind``, and the answer must be about the node's IRI.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph.build import build
from policykg.graph.ids import readable_key
from policykg.graph.model import NodeType, PolicyGraph
from policykg.graph.nxgraph import to_networkx
from policykg.graph.rdfgraph import node_iri
from policykg.graph.store import load_graph
from policykg.queries.ids import find_node
from policykg.queries.lineage import lineage
from policykg.queries.who import find_agencies, who

from .conftest import CORPUS

TASK = "doc/thai-binh/file/004_1b73a6d31f29fe0d/task/8.1"
DOCUMENT = "doc/thai-binh/02-NQ-TU"
AGENCY = "agency/thai-binh/so-khoa-hoc-va-cong-nghe"

THINGS = [
    pytest.param(TASK, "004_1b73a6d31f29fe0d.txt#8.1", id="task"),
    pytest.param(DOCUMENT, "02-NQ/TU (003_07a70d37f77f3d0b.txt)", id="document"),
    pytest.param(AGENCY, "Sở Khoa học và Công nghệ (Thái Bình)", id="agency"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names") / ".policykg"
    build([CORPUS], path)
    return path


@pytest.fixture(scope="module")
def graph(store: Path) -> PolicyGraph:
    return load_graph(store)


def invoke(store: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(store: Path, *args: str) -> Any:
    return json.loads(invoke(store, *args, "--format", "json"))


def cli_table(store: Path, key: str, agency: bool) -> str:
    if agency:
        head = re.fullmatch(r"(.*): \d+ task\(s\)", invoke(store, "who", key).splitlines()[0])
    else:
        first = invoke(store, "lineage", key).splitlines()[0]
        head = re.fullmatch(r"lineage of (.*): \d+ path\(s\)", first)
    assert head is not None
    return head[1]


def cli_json(store: Path, key: str, agency: bool) -> str:
    if agency:
        (found,) = as_json(store, "who", key)["agencies"]
        return str(found["key"])
    return str(as_json(store, "lineage", key)["start"]["key"])


def python_api(graph: PolicyGraph, node: str, key: str, agency: bool) -> str:
    g = to_networkx(graph)
    if agency:
        found = find_agencies(graph, key)
        assert found == (node,)
        return who(g, graph, found).keys[node]
    assert find_node(graph, key) == node
    return lineage(g, node).keys[node]


def cypher(store: Path, key: str, agency: bool) -> str:
    if agency:
        rows = as_json(store, "cypher", "who", "--param", f"agency={key}")
        assert rows
        (name,) = {r["agency_key"] for r in rows}
        return str(name)
    rows = as_json(store, "cypher", "lineage", "--param", f"id={key}")
    assert rows
    (name,) = {r["p"]["nodes"][0]["key"] for r in rows}
    return str(name)


def sparql(store: Path, key: str, agency: bool) -> tuple[str, str]:
    """The IRI the key was bound to, and the key SPARQL answers with for that node."""
    name = "agency" if agency else "start"
    rows = as_json(store, "sparql", "who" if agency else "lineage", "--bind", f"{name}={key}")
    assert rows
    (iri,) = {r[name] for r in rows}
    if agency:
        (answered,) = {r["agency_key"] for r in rows}
    else:  # the start is the source of its first step
        (answered,) = {r["source_key"] for r in rows if r["source"] == node_id(iri)}
    return str(iri), str(answered)


def node_id(iri: str) -> str:
    return iri.removeprefix("https://policykg.org/id/")


def view(store: Path, node: str, key: str, agency: bool, tmp_path: Path) -> tuple[str, str]:
    """The page's heading, and the node's tooltip's first line: ``Document KEY · local``."""
    page = tmp_path / "view.html"
    invoke(store, "view", "agency" if agency else "lineage", key, "-o", str(page))
    text = page.read_text("utf-8")
    heading = re.search(r"<h1>(?:Tasks of|Lineage of) (.*?)</h1>", text)
    drawn = re.search(rf'"id":\s*"{re.escape(node)}".*?"title":\s*("(?:[^"\\]|\\.)*")', text)
    assert heading is not None and drawn is not None
    _type, _, tooltip = json.loads(drawn[1]).splitlines()[0].partition(" ")
    return html.unescape(heading[1]), tooltip.partition(" · ")[0]


@pytest.mark.parametrize(("node", "key"), THINGS)
def test_each_interface_names_it_by_the_same_key(
    store: Path, graph: PolicyGraph, tmp_path: Path, node: str, key: str
) -> None:
    assert readable_key(graph, node) == key
    agency = graph.node(node).type is NodeType.AGENCY
    names = {
        "CLI table": cli_table(store, key, agency),
        "CLI JSON": cli_json(store, key, agency),
        "Python API": python_api(graph, node, key, agency),
        "Cypher": cypher(store, key, agency),
    }
    names["view heading"], names["view tooltip"] = view(store, node, key, agency, tmp_path)
    iri, names["SPARQL"] = sparql(store, key, agency)
    assert names == dict.fromkeys(names, key)
    assert iri == str(node_iri(node))

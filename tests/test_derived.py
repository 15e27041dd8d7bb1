"""The SPARQL and Cypher databases derived from a store: made from the graph read a node or
an edge at a time, sized from the graph, made once, and never left half-made."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import InputError
from policykg.graph import derived
from policykg.graph import embedded as lb
from policykg.graph import store as st
from policykg.graph.build import build
from policykg.graph.ids import readable_key
from policykg.graph.model import Node, NodeType, PolicyGraph

from .conftest import CORPUS, generated_store
from .graphs import PLAN, sample_graph

MB = 1024**2


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("derived") / ".policykg"
    build([CORPUS], path)
    return path


def _copy(store: Path, to: Path) -> Path:
    to.mkdir()
    (to / st.GRAPH_FILE).write_bytes((store / st.GRAPH_FILE).read_bytes())
    return to


# --- the graph, streamed ---------------------------------------------------------------


def test_the_streamed_graph_is_the_loaded_graph(store: Path) -> None:
    graph = st.load_graph(store)
    with st.open_graph(store) as g:
        nodes = list(derived.keyed(g.stream_nodes()))
        edges = list(g.stream_edges())
    assert [n for n, _ in nodes] == list(graph.nodes)
    assert edges == list(graph.edges)
    assert [k for _, k in nodes] == [readable_key(graph, n.id) for n in graph.nodes]


def test_a_task_before_its_document_still_names_its_file() -> None:
    graph = sample_graph()
    task = next(n for n in graph.nodes if n.type is NodeType.TASK)
    reordered = [task, *(n for n in graph.nodes if n != task)]
    keys = dict((n.id, k) for n, k in derived.keyed(reordered))
    assert keys[task.id] == readable_key(graph, task.id)
    assert keys[task.id].startswith(f"{PLAN.rsplit('/', 1)[1]}.txt#")


def test_the_streamed_ntriples_are_those_of_the_graph(store: Path) -> None:
    from policykg.graph.rdfgraph import DEFAULT_BASE, write_ntriples

    class Out:
        def __init__(self) -> None:
            self.parts: list[bytes] = []

        def write(self, b: bytes) -> None:
            self.parts.append(b)

    out = Out()
    write_ntriples(st.load_graph(store), out)  # type: ignore[arg-type]
    streamed = b"".join(derived.ntriples_chunks(store, base=DEFAULT_BASE))
    assert sorted(streamed.splitlines()) == sorted(b"".join(out.parts).splitlines())


def test_no_graph_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no graph here"):
        list(derived.ntriples_chunks(tmp_path, base="https://example.org/"))


# --- the buffer pool -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "available", "pool"),
    [
        (1 * MB, 16 * 1024 * MB, lb.POOL_FLOOR),  # a small graph: the floor
        (600 * MB, 16 * 1024 * MB, lb.POOL_FACTOR * 600 * MB),  # from the graph
        (600 * MB, 1024 * MB, 768 * MB),  # three quarters of what is free
        (10 * 1024 * MB, 64 * 1024 * MB, lb.POOL_CEILING),  # the ceiling
        (600 * MB, 100 * MB, lb.POOL_FLOOR),  # never under the floor
    ],
    ids=["floor", "graph", "memory", "ceiling", "floor-over-memory"],
)
def test_the_pool_is_sized_from_the_graph_and_the_memory(
    data: int, available: int, pool: int
) -> None:
    assert lb.pool_size(data, available=available) == pool


def test_the_pool_grows_with_the_tables(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    real = lb.pool_size

    def spy(data: int, *, available: int | None = None) -> int:
        sizes.append(data)
        return real(data, available=available)

    monkeypatch.setattr(lb, "pool_size", spy)
    folder = st.embedded(_copy(store, store.parent / "pool"))
    # The CSV bytes loaded, then the database file opened.
    lb.connect(folder).close()
    assert sizes[0] > 100_000 and sizes[1] == (folder / lb.DATABASE_FILE).stat().st_size


def test_available_memory_reads_meminfo() -> None:
    found = lb.available_memory()
    if sys.platform.startswith("linux"):
        assert found is not None and found > 0
    else:
        assert found is None


# --- made once, never half-made --------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("failure", ["buffer pool", "interrupt", "memory"])
def test_a_failed_load_leaves_nothing_behind(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    s = _copy(store, tmp_path / "s")
    if failure == "buffer pool":  # ladybug's own error, as on 10,000 documents at 512 MB
        monkeypatch.setattr(lb, "pool_size", lambda data, **_: 4 * MB)
        expected: type[BaseException] = InputError
    else:
        expected = KeyboardInterrupt if failure == "interrupt" else MemoryError
        real = lb.Tables.copies

        def copies(self: lb.Tables, sch: Any) -> Iterator[str]:
            it = real(self, sch)
            yield next(it)
            raise expected()

        monkeypatch.setattr(lb.Tables, "copies", copies)
    with pytest.raises(expected) as err:
        st.embedded(s)
    if failure == "buffer pool":
        assert "buffer pool is full" in str(err.value) and "\n" not in str(err.value)
    assert _leftovers(s) == [] and not list(s.glob("ladybug-*"))
    monkeypatch.undo()
    assert (st.embedded(s) / lb.DATABASE_FILE).is_file()


def test_a_later_call_removes_what_a_dead_load_left(store: Path, tmp_path: Path) -> None:
    s = _copy(store, tmp_path / "s")
    dead = 2**22 + 12345  # above pid_max: no such process
    for prefix in ("ladybug", "oxigraph"):
        left = s / f".{prefix}-0123456789abcdef.{dead}.x1y2.tmp"
        (left / "csv").mkdir(parents=True)
        (left / "csv" / "Task.csv").write_text("id\n")
    mine = s / f".ladybug-0123456789abcdef.{os.getpid()}.z9.tmp"  # a load still running
    mine.mkdir()
    st.embedded(s)
    st.oxigraph(s)
    assert _leftovers(s) == [mine.name]


def test_the_sealed_database_is_reused(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = _copy(store, tmp_path / "s")
    first = st.embedded(s)
    made = (first / lb.DATABASE_FILE).stat().st_mtime_ns

    def never(*_: Any, **__: Any) -> None:
        raise AssertionError("loaded again")

    monkeypatch.setattr(lb, "load", never)
    start = time.perf_counter()
    assert st.embedded(s) == first
    assert time.perf_counter() - start < 1
    assert (first / lb.DATABASE_FILE).stat().st_mtime_ns == made


def test_undeclared_properties_get_their_own_columns(tmp_path: Path) -> None:
    """A graph written by another version may hold properties this one does not declare."""
    graph = sample_graph()
    odd = Node(
        id=f"{PLAN}/task/99",
        type=NodeType.TASK,
        label="99",
        props=(("document", PLAN), ("old_list", ("a", "")), ("old_score", 3), ("task_id", "99")),
    )
    g = PolicyGraph(nodes=(*graph.nodes, odd), edges=graph.edges)
    db = lb.connect(lb.build_folder(g, tmp_path / "db"))
    try:
        q = "MATCH (t:Task) WHERE t.id = $id RETURN t.old_list AS l, t.old_score AS s, t.key AS k"
        rows = db.connection.execute(q, {"id": odd.id}).get_all()
        count = db.connection.execute("MATCH (t:Task) RETURN count(t)").get_all()
    finally:
        db.close()
    assert rows == [[["a", ""], 3, readable_key(g, odd.id)]]
    assert count == [[sum(n.type is NodeType.TASK for n in g.nodes)]]


# --- a generated store: every canned query answers ------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = generated_store(tmp_path_factory.mktemp("generated"), 300)
    derived.prepare(store)
    return store


def _run(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def _inputs(store: Path) -> dict[str, str]:
    """A value for each canned query that has answers, found through Cypher itself."""
    pick = {
        "lineage": "MATCH (t:Task)-[:IMPLEMENTS]->(:Document) RETURN t.id AS v ORDER BY v",
        "cascade": "MATCH (d:Document {number: '57-NQ/TW'}) RETURN d.id AS v",
        "coverage": "MATCH (d:Document {number: '57-NQ/TW'}) RETURN d.id AS v",
        "who": "MATCH (:Task)-[:LED_BY]->(a:Agency) RETURN a.id AS v ORDER BY v",
        "targets": "MATCH (:Target)-[:MEASURES]->(i:Indicator) RETURN i.name AS v ORDER BY v",
    }
    out = {}
    for name, q in pick.items():
        rows = _run("cypher", q, "--store", str(store))
        assert rows, name
        out[name] = rows[0]["v"]
    return out


def _databases(store: Path) -> list[str]:
    return sorted(p.name for p in store.iterdir() if p.name.startswith(("ladybug-", "oxigraph-")))


def test_every_canned_query_answers_on_a_generated_store(generated: Path) -> None:
    from policykg.queries import cypher as cq
    from policykg.queries import sparql as sq

    made = _databases(generated)
    inputs = _inputs(generated)
    for name, value in inputs.items():
        c = _run("cypher", name, "--param", f"{cq.PARAMS[name]}={value}", "--store", str(generated))
        s = _run("sparql", name, "--bind", f"{sq.PARAMS[name]}={value}", "--store", str(generated))
        assert c and s, name
    # prepare made both; the queries made nothing more.
    assert _databases(generated) == made
    assert len(made) == 4  # each database and its seal


def test_a_key_is_found_in_the_database_without_the_graph(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: Any, **__: Any) -> None:
        raise AssertionError("the whole graph was loaded")

    monkeypatch.setattr(st, "load_graph", never)
    task = "004_1b73a6d31f29fe0d.txt#8.1"
    cypher = _run("cypher", "lineage", "--param", f"id={task}", "--store", str(store))
    sparql = _run("sparql", "lineage", "--bind", f"start={task}", "--store", str(store))
    assert cypher and sparql
    # A name that is not a key is still read as the other commands read it.
    monkeypatch.undo()
    assert _run("cypher", "lineage", "--param", "id=02-NQ/TU", "--store", str(store))


def test_a_failed_sparql_load_leaves_nothing_behind(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = _copy(store, tmp_path / "s")

    def broken(*_: Any, **__: Any) -> Iterator[bytes]:
        yield b"<https://x/a> <https://x/p> <https://x/b> .\n"
        raise KeyboardInterrupt

    monkeypatch.setattr(derived, "ntriples_chunks", broken)
    with pytest.raises((KeyboardInterrupt, InputError)):
        st.oxigraph(s)
    assert _leftovers(s) == [] and not list(s.glob("oxigraph-*"))
    monkeypatch.undo()
    assert st.oxigraph(s).is_dir()


def test_a_query_database_is_named_by_the_graph_its_build_recorded(
    store: Path, tmp_path: Path
) -> None:
    """The name comes from the digest the build wrote into ``graph.db`` (its inputs and
    code), read without hashing the file; another graph (changed in place by a build)
    gets another database."""
    s = _copy(store, tmp_path / "s")
    first = st.embedded(s)
    assert st.embedded(s) == first
    with sqlite3.connect(s / st.GRAPH_FILE) as con:
        con.execute("UPDATE meta SET value = 'another build' WHERE key = 'digest'")
    con.close()
    assert st.embedded(s) != first

"""Shared fixtures: the bundled corpus and its golden answers live in the project."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.structure import layout

# Bolt server fixtures for the Neo4j loader tests: tests/bolt.py.
from .bolt import bolt_driver, bolt_uri, clean_bolt  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
GOLD = Path(__file__).resolve().parent / "data" / "gold"
LETTERHEADS = Path(__file__).resolve().parent / "data" / "letterheads"


def context(text: str, source: str = "test.txt", jurisdiction: str | None = None) -> DocContext:
    """A parsing context for a snippet of text."""
    c = clean(text, source)
    return DocContext(c, layout(c), jurisdiction=jurisdiction)


@contextlib.contextmanager
def opened_stores(base: Path, corpora: dict[str, list[Path]]) -> Iterator[list[tuple[Any, Any]]]:
    """Each corpus built into ``base / name``: its whole graph and its graph file opened,
    closed on the way out."""
    from policykg.graph import store as st
    from policykg.graph.build import build

    out: list[tuple[Any, Any]] = []
    try:
        for name, folders in corpora.items():
            build(folders, base / name, jobs=1)
            out.append((st.load_graph(base / name), st.open_graph(base / name)))
        yield out
    finally:
        for _, reader in out:
            reader.close()


def generated_store(base: Path, documents: int) -> Path:
    """A store built from ``documents`` generated provincial documents (bench/generate.py)
    written under ``base``."""
    import sys

    from policykg.graph.build import build

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate.generate(base / "corpus", documents)
    build([base / "corpus"], base / "store")
    return base / "store"


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def _ontology_file(name: str) -> Any:
    from importlib.resources import files

    from rdflib import Graph

    g = Graph()
    g.parse(data=files("policykg.ontology").joinpath(name).read_text("utf-8"), format="turtle")
    return g


@pytest.fixture(scope="session")
def ontology() -> Any:
    """The published ontology, ontology/policy.ttl, as an rdflib graph."""
    return _ontology_file("policy.ttl")


@pytest.fixture(scope="session")
def shapes() -> Any:
    """The hand-written SHACL shapes, ontology/shapes.ttl, as an rdflib graph."""
    return _ontology_file("shapes.ttl")

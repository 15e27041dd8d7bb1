"""Shared fixtures: the bundled corpus and its golden answers live in the project."""

from __future__ import annotations

from pathlib import Path

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


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))

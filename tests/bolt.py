"""Pytest fixtures for tests that need a Bolt server; tests/conftest.py imports them.

The server is a FalkorDB started for the test session (tests/falkordb.py, installed on first
use), unless the environment says otherwise:

    POLICYKG_BOLT_URI=bolt://...   use that server; it must answer (the tests fail, never skip)
    POLICYKG_SKIP_BOLT=1           skip the Bolt tests, saying so
    POLICYKG_REQUIRE_BOLT=1        (CI) the Bolt tests may not be skipped
    POLICYKG_BOLT_USER, NEO4J_PASSWORD
                                   credentials for the server at POLICYKG_BOLT_URI
                                   (default: FalkorDB's "falkordb" and an empty password)

FalkorDB differs from Neo4j in many ways (docs/falkordb.md): its Cypher errors all arrive as
Neo.DatabaseError.General.UnknownError, and a query that returns a temporal value kills it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import neo4j
import pytest

from policykg.graph.neo4j_push import dialect

from . import falkordb

# The index kinds `CALL db.indexes()` reports, and the DROP statement each needs.
_FALKORDB_DROP = {
    "RANGE": "DROP INDEX",
    "FULLTEXT": "DROP FULLTEXT INDEX",
    "VECTOR": "DROP VECTOR INDEX",
}


def bolt_auth() -> tuple[str, str]:
    """Credentials: from the environment for a server given by URI, else FalkorDB's."""
    if not os.environ.get("POLICYKG_BOLT_URI"):
        return falkordb.AUTH
    user = os.environ.get("POLICYKG_BOLT_USER") or falkordb.AUTH[0]
    return user, os.environ.get("NEO4J_PASSWORD", falkordb.AUTH[1])


def is_falkordb(driver: neo4j.Driver) -> bool:
    """Whether the server is FalkorDB, as the push tells (its Bolt agent claims "Neo4j")."""
    return dialect(driver) != "neo4j"


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def clear(driver: neo4j.Driver) -> None:
    """Delete every node and relationship of the default graph, and every index (constraints
    too, on Neo4j)."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    if is_falkordb(driver):
        # One row per label or relationship type; one DROP per property and index kind.
        records = driver.execute_query(
            "CALL db.indexes() YIELD label, properties, types, entitytype "
            "RETURN label, properties, types, entitytype"
        ).records
        for label, properties, types, entitytype in records:
            for prop in properties:
                if entitytype == "RELATIONSHIP":
                    target = f"()-[e:{_quote(label)}]-() ON (e.{_quote(prop)})"
                else:
                    target = f"(e:{_quote(label)}) ON (e.{_quote(prop)})"
                for kind in types[prop]:
                    driver.execute_query(f"{_FALKORDB_DROP[kind]} FOR {target}")
    else:  # Neo4j 5: constraints first (they own their indexes); the lookup indexes stay
        for row in driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records:
            driver.execute_query(f"DROP CONSTRAINT {_quote(row['name'])}")
        shown = "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
        for row in driver.execute_query(shown).records:
            driver.execute_query(f"DROP INDEX {_quote(row['name'])}")


def _install_on_the_terminal(config: pytest.Config) -> None:
    """Install FalkorDB if it is not yet, its steps printed on the terminal although pytest
    captures output: a first install compiles redis for minutes."""
    capture = config.pluginmanager.getplugin("capturemanager")
    terminal = config.pluginmanager.getplugin("terminalreporter")
    if capture is None or terminal is None:
        falkordb.ensure_installed()
        return

    def echo(line: str) -> None:
        terminal.write_line(line)
        terminal.flush()

    with capture.global_and_fixture_disabled():
        falkordb.ensure_installed(echo=echo)


@pytest.fixture(scope="session")
def bolt_uri(request: pytest.FixtureRequest) -> Iterator[str]:
    """The Bolt URI of a server for the whole session (see the module's docstring)."""
    uri = os.environ.get("POLICYKG_BOLT_URI")
    if uri:
        error = falkordb.bolt_error(uri, bolt_auth(), timeout=10.0)
        if error is not None:
            pytest.fail(f"POLICYKG_BOLT_URI={uri} does not answer: {error}", pytrace=False)
        yield uri
        return
    required = os.environ.get("POLICYKG_REQUIRE_BOLT") == "1"
    if os.environ.get("POLICYKG_SKIP_BOLT") == "1":
        if required:
            pytest.fail("POLICYKG_SKIP_BOLT=1 contradicts POLICYKG_REQUIRE_BOLT=1", pytrace=False)
        pytest.skip("POLICYKG_SKIP_BOLT=1: Bolt server tests skipped")
    try:
        _install_on_the_terminal(request.config)
        server = falkordb.start()
    except Exception as exc:  # whatever went wrong, the message must reach the test report
        failure = f"could not start a FalkorDB Bolt server: {exc}"
    else:
        try:
            yield server.uri
        finally:
            server.stop()
        return
    if not required:
        failure += (
            "\nTo run without these tests, set POLICYKG_SKIP_BOLT=1; to use a running "
            "Bolt server, set POLICYKG_BOLT_URI."
        )
    pytest.fail(failure, pytrace=False)  # out of the `except`: no chained traceback


@pytest.fixture(scope="session")
def bolt_driver(bolt_uri: str) -> Iterator[neo4j.Driver]:
    """One driver (one connection pool) for the whole session."""
    driver = neo4j.GraphDatabase.driver(bolt_uri, auth=bolt_auth())
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture
def clean_bolt(bolt_driver: neo4j.Driver) -> neo4j.Driver:
    """The session's driver, on an empty graph with no indexes."""
    clear(bolt_driver)
    return bolt_driver

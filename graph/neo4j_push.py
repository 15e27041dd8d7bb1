"""Push the graph into Neo4j over Bolt: batched, parameterised, and safe to run again.

Every node is keyed by its ``id`` (unique per label) and every relationship by its two
ends and its type, so a push is a diff: it reads the ids and digests the database holds
for policykg's labels, deletes what the graph no longer has, and writes only what is new
or changed, in ``UNWIND $rows ... MERGE`` transactions of ``batch_size`` rows. Pushing
the same graph twice writes nothing; pushing a rebuilt graph rewrites the changed
documents and removes what their old version had. If the server goes away mid-load,
what it committed is consistent (each batch is one transaction), and the next push
resumes from there.

A push owns the seven labels of the model (:class:`NodeType`) in its database: nodes
with those labels that the graph lacks are deleted. Run one push at a time per database:
what the diff finds missing is created without a lookup. Labels and relationship types come
from closed enums, never from data; every value travels as a parameter.

FalkorDB speaks Bolt but does not bind parameters: it prints them into the query text
between single quotes and parses that, so a ``'`` ends the string early and ``\\n`` turns
into a newline (docs/falkordb.md). A push asks the server whether it does this
(:func:`splices_parameters`) and then escapes every string it sends
(:func:`escape_spliced`), so that such a server stores exactly the graph's text.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from policykg.errors import InputError
from policykg.graph.model import NodeType, PolicyGraph
from policykg.graph.property import KIND_LABELS, NODE_SCHEMA, NodeRow, RelRow, node_rows, rel_rows

__all__ = [
    "BATCH_SIZE",
    "INDEXED",
    "PushSummary",
    "connect",
    "dialect",
    "escape_spliced",
    "is_cypher_name",
    "push",
    "schema_statements",
    "splices_parameters",
]

BATCH_SIZE = 1000
# A server that is still starting refuses connections for a moment; a few quick retries
# tell that from a wrong address.
CONNECT_ATTEMPTS = 3
# Properties looked up by the canned queries and by people, besides ``id``.
INDEXED = (
    ("Document", "number"),
    ("Document", "jurisdiction"),
    ("Agency", "name"),
    ("Target", "indicator"),
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Progress = Callable[[int], None]  # called with the number of rows just written or deleted


def is_cypher_name(text: str) -> bool:
    """Whether ``text`` is a plain ASCII identifier, which Cypher takes unquoted."""
    return _IDENTIFIER.fullmatch(text) is not None


def _name(text: str) -> str:
    """A label, type or property name, checked before it is written into a statement."""
    if not is_cypher_name(text):
        raise ValueError(f"not a plain Cypher name: {text!r}")
    return text


# --- connecting --------------------------------------------------------------------------


BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def shown_uri(uri: str) -> str:
    """``uri`` as it may be printed: a password in it is replaced by ``***``."""
    try:
        parts = urlsplit(uri)
        password = parts.password
    except ValueError:
        return uri.split("@", 1)[-1] if "@" in uri else uri
    if not password:
        return uri
    netloc = parts.netloc.replace(f":{password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _check_uri(uri: str) -> None:
    shown = shown_uri(uri)
    try:
        parts = urlsplit(uri)
    except ValueError as exc:
        raise InputError(f"{shown}: not a Neo4j address ({exc}); try bolt://HOST:7687") from None
    if parts.scheme not in BOLT_SCHEMES:
        raise InputError(
            f"{shown}: policykg speaks Bolt, not {parts.scheme or 'this'}; "
            "try bolt://HOST:7687 or neo4j://HOST:7687"
        )
    if parts.username is not None or parts.password is not None:
        raise InputError(
            f"{shown}: no user or password in the address; give --user, and the password "
            "in NEO4J_PASSWORD or at the prompt"
        )


def connect(uri: str, user: str, password: str) -> Any:
    """A driver that has reached the server, or a one-line :class:`InputError` that never
    shows a password."""
    import neo4j
    from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

    _check_uri(uri)
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
    except (ConfigurationError, ValueError) as exc:
        raise InputError(f"{uri}: not a Neo4j address ({exc}); try bolt://HOST:7687") from None
    for attempt in range(CONNECT_ATTEMPTS):
        try:
            driver.verify_connectivity()
            return driver
        except AuthError:
            driver.close()
            refused = f"{uri}: the server refused user {user!r} with that password"
            raise InputError(refused) from None
        except Neo4jError as exc:  # FalkorDB answers a wrong password with a DatabaseError
            driver.close()
            raise InputError(f"{uri}: the server refused the connection ({_short(exc)})") from None
        except (ServiceUnavailable, OSError) as exc:
            if attempt + 1 == CONNECT_ATTEMPTS:
                driver.close()
                raise InputError(f"{uri}: cannot reach the server ({_short(exc)})") from None
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


# --- schema ------------------------------------------------------------------------------


def dialect(driver: Any, database: str | None = None) -> str:
    """``neo4j``, or ``index-only`` for a Bolt server without constraints (FalkorDB).

    The agent string does not tell: FalkorDB announces itself as ``Neo4j/5.13.0``.
    ``dbms.components()`` does: only Neo4j has it.
    """
    from neo4j.exceptions import Neo4jError

    try:
        with driver.session(database=database) as session:
            names = [r["name"] for r in session.run("CALL dbms.components() YIELD name")]
    except Neo4jError:  # FalkorDB: "unknown error"
        return "index-only"
    return "neo4j" if any("Neo4j" in str(n) for n in names) else "index-only"


def _indexed() -> list[tuple[str, str]]:
    """(label, property) of every index, ``id`` of each label first."""
    return [*((_name(t.value), "id") for t in NodeType), *INDEXED]


def schema_statements(kind: str = "neo4j") -> list[str]:
    """The constraints and indexes a push relies on, as ``kind`` of server takes them,
    one for each of :func:`_indexed`.

    Neo4j: a uniqueness constraint on ``id`` for each label (which also indexes it) and
    range indexes on the looked-up properties, all ``IF NOT EXISTS``. A server without
    constraints gets plain indexes; without them every ``MERGE`` scans its label.
    """
    out = []
    for label, prop in _indexed():
        name = f"{label.lower()}_{_name(prop)}"
        if kind != "neo4j":
            out.append(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        elif prop == "id":
            out.append(
                f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
            )
        else:
            out.append(f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
    return out


def _apply_schema(driver: Any, database: str | None, kind: str) -> None:
    from neo4j.exceptions import Neo4jError

    with driver.session(database=database) as session:
        existing: set[tuple[str, str]] = set()
        if kind != "neo4j":
            # A plain CREATE INDEX fails on an index that exists, so ask first.
            for r in session.run("CALL db.indexes()"):
                existing.update((r["label"], p) for p in r["properties"])
        for (label, prop), statement in zip(_indexed(), schema_statements(kind), strict=True):
            if kind != "neo4j" and (label, prop) in existing:
                continue
            try:
                session.run(statement).consume()
            except Neo4jError as exc:
                raise InputError(f"schema: {_short(exc)}") from None


# --- parameters on a server that splices them ---------------------------------------------

# A server that prints parameters into the query text reads this backslash-n back as a
# newline; one that binds them gives it back as sent.
_SPLICE_PROBE = "\\n"
# FalkorDB 4.18.3 hangs, or cuts the string short, when one string parameter is longer than
# about 65,525 UTF-8 bytes (measured); stay clear of that.
SPLICED_STRING_BYTES = 65_000


def splices_parameters(driver: Any, database: str | None = None) -> bool:
    """Whether the server pastes string parameters into the query text unescaped (FalkorDB).

    Asked, not guessed from the server's name: FalkorDB calls itself ``Neo4j/5.13.0``.
    """
    with driver.session(database=database) as session:
        record = session.run("RETURN $probe AS probe", probe=_SPLICE_PROBE).single()
    return record is not None and record["probe"] != _SPLICE_PROBE


def escape_spliced(value: Any) -> Any:
    """``value`` as a server that splices parameters must be sent it to store ``value``:
    ``\\`` and ``'`` escaped in every string, in lists and map values too.

    Raises:
        InputError: a string such a server cannot store whole: one holding a NUL character
            (the server cuts it there) or longer than :data:`SPLICED_STRING_BYTES`.
    """
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        if "\0" in value:
            raise InputError(f"FalkorDB cannot store a text holding a NUL: {value[:60]!r}")
        size = len(escaped.encode())
        if size > SPLICED_STRING_BYTES:
            limit = f"{size:,} bytes, at most {SPLICED_STRING_BYTES:,}"
            raise InputError(f"FalkorDB cannot store a text this long ({limit}): {value[:60]!r}")
        return escaped
    if isinstance(value, list):
        return [escape_spliced(v) for v in value]
    if isinstance(value, dict):
        return {k: escape_spliced(v) for k, v in value.items()}
    return value


# --- the diff ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PushSummary:
    nodes: int  # in the graph
    relationships: int
    nodes_written: int  # new or changed
    relationships_written: int
    nodes_deleted: int
    relationships_deleted: int
    batches: int
    seconds: float
    schema: str  # "neo4j" or "index-only"


@dataclass(frozen=True, slots=True)
class _Plan:
    nodes: list[NodeRow]  # new or changed
    rels: list[RelRow]
    new: set[str]  # ids of the nodes, and keys of the relationships, the database lacks
    stale_nodes: list[tuple[str, str]]  # (label, id)
    stale_rels: list[tuple[str, str, str, str, str]]  # (type, from label, source, to, target)

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.rels) + len(self.stale_nodes) + len(self.stale_rels)


def _stored(driver: Any, database: str | None) -> tuple[dict[str, str], dict[Any, str]]:
    """What the database holds now: node id -> digest, relationship key -> digest."""
    nodes: dict[str, str] = {}
    rels: dict[tuple[str, str, str, str, str], str] = {}
    with driver.session(database=database) as session:
        for label in NODE_SCHEMA:
            q = f"MATCH (n:{_name(label)}) RETURN n.id AS id, n.digest AS digest"
            for r in session.run(q):
                nodes[f"{label}\0{r['id']}"] = r["digest"] or ""
        for label in NODE_SCHEMA:
            # Grouped by source label so that each end is found through its label's index.
            q = (
                f"MATCH (a:{_name(label)})-[r]->(b) "
                "RETURN a.id AS source, type(r) AS type, labels(b) AS to, b.id AS target, "
                "r.digest AS digest"
            )
            for r in session.run(q):
                to = next((x for x in r["to"] if x in NODE_SCHEMA), None)
                if to is not None:
                    key = (r["type"], label, r["source"], to, r["target"])
                    rels[key] = r["digest"] or ""
    return nodes, rels


def _plan(nodes: list[NodeRow], rels: list[RelRow], stored: tuple[dict[str, str], Any]) -> _Plan:
    have_nodes, have_rels = stored
    want_nodes = {f"{n.label}\0{n.id}": n for n in nodes}
    want_rels = {(r.type, r.source_label, r.source, r.target_label, r.target): r for r in rels}
    new = {n.id for k, n in want_nodes.items() if k not in have_nodes}
    new.update("\0".join(r.key) for k, r in want_rels.items() if k not in have_rels)
    return _Plan(
        nodes=[n for k, n in want_nodes.items() if have_nodes.get(k) != n.props["digest"]],
        rels=[r for k, r in want_rels.items() if have_rels.get(k) != r.props["digest"]],
        new=new,
        stale_nodes=sorted(
            (k.split("\0")[0], k.split("\0")[1]) for k in have_nodes if k not in want_nodes
        ),
        stale_rels=sorted(k for k in have_rels if k not in want_rels),
    )


# --- the statements ----------------------------------------------------------------------


def node_clauses(
    label: str, kind_label: str | None, *, props: str = "row.props", new: bool = False
) -> list[str]:
    """The clauses after ``UNWIND ... AS row`` that write nodes of one label (and kind):
    replace their properties (``props``, the row's map of them) and fix their kind.

    ``new``: the database has none of these nodes (the diff says so), so they are
    created without the lookup a ``MERGE`` makes (1.7x faster on FalkorDB).
    """
    if new:
        labels = ":".join(_name(x) for x in (label, kind_label) if x)
        return [f"CREATE (n:{labels})", f"SET n = {props}"]
    clauses = [f"MERGE (n:{_name(label)} {{id: row.id}})", f"SET n = {props}"]
    if label == NodeType.DOCUMENT:
        # A document whose kind changed loses its old kind label.
        others = [_name(k) for k in sorted(set(KIND_LABELS.values())) if k != kind_label]
        clauses.append("REMOVE n:" + ":".join(others))
        if kind_label:
            clauses.append(f"SET n:{_name(kind_label)}")
    return clauses


def rel_clauses(
    rel_type: str, source_label: str, target_label: str, *, new: bool = False
) -> list[str]:
    """The clauses after ``UNWIND ... AS row`` that write relationships of one type
    between two labels; ``new`` as for nodes."""
    return [
        f"MATCH (a:{_name(source_label)} {{id: row.source}})",
        f"MATCH (b:{_name(target_label)} {{id: row.target}})",
        f"{'CREATE' if new else 'MERGE'} (a)-[r:{_name(rel_type)}]->(b)",
        "SET r = row.props",
    ]


def node_statement(label: str, kind_label: str | None, *, new: bool = False) -> str:
    return " ".join(["UNWIND $rows AS row", *node_clauses(label, kind_label, new=new)])


def rel_statement(rel_type: str, source_label: str, target_label: str, *, new: bool = False) -> str:
    return " ".join(
        ["UNWIND $rows AS row", *rel_clauses(rel_type, source_label, target_label, new=new)]
    )


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _statements(plan: _Plan, batch_size: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Stale relationships, stale nodes, then nodes, then relationships, in batches."""
    stale_rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for rel_type, a, source, b, target in plan.stale_rels:
        stale_rels[(rel_type, a, b)].append({"source": source, "target": target})
    for (rel_type, a, b), rows in sorted(stale_rels.items()):
        q = (
            f"UNWIND $rows AS row MATCH (a:{_name(a)} {{id: row.source}})"
            f"-[r:{_name(rel_type)}]->(b:{_name(b)} {{id: row.target}}) DELETE r"
        )
        yield from ((q, batch) for batch in _batches(rows, batch_size))
    stale_nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for label, node_id in plan.stale_nodes:
        stale_nodes[label].append({"id": node_id})
    for label, rows in sorted(stale_nodes.items()):
        q = f"UNWIND $rows AS row MATCH (n:{_name(label)} {{id: row.id}}) DETACH DELETE n"
        yield from ((q, batch) for batch in _batches(rows, batch_size))
    by_label: dict[tuple[str, str, bool], list[dict[str, Any]]] = defaultdict(list)
    for n in plan.nodes:
        group = (n.label, n.kind_label or "", n.id in plan.new)
        by_label[group].append({"id": n.id, "props": n.props})
    for (label, kind, new), rows in sorted(by_label.items()):
        q = node_statement(label, kind or None, new=new)
        yield from ((q, batch) for batch in _batches(rows, batch_size))
    by_type: dict[tuple[str, str, str, bool], list[dict[str, Any]]] = defaultdict(list)
    for r in plan.rels:
        rel_group = (r.type, r.source_label, r.target_label, "\0".join(r.key) in plan.new)
        by_type[rel_group].append({"source": r.source, "target": r.target, "props": r.props})
    for (rel_type, a, b, new), rows in sorted(by_type.items()):
        q = rel_statement(rel_type, a, b, new=new)
        yield from ((q, batch) for batch in _batches(rows, batch_size))


# --- the push ----------------------------------------------------------------------------


# One node outside the graph's labels records the store digest of the last push that
# finished, so that pushing an unchanged store is decided without reading the database.
PUSH_MARK = "PolicykgPush"


def pushed_digest(driver: Any, database: str | None = None) -> str | None:
    """The digest :func:`mark_pushed` recorded, if the last push finished."""
    with driver.session(database=database) as session:
        record = session.run(f"MATCH (m:{PUSH_MARK}) RETURN m.digest AS digest").single()
    digest = record["digest"] if record is not None else None
    return digest if isinstance(digest, str) else None


def forget_push(driver: Any, database: str | None = None) -> None:
    """Before writing: a push cut off half-way must not be taken for a finished one."""
    with driver.session(database=database) as session:
        session.run(f"MATCH (m:{PUSH_MARK}) DELETE m").consume()


def mark_pushed(driver: Any, digest: str, database: str | None = None) -> None:
    """Record that the push of the store with ``digest`` finished."""
    forget_push(driver, database)
    with driver.session(database=database) as session:
        session.run(f"CREATE (:{PUSH_MARK} {{digest: $digest}})", digest=digest).consume()


def push(
    graph: PolicyGraph,
    driver: Any,
    *,
    database: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> PushSummary:
    """Make the database hold ``graph``, writing only what differs.

    Args:
        progress: called as ``progress(done, total)`` after each batch.

    Raises:
        InputError: the server refused a statement, or went away (run the push again:
            it resumes from what was committed); or the server splices parameters and a
            text cannot pass that way (:func:`escape_spliced`), found before anything is
            written.
    """
    from neo4j.exceptions import ClientError, DatabaseError, ServiceUnavailable, SessionExpired

    if batch_size < 1:
        raise InputError(f"batch size must be at least 1, not {batch_size}")
    started = time.perf_counter()
    nodes, rels = list(node_rows(graph)), list(rel_rows(graph))
    done = batches = 0
    try:
        kind = dialect(driver, database)
        spliced = splices_parameters(driver, database)
        _apply_schema(driver, database, kind)
        plan = _plan(nodes, rels, _stored(driver, database))
        statements = list(_statements(plan, batch_size))
        # Escaped before the first write: a text the server cannot take stops the push
        # before it writes anything.
        if spliced:
            statements = [(q, escape_spliced(rows)) for q, rows in statements]
        if progress is not None:
            progress(0, plan.size)
        with driver.session(database=database) as session:
            for statement, rows in statements:
                session.execute_write(_run, statement, rows)
                done += len(rows)
                batches += 1
                if progress is not None:
                    progress(done, plan.size)
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise InputError(
            f"the server went away after {batches} batches ({_short(exc)}); "
            "what it committed is consistent: run the push again to finish"
        ) from None
    except (ClientError, DatabaseError) as exc:
        raise InputError(f"the server refused a statement: {_short(exc)}") from None
    return PushSummary(
        nodes=len(nodes),
        relationships=len(rels),
        nodes_written=len(plan.nodes),
        relationships_written=len(plan.rels),
        nodes_deleted=len(plan.stale_nodes),
        relationships_deleted=len(plan.stale_rels),
        batches=batches,
        seconds=time.perf_counter() - started,
        schema=kind,
    )


def _run(tx: Any, statement: str, rows: list[dict[str, Any]]) -> None:
    tx.run(statement, rows=rows).consume()

"""The ``policykg`` command line: parse arguments, call the library, print.

Data goes to stdout, messages to stderr. Exit 0 on success, 1 when any input failed or a
domain error (a :class:`PolicyKGError`) stopped the command, 2 on a usage error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from policykg.errors import InputError, PolicyKGError
from policykg.graph.store import DEFAULT_STORE
from policykg.queries.sparql import DEFAULT_ENGINE, ENGINES

if TYPE_CHECKING:
    from policykg.records import ParsedDocument

F = TypeVar("F", bound=Callable[..., Any])

SHOWN_PROBLEMS = 20  # problems listed after a build; the graph keeps them all


def format_option(default: str = "table") -> Callable[[F], F]:
    """The shared ``--format table|json`` option."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default=default,
        show_default=True,
        help="table for people, json for programs (the stable contract).",
    )


def store_option(f: F) -> F:
    """The shared ``--store DIR`` option (default ``.policykg`` in the working directory)."""
    return click.option(
        "--store",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_STORE,
        show_default=True,
        envvar="POLICYKG_STORE",
        help="The store directory written by `policykg build`.",
    )(f)


def province_option(f: F) -> F:
    return click.option(
        "--province", help="Province of a local number or agency, e.g. 'Thái Bình'."
    )(f)


def as_of_option(f: F) -> F:
    return click.option(
        "--as-of", "as_of", metavar="DATE", help="The day to answer for, YYYY-MM-DD [today]."
    )(f)


class Group(click.Group):
    """Turns library errors into one-line messages and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKGError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykg")
def cli() -> None:
    """A knowledge graph of Vietnamese public-policy documents."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option()
def parse(paths: tuple[Path, ...], fmt: str) -> None:
    """Parse documents (files, or folders searched for text, Markdown, PDF, Word, web pages
    and images) into records."""
    # Imported here: the parsers take a second to load, which no query command needs.
    from policykg.loaders.contract import to_contract
    from policykg.loaders.parse import parse_paths

    docs: list[ParsedDocument] = []
    failed = 0
    for item in parse_paths(paths):
        if isinstance(item, PolicyKGError):
            click.echo(f"policykg: {item}", err=True)
            failed += 1
            continue
        docs.append(item)
        if item.warnings:
            # One line a file: the first problem, and how many more the JSON lists.
            w = item.warnings[0]
            where = f" [{'/'.join(w.provenance.section)}]" if w.provenance else ""
            more = len(item.warnings) - 1
            tail = f" (and {more} more: see the JSON's warnings)" if more else ""
            click.echo(f"policykg: {item.path}: warning{where}: {w.message}{tail}", err=True)
    if fmt == "json":
        click.echo(json.dumps([to_contract(d) for d in docs], ensure_ascii=False, indent=2))
    else:
        click.echo(_table(docs))
    if failed:
        sys.exit(1)


def _table(docs: list[ParsedDocument]) -> str:
    out = []
    for d in docs:
        info = d.document
        out.append(f"{d.source}")
        rows = [
            ("kind", info.kind.value if info.kind else "-"),
            ("number", info.number or "-"),
            ("date", info.date or "-"),
            ("issuer", info.issuer or "-"),
            ("jurisdiction", info.jurisdiction or "-"),
            ("signer", " ".join(x for x in (info.signer_title, info.signer) if x) or "-"),
            ("title", (info.title or "-")[:110]),
            (
                "counts",
                f"{len(d.references)} references, {len(d.tasks)} tasks, "
                f"{len(d.assignments)} assignments, {len(d.targets)} targets, "
                f"{len(d.agencies)} agencies, {len(d.warnings)} warnings",
            ),
        ]
        if d.converted:
            ocr = [p for p in d.pages if p.ocr]
            read = f", {len(ocr)} by OCR" if ocr else ""
            rows.append(("pages", f"{len(d.pages) or '-'} ({d.converted}{read})"))
        out += [f"  {k:<13}{v}" for k, v in rows]
        for r in d.references:
            if r.number:
                page = r.provenance.page
                extra = ", ".join(
                    x for x in (r.date, r.issuer, f"p. {page}" if page else None) if x
                )
                out.append(f"    {r.relation.value:<11}{r.number:<20}{extra}")
        for w in d.warnings:
            out.append(f"  warning: {w.message}")
        out.append("")
    return "\n".join(out).rstrip() + "\n" if out else "(no documents)\n"


def _emit(fmt: str, data: Any, table: str) -> None:
    if fmt == "json":
        # Indented for a person at a terminal; compact for a program, which also lets the
        # JSON encoder's C code write it (ten times faster on a national cascade).
        indent = 2 if sys.stdout.isatty() else None
        click.echo(json.dumps(data, ensure_ascii=False, indent=indent))
    else:
        click.echo(table, nl=False)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Manifest CSV (default: manifest.csv in a corpus folder).",
)
@click.option("--no-manifest", is_flag=True, help="Ignore any manifest.csv in the folders.")
@click.option("--keep-going", is_flag=True, help="Build even if some files cannot be read.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes that parse (default: one per core). The graph is the same for any number.",
)
@store_option
def build(
    paths: tuple[Path, ...],
    manifest: Path | None,
    no_manifest: bool,
    keep_going: bool,
    jobs: int | None,
    store: Path,
) -> None:
    """Parse, resolve and store the graph of the documents under PATHS."""
    from policykg.graph.build import build as run_build

    with _progress() as progress:
        summary = run_build(
            paths,
            store,
            manifest=manifest,
            use_manifest=not no_manifest,
            progress=progress,
            keep_going=keep_going,
            jobs=jobs,
        )
    for failure in summary.failed:
        click.echo(f"policykg: {failure}", err=True)
    for line in summary.reports[:SHOWN_PROBLEMS]:
        click.echo(f"policykg: {line}", err=True)
    if len(summary.reports) > SHOWN_PROBLEMS:
        click.echo(f"policykg: ... and {len(summary.reports) - SHOWN_PROBLEMS} more", err=True)
    click.echo(
        f"built {store}: {summary.documents} documents ({summary.reused} reused, "
        f"{summary.parsed} parsed), {summary.tasks} tasks, {summary.agencies} agencies, "
        f"{summary.targets} targets; references: {summary.references_resolved} resolved, "
        f"{summary.references_unresolved} to documents not loaded; "
        f"{summary.warnings} warnings, {summary.problems} problems"
        + (f", {summary.merged} name(s) merged" if summary.merged else ""),
        err=True,
    )
    if summary.failed:
        sys.exit(1)


class _progress:
    """A bar on stderr when it is a terminal, silence when piped."""

    def __init__(self, label: str = "parsing") -> None:
        self.label = label
        self.bar: Any = None
        self.done = 0

    def __enter__(self) -> Callable[[int, int], None] | None:
        if not sys.stderr.isatty():
            return None

        def update(done: int, total: int) -> None:
            if self.bar is None:
                self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
                self.bar.__enter__()
            self.bar.update(done - self.done)
            self.done = done

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@cli.command()
@click.option("--suggest", is_flag=True, required=True, help="Propose numbers (required).")
@store_option
def resolve(suggest: bool, store: Path) -> None:
    """Propose, for each document without a number, the cited numbers it may be.

    Prints manifest rows (CSV) on stdout, scores and reasons as # comments. A score is the
    estimated chance that the number is right (measured by bench/suggest.py); the reasons
    say what lowered it.
    """
    from policykg.graph.store import load_graph
    from policykg.graph.suggest import suggest as run_suggest

    graph = load_graph(store)
    found = run_suggest(graph)
    click.echo("file,number,date,issuer,jurisdiction,kind,title")
    if found:
        click.echo("score: the estimated chance that the number is right", err=True)
    for s in found:
        doc, cand = graph.node(s.document), graph.node(s.candidate)
        click.echo(f"# score {s.score:.2f}: {'; '.join(s.reasons)}")
        cells = [doc.get("source"), s.number, _dmy(s.date), cand.get("issuer"),
                 cand.get("jurisdiction"), cand.get("kind"), ""]  # fmt: skip
        click.echo(",".join(_csv_cell(c) for c in cells))
    if not found:
        click.echo("# no suggestion: every loaded document has a number, or none fits", err=True)


def _dmy(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


def _load(store: Path) -> tuple[Any, Any]:
    from policykg.graph.nxgraph import to_networkx
    from policykg.graph.store import load_graph

    graph = load_graph(store)
    return graph, to_networkx(graph)


def _sliced(store: Path, part: Callable[..., tuple[Any, Any]], *args: Any, **kw: Any) -> Any:
    """The part of the store's graph a query reads (:mod:`policykg.queries.slices`), its
    networkx form, and where the query starts: the graph file is opened, not loaded."""
    from policykg.graph.nxgraph import to_networkx
    from policykg.graph.store import open_graph

    with open_graph(store) as reader:
        graph, start = part(reader, *args, **kw)
    return graph, to_networkx(graph), start


FOLLOW = click.Choice(
    ["IMPLEMENTS", "CITES", "IS_BASED_ON", "AMENDS", "REPLACES"], case_sensitive=False
)


@cli.command()
@click.argument("ident", metavar="ID")
@click.option("--follow", type=FOLLOW, multiple=True, help="Edges to climb [IMPLEMENTS].")
@province_option
@as_of_option
@format_option()
@store_option
def lineage(
    ident: str,
    follow: tuple[str, ...],
    province: str | None,
    as_of: str | None,
    fmt: str,
    store: Path,
) -> None:
    """Every path from a task or document up to the directives it implements.

    ID is a number (57-NQ/TW), a file name (004_1b73a6d31f29fe0d.txt) or a task
    (004_1b73a6d31f29fe0d.txt#8.1).
    """
    from policykg.queries import report, slices
    from policykg.queries.ids import as_of as day
    from policykg.queries.lineage import DEFAULT_FOLLOW, as_of_day
    from policykg.queries.lineage import lineage as run

    when = day(as_of)
    kinds = tuple(f.upper() for f in follow) or DEFAULT_FOLLOW
    graph, g, start = _sliced(store, slices.lineage, ident, province=province, follow=kinds)
    result = as_of_day(graph, run(g, start, follow=kinds), when)
    _emit(fmt, report.lineage_json(graph, result), report.lineage_table(graph, result))


@cli.command()
@click.argument("ident", metavar="ID")
@click.option("--follow", type=FOLLOW, multiple=True, help="Edges to descend [IMPLEMENTS].")
@province_option
@as_of_option
@format_option()
@store_option
def cascade(
    ident: str,
    follow: tuple[str, ...],
    province: str | None,
    as_of: str | None,
    fmt: str,
    store: Path,
) -> None:
    """Every document and task that implements a directive, across provinces, with depth."""
    from policykg.graph.model import bulk
    from policykg.graph.store import open_graph
    from policykg.queries import report, slices
    from policykg.queries.cascade import DEFAULT_FOLLOW, as_of_day
    from policykg.queries.ids import as_of as day

    when = day(as_of)
    kinds = tuple(f.upper() for f in follow) or DEFAULT_FOLLOW
    # Walked in the graph file (a national directive has tens of thousands of
    # implementers); the evidence of their edges is read only for JSON, which prints it.
    with bulk(), open_graph(store) as reader:
        graph, found = slices.walked_cascade(
            reader, ident, province=province, follow=kinds, evidence=fmt == "json"
        )
    with bulk():
        result = as_of_day(graph, found, when)
        if fmt == "json" and not sys.stdout.isatty():
            # Compact as _emit writes it, in pieces: a national cascade is tens of MB.
            for text in report.cascade_json_text(report.cascade_json(graph, result)):
                click.echo(text, nl=False)
            click.echo()
        elif fmt == "json":
            _emit(fmt, report.cascade_json(graph, result), "")
        else:
            _emit(fmt, None, report.cascade_table(graph, result))


@cli.command()
@click.argument("agency")
@province_option
@as_of_option
@format_option()
@store_option
def who(agency: str, province: str | None, as_of: str | None, fmt: str, store: Path) -> None:
    """The tasks an agency leads or coordinates, with deadlines and documents.

    As of a day, a body's predecessors' tasks too (a merged department's), each with its
    chain of bodies.
    """
    from policykg.graph.store import open_graph
    from policykg.queries import report, slices
    from policykg.queries.ids import as_of as day
    from policykg.queries.who import who as run

    when = day(as_of)
    with open_graph(store) as reader:
        graph, found = slices.who(reader, agency, province=province)
    result = run(graph, graph, found, as_of=when)  # the slice's own edges: no networkx
    _emit(fmt, report.who_json(graph, result), report.who_table(graph, result))


@cli.command()
@click.argument("text")
@click.option("--year", type=int, help="Only targets for this year.")
@as_of_option
@format_option()
@store_option
def targets(text: str, year: int | None, as_of: str | None, fmt: str, store: Path) -> None:
    """The same indicator compared across provinces and years (a merged province beside
    its parts)."""
    from policykg.graph.store import open_graph
    from policykg.queries import report, slices
    from policykg.queries.ids import as_of as day
    from policykg.queries.targets import targets as run

    when = day(as_of)
    with open_graph(store) as reader:
        graph = slices.targets(reader)
    rows = run(graph, text, year=year, as_of=when)
    _emit(fmt, report.targets_json(graph, rows), report.targets_table(rows))


@cli.command()
@click.argument("directive")
@click.option(
    "--among",
    type=click.Choice(["all", "loaded"]),
    default="all",
    show_default=True,
    help="All provinces of the directive's time, or those with documents loaded.",
)
@province_option
@as_of_option
@format_option()
@store_option
def coverage(
    directive: str, among: str, province: str | None, as_of: str | None, fmt: str, store: Path
) -> None:
    """Which provinces have a document implementing DIRECTIVE, which do not (the
    provinces of the day asked for)."""
    from policykg.queries import report, slices
    from policykg.queries.cascade import DEFAULT_FOLLOW
    from policykg.queries.coverage import coverage as run
    from policykg.queries.ids import as_of as day

    when = day(as_of)
    part = slices.cascade
    graph, g, doc = _sliced(store, part, directive, province=province, follow=DEFAULT_FOLLOW)
    result = run(g, graph, doc, among=among, as_of=when)
    _emit(fmt, report.coverage_json(graph, result), report.coverage_table(graph, result))


def _graph_once(store: Path) -> Callable[[], Any]:
    """The store's graph, loaded on the first call only (an id needs no graph)."""
    from functools import cache

    from policykg.graph.store import load_graph

    return cache(lambda: load_graph(store))


@cli.command()
@click.argument("query")
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE. ?start and ?agency take what the other commands take (a "
    "number, file, FILE#TASK, agency name or key) and bind its IRI; a value starting with "
    "http is an IRI, anything else a string.",
)
@province_option
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=DEFAULT_ENGINE,
    show_default=True,
)
@format_option()
@store_option
def sparql(
    query: str, binds: tuple[str, ...], province: str | None, engine: str, fmt: str, store: Path
) -> None:
    """Run a SPARQL query (text, a .rq file, or a canned name: lineage, cascade, who,
    targets, coverage, who_as_of, coverage_as_of) over the RDF graph. The last two answer
    as of ``--bind asOf=YYYY-MM-DD``, today by default.

    `policykg sparql lineage --bind start='004_1b73a6d31f29fe0d.txt#8.1'`
    """
    from policykg.graph.store import ntriples, oxigraph
    from policykg.queries import sparql as sq
    from policykg.queries.text import find_input

    text = sq.read_query(query)
    graph = _graph_once(store)
    db = sq.open_oxigraph(oxigraph(store)) if engine == "oxigraph" else None

    def find(what: str, value: str) -> str:
        # A key is looked up in the database; only other names need the graph loaded.
        found = sq.id_of_key(db, what, value) if db is not None and province is None else None
        return found or find_input(what, value, graph, province=province)

    bindings = sq.bindings(
        sq.parse_binds(binds), find, canned=query if query in sq.CANNED else None
    )
    if db is not None:
        result = sq.run_oxigraph(db, text, bindings)
    else:
        import rdflib

        nt = ntriples(store)
        result = sq.run_rdflib(rdflib.Graph().parse(nt, format="nt"), text, bindings)
    if result.triples is not None:
        click.echo(result.triples, nl=False)
    elif result.boolean is not None:
        click.echo(json.dumps(result.boolean) if fmt == "json" else str(result.boolean).lower())
    else:
        table = (
            "\t".join(result.variables)
            + "\n"
            + "".join(
                "\t".join("" if r[v] is None else str(r[v]) for v in result.variables) + "\n"
                for r in result.rows
            )
        )
        _emit(fmt, list(result.rows), table)


@cli.command()
@store_option
def validate(store: Path) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl)."""
    from policykg.graph.rdfgraph import to_rdf
    from policykg.graph.store import load_graph
    from policykg.graph.validate import validate as run

    report = run(to_rdf(load_graph(store)))
    if report.conforms:
        click.echo("valid: the graph conforms to ontology/shapes.ttl")
        return
    click.echo(report.text, nl=False)
    sys.exit(1)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nt", "jsonld", "graphml", "json"]),
    default="ttl",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of stdout.",
)
@click.option("--base", help="Base IRI of the nodes [https://policykg.org/id/].")
@store_option
def export(fmt: str, output: Path | None, base: str | None, store: Path) -> None:
    """Export the graph as Turtle, N-Triples, JSON-LD, GraphML or JSON."""
    from policykg.graph import export as ex
    from policykg.graph.rdfgraph import DEFAULT_BASE
    from policykg.graph.store import load_graph

    graph = load_graph(store)
    if output:
        ex.write_export(graph, fmt, output, base=base or DEFAULT_BASE)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(ex.export(graph, fmt, base=base or DEFAULT_BASE), nl=False)


# --- Cypher and Neo4j ---------------------------------------------------------------------


def bolt_options(f: F) -> F:
    """``--uri``, ``--user`` and ``--database`` of a Neo4j server; the password is read
    from ``NEO4J_PASSWORD`` or a prompt, never from the command line."""
    f = click.option(
        "--database", envvar="NEO4J_DATABASE", help="Database name [the server's default]."
    )(f)
    f = click.option("--user", default="neo4j", show_default=True, envvar="NEO4J_USER")(f)
    return f


def _password() -> str:
    password = os.environ.get("NEO4J_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise InputError("no password: set NEO4J_PASSWORD (it is never taken as an argument)")
    return str(click.prompt("Neo4j password", hide_input=True, err=True))


def _connect(uri: str, user: str) -> Any:
    from policykg.graph.neo4j_push import connect

    return connect(uri, user, _password())


def _canned_params(
    name: str, values: dict[str, Any], province: str | None, store: Path
) -> dict[str, Any]:
    """Check a canned query's parameter, and resolve a number, key or name to its id."""
    from policykg.queries import cypher as cq
    from policykg.queries import text

    key = cq.PARAMS[name]
    value = values.get(key)
    if value is None:
        raise InputError(f"{name} needs --param {key}=... ({text.INPUT_HELP[name]})")
    if name in text.AS_OF_QUERIES:
        values = {**values, cq.AS_OF: text.day_of(values.get(cq.AS_OF), cq.AS_OF)}
    what = text.INPUTS[name]
    if what == "text" or not isinstance(value, str):
        return values
    return {**values, key: text.find_input(what, value, _graph_once(store), province=province)}


@cli.command()
@click.argument("query")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=TEXT|NAME:=JSON",
    help="Bind $NAME to TEXT, or to a JSON number, list or map with :=.",
)
@province_option
@click.option("--uri", help="Run on this Neo4j server (bolt://HOST:7687) instead.")
@bolt_options
@format_option()
@store_option
def cypher(
    query: str,
    params: tuple[str, ...],
    province: str | None,
    uri: str | None,
    user: str,
    database: str | None,
    fmt: str,
    store: Path,
) -> None:
    """Run a Cypher QUERY (text, a .cypher file, or a canned name: lineage, cascade, who,
    targets, coverage, who_as_of, coverage_as_of) on the graph of the store, with no server
    to start. The last two answer as of ``--param as_of=YYYY-MM-DD``, today by default.

    A canned query's id may be a number, file name or agency name, as for `policykg
    lineage`: `policykg cypher lineage --param id='004_1b73a6d31f29fe0d.txt#8.1'`.
    """
    from policykg.queries import cypher as cq
    from policykg.queries import text as qt

    text = cq.read_query(query)
    values = cq.parse_params(params)
    if uri:
        if query in cq.CANNED:
            values = _canned_params(query, values, province, store)
        driver = _connect(uri, user)
        try:
            result = cq.run_bolt(driver, text, values, database=database)
        finally:
            driver.close()
    else:
        from policykg.graph import embedded as lb
        from policykg.graph.store import embedded

        db = lb.connect(embedded(store))
        try:
            if query in cq.CANNED:
                # A key is looked up in the database; only other names need the graph.
                name = cq.PARAMS[query]
                value = values.get(name)
                if isinstance(value, str) and province is None:
                    found = cq.id_of_key(db.connection, qt.INPUTS[query], value)
                    values = {**values, name: found or value}
                values = _canned_params(query, values, province, store)
            result = cq.run_embedded(db.connection, text, values)
        finally:
            db.close()
    _emit(fmt, list(result.rows), cq.table(result))


@cli.group()
def neo4j() -> None:
    """Load the graph into a Neo4j server, or export it for cypher-shell or neo4j-admin."""


@neo4j.command("push")
@click.option(
    "--uri",
    default="bolt://localhost:7687",
    show_default=True,
    envvar="NEO4J_URI",
    help="The server's Bolt address.",
)
@bolt_options
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Rows per transaction.",
)
@store_option
def neo4j_push(uri: str, user: str, database: str | None, batch_size: int, store: Path) -> None:
    """Make the Neo4j database hold the graph of the store.

    Creates the constraints and indexes, then writes only what is new or changed and
    deletes what the graph no longer has: pushing twice changes nothing, and a push that
    was cut off finishes when run again.
    """
    from policykg.graph import neo4j_push as np
    from policykg.graph.store import load_graph, store_digest

    digest = store_digest(store)
    driver = _connect(uri, user)
    try:
        if np.pushed_digest(driver, database) == digest:
            click.echo(f"pushed {store} to {uri}: nothing to do (unchanged since the last push)")
            return
        graph = load_graph(store)
        np.forget_push(driver, database)
        with _progress("pushing") as progress:
            s = np.push(graph, driver, database=database, batch_size=batch_size, progress=progress)
        np.mark_pushed(driver, digest, database)
    finally:
        driver.close()
    click.echo(
        f"pushed {store} to {uri}: {s.nodes} nodes, {s.relationships} relationships; "
        f"wrote {s.nodes_written} nodes and {s.relationships_written} relationships, "
        f"deleted {s.nodes_deleted} nodes and {s.relationships_deleted} relationships, "
        f"in {s.batches} batches ({s.seconds:.1f} s)",
        err=True,
    )


@neo4j.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["cypher", "csv"]),
    default="cypher",
    show_default=True,
    help="cypher: one script for cypher-shell; csv: files for neo4j-admin database import.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="The script file, or the folder of CSV files (required for csv).",
)
@store_option
def neo4j_export(fmt: str, output: Path | None, store: Path) -> None:
    """Export the graph as a Cypher script, or as CSV files and their import command."""
    from policykg.graph import neo4j_export as ne
    from policykg.graph.store import load_graph

    graph = load_graph(store)
    if fmt == "cypher":
        if output is None:
            click.echo(ne.cypher_script(graph), nl=False)
            return
        script = ne.write_cypher(graph, output)
        click.echo(
            f"wrote {output}: {script.nodes} nodes, {script.relationships} relationships",
            err=True,
        )
        return
    if output is None:
        raise InputError("--format csv needs -o FOLDER")
    export = ne.write_csv(graph, output)
    click.echo(
        f"wrote {len(export.files)} files to {output}: {export.nodes} nodes, "
        f"{export.relationships} relationships; import them with (Neo4j stopped):",
        err=True,
    )
    click.echo(f"  sh {output / 'import.sh'}", err=True)


class ViewGroup(click.Group):
    """``view ID`` still means ``view lineage ID``, as before there were several views."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["lineage", *args]
        return super().parse_args(ctx, args)


@cli.group(cls=ViewGroup)
def view() -> None:
    """Interactive HTML pages (one offline file each) of part of the graph.

    Each writes one self-contained file that works offline: `policykg view lineage
    004_1b73a6d31f29fe0d.txt#8.1 -o lineage.html --open`.
    """


def view_options(f: F) -> F:
    """``-o FILE.html``, ``--open`` and ``--store``, shared by every view."""
    f = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        help="The HTML file to write.",
    )(f)
    f = click.option("--open", "open_", is_flag=True, help="Open the page in the browser.")(f)
    return store_option(f)


def _write_view(graph: Any, selection: Any, output: Path, open_: bool) -> None:
    from policykg.viz.view import render_selection, write_view

    s = selection
    write_view(render_selection(graph, s), output)
    click.echo(f"wrote {output}: {len(s.nodes)} nodes, {len(s.edges)} edges", err=True)
    if open_:
        import webbrowser

        webbrowser.open(output.resolve().as_uri())


@view.command("lineage")
@click.argument("ident", metavar="ID")
@province_option
@view_options
def view_lineage(ident: str, province: str | None, output: Path, open_: bool, store: Path) -> None:
    """The lineage of a task or document, up to the central directives (drawn on top)."""
    from policykg.queries.ids import find_node
    from policykg.viz import select

    graph, g = _load(store)
    start = find_node(graph, ident, province=province)
    _write_view(graph, select.lineage_view(graph, g, start), output, open_)


@view.command("cascade")
@click.argument("directive")
@click.option("--province", help="Show only this province's implementers.")
@view_options
def view_cascade(
    directive: str, province: str | None, output: Path, open_: bool, store: Path
) -> None:
    """Every document and task implementing DIRECTIVE, the directive on top."""
    from policykg.queries.ids import find_document
    from policykg.viz import select

    graph, g = _load(store)
    start = find_document(graph, directive, province=province)
    selection = select.cascade_view(graph, g, start, province=province)
    _write_view(graph, selection, output, open_)


@view.command("agency")
@click.argument("name")
@province_option
@view_options
def view_agency(name: str, province: str | None, output: Path, open_: bool, store: Path) -> None:
    """An agency, the tasks it leads or coordinates, and their documents."""
    from policykg.queries.who import find_agencies
    from policykg.viz import select

    graph, g = _load(store)
    agencies = find_agencies(graph, name, province=province)
    _write_view(graph, select.agency_view(graph, g, agencies), output, open_)


@view.command("document")
@click.argument("ident", metavar="ID")
@province_option
@view_options
def view_document(ident: str, province: str | None, output: Path, open_: bool, store: Path) -> None:
    """A document, its tasks and targets, who leads them, and what they refer to."""
    from policykg.queries.ids import find_document
    from policykg.viz import select

    graph, g = _load(store)
    doc = find_document(graph, ident, province=province)
    _write_view(graph, select.document_view(graph, g, doc), output, open_)


@view.command("all")
@view_options
def view_all(output: Path, open_: bool, store: Path) -> None:
    """The whole graph: documents, tasks, agencies and targets (documents only when huge)."""
    from policykg.graph.model import bulk
    from policykg.graph.store import open_graph
    from policykg.viz import slices
    from policykg.viz.view import render_slice, write_view

    # Read by index, not loaded: the graph of 10,000 documents is a million edges.
    with bulk(), open_graph(store) as reader:
        view = slices.all_view(reader)
        page = render_slice(view)
    write_view(page, output)
    s = view.selection
    click.echo(f"wrote {output}: {len(s.nodes)} nodes, {len(s.edges)} edges", err=True)
    if open_:
        import webbrowser

        webbrowser.open(output.resolve().as_uri())


def main() -> None:
    cli()

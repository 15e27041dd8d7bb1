"""The ``policykg`` command line: parse arguments, call the library, print.

Data goes to stdout, messages to stderr. Exit 0 on success, 1 when any input failed,
2 on a usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from policykg.errors import PolicyKGError
from policykg.loaders.contract import to_contract
from policykg.loaders.parse import parse_paths
from policykg.records import ParsedDocument

F = TypeVar("F", bound=Callable[..., Any])


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykg")
def cli() -> None:
    """A knowledge graph of Vietnamese public-policy documents."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option()
def parse(paths: tuple[Path, ...], fmt: str) -> None:
    """Parse documents (files, or folders searched for .txt and .md) into records."""
    docs: list[ParsedDocument] = []
    failed = 0
    for item in parse_paths(paths):
        if isinstance(item, PolicyKGError):
            click.echo(f"policykg: {item}", err=True)
            failed += 1
            continue
        docs.append(item)
        for w in item.warnings:
            where = f" [{'/'.join(w.provenance.section)}]" if w.provenance else ""
            click.echo(f"policykg: {item.path}: warning{where}: {w.message}", err=True)
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
        out += [f"  {k:<13}{v}" for k, v in rows]
        for r in d.references:
            if r.number:
                extra = ", ".join(x for x in (r.date, r.issuer) if x)
                out.append(f"    {r.relation.value:<11}{r.number:<20}{extra}")
        for w in d.warnings:
            out.append(f"  warning: {w.message}")
        out.append("")
    return "\n".join(out).rstrip() + "\n" if out else "(no documents)\n"


def main() -> None:
    cli()

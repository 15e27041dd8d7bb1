"""Query text: a canned query shipped in ``queries/``, a query file, or the text itself.

Shared by the SPARQL (``*.rq``) and Cypher (``*.cypher``) runners.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from policykg.errors import InputError

# The canned queries, each shipped as queries/<name>.rq and queries/<name>.cypher.
CANNED = ("lineage", "cascade", "who", "targets", "coverage")


def canned(name: str, suffix: str) -> str:
    """The text of the canned query ``queries/<name><suffix>``."""
    if name not in CANNED:
        raise InputError(f"no canned query {name!r} (one of {', '.join(CANNED)})")
    return resources.files("policykg.queries").joinpath(f"{name}{suffix}").read_text("utf-8")


def read_query(text_or_path: str, suffixes: tuple[str, ...]) -> str:
    """A canned name, a file (one of ``suffixes``, or any existing short path), or a
    query given inline."""
    if text_or_path in CANNED:
        return canned(text_or_path, suffixes[0])
    p = Path(text_or_path)
    if p.suffix in suffixes or (len(text_or_path) < 300 and p.is_file()):
        try:
            return p.read_text("utf-8")
        except FileNotFoundError:
            raise InputError(f"{p}: no such query file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: cannot read the query ({exc})") from None
    return text_or_path

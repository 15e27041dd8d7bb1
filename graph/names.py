"""Documents cited by name only: one node per name, and one for two spellings of a name.

A name has no number to decide identity, so two citations of one unnumbered document
("Đề án “Phát triển dịch vụ đô thị thông minh ... đến năm 2020, định hướng 2025”" and
"... đến năm 2020 định hướng đến năm 2025”") would be two nodes. Names are compared
after :func:`name_key` and those that match are merged into one node; every merge is
reported, since a merge is a guess a reader should be able to check.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from policykg.graph.ids import named_doc_id
from policykg.graph.model import Problem
from policykg.records import Provenance, Reference

MERGED = "merged"  # the kind of the Problem that reports a merge

# Quotes, commas, dashes, brackets: how a name is printed, not what it names.
PUNCTUATION_REGEX = r"[^\w\s]+"
PUNCTUATION = re.compile(PUNCTUATION_REGEX)

# "định hướng đến năm 2025" and "định hướng 2025" say one thing.
# we want to capture:
#   đến năm 2020, định hướng 2025
#   đến năm 2020 định hướng đến năm 2025
#   tầm nhìn đến năm 2045
ORIENTATION_YEAR_REGEX = (
    r"(?P<word>định\s+hướng|tầm\s+nhìn)\s+(?:đến\s+)?(?:năm\s+)?(?P<year>\d{4})"
)
ORIENTATION_YEAR = re.compile(ORIENTATION_YEAR_REGEX)


def name_key(name: str) -> str:
    """What two spellings of one name share: case, quotes, punctuation, spacing and the
    wording of an orientation year aside. Diacritics and every other word are kept."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = PUNCTUATION.sub(" ", text)
    text = " ".join(text.split())
    return ORIENTATION_YEAR.sub(r"\g<word> \g<year>", text)


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedDocuments:
    """Every name cited, the node it resolves to, and the merges made."""

    kept: dict[str, str]  # the id of each spelling's slug -> the node id it resolves to
    names: dict[str, str]  # node id -> the name it is labelled with
    aliases: dict[str, tuple[str, ...]]  # node id -> the other names merged into it
    merges: tuple[Problem, ...]

    def id_of(self, name: str) -> str:
        """The node a name cited in one of the references resolves to."""
        return self.kept[named_doc_id(name)]


def named_documents(references: Iterable[Reference]) -> NamedDocuments:
    """Resolve the names of ``references`` (in reading order) to node ids.

    Each spelling first gets the id of its slug; ids whose names share a :func:`name_key`
    become the one cited most often (ties to the smallest id), so the result does not
    depend on the order documents are read in, only on what they cite.
    """
    first: dict[str, Reference] = {}  # slug id -> the first reference giving it
    cited: Counter[str] = Counter()
    for ref in references:
        if ref.name and not ref.key:
            sid = named_doc_id(ref.name)
            first.setdefault(sid, ref)
            cited[sid] += 1
    groups: dict[str, list[str]] = defaultdict(list)
    for sid, ref in first.items():
        groups[name_key(str(ref.name))].append(sid)
    kept: dict[str, str] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    merges = []
    for group in groups.values():
        into = min(group, key=lambda s: (-cited[s], s))
        kept.update(dict.fromkeys(group, into))
        others = sorted(s for s in group if s != into)
        if others:
            aliases[into] = tuple(str(first[s].name) for s in others)
            merges.append(_merge_problem(into, [first[s] for s in [into, *others]]))
    return NamedDocuments(
        kept=kept,
        names={sid: str(ref.name) for sid, ref in first.items() if kept[sid] == sid},
        aliases=aliases,
        merges=tuple(merges),
    )


def _merge_problem(into: str, refs: list[Reference]) -> Problem:
    spellings = "; ".join(f"{r.name} ({r.provenance.source})" for r in refs)
    evidence: tuple[Provenance, ...] = tuple(r.provenance for r in refs)
    return Problem(
        kind=MERGED,
        node=into,
        message=f"{len(refs)} names into {into}: {spellings}",
        evidence=evidence,
    )

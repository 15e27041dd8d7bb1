"""How far ``policykg resolve --suggest`` can be trusted, on real documents.

Every numbered document of the pool (the bundled corpus with its manifest, the development
set ``tests/data/real``, and ``../shared/real/documents`` when present) has its number
hidden in turn and is resolved with all the others; the top suggestion is right when it is
the hidden number. Twice: with the number hidden, and with the number and the date hidden
(a lost letterhead loses both). A case is answerable when another loaded document cites the
hidden number; in the others no right answer exists, and any suggestion is wrong.

Figures per split of the cases by the file's hash (even: development, odd: held-out):
precision at 1 (right top suggestions over answerable cases with one), coverage (answerable
cases with a suggestion), the highest score of a wrong top suggestion, then the reliability
table: top suggestions by score, and the share of them that is right.

    python bench/suggest.py [--real ../shared/real] [--jobs 2] [--json bench/out/suggest.json]

Without ``../shared/real`` (a user's clone) the bundled corpus and the development set are
measured alone, with a message.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import multiprocessing
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from policykg.graph.suggest import Case, evaluate
from policykg.loaders.manifest import read_manifest
from policykg.loaders.parse import parse_file
from policykg.records import ParsedDocument

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
DEV_TEXTS = ROOT / "tests" / "data" / "real"
DEFAULT_REAL = ROOT.parent / "shared" / "real"
BINS = (0.0, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)

_POOL: list[ParsedDocument] = []  # the documents, shared with the worker processes


def load_pool(real: Path | None) -> tuple[list[ParsedDocument], dict[str, int]]:
    """The bundled corpus (with its manifest), the development set and the real corpus,
    each text once (the development set is a copy of part of the real corpus)."""
    manifest = read_manifest(CORPUS / "manifest.csv")
    groups = {
        "bundled": sorted(CORPUS.glob("*.txt")),
        "development": sorted(DEV_TEXTS.glob("*.md")),
        "real": sorted((real / "documents").glob("*.md")) if real else [],
    }
    seen: set[str] = set()
    docs, counts = [], {}
    for name, paths in groups.items():
        counts[name] = 0
        for path in paths:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            entry = manifest.entry_for(path) if name == "bundled" else None
            docs.append(parse_file(path, entry=entry))
            counts[name] += 1
    return docs, counts


def _run(job: tuple[list[int], bool]) -> tuple[Case, ...]:
    indexes, hide_date = job
    return evaluate(_POOL, hide=[_POOL[i] for i in indexes], hide_date=hide_date)


def run(docs: list[ParsedDocument], *, hide_date: bool, jobs: int) -> list[tuple[Case, bool]]:
    """Each numbered document's case, with whether it belongs to the held-out split."""
    _POOL[:] = docs
    numbered = [i for i, d in enumerate(docs) if d.document.number]
    chunks = [(numbered[k :: jobs * 4], hide_date) for k in range(jobs * 4)]
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_run, chunks)
    else:
        results = [_run(c) for c in chunks]
    held_out = {d.source: int(d.sha256[-1], 16) % 2 == 1 for d in docs}
    cases = [c for r in results for c in r]
    return sorted(((c, held_out[c.source]) for c in cases), key=lambda x: x[0].source)


def figures(cases: Sequence[Case]) -> dict[str, float | int]:
    answerable = [c for c in cases if c.answerable]
    suggested = [c for c in answerable if c.top]
    right = sum(c.right for c in suggested)
    wrong = [c.top.score for c in cases if c.top and not c.right]
    no_answer = [c for c in cases if not c.answerable and c.top]
    return {
        "cases": len(cases),
        "answerable": len(answerable),
        "suggested": len(suggested),
        "right": right,
        "precision_at_1": right / len(suggested) if suggested else 0.0,
        "coverage": len(suggested) / len(answerable) if answerable else 0.0,
        "max_wrong_score": max(wrong, default=0.0),
        "no_answer_suggested": len(no_answer),
        "no_answer_over_0_5": sum(c.top.score > 0.5 for c in no_answer if c.top),
    }


def reliability(cases: Sequence[Case]) -> list[dict[str, float | int | str]]:
    """Top suggestions by score bin: how many, how many right, their mean score."""
    rows: list[dict[str, float | int | str]] = []
    for lo, hi in itertools.pairwise(BINS):
        inside = [c for c in cases if c.top and lo <= c.top.score < hi + (1e-9 if hi == 1 else 0)]
        if inside:
            rows.append(
                {
                    "bin": f"{lo:.2f}-{hi:.2f}",
                    "suggestions": len(inside),
                    "right": sum(c.right for c in inside),
                    "mean_score": sum(c.top.score for c in inside if c.top) / len(inside),
                }
            )
    return rows


def _print_figures(label: str, f: dict[str, float | int]) -> None:
    print(
        f"  {label:20} {f['cases']:5} {f['answerable']:10} {f['right']:3}/{f['suggested']:<3}"
        f" {f['precision_at_1']:11.2f} {f['coverage']:9.2f} {f['max_wrong_score']:10.3f}"
        f" {f['no_answer_suggested']:6} ({f['no_answer_over_0_5']} > 0.5)"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL)
    ap.add_argument("--jobs", type=int, default=min(4, multiprocessing.cpu_count()))
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    real = args.real if (args.real / "documents").is_dir() else None
    if real is None:
        print(
            f"{args.real}/documents not found: bundled corpus and development set only",
            file=sys.stderr,
        )
    start = time.perf_counter()
    docs, counts = load_pool(real)
    print(
        f"{len(docs)} documents loaded ({counts['bundled']} bundled, {counts['development']}"
        f" development, {counts['real']} more real), {sum(bool(d.document.number) for d in docs)}"
        " with a number"
    )
    out: dict[str, object] = {"documents": counts}
    every: list[Case] = []
    for hide_date in (False, True):
        title = "number and date hidden" if hide_date else "number hidden"
        cases = run(docs, hide_date=hide_date, jobs=args.jobs)
        every += [c for c, _ in cases]
        print(f"\n{title}:\n  {'split':20} cases answerable right  precision@1  coverage  max wrong"
              "  no-answer cases with a suggestion")  # fmt: skip
        splits = {
            "development (even)": [c for c, held in cases if not held],
            "held-out (odd)": [c for c, held in cases if held],
            "all": [c for c, _ in cases],
        }
        for label, chosen in splits.items():
            f = figures(chosen)
            _print_figures(label, f)
            out[f"{title}: {label}"] = f
    table = reliability(every)
    print("\nreliability of the top suggestion (both runs, all cases):")
    print(f"  {'score':11} {'suggestions':>11} {'right':>6} {'share right':>12} {'mean score':>11}")
    for row in table:
        share = int(row["right"]) / int(row["suggestions"])
        print(
            f"  {row['bin']:11} {row['suggestions']:11} {row['right']:6} {share:12.2f}"
            f" {float(row['mean_score']):11.3f}"
        )
    out["reliability"] = table
    print(f"\n{time.perf_counter() - start:.0f} s", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

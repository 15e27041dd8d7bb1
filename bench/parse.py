"""Parse throughput against a floor, on a generated corpus and on real documents.

The floor is what no parser can beat: read the bytes, decode, NFC-normalise and run the
document-number regex once over the same files. Each figure is the median of ``--repeat``
runs (3 by default), the floor's runs taken between the parser's so that both see the same
machine; one run prints both in MB/s and the ratio (issue 14 asks for at most 5x). Times are
the CPU time of this process: on a busy machine the wall clock of a long run grows with the
other work, that of the short floor much less.

Two corpora: ``--docs`` documents written by ``bench/generate.py`` (the five bundled ones,
localised to the provinces), and the real documents under ``--real`` (by default
``../shared/real/documents``, else the development set ``tests/data/real``).

    python bench/parse.py [--docs 300] [--real DIR] [--repeat 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import generate  # bench/generate.py: the script's folder is first on sys.path

from policykg.errors import PolicyKGError
from policykg.loaders import regexes
from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.decode import read_document
from policykg.loaders.documents import extract_document
from policykg.loaders.parse import parse_file
from policykg.loaders.references import extract_references
from policykg.loaders.structure import layout

ROOT = Path(__file__).resolve().parent.parent
SHARED_REAL = ROOT.parent / "shared" / "real" / "documents"
DEV_REAL = ROOT / "tests" / "data" / "real"


def floor(files: list[Path]) -> float:
    start = time.process_time()
    found = 0
    for f in files:
        text = unicodedata.normalize("NFC", f.read_bytes().decode("utf-8"))
        found += sum(1 for _ in regexes.DOC_NUMBER.finditer(text))
    assert found
    return time.process_time() - start


def foundation(files: list[Path]) -> float:
    """Identity and references only: the parse of the foundation issue."""
    start = time.process_time()
    for f in files:
        c = clean(read_document(f).text, f.name)
        ctx = DocContext(c, layout(c))
        info = extract_document(ctx)
        extract_references(DocContext(c, ctx.layout, info.jurisdiction), info.number)
    return time.process_time() - start


def full(files: list[Path]) -> float:
    start = time.process_time()
    for f in files:
        # A file that is no document costs what it costs, like any other.
        with contextlib.suppress(PolicyKGError):
            parse_file(f)
    return time.process_time() - start


def medians(files: list[Path], repeat: int) -> dict[str, float]:
    """The median CPU time of each measure, the runs of the three interleaved."""
    measures: dict[str, Callable[[list[Path]], float]] = {
        "floor": floor,
        "foundation": foundation,
        "full": full,
    }
    floor(files[:20])  # warm the page cache and the regex
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(repeat):
        for name, measure in measures.items():
            times[name].append(measure(files))
    return {name: statistics.median(spent) for name, spent in times.items()}


def report(label: str, files: list[Path], repeat: int) -> float:
    """Print the figures of one corpus; return the ratio of full extraction to the floor."""
    mb = sum(f.stat().st_size for f in files) / 1_000_000
    t = medians(files, repeat)
    print(f"{label}: {len(files)} documents, {mb:.1f} MB (median of {repeat} runs, CPU time)")
    for name, what in (
        ("floor", "floor (read + NFC + number regex)"),
        ("foundation", "identity + references (foundation)"),
        ("full", "policykg parse (full extraction)"),
    ):
        print(f"  {what:37s} {mb / t[name]:8.2f} MB/s  ({t[name]:.2f} s)")
    ratio = t["full"] / t["floor"]
    print(f"  ratio to floor: foundation {t['foundation'] / t['floor']:.1f}x, full {ratio:.1f}x")
    return ratio


def real_files(folder: Path | None) -> tuple[str, list[Path]]:
    if folder is None:
        folder = SHARED_REAL if SHARED_REAL.is_dir() else DEV_REAL
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md"))
    return str(folder), [p for p in files if p.name != "README.md"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=300, help="generated documents")
    ap.add_argument("--real", type=Path, default=None, help="folder of real documents")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measure")
    ap.add_argument("--seed", type=int, default=7, help="seed of the generated corpus")
    args = ap.parse_args()
    ratios = {}
    with tempfile.TemporaryDirectory() as tmp:
        files = generate.generate(Path(tmp), args.docs, seed=args.seed)
        ratios["generated"] = report("generated corpus", files, args.repeat)
    where, files = real_files(args.real)
    if files:
        ratios["real"] = report(f"real documents ({where})", files, args.repeat)
    else:
        print(f"real documents: none under {where}")
    print("full extraction / floor: " + ", ".join(f"{k} {v:.1f}x" for k, v in ratios.items()))


if __name__ == "__main__":
    main()

"""Parse throughput on the bundled corpus repeated to about 30 MB, against a floor.

The floor is what no parser can beat: read the bytes, decode, NFC-normalise and run the
document-number regex once over the same files (the best of three runs). One run prints both
in MB/s and the ratio. Times are the CPU time of this process: on a busy machine the wall
clock of a long run grows with the other work, that of the short floor much less.

    python bench/parse.py [--mb 30]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

from policykg.loaders import regexes
from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.decode import read_document
from policykg.loaders.documents import extract_document
from policykg.loaders.parse import parse_file
from policykg.loaders.references import extract_references
from policykg.loaders.structure import layout

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def make_corpus(folder: Path, megabytes: float) -> list[Path]:
    sources = sorted(CORPUS.glob("*.txt"))
    size = sum(p.stat().st_size for p in sources)
    copies = max(1, round(megabytes * 1_000_000 / size))
    files = []
    for i in range(copies):
        for src in sources:
            dst = folder / f"{i:04d}_{src.name}"
            shutil.copyfile(src, dst)
            files.append(dst)
    return files


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
        parse_file(f)
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=30.0, help="corpus size in MB")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp), args.mb)
        mb = sum(f.stat().st_size for f in files) / 1_000_000
        floor(files[:20])  # warm the page cache and the regex
        t_floor = min(floor(files) for _ in range(3))
        t_found = foundation(files)
        t_full = full(files)
    print(f"corpus: {len(files)} documents, {mb:.1f} MB")
    print(f"floor (read + NFC + number regex):     {mb / t_floor:8.2f} MB/s  ({t_floor:.2f} s CPU)")
    print(f"identity + references (foundation):    {mb / t_found:8.2f} MB/s  ({t_found:.2f} s)")
    print(f"policykg parse (full extraction):      {mb / t_full:8.2f} MB/s  ({t_full:.2f} s)")
    print(f"ratio to floor: foundation {t_found / t_floor:.1f}x, full {t_full / t_floor:.1f}x")
    print(f"full extraction / foundation: {t_full / t_found:.2f}x")


if __name__ == "__main__":
    main()

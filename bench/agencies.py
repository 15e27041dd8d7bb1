"""Agency F1 of policykg against underthesea's named-entity recogniser, on the same gold.

underthesea is what a user would otherwise reach for; it is GPL-3.0, so it is installed by
this bench into its own venv (``bench/out/underthesea-venv``) and run there in a separate
process, never imported into policykg's environment. Its CRF ``ner`` runs offline with the
models its package ships; its ORG entities are taken as the agencies.

    python bench/agencies.py [--gold tests/data/gold] [--corpus examples/corpus]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import venv
from pathlib import Path
from types import ModuleType

from policykg.loaders.contract import to_contract
from policykg.loaders.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

# Runs inside the underthesea venv: one JSON object per document on stdout.
_NER_SCRIPT = r"""
import json, sys
from underthesea import ner

def orgs(line):
    found, current = [], []
    for word, _pos, _chunk, tag in ner(line):
        if tag == "B-ORG" or (tag == "I-ORG" and not current):
            if current:
                found.append(" ".join(current))
            current = [word]
        elif tag == "I-ORG":
            current.append(word)
        else:
            if current:
                found.append(" ".join(current))
            current = []
    if current:
        found.append(" ".join(current))
    return found

for path in sys.argv[1:]:
    names = set()
    for line in open(path, encoding="utf-8"):
        line = line.replace("*", "").replace("#", "").strip()
        if line:
            names.update(orgs(line))
    print(json.dumps({"source": path.rsplit("/", 1)[-1], "agencies": sorted(names)},
                     ensure_ascii=False))
"""


def _scorer(gold: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", gold / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _underthesea_python() -> Path:
    env = OUT / "underthesea-venv"
    python = env / "bin" / "python"
    if not python.exists():
        print("installing underthesea into", env, file=sys.stderr)
        venv.create(env, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "underthesea"], check=True)
    return python


def f1(score: ModuleType, gold_dir: Path, preds: dict[str, dict]) -> tuple[float, int, int, int]:  # type: ignore[type-arg]
    tally = score.Tally()
    for gf in sorted(gold_dir.glob("*.json")):
        g = json.loads(gf.read_text(encoding="utf-8"))
        p = preds.get(gf.stem, {})
        tally.add(score.agency_set(g), score.agency_set(p))
    return tally.f1, tally.tp, tally.fp, tally.fn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold")
    ap.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus")
    args = ap.parse_args()
    score = _scorer(args.gold)
    files = sorted(args.corpus.glob("*.txt"))

    ours = {f.stem: to_contract(parse_file(f)) for f in files}

    python = _underthesea_python()
    run = subprocess.run(
        [str(python), "-c", _NER_SCRIPT, *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = {}
    for line in run.stdout.splitlines():
        d = json.loads(line)
        theirs[Path(d["source"]).stem] = d

    f_ours, *c_ours = f1(score, args.gold, ours)
    f_theirs, *c_theirs = f1(score, args.gold, theirs)
    print(f"documents: {len(files)}")
    print(f"policykg agencies.f1:            {f_ours:.3f}  (tp, fp, fn = {tuple(c_ours)})")
    print(f"underthesea ner ORG agencies.f1: {f_theirs:.3f}  (tp, fp, fn = {tuple(c_theirs)})")
    ratio = f_ours / f_theirs if f_theirs else float("inf")
    print(f"ratio policykg / underthesea: {ratio:.1f}x")


if __name__ == "__main__":
    main()

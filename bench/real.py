"""How well policykg reads real published documents (``../shared/real/``).

Needs no gold for most figures: the share of documents whose own number (the letterhead's
``Số:`` is the truth), date, issuer, jurisdiction and signer are found; tasks and leads
found in documents that print lead-agency labels or task tables; pages that are not
documents but were given a number, issuer or tasks; files that crashed or warned. Then
the scorer's figures on the annotated development set (``tests/data/gold-real``) and on
the hold-out set (``tests/data/holdout``, annotated after tuning and never tuned on).

    python bench/real.py [--real ../shared/real] [--json bench/out/real.json]

Skipped, with a message, where the real corpus is absent (a user's clone).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from policykg.errors import PolicyKGError
from policykg.loaders.contract import to_contract
from policykg.loaders.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REAL = ROOT.parent / "shared" / "real"
DEV_TEXTS = ROOT / "tests" / "data" / "real"
DEV_GOLD = ROOT / "tests" / "data" / "gold-real"
HOLDOUT = ROOT / "tests" / "data" / "holdout"
SCORER = ROOT / "tests" / "data" / "gold" / "score.py"

# The truth, read from the raw text by a pattern of its own: the letterhead's "Số: ...".
_TRUTH_NUMBER = re.compile(
    r"(?m)^[ \t|]*Số[ \t]*:[ \t]*\n?[ \t]*"
    r"(?P<n>\d[^\s|]*(?:(?<=[-/])\n[^\s|]+|[ \t\n]+(?=/)[^\s|]+)?)"
)
# A signature block: "TM. ỦY BAN NHÂN DÂN", "KT. BỘ TRƯỞNG", or a signer's title in
# capitals in the last part of the text.
_SIGNATURE = re.compile(
    r"(?m)^[ \t|]*(?:(?:TM|T/M|KT|TL|TUQ|Q)\.[ \t]*[A-ZĐỦỶ]|(?:PHÓ[ \t]+)?(?:CHỦ[ \t]+TỊCH"
    r"|THỦ[ \t]+TƯỚNG|BỘ[ \t]+TRƯỞNG|THỨ[ \t]+TRƯỞNG|GIÁM[ \t]+ĐỐC|CHÁNH[ \t]+VĂN[ \t]+PHÒNG"
    r"|BÍ[ \t]+THƯ|CỤC[ \t]+TRƯỞNG|TRƯỞNG[ \t]+BAN)[ \t]*$)"
)
_LEAD_LABEL = re.compile(
    r"(?:Cơ\s+quan|Đơn\s+vị)\s+(?:chủ\s+trì|thực\s+hiện)[^:\n|]{0,20}:|^(?:Cơ\s+quan\s+)?[Cc]hủ\s+trì$",
    re.MULTILINE,
)


def _raw(path: Path) -> str:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
    return text.replace("*", "")


def _norm_number(s: str | None) -> str:
    """Numbers compare without spaces and line breaks, upper case."""
    return re.sub(r"\s+", "", s or "").upper().rstrip(".,;:)")


def measure(real: Path) -> dict[str, object]:
    docs = sorted((real / "documents").glob("*.md"))
    pages = sorted((real / "pages").glob("*.md"))
    crashed: list[str] = []
    warned = 0
    n = {k: 0 for k in ("number", "number_right", "date", "issuer", "jurisdiction", "kind")}
    signed = signer = 0
    labelled = with_tasks = tasks = led = 0
    with_truth = 0
    start = time.perf_counter()
    for path in docs:
        raw = _raw(path)
        truth = _TRUTH_NUMBER.search(raw)
        with_truth += truth is not None
        try:
            parsed = parse_file(path)
        except PolicyKGError as exc:
            crashed.append(f"{path.name}: {exc}")
            continue
        except Exception as exc:  # a crash is what this bench counts
            crashed.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        d = parsed.document
        warned += bool(parsed.warnings)
        n["number"] += d.number is not None
        if truth and _norm_number(d.number) == _norm_number(truth.group("n")):
            n["number_right"] += 1
        n["date"] += d.date is not None
        n["issuer"] += d.issuer is not None
        n["jurisdiction"] += d.jurisdiction is not None
        n["kind"] += d.kind is not None
        tail = raw[len(raw) // 3 :]
        if _SIGNATURE.search(tail):
            signed += 1
            signer += d.signer is not None
        # Procedure catalogues print "Cơ quan thực hiện:" for the office that handles a
        # procedure: no task (SCHEMA conventions), so they are not counted here.
        procedures = "thủ tục hành chính" in (d.title or "").lower()
        if _LEAD_LABEL.search(raw) and not procedures:
            labelled += 1
            with_tasks += bool(parsed.tasks)
            tasks += len(parsed.tasks)
            led += sum(1 for t in parsed.tasks if t.lead)
    seconds = time.perf_counter() - start
    wrong_pages = []
    for path in pages:
        try:
            parsed = parse_file(path)
        except Exception as exc:
            crashed.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        d = parsed.document
        if d.number or d.issuer or parsed.tasks:
            wrong_pages.append(path.name)
    total = len(docs)
    return {
        "documents": total,
        "pages": len(pages),
        "seconds": round(seconds, 2),
        "crashed": crashed,
        "warned": warned,
        "number_found": n["number"] / total,
        "number_right": n["number_right"] / max(1, with_truth),
        "date_found": n["date"] / total,
        "issuer_found": n["issuer"] / total,
        "jurisdiction_found": n["jurisdiction"] / total,
        "kind_found": n["kind"] / total,
        "signed": signed,
        "signer_found": signer / max(1, signed),
        "labelled_documents": labelled,
        "labelled_with_tasks": with_tasks / max(1, labelled),
        "tasks": tasks,
        "tasks_with_lead": led / max(1, tasks),
        "pages_taken_for_documents": wrong_pages,
    }


def dev_scores(texts: Path = DEV_TEXTS, gold_dir: Path = DEV_GOLD) -> dict[str, float]:
    """The scorer's totals on an annotated set (the development set by default)."""
    gold = sorted(gold_dir.glob("*.json"))
    preds = []
    for g in gold:
        text = texts / f"{g.stem}.md"
        preds.append(to_contract(parse_file(text)))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(preds, f, ensure_ascii=False)
    out = subprocess.run(
        [sys.executable, str(SCORER), f.name, "--gold", str(gold_dir), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(f.name).unlink()
    return json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL)
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "real.json")
    args = ap.parse_args()
    result: dict[str, object] = {}
    if (args.real / "documents").is_dir():
        result["real"] = measure(args.real)
        r = result["real"]
        assert isinstance(r, dict)
        print(f"{r['documents']} documents, {r['pages']} pages, parsed in {r['seconds']} s")
        for key in (
            "number_found", "number_right", "date_found", "issuer_found",
            "jurisdiction_found", "kind_found", "signer_found", "labelled_with_tasks",
            "tasks_with_lead",
        ):  # fmt: skip
            print(f"  {key:22} {r[key]:.3f}")
        print(f"  signed documents       {r['signed']}")
        print(f"  tasks found            {r['tasks']} in {r['labelled_documents']} labelled docs")
        print(f"  warned                 {r['warned']}")
        print(f"  crashed                {len(r['crashed'])}")  # type: ignore[arg-type]
        for c in r["crashed"]:  # type: ignore[attr-defined]
            print(f"    {c}")
        print(f"  pages taken for documents: {len(r['pages_taken_for_documents'])}")  # type: ignore[arg-type]
    else:
        print(f"{args.real}/documents not found: real-corpus figures skipped", file=sys.stderr)
    if any(DEV_GOLD.glob("*.json")):
        result["dev"] = scores = dev_scores()
        print("development set (tests/data/gold-real):")
        for k, v in scores.items():
            print(f"  {k:30} {v:.3f}" if isinstance(v, float) else f"  {k:30} {v}")
    if any((HOLDOUT / "gold").glob("*.json")):
        result["holdout"] = scores = dev_scores(HOLDOUT / "real", HOLDOUT / "gold")
        print("hold-out set (tests/data/holdout, never tuned on):")
        for k, v in scores.items():
            print(f"  {k:30} {v:.3f}" if isinstance(v, float) else f"  {k:30} {v}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Check a gold file of the development set: the schema's keys, and that quotes are in the text.

    python tests/data/gold-real/check_gold.py tests/data/gold-real/<id>.json ...
"""

import json
import re
import sys
import unicodedata
from pathlib import Path

KINDS = set(
    "resolution plan action_programme decision directive notice report scheme conclusion "
    "programme regulation guidance official_letter appendix other".split()
)
RELATIONS = {"implements", "replaces", "amends", "based_on", "cites"}
ROLES = {"lead", "coordinate", "implement", "advise", "monitor", "report"}
COMPARATORS = {"eq", "ge", "gt", "le", "lt", "approx", "range"}


def flat(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("*", "").replace("|", " ")
    return re.sub(r"\s+", " ", s).strip().casefold()


def check(path: Path) -> list[str]:
    g = json.loads(path.read_text(encoding="utf-8"))
    text = flat((path.parent.parent / "real" / f"{path.stem}.md").read_text(encoding="utf-8"))
    bad = []
    d = g["document"]
    if d.get("kind") not in KINDS:
        bad.append(f"kind {d.get('kind')!r}")
    for k in ("number", "date", "issuer", "jurisdiction", "signer", "title"):
        if k not in d:
            bad.append(f"document.{k} missing")
    if d.get("date") and not re.fullmatch(r"\d{4}-\d\d-\d\d", d["date"]):
        bad.append(f"date {d['date']!r}")
    for r in g["references"]:
        if r.get("relation") not in RELATIONS:
            bad.append(f"relation {r.get('relation')!r} of {r.get('number')}")
        ev = r.get("evidence")
        if ev and flat(ev) not in text:
            bad.append(f"reference evidence not in text: {ev[:80]!r}")
    for t in g["targets"]:
        if t.get("comparator") not in COMPARATORS:
            bad.append(f"comparator {t.get('comparator')!r}")
        if not isinstance(t.get("value"), int | float):
            bad.append(f"target value {t.get('value')!r}")
    ids = [t["id"] for t in g["tasks"]]
    if len(ids) != len(set(ids)):
        bad.append("duplicate task ids")
    for t in g["tasks"]:
        if not isinstance(t.get("lead"), list) or not isinstance(t.get("coordinating"), list):
            bad.append(f"task {t.get('id')}: lead/coordinating must be lists")
    for a in g["assignments"]:
        if a.get("role") not in ROLES:
            bad.append(f"role {a.get('role')!r}")
    if g["agencies"] != sorted(set(g["agencies"])):
        bad.append("agencies not sorted and unique")
    return bad


if __name__ == "__main__":
    status = 0
    for arg in sys.argv[1:]:
        for problem in check(Path(arg)):
            print(f"{arg}: {problem}")
            status = 1
    sys.exit(status)

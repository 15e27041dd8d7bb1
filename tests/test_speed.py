"""Extraction time grows in proportion to the text, never faster (issues 13 and 14).

Each input is timed against the floor of the same bytes in the same run: read the file,
decode it, NFC-normalise it and run the document-number regex over it, as
``bench/parse.py`` does. Times are the CPU time of the process, so that other work on the
machine counts less; the floor is the best of a few runs. The faster forms of patterns that
the loaders use are checked against the plain patterns on real text.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from policykg.errors import InputError
from policykg.loaders import (
    agencies,
    assignments,
    clean,
    limits,
    places,
    references,
    reflow,
    regexes,
    structure,
    tasks,
)
from policykg.loaders import targets as targets_module
from policykg.loaders.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
REAL = Path(__file__).resolve().parent / "data" / "real"

# At most this many times the floor, for prose (issue 13's "done when").
PROSE_BUDGET = 10
# A paragraph that cites a number every 50 bytes costs more per byte than prose: each
# citation is read for its kind, date, issuer and clause. The budget is still a constant
# times the floor; before issue 13 these inputs took thousands of times the floor. (The
# floor of 100 KB is a few milliseconds, so the ratio varies: 31-67x measured, about 40x
# after issue 14.)
CITATIONS_BUDGET = 100


def _corpus_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))


def _write(folder: Path, name: str, unit: str, size: int) -> Path:
    path = folder / name
    path.write_text(unit * (size // len(unit.encode()) + 1), encoding="utf-8")
    return path


def _floor_once(path: Path) -> float:
    start = time.process_time()
    text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8"))
    assert sum(1 for _ in regexes.DOC_NUMBER.finditer(text))
    return time.process_time() - start


def _ratio(path: Path) -> float:
    """CPU time of parsing ``path`` over the floor of its bytes."""
    floor = min(_floor_once(path) for _ in range(3))
    start = time.process_time()
    parse_file(path)
    spent = time.process_time() - start
    floor = min(floor, _floor_once(path))
    return spent / floor


def _decision(i: int) -> str:
    return f"Quyết định số {100 + i}/QĐ-UBND ngày {1 + i % 28:02d}/{1 + i % 12:02d}/20{10 + i % 15}"


_HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\nSố: 12/KH-UBND\nThái Bình, ngày 05 tháng 3 năm 2025\n"
    "KẾ HOẠCH\nThực hiện chuyển đổi số năm 2025\n"
)


@pytest.fixture
def no_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(limits.ENV_VAR, str(10**9))


@pytest.mark.usefixtures("no_limit")
def test_file_of_5_mb_without_line_breaks(tmp_path: Path) -> None:
    flat = " ".join(_corpus_text().split("\n")) + " "
    path = _write(tmp_path, "one_line.txt", flat, 5_000_000)
    ratio = _ratio(path)
    assert ratio < PROSE_BUDGET, f"{ratio:.1f}x the floor"


@pytest.mark.usefixtures("no_limit")
def test_paragraph_citing_5000_numbers(tmp_path: Path) -> None:
    cited = ", ".join(_decision(i) for i in range(5000))
    text = f"{_HEAD}I. MỤC ĐÍCH\n1. Các văn bản đã ban hành gồm: {cited}.\nII. TỔ CHỨC\n"
    path = tmp_path / "citations.txt"
    path.write_text(text, encoding="utf-8")
    assert 250_000 < path.stat().st_size < 280_000
    ratio = _ratio(path)
    assert ratio < CITATIONS_BUDGET, f"{ratio:.1f}x the floor"


@pytest.mark.usefixtures("no_limit")
def test_legal_basis_of_2000_decisions(tmp_path: Path) -> None:
    bases = "; ".join(_decision(i) for i in range(2000))
    text = f"{_HEAD.replace('KẾ HOẠCH', 'QUYẾT ĐỊNH')}Căn cứ {bases};\nQUYẾT ĐỊNH:\nĐiều 1. X.\n"
    path = tmp_path / "can_cu.txt"
    path.write_text(text, encoding="utf-8")
    doc = parse_file(path)
    assert len(doc.references) == 2000
    ratio = _ratio(path)
    assert ratio < CITATIONS_BUDGET, f"{ratio:.1f}x the floor"


@pytest.mark.usefixtures("no_limit")
def test_twice_the_citations_cost_about_twice_the_time(tmp_path: Path) -> None:
    def cpu(n: int) -> float:
        bases = "; ".join(_decision(i) for i in range(n))
        path = tmp_path / f"can_cu_{n}.txt"
        path.write_text(f"{_HEAD}Căn cứ {bases};\nI. MỤC ĐÍCH\n", encoding="utf-8")
        start = time.process_time()
        parse_file(path)
        return time.process_time() - start

    small = min(cpu(1000) for _ in range(2))
    large = min(cpu(2000) for _ in range(2))
    assert large / small < 3.0, f"{large / small:.2f}: slower than linear"


# Run apart, so that the peak memory is this parse's alone.
_BIG_FILE = """
import json, resource, sys, time, unicodedata
from pathlib import Path
from policykg.loaders import regexes
from policykg.loaders.parse import parse_file

def floor(path):
    start = time.process_time()
    text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8"))
    sum(1 for _ in regexes.DOC_NUMBER.finditer(text))
    return time.process_time() - start

path = Path(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.process_time()
parse_file(path)
spent = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"parse": spent, "floor": min(floor(path) for _ in range(3)),
                  "before": before, "peak": peak}))
"""


@pytest.mark.usefixtures("no_limit")
def test_file_of_50_mb(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", _corpus_text() + "\n", 50_000_000)
    size = path.stat().st_size
    run = subprocess.run(
        [sys.executable, "-c", _BIG_FILE, str(path)], capture_output=True, text=True, check=True
    )
    found = json.loads(run.stdout)
    ratio = found["parse"] / found["floor"]
    assert ratio < PROSE_BUDGET, f"{ratio:.1f}x the floor"
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    unit = 1 if sys.platform == "darwin" else 1024
    grown = (found["peak"] - found["before"]) * unit
    assert grown < 10 * size, f"peak memory {grown / size:.1f}x the file"


# ---------------------------------------------------------------------------------------
# The size limit
# ---------------------------------------------------------------------------------------


def test_limit_defaults_to_20_mb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(limits.ENV_VAR, raising=False)
    assert limits.max_bytes() == 20_000_000
    monkeypatch.setenv(limits.ENV_VAR, "60_000_000")
    assert limits.max_bytes() == 60_000_000
    assert limits.max_bytes(1000) == 1000


@pytest.mark.parametrize("raw", ["lots", "-5", "0", "20MB"])
def test_limit_that_is_no_size_is_refused(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(limits.ENV_VAR, raw)
    with pytest.raises(InputError, match=limits.ENV_VAR):
        limits.max_bytes()


def test_input_over_the_limit_is_refused_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(limits.ENV_VAR, raising=False)
    limits.check_size("plan.txt", 20_000_000)
    with pytest.raises(InputError) as refused:
        limits.check_size("dump.txt", 52_428_800)
    message = str(refused.value)
    assert "\n" not in message
    assert "dump.txt" in message and "52,428,800" in message and "20,000,000" in message
    limits.check_size("dump.txt", 52_428_800, limit=60_000_000)


# ---------------------------------------------------------------------------------------
# Fast forms of patterns find what the plain ones find
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def texts() -> list[str]:
    files = [*sorted(CORPUS.glob("*.txt")), *sorted(REAL.glob("*.md"))[:12]]
    found = [unicodedata.normalize("NFC", f.read_text(encoding="utf-8")) for f in files]
    return [*found, _SAMPLES]


# Sentences with what the corpus lacks: ranks and response times, in upper case too.
_SAMPLES = """Việt Nam thuộc NHÓM 4 nước dẫn đầu ASEAN và nhóm 60 nước dẫn đầu thế giới.
- Nằm trong Top 20 tỉnh, thành phố; trong tốp 15 địa phương dẫn đầu; TỐP 3.
Xử lý các điểm nước tù đọng TRONG 24-48 giờ sau khi nước rút; trong vòng 12 giờ đầu.
Trong thời hạn 24 giờ làm việc; hạn trong 5 giờ; đạt trên 90% và 10.000 lao động/năm.
Căn cứ Nghị định số142/2018/NĐ-CP, Thông tư SỐ12/2020/TT-BTC, TCVN 14423:2025, (QCVN
85:2025/BNNMT), 1-2/NQ-CP và x12/QĐ-UBND.
- Cơ quan chủ trì: Sở Tài chính.
  b) Thời gian hoàn thành: Quý II/2025
- (Đơn vị phối hợp: Công an tỉnh
"""


def _spans(matches: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def _hits_of(pattern: re.Pattern[str], kind: str, text: str) -> Iterable[re.Match[str]]:
    starts = targets_module._hit_starts(text, 0, len(text))[kind]
    return targets_module._matches_at(pattern, starts, text, len(text))


@pytest.mark.parametrize(
    ("fast", "plain"),
    [
        (lambda t: references._reference_numbers(t, 0, len(t)), regexes.REFERENCE_NUMBER),
        (clean._noise_matches, regexes.NOISE),
        (clean._page_breaks, regexes.PAGE_BREAK_JOIN),
        (
            lambda t: targets_module._quantity_matches(t, 0, len(t)),
            targets_module.QUANTITY,
        ),
        (lambda t: _hits_of(targets_module.RANK, "rank", t), targets_module.RANK),
        (
            lambda t: _hits_of(targets_module.RESPONSE_TIME, "within", t),
            targets_module.RESPONSE_TIME,
        ),
        (tasks._lead_lines, tasks.LEAD_LINE),
    ],
    ids=[
        "reference numbers",
        "noise",
        "page breaks",
        "quantities",
        "ranks",
        "response times",
        "lead lines",
    ],
)
def test_candidate_scan_finds_every_match(
    texts: list[str], fast: Callable[[str], Iterable[re.Match[str]]], plain: re.Pattern[str]
) -> None:
    for text in texts:
        assert _spans(fast(text)) == _spans(plain.finditer(text))


@pytest.mark.parametrize(
    "pattern",
    [
        regexes.MARKDOWN_HEADING,
        regexes.RECIPIENTS,
        regexes.ON_BEHALF,
        references._DECIDES,
        reflow.HEAD_CHROME,
        reflow.TAIL_CHROME,
        tasks.BARE_ITEM,
        tasks.FIELD_START,
        tasks.LEAD_LINE,
    ],
    ids=[
        "markdown headings",
        "recipients",
        "on behalf",
        "decides",
        "head chrome",
        "tail chrome",
        "bare items",
        "field starts",
        "lead lines",
    ],
)
def test_line_start_scan_finds_every_match(texts: list[str], pattern: re.Pattern[str]) -> None:
    for text in [*texts, "", "\n", "Nơi nhận:\n\nNơi nhận:", "x\n# a\n## b"]:
        for pos in sorted({0, 1, len(text) // 3, len(text) // 2 + 1, len(text)}):
            for end in (None, len(text) - 1):
                expected = _spans(pattern.finditer(text, pos, len(text) if end is None else end))
                assert _spans(regexes.line_matches(pattern, text, pos, end)) == expected
                first = regexes.line_search(pattern, text, pos, end)
                assert (first.span() if first else None) == (expected[0] if expected else None)
    with pytest.raises(ValueError, match="opens with"):
        regexes.line_search(regexes.DOC_NUMBER, "Số: 12/KH-UBND")


def test_action_verb_found_as_by_the_plain_search(texts: list[str]) -> None:
    for text in texts:
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        for a, b in lines:
            for pos in (a, a + 3):
                plain = agencies.ACTION_VERB.search(text, pos, b)
                fast = agencies.find_action_verb(text, pos, b)
                assert (fast.span() if fast else None) == (plain.span() if plain else None)
        whole = agencies.ACTION_VERB.search(text)
        fast = agencies.find_action_verb(text)
        assert (fast.span() if fast else None) == (whole.span() if whole else None)


def test_procedure_cue_found_in_lower_case(texts: list[str]) -> None:
    samples = ["a) TRÌNH TỰ THỰC HIỆN:", "Tên TTHC", "thành phần số lượng hồ sơ", "trình tự"]
    for text in [*texts, *samples]:
        plain = assignments.PROCEDURE_CUE.search(text) is not None
        assert assignments._has_procedures(text) is plain
    assert assignments._has_procedures("İ Trình tự thực hiện")  # no lower case: the plain pattern


def test_field_lines_found_in_one_pass(texts: list[str]) -> None:
    kinds = (
        ("lead", tasks.LEAD_LINE),
        ("coord", tasks.COORD_LINE),
        ("deadline", tasks.DEADLINE_LINE),
        ("result", tasks.RESULT_LINE),
        ("text", tasks.TEXT_LINE),
    )
    for text in texts:
        plain = sorted(
            ((kind, m) for kind, p in kinds for m in p.finditer(text)), key=lambda f: f[1].start()
        )
        found = tasks._field_lines(text)
        assert [(k, m.span()) for k, m in found] == [(k, m.span()) for k, m in plain]


def test_grouped_alternatives_match_as_the_list(texts: list[str]) -> None:
    words = agencies.ACTION_VERBS
    listed = re.compile(rf"(?:{agencies._alt(words)})(?![{regexes.LETTER}])")
    grouped = re.compile(rf"(?:{agencies._alt_trie(words)})(?![{regexes.LETTER}])")
    for text in texts:
        assert _spans(grouped.finditer(text)) == _spans(listed.finditer(text))


@pytest.mark.parametrize(
    "pattern",
    [references._THIS_CHANGES, references._SELF_TRIGGERS, references._KIND_BEFORE],
    ids=["this document changes", "triggers", "kind before"],
)
def test_lower_cased_pattern_finds_the_same(texts: list[str], pattern: re.Pattern[str]) -> None:
    for text in texts:
        low = clean.lower_for(text)
        assert low is not None
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        for a, b in lines:
            expected = _spans(pattern.finditer(text, a, b))
            assert _spans(clean.caseless(pattern).finditer(low, a, b)) == expected
    assert clean.lower_for("İstanbul") is None
    assert clean.lower_for("ſố") is None


def test_provinces_found_as_by_the_look_behind(texts: list[str]) -> None:
    names = sorted({*places.PROVINCES, *places._ALIASES}, key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"[ \t]+") for n in names)
    plain = re.compile(rf"(?<![\w])(?:{body})(?![\w])")
    for text in [*texts, "TháiBình, Thái Bình"]:
        expected = [(m.start(), m.end()) for m in plain.finditer(text)]
        found = [(s, e) for _, s, e in places.find_provinces(text)]
        assert found == [span for span in expected if places.canonical(text[slice(*span)])]


def test_offset_maps_compose_into_one() -> None:
    rng = random.Random(13)
    for _ in range(200):
        text = "".join(rng.choice("ab \n*") for _ in range(rng.randint(0, 60)))
        edits = []
        pos = 0
        while pos < len(text) and rng.random() < 0.7:
            a = rng.randint(pos, len(text))
            b = rng.randint(a, min(len(text), a + 4))
            edits.append((a, b, rng.choice(["", " ", "xy"])))
            pos = b + 1
        mid, inner = clean._replace_spans(text, edits)
        cuts = sorted(rng.sample(range(len(mid) + 1), min(3, len(mid) + 1)))
        out, outer_edits = mid, [(c, c + 1, "") for c in cuts if c < len(mid)]
        out, outer = clean._replace_spans(mid, outer_edits)
        flat = outer.then(inner)
        for i in range(len(out) + 2):
            assert flat(i) == inner(outer(i))


def test_span_lookups_agree_with_a_pass_over_all_spans() -> None:
    rng = random.Random(14)
    for _ in range(100):
        spans = sorted(
            ((a, a + rng.randint(0, 30)) for a in (rng.randint(0, 100) for _ in range(12))),
            key=lambda s: s[0],
        )
        for with_start in (True, False):
            for with_end in (True, False):
                cover = structure.Cover(spans, with_start=with_start, with_end=with_end)
                for x in range(-2, 135):
                    expected = any(
                        (a <= x if with_start else a < x) and (x <= b if with_end else x < b)
                        for a, b in spans
                    )
                    assert cover(x) is expected
        innermost = structure.Innermost(spans, lambda s: s[0], lambda s: s[1], strict=True)
        for x in [*range(0, 135, 3), 7, 50]:  # in order, then asked again out of order
            best = None
            for s in spans:
                if s[0] < x < s[1] and (best is None or s[0] >= best[0]):
                    best = s
            assert innermost(x) is best

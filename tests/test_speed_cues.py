"""The quick tests that let the loaders skip work (issue 14) change no result.

Each cue is a superset of what the slow path looks for: where it finds nothing, the slow
path would have found nothing either. Checked by reading real documents with the cue and
with a cue that finds something everywhere (the slow path on every line and clause).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from policykg.loaders import agencies, assignments, decode, regexes, structure, targets
from policykg.loaders.clean import clean
from policykg.loaders.context import DocContext
from policykg.loaders.documents import extract_document
from policykg.records import Assignment

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
REAL = Path(__file__).resolve().parent / "data" / "real"

# Matches everywhere: a cue that sets nothing aside.
_EVERYWHERE = re.compile("")


def _documents() -> list[Path]:
    return [*sorted(CORPUS.glob("*.txt")), *sorted(REAL.glob("*.md"))]


def _assignments(path: Path) -> tuple[Assignment, ...]:
    cleaned = clean(path.read_text(encoding="utf-8"), path.name)
    ctx = DocContext(cleaned, structure.layout(cleaned))
    info = extract_document(ctx)
    return assignments.extract_assignments(
        DocContext(cleaned, ctx.layout, jurisdiction=info.jurisdiction)
    )


def test_clauses_set_aside_give_no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = _documents()
    assert len(documents) > 50
    quick = [_assignments(p) for p in documents]
    for name in ("CLAUSE_CUE", "HANDING_CUE", "SUBJECT_START"):
        monkeypatch.setattr(assignments, name, _EVERYWHERE)
    slow = [_assignments(p) for p in documents]
    assert sum(map(len, quick)) > 500  # the documents give work to many bodies
    for path, found, expected in zip(documents, quick, slow, strict=True):
        assert found == expected, path.name


@pytest.mark.parametrize(
    ("phrase", "is_list"),
    [
        ("Sở Tài chính, Sở Y tế", True),
        ("Giám đốc Sở Nội vụ", True),  # a title that stands for its body
        ("các Bộ trưởng, Thủ trưởng cơ quan ngang bộ", True),
        ("Giao Văn phòng UBND tỉnh", True),
        ("tổ chức thực hiện có hiệu quả", False),
        ("Sở Tài chính chủ trì", False),  # a verb: a clause, not a list
    ],
)
def test_list_of_bodies(phrase: str, is_list: bool) -> None:
    assert assignments._is_list(phrase) is is_list


def test_first_letter_groups_match_where_an_alternative_does() -> None:
    grouped = re.compile(agencies.by_first_letter(agencies.NAMING_CUES))
    plain = re.compile("|".join(f"(?:{a})" for a in agencies.NAMING_CUES))
    text = "\n".join(
        unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in _documents()[:12]
    )
    positions = [m.start() for m in re.finditer(r"\S+", text)]  # every word
    assert sum(1 for pos in positions if plain.match(text, pos)) > 1000
    for pos in positions:
        assert bool(grouped.match(text, pos)) == bool(plain.match(text, pos)), text[pos : pos + 40]


def _plain_control_share(codes: list[int]) -> float:
    controls = sum(1 for c in codes if c < 0x20 and c not in b"\t\n\r\f")
    return controls / len(codes) if codes else 0.0


@pytest.mark.parametrize(
    "sample",
    [b"", b"Ke hoach\r\n\tso 12\x0c", b"\x01\x02PK\x03\x04" * 50, bytes(range(256)) * 3],
)
def test_control_share_counts_as_a_loop_would(sample: bytes) -> None:
    assert decode._control_share(sample) == _plain_control_share(list(sample))
    text = sample.decode("latin-1")
    assert decode._control_share(text) == _plain_control_share([ord(c) for c in text])


def test_lines_are_the_text_split_at_line_breaks() -> None:
    text = "  a\n\nb  \r\n\tc\n"
    lines = structure._lines(text)
    assert [(ln.start, ln.end, ln.text) for ln in lines] == [
        (0, 3, "a"),
        (4, 4, ""),
        (5, 9, "b"),
        (10, 12, "c"),
        (13, 13, ""),
    ]
    assert all(text[ln.start : ln.end].strip() == ln.text for ln in lines)


def test_hit_starts_read_back_from_the_figures() -> None:
    texts = [p.read_text(encoding="utf-8") for p in _documents()[:20]]
    samples = (
        "Trong  vòng\n tối   đa 24 giờ; TRONG TỐI ĐA 5; trong đa 3; trong vòng vòng 4; Nhóm 3;"
        " NHÓM\t2; tốp 10; TOP 5; trongvòng 8 ,9 a9 .9 /9 _9 ٣ trong 6"
    )
    texts += [samples, "ı trong 5"]  # (a dotless i: read by the pattern)
    for text in texts:
        n = len(text)
        for start, end in ((0, n), (n // 3, n // 2), (n // 2 + 1, n)):
            expected = targets._pattern_hit_starts(text, start, end)
            assert targets._hit_starts(text, start, end) == expected
    found = targets._hit_starts(samples, 0, len(samples))
    assert len(found["rank"]) == 4 and len(found["within"]) == 3


@pytest.mark.parametrize(
    "pattern",
    [regexes.RECIPIENTS, assignments.PROCEDURE_FIELD, assignments.LEAD_LINE],
    ids=["recipients", "procedure fields", "lead lines"],
)
def test_lines_opening_as_each_line_matched(pattern: re.Pattern[str]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in _documents()]
    texts.append("- Cơ quan thực hiện: Sở Y tế\nNơi nhận:\n  Cơ quan giải quyết: UBND tỉnh\n")
    found = 0
    for text in texts:
        start = len(text) // 5  # (inside a line, as a body's start is)
        by_line = {}
        for line in structure._lines(text):
            if line.start >= start and (m := pattern.match(text, line.start, line.end)):
                by_line[line.start] = m.span()
        fast = assignments._lines_opening(pattern, text, start, len(text))
        assert {k: m.span() for k, m in fast.items()} == by_line
        found += len(by_line)
    assert found > 3

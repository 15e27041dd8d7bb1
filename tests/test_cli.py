"""The `policykg parse` command: the JSON contract, the scorer floors, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import cli

from .conftest import CORPUS, GOLD

# The floors of the foundation and responsibility issues, on the bundled corpus.
FLOORS = {
    "document.accuracy": 0.95,
    "references.f1": 0.97,
    "references.relation_accuracy": 0.9,
    "tasks.id_f1": 0.97,
    "tasks.lead_f1": 0.95,
    "targets.f1": 0.9,
    "agencies.f1": 0.85,
}


@pytest.fixture(scope="module")
def corpus_json() -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["parse", str(CORPUS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: list[dict] = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


def test_contract_keys(corpus_json: list[dict]) -> None:  # type: ignore[type-arg]
    assert [d["source"] for d in corpus_json] == sorted(p.name for p in CORPUS.glob("*.txt"))
    for d in corpus_json:
        assert {"document", "references", "targets", "tasks", "assignments", "agencies"} <= set(d)
        assert set(d["document"]) >= {
            "kind", "number", "date", "issuer", "jurisdiction", "jurisdiction_evidence",
            "signer", "signer_title", "title",
        }  # fmt: skip
        for r in d["references"]:
            assert r["relation"] in {"implements", "replaces", "amends", "based_on", "cites"}
            assert r["provenance"]["source"] == d["source"]


def test_scorer_floors_on_the_bundled_corpus(
    corpus_json: list[dict],  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(corpus_json, ensure_ascii=False), encoding="utf-8")
    mins = [arg for k, v in FLOORS.items() for arg in ("--min", f"{k}={v}")]
    run = subprocess.run(
        [sys.executable, str(GOLD / "score.py"), str(pred), "--gold", str(GOLD), *mins],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_golden_lineage_facts(corpus_json: list[dict]) -> None:  # type: ignore[type-arg]
    by_source = {d["source"][:3]: d for d in corpus_json}
    refs = {r["number"]: r for r in by_source["004"]["references"] if r["number"]}
    assert refs["57-NQ/TW"]["relation"] == "implements"
    assert refs["376-KH/TU"]["key"] == "thai-binh/376-KH/TU"
    assert refs["26/KH-UBND"]["relation"] == "replaces"
    task = next(t for t in by_source["004"]["tasks"] if t["id"] == "8.1")
    assert "02-NQ/TU" in task["references"]


def test_table_format() -> None:
    result = CliRunner().invoke(cli, ["parse", str(CORPUS / "004_1b73a6d31f29fe0d.txt")])
    assert result.exit_code == 0
    assert "004_1b73a6d31f29fe0d.txt" in result.stdout
    assert "implements 57-NQ/TW" in " ".join(result.stdout.split())


BAD = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "corrupt or truncated image"),
    ("binary.md", bytes(range(256)) * 4, "not a text document"),
    ("latin.txt", "Grüße aus Köln, schöne Straße".encode("cp1252"), "unknown text encoding"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_gets_one_line_and_others_still_parse(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = CORPUS / "001_e787aadbb233535e.txt"
    result = CliRunner().invoke(cli, ["parse", str(bad), str(good), "--format", "json"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if str(bad) in line]
    assert len(errors) == 1 and message in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert [d["source"] for d in json.loads(result.stdout)] == [good.name]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "notes.csv").write_bytes(b"a,b")
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(cli, ["parse", str(missing), str(empty), "--format", "json"])
    assert result.exit_code == 1
    assert f"{missing}: no such file or folder" in result.stderr
    assert f"{empty}: no documents (" in result.stderr
    assert json.loads(result.stdout) == []


def test_legacy_encoding_is_converted_and_said(tmp_path: Path) -> None:
    text = (CORPUS / "000_05eae9042a94ebff.txt").read_text(encoding="utf-8")
    f = tmp_path / "cp1258.txt"
    f.write_bytes(unicodedata.normalize("NFD", text).encode("cp1258", errors="replace"))
    result = CliRunner().invoke(cli, ["parse", str(f), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    (doc,) = json.loads(result.stdout)
    assert doc["encoding"] == "windows-1258"
    assert any(r["number"] == "52-NQ/TW" for r in doc["references"])
    assert "windows-1258" in result.stderr.lower() or "Windows-1258" in result.stderr


def test_no_title_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    f = tmp_path / "note.txt"
    f.write_text("Một ghi chú không có tiêu đề.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(f), "--format", "json"])
    assert result.exit_code == 0
    assert f"{f}: warning: not a policy document: no title, number or letterhead" in result.stderr
    assert json.loads(result.stdout)[0]["document"]["kind"] is None


def test_a_web_page_gets_no_tasks_targets_or_roles(tmp_path: Path) -> None:
    # A news page (as in ../shared/real/pages) that quotes a plan's goals and duties.
    f = tmp_path / "news.md"
    f.write_text(
        "# Tỉnh đặt mục tiêu kinh tế số\n\nĐến năm 2030, kinh tế số chiếm tối thiểu 30% GRDP."
        " Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính theo dõi.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["parse", str(f), "--format", "json"])
    doc = json.loads(result.stdout)[0]
    assert (doc["tasks"], doc["targets"], doc["assignments"]) == ([], [], [])


def test_no_title_but_a_number_is_a_document(tmp_path: Path) -> None:
    f = tmp_path / "letter.txt"
    f.write_text("Số: 1329/UBND-KGVX\nV/v triển khai kế hoạch.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(f), "--format", "json"])
    assert result.exit_code == 0
    assert "not a policy document" not in result.stderr


def test_one_warning_line_a_file() -> None:
    # A plan whose task table has many rows without a lead: many warnings, one line.
    f = Path(__file__).parent / "data" / "real" / "f004d93b21e7fc5f.md"
    result = CliRunner().invoke(cli, ["parse", str(f), "--format", "json"])
    assert result.exit_code == 0
    warnings = json.loads(result.stdout)[0]["warnings"]
    assert len(warnings) > 1
    lines = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(lines) == 1
    assert f"and {len(warnings) - 1} more" in lines[0]

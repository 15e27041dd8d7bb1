"""`policykg build` and the query commands on the bundled corpus: the issue's "done when"."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.graph import graphdb
from policykg.graph import store as st

from .conftest import CORPUS

PLAN = "004_1b73a6d31f29fe0d.txt"
RESOLUTION_003 = "003_07a70d37f77f3d0b.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / ".policykg"
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--store", str(path)])
    assert result.exit_code == 0, result.output
    assert "5 documents" in result.stderr
    return path


def run(store: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _numbers(path: dict[str, Any]) -> list[str | None]:
    return [n.get("number") or n.get("file") or n["label"] for n in path["nodes"]]


def test_lineage_of_task_8_1_reaches_the_central_directives(store: Path) -> None:
    data = run(store, "lineage", f"{PLAN}#8.1")
    assert data["start"]["key"] == f"{PLAN}#8.1"
    assert data["start"]["document"]["key"] == PLAN
    assert data["start"]["task_id"] == "8.1"
    assert data["start"]["document"]["file"] == PLAN
    paths = [_numbers(p) for p in data["paths"]]
    tails = {tuple(p[1:]) for p in paths}
    assert (PLAN, "57-NQ/TW") in tails  # directly
    assert (PLAN, "376-KH/TU", "57-NQ/TW") in tails  # through the provincial action plan
    assert (PLAN, "71/NQ-CP", "57-NQ/TW") in tails
    assert ("02-NQ/TU", "52-NQ/TW") in tails  # 003, numbered by the manifest
    (via_003,) = [p for p in data["paths"] if _numbers(p)[1:] == ["02-NQ/TU", "52-NQ/TW"]]
    assert via_003["nodes"][1]["file"] == RESOLUTION_003
    assert via_003["nodes"][1]["key"] == f"02-NQ/TU ({RESOLUTION_003})"
    assert via_003["nodes"][1]["loaded"] is True
    for edge in via_003["edges"]:
        assert edge["type"] == "IMPLEMENTS"
        assert edge["evidence"]["quote"]
    assert "02-NQ/TU" in via_003["edges"][0]["evidence"]["quote"]


def test_cascade_of_52_lists_the_three_provinces(store: Path) -> None:
    data = run(store, "cascade", "52-NQ/TW")
    assert data["directive"]["number"] == "52-NQ/TW"
    provinces = {e["node"]["jurisdiction"] for e in data["entries"]}
    assert provinces == {"Thái Bình", "Thừa Thiên Huế", "Hải Dương"}
    files = {e["node"].get("file") for e in data["entries"] if e["depth"] == 1}
    assert files >= {
        "000_05eae9042a94ebff.txt",
        "001_e787aadbb233535e.txt",
        "002_727f14eddfa7dc9f.txt",
        RESOLUTION_003,
    }
    task = [e for e in data["entries"] if e["node"]["type"] == "Task"]
    assert [(t["depth"], t["node"]["task_id"], t["via"]["number"]) for t in task] == [
        (2, "8.1", "02-NQ/TU")
    ]


def test_who_lists_the_tasks_of_the_department_of_science(store: Path) -> None:
    data = run(store, "who", "Sở Khoa học và Công nghệ", "--province", "Thái Bình")
    assert [a["label"] for a in data["agencies"]] == ["Sở Khoa học và Công nghệ"]
    assert data["agencies"][0]["jurisdiction"] == "Thái Bình"
    assert len(data["tasks"]) >= 20
    roles = {t["role"] for t in data["tasks"]}
    assert "lead" in roles
    assert {t["task"]["document"]["file"] for t in data["tasks"]} == {PLAN}
    ids = [t["task"]["task_id"] for t in data["tasks"]]
    assert "1.1" in ids


def test_who_accepts_a_name_typed_without_accents(store: Path) -> None:
    data = run(store, "who", "so khoa hoc va cong nghe", "--province", "thai binh")
    assert [a["label"] for a in data["agencies"]] == ["Sở Khoa học và Công nghệ"]


def test_targets_compare_digital_economy_across_provinces(store: Path) -> None:
    data = run(store, "targets", "kinh tế số")
    share = {
        (r["jurisdiction"], r["year"]): r["value"] for r in data if r["indicator"] == "kinh tế số"
    }
    assert share[("Thái Bình", 2025)] == 20
    assert share[("Thừa Thiên Huế", 2025)] == 15
    assert share[("Thái Bình", 2030)] == 30
    assert share[("Thừa Thiên Huế", 2030)] == 20
    assert share[("Hải Dương", 2030)] == 30
    assert {r["jurisdiction"] for r in data} == {"Thái Bình", "Thừa Thiên Huế", "Hải Dương"}
    only_2025 = run(store, "targets", "kinh tế số", "--year", "2025")
    assert {r["year"] for r in only_2025} == {2025}


def test_coverage_of_52(store: Path) -> None:
    # Today the three provinces are parts of those that absorbed them in 2025.
    data = run(store, "coverage", "52-NQ/TW")
    assert {c["province"] for c in data["covered"]} == {"Hưng Yên", "Huế", "Hải Phòng"}
    assert data["provinces"] == 34
    assert "Hà Nội" in data["missing"] and "Hưng Yên" not in data["missing"]
    before = run(store, "coverage", "52-NQ/TW", "--as-of", "2025-01-01")
    covered = {c["province"] for c in before["covered"]}
    assert covered == {"Thái Bình", "Huế", "Hải Dương"}  # Huế a city from that day
    assert before["provinces"] == 63
    older = run(store, "coverage", "52-NQ/TW", "--as-of", "2024-12-31")
    assert {c["province"] for c in older["covered"]} == {"Thái Bình", "Thừa Thiên Huế", "Hải Dương"}
    assert "Hà Nội" in before["missing"] and "Thái Bình" not in before["missing"]


def test_validate_passes(store: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout


def test_empty_result_is_an_empty_list(store: Path) -> None:
    assert run(store, "targets", "không có chỉ tiêu này") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lineage", "99-NQ/TW"], "no document '99-NQ/TW'"),
        (["lineage", f"{PLAN}#99.9"], "has no task '99.9'"),
        (["who", "Sở Không Tồn Tại"], "no agency"),
        (["coverage", "57-NQ/TW", "--province", "Atlantis"], "unknown province"),
    ],
    ids=["unknown-number", "unknown-task", "unknown-agency", "unknown-province"],
)
def test_bad_ids_are_one_line_errors(store: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, [*args, "--store", str(store)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_query_without_a_store_says_to_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["lineage", "52-NQ/TW", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "run `policykg build PATH` first" in result.stderr


def test_resolve_suggest_proposes_02_for_003(tmp_path: Path) -> None:
    store = tmp_path / "s"
    built = CliRunner().invoke(cli, ["build", str(CORPUS), "--no-manifest", "--store", str(store)])
    assert built.exit_code == 0, built.output
    result = CliRunner().invoke(cli, ["resolve", "--suggest", "--store", str(store)])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith(RESOLUTION_003)]
    assert rows[0].startswith(f"{RESOLUTION_003},02-NQ/TU,19/11/2021,")
    # The suggestion pastes into a manifest that build accepts.
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,number,date,issuer,jurisdiction,kind,title\n" + rows[0] + "\n")
    again = CliRunner().invoke(
        cli, ["build", str(CORPUS), "--manifest", str(manifest), "--store", str(store)]
    )
    assert again.exit_code == 0, again.output
    data = run(store, "lineage", RESOLUTION_003)
    assert data["start"]["number"] == "02-NQ/TU"


def test_sparql_canned_query_with_a_binding(store: Path) -> None:
    iri = "https://policykg.org/id/doc/tw/52-NQ-TW"
    data = run(store, "sparql", "coverage", "--bind", f"start={iri}")
    assert {r["jurisdiction"] for r in data} == {"Thái Bình", "Thừa Thiên Huế", "Hải Dương"}
    for name in ("52-NQ/TW", "doc/tw/52-NQ-TW"):
        assert run(store, "sparql", "coverage", "--bind", f"start={name}") == data


TASK_IRI = f"https://policykg.org/id/doc/thai-binh/file/{PLAN[:-4]}/task/8.1"
SKHCN_IRI = "https://policykg.org/id/agency/thai-binh/so-khoa-hoc-va-cong-nghe"


@pytest.mark.parametrize(
    ("args", "binding", "iri"),
    [
        (["lineage", "--bind", f"start={PLAN}#8.1"], "start", TASK_IRI),
        (["lineage", "--bind", f"start={PLAN[:-4]}#8.1"], "start", TASK_IRI),
        (
            ["who", "--bind", "agency=Sở Khoa học và Công nghệ", "--province", "Thái Bình"],
            "agency",
            SKHCN_IRI,
        ),
        (["who", "--bind", "agency=Sở Khoa học và Công nghệ (Thái Bình)"], "agency", SKHCN_IRI),
        (
            ["who", "--bind", "agency=so khoa hoc va cong nghe", "--province", "Thái Bình"],
            "agency",
            SKHCN_IRI,
        ),
        (["lineage", "--bind", f"start={TASK_IRI}", "--engine", "rdflib"], "start", TASK_IRI),
    ],
    ids=["task key", "task without .txt", "agency name", "agency key", "province", "iri"],
)
def test_sparql_binds_what_the_other_commands_take(
    store: Path, args: list[str], binding: str, iri: str
) -> None:
    rows = run(store, "sparql", *args)
    assert rows
    assert {r[binding] for r in rows} == {iri}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lineage"], "lineage needs --bind start=... (a task or document:"),
        (["who"], "who needs --bind agency=..."),
        (["nosuchname"], "no canned query 'nosuchname' (one of lineage, cascade,"),
        (["no/such/file"], "no/such/file: no such query file"),
        (["lineage", "--bind", "start=99-NQ/TW"], "no document '99-NQ/TW'"),
        (["who", "--bind", "agency=Sở Thông tin và Truyền thông"], "names 4 agencies"),
        (["who", "--bind", "agency"], "expected NAME=VALUE"),
        (["lineage", "--bind", "start=1", "--engine", "jena"], "Invalid value for '--engine'"),
        (
            ["SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"],
            "SERVICE is not allowed here",
        ),
        (
            ["SELECT * FROM <http://127.0.0.1:1/x> WHERE { ?s ?p ?o }", "--engine", "rdflib"],
            "FROM is not allowed here",
        ),
    ],
    ids=[
        "no binding",
        "no agency",
        "unknown name",
        "unknown file",
        "unknown number",
        "agency in 3 provinces",
        "bad bind",
        "unknown engine",
        "another endpoint",
        "remote data",
    ],
)
def test_sparql_mistakes_are_one_line(store: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["sparql", *args, "--store", str(store)])
    assert result.exit_code in (1, 2), result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert len(result.stderr.strip().splitlines()) == 1


def test_view_writes_an_offline_page(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "lineage.html"
    result = CliRunner().invoke(cli, ["view", f"{PLAN}#8.1", "-o", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert "57-NQ/TW" in html and "52-NQ/TW" in html
    assert "<script src=" not in html and "https://cdn" not in html


def test_build_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "corpus"]).exit_code == 0
    assert (tmp_path / ".policykg" / st.GRAPH_FILE).is_file()
    result = runner.invoke(cli, ["lineage", "02-NQ/TU", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["roots"][0]["number"] in ("52-NQ/TW", "749/QĐ-TTg")


def test_validate_reports_a_task_without_its_document(store: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(store, broken)
    graph = st.load_graph(broken)
    task = "doc/thai-binh/file/004_1b73a6d31f29fe0d/task/8.1"
    edges = [e for e in graph.edges if not (e.source == task and e.type.value == "PART_OF")]
    assert len(edges) == len(graph.edges) - 1
    with st.open_graph(broken) as reader:
        inputs = reader.inputs()
    graphdb.write(broken / st.GRAPH_FILE, replace(graph, edges=tuple(edges)), inputs)
    result = CliRunner().invoke(cli, ["validate", "--store", str(broken)])
    assert result.exit_code == 1
    assert task in result.stdout
    assert "partOf" in result.stdout


def test_sparql_opens_an_on_disk_oxigraph_once(store: Path) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    first = run(store, "sparql", query)
    (made,) = (p for p in store.glob("oxigraph-*") if p.is_dir())
    again = run(store, "sparql", query, "--engine", "rdflib")
    assert first == again and first[0]["n"] > 1000
    assert [p for p in store.glob("oxigraph-*") if p.is_dir()] == [made]
    assert not list(store.glob(".*.tmp"))


def test_sparql_keywords_inside_strings_iris_and_comments_are_not_clauses() -> None:
    from policykg.queries.sparql import check_local

    check_local('SELECT ?s WHERE { ?s <https://x.org/from#load> "SERVICE" } # FROM <x>')

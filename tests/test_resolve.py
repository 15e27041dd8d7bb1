"""Resolution: parsed documents -> one graph, with identity decided by scoped numbers."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from policykg.graph.centre import name_is_central
from policykg.graph.model import EdgeType, NodeType, PolicyGraph, dumps
from policykg.graph.names import name_key
from policykg.graph.resolve import resolve
from policykg.graph.stubs import Stub, stub_jurisdiction
from policykg.loaders.manifest import ManifestEntry, read_manifest
from policykg.loaders.parse import parse_text
from policykg.records import ParsedDocument

from .conftest import CORPUS, LETTERHEADS


def _text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _ubnd_plan(
    province: str, number: str, day: str, cites: str, task: str, signer: str = "Nguyễn Quang Hưng"
) -> str:
    """A provincial People's Committee plan with its letterhead (the shape of ubnd_plan.txt)."""
    return _text(
        "ỦY BAN NHÂN DÂN",
        f"TỈNH {province.upper()}",
        "-------",
        f"Số: {number}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "---------------",
        f"{province}, ngày {day}",
        "",
        "KẾ HOẠCH",
        cites,
        "",
        "II. NHIỆM VỤ",
        task,
        "Cơ quan chủ trì: Sở Khoa học và Công nghệ.",
        "Cơ quan phối hợp: Sở Tài chính.",
        "Thời gian hoàn thành: năm 2025.",
        "",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "",
        signer,
    )


PLAN_283 = _ubnd_plan(
    "Thái Bình",
    "283/KH-UBND",
    "24 tháng 9 năm 2025",
    "Thực hiện Nghị quyết số 02-NQ/TU ngày 19/11/2021 của Ban Chấp hành Đảng bộ tỉnh về chuyển"
    " đổi số tỉnh Thái Bình đến năm 2025, định hướng đến năm 2030 và Nghị quyết số 52-NQ/TW"
    " ngày 27/9/2019 của Bộ Chính trị",
    "1. Xây dựng, phát triển chính quyền số, nền kinh tế số và xã hội số.",
)

# Another Thái Bình plan citing the same resolution, with a day typed wrong.
PLAN_26 = _ubnd_plan(
    "Thái Bình",
    "26/KH-UBND",
    "13 tháng 02 năm 2025",
    "Thực hiện Nghị quyết số 02-NQ/TU ngày 20/11/2021 của Ban Chấp hành Đảng bộ tỉnh về chuyển"
    " đổi số tỉnh Thái Bình đến năm 2025, định hướng đến năm 2030",
    "1. Phát triển hạ tầng số, bảo đảm an toàn thông tin mạng.",
)

# Hải Dương has its own 02-NQ/TU: a local number means one document per province.
PLAN_HD = _ubnd_plan(
    "Hải Dương",
    "120/KH-UBND",
    "15 tháng 3 năm 2022",
    "Thực hiện Nghị quyết số 02-NQ/TU ngày 05/8/2021 của Ban Chấp hành Đảng bộ tỉnh về chuyển"
    " đổi số tỉnh Hải Dương và Nghị quyết 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị",
    "1. Xây dựng chính quyền số.",
    signer="Triệu Thế Hùng",
)

_RESOLUTION_BODY = (
    "NGHỊ QUYẾT",
    "CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH",
    "về chuyển đổi số tỉnh Thái Bình đến năm 2025, định hướng đến năm 2030",
    "",
    "I. TÌNH HÌNH VÀ NGUYÊN NHÂN",
    "Thời gian qua, quán triệt và thực hiện Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ"
    " Chính trị về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp"
    " lần thứ tư, việc chuyển đổi số trên địa bàn tỉnh đạt được kết quả bước đầu quan trọng.",
    "",
    "T/M TỈNH ỦY",
    "BÍ THƯ",
    "",
    "Ngô Đông Hải",
)

# 02-NQ/TU with its letterhead (the shape of party_province.txt).
RESOLUTION_02 = _text(
    "TỈNH ỦY THÁI BÌNH",
    "*",
    "Số 02-NQ/TU",
    "",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "",
    "Thái Bình, ngày 19 tháng 11 năm 2021",
    "",
    *_RESOLUTION_BODY,
)

# The same resolution as the sample corpus has it: the letterhead lost in conversion.
RESOLUTION_02_BARE = _text(*_RESOLUTION_BODY)

TB = "doc/thai-binh/02-NQ-TU"
HD = "doc/hai-duong/02-NQ-TU"
NQ52 = "doc/tw/52-NQ-TW"
P283 = "doc/thai-binh/283-KH-UBND"
P26 = "doc/thai-binh/26-KH-UBND"
PHD = "doc/hai-duong/120-KH-UBND"


def _parse(text: str, source: str) -> ParsedDocument:
    return parse_text(text, source)


def _manifest_entry(tmp_path: Path, row: str) -> ManifestEntry:
    path = tmp_path / "manifest.csv"
    path.write_text("file,number,date,issuer,jurisdiction,kind,title\n" + row, encoding="utf-8")
    (entry,) = read_manifest(path).entries
    return entry


def _document_nodes(graph: PolicyGraph, number: str) -> list[str]:
    return [n.id for n in graph.nodes if n.type is NodeType.DOCUMENT and n.get("number") == number]


# --- identity of documents -------------------------------------------------------------


def test_local_number_is_scoped_to_its_province() -> None:
    graph = resolve([_parse(PLAN_283, "283.txt"), _parse(PLAN_HD, "120.txt")])
    assert sorted(_document_nodes(graph, "02-NQ/TU")) == [HD, TB]
    assert graph.node(TB).get("jurisdiction") == "Thái Bình"
    assert graph.node(HD).get("jurisdiction") == "Hải Dương"
    assert graph.edge(P283, "IMPLEMENTS", TB) is not None
    assert graph.edge(PHD, "IMPLEMENTS", HD) is not None
    assert graph.edge(P283, "IMPLEMENTS", HD) is None


def test_national_number_is_one_node() -> None:
    graph = resolve([_parse(PLAN_283, "283.txt"), _parse(PLAN_HD, "120.txt")])
    assert _document_nodes(graph, "52-NQ/TW") == [NQ52]
    citing = sorted(
        e.source for e in graph.edges if e.target == NQ52 and e.source.startswith("doc/")
    )
    assert citing == [PHD, P283]
    assert graph.node(NQ52).get("scope") == "national"


def test_cited_not_loaded_is_a_stub_with_what_the_reference_says() -> None:
    graph = resolve([_parse(PLAN_283, "283.txt")])
    stub = graph.node(TB)
    assert stub.type is NodeType.DOCUMENT
    assert stub.label == "02-NQ/TU"
    props = dict(stub.props)
    assert props["loaded"] is False
    assert "source" not in props
    assert (props["kind"], props["date"], props["issuer"], props["jurisdiction"]) == (
        "resolution",
        "2021-11-19",
        "Ban Chấp hành Đảng bộ tỉnh",
        "Thái Bình",
    )
    issued = graph.edge(TB, "ISSUED_BY", "agency/thai-binh/ban-chap-hanh-dang-bo-tinh")
    assert issued is not None and issued.evidence is not None
    assert issued.evidence.source == "283.txt"


def test_national_stub_belongs_to_the_centre() -> None:
    graph = resolve([_parse(PLAN_283, "283.txt")])
    stub = graph.node(NQ52)
    assert (stub.get("loaded"), stub.get("issuer"), stub.get("jurisdiction")) == (
        False,
        "Bộ Chính trị",
        "Trung ương",
    )
    assert graph.edge(NQ52, "IN_JURISDICTION", "place/tw") is not None
    assert graph.edge(NQ52, "ISSUED_BY", "agency/tw/bo-chinh-tri") is not None


@pytest.fixture
def loaded_02(request: pytest.FixtureRequest, tmp_path: Path) -> ParsedDocument:
    if request.param == "letterhead":
        return _parse(RESOLUTION_02, "nq02.txt")
    entry = _manifest_entry(
        tmp_path, "nq02.txt,02-NQ/TU,19/11/2021,Ban Chấp hành Đảng bộ tỉnh,Thái Bình,Nghị quyết,\n"
    )
    return parse_text(RESOLUTION_02_BARE, "nq02.txt", entry=entry)


@pytest.mark.parametrize("loaded_02", ["letterhead", "manifest"], indirect=True)
def test_loaded_document_replaces_its_stub(loaded_02: ParsedDocument) -> None:
    graph = resolve([_parse(PLAN_283, "283.txt"), loaded_02])
    assert _document_nodes(graph, "02-NQ/TU") == [TB]
    node = graph.node(TB)
    assert (node.get("loaded"), node.get("source"), node.get("date")) == (
        True,
        "nq02.txt",
        "2021-11-19",
    )
    assert not any(n.get("loaded") is False and n.get("number") == "02-NQ/TU" for n in graph.nodes)
    edge = graph.edge(P283, "IMPLEMENTS", TB)
    assert edge is not None and edge.evidence is not None
    assert edge.evidence.source == "283.txt"
    assert "Nghị quyết số 02-NQ/TU" in edge.evidence.quote
    # What the loaded text itself says is in the graph too.
    assert graph.edge(TB, "IMPLEMENTS", NQ52) is not None


def test_manifest_values_carry_their_row_as_evidence(tmp_path: Path) -> None:
    entry = _manifest_entry(tmp_path, "nq02.txt,02-NQ/TU,19/11/2021,,Thái Bình,,\n")
    doc = parse_text(RESOLUTION_02_BARE, "nq02.txt", entry=entry)
    graph = resolve([doc])
    edge = graph.edge(TB, "IN_JURISDICTION", "place/thai-binh")
    assert edge is not None and edge.evidence == entry.provenance


def test_two_files_with_one_number_are_kept_apart() -> None:
    again = RESOLUTION_02.replace("Ngô Đông Hải", "Đặng Trọng Thăng")
    graph = resolve([_parse(RESOLUTION_02, "nq02.txt"), _parse(again, "nq02_ban_sao.txt")])
    assert graph.node(TB).get("source") == "nq02.txt"
    assert graph.node("doc/thai-binh/file/nq02_ban_sao").get("source") == "nq02_ban_sao.txt"
    (problem,) = [p for p in graph.problems if p.kind == "duplicate"]
    assert "nq02_ban_sao.txt" in problem.message and problem.node == TB


# --- conflicts -------------------------------------------------------------------------


def test_two_dates_for_one_cited_number_are_both_kept() -> None:
    graph = resolve([_parse(PLAN_283, "283.txt"), _parse(PLAN_26, "26.txt")])
    conflicts = graph.node(TB).get("conflicts")
    assert conflicts == ("date 2021-11-19 (283.txt)", "date 2021-11-20 (26.txt)")
    (problem,) = [p for p in graph.problems if p.kind == "conflict"]
    assert problem.node == TB
    assert "283.txt" in problem.message and "26.txt" in problem.message
    assert {p.source for p in problem.evidence} == {"283.txt", "26.txt"}


def test_agreeing_references_are_no_conflict() -> None:
    graph = resolve([_parse(PLAN_283, "283.txt"), _parse(PLAN_HD, "120.txt")])
    assert graph.node(NQ52).get("conflicts") is None
    assert [p for p in graph.problems if p.kind == "conflict"] == []


# The citing plan's file name sorts before or after the loaded resolution's ("nq02.txt").
@pytest.mark.parametrize(
    "citing",
    [
        pytest.param("z-26.txt", id="citing file sorts after"),
        pytest.param("26.txt", id="citing file sorts before"),
    ],
)
def test_loaded_document_cited_with_another_date(citing: str) -> None:
    graph = resolve([_parse(RESOLUTION_02, "nq02.txt"), _parse(PLAN_26, citing)])
    node = graph.node(TB)
    assert node.get("date") == "2021-11-19"  # its own letterhead wins
    assert node.get("conflicts") == ("date 2021-11-19 (nq02.txt)", f"date 2021-11-20 ({citing})")
    (problem,) = [p for p in graph.problems if p.kind == "conflict"]
    assert "nq02.txt" in problem.message and citing in problem.message


# --- agencies --------------------------------------------------------------------------


def test_one_agency_per_province() -> None:
    graph = resolve(
        [_parse(PLAN_283, "283.txt"), _parse(PLAN_26, "26.txt"), _parse(PLAN_HD, "120.txt")]
    )
    # The documents name two; the provinces that absorbed theirs in 2025 add two successors.
    agencies = sorted(n.id for n in graph.nodes if n.label == "Sở Khoa học và Công nghệ")
    assert agencies == [
        "agency/hai-duong/so-khoa-hoc-va-cong-nghe",
        "agency/hai-phong/so-khoa-hoc-va-cong-nghe",
        "agency/hung-yen/so-khoa-hoc-va-cong-nghe",
        "agency/thai-binh/so-khoa-hoc-va-cong-nghe",
    ]
    led = sorted(
        e.source
        for e in graph.edges
        if e.type is EdgeType.LED_BY
        and e.target == "agency/thai-binh/so-khoa-hoc-va-cong-nghe"
        and e.get("inferred") != "succession"
    )
    assert led == [f"{P26}/task/1", f"{P283}/task/1"]
    assert graph.node("agency/hai-duong/so-khoa-hoc-va-cong-nghe").get("jurisdiction") == (
        "Hải Dương"
    )


def test_department_is_part_of_its_provinces_committee() -> None:
    graph = resolve([_parse(PLAN_283, "283.txt"), _parse(PLAN_HD, "120.txt")])
    for place in ("thai-binh", "hai-duong"):
        edge = graph.edge(
            f"agency/{place}/so-tai-chinh",
            "SUB_ORGANIZATION_OF",
            f"agency/{place}/uy-ban-nhan-dan-tinh",
        )
        assert edge is not None and edge.get("inferred") == "name"


# --- properties of every graph ---------------------------------------------------------

DOCS = {
    "283.txt": PLAN_283,
    "26.txt": PLAN_26,
    "120.txt": PLAN_HD,
    "nq02.txt": RESOLUTION_02,
}


@pytest.fixture(scope="module")
def parsed() -> list[ParsedDocument]:
    return [_parse(text, name) for name, text in DOCS.items()]


def test_order_does_not_matter(parsed: list[ParsedDocument]) -> None:
    first = resolve(parsed)
    for order in itertools.permutations(parsed):
        assert resolve(order) == first
    assert resolve(parsed[:2]) == resolve(parsed[1::-1])


def test_deterministic(parsed: list[ParsedDocument]) -> None:
    assert dumps(resolve(parsed)) == dumps(resolve(list(parsed)))
    graph = resolve(parsed)
    assert list(graph.nodes) == sorted(graph.nodes, key=lambda n: n.id)
    assert list(graph.edges) == sorted(graph.edges, key=lambda e: e.key)


@pytest.fixture(scope="module")
def corpus() -> PolicyGraph:
    manifest = read_manifest(CORPUS / "manifest.csv")
    return resolve(
        parse_text(p.read_text(encoding="utf-8"), p.name, entry=manifest.entry_for(p))
        for p in sorted(CORPUS.glob("*.txt"))
    )


GRAPHS = ["small", "corpus"]


@pytest.fixture(params=GRAPHS)
def any_graph(request: pytest.FixtureRequest, parsed: list[ParsedDocument]) -> PolicyGraph:
    if request.param == "small":
        return resolve(parsed)
    return request.getfixturevalue("corpus")


@pytest.mark.parametrize(
    "which",
    [
        pytest.param("corpus", id="the bundled corpus"),
        pytest.param("ubnd_plan.txt", id="ubnd_plan.txt letterhead"),
        pytest.param("government.txt", id="government.txt letterhead"),
        pytest.param("party_province.txt", id="party_province.txt letterhead"),
        pytest.param("small", id="Thai Binh and Hai Duong plans"),
    ],
)
def test_every_edge_has_evidence_or_says_how_it_was_inferred(
    request: pytest.FixtureRequest, parsed: list[ParsedDocument], which: str
) -> None:
    if which == "corpus":
        graph = request.getfixturevalue("corpus")
    elif which == "small":
        graph = resolve(parsed)
    else:
        graph = resolve([_parse((LETTERHEADS / which).read_text(encoding="utf-8"), which)])
    bare = [e.key for e in graph.edges if e.evidence is None and e.get("inferred") is None]
    assert bare == []


def test_no_edge_points_at_a_missing_node(any_graph: PolicyGraph) -> None:
    ids = {n.id for n in any_graph.nodes}
    assert len(ids) == len(any_graph.nodes)
    dangling = [e.key for e in any_graph.edges if e.source not in ids or e.target not in ids]
    assert dangling == []


def test_no_edge_loops(any_graph: PolicyGraph) -> None:
    assert [e.key for e in any_graph.edges if e.source == e.target] == []


SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_PATTERNS = {
    NodeType.DOCUMENT: rf"doc/(?:tw|{SLUG})/(?:file/|named/)?[^/\s]+",
    NodeType.AGENCY: rf"agency/(?:tw|{SLUG})/{SLUG}",
    NodeType.JURISDICTION: rf"place/(?:tw|{SLUG})",
    NodeType.PERSON: rf"person/{SLUG}/{SLUG}",
    NodeType.INDICATOR: rf"indicator/{SLUG}",
}


def test_ids_have_the_documented_shapes(any_graph: PolicyGraph) -> None:
    for node in any_graph.nodes:
        if node.type is NodeType.TASK:
            assert node.id == f"{node.get('document')}/task/{node.label}"
        elif node.type is NodeType.TARGET:
            assert re.fullmatch(rf"{re.escape(str(node.get('document')))}/target/\d+", node.id)
        else:
            assert re.fullmatch(ID_PATTERNS[node.type], node.id), node.id


def test_document_ids_follow_their_province(any_graph: PolicyGraph) -> None:
    for node in any_graph.nodes:
        # A document cited by name is named by its name wherever it belongs.
        named = node.id.startswith("doc/named/")
        if node.type is NodeType.DOCUMENT and node.get("jurisdiction") and not named:
            # As printed: a succession adds the province of today beside it.
            place = next(
                e.target
                for e in any_graph.edges
                if e.key[:2] == (node.id, "IN_JURISDICTION") and e.get("inferred") != "succession"
            )
            assert node.id.split("/")[1] == place.split("/")[1], node.id


# --- the bundled corpus ----------------------------------------------------------------

CORPUS_IDS = [
    "doc/tw/52-NQ-TW",
    "doc/thai-binh/02-NQ-TU",
    "doc/thai-binh/file/004_1b73a6d31f29fe0d",
    "agency/thai-binh/so-khoa-hoc-va-cong-nghe",
    "place/thai-binh",
    "place/tw",
    "person/thai-binh/ngo-dong-hai",
]


@pytest.mark.parametrize(
    "node_id",
    [
        *CORPUS_IDS,
        "doc/thai-binh/file/004_1b73a6d31f29fe0d/task/8.1",
        "doc/thai-binh/file/004_1b73a6d31f29fe0d/target/3",
    ],
)
def test_documented_ids_exist_in_the_corpus(corpus: PolicyGraph, node_id: str) -> None:
    assert node_id in corpus


def test_corpus_003_is_02_nq_tu(corpus: PolicyGraph) -> None:
    node = corpus.node(TB)
    assert (node.get("loaded"), node.get("source"), node.get("date"), node.get("kind")) == (
        True,
        "003_07a70d37f77f3d0b.txt",
        "2021-11-19",
        "resolution",
    )
    assert "doc/thai-binh/file/003_07a70d37f77f3d0b" not in corpus
    # 004 cites it in task 8.1, and that edge now reaches the loaded file.
    task = "doc/thai-binh/file/004_1b73a6d31f29fe0d/task/8.1"
    assert corpus.edge(task, "IMPLEMENTS", TB) is not None


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("doc/tw/71-NQ-CP", id="71/NQ-CP"),
        pytest.param("doc/thai-binh/376-KH-TU", id="376-KH/TU"),
    ],
)
def test_corpus_links_stated_by_004(corpus: PolicyGraph, source: str) -> None:
    edge = corpus.edge(source, "IMPLEMENTS", "doc/tw/57-NQ-TW")
    assert edge is not None and edge.evidence is not None
    assert edge.evidence.source == "004_1b73a6d31f29fe0d.txt"
    assert "thực hiện Nghị quyết số 57-NQ/TW" in edge.evidence.quote
    assert corpus.node(source).get("loaded") is False


def test_corpus_national_resolution_cited_by_four_provinces_plans(corpus: PolicyGraph) -> None:
    citing = sorted(
        e.source for e in corpus.edges if e.target == NQ52 and e.type is EdgeType.IMPLEMENTS
    )
    assert citing == [
        "doc/hai-duong/file/002_727f14eddfa7dc9f",
        TB,
        "doc/thai-binh/file/000_05eae9042a94ebff",
        "doc/thua-thien-hue/file/001_e787aadbb233535e",
    ]


def test_role_edges_quote_the_line_that_names_the_agency(tmp_path: Path) -> None:
    """LED_BY quotes the "Cơ quan chủ trì" line, an exact slice of the cleaned text;
    the whole task is quoted once, on PART_OF."""
    from policykg.graph.build import build
    from policykg.graph.store import load_graph
    from policykg.loaders.clean import clean

    build([CORPUS], tmp_path / "s")
    graph = load_graph(tmp_path / "s")
    name = "004_1b73a6d31f29fe0d.txt"
    text = clean((CORPUS / name).read_text("utf-8"), name).text
    task = "doc/thai-binh/file/004_1b73a6d31f29fe0d/task/8.1"
    led = graph.edge(task, "LED_BY", "agency/thai-binh/so-khoa-hoc-va-cong-nghe")
    part = graph.edge(task, "PART_OF", "doc/thai-binh/file/004_1b73a6d31f29fe0d")
    assert led is not None and led.evidence is not None
    assert part is not None and part.evidence is not None
    assert led.evidence.quote == "Cơ quan chủ trì: Sở Khoa học và Công nghệ."
    assert part.evidence.quote.startswith("8.1. Xây dựng Kế hoạch 5 năm")
    assert part.evidence.quote.endswith(led.evidence.quote)
    for ev in (led.evidence, part.evidence):
        assert text[ev.span.start : ev.span.end] == ev.quote


# --- phases: tasks, targets, references ------------------------------------------------

# A plan whose task sets a target (the wording of 004_1b73a6d31f29fe0d.txt's targets).
PLAN_TARGET = _ubnd_plan(
    "Thái Bình",
    "283/KH-UBND",
    "24 tháng 9 năm 2025",
    "Thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị",
    "1. Phát triển kinh tế số.\nPhấn đấu đến năm 2025, kinh tế số chiếm 20% GRDP.",
)


def test_tasks_are_part_of_their_document_with_their_roles() -> None:
    graph = resolve([_parse(PLAN_283, "283.txt")])
    task = f"{P283}/task/1"
    assert graph.node(task).get("document") == P283
    assert graph.edge(task, "PART_OF", P283) is not None
    led = graph.edge(task, "LED_BY", "agency/thai-binh/so-khoa-hoc-va-cong-nghe")
    helped = graph.edge(task, "COORDINATED_BY", "agency/thai-binh/so-tai-chinh")
    assert led is not None and led.get("role") == "lead"
    assert helped is not None and helped.evidence is not None
    assert helped.evidence.quote == "Cơ quan phối hợp: Sở Tài chính."


def test_a_task_number_given_twice_is_kept_twice() -> None:
    doc = _parse(PLAN_283, "283.txt")
    (task,) = doc.tasks
    graph = resolve([dataclasses.replace(doc, tasks=(task, task))])
    assert graph.node(f"{P283}/task/1~2").label == "1~2"
    assert graph.node(f"{P283}/task/1~2").get("task_id") == "1"


def test_targets_are_part_of_their_document_and_measure_an_indicator() -> None:
    graph = resolve([_parse(PLAN_TARGET, "283.txt")])
    target = graph.node(f"{P283}/target/1")
    assert target.label == "kinh tế số 20% (2025)"
    assert (target.get("value"), target.get("year"), target.get("document")) == (20.0, 2025, P283)
    assert graph.edge(target.id, "PART_OF", P283) is not None
    assert graph.edge(target.id, "MEASURES", "indicator/kinh-te-so") is not None


# --- the centre ------------------------------------------------------------------------

# The head of 4eb6d4a67b3ff8d9.md, a circular of the Ministry of Education whose letterhead
# kept only its number: the text says neither "Trung ương" nor a province.
CIRCULAR_21 = _text(
    "| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc |",
    "Số: 21/2025/TT-BGDĐT |",
    "|",
    "",
    "**Quy định chế độ trả tiền lương dạy thêm giờ đối với nhà giáo ****trong các cơ sở giáo"
    " dục công lập**",
    "",
    "*Căn cứ Luật Giáo dục số 43/2019/QH14;*",
    "",
    "*Theo đề nghị của Cục trưởng Cục Nhà giáo và Cán bộ quản lý giáo dục;*",
    "",
    "*Bộ trưởng Bộ Giáo dục và Đào tạo ban hành** **Thông tư **quy định chế độ trả tiền lương"
    " dạy **thêm*** ***giờ đối với nhà giáo trong các cơ sở giáo dục công lập**.*",
    "",
    "**Điều 1. Phạm vi điều chỉnh**",
    "",
    "1. Thông tư này quy định chế độ trả tiền lương dạy thêm giờ đối với nhà giáo.",
)
TT21 = "doc/tw/21-2025-TT-BGDĐT"


def test_loaded_document_with_a_national_number_and_no_stated_place_is_the_centres() -> None:
    graph = resolve([_parse(CIRCULAR_21, "4eb6d4a67b3ff8d9.md")])
    assert graph.node(TT21).get("jurisdiction") == "Trung ương"
    edge = graph.edge(TT21, "IN_JURISDICTION", "place/tw")
    assert edge is not None and edge.get("inferred") == "number"
    assert edge.evidence is not None and edge.evidence.quote.strip() == "21/2025/TT-BGDĐT"


def test_loaded_document_with_a_central_issuer_and_no_stated_place_is_the_centres(
    tmp_path: Path,
) -> None:
    # The circular without its number; the manifest names its issuer.
    entry = _manifest_entry(tmp_path, "4eb6d4a67b3ff8d9.md,,,Bộ Giáo dục và Đào tạo,,,\n")
    text = CIRCULAR_21.replace("Số: 21/2025/TT-BGDĐT |", "|")
    graph = resolve([parse_text(text, "4eb6d4a67b3ff8d9.md", entry=entry)])
    doc_id = "doc/tw/file/4eb6d4a67b3ff8d9"
    assert graph.node(doc_id).get("jurisdiction") == "Trung ương"
    edge = graph.edge(doc_id, "IN_JURISDICTION", "place/tw")
    assert edge is not None and edge.get("inferred") == "issuer"
    assert edge.evidence == entry.provenance


def test_bodies_named_by_a_document_placed_by_inference_keep_no_province() -> None:
    """Only the document is placed: a body it names that is not central stays unplaced."""
    graph = resolve([_parse(CIRCULAR_21, "4eb6d4a67b3ff8d9.md")])
    agencies = {n.id for n in graph.nodes if n.type is NodeType.AGENCY}
    assert "agency/tw/bo-truong-bo-giao-duc-va-dao-tao" in agencies
    assert not any(a.startswith("agency/tw/cuc-") for a in agencies)


def test_document_with_no_evidence_of_its_place_keeps_none() -> None:
    text = CIRCULAR_21.replace("Số: 21/2025/TT-BGDĐT |", "|").replace(
        "*Bộ trưởng Bộ Giáo dục và Đào tạo ban hành**", "*Ban hành**"
    )
    graph = resolve([_parse(text, "4eb6d4a67b3ff8d9.md")])
    (doc,) = [n for n in graph.nodes if n.get("source") == "4eb6d4a67b3ff8d9.md"]
    assert (doc.id, doc.get("jurisdiction")) == ("doc/unknown/file/4eb6d4a67b3ff8d9", None)


def test_a_local_number_in_a_document_of_no_province_is_reported() -> None:
    # 74e2ddc7b11340da.md cites "Văn bản số 163-CV/ĐU ngày 07/11/2025": a local number,
    # but of which province?
    text = CIRCULAR_21.replace(
        "1. Thông tư này", "1. Thực hiện Văn bản số 163-CV/ĐU ngày 07/11/2025, Thông tư này"
    )
    graph = resolve([_parse(text, "4eb6d4a67b3ff8d9.md")])
    (unplaced,) = [p for p in graph.problems if p.kind == "unresolved"]
    assert (unplaced.node, unplaced.message) == (
        TT21,
        "4eb6d4a67b3ff8d9.md: 163-CV/ĐU cannot be placed (a local number in a document of "
        "unknown province)",
    )


# 1ea5e769bcf16b99.md (Hà Tĩnh) prints the decree without the dash of "NĐ-CP": the
# symbol alone does not say the number is national; "của Chính phủ" does.
PLAN_HT = _ubnd_plan(
    "Hà Tĩnh",
    "3005/KH-UBND",
    "01 tháng 12 năm 2025",
    "Căn cứ Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ hướng dẫn thi"
    " hành một số nội dung của Nghị định số 118/2025/NĐCP ngày 09/6/2025 của Chính phủ về thực"
    " hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông;",
    "1. Rà soát thủ tục hành chính.",
    signer="Trần Báu Hà",
)


def test_number_from_a_central_issuer_is_national_though_its_symbol_is_misprinted() -> None:
    graph = resolve([_parse(PLAN_HT, "ht.txt")])
    assert "doc/ha-tinh/118-2025-NĐCP" not in graph
    node = graph.node("doc/tw/118-2025-NĐCP")
    assert (node.get("jurisdiction"), node.get("scope"), node.get("issuer")) == (
        "Trung ương",
        "national",
        "Chính phủ",
    )
    edge = graph.edge(node.id, "IN_JURISDICTION", "place/tw")
    assert edge is not None and edge.get("inferred") == "issuer"
    assert any(e.target == node.id for e in graph.edges if e.source == "doc/ha-tinh/3005-KH-UBND")


# What 004_1b73a6d31f29fe0d.txt and 003_07a70d37f77f3d0b.txt say of two programmes they
# cite by name only.
PLAN_NAMED = _ubnd_plan(
    "Thái Bình",
    "283/KH-UBND",
    "24 tháng 9 năm 2025",
    "Thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ sửa đổi, bổ sung cập nhật"
    " Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW",
    "1. Tổ chức thực hiện hiệu quả Chương trình chuyển đổi số quốc gia, các cơ chế, chính sách"
    " của Trung ương về chuyển đổi số; triển khai Đề án 06.",
)


@pytest.mark.parametrize(
    "named",
    [
        "doc/named/chuong-trinh-hanh-dong-cua-chinh-phu",
        "doc/named/chuong-trinh-chuyen-doi-so-quoc-gia",
    ],
)
def test_programme_named_national_or_of_the_government_is_the_centres(named: str) -> None:
    graph = resolve([_parse(PLAN_NAMED, "283.txt")])
    assert graph.node(named).get("jurisdiction") == "Trung ương"
    edge = graph.edge(named, "IN_JURISDICTION", "place/tw")
    assert edge is not None and edge.get("inferred") == "name"
    assert graph.node("doc/named/de-an-06").get("jurisdiction") is None


@pytest.mark.parametrize(
    ("name", "central"),
    [
        ("Chương trình chuyển đổi số quốc gia", True),
        ("Chương trình hành động của Chính phủ", True),
        ("Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030”", True),
        ("Chiến lược an toàn an ninh mạng quốc gia", True),
        ("Chương trình mục tiêu quốc gia giai đoạn 2026 - 2030", True),
        # "lồng ghép ... Chương trình với các chương trình mục tiêu quốc gia khác": the
        # programme is the province's own; the national ones are others.
        ("Chương trình với các chương trình mục tiêu quốc gia", False),
        # "quốc gia" of the subject, inside the quoted title.
        (
            "Đề án “Xây dựng Hạ tầng tính toán hiệu năng cao (HPC) và các trung tâm dữ liệu quốc"
            " gia phục vụ phát triển AI”",
            False,
        ),
        (
            "Đề án “Tăng cường sự lãnh đạo của Đảng đối với công tác bình đẳng giới và vì sự"
            " tiến bộ của phụ nữ trong tình hình mới”",
            False,
        ),
        ("Đề án 06", False),
        ("Chương trình “Xóa nhà tạm, nhà dột nát”", False),
    ],
)
def test_a_name_says_central_only_of_the_document_it_names(name: str, central: bool) -> None:
    assert name_is_central(name) is central


# --- documents cited by name -----------------------------------------------------------

# 001_e787aadbb233535e.txt names one scheme twice, spelt two ways, in one sentence.
SMART_CITY = (
    "Đề án “Phát triển dịch vụ đô thị thông minh trên địa bàn tỉnh Thừa Thiên Huế đến năm 2020"
    " định hướng đến năm 2025”",
    "Đề án “Phát triển dịch vụ đô thị thông minh trên địa bàn tỉnh Thừa Thiên Huế đến năm 2020,"
    " định hướng 2025”",
)
SMART_CITY_IDS = (
    "doc/named/de-an-phat-trien-dich-vu-do-thi-thong-minh-tren-dia-ban-tinh-thua-thien-hue-den-nam"
    "-2020-dinh-huong-den-nam-2025",
    "doc/named/de-an-phat-trien-dich-vu-do-thi-thong-minh-tren-dia-ban-tinh-thua-thien-hue-den-nam"
    "-2020-dinh-huong-2025",
)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(*SMART_CITY, True, id="orientation year worded two ways"),
        pytest.param("Đề án 06", "đề án 06", True, id="case"),
        pytest.param(
            "Chiến lược an ninh mạng quốc gia",
            "Chiến lược an toàn an ninh mạng quốc gia",
            False,
            id="one more word",
        ),
        pytest.param(
            "Chương trình mục tiêu quốc gia giai đoạn 2026 - 2030",
            "Chương trình mục tiêu quốc gia giai đoạn 2026 - 2035",
            False,
            id="another period",
        ),
        pytest.param("Chương trình quốc gia", "Chiến lược quốc gia", False, id="another kind"),
    ],
)
def test_name_key(a: str, b: str, same: bool) -> None:
    assert (name_key(a) == name_key(b)) is same


def _plan_citing(*names: str, number: str = "283/KH-UBND") -> str:
    return _ubnd_plan(
        "Thừa Thiên Huế",
        number,
        "24 tháng 9 năm 2025",
        "Sớm hoàn thành và đưa vào sử dụng có hiệu quả các dự án của " + "; ".join(names) + ".",
        "1. Phát triển đô thị thông minh.",
    )


def test_two_spellings_of_one_unnumbered_name_are_one_node_and_reported() -> None:
    graph = resolve([_parse(_plan_citing(*SMART_CITY), "001.txt")])
    long_id, short_id = SMART_CITY_IDS
    # Each spelling is cited once: the smaller id is kept.
    assert long_id not in graph
    node = graph.node(short_id)
    assert (node.label, node.get("aliases")) == (SMART_CITY[1], (SMART_CITY[0],))
    assert [e.target for e in graph.edges if e.type is EdgeType.CITES] == [short_id]
    (merge,) = [p for p in graph.problems if p.kind == "merged"]
    assert merge.node == short_id
    assert merge.message.startswith(f"2 names into {short_id}: ")
    assert [p.quote for p in merge.evidence] == [SMART_CITY[1], SMART_CITY[0]]


def test_the_spelling_cited_most_names_the_merged_node() -> None:
    docs = [
        _parse(_plan_citing(SMART_CITY[0], number=f"{n}/KH-UBND"), f"{n}.txt") for n in (1, 2)
    ] + [_parse(_plan_citing(SMART_CITY[1], number="3/KH-UBND"), "3.txt")]
    graph = resolve(docs)
    assert SMART_CITY_IDS[0] in graph and SMART_CITY_IDS[1] not in graph
    assert graph == resolve(reversed(docs))
    assert graph.edge("doc/thua-thien-hue/3-KH-UBND", "CITES", SMART_CITY_IDS[0]) is not None


def test_corpus_names_the_smart_city_scheme_once(corpus: PolicyGraph) -> None:
    named = [n.id for n in corpus.nodes if "do-thi-thong-minh" in n.id]
    assert named == [SMART_CITY_IDS[1]]
    assert [p.node for p in corpus.problems if p.kind == "merged"] == named


def test_order_does_not_matter_to_merges_or_the_centre() -> None:
    docs = [
        _parse(PLAN_HT, "ht.txt"),
        _parse(PLAN_NAMED, "283.txt"),
        _parse(CIRCULAR_21, "4eb6d4a67b3ff8d9.md"),
        _parse(_plan_citing(SMART_CITY[0], number="1/KH-UBND"), "1.txt"),
        _parse(_plan_citing(SMART_CITY[1], number="2/KH-UBND"), "2.txt"),
    ]
    first = resolve(docs)
    assert [p.kind for p in first.problems] == ["merged"]
    for order in itertools.permutations(docs):
        assert resolve(order) == first


@pytest.mark.parametrize(
    ("stub", "issuer", "expected"),
    [
        pytest.param(Stub(key="tw/57-NQ/TW", name=None), None, ("Trung ương", "number"), id="key"),
        pytest.param(
            Stub(key=None, name="Đề án 06"), "Thủ tướng Chính phủ", ("Trung ương", "issuer"),
            id="issuer",
        ),
        pytest.param(
            Stub(key=None, name="Chương trình chuyển đổi số quốc gia"), None,
            ("Trung ương", "name"), id="name",
        ),
        pytest.param(Stub(key=None, name="Đề án 06"), None, (None, None), id="nothing"),
    ],
)  # fmt: skip
def test_stub_jurisdiction(
    stub: Stub, issuer: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert stub_jurisdiction(stub, issuer) == expected

"""Resolution: parsed documents -> one graph, with identity decided by scoped numbers."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from policykg.graph.model import EdgeType, NodeType, PolicyGraph, dumps
from policykg.graph.resolve import resolve
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
    agencies = sorted(n.id for n in graph.nodes if n.label == "Sở Khoa học và Công nghệ")
    assert agencies == [
        "agency/hai-duong/so-khoa-hoc-va-cong-nghe",
        "agency/thai-binh/so-khoa-hoc-va-cong-nghe",
    ]
    led = sorted(
        e.source
        for e in graph.edges
        if e.type is EdgeType.LED_BY and e.target == "agency/thai-binh/so-khoa-hoc-va-cong-nghe"
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
        if node.type is NodeType.DOCUMENT and node.get("jurisdiction"):
            place = next(
                e.target for e in any_graph.edges if e.key[:2] == (node.id, "IN_JURISDICTION")
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

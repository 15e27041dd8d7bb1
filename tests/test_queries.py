"""Queries on small hand-made graphs: lineage, cascade, ids, who, targets, coverage."""

from __future__ import annotations

import networkx as nx
import pytest

from policykg.errors import InputError
from policykg.graph.ids import readable_key
from policykg.graph.model import (
    Edge,
    EdgeType,
    Node,
    NodeType,
    PolicyGraph,
    Value,
    make_edge,
    make_node,
)
from policykg.graph.nxgraph import to_networkx
from policykg.loaders import places
from policykg.queries.cascade import cascade
from policykg.queries.coverage import coverage, province_list
from policykg.queries.ids import find_node
from policykg.queries.lineage import DEFAULT_FOLLOW, lineage
from policykg.queries.targets import targets
from policykg.queries.who import find_agencies, who
from policykg.records import Provenance, Span

E = EdgeType
IMPLEMENTS, CITES, PART_OF = E.IMPLEMENTS, E.CITES, E.PART_OF

NQ52 = "doc/tw/52-NQ-TW"
NQ57 = "doc/tw/57-NQ-TW"
NQ71 = "doc/tw/71-NQ-CP"
NQ214 = "doc/tw/214-NQ-CP"
KH376 = "doc/thai-binh/376-KH-TU"
NQ02 = "doc/thai-binh/02-NQ-TU"
HD02 = "doc/hai-duong/02-NQ-TU"
PLAN = "doc/thai-binh/file/004_1b73a6d31f29fe0d"
TASK = f"{PLAN}/task/8.1"
TASK_72 = f"{PLAN}/task/7.2"
PLAN_HD = "doc/hai-duong/file/002_727f14eddfa7dc9f"
PLAN_TTH = "doc/thua-thien-hue/file/001_e787aadbb233535e"
PLAN_HN = "doc/ha-noi/12-CTr-TU"
PLAN_HUE = "doc/hue/105-KH-UBND"
SKHCN_TB = "agency/thai-binh/so-khoa-hoc-va-cong-nghe"
SKHCN_HD = "agency/hai-duong/so-khoa-hoc-va-cong-nghe"
STC_TB = "agency/thai-binh/so-tai-chinh"
SNN_OLD = "agency/thai-binh/so-nong-nghiep-va-phat-trien-nong-thon"
SNN_NEW = "agency/thai-binh/so-nong-nghiep-va-moi-truong"
UBND_TB = "agency/thai-binh/uy-ban-nhan-dan-tinh"


def _said(quote: str, source: str = "004_1b73a6d31f29fe0d.txt") -> Provenance:
    return Provenance(source=source, span=Span(start=0, end=len(quote)), section=(), quote=quote)


def _doc(node_id: str, number: str | None, jurisdiction: str, **props: Value) -> Node:
    return make_node(
        node_id,
        NodeType.DOCUMENT,
        number or node_id,
        number=number,
        jurisdiction=jurisdiction,
        **props,
    )


def _agency(node_id: str, name: str, jurisdiction: str, **props: Value) -> Node:
    return make_node(node_id, NodeType.AGENCY, name, name=name, jurisdiction=jurisdiction, **props)


def _target(
    node_id: str, document: str, indicator: str, value: float, year: int, text: str
) -> Node:
    return make_node(
        node_id,
        NodeType.TARGET,
        f"{indicator} {value:g}% ({year})",
        indicator=indicator,
        value=value,
        unit="%",
        comparator="eq",
        year=year,
        document=document,
        text=text,
    )


def _edges(*triples: tuple[str, EdgeType, str]) -> list[Edge]:
    return [make_edge(s, t, o, _said(f"{s} {t.value} {o}")) for s, t, o in triples]


def _graph(nodes: list[Node], edges: list[Edge]) -> PolicyGraph:
    return PolicyGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.key)),
    )


def _policy() -> PolicyGraph:
    """Thái Bình's plan 004 and what it answers, with plans of three other provinces."""
    nodes = [
        _doc(NQ52, "52-NQ/TW", "Trung ương", date="2019-09-27", loaded=False),
        _doc(NQ57, "57-NQ/TW", "Trung ương", date="2024-12-22", loaded=False),
        _doc(NQ71, "71/NQ-CP", "Trung ương", date="2025-04-01", loaded=False),
        _doc(NQ214, "214/NQ-CP", "Trung ương", date="2025-07-23", loaded=False),
        _doc(KH376, "376-KH/TU", "Thái Bình", date="2025-04-26", loaded=False),
        _doc(
            NQ02,
            "02-NQ/TU",
            "Thái Bình",
            date="2021-11-19",
            loaded=True,
            source="003_07a70d37f77f3d0b.txt",
        ),
        _doc(HD02, "02-NQ/TU", "Hải Dương", date="2021-08-05", loaded=False),
        _doc(PLAN, None, "Thái Bình", loaded=True, source="004_1b73a6d31f29fe0d.txt"),
        _doc(PLAN_HD, None, "Hải Dương", loaded=True, source="002_727f14eddfa7dc9f.txt"),
        _doc(PLAN_TTH, None, "Thừa Thiên Huế", loaded=True, source="001_e787aadbb233535e.txt"),
        _doc(PLAN_HN, "12-CTr/TU", "Hà Nội", date="2025-03-05", loaded=True, source="hn.txt"),
        _doc(PLAN_HUE, "105/KH-UBND", "Huế", date="2025-08-20", loaded=True, source="hue.txt"),
        make_node(
            TASK,
            NodeType.TASK,
            "8.1",
            task_id="8.1",
            document=PLAN,
            deadline="Năm 2025",
            text="Tiếp tục triển khai thực hiện Nghị quyết số 02-NQ/TU",
        ),
        make_node(
            TASK_72,
            NodeType.TASK,
            "7.2",
            task_id="7.2",
            document=PLAN,
            deadline="Thường xuyên",
            text="Phát triển hạ tầng số",
        ),
        _agency(SKHCN_TB, "Sở Khoa học và Công nghệ", "Thái Bình", aliases=("Sở KH&CN",)),
        _agency(SKHCN_HD, "Sở Khoa học và Công nghệ", "Hải Dương"),
        _agency(STC_TB, "Sở Tài chính", "Thái Bình"),
        _agency(SNN_OLD, "Sở Nông nghiệp và Phát triển nông thôn", "Thái Bình"),
        _agency(SNN_NEW, "Sở Nông nghiệp và Môi trường", "Thái Bình"),
        _agency(UBND_TB, "Ủy ban nhân dân tỉnh", "Thái Bình"),
        _target(
            f"{PLAN}/target/1",
            PLAN,
            "kinh tế số",
            30,
            2030,
            "Đến năm 2030, kinh tế số chiếm 30% GRDP",
        ),
        _target(
            f"{NQ02}/target/1",
            NQ02,
            "kinh tế số",
            20,
            2025,
            "kinh tế số chiếm khoảng 20% GRDP",
        ),
        _target(
            f"{PLAN_TTH}/target/3",
            PLAN_TTH,
            "kinh tế số",
            20,
            2030,
            "Đến năm 2030, kinh tế số chiếm 20% GRDP",
        ),
        _target(
            f"{PLAN_HD}/target/2",
            PLAN_HD,
            "dịch vụ công trực tuyến toàn trình",
            80,
            2025,
            "80% dịch vụ công trực tuyến toàn trình",
        ),
    ]
    edges = _edges(
        (NQ71, IMPLEMENTS, NQ57),
        (KH376, IMPLEMENTS, NQ57),
        (PLAN, IMPLEMENTS, NQ57),
        (PLAN, IMPLEMENTS, NQ71),
        (PLAN, IMPLEMENTS, KH376),
        (PLAN, CITES, NQ02),
        (TASK, PART_OF, PLAN),
        (TASK, IMPLEMENTS, NQ02),
        (TASK_72, PART_OF, PLAN),
        (NQ02, IMPLEMENTS, NQ52),
        (PLAN_HD, IMPLEMENTS, NQ52),
        (PLAN_TTH, IMPLEMENTS, NQ52),
        (PLAN_HN, IMPLEMENTS, NQ57),
        (PLAN_HUE, IMPLEMENTS, NQ214),
        (TASK, E.LED_BY, SKHCN_TB),
        (TASK, E.COORDINATED_BY, STC_TB),
        (TASK_72, E.LED_BY, SKHCN_TB),
        (SKHCN_TB, E.SUB_ORGANIZATION_OF, UBND_TB),
        (f"{PLAN}/target/1", PART_OF, PLAN),
        (f"{NQ02}/target/1", PART_OF, NQ02),
        (f"{PLAN_TTH}/target/3", PART_OF, PLAN_TTH),
        (f"{PLAN_HD}/target/2", PART_OF, PLAN_HD),
    )
    return _graph(nodes, edges)


GRAPH = _policy()
G = to_networkx(GRAPH)


def _paths(
    start: str, follow: tuple[EdgeType | str, ...] = DEFAULT_FOLLOW
) -> list[tuple[str, ...]]:
    return [p.nodes for p in lineage(G, start, follow=follow).paths]


def _nx(ids: list[str], triples: list[tuple[str, EdgeType, str]]) -> nx.MultiDiGraph:
    return to_networkx(_graph([_doc(i, None, "Thái Bình") for i in ids], _edges(*triples)))


# --- lineage ---------------------------------------------------------------------------


def test_lineage_from_a_task_every_path() -> None:
    assert _paths(TASK) == [
        (TASK, NQ02, NQ52),
        (TASK, PLAN, KH376, NQ57),
        (TASK, PLAN, NQ57),
        (TASK, PLAN, NQ71, NQ57),
    ]


def test_lineage_paths_carry_their_edges() -> None:
    result = lineage(G, TASK)
    first = result.paths[0]
    assert first.edges == (IMPLEMENTS, IMPLEMENTS)
    assert result.paths[1].edges == (PART_OF, IMPLEMENTS, IMPLEMENTS)
    assert result.roots == (NQ52, NQ57)
    assert (TASK, "PART_OF", PLAN) in result.edge_set
    assert (PLAN, "CITES", NQ02) not in result.edge_set
    assert result.truncated is False


def test_lineage_follows_cites_only_when_asked() -> None:
    assert (TASK, PLAN, NQ02, NQ52) not in _paths(TASK)
    assert (TASK, PLAN, NQ02, NQ52) in _paths(TASK, follow=(IMPLEMENTS, CITES))
    assert _paths(PLAN, follow=("CITES",)) == [(PLAN, NQ02)]


def test_lineage_always_follows_part_of_from_a_task() -> None:
    assert _paths(TASK, follow=()) == [(TASK, PLAN)]
    assert _paths(TASK_72) == [
        (TASK_72, PLAN, KH376, NQ57),
        (TASK_72, PLAN, NQ57),
        (TASK_72, PLAN, NQ71, NQ57),
    ]


def test_lineage_of_a_directive_nothing_answers_is_empty() -> None:
    result = lineage(G, NQ52)
    assert (result.paths, result.roots) == ((), ())


# Two plans each saying they carry out the other: a cycle must end a path, not loop.
A, B, C = "doc/thai-binh/26-KH-UBND", "doc/thai-binh/27-KH-UBND", NQ57


@pytest.mark.parametrize(
    ("triples", "start", "want"),
    [
        pytest.param([(A, IMPLEMENTS, B), (B, IMPLEMENTS, A)], A, [(A, B)], id="A-B-A"),
        pytest.param(
            [(A, IMPLEMENTS, B), (B, IMPLEMENTS, A), (B, IMPLEMENTS, C)],
            A,
            [(A, B, C)],
            id="A-B-A with a way out",
        ),
        pytest.param(
            [(A, IMPLEMENTS, B), (B, IMPLEMENTS, C), (C, IMPLEMENTS, A)],
            B,
            [(B, C, A)],
            id="three-cycle",
        ),
        pytest.param([(A, IMPLEMENTS, A)], A, [], id="a self-loop"),
    ],
)
def test_lineage_is_cycle_safe(
    triples: list[tuple[str, EdgeType, str]], start: str, want: list[tuple[str, ...]]
) -> None:
    g = _nx([A, B, C], triples)
    assert [p.nodes for p in lineage(g, start).paths] == want


def _ladder(rungs: int) -> tuple[nx.MultiDiGraph, str]:
    """Each level implements both documents of the level above: 2**rungs paths."""
    ids = ["doc/tw/top"]
    triples = []
    above = ["doc/tw/top"]
    for level in range(rungs):
        pair = [f"doc/thai-binh/l{level}-a", f"doc/thai-binh/l{level}-b"]
        triples += [(p, IMPLEMENTS, a) for p in pair for a in above]
        ids += pair
        above = pair
    start = "doc/thai-binh/start"
    triples += [(start, IMPLEMENTS, a) for a in above]
    return _nx([*ids, start], triples), start


def test_lineage_every_simple_path_of_a_ladder() -> None:
    g, start = _ladder(4)
    result = lineage(g, start)
    assert len(result.paths) == 2**4
    assert len(set(result.paths)) == len(result.paths)
    assert result.roots == ("doc/tw/top",)
    assert result.truncated is False


@pytest.mark.parametrize("max_paths", [1, 5, 15])
def test_lineage_truncated(max_paths: int) -> None:
    g, start = _ladder(4)
    result = lineage(g, start, max_paths=max_paths)
    assert len(result.paths) == max_paths
    assert result.truncated is True


# --- cascade ---------------------------------------------------------------------------


def test_cascade_each_node_once_at_its_smallest_depth() -> None:
    result = cascade(G, NQ57)
    assert [(e.node, e.depth, e.via) for e in result.entries] == [
        (PLAN_HN, 1, NQ57),
        (KH376, 1, NQ57),
        (PLAN, 1, NQ57),
        (NQ71, 1, NQ57),
    ]


def test_cascade_includes_tasks_implementing_a_document() -> None:
    result = cascade(G, NQ52)
    assert [(e.node, e.depth, e.via, e.edge) for e in result.entries] == [
        (PLAN_HD, 1, NQ52, IMPLEMENTS),
        (NQ02, 1, NQ52, IMPLEMENTS),
        (PLAN_TTH, 1, NQ52, IMPLEMENTS),
        (TASK, 2, NQ02, IMPLEMENTS),
    ]
    assert (TASK, "IMPLEMENTS", NQ02) in result.edge_set


def test_cascade_follows_cites_when_asked() -> None:
    nodes = [e.node for e in cascade(G, NQ02, follow=(IMPLEMENTS, CITES)).entries]
    assert nodes == [PLAN, TASK]
    assert [e.node for e in cascade(G, NQ02).entries] == [TASK]


@pytest.mark.parametrize(
    "triples",
    [
        pytest.param([(A, IMPLEMENTS, B), (B, IMPLEMENTS, A)], id="A-B-A"),
        pytest.param([(A, IMPLEMENTS, B), (B, IMPLEMENTS, C), (C, IMPLEMENTS, A)], id="3-cycle"),
    ],
)
def test_cascade_handles_cycles(triples: list[tuple[str, EdgeType, str]]) -> None:
    result = cascade(_nx([A, B, C], triples), B)
    nodes = [e.node for e in result.entries]
    assert B not in nodes
    assert len(nodes) == len(set(nodes)) == len({n for t in triples for n in (t[0], t[2])}) - 1


def test_cascade_smallest_via_among_equal_depths() -> None:
    # 57-NQ/TW <- 376-KH/TU <- plan 004 <- district plan
    # 57-NQ/TW <- 71/NQ-CP  <- 283/KH-UBND <- district plan
    district = "doc/thai-binh/file/010_district_plan"
    p283 = "doc/thai-binh/283-KH-UBND"
    g = _nx(
        [NQ57, KH376, NQ71, PLAN, p283, district],
        [
            (KH376, IMPLEMENTS, NQ57),
            (NQ71, IMPLEMENTS, NQ57),
            (PLAN, IMPLEMENTS, KH376),
            (p283, IMPLEMENTS, NQ71),
            (district, IMPLEMENTS, PLAN),
            (district, IMPLEMENTS, p283),
        ],
    )
    (entry,) = [e for e in cascade(g, NQ57).entries if e.node == district]
    assert (entry.depth, entry.via) == (3, p283)


# --- ids -------------------------------------------------------------------------------

FOUND = [
    pytest.param("57-NQ/TW", None, NQ57, id="number"),
    pytest.param("Nghị quyết số 57-NQ/TW", None, NQ57, id="number in a sentence"),
    pytest.param("57-NQ/TW", "Thái Bình", NQ57, id="national number with a province"),
    pytest.param("71/NQ-CP", None, NQ71, id="government number"),
    pytest.param("004_1b73a6d31f29fe0d.txt", None, PLAN, id="file name"),
    pytest.param("004_1b73a6d31f29fe0d", None, PLAN, id="file name without .txt"),
    pytest.param("003_07a70d37f77f3d0b.txt", None, NQ02, id="file of a loaded local document"),
    pytest.param("004_1b73a6d31f29fe0d.txt#8.1", None, TASK, id="file#task"),
    pytest.param("004_1b73a6d31f29fe0d#7.2", None, TASK_72, id="file without .txt#task"),
    pytest.param("02-NQ/TU", "Thái Bình", NQ02, id="local number with its province"),
    pytest.param("02-NQ/TU", "thai binh", NQ02, id="province typed without accents"),
    pytest.param("02-NQ/TU", "Hải Dương", HD02, id="the other province"),
    pytest.param(PLAN, None, PLAN, id="a node id"),
    pytest.param(TASK, None, TASK, id="a task's node id"),
    pytest.param("02-NQ/TU (Hải Dương)", None, HD02, id="key: a local number and its province"),
    pytest.param("02-NQ/TU (hai duong)", None, HD02, id="key's province without accents"),
    pytest.param("376-KH/TU (Thái Bình)", "Thái Bình", KH376, id="key and the same --province"),
    pytest.param("02-NQ/TU (003_07a70d37f77f3d0b.txt)", None, NQ02, id="key: number and file"),
    pytest.param("57-NQ/TW (Thái Bình)", None, NQ57, id="a national number in a province"),
]


@pytest.mark.parametrize(
    ("ident", "province", "want"),
    FOUND,
)
def test_find_node(ident: str, province: str | None, want: str) -> None:
    assert find_node(GRAPH, ident, province=province) == want


NOT_FOUND = [
    pytest.param(
        "02-NQ/TU",
        None,
        "several provinces (Hải Dương, Thái Bình); add --province",
        id="local number in two provinces",
    ),
    pytest.param("57-NQ/TU", None, "did you mean 57-NQ/TW", id="did you mean the national number"),
    pytest.param(
        "004_1b73a6d31f29fe0.txt",
        None,
        "did you mean 004_1b73a6d31f29fe0d.txt",
        id="did you mean the file",
    ),
    pytest.param(
        "004_1b73a6d31f29fe0d.txt#8.2",
        None,
        "has no task '8.2'; did you mean 8.1",
        id="no such task",
    ),
    pytest.param("02-NQ/TU", "Thái Bìn", "unknown province 'Thái Bìn'", id="unknown province"),
    pytest.param("02-NQ/TU", "Hà Nội", "no document '02-NQ/TU'", id="not in that province"),
    pytest.param(
        "02-NQ/TU (Hà Nội)", None, "no document '02-NQ/TU (Hà Nội)' of Hà Nội", id="key elsewhere"
    ),
    pytest.param(
        "02-NQ/TU (Hải Dương)", "Thái Bình", "name two places", id="key and another --province"
    ),
    pytest.param(
        "02-NQ/TU (002_727f14eddfa7dc9f.txt)",
        None,
        "002_727f14eddfa7dc9f.txt is unnumbered, not 02-NQ/TU",
        id="number and the wrong file",
    ),
]


@pytest.mark.parametrize(
    ("ident", "province", "message"),
    NOT_FOUND,
)
def test_find_node_errors(ident: str, province: str | None, message: str) -> None:
    with pytest.raises(InputError) as info:
        find_node(GRAPH, ident, province=province)
    assert message in str(info.value)


# --- who -------------------------------------------------------------------------------

AGENCIES = [
    pytest.param("Sở Khoa học và Công nghệ", None, (SKHCN_HD, SKHCN_TB), id="exact name"),
    pytest.param("sở khoa học và công nghệ", None, (SKHCN_HD, SKHCN_TB), id="lower case"),
    pytest.param("SỞ KHOA HỌC VÀ CÔNG NGHỆ", None, (SKHCN_HD, SKHCN_TB), id="upper case"),
    pytest.param("so khoa hoc va cong nghe", None, (SKHCN_HD, SKHCN_TB), id="without accents"),
    pytest.param("Sở KH&CN", None, (SKHCN_HD, SKHCN_TB), id="abbreviation KH&CN"),
    pytest.param(
        "Sở Khoa học và Công nghệ", "Thái Bình", (SKHCN_TB,), id="exact name in one province"
    ),
    pytest.param(
        "so khoa hoc va cong nghe", "hai duong", (SKHCN_HD,), id="without accents in one province"
    ),
    pytest.param("UBND tỉnh", "Thái Bình", (UBND_TB,), id="UBND tinh in one province"),
    pytest.param("Sở Tài chánh", None, (STC_TB,), id="a typo"),
    pytest.param("Sở Nông nghiệp và Môi trường", None, (SNN_NEW,), id="merged 2025 department"),
    pytest.param("Sở Khoa học và Công nghệ (Thái Bình)", None, (SKHCN_TB,), id="key"),
    pytest.param("so khoa hoc va cong nghe (hai duong)", None, (SKHCN_HD,), id="key, no accents"),
    pytest.param("Sở KH&CN (Hải Dương)", None, (SKHCN_HD,), id="abbreviation and province"),
    pytest.param(SKHCN_HD, None, (SKHCN_HD,), id="an agency id"),
]


@pytest.mark.parametrize(
    ("name", "province", "want"),
    AGENCIES,
)
def test_find_agencies(name: str, province: str | None, want: tuple[str, ...]) -> None:
    assert find_agencies(GRAPH, name, province=province) == want


def test_find_agencies_key_and_another_province() -> None:
    with pytest.raises(InputError, match="name two places"):
        find_agencies(GRAPH, "Sở Tài chính (Thái Bình)", province="Hải Dương")


def test_find_agencies_ambiguous_lists_what_was_meant() -> None:
    with pytest.raises(InputError, match="did you mean") as info:
        find_agencies(GRAPH, "so nong nghiep")
    message = str(info.value)
    assert "Sở Nông nghiệp và Môi trường" in message
    assert "Sở Nông nghiệp và Phát triển nông thôn" in message


def test_find_agencies_none_in_that_province() -> None:
    with pytest.raises(InputError, match="no agency 'Sở Tài chính' in Hải Dương"):
        find_agencies(GRAPH, "Sở Tài chính", province="Hải Dương")


def test_who_lists_lead_before_coordinate() -> None:
    result = who(G, GRAPH, (SKHCN_TB, STC_TB))
    assert [(d.task, d.role, d.agency, d.deadline) for d in result.duties] == [
        (TASK_72, "lead", SKHCN_TB, "Thường xuyên"),
        (TASK, "lead", SKHCN_TB, "Năm 2025"),
        (TASK, "coordinate", STC_TB, "Năm 2025"),
    ]


# --- targets ---------------------------------------------------------------------------

KTS = [f"{NQ02}/target/1", f"{PLAN}/target/1", f"{PLAN_TTH}/target/3"]

TARGETS = [
    pytest.param("kinh tế số", None, KTS, id="with accents"),
    pytest.param("Kinh tế số", None, KTS, id="capital K"),
    pytest.param("kinh te so", None, KTS, id="without accents"),
    pytest.param("KINH TE SO", None, KTS, id="capitals without accents"),
    pytest.param("kinh tế số", 2030, KTS[1:], id="with accents in 2030"),
    pytest.param("kinh te so", 2025, KTS[:1], id="without accents in 2025"),
    pytest.param("kinh tế sô", None, [], id="a wrong accent is not no accents"),
    pytest.param("dich vu cong truc tuyen", None, [f"{PLAN_HD}/target/2"], id="d-bar typed as d"),
    pytest.param("GRDP", None, KTS, id="found in the sentence"),
    pytest.param("kinh tế số", 2020, [], id="no target that year"),
]


@pytest.mark.parametrize(
    ("text", "year", "want"),
    TARGETS,
)
def test_targets(text: str, year: int | None, want: list[str]) -> None:
    assert [r.target for r in targets(GRAPH, text, year=year)] == want


def test_targets_rows_carry_province_and_document() -> None:
    rows = targets(GRAPH, "kinh tế số")
    assert [(r.year, r.jurisdiction, r.value) for r in rows] == [
        (2025, "Thái Bình", 20.0),
        (2030, "Thái Bình", 30.0),
        (2030, "Thừa Thiên Huế", 20.0),
    ]
    assert rows[0].document == NQ02
    assert rows[0].text == "kinh tế số chiếm khoảng 20% GRDP"


# --- coverage --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "want"),
    [
        pytest.param("2019-09-27", places.PROVINCES_2008, id="52-NQ/TW of 2019"),
        pytest.param("2025-06-30", places.PROVINCES_2008, id="the day before the merger"),
        pytest.param("2025-07-01", places.PROVINCES_2025, id="the day of the merger"),
        pytest.param("2025-07-23", places.PROVINCES_2025, id="214/NQ-CP of July 2025"),
    ],
)
def test_province_list_before_and_after_the_merger(date: str, want: tuple[str, ...]) -> None:
    assert province_list(date) == want


def test_province_lists_have_63_and_34() -> None:
    assert len(set(places.PROVINCES_2008)) == 63
    assert len(set(places.PROVINCES_2025)) == 34


def test_coverage_before_the_merger() -> None:
    result = coverage(G, GRAPH, NQ52)
    assert result.provinces == places.PROVINCES_2008
    # Thái Bình answers it through 02-NQ/TU, and through plan 004's task 8.1.
    assert result.covered == (
        ("Hải Dương", (PLAN_HD,)),
        ("Thái Bình", (NQ02, PLAN)),
        ("Thừa Thiên Huế", (PLAN_TTH,)),
    )
    assert len(result.missing) == 60
    assert not {"Hải Dương", "Thái Bình", "Thừa Thiên Huế"} & set(result.missing)


def test_coverage_after_the_merger() -> None:
    result = coverage(G, GRAPH, NQ214)
    assert result.provinces == places.PROVINCES_2025
    assert result.covered == (("Huế", (PLAN_HUE,)),)
    assert len(result.missing) == 33
    assert "Thái Bình" not in result.missing  # merged into Hưng Yên
    assert "Hưng Yên" in result.missing


def test_coverage_ignores_national_documents() -> None:
    result = coverage(G, GRAPH, NQ57)
    assert [p for p, _ in result.covered] == ["Hà Nội", "Thái Bình"]
    assert result.covered[1] == ("Thái Bình", (KH376, PLAN))


def test_coverage_among_loaded() -> None:
    result = coverage(G, GRAPH, NQ52, among="loaded")
    assert result.provinces == ("Huế", "Hà Nội", "Hải Dương", "Thái Bình", "Thừa Thiên Huế")
    assert result.missing == ("Huế", "Hà Nội")


# --- keys ------------------------------------------------------------------------------

KEYS = [
    pytest.param(TASK, "004_1b73a6d31f29fe0d.txt#8.1", id="task: file#id"),
    pytest.param(PLAN, "004_1b73a6d31f29fe0d.txt", id="loaded document without a number"),
    pytest.param(NQ02, "02-NQ/TU (003_07a70d37f77f3d0b.txt)", id="loaded document with one"),
    pytest.param(HD02, "02-NQ/TU (Hải Dương)", id="local number: with its province"),
    pytest.param(NQ57, "57-NQ/TW", id="national number: alone"),
    pytest.param(SKHCN_TB, "Sở Khoa học và Công nghệ (Thái Bình)", id="agency and province"),
    pytest.param(f"{PLAN}/target/1", "kinh tế số 30% (2030)", id="target: its label"),
]


@pytest.mark.parametrize(("node", "key"), KEYS)
def test_readable_key(node: str, key: str) -> None:
    assert readable_key(GRAPH, node) == key
    assert readable_key(G, node) == key  # the networkx form names it alike


def test_every_key_finds_its_node_again() -> None:
    checked = 0
    for n in GRAPH.nodes:
        key = readable_key(GRAPH, n.id)
        if n.type is NodeType.AGENCY:
            assert find_agencies(GRAPH, key) == (n.id,), key
        elif n.type in (NodeType.DOCUMENT, NodeType.TASK):
            assert find_node(GRAPH, key) == n.id, key
        else:
            continue
        checked += 1
    assert checked == 20


def test_an_agency_of_no_known_place_is_keyed_with_a_question_mark() -> None:
    nowhere = make_node(
        "agency/unknown/ban-chi-dao", NodeType.AGENCY, "Ban Chỉ đạo", name="Ban Chỉ đạo"
    )
    elsewhere = _agency("agency/thai-binh/ban-chi-dao", "Ban Chỉ đạo", "Thái Bình")
    graph = _graph([*GRAPH.nodes, nowhere, elsewhere], list(GRAPH.edges))
    assert readable_key(graph, nowhere.id) == "Ban Chỉ đạo (?)"
    assert find_agencies(graph, "Ban Chỉ đạo (?)") == (nowhere.id,)
    assert find_agencies(graph, "Ban Chỉ đạo") == (elsewhere.id, nowhere.id)


def test_results_carry_the_keys_of_their_nodes() -> None:
    result = lineage(G, TASK)
    assert result.keys[TASK] == "004_1b73a6d31f29fe0d.txt#8.1"
    assert set(result.keys) == {n for p in result.paths for n in p.nodes}
    assert cascade(G, NQ52).keys[TASK] == "004_1b73a6d31f29fe0d.txt#8.1"
    duties = who(G, GRAPH, (SKHCN_TB,))
    assert duties.keys[SKHCN_TB] == "Sở Khoa học và Công nghệ (Thái Bình)"
    assert duties.keys[TASK] == "004_1b73a6d31f29fe0d.txt#8.1"
    assert duties.keys[PLAN] == "004_1b73a6d31f29fe0d.txt"
    assert coverage(G, GRAPH, NQ52).keys[NQ02] == "02-NQ/TU (003_07a70d37f77f3d0b.txt)"
    assert targets(GRAPH, "kinh tế số")[0].document_key == "02-NQ/TU (003_07a70d37f77f3d0b.txt)"

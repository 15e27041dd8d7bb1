"""A hand-made PolicyGraph shared by the tests of the RDF form, the exports and validation.

52-NQ/TW, a Thái Bình plan that implements it and cites 749/QĐ-TTg, one task of the
plan (led by one agency, coordinated by another), one target (a range) and the agencies,
places, signer and indicator around them. It conforms to the SHACL shapes; a test that
needs a different graph derives it from this one.
"""

from __future__ import annotations

from collections.abc import Iterable

from policykg.graph.model import (
    Edge,
    EdgeType,
    Node,
    NodeType,
    PolicyGraph,
    Problem,
    make_edge,
    make_node,
)
from policykg.records import Provenance, Span

TW = "doc/tw/52-NQ-TW"
QD = "doc/tw/749-QĐ-TTg"
PLAN = "doc/thai-binh/file/004_1b73a6d31f29fe0d"
TASK = f"{PLAN}/task/8.1"
TARGET = f"{PLAN}/target/3"
SO_KHCN = "agency/thai-binh/so-khoa-hoc-va-cong-nghe"
SO_TTTT = "agency/thai-binh/so-thong-tin-va-truyen-thong"
UBND = "agency/thai-binh/ubnd-tinh"
BCT = "agency/tw/bo-chinh-tri"
SIGNER = "person/thai-binh/ngo-dong-hai"
INDICATOR = "indicator/kinh-te-so-trong-grdp"
FILE = "004_1b73a6d31f29fe0d.txt"


def evidence(start: int, end: int, quote: str, *section: str) -> Provenance:
    """Where the plan's file states a fact."""
    return Provenance(source=FILE, span=Span(start=start, end=end), section=section, quote=quote)


def policy_graph(
    nodes: Iterable[Node], edges: Iterable[Edge], problems: tuple[Problem, ...] = ()
) -> PolicyGraph:
    """A graph with its nodes sorted by id and its edges by key, as PolicyGraph expects."""
    return PolicyGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.key)),
        problems=problems,
    )


def sample_graph() -> PolicyGraph:
    """52-NQ/TW, a Thái Bình plan that implements it, one task, one target."""
    nodes = [
        make_node(
            TW,
            NodeType.DOCUMENT,
            "Nghị quyết 52-NQ/TW",
            kind="resolution",
            number="52-NQ/TW",
            date="2019-09-27",
            issuer="Bộ Chính trị",
            jurisdiction="Trung ương",
            title="Về một số chủ trương, chính sách chủ động tham gia "
            "cuộc Cách mạng công nghiệp lần thứ tư",
            loaded=False,
            scope="national",
        ),
        make_node(
            QD,
            NodeType.DOCUMENT,
            "Quyết định 749/QĐ-TTg",
            kind="decision",
            number="749/QĐ-TTg",
            date="2020-06-03",
            loaded=False,
            scope="national",
            conflicts=("date: 2020-06-03 / 2020-06-30", "issuer: Thủ tướng / Chính phủ"),
        ),
        make_node(
            PLAN,
            NodeType.DOCUMENT,
            "Kế hoạch chuyển đổi số tỉnh Thái Bình",
            kind="plan",
            number="12/KH-UBND",
            date="2022-03-15",
            issuer="Ủy ban nhân dân tỉnh Thái Bình",
            jurisdiction="Thái Bình",
            title="Chuyển đổi số tỉnh Thái Bình đến năm 2025, định hướng đến năm 2030",
            form="Kế hoạch",
            loaded=True,
            source=FILE,
            sha256="1b73a6d31f29fe0d" * 4,
            scope="local",
        ),
        make_node(
            TASK,
            NodeType.TASK,
            "8.1 Phát triển hạ tầng số",
            task_id="8.1",
            document=PLAN,
            text="Xây dựng, phát triển hạ tầng số, nền tảng số phục vụ chuyển đổi số",
            deadline="Quý II/2025",
            deadline_value="2025-Q2",
            deadline_year=2025,
            result="Hạ tầng số được đưa vào vận hành",
            section="III / 8",
        ),
        make_node(
            TARGET,
            NodeType.TARGET,
            "Kinh tế số chiếm 20-30% GRDP",
            indicator="kinh tế số trong GRDP",
            value=20.0,
            value_max=30.0,
            unit="%",
            comparator="range",
            year=2025,
            document=PLAN,
            text="kinh tế số chiếm từ 20% đến 30% GRDP",
            # An indicator table's "Cơ quan chủ trì theo dõi" column (issue 11).
            monitor="Sở Khoa học và Công nghệ",
        ),
        make_node(
            SO_KHCN,
            NodeType.AGENCY,
            "Sở Khoa học và Công nghệ",
            name="Sở Khoa học và Công nghệ",
            jurisdiction="Thái Bình",
            level="province",
            collective=False,
            aliases=("Sở KH&CN", "Sở Khoa học - Công nghệ"),
        ),
        make_node(
            SO_TTTT,
            NodeType.AGENCY,
            "Sở Thông tin và Truyền thông",
            name="Sở Thông tin và Truyền thông",
            jurisdiction="Thái Bình",
            level="province",
            collective=False,
        ),
        make_node(
            UBND,
            NodeType.AGENCY,
            "Ủy ban nhân dân tỉnh Thái Bình",
            name="Ủy ban nhân dân tỉnh Thái Bình",
            jurisdiction="Thái Bình",
            level="province",
            collective=False,
        ),
        make_node(
            BCT,
            NodeType.AGENCY,
            "Bộ Chính trị",
            name="Bộ Chính trị",
            jurisdiction="Trung ương",
            level="central",
            collective=False,
        ),
        make_node(
            "place/thai-binh", NodeType.JURISDICTION, "Thái Bình", name="Thái Bình", national=False
        ),
        make_node(
            "place/tw", NodeType.JURISDICTION, "Trung ương", name="Trung ương", national=True
        ),
        make_node(
            SIGNER, NodeType.PERSON, "Ngô Đông Hải", name="Ngô Đông Hải", jurisdiction="Thái Bình"
        ),
        make_node(
            INDICATOR, NodeType.INDICATOR, "Kinh tế số trong GRDP", name="kinh tế số trong GRDP"
        ),
    ]
    edges = [
        make_edge(
            PLAN,
            EdgeType.IMPLEMENTS,
            TW,
            evidence(412, 470, "Thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị"),
        ),
        make_edge(PLAN, EdgeType.CITES, QD, evidence(520, 548, "Quyết định số 749/QĐ-TTg", "I")),
        make_edge(
            PLAN, EdgeType.ISSUED_BY, UBND, evidence(0, 30, "ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH")
        ),
        make_edge(
            PLAN, EdgeType.SIGNED_BY, SIGNER, evidence(9000, 9012, "Ngô Đông Hải"), title="Chủ tịch"
        ),
        make_edge(PLAN, EdgeType.IN_JURISDICTION, "place/thai-binh", None, inferred="issuer"),
        make_edge(TW, EdgeType.ISSUED_BY, BCT, None),
        make_edge(TW, EdgeType.IN_JURISDICTION, "place/tw", None),
        make_edge(
            TASK,
            EdgeType.PART_OF,
            PLAN,
            evidence(3100, 3180, "8.1. Phát triển hạ tầng số", "III", "8"),
        ),
        make_edge(
            TASK,
            EdgeType.LED_BY,
            SO_KHCN,
            evidence(3181, 3230, "Cơ quan chủ trì: Sở Khoa học và Công nghệ", "III", "8"),
            role="lead",
        ),
        make_edge(
            TASK,
            EdgeType.COORDINATED_BY,
            SO_TTTT,
            evidence(3231, 3290, "Cơ quan phối hợp: Sở Thông tin và Truyền thông", "III", "8"),
        ),
        make_edge(TASK, EdgeType.IMPLEMENTS, TW, None, inferred="document"),
        make_edge(
            TARGET,
            EdgeType.PART_OF,
            PLAN,
            evidence(1200, 1236, "kinh tế số chiếm từ 20% đến 30% GRDP", "II"),
        ),
        make_edge(TARGET, EdgeType.MEASURES, INDICATOR, None),
        make_edge(SO_KHCN, EdgeType.SUB_ORGANIZATION_OF, UBND, None, inferred="name"),
        make_edge(SO_KHCN, EdgeType.IN_JURISDICTION, "place/thai-binh", None),
        make_edge(SIGNER, EdgeType.IN_JURISDICTION, "place/thai-binh", None),
    ]
    problems = (
        Problem(
            kind="conflict",
            node=QD,
            message="two dates for 749/QĐ-TTg",
            evidence=(evidence(520, 548, "Quyết định số 749/QĐ-TTg", "I"),),
        ),
    )
    return policy_graph(nodes, edges, problems)

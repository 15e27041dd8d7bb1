"""Suggestions: which cited number may a document that lost its letterhead be?"""

from __future__ import annotations

import itertools

import pytest
from policykg.graph.model import Edge, EdgeType, Node, NodeType, PolicyGraph, make_edge, make_node
from policykg.graph.resolve import resolve
from policykg.graph.suggest import suggest
from policykg.loaders.manifest import read_manifest
from policykg.loaders.parse import parse_text
from policykg.records import Provenance, Span

from .conftest import CORPUS

FILE_003 = "003_07a70d37f77f3d0b.txt"
DOC_003 = "doc/thai-binh/file/003_07a70d37f77f3d0b"
NQ02 = "doc/thai-binh/02-NQ-TU"


def _corpus(*, manifest: bool) -> PolicyGraph:
    entries = read_manifest(CORPUS / "manifest.csv") if manifest else None
    return resolve(
        parse_text(
            p.read_text(encoding="utf-8"),
            p.name,
            entry=entries.entry_for(p) if entries else None,
        )
        for p in sorted(CORPUS.glob("*.txt"))
    )


@pytest.fixture(scope="module")
def without_manifest() -> PolicyGraph:
    return _corpus(manifest=False)


@pytest.fixture(scope="module")
def with_manifest() -> PolicyGraph:
    return _corpus(manifest=True)


def test_corpus_003_may_be_02_nq_tu(without_manifest: PolicyGraph) -> None:
    found = [s for s in suggest(without_manifest) if s.document == DOC_003]
    assert found, "003 lost its letterhead and 004 cites 02-NQ/TU: a suggestion is expected"
    first = found[0]
    assert (first.candidate, first.number, first.date) == (NQ02, "02-NQ/TU", "2021-11-19")
    assert "same kind (resolution)" in first.reasons
    assert "same issuer (Ban Chấp hành Đảng bộ tỉnh)" in first.reasons
    assert all(a.score >= b.score for a, b in itertools.pairwise(found))


def test_corpus_with_manifest_003_needs_no_suggestion(with_manifest: PolicyGraph) -> None:
    suggestions = suggest(with_manifest)
    assert [s for s in suggestions if s.document in (DOC_003, NQ02)] == []
    # 02-NQ/TU is loaded now: no other document is told it may be 02-NQ/TU.
    assert [s for s in suggestions if s.number == "02-NQ/TU"] == []


def test_corpus_suggestions_are_stubs_of_the_same_province(without_manifest: PolicyGraph) -> None:
    for s in suggest(without_manifest):
        doc, candidate = without_manifest.node(s.document), without_manifest.node(s.candidate)
        assert doc.get("loaded") is True and doc.get("number") is None
        assert candidate.get("loaded") is False
        assert candidate.get("jurisdiction") == doc.get("jurisdiction")


# --- small graphs: what is never proposed ---------------------------------------------

PLAN = "doc/thai-binh/file/004_1b73a6d31f29fe0d"
NQ52 = "doc/tw/52-NQ-TW"
TASK = f"{DOC_003}/task/3.1"


def _said(source: str, quote: str) -> Provenance:
    return Provenance(source=source, span=Span(start=0, end=len(quote)), section=(), quote=quote)


def _stub(node_id: str, number: str, **props: str | None) -> Node:
    defaults = {
        "kind": "resolution",
        "issuer": "Ban Chấp hành Đảng bộ tỉnh",
        "jurisdiction": "Thái Bình",
    }
    return make_node(
        node_id, NodeType.DOCUMENT, number, number=number, loaded=False, **{**defaults, **props}
    )


def _cited_by_plan(node_id: str, number: str) -> Edge:
    quote = f"Tiếp tục triển khai thực hiện Nghị quyết số {number} của Ban Chấp hành Đảng bộ tỉnh"
    return make_edge(PLAN, EdgeType.IMPLEMENTS, node_id, _said("004_1b73a6d31f29fe0d.txt", quote))


def _graph(*extra: tuple[Node, Edge]) -> PolicyGraph:
    """003 without its number, citing 52-NQ/TW (27/9/2019); 004 citing 02-NQ/TU."""
    nodes = [
        make_node(
            DOC_003,
            NodeType.DOCUMENT,
            "Nghị quyết Thái Bình (003_07a70d37f77f3d0b.txt)",
            kind="resolution",
            issuer="Ban Chấp hành Đảng bộ tỉnh",
            jurisdiction="Thái Bình",
            loaded=True,
            source=FILE_003,
        ),
        make_node(
            PLAN,
            NodeType.DOCUMENT,
            "Kế hoạch Thái Bình (004_1b73a6d31f29fe0d.txt)",
            kind="plan",
            issuer="Ủy ban nhân dân tỉnh",
            jurisdiction="Thái Bình",
            loaded=True,
            source="004_1b73a6d31f29fe0d.txt",
        ),
        make_node(TASK, NodeType.TASK, "3.1", task_id="3.1", document=DOC_003),
        _stub(
            NQ52,
            "52-NQ/TW",
            issuer="Bộ Chính trị",
            jurisdiction="Trung ương",
            date="2019-09-27",
        ),
        _stub(NQ02, "02-NQ/TU", date="2021-11-19"),
    ]
    edges = [
        make_edge(
            DOC_003,
            EdgeType.IMPLEMENTS,
            NQ52,
            _said(FILE_003, "thực hiện Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị"),
        ),
        make_edge(TASK, EdgeType.PART_OF, DOC_003, _said(FILE_003, "3.1. Phát triển hạ tầng số")),
        _cited_by_plan(NQ02, "02-NQ/TU"),
    ]
    for node, edge in extra:
        nodes.append(node)
        edges.append(edge)
    return PolicyGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.key)),
    )


def _candidates(graph: PolicyGraph) -> list[str]:
    return [s.candidate for s in suggest(graph) if s.document == DOC_003]


def test_the_plausible_candidate_is_proposed() -> None:
    (only,) = suggest(_graph())
    assert (only.document, only.candidate, only.number, only.date) == (
        DOC_003,
        NQ02,
        "02-NQ/TU",
        "2021-11-19",
    )
    assert only.reasons == (
        "cited in Thái Bình and not loaded",
        "same kind (resolution)",
        "same issuer (Ban Chấp hành Đảng bộ tỉnh)",
        "dated 2021-11-19, after everything it cites (2019-09-27)",
        "cited by 1 document(s)",
    )


NEVER = [
    pytest.param(
        _stub("doc/hai-duong/03-NQ-TU", "03-NQ/TU", jurisdiction="Hải Dương", date="2021-08-05"),
        None,
        id="another province",
    ),
    pytest.param(
        _stub("doc/thai-binh/31-CTr-TU", "31-CTr/TU", kind="action_programme", date="2024-04-17"),
        None,
        id="another kind",
    ),
    pytest.param(
        _stub("doc/thai-binh/15-NQ-HĐND", "15/NQ-HĐND", issuer="Hội đồng nhân dân tỉnh"),
        None,
        id="another issuer",
    ),
    pytest.param(
        _stub("doc/thai-binh/01-NQ-TU", "01-NQ/TU", date="2018-05-10"),
        None,
        id="dated before what the document cites",
    ),
    pytest.param(
        _stub("doc/thai-binh/05-NQ-TU", "05-NQ/TU", date="2020-12-30"),
        DOC_003,
        id="a document it cites itself",
    ),
    pytest.param(
        _stub("doc/thai-binh/07-NQ-TU", "07-NQ/TU", date="2020-06-15"),
        TASK,
        id="a document one of its tasks cites",
    ),
]


@pytest.mark.parametrize(("stub", "cited_from"), NEVER)
def test_never_proposed(stub: Node, cited_from: str | None) -> None:
    number = str(stub.get("number"))
    if cited_from is None:
        edge = _cited_by_plan(stub.id, number)
    else:
        edge = make_edge(
            cited_from,
            EdgeType.CITES,
            stub.id,
            _said(FILE_003, f"Nghị quyết số {number} của Ban Chấp hành Đảng bộ tỉnh"),
        )
    assert _candidates(_graph((stub, edge))) == [NQ02]


def test_a_stub_that_says_less_ranks_lower() -> None:
    # "Nghị quyết số 08-NQ/TU ngày 01/3/2022": no issuer named.
    vague = _stub("doc/thai-binh/08-NQ-TU", "08-NQ/TU", issuer=None, date="2022-03-01")
    found = list(suggest(_graph((vague, _cited_by_plan(vague.id, "08-NQ/TU")))))
    assert [s.candidate for s in found] == [NQ02, vague.id]
    assert found[0].score > found[1].score
    assert not any(r.startswith("same issuer") for r in found[1].reasons)


def test_limit() -> None:
    extra = [
        (
            _stub(f"doc/thai-binh/{n}-NQ-TU", f"{n}-NQ/TU", date="2022-01-01"),
            _cited_by_plan(f"doc/thai-binh/{n}-NQ-TU", f"{n}-NQ/TU"),
        )
        for n in ("10", "11", "12")
    ]
    graph = _graph(*extra)
    assert len(_candidates(graph)) == 3
    assert len([s for s in suggest(graph, limit=1) if s.document == DOC_003]) == 1
    assert len([s for s in suggest(graph, limit=10) if s.document == DOC_003]) == 4

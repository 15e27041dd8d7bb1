"""One plan in the layout issue 11 quotes, as a legal-text site prints it, read end to end.

``data/layouts/site_plan.md`` puts together what real documents do one at a time: the
letterhead as table cells, hard line breaks inside the number, the date, the opening chain and
a name, a title in sentence case followed by its preamble, tasks in parts (``a) Nhiệm vụ`` /
``b) Cơ quan thực hiện`` / ``- Đơn vị chủ trì`` / ``c) Thời gian thực hiện``), emphasis
inside a label (``*Đơn vị chủ trì thực hiện: *Sở Khoa``), and a one-cell signature block.
"""

from __future__ import annotations

from pathlib import Path

from policykg.loaders.contract import to_contract
from policykg.loaders.parse import parse_file

PLAN = Path(__file__).parent / "data" / "layouts" / "site_plan.md"


def test_the_plan_reads_whole() -> None:
    d = to_contract(parse_file(PLAN))
    doc = d["document"]
    assert (doc["kind"], doc["number"], doc["date"], doc["jurisdiction"]) == (
        "plan", "283/KH-UBND", "2025-11-29", "Hà Nội",
    )  # fmt: skip
    assert (doc["signer"], doc["signer_title"]) == ("Nguyễn Văn A", "Phó Chủ tịch")
    assert doc["title"].startswith("KẾ HOẠCH Triển khai thực hiện Nghị quyết số 57-NQ/TW")
    assert {(r["number"], r["relation"]) for r in d["references"]} == {
        ("57-NQ/TW", "implements"), ("376-KH/TU", "implements"), ("71/NQ-CP", "implements"),
    }  # fmt: skip
    tasks = {t["id"]: t for t in d["tasks"]}
    assert list(tasks) == ["1.1", "1.2"]
    assert tasks["1.1"]["lead"] == ["Sở Khoa học và Công nghệ"]
    assert tasks["1.1"]["coordinating"][:2] == ["Sở Tư pháp", "Sở Tài chính"]
    assert tasks["1.1"]["deadline"]["value"] == "2025-Q4"
    assert tasks["1.2"]["lead"] == ["Các Sở, ban, ngành", "Ủy ban nhân dân cấp xã"]
    assert {(t["year"], t["value"], t["unit"], t["comparator"]) for t in d["targets"]} == {
        (2030, 30.0, "%", "ge"), (2030, 40.0, "%", "gt"),
    }  # fmt: skip


def test_quotes_point_into_the_file() -> None:
    original = PLAN.read_text(encoding="utf-8")
    doc = parse_file(PLAN)
    for task in doc.tasks:
        span = task.provenance.span
        assert (
            original[span.start : span.end]
            .replace("\n", " ")
            .startswith(task.provenance.quote.replace("\n", " ")[:20])
        )

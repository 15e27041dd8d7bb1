"""The reference data of 2025's reorganisation (ontology/data/successions.csv) and its reader.

The table's facts are checked against the loaders' own lists of the 63 and the 34
provinces and of the departments' names (the graph joins on those spellings); the reader
is checked on a user's file that extends the table and on malformed files, each of
which must give one line naming the file, the line and the problem.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest

from policykg.errors import InputError
from policykg.loaders import places
from policykg.loaders.agencies import DEPARTMENT_SUBJECTS
from policykg.ontology import successions as s

BEFORE = date(2024, 12, 31)
HUE_DAY = date(2025, 1, 1)
MERGER_EVE = date(2025, 6, 30)
MERGER_DAY = date(2025, 7, 1)
HEADER = ",".join(s.COLUMNS)

# "202/2025/QH15", "1314/NQ-UBTVQH15", "45/2025/NĐ-CP"
DOC_NUMBER = re.compile(r"\d+/(?:\d{4}/)?[A-ZĐ0-9-]+")


@pytest.fixture(autouse=True)
def _no_user_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(s.ENV, raising=False)


@pytest.fixture
def rows() -> tuple[s.Succession, ...]:
    return s.load()


def _user_file(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "mine.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


# -- the shipped table -------------------------------------------------------------------


def test_the_file_is_utf8_nfc_and_ships_with_the_package() -> None:
    text = files("policykg.ontology").joinpath("data", "successions.csv").read_text("utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert text.splitlines()[0] == HEADER


def test_every_row_cites_a_dated_legal_text(rows: tuple[s.Succession, ...]) -> None:
    for r in rows:
        assert DOC_NUMBER.fullmatch(r.source), (r.line, r.source)
        assert r.source_title.startswith(("Nghị quyết", "Nghị định", "Luật")), r.line
        # a change takes effect on or after the day its text was adopted or signed
        assert r.source_date <= r.effective, r.line


def test_rows_by_kind(rows: tuple[s.Succession, ...]) -> None:
    kinds = {k: sum(r.kind == k for r in rows) for k in s.KINDS}
    assert kinds == {"province": 64, "agency": 27, "district": 1}


def test_63_provinces_map_to_34(rows: tuple[s.Succession, ...]) -> None:
    old = s.provinces_on(BEFORE)
    new = s.provinces_on(MERGER_DAY)
    assert sorted(old) == sorted(places.PROVINCES_2008)
    assert sorted(new) == sorted(places.PROVINCES_2025)
    successors = {name: s.province_successor(name, MERGER_DAY) for name in old}
    assert set(successors.values()) == set(new)
    assert len(set(successors.values())) == 34
    # one row per old province (Thừa Thiên Huế's is the rename of 1 January)
    for name in old:
        own = [r for r in rows if r.kind == "province" and r.old == name]
        assert len(own) == 1, name


def test_11_provinces_are_unchanged() -> None:
    unchanged = [
        p
        for p in s.provinces_on(MERGER_DAY)
        if s.province_parts(p, MERGER_DAY) == s.province_parts(p, MERGER_EVE)
    ]
    assert sorted(unchanged) == sorted(
        ["Cao Bằng", "Điện Biên", "Hà Tĩnh", "Lai Châu", "Lạng Sơn", "Nghệ An", "Quảng Ninh",
         "Thanh Hóa", "Sơn La", "Hà Nội", "Huế"]
    )  # fmt: skip


def test_provinces_on_each_side_of_the_two_changes() -> None:
    assert "Thừa Thiên Huế" in s.provinces_on(BEFORE)
    on_hue_day = s.provinces_on(HUE_DAY)
    assert len(on_hue_day) == 63
    assert "Huế" in on_hue_day and "Thừa Thiên Huế" not in on_hue_day
    assert len(s.provinces_on(MERGER_EVE)) == 63
    assert len(s.provinces_on(MERGER_DAY)) == 34


@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [
        ("Thái Bình", MERGER_DAY, "Hưng Yên"),
        ("Hải Dương", MERGER_DAY, "Hải Phòng"),
        ("Bắc Giang", MERGER_DAY, "Bắc Ninh"),
        ("Kiên Giang", MERGER_DAY, "An Giang"),
        ("Bình Dương", MERGER_DAY, "Hồ Chí Minh"),
        ("Thái Bình", MERGER_EVE, "Thái Bình"),
        ("Hưng Yên", MERGER_DAY, "Hưng Yên"),
        ("Thừa Thiên Huế", BEFORE, "Thừa Thiên Huế"),
        ("Thừa Thiên Huế", HUE_DAY, "Huế"),
        ("Thừa Thiên Huế", MERGER_DAY, "Huế"),
        # as printed: prefix, case, decomposed marks
        ("tỉnh Thái Bình", MERGER_DAY, "Hưng Yên"),
        ("THÀNH PHỐ HẢI PHÒNG", MERGER_DAY, "Hải Phòng"),
        (unicodedata.normalize("NFD", "Kiên Giang"), MERGER_DAY, "An Giang"),
        # marks are kept: an unmarked spelling is another name, and unknown names are themselves
        ("Thai Binh", MERGER_DAY, "Thai Binh"),
        ("Trung ương", MERGER_DAY, "Trung ương"),
    ],
)
def test_province_successor(name: str, day: date, expected: str) -> None:
    assert s.province_successor(name, day) == expected


def test_province_parts() -> None:
    assert s.province_parts("Hưng Yên", MERGER_DAY) == ("Hưng Yên", "Thái Bình")
    assert s.province_parts("Hưng Yên", MERGER_EVE) == ("Hưng Yên",)
    assert s.province_parts("Cần Thơ", MERGER_DAY) == ("Cần Thơ", "Hậu Giang", "Sóc Trăng")
    assert s.province_parts("Huế", MERGER_DAY) == ("Huế", "Thừa Thiên Huế")


@pytest.mark.parametrize(
    ("name", "kind", "span"),
    [
        ("Thừa Thiên Huế", "province", (None, HUE_DAY)),
        ("Huế", "province", (HUE_DAY, None)),
        ("Thái Bình", "province", (None, MERGER_DAY)),
        ("Hưng Yên", "province", (None, None)),
        ("Sở Thông tin và Truyền thông", "agency", (None, date(2025, 3, 1))),
        ("Bộ Nông nghiệp và Môi trường", "agency", (date(2025, 3, 1), None)),
        ("Sở Khoa học và Công nghệ", "agency", (None, None)),
        ("Bộ Nội vụ", "agency", (None, None)),  # it handed religion on and goes on
    ],
)
def test_interval(name: str, kind: str, span: tuple[date | None, date | None]) -> None:
    assert s.interval(name, kind=kind) == span


def test_district_level_ends_with_two_level_government(rows: tuple[s.Succession, ...]) -> None:
    (row,) = [r for r in rows if r.kind == "district"]
    assert (row.old, row.new, row.relation) == ("cấp huyện", "", "ABOLISHED")
    assert (row.effective, row.source) == (MERGER_DAY, "203/2025/QH15")


def test_names_are_spelled_as_the_loaders_spell_them(rows: tuple[s.Succession, ...]) -> None:
    # the graph joins the table to what the loaders extracted: one spelling on both sides
    provinces = {n for r in rows if r.kind == "province" for n in (r.old, r.new)}
    assert provinces == set(places.PROVINCES)
    prefix = {"province": "Sở ", "central": "Bộ "}
    for r in rows:
        if r.kind != "agency":
            continue
        for name in (r.old, r.new):
            if name == "Ủy ban Dân tộc":
                continue
            assert name.startswith(prefix[r.level]), (r.line, name)
            assert name.removeprefix(prefix[r.level]) in DEPARTMENT_SUBJECTS, (r.line, name)


# -- agencies ----------------------------------------------------------------------------


def test_department_of_information_moves_on_1_march_2025() -> None:
    name = "Sở Thông tin và Truyền thông"
    full, split = s.agency_successors(name, date(2025, 3, 1))
    assert [r.new for r in full] == ["Sở Khoa học và Công nghệ"]
    assert full[0].relation == "MERGED_INTO" and full[0].source == "45/2025/NĐ-CP"
    assert [r.new for r in split] == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert (split[0].relation, split[0].part) == ("SPLIT_TO", "báo chí, xuất bản")
    assert s.agency_current(name, date(2025, 3, 1))[0] == "Sở Khoa học và Công nghệ"
    assert s.agency_successors(name, date(2025, 2, 28)) == ()
    assert s.agency_current(name, date(2025, 2, 28)) == (name,)
    # names are compared case-insensitively
    assert s.agency_current("sở thông tin và truyền thông", date(2025, 3, 1)) == s.agency_current(
        name, date(2025, 3, 1)
    )


@pytest.mark.parametrize(
    ("old", "current"),
    [
        ("Sở Kế hoạch và Đầu tư", ("Sở Tài chính",)),
        ("Sở Giao thông vận tải", ("Sở Xây dựng",)),
        ("Sở Tài nguyên và Môi trường", ("Sở Nông nghiệp và Môi trường",)),
        (
            "Sở Lao động - Thương binh và Xã hội",
            ("Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo"),
        ),
        ("Bộ Kế hoạch và Đầu tư", ("Bộ Tài chính",)),
        (
            "Bộ Thông tin và Truyền thông",
            ("Bộ Khoa học và Công nghệ", "Bộ Văn hóa, Thể thao và Du lịch"),
        ),
        ("Ủy ban Dân tộc", ("Bộ Dân tộc và Tôn giáo",)),
        # Bộ Nội vụ gave religion away on the day it received Bộ LĐTBXH: those duties stay
        ("Bộ Lao động - Thương binh và Xã hội", ("Bộ Nội vụ", "Bộ Giáo dục và Đào tạo")),
        ("Bộ Nội vụ", ("Bộ Nội vụ", "Bộ Dân tộc và Tôn giáo")),
        ("Sở Y tế", ("Sở Y tế",)),
    ],
)
def test_agency_current(old: str, current: tuple[str, ...]) -> None:
    assert s.agency_current(old, date(2026, 1, 1)) == current


# -- a user's file -----------------------------------------------------------------------


def test_a_user_file_extends_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a made-up change, for the test: Cà Mau renamed Minh Hải in 2030
    path = _user_file(
        tmp_path,
        "province,province,Cà Mau,Minh Hải,SUCCEEDED_BY,,2030-01-01,1/2029/QH16,2029-11-30,"
        "Nghị quyết thử,,",
        "agency,province,Sở Thông tin và Truyền thông,Công an tỉnh,SPLIT_TO,"
        "an toàn thông tin mạng,2025-03-01,1/NQ-HĐND,2025-02-20,Nghị quyết thử,Phú Thọ,",
    )
    shipped = s.load()
    monkeypatch.setenv(s.ENV, str(path))
    rows = s.load()
    assert rows[: len(shipped)] == shipped
    assert [(r.old, r.line) for r in rows[len(shipped) :]] == [
        ("Cà Mau", 2),
        ("Sở Thông tin và Truyền thông", 3),
    ]
    later = date(2030, 1, 1)
    assert s.province_successor("Bạc Liêu", later) == "Minh Hải"
    assert "Minh Hải" in s.provinces_on(later) and "Cà Mau" not in s.provinces_on(later)
    assert len(s.provinces_on(later)) == 34
    assert s.interval("Minh Hải") == (later, None)
    # the scoped row applies in its province only
    day = date(2025, 3, 1)
    # the user's rows come after the shipped ones in the table's order
    assert s.agency_current("Sở Thông tin và Truyền thông", day, province="Phú Thọ") == (
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Công an tỉnh",
    )
    assert "Công an tỉnh" not in s.agency_current("Sở Thông tin và Truyền thông", day)
    assert "Công an tỉnh" not in s.agency_current(
        "Sở Thông tin và Truyền thông", day, province="Hưng Yên"
    )


def test_load_is_cached_and_rereads_an_edited_file(tmp_path: Path) -> None:
    path = _user_file(tmp_path, "district,district,cấp huyện,,ABOLISHED,,2025-07-01,"
                      "203/2025/QH15,2025-06-16,Nghị quyết,,")  # fmt: skip
    first = s.load(path)
    assert s.load(path) is first
    with path.open("a", encoding="utf-8") as f:
        f.write(
            "agency,central,Bộ A,Bộ B,MERGED_INTO,,2030-01-01,1/2030/QH16,2030-01-01,Nghị quyết,,\n"
        )
    assert len(s.load(path)) == 2


BAD_ROWS = {
    "unknown relation": (
        "agency,province,Sở A,Sở B,MERGED,,2025-03-01,45/2025/NĐ-CP,2025-02-28,Nghị định,,",
        "unknown relation 'MERGED'",
    ),
    "bad date": (
        "agency,province,Sở A,Sở B,MERGED_INTO,,2025-13-01,45/2025/NĐ-CP,2025-02-28,Nghị định,,",
        "bad effective '2025-13-01'",
    ),
    "date in Vietnamese order": (
        "agency,province,Sở A,Sở B,MERGED_INTO,,01/03/2025,45/2025/NĐ-CP,2025-02-28,Nghị định,,",
        "bad effective '01/03/2025'",
    ),
    "missing source": (
        "agency,province,Sở A,Sở B,MERGED_INTO,,2025-03-01,,2025-02-28,Nghị định,,",
        "missing source",
    ),
    "missing source date": (
        "agency,province,Sở A,Sở B,MERGED_INTO,,2025-03-01,45/2025/NĐ-CP,,Nghị định,,",
        "missing source_date",
    ),
    "province mapped twice": (
        "province,province,Thái Bình,Hải Phòng,MERGED_INTO,,2025-07-01,202/2025/QH15,"
        "2025-06-12,Nghị quyết,,",
        "province 'Thái Bình' mapped twice on 2025-07-01",
    ),
    "split without its part": (
        "agency,province,Sở A,Sở B,SPLIT_TO,,2025-03-01,45/2025/NĐ-CP,2025-02-28,Nghị định,,",
        "SPLIT_TO needs a part",
    ),
    "continues under another name": (
        "province,province,Hưng Yên,Thái Bình,CONTINUES,,2030-01-01,1/2030/QH16,2030-01-01,"
        "Nghị quyết,,",
        "CONTINUES needs old = new",
    ),
    "unknown kind": (
        "commune,province,Xã A,Xã B,MERGED_INTO,,2025-07-01,1/2025/QH15,2025-06-12,Nghị quyết,,",
        "unknown kind 'commune'",
    ),
    "too few columns": ("agency,province,Sở A,Sở B,MERGED_INTO,,2025-03-01", "7 columns"),
}


@pytest.mark.parametrize(("line", "problem"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_malformed_user_file_gives_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, problem: str
) -> None:
    path = _user_file(tmp_path, line)
    monkeypatch.setenv(s.ENV, str(path))
    with pytest.raises(InputError) as err:
        s.load()
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:2: ")
    assert problem in message


def test_a_bad_header_or_a_missing_file_gives_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _user_file(tmp_path, header="kind,old,new")
    monkeypatch.setenv(s.ENV, str(path))
    with pytest.raises(InputError, match=r":1: the header must be kind,level,old"):
        s.load()
    monkeypatch.setenv(s.ENV, str(tmp_path / "absent.csv"))
    with pytest.raises(InputError, match=r"absent\.csv: cannot read"):
        s.load()

"""The manifest: reading the analyst's CSV, and its values winning over the text's."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from policykg.errors import InputError
from policykg.loaders import places
from policykg.loaders.manifest import ManifestEntry, apply_entry, read_manifest
from policykg.loaders.parse import parse_text
from policykg.records import DocumentKind

from .conftest import CORPUS

HEADER = "file,number,date,issuer,jurisdiction,kind,title\n"
ROW_003 = (
    "003_07a70d37f77f3d0b.txt,02-NQ/TU,19/11/2021,Ban Chấp hành Đảng bộ tỉnh,Thái Bình,"
    "resolution,\n"
)


def _text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# A Thái Bình plan with its letterhead: the text states its own number and date.
PLAN_283 = _text(
    "ỦY BAN NHÂN DÂN",
    "TỈNH THÁI BÌNH",
    "-------",
    "Số: 283/KH-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "---------------",
    "Thái Bình, ngày 24 tháng 9 năm 2025",
    "",
    "KẾ HOẠCH",
    "Thực hiện Nghị quyết số 02-NQ/TU ngày 19/11/2021 của Ban Chấp hành Đảng bộ tỉnh"
    " về chuyển đổi số tỉnh Thái Bình đến năm 2025, định hướng đến năm 2030",
    "",
    "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát"
    " triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, Ủy ban nhân"
    " dân tỉnh ban hành Kế hoạch thực hiện như sau:",
    "",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Đến năm 2025, kinh tế số chiếm 20% GRDP.",
    "",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "",
    "Nguyễn Quang Hưng",
)

# A resolution whose letterhead was lost in conversion, and which names itself in its last
# section: without the manifest the parser cannot know 02-NQ/TU is the document itself.
RESOLUTION_02 = _text(
    "NGHỊ QUYẾT",
    "CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH",
    "về chuyển đổi số tỉnh Thái Bình đến năm 2025, định hướng đến năm 2030",
    "",
    "I. TÌNH HÌNH VÀ NGUYÊN NHÂN",
    "Thời gian qua, quán triệt và thực hiện Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ"
    " Chính trị về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp"
    " lần thứ tư, việc chuyển đổi số trên địa bàn tỉnh đạt được kết quả bước đầu quan trọng.",
    "",
    "IV. TỔ CHỨC THỰC HIỆN",
    "1. Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo triển khai thực hiện Nghị quyết số 02-NQ/TU;"
    " định kỳ sơ kết, tổng kết việc thực hiện Nghị quyết.",
    "",
    "T/M TỈNH ỦY",
    "BÍ THƯ",
    "",
    "Ngô Đông Hải",
)


def _write(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "manifest.csv"
    path.write_bytes(text.encode(encoding))
    return path


# --- good manifests -------------------------------------------------------------------

GOOD = [
    pytest.param(
        HEADER + ROW_003,
        {
            "number": "02-NQ/TU",
            "date": "2021-11-19",
            "issuer": "Ban Chấp hành Đảng bộ tỉnh",
            "jurisdiction": "Thái Bình",
            "kind": DocumentKind.RESOLUTION,
            "title": None,
        },
        id="the bundled row",
    ),
    pytest.param(
        "# 003 lost its letterhead; 004 cites it as Nghị quyết số 02-NQ/TU ngày 19/11/2021\n"
        "# (the 8th group of tasks, 8.1).\n" + HEADER + ROW_003,
        {"number": "02-NQ/TU", "date": "2021-11-19"},
        id="comment lines before the header",
    ),
    pytest.param(
        "\ufeff" + HEADER + ROW_003,
        {"number": "02-NQ/TU", "jurisdiction": "Thái Bình"},
        id="a byte order mark from a spreadsheet",
    ),
    pytest.param(
        (HEADER + ROW_003).replace("\n", "\r\n"),
        {"number": "02-NQ/TU", "kind": DocumentKind.RESOLUTION},
        id="Windows line ends",
    ),
    pytest.param(
        "file,date\n003_07a70d37f77f3d0b.txt,2021-11-19\n",
        {"date": "2021-11-19", "number": None, "kind": None},
        id="ISO date and only two columns",
    ),
    pytest.param(
        "file,date\n003_07a70d37f77f3d0b.txt,5/8/2021\n",
        {"date": "2021-08-05"},
        id="d/m/yyyy without leading zeros",
    ),
    pytest.param(
        "file,kind\n003_07a70d37f77f3d0b.txt,Nghị quyết\n",
        {"kind": DocumentKind.RESOLUTION},
        id="kind as the Vietnamese word Nghi quyet",
    ),
    pytest.param(
        "file,kind\n003_07a70d37f77f3d0b.txt,Chương trình hành động\n",
        {"kind": DocumentKind.ACTION_PROGRAMME},
        id="kind as Chuong trinh hanh dong",
    ),
    pytest.param(
        "file,kind\n003_07a70d37f77f3d0b.txt,action_programme\n",
        {"kind": DocumentKind.ACTION_PROGRAMME},
        id="kind as a contract value",
    ),
    pytest.param(
        "file,jurisdiction\n001_e787aadbb233535e.txt,Thừa Thiên - Huế\n",
        {"jurisdiction": "Thừa Thiên Huế"},
        id="province spelt Thua Thien - Hue",
    ),
    pytest.param(
        "file,jurisdiction\n001_e787aadbb233535e.txt,TP. Hồ Chí Minh\n",
        {"jurisdiction": "Hồ Chí Minh"},
        id="province spelt TP. Ho Chi Minh",
    ),
    pytest.param(
        "file,jurisdiction\n001_e787aadbb233535e.txt,Trung ương\n",
        {"jurisdiction": places.CENTRAL},
        id="a national document",
    ),
    pytest.param(
        "file,number,title\n"
        '003_07a70d37f77f3d0b.txt,Số: 02-NQ/TU,"về chuyển đổi số tỉnh Thái Bình đến năm 2025, '
        'định hướng đến năm 2030"\n',
        {
            "number": "02-NQ/TU",
            "title": "về chuyển đổi số tỉnh Thái Bình đến năm 2025, định hướng đến năm 2030",
        },
        id="a quoted title with a comma, a number as the letterhead prints it",
    ),
    pytest.param(
        "File , Number\n 003_07a70d37f77f3d0b.txt , 02-NQ/TU \n",
        {"file": "003_07a70d37f77f3d0b.txt", "number": "02-NQ/TU"},
        id="header case and spaces around cells",
    ),
    pytest.param(
        HEADER + "003_07a70d37f77f3d0b.txt,,,,,,\n",
        {"number": None, "date": None, "issuer": None, "jurisdiction": None, "kind": None},
        id="empty cells leave values alone",
    ),
]


@pytest.mark.parametrize(("text", "want"), GOOD)
def test_read_manifest(tmp_path: Path, text: str, want: dict[str, object]) -> None:
    manifest = read_manifest(_write(tmp_path, text))
    (entry,) = manifest.entries
    assert {name: getattr(entry, name) for name in want} == want


def test_rows_keep_their_order_and_lines(tmp_path: Path) -> None:
    text = (
        "# Thái Bình\n"
        + HEADER
        + ROW_003
        + "\n"
        + "004_1b73a6d31f29fe0d.txt,,24/9/2025,Ủy ban nhân dân tỉnh,Thái Bình,Kế hoạch,\n"
    )
    manifest = read_manifest(_write(tmp_path, text))
    assert [e.file for e in manifest.entries] == [
        "003_07a70d37f77f3d0b.txt",
        "004_1b73a6d31f29fe0d.txt",
    ]
    assert manifest.entries[1].kind is DocumentKind.PLAN


def test_entry_provenance_quotes_its_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "\ufeff# Thái Bình\n" + HEADER + ROW_003)
    (entry,) = read_manifest(path).entries
    prov = entry.provenance
    text = path.read_text(encoding="utf-8-sig")
    assert prov.source == "manifest.csv"
    assert prov.section == ("manifest",)
    assert prov.quote == ROW_003.rstrip("\n")
    assert text[prov.span.start : prov.span.end] == prov.quote


def test_entry_for_finds_file_by_name_and_relative_path(tmp_path: Path) -> None:
    (tmp_path / "thai-binh").mkdir()
    path = _write(
        tmp_path,
        "file,number\n003_07a70d37f77f3d0b.txt,02-NQ/TU\nthai-binh/283.txt,283/KH-UBND\n",
    )
    manifest = read_manifest(path)
    by_name = manifest.entry_for(Path("/elsewhere/003_07a70d37f77f3d0b.txt"))
    by_path = manifest.entry_for(tmp_path / "thai-binh" / "283.txt")
    assert by_name is not None and by_name.number == "02-NQ/TU"
    assert by_path is not None and by_path.number == "283/KH-UBND"
    assert manifest.entry_for(tmp_path / "004_1b73a6d31f29fe0d.txt") is None


def test_bundled_manifest() -> None:
    manifest = read_manifest(CORPUS / "manifest.csv")
    entry = manifest.entry_for(CORPUS / "003_07a70d37f77f3d0b.txt")
    assert entry is not None
    assert (entry.number, entry.date, entry.jurisdiction, entry.kind) == (
        "02-NQ/TU",
        "2021-11-19",
        "Thái Bình",
        DocumentKind.RESOLUTION,
    )


# --- bad manifests: every message names the file and the line -------------------------

COMMENT = "# Thái Bình, bổ sung số hiệu\n"

BAD_CELLS = [
    pytest.param(
        COMMENT + HEADER + "003_07a70d37f77f3d0b.txt,02-NQ/TU,19-Nov-2021,,,,\n",
        3,
        "19-Nov-2021",
        id="a date in words",
    ),
    pytest.param(
        COMMENT + HEADER + "003_07a70d37f77f3d0b.txt,02-NQ/TU,19/13/2021,,,,\n",
        3,
        "19/13/2021",
        id="month 13",
    ),
    pytest.param(
        COMMENT + HEADER + "003_07a70d37f77f3d0b.txt,02-NQ/TU,,,,Nghị định thư,\n",
        3,
        "Nghị định thư",
        id="unknown kind",
    ),
    pytest.param(
        COMMENT + HEADER + "003_07a70d37f77f3d0b.txt,02-NQ/TU,,,Thái Bìn,,\n",
        3,
        "Thái Bìn",
        id="unknown province",
    ),
    pytest.param(
        COMMENT + HEADER + "003_07a70d37f77f3d0b.txt,chưa có số,,,,,\n",
        3,
        "chưa có số",
        id="not a document number",
    ),
    pytest.param(
        COMMENT + HEADER + ROW_003 + "\n" + ROW_003,
        5,
        "003_07a70d37f77f3d0b.txt",
        id="the same file twice, after a blank line",
    ),
    pytest.param(
        COMMENT + HEADER + ROW_003.rstrip("\n") + ",Thái Bình\n",
        3,
        "8 cells for 7 columns",
        id="too many cells",
    ),
    pytest.param(
        COMMENT + HEADER + ",02-NQ/TU,19/11/2021,,,,\n",
        3,
        "no file",
        id="a row without a file",
    ),
]


@pytest.mark.parametrize(("text", "line", "quoted"), BAD_CELLS)
def test_bad_cell_names_file_and_line(tmp_path: Path, text: str, line: int, quoted: str) -> None:
    with pytest.raises(InputError) as info:
        read_manifest(_write(tmp_path, text))
    message = str(info.value)
    assert f"manifest.csv:{line}: " in message
    assert quoted in message


BAD_HEADERS = [
    pytest.param(
        COMMENT + "file,number,ngày ban hành\n003_07a70d37f77f3d0b.txt,02-NQ/TU,19/11/2021\n",
        "ngày ban hành",
        id="unknown column",
    ),
    pytest.param(
        COMMENT + "number,date\n02-NQ/TU,19/11/2021\n",
        "'file'",
        id="no file column",
    ),
]


@pytest.mark.parametrize(("text", "quoted"), BAD_HEADERS)
def test_bad_header_names_the_file(tmp_path: Path, text: str, quoted: str) -> None:
    with pytest.raises(InputError, match=r"manifest\.csv") as info:
        read_manifest(_write(tmp_path, text))
    assert quoted in str(info.value)


@pytest.mark.parametrize(("text", "quoted"), BAD_HEADERS)
def test_bad_header_names_its_line(tmp_path: Path, text: str, quoted: str) -> None:
    with pytest.raises(InputError, match=r"manifest\.csv:2: "):
        read_manifest(_write(tmp_path, text))


@pytest.mark.parametrize("date", ["30/02/2021", "2021-02-30", "31/04/2025"])
def test_impossible_calendar_date(tmp_path: Path, date: str) -> None:
    text = HEADER + f"003_07a70d37f77f3d0b.txt,02-NQ/TU,{date},,,,\n"
    with pytest.raises(InputError, match=r"manifest\.csv:2: "):
        read_manifest(_write(tmp_path, text))


def test_not_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + ROW_003, encoding="utf-16")
    with pytest.raises(InputError, match=r"manifest\.csv: .*not UTF-8"):
        read_manifest(path)


def test_legacy_vietnamese_encoding(tmp_path: Path) -> None:
    # Saved by an old spreadsheet in Windows-1258 (tone marks as combining characters).
    row = unicodedata.normalize("NFD", "003_07a70d37f77f3d0b.txt,,,,Thái Bình,,\n")
    path = _write(tmp_path, HEADER + row, encoding="cp1258")
    with pytest.raises(InputError, match=r"manifest\.csv: .*not UTF-8"):
        read_manifest(path)


@pytest.mark.parametrize(
    "text",
    [pytest.param("", id="no bytes"), pytest.param(COMMENT + "\n\n", id="only a comment")],
)
def test_empty(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError, match=r"manifest\.csv: the manifest is empty"):
        read_manifest(_write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"manifest\.csv: no such manifest"):
        read_manifest(tmp_path / "manifest.csv")


# --- apply_entry and parse_text --------------------------------------------------------


def _entry(tmp_path: Path, row: str) -> ManifestEntry:
    (entry,) = read_manifest(_write(tmp_path, HEADER + row)).entries
    return entry


def test_apply_entry_fills_what_the_text_lacks(tmp_path: Path) -> None:
    info = parse_text(RESOLUTION_02, "003_07a70d37f77f3d0b.txt").document
    assert (info.number, info.date) == (None, None)
    entry = _entry(tmp_path, ROW_003)
    applied, notes = apply_entry(info, entry)
    assert (applied.number, applied.date, applied.jurisdiction, applied.kind) == (
        "02-NQ/TU",
        "2021-11-19",
        "Thái Bình",
        DocumentKind.RESOLUTION,
    )
    # The text agrees on kind, issuer and province, and says nothing of number and date.
    assert notes == ()


def test_apply_entry_manifest_wins_with_a_note(tmp_path: Path) -> None:
    info = parse_text(PLAN_283, "283.txt").document
    assert (info.number, info.date) == ("283/KH-UBND", "2025-09-24")
    entry = _entry(tmp_path, "283.txt,284/KH-UBND,25/9/2025,Ủy ban nhân dân tỉnh,Thái Bình,,\n")
    applied, notes = apply_entry(info, entry)
    assert (applied.number, applied.date, applied.issuer) == (
        "284/KH-UBND",
        "2025-09-25",
        "Ủy ban nhân dân tỉnh",
    )
    assert notes == (
        "manifest sets number 284/KH-UBND where the text says 283/KH-UBND",
        "manifest sets date 2025-09-25 where the text says 2025-09-24",
    )
    # What the manifest does not set stays as the text says.
    assert (applied.kind, applied.signer, applied.title) == (info.kind, info.signer, info.title)


def test_apply_entry_evidence_points_at_the_row(tmp_path: Path) -> None:
    info = parse_text(PLAN_283, "283.txt").document
    entry = _entry(tmp_path, "283.txt,,25/9/2025,,,,\n")
    applied, _ = apply_entry(info, entry)
    dates = [f for f in applied.evidence if f.name == "date"]
    assert [f.provenance for f in dates] == [entry.provenance]
    assert dates[0].provenance.quote == "283.txt,,25/9/2025,,,,"
    # Fields the manifest leaves alone keep the text's evidence.
    (number,) = [f for f in applied.evidence if f.name == "number"]
    assert number.provenance.source == "283.txt"
    assert number.provenance.quote == "283/KH-UBND"


def test_apply_entry_jurisdiction_evidence(tmp_path: Path) -> None:
    info = parse_text(RESOLUTION_02, "003_07a70d37f77f3d0b.txt").document
    applied, _ = apply_entry(info, _entry(tmp_path, ROW_003))
    assert applied.jurisdiction_evidence == "manifest: " + ROW_003.rstrip("\n")


def test_parse_text_notes_disagreement_as_warning(tmp_path: Path) -> None:
    entry = _entry(tmp_path, "283.txt,,25/9/2025,,,,\n")
    doc = parse_text(PLAN_283, "283.txt", entry=entry)
    assert doc.document.date == "2025-09-25"
    notes = [w for w in doc.warnings if w.message.startswith("manifest sets")]
    assert [(w.message, w.provenance) for w in notes] == [
        ("manifest sets date 2025-09-25 where the text says 2025-09-24", entry.provenance)
    ]


def test_own_number_from_manifest_is_not_a_reference(tmp_path: Path) -> None:
    without = parse_text(RESOLUTION_02, "003_07a70d37f77f3d0b.txt")
    assert "02-NQ/TU" in [r.number for r in without.references]
    doc = parse_text(RESOLUTION_02, "003_07a70d37f77f3d0b.txt", entry=_entry(tmp_path, ROW_003))
    numbers = [r.number for r in doc.references]
    assert "02-NQ/TU" not in numbers
    assert "52-NQ/TW" in numbers
    assert "02-NQ/TU" not in [r.number for t in doc.tasks for r in t.references]


def test_title_pasted_with_its_line_break(tmp_path: Path) -> None:
    # Titles span lines in the documents and keep the break when pasted into a spreadsheet.
    text = (
        "file,title\n"
        '000_05eae9042a94ebff.txt,"thực hiện Nghị quyết số 52-NQ/TW của Bộ Chính trị khoá XII\n'
        'về một số chủ trương, chính sách chủ động tham gia"\n'
        "003_07a70d37f77f3d0b.txt,về chuyển đổi số tỉnh Thái Bình\n"
    )
    first, second = read_manifest(_write(tmp_path, text)).entries
    assert first.title is not None and "\n" in first.title
    assert second.provenance.quote == "003_07a70d37f77f3d0b.txt,về chuyển đổi số tỉnh Thái Bình"


# --- rows that leave the manifest's folder (issue 13, item 7) --------------------------

OUTSIDE = [
    pytest.param("../../etc/passwd", id="parent-parent"),
    pytest.param("/etc/passwd", id="absolute"),
    pytest.param("thai-binh/../../283.txt", id="back-out-through-a-subfolder"),
    pytest.param("..\\..\\283.txt", id="windows-separators"),
    pytest.param("C:\\corpus\\283.txt", id="windows-drive"),
]


@pytest.mark.parametrize("file", OUTSIDE)
def test_row_outside_the_folder_is_an_error(tmp_path: Path, file: str) -> None:
    path = _write(tmp_path, COMMENT + HEADER + f'"{file}",,25/9/2025,,,,\n')
    with pytest.raises(InputError) as info:
        read_manifest(path)
    assert str(info.value) == f"{path}:3: {file!r} is outside the manifest's folder"


def test_row_inside_a_subfolder_is_fine(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "thai-binh/../thai-binh/283.txt,,25/9/2025,,,,\n")
    (entry,) = read_manifest(path).entries
    assert entry.date == "2025-09-25"


@pytest.mark.parametrize("given", [True, False], ids=["--manifest", "found-in-folder"])
def test_build_refuses_a_row_outside_alike(tmp_path: Path, given: bool) -> None:
    from policykg.graph.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "283.txt").write_text(PLAN_283, encoding="utf-8")
    manifest = _write(corpus, HEADER + "283.txt,,,,,,\n../../etc/passwd,,,,Thái Bình,,\n")
    with pytest.raises(InputError) as info:
        build([corpus], tmp_path / "store", manifest=manifest if given else None)
    assert str(info.value) == f"{manifest}:3: '../../etc/passwd' is outside the manifest's folder"
    assert not (tmp_path / "store").exists()


def test_csv_error_is_an_input_error(tmp_path: Path) -> None:
    # A cell beyond the csv module's field limit (a pasted document, say).
    path = _write(tmp_path, HEADER + "283.txt,,,,,," + "x" * 200_000 + "\n")
    with pytest.raises(InputError, match=r"manifest\.csv:2: not a CSV row \(field larger"):
        read_manifest(path)

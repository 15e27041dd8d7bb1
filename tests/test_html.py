"""Saved web pages: the document body without the site's chrome, tables as pipe rows."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from policykg.errors import DecodeError
from policykg.loaders.html import convert_html
from policykg.loaders.manifest import read_manifest
from policykg.loaders.parse import parse_text

from .formats_office import (
    CHROME_PHRASES,
    CORPUS,
    GOLD,
    GOLD_REAL,
    REAL,
    REAL_DOCUMENTS,
    assert_scores_as_text,
    make_html,
    real_document,
    score,
)


def _page(body: str, *, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


# --- the whole documents ------------------------------------------------------------------


def test_bundled_corpus_as_web_pages_scores_as_text(tmp_path: Path) -> None:
    manifest = read_manifest(CORPUS / "manifest.csv")
    docs = []
    for f in sorted(CORPUS.glob("*.txt")):
        converted = convert_html(make_html(f.read_text(encoding="utf-8")), f.name)
        assert converted.kind == "html" and converted.pages == ()
        assert [p for p in CHROME_PHRASES if p in converted.text] == []
        docs.append(parse_text(converted.text, f.name, entry=manifest.entry_for(f)))
    totals = score(docs, GOLD, tmp_path)
    assert totals["documents.missing"] == 0
    assert_scores_as_text(totals, "HTML corpus")


def test_real_documents_as_web_pages_score_as_text(tmp_path: Path) -> None:
    docs = []
    for name in REAL_DOCUMENTS:
        converted = convert_html(make_html(real_document(name)), name)
        assert [p for p in CHROME_PHRASES if p in converted.text] == []
        docs.append(parse_text(converted.text, name))
    totals = score(docs, GOLD_REAL, tmp_path)
    assert_scores_as_text(totals, "HTML real", fields=True)


@pytest.mark.parametrize("name", list(REAL_DOCUMENTS))
def test_letterhead_table_reads_as_from_the_text(name: str) -> None:
    text = parse_text((REAL / name).read_text(encoding="utf-8"), name).document
    page = parse_text(convert_html(make_html(real_document(name)), name).text, name).document
    fields = ("kind", "number", "date", "issuer", "jurisdiction", "signer")
    assert [getattr(page, f) for f in fields] == [getattr(text, f) for f in fields]


def test_without_chrome_the_same_text() -> None:
    text = (CORPUS / "004_1b73a6d31f29fe0d.txt").read_text(encoding="utf-8")
    with_chrome = convert_html(make_html(text), "kh.html").text
    assert with_chrome == convert_html(make_html(text, chrome=False), "kh.html").text
    assert with_chrome.startswith("KẾ HOẠCH\nTHỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW NGÀY 22/12/2024")


# --- finding the body ---------------------------------------------------------------------

_SITE_TOP = """<div class="hdr"><ul><li><a href="/">Trang chủ</a></li>
<li><a href="/vb">Văn bản mới</a></li></ul>
<div class="acc">Tên đăng nhập <input name="u"> Mật khẩu <input name="p" type="password">
<button>Đăng nhập</button></div></div>"""
_SITE_SIDE = """<div class="rel"><b>Văn bản liên quan</b><ul>
<li><a href="/a">Quyết định 1850/QĐ-TTg năm 2025 kế hoạch thi hành Luật Việc làm</a></li>
<li><a href="/b">Luật Việc làm 2025</a></li></ul></div>"""
_SITE_FOOT = (
    "<div class='ft'><p>Hotline: (028) 3930 3279</p>"
    "<p>Địa chỉ: 17 Nguyễn Gia Thiều, TP.HCM</p></div>"
)
_LETTERHEAD = """<table><tr><td><p><b>ỦY BAN NHÂN DÂN</b></p><p>TỈNH NGHỆ AN</p></td>
<td><p><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p><p>Độc lập - Tự do - Hạnh phúc</p></td></tr>
<tr><td>Số: 980/KH-UBND</td><td><i>Nghệ An, ngày 18 tháng 11 năm 2025</i></td></tr></table>"""
_BODY = """<p><b>KẾ HOẠCH</b></p>
<p>Triển khai thi hành Nghị định quy định chi tiết một số điều của Luật Phòng thủ dân sự</p>
<p>Thực hiện Quyết định số 1899/QĐ-TTg ngày 04/9/2025 của Thủ tướng Chính phủ ban hành Kế
hoạch triển khai thi hành Nghị định số 200/2025/NĐ-CP ngày 09/7/2025 của Chính phủ.</p>
<p>Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:</p>"""


def test_letterhead_beside_the_body_div_is_kept_and_chrome_dropped() -> None:
    page = _page(
        f"{_SITE_TOP}<div class='page'><div class='doc'>{_LETTERHEAD}<div>{_BODY}</div></div>"
        f"{_SITE_SIDE}</div>{_SITE_FOOT}"
    )
    text = convert_html(page, "980.html").text
    assert text.split("\n") == [
        "| ỦY BAN NHÂN DÂN TỈNH NGHỆ AN "
        "| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |",
        "| Số: 980/KH-UBND | Nghệ An, ngày 18 tháng 11 năm 2025 |",
        "",
        "KẾ HOẠCH",
        "Triển khai thi hành Nghị định quy định chi tiết một số điều của Luật Phòng thủ dân sự",
        "Thực hiện Quyết định số 1899/QĐ-TTg ngày 04/9/2025 của Thủ tướng Chính phủ ban hành Kế "
        "hoạch triển khai thi hành Nghị định số 200/2025/NĐ-CP ngày 09/7/2025 của Chính phủ.",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
        "",
    ]
    doc = parse_text(text, "980.html").document
    assert (doc.number, doc.date, doc.jurisdiction) == ("980/KH-UBND", "2025-11-18", "Nghệ An")


def test_a_longer_related_list_still_loses_to_the_body() -> None:
    """Link text does not count: fifty related documents are still chrome."""
    related = "".join(
        f"<li><a href='/{k}'>Quyết định {k}/QĐ-UBND năm 2025 về giá đất</a></li>" for k in range(50)
    )
    page = _page(f"<div><ul>{related}</ul></div><div>{_BODY}</div>")
    text = convert_html(page, "kh.html").text
    assert "giá đất" not in text and text.startswith("KẾ HOẠCH\n")


def test_scripts_styles_hidden_and_breaks() -> None:
    page = _page(
        "<div><p>Cơ quan chủ trì: Sở Khoa học<br>và Công nghệ.</p>"
        "<script>var x = 'Đăng nhập';</script><style>p { color: red }</style>"
        "<p style='display: none'>Quảng cáo</p><p hidden>Bản in</p>"
        "<p>Thời   gian\n thực hiện:&nbsp;năm 2025.</p><!-- ghi chú --></div>"
    )
    assert convert_html(page, "kh.html").text == (
        "Cơ quan chủ trì: Sở Khoa học\nvà Công nghệ.\nThời gian thực hiện: năm 2025.\n"
    )


def test_table_rows_cells_and_lists() -> None:
    page = _page(
        "<div><p>II. NHIỆM VỤ</p><table>"
        "<thead><tr><th>TT</th><th>Nội dung</th><th>Chủ trì</th></tr></thead>"
        "<tbody><tr><td>1</td><td><p>Xây dựng cơ sở dữ liệu</p><p>dùng chung | liên thông</p></td>"
        "<td>Sở Tài chính</td></tr></tbody></table>"
        "<ol type='a'><li>Sở Nội vụ chủ trì;</li><li>Công an tỉnh phối hợp.</li></ol>"
        "<ul><li>Báo cáo định kỳ hằng quý.</li></ul></div>"
    )
    assert convert_html(page, "kh.html").text.split("\n") == [
        "II. NHIỆM VỤ",
        "",
        "| TT | Nội dung | Chủ trì |",
        "| 1 | Xây dựng cơ sở dữ liệu dùng chung \\| liên thông | Sở Tài chính |",
        "",
        "a. Sở Nội vụ chủ trì;",
        "b. Công an tỉnh phối hợp.",
        "- Báo cáo định kỳ hằng quý.",
        "",
    ]


# --- charset ------------------------------------------------------------------------------

SENTENCE = "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học"


def _windows_1258(text: str) -> bytes:
    """Windows-1258 spells a tone as its own combining mark after the base letter."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and ch in "\u0302\u0306\u031b":  # â ă ơ: letters of their own
            base, tones = out[-1][0], out[-1][1:]
            out[-1] = unicodedata.normalize("NFC", base + ch) + tones
        elif unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return "".join(out).encode("cp1258")


CHARSETS = {
    "meta-windows-1258": (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
        b"</head><body><p>" + _windows_1258(SENTENCE) + b"</p></body></html>"
    ),
    "utf-16-bom": codecs.BOM_UTF16_LE
    + f"<html><body><p>{SENTENCE}</p></body></html>".encode("utf-16-le"),
    "utf-8-bom": codecs.BOM_UTF8 + f"<html><body><p>{SENTENCE}</p></body></html>".encode(),
    "default-utf-8": f"<html><body><p>{SENTENCE}</p></body></html>".encode(),
    "nfd-utf-8": _page(f"<p>{unicodedata.normalize('NFD', SENTENCE)}</p>"),
}


@pytest.mark.parametrize("data", CHARSETS.values(), ids=list(CHARSETS))
def test_charset_and_nfc(data: bytes) -> None:
    converted = convert_html(data, "nq.html")
    assert converted.text == SENTENCE + "\n"
    assert converted.note is None


def test_bytes_invalid_in_the_charset_are_replaced_and_said() -> None:
    broken = SENTENCE.encode().replace("ị".encode(), b"\xe1\xbb", 1)  # a cut UTF-8 sequence
    converted = convert_html(b"<html><body><p>" + broken + b"</p></body></html>", "nq.html")
    assert converted.text == SENTENCE.replace("ị", "\ufffd", 1) + "\n"
    assert converted.note == "not valid utf-8: 1 character(s) replaced"


# --- bad input ------------------------------------------------------------------------------

EMPTY = {
    "menu-and-login-only": _page(_SITE_TOP + _SITE_SIDE),
    "scripts-only": _page("<script>document.write('Kế hoạch')</script><style>p{}</style>"),
    "no-body": "<html><head><title>Kế hoạch 980/KH-UBND</title></head></html>".encode(),
    "blank": b"   ",
}


@pytest.mark.parametrize("data", EMPTY.values(), ids=list(EMPTY))
def test_page_without_body_text_is_one_line(data: bytes) -> None:
    with pytest.raises(DecodeError) as err:
        convert_html(data, "trang.html")
    assert str(err.value) == "trang.html: HTML page with no body text"


def test_page_laid_out_in_a_table_takes_the_content_cell() -> None:
    menu = "<ul><li><a href='/'>Trang chủ</a></li><li><a href='/vb'>Văn bản mới</a></li></ul>"
    page = _page(
        f"<table><tr><td colspan='2'>{_SITE_TOP}</td></tr>"
        f"<tr><td>{menu}<p>Hotline: (028) 3930 3279</p></td><td>{_BODY}</td></tr></table>"
    )
    text = convert_html(page, "kh.html").text
    assert text.startswith("KẾ HOẠCH\nTriển khai thi hành Nghị định")
    assert "Hotline" not in text and "Trang chủ" not in text


def test_a_big_cell_of_the_task_table_is_not_the_body() -> None:
    """A cell with several paragraphs is data when its table holds much more text."""
    big = "".join(
        f"<p>- Rà soát, sửa đổi quy chế phối hợp số {k} giữa các sở, ngành.</p>" for k in range(8)
    )
    rows = "".join(
        f"<tr><td>{k}</td>"
        f"<td><p>Tổ chức triển khai nhiệm vụ {k} của Kế hoạch trên địa bàn tỉnh.</p>"
        f"<p>Báo cáo kết quả định kỳ.</p><p>Sơ kết, đánh giá.</p></td><td>Sở Nội vụ</td></tr>"
        for k in range(2, 10)
    )
    page = _page(
        f"{_SITE_TOP}<div>{_BODY}<table><tr><td>1</td><td>{big}</td><td>Sở Tư pháp</td></tr>{rows}"
        f"</table></div>{_SITE_FOOT}"
    )
    text = convert_html(page, "kh.html").text
    assert text.startswith("KẾ HOẠCH\n") and "| 9 | Tổ chức triển khai nhiệm vụ 9" in text
    assert "Hotline" not in text

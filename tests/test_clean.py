"""Cleaning keeps a way back to the original file for every character."""

from __future__ import annotations

import unicodedata

import pytest

from policykg.loaders.clean import clean

CASES = [
    ("bold", "**KẾ HOẠCH**\n", "KẾ HOẠCH\n"),
    ("heading", "### **III- NHIỆM VỤ**\n", "III- NHIỆM VỤ\n"),
    ("rule", "tư\n\n-----\n\nBộ Chính trị", "tư\n\n\n\nBộ Chính trị"),
    ("page break", "Hoàn thành\n\nxây dựng Chính quyền", "Hoàn thành xây dựng Chính quyền"),
    ("hard break", "khoá XII  \nvề một số", "khoá XII về một số"),
    ("no join after a full stop", "như sau.\n\nđến năm", "như sau.\n\nđến năm"),
    ("no join before a bullet", "như sau\n- Sở Tài chính", "như sau\n- Sở Tài chính"),
    ("no join after capitals", "PHÓ BÍ THƯ\n\nar\n", "PHÓ BÍ THƯ\n\nar\n"),
    ("no join before a letter item", "như sau\na) Mục tiêu", "như sau\na) Mục tiêu"),
    ("escapes", r"Số 52\-NQ/TW", "Số 52-NQ/TW"),
    ("nbsp and tab", "Sở\u00a0Tài\tchính", "Sở Tài chính"),
    ("crlf", "dòng một\r\n- dòng hai", "dòng một\n- dòng hai"),
]


@pytest.mark.parametrize(("name", "raw", "want"), CASES, ids=[c[0] for c in CASES])
def test_clean_text(name: str, raw: str, want: str) -> None:
    assert clean(raw, "t.txt").text == want


def test_nfc_and_offsets_map_back() -> None:
    raw = unicodedata.normalize("NFD", "**Thực hiện** Nghị quyết\n\nsố 52-NQ/TW của Bộ Chính trị")
    c = clean(raw, "t.txt")
    assert unicodedata.is_normalized("NFC", c.text)
    assert "Nghị quyết số 52-NQ/TW" in c.text
    i = c.text.index("52-NQ/TW")
    start, end = c.to_original(i, i + len("52-NQ/TW"))
    assert raw[start:end] == "52-NQ/TW"
    j = c.text.index("Bộ Chính trị")
    s2, e2 = c.to_original(j, j + len("Bộ Chính trị"))
    assert unicodedata.normalize("NFC", raw[s2:e2]) == "Bộ Chính trị"


def test_every_corpus_quote_maps_back(corpus_files: list) -> None:  # type: ignore[type-arg]
    for f in corpus_files:
        raw = f.read_text(encoding="utf-8")
        c = clean(raw, f.name)
        for i in range(0, len(c.text) - 20, 997):
            s, e = c.to_original(i, i + 12)
            want = c.text[i : i + 12]
            got = raw[s:e]
            assert "".join(want.split()) in "".join(got.replace("*", "").replace("#", "").split())

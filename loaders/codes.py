"""Document kinds, number symbols and their scope.

A Vietnamese document number carries its kind and its issuer: ``52-NQ/TW`` is a
resolution (NQ) of the Party Central Committee (TW), ``71/NQ-CP`` a resolution of the
Government, ``376-KH/TU`` a plan of a provincial Party committee. The issuer code decides
whether the number names one national document or one per province.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from policykg.loaders import regexes
from policykg.records import DocumentKind, Scope

K = DocumentKind

# Title and reference words, in lower case with single spaces.
KIND_WORDS: dict[str, DocumentKind] = {
    "nghị quyết": K.RESOLUTION,
    "nghị quyết liên tịch": K.RESOLUTION,
    "kế hoạch": K.PLAN,
    "kế hoạch hành động": K.PLAN,
    "chương trình hành động": K.ACTION_PROGRAMME,
    "chương trình": K.PROGRAMME,
    "quyết định": K.DECISION,
    "chỉ thị": K.DIRECTIVE,
    "thông báo": K.NOTICE,
    "thông báo kết luận": K.NOTICE,
    "báo cáo": K.REPORT,
    "đề án": K.SCHEME,
    "kết luận": K.CONCLUSION,
    "quy định": K.REGULATION,
    "quy chế": K.REGULATION,
    "hướng dẫn": K.GUIDANCE,
    "công văn": K.OFFICIAL_LETTER,
    "văn bản": K.OFFICIAL_LETTER,
    "phụ lục": K.APPENDIX,
}

# Kind codes inside numbers (the part before the issuer).
KIND_CODES: dict[str, DocumentKind] = {
    "NQ": K.RESOLUTION,
    "NQLT": K.RESOLUTION,
    "KH": K.PLAN,
    "CTR": K.ACTION_PROGRAMME,
    "CTHD": K.ACTION_PROGRAMME,
    "CTHĐ": K.ACTION_PROGRAMME,
    "CT": K.DIRECTIVE,
    "QĐ": K.DECISION,
    "QD": K.DECISION,
    "QĐI": K.REGULATION,
    "QC": K.REGULATION,
    "QY": K.REGULATION,
    "TB": K.NOTICE,
    "TBKL": K.NOTICE,
    "BC": K.REPORT,
    "ĐA": K.SCHEME,
    "DA": K.SCHEME,
    "KL": K.CONCLUSION,
    "HD": K.GUIDANCE,
    "HĐ": K.GUIDANCE,
    "CV": K.OFFICIAL_LETTER,
    "PL": K.APPENDIX,
    "NĐ": K.OTHER,
    "TT": K.OTHER,
    "TTLT": K.OTHER,
    "TTR": K.OTHER,
    "CTN": K.OTHER,
    "L": K.OTHER,
    "PL-UBTVQH": K.OTHER,
    "CĐ": K.OTHER,  # công điện, a dispatch
}

# Codes printed in mixed case, so that normalised numbers read as the documents print them.
_CASED = {c.upper(): c for c in ("TTg", "CTr", "QĐi", "TTr", "QHK")}

# Issuer codes of national bodies: the Party centre, the Government and its ministries,
# the National Assembly. Digits (UBTVQH15, QH15) are stripped before the lookup.
NATIONAL_ISSUERS = frozenset(
    {
        "TW", "CP", "TTG", "VPCP", "QH", "UBTVQH", "CTN", "NHNN", "TTCP", "KTNN", "TANDTC",
        "VKSNDTC", "UBDT", "BCT", "BTTTT", "BKHCN", "BKHĐT", "BKHDT", "BTC", "BNV", "BCA",
        "BQP", "BYT", "BGDĐT", "BGDDT", "BNNPTNT", "BNN", "BNNMT", "BTNMT", "BXD", "BGTVT",
        "BVHTTDL", "BTP", "BLĐTBXH", "BLDTBXH", "BNG", "BDTTG", "BCY", "VPTW", "BTGTW",
        "BTCTW", "BDVTW", "BNCTW", "UBKTTW", "ĐUKCQTW", "BCĐTW", "BCSĐCP", "ĐĐQH",
    }
)  # fmt: skip

# Issuer codes of provincial (or lower) bodies.
LOCAL_ISSUERS = frozenset(
    {
        "TU", "TRU", "THU", "HU", "QU", "ĐU", "DU", "UBND", "HĐND", "HDND", "BCĐ", "BCD",
        "BQL", "VPUB", "VPTU", "BTGTU", "BTCTU", "BDVTU", "BNCTU", "UBKTTU", "MTTQ",
        "TTHĐND", "BCS", "BCSĐ", "ĐĐ", "BTV", "VP", "UBMTTQ", "LĐLĐ", "ĐTN", "HLHPN",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Number:
    """A normalised document number and what its symbol says."""

    text: str  # "52-NQ/TW", "243/TB-VPCP", "70/2025/UBTVQH15"
    kind: DocumentKind | None
    issuer_code: str | None
    scope: Scope


def kind_of_word(word: str) -> DocumentKind | None:
    """``"Nghị  quyết"`` -> resolution; unknown words -> ``None``."""
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFC", word)).strip().lower()
    return KIND_WORDS.get(key)


def _cased(code: str) -> str:
    return _CASED.get(code.upper(), code.upper())


def _scope(issuer: str | None) -> Scope:
    if not issuer:
        return Scope.UNKNOWN
    code = re.sub(r"\d+$", "", issuer.upper())
    if code in NATIONAL_ISSUERS or code.endswith("TW"):
        return Scope.NATIONAL
    if code in LOCAL_ISSUERS or code.endswith("TU") or code.startswith(("UBND", "HĐND", "S")):
        return Scope.LOCAL
    return Scope.UNKNOWN


def _split_glued(code: str) -> tuple[str, str] | None:
    """``TBVPCP`` -> (``TB``, ``VPCP``): a kind code and an issuer printed without the dash."""
    upper = code.upper()
    for length in range(min(4, len(upper) - 2), 0, -1):
        kind, rest = upper[:length], upper[length:]
        if kind in KIND_CODES and _scope(rest) is not Scope.UNKNOWN:
            return code[:length], code[length:]
    return None


def normalise(m: re.Match[str]) -> Number:
    """Normalise a :data:`regexes.DOC_NUMBER` match."""
    if m.group("n_num"):
        sym = re.sub(r"\s*[-–—]\s*", "-", m.group("n_sym"))
        parts = sym.split("-")
        kind_code, issuer = (parts[0], parts[-1]) if len(parts) > 1 else (None, parts[0])
        text = f"{m.group('n_num')}/{m.group('n_year')}/{'-'.join(_cased(p) for p in parts)}"
        kind = KIND_CODES.get(kind_code.upper()) if kind_code else K.OTHER
        return Number(text=text, kind=kind, issuer_code=issuer, scope=_scope(issuer))
    if m.group("p_num"):
        kind_code, issuer = m.group("p_kind"), m.group("p_iss")
        text = f"{m.group('p_num')}-{_cased(kind_code)}/{_cased(issuer)}"
        return Number(
            text=text,
            kind=KIND_CODES.get(kind_code.upper()),
            issuer_code=issuer,
            scope=_scope(issuer),
        )
    num, kind_code, issuer = m.group("s_num"), m.group("s_kind"), m.group("s_iss")
    if not issuer:
        glued = _split_glued(kind_code)
        if glued:
            kind_code, issuer = glued
    if not issuer:
        # "1329/UBND": a letter numbered by its issuer alone.
        return Number(
            text=f"{num}/{_cased(kind_code)}",
            kind=K.OFFICIAL_LETTER,
            issuer_code=kind_code,
            scope=_scope(kind_code),
        )
    kind = KIND_CODES.get(kind_code.upper())
    if kind is None:
        # "1329/UBND-KGVX": an official letter; the first code is the issuer.
        return Number(
            text=f"{num}/{_cased(kind_code)}-{_cased(issuer)}",
            kind=K.OFFICIAL_LETTER,
            issuer_code=kind_code,
            scope=_scope(kind_code),
        )
    return Number(
        text=f"{num}/{_cased(kind_code)}-{_cased(issuer)}",
        kind=kind,
        issuer_code=issuer,
        scope=_scope(issuer),
    )


def parse_number(raw: str) -> Number | None:
    """Normalise a number found on its own (a letterhead ``Số:`` line)."""
    m = regexes.DOC_NUMBER.search(unicodedata.normalize("NFC", raw))
    return normalise(m) if m else None

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
from functools import lru_cache

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
    "PA": K.PLAN,  # phương án
    "QCPH": K.REGULATION,  # quy chế phối hợp
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


# Kind words, issuer codes and numbers recur many times in one document; each is read once.
@lru_cache(maxsize=4096)
def kind_of_word(word: str) -> DocumentKind | None:
    """``"Nghị  quyết"`` -> resolution; unknown words -> ``None``."""
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFC", word)).strip().lower()
    return KIND_WORDS.get(key)


def _cased(code: str) -> str:
    return _CASED.get(code.upper(), code.upper())


@lru_cache(maxsize=4096)
def _scope(issuer: str | None) -> Scope:
    if not issuer:
        return Scope.UNKNOWN
    code = re.sub(r"\d+$", "", issuer.upper())
    if code in NATIONAL_ISSUERS or code.endswith("TW"):
        return Scope.NATIONAL
    if code in LOCAL_ISSUERS or code.endswith("TU") or code.startswith(("UBND", "HĐND", "S")):
        return Scope.LOCAL
    return Scope.UNKNOWN


# Cyrillic capitals some sites print inside symbols ("NĐ-СР"), read as the Latin ones.
_LOOKALIKES = str.maketrans("СРАВЕНКМОТХ", "CPABEHKMOTX")


def _split_glued(code: str) -> tuple[str, str] | None:
    """``TBVPCP`` -> (``TB``, ``VPCP``): a kind code and an issuer printed without the dash."""
    upper = code.upper()
    for length in range(min(4, len(upper) - 2), 0, -1):
        kind, rest = upper[:length], upper[length:]
        if kind in KIND_CODES and _scope(rest) is not Scope.UNKNOWN:
            return code[:length], code[length:]
    return None


def _groups(m: re.Match[str]) -> dict[str, str | None]:
    """The match's groups, look-alike letters read as Latin."""
    return {k: (v.translate(_LOOKALIKES) if v else v) for k, v in m.groupdict().items()}


# Numbers already read, by pattern and matched text: the groups of a match, and so its
# number, follow from those two.
_READ: dict[tuple[re.Pattern[str], str], Number] = {}


def normalise(m: re.Match[str]) -> Number:
    """Normalise a :data:`regexes.DOC_NUMBER` or :data:`regexes.REFERENCE_NUMBER` match."""
    key = (m.re, m.group())
    found = _READ.get(key)
    if found is None:
        if len(_READ) >= 4096:
            _READ.clear()
        found = _READ[key] = _normalise(m)
    return found


def _normalise(m: re.Match[str]) -> Number:
    g = _groups(m)
    if g.get("t_kind"):
        return _standard(g)
    if g.get("y_num"):
        # "1025/PLYK/2025": a ballot of Government members, numbered by year last.
        text = f"{g['y_num']}/{_cased(g['y_code'] or '')}/{g['y_year']}"
        return Number(text=text, kind=K.OTHER, issuer_code=None, scope=Scope.NATIONAL)
    if g["n_num"]:
        sym = re.sub(r"\s*[-–—]\s*", "-", g["n_sym"] or "")
        parts = sym.split("-")
        kind_code, issuer = (
            (parts[0], parts[1 if len(parts) > 2 else -1]) if len(parts) > 1 else (None, parts[0])
        )
        # "49/2025TT-BCT", "118/2025/NĐCP": misprints are kept as printed.
        slash = "" if g.get("n_glue") is not None else "/"
        text = f"{g['n_num']}/{g['n_year']}{slash}{'-'.join(_cased(p) for p in parts)}"
        kind = KIND_CODES.get(kind_code.upper()) if kind_code else K.OTHER
        return Number(text=text, kind=kind, issuer_code=issuer, scope=_scope(issuer))
    if g["p_num"]:
        p_kind, p_iss = g["p_kind"] or "", g["p_iss"] or ""
        text = f"{g['p_num']}-{_cased(p_kind)}/{_cased(p_iss)}"
        return Number(
            text=text,
            kind=KIND_CODES.get(p_kind.upper()),
            issuer_code=p_iss,
            scope=_scope(p_iss),
        )
    num, kind_code = g["s_num"], g["s_kind"] or ""
    more: list[str] = []
    iss: str | None = None
    if g["s_iss"]:
        # "4255/QĐ-BNN-KHCN": the issuer, then the unit that drafted it.
        iss, *more = re.split(r"[-–—]", g["s_iss"])
    if not iss:
        glued = _split_glued(kind_code)
        if glued:
            kind_code, iss = glued
    tail = "".join(f"-{_cased(p)}" for p in more)
    if not iss:
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
            text=f"{num}/{_cased(kind_code)}-{_cased(iss)}{tail}",
            kind=K.OFFICIAL_LETTER,
            issuer_code=kind_code,
            scope=_scope(kind_code),
        )
    return Number(
        text=f"{num}/{_cased(kind_code)}-{_cased(iss)}{tail}",
        kind=kind,
        issuer_code=iss,
        scope=_scope(iss),
    )


def _standard(g: dict[str, str | None]) -> Number:
    """``QCVN 85:2025/BNNMT``, ``TCVN 13592:2022``: national standards, spaced as printed."""
    pre = f" {g['t_pre']}" if g.get("t_pre") else ""
    iss = g.get("t_iss")
    text = f"{g['t_kind']}{pre} {g['t_num']}:{g['t_year']}" + (f"/{_cased(iss)}" if iss else "")
    return Number(text=text, kind=K.OTHER, issuer_code=iss, scope=Scope.NATIONAL)


def parse_number(raw: str) -> Number | None:
    """Normalise a number found on its own (a letterhead ``Số:`` line)."""
    m = regexes.DOC_NUMBER.search(unicodedata.normalize("NFC", raw))
    return normalise(m) if m else None

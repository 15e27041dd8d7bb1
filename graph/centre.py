"""Which documents belong to the centre ("Trung ương") when no text says where they are.

Only three things are taken as evidence: a national number (``52-NQ/TW``), a central
issuer (``Bộ Giáo dục và Đào tạo``, ``Thủ tướng Chính phủ``), and, for a document cited by
name only, a name that says one of these: a national programme or strategy ("Chương trình
chuyển đổi số quốc gia") or a central issuer ("Chương trình hành động của Chính phủ").
A document that gives none of them keeps no jurisdiction rather than a guessed one.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import replace

from policykg.graph.ids import reference_key
from policykg.loaders import agencies as agency_names
from policykg.loaders import codes, places
from policykg.records import DocumentInfo, Reference, Scope

# Where the head of a document's name ends: its quoted title, subject, period or the
# document it carries out. What a head says is said of the document itself; a "quốc gia"
# further on belongs to its subject ("... các trung tâm dữ liệu quốc gia ...").
# we want to capture (the end of the head marked |):
#   Chiến lược quốc gia| về bình đẳng giới giai đoạn 2021 - 2030
#   Chiến lược tài chính toàn diện quốc gia| đến năm 2025, định hướng đến năm 2030
#   Đề án| “Xây dựng Hạ tầng tính toán hiệu năng cao (HPC) và các trung tâm dữ liệu quốc gia ...”
NAME_HEAD_END_REGEX = r"""
    \s*[“”"«»(,]
    | \s(?:về|giai\s+đoạn|đến\s+năm|thực\s+hiện|trên\s+địa\s+bàn)\s
"""
NAME_HEAD_END = re.compile(NAME_HEAD_END_REGEX, re.VERBOSE | re.IGNORECASE)

# A head naming a national document: at most eight words and "quốc gia", none of them "các"
# or "với", which start a phrase about other documents.
# we want to capture:
#   Chương trình chuyển đổi số quốc gia
#   Chương trình cấp quốc gia
#   Chiến lược an toàn an ninh mạng quốc gia
# and not:
#   Chương trình với các chương trình mục tiêu quốc gia
NATIONAL_HEAD_REGEX = r"^(?:(?!các\s|với\s)\w+\s+){1,8}quốc\s+gia$"
NATIONAL_HEAD = re.compile(NATIONAL_HEAD_REGEX, re.IGNORECASE)

# A head that names its issuer after "của".
# we want to capture:
#   Chương trình hành động của Chính phủ
ISSUER_HEAD_REGEX = r"^(?:\w+\s+){1,4}của\s+(?P<issuer>\w.*)$"
ISSUER_HEAD = re.compile(ISSUER_HEAD_REGEX, re.IGNORECASE)


def is_central_body(name: str | None) -> bool:
    """``Bộ trưởng Bộ Y tế``, ``Chính phủ``, ``Tổ giúp việc Ban chỉ đạo Trung ương``."""
    if not name:
        return False
    canonical = agency_names.canonical_name(name) or name
    return agency_names.level_and_parent(canonical)[0] == "central"


def is_national_number(number: str | None) -> bool:
    parsed = codes.parse_number(number) if number else None
    return parsed is not None and parsed.scope is Scope.NATIONAL


def name_is_central(name: str) -> bool:
    """Whether a name alone says the document is the centre's (see the module docstring)."""
    head = NAME_HEAD_END.split(name, maxsplit=1)[0].strip()
    if NATIONAL_HEAD.match(head):
        return True
    issuer = ISSUER_HEAD.match(head)
    return issuer is not None and is_central_body(issuer.group("issuer"))


def document_jurisdiction(info: DocumentInfo) -> tuple[str | None, str | None]:
    """A loaded document's jurisdiction, and how it was inferred when the text does not
    state it: ``"number"`` or ``"issuer"`` (``None`` when stated, or not known)."""
    if info.jurisdiction:
        return info.jurisdiction, None
    if is_national_number(info.number):
        return places.CENTRAL, "number"
    if is_central_body(info.issuer):
        return places.CENTRAL, "issuer"
    return None, None


def central_keys(references: Iterable[Reference], claimed: Container[str]) -> dict[str, str]:
    """New keys for numbers placed in the citing province only because their symbol was
    not recognised, when a reference names a central issuer.

    "Nghị định số 118/2025/NĐCP ngày 09/6/2025 của Chính phủ" in a Hà Tĩnh plan:
    ``ha-tinh/118/2025/NĐCP`` -> ``tw/118/2025/NĐCP``. A key a loaded document claims
    stays: what the document says of itself comes first.
    """
    moved: dict[str, str] = {}
    for ref in references:
        if (
            ref.key
            and ref.number
            and ref.scope is Scope.UNKNOWN
            and ref.jurisdiction != places.CENTRAL
            and ref.key not in claimed
            and is_central_body(ref.issuer)
        ):
            moved[ref.key] = reference_key(ref.number, places.CENTRAL)
    return moved


def recentre(ref: Reference, moved: Mapping[str, str]) -> Reference:
    """``ref`` with its :func:`central_keys` key, jurisdiction and scope, if it has one."""
    if ref.key is None or ref.key not in moved:
        return ref
    return replace(ref, key=moved[ref.key], jurisdiction=places.CENTRAL, scope=Scope.NATIONAL)

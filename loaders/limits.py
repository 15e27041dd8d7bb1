"""The largest input policykg reads, and the check that refuses a bigger one.

Extraction takes time and memory in proportion to the size of a file, but a policy document
is rarely over a megabyte: a file of hundreds is a dump or an archive run together, and
reading it would hold several copies of it in memory. The limit is 20 MB unless
``$POLICYKG_MAX_BYTES`` or the ``max_bytes`` argument of a caller says otherwise.

A PDF or image is limited by its pages too, since each page may have to be rasterised and
OCR'd (seconds each): 300 pages unless ``$POLICYKG_MAX_PAGES`` says otherwise. A longer
file is refused from its page count, before any page is read.
"""

from __future__ import annotations

import os
from pathlib import Path

from policykg.errors import DecodeError, InputError

DEFAULT_MAX_BYTES = 20_000_000
# A PDF, Word file or image carries fonts and page images besides its text (a 20-page grey
# scan at 300 dpi is 35 MB): it may be this many times the limit, and the text it gives is
# held to the limit itself. Its pages are what bound its cost (see below).
BINARY_FACTOR = 10
ENV_VAR = "POLICYKG_MAX_BYTES"
DEFAULT_MAX_PAGES = 300
PAGES_ENV_VAR = "POLICYKG_MAX_PAGES"


def max_bytes(override: int | None = None) -> int:
    """The limit in bytes: ``override`` when given, else ``$POLICYKG_MAX_BYTES``, else 20 MB.

    Raises:
        InputError: the variable or ``override`` is not a positive whole number of bytes.
    """
    if override is not None:
        if override <= 0:
            raise InputError(f"max_bytes={override}: the limit must be a positive number of bytes")
        return override
    return _from_env(ENV_VAR, DEFAULT_MAX_BYTES, "bytes")


def _from_env(name: str, default: int, unit: str) -> int:
    """A positive whole number from the variable ``name`` (``_`` allowed), else ``default``.

    Raises:
        InputError: the variable is set to something else.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"{name}={raw!r}: the limit must be a positive number of {unit}")
    return value


def check_size(
    name: str | Path, size: int, limit: int | None = None, *, binary: bool = False
) -> None:
    """Refuse an input of ``size`` bytes over the limit (see :func:`max_bytes`), or over
    ``BINARY_FACTOR`` times it for a ``binary`` document (a PDF, Word file or image).

    Raises:
        InputError: one line naming the input, its size and the limit.
    """
    allowed = max_bytes(limit) * (BINARY_FACTOR if binary else 1)
    if size > allowed:
        raise InputError(
            f"{name}: {size:,} bytes is over the limit of {allowed:,} bytes"
            f" (set {ENV_VAR} to read bigger files)"
        )


def max_pages() -> int:
    """The most pages a PDF or image may have: ``$POLICYKG_MAX_PAGES``, else 300.

    Raises:
        InputError: the variable is not a positive whole number.
    """
    return _from_env(PAGES_ENV_VAR, DEFAULT_MAX_PAGES, "pages")


def check_pages(name: str | Path, pages: int) -> None:
    """Refuse a PDF or image of more pages than :func:`max_pages`.

    Raises:
        DecodeError: one line naming the input, its pages and the limit.
    """
    allowed = max_pages()
    if pages > allowed:
        raise DecodeError(
            f"{name}: {pages:,} pages is over the limit of {allowed:,} pages"
            f" (set {PAGES_ENV_VAR} to read longer files)"
        )

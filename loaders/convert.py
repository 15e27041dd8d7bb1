"""Which format a file's bytes are in, and its conversion to text.

A file is told by its content (its first bytes), never by its name: a PDF saved as
``.txt`` is read as a PDF, and a text file stays text whatever it is called. Every format
other than text is turned into one :class:`~policykg.records.Converted`, whose text is then
parsed exactly as a ``.txt`` file's is (one extraction path). The converters are imported
when first needed: a folder of text files never loads PDFium, PIL or an HTML parser.
"""

from __future__ import annotations

import re

from policykg.errors import DecodeError
from policykg.loaders.decode import one_line
from policykg.records import Converted

__all__ = ["convert", "sniff"]

_HTML_SNIFF_BYTES = 1024
"""How far into a file its ``<html``/``<!doctype html`` may be (after a saved-page comment)."""
_PDF_SNIFF_BYTES = 1024
"""PDF readers accept the ``%PDF-`` header anywhere in the first kilobyte."""

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# we want to capture:  "<!DOCTYPE html>"   "<!-- saved from url=... -->\n<html lang="vi">"
_HTML_START = re.compile(
    rb"(?:\s*(?:<!--.*?-->|<\?xml[^>]*>))*\s*<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


def sniff(data: bytes) -> str | None:
    """The format of ``data``: "pdf", "docx", "zip" (a zip that is no Word document),
    "image", "html", "doc" (legacy Word, OLE2), or ``None`` for text."""
    if data.startswith(b"%PDF-") or _pdf_after_junk(data):
        return "pdf"
    if data.startswith(_ZIP):
        # The central directory (at the end) and the local headers both name the parts.
        return "docx" if b"word/document.xml" in data else "zip"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    if data.startswith(_OLE2):
        return "doc"
    if _is_html(data):
        return "html"
    return None


def convert(data: bytes, name: str) -> Converted | None:
    """``data`` converted to text, or ``None`` if it is text already (decode it as before).

    Raises:
        DecodeError: one line naming the file: a damaged or encrypted file, a zip that is
            not a Word document, a legacy ``.doc``, a scan without OCR installed, ...
    """
    kind = sniff(data)
    label = one_line(name)
    if kind is None:
        return None
    if kind == "pdf":
        from policykg.loaders.pdf import convert_pdf

        return convert_pdf(data, name)
    if kind == "docx":
        from policykg.loaders.docx import convert_docx

        return convert_docx(data, name)
    if kind == "html":
        from policykg.loaders.html import convert_html

        return convert_html(data, name)
    if kind == "image":
        from policykg.loaders.ocr import convert_image

        return convert_image(data, name)
    if kind == "zip":
        raise DecodeError(
            f"{label}: a zip archive, not a Word document (DOCX has word/document.xml)"
        )
    raise DecodeError(
        f"{label}: a legacy Word .doc (or other OLE) file, which policykg cannot read; "
        "convert it to DOCX or PDF"
    )


def _pdf_after_junk(data: bytes) -> bool:
    """A ``%PDF-`` header a little way in, after bytes that are not text (some writers
    and mail gateways put a binary prefix before it); a text that quotes it is not one."""
    at = data.find(b"%PDF-", 1, _PDF_SNIFF_BYTES)
    return at > 0 and any(b < 0x09 or 0x0D < b < 0x20 for b in data[:at])


def _is_html(data: bytes) -> bool:
    """A page that opens (after a saved-page comment, perhaps) with its doctype or ``<html>``."""
    head = data[:_HTML_SNIFF_BYTES]
    for bom in _BOMS:
        if head.startswith(bom):
            codec = "utf-8" if bom == _BOMS[0] else "utf-16"
            head = head.decode(codec, errors="ignore").encode("ascii", errors="ignore")
            break
    return _HTML_START.match(head) is not None

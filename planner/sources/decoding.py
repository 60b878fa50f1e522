"""Turning uploaded bytes or pasted text into checked, decoded text (PRODUCT §7).

Everything a person can hand to the importer passes through here first: a file upload
(``.txt``, ``.md``, ``.html``/``.htm``) or a paste. Input that cannot be a readable
article — empty, binary, larger than :data:`MAX_BYTES`, or in an encoding we cannot
identify — is refused with :class:`ImportRefused`, whose message is meant for the person
who uploaded it. Encodings recognised: UTF-8 (with or without a BOM), UTF-16/UTF-32 with
a BOM, and, for HTML, the charset declared in a ``<meta>`` tag.

Pure: no Flask, no database.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: Largest accepted document, in bytes (1 MB). Pastes are measured as UTF-8.
MAX_BYTES = 1024 * 1024

#: Accepted file extensions, and whether each means HTML.
EXTENSIONS: dict[str, bool] = {".txt": False, ".md": False, ".html": True, ".htm": True}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do we.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-mac-roman": "mac-roman",
}
_HTML_SNIFF = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|article|section|span|li|a)\b[^>]*>", re.IGNORECASE)
# C0 controls other than tab, newline, carriage return and form feed; plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class ImportRefused(ValueError):
    """The input cannot be imported; ``message`` says why, in words meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DecodedDocument:
    """Decoded, checked text of an upload or paste, and whether it is HTML."""

    text: str
    is_html: bool
    encoding: str = "utf-8"


def decode_upload(data: bytes, filename: str) -> DecodedDocument:
    """Decode an uploaded file, or raise :class:`ImportRefused` saying why it cannot be.

    The extension of ``filename`` decides whether the content is HTML. Encoding: a BOM
    wins; then, for HTML, a declared ``<meta>`` charset; otherwise the bytes must be UTF-8.
    """
    extension = _extension(filename)
    if extension not in EXTENSIONS:
        shown = extension or "(none)"
        raise ImportRefused(
            f"Unsupported file type {shown!s}: upload a .txt, .md or .html file, "
            "or paste the text instead."
        )
    is_html = EXTENSIONS[extension]
    if not data:
        raise ImportRefused("The file is empty.")
    _check_size(len(data))
    text, encoding = _decode_bytes(data, is_html=is_html)
    return DecodedDocument(text=check_text(text), is_html=is_html, encoding=encoding)


def decode_paste(text: str, *, is_html: bool | None = None) -> DecodedDocument:
    """Check pasted text; ``is_html=None`` means "guess from the text" (:func:`looks_like_html`)."""
    checked = check_text(text)
    html = looks_like_html(checked) if is_html is None else is_html
    return DecodedDocument(text=checked, is_html=html, encoding="utf-8")


def check_text(text: str) -> str:
    """Return ``text`` with a leading BOM removed and newlines normalised, or refuse it.

    Refused: not a string, empty or whitespace-only, over :data:`MAX_BYTES` as UTF-8,
    containing NUL bytes or many control characters (a binary file), or containing lone
    surrogates (undecodable).
    """
    if not isinstance(text, str):
        raise ImportRefused("The document must be text.")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ImportRefused("The document is empty: there is no text to import.")
    if len(text) > MAX_BYTES:
        _check_size(len(text))
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise ImportRefused(
            "The document contains characters that cannot be decoded; "
            "save it as UTF-8 and try again."
        ) from None
    _check_size(size)
    if "\x00" in text:
        raise ImportRefused("The document looks like a binary file (it contains NUL bytes).")
    controls = len(_CONTROL.findall(text))
    if controls > 8 and controls * 100 > len(text):
        raise ImportRefused("The document looks like a binary file, not text.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    """Whether pasted text is an HTML document or fragment rather than plain text."""
    head = text[:4096]
    if _HTML_SNIFF.match(head):
        return True
    return len(_HTML_TAG.findall(head)) >= 3


def _extension(filename: str) -> str:
    name = (filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ImportRefused(
            f"The document is too large ({size / (1024 * 1024):.1f} MB); the limit is 1 MB."
        )


def _decode_bytes(data: bytes, *, is_html: bool) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                raise ImportRefused(
                    f"The file starts with a {encoding.upper()} byte-order mark "
                    "but is not valid in that encoding."
                ) from None
    if b"\x00" in data:
        raise ImportRefused(
            "The file looks like a binary file (it contains NUL bytes), not a text article."
        )
    if is_html:
        declared = _declared_charset(data)
        if declared is not None:
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                if declared == "cp1252":
                    return data.decode("latin-1"), "latin-1"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        hint = "declare its charset in a <meta> tag or " if is_html else ""
        raise ImportRefused(
            f"The file could not be decoded: it is not UTF-8. Please {hint}save it as UTF-8 "
            "and upload it again."
        ) from None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A <meta> cannot truthfully declare an ASCII-incompatible encoding (WHATWG): ignore it.
    if name.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
        return None
    return name

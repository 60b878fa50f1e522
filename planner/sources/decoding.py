"""Turning uploaded files or pasted text into checked, decoded text (PRODUCT §7).

Everything a person can hand to the importer passes through here first: a file upload
(plain text, Markdown, HTML, a Word ``.docx`` or a PDF) or a paste. Input that cannot be a
readable article — empty, binary, larger than :data:`MAX_BYTES`, in an encoding the
detector cannot identify, a damaged or locked document, a scanned PDF without a text
layer — is refused with :class:`ImportRefused`, whose message is meant for the person who
gave it.

Text and HTML files may be in any encoding charset-normalizer recognises (UTF-8, UTF-16
with or without a byte-order mark, windows-1252, windows-1251, ...). Word documents are
read with python-docx and PDFs with pdfminer.six, one paragraph per block.

Pure: no Flask, no database. The refusals are worded in the reader's language (Flask-Babel's
``gettext``, English outside a request).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum

import charset_normalizer
from babel.numbers import format_decimal
from charset_normalizer.utils import any_specified_encoding, identify_sig_or_bom
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from flask_babel import get_locale
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer
from pdfminer.pdfdocument import PDFEncryptionError

from planner.exceptions import DomainError
from planner.i18n import gettext as _

#: Largest accepted file, and largest text, in bytes (1 MB). Text is measured as UTF-8.
MAX_BYTES = 1024 * 1024

#: A PDF with more pages than this is not an article, and would take too long to read.
MAX_PDF_PAGES = 100

#: A .docx is a zip archive; one that unpacks to more than this is refused unopened.
MAX_DOCX_UNPACKED_BYTES = 64 * 1024 * 1024


def N_(text: str) -> str:  # noqa: N802 - the name Babel extracts by default
    return text


SCANNED_PDF = N_("This PDF has no text layer (a scan?); paste the text or upload a text PDF.")


class DocumentFormat(StrEnum):
    """What an uploaded file holds, as its extension says."""

    TEXT = "text"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


#: Accepted file extensions and the format each means.
EXTENSIONS: dict[str, DocumentFormat] = {
    ".txt": DocumentFormat.TEXT,
    ".md": DocumentFormat.TEXT,
    ".html": DocumentFormat.HTML,
    ".htm": DocumentFormat.HTML,
    ".docx": DocumentFormat.DOCX,
    ".pdf": DocumentFormat.PDF,
}

_SHOWN = [extension for extension in EXTENSIONS if extension != ".htm"]  # .html spelt short
#: The accepted extensions as a person reads them: ".txt, .md, .html, .docx or .pdf".
ACCEPTED_EXTENSIONS = ", ".join(_SHOWN[:-1]) + " or " + _SHOWN[-1]


def accepted_extensions() -> str:
    """:data:`ACCEPTED_EXTENSIONS` with the reader's "or"."""
    return _("%(items)s or %(last)s", items=", ".join(_SHOWN[:-1]), last=_SHOWN[-1])


# When the detector finds several decodings equally plausible (text that only uses letters
# the Western and Central European code pages share), the one browsers assume for
# undeclared legacy text (WHATWG): windows-1252.
_USUAL_LEGACY_ENCODING = "cp1252"

_HTML_SNIFF = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|article|section|span|li|a)\b[^>]*>", re.IGNORECASE)
# C0 controls other than tab, newline, carriage return and form feed; plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Glyphs pdfminer cannot map to characters (fonts without a ToUnicode table).
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")

_NOT_DOCX = N_(
    "The file is not a readable Word document (.docx). If it is an older .doc file, "
    "save it as .docx, or paste the text instead."
)


class ImportRefused(DomainError):
    """The input cannot be imported; ``message`` says why, in words meant for the user.

    A :class:`~planner.exceptions.DomainError`, so the views turn it into a message like
    every other refusal.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DecodedDocument:
    """Decoded, checked text of an upload or paste, and whether it is HTML.

    ``encoding`` is the character encoding the text was read in; ``None`` for text taken
    out of a Word document or a PDF.
    """

    text: str
    is_html: bool
    encoding: str | None = "utf-8"
    format: DocumentFormat = DocumentFormat.TEXT


def decode_upload(data: bytes, filename: str) -> DecodedDocument:
    """Decode an uploaded file, or raise :class:`ImportRefused` saying why it cannot be.

    The extension of ``filename`` decides the format. Text and HTML are decoded in the
    encoding charset-normalizer detects (for HTML, a declared charset settles a tie);
    Word documents and PDFs have their text extracted.
    """
    extension = _extension(filename)
    if extension not in EXTENSIONS:
        raise ImportRefused(
            _(
                "Unsupported file type %(extension)s: upload a %(types)s file, "
                "or paste the text instead.",
                extension=extension or _("(none)"),
                types=accepted_extensions(),
            )
        )
    document_format = EXTENSIONS[extension]
    if not data:
        raise ImportRefused(_("The file is empty."))
    _check_size(len(data))
    encoding: str | None = None
    if document_format is DocumentFormat.DOCX:
        text = _docx_text(data)
    elif document_format is DocumentFormat.PDF:
        text = _pdf_text(data)
    else:
        text, encoding = _decode_bytes(data)
    return DecodedDocument(
        text=check_text(text),
        is_html=document_format is DocumentFormat.HTML,
        encoding=encoding,
        format=document_format,
    )


def decode_paste(text: str, *, is_html: bool | None = None) -> DecodedDocument:
    """Check pasted text; ``is_html=None`` means "guess from the text" (:func:`looks_like_html`)."""
    checked = check_text(text)
    html = looks_like_html(checked) if is_html is None else is_html
    return DecodedDocument(
        text=checked,
        is_html=html,
        encoding="utf-8",
        format=DocumentFormat.HTML if html else DocumentFormat.TEXT,
    )


def check_text(text: str) -> str:
    """Return ``text`` with a leading BOM removed and newlines normalised, or refuse it.

    Refused: not a string, empty or whitespace-only, over :data:`MAX_BYTES` as UTF-8 once
    its newlines are normalised (a browser sends a textarea's newlines as two characters),
    containing NUL bytes or many control characters (a binary file), or containing lone
    surrogates (undecodable).
    """
    if not isinstance(text, str):
        raise ImportRefused(_("The document must be text."))
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ImportRefused(_("The document is empty: there is no text to import."))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_BYTES:
        _check_size(len(text))
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise ImportRefused(
            _(
                "The document contains characters that cannot be decoded; "
                "save it as UTF-8 and try again."
            )
        ) from None
    _check_size(size)
    if "\x00" in text:
        raise ImportRefused(_("The document looks like a binary file (it contains NUL bytes)."))
    controls = len(_CONTROL.findall(text))
    if controls > 8 and controls * 100 > len(text):
        raise ImportRefused(_("The document looks like a binary file, not text."))
    return text


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
        locale = get_locale() or "en"
        raise ImportRefused(
            _(
                "The document is too large: %(size)s bytes, over the limit of 1 MB "
                "(%(limit)s bytes).",
                size=format_decimal(size, locale=locale),
                limit=format_decimal(MAX_BYTES, locale=locale),
            )
        )


# --- text and HTML files: the encoding is detected ----------------------------------------


def _decode_bytes(data: bytes) -> tuple[str, str]:
    """The text of ``data`` in the encoding charset-normalizer finds likeliest, and its name."""
    # A declared charset (an HTML <meta>) is followed when the text is plausible in it. It
    # is not given to the detector up front: a wrong label (ISO-8859-1 on windows-1252
    # text, which browsers read as windows-1252) would then rule out the right encoding.
    matches = charset_normalizer.from_bytes(data, preemptive_behaviour=False)
    best = matches.best()
    if best is None:
        if b"\x00" in data:
            raise ImportRefused(
                _("The file looks like a binary file (it contains NUL bytes), not a text article.")
            )
        raise ImportRefused(
            _(
                "The file could not be decoded: its character encoding was not recognised. "
                "Please save it as UTF-8 and upload it again."
            )
        )
    marked, _bom = identify_sig_or_bom(data)
    if marked is not None and not best.bom:
        raise ImportRefused(
            _(
                "The file starts with a %(encoding)s byte-order mark "
                "but is not valid in that encoding.",
                encoding=codecs.lookup(marked).name.upper(),
            )
        )
    declared = any_specified_encoding(data)
    chosen = next((m for m in matches if declared in m.could_be_from_charset), None)
    if chosen is None:
        tied = [match for match in matches if not best < match and not match < best]
        chosen = next((m for m in tied if _USUAL_LEGACY_ENCODING in m.could_be_from_charset), best)
    names = chosen.could_be_from_charset
    name = next((n for n in (declared, _USUAL_LEGACY_ENCODING) if n in names), chosen.encoding)
    try:
        text = str(chosen)
    except (UnicodeDecodeError, LookupError):
        raise ImportRefused(
            _(
                "The file could not be decoded in one encoding throughout. "
                "Please save it as UTF-8 and upload it again."
            )
        ) from None
    return text, codecs.lookup(name).name


# --- Word documents and PDFs: the text is extracted ---------------------------------------


def _docx_text(data: bytes) -> str:
    """The paragraphs and table cells of a Word document, in document order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(_(_NOT_DOCX)) from None
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise ImportRefused(_("The Word document unpacks to far more than 1 MB; it is refused."))
    try:
        document = Document(io.BytesIO(data))
        blocks = [_block_text(block) for block in document.iter_inner_content()]
    except Exception:  # noqa: BLE001 - any failure to parse untrusted input is a refusal
        raise ImportRefused(_(_NOT_DOCX)) from None
    text = "\n\n".join(block.strip() for block in blocks if block.strip())
    if not text:
        raise ImportRefused(_("The Word document is empty: there is no text to import."))
    return text


def _block_text(block: Paragraph | Table) -> str:
    if isinstance(block, Paragraph):
        return block.text
    rows = []
    for row in block.rows:
        cells: list[str] = []
        for cell in row.cells:
            if cell.text.strip() and cell.text.strip() not in cells:  # merged cells repeat
                cells.append(cell.text.strip())
        rows.append(" | ".join(cells))
    return "\n\n".join(row for row in rows if row)


def _pdf_text(data: bytes) -> str:
    """The text boxes of a PDF, page by page; refused if it has no text a person could read."""
    if b"%PDF-" not in data[:1024]:
        raise ImportRefused(_("The file is not a PDF, though its name ends in .pdf."))
    blocks: list[str] = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), 1):
            if number > MAX_PDF_PAGES:
                raise ImportRefused(
                    _(
                        "The PDF has more than %(num)d pages; upload or paste only the article.",
                        num=MAX_PDF_PAGES,
                    )
                )
            blocks.extend(
                element.get_text() for element in page if isinstance(element, LTTextContainer)
            )
    except ImportRefused:
        raise
    except PDFEncryptionError:
        raise ImportRefused(
            _(
                "The PDF is protected by a password or forbids copying its text; "
                "paste the text instead."
            )
        ) from None
    except Exception:  # noqa: BLE001 - any failure to parse untrusted input is a refusal
        raise ImportRefused(
            _("The PDF could not be read (it may be damaged); paste the text instead.")
        ) from None
    text = "\n\n".join(block.replace("\x0c", " ").strip() for block in blocks if block.strip())
    if not any(character.isalpha() for character in text):
        raise ImportRefused(_(SCANNED_PDF))
    if not any(character.isalpha() for character in _UNMAPPED_GLYPH.sub("", text)):
        raise ImportRefused(
            _(
                "The PDF's fonts do not say which letters they draw, so its text cannot be read; "
                "paste the text instead."
            )
        )
    return text

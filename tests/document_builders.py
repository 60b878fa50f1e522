"""Source documents built in code for the import tests: Word files, text PDFs, scans.

Articles here mix the scripts the workshops meet (Latin with accents, Azerbaijani ə ğ ı ş,
Armenian, Cyrillic); PDFs name DejaVu Sans, which covers all of them (docs/MACHINE).
"""

from __future__ import annotations

import base64
import html
import io
import struct
import zlib

from docx import Document
from weasyprint import HTML

TITLE = "Talking across the line"

#: One article's paragraphs after its title, in several scripts.
PARAGRAPHS = (
    "By Անի Հակոբյան and Aygün Məmmədova",
    "For years, journalists from both sides met in Tbilisi. However, each side remained "
    "within its core perceptions, and expectations of a quick settlement were never realistic.",
    "At the same time, the humanitarian situation requires painful decisions from both "
    "governments. Ольга Смирнова, who mediated several meetings, says trust grows slowly.",
    "Երկխոսությունը չի նշանակում համաձայնություն։ Ağır qərarlar, işıq və şəhər: "
    "dialoq razılıq demək deyil, qarşı tərəfin qorxularını dinləmək deməkdir.",
    "Dialogue does not mean agreement. It means listening to the other side’s fears — "
    "as the café owners of Genève put it, “naïve” hopes help no one.",
)


def docx_article(paragraphs: tuple[str, ...] = PARAGRAPHS, *, table: list[list[str]] = ()) -> bytes:
    """A Word document: the title as a heading, then each paragraph, then an optional table."""
    document = Document()
    document.add_heading(TITLE, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def empty_docx() -> bytes:
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def text_pdf(paragraphs: tuple[str, ...] = PARAGRAPHS) -> bytes:
    """A PDF with a text layer, as a browser's "print to PDF" of the article would be."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (
        "<html><head><style>body { font-family: 'DejaVu Sans'; }</style></head>"
        f"<body><h1>{html.escape(TITLE)}</h1>{body}</body></html>"
    )
    return HTML(string=page).write_pdf()


def scanned_pdf() -> bytes:
    """A PDF whose pages are only an image, as a scanner makes them: no text layer."""
    picture = "data:image/png;base64," + base64.b64encode(_png()).decode("ascii")
    page = f'<html><body><img src="{picture}" style="width: 12cm; height: 16cm"></body></html>'
    return HTML(string=page).write_pdf()


def blank_pdf() -> bytes:
    """A PDF with one empty page."""
    return HTML(string="<html><body></body></html>").write_pdf()


def _png() -> bytes:
    """A 2×2 grey PNG, a few bytes long."""

    def chunk(kind: bytes, content: bytes) -> bytes:
        crc = zlib.crc32(kind + content)
        return struct.pack(">I", len(content)) + kind + content + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )

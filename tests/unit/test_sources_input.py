"""What the importer accepts (issue 16, item 7): legacy and BOM-less encodings, Word
documents and text PDFs; scans, damaged files and oversized pastes refused with a message."""

from __future__ import annotations

import io
import zipfile

import pytest

from planner.sources import ACCEPTED_EXTENSIONS, MAX_BYTES, ImportRefused, analyse
from planner.sources.decoding import SCANNED_PDF, DocumentFormat, decode_paste, decode_upload
from planner.vocabulary import PassageKind
from tests.document_builders import (
    PARAGRAPHS,
    TITLE,
    blank_pdf,
    docx_article,
    empty_docx,
    scanned_pdf,
    text_pdf,
)

#: A few sentences in each script a workshop's sources come in.
SCRIPTS = {
    "french": "Mémoire et réconciliation : « Ça va », dit-elle. La naïveté n'a pas sa place à "
    "Genève ; les négociateurs l'ont appris.\n\nPourtant, chacun est resté dans ses "
    "perceptions, et les attentes d'un règlement rapide n'ont jamais été réalistes.\n",
    "english": "Dialogue does not mean agreement. It means listening to the other side’s "
    "fears — and “realism” about what can change, as the café’s owner said.\n",
    "russian": "Диалог не означает согласия. Он означает умение слушать страхи другой "
    "стороны. Переговоры начались в Москве и продолжались много лет; доверие растёт медленно.\n",
    "ukrainian": "Діалог не означає згоди. Він означає вміння слухати страхи іншої сторони. "
    "Переговори почалися в Києві; довіра зростає повільно, і це нормально.\n",
    "armenian": "Անի Հակոբյան և Արամ Պետրոսյան. Երկխոսությունը չի նշանակում "
    "համաձայնություն։ Այն նշանակում է լսել մյուս կողմի վախերը։\n",
    "azerbaijani": "Aygün Məmmədova deyir ki, etimad yavaş-yavaş böyüyür. Dialoq razılıq "
    "demək deyil; qarşı tərəfin qorxularını dinləmək deməkdir. Ağır qərarlar, işıq, şəhər.\n",
}
WESTERN = ["french", "english"]
CYRILLIC = ["russian", "ukrainian"]


# --- text files in any common encoding ----------------------------------------------------


@pytest.mark.parametrize("script", WESTERN)
def test_windows_1252_text_file_is_decoded(script: str) -> None:
    document = decode_upload(SCRIPTS[script].encode("cp1252"), "article.txt")
    assert document.text == SCRIPTS[script]
    assert document.encoding == "cp1252"


@pytest.mark.parametrize("script", CYRILLIC)
def test_windows_1251_cyrillic_text_file_is_decoded(script: str) -> None:
    document = decode_upload(SCRIPTS[script].encode("cp1251"), "article.md")
    assert document.text == SCRIPTS[script]
    assert document.encoding == "cp1251"


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("script", list(SCRIPTS))
def test_utf16_without_a_byte_order_mark_is_decoded_in_every_script(
    script: str, order: str
) -> None:
    data = SCRIPTS[script].encode(order)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    document = decode_upload(data, "article.txt")
    assert document.text == SCRIPTS[script]
    assert document.encoding == order


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_utf8_is_decoded_in_every_script(script: str) -> None:
    assert decode_upload(SCRIPTS[script].encode(), "article.txt").text == SCRIPTS[script]


def test_html_labelled_iso_8859_1_is_read_as_windows_1252_like_a_browser() -> None:
    page = (
        '<html><head><meta charset="ISO-8859-1"></head><body>'
        "<p>The “naïve” hopes of Genève – as the café owner said.</p></body></html>"
    )
    document = decode_upload(page.encode("cp1252"), "page.html")
    assert "The “naïve” hopes of Genève – as the café owner said." in document.text
    assert document.is_html


def test_a_declared_charset_settles_what_the_detector_cannot() -> None:
    czech = "Dialog neznamená souhlas. Znamená naslouchat obavám druhé strany; důvěra roste."
    page = f'<html><head><meta charset="windows-1250"></head><body><p>{czech}</p></body></html>'
    assert czech in decode_upload(page.encode("cp1250"), "page.htm").text


# --- Word documents -----------------------------------------------------------------------


def test_word_document_gives_its_paragraphs_in_order() -> None:
    document = decode_upload(docx_article(), "Article.DOCX")
    assert document.text == "\n\n".join((TITLE, *PARAGRAPHS))
    assert document.format is DocumentFormat.DOCX
    assert document.is_html is False
    assert document.encoding is None


def test_word_tables_are_read_cell_by_cell() -> None:
    data = docx_article(("Who met where.",), table=[["Yerevan", "Bakı"], ["Ереван", "Баку"]])
    assert decode_upload(data, "a.docx").text.endswith("Yerevan | Bakı\n\nЕреван | Баку")


def test_word_article_is_segmented_like_a_pasted_one() -> None:
    document = decode_upload(docx_article(), "article.docx")
    analysis = analyse(document.text, is_html=document.is_html, catalogue=())
    assert analysis.title == TITLE
    body = [p.text for p in analysis.passages if p.kind is PassageKind.BODY]
    assert any("Ольга Смирнова" in text for text in body)


def test_empty_word_document_is_refused() -> None:
    with pytest.raises(ImportRefused, match="Word document is empty"):
        decode_upload(empty_docx(), "blank.docx")


def _zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # an old binary .doc
        _zip(notes="not a Word document"),
        b"Just some text",
        docx_article()[:2000],  # cut short
    ],
    ids=["doc", "other-zip", "text", "truncated"],
)
def test_file_that_is_not_a_word_document_is_refused_with_a_hint(data: bytes) -> None:
    with pytest.raises(ImportRefused) as refused:
        decode_upload(data, "letter.docx")
    assert "not a readable Word document" in refused.value.message
    assert "save it as .docx" in refused.value.message


# --- PDFs ---------------------------------------------------------------------------------


def test_text_pdf_gives_its_paragraphs_in_every_script() -> None:
    document = decode_upload(text_pdf(), "article.pdf")
    flowing = " ".join(document.text.split())
    for paragraph in (TITLE, *PARAGRAPHS):
        assert paragraph in flowing
    assert document.format is DocumentFormat.PDF
    assert document.text.count("\n\n") >= len(PARAGRAPHS)  # one block per paragraph


def test_pdf_article_is_segmented_like_a_pasted_one() -> None:
    document = decode_upload(text_pdf(), "article.pdf")
    analysis = analyse(document.text, is_html=False, catalogue=())
    assert analysis.title == TITLE
    assert [p for p in analysis.passages if p.kind is PassageKind.BODY]


@pytest.mark.parametrize("build", [scanned_pdf, blank_pdf], ids=["scan", "blank-page"])
def test_pdf_without_a_text_layer_is_refused_saying_so(build) -> None:
    with pytest.raises(ImportRefused) as refused:
        decode_upload(build(), "scan.pdf")
    assert refused.value.message == SCANNED_PDF
    assert SCANNED_PDF == (
        "This PDF has no text layer (a scan?); paste the text or upload a text PDF."
    )


def test_damaged_pdf_is_refused() -> None:
    data = text_pdf()
    with pytest.raises(ImportRefused, match="could not be read"):
        decode_upload(data[: len(data) // 2], "cut.pdf")


def test_file_that_is_not_a_pdf_is_refused() -> None:
    with pytest.raises(ImportRefused, match="not a PDF"):
        decode_upload(docx_article(), "article.pdf")


# --- the 1 MB limit -----------------------------------------------------------------------


def test_the_limit_is_the_one_megabyte_the_form_states() -> None:
    assert MAX_BYTES == 1024 * 1024


def test_paste_of_exactly_one_megabyte_is_accepted() -> None:
    text = (
        ("Ağır qərarlar. " * (MAX_BYTES // 17 + 1)).encode()[:MAX_BYTES].decode("utf-8", "ignore")
    )
    text = text + "." * (MAX_BYTES - len(text.encode()))
    assert len(text.encode()) == MAX_BYTES
    assert decode_paste(text).text == text


def test_paste_one_byte_over_is_refused_with_its_size() -> None:
    with pytest.raises(ImportRefused) as refused:
        decode_paste("a" * (MAX_BYTES + 1))
    assert "too large" in refused.value.message
    assert "1,048,577 bytes" in refused.value.message
    assert "1 MB" in refused.value.message


def test_paste_is_measured_with_its_newlines_as_typed() -> None:
    # A browser sends a textarea's newlines as CR LF; the person typed one character each.
    lines = "Line\n" * (MAX_BYTES // 5)
    assert len(lines.replace("\n", "\r\n").encode()) > MAX_BYTES
    assert decode_paste(lines.replace("\n", "\r\n")).text == lines


def test_form_states_the_accepted_formats() -> None:
    assert ACCEPTED_EXTENSIONS == ".txt, .md, .html, .docx or .pdf"

"""Importing through the page and the command (issue 16, item 7): a 1 MB paste, legacy and
BOM-less encodings, Word documents and text PDFs; scans and oversized input refused."""

from __future__ import annotations

import html
import io

import pytest
from sqlalchemy import func, select

from planner.extensions import db
from planner.models import Source
from planner.sources.decoding import MAX_BYTES, SCANNED_PDF
from planner.vocabulary import Role
from tests.document_builders import PARAGRAPHS, TITLE, docx_article, scanned_pdf, text_pdf

ARTICLE = (
    f"{TITLE}\n\n"
    "By Անի Հակոբյան and Aygün Məmmədova\n\n"
    "For years, journalists from both sides met in Tbilisi. However, each side remained "
    "within its core perceptions, and expectations of a quick settlement were never "
    "realistic.\n\n"
    "At the same time, the humanitarian situation requires painful decisions. Ольга "
    "Смирнова, who mediated several meetings, says trust grows slowly.\n\n"
    "Dialogue does not mean agreement. Ağır qərarlar, işıq, şəhər.\n"
)
WESTERN_ARTICLE = (
    f"{TITLE}\n\nBy Amélie Fournier\n\n"
    "For years, journalists from both sides met in Genève. However, each side remained "
    "within its “core perceptions”, and the café talks were never naïve.\n\n"
    "At the same time, the humanitarian situation requires painful decisions — from both.\n"
)
CYRILLIC_ARTICLE = (
    "Разговор через линию\n\nОльга Смирнова\n\n"
    "Годами журналисты обеих сторон встречались в Тбилиси. Однако каждая сторона осталась "
    "при своих представлениях, и ожидания быстрого урегулирования не были реалистичными.\n\n"
    "Вместе с тем гуманитарная ситуация требует трудных решений от обоих правительств.\n"
)
PARAGRAPH = (
    "However, each side remained within its core perceptions, and expectations of a quick "
    "settlement were never realistic. Ольга Смирнова says trust grows slowly; Անի "
    "Հակոբյան and Aygün Məmmədova agree that dialogue is not agreement.\n\n"
)


@pytest.fixture
def as_facilitator(login, make):
    facilitator = make.user(Role.FACILITATOR, name="Toğrul Bağırov")
    login(facilitator)
    return facilitator


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _sources() -> int:
    return db.session.scalar(select(func.count(Source.id)))


def _latest() -> Source:
    return db.session.scalars(select(Source).order_by(Source.id.desc())).first()


def _paste(client, text: str):
    # As a browser sends the form: multipart (the form's enctype), one part per field.
    return client.post("/sources/new", data={"text": text}, content_type="multipart/form-data")


def _upload(client, data: bytes, filename: str):
    return client.post(
        "/sources/new",
        data={"document": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _article_of(size: int) -> str:
    """An article of exactly ``size`` bytes as UTF-8."""
    text = ARTICLE + PARAGRAPH * ((size - len(ARTICLE.encode())) // len(PARAGRAPH.encode()))
    return text + "." * (size - len(text.encode()))


# --- pastes up to the 1 MB the form states --------------------------------------------


def test_paste_of_half_a_megabyte_is_imported(as_facilitator, client):
    response = _paste(client, _article_of(490 * 1024))
    assert response.status_code == 302, _page(response)[:500]
    assert _latest().title == TITLE


def test_paste_just_under_one_megabyte_is_imported(as_facilitator, client):
    text = _article_of(MAX_BYTES - 100)
    response = _paste(client, text)
    assert response.status_code == 302, _page(response)[:500]
    assert _latest().raw_text == text


def test_paste_just_over_one_megabyte_is_refused_with_its_size(as_facilitator, client):
    response = _paste(client, _article_of(MAX_BYTES + 100))
    assert response.status_code == 400
    page = _page(response)
    assert "Nothing was imported" in page
    assert "too large: 1,048,676 bytes, over the limit of 1 MB" in page
    assert _sources() == 0


# --- uploads in other encodings -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (WESTERN_ARTICLE, "cp1252"),
        (CYRILLIC_ARTICLE, "cp1251"),
        (ARTICLE, "utf-16-le"),
        (ARTICLE, "utf-16-be"),
        (CYRILLIC_ARTICLE, "utf-16-le"),
    ],
    ids=["windows-1252", "windows-1251", "utf-16-le", "utf-16-be", "utf-16-le-cyrillic"],
)
def test_text_file_in_a_legacy_or_bomless_encoding_is_imported(
    as_facilitator, client, text, encoding
):
    response = _upload(client, text.encode(encoding), "article.txt")
    assert response.status_code == 302, _page(response)[:500]
    assert _latest().raw_text == text
    shown = _page(client.get(response.headers["Location"]))
    assert text.split("\n")[0] in shown


# --- Word documents and PDFs ----------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "filename"), [(docx_article, "article.docx"), (text_pdf, "article.pdf")]
)
def test_word_document_and_text_pdf_are_imported_with_every_script(
    as_facilitator, client, build, filename
):
    response = _upload(client, build(), filename)
    assert response.status_code == 302, _page(response)[:500]
    source = _latest()
    assert source.title == TITLE
    flowing = " ".join(source.raw_text.split())
    for paragraph in PARAGRAPHS:
        assert paragraph in flowing
    shown = " ".join(_page(client.get(response.headers["Location"])).split())
    assert "Ольга Смирнова" in shown and "Երկխոսությունը" in shown and "qərarlar" in shown


def test_scanned_pdf_is_refused_saying_so_and_nothing_is_saved(as_facilitator, client):
    response = _upload(client, scanned_pdf(), "scan.pdf")
    assert response.status_code == 400
    page = _page(response)
    assert SCANNED_PDF in page
    assert "Nothing was imported" in page
    assert _sources() == 0


def test_a_doc_renamed_docx_is_refused_with_a_hint(as_facilitator, client):
    response = _upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.docx")
    assert response.status_code == 400
    assert "save it as .docx" in _page(response)
    assert _sources() == 0


def test_import_page_names_the_accepted_formats(as_facilitator, client):
    page = _page(client.get("/sources/new"))
    assert "Or upload a file (.txt, .md, .html, .docx or .pdf, at most 1 MB)" in page
    assert 'accept=".docx,.htm,.html,.md,.pdf,.txt"' in page
    assert "a scanned PDF has none" in page


# --- the command ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "filename"), [(docx_article, "article.docx"), (text_pdf, "article.pdf")]
)
def test_import_source_command_reads_word_and_pdf(runner, tmp_path, build, filename):
    path = tmp_path / filename
    path.write_bytes(build())
    result = runner.invoke(args=["import-source", str(path)])
    assert result.exit_code == 0, result.output
    assert "Stored as source" in result.output
    assert _latest().title == TITLE


def test_import_source_command_refuses_a_scan_saying_so(runner, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    result = runner.invoke(args=["import-source", str(path)])
    assert result.exit_code != 0
    assert SCANNED_PDF in result.output
    assert _sources() == 0

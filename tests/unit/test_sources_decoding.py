"""Decoding and refusing uploads and pastes (planner.sources.decoding)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from planner.sources import (
    MAX_BYTES,
    DecodedDocument,
    ImportRefused,
    analyse,
    check_text,
    decode_paste,
    decode_upload,
    looks_like_html,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "op-ed-difficult-world-of-building-confidence.txt"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# --- accepted -----------------------------------------------------------------------------


def test_utf8_text_file_is_decoded_as_plain_text() -> None:
    document = decode_upload(SEED.read_bytes(), "op-ed.txt")
    assert isinstance(document, DecodedDocument)
    assert document.is_html is False
    assert document.encoding == "utf-8"
    assert document.text.startswith("Opinion: The difficult world")
    assert "“echo-chamber”" in document.text


def test_utf8_bom_is_removed() -> None:
    document = decode_upload(codecs.BOM_UTF8 + b"Title\n\nBody text.", "a.md")
    assert document.text == "Title\n\nBody text."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(encoding: str) -> None:
    text = seed_text()
    if encoding == "utf-16":
        data = text.encode("utf-16")  # native order, with a BOM
    elif encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    else:
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    document = decode_upload(data, "op-ed.txt")
    assert document.text == text.replace("\r\n", "\n")
    assert document.encoding.startswith("utf-16")


def test_html_charset_meta_in_windows_1252_is_honoured() -> None:
    path = ARTICLES / "oped-after-the-war.windows-1252.html"
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8
    document = decode_upload(data, path.name)
    assert document.is_html is True
    assert document.encoding == "cp1252"
    assert "“Being realistic" in document.text
    assert "Genève" in document.text
    assert "decades – since" in document.text


def test_iso_8859_1_label_is_read_as_windows_1252() -> None:
    html = '<html><head><meta charset="ISO-8859-1"></head><body><p>Caf\xe9 \x93talks\x94</p>'
    document = decode_upload(html.encode("latin-1"), "page.htm")
    assert "Café “talks”" in document.text


def test_html_without_charset_is_read_in_the_detected_encoding() -> None:
    document = decode_upload("<p>Yerevan – Baku</p>".encode(), "page.html")
    assert document.text == "<p>Yerevan – Baku</p>"
    assert decode_upload("<p>Caf\xe9</p>".encode("latin-1"), "page.html").text == "<p>Café</p>"


def test_unknown_charset_label_falls_back_to_utf8() -> None:
    data = '<meta charset="no-such-charset"><p>Tbilisi – Venice</p>'.encode()
    assert "Tbilisi – Venice" in decode_upload(data, "page.html").text


def test_crlf_newlines_are_normalised() -> None:
    assert decode_upload(b"Title\r\n\r\nBody.\rMore.", "a.txt").text == "Title\n\nBody.\nMore."


def test_extension_is_case_insensitive_and_path_is_ignored() -> None:
    assert decode_upload(b"<p>x</p>", "C:\\Users\\me\\Article.HTML").is_html is True
    assert decode_upload(b"x y z", "dir/notes.MD").is_html is False


def test_paste_detects_html() -> None:
    assert decode_paste("<!DOCTYPE html><html><body><p>x</p></body></html>").is_html
    assert decode_paste("<p>One</p><p>Two</p><p>Three</p>").is_html
    assert not decode_paste("A title\n\nA paragraph with a < sign.").is_html
    assert decode_paste("plain", is_html=True).is_html
    assert looks_like_html("  <html lang='en'>") is True


# --- refused ------------------------------------------------------------------------------


def test_empty_file_is_refused() -> None:
    with pytest.raises(ImportRefused, match="empty"):
        decode_upload(b"", "a.txt")


@pytest.mark.parametrize("data", [b"   \n\t\r\n ", codecs.BOM_UTF8 + b"  \n", b"\xc2\xa0\n"])
def test_whitespace_only_file_is_refused(data: bytes) -> None:
    with pytest.raises(ImportRefused, match="empty"):
        decode_upload(data, "a.txt")


def test_binary_file_with_nul_bytes_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    with pytest.raises(ImportRefused, match="binary"):
        decode_upload(png, "picture.txt")
    with pytest.raises(ImportRefused, match="binary"):
        decode_upload(b"PK\x03\x04\x14\x00\x00\x00" + b"x" * 100, "archive.html")


def test_binary_control_characters_are_refused() -> None:
    noise = bytes(range(1, 9)) * 40 + b"some text"
    with pytest.raises(ImportRefused, match="binary"):
        decode_upload(noise, "a.txt")


def test_oversized_file_is_refused() -> None:
    assert decode_upload(b"a" * MAX_BYTES, "big.txt").text  # exactly the limit is fine
    with pytest.raises(ImportRefused, match="1 MB"):
        decode_upload(b"a" * (MAX_BYTES + 1), "big.txt")


def test_oversized_paste_is_refused_by_its_utf8_size() -> None:
    with pytest.raises(ImportRefused, match="too large"):
        decode_paste("é" * (MAX_BYTES // 2 + 1))


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(0x80, 0x100)) * 10,
        "Мир и диалог. ".encode() * 20 + "Café “quoted” ".encode("cp1252") * 20,
    ],
    ids=["no-encoding-fits", "two-encodings-mixed"],
)
def test_undecodable_text_file_is_refused(data: bytes) -> None:
    with pytest.raises(ImportRefused) as refused:
        decode_upload(data, "article.txt")
    assert "could not be decoded" in refused.value.message
    assert "UTF-8" in refused.value.message
    assert str(refused.value) == refused.value.message


def test_bad_bytes_after_a_bom_are_refused() -> None:
    with pytest.raises(ImportRefused, match="byte-order mark"):
        decode_upload(codecs.BOM_UTF8 + b"abc \xff\xfe\xfa", "a.txt")


@pytest.mark.parametrize(
    "filename", ["letter.doc", "sheet.xlsx", "README", "photo.jpg", "page.odt", ""]
)
def test_unsupported_extension_is_refused(filename: str) -> None:
    with pytest.raises(ImportRefused, match="Unsupported file type"):
        decode_upload(b"Some text", filename)


def test_refusal_is_a_value_error() -> None:
    assert issubclass(ImportRefused, ValueError)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "\ufeff "])
def test_empty_paste_is_refused(text: str) -> None:
    with pytest.raises(ImportRefused, match="empty"):
        decode_paste(text)
    with pytest.raises(ImportRefused, match="empty"):
        analyse(text, is_html=False, catalogue=())


def test_paste_with_nul_or_surrogates_is_refused() -> None:
    with pytest.raises(ImportRefused, match="binary"):
        check_text("abc\x00def")
    with pytest.raises(ImportRefused, match="decoded"):
        check_text("abc \ud800 def")


def test_html_without_any_readable_text_is_refused() -> None:
    page = "<html><head><script>var a = 1;</script><style>p{}</style></head><body></body></html>"
    with pytest.raises(ImportRefused, match="No readable text"):
        analyse(page, is_html=True, catalogue=())

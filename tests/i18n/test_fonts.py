"""The participant's files draw every script (issue 19, item 3): glyphs, not just text.

Text extraction succeeds even when a PDF shows empty boxes ("tofu") for a script its font
lacks, so these tests look at the glyphs: the Armenian characters of an Armenian brief are
drawn with an embedded DejaVu or Noto font (``pdffonts`` and the font of each character),
and page 1 rendered to PNG (``pdftoppm``) shows a different shape for each different
Armenian letter, with ink in it, as tofu boxes would not. The Word document names a font
in every script slot of every style, with no theme font (the default theme's Calibri has
no Armenian), that font has every character the document uses, and the document carries
both its faces embedded (obfuscated as Word requires, subset to the text), so a reader
without it sees every letter too.

``pdffonts`` and ``pdftoppm`` come from poppler-utils: without them the PDF tests skip,
or fail with ``REQUIRE_POPPLER=1`` (CI).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from lxml import etree
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTContainer
from PIL import Image

from planner.extensions import db
from tests.factories import PASSWORD
from tests.http.test_participant import build_world, publish

ARMENIAN = range(0x0531, 0x058A)
EMBEDDED_FAMILIES = ("DejaVu", "Noto")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
RESOLUTION = 150  # dots per inch of the page rendering


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("REQUIRE_POPPLER"):
            pytest.fail(f"{tool} (poppler-utils) is required here but not installed")
        pytest.skip(f"{tool} not installed (apt-get install poppler-utils)")
    return path


def _armenian_brief(client, make, fmt: str) -> bytes:
    world = build_world(make)
    world.workshop.title = "Երկխոսություն Թբիլիսիում"
    world.workshop.objectives = "Լսել միմյանց, փնտրել ընդհանուր քայլեր։"
    db.session.commit()
    publish(world)
    world.participant.preferred_language = "hy"
    db.session.commit()
    client.post("/login", data={"email": world.participant.email, "password": PASSWORD})
    response = client.get(f"/workshops/{world.workshop.uid}/brief.{fmt}?audience=participant")
    assert response.status_code == 200
    return response.data


def _chars(layout) -> list[LTChar]:
    found = []
    for item in layout:
        if isinstance(item, LTChar):
            found.append(item)
        elif isinstance(item, LTContainer):
            found.extend(_chars(item))
    return found


def _is_armenian(text: str) -> bool:
    return len(text) == 1 and ord(text) in ARMENIAN


def _embedded_fonts(pdf: Path) -> dict[str, bool]:
    """Font name (without the subset prefix) → embedded, as ``pdffonts`` lists them."""
    output = subprocess.run(
        [_poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    fonts = {}
    for line in output.splitlines()[2:]:  # a heading and a rule first
        columns = line.split()
        # name type [encoding words…] emb sub uni object id: "emb" is the 5th from the end.
        name, embedded = columns[0], columns[-5] == "yes"
        fonts[name.split("+", 1)[-1]] = embedded
    return fonts


@pytest.fixture
def armenian_pdf(client, make, tmp_path) -> Path:
    path = tmp_path / "brief.pdf"
    path.write_bytes(_armenian_brief(client, make, "pdf"))
    return path


def test_the_armenian_letters_come_from_an_embedded_dejavu_or_noto_font(armenian_pdf):
    embedded = _embedded_fonts(armenian_pdf)
    armenian = [c for page in extract_pages(armenian_pdf) for c in _chars(page)]
    armenian = [c for c in armenian if _is_armenian(c.get_text())]
    assert len(armenian) > 50  # the brief's words, dates and the workshop's title
    fonts = {c.fontname.split("+", 1)[-1] for c in armenian}
    for font in fonts:
        assert font.startswith(EMBEDDED_FAMILIES), font
        assert embedded.get(font) is True, (font, embedded)


def test_each_armenian_letter_on_page_one_is_drawn_as_its_own_shape(armenian_pdf, tmp_path):
    _poppler("pdftoppm")
    subprocess.run(
        [
            _poppler("pdftoppm"),
            "-f",
            "1",
            "-l",
            "1",
            "-r",
            str(RESOLUTION),
            "-gray",
            "-png",
            str(armenian_pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    page = next(extract_pages(armenian_pdf, page_numbers=[0]))
    scale = RESOLUTION / 72
    # One sample of each letter, at the size most of page 1's Armenian text has.
    letters = [c for c in _chars(page) if _is_armenian(c.get_text())]
    sizes = [round(c.size) for c in letters]
    common = max(set(sizes), key=sizes.count)
    samples: dict[str, bytes] = {}
    for char in letters:
        if round(char.size) != common or char.get_text() in samples:
            continue
        box = (
            int(char.x0 * scale),
            int((page.height - char.y1) * scale),
            int(char.x1 * scale) + 1,
            int((page.height - char.y0) * scale) + 1,
        )
        crop = image.crop(box).point(lambda v: 255 if v > 128 else 0)
        assert crop.getextrema()[0] == 0, f"no ink where {char.get_text()!r} should be"
        # The shape alone: its ink, trimmed to its own bounds.
        inverted = crop.point(lambda v: 255 - v)
        samples[char.get_text()] = inverted.crop(inverted.getbbox()).tobytes()
    assert len(samples) >= 8, sorted(samples)
    shapes = set(samples.values())
    # Tofu would draw the same box for every letter; real glyphs differ.
    assert len(shapes) == len(samples), sorted(samples)


def test_the_word_brief_names_a_font_with_armenian_in_every_script_slot(client, make):
    document = Document(io.BytesIO(_armenian_brief(client, make, "docx")))
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    declarations = [defaults.find(qn("w:rFonts"))]
    declarations += styles.findall(f".//{qn('w:rFonts')}")
    declarations += document.element.body.findall(f".//{qn('w:rFonts')}")
    named = set()
    for fonts in declarations:
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            assert fonts.get(qn(theme)) is None, theme  # a theme font would win
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            named.add(fonts.get(qn(slot)))
    assert named == {"DejaVu Sans"}
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "hy-AM"
    # That font has every character the document's text uses.
    text = "".join(p.text for p in document.paragraphs)
    text += "".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert any(_is_armenian(ch) for ch in text)
    cmap = TTFont(DEJAVU).getBestCmap()
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})
    assert missing == []


#: Where the key's bytes are in ``{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}``, first to last, as
#: readers of embedded Word fonts take them (ECMA-376 Part 1, §17.8.1; LibreOffice's table).
_KEY_POSITIONS = (35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1)


def _deobfuscated(data: bytes, key: str) -> bytes:
    key_bytes = [int(key[p : p + 2], 16) for p in _KEY_POSITIONS]
    head = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def test_the_word_brief_embeds_both_faces_subset_to_its_text(client, make):
    data = _armenian_brief(client, make, "docx")
    package = zipfile.ZipFile(io.BytesIO(data))
    settings = etree.fromstring(package.read("word/settings.xml"))
    assert settings.find(qn("w:embedTrueTypeFonts")) is not None
    table = etree.fromstring(package.read("word/fontTable.xml"))
    rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    entry = next(f for f in table.findall(qn("w:font")) if f.get(qn("w:name")) == "DejaVu Sans")
    document = Document(io.BytesIO(data))
    text = "".join(p.text for p in document.paragraphs)
    text += "".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    used = {ord(ch) for ch in text if not ch.isspace()}
    faces = {}
    for kind in ("embedRegular", "embedBold"):
        embedded = entry.find(qn(f"w:{kind}"))
        assert embedded is not None, kind
        blob = package.read("word/" + targets[embedded.get(qn("r:id"))])
        assert len(blob) < 150_000  # a subset, not the whole 700 kB face
        font = TTFont(io.BytesIO(_deobfuscated(blob, embedded.get(qn("w:fontKey")))))
        assert font["name"].getDebugName(1) == "DejaVu Sans"
        missing = used - set(font.getBestCmap())
        assert missing == set(), sorted(chr(c) for c in missing)
        faces[kind] = font["name"].getDebugName(2)
    assert faces == {"embedRegular": "Book", "embedBold": "Bold"}

"""The Word brief carries its own font (issue 19): DejaVu Sans, embedded as Word embeds fonts.

A reader's machine may have no font with Armenian (Windows has few; the default theme's
Calibri has none), and Word then draws empty boxes. So the document embeds the two faces
it uses, regular and bold, subset to the characters it contains (tens of kilobytes instead
of seven hundred each), obfuscated as ECMA-376 Part 1, §17.8.1 requires: the first 32
bytes of each font XORed with its key, a GUID named in the font table. ``w:embedTrueTypeFonts``
in the settings tells Word (and LibreOffice) to use them; ``w:saveSubsetFonts`` that they
are subsets. DejaVu's licence allows embedding and subsetting.

Without the font files (another system) the document is written without them, still
naming DejaVu Sans: a reader with it installed, or a word processor that substitutes,
still reads it.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from lxml import etree

DEJAVU_FOLDER = Path("/usr/share/fonts/truetype/dejavu")
FACES = {"embedRegular": "DejaVuSans.ttf", "embedBold": "DejaVuSans-Bold.ttf"}
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
#: Drawn whatever the text says: digits of the page fields, punctuation Word may add.
ALWAYS = set("0123456789 .,:;–—-…·()[]/“”«»'\"?!%")
#: The settings that come before ``w:embedTrueTypeFonts`` in the schema's order.
_SETTINGS_BEFORE = {
    qn(f"w:{name}")
    for name in (
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
    )
}
#: The children of ``w:font`` that come before the ``w:embed*`` ones.
_FONT_BEFORE = {
    qn(f"w:{n}") for n in ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig")
}


def obfuscate(font: bytes, key: str) -> bytes:
    """``font`` as an embedded Word font with ``key`` (``{XXXXXXXX-…}``): the first 32 bytes
    XORed with the key's 16 bytes, read from its end (§17.8.1). The same call undoes it."""
    digits = key.strip("{}").replace("-", "")
    pairs = [int(digits[i : i + 2], 16) for i in range(0, 32, 2)][::-1]
    head = bytes(b ^ pairs[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def _subset(path: Path, characters: set[str]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    options = subset.Options()
    options.name_IDs = ["*"]  # the names, so Word matches it to "DejaVu Sans"
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: not needed, not subsettable
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in characters})
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _document_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    return "".join(parts)


def _settings(document) -> None:
    settings = document.settings.element
    for name in ("saveSubsetFonts", "embedTrueTypeFonts"):  # inserted in reverse order
        if settings.find(qn(f"w:{name}")) is not None:
            continue
        element = OxmlElement(f"w:{name}")
        anchor = next((c for c in settings if c.tag not in _SETTINGS_BEFORE), None)
        if anchor is None:
            settings.append(element)
        else:
            anchor.addprevious(element)


def _font_entry(fonts, name: str):
    for font in fonts.findall(qn("w:font")):
        if font.get(qn("w:name")) == name:
            return font
    font = OxmlElement("w:font")
    font.set(qn("w:name"), name)
    for tag, value in (("w:charset", "00"), ("w:family", "swiss"), ("w:pitch", "variable")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        font.append(child)
    fonts.append(font)
    return font


def embed_fonts(document, name: str = "DejaVu Sans", folder: Path = DEJAVU_FOLDER) -> bool:
    """Embed ``name``'s regular and bold faces in ``document``, subset to its text.
    Returns False (and changes nothing) when the font files are not on this system."""
    paths = {kind: folder / file for kind, file in FACES.items()}
    if not all(path.exists() for path in paths.values()):
        return False
    characters = set(_document_text(document)) | ALWAYS
    characters.discard("\n")
    package = document.part.package
    table_part = document.part.part_related_by(RT.FONT_TABLE)
    fonts = parse_xml(table_part.blob)
    entry = _font_entry(fonts, name)
    for kind in FACES:
        for old in entry.findall(qn(f"w:{kind}")):
            entry.remove(old)
    anchor = next((c for c in entry if c.tag not in _FONT_BEFORE), None)
    for number, (kind, path) in enumerate(paths.items(), start=1):
        font = _subset(path, characters)
        # The same text gives the same key, so the same brief is the same file.
        key = (
            "{" + str(uuid.UUID(bytes=hashlib.blake2b(font, digest_size=16).digest())).upper() + "}"
        )
        part = Part(
            PackURI(f"/word/fonts/font{number}.odttf"),
            OBFUSCATED_FONT,
            obfuscate(font, key),
            package,
        )
        embedded = OxmlElement(f"w:{kind}")
        embedded.set(qn("r:id"), table_part.relate_to(part, RT.FONT))
        embedded.set(qn("w:fontKey"), key)
        if anchor is None:
            entry.append(embedded)
        else:
            anchor.addprevious(embedded)
    table_part._blob = etree.tostring(
        fonts, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    _settings(document)
    return True

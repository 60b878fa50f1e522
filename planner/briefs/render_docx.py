"""The brief as a Word document (python-docx): real headings, real tables, plain runs.

Every text goes into a plain run, so HTML, Markdown or formula-like text stays literal.
Every style's font is DejaVu Sans, for every script slot Word knows (ascii, hAnsi, cs,
eastAsia) and with the theme fonts taken out (a theme font wins over a named one, and the
default theme's Calibri has no Armenian): DejaVu Sans covers Armenian, Azerbaijani Latin
and Cyrillic. The
text's language is declared (hy-AM, ru-RU, az-Latn-AZ, en-GB), so spelling and hyphenation
follow it. Pages are A4, like the PDF, with the title and confidentiality rule in the header
and "Page N of M" in the footer, in the brief's language (Word fields, which the word
processor fills in). The two faces it uses are embedded, subset to its text
(``planner.briefs.docx_fonts``), so a reader without DejaVu Sans still sees every letter.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from planner.briefs import texts
from planner.briefs.assemble import Brief, SessionEntry
from planner.briefs.docx_fonts import embed_fonts
from planner.briefs.roster import brief_roster_header
from planner.i18n import current as current_language
from planner.i18n import gettext
from planner.templating import date_range, format_date, format_time, label

FONT = "DejaVu Sans"
#: XML 1.0 forbids most control characters; python-docx would refuse them.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


#: The language tag Word gets for each of the interface's languages.
WORD_LANGUAGES = {"en": "en-GB", "ru": "ru-RU", "hy": "hy-AM", "az": "az-Latn-AZ"}
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme")


def _named_font(rpr) -> None:
    """``FONT`` in every script slot of ``rpr`` (a ``w:rPr``), no theme font."""
    _name_fonts(rpr.get_or_add_rFonts())


def _name_fonts(fonts) -> None:
    for attribute in _THEME_SLOTS:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in _FONT_SLOTS:
        fonts.set(qn(attribute), FONT)


def _set_font(document, language: str) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _named_font(rpr)
    tag = rpr.find(qn("w:lang"))
    if tag is None:
        tag = OxmlElement("w:lang")
        rpr.append(tag)
    word_language = WORD_LANGUAGES.get(language, WORD_LANGUAGES["en"])
    tag.set(qn("w:val"), word_language)
    tag.set(qn("w:eastAsia"), word_language)
    tag.set(qn("w:bidi"), word_language)
    # Every style's fonts, also those of table styles' conditional parts (first row, …).
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        _name_fonts(fonts)
    normal = document.styles["Normal"]
    _named_font(normal.element.get_or_add_rPr())
    normal.font.size = Pt(10)


def _field(paragraph, instruction: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) in ``paragraph``, showing "1" until updated."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_setup(document) -> None:
    """A4 pages, and "Page N of M" centred in the footer."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The sentence is translated whole; the two numbers become Word fields where they fall.
    words = gettext("Page %(page)s of %(pages)s", page="\0PAGE\0", pages="\0NUMPAGES\0")
    for n, piece in enumerate(words.split("\0")):
        if n % 2:
            _field(footer, piece)
        elif piece:
            footer.add_run(piece)


def _paragraph(document, text: str, *, style: str | None = None, bold_prefix: str = ""):
    paragraph = document.add_paragraph(style=style)
    if bold_prefix:
        paragraph.add_run(_clean(bold_prefix)).bold = True
    paragraph.add_run(_clean(text))
    return paragraph


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = _clean(text)


def _translated(document, brief: Brief, item, field: str) -> None:
    """The facilitator's translations of a text, after its original (issue 19, item 4)."""
    for line in texts.translation_lines(brief, item, field):
        _paragraph(document, line, style="List Bullet")


def _session(document, entry: SessionEntry, brief: Brief) -> None:
    s = entry.session
    title = texts.plain(brief, s, "title")
    document.add_heading(
        _clean(f"{format_time(s.starts_at)}–{format_time(s.ends_at)} {title}"), level=3
    )
    _translated(document, brief, s, "title")
    kind = label(s.format)
    if s.audience_community is not None:
        caucus = gettext("%(community)s caucus only", community=label(s.audience_community))
        kind += f" · {caucus}"
    _paragraph(document, kind).runs[0].italic = True
    if s.location:
        _paragraph(document, s.location)
    if s.description:
        _paragraph(document, texts.plain(brief, s, "description"))
        _translated(document, brief, s, "description")
    for topic in entry.topics:
        _paragraph(
            document,
            topic.participant_note,
            style="List Bullet",
            bold_prefix=f"{topic.name} ({label(topic.severity)}): ",
        )
    if brief.has_facilitator_notes and s.facilitator_notes:
        _paragraph(document, s.facilitator_notes, bold_prefix=gettext("Facilitator notes:") + " ")
    for prompt in s.prompts:
        paragraph = _paragraph(document, prompt.text, style="List Number")
        if prompt.citation is not None:
            c = prompt.citation
            source = f"{c.author}, {c.source_title}" if c.author else c.source_title
            paragraph.add_run(_clean(f" — “{c.quote}” ({source})")).italic = True
    for group in entry.groups:
        names = ", ".join(m.person.name for m in group.members) or "—"
        _paragraph(
            document, names, bold_prefix=gettext("Group %(number)s:", number=group.number) + " "
        )


def render_docx(brief: Brief) -> bytes:
    """The brief as a .docx file."""
    w = brief.workshop
    document = Document()
    _set_font(document, current_language())
    _page_setup(document)
    titled = brief.sessions[0].session if brief.kind == "session" and brief.sessions else w
    title = texts.plain(brief, titled, "title")
    document.core_properties.title = _clean(title)[:255]
    header = document.sections[0].header.paragraphs[0]
    header.text = _clean(f"{texts.plain(brief, w, 'title')} · {label(w.confidentiality)}")

    document.add_heading(_clean(title), level=0)
    _translated(document, brief, titled, "title")
    where = f" · {w.venue.name}, {w.venue.city}" if w.venue else ""
    _paragraph(
        document,
        f"{date_range(w.start_date, w.end_date)}{where}",
        bold_prefix=f"{gettext(brief.heading)} · ",
    )
    _paragraph(
        document,
        gettext(brief.confidentiality_words),
        bold_prefix=gettext("Confidentiality: %(rule)s.", rule=label(w.confidentiality)) + " ",
    )
    if brief.facilitation_team:
        team = ", ".join(brief.facilitation_team)
        _paragraph(document, gettext("Facilitation team: %(names)s", names=team))
    if w.objectives:
        document.add_heading(gettext("Objectives"), level=1)
        _paragraph(document, texts.plain(brief, w, "objectives"))
        _translated(document, brief, w, "objectives")
    if brief.has_context_notes and w.context_notes:
        document.add_heading(gettext("Context notes (facilitators only)"), level=1)
        _paragraph(document, w.context_notes)
    if brief.has_readiness and brief.readiness:
        document.add_heading(gettext("Readiness review"), level=1)
        _table(
            document,
            [gettext("Severity"), gettext("Rule"), gettext("Finding"), gettext("Why it matters")],
            [
                [
                    f"{f.severity.icon} {label(f.severity)}",
                    f.rule_id,
                    f"{f.title}: {f.message}",
                    f.why,
                ]
                for f in brief.readiness
            ],
        )
    if brief.context:
        document.add_heading(gettext("Background"), level=1)
        _table(
            document,
            [gettext("When"), gettext("What")],
            [
                [e.when, f"{e.title}. {e.description}" if e.description else e.title]
                for e in brief.context
            ],
        )
    if brief.has_what_happened:
        document.add_heading(gettext("What happened (facilitators only)"), level=1)
        _table(
            document,
            [gettext("Session"), gettext("Planned"), gettext("Actual"), gettext("Outcome")],
            [
                [s.title, f"{format_date(s.day, 'short')} {s.planned}", s.actual, s.outcome_note]
                for s in brief.what_happened.sessions
            ],
        )
        for line in brief.what_happened.live_changes:
            _paragraph(document, line)
    document.add_heading(gettext("Agenda"), level=1)
    for day in brief.days:
        document.add_heading(format_date(day.day, "weekday"), level=2)
        _table(
            document,
            [gettext("Time"), gettext("Session"), gettext("Format")],
            [
                [
                    f"{format_time(e.session.starts_at)}–{format_time(e.session.ends_at)}",
                    e.session.title,
                    label(e.session.format),
                ]
                for e in day.sessions
            ],
        )
        for entry in day.sessions:
            _session(document, entry, brief)
    if brief.has_handling_guidance and brief.topics:
        document.add_heading(gettext("Handling guidance"), level=1)
        for topic in brief.topics:
            document.add_heading(_clean(f"{topic.name} ({label(topic.severity)})"), level=2)
            _paragraph(document, topic.handling_guidance or topic.description)
    _roster(document, brief)
    generated = brief.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    _paragraph(document, gettext("Generated %(when)s", when=generated))
    # Last, so that the embedded faces hold every character of the document.
    embed_fonts(document, FONT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _roster(document, brief: Brief) -> None:
    if brief.has_roster:
        document.add_heading(gettext("Roster"), level=1)
        _table(
            document,
            brief_roster_header(),
            [
                [
                    i.person.name,
                    label(i.person.community),
                    i.person.segment_name,
                    i.person.affiliation,
                    label(i.role),
                    label(i.status),
                    gettext("Yes") if i.person.consent_to_list else gettext("No"),
                    i.person.notes,
                ]
                for i in brief.roster
            ],
        )
        return
    if not brief.has_participant_list:
        return
    document.add_heading(gettext("Participants"), level=1)
    if brief.roster:
        _table(
            document,
            [gettext("Name"), gettext("Affiliation")],
            [[i.person.name, i.person.affiliation] for i in brief.roster],
        )
    _paragraph(document, gettext(brief.names_statement))

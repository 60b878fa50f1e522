"""The brief says which sections it has; the renderers only render those (issue 15.3)."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document

from planner.briefs.assemble import (
    BriefAudience,
    BriefKind,
    Section,
    assemble_session_brief,
    brief_sections,
)
from planner.briefs.render_docx import render_docx
from planner.briefs.render_json import render_json
from planner.briefs.render_md import render_md
from planner.briefs.render_pdf import render_html
from planner.vocabulary import Confidentiality
from tests.unit.test_briefs import FINDING, NOW, _brief, _workshop

ALL_BUT_PARTICIPANTS = frozenset(Section) - {Section.PARTICIPANTS}
NOTES = ("CONTEXT-SECRET-NOTES", "NOTES-SECRET-", "HANDLING-SECRET-GUIDANCE", "ANI-SECRET-NOTE")


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


RENDERERS = {
    "md": lambda brief: render_md(brief).decode("utf-8"),
    "docx": lambda brief: _docx_text(render_docx(brief)),
    "json": lambda brief: render_json(brief).decode("utf-8"),
    "pdf-html": render_html,
}


@pytest.mark.parametrize(
    "kind, audience, confidentiality, expected",
    [
        (
            BriefKind.WORKSHOP,
            BriefAudience.FACILITATOR,
            Confidentiality.CHATHAM_HOUSE,
            ALL_BUT_PARTICIPANTS,
        ),
        (
            BriefKind.WORKSHOP,
            BriefAudience.FACILITATOR,
            Confidentiality.OFF_THE_RECORD,
            ALL_BUT_PARTICIPANTS,
        ),
        (
            BriefKind.WORKSHOP,
            BriefAudience.PARTICIPANT,
            Confidentiality.CHATHAM_HOUSE,
            {Section.PARTICIPANTS},
        ),
        (BriefKind.WORKSHOP, BriefAudience.PARTICIPANT, Confidentiality.OFF_THE_RECORD, set()),
        (
            BriefKind.SESSION,
            BriefAudience.FACILITATOR,
            Confidentiality.CHATHAM_HOUSE,
            {Section.FACILITATOR_NOTES, Section.HANDLING_GUIDANCE},
        ),
        (BriefKind.SESSION, BriefAudience.PARTICIPANT, Confidentiality.CHATHAM_HOUSE, set()),
    ],
)
def test_each_audience_has_exactly_its_sections(kind, audience, confidentiality, expected):
    assert brief_sections(kind, audience, confidentiality) == frozenset(expected)


def test_assembled_briefs_carry_the_sections_of_their_audience():
    facilitator = _brief()
    participant = _brief(audience=BriefAudience.PARTICIPANT)
    session = assemble_session_brief(
        _workshop(), "s-open", BriefAudience.FACILITATOR, viewer=None, generated_at=NOW
    )
    assert facilitator.sections == ALL_BUT_PARTICIPANTS
    assert participant.sections == {Section.PARTICIPANTS}
    assert session.sections == {Section.FACILITATOR_NOTES, Section.HANDLING_GUIDANCE}


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_a_facilitator_brief_without_note_sections_prints_no_notes(fmt):
    """The renderers ask the brief, not its audience: take the sections away and the
    facilitator's own data is not printed."""
    brief = replace(_brief(), sections=frozenset())
    text = RENDERERS[fmt](brief)
    assert [n for n in NOTES if n in text] == []
    assert "READINESS-SECRET-MESSAGE" not in text
    assert "Roster" not in text and "Handling guidance" not in text


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_a_facilitator_brief_prints_every_section_it_has(fmt):
    text = RENDERERS[fmt](_brief())
    assert all(n in text for n in NOTES)
    assert FINDING.message in text


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf-html"])
def test_the_participants_list_is_rendered_only_when_the_brief_has_it(fmt):
    brief = _brief(audience=BriefAudience.PARTICIPANT)
    assert "Participants" in RENDERERS[fmt](brief)
    assert "Participants" not in RENDERERS[fmt](replace(brief, sections=frozenset()))

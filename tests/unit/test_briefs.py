"""Brief assembly and the fast renderers (issue 5): pure, no database, no PDF."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, time
from urllib.parse import unquote

import pytest
from docx import Document
from docx.oxml.ns import qn
from icalendar import Calendar
from jsonschema import Draft202012Validator

from planner.briefs.assemble import (
    BriefAudience,
    ContextEventData,
    assemble_session_brief,
    assemble_workshop_brief,
)
from planner.briefs.filenames import ascii_slug, brief_filenames, content_disposition
from planner.briefs.ics import render_ics, session_event_uid
from planner.briefs.render_docx import render_docx
from planner.briefs.render_json import brief_document, load_schema, render_json
from planner.briefs.render_md import md_escape, render_md
from planner.briefs.roster import inert_cell, render_roster_csv
from planner.readiness import Finding, FindingSeverity
from planner.redaction import GENERIC_PARTICIPANT, forbidden_strings, viewer_for_invitation
from planner.vocabulary import (
    Audience,
    Community,
    Confidentiality,
    PassageKind,
    Phase,
    SessionFormat,
    Severity,
)
from planner.workshop_data import (
    CitationData,
    FacilitatorData,
    GroupData,
    InvitationData,
    PersonData,
    PromptData,
    SessionData,
    TopicData,
    VenueData,
    WorkshopData,
)
from tests.unit.builders import invitation, session, workshop

NOW = datetime(2027, 4, 1, 8, 30)
HOSTILE = '=HYPERLINK("http://x") <script>alert(1)</script> **bold** [l](u) a,b;c\nEND:VEVENT'

ANI = PersonData(
    uid="p-ani",
    name="Անի Հակոբյան",
    community=Community.ARMENIAN,
    segment_key="youth",
    segment_name="Youth",
    affiliation="Yerevan State University",
    consent_to_list=True,
    notes="ANI-SECRET-NOTE",
    email="ani@example.org",
)
AYGUN = PersonData(
    uid="p-aygun",
    name="Aygün Məmmədova",
    community=Community.AZERBAIJANI,
    segment_key="youth",
    segment_name="Youth",
    affiliation="Baku State University",
    consent_to_list=True,
    notes="AYGUN-SECRET-NOTE",
    email="aygun@example.org",
)
TOGRUL = PersonData(
    uid="p-togrul",
    name="Toğrul Bağırov-UNLISTED",
    community=Community.AZERBAIJANI,
    segment_key="business",
    segment_name="Business",
    affiliation="Ganja chamber UNLISTED",
    consent_to_list=False,
    notes="TOGRUL-SECRET-NOTE",
    email="togrul@example.org",
)
OLGA = PersonData(
    uid="p-olga",
    name="Ольга Смирнова",
    community=Community.OTHER,
    consent_to_list=True,
    email="olga@example.org",
)
TOPIC = TopicData(
    key="humanitarian-access",
    name="Humanitarian access",
    severity=Severity.CRITICAL,
    description="Supply routes",
    handling_guidance="HANDLING-SECRET-GUIDANCE",
    participant_note="We will talk about humanitarian needs.",
)
CITATION = CitationData(
    source_title="The difficult world of building confidence",
    author="Benyamin Poghosyan",
    outlet="commonspace.eu",
    passage_index=4,
    passage_kind=PassageKind.BODY,
    passage_text="no miracles are possible and that any solution requires painful decisions",
    quote="no miracles are possible",
)


def _session(uid: str, start: time, title: str, **kw) -> SessionData:
    return session(
        uid,
        title,
        start=start,
        description=f"Description of {title}",
        facilitator_notes=f"NOTES-SECRET-{uid}",
        **kw,
    )


def _workshop(**kw) -> WorkshopData:
    invitations = tuple(invitation(f"i-{p.uid}", p) for p in (ANI, AYGUN, TOGRUL, OLGA))
    values = dict(
        uid="w-1",
        title="Dialogue in Tbilisi: Ани, Aygün",
        objectives="Meet across the two societies.",
        context_notes="CONTEXT-SECRET-NOTES",
        # Names in files on, so the participant copy lists who consented (issue 20: off by
        # default, tested in tests/protection).
        names_in_files=True,
        venue=VenueData("Conference centre", "Tbilisi", "GE", "Asia/Tbilisi"),
        owner=FacilitatorData("Elena Varga", Community.INTERNATIONAL),
        invitations=invitations,
        sessions=(
            _session("s-open", time(9), "Opening and ground rules", format=SessionFormat.OPENING),
            _session(
                "s-caucus",
                time(10),
                "HIDDEN-Armenian caucus",
                format=SessionFormat.CAUCUS,
                audience=Audience.COMMUNITY,
                audience_community=Community.ARMENIAN,
            ),
            _session(
                "s-human",
                time(11),
                "Humanitarian needs",
                topics=(TOPIC,),
                prompts=(
                    PromptData(
                        key="realism-no-miracles",
                        text="What next step is realistic?",
                        phase=Phase.REALISM,
                        citation=CITATION,
                    ),
                ),
                groups=(
                    GroupData(1, ("i-p-ani", "i-p-aygun")),
                    GroupData(2, ("i-p-togrul", "i-p-olga")),
                ),
            ),
        ),
    )
    values.update(kw)
    return workshop(**values)


FINDING = Finding(
    rule_id="R6",
    severity=FindingSeverity.WARNING,
    title="No closing session",
    message="READINESS-SECRET-MESSAGE",
    why="People need to close.",
)
CONTEXT = (ContextEventData(date(2020, 11, 10), "10 November 2020", "The trilateral statement"),)


def _brief(data=None, audience=BriefAudience.FACILITATOR, viewer=None):
    return assemble_workshop_brief(
        data or _workshop(),
        audience,
        viewer=viewer,
        context=CONTEXT,
        readiness=[FINDING],
        generated_at=NOW,
    )


def _secrets(data=None, viewer=GENERIC_PARTICIPANT) -> set[str]:
    secrets = forbidden_strings(data or _workshop(), viewer)
    assert secrets, "the fixture must hold confidential text"
    return secrets


# Assembly


def test_facilitator_brief_includes_readiness_notes_and_full_roster():
    brief = _brief()
    assert brief.readiness == (FINDING,)
    assert brief.workshop.context_notes == "CONTEXT-SECRET-NOTES"
    assert {i.person.name for i in brief.roster} == {p.name for p in (ANI, AYGUN, TOGRUL, OLGA)}
    assert brief.has_composition


def test_participant_brief_drops_readiness_even_when_given():
    brief = _brief(audience=BriefAudience.PARTICIPANT)
    assert brief.readiness == ()
    assert not brief.has_composition


def test_participant_brief_goes_through_redaction():
    brief = _brief(audience=BriefAudience.PARTICIPANT)
    assert brief.workshop.context_notes == ""
    assert all(not e.session.facilitator_notes for e in brief.sessions)
    assert all(not t.handling_guidance for t in brief.topics)
    assert TOGRUL.name not in {i.person.name for i in brief.roster}


def test_generic_participant_brief_has_joint_sessions_only():
    brief = _brief(audience=BriefAudience.PARTICIPANT)
    # The caucus between them is shown only as "Separate sessions", untitled (issue 17).
    uids = [e.session.uid for e in brief.sessions]
    assert uids == ["s-open", "separate-202705101000", "s-human"]
    assert brief.sessions[1].session.title == "Separate sessions"


def test_participant_own_copy_shows_their_caucus_and_their_group():
    data = _workshop()
    viewer = viewer_for_invitation(data, "i-p-ani")
    brief = _brief(data, BriefAudience.PARTICIPANT, viewer)
    assert "s-caucus" in [e.session.uid for e in brief.sessions]
    human = next(e for e in brief.sessions if e.session.uid == "s-human")
    assert [[m.person.name for m in g.members] for g in human.groups] == [[AYGUN.name, ANI.name]]


def test_off_the_record_participant_brief_names_nobody():
    data = _workshop(confidentiality=Confidentiality.OFF_THE_RECORD)
    brief = _brief(data, BriefAudience.PARTICIPANT)
    assert brief.roster == ()


def test_session_brief_for_hidden_session_is_refused_for_participants():
    with pytest.raises(KeyError):
        assemble_session_brief(
            _workshop(), "s-caucus", BriefAudience.PARTICIPANT, viewer=None, generated_at=NOW
        )


def test_session_brief_holds_only_that_session():
    brief = assemble_session_brief(
        _workshop(), "s-human", BriefAudience.FACILITATOR, viewer=None, generated_at=NOW
    )
    assert [e.session.uid for e in brief.sessions] == ["s-human"]
    assert brief.title == "Humanitarian needs"


# Markdown


def test_participant_markdown_contains_no_confidential_text():
    text = render_md(_brief(audience=BriefAudience.PARTICIPANT)).decode()
    leaked = [s for s in _secrets() if s in text]
    assert leaked == []


def test_facilitator_markdown_has_notes_guidance_and_readiness():
    text = render_md(_brief()).decode()
    for expected in (
        "NOTES-SECRET-s-human",
        "HANDLING-SECRET-GUIDANCE",
        "READINESS-SECRET-MESSAGE",
    ):
        assert expected in text


def test_markdown_keeps_unicode_names():
    text = render_md(_brief()).decode()
    assert ANI.name in text and AYGUN.name in text and OLGA.name in text


def test_markdown_escapes_markup_in_titles():
    data = _workshop(title=HOSTILE)
    text = render_md(_brief(data)).decode()
    assert "<script>" not in text and "**bold**" not in text and "[l](u)" not in text
    assert "\\<script\\>" in text


@pytest.mark.parametrize("text", ["- a list", "= heading", "1. ordered", "# heading"])
def test_markdown_escape_neutralises_line_start_markup(text):
    assert md_escape(text).startswith("\\") or md_escape(text)[1] == "\\"


# DOCX


def test_docx_reads_back_with_headings_and_tables():
    document = Document(io.BytesIO(render_docx(_brief())))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Agenda" in headings and "Roster" in headings
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert ANI.name in cells and AYGUN.name in cells


def test_docx_pages_are_a4_with_page_numbers_in_the_footer():
    document = Document(io.BytesIO(render_docx(_brief())))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Page ")
    fields = [element.get(qn("w:instr")) for element in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert document.sections[0].header.paragraphs[0].text.startswith("Dialogue")


def test_participant_docx_contains_no_confidential_text():
    document = Document(io.BytesIO(render_docx(_brief(audience=BriefAudience.PARTICIPANT))))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert [s for s in _secrets() if s in text] == []


def test_docx_keeps_hostile_title_as_plain_text():
    data = _workshop(title=HOSTILE.replace("\n", " "))
    document = Document(io.BytesIO(render_docx(_brief(data))))
    assert document.paragraphs[0].text == HOSTILE.replace("\n", " ")


# JSON


def test_facilitator_json_follows_the_schema():
    Draft202012Validator(load_schema()).validate(json.loads(render_json(_brief())))


def test_participant_json_follows_the_schema_and_hides_secrets():
    raw = render_json(_brief(audience=BriefAudience.PARTICIPANT)).decode()
    Draft202012Validator(load_schema()).validate(json.loads(raw))
    assert [s for s in _secrets() if s in raw] == []


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(load_schema())


def test_json_keeps_hostile_text_as_a_string():
    data = _workshop(title=HOSTILE)
    assert brief_document(_brief(data))["workshop"]["title"] == HOSTILE


# ICS


def _calendar(view: WorkshopData, sequence: int = 3) -> Calendar:
    stamp = datetime(2027, 5, 1, 12, tzinfo=UTC)
    return Calendar.from_ical(render_ics(view, sequence=sequence, stamp=stamp))


def test_ics_has_one_event_per_visible_session_with_stable_uids():
    from planner.redaction import participant_view

    view = participant_view(_workshop(), GENERIC_PARTICIPANT)
    events = _calendar(view).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [session_event_uid(u) for u in ("s-open", "s-human")]


def test_ics_utc_times_equal_the_agenda():
    events = _calendar(_workshop()).walk("VEVENT")
    first = events[0]
    # 09:00 in Tbilisi (UTC+4) is 05:00 UTC.
    assert first.decoded("DTSTART").astimezone(UTC) == datetime(2027, 5, 10, 5, 0, tzinfo=UTC)
    assert first.decoded("DTEND").astimezone(UTC) == datetime(2027, 5, 10, 6, 0, tzinfo=UTC)


def test_ics_carries_the_workshop_vtimezone_and_sequence():
    calendar = _calendar(_workshop(), sequence=7)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tbilisi"]
    assert {int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")} == {7}


def test_ics_text_cannot_break_out_of_its_property():
    session = _session("s-x", time(9), HOSTILE)
    calendar = _calendar(_workshop(title=HOSTILE, sessions=(session,)))
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == HOSTILE


# Roster CSV


def test_roster_csv_lists_everyone_with_unicode_names():
    rows = list(csv.reader(io.StringIO(render_roster_csv(_brief()).decode("utf-8-sig"))))
    assert rows[0][0] == "Name"
    assert {r[0] for r in rows[1:]} == {p.name for p in (ANI, AYGUN, TOGRUL, OLGA)}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_roster_cell_starting_like_a_formula_is_inert(start):
    assert inert_cell(f"{start}1+1") == f"'{start}1+1"


def test_roster_csv_neutralises_a_formula_name():
    hostile = replace(ANI, name='=HYPERLINK("http://x")', affiliation="@SUM(A1)")
    data = _workshop(invitations=(InvitationData(uid="i-h", person=hostile),))
    rows = list(csv.reader(io.StringIO(render_roster_csv(_brief(data)).decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")' and rows[1][3] == "'@SUM(A1)"


def test_roster_csv_leaves_out_facilitator_notes():
    text = render_roster_csv(_brief()).decode("utf-8-sig")
    assert "SECRET-NOTE" not in text


# File names


def test_file_name_is_an_ascii_slug_with_the_date():
    ascii_name, unicode = brief_filenames(
        "Диалог: Aygün Məmmədova", date(2027, 5, 10), "brief", "pdf"
    )
    assert ascii_name == "dialog-aygun-memmedova-2027-05-10-brief.pdf"
    assert unicode.startswith("Диалог")


def test_slug_of_a_non_latin_title_falls_back_to_workshop():
    assert ascii_slug("Անի Հակոբյան") == "workshop"


def test_content_disposition_carries_the_unicode_title():
    header = content_disposition("a-2027-05-10.pdf", "Անի / Aygün.pdf")
    assert 'filename="a-2027-05-10.pdf"' in header
    assert unquote(header.split("filename*=UTF-8''")[1]) == "Անի / Aygün.pdf"
    assert header.isascii()


# Import: refusing bad files before touching the database.


def _document(**workshop) -> bytes:
    document = brief_document(_brief())
    document["workshop"].update(workshop)
    return json.dumps(document).encode()


def test_import_accepts_an_exported_brief():
    from planner.briefs.importing import parse_document

    assert parse_document(_document())["workshop"]["title"] == _workshop().title


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "The file is empty."),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"{not json", "not valid JSON"),
        (b'{"kind": "workshop"}', "does not follow the workshop brief schema"),
    ],
)
def test_import_refuses_unusable_files_with_a_message(raw, message):
    from planner.briefs.importing import ImportRefused, parse_document

    with pytest.raises(ImportRefused, match=message):
        parse_document(raw)


def test_import_refuses_a_title_longer_than_the_database_holds():
    from planner.briefs.importing import ImportRefused, parse_document

    with pytest.raises(ImportRefused, match="workshop/title"):
        parse_document(_document(title="x" * 301))


def test_import_refuses_nul_characters():
    from planner.briefs.importing import ImportRefused, parse_document

    with pytest.raises(ImportRefused, match="NUL"):
        parse_document(_document(objectives="a\x00b"))

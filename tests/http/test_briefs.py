"""Brief, calendar and roster downloads, the import page and the CLI (issue 5)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import time
from urllib.parse import unquote

import pytest
from docx import Document
from icalendar import Calendar
from jsonschema import Draft202012Validator
from sqlalchemy import select

from planner.agenda.publishing import publish_agenda
from planner.briefs.render_json import load_schema
from planner.extensions import db
from planner.models import AuditEvent, Workshop
from planner.vocabulary import Audience, Community, Role, SessionFormat
from planner.workshop_loading import load_workshop_page_data
from tests.sql_statements import statements_for


def _publish(workshop: Workshop) -> None:
    publish_agenda(workshop, load_workshop_page_data(workshop.uid), None)
    db.session.commit()


@pytest.fixture
def world(make):
    owner = make.user(Role.FACILITATOR, name="Owner Facilitator")
    workshop = make.workshop(owner=owner, title="Dialogue: Անի and Aygün")
    make.session(workshop, title="Opening and ground rules", format=SessionFormat.OPENING)
    make.session(
        workshop,
        title="CAUCUS-ARMENIAN-ONLY",
        start_time=time(11),
        format=SessionFormat.CAUCUS,
        audience=Audience.COMMUNITY,
        audience_community=Community.ARMENIAN,
    )
    make.session(
        workshop,
        title="CAUCUS-AZERBAIJANI-ONLY",
        start_time=time(11),
        format=SessionFormat.CAUCUS,
        audience=Audience.COMMUNITY,
        audience_community=Community.AZERBAIJANI,
    )
    participant = make.participant_user(workshop, community=Community.ARMENIAN, name="Անի Հակոբյան")
    hidden = make.person(
        name="Toğrul Bağırov", community=Community.AZERBAIJANI, consent_to_list=False
    )
    make.invite(workshop, hidden)
    _publish(workshop)
    return dict(
        workshop=workshop,
        owner=owner,
        stranger=make.user(Role.FACILITATOR),
        organiser=make.user(Role.ORGANISER),
        participant=participant,
    )


def _url(world, path: str) -> str:
    return f"/workshops/{world['workshop'].uid}/{path}"


# Who may download what.


@pytest.mark.parametrize(
    "path",
    [
        "brief.md?audience=facilitator",
        "brief.md?audience=participant",
        "sessions/x/brief.md?audience=participant",
        "agenda.ics",
        "roster.csv",
        "exports",
    ],
)
def test_anonymous_visitor_is_sent_to_sign_in(client, world, path):
    response = client.get(_url(world, path))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "who, path, status",
    [
        ("participant", "brief.md?audience=facilitator", 403),
        ("participant", "brief.json?audience=facilitator", 403),
        ("participant", "roster.csv", 403),
        ("participant", "brief.md?audience=participant", 200),
        ("participant", "agenda.ics", 200),
        ("participant", "exports", 200),
        ("stranger", "brief.md?audience=facilitator", 404),
        ("stranger", "brief.md?audience=participant", 404),
        ("stranger", "agenda.ics", 404),
        ("stranger", "roster.csv", 404),
        ("owner", "brief.md?audience=facilitator", 200),
        ("owner", "roster.csv", 200),
        ("owner", "exports", 200),
        ("stranger", "exports", 404),
        ("organiser", "exports", 200),
        ("organiser", "brief.docx?audience=facilitator", 200),
        ("organiser", "brief.json?audience=participant", 200),
        ("organiser", "agenda.ics", 200),
        ("organiser", "roster.csv", 200),
    ],
)
def test_downloads_follow_the_permission_table(client, login, world, who, path, status):
    login(world[who])
    assert client.get(_url(world, path)).status_code == status


@pytest.mark.parametrize(
    "who, audience, status",
    [
        ("participant", "facilitator", 403),
        ("participant", "participant", 200),
        ("stranger", "facilitator", 404),
        ("stranger", "participant", 404),
        ("owner", "facilitator", 200),
        ("organiser", "participant", 200),
    ],
)
def test_session_brief_follows_the_permission_table(client, login, world, who, audience, status):
    session = world["workshop"].sessions[0]
    login(world[who])
    path = f"sessions/{session.uid}/brief.md?audience={audience}"
    assert client.get(_url(world, path)).status_code == status


def test_unknown_workshop_is_404(client, login, world):
    login(world["organiser"])
    assert client.get("/workshops/nope/brief.md?audience=facilitator").status_code == 404


def test_unknown_format_is_404(client, login, world):
    login(world["organiser"])
    assert client.get(_url(world, "brief.exe?audience=facilitator")).status_code == 404


def test_unknown_audience_is_a_clear_400(client, login, world):
    login(world["organiser"])
    response = client.get(_url(world, "brief.md?audience=everyone"))
    assert response.status_code == 400
    assert "facilitator" in response.get_data(as_text=True)


def test_session_of_another_workshop_is_404(client, login, world, make):
    other = make.session(make.workshop(owner=world["owner"]), title="Elsewhere")
    login(world["owner"])
    assert (
        client.get(_url(world, f"sessions/{other.uid}/brief.md?audience=facilitator")).status_code
        == 404
    )


# What the downloads contain.


def test_participant_gets_their_own_copy_with_their_caucus_only(client, login, world):
    login(world["participant"])
    text = client.get(_url(world, "brief.md?audience=participant")).get_data(as_text=True)
    assert "CAUCUS\\-ARMENIAN\\-ONLY" in text or "CAUCUS-ARMENIAN-ONLY" in text
    assert "AZERBAIJANI-ONLY" not in text and "AZERBAIJANI\\-ONLY" not in text
    assert "SESSION-SECRET" not in text and "CONTEXT-SECRET" not in text
    assert "Toğrul" not in text


def test_download_has_ascii_and_unicode_file_names_and_no_store(client, login, world):
    login(world["owner"])
    response = client.get(_url(world, "brief.md?audience=facilitator"))
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="dialogue-and-aygun-2027-05-10-')
    unicode = unquote(disposition.split("filename*=UTF-8''")[1])
    assert unicode == "Dialogue Անի and Aygün 2027-05-10 facilitator brief.md"  # ":" is unsafe
    assert response.headers["Cache-Control"] == "no-store"


def test_every_download_is_audited_without_content(client, login, world):
    login(world["owner"])
    client.get(_url(world, "roster.csv"))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "brief.exported"))
    assert event.workshop_uid == world["workshop"].uid
    assert event.details == {"export": "roster", "format": "csv", "audience": "facilitator"}


def test_facilitator_docx_reads_back_with_names(client, login, world):
    login(world["owner"])
    response = client.get(_url(world, "brief.docx?audience=facilitator"))
    document = Document(io.BytesIO(response.data))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "Անի Հակոբյան" in cells and "Toğrul Bağırov" in cells


def test_calendar_sequence_counts_publications(client, login, world):
    _publish(world["workshop"])  # the second publication
    login(world["participant"])
    calendar = Calendar.from_ical(client.get(_url(world, "agenda.ics")).data)
    events = calendar.walk("VEVENT")
    assert {int(e["SEQUENCE"]) for e in events} == {2}
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "CAUCUS-ARMENIAN-ONLY",
        "Opening and ground rules",
    ]


def test_participant_downloads_the_published_agenda_not_the_draft(client, login, world):
    world["workshop"].sessions[0].title = "DRAFT-RENAMED"
    db.session.commit()
    login(world["participant"])
    text = client.get(_url(world, "brief.md?audience=participant")).get_data(as_text=True)
    assert "Opening and ground rules" in text and "DRAFT" not in text


def test_team_exports_the_live_draft(client, login, world):
    world["workshop"].sessions[0].title = "DRAFT-RENAMED"
    db.session.commit()
    login(world["owner"])
    text = client.get(_url(world, "brief.md?audience=participant")).get_data(as_text=True)
    assert "DRAFT" in text


def test_participant_before_publication_is_told_there_is_nothing_yet(client, login, make):
    workshop = make.workshop()
    participant = make.participant_user(workshop)
    login(participant)
    response = client.get(f"/workshops/{workshop.uid}/agenda.ics", follow_redirects=True)
    assert "has not been published yet" in response.get_data(as_text=True)


def test_roster_csv_lists_everyone_invited(client, login, world):
    login(world["owner"])
    text = client.get(_url(world, "roster.csv")).data.decode("utf-8-sig")
    assert "Անի Հակոբյան" in text and "Toğrul Bağırov" in text
    assert "PERSON-SECRET" not in text


def test_session_brief_for_participant_hides_facilitator_notes(client, login, world):
    session = world["workshop"].sessions[0]
    login(world["participant"])
    response = client.get(_url(world, f"sessions/{session.uid}/brief.md?audience=participant"))
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Opening and ground rules" in text
    assert "SESSION-SECRET" not in text


def test_exports_page_offers_facilitator_files_to_the_team_only(client, login, world):
    login(world["participant"])
    page = client.get(_url(world, "exports")).get_data(as_text=True)
    assert "audience=participant" in page and "audience=facilitator" not in page
    assert "roster.csv" not in page


# Real readers: pdftotext on the demo workshop.

pdftotext = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(pdftotext is None, reason="pdftotext (poppler-utils) missing")


@pytest.fixture
def demo(app):
    from planner.demo import DEMO_TITLE, create_demo

    create_demo()
    return db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE))


def _pdf_text(data: bytes) -> str:
    result = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def _organiser(make):
    return make.user(Role.ORGANISER)


@needs_pdftotext
def test_facilitator_pdf_shows_armenian_and_azerbaijani_names(client, login, demo, make):
    login(_organiser(make))
    response = client.get(f"/workshops/{demo.uid}/brief.pdf?audience=facilitator")
    assert response.mimetype == "application/pdf"
    text = " ".join(_pdf_text(response.data).split())
    assert "Անի Հակոբյան" in text and "Aygün Məmmədova" in text and "Ольга Смирнова" in text
    assert "Brief both caucuses the day before" in text  # facilitator notes are there
    assert "Contents" in text and "Page 1 of" in text


@needs_pdftotext
def test_participant_pdf_is_their_own_redacted_copy(client, login, world):
    login(world["participant"])
    response = client.get(_url(world, "brief.pdf?audience=participant"))
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    text = " ".join(_pdf_text(response.data).split())
    assert "CAUCUS-ARMENIAN-ONLY" in text and "Անի Հակոբյան" in text
    for secret in ("CAUCUS-AZERBAIJANI-ONLY", "SESSION-SECRET", "CONTEXT-SECRET", "Toğrul"):
        assert secret not in text


# JSON: schema and round trip.

_VOLATILE = {"uid", "invitation_uid", "person_uid", "session_uids", "person_uids", "generated_at"}


def _strip_ids(value):
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _empty_database() -> None:
    db.session.remove()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def test_json_export_import_export_round_trips(client, login, runner, demo, make, tmp_path):
    from planner.seeding import load_seeds

    owner_name = demo.owner.name
    login(_organiser(make))
    first = json.loads(client.get(f"/workshops/{demo.uid}/brief.json?audience=facilitator").data)
    Draft202012Validator(load_schema()).validate(first)

    _empty_database()
    load_seeds()
    importer = make.user(Role.FACILITATOR, name=owner_name)
    # The owner's community feeds the readiness review (R14): give the importer the same.
    make.person(name=owner_name, community=Community.INTERNATIONAL, user=importer)
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(first), encoding="utf-8")
    result = runner.invoke(args=["import-workshop", str(path), "--owner", importer.email])
    assert result.exit_code == 0, result.output

    imported = db.session.scalar(select(Workshop).where(Workshop.owner_id == importer.id))
    out = tmp_path / "again.json"
    result = runner.invoke(
        args=[
            "export",
            imported.uid,
            "--format",
            "json",
            "--audience",
            "facilitator",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    second = json.loads(out.read_text(encoding="utf-8"))
    assert _strip_ids(second) == _strip_ids(first)


def test_import_page_is_for_organisers_and_facilitators(client, login, world):
    login(world["participant"])
    assert client.get("/workshops/import").status_code == 403


def test_import_page_shows_a_form_with_a_label(client, login, world):
    login(world["owner"])
    page = client.get("/workshops/import").get_data(as_text=True)
    assert '<label for="document">' in page and 'enctype="multipart/form-data"' in page


def test_import_page_refuses_a_broken_file_with_a_message(client, login, world):
    login(world["owner"])
    before = db.session.query(Workshop).count()
    response = client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(b"{not json"), "brief.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "The file is not valid JSON" in response.get_data(as_text=True)
    assert db.session.query(Workshop).count() == before


def test_import_page_refuses_unknown_topics_and_saves_nothing(client, login, world):
    login(world["owner"])
    document = json.loads(client.get(_url(world, "brief.json?audience=facilitator")).data)
    document["sessions"][0]["topics"] = [
        {
            "key": "not-in-catalogue",
            "name": "Unknown",
            "severity": "low",
            "description": "",
            "participant_note": "",
            "handling_guidance": "",
        }
    ]
    before = db.session.query(Workshop).count()
    response = client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(json.dumps(document).encode()), "brief.json")},
        content_type="multipart/form-data",
    )
    assert "sensitive topics not-in-catalogue" in response.get_data(as_text=True)
    assert db.session.query(Workshop).count() == before


def test_import_page_creates_the_workshop_owned_by_the_importer(client, login, world, make):
    login(world["owner"])
    document = client.get(_url(world, "brief.json?audience=facilitator")).data
    other = make.user(Role.FACILITATOR)
    # A co-facilitator may reuse the workshop's people (a stranger may not: the import is
    # refused, see test_people_confidentiality.py).
    world["workshop"].co_facilitators.append(other)
    db.session.commit()
    client.post("/logout")
    login(other)
    response = client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(document), "brief.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    imported = db.session.scalar(select(Workshop).where(Workshop.owner_id == other.id))
    assert imported.title == "Dialogue: Անի and Aygün"
    assert sorted(s.title for s in imported.sessions) == sorted(
        s.title for s in world["workshop"].sessions
    )
    assert client.get(response.headers["Location"]).status_code == 200


# Command line.


def test_cli_export_writes_the_participant_markdown(runner, world, tmp_path):
    out = tmp_path / "brief.md"
    result = runner.invoke(
        args=[
            "export",
            world["workshop"].uid,
            "--format",
            "md",
            "--audience",
            "participant",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Opening and ground rules" in text and "CONTEXT-SECRET" not in text


def test_cli_export_of_unknown_workshop_fails_with_a_message(runner, tmp_path):
    result = runner.invoke(args=["export", "nope", "--format", "md", "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 1 and "No workshop has the id" in result.output


def test_import_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/workshops/import")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_import_page_is_open_to_organisers(client, login, world):
    login(world["organiser"])
    assert client.get("/workshops/import").status_code == 200


# Planned queries.


def test_facilitator_brief_issues_as_many_statements_for_a_big_workshop(client, login, make):
    owner = make.user(Role.FACILITATOR)
    small, big = make.workshop(owner=owner), make.workshop(owner=owner)
    for workshop, size in ((small, 1), (big, 6)):
        for n in range(size):
            make.session(workshop, start_time=time(9 + n))
            make.invite(workshop, make.person(community=Community.AZERBAIJANI))
    login(owner)
    counts = [
        statements_for(client, f"/workshops/{w.uid}/brief.json?audience=facilitator")
        for w in (small, big)
    ]
    assert counts[0] == counts[1]

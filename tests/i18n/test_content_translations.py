"""Workshop content in several languages (issue 19, item 4).

The participant-facing texts (a workshop's title and objectives, each session's title and
description) carry translations into the workshop's working languages, entered side by side;
participants read their language or the original with a visible marker; the readiness
review lists what is missing; the JSON brief carries the translations there and back.
"""

from __future__ import annotations

import io
import re
from datetime import time

import pytest
from icalendar import Calendar
from pdfminer.high_level import extract_text

from planner.content_translations import (
    as_stored,
    as_triples,
    localised,
    target_languages,
)
from planner.exceptions import DomainError, EditConflict
from planner.extensions import db
from planner.models import AuditEvent, Session, Workshop
from planner.translating import operations
from planner.vocabulary import Audience, Community, Role
from planner.workshop_loading import load_workshop, load_workshop_page_data
from tests.db.conftest import empty_app  # noqa: F401  (the fixture)
from tests.factories import PASSWORD

# The pure rules ------------------------------------------------------------------------------


def test_localised_gives_the_translation_into_the_readers_language():
    assert localised("Opening", {"hy": "Բացում"}, "hy", original_language="en") == (
        "Բացում",
        False,
    )


def test_localised_falls_back_to_the_original_when_the_translation_is_missing_or_blank():
    assert localised("Opening", {"hy": "  "}, "hy", original_language="en") == ("Opening", True)
    assert localised("Opening", {}, "az", original_language="en") == ("Opening", True)


def test_a_reader_of_the_originals_language_gets_the_original_and_no_marker():
    assert localised("Открытие", {"hy": "Բացում"}, "ru", original_language="ru") == (
        "Открытие",
        False,
    )


def test_an_empty_original_needs_no_translation():
    assert localised("", {}, "hy", original_language="en") == ("", False)


def test_stored_translations_and_plain_triples_convert_both_ways():
    stored = {"title": {"hy": "Բացում", "ru": "Открытие", "az": " "}, "junk": "x"}
    triples = as_triples(stored)
    assert triples == (("title", "hy", "Բացում"), ("title", "ru", "Открытие"))
    assert as_stored(triples) == {"title": {"hy": "Բացում", "ru": "Открытие"}}


def test_the_first_working_language_is_the_originals_and_the_others_are_targets():
    assert target_languages(["en", "hy", "az", "hy"]) == ("hy", "az")
    assert target_languages([]) == ()


# The world -----------------------------------------------------------------------------------


class World:
    pass


@pytest.fixture
def world(make):
    w = World()
    w.owner = make.user(Role.FACILITATOR)
    w.co = make.user(Role.FACILITATOR)
    w.other = make.user(Role.FACILITATOR)
    w.organiser = make.user(Role.ORGANISER)
    w.workshop = make.workshop(
        owner=w.owner,
        title="Dialogue in Tbilisi",
        objectives="Listen to each other.",
        working_languages=["en", "hy", "az", "ru"],
    )
    w.workshop.co_facilitators.append(w.co)
    db.session.commit()
    w.opening = make.session(
        w.workshop, title="Opening circle", description="Ground rules and introductions."
    )
    w.needs = make.session(w.workshop, title="Humanitarian needs", start_time=time(10, 0))
    w.team_only = make.session(
        w.workshop, title="TEAM-ONLY-TITLE", start_time=time(12, 0), audience=Audience.FACILITATORS
    )
    w.participant = make.participant_user(w.workshop, community=Community.ARMENIAN)
    w.participant.person.languages = ["hy", "ru"]
    db.session.commit()
    return w


def _field(kind, uid, field, language):
    return f"{kind}.{uid}.{field}.{language}"


def _sign_in(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _form(page: str) -> dict[str, str]:
    """The inputs of the translations form as the browser would send them back."""
    values = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        values[name] = value
    for name in re.findall(r'<input[^>]*name="([^"]+)"', page):
        values.setdefault(name, "")
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\s*([^<]*)</textarea>', page):
        values[name] = value
    return values


# The side-by-side page -----------------------------------------------------------------------


def test_the_page_shows_each_original_beside_one_labelled_field_per_working_language(client, world):
    _sign_in(client, world.owner)
    page = client.get(f"/workshops/{world.workshop.uid}/translations").get_data(as_text=True)
    assert "Dialogue in Tbilisi" in page and "Ground rules and introductions." in page
    for language in ("hy", "az", "ru"):
        name = _field("session", world.opening.uid, "title", language)
        assert f'name="{name}"' in page
        assert f'<label for="{name}">' in page
        assert re.search(
            rf'name="{re.escape(name)}"[^>]*lang="{language}"|lang="{language}"[^>]*name="{re.escape(name)}"',
            page,
        )
    # No field for the first working language (the originals'), nor for a team-only session.
    assert _field("session", world.opening.uid, "title", "en") not in page
    assert world.team_only.uid not in page
    assert 'name="csrf_token"' in page or "csrf" in page.lower()


def test_saving_the_page_stores_every_translation_at_once_and_audits_without_the_text(
    client, world
):
    _sign_in(client, world.owner)
    url = f"/workshops/{world.workshop.uid}/translations"
    data = _form(client.get(url).get_data(as_text=True))
    data[_field("workshop", world.workshop.uid, "title", "hy")] = "Երկխոսություն Թբիլիսիում"
    data[_field("session", world.opening.uid, "description", "az")] = "Qaydalar və tanışlıq."
    response = client.post(url, data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, world.workshop.id).translations == {
        "title": {"hy": "Երկխոսություն Թբիլիսիում"}
    }
    assert db.session.get(Session, world.opening.id).translations == {
        "description": {"az": "Qaydalar və tanışlıq."}
    }
    event = db.session.query(AuditEvent).filter_by(action="workshop.translations_saved").one()
    assert "Թբիլիսիում" not in str(event.details) and "Qaydalar" not in str(event.details)
    assert f"session:{world.opening.uid}:description:az" in event.details["texts"]


def test_the_workshop_page_links_to_the_translations_page(client, world):
    _sign_in(client, world.owner)
    page = client.get(f"/workshops/{world.workshop.uid}").get_data(as_text=True)
    assert f'href="/workshops/{world.workshop.uid}/translations"' in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("co", 200),
        ("organiser", 200),
        ("other", 404),
        ("participant", 403),
    ],
)
def test_who_may_open_and_save_the_translations_page(client, world, who, status):
    _sign_in(client, getattr(world, who))
    url = f"/workshops/{world.workshop.uid}/translations"
    assert client.get(url).status_code == status
    name = _field("workshop", world.workshop.uid, "title", "hy")
    response = client.post(url, data={"version": world.workshop.version, name: "Փորձ"})
    assert response.status_code == (302 if status == 200 else status)
    db.session.expire_all()
    saved = db.session.get(Workshop, world.workshop.id).translations
    assert saved == ({"title": {"hy": "Փորձ"}} if status == 200 else {})


def test_an_anonymous_visitor_is_sent_to_sign_in(client, world):
    response = client.get(f"/workshops/{world.workshop.uid}/translations")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.post(f"/workshops/{world.workshop.uid}/translations", data={})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.get(Workshop, world.workshop.id).translations == {}


def test_a_translation_too_long_is_refused_with_a_message_and_nothing_saved(client, world):
    _sign_in(client, world.owner)
    url = f"/workshops/{world.workshop.uid}/translations"
    data = _form(client.get(url).get_data(as_text=True))
    data[_field("workshop", world.workshop.uid, "objectives", "ru")] = "Слушать друг друга."
    data[_field("session", world.needs.uid, "title", "hy")] = "Ա" * 301
    response = client.post(url, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page and 'aria-invalid="true"' in page
    assert "Слушать друг друга." in page  # what was typed is kept on the page
    db.session.expire_all()
    assert db.session.get(Workshop, world.workshop.id).translations == {}
    assert db.session.get(Session, world.needs.id).translations == {}


def test_a_stale_page_is_refused_as_a_conflict_and_shows_the_current_translations(client, world):
    _sign_in(client, world.owner)
    url = f"/workshops/{world.workshop.uid}/translations"
    stale = _form(client.get(url).get_data(as_text=True))
    fresh = dict(stale)
    fresh[_field("session", world.opening.uid, "title", "ru")] = "Открытие"
    assert client.post(url, data=fresh).status_code == 302
    stale[_field("session", world.opening.uid, "title", "ru")] = "Начало"
    response = client.post(url, data=stale)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "changed by someone else" in page and "Открытие" in page
    db.session.expire_all()
    assert db.session.get(Session, world.opening.id).translations == {"title": {"ru": "Открытие"}}


def test_the_form_refuses_without_a_csrf_token(app, client, world):
    app.config["WTF_CSRF_ENABLED"] = True
    _sign_in_with_csrf(client, world.owner)
    name = _field("workshop", world.workshop.uid, "title", "hy")
    response = client.post(
        f"/workshops/{world.workshop.uid}/translations",
        data={"version": world.workshop.version, name: "Փորձ"},
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Workshop, world.workshop.id).translations == {}


def _sign_in_with_csrf(client, user):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


# The operations ------------------------------------------------------------------------------


def test_an_empty_value_clears_a_translation(world):
    key = ("session", world.opening.uid, "title", "hy")
    operations.save_translations(world.workshop, {key: "Բացում"}, world.workshop.version)
    db.session.commit()
    changed = operations.save_translations(world.workshop, {key: "  "}, world.workshop.version)
    db.session.commit()
    assert changed == [f"session:{world.opening.uid}:title:hy"]
    assert db.session.get(Session, world.opening.id).translations == {}


def test_a_language_that_is_not_a_working_language_is_refused_and_nothing_changes(world):
    values = {
        ("workshop", world.workshop.uid, "title", "hy"): "Երկխոսություն",
        ("workshop", world.workshop.uid, "title", "de"): "Dialog",
    }
    with pytest.raises(DomainError, match="not one of this workshop's working languages"):
        operations.save_translations(world.workshop, values, world.workshop.version)
    db.session.rollback()
    assert db.session.get(Workshop, world.workshop.id).translations == {}


def test_the_original_language_itself_takes_no_translation(world):
    with pytest.raises(DomainError):
        operations.save_translations(
            world.workshop,
            {("workshop", world.workshop.uid, "title", "en"): "Dialogue"},
            world.workshop.version,
        )


def test_saving_on_an_old_version_is_an_edit_conflict(world):
    with pytest.raises(EditConflict):
        operations.save_translations(
            world.workshop,
            {("workshop", world.workshop.uid, "title", "hy"): "Երկխոսություն"},
            world.workshop.version - 1,
        )


def test_clearing_a_language_removes_its_translations_everywhere(world):
    operations.save_translations(
        world.workshop,
        {
            ("workshop", world.workshop.uid, "title", "az"): "Tbilisidə dialoq",
            ("session", world.needs.uid, "title", "az"): "Humanitar ehtiyaclar",
            ("session", world.needs.uid, "title", "ru"): "Гуманитарные нужды",
        },
        world.workshop.version,
    )
    db.session.commit()
    assert operations.clear_language(world.workshop, "az", world.workshop.version) == 2
    db.session.commit()
    assert db.session.get(Session, world.needs.id).translations == {
        "title": {"ru": "Гуманитарные нужды"}
    }
    assert db.session.get(Workshop, world.workshop.id).translations == {}


# What participants read ----------------------------------------------------------------------


def _translate_and_publish(world):
    from planner.agenda.publishing import publish_agenda

    operations.save_translations(
        world.workshop,
        {
            ("workshop", world.workshop.uid, "title", "hy"): "Երկխոսություն Թբիլիսիում",
            ("session", world.opening.uid, "title", "hy"): "Բացման շրջան",
            ("session", world.opening.uid, "description", "hy"): "Կանոններ և ծանոթություն։",
        },
        world.workshop.version,
    )
    db.session.commit()
    publish_agenda(
        load_workshop(world.workshop.uid), load_workshop_page_data(world.workshop.uid), world.owner
    )
    db.session.commit()


def test_an_armenian_participant_reads_the_translations_and_the_originals_marked(client, world):
    _translate_and_publish(world)
    world.participant.preferred_language = "hy"
    db.session.commit()
    _sign_in(client, world.participant)
    page = client.get(f"/my/workshops/{world.workshop.uid}").get_data(as_text=True)
    assert '<h1><span lang="hy">Երկխոսություն Թբիլիսիում</span></h1>' in page
    assert '<span lang="hy">Բացման շրջան</span>' in page
    assert '<p lang="hy" class="prose">Կանոններ և ծանոթություն։</p>' in page
    # No Armenian translation of this one: the original, in its language, marked in Armenian.
    marked = re.search(
        r'<span lang="en">Humanitarian needs</span> <span class="original-marker">([^<]+)</span>',
        page,
    )
    assert marked and marked.group(1) == "(բնօրինակ, լեզուն՝ անգլերեն)"
    assert "Dialogue in Tbilisi" not in page.split("<body", 1)[1].split("</h1>")[0]
    home = client.get("/my/").get_data(as_text=True)
    assert "Երկխոսություն Թբիլիսիում" in home


def test_an_english_reader_of_the_originals_sees_no_marker(client, world):
    _translate_and_publish(world)
    world.participant.preferred_language = "en"
    db.session.commit()
    _sign_in(client, world.participant)
    page = client.get(f"/my/workshops/{world.workshop.uid}").get_data(as_text=True)
    assert '<span lang="en">Dialogue in Tbilisi</span>' in page
    assert "original-marker" not in page


def _participant_file(client, world, fmt: str) -> str:
    response = client.get(f"/workshops/{world.workshop.uid}/brief.{fmt}?audience=participant")
    assert response.status_code == 200
    if fmt == "pdf":
        return " ".join(extract_text(io.BytesIO(response.data)).split())
    return response.get_data(as_text=True)


def test_the_armenian_participants_pdf_has_the_translated_title_and_the_marked_original(
    client, world
):
    _translate_and_publish(world)
    world.participant.preferred_language = "hy"
    db.session.commit()
    _sign_in(client, world.participant)
    text = _participant_file(client, world, "pdf")
    assert "Երկխոսություն Թբիլիսիում" in text
    assert "Բացման շրջան" in text and "Կանոններ և ծանոթություն։" in text
    assert "Humanitarian needs (բնօրինակ, լեզուն՝ անգլերեն)" in text
    assert "Dialogue in Tbilisi" not in text and "Opening circle" not in text


def test_the_pdfs_html_gives_each_text_its_own_language(app, world):
    from flask_babel import force_locale

    from planner.briefs.assemble import BriefAudience, assemble_workshop_brief
    from planner.briefs.render_pdf import render_html
    from planner.models._columns import utcnow

    _translate_and_publish(world)
    data = load_workshop_page_data(world.workshop.uid)
    brief = assemble_workshop_brief(
        data,
        BriefAudience.PARTICIPANT,
        viewer=None,
        context=(),
        readiness=None,
        generated_at=utcnow(),
    )
    with app.test_request_context(), force_locale("hy"):
        page = render_html(brief)
    assert '<h1><span lang="hy">Երկխոսություն Թբիլիսիում</span></h1>' in page
    assert (
        '<span lang="en">Humanitarian needs</span> <span class="original-marker">'
        "(բնօրինակ, լեզուն՝ անգլերեն)</span>" in page
    )


def test_markdown_and_calendar_follow_the_participants_language(client, world):
    _translate_and_publish(world)
    world.participant.preferred_language = "hy"
    db.session.commit()
    _sign_in(client, world.participant)
    markdown = _participant_file(client, world, "md")
    assert "# Երկխոսություն Թբիլիսիում" in markdown
    assert "Humanitarian needs \\(բնօրինակ, լեզուն՝ անգլերեն\\)" in markdown  # escaped
    calendar = Calendar.from_ical(client.get(f"/workshops/{world.workshop.uid}/agenda.ics").data)
    summaries = {str(e["summary"]) for e in calendar.walk("VEVENT")}
    assert {"Բացման շրջան", "Humanitarian needs"} <= summaries
    assert str(calendar["x-wr-calname"]) == "Երկխոսություն Թբիլիսիում"


def test_the_facilitator_brief_shows_each_translation_after_its_original(client, world):
    _translate_and_publish(world)
    _sign_in(client, world.owner)
    response = client.get(f"/workshops/{world.workshop.uid}/brief.md?audience=facilitator")
    markdown = response.get_data(as_text=True)
    assert "# Dialogue in Tbilisi\n\n- Armenian \\(hy\\): Երկխոսություն Թբիլիսիում" in markdown
    assert "Opening circle\n\n- Armenian \\(hy\\): Բացման շրջան" in markdown
    assert "\\(original, in" not in markdown  # no marker: the facilitator reads the originals
    pdf = client.get(f"/workshops/{world.workshop.uid}/brief.pdf?audience=facilitator")
    text = " ".join(extract_text(io.BytesIO(pdf.data)).split())
    assert "Dialogue in Tbilisi Armenian Երկխոսություն Թբիլիսիում" in text


# The readiness finding (R25) -----------------------------------------------------------------


def _plain(title="Dialogue", objectives="Listen.", sessions=(), people=(), languages=("en", "hy")):
    from datetime import date

    from planner.vocabulary import SessionFormat
    from planner.workshop_data import InvitationData, PersonData, SessionData, WorkshopData

    return WorkshopData(
        uid="w",
        title=title,
        objectives=objectives,
        start_date=date(2027, 5, 10),
        end_date=date(2027, 5, 10),
        timezone="Asia/Tbilisi",
        working_languages=tuple(languages),
        sessions=tuple(
            SessionData(
                uid=uid,
                day=date(2027, 5, 10),
                start=time(9 + n, 0),
                duration_minutes=60,
                title=session_title,
                format=SessionFormat.PLENARY,
                translations=translated,
                audience=audience,
            )
            for n, (uid, session_title, translated, audience) in enumerate(sessions)
        ),
        invitations=tuple(
            InvitationData(
                uid=f"i{n}",
                person=PersonData(
                    uid=f"p{n}", name=f"P{n}", community=Community.ARMENIAN, languages=tuple(read)
                ),
                status=status,
            )
            for n, (read, status) in enumerate(people)
        ),
    )


def test_r25_lists_the_texts_missing_a_translation_that_a_confirmed_participant_reads():
    from planner.readiness import review
    from planner.readiness.findings import FindingSeverity
    from planner.readiness.translations import untranslated_texts
    from planner.vocabulary import InvitationStatus

    data = _plain(
        sessions=[
            ("s1", "Opening circle", (("title", "hy", "Բացման շրջան"),), Audience.EVERYONE),
            ("s2", "Humanitarian needs", (), Audience.EVERYONE),
            ("s3", "TEAM-ONLY", (), Audience.FACILITATORS),
        ],
        people=[(("hy", "ru"), InvitationStatus.CONFIRMED), (("az",), InvitationStatus.INVITED)],
        languages=("en", "hy", "az"),
    )
    (finding,) = untranslated_texts(data)
    assert finding.rule_id == "R25" and finding.severity is FindingSeverity.INFORMATION
    assert finding.title == "Not translated into Armenian"
    assert finding.message == (
        "3 texts participants read have no translation into Armenian, which confirmed "
        "participants read: the workshop's title, the objectives, the title of "
        "“Humanitarian needs”."
    )
    assert finding.session_uids == ("s2",) and finding.person_uids == ("p0",)
    # Azerbaijani: read only by someone not yet confirmed; the team-only session never counts.
    assert "TEAM-ONLY" not in finding.message
    assert finding in review(data)


def test_r25_is_silent_when_everything_read_is_translated_or_nobody_reads_the_language():
    from planner.readiness.translations import untranslated_texts
    from planner.vocabulary import InvitationStatus

    translated = (("objectives", "hy", "Լսել։"), ("title", "hy", "Երկխոսություն"))
    done = _plain(people=[(("hy",), InvitationStatus.CONFIRMED)])
    done = done.__class__(**{**done.__dict__, "translations": translated})
    assert untranslated_texts(done) == []
    assert untranslated_texts(_plain(people=[(("en", "ru"), InvitationStatus.CONFIRMED)])) == []
    assert (
        untranslated_texts(
            _plain(people=[(("hy",), InvitationStatus.CONFIRMED)], languages=("en",))
        )
        == []
    )


def test_r25_speaks_the_readers_language(app):
    from flask_babel import force_locale

    from planner.readiness.translations import untranslated_texts
    from planner.vocabulary import InvitationStatus

    data = _plain(people=[(("hy",), InvitationStatus.CONFIRMED)])
    with app.test_request_context(), force_locale("ru"):
        (finding,) = untranslated_texts(data)
    assert "армянский" in finding.title and "Not translated" not in finding.title


# The JSON brief ------------------------------------------------------------------------------


def _json_brief(client, world) -> dict:
    import json

    response = client.get(f"/workshops/{world.workshop.uid}/brief.json?audience=facilitator")
    assert response.status_code == 200
    return json.loads(response.data)


def _import_file(client, document: dict):
    import json

    return client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(json.dumps(document).encode()), "brief.json")},
        content_type="multipart/form-data",
    )


def test_translations_are_in_the_json_brief_valid_by_its_schema_and_survive_the_round_trip(
    client, world
):
    from jsonschema import Draft202012Validator

    from planner.briefs.render_json import load_schema

    _translate_and_publish(world)
    _sign_in(client, world.owner)
    first = _json_brief(client, world)
    Draft202012Validator(load_schema()).validate(first)
    assert first["workshop"]["translations"] == {"title": {"hy": "Երկխոսություն Թբիլիսիում"}}
    opening = next(s for s in first["sessions"] if s["title"] == "Opening circle")
    assert opening["translations"] == {
        "description": {"hy": "Կանոններ և ծանոթություն։"},
        "title": {"hy": "Բացման շրջան"},
    }

    assert _import_file(client, first).status_code == 302
    imported = (
        db.session.query(Workshop)
        .filter(Workshop.id != world.workshop.id, Workshop.title == "Dialogue in Tbilisi")
        .one()
    )
    assert imported.translations == {"title": {"hy": "Երկխոսություն Թբիլիսիում"}}
    again = client.get(f"/workshops/{imported.uid}/brief.json?audience=facilitator").get_json()
    by_title = {s["title"]: s["translations"] for s in again["sessions"]}
    assert by_title == {s["title"]: s["translations"] for s in first["sessions"]}
    assert again["workshop"]["translations"] == first["workshop"]["translations"]


def test_a_participant_json_brief_carries_only_the_translations_of_what_they_see(client, world):
    operations.save_translations(
        world.workshop,
        {("session", world.team_only.uid, "title", "hy"): "ԹԻՄԻ-ՎԵՐՆԱԳԻՐ"},
        world.workshop.version,
    )
    db.session.commit()
    _sign_in(client, world.owner)
    response = client.get(f"/workshops/{world.workshop.uid}/brief.json?audience=participant")
    assert response.status_code == 200 and "ԹԻՄԻ-ՎԵՐՆԱԳԻՐ" not in response.get_data(as_text=True)


def test_an_import_with_a_translation_into_a_language_not_worked_in_is_refused_whole(client, world):
    _sign_in(client, world.owner)
    document = _json_brief(client, world)
    document["workshop"]["title"] = "IMPORTED-COPY"
    document["sessions"][0]["translations"] = {"title": {"de": "Eröffnung"}}
    response = _import_file(client, document)
    assert response.status_code == 200  # the import page again, saying why
    page = response.get_data(as_text=True)
    assert "Translations of session" in page and "working languages" in page
    assert db.session.query(Workshop).filter_by(title="IMPORTED-COPY").count() == 0


def test_an_import_with_a_translation_of_an_unknown_field_is_refused_by_the_schema(client, world):
    _sign_in(client, world.owner)
    document = _json_brief(client, world)
    document["workshop"]["title"] = "IMPORTED-COPY"
    document["workshop"]["translations"] = {"context_notes": {"hy": "Գաղտնի"}}
    response = _import_file(client, document)
    assert response.status_code == 200 and "context_notes" in response.get_data(as_text=True)
    assert db.session.query(Workshop).filter_by(title="IMPORTED-COPY").count() == 0


def test_a_hidden_sessions_translations_are_forbidden_to_those_who_may_not_see_it(
    client, make, world
):
    from planner.redaction import forbidden_strings, viewer_for_invitation
    from planner.vocabulary import SessionFormat

    caucus = make.session(
        world.workshop,
        title="AZERBAIJANI-CAUCUS",
        start_time=time(14, 0),
        format=SessionFormat.CAUCUS,
        audience=Audience.COMMUNITY,
        audience_community=Community.AZERBAIJANI,
    )
    operations.save_translations(
        world.workshop,
        {("session", caucus.uid, "title", "hy"): "ԱԴՐԲԵՋԱՆԱԿԱՆ-ԽՈՒՄԲ"},
        world.workshop.version,
    )
    db.session.commit()
    _translate_and_publish(world)
    data = load_workshop_page_data(world.workshop.uid)
    own = next(i for i in data.invitations if i.person.uid == world.participant.person.uid)
    secret = forbidden_strings(data, viewer_for_invitation(data, own.uid))
    assert "ԱԴՐԲԵՋԱՆԱԿԱՆ-ԽՈՒՄԲ" in secret and "Բացման շրջան" not in secret
    world.participant.preferred_language = "hy"
    db.session.commit()
    _sign_in(client, world.participant)
    page = client.get(f"/my/workshops/{world.workshop.uid}").get_data(as_text=True)
    assert not [s for s in secret if s in page]
    for fmt in ("md", "pdf"):
        text = _participant_file(client, world, fmt)
        assert not [s for s in secret if s in text]


# The migration -------------------------------------------------------------------------------

REVISION = "b5d8e2f4a7c3"
BEFORE = "a4d8e2c6f1b3"


def _columns(table: str) -> set[str]:
    from sqlalchemy import inspect

    return {c["name"] for c in inspect(db.engine).get_columns(table)}


def test_the_migration_adds_the_translations_and_takes_them_away_keeping_the_rows(
    empty_app,  # noqa: F811
):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    upgrade(revision=BEFORE)
    assert "translations" not in _columns("workshops") | _columns("sessions")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, name, role, password_hash, preferred_language,"
                " active, session_token, created_at) VALUES (1, 'a@example.org', 'A',"
                " 'facilitator', 'x', 'en', true, 't', CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO workshops (id, uid, title, objectives, context_notes, start_date,"
                " end_date, timezone, track, confidentiality, status, format, parity_sides,"
                " names_in_files, working_languages, owner_id, version, created_at, updated_at)"
                " VALUES (1, 'w1', 'Dialogue', '', '', '2027-05-10', '2027-05-11',"
                " 'Asia/Tbilisi', 'track_two', 'chatham_house', 'draft', 'open',"
                ' \'["armenian", "azerbaijani"]\', false, \'["en", "hy"]\', 1, 1,'
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    upgrade(revision=REVISION)
    assert "translations" in _columns("workshops") and "translations" in _columns("sessions")
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT translations FROM workshops WHERE id = 1")).scalar()
    assert stored in ({}, "{}")  # an existing workshop has none yet
    downgrade(revision=BEFORE)
    assert "translations" not in _columns("workshops") | _columns("sessions")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM workshops")).scalar() == "Dialogue"


def test_the_word_brief_follows_the_participants_language_with_the_marker(client, world):
    from docx import Document

    _translate_and_publish(world)
    world.participant.preferred_language = "hy"
    db.session.commit()
    _sign_in(client, world.participant)
    response = client.get(f"/workshops/{world.workshop.uid}/brief.docx?audience=participant")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Երկխոսություն Թբիլիսիում" in paragraphs
    assert any(p.endswith("Humanitarian needs (բնօրինակ, լեզուն՝ անգլերեն)") for p in paragraphs)
    assert "Կանոններ և ծանոթություն։" in paragraphs


def test_a_copy_to_new_dates_keeps_the_translations_of_what_it_copies(world):
    from datetime import date

    from planner.workshops.cloning import clone_workshop

    operations.save_translations(
        world.workshop,
        {
            ("workshop", world.workshop.uid, "title", "hy"): "Երկխոսություն Թբիլիսիում",
            ("workshop", world.workshop.uid, "objectives", "ru"): "Слушать друг друга.",
            ("session", world.opening.uid, "title", "az"): "Açılış dairəsi",
        },
        world.workshop.version,
    )
    db.session.commit()
    same = clone_workshop(world.workshop, world.owner, date(2027, 9, 6))
    renamed = clone_workshop(world.workshop, world.owner, date(2027, 10, 4), "Autumn dialogue")
    db.session.commit()
    assert same.translations == {
        "title": {"hy": "Երկխոսություն Թբիլիսիում"},
        "objectives": {"ru": "Слушать друг друга."},
    }
    assert renamed.translations == {"objectives": {"ru": "Слушать друг друга."}}
    opening = next(s for s in same.sessions if s.title == "Opening circle")
    assert opening.translations == {"title": {"az": "Açılış dairəsi"}}


def test_a_language_no_longer_worked_in_keeps_its_translations_out_of_the_json_brief(client, world):
    operations.save_translations(
        world.workshop,
        {
            ("workshop", world.workshop.uid, "title", "az"): "Tbilisidə dialoq",
            ("workshop", world.workshop.uid, "title", "hy"): "Երկխոսություն Թբիլիսիում",
        },
        world.workshop.version,
    )
    world.workshop.working_languages = ["en", "hy"]
    db.session.commit()
    _sign_in(client, world.owner)
    document = _json_brief(client, world)
    assert document["workshop"]["translations"] == {"title": {"hy": "Երկխոսություն Թբիլիսիում"}}
    document["workshop"]["title"] = "IMPORTED-COPY"
    assert _import_file(client, document).status_code == 302  # it imports back


def test_the_answer_to_an_invitation_names_the_workshop_in_the_readers_language(client, world):
    from planner.models import Invitation
    from planner.vocabulary import InvitationStatus

    _translate_and_publish(world)
    world.participant.preferred_language = "hy"
    invitation = db.session.query(Invitation).filter_by(person=world.participant.person).one()
    invitation.status = InvitationStatus.INVITED
    db.session.commit()
    _sign_in(client, world.participant)
    response = client.post(
        f"/my/invitations/{invitation.uid}/respond",
        data={"answer": "confirm", "return_to": "agenda"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "«Երկխոսություն Թբիլիսիում»" in page or "“Երկխոսություն Թբիլիսիում”" in page


def test_the_offline_copy_for_the_room_gives_the_originals_their_language(client, world):
    # The copy for the room is in the workshop's first working language: the originals'.
    _translate_and_publish(world)
    _sign_in(client, world.owner)
    response = client.get(f"/workshops/{world.workshop.uid}/live/offline-agenda.html")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<h1><span lang="en">Dialogue in Tbilisi</span></h1>' in page
    assert '<span lang="en">Humanitarian needs</span>' in page and "original-marker" not in page


def test_a_new_translation_is_a_change_participants_see_until_it_is_published(world):
    from planner.agenda.publishing import latest_publication, unpublished_changes

    _translate_and_publish(world)
    operations.save_translations(
        world.workshop,
        {
            ("session", world.needs.uid, "title", "ru"): "Гуманитарные нужды",
            ("workshop", world.workshop.uid, "objectives", "az"): "Bir-birimizi dinləmək.",
        },
        world.workshop.version,
    )
    db.session.commit()
    published = latest_publication(world.workshop.id).snapshot
    lines = unpublished_changes(published, load_workshop_page_data(world.workshop.uid))
    assert lines == (
        "Updated translations of the workshop's title or objectives.",
        "Updated translations for “Humanitarian needs”.",
    )


def test_the_translations_page_sends_as_many_statements_for_twenty_sessions_as_for_two(
    client, make, world
):
    from tests.sql_statements import statements_for

    _sign_in(client, world.owner)
    url = f"/workshops/{world.workshop.uid}/translations"
    few = statements_for(client, url)
    for n in range(18):
        make.session(world.workshop, title=f"Session {n}", start_time=time(13, 0), position=100 + n)
    assert statements_for(client, url) == few


def test_an_invitation_email_names_the_workshop_and_its_objectives_in_the_recipients_language(
    app, world
):
    from flask_babel import force_locale

    from planner.outbox import composing
    from planner.outbox.kinds import MessageKind
    from planner.redaction import own_invitation_view, participant_view, viewer_for_invitation

    _translate_and_publish(world)
    data = load_workshop_page_data(world.workshop.uid)
    own = next(i for i in data.invitations if i.person.uid == world.participant.person.uid)
    viewer = viewer_for_invitation(data, own.uid)
    with app.test_request_context(), force_locale("hy"):
        draft = composing.compose(
            MessageKind.INVITATION,
            participant_view(data, viewer),
            own_invitation_view(data, viewer),
        )
    assert "Երկխոսություն Թբիլիսիում" in draft.body and "Dialogue in Tbilisi" not in draft.body
    assert "Listen to each other. (բնօրինակ, լեզուն՝ անգլերեն)" in draft.body

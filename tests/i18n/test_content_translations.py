"""Workshop content in several languages (issue 19, item 4).

The participant-facing texts (a workshop's title and objectives, each session's title and
description) carry translations into the workshop's working languages, entered side by side;
participants read their language or the original with a visible marker; the readiness
review lists what is missing; the JSON brief carries the translations there and back.
"""

from __future__ import annotations

import re
from datetime import time

import pytest

from planner.content_translations import (
    as_stored,
    as_triples,
    localised,
    target_languages,
)
from planner.extensions import db
from planner.models import AuditEvent, Session, Workshop
from planner.vocabulary import Audience, Community, Role
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

"""Other groups' parallel sessions (issue 17, item 4): a participant's agenda and brief show
"Separate sessions" where other communities meet on their own, never their titles, and no
unexplained gap."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, time

import pytest
from sqlalchemy import select

from planner.agenda.publishing import publish_agenda
from planner.extensions import db
from planner.models import Invitation
from planner.redaction import (
    EVERY_PARTICIPANT,
    GENERIC_PARTICIPANT,
    SEPARATE_TITLE,
    Viewer,
    forbidden_strings,
    separate_sessions,
)
from planner.vocabulary import Audience, Community, SessionFormat
from planner.workshop_data import SessionData, WorkshopData
from planner.workshop_loading import load_workshop_head, workshop_page_data
from planner.workshops import methodology
from tests.planning.conftest import workshop_values

DAY = date(2027, 5, 10)


def _session(uid, start, minutes, audience=Audience.EVERYONE, community=None, title=None):
    return SessionData(
        uid=uid,
        day=DAY,
        start=start,
        duration_minutes=minutes,
        title=title or f"Secret title {uid}",
        format=SessionFormat.CAUCUS if community else SessionFormat.PLENARY,
        audience=audience,
        audience_community=community,
        description=f"Secret description {uid}",
    )


def _workshop(*sessions) -> WorkshopData:
    return WorkshopData(
        uid="w", title="W", start_date=DAY, end_date=DAY, timezone="Europe/Rome", sessions=sessions
    )


ARM = _session("arm", time(15, 35), 60, Audience.COMMUNITY, Community.ARMENIAN)
AZE = _session("aze", time(15, 35), 60, Audience.COMMUNITY, Community.AZERBAIJANI)
PLENARY = _session("plenary", time(14, 0), 95)


def _spans(sessions):
    return [(s.start, s.ends_at.time(), s.title) for s in sessions]


def test_a_viewer_of_neither_side_sees_separate_sessions_where_the_caucuses_are():
    workshop = _workshop(PLENARY, ARM, AZE)
    for viewer in (GENERIC_PARTICIPANT, Viewer(community=Community.INTERNATIONAL)):
        placeholders = separate_sessions(workshop, viewer)
        assert _spans(placeholders) == [(time(15, 35), time(16, 35), SEPARATE_TITLE)]
        (placeholder,) = placeholders
        assert "Secret" not in placeholder.description
        assert placeholder.topics == placeholder.prompts == placeholder.groups == ()


def test_a_side_with_its_own_caucus_alongside_has_nothing_to_explain():
    workshop = _workshop(PLENARY, ARM, AZE)
    assert separate_sessions(workshop, Viewer(community=Community.ARMENIAN)) == ()
    assert separate_sessions(workshop, Viewer(community=Community.AZERBAIJANI)) == ()


def test_only_the_time_the_viewers_own_sessions_leave_uncovered_is_shown():
    longer = _session("aze", time(15, 35), 90, Audience.COMMUNITY, Community.AZERBAIJANI)
    workshop = _workshop(ARM, longer)
    assert _spans(separate_sessions(workshop, Viewer(community=Community.ARMENIAN))) == [
        (time(16, 35), time(17, 5), SEPARATE_TITLE)
    ]


def test_overlapping_hidden_sessions_make_one_stretch():
    later = _session("aze", time(16, 0), 60, Audience.COMMUNITY, Community.AZERBAIJANI)
    assert _spans(separate_sessions(_workshop(ARM, later), GENERIC_PARTICIPANT)) == [
        (time(15, 35), time(17, 0), SEPARATE_TITLE)
    ]


def test_facilitators_meeting_alone_is_free_time_not_a_separate_session():
    team = _session("team", time(18, 0), 60, Audience.FACILITATORS)
    assert separate_sessions(_workshop(PLENARY, team), GENERIC_PARTICIPANT) == ()


def test_every_participant_sees_every_caucus_and_needs_no_placeholder():
    assert separate_sessions(_workshop(PLENARY, ARM, AZE), EVERY_PARTICIPANT) == ()


# Through the brief and the participant agenda page.


@pytest.fixture
def published(seeded, facilitator, make):
    """The one-day template (caucuses 11:20–12:10), an international and an Armenian
    participant invited, published."""
    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-one-day"),
        workshop_values(days=1),
    )
    db.session.commit()
    users = {
        community: make.participant_user(workshop, community=community)
        for community in (Community.INTERNATIONAL, Community.ARMENIAN)
    }
    head = load_workshop_head(workshop.uid)
    publish_agenda(head, workshop_page_data(head), facilitator)
    db.session.commit()
    return workshop, users


def _hidden_titles(workshop, community):
    return [
        s.title
        for s in workshop.sessions
        if s.audience == Audience.COMMUNITY and s.audience_community != community
    ]


def test_generic_participant_brief_shows_separate_sessions_instead_of_a_gap(
    published, facilitator, client, login
):
    workshop, _ = published
    login(facilitator)
    text = client.get(f"/workshops/{workshop.uid}/brief.md?audience=participant").get_data(
        as_text=True
    )
    assert SEPARATE_TITLE in text
    line = next(line for line in text.splitlines() if SEPARATE_TITLE in line)
    assert "11:20" in line
    for title in _hidden_titles(workshop, None):
        assert title not in text
    data = workshop_page_data(load_workshop_head(workshop.uid))
    assert not [s for s in forbidden_strings(data, GENERIC_PARTICIPANT) if s in text]


def test_facilitator_brief_shows_the_caucuses_themselves(published, facilitator, client, login):
    workshop, _ = published
    login(facilitator)
    text = client.get(f"/workshops/{workshop.uid}/brief.md?audience=facilitator").get_data(
        as_text=True
    )
    assert SEPARATE_TITLE not in text
    assert "Caucus: Armenian participants" in text and "Caucus: Azerbaijani participants" in text


def test_participant_of_neither_side_sees_separate_sessions_on_their_agenda(
    published, client, login
):
    workshop, users = published
    login(users[Community.INTERNATIONAL])
    page = client.get(f"/my/workshops/{workshop.uid}", follow_redirects=True).get_data(as_text=True)
    assert SEPARATE_TITLE in page
    assert 'datetime="2027-05-10T11:20"' in page
    for title in _hidden_titles(workshop, Community.INTERNATIONAL):
        assert title not in page


def test_participant_with_own_caucus_sees_it_and_no_placeholder(published, client, login):
    workshop, users = published
    login(users[Community.ARMENIAN])
    page = client.get(f"/my/workshops/{workshop.uid}", follow_redirects=True).get_data(as_text=True)
    assert "Caucus: Armenian participants" in page
    assert "Caucus: Azerbaijani participants" not in page
    assert SEPARATE_TITLE not in page


pdftotext = shutil.which("pdftotext")


@pytest.mark.skipif(pdftotext is None, reason="pdftotext (poppler-utils) missing")
def test_participant_pdf_has_no_unexplained_gap(published, facilitator, client, login):
    workshop, _ = published
    login(facilitator)
    pdf = client.get(f"/workshops/{workshop.uid}/brief.pdf?audience=participant").data
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert SEPARATE_TITLE in text
    assert "11:20–12:10" in text
    for title in _hidden_titles(workshop, None):
        assert title not in text
    assert db.session.scalars(select(Invitation)).all()

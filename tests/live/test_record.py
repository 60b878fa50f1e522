"""After the workshop: sessions held with actual times and an outcome note; the workshop held."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEvent, Session, Workshop
from planner.vocabulary import WorkshopStatus


def record_url(day, key):
    return f"/workshops/{day.workshop.uid}/live/sessions/{day.sessions[key].uid}/record"


def form(day, key, **values):
    session = db.session.get(Session, day.sessions[key].id)
    # The field names the page's form has: WTForms adds no "-" after a prefix that already
    # ends in a separator, as a public id may ("…_" or "…-", one id in 32).
    prefix = session.uid if session.uid[-1] in "-_;:/." else f"{session.uid}-"
    data = {f"{prefix}version": str(session.version)}
    data.update({f"{prefix}{name}": value for name, value in values.items()})
    return data


def fresh(day, key) -> Session:
    db.session.expire_all()
    return db.session.get(Session, day.sessions[key].id)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 200), ("co", 200), ("organiser", 200), ("other", 404), ("participant", 403)],
)
def test_the_record_page_is_for_the_team(client, login, live_day, who, expected):
    login(getattr(live_day, who))
    assert client.get(f"/workshops/{live_day.workshop.uid}/live/record").status_code == expected


def test_a_session_is_recorded_held_with_its_actual_times_and_note(client, login, live_day):
    login(live_day.owner)
    response = client.post(
        record_url(live_day, "plenary"),
        data=form(
            live_day,
            "plenary",
            held="y",
            actual_start="10:05",
            actual_end="11:50",
            outcome_note="Both sides named the 2020 war as the turning point; Ermənistan və Azərbaycan.",
        ),
    )
    assert response.status_code == 302
    session = fresh(live_day, "plenary")
    assert (session.held, session.actual_start, session.actual_end) == (
        True,
        time(10, 5),
        time(11, 50),
    )
    assert "Azərbaycan" in session.outcome_note
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "session.outcome_recorded")
    )
    assert "outcome_note" in event.details["fields"]
    assert "2020" not in str(event.details)  # the note's text never reaches the log


def test_a_note_that_names_someone_is_refused(client, login, live_day):
    login(live_day.owner)
    response = client.post(
        record_url(live_day, "plenary"),
        data=form(live_day, "plenary", held="y", outcome_note="Aygün Məmmədova disagreed."),
    )
    assert response.status_code == 400
    assert "names “Aygün Məmmədova”" in response.get_data(as_text=True)
    assert fresh(live_day, "plenary").outcome_note == ""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"actual_start": "10:00", "actual_end": "11:00"}, "tick “Held” too"),
        ({"held": "y", "actual_start": "10:00"}, "both the actual start and the actual end"),
        ({"held": "y", "actual_start": "25:99", "actual_end": "11:00"}, "Check the times"),
    ],
)
def test_inconsistent_times_are_refused_and_nothing_saved(client, login, live_day, values, message):
    login(live_day.owner)
    response = client.post(
        record_url(live_day, "plenary"), data=form(live_day, "plenary", **values)
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    session = fresh(live_day, "plenary")
    assert (session.held, session.actual_start) == (False, None)


def test_the_workshop_moves_to_held(client, login, live_day):
    login(live_day.co)
    workshop = db.session.get(Workshop, live_day.workshop.id)
    response = client.post(
        f"/workshops/{live_day.workshop.uid}/live/held", data={"version": str(workshop.version)}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, live_day.workshop.id).status == WorkshopStatus.HELD


def test_a_draft_workshop_cannot_be_marked_held(client, login, live_day):
    workshop = db.session.get(Workshop, live_day.workshop.id)
    workshop.status = WorkshopStatus.DRAFT
    db.session.commit()
    login(live_day.owner)
    response = client.post(
        f"/workshops/{live_day.workshop.uid}/live/held",
        data={"version": str(workshop.version)},
        follow_redirects=True,
    )
    assert "cannot be marked held" in response.get_data(as_text=True)
    assert db.session.get(Workshop, live_day.workshop.id).status == WorkshopStatus.DRAFT


def test_outcomes_never_reach_a_participant(client, login, live_day):
    from planner.participant.operations import publish
    from planner.workshop_loading import load_workshop_head

    plenary = fresh(live_day, "plenary")
    plenary.held, plenary.outcome_note = True, "OUTCOME-SECRET-NOTE"
    db.session.commit()
    publish(load_workshop_head(live_day.workshop.uid), live_day.owner)
    db.session.commit()
    login(live_day.participant)
    for path in (
        f"/my/workshops/{live_day.workshop.uid}",
        f"/workshops/{live_day.workshop.uid}/brief.md?audience=participant",
        f"/workshops/{live_day.workshop.uid}/agenda.ics",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "OUTCOME-SECRET-NOTE" not in response.get_data(as_text=True), path


def test_the_facilitator_brief_tells_plan_from_actual_and_the_participant_brief_does_not(
    client, login, live_day
):
    from planner.participant.operations import publish
    from planner.workshop_loading import load_workshop_head

    login(live_day.owner)
    brief_url = f"/workshops/{live_day.workshop.uid}/brief.md?audience=facilitator"
    assert "What happened" not in client.get(brief_url).get_data(as_text=True)
    lunch = fresh(live_day, "lunch")
    client.post(
        f"/workshops/{live_day.workshop.uid}/live/sessions/{lunch.uid}/late",
        data={"version": str(lunch.version), "minutes": "10"},
    )
    client.post(
        record_url(live_day, "plenary"),
        data=form(
            live_day,
            "plenary",
            held="y",
            actual_start="10:05",
            actual_end="11:50",
            outcome_note="Agreement on a joint statement about missing persons.",
        ),
    )
    text = client.get(brief_url).get_data(as_text=True)
    assert "## What happened (facilitators only)" in text
    assert "| Plenary: perceptions | 10 May 10:00–11:30 | 10:05–11:50 |" in text
    assert "Agreement on a joint statement" in text
    assert r"“Lunch” is now 11:40–12:40 \(was 11:30–12:30\)." in text
    docx = client.get(f"/workshops/{live_day.workshop.uid}/brief.docx?audience=facilitator")
    assert docx.status_code == 200
    pdf = client.get(f"/workshops/{live_day.workshop.uid}/brief.pdf?audience=facilitator")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    publish(load_workshop_head(live_day.workshop.uid), live_day.owner)
    db.session.commit()
    participant = client.get(
        f"/workshops/{live_day.workshop.uid}/brief.md?audience=participant"
    ).get_data(as_text=True)
    assert "What happened" not in participant and "joint statement" not in participant

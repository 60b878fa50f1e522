"""Reordering a day's sessions: drag and drop (JSON) and Move up / Move down (issue 3, item 9)."""

from __future__ import annotations

from datetime import time

import pytest

from planner.extensions import db
from planner.models import AuditEvent, Session
from planner.vocabulary import Role


def _reload(session: Session) -> Session:
    db.session.expire_all()
    return db.session.get(Session, session.id)


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR)


@pytest.fixture
def workshop(make, owner):
    return make.workshop(owner=owner)


@pytest.fixture
def sessions(make, workshop):
    """09:00 A (60) → 10:00 B (30) → 10:30 C (45) on the first day."""
    return [
        make.session(workshop, title="A", start_time=time(9), duration_minutes=60, position=0),
        make.session(workshop, title="B", start_time=time(10), duration_minutes=30, position=1),
        make.session(workshop, title="C", start_time=time(10, 30), duration_minutes=45, position=2),
    ]


def _order_url(workshop) -> str:
    return f"/workshops/{workshop.uid}/agenda/{workshop.start_date.isoformat()}/order"


def test_reorder_recomputes_start_times_from_the_day_start(
    client, login, owner, workshop, sessions
):
    a, b, c = sessions
    login(owner)
    response = client.post(_order_url(workshop), json={"order": [c.uid, a.uid, b.uid]})
    assert response.status_code == 200
    assert [s["start"] for s in response.get_json()["sessions"]] == ["09:00", "09:45", "10:45"]
    assert [_reload(s).start_time for s in (c, a, b)] == [time(9), time(9, 45), time(10, 45)]


def test_reorder_writes_an_audit_event(client, login, owner, workshop, sessions):
    a, b, c = sessions
    login(owner)
    client.post(_order_url(workshop), json={"order": [b.uid, a.uid, c.uid]})
    assert db.session.query(AuditEvent).filter_by(action="agenda.reorder").count() == 1


def test_order_that_is_not_a_permutation_is_refused(client, login, owner, workshop, sessions):
    a, b, _ = sessions
    login(owner)
    response = client.post(_order_url(workshop), json={"order": [a.uid, b.uid, b.uid]})
    assert response.status_code == 400
    assert "not a rearrangement" in response.get_json()["error"]
    assert _reload(b).start_time == time(10)


def test_order_naming_another_workshops_session_is_refused(
    client, make, login, owner, workshop, sessions
):
    a, b, c = sessions
    stranger = make.session(make.workshop(owner=owner))
    login(owner)
    response = client.post(_order_url(workshop), json={"order": [a.uid, b.uid, stranger.uid]})
    assert response.status_code == 400
    assert "not in this agenda" in response.get_json()["error"]


def test_order_that_is_not_json_is_refused_with_a_message(client, login, owner, workshop, sessions):
    login(owner)
    response = client.post(_order_url(workshop), data="order=1,2,3")
    assert response.status_code == 400
    assert "Send the new order as JSON" in response.get_json()["error"]


def test_reorder_that_would_overlap_is_refused(client, make, login, owner, workshop, sessions):
    a, b, c = sessions
    # A runs alongside whatever precedes it: after C, two sessions for everyone would clash.
    a.alongside_previous = True
    db.session.commit()
    login(owner)
    response = client.post(_order_url(workshop), json={"order": [c.uid, a.uid, b.uid]})
    assert response.status_code == 400
    assert "overlaps" in response.get_json()["error"]
    assert _reload(c).start_time == time(10, 30)


def test_reorder_of_a_day_outside_the_workshop_is_not_found(
    client, login, owner, workshop, sessions
):
    login(owner)
    response = client.post(f"/workshops/{workshop.uid}/agenda/2030-01-01/order", json={"order": []})
    assert response.status_code == 404


def test_anonymous_reorder_is_sent_to_sign_in(client, workshop, sessions):
    response = client.post(_order_url(workshop), json={"order": [s.uid for s in sessions]})
    assert response.status_code == 302


def test_participant_cannot_reorder(client, make, login, workshop, sessions):
    login(make.participant_user(workshop))
    response = client.post(_order_url(workshop), json={"order": [s.uid for s in sessions][::-1]})
    assert response.status_code == 403


def test_facilitator_not_on_the_team_cannot_reorder(client, make, login, workshop, sessions):
    login(make.user(Role.FACILITATOR))
    response = client.post(_order_url(workshop), json={"order": [s.uid for s in sessions][::-1]})
    assert response.status_code == 404


def test_organiser_may_reorder(client, make, login, workshop, sessions):
    login(make.user(Role.ORGANISER))
    response = client.post(_order_url(workshop), json={"order": [s.uid for s in sessions][::-1]})
    assert response.status_code == 200


def test_reorder_needs_the_csrf_token(app, client, login, owner, workshop, sessions):
    login(owner)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(_order_url(workshop), json={"order": [s.uid for s in sessions][::-1]})
    assert response.status_code == 400
    assert _reload(sessions[0]).position == 0


def test_move_down_swaps_with_the_next_session(client, login, owner, workshop, sessions):
    a, b, c = sessions
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{a.uid}/move",
        data={"direction": "down", "version": a.version},
    )
    assert response.status_code == 302
    assert [_reload(s).start_time for s in (b, a, c)] == [time(9), time(9, 30), time(10, 30)]


def test_move_up_on_the_page_shows_the_new_times(client, login, owner, workshop, sessions):
    a, b, c = sessions
    login(owner)
    page = client.post(
        f"/workshops/{workshop.uid}/sessions/{c.uid}/move",
        data={"direction": "up", "version": c.version},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert page.index(">A</a>") < page.index(">C</a>") < page.index(">B</a>")
    assert '10:00</time>–<time class="end">10:45' in page


def test_move_with_a_stale_version_is_a_conflict(client, login, owner, workshop, sessions):
    a, b, _ = sessions
    login(owner)
    stale = b.version
    client.post(_order_url(workshop), json={"order": [b.uid, a.uid, sessions[2].uid]})
    page = client.post(
        f"/workshops/{workshop.uid}/sessions/{b.uid}/move",
        data={"direction": "down", "version": stale},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "changed by someone else" in page
    assert _reload(b).position == 0


def test_participant_cannot_move_a_session(client, make, login, workshop, sessions):
    login(make.participant_user(workshop))
    a = sessions[0]
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{a.uid}/move",
        data={"direction": "down", "version": a.version},
    )
    assert response.status_code == 403
    assert _reload(a).position == 0


def test_moving_the_first_session_up_changes_nothing(client, login, owner, workshop, sessions):
    a = sessions[0]
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{a.uid}/move",
        data={"direction": "up", "version": a.version},
    )
    assert _reload(a).position == 0
    assert db.session.query(AuditEvent).filter_by(action="agenda.reorder").count() == 0

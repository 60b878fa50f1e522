"""The agenda editor and sessions (issue 3, items 4, 5, 6): pages, roles, timing rules."""

from __future__ import annotations

from datetime import date, time

import pytest

from planner.extensions import db
from planner.models import AuditEvent, Session
from planner.vocabulary import Audience, Community, Role, SessionFormat

DAY1 = date(2027, 5, 10)
DAY2 = date(2027, 5, 11)


def _form(**overrides) -> dict:
    values = {
        "title": "Opening circle",
        "day": DAY1.isoformat(),
        "start_time": "09:00",
        "duration_minutes": "60",
        "format": "opening",
        "audience": "everyone",
        "audience_community": "",
        "description": "",
        "facilitator_notes": "",
    }
    values.update(overrides)
    return values


def _reload(session: Session) -> Session:
    db.session.expire_all()
    return db.session.get(Session, session.id)


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR, name="Owner")


@pytest.fixture
def workshop(make, owner):
    return make.workshop(owner=owner, title="Venice dialogue", timezone="Europe/Rome")


@pytest.fixture
def day_of_three(make, workshop):
    """09:00 Opening (60) → 10:00 Plenary (90) → 11:30 Break (30), in that order."""
    return [
        make.session(
            workshop, title="Opening", start_time=time(9), duration_minutes=60, position=0
        ),
        make.session(
            workshop, title="Plenary", start_time=time(10), duration_minutes=90, position=1
        ),
        make.session(
            workshop,
            title="Coffee",
            start_time=time(11, 30),
            duration_minutes=30,
            position=2,
            format=SessionFormat.BREAK,
        ),
    ]


# Who may open the editor.


def test_anonymous_visitor_is_sent_to_sign_in(client, workshop):
    response = client.get(f"/workshops/{workshop.uid}/agenda")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_participant_cannot_edit_agenda(client, make, login, workshop):
    login(make.participant_user(workshop))
    assert client.get(f"/workshops/{workshop.uid}/agenda").status_code == 403


def test_participant_not_invited_does_not_learn_the_workshop_exists(client, make, login, workshop):
    login(make.participant_user())
    assert client.get(f"/workshops/{workshop.uid}/agenda").status_code == 404


def test_facilitator_not_on_the_team_gets_not_found(client, make, login, workshop):
    login(make.user(Role.FACILITATOR))
    assert client.get(f"/workshops/{workshop.uid}/agenda").status_code == 404


def test_owner_sees_each_day_with_times_and_prompt_counts(
    client, login, owner, workshop, day_of_three
):
    login(owner)
    page = client.get(f"/workshops/{workshop.uid}/agenda").get_data(as_text=True)
    assert "Monday 10 May 2027" in page and "Tuesday 11 May 2027" in page
    assert '09:00</time>–<time class="end">10:00' in page
    assert '11:30</time>–<time class="end">12:00' in page
    assert "Europe/Rome" in page
    assert "0 prompts" in page
    assert "<svg" in page  # the day's timeline


def test_co_facilitator_may_edit_agenda(client, make, login, workshop):
    co = make.user(Role.FACILITATOR)
    workshop.co_facilitators.append(co)
    db.session.commit()
    login(co)
    assert client.get(f"/workshops/{workshop.uid}/agenda").status_code == 200


def test_organiser_may_edit_any_agenda(client, make, login, workshop):
    login(make.user(Role.ORGANISER))
    assert client.get(f"/workshops/{workshop.uid}/agenda").status_code == 200


def test_unknown_workshop_is_not_found(client, login, owner):
    login(owner)
    assert client.get("/workshops/no-such-workshop/agenda").status_code == 404


# Creating sessions.


def test_new_session_form_offers_only_the_workshop_days(client, login, owner, workshop):
    login(owner)
    page = client.get(f"/workshops/{workshop.uid}/sessions/new?day=2027-05-11").get_data(
        as_text=True
    )
    assert 'value="2027-05-10"' in page and 'value="2027-05-11"' in page
    assert '<option selected value="2027-05-11">' in page
    assert '<label for="duration_minutes">' in page


def test_first_session_of_a_day_starts_when_given(client, login, owner, workshop):
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/new", data=_form(start_time="09:30")
    )
    assert response.status_code == 302
    session = db.session.query(Session).one()
    assert session.start_time == time(9, 30)
    assert session.title == "Opening circle"


def test_new_session_follows_on_from_the_last_one_of_its_day(
    client, login, owner, workshop, day_of_three
):
    login(owner)
    # The form proposes 12:00, when the day's last session ends; kept as it is, it follows on.
    client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data=_form(title="Small groups", start_time="12:00", format="small_groups"),
    )
    created = db.session.query(Session).filter_by(title="Small groups").one()
    assert created.start_time == time(12, 0)
    assert created.position == 3
    assert not created.fixed_start


def test_a_start_typed_for_a_new_later_session_is_kept_with_free_time_before_it(
    client, login, owner, workshop, day_of_three
):
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data=_form(title="Dinner", start_time="19:30", duration_minutes="120", format="informal"),
        follow_redirects=True,
    )
    created = db.session.query(Session).filter_by(title="Dinner").one()
    assert (created.start_time, created.position, created.fixed_start) == (time(19, 30), 3, True)
    page = response.get_data(as_text=True)
    assert "“Dinner” added: 19:30–21:30" in page
    assert "12:00–19:30" in page and "Free time (7 h 30 min)" in page
    assert db.session.query(Session).count() == 4, "no filler session"


def test_creating_a_session_writes_an_audit_event_without_notes(client, login, owner, workshop):
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data=_form(facilitator_notes="NOTE-NEVER-IN-AUDIT"),
    )
    event = db.session.query(AuditEvent).filter_by(action="session.create").one()
    assert "NOTE-NEVER-IN-AUDIT" not in str(event.details)


def test_unicode_titles_are_kept(client, login, owner, workshop):
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data=_form(title="Անի Հակոբյան, Aygün Məmmədova, Ольга Смирнова"),
    )
    page = client.get(f"/workshops/{workshop.uid}/agenda").get_data(as_text=True)
    assert "Անի Հակոբյան, Aygün Məmmədova, Ольга Смирнова" in page


def test_duration_out_of_range_shows_a_message_and_saves_nothing(client, login, owner, workshop):
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/new", data=_form(duration_minutes="721")
    )
    assert response.status_code == 200
    assert "between 5 and 720 minutes" in response.get_data(as_text=True)
    assert db.session.query(Session).count() == 0


def test_day_outside_the_workshop_is_refused(client, login, owner, workshop):
    login(owner)
    response = client.post(f"/workshops/{workshop.uid}/sessions/new", data=_form(day="2027-06-01"))
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.query(Session).count() == 0


def test_one_community_session_must_name_the_community(client, login, owner, workshop):
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/new", data=_form(audience="community")
    )
    assert "Choose the community this session is for." in response.get_data(as_text=True)
    assert db.session.query(Session).count() == 0


def test_session_running_past_midnight_on_the_last_day_is_saved(client, login, owner, workshop):
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data=_form(day=DAY2.isoformat(), start_time="22:00", duration_minutes="180"),
    )
    assert db.session.query(Session).count() == 1


def test_session_running_past_three_after_the_last_day_is_refused(client, login, owner, workshop):
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data=_form(day=DAY2.isoformat(), start_time="22:00", duration_minutes="330"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "outside the workshop dates" in page
    assert db.session.query(Session).count() == 0


def test_overlap_for_the_same_audience_is_refused_naming_both_sessions(
    client, make, login, owner, workshop
):
    make.session(workshop, title="Plenary", start_time=time(9), duration_minutes=60, position=0)
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data=_form(title="Second plenary", alongside_previous="y"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "“Plenary” (09:00–10:00) overlaps “Second plenary” (09:00–10:00)" in page
    assert db.session.query(Session).count() == 1


def test_caucuses_of_the_two_communities_may_run_alongside(client, make, login, owner, workshop):
    make.session(
        workshop,
        title="Armenian caucus",
        format=SessionFormat.CAUCUS,
        audience=Audience.COMMUNITY,
        audience_community=Community.ARMENIAN,
        position=0,
    )
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data=_form(
            title="Azerbaijani caucus",
            format="caucus",
            audience="community",
            audience_community="azerbaijani",
            alongside_previous="y",
        ),
    )
    created = db.session.query(Session).filter_by(title="Azerbaijani caucus").one()
    assert created.start_time == time(9)


# Editing sessions.


def test_editing_a_duration_moves_the_later_sessions(client, login, owner, workshop, day_of_three):
    opening, plenary, coffee = day_of_three
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{opening.uid}/edit",
        data=_form(title="Opening", duration_minutes="45", version=opening.version),
    )
    assert response.status_code == 302
    assert _reload(plenary).start_time == time(9, 45)
    assert _reload(coffee).start_time == time(11, 15)


def test_start_time_typed_for_a_later_session_sticks(client, login, owner, workshop, day_of_three):
    _, plenary, coffee = day_of_three
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/edit",
        data=_form(
            title="Plenary",
            start_time="15:00",
            duration_minutes="90",
            format="plenary",
            version=plenary.version,
        ),
    )
    saved = _reload(plenary)
    assert (saved.start_time, saved.fixed_start) == (time(15), True)
    assert _reload(coffee).start_time == time(10), "placed by its time, after the coffee"


def test_start_time_left_as_it_was_follows_the_session_before(
    client, login, owner, workshop, day_of_three
):
    opening, plenary, _ = day_of_three
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{opening.uid}/edit",
        data=_form(title="Opening", duration_minutes="30", version=opening.version),
    )
    client.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/edit",
        data=_form(
            title="Plenary",
            start_time="09:30",
            duration_minutes="60",
            format="plenary",
            version=_reload(plenary).version,
        ),
    )
    saved = _reload(plenary)
    assert (saved.start_time, saved.fixed_start) == (time(9, 30), False)


def test_start_time_of_the_first_session_moves_the_whole_day(
    client, login, owner, workshop, day_of_three
):
    opening, plenary, coffee = day_of_three
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{opening.uid}/edit",
        data=_form(title="Opening", start_time="10:00", version=opening.version),
    )
    assert [_reload(s).start_time for s in day_of_three] == [time(10), time(11), time(12, 30)]


def test_stale_version_is_a_conflict_and_saves_nothing(
    client, login, owner, workshop, day_of_three
):
    opening = day_of_three[0]
    login(owner)
    stale = opening.version
    client.post(
        f"/workshops/{workshop.uid}/sessions/{opening.uid}/edit",
        data=_form(title="First save", version=stale),
    )
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{opening.uid}/edit",
        data=_form(title="Second save", version=stale),
        follow_redirects=True,
    )
    assert "changed by someone else" in response.get_data(as_text=True)
    assert _reload(opening).title == "First save"


def test_moving_a_session_to_another_day_closes_up_both_days(
    client, login, owner, workshop, day_of_three
):
    opening, plenary, coffee = day_of_three
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/edit",
        data=_form(
            title="Plenary",
            day=DAY2.isoformat(),
            start_time="14:00",
            duration_minutes="90",
            version=plenary.version,
        ),
    )
    plenary = _reload(plenary)
    assert (plenary.day, plenary.start_time) == (DAY2, time(14))
    assert _reload(coffee).start_time == time(10)


def test_editor_flags_topics_and_suggests_matching_ones(
    client, make, login, owner, workshop, day_of_three
):
    opening = day_of_three[0]
    lachin = make.topic("lachin", name="Humanitarian access", keywords=["Lachin corridor"])
    make.topic("status", name="Status question", keywords=["status"])
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{opening.uid}/edit",
        data=_form(
            title="Opening",
            description="The Lachin corridor and supplies",
            topics=["status"],
            version=opening.version,
        ),
    )
    assert [t.key for t in _reload(opening).topics] == ["status"]
    page = client.get(f"/workshops/{workshop.uid}/sessions/{opening.uid}/edit").get_data(
        as_text=True
    )
    assert 'class="suggested"' in page
    assert "Suggested" in page and lachin.name in page


def test_session_of_another_workshop_is_not_found(client, make, login, owner, workshop):
    other = make.session(make.workshop(owner=owner))
    login(owner)
    response = client.get(f"/workshops/{workshop.uid}/sessions/{other.uid}/edit")
    assert response.status_code == 404


def test_participant_cannot_open_the_session_editor(client, make, login, workshop, day_of_three):
    login(make.participant_user(workshop))
    response = client.get(f"/workshops/{workshop.uid}/sessions/{day_of_three[0].uid}/edit")
    assert response.status_code == 403


def test_participant_cannot_create_a_session(client, make, login, workshop):
    login(make.participant_user(workshop))
    response = client.post(f"/workshops/{workshop.uid}/sessions/new", data=_form())
    assert response.status_code == 403
    assert db.session.query(Session).count() == 0


def test_delete_closes_up_the_day_keeping_its_start(client, login, owner, workshop, day_of_three):
    opening, plenary, coffee = day_of_three
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{opening.uid}/delete",
        data={"version": opening.version},
    )
    assert response.status_code == 302
    assert _reload(plenary).start_time == time(9)
    assert _reload(coffee).start_time == time(10, 30)
    assert db.session.query(AuditEvent).filter_by(action="session.delete").count() == 1


def test_participant_cannot_delete_a_session(client, make, login, workshop, day_of_three):
    login(make.participant_user(workshop))
    opening = day_of_three[0]
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{opening.uid}/delete",
        data={"version": opening.version},
    )
    assert response.status_code == 403
    assert db.session.query(Session).count() == 3


def test_editor_explains_why_a_typed_start_time_could_not_be_kept(
    client, login, owner, workshop, day_of_three
):
    _, plenary, _ = day_of_three
    login(owner)
    page = client.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/edit",
        data=_form(
            title="Plenary",
            start_time="09:30",
            duration_minutes="90",
            format="plenary",
            version=plenary.version,
        ),
        follow_redirects=True,
    ).get_data(as_text=True)
    assert (
        "“Plenary” was fixed at 09:30 and now starts at 10:00, when the sessions before it end"
        in page
    )


def test_stale_form_that_only_changes_flags_is_a_conflict(
    client, make, login, owner, workshop, day_of_three
):
    opening = day_of_three[0]
    make.topic("status", name="Status question", keywords=["status"])
    make.topic("war", name="The war", keywords=["war"])
    login(owner)
    stale = opening.version
    url = f"/workshops/{workshop.uid}/sessions/{opening.uid}/edit"
    client.post(url, data=_form(title="Opening", topics=["status"], version=stale))
    page = client.post(
        url, data=_form(title="Opening", topics=["war"], version=stale), follow_redirects=True
    ).get_data(as_text=True)
    assert "changed by someone else" in page
    assert [t.key for t in _reload(opening).topics] == ["status"]

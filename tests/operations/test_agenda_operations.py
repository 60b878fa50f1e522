"""Agenda operations (planner.agenda.operations and publishing.publish_agenda), without a client.

Sessions are added, edited, deleted and reordered with start times that follow from the
order; prompts are attached, moved and written; small groups are saved; the agenda is
published. Each change writes one audit event that never holds notes or titles' text.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, time

import pytest
from sqlalchemy import func, select

from planner.agenda import operations
from planner.agenda.operations import ScheduleRefused, SessionValues
from planner.agenda.publishing import latest_publication, publish_agenda
from planner.exceptions import DomainError, EditConflict
from planner.extensions import db
from planner.models import Prompt, Session, SmallGroupMember
from planner.vocabulary import Audience, Community, Phase, PromptOrigin, SessionFormat
from planner.workshop_loading import load_workshop_head, workshop_page_data
from tests.operations.conftest import assert_details_never_mention, audit_events, only_event

DAY_1 = date(2027, 5, 10)
DAY_2 = date(2027, 5, 11)
NOTES = "NOTES-Keep the two delegations apart at lunch"


def values(**overrides) -> SessionValues:
    base = SessionValues(
        title="Opening circle",
        day=DAY_1,
        start_time=time(9, 0),
        duration_minutes=60,
        alongside_previous=False,
        format=SessionFormat.PLENARY,
        audience=Audience.EVERYONE,
        audience_community=None,
        description="Introductions.",
        facilitator_notes=NOTES,
        topics=(),
    )
    return dataclasses.replace(base, **overrides)


def editor(session: Session, **overrides) -> SessionValues:
    """The session editor as opened on ``session`` now, with ``overrides`` typed in."""
    current = {f.name: getattr(session, f.name) for f in dataclasses.fields(SessionValues)}
    current["topics"] = tuple(session.topics)
    return SessionValues(**{**current, **overrides})


@pytest.fixture
def workshop(make):
    return make.workshop(start_date=DAY_1, end_date=DAY_2)


@pytest.fixture
def day(workshop):
    """Three sessions on the first day, 09:00–10:00, 10:00–10:30, 10:30–12:00."""
    sessions = [
        operations.create_session(workshop, values(title="Opening", duration_minutes=60)),
        operations.create_session(workshop, values(title="Coffee", duration_minutes=30)),
        operations.create_session(workshop, values(title="Perceptions", duration_minutes=90)),
    ]
    db.session.commit()
    return sessions


def starts(sessions) -> list[tuple[str, time]]:
    return [(s.title, s.start_time) for s in sessions]


def agenda(workshop, on: date = DAY_1) -> list[tuple[str, time]]:
    db.session.expire_all()
    return starts(
        db.session.scalars(
            select(Session)
            .where(Session.workshop_id == workshop.id, Session.day == on)
            .order_by(Session.position)
        )
    )


# ------------------------------------------------------------------------- create_session


def test_create_session_appends_to_its_day_starting_when_the_previous_ends(workshop, day):
    assert agenda(workshop) == [
        ("Opening", time(9, 0)),
        ("Coffee", time(10, 0)),
        ("Perceptions", time(10, 30)),
    ]


def test_create_session_takes_the_start_time_only_for_the_first_of_a_day(workshop, day):
    operations.create_session(workshop, values(title="Lunch", start_time=time(7, 0)))
    assert agenda(workshop)[-1] == ("Lunch", time(12, 0))


def test_create_session_with_keep_start_keeps_a_gap_before_it(workshop, day):
    operations.create_session(
        workshop, values(title="Dinner", start_time=time(19, 0)), keep_start=True
    )
    assert agenda(workshop)[-1] == ("Dinner", time(19, 0))


def test_create_session_records_the_day_and_never_the_notes(workshop, signed_in):
    with signed_in(workshop.owner):
        session = operations.create_session(workshop, values(title="Caucus of the Armenians"))
        event = only_event("session.create")
    assert (event.record_type, event.record_uid) == ("session", session.uid)
    assert event.workshop_uid == workshop.uid
    assert event.actor_id == workshop.owner_id
    assert event.details == {"day": "2027-05-10", "title_length": len("Caucus of the Armenians")}
    assert_details_never_mention(event, NOTES, "Caucus of the Armenians")


def test_create_session_refuses_a_day_outside_the_workshop(workshop, refused):
    with refused(DomainError, match="Choose one of the workshop's days"):
        operations.create_session(workshop, values(day=date(2027, 5, 12)))


def test_create_session_refuses_a_session_running_into_the_day_after_the_workshop(
    workshop, refused
):
    with refused(ScheduleRefused, match="outside the workshop dates") as refusal:
        operations.create_session(
            workshop,
            values(title="Night walk", day=DAY_2, start_time=time(23, 30), duration_minutes=300),
        )
    assert "Night walk" in str(refusal.value)
    assert [p.kind for p in refusal.value.problems] == ["outside_dates"]


def test_create_session_refuses_an_overlap_for_the_same_audience(workshop, day, refused):
    with refused(ScheduleRefused, match="Not saved"):
        operations.create_session(
            workshop, values(title="Clash", start_time=time(9, 30)), keep_start=True
        )


def test_create_session_allows_caucuses_of_each_community_side_by_side(workshop):
    operations.create_session(
        workshop,
        values(
            title="Armenian caucus",
            audience=Audience.COMMUNITY,
            audience_community=Community.ARMENIAN,
        ),
    )
    operations.create_session(
        workshop,
        values(
            title="Azerbaijani caucus",
            audience=Audience.COMMUNITY,
            audience_community=Community.AZERBAIJANI,
            alongside_previous=True,
        ),
    )
    assert agenda(workshop) == [("Armenian caucus", time(9, 0)), ("Azerbaijani caucus", time(9, 0))]


# ------------------------------------------------------------------------- update_session


def test_update_session_saves_the_values_and_reflows_the_day(workshop, day):
    opening, coffee, _ = day
    operations.update_session(
        workshop, opening, editor(opening, duration_minutes=90), opening.version
    )
    db.session.commit()
    assert agenda(workshop) == [
        ("Opening", time(9, 0)),
        ("Coffee", time(10, 30)),
        ("Perceptions", time(11, 0)),
    ]


def test_update_session_moves_the_day_start_from_its_first_session(workshop, day):
    opening, coffee, _ = day
    operations.update_session(
        workshop, opening, editor(opening, start_time=time(8, 30)), opening.version
    )
    operations.update_session(
        workshop, coffee, editor(coffee, start_time=time(6, 0)), coffee.version
    )
    assert [t for _, t in agenda(workshop)] == [time(8, 30), time(9, 30), time(10, 0)]


def test_update_session_to_another_day_closes_up_the_old_day(workshop, day):
    opening, coffee, _ = day
    operations.update_session(
        workshop, coffee, editor(coffee, day=DAY_2, start_time=time(14, 0)), coffee.version
    )
    db.session.commit()
    assert agenda(workshop) == [("Opening", time(9, 0)), ("Perceptions", time(10, 0))]
    assert agenda(workshop, DAY_2) == [("Coffee", time(14, 0))], "first of its new day"


def test_update_session_to_a_day_with_sessions_puts_it_last_of_that_day(workshop, day):
    coffee = day[1]
    operations.create_session(workshop, values(title="Day two opening", day=DAY_2))
    operations.update_session(
        workshop, coffee, editor(coffee, day=DAY_2, start_time=time(6, 0)), coffee.version
    )
    db.session.commit()
    assert agenda(workshop, DAY_2) == [("Day two opening", time(9, 0)), ("Coffee", time(10, 0))]


def test_update_session_records_changed_field_names_never_the_notes(workshop, day, signed_in):
    opening = day[0]
    with signed_in(workshop.owner):
        operations.update_session(
            workshop, opening, editor(opening, facilitator_notes="NEW " + NOTES), 1
        )
        event = only_event("session.update")
    assert event.details == {"fields": ["facilitator_notes"]}
    assert (event.record_uid, event.actor_id) == (opening.uid, workshop.owner_id)
    assert_details_never_mention(event, NOTES)


def test_update_session_refuses_a_stale_version(workshop, day, refused):
    opening = day[0]
    opened = opening.version
    operations.update_session(workshop, opening, editor(opening, title="Welcome"), opening.version)
    db.session.commit()
    with refused(EditConflict, match="This session was changed by someone else"):
        operations.update_session(workshop, opening, editor(opening, title="Late"), opened)
    assert db.session.get(Session, opening.id).title == "Welcome"


def test_update_session_changing_only_the_flags_makes_older_editors_stale(
    workshop, day, make, refused
):
    opening = day[0]
    opened = opening.version
    topic = make.topic()
    operations.update_session(workshop, opening, editor(opening, topics=(topic,)), opening.version)
    db.session.commit()
    with refused(EditConflict):
        operations.update_session(workshop, opening, editor(opening, title="Late"), opened)


def test_update_session_refuses_a_day_outside_the_workshop(workshop, day, refused):
    opening = day[0]
    with refused(DomainError, match="Choose one of the workshop's days"):
        operations.update_session(
            workshop, opening, editor(opening, day=date(2027, 6, 1)), opening.version
        )


def test_update_session_refuses_running_beside_a_session_for_the_same_audience(
    workshop, day, refused
):
    coffee = day[1]
    with refused(ScheduleRefused, match="Not saved"):
        operations.update_session(
            workshop, coffee, editor(coffee, alongside_previous=True), coffee.version
        )
    assert agenda(workshop)[1] == ("Coffee", time(10, 0))


# ------------------------------------------------------------------------- delete_session


def test_delete_session_closes_up_the_day_keeping_its_start(workshop, day, signed_in):
    opening = day[0]
    uid = opening.uid
    with signed_in(workshop.owner):
        operations.delete_session(workshop, opening, opening.version)
        event = only_event("session.delete")
    db.session.commit()
    assert agenda(workshop) == [("Coffee", time(9, 0)), ("Perceptions", time(9, 30))]
    assert (event.record_uid, event.workshop_uid, event.actor_id) == (
        uid,
        workshop.uid,
        workshop.owner_id,
    )


def test_delete_session_refuses_a_stale_version(workshop, day, refused):
    opening = day[0]
    opened = opening.version
    operations.update_session(workshop, opening, editor(opening, title="Welcome"), opening.version)
    db.session.commit()
    with refused(EditConflict):
        operations.delete_session(workshop, opening, opened)


# ------------------------------------------------------------------------- reorder / move


def test_reorder_day_puts_the_sessions_in_the_new_order_and_reflows(workshop, day):
    opening, coffee, perceptions = day
    operations.reorder_day(workshop, DAY_1, [perceptions.uid, opening.uid, coffee.uid])
    db.session.commit()
    assert agenda(workshop) == [
        ("Perceptions", time(9, 0)),
        ("Opening", time(10, 30)),
        ("Coffee", time(11, 30)),
    ]
    event = only_event("agenda.reorder")
    assert event.details == {
        "day": "2027-05-10",
        "order": [perceptions.uid, opening.uid, coffee.uid],
    }
    assert event.record_uid == workshop.uid


@pytest.mark.parametrize(
    "order, complaint",
    [
        (lambda s: [s[0].uid, s[1].uid], "missing"),
        (lambda s: [s[0].uid, s[0].uid, s[1].uid, s[2].uid], "listed more than once"),
        (lambda s: [s[0].uid, s[1].uid, s[2].uid, "someone-else"], "not in this agenda"),
    ],
)
def test_reorder_day_refuses_an_order_that_is_not_a_rearrangement(
    workshop, day, refused, order, complaint
):
    with refused(DomainError, match=complaint):
        operations.reorder_day(workshop, DAY_1, order(day))
    assert [title for title, _ in agenda(workshop)] == ["Opening", "Coffee", "Perceptions"]


def test_move_session_moves_one_place_later(workshop, day):
    opening = day[0]
    operations.move_session(workshop, opening, 1, opening.version)
    assert [title for title, _ in agenda(workshop)] == ["Coffee", "Opening", "Perceptions"]
    assert len(audit_events("agenda.reorder")) == 1


def test_move_session_past_the_end_changes_and_records_nothing(workshop, day):
    perceptions = day[2]
    operations.move_session(workshop, perceptions, 1, perceptions.version)
    assert [title for title, _ in agenda(workshop)] == ["Opening", "Coffee", "Perceptions"]
    assert audit_events("agenda.reorder") == []


def test_move_session_refuses_a_stale_version(workshop, day, refused):
    opening = day[0]
    opened = opening.version
    operations.update_session(workshop, opening, editor(opening, title="Welcome"), opening.version)
    db.session.commit()
    with refused(EditConflict):
        operations.move_session(workshop, opening, 1, opened)


# ------------------------------------------------------------------------- prompts


def prompt_keys(session: Session) -> list[str]:
    db.session.expire(session)
    return [link.prompt.key for link in sorted(session.prompt_links, key=lambda lk: lk.position)]


def test_attach_prompt_adds_it_last_and_records_its_key(workshop, day, prompt, signed_in):
    opening = day[0]
    first, second = prompt("first"), prompt("second")
    with signed_in(workshop.owner):
        operations.attach_prompt(workshop, opening, first)
        operations.attach_prompt(workshop, opening, second)
    db.session.commit()
    assert prompt_keys(opening) == ["first", "second"]
    event = audit_events("session.prompt_attach")[-1]
    assert event.details == {"prompt": "second"}
    assert (event.record_uid, event.actor_id) == (opening.uid, workshop.owner_id)


def test_attach_prompt_refuses_a_prompt_already_attached(workshop, day, prompt, refused):
    opening = day[0]
    operations.attach_prompt(workshop, opening, prompt("first"))
    with refused(DomainError, match="already attached"):
        operations.attach_prompt(workshop, opening, db.session.scalar(select(Prompt)))


def test_detach_prompt_removes_it_and_closes_up(workshop, day, prompt):
    opening = day[0]
    for key in ("a", "b", "c"):
        operations.attach_prompt(workshop, opening, prompt(key))
    db.session.commit()
    operations.detach_prompt(workshop, opening, "a")
    db.session.commit()
    assert prompt_keys(opening) == ["b", "c"]
    assert [lk.position for lk in sorted(opening.prompt_links, key=lambda lk: lk.position)] == [
        0,
        1,
    ]
    assert only_event("session.prompt_detach").details == {"prompt": "a"}
    assert db.session.scalar(select(func.count()).select_from(Prompt)) == 3, "stays in library"


def test_detach_prompt_refuses_a_prompt_not_attached(workshop, day, prompt, refused):
    prompt("elsewhere")
    with refused(DomainError, match="not attached to this session"):
        operations.detach_prompt(workshop, day[0], "elsewhere")


def test_move_prompt_moves_it_within_the_session_clamped_to_the_ends(workshop, day, prompt):
    opening = day[0]
    for key in ("a", "b", "c"):
        operations.attach_prompt(workshop, opening, prompt(key))
    db.session.commit()
    operations.move_prompt(workshop, opening, "a", 5)
    db.session.commit()
    assert prompt_keys(opening) == ["b", "c", "a"]
    assert only_event("session.prompt_move").details == {"prompt": "a", "position": 2}


def test_move_prompt_refuses_a_prompt_not_attached(workshop, day, refused):
    with refused(DomainError, match="not attached"):
        operations.move_prompt(workshop, day[0], "nothing", 1)


def test_write_prompt_adds_a_hand_written_prompt_to_the_library_and_the_session(
    workshop, day, make
):
    opening = day[0]
    topic = make.topic()
    written = operations.write_prompt(
        workshop,
        opening,
        "  What did you hear for the first time today? ",
        Phase.PERCEPTIONS,
        [topic],
        workshop.owner,
    )
    db.session.commit()
    saved = db.session.get(Prompt, written.id)
    assert saved.text == "What did you hear for the first time today?"
    assert (saved.origin, saved.phase) == (PromptOrigin.WRITTEN, Phase.PERCEPTIONS)
    assert saved.created_by_id == workshop.owner_id
    assert [t.key for t in saved.topics] == [topic.key]
    assert prompt_keys(opening) == [saved.key]
    event = only_event("prompt.write")
    assert (event.record_uid, event.workshop_uid) == (saved.key, workshop.uid)
    assert_details_never_mention(event, "for the first time")


# ------------------------------------------------------------------------- small groups


@pytest.fixture
def groups_session(workshop, make):
    session = operations.create_session(
        workshop, values(title="Small groups", format=SessionFormat.SMALL_GROUPS)
    )
    invitations = [make.invite(workshop, make.person()) for _ in range(4)]
    db.session.commit()
    return session, invitations


def test_save_groups_places_every_confirmed_participant(workshop, groups_session, signed_in):
    session, invitations = groups_session
    a, b, c, d = (i.uid for i in invitations)
    with signed_in(workshop.owner):
        operations.save_groups(workshop, session, [[a, b], [c, d]], invitations)
        event = only_event("session.groups_save")
    db.session.commit()
    db.session.expire(session)
    assert [(g.number, sorted(m.invitation.uid for m in g.members)) for g in session.groups] == [
        (1, sorted([a, b])),
        (2, sorted([c, d])),
    ]
    assert event.details == {"groups": 2, "members": 4}
    assert (event.record_uid, event.actor_id) == (session.uid, workshop.owner_id)


def test_save_groups_replaces_the_previous_groups(workshop, groups_session):
    session, invitations = groups_session
    uids = [i.uid for i in invitations]
    operations.save_groups(workshop, session, [uids[:2], uids[2:]], invitations)
    db.session.commit()
    operations.save_groups(workshop, session, [uids], invitations)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SmallGroupMember)) == 4
    db.session.expire(session)
    assert len(session.groups) == 1


def test_save_groups_refuses_a_session_that_is_not_small_groups(workshop, day, make, refused):
    invitation = make.invite(workshop, make.person())
    with refused(DomainError, match="Only a small-groups session has groups"):
        operations.save_groups(workshop, day[0], [[invitation.uid]], [invitation])


def test_save_groups_refuses_to_leave_a_participant_out(workshop, groups_session, refused):
    session, invitations = groups_session
    with refused(DomainError, match="exactly one group"):
        operations.save_groups(workshop, session, [[i.uid for i in invitations[:3]]], invitations)


def test_save_groups_refuses_a_participant_in_two_groups(workshop, groups_session, refused):
    session, invitations = groups_session
    uids = [i.uid for i in invitations]
    with refused(DomainError, match="exactly one group"):
        operations.save_groups(workshop, session, [uids, uids[:1]], invitations)


def test_save_groups_refuses_no_groups_at_all(workshop, groups_session, refused):
    session, _ = groups_session
    with refused(DomainError, match="at least one group"):
        operations.save_groups(workshop, session, [], [])


# ------------------------------------------------------------------------- publish


def publish(workshop, actor):
    head = load_workshop_head(workshop.uid)
    return publish_agenda(head, workshop_page_data(head), actor)


def test_publish_agenda_numbers_publications_and_records_the_publisher(workshop, day, signed_in):
    first = publish(workshop, workshop.owner)
    db.session.commit()
    operations.update_session(workshop, day[0], editor(day[0], title="Welcome"), day[0].version)
    db.session.commit()
    second = publish(workshop, workshop.owner)
    db.session.commit()
    assert (first.number, second.number) == (1, 2)
    assert latest_publication(workshop.id).number == 2
    assert second.published_by_id == workshop.owner_id
    assert any("Welcome" in line for line in second.change_summary), second.change_summary
    events = audit_events("agenda.published")
    assert [e.details for e in events] == [{"number": 1}, {"number": 2}]
    assert {(e.record_uid, e.workshop_uid, e.actor_id) for e in events} == {
        ("1", workshop.uid, workshop.owner_id),
        ("2", workshop.uid, workshop.owner_id),
    }


def test_publish_agenda_keeps_no_facilitator_notes_in_the_snapshot(workshop, day, make):
    make.invite(workshop, make.person(notes="PERSON-NOTE-in danger at home"))
    publication = publish(workshop, workshop.owner)
    text = json.dumps(publication.snapshot, ensure_ascii=False)
    assert "Opening" in text
    for secret in (NOTES, workshop.context_notes, "PERSON-NOTE-in danger at home"):
        assert secret not in text


def test_latest_publication_is_none_before_the_first(workshop):
    assert latest_publication(workshop.id) is None

"""Cloning a workshop to new dates (issue 17, item 3): the design and the agenda, never the
people, their notes or their links; one operation for the page and the CLI."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from planner.agenda import operations as agenda_operations
from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import (
    AgendaPublication,
    AuditEvent,
    Invitation,
    Person,
    Prompt,
    SensitiveTopic,
    SmallGroup,
    Workshop,
)
from planner.participant.tokens import hash_token
from planner.vocabulary import Role
from planner.workshops import methodology
from planner.workshops.cloning import clone_workshop
from tests.planning.conftest import invite_balanced, workshop_values

NEW_START = date(2027, 9, 6)


@pytest.fixture
def source(seeded, facilitator, make):
    """A three-day workshop from a template, people invited (one with a private link),
    a topic flagged, small groups saved, a co-facilitator, and a publication."""
    co_facilitator = make.user(Role.FACILITATOR, name="Co Facilitator")
    template = methodology.find_template("confidence-building-three-day")
    workshop = methodology.start_from_template(
        facilitator, template, workshop_values(days=3, title="Venice, spring")
    )
    invite_balanced(workshop)
    first = workshop.invitations[0]
    first.agenda_token_hash = hash_token("private-link-token")
    first.calendar_token_hash = hash_token("calendar-feed-token")
    hard = next(s for s in workshop.sessions if s.title == "The hard conversation: first session")
    hard.topics = [
        db.session.scalar(select(SensitiveTopic).where(SensitiveTopic.key == "concessions"))
    ]
    groups = next(s for s in workshop.sessions if s.title == "How we see each other")
    coming = [i for i in workshop.invitations]
    agenda_operations.save_groups(
        workshop, groups, [[i.uid for i in coming[::2]], [i.uid for i in coming[1::2]]], coming
    )
    workshop.co_facilitators.append(co_facilitator)
    db.session.add(AgendaPublication(workshop=workshop, number=1, snapshot={}, change_summary=[]))
    db.session.commit()
    return workshop


def _clone(source, owner, start=NEW_START, title="Venice, autumn"):
    copied = clone_workshop(source, owner, start, title)
    db.session.commit()
    return copied


def test_clone_moves_the_agenda_to_the_new_dates_at_the_same_times(source, facilitator):
    copied = _clone(source, facilitator)
    shift = NEW_START - source.start_date
    assert (copied.start_date, copied.end_date) == (NEW_START, source.end_date + shift)
    before = [
        (s.day + shift, s.start_time, s.duration_minutes, s.title, s.audience_community)
        for s in source.sessions
    ]
    after = [
        (s.day, s.start_time, s.duration_minutes, s.title, s.audience_community)
        for s in copied.sessions
    ]
    assert after == before
    dinner = next(s for s in copied.sessions if s.title == "Welcome dinner")
    assert (dinner.start_time, dinner.fixed_start) == (time(19, 30), True)


def test_clone_keeps_topics_prompts_notes_and_objectives(source, facilitator):
    copied = _clone(source, facilitator)
    assert copied.objectives == source.objectives
    assert copied.context_notes == source.context_notes
    assert copied.confidentiality == source.confidentiality
    assert copied.venue_id == source.venue_id
    assert [s.key for s in copied.target_segments] == [s.key for s in source.target_segments]
    for old, new in zip(source.sessions, copied.sessions, strict=True):
        assert [t.key for t in new.topics] == [t.key for t in old.topics]
        assert [p.key for p in new.prompts] == [p.key for p in old.prompts]
        assert new.facilitator_notes == old.facilitator_notes
        assert new.description == old.description
    assert any(s.topics for s in copied.sessions)
    assert any(s.prompts for s in copied.sessions)


def test_clone_never_takes_people_groups_team_links_or_publications(source, facilitator):
    people_before = db.session.scalar(select(func.count()).select_from(Person))
    copied = _clone(source, facilitator)
    assert copied.invitations == []
    assert copied.co_facilitators == []
    assert copied.publications == []
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(SmallGroup)
            .join(SmallGroup.session)
            .where(SmallGroup.session.has(workshop_id=copied.id))
        )
        == 0
    )
    # Nobody was copied, so nobody's notes or private links were.
    assert db.session.scalar(select(func.count()).select_from(Person)) == people_before
    tokens = db.session.scalars(
        select(Invitation.agenda_token_hash).where(Invitation.workshop_id == copied.id)
    ).all()
    assert tokens == []
    # The original keeps everything.
    assert len(source.invitations) == 12 and source.publications


def test_clone_is_a_draft_owned_by_whoever_copies_it(source, make):
    organiser = make.user(Role.ORGANISER)
    copied = _clone(source, organiser)
    assert copied.owner_id == organiser.id
    assert copied.status.value == "draft"
    assert copied.uid != source.uid


def test_clone_is_audited_naming_its_original(source, facilitator):
    copied = _clone(source, facilitator)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.cloned"))
    assert event.record_uid == copied.uid
    assert event.details["from"] == source.uid
    assert event.details["sessions"] == len(source.sessions)


def test_clone_without_a_title_keeps_the_original_title(source, facilitator):
    assert _clone(source, facilitator, title="  ").title == source.title


def test_clone_to_dates_out_of_bounds_is_refused_with_nothing_saved(source, facilitator):
    count = db.session.scalar(select(func.count()).select_from(Workshop))
    with pytest.raises(DomainError):
        clone_workshop(source, facilitator, date(1999, 1, 1))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == count


def test_clone_of_a_clone_to_the_same_dates_gives_the_same_agenda(source, facilitator):
    once = _clone(source, facilitator)
    twice = _clone(once, facilitator, start=NEW_START + timedelta(days=0))
    assert [(s.day, s.start_time, s.title) for s in twice.sessions] == [
        (s.day, s.start_time, s.title) for s in once.sessions
    ]
    assert db.session.scalar(select(func.count()).select_from(Prompt)) > 0

"""Workshop operations (planner.workshops.operations), specified without a client.

Create, edit, move along the statuses, delete, and manage the facilitation team: each
changes the records, flushes and writes one audit event naming fields, never their values.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import func, select

from planner.agenda.publishing import publish_agenda
from planner.exceptions import DomainError, EditConflict
from planner.extensions import db
from planner.models import AgendaPublication, Session, SessionPrompt, Workshop
from planner.vocabulary import Confidentiality, Role, Track, WorkshopStatus
from planner.workshop_loading import load_workshop_head, workshop_page_data
from planner.workshops import operations
from planner.workshops.forms import WorkshopValues
from tests.operations.conftest import assert_details_never_mention, audit_events, only_event

SECRET_CONTEXT = "CONTEXT-The minister's adviser may attend in a private capacity"


def values(**overrides) -> WorkshopValues:
    base = WorkshopValues(
        title="Tbilisi dialogue",
        objectives="Listen to each other's perceptions.",
        context_notes=SECRET_CONTEXT,
        venue=None,
        start_date=date(2027, 5, 10),
        end_date=date(2027, 5, 11),
        timezone="Asia/Tbilisi",
        track=Track.TRACK_TWO,
        confidentiality=Confidentiality.CHATHAM_HOUSE,
        working_languages=["en", "ru"],
        target_segments=[],
    )
    return dataclasses.replace(base, **overrides)


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR, email="owner@example.org")


@pytest.fixture
def workshop(owner):
    workshop = operations.create_workshop(owner, values())
    db.session.commit()
    return workshop


def form_values(workshop: Workshop, **overrides) -> WorkshopValues:
    """The edit form as opened on ``workshop`` now, with ``overrides`` typed in."""
    current = dict(
        title=workshop.title,
        objectives=workshop.objectives,
        context_notes=workshop.context_notes,
        venue=workshop.venue,
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        timezone=workshop.timezone,
        track=workshop.track,
        confidentiality=workshop.confidentiality,
        working_languages=list(workshop.working_languages),
        target_segments=list(workshop.target_segments),
    )
    return values(**{**current, **overrides})


# ------------------------------------------------------------------------- create


def test_create_workshop_makes_a_draft_owned_by_the_owner(owner):
    workshop = operations.create_workshop(owner, values())
    db.session.commit()
    saved = db.session.get(Workshop, workshop.id)
    assert saved.owner_id == owner.id
    assert saved.status is WorkshopStatus.DRAFT
    assert saved.title == "Tbilisi dialogue"
    assert saved.working_languages == ["en", "ru"]
    assert saved.context_notes == SECRET_CONTEXT


def test_create_workshop_keeps_the_status_an_import_describes(owner):
    workshop = operations.create_workshop(owner, values(), status=WorkshopStatus.HELD)
    assert workshop.status is WorkshopStatus.HELD
    assert only_event("workshop.created").details["status"] == "held"


def test_create_workshop_records_workshop_created_with_the_actor(owner, signed_in):
    with signed_in(owner):
        workshop = operations.create_workshop(owner, values())
        event = only_event("workshop.created")
    assert event.actor_id == owner.id
    assert event.record_type == "workshop"
    assert event.record_uid == workshop.uid
    assert event.workshop_uid == workshop.uid
    assert "context_notes" in event.details["fields"]
    assert_details_never_mention(event, SECRET_CONTEXT, "Tbilisi dialogue", owner.email)


def test_create_workshop_refuses_a_last_day_before_the_first(owner, refused):
    with refused(DomainError, match="last day cannot be before"):
        operations.create_workshop(owner, values(end_date=date(2027, 5, 9)))


def test_create_workshop_refuses_a_workshop_longer_than_a_month(owner, refused):
    with refused(DomainError, match="at most 31 days"):
        operations.create_workshop(owner, values(end_date=date(2027, 7, 1)))


def test_create_workshop_refuses_a_year_outside_the_century(owner, refused):
    with refused(DomainError, match="between 2000 and 2100"):
        operations.create_workshop(
            owner, values(start_date=date(9999, 1, 1), end_date=date(9999, 1, 2))
        )


# ------------------------------------------------------------------------- update


def test_update_workshop_saves_the_changes_and_returns_the_changed_fields(workshop):
    changed = operations.update_workshop(
        workshop, form_values(workshop, title="Renamed", context_notes="NEW-SECRET"), "1"
    )
    db.session.commit()
    assert sorted(changed) == ["context_notes", "title"]
    saved = db.session.get(Workshop, workshop.id)
    assert (saved.title, saved.context_notes, saved.version) == ("Renamed", "NEW-SECRET", 2)


def test_update_workshop_records_the_changed_field_names_only(workshop, owner, signed_in):
    with signed_in(owner):
        operations.update_workshop(
            workshop, form_values(workshop, context_notes="NEW-SECRET: a source at home"), 1
        )
        event = only_event("workshop.updated")
    assert event.details == {"fields": ["context_notes"]}
    assert event.actor_id == owner.id
    assert event.record_uid == workshop.uid
    assert_details_never_mention(event, "NEW-SECRET", SECRET_CONTEXT)


def test_update_workshop_with_nothing_changed_saves_and_records_nothing(workshop):
    assert operations.update_workshop(workshop, form_values(workshop), 1) == []
    db.session.commit()
    assert audit_events("workshop.updated") == []
    assert db.session.get(Workshop, workshop.id).version == 1


def test_update_workshop_refuses_a_stale_version(workshop, refused):
    operations.update_workshop(workshop, form_values(workshop, title="First edit"), 1)
    db.session.commit()
    with refused(EditConflict, match="changed by someone else"):
        operations.update_workshop(workshop, form_values(workshop, title="Second edit"), 1)
    assert db.session.get(Workshop, workshop.id).title == "First edit"


@pytest.mark.parametrize("version", [None, "", "not-a-number"])
def test_update_workshop_refuses_a_form_without_a_version(workshop, refused, version):
    with refused(EditConflict):
        operations.update_workshop(workshop, form_values(workshop, title="Renamed"), version)


def test_update_workshop_refuses_bad_dates_and_changes_nothing(workshop, refused):
    with refused(DomainError, match="last day cannot be before"):
        operations.update_workshop(
            workshop, form_values(workshop, title="Renamed", end_date=date(2027, 5, 1)), 1
        )
    assert db.session.get(Workshop, workshop.id).title == "Tbilisi dialogue"


def test_update_workshop_changing_only_segments_makes_older_forms_stale(workshop, make, refused):
    experts = make.segment("experts", "Experts")
    operations.update_workshop(workshop, form_values(workshop, target_segments=[experts]), 1)
    db.session.commit()
    assert [s.key for s in workshop.target_segments] == ["experts"]
    with refused(EditConflict):
        operations.update_workshop(workshop, form_values(workshop, title="Late edit"), 1)


def test_update_workshop_links_a_segment_named_twice_once(workshop, make):
    experts = make.segment("experts", "Experts")
    operations.update_workshop(
        workshop, form_values(workshop, target_segments=[experts, experts]), 1
    )
    db.session.commit()
    assert [s.key for s in db.session.get(Workshop, workshop.id).target_segments] == ["experts"]


# ------------------------------------------------------------------------- status


def test_change_status_moves_a_draft_to_planned_and_records_from_and_to(workshop, owner, signed_in):
    with signed_in(owner):
        operations.change_status(workshop, WorkshopStatus.PLANNED, 1)
        event = only_event("workshop.status_changed")
    db.session.commit()
    assert db.session.get(Workshop, workshop.id).status is WorkshopStatus.PLANNED
    assert event.details == {"fields": ["status"], "from": "draft", "to": "planned"}
    assert event.actor_id == owner.id


def test_change_status_refuses_to_skip_a_step(workshop, refused):
    with refused(DomainError, match="A workshop that is draft cannot be marked held"):
        operations.change_status(workshop, WorkshopStatus.HELD, 1)
    assert db.session.get(Workshop, workshop.id).status is WorkshopStatus.DRAFT


def test_change_status_refuses_a_stale_version(workshop, refused):
    operations.update_workshop(workshop, form_values(workshop, title="Renamed"), 1)
    db.session.commit()
    with refused(EditConflict):
        operations.change_status(workshop, WorkshopStatus.PLANNED, 1)


def test_change_status_reinstates_a_cancelled_workshop_as_a_draft(workshop):
    operations.change_status(workshop, WorkshopStatus.CANCELLED, 1)
    db.session.commit()
    operations.change_status(workshop, WorkshopStatus.DRAFT, workshop.version)
    assert workshop.status is WorkshopStatus.DRAFT


def test_a_held_workshop_can_move_nowhere():
    assert operations.allowed_statuses(WorkshopStatus.HELD) == ()
    assert WorkshopStatus.CANCELLED in operations.allowed_statuses(WorkshopStatus.CONFIRMED)


def test_change_status_refuses_any_change_to_a_held_workshop(make, refused):
    held = make.workshop(status=WorkshopStatus.HELD)
    with refused(DomainError, match="held cannot be marked cancelled"):
        operations.change_status(held, WorkshopStatus.CANCELLED, held.version)


# ------------------------------------------------------------------------- delete


def test_delete_workshop_removes_a_workshop_nobody_is_invited_to(workshop, owner, signed_in):
    uid = workshop.uid
    with signed_in(owner):
        operations.delete_workshop(workshop)
        event = only_event("workshop.deleted")
    db.session.commit()
    assert db.session.scalar(db.select(Workshop).where(Workshop.uid == uid)) is None
    assert (event.record_uid, event.workshop_uid, event.actor_id) == (uid, uid, owner.id)


def test_delete_workshop_refuses_once_someone_is_invited(workshop, make, refused):
    make.invite(workshop, make.person())
    with refused(DomainError, match="1 person is invited to this workshop") as refusal:
        operations.delete_workshop(workshop)
    assert "Cancel it instead" in str(refusal.value)
    assert db.session.get(Workshop, workshop.id) is not None


def test_delete_workshop_counts_the_people_invited(workshop, make, refused):
    make.invite(workshop, make.person())
    make.invite(workshop, make.person())
    with refused(DomainError, match="2 people are invited"):
        operations.delete_workshop(workshop)


# ------------------------------------------------------------------------- team


def test_add_co_facilitator_adds_an_active_facilitator_by_email(workshop, make, owner, signed_in):
    colleague = make.user(Role.FACILITATOR, email="Colleague@Example.org")
    with signed_in(owner):
        added = operations.add_co_facilitator(workshop, "  colleague@example.ORG ")
        event = only_event("workshop.team_added")
    db.session.commit()
    assert added.id == colleague.id
    assert [u.id for u in db.session.get(Workshop, workshop.id).co_facilitators] == [colleague.id]
    assert event.details == {"fields": ["co_facilitators"], "user_id": colleague.id}
    assert event.actor_id == owner.id
    assert_details_never_mention(event, "colleague@example.org")


@pytest.mark.parametrize(
    "kind",
    ["unknown address", "participant account", "organiser account", "inactive facilitator"],
)
def test_add_co_facilitator_gives_one_neutral_answer_for_every_account_that_may_not_join(
    workshop, make, refused, kind
):
    email = "someone@example.org"
    if kind == "participant account":
        make.user(Role.PARTICIPANT, email=email)
    elif kind == "organiser account":
        make.user(Role.ORGANISER, email=email)
    elif kind == "inactive facilitator":
        make.user(Role.FACILITATOR, email=email, active=False)
    with refused(DomainError) as refusal:
        operations.add_co_facilitator(workshop, email)
    assert str(refusal.value) == operations.CANNOT_JOIN_TEAM


def test_add_co_facilitator_refuses_the_owner(workshop, owner, refused):
    with refused(DomainError, match="already owns this workshop"):
        operations.add_co_facilitator(workshop, owner.email)


def test_add_co_facilitator_refuses_someone_already_on_the_team(workshop, make, refused):
    colleague = make.user(Role.FACILITATOR)
    operations.add_co_facilitator(workshop, colleague.email)
    with refused(DomainError, match="already on the team"):
        operations.add_co_facilitator(workshop, colleague.email)
    assert len(workshop.co_facilitators) == 1


def test_remove_co_facilitator_takes_them_off_the_team(workshop, make, owner, signed_in):
    colleague = make.user(Role.FACILITATOR, email="colleague@example.org")
    operations.add_co_facilitator(workshop, colleague.email)
    db.session.commit()
    with signed_in(owner):
        removed = operations.remove_co_facilitator(workshop, "COLLEAGUE@example.org")
        event = only_event("workshop.team_removed")
    db.session.commit()
    assert removed.id == colleague.id
    assert db.session.get(Workshop, workshop.id).co_facilitators == []
    assert event.details == {"fields": ["co_facilitators"], "user_id": colleague.id}
    assert event.actor_id == owner.id


def test_remove_co_facilitator_refuses_someone_not_on_the_team(workshop, make, refused):
    stranger = make.user(Role.FACILITATOR)
    with refused(DomainError, match="not a co-facilitator"):
        operations.remove_co_facilitator(workshop, stranger.email)


def test_delete_workshop_removes_its_agenda_team_and_publications_with_it(workshop, make, prompt):
    topic, library_prompt = make.topic(), prompt()
    colleague, experts = make.user(Role.FACILITATOR), make.segment()
    session = make.session(workshop, topics=[topic])
    session.prompt_links.append(SessionPrompt(prompt=library_prompt, position=0))
    workshop.co_facilitators.append(colleague)
    workshop.target_segments.append(experts)
    db.session.commit()
    head = load_workshop_head(workshop.uid)
    publish_agenda(head, workshop_page_data(head), workshop.owner)
    db.session.commit()
    operations.delete_workshop(workshop)
    db.session.commit()
    for model in (Workshop, Session, SessionPrompt, AgendaPublication):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model

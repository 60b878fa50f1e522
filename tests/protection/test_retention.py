"""Retention (issue 20, item 4): `flask --app planner retention apply [--dry-run]` removes
what it says it removes, keeps anonymous counts, and writes an audit entry."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEvent, OutboxMessage, Preparation, RetainedCount
from planner.models._columns import utcnow
from planner.outbox.kinds import MessageKind
from planner.participant.tokens import hash_token
from planner.protection import retention
from planner.protection.preparation import PreparationValues, record_preparation
from planner.vocabulary import Community, InvitationRole, InvitationStatus


def _finished(make, days_ago: int, **kw):
    end = utcnow().date() - timedelta(days=days_ago)
    return make.workshop(start_date=end - timedelta(days=1), end_date=end, **kw)


def _world(make):
    experts = make.segment("experts", "Experts")
    old = _finished(make, 400, title="Old workshop", context_notes="OLD-CONTEXT-NOTE")
    session = make.session(old, facilitator_notes="OLD-SESSION-NOTE", outcome_note="OLD-OUTCOME")
    ani = make.person(
        "Անի", email="ani@example.org", affiliation="ANI-AFF", notes="ANI-NOTE", segment=experts
    )
    laman = make.person("Ləman", Community.AZERBAIJANI, email="laman@example.org")
    shy = make.person("Shy", Community.AZERBAIJANI, email="shy@example.org")
    i_ani = make.invite(old, ani)
    make.invite(old, laman)
    make.invite(old, shy, status=InvitationStatus.DECLINED)
    make.invite(old, make.person("Olga", Community.OTHER), role=InvitationRole.INTERPRETER)
    i_ani.agenda_token_hash = hash_token("a" * 43)
    i_ani.calendar_token_hash = hash_token("c" * 43)
    db.session.add(
        OutboxMessage(
            workshop_id=old.id,
            invitation_id=i_ani.id,
            kind=MessageKind.INVITATION,
            subject="Invitation",
            body="Dear Անի, your link: https://example.org/a/TOKEN",
            message_id="<retention@planner.test>",
            sent_to="ani@example.org",
        )
    )
    record_preparation(
        i_ani, PreparationValues(conversation_on=date(2020, 1, 1), conversation_by="X")
    )
    # Ləman is also invited to a workshop still within the period: she keeps her details.
    recent = _finished(make, 10, title="Recent workshop", context_notes="RECENT-NOTE")
    make.invite(recent, laman)
    db.session.commit()
    return old, recent, session, ani, laman, shy


def _run(runner, *args):
    result = runner.invoke(args=["retention", "apply", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_nothing_is_due_without_a_period(app, runner, make):
    _world(make)
    assert "No retention period is set" in _run(runner)
    assert db.session.scalars(select(RetainedCount)).all() == []


def test_a_dry_run_says_what_it_would_remove_and_changes_nothing(app, runner, make):
    old, recent, session, ani, laman, shy = _world(make)
    retention.set_retention_days(180)
    db.session.commit()
    output = _run(runner, "--dry-run")
    assert "Old workshop" in output and "Recent workshop" not in output
    assert (
        "would remove 2 private link(s), 3 note(s), 1 preparation record(s), 1 e-mail(s)" in output
    )
    assert "kept counts of 2 participant(s) in 2 group(s)" in output
    assert "Contact details and notes of 3 person(s): would remove" in output
    db.session.expire_all()
    assert ani.email == "ani@example.org" and old.context_notes == "OLD-CONTEXT-NOTE"
    assert old.retention_applied_at is None
    assert db.session.scalars(select(RetainedCount)).all() == []


def test_apply_removes_contacts_notes_links_and_keeps_counts(app, runner, make):
    old, recent, session, ani, laman, shy = _world(make)
    retention.set_retention_days(180)
    db.session.commit()
    output = _run(runner)
    assert "removed 2 private link(s), 3 note(s), 1 preparation record(s), 1 e-mail(s)" in output
    db.session.expire_all()
    assert (ani.email, ani.affiliation, ani.notes) == (None, "", "")
    assert ani.name == "Անի"  # names stay: history and later erasure still find the person
    assert shy.email is None
    assert laman.email == "laman@example.org"  # still invited within the period
    assert old.context_notes == "" and session.facilitator_notes == ""
    assert session.outcome_note == ""
    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert recent.context_notes == "RECENT-NOTE"
    assert all(
        i.agenda_token_hash is None and i.calendar_token_hash is None for i in old.invitations
    )
    assert db.session.scalars(select(Preparation)).all() == []
    assert old.retention_applied_at is not None
    counts = {
        (c.community, c.segment): c.count
        for c in db.session.scalars(
            select(RetainedCount).where(RetainedCount.workshop_id == old.id)
        )
    }
    assert counts == {(Community.ARMENIAN, "Experts"): 1, (Community.AZERBAIJANI, ""): 1}
    events = {e.action: e for e in db.session.scalars(select(AuditEvent))}
    assert events["retention.applied"].details["people_cleared"] == 3  # Անի, Shy and Olga (notes)
    assert events["retention.applied"].details["links_removed"] == 2
    assert events["workshop.retention_applied"].workshop_uid == old.uid
    assert "ani@example.org" not in str([e.details for e in events.values()])


def test_apply_is_idempotent_and_counts_survive_erasure_of_the_people(app, runner, make):
    from planner.admin.operations import erase_person

    old, recent, session, ani, laman, shy = _world(make)
    retention.set_retention_days(180)
    db.session.commit()
    _run(runner)
    assert "no finished workshop is due" in _run(runner)
    erase_person(ani)
    db.session.commit()
    assert sum(c.count for c in retention.retained_counts(old)) == 2


def test_is_due_counts_whole_days_after_the_last_day():
    end = date(2027, 5, 11)
    assert not retention.is_due(end, 180, end + timedelta(days=180))
    assert retention.is_due(end, 180, end + timedelta(days=181))
    assert retention.due_on(end, 180) == end + timedelta(days=181)
    assert not retention.is_due(end, None, date(2100, 1, 1))

"""Retention (issue 20, item 4): finished workshops lose their personal data after a period.

The organiser sets the period (days after a workshop's last day). ``flask --app planner
retention apply`` then, for every workshop past it: keeps anonymous counts of its confirmed
participants by community and segment (``RetainedCount``, for reports); removes its
facilitator notes (the workshop's context notes, every session's notes and outcome notes),
its private links (agenda and calendar tokens), its preparation records and its e-mails
(the outbox keeps addresses and link-bearing bodies); and removes the contact details
and notes of each person invited to it (e-mail, affiliation, facilitator notes, risk
reason) once none of that person's workshops is still within the period. Names stay, so
that the workshop's history and later erasure requests still find the person.

Backups taken after a run hold none of what it removed; backups taken before it still do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from planner import audit
from planner.extensions import db
from planner.i18n import gettext as _
from planner.models import (
    Invitation,
    OutboxMessage,
    Person,
    Preparation,
    RetainedCount,
    RetentionPolicy,
    Workshop,
)
from planner.models._columns import utcnow
from planner.vocabulary import Community, is_confirmed_participant

#: The longest retention period an organiser may set (about a hundred years).
MAX_RETENTION_DAYS = 36_500


def is_due(end_date: date, days: int | None, today: date) -> bool:
    """Whether a workshop that ended on ``end_date`` is past a period of ``days`` (pure)."""
    return days is not None and today > end_date + timedelta(days=days)


def due_on(end_date: date, days: int) -> date:
    """The first day on which a workshop that ended on ``end_date`` is due."""
    return end_date + timedelta(days=days + 1)


def participant_counts(
    invitations: list[tuple[Community, str, object, object]],
) -> Counter[tuple[Community, str]]:
    """Confirmed participants by (community, segment name) from (community, segment name,
    role, status) tuples (pure): what a report needs, naming nobody."""
    return Counter(
        (community, segment)
        for community, segment, role, status in invitations
        if is_confirmed_participant(role, status)
    )


def retention_days() -> int | None:
    """The period set by the organiser, or None (personal data is kept)."""
    policy = db.session.get(RetentionPolicy, 1)
    return policy.days if policy is not None else None


def set_retention_days(days: int | None) -> None:
    """Set the period (an organiser's operation): change, flush, audit."""
    if days is not None and not 0 <= days <= MAX_RETENTION_DAYS:
        raise ValueError(_("The period must be from 0 to %(max)d days.", max=MAX_RETENTION_DAYS))
    policy = db.session.get(RetentionPolicy, 1)
    if policy is not None and policy.days == days:
        return
    if policy is None:
        policy = RetentionPolicy(id=1)
        db.session.add(policy)
    policy.days = days
    db.session.flush()
    audit.record("retention.period_set", "retention_policy", 1, details={"days": days})


@dataclass
class WorkshopDue:
    """One workshop that retention has (or, in a dry run, would have) cleared."""

    uid: str
    title: str
    end_date: date
    due_on: date
    links: int = 0
    notes: int = 0
    preparations: int = 0
    messages: int = 0
    counts: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class RetentionReport:
    days: int | None
    dry_run: bool
    workshops: list[WorkshopDue] = field(default_factory=list)
    people_cleared: int = 0

    def lines(self) -> list[str]:
        """What was (or, on a dry run, would be) removed, in the command line's language."""
        if self.days is None:
            return [_("No retention period is set: nothing is due (set one on the admin page).")]
        if not self.workshops:
            return [
                _(
                    "Retention period %(days)d days: no finished workshop is due.",
                    days=self.days,
                )
            ]
        lines = [_("Retention period %(days)d days.", days=self.days)]
        for w in self.workshops:
            counts = {
                "uid": w.uid,
                "title": w.title,
                "ended": w.end_date.isoformat(),
                "links": w.links,
                "notes": w.notes,
                "preparations": w.preparations,
                "messages": w.messages,
                "kept": sum(w.counts.values()),
                "groups": len(w.counts),
            }
            lines.append(
                _(
                    "%(uid)s “%(title)s” (ended %(ended)s): would remove %(links)d private "
                    "link(s), %(notes)d note(s), %(preparations)d preparation record(s), "
                    "%(messages)d e-mail(s); kept counts of %(kept)d participant(s) in "
                    "%(groups)d group(s).",
                    **counts,
                )
                if self.dry_run
                else _(
                    "%(uid)s “%(title)s” (ended %(ended)s): removed %(links)d private "
                    "link(s), %(notes)d note(s), %(preparations)d preparation record(s), "
                    "%(messages)d e-mail(s); kept counts of %(kept)d participant(s) in "
                    "%(groups)d group(s).",
                    **counts,
                )
            )
        lines.append(
            _(
                "Contact details and notes of %(num)d person(s): would remove (people still "
                "invited to a workshop within the period keep theirs).",
                num=self.people_cleared,
            )
            if self.dry_run
            else _(
                "Contact details and notes of %(num)d person(s): removed (people still "
                "invited to a workshop within the period keep theirs).",
                num=self.people_cleared,
            )
        )
        return lines


def _due(days: int, today: date) -> list[Workshop]:
    cutoff = today - timedelta(days=days)
    return list(
        db.session.scalars(
            select(Workshop)
            .where(Workshop.retention_applied_at.is_(None), Workshop.end_date < cutoff)
            .options(
                selectinload(Workshop.invitations).selectinload(Invitation.person),
                selectinload(Workshop.invitations).selectinload(Invitation.preparation),
                selectinload(Workshop.sessions),
            )
            .order_by(Workshop.end_date, Workshop.id)
        )
    )


def due_workshops(today: date | None = None) -> tuple[int | None, list[Workshop]]:
    """The period and the workshops past it that retention has not cleared yet."""
    days = retention_days()
    if days is None:
        return None, []
    return days, _due(days, today or utcnow().date())


def _people_to_clear(workshops: list[Workshop], days: int, today: date) -> list[Person]:
    """People invited to these workshops none of whose workshops is still within the period."""
    due_ids = {w.id for w in workshops}
    people = {i.person.id: i.person for w in workshops for i in w.invitations}
    if not people:
        return []
    still_needed = set(
        db.session.scalars(
            select(Invitation.person_id)
            .join(Invitation.workshop)
            .where(
                Invitation.person_id.in_(people),
                Workshop.id.not_in(due_ids),
                Workshop.retention_applied_at.is_(None),
                Workshop.end_date >= today - timedelta(days=days),
            )
        )
    )
    return [p for pid, p in sorted(people.items()) if pid not in still_needed]


def _has_contact_or_notes(person: Person) -> bool:
    return bool(person.email or person.affiliation or person.notes or person.risk_reason)


def apply_retention(*, dry_run: bool = False, today: date | None = None) -> RetentionReport:
    """Clear every workshop past the period (see the module's docstring); in a dry run,
    say what would be removed and change nothing. Flushes; the caller commits."""
    today = today or utcnow().date()
    days, workshops = due_workshops(today)
    report = RetentionReport(days=days, dry_run=dry_run)
    if days is None or not workshops:
        return report
    for workshop in workshops:
        rows = [
            (
                i.person.community,
                i.person.segment.name if i.person.segment else "",
                i.role,
                i.status,
            )
            for i in workshop.invitations
        ]
        counts = participant_counts(rows)
        entry = WorkshopDue(
            uid=workshop.uid,
            title=workshop.title,
            end_date=workshop.end_date,
            due_on=due_on(workshop.end_date, days),
            links=sum(
                bool(i.agenda_token_hash) + bool(i.calendar_token_hash)
                for i in workshop.invitations
            ),
            notes=bool(workshop.context_notes)
            + sum(bool(s.facilitator_notes) + bool(s.outcome_note) for s in workshop.sessions),
            preparations=sum(i.preparation is not None for i in workshop.invitations),
            messages=db.session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.workshop_id == workshop.id)
            ),
            counts={(c.value, s): n for (c, s), n in sorted(counts.items())},
        )
        report.workshops.append(entry)
        if not dry_run:
            _clear_workshop(workshop, counts, entry)
    people = [p for p in _people_to_clear(workshops, days, today) if _has_contact_or_notes(p)]
    report.people_cleared = len(people)
    if not dry_run:
        for person in people:
            person.email = None
            person.affiliation = ""
            person.notes = ""
            person.risk_reason = ""
        db.session.flush()
        audit.record(
            "retention.applied",
            "retention_policy",
            1,
            details={
                "days": days,
                "workshops": [w.uid for w in report.workshops],
                "people_cleared": report.people_cleared,
                "links_removed": sum(w.links for w in report.workshops),
                "notes_removed": sum(w.notes for w in report.workshops),
            },
        )
    return report


def _clear_workshop(
    workshop: Workshop, counts: Counter[tuple[Community, str]], entry: WorkshopDue
) -> None:
    db.session.query(RetainedCount).filter(RetainedCount.workshop_id == workshop.id).delete()
    for (community, segment), count in sorted(counts.items()):
        db.session.add(
            RetainedCount(
                workshop_id=workshop.id, community=community, segment=segment, count=count
            )
        )
    workshop.context_notes = ""
    workshop.retention_applied_at = utcnow()
    invitation_ids = [i.id for i in workshop.invitations]
    if invitation_ids:
        db.session.execute(
            update(Invitation)
            .where(Invitation.id.in_(invitation_ids))
            .values(agenda_token_hash=None, calendar_token_hash=None)
            .execution_options(synchronize_session="fetch")
        )
        db.session.query(Preparation).filter(Preparation.invitation_id.in_(invitation_ids)).delete(
            synchronize_session="fetch"
        )
    for session in workshop.sessions:
        session.facilitator_notes = ""
        session.outcome_note = ""
    # The outbox keeps each message's text (a greeting by name) and the address it went to.
    db.session.query(OutboxMessage).filter(OutboxMessage.workshop_id == workshop.id).delete(
        synchronize_session="fetch"
    )
    db.session.flush()
    audit.record(
        "workshop.retention_applied",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={
            "links_removed": entry.links,
            "notes_removed": entry.notes,
            "preparations_removed": entry.preparations,
            "messages_removed": entry.messages,
            "participants_counted": sum(counts.values()),
        },
    )


def retained_counts(workshop: Workshop) -> list[RetainedCount]:
    """The anonymous counts kept for a cleared workshop (for reports)."""
    return list(
        db.session.scalars(
            select(RetainedCount)
            .where(RetainedCount.workshop_id == workshop.id)
            .order_by(RetainedCount.community, RetainedCount.segment)
        )
    )

"""Every change to a workshop as one plain function: change the records, flush, audit.

The view commits. Operations raise ``DomainError`` (``EditConflict`` for a stale form)
with a message a person can act on; nothing is half-saved because the view rolls back.
Audit events name the fields that changed, never their values.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from planner import access, audit
from planner.exceptions import DomainError, EditConflict, check_version
from planner.extensions import db
from planner.i18n import gettext, label, ngettext
from planner.models import Invitation, User, Workshop
from planner.models._columns import utcnow
from planner.vocabulary import WorkshopStatus
from planner.workshops.dates import workshop_dates_problem
from planner.workshops.forms import WorkshopValues

#: The statuses a workshop may move to from each status. Cancelling is possible until
#: the workshop is held; a cancelled workshop can be reinstated as a draft.
TRANSITIONS: dict[WorkshopStatus, tuple[WorkshopStatus, ...]] = {
    WorkshopStatus.DRAFT: (WorkshopStatus.PLANNED, WorkshopStatus.CANCELLED),
    WorkshopStatus.PLANNED: (WorkshopStatus.CONFIRMED, WorkshopStatus.CANCELLED),
    WorkshopStatus.CONFIRMED: (WorkshopStatus.HELD, WorkshopStatus.CANCELLED),
    WorkshopStatus.HELD: (),
    WorkshopStatus.CANCELLED: (WorkshopStatus.DRAFT,),
}

_SIMPLE_FIELDS = (
    "title",
    "objectives",
    "context_notes",
    "start_date",
    "end_date",
    "timezone",
    "track",
    "confidentiality",
    "format",
    "women_target_percent",
    "names_in_files",
)


def allowed_statuses(status: WorkshopStatus) -> tuple[WorkshopStatus, ...]:
    return TRANSITIONS[status]


def _flush(what: str = "This workshop") -> None:
    # A concurrent save between our version check and this UPDATE surfaces here.
    try:
        db.session.flush()
    except StaleDataError:
        raise EditConflict(what) from None


def _apply(workshop: Workshop, values: WorkshopValues) -> list[str]:
    """Copy ``values`` onto ``workshop``; return the names of the fields that changed.

    Raises ``DomainError`` before changing anything when the dates are out of bounds.
    """
    problem = workshop_dates_problem(values.start_date, values.end_date)
    if problem:
        raise DomainError(problem)
    changed = []
    for name in _SIMPLE_FIELDS:
        new = getattr(values, name)
        if getattr(workshop, name) != new:
            setattr(workshop, name, new)
            changed.append(name)
    if workshop.venue is not values.venue:
        workshop.venue = values.venue
        changed.append("venue")
    sides = [side.value for side in values.parity_sides]
    if list(workshop.parity_sides or ()) != sides:
        workshop.parity_sides = sides
        changed.append("parity_sides")
    if list(workshop.working_languages or ()) != values.working_languages:
        workshop.working_languages = list(values.working_languages)
        changed.append("working_languages")
    # A segment named twice (a crafted form) is one target, not a duplicate link row.
    segments = list({id(s): s for s in values.target_segments}.values())
    if {s.id for s in workshop.target_segments} != {s.id for s in segments}:
        workshop.target_segments = segments
        changed.append("target_segments")
    return changed


def create_workshop(
    owner: User, values: WorkshopValues, *, status: WorkshopStatus = WorkshopStatus.DRAFT
) -> Workshop:
    """A new workshop owned by ``owner``: a draft, unless ``status`` says otherwise (an
    imported brief and the demo keep the status they describe)."""
    workshop = Workshop(owner=owner, status=status, working_languages=[])
    fields = _apply(workshop, values)
    db.session.add(workshop)
    db.session.flush()
    audit.record(
        "workshop.created",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"fields": sorted(fields), "status": status.value},
    )
    return workshop


def update_workshop(workshop: Workshop, values: WorkshopValues, version: str | None) -> list[str]:
    """Save the edit form, unless someone saved a newer version since it was opened."""
    check_version(workshop, version, "This workshop")
    changed = _apply(workshop, values)
    if not changed:
        return []
    # Always touch the row: a change to the segments alone would otherwise update only the
    # link table and leave the version as it was, so a form opened before it would still save.
    workshop.updated_at = utcnow()
    _flush()
    audit.record(
        "workshop.updated",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"fields": sorted(changed)},
    )
    return changed


def change_status(workshop: Workshop, status: WorkshopStatus, version: str | None) -> None:
    """Move the workshop along draft → planned → confirmed → held, or cancel it."""
    check_version(workshop, version, "This workshop")
    if status not in TRANSITIONS[workshop.status]:
        raise DomainError(
            gettext(
                "A workshop that is %(now)s cannot be marked %(then)s.",
                now=label(workshop.status).lower(),
                then=label(status).lower(),
            )
        )
    previous = workshop.status
    workshop.status = status
    _flush()
    audit.record(
        "workshop.status_changed",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"fields": ["status"], "from": previous.value, "to": status.value},
    )


def invitation_count(workshop: Workshop) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.workshop_id == workshop.id)
    )


def delete_workshop(workshop: Workshop) -> None:
    """Delete a workshop nobody has been invited to; otherwise it must be cancelled instead."""
    invited = invitation_count(workshop)
    if invited:
        raise DomainError(
            ngettext(
                "%(num)d person is invited to this workshop, so it cannot be deleted.",
                "%(num)d people are invited to this workshop, so it cannot be deleted.",
                invited,
            )
            + " "
            + gettext(
                "Cancel it instead: it stays on record and the people invited can see that it "
                "is cancelled."
            )
        )
    uid = workshop.uid
    db.session.delete(workshop)
    db.session.flush()
    audit.record("workshop.deleted", "workshop", uid, workshop_uid=uid)


def _facilitator_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


#: Why an address cannot join a team: one answer for an unknown address and for every kind
#: of account that may not join, so the form tells nobody who holds an address (issue 14).
#: Said in the reader's language (``cannot_join_team``); this is its English.
CANNOT_JOIN_TEAM = (
    "This address cannot be added to the team. Only an active facilitator account can join; "
    "check the address with your colleague, or ask an organiser."
)


def cannot_join_team() -> str:
    return gettext(
        "This address cannot be added to the team. Only an active facilitator account can "
        "join; check the address with your colleague, or ask an organiser."
    )


def add_co_facilitator(workshop: Workshop, email: str) -> User:
    """Add the facilitator account with ``email`` to the workshop's team.

    Anyone already on the team is named on the team page, so only they get a specific answer.
    """
    user = _facilitator_by_email(email)
    if not access.may_join_team(user):
        raise DomainError(cannot_join_team())
    if user.id == workshop.owner_id:
        raise DomainError(gettext("%(name)s already owns this workshop.", name=user.name))
    if any(u.id == user.id for u in workshop.co_facilitators):
        raise DomainError(gettext("%(name)s is already on the team.", name=user.name))
    workshop.co_facilitators.append(user)
    db.session.flush()
    audit.record(
        "workshop.team_added",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"fields": ["co_facilitators"], "user_id": user.id},
    )
    return user


def remove_co_facilitator(workshop: Workshop, email: str) -> User:
    """Take the co-facilitator with ``email`` off the workshop's team."""
    wanted = email.strip().lower()
    user = next((u for u in workshop.co_facilitators if u.email.lower() == wanted), None)
    if user is None:
        raise DomainError(gettext("That person is not a co-facilitator of this workshop."))
    workshop.co_facilitators.remove(user)
    db.session.flush()
    audit.record(
        "workshop.team_removed",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"fields": ["co_facilitators"], "user_id": user.id},
    )
    return user

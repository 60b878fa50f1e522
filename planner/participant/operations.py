"""Participant operations: answer an invitation, update one's profile, manage private links.

Each is a plain function that changes records, flushes and writes the audit event; the
request commits. Refusals raise :class:`~planner.exceptions.DomainError` with a message for
the person.
"""

from __future__ import annotations

from planner import audit
from planner.agenda.publishing import publish_agenda
from planner.exceptions import DomainError
from planner.extensions import db
from planner.i18n import gettext, label
from planner.models import AgendaPublication, Invitation, Person, User
from planner.participant.tokens import LinkKind, new_token
from planner.transactions import collisions_refused
from planner.vocabulary import ACTIVE_INVITATION_STATUSES, InvitationStatus, WorkshopStatus
from planner.workshop_loading import workshop_page_data

#: A participant may move only between these answers; "withdrew" and "attended" are
#: recorded by the facilitators.
ANSWERABLE = frozenset(
    {InvitationStatus.INVITED, InvitationStatus.CONFIRMED, InvitationStatus.DECLINED}
)
ANSWERS = {"confirm": InvitationStatus.CONFIRMED, "decline": InvitationStatus.DECLINED}


class PublishedMeanwhile(DomainError):
    def __init__(self) -> None:
        super().__init__(
            gettext("Someone else published the agenda at the same moment; review it below.")
        )


def publish(workshop, actor: User) -> AgendaPublication:
    """Publish the workshop's agenda as it is now (``workshop`` is its head row).

    Two publications at the same moment meet the (workshop, number) constraint: theirs
    stands, and this one is refused with nothing of it saved.
    """
    with collisions_refused(PublishedMeanwhile):
        return publish_agenda(workshop, workshop_page_data(workshop), actor)


def respond(invitation: Invitation, answer: str, actor: User) -> bool:
    """Confirm or decline attendance. Returns False when the answer was already recorded."""
    new_status = ANSWERS.get(answer)
    if new_status is None:
        raise DomainError(gettext("Choose whether you will attend or not."))
    if invitation.workshop.status in (WorkshopStatus.HELD, WorkshopStatus.CANCELLED):
        raise DomainError(
            gettext("This workshop is held: attendance can no longer be changed.")
            if invitation.workshop.status == WorkshopStatus.HELD
            else gettext("This workshop is cancelled: attendance can no longer be changed.")
        )
    if invitation.status not in ANSWERABLE:
        raise DomainError(
            gettext(
                "Your attendance is recorded as “%(status)s”; please contact the facilitators "
                "to change it.",
                status=label(invitation.status),
            )
        )
    if invitation.status == new_status:
        return False
    previous = invitation.status
    invitation.status = new_status
    # A facilitator's invitation form opened before this answer must not overwrite it
    # (planner.people.operations.update_invitation checks the version).
    invitation.version = Invitation.version + 1
    db.session.flush()
    audit.record(
        "invitation.responded",
        "invitation",
        invitation.uid,
        workshop_uid=invitation.workshop.uid,
        details={"from": previous.value, "to": new_status.value},
        actor=actor,
    )
    end_links_unless_active(invitation, actor)
    return True


def update_profile(
    person: Person, *, consent_to_list: bool, languages: list[str], actor: User
) -> list[str]:
    """Change what a participant may change about themselves; return the changed fields."""
    changed = []
    if person.consent_to_list != consent_to_list:
        person.consent_to_list = consent_to_list
        changed.append("consent_to_list")
    if list(person.languages or []) != languages:
        person.languages = languages
        changed.append("languages")
    if changed:
        # A facilitator's profile form opened before this change must not undo it, e.g.
        # list again someone who just withdrew consent (planner.people.operations checks).
        person.version = Person.version + 1
        db.session.flush()
        audit.record(
            "person.profile_updated", "person", person.uid, details={"fields": changed}, actor=actor
        )
    return changed


def mark_seen(invitation: Invitation, publication_number: int) -> None:
    """Remember the publication the participant has now looked at (for "what changed")."""
    if invitation.last_seen_publication == publication_number:
        return
    invitation.last_seen_publication = publication_number
    db.session.flush()
    audit.record(
        "agenda.seen",
        "invitation",
        invitation.uid,
        workshop_uid=invitation.workshop.uid,
        details={"number": publication_number},
    )


def issue_link(invitation: Invitation, kind: LinkKind, actor: User) -> str:
    """Create or rotate a private link; return the token, which is never stored.

    Rotating replaces the stored hash, so the previous token stops working at once.
    """
    rotated = getattr(invitation, kind.attribute) is not None
    token, digest = new_token()
    setattr(invitation, kind.attribute, digest)
    db.session.flush()
    audit.record(
        "invitation.link_rotated" if rotated else "invitation.link_created",
        "invitation",
        invitation.uid,
        workshop_uid=invitation.workshop.uid,
        details={"kind": kind.value},
        actor=actor,
    )
    return token


def end_links_unless_active(invitation: Invitation, actor: User | None = None) -> None:
    """Revoke the private links of an invitation that no longer stands (declined, withdrew).

    Revoked, not merely refused: accepting again must not bring old links back, since the
    person may have passed them on meanwhile. The team issues new ones if wanted.
    """
    if invitation.status in ACTIVE_INVITATION_STATUSES:
        return
    for kind in LinkKind:
        revoke_link(invitation, kind, actor)


def revoke_link(invitation: Invitation, kind: LinkKind, actor: User | None) -> bool:
    """Revoke a private link. Returns False when there was none."""
    if getattr(invitation, kind.attribute) is None:
        return False
    setattr(invitation, kind.attribute, None)
    db.session.flush()
    audit.record(
        "invitation.link_revoked",
        "invitation",
        invitation.uid,
        workshop_uid=invitation.workshop.uid,
        details={"kind": kind.value},
        actor=actor,
    )
    return True

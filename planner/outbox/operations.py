"""Outbox operations: queue, edit, remove, approve and retry messages (change, flush, audit).

A message always has one recipient, the person of one invitation. People marked "do not
e-mail", and people without an address, are never queued: they are returned as skipped,
with the reason, so the team can reach them another way. Every text is composed from the
recipient's participant view and checked against :func:`composing.unsafe_texts` before it
is stored, so no message names anyone else or says what its recipient may not see.

Each message is composed in its recipient's language (issue 19,
:func:`recipient_language`), under ``flask_babel.force_locale``, and stored as composed.

The audit log says who queued, approved or removed what kind of message for how many
people; never a subject, a body or an address.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import make_msgid, parseaddr

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Row, delete, select, update
from sqlalchemy.orm import joinedload

from planner import audit, i18n
from planner.agenda.publishing import (
    changes_for_viewer,
    nothing_visible,
    published_workshop,
)
from planner.exceptions import DomainError
from planner.extensions import db
from planner.i18n import gettext as _
from planner.languages import N_
from planner.models import AgendaPublication, Invitation, OutboxMessage, Person, User
from planner.models._columns import utcnow
from planner.outbox import composing
from planner.outbox.kinds import MessageKind, MessageStatus
from planner.redaction import (
    own_invitation_view,
    participant_view,
    viewer_for_invitation,
)
from planner.vocabulary import ACTIVE_INVITATION_STATUSES, InvitationStatus
from planner.workshop_data import WorkshopData
from planner.workshop_loading import workshop_page_data, workshop_people_data

#: Messages a person may still change or remove (not being sent, not sent).
CHANGEABLE = frozenset({MessageStatus.DRAFT, MessageStatus.APPROVED, MessageStatus.FAILED})


class Recipients(enum.StrEnum):
    """Whom a composition is for."""

    ALL_INVITED = "all"
    NOT_ANSWERED = "unanswered"
    CONFIRMED = "confirmed"
    SELECTION = "selection"

    @property
    def label(self) -> str:
        return {
            Recipients.ALL_INVITED: N_("Everyone invited (not those who declined or withdrew)"),
            Recipients.NOT_ANSWERED: N_("Those who have not answered"),
            Recipients.CONFIRMED: N_("Those who confirmed"),
            Recipients.SELECTION: N_("The people I select"),
        }[self]


class UnsafeMessage(DomainError):
    """A message would contain something its recipient may not see (or another person)."""

    def __init__(self, found: Sequence[str]) -> None:
        shown = ", ".join(f"“{t[:60]}”" for t in found[:3])
        super().__init__(
            _(
                "The message would contain text that its recipient may not see, or that names "
                "someone else: %(found)s. Nothing was saved; remove it and try again.",
                found=shown,
            )
        )


UNSAFE_SKIPPED = N_(
    "the message would contain text this person may not see; write to them yourself"
)


class NothingToSend(DomainError):
    def __init__(self) -> None:
        super().__init__(_("No one to write to: choose at least one person."))


@dataclass
class Queued:
    """What a composition did: the messages made, and whom it left out and why."""

    messages: list[OutboxMessage] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)


# Recipients ----------------------------------------------------------------------------------


def invitations_for(
    workshop_id: int, recipients: Recipients, selected: Iterable[str] = ()
) -> list[Invitation]:
    """The workshop's invitations that ``recipients`` names, with their people, in order."""
    query = (
        select(Invitation)
        .where(Invitation.workshop_id == workshop_id)
        # The account too: its language is the message's when the person chose none.
        .options(joinedload(Invitation.person).joinedload(Person.user))
        .order_by(Invitation.id)
    )
    if recipients == Recipients.NOT_ANSWERED:
        query = query.where(Invitation.status == InvitationStatus.INVITED)
    elif recipients == Recipients.CONFIRMED:
        query = query.where(Invitation.status == InvitationStatus.CONFIRMED)
    else:
        query = query.where(Invitation.status.in_(ACTIVE_INVITATION_STATUSES))
    if recipients == Recipients.SELECTION:
        uids = sorted(set(selected))
        if not uids:
            return []
        query = query.where(Invitation.uid.in_(uids))
    return list(db.session.scalars(query))


def skip_reason(invitation: Invitation) -> str | None:
    """Why this person gets no e-mail, or None."""
    if invitation.person.do_not_email:
        return _("marked not to be e-mailed")
    if not invitation.person.email:
        return _("has no e-mail address")
    return None


def recipient_language(invitation: Invitation, working_languages: Sequence[str]) -> str:
    """The language a message to this invitation's person is written in: the person's own
    choice, else their account's, else the workshop's first working language that the
    interface has, else English (``planner.i18n.participant_language``, the rule the
    participant's files follow too)."""
    person = invitation.person
    account = person.user
    return i18n.participant_language(
        [person.preferred_language, account.preferred_language if account else None],
        working_languages,
    )


# Composing -----------------------------------------------------------------------------------


def _message_id_domain() -> str:
    _name, address = parseaddr(current_app.config.get("MAIL_DEFAULT_SENDER") or "")
    domain = address.rpartition("@")[2]
    return domain or "planner.invalid"


def check_safe(full: WorkshopData, invitation_uid: str, subject: str, body: str) -> None:
    """Refuse (``UnsafeMessage``) a text that names anyone else or says what the recipient
    may not see."""
    viewer = viewer_for_invitation(full, invitation_uid)
    found = composing.unsafe_found(composing.unsafe_texts(full, viewer), subject, body)
    if found:
        raise UnsafeMessage(found)


def _draft_for(
    kind: MessageKind,
    full: WorkshopData,
    invitation_uid: str,
    changes_view: tuple[dict, dict, WorkshopData] | None,
) -> composing.Draft | None:
    """The template's message for one recipient; None for a change notice when nothing
    that person sees has changed."""
    viewer = viewer_for_invitation(full, invitation_uid)
    view = participant_view(full, viewer)
    own = own_invitation_view(full, viewer)
    changes: list[str] = []
    if changes_view is not None:
        previous, current, live = changes_view
        changes = changes_for_viewer(previous, current, live, viewer)
        if nothing_visible(changes):
            return None
    return composing.compose(kind, view, own, changes=changes)


def queue(
    workshop: Row,
    kind: MessageKind,
    invitations: Sequence[Invitation],
    *,
    actor: User | None,
    subject: str | None = None,
    body: str | None = None,
    publication: AgendaPublication | None = None,
    previous: AgendaPublication | None = None,
    skip_unsafe: bool = False,
) -> Queued:
    """Queue one draft of ``kind`` per invitation (``workshop``: its ``load_workshop_head``
    row). ``subject`` and ``body`` replace the template's (a custom message); a change
    notice needs ``publication`` and the ``previous`` one.

    Someone who already has an unsent message of the same kind keeps it (a change notice
    replaces an older unsent one). Raises ``UnsafeMessage`` — nothing saved — when a text
    would tell anyone what they may not see; with ``skip_unsafe`` that person is skipped
    instead (the notices queued by publishing must not stop the publication).
    """
    if not invitations:
        raise NothingToSend()
    full = workshop_page_data(workshop)
    source, changes_view = full, None
    if kind == MessageKind.CHANGE_NOTICE:
        live = workshop_people_data(workshop)
        changes_view = (previous.snapshot, publication.snapshot, live)
        # What participants are told about is the published agenda, not the live draft.
        source = published_workshop(publication.snapshot, full)
    waiting = _unsent_of_kind(workshop.id, kind, [i.id for i in invitations])
    result = Queued()
    replaced: list[int] = []
    domain = _message_id_domain()
    for invitation in invitations:
        reason = skip_reason(invitation)
        answered = invitation.status != InvitationStatus.INVITED
        if reason is None and kind == MessageKind.REMINDER and answered:
            reason = _("has already answered")
        if reason is None and kind != MessageKind.CHANGE_NOTICE and invitation.id in waiting:
            reason = _("already has one waiting in the outbox")
        if reason is not None:
            result.skipped.append((invitation.person.name, reason))
            continue
        person_changes = changes_view
        older = waiting.get(invitation.id, []) if kind == MessageKind.CHANGE_NOTICE else []
        if older:
            # An unsent notice is replaced by one telling everything since what it was
            # about: from the publication before the oldest one not yet told.
            base = min(m.publication_number or publication.number for m in older) - 1
            person_changes = (_snapshot(workshop.id, base), *changes_view[1:])
        # Composed in the recipient's language: its words, its dates, the change lines.
        with force_locale(recipient_language(invitation, full.working_languages)):
            draft = _draft_for(kind, source, invitation.uid, person_changes)
        if draft is None:
            result.skipped.append((invitation.person.name, _("nothing they see has changed")))
            continue
        text_subject = subject if subject is not None else draft.subject
        text_body = body if body is not None else draft.body
        try:
            check_safe(full, invitation.uid, text_subject, text_body)
        except UnsafeMessage:
            if not skip_unsafe:
                raise
            result.skipped.append((invitation.person.name, _(UNSAFE_SKIPPED)))
            continue
        replaced.extend(m.id for m in older)
        message = OutboxMessage(
            workshop_id=workshop.id,
            invitation_id=invitation.id,
            kind=kind,
            status=MessageStatus.DRAFT,
            subject=text_subject,
            body=text_body,
            message_id=make_msgid(domain=domain),
            publication_number=publication.number if publication is not None else None,
            attempts=0,
            last_error="",
            claimed_by="",
            sent_to="",
            created_by_id=actor.id if actor else None,
        )
        db.session.add(message)
        result.messages.append(message)
    db.session.flush()
    _delete_unsent(replaced, (MessageStatus.DRAFT, MessageStatus.APPROVED))
    audit.record(
        "outbox.queued",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"kind": kind.value, "count": len(result.messages), "skipped": len(result.skipped)},
        actor=actor,
    )
    return result


def _snapshot(workshop_id: int, number: int) -> dict:
    publication = db.session.scalar(
        select(AgendaPublication).where(
            AgendaPublication.workshop_id == workshop_id, AgendaPublication.number == number
        )
    )
    return publication.snapshot


def _unsent_of_kind(
    workshop_id: int, kind: MessageKind, invitation_ids: list[int]
) -> dict[int, list[OutboxMessage]]:
    found: dict[int, list[OutboxMessage]] = {}
    if not invitation_ids:
        return found
    for message in db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.workshop_id == workshop_id,
            OutboxMessage.kind == kind,
            OutboxMessage.status.in_([MessageStatus.DRAFT, MessageStatus.APPROVED]),
            OutboxMessage.invitation_id.in_(invitation_ids),
        )
    ):
        found.setdefault(message.invitation_id, []).append(message)
    return found


def queue_change_notices(
    workshop: Row, publication: AgendaPublication, actor: User | None
) -> Queued:
    """Drafts telling the confirmed what changed in ``publication`` (a republication), for
    the team to review and send; nothing for a first publication."""
    if publication.number <= 1:
        return Queued()
    previous = db.session.scalar(
        select(AgendaPublication).where(
            AgendaPublication.workshop_id == workshop.id,
            AgendaPublication.number == publication.number - 1,
        )
    )
    invitations = invitations_for(workshop.id, Recipients.CONFIRMED)
    if previous is None or not invitations:
        return Queued()
    return queue(
        workshop,
        MessageKind.CHANGE_NOTICE,
        invitations,
        actor=actor,
        publication=publication,
        previous=previous,
        skip_unsafe=True,
    )


# Review --------------------------------------------------------------------------------------


def messages_of(workshop_id: int, uids: Iterable[str]) -> list[OutboxMessage]:
    uids = sorted(set(uids))
    if not uids:
        return []
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.workshop_id == workshop_id, OutboxMessage.uid.in_(uids))
            .order_by(OutboxMessage.id)
        )
    )


class NotChangeable(DomainError):
    def __init__(self) -> None:
        super().__init__(_("This message is being sent or has been sent; it can no longer change."))


def edit(
    message: OutboxMessage, workshop: Row, subject: str, body: str, *, actor: User | None
) -> bool:
    """Change one message's text; it goes back to draft, to be approved again. Returns False
    when nothing changed."""
    if message.status not in CHANGEABLE:
        raise NotChangeable()
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise DomainError(_("A message needs a subject and a text."))
    if len(subject) > composing.SUBJECT_MAX or len(body) > composing.BODY_MAX:
        raise DomainError(
            _(
                "A subject may have at most %(subject)d characters and a text %(body)d.",
                subject=composing.SUBJECT_MAX,
                body=composing.BODY_MAX,
            )
        )
    if (subject, body) == (message.subject, message.body):
        return False
    full = workshop_page_data(workshop)
    check_safe(full, message.invitation.uid, subject, body)
    # Only while it is still unsent: the worker may have claimed it since the page loaded.
    changed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status.in_(CHANGEABLE))
        .values(subject=subject, body=body, status=MessageStatus.DRAFT, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise NotChangeable()
    db.session.refresh(message)
    audit.record(
        "outbox.edited",
        "outbox_message",
        message.uid,
        workshop_uid=workshop.uid,
        details={"kind": message.kind.value},
        actor=actor,
    )
    return True


def remove(workshop: Row, messages: Sequence[OutboxMessage], *, actor: User | None) -> int:
    """Take these recipients out: delete their unsent messages. Returns how many."""
    removed = _delete_unsent([m.id for m in messages], CHANGEABLE)
    if removed:
        audit.record(
            "outbox.removed",
            "workshop",
            workshop.uid,
            workshop_uid=workshop.uid,
            details={"count": removed},
            actor=actor,
        )
    return removed


def _delete_unsent(ids: Sequence[int], statuses: Iterable[MessageStatus]) -> int:
    """Delete those of ``ids`` still in ``statuses`` — one conditional DELETE, so a message
    a worker claimed meanwhile is never taken from under it. Returns how many."""
    if not ids:
        return 0
    deleted = db.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.id.in_(list(ids)), OutboxMessage.status.in_(list(statuses)))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire_all()
    return deleted


def approve(
    workshop_uid: str | None, messages: Sequence[OutboxMessage], *, actor: User | None
) -> int:
    """Approve drafts (and failed messages, to try again) for sending. Returns how many.

    One audit event per kind: who approved how many messages of which kind.
    """
    now = utcnow()
    counts: Counter[MessageKind] = Counter()
    for message in messages:
        if message.status not in (MessageStatus.DRAFT, MessageStatus.FAILED):
            continue
        if message.status == MessageStatus.FAILED:
            message.attempts = 0
        message.status = MessageStatus.APPROVED
        message.next_attempt_at = now
        message.approved_by_id = actor.id if actor else None
        message.approved_at = now
        counts[message.kind] += 1
    db.session.flush()
    for kind, count in sorted(counts.items()):
        audit.record(
            "outbox.approved",
            "workshop" if workshop_uid else "outbox",
            workshop_uid or "",
            workshop_uid=workshop_uid,
            details={"kind": kind.value, "count": count},
            actor=actor,
        )
    return sum(counts.values())


def drafts(workshop_id: int | None = None) -> list[OutboxMessage]:
    """The drafts waiting for approval, of one workshop or all."""
    query = select(OutboxMessage).where(OutboxMessage.status == MessageStatus.DRAFT)
    if workshop_id is not None:
        query = query.where(OutboxMessage.workshop_id == workshop_id)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))

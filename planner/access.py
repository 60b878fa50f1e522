"""Who may do what (PRODUCT §2): the one permission API every view and export asks.

A user's standing in a workshop is computed once (``standing``) and every question is
answered from it, so no view re-decides access on its own. Views call ``require``,
which answers 404 when the user may not even know the workshop exists and 403 when
they may see it but not do this.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from typing import Protocol

from flask import abort
from sqlalchemy import Select, exists, or_, select, union_all

from planner.extensions import db
from planner.models import Invitation, Person, Source, User, Workshop, workshop_co_facilitators
from planner.vocabulary import ACTIVE_INVITATION_STATUSES, Role


class Standing(enum.IntEnum):
    """A user's relation to one workshop, from none to full."""

    NONE = 0
    PARTICIPANT = 1  # invited to it, and has not declined or withdrawn
    TEAM = 2  # owner or co-facilitator
    ORGANISER = 3


class Action(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"
    READ_NOTES = "read_notes"
    SEE_ALL_NAMES = "see_all_names"
    EXPORT_FACILITATOR = "export_facilitator"
    EXPORT_PARTICIPANT = "export_participant"


_MINIMUM_STANDING = {
    Action.VIEW: Standing.PARTICIPANT,
    Action.EDIT: Standing.TEAM,
    Action.READ_NOTES: Standing.TEAM,
    Action.SEE_ALL_NAMES: Standing.TEAM,
    Action.EXPORT_FACILITATOR: Standing.TEAM,
    Action.EXPORT_PARTICIPANT: Standing.PARTICIPANT,
}


def _is_signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


class WorkshopRef(Protocol):
    """What access needs of a workshop: a ``Workshop`` or a row with these columns."""

    @property
    def id(self) -> int: ...

    @property
    def owner_id(self) -> int: ...


def standing(user: User | None, workshop: WorkshopRef) -> Standing:
    if not _is_signed_in(user):
        return Standing.NONE
    if user.role == Role.ORGANISER:
        return Standing.ORGANISER
    if user.role == Role.FACILITATOR:
        if workshop.owner_id == user.id:
            return Standing.TEAM
        is_co = db.session.scalar(
            select(
                exists().where(
                    workshop_co_facilitators.c.workshop_id == workshop.id,
                    workshop_co_facilitators.c.user_id == user.id,
                )
            )
        )
        if is_co:
            return Standing.TEAM
        # A facilitator may also be invited to someone else's workshop, e.g. as an observer.
    if _is_invited(user, workshop):
        return Standing.PARTICIPANT
    return Standing.NONE


def _is_invited(user: User, workshop: WorkshopRef) -> bool:
    """Whether ``user`` holds an invitation to ``workshop`` that still stands.

    A declined or withdrawn invitation gives nothing, as its private links give nothing:
    only the answer form (``can_answer``) stays open to it.
    """
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Invitation.workshop_id == workshop.id,
                    Invitation.person_id == Person.id,
                    Person.user_id == user.id,
                    Invitation.status.in_(ACTIVE_INVITATION_STATUSES),
                )
            )
        )
    )


def can_answer(user: User | None, invitation: Invitation) -> bool:
    """Confirm or decline an invitation: only the invited person, and even after declining,
    so that they can accept again. The answer gives no view of the workshop by itself."""
    return _is_signed_in(user) and invitation.person.user_id == user.id


def invitation_admits(invitation: Invitation) -> bool:
    """Whether an invitation still gives its person participant standing (not declined or
    withdrawn): the participant's home page links only these to their agenda."""
    return invitation.status in ACTIVE_INVITATION_STATUSES


def can(user: User | None, action: Action, workshop: WorkshopRef) -> bool:
    return standing(user, workshop) >= _MINIMUM_STANDING[action]


def require(user: User | None, action: Action, workshop: WorkshopRef | None) -> Standing:
    """Abort unless ``user`` may do ``action`` on ``workshop``; return their standing.

    A workshop the user may not view answers 404, so its existence is not revealed.
    """
    if workshop is None:
        abort(404)
    level = standing(user, workshop)
    if level < Standing.PARTICIPANT:
        abort(404)
    if level < _MINIMUM_STANDING[action]:
        abort(403)
    return level


def visible_workshops(user: User) -> Select:
    """A SELECT of the workshops ``user`` may see (PRODUCT §2, row "see every workshop").

    Apart from organisers', the condition is a set of workshop ids found from the user's
    side — owned, co-facilitated, invited — through the indexes on owner, co-facilitator and
    person, so its cost follows what the user may see, not the size of the programme.
    """
    query = select(Workshop)
    if user.role == Role.ORGANISER:
        return query
    if user.role == Role.FACILITATOR:
        ids = union_all(*_team_workshop_ids(user), _invited_workshop_ids(user))
    else:
        ids = _invited_workshop_ids(user)
    return query.where(Workshop.id.in_(ids))


def _invited_workshop_ids(user: User) -> Select:
    """Ids of the workshops to which ``user`` holds an invitation that still stands."""
    return (
        select(Invitation.workshop_id)
        .join(Person, Invitation.person_id == Person.id)
        .where(Person.user_id == user.id, Invitation.status.in_(ACTIVE_INVITATION_STATUSES))
    )


def _team_workshop_ids(user: User) -> tuple[Select, Select]:
    """Ids of the workshops ``user`` owns, and of those they co-facilitate."""
    return (
        select(Workshop.id).where(Workshop.owner_id == user.id),
        select(workshop_co_facilitators.c.workshop_id).where(
            workshop_co_facilitators.c.user_id == user.id
        ),
    )


def team_workshop_ids(user: User, workshop_ids: Collection[int]) -> set[int]:
    """Which of ``workshop_ids`` ``user`` runs (team standing or more), in one question.

    For a page of workshops, as ``standing(user, w) >= Standing.TEAM`` for each would answer.
    """
    if not workshop_ids or not _is_signed_in(user):
        return set()
    if user.role == Role.ORGANISER:
        return set(workshop_ids)
    if user.role != Role.FACILITATOR:
        return set()
    co = exists().where(
        workshop_co_facilitators.c.workshop_id == Workshop.id,
        workshop_co_facilitators.c.user_id == user.id,
    )
    return set(
        db.session.scalars(
            select(Workshop.id).where(
                Workshop.id.in_(list(workshop_ids)), or_(Workshop.owner_id == user.id, co)
            )
        )
    )


# Capabilities that do not depend on a workshop.


def can_manage_catalogue(user: User | None) -> bool:
    """Accounts, venues, segments and the topic catalogue."""
    return _is_signed_in(user) and user.role == Role.ORGANISER


def can_create_workshop(user: User | None) -> bool:
    return _is_signed_in(user) and user.role in (Role.ORGANISER, Role.FACILITATOR)


def can_use_library(user: User | None) -> bool:
    """Browse the prompt library and sources, import a source article, curate prompts."""
    return _is_signed_in(user) and user.role in (Role.ORGANISER, Role.FACILITATOR)


def can_delete_source(user: User | None, source: Source) -> bool:
    """Delete an imported source: organisers, and the facilitator who imported it."""
    if not can_use_library(user):
        return False
    return user.role == Role.ORGANISER or source.imported_by_id == user.id


def can_read_audit(user: User | None) -> bool:
    return _is_signed_in(user) and user.role == Role.ORGANISER


def can_manage_team(user: User | None, workshop: Workshop) -> bool:
    """Change a workshop's facilitation team, or delete it: its owner or an organiser."""
    if not _is_signed_in(user):
        return False
    return user.role == Role.ORGANISER or (
        user.role == Role.FACILITATOR and workshop.owner_id == user.id
    )


def may_join_team(user: User | None) -> bool:
    """Whether an account may be added to a workshop's facilitation team: an active
    facilitator's. Organisers already run every workshop; participants never do."""
    return user is not None and bool(user.active) and user.role == Role.FACILITATOR


def require_capability(allowed: bool) -> None:
    if not allowed:
        abort(403)


# Exports


def exports_live_draft(level: Standing) -> bool:
    """Whether exports for ``level`` are made from the live draft (the team and organisers)
    rather than from the last published agenda (participants, PRODUCT §9)."""
    return level >= _MINIMUM_STANDING[Action.EDIT]


#: A private link stands for its invitation: its holder reads as that participant.
PRIVATE_LINK_STANDING = Standing.PARTICIPANT

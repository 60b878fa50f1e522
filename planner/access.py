"""Who may do what (PRODUCT §2): the one permission API every view and export asks.

A user's standing in a workshop is computed once (``standing``) and every question is
answered from it, so no view re-decides access on its own. Views call ``require``,
which answers 404 when the user may not even know the workshop exists and 403 when
they may see it but not do this. Lists ask the batch forms (``can_each``,
``may_see_people``), which answer for every row in a fixed number of queries. Who is on a
team is one query (``_team_workshop_ids``), and this is the only module that reads a role.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Protocol

from flask import abort, current_app
from sqlalchemy import Select, select, union_all

from planner.extensions import db
from planner.models import Invitation, Person, Source, User, Workshop, workshop_co_facilitators
from planner.vocabulary import ACTIVE_INVITATION_STATUSES, Role


class Standing(enum.IntEnum):
    """A user's relation to one workshop, from none to full."""

    NONE = 0
    PARTICIPANT = 1  # invited to it, and has not declined or withdrawn
    TEAM = 2  # co-facilitator (or owner)
    OWNER = 3  # the facilitator who owns it
    ORGANISER = 4


class Action(enum.StrEnum):
    """What a user may ask to do with one workshop; each needs a minimum standing."""

    VIEW = "view"
    EDIT = "edit"
    READ_NOTES = "read_notes"
    READ_READINESS = "read_readiness"
    SEE_ALL_NAMES = "see_all_names"
    EXPORT_FACILITATOR = "export_facilitator"
    EXPORT_PARTICIPANT = "export_participant"
    MANAGE_TEAM = "manage_team"  # change the facilitation team, or delete the workshop
    # Preparation records and risk levels of the people invited (issue 20), facilitator-only.
    PREPARE_PARTICIPANTS = "prepare_participants"
    # The live day (issue 22): the run sheet and its changes, the offline participant copy.
    RUN_DAY = "run_day"
    # After the workshop: sessions held, actual times, outcome notes (facilitator-only).
    RECORD_OUTCOMES = "record_outcomes"
    # E-mail the people invited (the outbox) and print their private links (issue 18).
    MESSAGE_PARTICIPANTS = "message_participants"


_MINIMUM_STANDING = {
    Action.VIEW: Standing.PARTICIPANT,
    Action.EDIT: Standing.TEAM,
    Action.READ_NOTES: Standing.TEAM,
    Action.READ_READINESS: Standing.TEAM,
    Action.SEE_ALL_NAMES: Standing.TEAM,
    Action.EXPORT_FACILITATOR: Standing.TEAM,
    Action.EXPORT_PARTICIPANT: Standing.PARTICIPANT,
    Action.MANAGE_TEAM: Standing.OWNER,
    Action.PREPARE_PARTICIPANTS: Standing.TEAM,
    Action.RUN_DAY: Standing.TEAM,
    Action.RECORD_OUTCOMES: Standing.TEAM,
    Action.MESSAGE_PARTICIPANTS: Standing.TEAM,
}


# The only place that reads a role: every question below is answered from these.


def _is_signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _is_organiser(user) -> bool:
    return _is_signed_in(user) and user.role == Role.ORGANISER


def _is_facilitator(user) -> bool:
    return _is_signed_in(user) and user.role == Role.FACILITATOR


class WorkshopRef(Protocol):
    """What access needs of a workshop: a ``Workshop`` or a row with these columns."""

    @property
    def id(self) -> int: ...

    @property
    def owner_id(self) -> int: ...


def _team_workshop_ids(user: User) -> tuple[Select, Select]:
    """The team query: ids of the workshops ``user`` owns, and of those they co-facilitate.

    Two selects, each through its own index, to be joined with ``union_all``; only a
    facilitator's answer counts (an organiser runs every workshop, a participant none).
    """
    return (
        select(Workshop.id).where(Workshop.owner_id == user.id),
        select(workshop_co_facilitators.c.workshop_id).where(
            workshop_co_facilitators.c.user_id == user.id
        ),
    )


def _invited_workshop_ids(user: User) -> Select:
    """Ids of the workshops to which ``user`` holds an invitation that still stands.

    A declined or withdrawn invitation gives nothing, as its private links give nothing:
    only the answer form (``can_answer``) stays open to it.
    """
    return (
        select(Invitation.workshop_id)
        .join(Person, Invitation.person_id == Person.id)
        .where(Person.user_id == user.id, Invitation.status.in_(ACTIVE_INVITATION_STATUSES))
    )


def _standings(
    user: User | None, workshops: Iterable[WorkshopRef], lowest: Standing
) -> dict[int, Standing]:
    """The standing of ``user`` in each workshop, by id, in at most two queries.

    Standings below ``lowest`` are not looked for (they answer NONE): a list that only
    asks about the team need not read invitations.
    """
    workshops = list(workshops)
    result = {w.id: Standing.NONE for w in workshops}
    if not result or not _is_signed_in(user):
        return result
    if _is_organiser(user):
        return dict.fromkeys(result, Standing.ORGANISER)
    rest = set(result)
    if _is_facilitator(user):
        for workshop in workshops:
            if workshop.owner_id == user.id:
                result[workshop.id] = Standing.OWNER
                rest.discard(workshop.id)
        if rest:
            team = union_all(*_team_workshop_ids(user))
            for workshop_id in db.session.scalars(
                select(Workshop.id).where(Workshop.id.in_(sorted(rest)), Workshop.id.in_(team))
            ):
                result[workshop_id] = Standing.TEAM
                rest.discard(workshop_id)
    # A facilitator may also be invited to someone else's workshop, e.g. as an observer.
    if rest and lowest <= Standing.PARTICIPANT:
        for workshop_id in db.session.scalars(
            _invited_workshop_ids(user).where(Invitation.workshop_id.in_(sorted(rest)))
        ):
            result[workshop_id] = Standing.PARTICIPANT
    return result


def standing(user: User | None, workshop: WorkshopRef) -> Standing:
    """The relation of ``user`` to ``workshop``, from which every workshop question follows."""
    return _standings(user, [workshop], Standing.PARTICIPANT)[workshop.id]


def can_answer(user: User | None, invitation: Invitation) -> bool:
    """Confirm or decline an invitation: only the invited person, and even after declining,
    so that they can accept again. The answer gives no view of the workshop by itself."""
    return _is_signed_in(user) and invitation.person.user_id == user.id


def invitation_admits(invitation: Invitation) -> bool:
    """Whether an invitation still gives its person participant standing (not declined or
    withdrawn): the participant's home page links only these to their agenda."""
    return invitation.status in ACTIVE_INVITATION_STATUSES


def permits(level: Standing, action: Action) -> bool:
    """Whether a standing already found (by ``require``) allows ``action`` too."""
    return level >= _MINIMUM_STANDING[action]


def can(user: User | None, action: Action, workshop: WorkshopRef) -> bool:
    """Whether ``user`` may do ``action`` on ``workshop``."""
    return permits(standing(user, workshop), action)


def can_each(user: User | None, action: Action, workshops: Iterable[WorkshopRef]) -> set[int]:
    """The ids of those ``workshops`` on which ``user`` may do ``action``: ``can`` for a
    whole list in at most two queries, whatever its length."""
    needed = _MINIMUM_STANDING[action]
    return {i for i, level in _standings(user, workshops, needed).items() if permits(level, action)}


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
    if _is_organiser(user):
        return query
    if _is_facilitator(user):
        ids = union_all(*_team_workshop_ids(user), _invited_workshop_ids(user))
    else:
        ids = _invited_workshop_ids(user)
    return query.where(Workshop.id.in_(ids))


# People: who may see, find, invite, import or edit a person (PRODUCT §2, "see other
# participants' names"). A facilitator knows the people invited to a workshop of their team.


def sees_every_person(user: User | None) -> bool:
    """Organisers see every person; anyone else only those of their team's workshops."""
    return _is_organiser(user)


def may_search_by_email(user: User | None) -> bool:
    """Find a person by exact email: organisers only, as it would tell a facilitator the
    address of someone outside their workshops."""
    return _is_organiser(user)


def visible_person_ids(user: User | None) -> set[int] | None:
    """Ids of every person ``user`` may see in full; None for everyone (organisers)."""
    if sees_every_person(user):
        return None
    if not _is_facilitator(user):
        return set()
    return set(
        db.session.scalars(
            select(Invitation.person_id)
            .where(Invitation.workshop_id.in_(union_all(*_team_workshop_ids(user))))
            .distinct()
        )
    )


def may_see_people(user: User | None, people: Iterable[Person]) -> set[int]:
    """The ids of those ``people`` whom ``user`` may see in full, in one query: only they
    may be found, invited, imported or edited by that user."""
    ids = {p.id for p in people if p.id is not None}
    if not ids or sees_every_person(user):
        return ids
    if not _is_facilitator(user):
        return set()
    return set(
        db.session.scalars(
            select(Invitation.person_id).where(
                Invitation.person_id.in_(ids),
                Invitation.workshop_id.in_(union_all(*_team_workshop_ids(user))),
            )
        )
    )


def may_see_person(user: User | None, person: Person) -> bool:
    """Whether ``user`` may see, edit and invite ``person`` (see :func:`may_see_people`)."""
    return person.id in may_see_people(user, [person])


# Capabilities that do not depend on a workshop.


def may_run_workshops(user: User | None) -> bool:
    """Organisers and facilitators: those who prepare workshops and review their readiness."""
    return _is_organiser(user) or _is_facilitator(user)


def organisers() -> Select:
    """A SELECT of the active organiser accounts (e.g. whom a command acts as by default)."""
    return select(User).where(User.role == Role.ORGANISER, User.active.is_(True))


def can_manage_catalogue(user: User | None) -> bool:
    """Accounts, venues, segments and the topic catalogue."""
    return _is_organiser(user)


def can_create_workshop(user: User | None) -> bool:
    return may_run_workshops(user)


def can_use_library(user: User | None) -> bool:
    """Browse the prompt library and sources, import a source article, curate prompts."""
    return may_run_workshops(user)


def can_delete_source(user: User | None, source: Source) -> bool:
    """Delete an imported source: organisers, and the facilitator who imported it."""
    if not can_use_library(user):
        return False
    return _is_organiser(user) or source.imported_by_id == user.id


def can_correct_source(user: User | None, source: Source) -> bool:
    """Correct what an import found (passage kinds, merges and splits, title, authors,
    outlet, date): like deleting it, organisers and the facilitator who imported it."""
    return can_delete_source(user, source)


def can_read_audit(user: User | None) -> bool:
    return _is_organiser(user)


def may_set_retention(user: User | None) -> bool:
    """Set the retention period and see what it makes due (issue 20): organisers."""
    return _is_organiser(user)


def may_export_subject_access(user: User | None) -> bool:
    """Produce everything stored about any one person (a subject access request): organisers."""
    return _is_organiser(user)


def may_download_own_data(user: User | None) -> bool:
    """Download what is stored about oneself: any signed-in account with a person profile."""
    return _is_signed_in(user) and user.person is not None


def may_set_own_language(user: User | None) -> bool:
    """The language switcher also sets one's own account's preferred language (issue 19);
    anyone, signed in or not, may choose the language of their own session."""
    return _is_signed_in(user)


def may_join_team(user: User | None) -> bool:
    """Whether an account may be added to a workshop's facilitation team: an active
    facilitator's. Organisers already run every workshop; participants never do."""
    return _is_facilitator(user) and bool(user.active)


def may_use_two_factor(user: User | None) -> bool:
    """Enrol in two-factor sign-in: organisers and facilitators (participants sign in with a
    password or use their private link)."""
    return may_run_workshops(user)


def must_use_two_factor(user: User | None) -> bool:
    """Whether ``user`` may not work without two-factor sign-in: organisers, when the
    ``REQUIRE_2FA_FOR_ORGANISERS`` setting is on."""
    return _is_organiser(user) and bool(current_app.config.get("REQUIRE_2FA_FOR_ORGANISERS"))


def require_capability(allowed: bool) -> None:
    """Abort with 403 unless ``allowed`` (the answer of one of the questions above)."""
    if not allowed:
        abort(403)


# Exports


def exports_live_draft(level: Standing) -> bool:
    """Whether exports for ``level`` are made from the live draft (the team and organisers)
    rather than from the last published agenda (participants, PRODUCT §9)."""
    return level >= _MINIMUM_STANDING[Action.EDIT]


#: A private link stands for its invitation: its holder reads as that participant.
PRIVATE_LINK_STANDING = Standing.PARTICIPANT

"""Every change to people and invitations: one plain function each.

Each function changes the records, flushes, and writes the audit event; the request (or the
caller) commits. Two people saving the same thing at the same moment meet a unique constraint
at the flush: that is refused as the check before it would have been.
Audit details name the fields that changed, never the text of notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm.attributes import set_committed_value

from planner import access, audit, i18n
from planner.crypto import email_hashes
from planner.exceptions import DomainError, EditConflict, check_version
from planner.extensions import db
from planner.i18n import gettext as _
from planner.languages import N_
from planner.models import Invitation, Person, SmallGroupMember, User, Workshop
from planner.models._columns import new_public_id
from planner.participant.operations import end_links_unless_active
from planner.people import queries, values
from planner.people.csv_import import RosterError, RosterPreview, RosterRow, parse_roster
from planner.protection.risk import risk_reason_problem
from planner.transactions import collisions_refused
from planner.vocabulary import AgeBand, Community, InvitationRole, InvitationStatus, RiskLevel

#: Why an email is refused: on an import line naming someone outside the importer's
#: workshops, and on the person forms when anyone already has the address. Neutral: it must
#: not tell a facilitator whether anyone has that email address.
EMAIL_NOT_USABLE = N_("This email cannot be used here; ask an organiser to invite this person.")


class DuplicateEmail(DomainError):
    """Another person already has this email address (the message does not say so)."""

    def __init__(self, existing: Person | None = None) -> None:
        super().__init__(_(EMAIL_NOT_USABLE))
        self.existing = existing


class AlreadyInvited(DomainError):
    def __init__(self) -> None:
        super().__init__(_("This person is already invited to this workshop."))


# What an edit conflict names (planner.exceptions.EditConflict), in the reader's language.
PERSON = N_("This person's profile")
INVITATION = N_("This invitation")


def bump_version(record: Person | Invitation) -> None:
    """Raise the optimistic-locking version of a person or an invitation.

    A plain column, raised by every operation that changes a person's profile or an
    invitation's role or status (not ``version_id_col``: recording which agenda version a
    participant has seen must not invalidate a facilitator's open form). The increment is
    done by the database, so two concurrent changes cannot both write the same number.
    """
    record.version = type(record).version + 1


def _lock_and_check(record: Person | Invitation, submitted_version, what: str) -> None:
    """Re-read the version with the row locked until commit (PostgreSQL; SQLite writes one
    at a time anyway), and refuse a form opened on another version."""
    model = type(record)
    current = db.session.scalar(
        select(model.version).where(model.id == record.id).with_for_update()
    )
    if current is None:
        raise EditConflict(what)
    set_committed_value(record, "version", current)
    check_version(record, submitted_version, what)


@dataclass(frozen=True)
class PersonFields:
    """A person's profile as a form or an import line gives it, already normalised."""

    name: str
    community: Community
    name_alt: str = ""
    segment_id: int | None = None
    affiliation: str = ""
    languages: tuple[str, ...] = ()
    email: str | None = None
    consent_to_list: bool = False
    # Facilitator-only: the outbox never e-mails them (issue 18).
    do_not_email: bool = False
    notes: str = ""
    # Facilitator-only (readiness R20/R22; never in a participant output).
    gender: str = ""
    age_band: AgeBand | None = None
    # Facilitator-only (issue 20): where the person may be named, and why.
    risk_level: RiskLevel = RiskLevel.STANDARD
    risk_reason: str = ""
    # The language of their e-mails and outputs (issue 19): en, ru, hy, az, or "" for none.
    preferred_language: str = ""


def _risk_reason(level: RiskLevel, reason: str) -> str:
    reason = (reason or "").strip()
    problem = risk_reason_problem(level, reason)
    if problem:
        raise ValueError(problem)
    return reason


def person_fields(
    *,
    name: str,
    community: Community,
    segment_id: int | None = None,
    affiliation: str = "",
    languages: Sequence[str] = (),
    email: str = "",
    consent_to_list: bool = False,
    notes: str = "",
    gender: str = "",
    age_band: AgeBand | None = None,
    risk_level: RiskLevel = RiskLevel.STANDARD,
    risk_reason: str = "",
    preferred_language: str = "",
) -> PersonFields:
    """A profile from text as a file gives it, cleaned by the rules the person form applies
    (``planner.people.values``); ``ValueError`` says what is wrong."""
    return PersonFields(
        name=values.parse_name(name),
        community=community,
        segment_id=segment_id,
        affiliation=values.parse_affiliation(affiliation),
        languages=tuple(values.parse_languages(", ".join(languages))),
        email=values.parse_email(email),
        consent_to_list=consent_to_list,
        notes=(notes or "").strip(),
        gender=values.parse_gender(gender),
        age_band=age_band,
        risk_level=risk_level,
        risk_reason=_risk_reason(risk_level, risk_reason),
        preferred_language=i18n.supported(preferred_language) or "",
    )


def _check_email_free(email: str | None, person: Person | None = None) -> None:
    if not email:
        return
    existing = queries.person_by_email(email)
    if existing is not None and existing is not person:
        raise DuplicateEmail(existing)


def _apply(person: Person, values: PersonFields) -> list[str]:
    """Copy the fields onto the person; return the names of those that changed."""
    changed = []
    for f in fields(PersonFields):
        new = getattr(values, f.name)
        if f.name == "languages":
            new = list(new)
        if getattr(person, f.name) != new:
            setattr(person, f.name, new)
            changed.append(f.name)
    return changed


def create_person(values: PersonFields, *, workshop: Workshop | None = None) -> Person:
    """A new person (the workshop, if given, is where they were added, for the audit log)."""
    _check_email_free(values.email)
    person = _new_person(values, workshop)
    with collisions_refused(DuplicateEmail):
        db.session.flush()
    return person


def _new_person(values: PersonFields, workshop: Workshop | None) -> Person:
    # The public id is set here, not at flush, so the audit event can name it without a
    # flush per person (a roster import adds up to two thousand).
    person = Person(uid=new_public_id())
    _apply(person, values)
    db.session.add(person)
    audit.record(
        "person.created",
        "person",
        person.uid,
        workshop_uid=workshop.uid if workshop else None,
        details={"community": person.community.value, "has_email": bool(person.email)},
    )
    return person


def update_person(
    person: Person, values: PersonFields, *, workshop: Workshop, version: int | str | None
) -> list[str]:
    """Change a person's profile; returns the changed field names (empty: nothing saved).

    ``version`` is the one the form was opened on: EditConflict if the profile has changed
    since (e.g. the participant withdrew their consent to be listed).
    """
    _lock_and_check(person, version, _(PERSON))
    _check_email_free(values.email, person)
    changed = _apply(person, values)
    if changed:
        bump_version(person)
        with collisions_refused(DuplicateEmail):
            db.session.flush()
        audit.record(
            "person.updated",
            "person",
            person.uid,
            workshop_uid=workshop.uid,
            details={"fields": changed},
        )
    return changed


def invite(
    workshop: Workshop,
    person: Person,
    role: InvitationRole = InvitationRole.PARTICIPANT,
    status: InvitationStatus = InvitationStatus.INVITED,
    support: InvitationSupport | None = None,
) -> Invitation:
    """Invite ``person`` (given ``support``: recording what they receive, as the
    invitation form does; the audit says it was recorded, never the amounts)."""
    already = db.session.scalar(
        select(func.count())
        .select_from(Invitation)
        .where(Invitation.workshop_id == workshop.id, Invitation.person_id == person.id)
    )
    if already:
        raise AlreadyInvited()
    invitation = _new_invitation(workshop, person, role, status, support)
    with collisions_refused(AlreadyInvited):
        db.session.flush()
    return invitation


#: A co-facilitator is on the workshop's team (issue 17: the role and the team are one
#: concept), and the team is facilitator accounts: someone without one cannot take the role.
NO_TEAM_ACCOUNT = N_(
    "%(name)s cannot be invited as a co-facilitator: a co-facilitator joins the workshop's "
    "team, which needs an active facilitator account linked to their profile. Invite them "
    "as a resource person, or ask an organiser to link their account."
)


def _on_team(role: InvitationRole, status: InvitationStatus) -> bool:
    """Whether an invitation with this role and status puts its person on the team."""
    return role == InvitationRole.CO_FACILITATOR and status not in (
        InvitationStatus.DECLINED,
        InvitationStatus.WITHDREW,
    )


def may_co_facilitate(workshop: Workshop, person: Person | None) -> bool:
    """Whether ``person`` can be invited to ``workshop`` as a co-facilitator: their account
    may join its team, or already runs it (the owner, an organiser, a team member)."""
    user = person.user if person is not None else None
    if user is None:
        return False
    return access.may_join_team(user) or access.standing(user, workshop) >= access.Standing.TEAM


def _join_team(workshop: Workshop, person: Person) -> None:
    """Put a co-facilitator's facilitator account on the team (the owner and organisers
    already run the workshop)."""
    from planner.workshops import operations as workshop_operations

    if not may_co_facilitate(workshop, person):
        raise DomainError(_(NO_TEAM_ACCOUNT, name=person.name))
    if access.standing(person.user, workshop) < access.Standing.TEAM:
        workshop_operations.add_co_facilitator(workshop, person.user.email)


def _leave_team(workshop: Workshop, person: Person) -> None:
    """Take a former co-facilitator's account off the team."""
    from planner.workshops import operations as workshop_operations

    user = person.user
    if user is not None and any(u.id == user.id for u in workshop.co_facilitators):
        workshop_operations.remove_co_facilitator(workshop, user.email)


def _new_invitation(
    workshop: Workshop,
    person: Person,
    role: InvitationRole,
    status: InvitationStatus,
    support: InvitationSupport | None = None,
) -> Invitation:
    # By id, not through ``workshop.invitations``: inviting someone is not an edit of the
    # workshop record, so it must not bump the workshop's optimistic-locking version.
    invitation = Invitation(
        uid=new_public_id(), workshop_id=workshop.id, person=person, role=role, status=status
    )
    details = {"person": person.uid, "role": role.value, "status": status.value}
    for f in fields(InvitationSupport) if support is not None else ():
        value = getattr(support, f.name)
        if value is not None:
            setattr(invitation, f.name, value)
            details[f.name] = "recorded"
    db.session.add(invitation)
    audit.record(
        "invitation.created",
        "invitation",
        invitation.uid,
        workshop_uid=workshop.uid,
        details=details,
    )
    if _on_team(role, status):
        _join_team(workshop, person)
    return invitation


def add_person(
    workshop: Workshop,
    values: PersonFields,
    role: InvitationRole,
    status: InvitationStatus,
    support: InvitationSupport | None = None,
) -> Invitation:
    """Create a new person and invite them, in the caller's transaction."""
    return invite(workshop, create_person(values, workshop=workshop), role, status, support)


@dataclass(frozen=True)
class InvitationSupport:
    """What the person receives for this workshop (facilitator-only; None: not recorded)."""

    per_diem: int | None = None
    travel_support: int | None = None
    room: bool | None = None


def update_invitation(
    invitation: Invitation,
    role: InvitationRole,
    status: InvitationStatus,
    *,
    version: int | str | None,
    support: InvitationSupport | None = None,
) -> list[str]:
    """Change an invitation's role and status (and, given ``support``, what the person
    receives), unless it changed since the form was opened (EditConflict: e.g. the
    participant confirmed or declined meanwhile). The audit names changed support fields,
    never the amounts."""
    _lock_and_check(invitation, version, _(INVITATION))
    was_on_team = _on_team(invitation.role, invitation.status)
    changes = {}
    for f in fields(InvitationSupport) if support is not None else ():
        new = getattr(support, f.name)
        if getattr(invitation, f.name) != new:
            setattr(invitation, f.name, new)
            changes[f.name] = "changed"
    if invitation.role != role:
        changes["role"] = [invitation.role.value, role.value]
        invitation.role = role
    if invitation.status != status:
        changes["status"] = [invitation.status.value, status.value]
        invitation.status = status
    if changes:
        bump_version(invitation)
        db.session.flush()
        audit.record(
            "invitation.updated",
            "invitation",
            invitation.uid,
            workshop_uid=invitation.workshop.uid,
            details=changes,
        )
        end_links_unless_active(invitation)
        now_on_team = _on_team(invitation.role, invitation.status)
        if now_on_team and not was_on_team:
            _join_team(invitation.workshop, invitation.person)
        elif was_on_team and not now_on_team:
            _leave_team(invitation.workshop, invitation.person)
    return list(changes)


def remove_invitation(invitation: Invitation) -> None:
    """Uninvite: the invitation goes, with the person's places in small groups (and a
    co-facilitator's place on the team)."""
    workshop_uid = invitation.workshop.uid
    if _on_team(invitation.role, invitation.status):
        _leave_team(invitation.workshop, invitation.person)
    # Explicit rather than relying on ON DELETE CASCADE, so the rows go on every backend.
    db.session.execute(
        delete(SmallGroupMember).where(SmallGroupMember.invitation_id == invitation.id)
    )
    audit.record(
        "invitation.removed",
        "invitation",
        invitation.uid,
        workshop_uid=workshop_uid,
        details={"person": invitation.person.uid},
    )
    db.session.delete(invitation)
    db.session.flush()


class RosterAction(StrEnum):
    CREATE = "create"
    INVITE_EXISTING = "invite_existing"
    ALREADY_INVITED = "already_invited"
    # The email belongs to someone the importer may not see: the file cannot be imported.
    REFUSED = "refused"


@dataclass(frozen=True)
class PlannedRow:
    """What importing one line will do; ``existing`` is the person matched by email."""

    row: RosterRow
    action: RosterAction
    existing: Person | None = None


def plan_roster_import(
    workshop: Workshop, preview: RosterPreview, importer: User
) -> list[PlannedRow]:
    """Decide, line by line, whether to create a person or invite the one with that email.

    A facilitator may invite an existing person only if they know them (invited to a
    workshop they own or co-facilitate); any other match is REFUSED, and its PlannedRow
    carries no person, so nothing about them reaches the page.
    """
    emails = [row.email.lower() for row in preview.rows if row.email]
    existing: dict[str, Person] = {}
    if emails:
        for person in db.session.scalars(
            select(Person).where(
                Person.email_hash.in_([h for email in emails for h in email_hashes(email)])
            )
        ):
            existing[(person.email or "").lower()] = person
    known = access.may_see_people(importer, existing.values())
    invited = set(
        db.session.scalars(
            select(Invitation.person_id).where(Invitation.workshop_id == workshop.id)
        )
    )
    plan = []
    for row in preview.rows:
        person = existing.get(row.email.lower()) if row.email else None
        if person is None:
            plan.append(PlannedRow(row, RosterAction.CREATE))
        elif person.id not in known:
            plan.append(PlannedRow(row, RosterAction.REFUSED))
        elif person.id in invited:
            plan.append(PlannedRow(row, RosterAction.ALREADY_INVITED, person))
        else:
            plan.append(PlannedRow(row, RosterAction.INVITE_EXISTING, person))
    return plan


def roster_refusals(plan: list[PlannedRow]) -> list[RosterError]:
    """The lines the importer may not import, as errors for the preview (neutral wording)."""
    return [
        RosterError(p.row.line, _(EMAIL_NOT_USABLE))
        for p in plan
        if p.action == RosterAction.REFUSED
    ]


#: Why a roster line cannot make someone a co-facilitator (issue 17).
NO_TEAM_ACCOUNT_LINE = N_(
    "a co-facilitator joins the workshop's team, which needs their active facilitator "
    "account: give this line the role resource person, and add their account on the team page."
)


def co_facilitator_refusals(workshop: Workshop, plan: list[PlannedRow]) -> list[RosterError]:
    """The co-facilitator lines whose person has no account that could join the team."""
    return [
        RosterError(p.row.line, _(NO_TEAM_ACCOUNT_LINE))
        for p in plan
        if p.row.role == InvitationRole.CO_FACILITATOR
        and p.action != RosterAction.ALREADY_INVITED
        and not may_co_facilitate(workshop, p.existing)
    ]


@dataclass(frozen=True)
class RosterReview:
    """A roster file read and planned once: what the preview shows, what the import does.

    ``preview`` carries the file's errors and the lines the importer may not import;
    ``plan`` is empty unless the preview is valid.
    """

    preview: RosterPreview
    plan: tuple[PlannedRow, ...] = ()


def review_roster(workshop: Workshop, data: bytes, importer: User) -> RosterReview:
    """Parse the file and plan its import against the people saved now, once.

    Lines whose email belongs to someone outside the importer's workshops make the file
    unimportable, said neutrally (whether the address exists is not told).
    """
    preview = parse_roster(data, queries.segment_catalogue())
    if not preview.is_valid:
        return RosterReview(preview)
    plan = plan_roster_import(workshop, preview, importer)
    refused = roster_refusals(plan) + co_facilitator_refusals(workshop, plan)
    if refused:
        return RosterReview(replace(preview, errors=(*preview.errors, *refused)))
    return RosterReview(preview, tuple(plan))


class RosterChanged(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone changed these people while you were importing; nothing was imported. "
                "Upload the file again to see the current state."
            )
        )


@dataclass(frozen=True)
class ImportResult:
    created: int
    invited_existing: int
    already_invited: int


def import_roster(
    workshop: Workshop,
    preview: RosterPreview,
    importer: User,
    plan: Sequence[PlannedRow] | None = None,
) -> ImportResult:
    """Import a valid roster: new people created, known emails invited, in one transaction.

    ``plan`` is the one :func:`review_roster` made of this preview in the same transaction
    (never one sent by the browser); without it the preview is planned here.
    """
    if not preview.is_valid:
        raise DomainError(_("The file has errors; nothing was imported."))
    if plan is None:
        plan = plan_roster_import(workshop, preview, importer)
    refused = roster_refusals(list(plan))
    if refused:
        raise DomainError(
            _("Line %(line)d: %(reason)s", line=refused[0].line, reason=_(EMAIL_NOT_USABLE))
        )
    segment_ids = queries.segment_ids()
    counts = dict.fromkeys(RosterAction, 0)
    for planned in plan:
        row = planned.row
        counts[planned.action] += 1
        if planned.action == RosterAction.ALREADY_INVITED:
            continue
        person = planned.existing
        if person is None:
            # The plan matched every email already, and the file has none twice.
            person = _new_person(
                workshop=workshop,
                values=PersonFields(
                    name=row.name,
                    community=row.community,
                    segment_id=segment_ids.get(row.segment_key) if row.segment_key else None,
                    affiliation=row.affiliation,
                    languages=row.languages,
                    email=row.email,
                    consent_to_list=row.consent,
                    preferred_language=row.language,
                ),
            )
        _new_invitation(workshop, person, row.role, row.status)
    with collisions_refused(RosterChanged):
        db.session.flush()
    result = ImportResult(
        created=counts[RosterAction.CREATE],
        invited_existing=counts[RosterAction.INVITE_EXISTING],
        already_invited=counts[RosterAction.ALREADY_INVITED],
    )
    audit.record(
        "roster.imported",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={
            "created": result.created,
            "invited_existing": result.invited_existing,
            "already_invited": result.already_invited,
        },
    )
    return result

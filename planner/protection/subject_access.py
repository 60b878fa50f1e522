"""Subject access (issue 20, item 5): everything stored about one person, and nothing else.

An organiser produces it for anyone (and corrects the profile on its page, or erases the
person: ``planner.admin``); a signed-in participant downloads their own. The export holds
every column of the person's row, of their account (secrets named but withheld), of each of
their invitations and its preparation record, the e-mails to them, which small groups they were put in, and the
audit events about them or their invitations. Of other people it holds nothing: workshops
appear by title and dates only, groups by session and number, events with their actors'
role labels.

A participant's own copy withholds, by name, what PRODUCT §2 keeps from participants:
the team's notes about them, their risk level and its reason, their preparation records and
the details of audit events (which may name the fields the team changed). The organiser's
copy is complete; the participant is told to ask the organisers for it.

Every column is exported by reading the table's columns, so a column added later is in
the export without anyone remembering to add it (the tests compare with the models).
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from planner.extensions import db
from planner.models import (
    AuditEvent,
    Invitation,
    OutboxMessage,
    Person,
    Session,
    SmallGroup,
    SmallGroupMember,
    User,
)
from planner.models._columns import utcnow

#: Account columns that are stored but never exported: credentials, not data about the
#: person (a download on a seized phone must not become a way into the account).
WITHHELD_ACCOUNT_COLUMNS = ("password_hash", "session_token", "totp_secret", "totp_last_step")
#: Invitation columns exported as "set or not": a private-link token's hash opens nothing
#: by itself, but there is no reason to copy it onto a phone either.
LINK_COLUMNS = ("agenda_token_hash", "calendar_token_hash")

#: What a participant's own copy withholds (facilitator-only fields, PRODUCT §2).
WITHHELD_FROM_PARTICIPANT = ("notes", "risk_level", "risk_reason")
WITHHELD_NOTE = "kept by the organisers; ask them for the complete copy"

SCHEMA = "planner.subject-access/1"


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _columns(record, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every column of ``record``'s table (by attribute), as JSON-ready values."""
    mapper = type(record).__mapper__
    return {
        attr.key: _plain(getattr(record, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in skip
    }


def _groups(invitation_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    if not invitation_ids:
        return {}
    rows = db.session.execute(
        select(SmallGroupMember.invitation_id, Session.title, Session.day, SmallGroup.number)
        .join(SmallGroup, SmallGroup.id == SmallGroupMember.group_id)
        .join(Session, Session.id == SmallGroup.session_id)
        .where(SmallGroupMember.invitation_id.in_(invitation_ids))
        .order_by(Session.day, Session.start_time, SmallGroup.number)
    ).all()
    found: dict[int, list[dict[str, Any]]] = {}
    for invitation_id, title, day, number in rows:
        found.setdefault(invitation_id, []).append(
            {"session": title, "day": day.isoformat(), "group": number}
        )
    return found


def subject_access(person: Person, *, for_participant: bool = False) -> dict[str, Any]:
    """Everything stored about ``person``, as a JSON-ready dict (see the module docstring);
    ``for_participant``: their own copy, with facilitator-only fields withheld by name."""
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.person_id == person.id)
            .options(selectinload(Invitation.workshop), selectinload(Invitation.preparation))
            .order_by(Invitation.id)
        )
    )
    groups = _groups([i.id for i in invitations])
    exported_invitations = []
    for invitation in invitations:
        entry = _columns(invitation, skip=LINK_COLUMNS)
        for column in LINK_COLUMNS:
            entry[column] = "set" if getattr(invitation, column) else None
        workshop = invitation.workshop
        entry["workshop"] = {
            "uid": workshop.uid,
            "title": workshop.title,
            "start_date": workshop.start_date.isoformat(),
            "end_date": workshop.end_date.isoformat(),
        }
        if for_participant:
            entry["preparation"] = WITHHELD_NOTE if invitation.preparation else None
        else:
            entry["preparation"] = (
                _columns(invitation.preparation) if invitation.preparation is not None else None
            )
        entry["small_groups"] = groups.get(invitation.id, [])
        # The e-mails to them (issue 18's outbox): each is one recipient's, so theirs alone.
        entry["messages"] = [
            _columns(m)
            for m in db.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.invitation_id == invitation.id)
                .order_by(OutboxMessage.id)
            )
        ]
        exported_invitations.append(entry)

    account = None
    if person.user_id is not None:
        user = db.session.get(User, person.user_id)
        if user is not None:
            account = _columns(user, skip=WITHHELD_ACCOUNT_COLUMNS)
            account["withheld"] = {
                column: "stored, not exported" if getattr(user, column) is not None else None
                for column in WITHHELD_ACCOUNT_COLUMNS
            }

    uids = [person.uid, *(i.uid for i in invitations)]
    events = db.session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.record_uid.in_(uids)))
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    person_entry = _columns(person)
    person_entry["segment_name"] = person.segment.name if person.segment else None
    exported_events = [_columns(e) for e in events]
    if for_participant:
        for column in WITHHELD_FROM_PARTICIPANT:
            person_entry[column] = WITHHELD_NOTE
        for event in exported_events:
            event["details"] = WITHHELD_NOTE
    return {
        "schema": SCHEMA,
        "generated_at": utcnow().isoformat(),
        "copy": "participant" if for_participant else "complete",
        "person": person_entry,
        "account": account,
        "invitations": exported_invitations,
        "audit_events": exported_events,
    }


def subject_access_filename(person: Person, extension: str) -> str:
    """A safe file name: the public id only (a name on a file name is a name on a phone)."""
    return f"my-data-{person.uid}.{extension}"


def render_subject_access_pdf(data: dict[str, Any]) -> bytes:
    """The export as a PDF (A4, page numbers), from the same dict as the JSON."""
    from flask import render_template
    from weasyprint import CSS, HTML

    from planner.briefs.render_pdf import TEMPLATES

    html = render_template("protection/subject_access_pdf.html", data=data)
    css = CSS(
        string=(
            "@page { size: A4; margin: 18mm 16mm; @bottom-right { content: 'Page ' "
            "counter(page) ' of ' counter(pages); font-size: 8pt; } }"
            "body { font-family: 'DejaVu Sans', 'Noto Sans Armenian', sans-serif; "
            "font-size: 9.5pt; } table { border-collapse: collapse; width: 100%; } "
            "th, td { border: 1px solid #999; padding: 2px 4px; text-align: left; "
            "vertical-align: top; overflow-wrap: anywhere; } th { width: 32%; }"
        )
    )
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(stylesheets=[css])

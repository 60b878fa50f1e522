"""Organiser operations on people's data: erasure (the right to be forgotten).

Erasing a person deletes their profile and their invitations (and with them their place in
small groups, every roster and every brief), removes them from published agenda snapshots
(which hold only what participants may see, so no notes about them to scrub: their listed
invitation, their places in small groups, their name), and pseudonymises the audit events that name them, so the log still shows that
something happened without saying to whom.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app
from sqlalchemy import delete, select

from planner import audit, remembered
from planner.extensions import db
from planner.models import AgendaPublication, AuditEvent, Invitation, Person, SmallGroupMember

ERASED_NAME = "[erased]"


def pseudonym_for(uid: str) -> str:
    """A stable stand-in for an erased record's id: keyed, so it cannot be reversed by guessing."""
    key = current_app.config["SECRET_KEY"].encode()
    return "erased-" + hmac.new(key, uid.encode(), hashlib.sha256).hexdigest()[:16]


def _replace(value: Any, replacements: dict[str, str]) -> Any:
    """``value`` (JSON-like) with every string in ``replacements`` swapped, at any depth."""
    if isinstance(value, str):
        for old, new in replacements.items():
            if old and old in value:
                value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace(item, replacements) for item in value]
    if isinstance(value, dict):
        return {
            _replace(key, replacements): _replace(item, replacements) for key, item in value.items()
        }
    return value


def _without_person(snapshot: dict, person_uid: str) -> dict:
    """A published snapshot with the person's invitations and group places removed whole,
    not merely renamed."""
    invitations = snapshot.get("invitations") or []
    gone = {
        entry.get("uid")
        for entry in invitations
        if isinstance(entry, dict) and (entry.get("person") or {}).get("uid") == person_uid
    }
    if not gone:
        return snapshot
    sessions = []
    for session in snapshot.get("sessions") or []:
        groups = [
            {
                **group,
                "invitation_uids": [u for u in group.get("invitation_uids", []) if u not in gone],
            }
            for group in session.get("groups") or []
        ]
        sessions.append({**session, "groups": groups})
    return {
        **snapshot,
        "invitations": [entry for entry in invitations if entry.get("uid") not in gone],
        "sessions": sessions,
    }


def erase_person(person: Person) -> str:
    """Erase ``person`` everywhere; return the pseudonym their audit events now carry."""
    # Nothing remembered for pages may keep the name in this process's memory.
    remembered.forget_all()
    pseudonym = pseudonym_for(person.uid)
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.person_id == person.id)
    ).all()
    invitation_ids = [invitation.id for invitation in invitations]

    # Identifiers and names that may appear in audit details or in published snapshots.
    replacements = {person.uid: pseudonym}
    for invitation in invitations:
        replacements[invitation.uid] = pseudonym_for(invitation.uid)
    names = {person.name, person.name_alt, person.email or ""}
    names_map = {name: ERASED_NAME for name in names if name and len(name.strip()) > 1}

    if invitation_ids:
        db.session.execute(
            delete(SmallGroupMember).where(SmallGroupMember.invitation_id.in_(invitation_ids))
        )
        for invitation in invitations:
            db.session.delete(invitation)
        db.session.flush()
    # Every publication, not only those of current invitations: an invitation removed before
    # the erasure may still be in an earlier published agenda.
    for publication in db.session.scalars(select(AgendaPublication)).all():
        snapshot = _without_person(publication.snapshot or {}, person.uid)
        snapshot = _replace(snapshot, {**replacements, **names_map})
        if snapshot != publication.snapshot:
            publication.snapshot = snapshot
        summary = _replace(publication.change_summary or [], names_map)
        if summary != publication.change_summary:
            publication.change_summary = summary

    # Every event, not only those about the person: an invitation list or an import may name
    # them in its details. Erasure is rare, so one pass over the log is affordable.
    everything = {**replacements, **names_map}
    for event in db.session.scalars(select(AuditEvent)).all():
        if event.record_uid in replacements:
            event.record_uid = replacements[event.record_uid]
        cleaned = _replace(event.details or {}, everything)
        if cleaned != event.details:
            event.details = cleaned

    db.session.delete(person)
    db.session.flush()
    audit.record("person.erased", "person", pseudonym, details={"invitations": len(invitations)})
    return pseudonym

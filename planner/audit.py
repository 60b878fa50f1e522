"""The one audit writer: who did what to which record, and when.

Details hold field names and identifiers only — never the text of notes, which may be
exactly what must not leak.
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from planner.extensions import db
from planner.models import AuditEvent, User

#: Field names whose values are never copied into an audit event.
_CONFIDENTIAL_FIELDS = frozenset(
    {"notes", "facilitator_notes", "context_notes", "handling_guidance", "password", "token"}
)


def actor_label(user: User) -> str:
    return f"{user.role} #{user.id}"


def record(
    action: str,
    record_type: str,
    record_uid: str | int = "",
    *,
    workshop_uid: str | None = None,
    details: dict[str, Any] | None = None,
    actor: User | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits)."""
    if actor is None and current_user and getattr(current_user, "is_authenticated", False):
        actor = current_user._get_current_object()
    clean = {k: v for k, v in (details or {}).items() if k not in _CONFIDENTIAL_FIELDS}
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_label=actor_label(actor) if actor else "system",
        action=action,
        record_type=record_type,
        record_uid=str(record_uid),
        workshop_uid=workshop_uid,
        details=clean,
    )
    db.session.add(event)
    return event

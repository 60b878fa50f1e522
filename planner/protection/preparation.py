"""Preparation records (issue 20, item 6): how each invited person was prepared.

Facilitator-only. One record per invitation, created on its first save; the readiness rules
R23 and R24 (``planner.readiness.preparation``) read it from the workshop's plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from planner import audit
from planner.exceptions import DomainError
from planner.extensions import db
from planner.i18n import gettext as _
from planner.models import Invitation, Preparation

#: The longest name of the person who held the conversation.
CONVERSATION_BY_MAX = 200


@dataclass(frozen=True)
class PreparationValues:
    """What the preparation form says, already validated."""

    conversation_on: date | None = None
    conversation_by: str = ""
    risk_assessed: bool = False
    consent_asked_on: date | None = None
    travel_arranged: bool = False
    visa_arranged: bool = False


def preparation_problem(values: PreparationValues) -> str | None:
    """What is wrong with ``values``, or None: a conversation held says by whom."""
    if len(values.conversation_by) > CONVERSATION_BY_MAX:
        return _("The name must be at most %(max)d characters.", max=CONVERSATION_BY_MAX)
    if values.conversation_on is not None and not values.conversation_by.strip():
        return _("Say who held the pre-workshop conversation.")
    if values.conversation_by.strip() and values.conversation_on is None:
        return _("Give the date of the pre-workshop conversation.")
    return None


class PreparationRefused(DomainError):
    """The values do not make a preparation record; the message says why."""


def record_preparation(invitation: Invitation, values: PreparationValues) -> list[str]:
    """Save the invitation's preparation record; return the names of the fields changed.

    The audit event names the fields, never their values (who was talked to, and when, is
    itself sensitive).
    """
    problem = preparation_problem(values)
    if problem:
        raise PreparationRefused(problem)
    record = invitation.preparation
    if record is None:
        if values == PreparationValues():
            return []  # nothing to record: no empty record that would pass for one
        record = Preparation(invitation=invitation)
        db.session.add(record)
    changed = []
    for f in fields(PreparationValues):
        new = getattr(values, f.name)
        if f.name == "conversation_by":
            new = new.strip()
        if getattr(record, f.name) != new:
            setattr(record, f.name, new)
            changed.append(f.name)
    if changed:
        db.session.flush()
        audit.record(
            "invitation.preparation_recorded",
            "invitation",
            invitation.uid,
            workshop_uid=invitation.workshop.uid,
            details={"fields": changed},
        )
    return changed

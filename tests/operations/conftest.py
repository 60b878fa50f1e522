"""Helpers for the operations' own tests: no client, no HTTP, one transaction per test.

Operations flush and write their audit event; the view commits, and on a refusal rolls
back. These helpers let a test say the same things a user would notice:

* ``signed_in(user)``: the operations that take their actor from the signed-in user see
  ``user`` (a request context with ``login_user``, no request is made);
* ``audit_events(action)``: the audit events written so far with that action;
* ``refused(exception)``: the operation raises ``exception`` with a message, adds no audit
  event to the session, and after the view's rollback every table holds what it held before.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from flask_login import login_user
from sqlalchemy import func, select

from planner.extensions import db
from planner.models import AuditEvent, Prompt
from planner.vocabulary import Phase, PromptOrigin


@pytest.fixture
def signed_in(app):
    """``with signed_in(user):`` runs operations as ``user`` (``audit.record``'s actor)."""

    @contextlib.contextmanager
    def _signed_in(user):
        with app.test_request_context():
            login_user(user)
            yield user

    return _signed_in


def audit_events(action: str | None = None) -> list[AuditEvent]:
    """The audit events in the transaction (flushed or pending), oldest first."""
    db.session.flush()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def only_event(action: str) -> AuditEvent:
    events = audit_events(action)
    assert len(events) == 1, [(e.action, e.details) for e in audit_events()]
    return events[0]


def assert_details_never_mention(event: AuditEvent, *secrets: str) -> None:
    """Audit details hold field names and ids, never note text or email addresses."""
    text = json.dumps(event.details, ensure_ascii=False).lower()
    for secret in secrets:
        assert secret and secret.lower() not in text, (secret, event.details)


def table_counts() -> dict[str, int]:
    """How many rows each table holds (a query flushes whatever the session has pending)."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def refused():
    """``with refused(DomainError) as refusal:`` — see the module docstring."""

    @contextlib.contextmanager
    def _refused(exception: type[BaseException] = Exception, match: str | None = None):
        db.session.commit()
        before = table_counts()
        with pytest.raises(exception, match=match) as info:
            yield info
        assert str(info.value).strip(), "a refusal says why"
        assert not [o for o in db.session.new if isinstance(o, AuditEvent)], "audited a refusal"
        db.session.rollback()
        assert table_counts() == before

    return _refused


@pytest.fixture
def prompt(app):
    """A curated prompt of the library (``prompt(key=..., text=...)``)."""
    counter = iter(range(1, 10_000))

    def _prompt(key: str | None = None, text: str = "What would trust look like?", **kw):
        values = dict(
            key=key or f"curated-{next(counter)}",
            text=text,
            phase=Phase.OPENING,
            origin=PromptOrigin.CURATED,
            tags=[],
            quote="",
        )
        values.update(kw)
        record = Prompt(**values)
        db.session.add(record)
        db.session.commit()
        return record

    return _prompt

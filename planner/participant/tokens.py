"""Private-link tokens: long random secrets shown once, stored only as SHA-256 hashes.

A token has 256 bits of randomness (``secrets.token_urlsafe(32)``), so a plain SHA-256 is
enough to store it: there is nothing to brute-force that a slow hash would protect. Lookups
go through the hash, never the token, and every request hashes whatever it was given
before asking the database, so a malformed token costs the same as a well-formed one.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import hmac
import secrets

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.models import AgendaPublication, Invitation, Person
from planner.protection.risk import links_expired
from planner.vocabulary import ACTIVE_INVITATION_STATUSES

#: Longer than any token we issue; anything longer is hashed truncated and cannot match.
MAX_TOKEN_LENGTH = 128


class LinkKind(enum.StrEnum):
    """The two private links an invitation can have."""

    AGENDA = "agenda"
    CALENDAR = "calendar"

    @property
    def column(self):
        return (
            Invitation.agenda_token_hash
            if self is LinkKind.AGENDA
            else Invitation.calendar_token_hash
        )

    @property
    def attribute(self) -> str:
        return "agenda_token_hash" if self is LinkKind.AGENDA else "calendar_token_hash"


def hash_token(token: str) -> str:
    return hashlib.sha256(token[:MAX_TOKEN_LENGTH].encode("utf-8", "replace")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and its SHA-256 hex digest (store the digest, show the token once)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


@functools.cache
def _by_token(kind: LinkKind) -> Select:
    """The invitation whose ``kind`` link hashes to the ``digest`` parameter, with its
    workshop, person and the person's account (its language is the answer's, and a
    calendar poll's validator names it), in one round trip. Built once: a calendar poll
    is little more than this statement, and building it (and its cache key) anew each
    time cost more than running it."""
    publication = AgendaPublication

    def latest(column):
        return (
            select(column)
            .where(publication.workshop_id == Invitation.workshop_id)
            .order_by(publication.number.desc())
            .limit(1)
            .scalar_subquery()
        )

    return (
        select(
            Invitation,
            # The workshop's latest publication, for the answer's validator (freshness).
            latest(publication.id),
            latest(publication.number),
            latest(publication.published_at),
        )
        .where(kind.column == bindparam("digest"))
        .options(
            joinedload(Invitation.workshop),
            joinedload(Invitation.person).joinedload(Person.user),
        )
    )


def link_holder(token: str, kind: LinkKind) -> tuple[Invitation, tuple] | None:
    """``invitation_for_token`` with its workshop's latest publication as ``(id, number,
    published_at)`` (``()`` before the first), read in the same round trip."""
    digest = hash_token(token)
    row = db.session.execute(_by_token(kind), {"digest": digest}).one_or_none()
    if row is None:
        return None
    invitation, *latest = row
    if invitation.status not in ACTIVE_INVITATION_STATUSES:
        # Someone who is no longer coming keeps no window on the agenda.
        return None
    workshop = invitation.workshop
    if links_expired(invitation.person.risk_level, workshop.end_date, workshop.timezone):
        # A high-risk person's links end with the workshop (issue 20).
        return None
    # The database compared digests already; compare again in constant time so that the
    # answer never depends on a short-circuiting string comparison in Python.
    stored = getattr(invitation, kind.attribute) or ""
    if not hmac.compare_digest(stored, digest):
        return None
    return invitation, (tuple(latest) if latest[0] is not None else ())


def invitation_for_token(token: str, kind: LinkKind) -> Invitation | None:
    """The invitation whose ``kind`` link is ``token``, with its workshop, or ``None``."""
    held = link_holder(token, kind)
    return held[0] if held is not None else None

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

from sqlalchemy import Row, Select, bindparam, select, type_coerce
from sqlalchemy.orm import joinedload

from planner.crypto import EncryptedText
from planner.extensions import db
from planner.models import AgendaPublication, Invitation, Person, User, Workshop
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


def _admits(status, risk_level, end_date, zone_name: str, stored: str | None, digest: str) -> bool:
    """Whether an invitation in this state opens its link: the one rule for the page (models)
    and the poll (stored rows)."""
    if status not in ACTIVE_INVITATION_STATUSES:
        # Someone who is no longer coming keeps no window on the agenda.
        return False
    if links_expired(risk_level, end_date, zone_name):
        # A high-risk person's links end with the workshop (issue 20).
        return False
    # The database compared digests already; compare again in constant time so that the
    # answer never depends on a short-circuiting string comparison in Python.
    return hmac.compare_digest(stored or "", digest)


@functools.cache
def _stored_rows(kind: LinkKind) -> Select:
    """Every column of the invitation whose ``kind`` link hashes to ``digest``, of its
    person, the person's account and its workshop (labelled ``i_``, ``p_``, ``a_``,
    ``w_``), and its workshop's latest publication, as stored: encrypted fields stay
    ciphertext (nothing is decrypted to compare copies). Built once."""
    invitations, people = Invitation.__table__, Person.__table__
    accounts, workshops = User.__table__, Workshop.__table__

    def stored(table, prefix: str) -> list:
        return [
            (
                type_coerce(c, c.type.impl_instance) if isinstance(c.type, EncryptedText) else c
            ).label(prefix + c.key)
            for c in table.columns
        ]

    publication = AgendaPublication.__table__

    def latest(column):
        return (
            select(column)
            .where(publication.c.workshop_id == invitations.c.workshop_id)
            .order_by(publication.c.number.desc())
            .limit(1)
            .scalar_subquery()
            .label("latest_" + column.key)
        )

    return (
        select(
            *stored(invitations, "i_"),
            *stored(people, "p_"),
            *stored(accounts, "a_"),
            *stored(workshops, "w_"),
            latest(publication.c.id),
            latest(publication.c.number),
            latest(publication.c.published_at),
        )
        .select_from(
            invitations.join(people, people.c.id == invitations.c.person_id)
            .join(workshops, workshops.c.id == invitations.c.workshop_id)
            .outerjoin(accounts, accounts.c.id == people.c.user_id)
        )
        .where(invitations.c[kind.attribute] == bindparam("digest"))
    )


def stored_link_rows(token: str, kind: LinkKind) -> Row | None:
    """The rows behind the ``kind`` link ``token`` as stored (``_stored_rows``), or None
    when the link opens nothing: for answering a poll from one statement, no models."""
    digest = hash_token(token)
    row = db.session.execute(_stored_rows(kind), {"digest": digest}).one_or_none()
    if row is None or not _admits(
        row.i_status,
        row.p_risk_level,
        row.w_end_date,
        row.w_timezone,
        getattr(row, "i_" + kind.attribute),
        digest,
    ):
        return None
    return row


def link_holder(token: str, kind: LinkKind) -> tuple[Invitation, tuple] | None:
    """``invitation_for_token`` with its workshop's latest publication as ``(id, number,
    published_at)`` (``()`` before the first), read in the same round trip."""
    digest = hash_token(token)
    row = db.session.execute(_by_token(kind), {"digest": digest}).one_or_none()
    if row is None:
        return None
    invitation, *latest = row
    workshop = invitation.workshop
    if not _admits(
        invitation.status,
        invitation.person.risk_level,
        workshop.end_date,
        workshop.timezone,
        getattr(invitation, kind.attribute),
        digest,
    ):
        return None
    return invitation, (tuple(latest) if latest[0] is not None else ())


def invitation_for_token(token: str, kind: LinkKind) -> Invitation | None:
    """The invitation whose ``kind`` link is ``token``, with its workshop, or ``None``."""
    held = link_holder(token, kind)
    return held[0] if held is not None else None

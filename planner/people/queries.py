"""Loading what the people pages show, one planned query helper per page.

Name matching (finding duplicates, the find field) compares NFC-normalised, case-folded
text in Python rather than with SQL ``lower()``: SQLite's ``lower()`` folds ASCII only, so
"ԱՆԻ" and "Անի" or "AYGÜN" and "aygün" would match on PostgreSQL and not on SQLite. The
scan reads four narrow columns of the people table, then loads the matches in one query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from planner import access
from planner.crypto import email_hashes
from planner.extensions import db
from planner.models import (
    Invitation,
    Person,
    Segment,
    User,
    Workshop,
)
from planner.people.values import match_key
from planner.vocabulary import InvitationStatus

SEARCH_LIMIT = 50


def load_people_page(workshop_uid: str) -> Workshop | None:
    """The workshop with its invitations, their people and segments (people.index)."""
    return db.session.scalar(
        select(Workshop)
        .where(Workshop.uid == workshop_uid)
        .options(
            selectinload(Workshop.invitations)
            .joinedload(Invitation.person)
            .joinedload(Person.segment)
        )
    )


def load_workshop(workshop_uid: str) -> Workshop | None:
    """The workshop alone, for pages that show one invitation or one person of it."""
    return db.session.scalar(select(Workshop).where(Workshop.uid == workshop_uid))


def invitation_in(workshop: Workshop, invitation_uid: str) -> Invitation | None:
    """The workshop's invitation with that public id (another workshop's answers None)."""
    return db.session.scalar(
        select(Invitation)
        .where(Invitation.uid == invitation_uid, Invitation.workshop_id == workshop.id)
        .options(joinedload(Invitation.person).joinedload(Person.segment))
    )


def person_in(workshop: Workshop, person_uid: str) -> Person | None:
    """A person invited to the workshop (someone who is not answers None)."""
    return db.session.scalar(
        select(Person)
        .join(Invitation, Invitation.person_id == Person.id)
        .where(Person.uid == person_uid, Invitation.workshop_id == workshop.id)
        .options(joinedload(Person.segment))
    )


def person_by_uid(person_uid: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.uid == person_uid))


def person_by_email(email: str) -> Person | None:
    """Through the address's keyed hash (the address itself is encrypted): case-insensitive,
    as the unique index on the hash makes it."""
    return db.session.scalar(select(Person).where(Person.email_hash.in_(email_hashes(email))))


def segments() -> list[Segment]:
    return list(db.session.scalars(select(Segment).order_by(Segment.name)))


def _load_people(ids: Iterable[int]) -> list[Person]:
    ids = list(ids)
    if not ids:
        return []
    people = db.session.scalars(
        select(Person)
        .where(Person.id.in_(ids))
        .options(joinedload(Person.segment), selectinload(Person.invitations))
    ).all()
    return sorted(people, key=lambda p: (match_key(p.name), p.id))


def _name_rows():
    return db.session.execute(select(Person.id, Person.name, Person.name_alt, Person.email))


def possible_duplicates(
    name: str, name_alt: str = "", email: str | None = None, *, viewer: User | None = None
) -> list[Person]:
    """People whose name or alternative name equals either given name, or with that email.

    With a ``viewer``, only people they may see (``access.visible_person_ids``): the add
    page must not show a facilitator who else exists.
    """
    wanted = {match_key(n) for n in (name, name_alt) if match_key(n)}
    wanted_email = (email or "").casefold()
    visible = access.visible_person_ids(viewer) if viewer is not None else None
    ids = [
        row.id
        for row in _name_rows()
        if (visible is None or row.id in visible)
        and (
            match_key(row.name) in wanted
            or (row.name_alt and match_key(row.name_alt) in wanted)
            or (wanted_email and (row.email or "").casefold() == wanted_email)
        )
    ]
    return _load_people(ids)


def search_people(query: str, *, viewer: User | None = None) -> list[Person]:
    """People whose name or alternative name contains ``query`` (at most SEARCH_LIMIT).

    With a ``viewer``, only the people they may see are searched, and an exact email address
    finds someone only if they may search by email (``access.may_search_by_email``); without
    one (organiser-only pages), everyone, by name or email.
    """
    needle = match_key(query)
    if not needle:
        return []
    visible = access.visible_person_ids(viewer) if viewer is not None else None
    match_email = viewer is None or access.may_search_by_email(viewer)
    ids = []
    for row in _name_rows():
        if visible is not None and row.id not in visible:
            continue
        if (
            needle in match_key(row.name)
            or needle in match_key(row.name_alt)
            or (match_email and (row.email or "").casefold() == needle)
        ):
            ids.append(row.id)
            if len(ids) >= SEARCH_LIMIT:
                break
    return _load_people(ids)


def count_by_status(invitations: Iterable[Invitation]) -> list[tuple[InvitationStatus, int]]:
    """How many invitations are in each status, every status listed, in the usual order."""
    counts = Counter(inv.status for inv in invitations)
    return [(status, counts.get(status, 0)) for status in InvitationStatus]


def invited_here(workshop: Workshop, people: Iterable[Person]) -> set[int]:
    """Ids of those people already invited to the workshop (invitations already loaded)."""
    return {p.id for p in people if any(i.workshop_id == workshop.id for i in p.invitations)}


def segment_catalogue() -> dict[str, str]:
    """Segment key → name, as the roster import and the segment field take them."""
    return {s.key: s.name for s in segments()}


def segment_ids() -> dict[str, int]:
    return {key: id_ for key, id_ in db.session.execute(select(Segment.key, Segment.id))}

"""What each participant answer is made from, for its ``ETag`` (planner.conditional).

Each function names every input of one answer, read as rows (no brief, no page built):

- the calendar feed: the invitation, its person and its workshop (every column of each),
  the person's account (its language may be the feed's), and the latest publication (its
  id, number and date; a publication is never changed), in one statement of the rows as
  stored (``tokens.stored_link_rows``: encrypted columns as ciphertext, no models);
- the agenda pages: the same, the live participant list as the page loader reads it
  (``workshop_loading``'s own statement, so that a column it starts reading is covered),
  and the session's CSRF token (both pages carry a form); the signed-in page also its
  reader's account (the page carries their name).

Before the first publication the agenda pages show the live draft's header, made from more
than these rows, and while a message waits in the session it is shown once, on a rendered
page: then they get no validator (``None``) and are always rendered.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from flask import current_app, g, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Select, bindparam, select

from planner.conditional import columns, validator
from planner.extensions import db
from planner.models import AgendaPublication, Invitation, User
from planner.participant.tokens import LinkKind, stored_link_rows

# The loader's own statement for the live participant list (not a copy of it).
from planner.workshop_loading import _page_statements


def _form_token() -> str:
    """The session's CSRF token, made now if the session has none yet: the page's form
    carries it, so the validator must name the one the page will carry."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if field not in session:
        g.pop(field, None)  # a token made for an earlier session must not be reused
        generate_csrf()
    return session[field]


@functools.cache
def _latest_publication_statement() -> Select:
    # Built once (with its cache key): every poll of a calendar feed runs it.
    return (
        select(AgendaPublication.id, AgendaPublication.number, AgendaPublication.published_at)
        .where(AgendaPublication.workshop_id == bindparam("workshop_id"))
        .order_by(AgendaPublication.number.desc())
        .limit(1)
    )


def _latest_publication(workshop_id: int) -> tuple:
    row = db.session.execute(
        _latest_publication_statement(), {"workshop_id": workshop_id}
    ).one_or_none()
    return tuple(row) if row is not None else ()


def _own_rows(invitation: Invitation) -> tuple:
    return columns(invitation), columns(invitation.person), columns(invitation.workshop)


def calendar_poll(token: str) -> tuple[str, str] | None:
    """The validator of the calendar feed at ``token`` and its invitation's public id, or
    None if the link opens nothing: from one statement of the rows as stored (the
    invitation, its person, the person's account, its workshop and latest publication;
    every column of each, encrypted ones as ciphertext), so that a poll answered 304
    builds no models and decrypts nothing. The full answer carries the same validator."""
    row = stored_link_rows(token, LinkKind.CALENDAR)
    if row is None:
        return None
    return validator("calendar feed", tuple(row)), row.i_uid


def _people(workshop_id: int) -> tuple:
    rows = db.session.execute(_page_statements().invitations, {"ids": [workshop_id]})
    return tuple(tuple(row) for row in rows)


def private_agenda(invitation: Invitation, publication: tuple | None = None) -> str | None:
    """The agenda page of ``invitation`` found by its agenda token (``publication``: its
    workshop's latest, if already read with it: ``tokens.link_holder``)."""
    if publication is None:
        publication = _latest_publication(invitation.workshop_id)
    if not publication or session.get("_flashes"):
        return None
    return validator(
        "private agenda",
        _own_rows(invitation),
        _form_token(),
        publication,
        _people(invitation.workshop_id),
    )


class AgendaFreshness(NamedTuple):
    """What the signed-in agenda page is made from: ``etag`` (its ETag), ``content`` (the
    digest of the same inputs but the session's CSRF token, which only the page's form
    carries) and ``publication_number`` (the latest publication's, which the page shows)."""

    etag: str
    content: str
    publication_number: int


def signed_in_agenda(invitation: Invitation, user: User) -> AgendaFreshness | None:
    """The signed-in agenda page of ``user``'s ``invitation``."""
    publication = _latest_publication(invitation.workshop_id)
    if not publication or session.get("_flashes"):
        return None
    rows = (_own_rows(invitation), columns(user), publication, _people(invitation.workshop_id))
    content = validator("signed-in agenda", *rows)
    etag = validator("signed-in agenda", content, _form_token())
    return AgendaFreshness(etag, content, publication[1])

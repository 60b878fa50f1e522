"""Conditional requests for the pages and feeds that are asked again and again (issue 23).

A calendar app polls each subscription every few minutes, for months; a participant opens
their agenda again and again. Those answers carry an ``ETag``: a digest of everything the
answer is made from (``validator``), worked out from a few rows, before anything is
rendered. A request whose ``If-None-Match`` names it — or whose ``If-Modified-Since`` is
no earlier than the time this validator was first given for this resource — is answered
``304 Not Modified`` with no rendering at all (``unchanged``).

The answers say ``Cache-Control: private, no-cache``: the person's own client may keep
them and must ask each time; no shared cache may keep them. The validator digests the
reader's own rows (their invitation, their account and session), so it never matches
across people.

``Last-Modified`` is the time the current validator was first given for the resource,
kept in the shared cache (``planner.caching``) with the validator, and moved at least one
second on at each change: a client's copy dated by an older validator never passes for
the new one. Without that record (evicted, or another process's memory), the answer is a
full 200 with a new date, never a wrong 304.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

from flask import Response, current_app, request
from sqlalchemy import inspect as orm_inspect

from planner import caching

#: The reader's own client may keep the answer, asking each time; shared caches may not.
REVALIDATE = "private, no-cache"


def columns(obj) -> tuple:
    """Every column value of a mapped object (or the values of a row), as plain data for
    ``validator``: a column added later is covered without anyone remembering to."""
    if obj is None:
        return ()
    if hasattr(obj, "_mapping"):  # a Core row
        return tuple(obj)
    mapper = orm_inspect(obj).mapper
    return (mapper.class_.__name__, tuple(getattr(obj, a.key) for a in mapper.column_attrs))


def validator(kind: str, *parts: object) -> str:
    """The ETag of an answer of ``kind`` made from ``parts`` by this code, in the
    request's language (switching language must not be answered 304)."""
    from planner.i18n import current as language

    return caching.fingerprint(
        kind, current_app.extensions["planner.code_digest"], language(), *parts
    )


def _modified_key(resource: str) -> str:
    return caching.entry_key("modified", caching.fingerprint(resource))


def _second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def _recorded(resource: str) -> tuple[str, datetime] | None:
    try:
        return caching.cache.get(_modified_key(resource))
    except Exception:  # noqa: BLE001 - no record: a full answer, never a wrong 304
        return None


def last_modified(resource: str, etag: str) -> datetime:
    """When ``etag`` was first given for ``resource`` (recorded now if it is new)."""
    recorded = _recorded(resource)
    if recorded is not None and recorded[0] == etag:
        return recorded[1]
    now = _second(datetime.now(UTC))
    if recorded is not None and recorded[1] >= now:
        now = recorded[1] + timedelta(seconds=1)
    # Unrecorded (Redis down): the next If-Modified-Since gets a full answer.
    with contextlib.suppress(Exception):
        caching.cache.set(_modified_key(resource), (etag, now))
    return now


def unchanged(resource: str, etag: str) -> Response | None:
    """A 304 answer when the request's copy is the one ``etag`` names, else None.

    ``If-None-Match`` decides when it is sent (RFC 9110: ``If-Modified-Since`` is then
    ignored); otherwise ``If-Modified-Since`` against the recorded date of ``etag``.
    """
    if request.if_none_match:
        return _not_modified(etag) if request.if_none_match.contains_weak(etag) else None
    since = request.if_modified_since
    if since is None:
        return None
    recorded = _recorded(resource)
    if recorded is not None and recorded[0] == etag and recorded[1] <= since:
        return _not_modified(etag)
    return None


def _not_modified(etag: str) -> Response:
    response = Response(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = REVALIDATE
    return response


def revalidated(response: Response, resource: str, etag: str) -> Response:
    """``response`` (a full 200) with its validators and the private, ask-each-time policy."""
    response.set_etag(etag)
    response.last_modified = last_modified(resource, etag)
    response.headers["Cache-Control"] = REVALIDATE
    return response

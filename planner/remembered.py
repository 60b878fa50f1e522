"""Results of pure functions, remembered per workshop data for pages viewed again and again.

A workshop's readiness review, its day timelines and the parts of its pages that show
nothing but its data are pure functions of its ``WorkshopData``, which is frozen plain
data: any change to the workshop, its sessions, its people or the topic catalogue gives
different data, hence a different key (``planner.caching.fingerprint``), so a remembered
result can never be stale. They live in the shared cache (``planner.caching``): one Redis
for every worker and instance in production, each process's memory otherwise.

``forget_all`` drops them; erasing a person calls it, so that the erased name does not
stay in any cache as part of a remembered workshop.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import MappingProxyType

from flask import current_app, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from planner import caching
from planner.agenda.publishing import unpublished_changes as _changes_since
from planner.charts import timeline_svg
from planner.readiness import Finding, errors_and_warnings, review
from planner.workshop_data import WorkshopData


def readiness(workshop: WorkshopData) -> tuple[Finding, ...]:
    """``review(workshop)``, remembered."""
    return caching.remember(
        "readiness", caching.fingerprint(workshop), lambda: tuple(review(workshop))
    )


def readiness_counts_of_each(workshops: Iterable[WorkshopData]) -> list[tuple[int, int]]:
    """The review's (errors, warnings) of each workshop, remembered as the two numbers (a
    list of workshops needs no more, and reads them in one round trip)."""
    workshops = list(workshops)
    return caching.remember_many(
        "readiness-counts",
        [caching.fingerprint(w) for w in workshops],
        [lambda w=w: errors_and_warnings(w) for w in workshops],
    )


def timelines(workshop: WorkshopData) -> Mapping[date, Markup]:
    """``timeline_svg`` of each of the workshop's days, remembered (read-only: no caller
    can change what another page is handed)."""
    pictures = caching.remember(
        "timelines",
        caching.fingerprint(workshop),
        lambda: {day: timeline_svg(workshop, day) for day in workshop.days},
    )
    return MappingProxyType(pictures)


def unpublished_changes(workshop: WorkshopData, publication_id: int, snapshot: dict):
    """``publishing.unpublished_changes(snapshot, workshop)``, remembered per data and
    publication (the snapshot of publication ``publication_id``, never changed but by an
    erasure, which forgets everything)."""
    return caching.remember(
        f"unpublished:{publication_id}",
        caching.fingerprint(workshop),
        lambda: tuple(_changes_since(snapshot, workshop)),
    )


def rendered(render: Callable[[WorkshopData], str], data: WorkshopData) -> Markup:
    """``render(data)`` — HTML from an autoescaping template — remembered per ``render``,
    ``data`` and the app's URL prefix (the links in it are built for that prefix).

    ``render`` must depend on nothing but ``data``: not on the user, the CSRF token or the
    time. In debug mode nothing is remembered, so edited templates show at once.
    """
    if current_app.debug:
        return Markup(render(data))  # noqa: S704 - a rendered, autoescaped template
    name = f"{render.__module__}.{render.__qualname__}"
    html = caching.remember(
        f"rendered:{name}",
        f"{caching.fingerprint(data)}:{caching.fingerprint(request.script_root)}",
        lambda: str(render(data)),
    )
    return Markup(html)  # noqa: S704 - a rendered, autoescaped template


def rendered_committed(name: str, key: tuple, render: Callable[[], str]) -> Markup:
    """``render()`` — HTML from an autoescaping template, made from the database alone —
    remembered per ``name``, ``key`` (everything else it depends on: the reader, the page),
    the app's URL prefix and the committed data (``caching.remember_committed``: a change
    to any row gives a new entry; on SQLite it is rendered each time).

    ``render`` must depend on nothing else: not on the session, the CSRF token or the time.
    In debug mode nothing is remembered, so edited templates show at once.
    """
    if current_app.debug:
        return Markup(render())  # noqa: S704 - a rendered, autoescaped template
    html = caching.remember_committed(
        f"rendered:{name}", (*key, request.script_root), lambda: str(render())
    )
    return Markup(html)  # noqa: S704 - a rendered, autoescaped template


def _csrf_stand_in() -> str:
    """What remembered forms carry in place of the CSRF token, replaced by the reader's own
    token on the way out: the same in every process and instance (it is derived from the
    secret key), and no one can type it into a page, not knowing the key."""
    found = current_app.extensions.get("planner.csrf_stand_in")
    if found is None:
        key = current_app.config["SECRET_KEY"]
        key = key.encode() if isinstance(key, str) else key
        digest = hmac.new(key, b"planner: remembered forms' CSRF token", hashlib.sha256)
        found = current_app.extensions["planner.csrf_stand_in"] = f"csrf-{digest.hexdigest()}"
    return found


def rendered_committed_forms(name: str, key: tuple, render: Callable[[str], str]) -> Markup:
    """``rendered_committed`` for HTML with forms: ``render(token)`` writes ``token`` where
    each form's CSRF token goes; what is remembered carries a stand-in, and each reader is
    given the HTML with their own session's token in its place."""
    stand_in = _csrf_stand_in()
    html = rendered_committed(name, key, lambda: render(stand_in))
    return Markup(html.replace(stand_in, generate_csrf()))  # noqa: S704 - autoescaped HTML


def rendered_forms(name: str, key: str, render: Callable[[str], str]) -> Markup:
    """``render(token)`` — a page with forms whose every input ``key`` digests (a
    ``caching.fingerprint``), but the CSRF token each form carries where ``render`` writes
    ``token`` — remembered per ``name``, ``key`` and the app's URL prefix, on any database;
    each reader is given it with their own session's token in place of the stand-in."""
    stand_in = _csrf_stand_in()
    if current_app.debug:
        html = render(stand_in)
    else:
        html = caching.remember(
            f"rendered:{name}",
            f"{key}:{caching.fingerprint(request.script_root)}",
            lambda: str(render(stand_in)),
        )
    return Markup(html.replace(stand_in, generate_csrf()))  # noqa: S704 - autoescaped HTML


def forget_all() -> None:
    """Drop everything remembered, in every process sharing the cache."""
    caching.forget_all()

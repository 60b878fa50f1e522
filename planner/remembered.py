"""Results of pure functions, remembered per workshop data for pages viewed again and again.

A workshop's readiness review, its day timelines and the parts of its pages that show
nothing but its data are pure functions of its ``WorkshopData``, which is frozen and
compared by value: any change to the workshop, its sessions, its people or the topic
catalogue gives different data, so a remembered result can never be stale. Each process
keeps the results for the last few workshops viewed.

``forget_all`` drops them; erasing a person calls it, so that the erased name does not
stay in this process's memory as part of a remembered workshop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from flask import current_app, request
from markupsafe import Markup

from planner.agenda.publishing import unpublished_changes as _changes_since
from planner.charts import timeline_svg
from planner.readiness import Finding, review
from planner.workshop_data import WorkshopData

#: Workshops remembered per process (a large workshop's data, pictures and page: about 1 MB).
SIZE = 64


@lru_cache(maxsize=SIZE)
def readiness(workshop: WorkshopData) -> tuple[Finding, ...]:
    """``review(workshop)``, remembered."""
    return tuple(review(workshop))


@lru_cache(maxsize=SIZE)
def timelines(workshop: WorkshopData) -> Mapping[date, Markup]:
    """``timeline_svg`` of each of the workshop's days, remembered (read-only: the same
    mapping is handed to every page that asks)."""
    return MappingProxyType({day: timeline_svg(workshop, day) for day in workshop.days})


@dataclass(frozen=True)
class _Publication:
    """A publication as a cache key: its id, which names its snapshot (never changed)."""

    id: int
    snapshot: dict = field(compare=False, hash=False)


def unpublished_changes(workshop: WorkshopData, publication_id: int, snapshot: dict):
    """``publishing.unpublished_changes(snapshot, workshop)``, remembered per data and
    publication (the snapshot of publication ``publication_id``)."""
    return _unpublished_changes(workshop, _Publication(publication_id, snapshot))


@lru_cache(maxsize=SIZE)
def _unpublished_changes(workshop: WorkshopData, publication: _Publication) -> tuple[str, ...]:
    return _changes_since(publication.snapshot, workshop)


def rendered(render: Callable[[WorkshopData], str], data: WorkshopData) -> Markup:
    """``render(data)`` — HTML from an autoescaping template — remembered per ``render``,
    ``data`` and the app's URL prefix (the links in it are built for that prefix).

    ``render`` must depend on nothing but ``data``: not on the user, the CSRF token or the
    time. In debug mode nothing is remembered, so edited templates show at once.
    """
    if current_app.debug:
        return Markup(render(data))  # noqa: S704 - a rendered, autoescaped template
    return _rendered(render, data, request.script_root)


@lru_cache(maxsize=SIZE)
def _rendered(render: Callable[[WorkshopData], str], data: WorkshopData, _root: str) -> Markup:
    return Markup(render(data))  # noqa: S704 - a rendered, autoescaped template


def forget_all() -> None:
    """Drop everything remembered in this process."""
    readiness.cache_clear()
    timelines.cache_clear()
    _unpublished_changes.cache_clear()
    _rendered.cache_clear()

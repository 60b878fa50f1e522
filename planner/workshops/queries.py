"""Planned loads for the workshop pages: one set of queries per page, whatever its size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from planner import access, remembered
from planner.extensions import db
from planner.models import User, Workshop
from planner.vocabulary import WorkshopStatus
from planner.workshop_data import WorkshopData
from planner.workshop_loading import load_workshops_data

#: Workshops still being prepared: the list shows their readiness counts.
PREPARING_STATUSES = frozenset(
    {WorkshopStatus.DRAFT, WorkshopStatus.PLANNED, WorkshopStatus.CONFIRMED}
)


@dataclass(frozen=True)
class ReadinessCount:
    errors: int
    warnings: int


@dataclass(frozen=True)
class WorkshopPage:
    """One page of the workshop list, with readiness counts for the workshops the user runs."""

    workshops: list[Workshop]
    total: int
    page: int
    pages: int
    readiness: dict[str, ReadinessCount]


def readiness_counts(data: Iterable[WorkshopData]) -> dict[str, ReadinessCount]:
    """Errors and warnings of the readiness review of each workshop."""
    data = list(data)
    # One round trip to the shared cache for the whole page.
    return {
        workshop.uid: ReadinessCount(errors=errors, warnings=warnings)
        for workshop, (errors, warnings) in zip(
            data, remembered.readiness_counts_of_each(data), strict=True
        )
    }


def workshop_page(user: User, page: int, per_page: int) -> WorkshopPage:
    """The workshops ``user`` may see, newest first; readiness counts only where they are team."""
    visible = access.visible_workshops(user)
    total = db.session.scalar(select(func.count()).select_from(visible.subquery())) or 0
    ordered = visible.order_by(Workshop.start_date.desc(), Workshop.id.desc())
    window = ordered.limit(per_page).offset((page - 1) * per_page)
    readiness: dict[str, ReadinessCount] = {}
    workshops = list(db.session.scalars(window.options(joinedload(Workshop.venue))))
    # Readiness matters while a workshop is prepared; held and cancelled ones are not
    # reviewed, and only those are read in full (plain data, one batch of statements).
    # Only the team sees it, asked for the whole page at once.
    preparing = access.can_each(
        user,
        access.Action.READ_READINESS,
        [w for w in workshops if w.status in PREPARING_STATUSES],
    )
    if preparing:
        readiness = readiness_counts(load_workshops_data(sorted(preparing)).values())
    pages = max(1, -(-total // per_page))
    return WorkshopPage(
        workshops=workshops, total=total, page=page, pages=pages, readiness=readiness
    )

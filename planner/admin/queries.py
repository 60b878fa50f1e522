"""Queries of the admin pages, each loading what its page shows in a few planned statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select

from planner.extensions import db
from planner.models import AuditEvent, User, Workshop


@dataclass(frozen=True)
class AuditFilters:
    actor_id: int | None = None
    workshop: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class AuditPage:
    events: list[AuditEvent]
    page: int
    pages: int
    total: int
    actors: dict[int, User] = field(default_factory=dict)
    workshops: dict[str, Workshop] = field(default_factory=dict)


def accounts() -> list[User]:
    return list(db.session.scalars(select(User).order_by(func.lower(User.name), User.id)))


def audit_actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


def audit_page(filters: AuditFilters, page: int, page_size: int) -> AuditPage:
    """One page of the audit log, newest first, with the actors and workshops it names."""
    query = select(AuditEvent)
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.workshop.strip():
        text = filters.workshop.strip()
        pattern = "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
        matching = select(Workshop.uid).where(
            or_(Workshop.uid == text, func.lower(Workshop.title).like(pattern.lower(), escape="\\"))
        )
        query = query.where(
            or_(AuditEvent.workshop_uid == text, AuditEvent.workshop_uid.in_(matching))
        )
    if filters.date_from:
        query = query.where(AuditEvent.at >= datetime.combine(filters.date_from, time.min))
    if filters.date_to and filters.date_to < date.max:
        query = query.where(
            AuditEvent.at < datetime.combine(filters.date_to + timedelta(days=1), time.min)
        )

    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    events = list(
        db.session.scalars(
            query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
    )
    actor_ids = {e.actor_id for e in events if e.actor_id is not None}
    workshop_uids = {e.workshop_uid for e in events if e.workshop_uid}
    actors = (
        {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
        if actor_ids
        else {}
    )
    workshops = (
        {
            w.uid: w
            for w in db.session.scalars(select(Workshop).where(Workshop.uid.in_(workshop_uids)))
        }
        if workshop_uids
        else {}
    )
    return AuditPage(events, page, pages, total, actors, workshops)

"""Small factories for the plain workshop data (``planner.workshop_data``): no database.

Each takes keyword arguments for what a test cares about and fills the rest with plain
defaults: a confirmed invitation, a one-hour plenary at 09:00 on the first day, a two-day
workshop in Tbilisi from 10 May 2027.
"""

from __future__ import annotations

from datetime import date, time

from planner.vocabulary import InvitationRole, InvitationStatus, SessionFormat
from planner.workshop_data import InvitationData, PersonData, SessionData, WorkshopData

DAY = date(2027, 5, 10)


def invitation(
    uid: str,
    person: PersonData,
    *,
    status: InvitationStatus = InvitationStatus.CONFIRMED,
    role: InvitationRole = InvitationRole.PARTICIPANT,
) -> InvitationData:
    return InvitationData(uid=uid, person=person, role=role, status=status)


def session(
    uid: str,
    title: str,
    *,
    day: date = DAY,
    start: time = time(9),
    duration_minutes: int = 60,
    format: SessionFormat = SessionFormat.PLENARY,
    **fields: object,
) -> SessionData:
    return SessionData(
        uid=uid,
        day=day,
        start=start,
        duration_minutes=duration_minutes,
        title=title,
        format=format,
        **fields,  # type: ignore[arg-type]
    )


def workshop(**fields: object) -> WorkshopData:
    values: dict[str, object] = {
        "uid": "w1",
        "title": "Dialogue in Tbilisi",
        "start_date": DAY,
        "end_date": date(2027, 5, 11),
        "timezone": "Asia/Tbilisi",
    }
    values.update(fields)
    return WorkshopData(**values)  # type: ignore[arg-type]

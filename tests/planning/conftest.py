"""Shared arrangements for the planning tests (templates, cloning, exports, small fixes)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import Segment, Venue
from planner.people import operations as people_operations
from planner.vocabulary import (
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    Track,
)
from planner.workshops.forms import WorkshopValues
from tests.db.conftest import empty_app  # noqa: F401 - an app on a database of its own, to migrate

SEGMENTS = ("experts", "journalists", "business", "youth", "civil-society", "experts")


def workshop_values(
    start: date = date(2027, 5, 10),
    days: int = 3,
    *,
    title: str = "Venice, spring",
    confidentiality: Confidentiality = Confidentiality.CHATHAM_HOUSE,
    venue: str = "venice",
) -> WorkshopValues:
    """The new-workshop form's values on the seeded catalogue."""
    found = db.session.scalar(select(Venue).where(Venue.key == venue))
    return WorkshopValues(
        title=title,
        objectives="Meet across the two societies.",
        context_notes="Funded by a foundation.",
        venue=found,
        start_date=start,
        end_date=date.fromordinal(start.toordinal() + days - 1),
        timezone=found.timezone if found else "Europe/Rome",
        track=Track.TRACK_TWO,
        confidentiality=confidentiality,
        working_languages=["en"],
        target_segments=list(db.session.scalars(select(Segment).order_by(Segment.id))),
    )


def invite_balanced(workshop, per_side: int = 6) -> None:
    """``per_side`` confirmed participants from each side, the segments mirrored, added and
    invited by the people operations the pages use."""
    segments = {s.key: s for s in db.session.scalars(select(Segment))}
    people = []
    for side, names in (
        (Community.ARMENIAN, ("Անի", "Արմեն", "Լիլիթ", "Գոռ", "Նարինե", "Տիգրան")),
        (Community.AZERBAIJANI, ("Aygün", "Rəşad", "Səbinə", "Toğrul", "Günel", "Elçin")),
    ):
        for index in range(per_side):
            people.append((f"{names[index % len(names)]} {index}", side, SEGMENTS[index]))
    for name, side, segment in people:
        values = people_operations.person_fields(
            name=name,
            community=side,
            segment_id=segments[segment].id,
            affiliation="",
            languages=("en",),
            email="",
            consent_to_list=True,
            notes="",
        )
        person = people_operations.create_person(values, workshop=workshop)
        people_operations.invite(
            workshop, person, InvitationRole.PARTICIPANT, InvitationStatus.CONFIRMED
        )
    db.session.expire(workshop, ["invitations"])


@pytest.fixture
def facilitator(make):
    from planner.vocabulary import Role

    return make.user(Role.FACILITATOR, name="Elena Varga")

"""Shared arrangements for the workshop page tests (tests/http/test_workshops*.py)."""

from __future__ import annotations

from types import SimpleNamespace

from planner.extensions import db
from planner.models import Workshop
from planner.vocabulary import Role

#: Every signed-in relation a user can have to the ``cast`` workshop.
ROLES = ("invited", "stranger", "outsider", "owner", "co", "organiser")


def make_cast(make) -> SimpleNamespace:
    """A workshop and one account in each relation to it (use as each file's ``cast``)."""
    owner = make.user(Role.FACILITATOR, name="Ольга Смирнова")
    co = make.user(Role.FACILITATOR, name="Toğrul Bağırov")
    workshop = make.workshop(owner=owner, title="Tbilisi dialogue")
    workshop.co_facilitators.append(co)
    db.session.commit()
    return SimpleNamespace(
        workshop=workshop,
        uid=workshop.uid,
        owner=owner,
        co=co,
        outsider=make.user(Role.FACILITATOR),
        organiser=make.user(Role.ORGANISER),
        invited=make.participant_user(workshop),
        stranger=make.participant_user(),
    )


def form_data(**overrides) -> dict:
    """A valid workshop form submission, with ``overrides``."""
    data = {
        "title": "Venice meeting",
        "objectives": "Listen to each other.",
        "context_notes": "NOTE-TEXT-NEVER-AUDITED",
        "venue": "",
        "start_date": "2027-06-01",
        "end_date": "2027-06-03",
        "timezone": "Europe/Rome",
        "track": "track_two",
        "confidentiality": "chatham_house",
        "working_languages": "hy, az, en",
        "version": "1",
    }
    data.update(overrides)
    return data


def reload(workshop: Workshop) -> Workshop | None:
    db.session.expire_all()
    return db.session.get(Workshop, workshop.id)


def page(response) -> str:
    return response.get_data(as_text=True)

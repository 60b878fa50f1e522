"""The demo: one account per role and a workshop in Tbilisi drawn from the article.

What the demo holds is data, in ``seeds/demo.yaml``; this module reads it and builds the
workshop with the operations the pages use (create workshop, add and invite people, create
sessions, attach prompts, save small groups), so the demo obeys the pages' rules.

Running it again resets the demo accounts' passwords (printed anew) and leaves one demo
workshop, rebuilt, so a newcomer can always sign in with what was printed last.
"""

from __future__ import annotations

import secrets
from datetime import date, time, timedelta
from functools import cache
from typing import Any

import yaml
from sqlalchemy import select

from planner import audit
from planner.agenda import grouping
from planner.agenda import operations as agenda_operations
from planner.agenda import queries as agenda_queries
from planner.auth import operations as account_operations
from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import Person, Prompt, Segment, SensitiveTopic, User, Venue, Workshop
from planner.people import operations as people_operations
from planner.protection.preparation import PreparationValues, record_preparation
from planner.seeding import SEEDS_DIR, SeedError, load_seeds
from planner.vocabulary import (
    Audience,
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    RiskLevel,
    Role,
    SessionFormat,
    Track,
    WorkshopStatus,
)
from planner.workshops import operations as workshop_operations
from planner.workshops.forms import WorkshopValues

DEMO_FILE = SEEDS_DIR / "demo.yaml"


@cache
def demo_data() -> dict[str, Any]:
    """The contents of ``seeds/demo.yaml``."""
    return yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))


DEMO_TITLE: str = demo_data()["workshop"]["title"]


def _account(role: Role, email: str, name: str) -> tuple[User, str]:
    """The demo account for ``role``, made or reset (active, a new password) by the account
    operations the admin pages and `user-add` use."""
    password = secrets.token_urlsafe(12)
    user = account_operations.find_user_by_email(email)
    if user is None:
        return account_operations.create_user(email, name, role, password), password
    if not user.active:
        account_operations.reactivate(user)
    user.name = name
    account_operations.change_password(user, password)
    return user, password


def _catalogue(model, keys, what: str) -> dict[str, Any]:
    """The catalogue entries the demo names, refusing a key the seed files lack."""
    found = {r.key: r for r in db.session.scalars(select(model).where(model.key.in_(keys)))}
    missing = sorted(set(keys) - found.keys())
    if missing:
        raise SeedError(f"{DEMO_FILE.name} names {what} the seeds lack: {', '.join(missing)}.")
    return found


def _profile(
    entry: dict[str, Any],
    segments: dict[str, Segment],
    accounts: dict[str, User],
    workshop: Workshop,
) -> Person:
    """The person ``entry`` describes: updated if the demo made them before, else created."""
    account = accounts.get(entry.get("account", ""))
    values = people_operations.person_fields(
        name=entry["name"],
        community=Community(entry["community"]),
        segment_id=segments[entry["segment"]].id if entry.get("segment") else None,
        affiliation=entry.get("affiliation", ""),
        languages=entry.get("languages", ()),
        email=entry.get("email", ""),
        consent_to_list=entry.get("consent_to_list", False),
        notes=entry.get("notes", ""),
        risk_level=RiskLevel(entry.get("risk_level", RiskLevel.STANDARD.value)),
        risk_reason=entry.get("risk_reason", ""),
    )
    person = db.session.scalar(select(Person).where(Person.name == values.name))
    if person is None:
        person = people_operations.create_person(values, workshop=workshop)
    else:
        people_operations.update_person(person, values, workshop=workshop, version=person.version)
    if account is not None:
        # Linking a profile to its account is what signing up does; no page edits it.
        person.user = account
    return person


def _prepare(invitation, entry: dict[str, Any], start: date) -> None:
    """Record how the demo prepared this person; dates count days before the start."""

    def before(key: str) -> date | None:
        return start - timedelta(days=entry[key]) if key in entry else None

    record_preparation(
        invitation,
        PreparationValues(
            conversation_on=before("conversation_days_before"),
            conversation_by=entry.get("conversation_by", ""),
            risk_assessed=bool(entry.get("risk_assessed", False)),
            consent_asked_on=before("consent_asked_days_before"),
            travel_arranged=bool(entry.get("travel_arranged", False)),
            visa_arranged=bool(entry.get("visa_arranged", False)),
        ),
    )


def _session_values(
    entry: dict[str, Any], first_day: date, topics: dict[str, SensitiveTopic]
) -> agenda_operations.SessionValues:
    """The session editor's values for one entry of ``sessions`` (days count from 1)."""
    return agenda_operations.SessionValues(
        title=entry["title"],
        day=first_day + timedelta(days=entry["day"] - 1),
        start_time=time.fromisoformat(entry["start"]),
        duration_minutes=entry["minutes"],
        alongside_previous=entry.get("alongside_previous", False),
        format=SessionFormat(entry["format"]),
        audience=Audience(entry["audience"]),
        audience_community=Community(entry["community"]) if entry.get("community") else None,
        description=entry.get("description", ""),
        location=entry.get("location", ""),
        facilitator_notes=entry.get("notes", ""),
        topics=tuple(topics[k] for k in entry.get("topics", ())),
    )


def create_demo(today: date | None = None) -> list[tuple[str, str, str]]:
    """Create (or reset) the demo accounts and workshop; return (role, email, password) rows."""
    load_seeds()
    data = demo_data()
    try:
        return _create(data, today or date.today())
    except SeedError:
        raise
    except KeyError as error:
        raise SeedError(f"{DEMO_FILE.name}: an entry lacks {error}.") from None
    except (ValueError, DomainError) as error:
        # A value the pages would refuse (an unknown community, overlapping sessions, ...).
        raise SeedError(f"{DEMO_FILE.name}: {error}") from None


def _create(data: dict[str, Any], today: date) -> list[tuple[str, str, str]]:
    rows, accounts = [], {}
    for entry in data["accounts"]:
        user, password = _account(Role(entry["role"]), entry["email"], entry["name"])
        accounts[entry["role"]] = user
        rows.append((entry["role"], entry["email"], password))
    db.session.flush()

    w = data["workshop"]
    sessions = data["sessions"]
    venue = db.session.scalar(select(Venue).where(Venue.key == w["venue"]))
    if venue is None:
        raise SeedError(f"The seed venue {w['venue']!r} is missing; check seeds/venues.yaml.")
    profiles = [*data.get("profiles", ()), *data["people"]]
    segments = _catalogue(
        Segment,
        {*w["target_segments"], *(p["segment"] for p in profiles if p.get("segment"))},
        "segments",
    )
    topics = _catalogue(
        SensitiveTopic, {k for s in sessions for k in s.get("topics", ())}, "sensitive topics"
    )
    prompts = _catalogue(Prompt, {k for s in sessions for k in s.get("prompts", ())}, "prompts")

    # The demo is rebuilt, not kept: delete_workshop would (rightly) refuse a workshop
    # people are invited to.
    for old in db.session.scalars(select(Workshop).where(Workshop.title == w["title"])):
        db.session.delete(old)
    db.session.flush()

    start = today + timedelta(days=w["starts_in_days"])
    workshop = workshop_operations.create_workshop(
        accounts[w["owner"]],
        WorkshopValues(
            title=w["title"],
            objectives=w["objectives"],
            context_notes=w["context_notes"],
            venue=venue,
            start_date=start,
            end_date=start + timedelta(days=w["days"] - 1),
            timezone=venue.timezone,
            track=Track(w["track"]),
            confidentiality=Confidentiality(w["confidentiality"]),
            working_languages=list(w["working_languages"]),
            target_segments=[segments[k] for k in w["target_segments"]],
        ),
        status=WorkshopStatus(w["status"]),
    )
    for entry in data.get("profiles", ()):
        _profile(entry, segments, accounts, workshop)
    for entry in data["people"]:
        person = _profile(entry, segments, accounts, workshop)
        invitation = people_operations.invite(
            workshop, person, InvitationRole(entry["role"]), InvitationStatus.CONFIRMED
        )
        if entry.get("preparation"):
            _prepare(invitation, entry["preparation"], start)
    # The invitations were added by id (as the people pages add them): read them afresh.
    db.session.expire(workshop, ["invitations"])

    for entry in sessions:
        values = _session_values(entry, start, topics)
        session = agenda_operations.create_session(workshop, values, keep_start=True)
        for key in entry.get("prompts", ()):
            agenda_operations.attach_prompt(workshop, session, prompts[key])
        if entry.get("groups"):
            coming = agenda_queries.confirmed_invitations(workshop)
            proposal = grouping.propose_groups(agenda_queries.members_of(coming), entry["groups"])
            agenda_operations.save_groups(workshop, session, proposal, coming)
    audit.record("demo.created", "workshop", workshop.uid, workshop_uid=workshop.uid)
    _publish(workshop, accounts[w["owner"]])
    db.session.commit()
    return rows


def _publish(workshop: Workshop, owner: User) -> None:
    """Publish once, so the demo participant reads an agenda straight away."""
    from planner.agenda.publishing import publish_agenda
    from planner.workshop_loading import load_workshop_head, workshop_page_data

    uid = workshop.uid
    db.session.expire_all()
    head = load_workshop_head(uid)
    publish_agenda(head, workshop_page_data(head), owner)

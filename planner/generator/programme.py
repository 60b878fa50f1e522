"""A realistic programme, generated in bulk: the data behind benchmarks and load tests.

``generate(workshops=N, people=M, seed=S)`` is deterministic for a given seed. It
inserts with Core ``executemany`` statements and explicit ids (a few statements per
table, not one per row), so 10 000 workshops and 100 000 people take seconds.
It also builds one large workshop — five days, 60 sessions, 80 participants — the
benchmark's worst case, and returns its uid.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from planner.extensions import db
from planner.models import (
    Invitation,
    Person,
    Prompt,
    Segment,
    SensitiveTopic,
    Session,
    SessionPrompt,
    SmallGroup,
    SmallGroupMember,
    User,
    Venue,
    Workshop,
    session_topics,
)
from planner.models._columns import new_public_id
from planner.seeding import load_seeds
from planner.vocabulary import (
    Audience,
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    Role,
    SessionFormat,
    Track,
    WorkshopStatus,
)

ARMENIAN_GIVEN = [
    "Անի",
    "Արմեն",
    "Լիլիթ",
    "Գոռ",
    "Նարինե",
    "Տիգրան",
    "Մարիամ",
    "Դավիթ",
    "Aram",
    "Sona",
    "Hayk",
    "Lusine",
]
ARMENIAN_FAMILY = [
    "Հակոբյան",
    "Սարգսյան",
    "Պետրոսյան",
    "Ավետիսյան",
    "Մկրտչյան",
    "Grigoryan",
    "Harutyunyan",
    "Vardanyan",
]
AZERBAIJANI_GIVEN = [
    "Aygün",
    "Rəşad",
    "Səbinə",
    "Toğrul",
    "Günel",
    "Elçin",
    "Ləman",
    "Orxan",
    "Nərmin",
    "İlqar",
    "Şəhla",
    "Fərid",
]
AZERBAIJANI_FAMILY = [
    "Məmmədova",
    "Əliyev",
    "Quliyeva",
    "Bağırov",
    "İsmayılova",
    "Həsənov",
    "Hüseynli",
    "Qasımov",
]
INTERNATIONAL_GIVEN = ["Claire", "Thomas", "Ольга", "Marco", "Ingrid", "Dmitri", "Sofia", "Jan"]
INTERNATIONAL_FAMILY = [
    "Dubois",
    "Berger",
    "Смирнова",
    "Rossi",
    "Larsen",
    "Иванов",
    "Novak",
    "Weber",
]
LANGUAGES = {
    Community.ARMENIAN: ["hy", "ru", "en"],
    Community.AZERBAIJANI: ["az", "ru", "en"],
    Community.INTERNATIONAL: ["en", "ru", "fr", "de"],
    Community.OTHER: ["en", "ru"],
}
DAY_PLAN = [
    (time(9, 0), 60, "Opening and ground rules", SessionFormat.OPENING),
    (time(10, 0), 90, "Plenary: perceptions", SessionFormat.PLENARY),
    (time(11, 30), 20, "Break", SessionFormat.BREAK),
    (time(11, 50), 70, "Small groups", SessionFormat.SMALL_GROUPS),
    (time(13, 0), 60, "Lunch", SessionFormat.BREAK),
    (time(14, 0), 60, "Caucus", SessionFormat.CAUCUS),
    (time(15, 0), 90, "Plenary: realism", SessionFormat.PLENARY),
    (time(16, 30), 20, "Break", SessionFormat.BREAK),
    (time(16, 50), 60, "Bilateral pairs", SessionFormat.BILATERAL),
    (time(17, 50), 40, "Reflection", SessionFormat.CLOSING),
    (time(19, 0), 120, "Informal dinner", SessionFormat.INFORMAL),
    (time(21, 0), 30, "Facilitators' debrief", SessionFormat.PLENARY),
]

EPOCH = datetime(2024, 1, 1)
LARGE_TITLE = "Large programme: five days, 60 sessions, 80 participants"


@dataclass
class Generated:
    workshops: int
    people: int
    invitations: int
    sessions: int
    large_workshop_uid: str
    facilitator_email: str
    participant_email: str
    password: str


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _uid() -> str:
    return new_public_id()


def _name(rng: random.Random, community: Community) -> str:
    if community == Community.ARMENIAN:
        return f"{rng.choice(ARMENIAN_GIVEN)} {rng.choice(ARMENIAN_FAMILY)}"
    if community == Community.AZERBAIJANI:
        return f"{rng.choice(AZERBAIJANI_GIVEN)} {rng.choice(AZERBAIJANI_FAMILY)}"
    return f"{rng.choice(INTERNATIONAL_GIVEN)} {rng.choice(INTERNATIONAL_FAMILY)}"


def _bulk(table, rows: list[dict], chunk: int = 5000) -> None:
    for start in range(0, len(rows), chunk):
        db.session.execute(insert(table), rows[start : start + chunk])


def _fix_sequences() -> None:
    """After explicit ids, PostgreSQL's sequences must move past them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in (
        "users",
        "people",
        "workshops",
        "invitations",
        "sessions",
        "session_prompts",
        "small_groups",
    ):
        # Table names come from the fixed tuple above, never from input.
        statement = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"  # noqa: S608, E501
        db.session.execute(text(statement))


def generate(
    *,
    workshops: int,
    people: int,
    seed: int = 1,
    password: str = "generated password 1",  # noqa: S107 - demo data
) -> Generated:
    """Fill the database with a programme of ``workshops`` workshops and ``people`` people."""
    if workshops < 0 or people < 200:
        raise ValueError(
            "Use at least 200 people (the large workshop invites 80) and a non-negative number of workshops."
        )
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not secrets
    load_seeds()
    venues = list(db.session.scalars(select(Venue).order_by(Venue.id)))
    segments = list(db.session.scalars(select(Segment).order_by(Segment.id)))
    topics = list(db.session.scalars(select(SensitiveTopic).order_by(SensitiveTopic.id)))
    prompts = list(db.session.scalars(select(Prompt).order_by(Prompt.id)))

    # Accounts: facilitators share one hash (hashing is the slow part, and irrelevant here).
    probe = User(email="x", name="x", role=Role.FACILITATOR)
    probe.set_password(password)
    password_hash = probe.password_hash
    user_id = _next_id(User)
    n_facilitators = max(5, workshops // 200)
    tag = f"s{seed}-{user_id}"
    users = [
        dict(
            id=user_id + i,
            email=f"facilitator{i}-{tag}@generated.example",
            name=f"Facilitator {i}",
            role=Role.FACILITATOR.value,
            password_hash=password_hash,
            preferred_language="en",
            active=True,
            session_token=secrets.token_urlsafe(32),
            created_at=EPOCH,
        )
        for i in range(n_facilitators)
    ]
    participant_user_id = user_id + n_facilitators
    users.append(
        dict(
            id=participant_user_id,
            email=f"participant-{tag}@generated.example",
            name="Generated participant",
            role=Role.PARTICIPANT.value,
            password_hash=password_hash,
            preferred_language="en",
            active=True,
            session_token=secrets.token_urlsafe(32),
            created_at=EPOCH,
        )
    )
    _bulk(User.__table__, users)

    # People: 45 % from each side, 10 % international or other.
    person_id = _next_id(Person)
    communities = []
    person_rows = []
    for i in range(people):
        roll = rng.random()
        community = (
            Community.ARMENIAN
            if roll < 0.45
            else Community.AZERBAIJANI
            if roll < 0.9
            else Community.INTERNATIONAL
            if roll < 0.97
            else Community.OTHER
        )
        communities.append(community)
        person_rows.append(
            dict(
                id=person_id + i,
                uid=_uid(),
                name=_name(rng, community),
                name_alt="",
                community=community.value,
                segment_id=rng.choice(segments).id,
                affiliation="",
                languages=rng.sample(LANGUAGES[community], 2),
                email=None,
                consent_to_list=rng.random() < 0.8,
                notes="",
                user_id=None,
                created_at=EPOCH,
            )
        )
    # The generated participant account is the first Armenian person.
    first_armenian = next(i for i, c in enumerate(communities) if c == Community.ARMENIAN)
    person_rows[first_armenian]["user_id"] = participant_user_id
    _bulk(Person.__table__, person_rows)
    by_community = {
        c: [person_id + i for i, cc in enumerate(communities) if cc == c] for c in Community
    }

    # Workshops over several years, each with invitations and a short agenda.
    workshop_id = _next_id(Workshop)
    invitation_id = _next_id(Invitation)
    session_id = _next_id(Session)
    link_id = _next_id(SessionPrompt)
    workshop_rows, invitation_rows, session_rows, topic_rows, prompt_rows = [], [], [], [], []
    statuses = [s.value for s in WorkshopStatus]
    for w in range(workshops):
        start = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 12 * 365))
        length = rng.choice([1, 2, 2, 3])
        venue = rng.choice(venues)
        workshop_rows.append(
            dict(
                id=workshop_id + w,
                uid=_uid(),
                title=f"Dialogue workshop {w + 1}: {rng.choice(segments).name.lower()}",
                objectives="Meet, listen and plan one joint step.",
                context_notes="",
                venue_id=venue.id,
                start_date=start,
                end_date=start + timedelta(days=length - 1),
                timezone=venue.timezone,
                track=Track.TRACK_TWO.value,
                confidentiality=rng.choice(list(Confidentiality)).value,
                status=rng.choice(statuses),
                working_languages=["en", "ru"],
                owner_id=user_id + rng.randrange(n_facilitators),
                version=1,
                created_at=EPOCH,
                updated_at=EPOCH,
            )
        )
        size = rng.randint(8, 16)
        invited = (
            rng.sample(by_community[Community.ARMENIAN], size // 2)
            + rng.sample(by_community[Community.AZERBAIJANI], size // 2)
            + rng.sample(
                by_community[Community.INTERNATIONAL] or by_community[Community.ARMENIAN], 1
            )
        )
        for pid in invited:
            invitation_rows.append(
                dict(
                    id=invitation_id,
                    uid=_uid(),
                    workshop_id=workshop_id + w,
                    person_id=pid,
                    role=InvitationRole.PARTICIPANT.value,
                    status=rng.choice(["invited", "confirmed", "confirmed", "declined"]),
                    agenda_token_hash=None,
                    calendar_token_hash=None,
                    last_seen_publication=None,
                    created_at=EPOCH,
                )
            )
            invitation_id += 1
        for position, (at, minutes, title, fmt) in enumerate(
            rng.sample(DAY_PLAN[:10], rng.randint(4, 8))
        ):
            caucus = fmt == SessionFormat.CAUCUS
            session_rows.append(
                dict(
                    id=session_id,
                    uid=_uid(),
                    workshop_id=workshop_id + w,
                    day=start,
                    start_time=at,
                    duration_minutes=minutes,
                    alongside_previous=False,
                    position=position,
                    title=title,
                    format=fmt.value,
                    audience=(Audience.COMMUNITY if caucus else Audience.EVERYONE).value,
                    audience_community=Community.ARMENIAN.value if caucus else None,
                    description="",
                    facilitator_notes="",
                    version=1,
                )
            )
            if rng.random() < 0.3:
                topic_rows.append(dict(session_id=session_id, topic_id=rng.choice(topics).id))
            if rng.random() < 0.4:
                prompt_rows.append(
                    dict(
                        id=link_id,
                        session_id=session_id,
                        prompt_id=rng.choice(prompts).id,
                        position=0,
                    )
                )
                link_id += 1
            session_id += 1
    _bulk(Workshop.__table__, workshop_rows)
    _bulk(Invitation.__table__, invitation_rows)
    _bulk(Session.__table__, session_rows)
    _bulk(session_topics, topic_rows)
    _bulk(SessionPrompt.__table__, prompt_rows)
    db.session.flush()
    # Explicit ids above: PostgreSQL's sequences must move past them before the ORM inserts.
    _fix_sequences()

    large_uid = _large_workshop(
        rng,
        venues,
        topics,
        prompts,
        by_community,
        user_id,
        participant_user_id,
        person_id + first_armenian,
    )
    _fix_sequences()
    db.session.commit()
    return Generated(
        workshops=workshops + 1,
        people=people,
        invitations=len(invitation_rows) + 80,
        sessions=len(session_rows) + 60,
        large_workshop_uid=large_uid,
        facilitator_email=users[0]["email"],
        participant_email=users[-1]["email"],
        password=password,
    )


def _large_workshop(
    rng, venues, topics, prompts, by_community, owner_id, participant_user_id, participant_person_id
) -> str:
    """Five days, 60 sessions, 80 participants: the worst case the pages must handle."""
    venue = next(v for v in venues if v.city == "Tbilisi")
    start = date(2027, 6, 7)
    workshop = Workshop(
        title=LARGE_TITLE,
        objectives="A long programme.",
        context_notes="Large workshop context notes.",
        venue_id=venue.id,
        start_date=start,
        end_date=start + timedelta(days=4),
        timezone=venue.timezone,
        track=Track.TRACK_TWO,
        confidentiality=Confidentiality.CHATHAM_HOUSE,
        status=WorkshopStatus.PLANNED,
        working_languages=["en", "ru"],
        owner_id=owner_id,
    )
    db.session.add(workshop)
    db.session.flush()
    people = (
        rng.sample([p for p in by_community[Community.ARMENIAN] if p != participant_person_id], 39)
        + [participant_person_id]
        + rng.sample(by_community[Community.AZERBAIJANI], 40)
    )
    invitations = []
    for pid in people:
        invitation = Invitation(
            workshop_id=workshop.id,
            person_id=pid,
            role=InvitationRole.PARTICIPANT,
            status=InvitationStatus.CONFIRMED,
        )
        invitations.append(invitation)
    db.session.add_all(invitations)
    db.session.flush()
    for d in range(5):
        day = start + timedelta(days=d)
        for position, (at, minutes, title, fmt) in enumerate(DAY_PLAN):
            caucus = fmt == SessionFormat.CAUCUS
            session = Session(
                workshop_id=workshop.id,
                day=day,
                start_time=at,
                duration_minutes=minutes,
                title=f"{title} (day {d + 1})",
                format=fmt,
                audience=Audience.COMMUNITY
                if caucus
                else (Audience.FACILITATORS if position == 11 else Audience.EVERYONE),
                audience_community=Community.ARMENIAN if caucus else None,
                description="Participant-facing description.",
                facilitator_notes="Facilitator notes.",
                position=position,
                topics=rng.sample(topics, 1) if fmt == SessionFormat.PLENARY else [],
            )
            db.session.add(session)
            for i, prompt in enumerate(rng.sample(prompts, 2)):
                session.prompt_links.append(SessionPrompt(prompt_id=prompt.id, position=i))
            if fmt == SessionFormat.SMALL_GROUPS:
                for g in range(8):
                    group = SmallGroup(number=g + 1)
                    session.groups.append(group)
                    for invitation in invitations[g::8]:
                        group.members.append(SmallGroupMember(invitation_id=invitation.id))
    db.session.flush()
    return workshop.uid

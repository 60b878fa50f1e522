"""The demo: one account per role and a workshop in Tbilisi drawn from the article.

Running it again resets the demo accounts' passwords (printed anew) and leaves one demo
workshop, rebuilt, so a newcomer can always sign in with what was printed last.
"""

from __future__ import annotations

import secrets
from datetime import date, time, timedelta

from sqlalchemy import select

from planner import audit
from planner.agenda.grouping import Member, propose_groups
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
)
from planner.seeding import SeedError, load_seeds
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

DEMO_TITLE = "Building confidence after 2020: a dialogue of experts, journalists and youth"

ACCOUNTS = [
    (Role.ORGANISER, "organiser@demo.example", "Nino Beridze"),
    (Role.FACILITATOR, "facilitator@demo.example", "Elena Varga"),
    (Role.PARTICIPANT, "participant@demo.example", "Անի Հակոբյան (Ani Hakobyan)"),
]

# (name, community, segment, affiliation, languages, consent, role, notes)
PEOPLE = [
    (
        "Անի Հակոբյան (Ani Hakobyan)",
        Community.ARMENIAN,
        "youth",
        "Yerevan State University",
        ["hy", "en", "ru"],
        True,
        InvitationRole.PARTICIPANT,
        "",
    ),
    (
        "Արմեն Սարգսյան (Armen Sargsyan)",
        Community.ARMENIAN,
        "experts",
        "Regional studies centre, Yerevan",
        ["hy", "en", "ru"],
        True,
        InvitationRole.PARTICIPANT,
        "Lost a cousin in 2020; may need a pause in the humanitarian session.",
    ),
    (
        "Լիլիթ Պետրոսյան (Lilit Petrosyan)",
        Community.ARMENIAN,
        "journalists",
        "Independent online outlet",
        ["hy", "en"],
        False,
        InvitationRole.PARTICIPANT,
        "Writes under a pen name; never list her publicly.",
    ),
    (
        "Gor Avetisyan",
        Community.ARMENIAN,
        "business",
        "Gyumri traders' association",
        ["hy", "ru", "en"],
        True,
        InvitationRole.PARTICIPANT,
        "",
    ),
    (
        "Նարինե Մկրտչյան (Narine Mkrtchyan)",
        Community.ARMENIAN,
        "civil-society",
        "Women's peace network",
        ["hy", "en"],
        True,
        InvitationRole.PARTICIPANT,
        "",
    ),
    (
        "Aygün Məmmədova",
        Community.AZERBAIJANI,
        "youth",
        "Baku State University",
        ["az", "en", "ru"],
        True,
        InvitationRole.PARTICIPANT,
        "",
    ),
    (
        "Rəşad Əliyev",
        Community.AZERBAIJANI,
        "experts",
        "Policy institute, Baku",
        ["az", "en", "ru"],
        True,
        InvitationRole.PARTICIPANT,
        "Former IDP from Aghdam; speak to him before the session on supply routes.",
    ),
    (
        "Səbinə Quliyeva",
        Community.AZERBAIJANI,
        "journalists",
        "Regional newspaper",
        ["az", "en"],
        False,
        InvitationRole.PARTICIPANT,
        "Employer does not know she attends.",
    ),
    (
        "Toğrul Bağırov",
        Community.AZERBAIJANI,
        "business",
        "Ganja chamber of commerce",
        ["az", "ru", "en"],
        True,
        InvitationRole.PARTICIPANT,
        "",
    ),
    (
        "Günel İsmayılova",
        Community.AZERBAIJANI,
        "civil-society",
        "Community foundation, Sumgait",
        ["az", "en"],
        True,
        InvitationRole.PARTICIPANT,
        "",
    ),
    (
        "Ольга Смирнова (Olga Smirnova)",
        Community.OTHER,
        None,
        "Interpreter",
        ["ru", "en", "hy", "az"],
        True,
        InvitationRole.INTERPRETER,
        "",
    ),
    (
        "Thomas Berger",
        Community.INTERNATIONAL,
        "experts",
        "Observer, European foundation",
        ["en", "de"],
        True,
        InvitationRole.OBSERVER,
        "",
    ),
]

NOTES_HUMANITARIAN = (
    "Brief both caucuses the day before. Keep supply routes and status apart. "
    "If news of a death from hunger arrives, pause and return to the group agreement."
)


def _password() -> str:
    return secrets.token_urlsafe(12)


def _account(role: Role, email: str, name: str) -> tuple[User, str]:
    password = _password()
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, role=role)
        db.session.add(user)
    user.name, user.role, user.active = name, role, True
    user.set_password(password)
    user.rotate_session_token()
    return user, password


def create_demo(today: date | None = None) -> list[tuple[str, str, str]]:
    """Create (or reset) the demo accounts and workshop; return (role, email, password) rows."""
    load_seeds()
    rows = []
    users = {}
    for role, email, name in ACCOUNTS:
        user, password = _account(role, email, name)
        users[role] = user
        rows.append((role.value, email, password))
    db.session.flush()

    venue = db.session.scalar(select(Venue).where(Venue.key == "tbilisi"))
    if venue is None:
        raise SeedError("The seed venue 'tbilisi' is missing; check seeds/venues.yaml.")
    segments = {s.key: s for s in db.session.scalars(select(Segment))}
    topics = {t.key: t for t in db.session.scalars(select(SensitiveTopic))}
    prompts = {p.key: p for p in db.session.scalars(select(Prompt))}

    for old in db.session.scalars(select(Workshop).where(Workshop.title == DEMO_TITLE)):
        db.session.delete(old)
    db.session.flush()

    start = (today or date.today()) + timedelta(days=21)
    workshop = Workshop(
        title=DEMO_TITLE,
        objectives=(
            "Meet across the two societies after the 2020 war; hear how each side sees the "
            "new situation; separate humanitarian needs from political disagreement; agree "
            "on one joint next step."
        ),
        context_notes=(
            "Funded by a European foundation. Two participants attend without their employers' "
            "knowledge: never send group emails with visible addresses."
        ),
        venue=venue,
        start_date=start,
        end_date=start + timedelta(days=1),
        timezone=venue.timezone,
        track=Track.TRACK_TWO,
        confidentiality=Confidentiality.CHATHAM_HOUSE,
        status=WorkshopStatus.PLANNED,
        working_languages=["en", "ru"],
        owner=users[Role.FACILITATOR],
        target_segments=[
            segments[k] for k in ("experts", "journalists", "business", "youth", "civil-society")
        ],
    )
    db.session.add(workshop)

    invitations = []
    for name, community, segment, affiliation, languages, consent, role, notes in PEOPLE:
        person = db.session.scalar(select(Person).where(Person.name == name))
        if person is None:
            person = Person(name=name)
            db.session.add(person)
        person.community = community
        person.segment = segments.get(segment) if segment else None
        person.affiliation = affiliation
        person.languages = languages
        person.consent_to_list = consent
        person.notes = notes
        invitation = Invitation(
            workshop=workshop, person=person, role=role, status=InvitationStatus.CONFIRMED
        )
        db.session.add(invitation)
        invitations.append(invitation)
    participant_person = invitations[0].person
    participant_person.user = users[Role.PARTICIPANT]
    participant_person.email = "participant@demo.example"
    facilitator_person = db.session.scalar(select(Person).where(Person.name == "Elena Varga"))
    if facilitator_person is None:
        facilitator_person = Person(name="Elena Varga")
        db.session.add(facilitator_person)
    facilitator_person.community = Community.INTERNATIONAL
    facilitator_person.languages = ["en", "ru"]
    facilitator_person.affiliation = "Lead facilitator"
    facilitator_person.user = users[Role.FACILITATOR]
    db.session.flush()

    day1, day2 = workshop.start_date, workshop.end_date
    agenda = [
        # day, start, minutes, title, format, audience, community, description, notes, topics, prompts
        (
            day1,
            time(13, 0),
            60,
            "Opening: welcome, ground rules and the Chatham House Rule",
            SessionFormat.OPENING,
            Audience.EVERYONE,
            None,
            "Introductions, the ground rules we agree for these two days, and what the Chatham House Rule means here.",
            "Read the ground rules aloud; ask each participant to agree explicitly.",
            [],
            [],
        ),
        (
            day1,
            time(14, 0),
            75,
            "Why we are here",
            SessionFormat.PLENARY,
            Audience.EVERYONE,
            None,
            "What each of us hopes from dialogue, and who is missing from the room.",
            "Let everyone speak once before anyone speaks twice.",
            [],
            ["opening-necessary-element", "opening-segments-of-society"],
        ),
        (
            day1,
            time(15, 15),
            20,
            "Coffee break",
            SessionFormat.BREAK,
            Audience.EVERYONE,
            None,
            "",
            "",
            [],
            [],
        ),
        (
            day1,
            time(15, 35),
            60,
            "Caucus: Armenian participants",
            SessionFormat.CAUCUS,
            Audience.COMMUNITY,
            Community.ARMENIAN,
            "A separate briefing on tomorrow's humanitarian session.",
            "Pre-brief on the humanitarian session; ask who wants to speak first tomorrow.",
            [],
            [],
        ),
        (
            day1,
            time(15, 35),
            60,
            "Caucus: Azerbaijani participants",
            SessionFormat.CAUCUS,
            Audience.COMMUNITY,
            Community.AZERBAIJANI,
            "A separate briefing on tomorrow's humanitarian session.",
            "Pre-brief on the humanitarian session; check in with participants from Aghdam.",
            [],
            [],
        ),
        (
            day1,
            time(16, 35),
            15,
            "Break",
            SessionFormat.BREAK,
            Audience.EVERYONE,
            None,
            "",
            "",
            [],
            [],
        ),
        (
            day1,
            time(16, 50),
            70,
            "Small groups: how we see each other",
            SessionFormat.SMALL_GROUPS,
            Audience.EVERYONE,
            None,
            "Mixed groups of four or five share how their view of the other side has or has not changed.",
            "Watch for one voice dominating a group; rotate the reporter.",
            ["echo-chambers"],
            ["perceptions-core-perceptions", "perceptions-disappointment"],
        ),
        (
            day1,
            time(19, 0),
            120,
            "Informal dinner",
            SessionFormat.INFORMAL,
            Audience.EVERYONE,
            None,
            "Dinner together at a restaurant in the old town.",
            "Seat people across communities.",
            [],
            [],
        ),
        (
            day2,
            time(9, 0),
            90,
            "Realism and expectations",
            SessionFormat.PLENARY,
            Audience.EVERYONE,
            None,
            "What a realistic but acceptable next step could look like.",
            "Summarise options without attributing them to anyone.",
            ["concessions"],
            ["realism-no-miracles", "realism-expectations"],
        ),
        (
            day2,
            time(10, 30),
            20,
            "Coffee break",
            SessionFormat.BREAK,
            Audience.EVERYONE,
            None,
            "",
            "",
            [],
            [],
        ),
        (
            day2,
            time(10, 50),
            90,
            "Humanitarian needs apart from politics",
            SessionFormat.PLENARY,
            Audience.EVERYONE,
            None,
            "Which needs should be kept apart from political disagreement, and who could guarantee that.",
            NOTES_HUMANITARIAN,
            ["humanitarian-access"],
            ["humanitarian-starvation", "humanitarian-challenging-decision"],
        ),
        (
            day2,
            time(12, 20),
            70,
            "Lunch",
            SessionFormat.BREAK,
            Audience.EVERYONE,
            None,
            "",
            "",
            [],
            [],
        ),
        (
            day2,
            time(13, 30),
            75,
            "Looking forward: one joint next step",
            SessionFormat.PLENARY,
            Audience.EVERYONE,
            None,
            "Concrete steps people in this room could take together in the next year.",
            "Aim for one joint action the group owns.",
            [],
            ["forward-prevent-another-war", "forward-new-reality"],
        ),
        (
            day2,
            time(14, 45),
            15,
            "Break",
            SessionFormat.BREAK,
            Audience.EVERYONE,
            None,
            "",
            "",
            [],
            [],
        ),
        (
            day2,
            time(15, 0),
            45,
            "Closing and reflection",
            SessionFormat.CLOSING,
            Audience.EVERYONE,
            None,
            "What we take home, and what stays in the room.",
            "Remind everyone of the Chatham House Rule before they leave.",
            [],
            [],
        ),
    ]
    position = {}
    for (
        day,
        start_at,
        minutes,
        title,
        fmt,
        audience,
        community,
        description,
        notes,
        topic_keys,
        prompt_keys,
    ) in agenda:
        position[day] = position.get(day, -1) + 1
        session = Session(
            workshop=workshop,
            day=day,
            start_time=start_at,
            duration_minutes=minutes,
            title=title,
            format=fmt,
            audience=audience,
            audience_community=community,
            description=description,
            facilitator_notes=notes,
            position=position[day],
            alongside_previous=(fmt == SessionFormat.CAUCUS and community == Community.AZERBAIJANI),
            topics=[topics[k] for k in topic_keys],
        )
        for i, key in enumerate(prompt_keys):
            session.prompt_links.append(SessionPrompt(prompt=prompts[key], position=i))
        db.session.add(session)
        if fmt == SessionFormat.SMALL_GROUPS:
            participants = [i for i in invitations if i.role == InvitationRole.PARTICIPANT]
            members = [
                Member(
                    key=str(i.person.name),
                    community=i.person.community,
                    segment=i.person.segment.key if i.person.segment else None,
                )
                for i in participants
            ]
            by_name = {str(i.person.name): i for i in participants}
            for number, keys in enumerate(propose_groups(members, 2), start=1):
                group = SmallGroup(number=number)
                session.groups.append(group)
                for key in keys:
                    group.members.append(SmallGroupMember(invitation=by_name[key]))
    db.session.flush()
    audit.record("demo.created", "workshop", workshop.uid, workshop_uid=workshop.uid)
    # Publish once, so the demo participant reads an agenda straight away.
    from planner.agenda.publishing import publish_agenda
    from planner.workshop_loading import load_workshop_head, workshop_page_data

    db.session.expire_all()
    head = load_workshop_head(workshop.uid)
    publish_agenda(head, workshop_page_data(head), users[Role.FACILITATOR])
    db.session.commit()
    return rows

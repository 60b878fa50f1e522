"""The Core loaders give exactly the data the models hold (tests/orm_reference.py), on both databases."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from planner.extensions import db
from planner.models import (
    Prompt,
    SessionPrompt,
    SmallGroup,
    SmallGroupMember,
    Workshop,
)
from planner.seeding import load_seeds
from planner.vocabulary import (
    Audience,
    Community,
    InvitationRole,
    InvitationStatus,
    Role,
    SessionFormat,
    Severity,
)
from planner.workshop_loading import (
    load_catalogue,
    load_catalogue_data,
    load_workshop,
    load_workshop_head,
    load_workshop_page_data,
    load_workshops_data,
    workshop_people_data,
)
from tests.factories import PASSWORD
from tests.orm_reference import workshop_data
from tests.sql_statements import sql_statements


def orm_data(uid: str):
    db.session.expire_all()
    return workshop_data(load_workshop(uid), load_catalogue())


def fast_data(uid: str):
    db.session.expire_all()
    return load_workshop_page_data(uid)


def rich_workshop(make) -> Workshop:
    """A workshop touching every part of the data: team, people, flags, prompts, groups."""
    if db.session.scalar(select(Prompt.id).limit(1)) is None:
        load_seeds()
    owner = make.user(Role.FACILITATOR, name="Ольга Смирнова")
    make.person(name=owner.name, community=Community.INTERNATIONAL, user=owner)
    co_with_person = make.user(Role.FACILITATOR, name="Toğrul Bağırov")
    make.person(name=co_with_person.name, community=Community.AZERBAIJANI, user=co_with_person)
    co_without_person = make.user(Role.FACILITATOR, name="Co without profile")
    experts = make.segment("experts", "Experts")
    youth = make.segment("youth", "Youth")
    workshop = make.workshop(
        owner=owner,
        venue=make.venue(accessibility_notes="Step-free entrance", capacity=None),
        objectives="Listen.",
        working_languages=["hy", "az", "en"],
        target_segments=[youth, experts],
    )
    workshop.co_facilitators.extend([co_without_person, co_with_person])
    db.session.commit()

    # Topics created out of name order, flagged out of id order.
    zeta = make.topic("zeta-topic", Severity.HIGH, keywords=[])
    alpha = make.topic("alpha-topic", Severity.CRITICAL)
    mid = make.topic("mid-topic", Severity.LOW, handling_guidance="")

    people = [
        make.person(name="Zara", community=Community.ARMENIAN, segment=youth),
        make.person(
            name="Aygün", community=Community.AZERBAIJANI, segment=experts, email="a@x.org"
        ),
        make.person(name="No segment", community=Community.ARMENIAN, languages=[]),
        make.person(name="Observer", community=Community.INTERNATIONAL, consent_to_list=False),
    ]
    # Invited in another order than created.
    invitations = [
        make.invite(workshop, people[2]),
        make.invite(workshop, people[0], status=InvitationStatus.INVITED),
        make.invite(workshop, people[3], role=InvitationRole.OBSERVER),
        make.invite(workshop, people[1], status=InvitationStatus.DECLINED),
    ]

    # Sessions inserted out of agenda order.
    later = make.session(
        workshop, day=date(2027, 5, 11), start_time=time(14), position=2, title="Later"
    )
    first = make.session(
        workshop,
        day=date(2027, 5, 10),
        start_time=time(9),
        position=5,
        title="First",
        format=SessionFormat.SMALL_GROUPS,
    )
    caucus = make.session(
        workshop,
        day=date(2027, 5, 10),
        start_time=time(11),
        position=7,
        title="Caucus",
        format=SessionFormat.CAUCUS,
        audience=Audience.COMMUNITY,
        audience_community=Community.ARMENIAN,
        alongside_previous=True,
        description="",
    )
    make.session(workshop, day=date(2027, 5, 11), start_time=time(9), position=1, title="Empty")
    later.topics.extend([mid, zeta, alpha])
    first.topics.append(zeta)
    caucus.topics.extend([alpha, mid])

    # Prompts: some from the seeded library (citing passages), one written, shared by sessions.
    library = list(db.session.scalars(select(Prompt).order_by(Prompt.key.desc()).limit(4)))
    written = Prompt(key="written-1", text="What would help?", phase=library[0].phase)
    written.origin = library[0].origin
    written.topics = [mid, alpha]
    written.segments = [youth, experts]
    db.session.add(written)
    for position, prompt in enumerate([library[2], written, library[0]]):
        later.prompt_links.append(SessionPrompt(prompt=prompt, position=position))
    first.prompt_links.append(SessionPrompt(prompt=written, position=3))
    first.prompt_links.append(SessionPrompt(prompt=library[1], position=1))

    # Small groups, numbered out of insertion order, members out of id order.
    for number, members in ((2, [invitations[3], invitations[0]]), (1, [invitations[1]])):
        group = SmallGroup(number=number)
        first.groups.append(group)
        for invitation in members:
            group.members.append(SmallGroupMember(invitation=invitation))
    first.groups.append(SmallGroup(number=3))
    db.session.commit()
    return workshop


def test_the_page_loader_matches_the_orm_load(app, make):
    from planner.demo import DEMO_TITLE, create_demo

    create_demo()  # seeds, the demo workshop with prompts, passages and small groups
    rich = rich_workshop(make).uid
    bare = make.workshop(title="Nothing yet").uid
    demo = db.session.scalar(select(Workshop.uid).where(Workshop.title == DEMO_TITLE))

    for uid in (demo, rich, bare):
        expected = orm_data(uid)
        assert expected.sessions or uid == bare
        assert fast_data(uid) == expected, uid
    rich_data = fast_data(rich)
    assert rich_data.venue and rich_data.co_facilitators and rich_data.target_segments
    assert any(s.groups for s in rich_data.sessions)
    assert any(p.citation for s in rich_data.sessions for p in s.prompts)
    assert any(p.topic_keys and p.segment_keys for s in rich_data.sessions for p in s.prompts)
    assert fast_data("no-such-workshop") is None
    assert load_catalogue_data() == orm_data(rich).catalogue


def test_the_batch_loader_gives_each_workshop_what_the_single_loader_gives(app, make):
    """The workshop list reads many workshops at once: nothing may leak between them."""
    from planner.demo import DEMO_TITLE, create_demo

    create_demo()
    rich = rich_workshop(make)
    bare = make.workshop(title="Nothing yet")
    demo = db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE))
    workshops = {w.id: w.uid for w in (demo, rich, bare)}
    rich_id, bare_id = rich.id, bare.id
    db.session.expire_all()
    with sql_statements() as statements:
        batch = load_workshops_data([*workshops, rich_id])  # a repeated id is read once
    assert set(batch) == set(workshops)
    for workshop_id, uid in workshops.items():
        assert batch[workshop_id] == orm_data(uid), uid
    with sql_statements() as single:
        load_workshops_data([bare_id])
    assert len(statements) == len(single)
    assert load_workshops_data([]) == {}


def test_the_people_loader_is_the_workshop_without_its_agenda(app, make):
    """The participant pages read the live participant list without sessions or catalogue."""
    import dataclasses

    rich = rich_workshop(make).uid
    db.session.expire_all()
    with sql_statements() as statements:
        people = workshop_people_data(load_workshop_head(rich))
    expected = dataclasses.replace(orm_data(rich), sessions=(), catalogue=())
    assert people == expected
    assert people.invitations and people.co_facilitators
    assert not any("sessions" in s or "sensitive_topics" in s for s in statements)


def test_the_page_loader_sends_the_same_statements_whatever_the_size(app, make):
    small = rich_workshop(make).uid
    large = make.workshop(title="Large")
    for n in range(30):
        person = make.person(name=f"P{n}")
        make.invite(large, person)
        make.session(large, title=f"S{n}")
    counts = []
    for uid in (small, large.uid):
        with sql_statements() as statements:
            load_workshop_page_data(uid)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_workshop_page_renders_from_the_page_loader(client, make):
    workshop = rich_workshop(make)
    owner = workshop.owner
    uid = workshop.uid
    response = client.post("/login", data={"email": owner.email, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(f"/workshops/{uid}").get_data(as_text=True)
    for text in ("Later", "First", "Caucus", "Zara", "Aygün", "Observer"):
        assert text in page
    # Prompts are counted here and read in the session editor, which the count links to.
    first = next(s for s in workshop.sessions if s.prompt_links)
    count = len(first.prompt_links)
    assert f'href="/workshops/{uid}/sessions/{first.uid}/edit">{count} prompt' in page
    assert "What would help?" not in page
    assert f'name="version" value="{workshop.version}"' in page

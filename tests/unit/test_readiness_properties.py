"""Property tests for the readiness review over arbitrary generated workshops.

The strategy below builds ``WorkshopData`` with random people, invitations, sessions
(across midnight, outside the dates, with unknown group members, topics outside the
catalogue...), venues and teams. Whatever it builds, ``review`` must not raise, must
only reference sessions and people of the workshop, must be sorted, and must treat the
two sides alike.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.readiness import RULES, Finding, FindingSeverity, errors_and_warnings, review, rules
from planner.vocabulary import (
    AgeBand,
    Audience,
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    Phase,
    SessionFormat,
    Severity,
    WorkshopFormat,
)
from planner.workshop_data import (
    FacilitatorData,
    GroupData,
    InvitationData,
    PersonData,
    PromptData,
    SessionData,
    TopicData,
    VenueData,
    WorkshopData,
)

TOPICS = (
    TopicData("lachin", "Humanitarian access", Severity.CRITICAL, keywords=("Lachin corridor",)),
    TopicData("war", "The 2020 war", Severity.HIGH, keywords=("2020 war", "losses")),
    TopicData("echo", "Echo chambers", Severity.LOW, keywords=("echo chamber",)),
    TopicData("minsk", "Mediation", Severity.MEDIUM, keywords=("Minsk Group",)),
    TopicData("blank", "No keywords", Severity.CRITICAL),
    # R17 reads this key (and the realism and perceptions phases of prompts).
    TopicData("concessions", "Concessions", Severity.HIGH, keywords=("compromise",)),
)
STRAY_TOPIC = TopicData("stray", "Not in the catalogue", Severity.CRITICAL, keywords=("walk",))
WORDS = (
    "Opening",
    "ground rules",
    "Chatham House",
    "off the record",
    "Lachin corridor",
    "2020 war",
    "echo-chambers",
    "Minsk Group",
    "next steps",
    "walk",
    "dinner",
    "Ermənistan",
    "Հայաստան",
    "",
)
SEGMENTS = ("experts", "journalists", "youth", "business", None)
LANGUAGES = ("English", "english", "Russian", "Armenian", "Azerbaijani", " ")

_text = st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join)
_optional_community = st.none() | st.sampled_from(list(Community))
# Biased towards confirmed participants and small groups so that every rule gets to fire.
_ROLES = st.just(InvitationRole.PARTICIPANT) | st.sampled_from(list(InvitationRole))
_STATUSES = st.sampled_from([InvitationStatus.CONFIRMED, InvitationStatus.ATTENDED]) | (
    st.sampled_from(list(InvitationStatus))
)
_FORMATS = st.just(SessionFormat.SMALL_GROUPS) | st.sampled_from(list(SessionFormat))


@st.composite
def _person(draw: st.DrawFn, number: int) -> PersonData:
    return PersonData(
        uid=f"p{number}",
        name=f"Person {number}",
        community=draw(st.sampled_from(list(Community))),
        segment_key=draw(st.sampled_from(SEGMENTS)),
        languages=tuple(draw(st.lists(st.sampled_from(LANGUAGES), max_size=3))),
        consent_to_list=draw(st.booleans()),
        gender=draw(st.sampled_from(["", "woman", "man", "non-binary"])),
        age_band=draw(st.none() | st.sampled_from(list(AgeBand))),
    )


@st.composite
def _prompt(draw: st.DrawFn) -> PromptData:
    return PromptData(
        key=f"q{draw(st.integers(0, 999))}",
        text=draw(_text),
        phase=draw(st.sampled_from(list(Phase))),
        topic_keys=tuple(
            draw(st.lists(st.sampled_from(["lachin", "war", "concessions", "stray"]), max_size=2))
        ),
    )


@st.composite
def _session(
    draw: st.DrawFn, number: int, first_day: date, days: int, invitation_uids: list[str]
) -> SessionData:
    audience = draw(st.sampled_from(list(Audience)))
    community = draw(_optional_community) if audience == Audience.COMMUNITY else None
    groups = draw(
        st.lists(
            st.lists(st.sampled_from([*invitation_uids, "ghost"]), max_size=5, unique=True),
            max_size=3,
        )
    )
    return SessionData(
        uid=f"s{number}",
        day=first_day + timedelta(days=draw(st.integers(-1, days))),
        start=time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45]))),
        duration_minutes=draw(st.integers(1, 300) | st.integers(1, 1440)),
        title=draw(_text),
        format=draw(_FORMATS),
        audience=audience,
        audience_community=community,
        description=draw(_text),
        facilitator_notes=draw(st.sampled_from(["", "  ", "Handle with care."])),
        position=draw(st.integers(0, 5)),
        topics=tuple(draw(st.lists(st.sampled_from([*TOPICS, STRAY_TOPIC]), max_size=2))),
        prompts=tuple(draw(st.lists(_prompt(), max_size=2))),
        groups=tuple(GroupData(n + 1, tuple(g)) for n, g in enumerate(groups)),
    )


@st.composite
def workshops(draw: st.DrawFn) -> WorkshopData:
    first_day = date(2024, 5, 1) + timedelta(days=draw(st.integers(0, 300)))
    days = draw(st.integers(0, 4))  # 0 gives an end date before the start: broken data
    people = [draw(_person(n)) for n in range(draw(st.integers(0, 10)))]
    invitations = [
        InvitationData(
            uid=f"i{n}",
            person=draw(st.sampled_from(people)),
            role=draw(_ROLES),
            status=draw(_STATUSES),
            per_diem=draw(st.none() | st.sampled_from([0, 40, 50])),
            travel_support=draw(st.none() | st.integers(0, 300)),
            room=draw(st.none() | st.booleans()),
        )
        for n in range(draw(st.integers(0, 12)) if people else 0)
    ]
    uids = [i.uid for i in invitations]
    sessions = [draw(_session(n, first_day, days, uids)) for n in range(draw(st.integers(0, 10)))]
    venue = draw(
        st.none()
        | st.builds(
            VenueData,
            name=st.just("Venue"),
            city=st.just("City"),
            country=st.sampled_from(["GE", "IT", "AM", "az", ""]),
            timezone=st.just("UTC"),
            neutral_ground=st.booleans(),
            capacity=st.none() | st.integers(1, 8),
        )
    )
    team = st.builds(FacilitatorData, name=st.just("F"), community=_optional_community)
    return WorkshopData(
        uid="w",
        title="Workshop",
        start_date=first_day,
        end_date=first_day + timedelta(days=days - 1),
        timezone="UTC",
        confidentiality=draw(st.sampled_from(list(Confidentiality))),
        format=draw(st.sampled_from(list(WorkshopFormat))),
        women_target_percent=draw(st.none() | st.integers(0, 100)),
        parity_sides=draw(
            st.sampled_from(
                [
                    (Community.ARMENIAN, Community.AZERBAIJANI),
                    (Community.AZERBAIJANI, Community.ARMENIAN),
                    (Community.ARMENIAN, Community.AZERBAIJANI, Community.INTERNATIONAL),
                ]
            )
        ),
        venue=venue,
        target_segments=tuple(
            (key, key.capitalize())
            for key in draw(st.lists(st.sampled_from(SEGMENTS[:-1]), unique=True, max_size=3))
        ),
        owner=draw(st.none() | team),
        co_facilitators=tuple(draw(st.lists(team, max_size=2))),
        invitations=tuple(invitations),
        sessions=tuple(sessions),
        catalogue=tuple(draw(st.lists(st.sampled_from(TOPICS), unique=True, max_size=5))),
    )


_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(workshop=workshops())
def test_review_never_raises_and_references_only_existing_uids(workshop: WorkshopData):
    findings = review(workshop)
    session_uids = {s.uid for s in workshop.sessions}
    person_uids = {i.person.uid for i in workshop.invitations}
    rule_ids = {r.id for r in RULES}
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.rule_id in rule_ids
        assert isinstance(finding.severity, FindingSeverity)
        assert finding.title and finding.message and finding.why
        assert set(finding.session_uids) <= session_uids
        assert set(finding.person_uids) <= person_uids
        assert len(set(finding.session_uids)) == len(finding.session_uids)
        assert len(set(finding.person_uids)) == len(finding.person_uids)


@_SETTINGS
@given(workshop=workshops())
def test_review_is_sorted_complete_and_deterministic(workshop: WorkshopData):
    findings = review(workshop)
    keys = [(f.severity.rank, int(f.rule_id[1:])) for f in findings]
    assert keys == sorted(keys)
    expected = Counter(f for rule in RULES for f in rule.function(workshop))
    assert Counter(findings) == expected
    assert review(workshop) == findings


@_SETTINGS
@given(workshop=workshops())
def test_the_lists_counts_are_the_reviews_errors_and_warnings(workshop: WorkshopData):
    """The workshop list counts from the rules that can report errors or warnings alone;
    the counts are those of the whole review, and no rule reports a severity it says it
    cannot."""
    findings = review(workshop)
    severities = Counter(f.severity for f in findings)
    assert errors_and_warnings(workshop) == (
        severities[FindingSeverity.ERROR],
        severities[FindingSeverity.WARNING],
    )
    for each in RULES:
        assert {f.severity for f in each.function(workshop)} <= each.reports, each.id


def test_a_rule_that_reports_fewer_severities_builds_its_findings_itself():
    """What a rule says it reports is read from its own body: it names no other severity,
    and no function of its module that it calls builds a finding in its place."""
    import ast
    import inspect
    import re
    import textwrap

    narrowed = [each for each in RULES if each.reports != frozenset(FindingSeverity)]
    assert narrowed  # R10, R16 and R17 report suggestions only
    for each in narrowed:
        source = textwrap.dedent(inspect.getsource(each.function))
        named = set(re.findall(r"FindingSeverity\.(\w+)", source))
        assert named and named <= {s.name for s in each.reports}, each.id
        module = inspect.getmodule(each.function)
        called = {
            node.func.id
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        for name in called - {"Finding"}:
            helper = getattr(module, name, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                assert "Finding(" not in inspect.getsource(helper), (each.id, name)


_MIRROR = {
    Community.ARMENIAN: Community.AZERBAIJANI,
    Community.AZERBAIJANI: Community.ARMENIAN,
}


def _mirror(community: Community | None) -> Community | None:
    return _MIRROR.get(community, community) if community is not None else None


def _mirrored(workshop: WorkshopData) -> WorkshopData:
    """The same workshop with the two sides swapped everywhere."""

    def person(p: PersonData) -> PersonData:
        return dataclasses.replace(p, community=_mirror(p.community))

    return dataclasses.replace(
        workshop,
        parity_sides=tuple(_mirror(side) for side in workshop.parity_sides),
        invitations=tuple(
            dataclasses.replace(i, person=person(i.person)) for i in workshop.invitations
        ),
        sessions=tuple(
            dataclasses.replace(s, audience_community=_mirror(s.audience_community))
            for s in workshop.sessions
        ),
        owner=workshop.owner
        and dataclasses.replace(workshop.owner, community=_mirror(workshop.owner.community)),
        co_facilitators=tuple(
            dataclasses.replace(f, community=_mirror(f.community)) for f in workshop.co_facilitators
        ),
    )


@_SETTINGS
@given(workshop=workshops())
def test_review_treats_both_sides_alike(workshop: WorkshopData):
    def summary(w: WorkshopData) -> Counter[tuple[str, FindingSeverity]]:
        return Counter((f.rule_id, f.severity) for f in review(w))

    assert summary(_mirrored(workshop)) == summary(workshop)


@_SETTINGS
@given(workshop=workshops())
def test_joint_analysis_first_is_the_same_with_the_sides_swapped(workshop: WorkshopData):
    # R17 names sessions only: its findings must be identical, word for word.
    mirrored = _mirrored(workshop)
    assert rules.joint_analysis_first(mirrored) == rules.joint_analysis_first(workshop)


@_SETTINGS
@given(workshop=workshops())
def test_fairness_size_and_women_share_fire_alike_with_the_sides_swapped(workshop: WorkshopData):
    # R18-R20 (issue 21, items 6-8): the same findings, severities and people either way.
    from planner.readiness import inclusion

    mirrored = _mirrored(workshop)
    for rule_function in (
        inclusion.resource_fairness,
        inclusion.size_and_length,
        inclusion.women_share,
    ):
        ours, theirs = rule_function(workshop), rule_function(mirrored)
        assert Counter((f.severity, f.title, frozenset(f.person_uids)) for f in ours) == Counter(
            (f.severity, f.title, frozenset(f.person_uids)) for f in theirs
        )


@_SETTINGS
@given(workshop=workshops())
def test_youth_fires_alike_with_the_sides_swapped(workshop: WorkshopData):
    # R22 names the side without young people in its title: compare severities and people.
    from planner.readiness import inclusion

    ours = inclusion.youth_on_both_sides(workshop)
    theirs = inclusion.youth_on_both_sides(_mirrored(workshop))
    assert Counter((f.severity, frozenset(f.person_uids)) for f in ours) == Counter(
        (f.severity, frozenset(f.person_uids)) for f in theirs
    )

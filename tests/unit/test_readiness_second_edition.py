"""Issue 21, "Readiness review, second edition": each fix from a workshop that shows the defect.

1. Members who declined or withdrew no longer make a small group look mixed (R15 and the
   groups editor ask one function, ``planner.readiness.small_groups.one_sided_groups``).
2. R7 names the audience of a long day or a long stretch only when it is not everyone.
3. A farewell dinner on the last day may run past midnight, up to 03:00 the next morning.
5. The session formats that build trust are seed data (``seeds/session_formats.yaml``):
   an evening walk recorded as a site visit builds trust for R3.
9. R17 joint analysis first: sessions on concessions or limits before any joint analysis
   of the problem get a suggestion.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import session_formats
from planner.agenda import queries
from planner.agenda.timing import LATEST_END_AFTER_LAST_DAY, check_schedule
from planner.readiness import RULES, FindingSeverity, review, rule, rules
from planner.readiness.small_groups import expected_members, one_sided_groups
from planner.vocabulary import Audience, Community, InvitationStatus, Phase, SessionFormat, Severity
from planner.workshop_data import GroupData, InvitationData, TopicData
from tests.unit.test_agenda_timing import slot
from tests.unit.test_readiness_properties import _mirrored
from tests.unit.test_readiness_rules import (
    ARM,
    AZE,
    CATALOGUE,
    WAR,
    F,
    caucus,
    crowd,
    day,
    invite,
    only,
    prompt,
    ready_workshop,
    replace,
    session,
    with_sessions,
)

CONCESSIONS = TopicData(
    key="concessions",
    name="Painful concessions and expectations",
    severity=Severity.HIGH,  # as in seeds/topics.yaml
    keywords=("concessions", "compromise"),
)

# --------------------------------------------------------------------------- 1. R15 and who is expected


def _declined_azerbaijanis(status: InvitationStatus):
    """Two Armenians and two Azerbaijanis confirmed; group 1 holds the two Armenians and two
    Azerbaijanis who have since declined (or withdrawn), group 2 the confirmed Azerbaijanis."""
    armenians, azerbaijanis = crowd(2), crowd(0, 2)
    gone = (invite(AZE, status=status), invite(AZE, status=status))
    invitations = (*armenians, *azerbaijanis, *gone)
    groups = (
        GroupData(1, tuple(i.uid for i in (*armenians, *gone))),
        GroupData(2, tuple(i.uid for i in azerbaijanis)),
    )
    small_groups = session("14:00", 90, title="Small groups", fmt=F.SMALL_GROUPS, groups=groups)
    data = dataclasses.replace(ready_workshop(), invitations=invitations, sessions=(small_groups,))
    return data, armenians


@pytest.mark.parametrize("status", [InvitationStatus.DECLINED, InvitationStatus.WITHDREW])
def test_a_group_whose_only_azerbaijanis_declined_is_one_sided(status):
    data, armenians = _declined_azerbaijanis(status)
    findings = rules.mixed_groups(data)
    assert [f.message.split()[1] for f in findings] == ["1", "2"]
    first = findings[0]
    assert first.severity == FindingSeverity.ERROR
    # Only the people expected in the room are named and counted.
    assert first.person_uids == tuple(i.person.uid for i in armenians)
    assert "has 2 members and only Armenian ones" in first.message


@pytest.mark.parametrize("status", [InvitationStatus.DECLINED, InvitationStatus.WITHDREW])
def test_the_groups_editor_warns_about_the_same_groups(status):
    data, _ = _declined_azerbaijanis(status)
    groups = [list(g.invitation_uids) for g in data.sessions[0].groups]
    # The editor is given the confirmed participants the groups are made of (ORM records).
    records = [
        SimpleNamespace(
            uid=i.uid,
            role=i.role,
            status=i.status,
            person=SimpleNamespace(community=i.person.community, name=i.person.name),
        )
        for i in data.invitations
    ]
    coming = queries.confirmed_invitations(SimpleNamespace(invitations=records))
    editor = [w.number for w in queries.group_warnings(groups, coming)]
    review_numbers = [int(f.message.split()[1]) for f in rules.mixed_groups(data)]
    assert editor == review_numbers == [1, 2]


def test_one_sided_groups_counts_only_confirmed_participants():
    confirmed = invite(ARM)
    other = invite(ARM, status=InvitationStatus.ATTENDED)
    invited = InvitationData("i3", invite(AZE).person, status=InvitationStatus.INVITED)
    withdrew = InvitationData("i4", invite(AZE).person, status=InvitationStatus.WITHDREW)
    azerbaijani = invite(AZE)
    expected = expected_members([confirmed, other, invited, withdrew, azerbaijani])
    group_keys = [confirmed.uid, other.uid, "i3", "i4"]
    (group,) = one_sided_groups([(1, group_keys)], expected)
    assert group.member_keys == (confirmed.uid, other.uid)
    assert group.side == ARM


def test_nothing_is_one_sided_when_a_side_is_expected_only_through_declined_people():
    gone = InvitationData("i3", invite(AZE).person, status=InvitationStatus.DECLINED)
    people = [invite(ARM), invite(ARM)]
    keys = [people[0].uid, people[1].uid, "i3"]
    assert one_sided_groups([(1, keys)], expected_members([*people, gone])) == []


# --------------------------------------------------------------------------- 2. R7 names its audience


def _long_day_one_and_caucus_on_day_two():
    return (
        session("08:00", 120),
        session("10:30", 120),
        session("13:30", 120),
        session("16:00", 90),  # 08:00-17:30: 9.5 hours for everyone
        caucus(ARM, "10:00", 60, day_no=2),
    )


def test_a_long_day_without_caucus_does_not_name_one_side():
    findings = [
        f
        for f in rules.timing(with_sessions(*_long_day_one_and_caucus_on_day_two()))
        if f.title == "Working day too long"
    ]
    finding = only(findings)
    assert "participants" not in finding.message
    assert finding.message.startswith(f"The working sessions of {day(1):%d %b} span 9.5 hours")


def test_a_long_stretch_without_caucus_does_not_name_one_side():
    sessions = (session("09:00", 120), session("11:00", 90), caucus(ARM, "10:00", 60, day_no=2))
    finding = only([f for f in rules.timing(with_sessions(*sessions)) if "break" in f.title])
    assert "participants" not in finding.message
    assert finding.message.startswith("3.5 hours of sessions without a break")


def test_a_long_day_made_long_by_a_caucus_still_names_its_side():
    sessions = (*_long_day_one_and_caucus_on_day_two()[:3], caucus(AZE, "16:00", 90))
    finding = only([f for f in rules.timing(with_sessions(*sessions)) if "day" in f.title])
    assert "for Azerbaijani participants" in finding.message


# --------------------------------------------------------------------------- 3. past midnight


def _last_day_dinner(start: str, minutes: int):
    dinner = session(start, minutes, day_no=3, title="Farewell dinner", fmt=F.INFORMAL)
    return with_sessions(*ready_workshop().sessions, dinner)


def _outside(data) -> list:
    return [f for f in rules.timing(data) if f.title == "Session outside the workshop dates"]


def test_a_farewell_dinner_ending_after_midnight_on_the_last_day_is_not_an_error():
    data = _last_day_dinner("20:00", 270)  # 20:00-00:30
    assert _outside(data) == []
    assert [f for f in review(data) if f.severity == FindingSeverity.ERROR] == []


def test_a_session_may_end_at_three_in_the_morning_after_the_last_day():
    assert LATEST_END_AFTER_LAST_DAY.hour == 3
    assert _outside(_last_day_dinner("23:00", 240)) == []  # ends 03:00


def test_a_session_running_past_three_after_the_last_day_is_outside_the_dates():
    (finding,) = _outside(_last_day_dinner("23:00", 241))  # ends 03:01
    assert finding.severity == FindingSeverity.ERROR
    assert "ends after 03:00 the morning after the last day" in finding.message


def test_the_editor_check_agrees_past_midnight():
    first, last = day(1), day(3)
    assert check_schedule([slot("d", "22:00", 180, day=last)], first, last) == []
    (problem,) = check_schedule([slot("d", "22:00", 330, day=last)], first, last)
    assert problem.kind == "outside_dates"


def test_a_session_starting_the_morning_after_the_last_day_is_still_outside():
    (problem,) = check_schedule([slot("d", "00:30", 60, day=day(4))], day(1), day(3))
    assert "outside the workshop dates" in problem.message


# --------------------------------------------------------------------------- 5. formats that build trust

SEED = Path(__file__).resolve().parents[2] / "seeds" / "session_formats.yaml"


def test_every_session_format_says_whether_it_builds_trust():
    entries = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    assert sorted(e["format"] for e in entries) == sorted(f.value for f in SessionFormat)
    assert all(isinstance(e["builds_trust"], bool) for e in entries)
    assert (
        frozenset(SessionFormat(e["format"]) for e in entries if e["builds_trust"])
        == session_formats.TRUST_BUILDING_FORMATS
    )


def test_informal_sessions_and_site_visits_build_trust_plenaries_do_not():
    assert {F.INFORMAL, F.SITE_VISIT} <= session_formats.TRUST_BUILDING_FORMATS
    assert F.PLENARY not in session_formats.TRUST_BUILDING_FORMATS
    assert F.BREAK not in session_formats.TRUST_BUILDING_FORMATS


def test_a_format_missing_from_the_file_is_refused(tmp_path):
    path = tmp_path / "session_formats.yaml"
    path.write_text("- format: informal\n  builds_trust: true\n", encoding="utf-8")
    with pytest.raises(session_formats.SessionFormatsError, match="plenary"):
        session_formats.load_trust_building_formats(path)


def _walk_then_war(fmt: SessionFormat):
    walk = session("19:00", 90, title="Evening walk in the old town", fmt=fmt)
    hot = session("10:00", 90, day_no=2, title="Memories of the war", topics=(WAR,))
    return with_sessions(session("09:30", 60, title="Opening"), walk, hot), hot


def test_an_evening_walk_recorded_as_a_site_visit_builds_trust():
    data, _ = _walk_then_war(F.SITE_VISIT)
    assert rules.trust_first(data) == []


def test_a_plenary_before_a_sensitive_topic_does_not_build_trust():
    data, hot = _walk_then_war(F.PLENARY)
    finding = only(rules.trust_first(data))
    assert finding.session_uids == (hot.uid,)
    assert "no informal or trust-building session comes before it" in finding.message


# --------------------------------------------------------------------------- 9. R17 joint analysis first


def _analysis(start: str = "09:30", day_no: int = 2, **fields):
    return session(
        start,
        90,
        day_no=day_no,
        title="How each side sees the problem",
        prompts=(prompt(phase=Phase.PERCEPTIONS),),
        **fields,
    )


def _limits(start: str = "11:00", day_no: int = 1, **fields):
    return session(start, 90, day_no=day_no, title="What could be given up", **fields)


def _r17(*sessions):
    base = replace(ready_workshop(), catalogue=(*CATALOGUE, CONCESSIONS))
    return rules.joint_analysis_first(with_sessions(*sessions, base=base))


def test_r17_is_registered_as_a_suggestion_with_its_source():
    entry = rule("R17")
    assert entry.function is rules.joint_analysis_first
    assert RULES[16] is entry
    assert "Kelman" in (rules.joint_analysis_first.__doc__ or "")


def test_concessions_before_any_joint_analysis_are_a_suggestion():
    early = _limits(topics=(CONCESSIONS,))
    analysis = _analysis()
    finding = only(_r17(early, analysis))
    assert finding.rule_id == "R17"
    assert finding.severity == FindingSeverity.SUGGESTION
    assert finding.session_uids == (early.uid,)
    assert "How each side sees the problem" in finding.message
    assert "Kelman" in finding.why


def test_a_realism_prompt_before_any_joint_analysis_is_a_suggestion():
    early = _limits(prompts=(prompt(phase=Phase.REALISM),))
    assert only(_r17(early, _analysis())).session_uids == (early.uid,)


def test_every_constraint_session_before_the_analysis_is_named_and_later_ones_not():
    first = _limits("09:30", topics=(CONCESSIONS,))
    second = _limits("11:00", prompts=(prompt(phase=Phase.REALISM),))
    later = _limits("14:00", day_no=2, topics=(CONCESSIONS,))
    assert only(_r17(first, second, _analysis(), later)).session_uids == (first.uid, second.uid)


def test_joint_analysis_before_concessions_is_fine():
    assert _r17(_analysis("09:30", day_no=1), _limits("11:00", topics=(CONCESSIONS,))) == []


@pytest.mark.parametrize(("start", "fires"), [("09:29", True), ("09:30", False)])
def test_a_constraint_session_must_start_before_the_analysis_to_fire(start, fires):
    limits = _limits(start, day_no=2, topics=(CONCESSIONS,), position=1)
    assert bool(_r17(limits, _analysis("09:30"))) is fires


def test_concessions_without_any_joint_analysis_are_left_to_other_rules():
    assert _r17(_limits(topics=(CONCESSIONS,))) == []


def test_joint_analysis_without_concessions_is_silent():
    assert _r17(_analysis()) == []


def test_one_session_analysing_and_weighing_limits_is_not_out_of_order():
    both = _analysis(topics=(CONCESSIONS,))
    assert _r17(both) == []


@pytest.mark.parametrize(
    "audience_fields",
    [
        {"community": ARM},  # a caucus preparing each side is not the joint discussion
        {"community": AZE},
        {"audience": Audience.FACILITATORS},
    ],
)
def test_single_community_and_team_sessions_on_concessions_do_not_count(audience_fields):
    early = _limits(topics=(CONCESSIONS,), fmt=F.CAUCUS, **audience_fields)
    assert _r17(early, _analysis()) == []


@pytest.mark.parametrize("side", [ARM, AZE])
def test_single_community_analysis_does_not_count_as_joint(side):
    early = _limits(topics=(CONCESSIONS,))
    caucus_analysis = _analysis("09:00", day_no=1, community=side, fmt=F.CAUCUS)
    finding = only(_r17(early, caucus_analysis, _analysis()))
    assert finding.session_uids == (early.uid,)


def test_r17_is_the_same_with_the_communities_swapped():
    early = _limits(topics=(CONCESSIONS,))
    base = replace(ready_workshop(), catalogue=(*CATALOGUE, CONCESSIONS))
    data = with_sessions(early, _analysis(), caucus(ARM, day_no=1), base=base)
    assert rules.joint_analysis_first(_mirrored(data)) == rules.joint_analysis_first(data)


def test_the_ready_workshop_passes_r17():
    assert rules.joint_analysis_first(ready_workshop()) == []


@settings(max_examples=200, deadline=None)
@given(
    people=st.lists(
        st.tuples(st.sampled_from(list(Community)), st.sampled_from(list(InvitationStatus))),
        min_size=1,
        max_size=8,
    ),
    data=st.data(),
)
def test_review_and_editor_agree_whoever_declined(people, data):
    invitations = tuple(
        InvitationData(f"i{n}", invite(community).person, status=status)
        for n, (community, status) in enumerate(people)
    )
    keys = [i.uid for i in invitations]
    groups = data.draw(st.lists(st.lists(st.sampled_from(keys), max_size=4), max_size=4))
    small_groups = session(
        fmt=F.SMALL_GROUPS,
        groups=tuple(GroupData(n, tuple(g)) for n, g in enumerate(groups, start=1)),
    )
    workshop_data = dataclasses.replace(
        ready_workshop(), invitations=invitations, sessions=(small_groups,)
    )
    review_numbers = [int(f.message.split()[1]) for f in rules.mixed_groups(workshop_data)]
    records = [
        SimpleNamespace(
            uid=i.uid,
            role=i.role,
            status=i.status,
            person=SimpleNamespace(community=i.person.community, name=i.person.name),
        )
        for i in invitations
    ]
    coming = queries.confirmed_invitations(SimpleNamespace(invitations=records))
    assert [w.number for w in queries.group_warnings(groups, coming)] == review_numbers

"""Unit tests for the readiness rules R1-R17 (planner.readiness.rules) and the registry.

Every rule is tested against a fully ready workshop (no finding at all) and against
small variations of it that make the rule fire, plus the edge cases of PRODUCT §6:
no participants yet, a one-day workshop, only international participants, a caucus for
one side only, sessions across midnight and an empty agenda. Factories below build
``WorkshopData`` directly; no Flask, no database.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
import sys
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from planner.readiness import RULES, Finding, FindingSeverity, review, rule, rules
from planner.vocabulary import (
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
    PreparationData,
    PromptData,
    SessionData,
    TopicData,
    VenueData,
    WorkshopData,
)

#: Everyone in these workshops was prepared (R30, R31 are tested in tests/protection).
PREPARED = PreparationData(
    conversation_on=date(2027, 4, 1), conversation_by="The team", risk_assessed=True
)

ARM = Community.ARMENIAN
AZE = Community.AZERBAIJANI
INTL = Community.INTERNATIONAL
OTHER = Community.OTHER
F = SessionFormat

# --------------------------------------------------------------------------- factories

DAY1 = date(2024, 5, 13)
_ids = itertools.count(1)


def day(number: int) -> date:
    return DAY1 + timedelta(days=number - 1)


def uid(prefix: str) -> str:
    return f"{prefix}{next(_ids)}"


LACHIN = TopicData(
    key="lachin",
    name="Humanitarian access",
    severity=Severity.CRITICAL,
    keywords=("Lachin corridor", "Aghdam route", "starvation"),
)
STATUS = TopicData(
    key="status",
    name="Status of Nagorno-Karabakh",
    severity=Severity.CRITICAL,
    keywords=("Nagorno-Karabakh status", "status of Nagorno-Karabakh"),
)
WAR = TopicData(
    key="war2020",
    name="The 2020 war",
    severity=Severity.HIGH,
    keywords=("2020 war", "44-day war"),
)
ECHO = TopicData(
    key="echo",
    name="Echo chambers",
    severity=Severity.LOW,
    keywords=("echo chamber",),
)
MEDIATION = TopicData(
    key="mediation",
    name="Mediation and geopolitics",
    severity=Severity.MEDIUM,
    keywords=("Minsk Group", "mediator"),
)
CATALOGUE = (LACHIN, STATUS, WAR, ECHO, MEDIATION)


def person(
    community: Community = ARM,
    *,
    segment: str | None = "experts",
    languages: tuple[str, ...] = ("English",),
    consent: bool = True,
    name: str = "",
) -> PersonData:
    pid = uid("p")
    return PersonData(
        uid=pid,
        name=name or f"Person {pid}",
        community=community,
        segment_key=segment,
        segment_name=(segment or "").capitalize(),
        languages=languages,
        consent_to_list=consent,
    )


def invite(
    who: PersonData | Community = ARM,
    *,
    role: InvitationRole = InvitationRole.PARTICIPANT,
    status: InvitationStatus = InvitationStatus.CONFIRMED,
    **person_fields: object,
) -> InvitationData:
    p = who if isinstance(who, PersonData) else person(who, **person_fields)  # type: ignore[arg-type]
    return InvitationData(uid=uid("i"), person=p, role=role, status=status, preparation=PREPARED)


def crowd(
    armenian: int = 0, azerbaijani: int = 0, international: int = 0, **fields: object
) -> tuple[InvitationData, ...]:
    return tuple(
        invite(community, **fields)  # type: ignore[arg-type]
        for community, count in ((ARM, armenian), (AZE, azerbaijani), (INTL, international))
        for _ in range(count)
    )


def prompt(text: str = "What would you like to ask?", phase: Phase = Phase.PERCEPTIONS, **kw):
    return PromptData(key=uid("q"), text=text, phase=phase, **kw)


def session(
    start: str = "09:00",
    minutes: int = 60,
    *,
    day_no: int = 1,
    title: str = "Plenary discussion",
    fmt: SessionFormat = F.PLENARY,
    audience: Audience = Audience.EVERYONE,
    community: Community | None = None,
    topics: tuple[TopicData, ...] = (),
    prompts: tuple[PromptData, ...] = (),
    notes: str = "",
    description: str = "",
    groups: tuple[GroupData, ...] = (),
    position: int = 0,
) -> SessionData:
    if community is not None and audience == Audience.EVERYONE:
        audience = Audience.COMMUNITY
    hour, minute = (int(x) for x in start.split(":"))
    return SessionData(
        uid=uid("s"),
        day=day(day_no),
        start=time(hour, minute),
        duration_minutes=minutes,
        title=title,
        format=fmt,
        audience=audience,
        audience_community=community,
        description=description,
        facilitator_notes=notes,
        position=position,
        topics=topics,
        prompts=prompts,
        groups=groups,
    )


def caucus(side: Community, start: str = "16:00", minutes: int = 90, day_no: int = 1):
    return session(
        start, minutes, day_no=day_no, title=f"{side.label} caucus", fmt=F.CAUCUS, community=side
    )


def workshop(**fields: object) -> WorkshopData:
    base: dict[str, object] = {
        "uid": "w1",
        "title": "Dialogue workshop",
        "start_date": day(1),
        "end_date": day(3),
        "timezone": "Asia/Tbilisi",
        "owner": FacilitatorData("Lead facilitator", INTL),
        "catalogue": CATALOGUE,
    }
    base.update(fields)
    return WorkshopData(**base)  # type: ignore[arg-type]


def ready_workshop() -> WorkshopData:
    """A workshop that passes every rule: the baseline each test varies."""
    experts = crowd(3, 3, segment="experts", languages=("English", "Russian"))
    youth = crowd(2, 2, segment="youth", languages=("english",))
    invitations = experts + youth
    mixed = (
        GroupData(1, tuple(i.uid for i in invitations[0::2])),
        GroupData(2, tuple(i.uid for i in invitations[1::2])),
    )
    sessions = (
        session(
            "09:30",
            60,
            title="Opening",
            fmt=F.OPENING,
            description="Welcome, introductions, ground rules and the Chatham House Rule.",
        ),
        session("10:30", 30, title="Coffee", fmt=F.BREAK),
        session(
            "11:00",
            90,
            title="How we see each other",
            topics=(ECHO,),
            description="Perceptions and the echo chamber.",
            prompts=(prompt(),),
        ),
        session("12:30", 90, title="Lunch together", fmt=F.INFORMAL),
        session("14:00", 90, title="Expectations", fmt=F.SMALL_GROUPS, groups=mixed),
        caucus(ARM),
        caucus(AZE),
        session("19:00", 120, title="Dinner", fmt=F.INFORMAL),
        session(
            "09:30",
            90,
            day_no=2,
            title="Humanitarian needs",
            description="Access to supplies through the Lachin corridor.",
            topics=(LACHIN,),
            prompts=(prompt(phase=Phase.HUMANITARIAN),),
            notes="Keep the humanitarian apart from the political.",
        ),
        session("11:00", 30, day_no=2, title="Coffee", fmt=F.BREAK),
        session(
            "11:30",
            90,
            day_no=2,
            title="Memories of loss",
            topics=(WAR,),
            prompts=(prompt(),),
            description="Personal experience of the 2020 war.",
        ),
        session("13:00", 60, day_no=2, title="Lunch", fmt=F.INFORMAL),
        session(
            "14:00",
            90,
            day_no=2,
            title="Next steps",
            prompts=(prompt(phase=Phase.LOOKING_FORWARD),),
        ),
        session("09:30", 90, day_no=3, title="Closing reflection", fmt=F.CLOSING),
    )
    return workshop(
        venue=VenueData("Hotel Tbilisi", "Tbilisi", "GE", "Asia/Tbilisi", capacity=30),
        target_segments=(("experts", "Experts"), ("youth", "Youth")),
        invitations=invitations,
        sessions=sessions,
        # Ten participants: a roundtable's size (R19), not a problem-solving workshop's.
        format=WorkshopFormat.ROUNDTABLE,
    )


def replace(w: WorkshopData, **fields: object) -> WorkshopData:
    return dataclasses.replace(w, **fields)  # type: ignore[arg-type]


def with_sessions(*sessions: SessionData, base: WorkshopData | None = None) -> WorkshopData:
    return replace(base or ready_workshop(), sessions=sessions)


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def by_title(w: WorkshopData, title: str) -> SessionData:
    return next(s for s in w.sessions if s.title == title)


# --------------------------------------------------------------------------- baseline


@pytest.mark.parametrize("each", RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_ready_workshop_passes_every_rule(each):
    assert each.function(ready_workshop()) == []


def test_review_of_ready_workshop_is_empty():
    assert review(ready_workshop()) == []


# --------------------------------------------------------------------------- R1 parity


def test_parity_balanced_sides_is_silent():
    assert rules.parity(workshop(invitations=crowd(5, 5))) == []


def test_parity_no_participants_yet_is_silent():
    assert rules.parity(workshop()) == []


def test_parity_ignores_invited_declined_and_other_roles():
    invitations = (
        *crowd(3, 3),
        invite(ARM, status=InvitationStatus.INVITED),
        invite(ARM, status=InvitationStatus.DECLINED),
        invite(ARM, status=InvitationStatus.WITHDREW),
        invite(ARM, role=InvitationRole.OBSERVER),
        invite(ARM, role=InvitationRole.RESOURCE_PERSON),
    )
    assert rules.parity(workshop(invitations=invitations)) == []


def test_parity_counts_attended():
    invitations = (*crowd(2, 2), *crowd(2, status=InvitationStatus.ATTENDED))
    finding = only(rules.parity(workshop(invitations=invitations)))
    assert finding.severity == FindingSeverity.WARNING
    assert "4 Armenian and 2 Azerbaijani confirmed participants" in finding.message


def test_parity_imbalance_is_warning_naming_counts():
    finding = only(rules.parity(workshop(invitations=crowd(4, 1))))
    assert finding.rule_id == "R1"
    assert finding.severity == FindingSeverity.WARNING
    assert "4 Armenian and 1 Azerbaijani confirmed participants" in finding.message
    assert "3 more Armenian" in finding.message


@pytest.mark.parametrize(
    ("armenian", "azerbaijani", "international", "fires"),
    [
        (3, 2, 0, False),  # difference 1 is always tolerated
        (2, 3, 0, False),
        (3, 1, 0, True),  # difference 2 > max(1, 0.4)
        (12, 10, 0, False),  # 2 <= 2.2
        (13, 10, 0, True),  # 3 > 2.3
        (10, 13, 0, True),
        (6, 4, 15, False),  # internationals count in the total: 2 <= 2.5
        (6, 4, 0, True),  # 2 > 1
    ],
)
def test_parity_threshold(armenian, azerbaijani, international, fires):
    findings = rules.parity(workshop(invitations=crowd(armenian, azerbaijani, international)))
    assert bool(findings) is fires


@pytest.mark.parametrize(("armenian", "azerbaijani", "missing"), [(3, 0, AZE), (0, 1, ARM)])
def test_parity_one_side_absent_is_error(armenian, azerbaijani, missing):
    finding = only(rules.parity(workshop(invitations=crowd(armenian, azerbaijani, 2))))
    assert finding.severity == FindingSeverity.ERROR
    assert missing.label in finding.title
    assert f"{armenian} Armenian and {azerbaijani} Azerbaijani" in finding.message


def test_parity_only_international_participants_is_error():
    finding = only(rules.parity(workshop(invitations=crowd(international=3))))
    assert finding.severity == FindingSeverity.ERROR
    assert finding.title == "Neither side has confirmed participants"
    assert "0 Armenian and 0 Azerbaijani" in finding.message


def test_parity_other_community_counts_in_total_but_not_a_side():
    invitations = (*crowd(1, 1), invite(OTHER))
    assert rules.parity(workshop(invitations=invitations)) == []


# --------------------------------------------------------------------------- R2 segment mirror


def test_segment_mirror_one_sided_target_segment_warns_with_people():
    journalists = crowd(2, segment="journalists")
    w = workshop(
        target_segments=(("journalists", "Journalists"), ("experts", "Experts")),
        invitations=(*crowd(1, 1, segment="experts"), *journalists),
    )
    finding = only(rules.segment_mirror(w))
    assert finding.severity == FindingSeverity.WARNING
    assert finding.message == "Journalists: 2 Armenian and no Azerbaijani confirmed participants."
    assert finding.person_uids == tuple(i.person.uid for i in journalists)


def test_segment_mirror_only_judges_target_segments():
    w = workshop(
        target_segments=(("experts", "Experts"),),
        invitations=(*crowd(1, 1, segment="experts"), *crowd(0, 2, segment="business")),
    )
    assert rules.segment_mirror(w) == []


@pytest.mark.parametrize(
    "invitations",
    [
        (),  # nobody yet
        crowd(international=2, segment="youth"),  # neither side
        crowd(1, 1, segment="youth"),  # both sides
        (invite(ARM, segment="youth", status=InvitationStatus.INVITED), *crowd(0, 1)),
    ],
)
def test_segment_mirror_silent_cases(invitations):
    w = workshop(target_segments=(("youth", "Youth"),), invitations=invitations)
    assert rules.segment_mirror(w) == []


def test_segment_mirror_uses_key_when_name_missing():
    w = workshop(target_segments=(("youth", ""),), invitations=crowd(0, 1, segment="youth"))
    assert only(rules.segment_mirror(w)).message.startswith("youth: 1 Azerbaijani and no Armenian")


# --------------------------------------------------------------------------- R3 trust first


def test_trust_first_critical_topic_at_opening_warns():
    opening = session("09:00", 60, title="Opening", topics=(STATUS,))
    w = with_sessions(opening, session("12:00", 60, title="Lunch", fmt=F.INFORMAL))
    finding = only(rules.trust_first(w))
    assert finding.severity == FindingSeverity.WARNING
    assert finding.session_uids == (opening.uid,)
    assert "Status of Nagorno-Karabakh" in finding.message
    assert "first trust-building session" in finding.message
    assert "first half-day" in finding.message


def test_trust_first_no_informal_session_anywhere_warns():
    late = session("10:00", 60, day_no=2, topics=(WAR,))
    w = with_sessions(session("09:00", 60, title="Opening"), late)
    finding = only(rules.trust_first(w))
    assert "no informal or trust-building session comes before it" in finding.message
    assert "half-day" not in finding.message


def test_trust_first_after_informal_but_in_first_half_day_warns():
    w = with_sessions(
        session("09:00", 60, title="Opening"),
        session("10:00", 30, title="Walk", fmt=F.INFORMAL),
        hot := session("11:00", 60, topics=(WAR,)),
    )
    finding = only(rules.trust_first(w))
    assert finding.session_uids == (hot.uid,)
    assert "it falls in the first half-day" in finding.message
    assert "trust-building session" not in finding.message


def test_trust_first_half_day_is_four_hours_from_first_participant_session():
    w = with_sessions(
        session("05:00", 60, title="Team prep", audience=Audience.FACILITATORS),
        session("09:30", 60, title="Opening"),
        session("10:30", 60, title="Walk", fmt=F.INFORMAL),
        session("13:29", 30, topics=(WAR,)),
        session("13:30", 30, topics=(WAR,)),
    )
    finding = only(rules.trust_first(w))
    assert by_title(w, "Walk").uid not in finding.session_uids
    assert w.sessions[3].uid in finding.session_uids


@pytest.mark.parametrize("topic", [ECHO, MEDIATION])
def test_trust_first_ignores_low_and_medium_topics(topic):
    w = with_sessions(session("09:00", 60, topics=(topic,)))
    assert rules.trust_first(w) == []


def test_trust_first_single_community_sessions_neither_build_trust_nor_fire():
    early_caucus = dataclasses.replace(caucus(AZE, "09:00", 60), topics=(LACHIN,))
    hot = session("10:00", 60, day_no=2, topics=(LACHIN,))
    w = with_sessions(
        session("09:00", 60, title="Opening"),
        session("10:00", 60, title="Armenian lunch", fmt=F.INFORMAL, community=ARM),
        early_caucus,
        hot,
    )
    finding = only(rules.trust_first(w))
    assert finding.session_uids == (hot.uid,)
    assert "no informal or trust-building session" in finding.message


def test_trust_first_informal_dinner_across_midnight():
    dinner = session("22:00", 180, title="Late dinner", fmt=F.INFORMAL)  # ends 01:00 on day 2
    during = session("00:30", 30, day_no=2, title="Night talk", topics=(WAR,))
    after = session("01:00", 30, day_no=2, title="Later talk", topics=(WAR,))
    w = with_sessions(session("09:00", 60, title="Opening"), dinner, during, after)
    finding = only(rules.trust_first(w))
    assert finding.session_uids == (during.uid,)


def test_trust_first_empty_agenda_and_facilitator_only_sessions_are_silent():
    assert rules.trust_first(with_sessions()) == []
    w = with_sessions(session("09:00", 60, audience=Audience.FACILITATORS, topics=(LACHIN,)))
    assert rules.trust_first(w) == []


# --------------------------------------------------------------------------- R4 pre-brief


def _critical_on_day_2() -> SessionData:
    return session("10:00", 90, day_no=2, title="Access", topics=(LACHIN, ECHO))


def test_pre_brief_no_caucus_names_both_sides():
    hot = _critical_on_day_2()
    finding = only(rules.pre_brief(with_sessions(hot)))
    assert finding.severity == FindingSeverity.WARNING
    assert finding.session_uids == (hot.uid,)
    assert "no Armenian and Azerbaijani caucus before it" in finding.message
    assert "Humanitarian access" in finding.message
    assert "Echo chambers" not in finding.message


@pytest.mark.parametrize(("present", "missing"), [(ARM, AZE), (AZE, ARM)])
def test_pre_brief_caucus_for_one_side_only_names_the_other(present, missing):
    finding = only(rules.pre_brief(with_sessions(caucus(present), _critical_on_day_2())))
    assert f"no {missing.label} caucus" in finding.message
    assert present.label not in finding.message.split("with")[-1]


def test_pre_brief_caucus_after_the_session_does_not_count():
    w = with_sessions(
        caucus(ARM, "16:00", day_no=2), caucus(AZE, "16:00", day_no=2), _critical_on_day_2()
    )
    assert len(rules.pre_brief(w)) == 1


def test_pre_brief_caucus_ending_exactly_at_start_counts():
    w = with_sessions(
        caucus(ARM, "09:00", 60, 2), caucus(AZE, "09:00", 60, 2), _critical_on_day_2()
    )
    assert rules.pre_brief(w) == []


def test_pre_brief_overlapping_caucus_does_not_count():
    w = with_sessions(
        caucus(ARM, "09:30", 60, 2), caucus(AZE, "09:00", 60, 2), _critical_on_day_2()
    )
    assert "no Armenian caucus" in only(rules.pre_brief(w)).message


def test_pre_brief_requires_caucus_format_and_community_audience():
    not_caucus = session("09:00", 30, fmt=F.PLENARY, community=ARM)
    everyone_caucus = session("09:00", 30, fmt=F.CAUCUS)
    w = with_sessions(not_caucus, everyone_caucus, caucus(AZE), _critical_on_day_2())
    assert "no Armenian caucus" in only(rules.pre_brief(w)).message


def test_pre_brief_ignores_high_topics_and_single_community_sessions():
    w = with_sessions(
        session("10:00", 60, day_no=2, topics=(WAR,)),
        session("12:00", 60, day_no=2, community=ARM, fmt=F.CAUCUS, topics=(LACHIN,)),
    )
    assert rules.pre_brief(w) == []


# --------------------------------------------------------------------------- R5 press


def _press(confidentiality: Confidentiality, *extra: InvitationData, hot: bool = True):
    base = ready_workshop()
    return replace(
        base,
        confidentiality=confidentiality,
        invitations=(*base.invitations, *extra),
        sessions=base.sessions if hot else tuple(s for s in base.sessions if not s.topics),
    )


def test_press_on_the_record_with_critical_topic_is_error():
    journalist = invite(AZE, segment="journalists")
    w = _press(Confidentiality.ON_THE_RECORD, journalist)
    finding = only(rules.press(w))
    assert finding.severity == FindingSeverity.ERROR
    assert finding.person_uids == (journalist.person.uid,)
    assert finding.session_uids == (by_title(w, "Humanitarian needs").uid,)


def test_press_on_the_record_without_critical_topic_is_silent():
    w = _press(Confidentiality.ON_THE_RECORD, invite(ARM, segment="journalists"), hot=False)
    assert rules.press(w) == []


def test_press_chatham_house_is_a_reminder():
    w = _press(Confidentiality.CHATHAM_HOUSE, *crowd(1, 1, segment="journalists"))
    finding = only(rules.press(w))
    assert finding.severity == FindingSeverity.INFORMATION
    assert "2 journalists" in finding.message
    assert len(finding.person_uids) == 2


def test_press_off_the_record_is_silent():
    assert rules.press(_press(Confidentiality.OFF_THE_RECORD, invite(segment="journalists"))) == []


@pytest.mark.parametrize(
    ("role", "status", "fires"),
    [
        (InvitationRole.OBSERVER, InvitationStatus.CONFIRMED, True),
        (InvitationRole.PARTICIPANT, InvitationStatus.ATTENDED, True),
        (InvitationRole.PARTICIPANT, InvitationStatus.DECLINED, False),
        (InvitationRole.PARTICIPANT, InvitationStatus.INVITED, False),
    ],
)
def test_press_counts_journalists_who_are_coming(role, status, fires):
    journalist = invite(INTL, segment="journalists", role=role, status=status)
    assert bool(rules.press(_press(Confidentiality.ON_THE_RECORD, journalist))) is fires


# --------------------------------------------------------------------------- R6 closing


def test_closing_missing_warns():
    base = ready_workshop()
    w = replace(base, sessions=tuple(s for s in base.sessions if s.format != F.CLOSING))
    finding = only(rules.closing(w))
    assert finding.severity == FindingSeverity.WARNING
    assert finding.message == "No session on the agenda is a closing or reflection session."


def test_closing_empty_agenda_warns():
    assert "no sessions yet" in only(rules.closing(with_sessions())).message


# --------------------------------------------------------------------------- R7 timing


def _overlaps(*sessions: SessionData) -> list[Finding]:
    return [f for f in rules.timing(with_sessions(*sessions)) if f.title == "Sessions overlap"]


@pytest.mark.parametrize(
    ("first", "second", "clash"),
    [
        ({}, {}, True),
        ({}, {"community": ARM}, True),
        ({"community": ARM}, {"community": ARM}, True),
        ({"community": ARM}, {"community": AZE}, False),
        ({"audience": Audience.FACILITATORS}, {}, True),
        ({"audience": Audience.FACILITATORS}, {"audience": Audience.FACILITATORS}, True),
        # Facilitators attend every caucus (the agenda editor's rule too).
        ({"audience": Audience.FACILITATORS}, {"community": AZE}, True),
    ],
)
def test_timing_overlap_depends_on_audience(first, second, clash):
    a = session("10:00", 60, title="A", **first)
    b = session("10:30", 60, title="B", **second)
    findings = _overlaps(a, b)
    assert bool(findings) is clash
    if clash:
        assert only(findings).severity == FindingSeverity.ERROR
        assert findings[0].session_uids == (a.uid, b.uid)


def test_timing_leaves_out_sessions_the_database_cannot_hold():
    # A one-community session naming no community: the editor never has one to check.
    nameless = session("10:00", 60, title="A", audience=Audience.COMMUNITY)
    assert _overlaps(nameless, session("10:30", 60, title="B")) == []


def test_timing_names_the_sessions_as_the_agenda_editor_does():
    finding = only(_overlaps(session("10:00", 60, title="A"), session("10:30", 60, title="B")))
    assert finding.message == (
        "“A” (10:00–11:00) overlaps “B” (10:30–11:30) on 13 May for the same audience."
    )


def test_timing_back_to_back_sessions_do_not_overlap():
    assert _overlaps(session("10:00", 60), session("11:00", 60)) == []


def test_timing_every_overlapping_pair_is_reported():
    assert len(_overlaps(session("10:00", 60), session("10:15", 60), session("10:30", 60))) == 3


def test_timing_overlap_across_midnight():
    late = session("23:00", 120, title="Late")
    early = session("00:30", 30, day_no=2, title="Early")
    assert only(_overlaps(late, early)).session_uids == (late.uid, early.uid)


def _outside(w: WorkshopData) -> list[Finding]:
    return [f for f in rules.timing(w) if f.title == "Session outside the workshop dates"]


@pytest.mark.parametrize(
    ("day_no", "start", "minutes", "fires"),
    [
        (0, "10:00", 60, True),  # day before the start
        (4, "10:00", 60, True),  # day after the end
        (3, "23:00", 60, False),  # ends exactly at midnight
        (3, "23:00", 90, False),  # the last evening may run past midnight
        (3, "23:00", 241, True),  # runs past 03:00 after the last day
        (1, "23:30", 120, False),  # crosses midnight inside the workshop
    ],
)
def test_timing_sessions_outside_dates(day_no, start, minutes, fires):
    s = session(start, minutes, day_no=day_no)
    findings = _outside(with_sessions(s))
    assert bool(findings) is fires
    if fires:
        assert only(findings).severity == FindingSeverity.ERROR
        assert findings[0].session_uids == (s.uid,)


def test_timing_one_day_workshop():
    one_day = replace(ready_workshop(), end_date=day(1))
    w = with_sessions(session("10:00", 60), session("10:00", 60, day_no=2), base=one_day)
    assert only(_outside(w)).session_uids == (w.sessions[1].uid,)


def _long_days(*sessions: SessionData) -> list[Finding]:
    return [f for f in rules.timing(with_sessions(*sessions)) if f.title == "Working day too long"]


def _broken_day(last_end_minutes: int) -> tuple[SessionData, ...]:
    return (
        session("08:00", 120),
        session("10:00", 30, fmt=F.BREAK),
        session("10:30", 120),
        session("12:30", 60, fmt=F.INFORMAL),
        session("13:30", 120),
        session("15:30", 30, fmt=F.BREAK),
        session("16:00", last_end_minutes),
    )


def test_timing_day_over_nine_hours_warns():
    findings = _long_days(*_broken_day(90))  # 08:00-17:30
    finding = only(findings)
    assert finding.severity == FindingSeverity.WARNING
    assert "9.5 hours" in finding.message
    assert "from 08:00 to 17:30" in finding.message


def test_timing_day_of_exactly_nine_hours_is_fine():
    assert _long_days(*_broken_day(60)) == []


def test_timing_evening_dinner_and_facilitator_meetings_do_not_lengthen_the_day():
    assert (
        _long_days(
            session("07:00", 60, audience=Audience.FACILITATORS),
            session("09:00", 120),
            session("11:15", 120),
            session("14:00", 180),
            session("19:00", 180, fmt=F.INFORMAL),
        )
        == []
    )


def test_timing_long_day_for_one_side_only_says_so():
    findings = _long_days(
        session("08:00", 120),
        session("10:30", 120),
        session("13:30", 120),
        caucus(ARM, "16:00", 90),
    )
    assert "for Armenian participants" in only(findings).message


def _stretches(*sessions: SessionData) -> list[Finding]:
    return [
        f for f in rules.timing(with_sessions(*sessions)) if f.title == "No break for over 3 hours"
    ]


def test_timing_more_than_three_hours_without_break_warns():
    a, b = session("09:00", 90), session("10:30", 105)
    finding = only(_stretches(a, b))
    assert finding.severity == FindingSeverity.WARNING
    assert finding.session_uids == (a.uid, b.uid)
    assert "3.2 hours" in finding.message


def test_timing_single_long_session_warns():
    assert len(_stretches(session("09:00", 200))) == 1


def test_timing_exactly_three_hours_is_fine():
    assert _stretches(session("09:00", 90), session("10:30", 90)) == []


@pytest.mark.parametrize(("gap", "fires"), [(10, True), (14, True), (15, False), (30, False)])
def test_timing_gaps_of_fifteen_minutes_are_breaks(gap, fires):
    second = f"{10 + (30 + gap) // 60}:{(30 + gap) % 60:02d}"
    assert bool(_stretches(session("09:00", 90), session(second, 120))) is fires


@pytest.mark.parametrize("fmt", [F.BREAK, F.INFORMAL])
def test_timing_short_break_session_breaks_a_stretch(fmt):
    sessions = (session("09:00", 100), session("10:40", 10, fmt=fmt), session("10:50", 100))
    assert _stretches(*sessions) == []


def test_timing_stretch_is_judged_per_side():
    # Plenary then one caucus per side: each side sits through 3 h only.
    assert (
        _stretches(session("09:00", 120), caucus(ARM, "11:00", 60), caucus(AZE, "11:00", 60)) == []
    )
    longer = caucus(ARM, "11:00", 90)
    finding = only(_stretches(session("09:00", 120), longer, caucus(AZE, "11:00", 60)))
    assert longer.uid in finding.session_uids
    assert "for Armenian participants" in finding.message


def test_timing_parallel_sessions_for_one_side_then_other_are_not_added_up():
    w = (session("09:00", 120), caucus(ARM, "11:00", 60), caucus(AZE, "12:00", 60))
    assert _stretches(*w) == []


def test_timing_stretch_across_midnight():
    finding = only(_stretches(session("22:00", 120), session("00:00", 90, day_no=2)))
    assert len(finding.session_uids) == 2


def test_timing_empty_agenda_is_silent():
    assert rules.timing(with_sessions()) == []


# --------------------------------------------------------------------------- R8 venue


def _venue(**fields: object) -> VenueData:
    base: dict[str, object] = {
        "name": "Hall",
        "city": "Venice",
        "country": "IT",
        "timezone": "Europe/Rome",
        "capacity": 4,
    }
    base.update(fields)
    return VenueData(**base)  # type: ignore[arg-type]


def test_venue_over_capacity_counts_everyone_coming():
    invitations = (
        *crowd(2, 2),
        invite(INTL, role=InvitationRole.INTERPRETER),
        invite(INTL, role=InvitationRole.OBSERVER, status=InvitationStatus.DECLINED),
        invite(INTL, status=InvitationStatus.INVITED),
    )
    finding = only(rules.venue(workshop(venue=_venue(), invitations=invitations)))
    assert finding.severity == FindingSeverity.ERROR
    assert finding.message == "5 people are confirmed, but Hall holds 4."


def test_venue_at_capacity_or_without_capacity_is_fine():
    assert rules.venue(workshop(venue=_venue(), invitations=crowd(2, 2))) == []
    assert rules.venue(workshop(venue=_venue(capacity=None), invitations=crowd(9, 9))) == []


def test_venue_same_person_invited_twice_counts_once():
    p = person(ARM)
    invitations = (*crowd(2, 1), invite(p), invite(p, role=InvitationRole.RESOURCE_PERSON))
    assert rules.venue(workshop(venue=_venue(), invitations=invitations)) == []


@pytest.mark.parametrize(("country", "name"), [("AM", "Armenia"), ("az", "Azerbaijan")])
def test_venue_in_a_side_country_is_suggestion(country, name):
    finding = only(rules.venue(workshop(venue=_venue(country=country))))
    assert finding.severity == FindingSeverity.SUGGESTION
    assert f"is in {name}" in finding.message


def test_venue_not_neutral_ground_is_suggestion():
    finding = only(rules.venue(workshop(venue=_venue(neutral_ground=False))))
    assert "not marked as neutral ground" in finding.message


def test_venue_missing_is_silent():
    assert rules.venue(workshop(invitations=crowd(50, 50))) == []


# --------------------------------------------------------------------------- R9 preparation


@pytest.mark.parametrize(
    ("prompts", "notes", "missing"),
    [
        ((), "Notes", ["no discussion prompt"]),
        ((prompt(),), "   ", ["no facilitator notes"]),
        ((), "", ["no discussion prompt", "no facilitator notes"]),
    ],
)
def test_preparation_missing_prompts_or_notes_warns(prompts, notes, missing):
    hot = session("10:00", day_no=2, topics=(LACHIN,), prompts=prompts, notes=notes)
    finding = only(rules.preparation(with_sessions(hot)))
    assert finding.severity == FindingSeverity.WARNING
    assert finding.session_uids == (hot.uid,)
    assert finding.message.endswith(" and ".join(missing) + ".")


def test_preparation_only_for_critical_participant_sessions():
    w = with_sessions(
        session("10:00", topics=(WAR,)),
        session("12:00", topics=(LACHIN,), audience=Audience.FACILITATORS),
    )
    assert rules.preparation(w) == []


# --------------------------------------------------------------------------- R10 detection


def test_detection_title_mentions_unflagged_topic():
    s = session(title="Supplies via the Aghdam route")
    finding = only(rules.detection(with_sessions(s)))
    assert finding.severity == FindingSeverity.SUGGESTION
    assert finding.session_uids == (s.uid,)
    assert "Humanitarian access" in finding.title
    assert "mentions “Aghdam route”" in finding.message


def test_detection_flagged_topic_is_silent():
    s = session(title="Supplies via the Aghdam route", topics=(LACHIN,))
    assert rules.detection(with_sessions(s)) == []


def test_detection_description_and_prompt_text():
    s = session(
        description="Memories of the 44-day war.",
        prompts=(prompt("Which role should the OSCE Minsk Group play?"),),
    )
    findings = rules.detection(with_sessions(s))
    assert [f.title for f in findings] == [
        "Flag “The 2020 war”?",
        "Flag “Mediation and geopolitics”?",
    ]
    assert "prompt 1 mentions “Minsk Group”" in findings[1].message


def test_detection_prompt_linked_to_topic():
    s = session(prompts=(prompt(), prompt(topic_keys=("status", "unknown-topic"))))
    finding = only(rules.detection(with_sessions(s)))
    assert "prompt 2 is linked to it" in finding.message


def test_detection_ignores_facilitator_notes_and_topics_outside_catalogue():
    s = session(notes="Beware of the Lachin corridor", title="Talk about the corridor")
    assert rules.detection(with_sessions(s)) == []
    unknown = TopicData("x", "X", Severity.LOW, keywords=("talk",))
    assert rules.detection(with_sessions(session(title="Talk", topics=(unknown,)))) == []


def test_detection_empty_catalogue_is_silent():
    w = replace(with_sessions(session(title="Lachin corridor")), catalogue=())
    assert rules.detection(w) == []


# --------------------------------------------------------------------------- R11 language


def test_language_no_shared_language_and_no_interpreter_warns():
    invitations = (
        *crowd(2, languages=("Armenian", "English")),
        *crowd(0, 2, languages=("Azerbaijani", "Russian")),
        invite(INTL, languages=("english",)),
    )
    finding = only(rules.language(workshop(invitations=invitations)))
    assert finding.severity == FindingSeverity.WARNING
    assert "all 5 confirmed participants" in finding.message
    assert "the most shared, English, by 3" in finding.message
    assert len(finding.person_uids) == 5


@pytest.mark.parametrize(
    ("status", "fires"),
    [
        (InvitationStatus.INVITED, False),
        (InvitationStatus.CONFIRMED, False),
        (InvitationStatus.ATTENDED, False),
        (InvitationStatus.DECLINED, True),
        (InvitationStatus.WITHDREW, True),
    ],
)
def test_language_interpreter_invited(status, fires):
    invitations = (
        *crowd(1, languages=("Armenian",)),
        *crowd(0, 1, languages=("Azerbaijani",)),
        invite(INTL, role=InvitationRole.INTERPRETER, status=status),
    )
    assert bool(rules.language(workshop(invitations=invitations))) is fires


def test_language_ignores_people_without_languages_and_case():
    invitations = (
        *crowd(1, languages=(" English",)),
        *crowd(0, 1, languages=("ENGLISH", "Azerbaijani")),
        *crowd(1, 1, languages=()),
    )
    assert rules.language(workshop(invitations=invitations)) == []


def test_language_fewer_than_two_speakers_is_silent():
    assert rules.language(workshop()) == []
    assert rules.language(workshop(invitations=crowd(1, 1, languages=()))) == []
    assert rules.language(workshop(invitations=(*crowd(1), *crowd(0, 1, languages=())))) == []


# --------------------------------------------------------------------------- R12 consent


def test_consent_lists_people_left_out():
    shy = crowd(1, 1, consent=False)
    invitations = (*crowd(2, 2), *shy, invite(ARM, role=InvitationRole.OBSERVER, consent=False))
    finding = only(rules.consent(workshop(invitations=invitations)))
    assert finding.severity == FindingSeverity.INFORMATION
    assert "will leave out 2 people" in finding.message
    assert finding.person_uids == tuple(i.person.uid for i in shy)


def test_consent_everyone_consented_is_silent():
    assert rules.consent(workshop(invitations=crowd(2, 2))) == []


def test_consent_off_the_record_lists_no_names():
    w = workshop(
        invitations=crowd(2, 2, consent=False), confidentiality=Confidentiality.OFF_THE_RECORD
    )
    finding = only(rules.consent(w))
    assert finding.severity == FindingSeverity.INFORMATION
    assert "no participants' names at all" in finding.message
    assert finding.person_uids == ()


def test_consent_no_participants_is_silent():
    assert rules.consent(workshop(confidentiality=Confidentiality.OFF_THE_RECORD)) == []


# --------------------------------------------------------------------------- R13 ground rules


@pytest.mark.parametrize(
    ("title", "description", "missing"),
    [
        ("Opening", "Welcome and introductions.", "ground rules or the confidentiality rule"),
        ("Opening", "Ground rules for the days ahead.", "the confidentiality rule"),
        ("Opening", "We work under the Chatham House Rule.", "ground rules"),
    ],
)
def test_ground_rules_missing_warns(title, description, missing):
    opening = session("09:30", title=title, fmt=F.OPENING, description=description)
    finding = only(rules.ground_rules(with_sessions(opening)))
    assert finding.severity == FindingSeverity.WARNING
    assert finding.session_uids == (opening.uid,)
    assert f"does not mention {missing}" in finding.message


@pytest.mark.parametrize(
    "rule, text",
    [
        (Confidentiality.CHATHAM_HOUSE, "Ground-rules and the Chatham House Rule"),
        (Confidentiality.OFF_THE_RECORD, "GROUND RULE: everything is off the record"),
        (Confidentiality.OFF_THE_RECORD, "Our ground rules; all of it off-the-record."),
        (Confidentiality.ON_THE_RECORD, "Ground rules: on-the-record"),
    ],
)
def test_ground_rules_accepted_wordings(rule, text):
    workshop = replace(ready_workshop(), confidentiality=rule)
    opening = session(title="Opening", description=text)
    assert rules.ground_rules(with_sessions(opening, base=workshop)) == []


def test_ground_rules_need_the_workshops_own_rule_not_a_vague_word():
    opening = session(title="Opening", description="Ground rules; what is said is confidential.")
    finding = only(rules.ground_rules(with_sessions(opening)))
    assert "does not mention the confidentiality rule" in finding.message


def test_ground_rules_warn_when_the_wrong_rule_is_announced():
    workshop = replace(ready_workshop(), confidentiality=Confidentiality.OFF_THE_RECORD)
    opening = session(
        title="Opening", description="Ground rules; Chatham House Rule; you may quote"
    )
    findings = rules.ground_rules(with_sessions(opening, base=workshop))
    assert [f.title for f in findings] == [
        "Wrong confidentiality rule announced",
        "Ground rules not set out",
    ]
    assert "Chatham House Rule" in findings[0].message and "Off the record" in findings[0].message


def test_ground_rules_judges_first_joint_working_session_only():
    w = with_sessions(
        session("08:00", 30, fmt=F.BREAK, title="Coffee"),
        session("08:30", 30, fmt=F.INFORMAL, title="Breakfast"),
        caucus(ARM, "08:30", 30),
        session("09:00", title="Opening: ground rules, Chatham House"),
        session("10:00", title="Plenary without rules"),
    )
    assert rules.ground_rules(w) == []


def test_ground_rules_no_joint_session_is_silent():
    assert rules.ground_rules(with_sessions()) == []
    assert rules.ground_rules(with_sessions(caucus(ARM), caucus(AZE))) == []


# --------------------------------------------------------------------------- R14 impartial team


@pytest.mark.parametrize(
    ("owner", "co", "fires"),
    [
        (INTL, (), False),
        (OTHER, (), False),
        (ARM, (), True),
        (ARM, (ARM,), True),
        (ARM, (AZE,), False),
        (AZE, (None, INTL), False),
        (None, (), True),
        (None, (ARM, AZE), False),
    ],
)
def test_impartial_team_accounts(owner, co, fires):
    w = workshop(
        owner=FacilitatorData("Owner", owner),
        co_facilitators=tuple(FacilitatorData(f"Co {n}", c) for n, c in enumerate(co)),
    )
    findings = rules.impartial_team(w)
    assert bool(findings) is fires
    if fires:
        assert only(findings).severity == FindingSeverity.WARNING


def test_impartial_team_message_names_unknown_members():
    w = workshop(owner=FacilitatorData("Owner", ARM), co_facilitators=(FacilitatorData("X"),))
    message = only(rules.impartial_team(w)).message
    assert "1 Armenian and 1 of unrecorded community" in message


@pytest.mark.parametrize(
    ("status", "fires"),
    [
        (InvitationStatus.INVITED, False),
        (InvitationStatus.CONFIRMED, False),
        (InvitationStatus.DECLINED, True),
        (InvitationStatus.WITHDREW, True),
    ],
)
def test_impartial_team_counts_co_facilitator_invitations(status, fires):
    co = invite(AZE, role=InvitationRole.CO_FACILITATOR, status=status)
    w = workshop(owner=FacilitatorData("Owner", ARM), invitations=(co,))
    findings = rules.impartial_team(w)
    assert bool(findings) is fires
    if fires:
        assert findings[0].person_uids == ()


def test_impartial_team_lists_invited_co_facilitators_when_one_sided():
    co = invite(ARM, role=InvitationRole.CO_FACILITATOR)
    w = workshop(owner=FacilitatorData("Owner", ARM), invitations=(co,))
    assert only(rules.impartial_team(w)).person_uids == (co.person.uid,)


def test_impartial_team_participant_of_neither_side_does_not_count():
    w = workshop(owner=FacilitatorData("Owner", ARM), invitations=crowd(1, 1, 1))
    assert len(rules.impartial_team(w)) == 1


def test_impartial_team_no_team_recorded():
    assert only(rules.impartial_team(workshop(owner=None))).message == (
        "No facilitation team is recorded."
    )


# --------------------------------------------------------------------------- R15 mixed groups


def _grouped(invitations, *groups: tuple[int | str, ...], fmt: SessionFormat = F.SMALL_GROUPS):
    """A workshop with one session whose groups are given as indexes into ``invitations``
    (or literal uids)."""
    s = session(
        fmt=fmt,
        groups=tuple(
            GroupData(
                n + 1,
                tuple(m if isinstance(m, str) else invitations[m].uid for m in members),
            )
            for n, members in enumerate(groups)
        ),
    )
    return workshop(invitations=tuple(invitations), sessions=(s,)), s


def test_mixed_groups_one_sided_group_is_error():
    people = crowd(3, 3)
    w, s = _grouped(people, (0, 1), (2, 3, 4, 5))
    finding = only(rules.mixed_groups(w))
    assert finding.severity == FindingSeverity.ERROR
    assert finding.session_uids == (s.uid,)
    assert finding.person_uids == (people[0].person.uid, people[1].person.uid)
    assert "Group 1" in finding.message


def test_mixed_groups_side_with_internationals_is_still_one_sided():
    people = crowd(2, 2, 1)
    w, _ = _grouped(people, (0, 4), (1, 2, 3))
    assert len(rules.mixed_groups(w)) == 1


@pytest.mark.parametrize(
    "groups",
    [
        ((0, 3), (1, 4), (2, 5)),  # mixed
        ((0,), (1, 2, 3, 4, 5)),  # a group of one cannot mix
        ((6, 7), (0, 1, 2, 3, 4, 5)),  # internationals only: no side to balance
        ((0, "ghost"), (1, 2, 3, 4, 5)),  # unknown uids are ignored (leaving one member)
        (),  # groups not proposed yet
    ],
)
def test_mixed_groups_silent_cases(groups):
    w, _ = _grouped(crowd(3, 3, 2), *groups)
    assert rules.mixed_groups(w) == []


def test_mixed_groups_needs_both_sides_among_participants():
    w, _ = _grouped(crowd(4, 0, 2), (0, 1), (2, 3, 4, 5))
    assert rules.mixed_groups(w) == []


def test_mixed_groups_only_small_group_sessions():
    w, _ = _grouped(crowd(2, 2), (0, 1), (2, 3), fmt=F.PLENARY)
    assert rules.mixed_groups(w) == []


# --------------------------------------------------------------------------- R16 forward close


def test_forward_close_last_session_not_forward_suggests():
    last = session("14:00", day_no=2, title="Memories")
    w = with_sessions(session("09:00", title="Next steps"), last, session("16:00", fmt=F.CLOSING))
    finding = only(rules.forward_close(w))
    assert finding.severity == FindingSeverity.SUGGESTION
    assert finding.session_uids == (last.uid,)


@pytest.mark.parametrize(
    "text",
    ["Looking forward", "Next steps", "Joint projects", "Actions we can take", "Our futures"],
)
def test_forward_close_forward_words(text):
    w = with_sessions(session("09:00", title="Memories"), session("14:00", description=text))
    assert rules.forward_close(w) == []


def test_forward_close_looking_forward_prompt():
    last = session("14:00", prompts=(prompt(), prompt(phase=Phase.LOOKING_FORWARD)))
    assert rules.forward_close(with_sessions(last)) == []


def test_forward_close_skips_breaks_socials_closing_and_facilitator_sessions():
    w = with_sessions(
        session("09:00", title="Next steps"),
        session("10:00", fmt=F.BREAK, title="Coffee"),
        session("11:00", fmt=F.INFORMAL, title="Lunch"),
        session("12:00", audience=Audience.FACILITATORS, title="Debrief"),
        session("13:00", fmt=F.CLOSING, title="Closing"),
    )
    assert rules.forward_close(w) == []


def test_forward_close_empty_agenda_is_silent():
    assert rules.forward_close(with_sessions()) == []


# --------------------------------------------------------------------------- registry and review


def test_rules_registry_lists_its_rules_in_order():
    count = len(RULES)
    assert count >= 20
    assert [r.id for r in RULES] == [f"R{n}" for n in range(1, count + 1)]
    assert [r.number for r in RULES] == list(range(1, count + 1))
    assert len({r.name for r in RULES}) == count
    for each in RULES:
        assert each.description
        assert each.function.__doc__ and each.id in each.function.__doc__
        module = sys.modules[each.function.__module__]
        assert module.__name__.startswith("planner.readiness.")
        assert getattr(module, each.function.__name__) is each.function
    assert rule("R7").function is rules.timing
    assert RULES[0](workshop()) == []


def test_findings_carry_their_rule_id():
    w = workshop(
        owner=FacilitatorData("Owner", ARM),
        invitations=crowd(4, 0, consent=False),
        venue=_venue(country="AM", capacity=1),
        sessions=(session(title="Lachin corridor", topics=(STATUS,)),),
    )
    for each in RULES:
        for finding in each.function(w):
            assert finding.rule_id == each.id


def test_review_sorts_by_severity_then_rule_number():
    w = workshop(
        owner=FacilitatorData("Owner", ARM),
        invitations=(*crowd(4, 0, consent=False), *crowd(0, 0, 1, segment="journalists")),
        venue=_venue(country="AM", capacity=1),
        sessions=(
            session(title="Lachin corridor", topics=(STATUS,)),
            session("09:30", title="Clash"),
        ),
    )
    findings = review(w)
    keys = [(f.severity.rank, int(f.rule_id[1:])) for f in findings]
    assert keys == sorted(keys)
    assert {f.severity for f in findings} == set(FindingSeverity)
    assert [f.rule_id for f in findings if f.severity == FindingSeverity.ERROR][:3] == [
        "R1",
        "R7",
        "R8",
    ]


def test_finding_severity_words_and_icons():
    assert [s.value for s in FindingSeverity] == ["error", "warning", "suggestion", "information"]
    assert [s.label for s in FindingSeverity] == ["Error", "Warning", "Suggestion", "Information"]
    assert [s.icon for s in FindingSeverity] == ["✖", "▲", "◆", "\u2139"]
    assert [s.rank for s in FindingSeverity] == [0, 1, 2, 3]


def test_finding_is_frozen_and_serialisable():
    finding = Finding("R6", FindingSeverity.WARNING, "T", "M", "W", ("s1",), ("p1",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.title = "x"  # type: ignore[misc]
    assert finding.to_dict() == {
        "rule_id": "R6",
        "severity": "warning",
        "title": "T",
        "message": "M",
        "why": "W",
        "session_uids": ["s1"],
        "person_uids": ["p1"],
    }


def test_readiness_imports_neither_flask_nor_sqlalchemy():
    package = Path(rules.__file__).resolve().parent
    sources = [*package.glob("*.py"), package.parent / "workshop_data.py"]
    sources.append(package.parent / "vocabulary.py")
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in {"flask", "sqlalchemy", "flask_sqlalchemy"}, (
                    source.name,
                    name,
                )

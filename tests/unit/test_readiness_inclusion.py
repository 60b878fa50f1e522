"""Specification of R18 resource fairness, R19 size and length and R20 women's share
(issue 21, items 6-8): each fires, and stays silent, for either side."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.readiness import FindingSeverity, rule
from planner.readiness.inclusion import is_woman, resource_fairness, size_and_length, women_share
from planner.redaction import Viewer, forbidden_strings, participant_view
from planner.vocabulary import AgeBand, Community, InvitationStatus, WorkshopFormat
from planner.workshop_data import InvitationData, WorkshopData
from tests.unit.test_readiness_rules import day, invite, ready_workshop, workshop

ARM, AZE, INTL = Community.ARMENIAN, Community.AZERBAIJANI, Community.INTERNATIONAL
SIDES = [(ARM, AZE), (AZE, ARM)]


def people(community: Community, count: int, **fields: object) -> list[InvitationData]:
    gender = str(fields.pop("gender", ""))
    made = [invite(community) for _ in range(count)]
    return [replace(i, person=replace(i.person, gender=gender), **fields) for i in made]  # type: ignore[arg-type]


def with_people(*groups: list[InvitationData], **fields: object) -> WorkshopData:
    return workshop(invitations=tuple(i for g in groups for i in g), **fields)


# ------------------------------------------------------------------------ R18 fairness


@pytest.mark.parametrize(("more", "less"), SIDES)
def test_one_side_receiving_a_higher_per_diem_is_a_warning(more, less):
    w = with_people(people(more, 3, per_diem=60), people(less, 3, per_diem=40))
    [finding] = resource_fairness(w)
    assert finding.rule_id == "R18"
    assert finding.severity == FindingSeverity.WARNING
    assert finding.title == "Unequal per diem"
    assert f"{more.label} participants receive more" in finding.message
    assert len(finding.person_uids) == 6


@pytest.mark.parametrize(("more", "less"), SIDES)
def test_rooms_for_one_side_only_are_a_warning(more, less):
    w = with_people(people(more, 2, room=True), people(less, 2, room=False))
    [finding] = resource_fairness(w)
    assert finding.title == "Unequal rooms provided"
    assert "100 %" in finding.message and "0 %" in finding.message


@pytest.mark.parametrize(("more", "less"), SIDES)
def test_travel_support_recorded_for_one_side_only_counts_the_other_as_nothing(more, less):
    w = with_people(people(more, 2, travel_support=200), people(less, 2))
    [finding] = resource_fairness(w)
    assert finding.title == "Unequal travel support"


@pytest.mark.parametrize(("one", "other"), SIDES)
def test_equal_or_nearly_equal_support_is_fair(one, other):
    w = with_people(
        people(one, 3, per_diem=50, travel_support=200, room=True),
        people(other, 2, per_diem=50, travel_support=190, room=True),
    )
    assert resource_fairness(w) == []


def test_nothing_recorded_or_one_side_absent_is_silent():
    assert resource_fairness(with_people(people(ARM, 2), people(AZE, 2))) == []
    assert resource_fairness(with_people(people(ARM, 2, per_diem=50))) == []
    assert resource_fairness(with_people(people(ARM, 2, per_diem=50), people(INTL, 1))) == []


def test_declined_people_and_internationals_are_not_compared():
    declined = [replace(i, status=InvitationStatus.DECLINED) for i in people(AZE, 2, per_diem=0)]
    w = with_people(
        people(ARM, 2, per_diem=50), people(AZE, 2, per_diem=50), declined, people(INTL, 1)
    )
    assert resource_fairness(w) == []


# ------------------------------------------------------------------------ R19 size


@pytest.mark.parametrize(("one", "other"), SIDES)
def test_too_few_for_a_problem_solving_workshop_is_a_warning(one, other):
    w = with_people(people(one, 3), people(other, 2), format=WorkshopFormat.PROBLEM_SOLVING)
    [finding] = size_and_length(w)
    assert finding.rule_id == "R19"
    assert finding.severity == FindingSeverity.WARNING
    assert finding.title == "Too few participants"
    assert "5 confirmed participants" in finding.message and "12–20" in finding.message


@pytest.mark.parametrize(("one", "other"), SIDES)
def test_too_many_for_a_problem_solving_workshop_is_a_warning(one, other):
    w = with_people(people(one, 11), people(other, 10), format=WorkshopFormat.PROBLEM_SOLVING)
    [finding] = size_and_length(w)
    assert finding.title == "Too many participants"


@pytest.mark.parametrize(("one", "other"), SIDES)
def test_twelve_to_twenty_over_two_days_is_silent(one, other):
    for count in (6, 10):
        w = with_people(
            people(one, count), people(other, count), format=WorkshopFormat.PROBLEM_SOLVING
        )
        assert size_and_length(w) == []


def test_a_one_day_problem_solving_workshop_is_too_short():
    w = with_people(
        people(ARM, 7), people(AZE, 7), end_date=day(1), format=WorkshopFormat.PROBLEM_SOLVING
    )
    [finding] = size_and_length(w)
    assert finding.title == "Workshop too short"
    assert "1 day," in finding.message


def test_a_workshop_declares_no_format_until_someone_chooses_one():
    # Nobody is judged against a format they never chose (no form sets it yet).
    assert workshop().format == WorkshopFormat.OPEN
    assert size_and_length(with_people(people(ARM, 30), people(AZE, 30))) == []


def test_an_open_format_declares_no_size_and_a_draft_with_nobody_is_silent():
    assert size_and_length(with_people(people(ARM, 1), format=WorkshopFormat.OPEN)) == []
    assert size_and_length(workshop()) == []
    assert size_and_length(replace(ready_workshop(), format=WorkshopFormat.ROUNDTABLE)) == []


# ------------------------------------------------------------------------ R20 women


@pytest.mark.parametrize(("short", "fine"), SIDES)
def test_one_side_with_too_few_women_is_a_warning(short, fine):
    w = with_people(
        people(short, 1, gender="woman"),
        people(short, 3, gender="man"),
        people(fine, 2, gender="Female"),
        people(fine, 2, gender="man"),
        women_target_percent=35,
    )
    [finding] = women_share(w)
    assert finding.rule_id == "R20"
    assert finding.severity == FindingSeverity.WARNING
    assert f"1 of 4 {short.label} participants are women (25 %)" in finding.message
    assert "35 %" in finding.message


@pytest.mark.parametrize(("one", "other"), SIDES)
def test_too_few_women_overall_warns_overall_and_per_side(one, other):
    w = with_people(
        people(one, 4, gender="man"), people(other, 4, gender="man"), women_target_percent=30
    )
    findings = women_share(w)
    assert len(findings) == 3
    assert "0 of 8 all participants" in findings[0].message


@pytest.mark.parametrize(("one", "other"), SIDES)
def test_the_target_met_on_both_sides_is_silent(one, other):
    w = with_people(
        people(one, 2, gender="woman"),
        people(one, 2, gender="man"),
        people(other, 2, gender="W"),
        people(other, 2, gender=""),
        women_target_percent=50,
    )
    assert women_share(w) == []


def test_no_target_or_nobody_confirmed_is_silent():
    assert women_share(with_people(people(ARM, 3, gender="man"), people(AZE, 3))) == []
    assert women_share(workshop(women_target_percent=50)) == []


def test_gender_is_self_described_and_never_assumed():
    assert is_woman(" Woman ") and is_woman("female") and is_woman("կին")
    assert not is_woman("") and not is_woman("man") and not is_woman("non-binary")


def test_the_new_rules_are_registered_with_their_sources():
    assert rule("R18").function is resource_fairness
    assert rule("R19").function is size_and_length
    assert rule("R20").function is women_share
    assert "Do No Harm" in (resource_fairness.__doc__ or "")
    assert "Kelman" in (size_and_length.__doc__ or "")
    assert "1325" in (women_share.__doc__ or "")


# ------------------------------------------------------------------------ redaction


def test_participant_view_clears_gender_age_band_and_what_people_receive():
    invitations = people(ARM, 2, gender="GENDER-SECRET", per_diem=50, travel_support=120, room=True)
    invitations = [
        replace(i, person=replace(i.person, age_band=AgeBand.YOUTH, consent_to_list=True))
        for i in invitations
    ]
    w = with_people(invitations, women_target_percent=40)
    own = invitations[0]
    view = participant_view(w, Viewer(community=ARM, invitation_uid=own.uid))
    assert view.women_target_percent is None
    for i in view.invitations:
        assert i.person.gender == "" and i.person.age_band is None
        assert i.per_diem is None and i.travel_support is None and i.room is None
    secrets = forbidden_strings(w, Viewer(community=ARM, invitation_uid=own.uid))
    assert {"GENDER-SECRET", "Per diem", "Travel support", "Room provided", "Age band"} <= secrets

"""Issue 21, item 6: R22 youth on every side (UN SCR 2250), and "parity between whom"
configured per workshop (``WorkshopData.parity_sides``) in R1, R2, R18, R20 and R22."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.readiness import FindingSeverity, review, rule
from planner.readiness.inclusion import resource_fairness, women_share, youth_on_both_sides
from planner.readiness.rules import parity, segment_mirror
from planner.vocabulary import AgeBand, Community
from planner.workshop_data import InvitationData
from tests.unit.test_readiness_inclusion import people, with_people

ARM, AZE, INTL = Community.ARMENIAN, Community.AZERBAIJANI, Community.INTERNATIONAL
SIDES = [(ARM, AZE), (AZE, ARM)]


def aged(invitations: list[InvitationData], band: AgeBand | None) -> list[InvitationData]:
    return [replace(i, person=replace(i.person, age_band=band)) for i in invitations]


# ------------------------------------------------------------------------ R22 youth


@pytest.mark.parametrize(("young", "old"), SIDES)
def test_young_people_from_one_side_only_is_a_warning(young, old):
    w = with_people(
        aged(people(young, 2), AgeBand.YOUTH),
        aged(people(young, 2), AgeBand.ADULT),
        aged(people(old, 3), AgeBand.MIDDLE),
    )
    [finding] = youth_on_both_sides(w)
    assert finding.rule_id == "R22"
    assert finding.severity == FindingSeverity.WARNING
    assert finding.title == f"No young {old.label} participants"
    assert f"2 {young.label} confirmed participants are 18–29" in finding.message
    assert f"none of the 3 {old.label} participants" in finding.message
    assert len(finding.person_uids) == 5  # the young of one side and the recorded of the other


@pytest.mark.parametrize(("one", "other"), SIDES)
def test_young_people_on_both_sides_is_silent(one, other):
    w = with_people(aged(people(one, 1), AgeBand.YOUTH), aged(people(other, 1), AgeBand.YOUTH))
    assert youth_on_both_sides(w) == []


@pytest.mark.parametrize(("one", "other"), SIDES)
def test_a_side_with_no_age_recorded_is_not_judged(one, other):
    # Nobody is assumed young or old: ages unrecorded on one side say nothing about it.
    w = with_people(aged(people(one, 2), AgeBand.YOUTH), people(other, 3))
    assert youth_on_both_sides(w) == []


def test_no_young_people_anywhere_is_silent_and_internationals_are_not_a_side():
    assert (
        youth_on_both_sides(
            with_people(aged(people(ARM, 2), AgeBand.ADULT), aged(people(AZE, 2), AgeBand.SENIOR))
        )
        == []
    )
    w = with_people(aged(people(INTL, 2), AgeBand.YOUTH), aged(people(ARM, 2), AgeBand.ADULT))
    assert youth_on_both_sides(w) == []


def test_declined_young_people_do_not_count():
    from planner.vocabulary import InvitationStatus

    declined = [
        replace(i, status=InvitationStatus.DECLINED) for i in aged(people(AZE, 1), AgeBand.YOUTH)
    ]
    w = with_people(
        aged(people(ARM, 1), AgeBand.YOUTH), aged(people(AZE, 2), AgeBand.ADULT), declined
    )
    [finding] = youth_on_both_sides(w)
    assert finding.title == f"No young {AZE.label} participants"


def test_r22_is_registered_with_its_source_and_runs_in_the_review():
    assert rule("R22").function is youth_on_both_sides
    assert "2250" in (youth_on_both_sides.__doc__ or "") and "2250" in rule("R22").description
    w = with_people(aged(people(ARM, 2), AgeBand.YOUTH), aged(people(AZE, 2), AgeBand.ADULT))
    assert "R22" in {f.rule_id for f in review(w)}


# ------------------------------------------------------------------------ parity between whom


def test_by_default_internationals_are_not_a_side():
    w = with_people(people(ARM, 3), people(AZE, 3), people(INTL, 2))
    assert parity(w) == []
    assert parity(with_people(people(ARM, 3), people(AZE, 3))) == []


def test_internationals_counted_as_a_side_must_balance_too():
    w = with_people(people(ARM, 4), people(AZE, 4), parity_sides=(ARM, AZE, INTL))
    [finding] = parity(w)
    assert finding.severity == FindingSeverity.ERROR
    assert finding.title == f"No {INTL.label} participants"
    w = with_people(people(ARM, 5), people(AZE, 5), people(INTL, 1), parity_sides=(ARM, AZE, INTL))
    [finding] = parity(w)
    assert finding.severity == FindingSeverity.WARNING
    assert f"4 more {ARM.label} than {INTL.label}" in finding.message or (
        f"4 more {AZE.label} than {INTL.label}" in finding.message
    )
    balanced = with_people(
        people(ARM, 4), people(AZE, 4), people(INTL, 4), parity_sides=(ARM, AZE, INTL)
    )
    assert parity(balanced) == []


def test_the_other_rules_follow_the_workshops_sides():
    three = (ARM, AZE, INTL)
    women = with_people(
        people(ARM, 2, gender="woman"),
        people(AZE, 2, gender="woman"),
        people(INTL, 2, gender="man"),
        women_target_percent=40,
    )
    # Overall 4 of 6 are women: only a side of its own shows the internationals' share.
    assert women_share(women) == []
    [finding] = women_share(replace(women, parity_sides=three))
    assert f"0 of 2 {INTL.label} participants" in finding.message

    paid = with_people(
        people(ARM, 2, per_diem=50), people(AZE, 2, per_diem=50), people(INTL, 2, per_diem=90)
    )
    assert resource_fairness(paid) == []
    [finding] = resource_fairness(replace(paid, parity_sides=three))
    assert f"{INTL.label} participants receive more" in finding.message

    segment = [
        replace(i, person=replace(i.person, segment_key="youth"))
        for i in people(ARM, 1) + people(AZE, 1)
    ]
    mirrored = with_people(segment, target_segments=(("youth", "Youth"),))
    assert segment_mirror(mirrored) == []
    [finding] = segment_mirror(replace(mirrored, parity_sides=three))
    assert f"no {INTL.label} confirmed participants" in finding.message

    young = with_people(
        aged(people(ARM, 1), AgeBand.YOUTH),
        aged(people(AZE, 1), AgeBand.YOUTH),
        aged(people(INTL, 1), AgeBand.ADULT),
    )
    assert youth_on_both_sides(young) == []
    [finding] = youth_on_both_sides(replace(young, parity_sides=three))
    assert finding.title == f"No young {INTL.label} participants"

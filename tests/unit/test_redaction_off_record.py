"""Off the record, the participant view names nobody — the facilitation team included."""

from __future__ import annotations

from dataclasses import replace

from planner.redaction import Viewer, forbidden_strings, participant_view
from planner.vocabulary import Community, Confidentiality
from planner.workshop_data import FacilitatorData
from tests.unit import builders


def _workshop(rule: Confidentiality):
    return replace(
        builders.workshop(),
        confidentiality=rule,
        owner=FacilitatorData(name="Facilitator Fatima", community=Community.INTERNATIONAL),
        co_facilitators=(FacilitatorData(name="Co Claude", community=Community.OTHER),),
    )


def test_off_the_record_view_has_no_facilitator_names():
    view = participant_view(_workshop(Confidentiality.OFF_THE_RECORD), Viewer(None))
    assert view.owner is None and view.co_facilitators == ()


def test_off_the_record_facilitator_names_are_forbidden_strings():
    secrets = forbidden_strings(_workshop(Confidentiality.OFF_THE_RECORD), Viewer(None))
    assert {"Facilitator Fatima", "Co Claude"} <= secrets


def test_under_chatham_house_facilitators_are_named_without_their_community():
    view = participant_view(_workshop(Confidentiality.CHATHAM_HOUSE), Viewer(None))
    assert view.owner.name == "Facilitator Fatima" and view.owner.community is None
    assert [f.name for f in view.co_facilitators] == ["Co Claude"]

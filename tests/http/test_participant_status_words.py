"""Participants never see the team's word "Draft" (issue 17, small fixes)."""

from __future__ import annotations

import pytest

from planner.vocabulary import Community, Role, WorkshopStatus


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (WorkshopStatus.DRAFT, "Being planned"),
        (WorkshopStatus.PLANNED, "Being planned"),
        (WorkshopStatus.CONFIRMED, "Confirmed"),
        (WorkshopStatus.CANCELLED, "Cancelled"),
    ],
)
def test_participant_workshop_list_says_being_planned_not_draft(client, login, make, status, shown):
    workshop = make.workshop(status=status)
    participant = make.participant_user(workshop, community=Community.AZERBAIJANI)
    login(participant)
    page = client.get("/workshops/").get_data(as_text=True)
    assert workshop.title in page
    assert shown in page
    assert "Draft" not in page


def test_the_team_still_sees_draft(client, login, make):
    facilitator = make.user(Role.FACILITATOR)
    make.workshop(owner=facilitator, status=WorkshopStatus.DRAFT)
    login(facilitator)
    assert "Draft" in client.get("/workshops/").get_data(as_text=True)

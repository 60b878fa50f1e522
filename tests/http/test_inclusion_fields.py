"""Issue 21, items 6-8: facilitators record what each invitation receives."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEvent
from planner.vocabulary import InvitationStatus, Role


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR, name="Owner Facilitator")


@pytest.fixture
def workshop(make, owner):
    return make.workshop(owner=owner, title="Tbilisi dialogue")


@pytest.fixture
def as_owner(login, owner):
    login(owner)
    return owner


def _edit(workshop, invitation) -> str:
    return f"/workshops/{workshop.uid}/people/{invitation.uid}/edit"


def test_invitation_form_saves_per_diem_travel_support_and_room(client, make, workshop, as_owner):
    invitation = make.invite(workshop, make.person(), status=InvitationStatus.CONFIRMED)
    page = client.get(_edit(workshop, invitation)).get_data(as_text=True)
    assert "Per diem" in page and "Room provided" in page
    response = client.post(
        _edit(workshop, invitation),
        data={
            "role": "participant",
            "status": "confirmed",
            "version": "1",
            "per_diem": "45",
            "travel_support": "300",
            "room": "yes",
        },
    )
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert (invitation.per_diem, invitation.travel_support, invitation.room) == (45, 300, True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "invitation.updated"))
    assert event.details["per_diem"] == "changed"  # the audit never holds the amount
    assert "45" not in str(event.details)
    page = client.get(_edit(workshop, invitation)).get_data(as_text=True)
    assert '"45"' in page and "selected" in page


def test_a_negative_per_diem_is_refused(client, make, workshop, as_owner):
    invitation = make.invite(workshop, make.person(), status=InvitationStatus.CONFIRMED)
    response = client.post(
        _edit(workshop, invitation),
        data={"role": "participant", "status": "confirmed", "version": "1", "per_diem": "-5"},
    )
    assert response.status_code in (200, 422)
    db.session.refresh(invitation)
    assert invitation.per_diem is None

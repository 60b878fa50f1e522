"""Choosing the participant viewer for a signed-in user (the redaction itself is pure)."""

from __future__ import annotations

from planner.models import User
from planner.redaction import Viewer, participant_view
from planner.workshop_data import WorkshopData


def viewer_for(data: WorkshopData, user: User) -> Viewer:
    person = user.person
    if person is None:
        return Viewer(community=None)
    own = next((i for i in data.invitations if i.person.uid == person.uid), None)
    return Viewer(community=person.community, invitation_uid=own.uid if own else None)


def view_for_user(data: WorkshopData, user: User) -> WorkshopData:
    return participant_view(data, viewer_for(data, user))

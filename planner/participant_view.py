"""Choosing the participant viewer for a signed-in user (the redaction itself is pure)."""

from __future__ import annotations

from planner.models import User
from planner.redaction import Viewer, viewer_for_invitation
from planner.workshop_data import WorkshopData


def viewer_for(data: WorkshopData, user: User) -> Viewer:
    """The user's own view of ``data``: through their invitation, else a generic participant."""
    person = user.person
    own = next((i for i in data.invitations if person and i.person.uid == person.uid), None)
    if own is None:
        return Viewer(community=None)
    return viewer_for_invitation(data, own.uid)

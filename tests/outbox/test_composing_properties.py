"""Property: whatever the workshop, a composed message tells its recipient nothing they may
not see and names no one else (random workshops of tests/unit/redaction_strategies)."""

from __future__ import annotations

from hypothesis import given, settings

from planner.outbox import composing
from planner.outbox.kinds import MessageKind
from planner.redaction import (
    forbidden_strings,
    own_invitation_view,
    participant_view,
    viewer_for_invitation,
)
from tests.unit.redaction_strategies import workshops


@settings(max_examples=60)
@given(workshops())
def test_no_message_of_any_kind_leaks_or_names_anyone_else(workshop):
    for invitation in workshop.invitations:
        viewer = viewer_for_invitation(workshop, invitation.uid)
        view = participant_view(workshop, viewer)
        own = own_invitation_view(workshop, viewer)
        unsafe = composing.unsafe_texts(workshop, viewer)
        others = {i.person.name for i in workshop.invitations if i.uid != invitation.uid} - {
            invitation.person.name
        }
        for kind in MessageKind:
            draft = composing.compose(kind, view, own, changes=("Added: “Walk”.",))
            text = f"{draft.subject}\n{draft.body}"
            assert composing.unsafe_found(unsafe, draft.subject, draft.body) == []
            assert not [s for s in forbidden_strings(workshop, viewer) if s in text]
            assert not [name for name in others if name in text]

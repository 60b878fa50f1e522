"""What each message says, from the recipient's participant view, and the safety check."""

from __future__ import annotations

import pytest

from planner.outbox import composing
from planner.outbox.kinds import MessageKind
from planner.redaction import own_invitation_view, participant_view, viewer_for_invitation
from planner.vocabulary import Audience, Community, Confidentiality
from planner.workshop_loading import load_workshop_head, workshop_page_data
from tests.outbox.conftest import SEVEN, build_seven


def _data(workshop):
    return workshop_page_data(load_workshop_head(workshop.uid))


def _compose(data, invitation_uid, kind, changes=()):
    viewer = viewer_for_invitation(data, invitation_uid)
    return composing.compose(
        kind,
        participant_view(data, viewer),
        own_invitation_view(data, viewer),
        changes=changes,
    )


def test_an_invitation_carries_both_links_and_greets_its_recipient(app, make):
    world = build_seven(make)
    draft = _compose(_data(world.workshop), world.invitations[0].uid, MessageKind.INVITATION)
    assert draft.body.startswith(f"Dear {SEVEN[0][0]},")
    assert composing.AGENDA_LINK in draft.body and composing.CALENDAR_LINK in draft.body
    assert "10–11 May 2027, in Tbilisi" in draft.body
    assert draft.subject == "Invitation: Հանդիպում / Görüş: confidence-building, 10–11 May 2027"


def test_a_reminder_and_a_change_notice_carry_the_agenda_link_only(app, make):
    world = build_seven(make)
    data = _data(world.workshop)
    reminder = _compose(data, world.invitations[2].uid, MessageKind.REMINDER)
    notice = _compose(data, world.invitations[0].uid, MessageKind.CHANGE_NOTICE, ["Added: “Walk”."])
    for draft in (reminder, notice):
        assert composing.AGENDA_LINK in draft.body
        assert composing.CALENDAR_LINK not in draft.body
    assert "- Added: “Walk”." in notice.body


def test_off_the_record_a_message_names_nobody_not_even_its_recipient(app, make):
    world = build_seven(make, confidentiality=Confidentiality.OFF_THE_RECORD)
    draft = _compose(_data(world.workshop), world.invitations[0].uid, MessageKind.INVITATION)
    assert draft.body.startswith("Hello,")
    assert SEVEN[0][0] not in draft.body


@pytest.mark.parametrize("kind", [MessageKind.INVITATION, MessageKind.REMINDER])
def test_no_composed_message_contains_anything_its_recipient_may_not_see(app, make, kind):
    world = build_seven(make)
    make.session(
        world.workshop,
        title="CAUCUS-ONLY-TITLE",
        audience=Audience.COMMUNITY,
        audience_community=Community.AZERBAIJANI,
    )
    data = _data(world.workshop)
    for invitation in world.invitations:
        viewer = viewer_for_invitation(data, invitation.uid)
        draft = _compose(data, invitation.uid, kind)
        unsafe = composing.unsafe_texts(data, viewer)
        assert composing.unsafe_found(unsafe, draft.subject, draft.body) == []
        assert world.workshop.context_notes in unsafe


def test_every_other_person_is_unsafe_and_the_recipient_is_not(app, make):
    world = build_seven(make)
    data = _data(world.workshop)
    own = world.invitations[0]
    unsafe = composing.unsafe_texts(data, viewer_for_invitation(data, own.uid))
    assert own.person.name not in unsafe and own.person.email not in unsafe
    for person in world.people[1:]:
        # Listed (consenting, confirmed) or not: a message names nobody else.
        assert person.name in unsafe and person.email in unsafe
    assert world.owner.name not in unsafe  # the team signs the invitations


def test_unsafe_texts_are_found_as_whole_words_whatever_the_case():
    unsafe = {"Aygün İştirakçı 1", "p3@example.org"}
    assert composing.unsafe_found(unsafe, "Dear Aygün İştirakçı 10,") == []
    assert composing.unsafe_found(unsafe, "with Aygün İştirakçı 1.") == ["Aygün İştirakçı 1"]
    assert composing.unsafe_found(unsafe, "Write to P3@Example.org") == ["p3@example.org"]


def test_links_are_filled_only_where_their_placeholders_are():
    body = f"Open {composing.AGENDA_LINK} now."
    assert composing.links_needed(body) == (composing.AGENDA_LINK,)
    assert composing.fill_links(body, {composing.AGENDA_LINK: "https://x/a/T"}) == (
        "Open https://x/a/T now."
    )

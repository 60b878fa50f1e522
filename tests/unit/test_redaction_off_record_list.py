"""Off the record there is no participant list at all, not even of the reader (issue 14.11).

The participant view carries no invitations, so no renderer can print a "Participants"
table; the reader's own invitation (their answer, their group) is asked for separately.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

import pytest
from docx import Document

from planner.briefs.assemble import BriefAudience, assemble_workshop_brief
from planner.briefs.render_docx import render_docx
from planner.briefs.render_md import render_md
from planner.redaction import (
    GENERIC_PARTICIPANT,
    own_invitation_view,
    participant_view,
    viewer_for_invitation,
)
from planner.vocabulary import Community, Confidentiality, SessionFormat
from planner.workshop_data import GroupData, PersonData
from tests.unit import builders

ANI = PersonData(
    uid="p-ani",
    name="Անի Հակոբյան",
    community=Community.ARMENIAN,
    consent_to_list=True,
    notes="ANI-NOTE",
    email="ani@example.org",
)
LAMAN = PersonData(
    uid="p-laman",
    name="Ləman Əliyeva",
    community=Community.AZERBAIJANI,
    consent_to_list=True,
    email="laman@example.org",
)
NOW = datetime(2027, 4, 1, 8, 30)


def _workshop(rule: Confidentiality = Confidentiality.OFF_THE_RECORD):
    groups = builders.session(
        "s-groups",
        "Small groups",
        format=SessionFormat.SMALL_GROUPS,
        groups=(GroupData(number=3, invitation_uids=("ani", "laman")),),
    )
    return builders.workshop(
        confidentiality=rule,
        # Names in files on: the off-the-record rule must win even then.
        names_in_files=True,
        invitations=(builders.invitation("ani", ANI), builders.invitation("laman", LAMAN)),
        sessions=(groups,),
    )


def _ani(workshop):
    return viewer_for_invitation(workshop, "ani")


def test_off_the_record_view_lists_no_invitation_not_even_the_viewers():
    assert participant_view(_workshop(), _ani(_workshop())).invitations == ()


def test_off_the_record_viewer_keeps_their_group_without_names():
    (session,) = participant_view(_workshop(), _ani(_workshop())).sessions
    assert session.groups == (GroupData(number=3, invitation_uids=("ani",)),)


def test_the_viewers_own_invitation_is_given_apart_without_notes():
    own = own_invitation_view(_workshop(), _ani(_workshop()))
    assert own.uid == "ani" and own.person.email == "ani@example.org"
    assert own.person.notes == ""


def test_under_chatham_house_the_viewer_is_still_listed():
    workshop = _workshop(Confidentiality.CHATHAM_HOUSE)
    uids = [i.uid for i in participant_view(workshop, _ani(workshop)).invitations]
    assert uids == ["ani", "laman"]


def _brief(workshop, viewer):
    return assemble_workshop_brief(
        workshop,
        BriefAudience.PARTICIPANT,
        viewer=viewer,
        context=(),
        readiness=None,
        generated_at=NOW,
    )


@pytest.mark.parametrize("viewer", ["ani", None])
def test_off_the_record_participant_brief_has_no_participant_section(viewer):
    workshop = _workshop()
    brief = _brief(workshop, _ani(workshop) if viewer else GENERIC_PARTICIPANT)
    assert brief.roster == () and not brief.has_participant_section
    markdown = render_md(brief).decode("utf-8")
    assert "Participants" not in markdown
    assert ANI.name not in markdown and ANI.email not in markdown and LAMAN.name not in markdown


def test_off_the_record_participant_docx_has_no_participant_section():
    workshop = _workshop()
    content = render_docx(_brief(workshop, _ani(workshop)))
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Participants" not in text and ANI.name not in text
    assert all(ANI.name not in c.text for t in document.tables for r in t.rows for c in r.cells)


def test_a_chatham_house_participant_brief_keeps_its_participants_section():
    workshop = _workshop(Confidentiality.CHATHAM_HOUSE)
    brief = _brief(workshop, _ani(workshop))
    assert brief.has_participant_section
    assert "## Participants" in render_md(brief).decode("utf-8")


def test_an_unlisted_participant_list_still_says_it_is_not_shared():
    workshop = replace(_workshop(Confidentiality.CHATHAM_HOUSE), invitations=())
    markdown = render_md(_brief(workshop, GENERIC_PARTICIPANT)).decode("utf-8")
    assert "## Participants" in markdown
    assert "names the participants who agreed to be listed" in markdown

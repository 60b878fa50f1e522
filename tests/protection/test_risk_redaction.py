"""Risk levels and what participants carry away (issue 20, items 1 and 2), on plain data.

A high-risk person is named to no other participant anywhere; files and e-mails name nobody
else unless the workshop turns names on, and then never an elevated-risk person; only the
signed-in participant page lists everyone listed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from docx import Document

from planner.briefs.assemble import BriefAudience, assemble_workshop_brief
from planner.briefs.ics import render_ics
from planner.briefs.render_docx import render_docx
from planner.briefs.render_json import render_json
from planner.briefs.render_md import render_md
from planner.protection.risk import links_expired, local_today
from planner.redaction import (
    GENERIC_PARTICIPANT,
    forbidden_strings,
    is_listed,
    is_named_in_files,
    names_statement,
    own_invitation_view,
    participant_view,
    viewer_for_invitation,
)
from planner.vocabulary import Community, Confidentiality, RiskLevel, SessionFormat
from planner.workshop_data import GroupData, PersonData, PreparationData
from tests.unit import builders

ANI = PersonData(
    uid="p-ani",
    name="Անի Մելքոնյան",
    community=Community.ARMENIAN,
    consent_to_list=True,
    affiliation="ANI-AFFILIATION",
)
LAMAN = PersonData(
    uid="p-laman",
    name="Ləman Qasımova",
    community=Community.AZERBAIJANI,
    consent_to_list=True,
    affiliation="LAMAN-AFFILIATION",
)
RUSTAM = PersonData(
    uid="p-rustam",
    name="Рустам Гусейнов-HIGH",
    community=Community.AZERBAIJANI,
    consent_to_list=True,
    risk_level=RiskLevel.HIGH,
    affiliation="RUSTAM-AFFILIATION-HIGH",
)
NARINE = PersonData(
    uid="p-narine",
    name="Նարինե Ելեվացված-ELEV",
    community=Community.ARMENIAN,
    consent_to_list=True,
    risk_level=RiskLevel.ELEVATED,
    affiliation="NARINE-AFFILIATION-ELEV",
)
PEOPLE = {p.uid: p for p in (ANI, LAMAN, RUSTAM, NARINE)}


def _workshop(**fields):
    groups = builders.session(
        "s-groups",
        "Small groups",
        format=SessionFormat.SMALL_GROUPS,
        groups=(GroupData(1, ("i-ani", "i-rustam", "i-narine", "i-laman")),),
    )
    return builders.workshop(
        invitations=tuple(builders.invitation(f"i-{uid[2:]}", p) for uid, p in PEOPLE.items()),
        sessions=(builders.session("s-open", "Opening", format=SessionFormat.OPENING), groups),
        **fields,
    )


def _names(view):
    return {i.person.name for i in view.invitations}


def _signed_in(workshop, uid):
    return replace(viewer_for_invitation(workshop, uid), signed_in_page=True)


def test_a_high_risk_person_is_listed_nowhere_even_when_they_consented():
    workshop = _workshop(names_in_files=True)
    rustam = workshop.invitations[2]
    assert rustam.person.consent_to_list and not is_listed(workshop, rustam)
    for viewer in (
        GENERIC_PARTICIPANT,
        viewer_for_invitation(workshop, "i-ani"),
        _signed_in(workshop, "i-ani"),
        _signed_in(workshop, "i-laman"),
    ):
        view = participant_view(workshop, viewer)
        assert RUSTAM.name not in _names(view)
        assert RUSTAM.name in forbidden_strings(workshop, viewer)


def test_a_high_risk_person_is_left_out_of_other_peoples_small_groups():
    workshop = _workshop(names_in_files=True)
    view = participant_view(workshop, _signed_in(workshop, "i-ani"))
    (session,) = [s for s in view.sessions if s.groups]
    assert "i-rustam" not in session.groups[0].invitation_uids
    assert "i-laman" in session.groups[0].invitation_uids


def test_files_name_no_other_participant_by_default():
    workshop = _workshop()
    view = participant_view(workshop, viewer_for_invitation(workshop, "i-ani"))
    assert _names(view) == {ANI.name}
    assert _names(participant_view(workshop, GENERIC_PARTICIPANT)) == set()
    assert not is_named_in_files(workshop, workshop.invitations[1])


def test_the_signed_in_page_lists_standard_and_elevated_people_but_not_high_risk():
    workshop = _workshop()
    view = participant_view(workshop, _signed_in(workshop, "i-ani"))
    assert _names(view) == {ANI.name, LAMAN.name, NARINE.name}


def test_names_in_files_lists_only_standard_risk_people():
    workshop = _workshop(names_in_files=True)
    view = participant_view(workshop, viewer_for_invitation(workshop, "i-ani"))
    assert _names(view) == {ANI.name, LAMAN.name}
    assert NARINE.name in forbidden_strings(workshop, viewer_for_invitation(workshop, "i-ani"))
    assert NARINE.name not in forbidden_strings(workshop, _signed_in(workshop, "i-ani"))


def test_names_in_files_never_overrides_off_the_record():
    workshop = _workshop(names_in_files=True, confidentiality=Confidentiality.OFF_THE_RECORD)
    assert participant_view(workshop, viewer_for_invitation(workshop, "i-ani")).invitations == ()
    assert "off the record" in names_statement(workshop)


def test_the_view_shows_nobody_s_risk_level_and_a_high_risk_viewer_stays_unlisted():
    workshop = _workshop()
    own = own_invitation_view(workshop, viewer_for_invitation(workshop, "i-rustam"))
    assert own.person.name == RUSTAM.name
    assert own.person.risk_level == RiskLevel.STANDARD
    assert own.person.consent_to_list is False
    view = participant_view(workshop, _signed_in(workshop, "i-narine"))
    assert {i.person.risk_level for i in view.invitations} == {RiskLevel.STANDARD}


def test_the_view_drops_preparation_records():
    prepared = replace(
        _workshop().invitations[0], preparation=PreparationData(conversation_by="Team")
    )
    workshop = _workshop()
    workshop = replace(workshop, invitations=(prepared, *workshop.invitations[1:]))
    own = own_invitation_view(workshop, viewer_for_invitation(workshop, "i-ani"))
    assert own.preparation is None


def _brief(workshop, viewer):
    return assemble_workshop_brief(
        workshop,
        BriefAudience.PARTICIPANT,
        viewer=viewer,
        context=(),
        readiness=None,
        generated_at=datetime(2027, 5, 1, 8, 0),
    )


def _docx_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("names_in_files", [False, True])
def test_every_file_format_leaves_out_the_high_risk_person(names_in_files):
    workshop = _workshop(names_in_files=names_in_files)
    viewer = viewer_for_invitation(workshop, "i-laman")
    brief = _brief(workshop, viewer)
    outputs = {
        "md": render_md(brief).decode("utf-8"),
        "docx": _docx_text(render_docx(brief)),
        "json": render_json(brief).decode("utf-8"),
        "ics": render_ics(
            participant_view(workshop, viewer), sequence=1, stamp=datetime(2027, 5, 1, tzinfo=UTC)
        ).decode("utf-8"),
    }
    for fmt, text in outputs.items():
        assert RUSTAM.name not in text, fmt
        assert RUSTAM.affiliation not in text, fmt
        assert NARINE.name not in text, fmt
        assert (ANI.name in text) == (names_in_files and fmt != "ics"), fmt


def test_the_brief_says_whether_it_names_other_participants():
    off = render_md(_brief(_workshop(), GENERIC_PARTICIPANT)).decode("utf-8")
    assert "this copy names no other participant" in off
    on = render_md(_brief(_workshop(names_in_files=True), GENERIC_PARTICIPANT)).decode("utf-8")
    assert "names the participants who agreed to be listed" in on


def test_a_high_risk_persons_links_end_after_the_last_day_in_the_workshop_timezone():
    end = date(2027, 5, 11)
    # Tbilisi is UTC+4: its last day ends at 20:00 UTC.
    late = datetime(2027, 5, 11, 19, 59, tzinfo=UTC)
    after = datetime(2027, 5, 11, 20, 1, tzinfo=UTC)
    assert not links_expired(RiskLevel.HIGH, end, "Asia/Tbilisi", late)
    assert links_expired(RiskLevel.HIGH, end, "Asia/Tbilisi", after)
    assert not links_expired(RiskLevel.ELEVATED, end, "Asia/Tbilisi", after)
    assert not links_expired(RiskLevel.STANDARD, end, "Asia/Tbilisi", after)


def test_local_today_falls_back_to_utc_for_an_unknown_zone():
    assert local_today("Nowhere/Atlantis", datetime(2027, 1, 1, 23, tzinfo=UTC)) == date(2027, 1, 1)

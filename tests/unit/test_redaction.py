"""Example-based tests of the participant view (``planner.redaction``), one behaviour each."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from planner.redaction import (
    GENERIC_PARTICIPANT,
    Viewer,
    forbidden_strings,
    participant_view,
    viewer_for_invitation,
)
from planner.vocabulary import (
    Audience,
    Community,
    Confidentiality,
    InvitationStatus,
    Phase,
    SessionFormat,
    Severity,
)
from planner.workshop_data import (
    FacilitatorData,
    GroupData,
    InvitationData,
    PersonData,
    PromptData,
    SessionData,
    TopicData,
    WorkshopData,
)
from tests.unit.builders import invitation, session
from tests.unit.redaction_strategies import text_of

ARM = Community.ARMENIAN
AZE = Community.AZERBAIJANI
DAY = date(2024, 5, 13)

LACHIN = TopicData(
    key="lachin",
    name="Humanitarian access",
    severity=Severity.CRITICAL,
    description="Supplies and the corridor.",
    handling_guidance="GUIDANCE-zx81 pause if anyone is distressed",
    participant_note="PARTICIPANT-NOTE-q7 you may step out at any time",
    keywords=("corridor",),
)
STATUS = TopicData(
    key="status",
    name="Status question",
    severity=Severity.HIGH,
    handling_guidance="GUIDANCE-status-k2",
)


def _invitation(
    uid: str,
    name: str,
    community: Community,
    *,
    consent: bool = True,
    status: InvitationStatus = InvitationStatus.CONFIRMED,
) -> InvitationData:
    person = PersonData(
        uid=f"p-{uid}",
        name=name,
        community=community,
        consent_to_list=consent,
        notes=f"PERSON-NOTE-{uid} risky at home",
        email=f"{uid}@example.org",
    )
    return invitation(uid, person, status=status)


def _session(uid: str, title: str, **kwargs: object) -> SessionData:
    return session(
        uid,
        title,
        day=DAY,
        facilitator_notes=f"FAC-NOTE-{uid}",
        description=f"DESC-{uid}",
        **kwargs,
    )


ANI = _invitation("ani", "Անի Պետրոսյան", ARM)
LAMAN = _invitation("laman", "Ləman Əliyeva", AZE)
SHY = _invitation("shy", "Shy Person-w3", AZE, consent=False)
GONE = _invitation("gone", "Declined Person-v9", ARM, status=InvitationStatus.DECLINED)
LEFT = _invitation("left", "Withdrew Person-u4", AZE, status=InvitationStatus.WITHDREW)
MAYBE = _invitation("maybe", "Invited Person-t5", ARM, status=InvitationStatus.INVITED)

PLENARY = _session(
    "plenary",
    "Opening plenary",
    format=SessionFormat.OPENING,
    topics=(LACHIN,),
    prompts=(
        PromptData(
            key="pr1", text="What is realistic?", phase=Phase.REALISM, topic_keys=("lachin",)
        ),
        PromptData(
            key="pr2", text="Who can guarantee?", phase=Phase.HUMANITARIAN, topic_keys=("status",)
        ),
    ),
)
ARM_CAUCUS = _session(
    "arm-caucus",
    "Armenian caucus-r1",
    format=SessionFormat.CAUCUS,
    audience=Audience.COMMUNITY,
    audience_community=ARM,
    topics=(STATUS,),
)
AZE_CAUCUS = _session(
    "aze-caucus",
    "Azerbaijani caucus-r2",
    format=SessionFormat.CAUCUS,
    audience=Audience.COMMUNITY,
    audience_community=AZE,
)
TEAM_ONLY = _session(
    "team", "Facilitators debrief-r3", audience=Audience.FACILITATORS, start=time(18)
)
GROUPS = _session(
    "groups",
    "Small groups",
    format=SessionFormat.SMALL_GROUPS,
    start=time(11),
    groups=(
        GroupData(number=1, invitation_uids=("ani", "laman", "shy")),
        GroupData(number=2, invitation_uids=("maybe", "left")),
    ),
)

WORKSHOP = WorkshopData(
    uid="w1",
    title="Tbilisi dialogue",
    start_date=DAY,
    end_date=DAY,
    timezone="Asia/Tbilisi",
    confidentiality=Confidentiality.CHATHAM_HOUSE,
    # Names in files on: these tests ask who may be named at all (tests/protection asks
    # what files name by default).
    names_in_files=True,
    objectives="Build trust.",
    context_notes="CONTEXT-NOTE-m3 donor is nervous",
    owner=FacilitatorData(name="Owner Facilitator", community=Community.INTERNATIONAL),
    co_facilitators=(FacilitatorData(name="Co Facilitator", community=ARM),),
    invitations=(ANI, LAMAN, SHY, GONE, LEFT, MAYBE),
    sessions=(PLENARY, ARM_CAUCUS, AZE_CAUCUS, TEAM_ONLY, GROUPS),
    catalogue=(LACHIN, STATUS),
)


def _view(viewer: Viewer, workshop: WorkshopData = WORKSHOP) -> WorkshopData:
    return participant_view(workshop, viewer)


def _session_uids(view: WorkshopData) -> list[str]:
    return [s.uid for s in view.sessions]


def _names(view: WorkshopData) -> set[str]:
    return {i.person.name for i in view.invitations}


ANI_VIEW = Viewer(community=ARM, invitation_uid="ani")


# --- sessions -----------------------------------------------------------------------------


def test_participant_never_sees_other_community_caucus() -> None:
    assert "aze-caucus" not in _session_uids(_view(ANI_VIEW))
    assert "Azerbaijani caucus-r2" not in text_of(_view(ANI_VIEW))


def test_participant_sees_own_community_caucus() -> None:
    assert "arm-caucus" in _session_uids(_view(ANI_VIEW))


def test_facilitators_only_session_is_dropped() -> None:
    for viewer in (ANI_VIEW, Viewer(community=AZE), GENERIC_PARTICIPANT):
        assert "team" not in _session_uids(_view(viewer))


def test_generic_viewer_sees_only_joint_sessions() -> None:
    assert _session_uids(_view(GENERIC_PARTICIPANT)) == ["plenary", "groups"]


def test_community_session_without_a_community_is_shown_to_nobody() -> None:
    orphan = _session("orphan", "Orphan caucus", audience=Audience.COMMUNITY)
    workshop = replace(WORKSHOP, sessions=(orphan,))
    for community in Community:
        assert _view(Viewer(community=community), workshop).sessions == ()


def test_session_order_is_preserved() -> None:
    assert _session_uids(_view(ANI_VIEW)) == ["plenary", "arm-caucus", "groups"]


# --- facilitator-only text ----------------------------------------------------------------


def test_context_notes_and_catalogue_are_removed() -> None:
    view = _view(ANI_VIEW)
    assert view.context_notes == ""
    assert view.catalogue == ()


def test_facilitator_notes_are_blanked_in_every_session() -> None:
    assert all(s.facilitator_notes == "" for s in _view(ANI_VIEW).sessions)


def test_handling_guidance_removed_participant_note_kept() -> None:
    (topic,) = _view(ANI_VIEW).sessions[0].topics
    assert topic.handling_guidance == ""
    assert topic.participant_note == LACHIN.participant_note
    assert (topic.name, topic.severity, topic.description) == (
        LACHIN.name,
        LACHIN.severity,
        LACHIN.description,
    )


def test_topic_keywords_are_removed() -> None:
    (topic,) = _view(ANI_VIEW).sessions[0].topics
    assert topic.keywords == ()


def test_facilitators_keep_names_but_not_community() -> None:
    view = _view(ANI_VIEW)
    assert [f.name for f in view.facilitation_team] == ["Owner Facilitator", "Co Facilitator"]
    assert all(f.community is None for f in view.facilitation_team)


def test_original_workshop_is_not_modified() -> None:
    before = repr(WORKSHOP)
    _view(ANI_VIEW)
    assert repr(WORKSHOP) == before


# --- people -------------------------------------------------------------------------------


def test_non_consenting_people_are_left_out() -> None:
    assert "Shy Person-w3" not in _names(_view(ANI_VIEW))


def test_declined_people_not_listed() -> None:
    assert "Declined Person-v9" not in _names(_view(ANI_VIEW))


def test_withdrawn_and_merely_invited_people_not_listed() -> None:
    names = _names(_view(ANI_VIEW))
    assert "Withdrew Person-u4" not in names
    assert "Invited Person-t5" not in names


def test_consenting_confirmed_people_are_listed_without_notes_or_email() -> None:
    view = _view(ANI_VIEW)
    (laman,) = [i for i in view.invitations if i.uid == "laman"]
    assert laman.person.name == "Ləman Əliyeva"
    assert laman.person.notes == ""
    assert laman.person.email == ""


def test_attended_people_are_listed() -> None:
    attended = replace(LAMAN, status=InvitationStatus.ATTENDED)
    workshop = replace(WORKSHOP, invitations=(ANI, attended))
    assert "Ləman Əliyeva" in _names(_view(GENERIC_PARTICIPANT, workshop))


def test_off_the_record_lists_no_names() -> None:
    workshop = replace(WORKSHOP, confidentiality=Confidentiality.OFF_THE_RECORD)
    assert _view(GENERIC_PARTICIPANT, workshop).invitations == ()


def test_off_the_record_view_lists_not_even_the_viewer() -> None:
    workshop = replace(WORKSHOP, confidentiality=Confidentiality.OFF_THE_RECORD)
    view = _view(ANI_VIEW, workshop)
    assert view.invitations == ()
    assert "Ləman Əliyeva" not in text_of(view)


def test_on_the_record_still_respects_consent() -> None:
    workshop = replace(WORKSHOP, confidentiality=Confidentiality.ON_THE_RECORD)
    assert _names(_view(GENERIC_PARTICIPANT, workshop)) == {"Անի Պետրոսյան", "Ləman Əliyeva"}


def test_viewer_always_sees_themselves() -> None:
    viewer = viewer_for_invitation(WORKSHOP, "shy")
    view = _view(viewer)
    (me,) = [i for i in view.invitations if i.uid == "shy"]
    assert me.person.name == "Shy Person-w3"
    assert me.person.email == "shy@example.org"
    assert me.person.notes == ""


def test_declined_viewer_still_sees_themselves() -> None:
    view = _view(viewer_for_invitation(WORKSHOP, "gone"))
    assert "gone" in {i.uid for i in view.invitations}


def test_generic_viewer_sees_no_personal_data() -> None:
    view = _view(GENERIC_PARTICIPANT)
    assert all(i.person.email == "" and i.person.notes == "" for i in view.invitations)


def test_unknown_invitation_is_treated_as_no_invitation() -> None:
    view = _view(Viewer(community=ARM, invitation_uid="nobody"))
    assert {i.uid for i in view.invitations} == {"ani", "laman"}
    assert all(s.groups == () for s in view.sessions)


def test_viewer_community_must_match_their_invitation() -> None:
    with pytest.raises(ValueError, match="does not match"):
        _view(Viewer(community=AZE, invitation_uid="ani"))


def test_viewer_for_invitation_takes_the_persons_community() -> None:
    assert viewer_for_invitation(WORKSHOP, "laman") == Viewer(AZE, "laman")
    with pytest.raises(KeyError):
        viewer_for_invitation(WORKSHOP, "nobody")


# --- small groups -------------------------------------------------------------------------


def _groups(view: WorkshopData) -> tuple[GroupData, ...]:
    (session,) = [s for s in view.sessions if s.uid == "groups"]
    return session.groups


def test_only_own_small_group_is_shown() -> None:
    (group,) = _groups(_view(ANI_VIEW))
    assert group.number == 1


def test_own_group_lists_only_listed_members_and_the_viewer() -> None:
    (group,) = _groups(_view(ANI_VIEW))
    assert group.invitation_uids == ("ani", "laman")


def test_non_consenting_viewer_sees_themselves_in_their_group() -> None:
    (group,) = _groups(_view(viewer_for_invitation(WORKSHOP, "shy")))
    assert group.invitation_uids == ("ani", "laman", "shy")


def test_off_the_record_group_shows_only_the_viewer() -> None:
    workshop = replace(WORKSHOP, confidentiality=Confidentiality.OFF_THE_RECORD)
    (group,) = _groups(_view(ANI_VIEW, workshop))
    assert group.invitation_uids == ("ani",)


def test_generic_viewer_gets_no_groups() -> None:
    assert _groups(_view(GENERIC_PARTICIPANT)) == ()


def test_viewer_in_no_group_gets_no_groups() -> None:
    assert _groups(_view(viewer_for_invitation(WORKSHOP, "gone"))) == ()


# --- prompts ------------------------------------------------------------------------------


def test_prompts_keep_text_and_phase() -> None:
    prompts = _view(ANI_VIEW).sessions[0].prompts
    assert [(p.text, p.phase) for p in prompts] == [
        ("What is realistic?", Phase.REALISM),
        ("Who can guarantee?", Phase.HUMANITARIAN),
    ]


def test_prompt_topic_keys_keep_only_visible_topics() -> None:
    # "status" is flagged only on the Armenian caucus.
    assert _view(ANI_VIEW).sessions[0].prompts[1].topic_keys == ("status",)
    assert _view(GENERIC_PARTICIPANT).sessions[0].prompts[1].topic_keys == ()
    assert _view(GENERIC_PARTICIPANT).sessions[0].prompts[0].topic_keys == ("lachin",)


# --- forbidden strings --------------------------------------------------------------------


def test_forbidden_strings_list_every_confidential_text() -> None:
    forbidden = forbidden_strings(WORKSHOP, ANI_VIEW)
    expected = {
        "CONTEXT-NOTE-m3 donor is nervous",
        "GUIDANCE-zx81 pause if anyone is distressed",
        "GUIDANCE-status-k2",
        "FAC-NOTE-plenary",
        "FAC-NOTE-team",
        "PERSON-NOTE-ani risky at home",
        "PERSON-NOTE-shy risky at home",
        "Azerbaijani caucus-r2",
        "DESC-aze-caucus",
        "Facilitators debrief-r3",
        "Shy Person-w3",
        "Declined Person-v9",
        "Withdrew Person-u4",
        "Invited Person-t5",
        "laman@example.org",
    }
    assert expected <= forbidden


def test_forbidden_strings_allow_what_the_viewer_may_see() -> None:
    forbidden = forbidden_strings(WORKSHOP, ANI_VIEW)
    for allowed in ("Armenian caucus-r1", "Ləman Əliyeva", "Անի Պետրոսյան", "ani@example.org"):
        assert allowed not in forbidden
    assert "" not in forbidden


def test_forbidden_strings_off_the_record_include_every_other_name() -> None:
    workshop = replace(WORKSHOP, confidentiality=Confidentiality.OFF_THE_RECORD)
    forbidden = forbidden_strings(workshop, ANI_VIEW)
    assert "Ləman Əliyeva" in forbidden
    assert "Անի Պետրոսյան" not in forbidden


def test_forbidden_strings_skip_texts_also_visible_elsewhere() -> None:
    twin = replace(TEAM_ONLY, title=PLENARY.title)
    workshop = replace(WORKSHOP, sessions=(PLENARY, twin))
    assert PLENARY.title not in forbidden_strings(workshop, GENERIC_PARTICIPANT)


def test_no_forbidden_string_appears_in_any_view() -> None:
    viewers = [GENERIC_PARTICIPANT, Viewer(community=Community.INTERNATIONAL)]
    viewers += [viewer_for_invitation(WORKSHOP, i.uid) for i in WORKSHOP.invitations]
    for viewer in viewers:
        output = text_of(_view(viewer))
        assert not [s for s in forbidden_strings(WORKSHOP, viewer) if s in output]

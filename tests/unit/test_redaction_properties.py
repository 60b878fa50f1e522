"""Property tests: over random workshops and viewers, the participant view never leaks.

Each generated free-text field carries a unique marker (see ``redaction_strategies``), so
every check below compares the redacted output against an oracle written independently
of ``planner.redaction`` from PRODUCT §2 and §8.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, note, settings

from planner.redaction import Viewer, forbidden_strings, participant_view
from planner.vocabulary import Audience, Confidentiality, InvitationStatus, RiskLevel
from planner.workshop_data import InvitationData, SessionData, WorkshopData
from tests.unit.redaction_strategies import (
    ALWAYS_SECRET_KINDS,
    every_viewer,
    markers,
    text_of,
    workshops,
)

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# --- the oracle ---------------------------------------------------------------------------


def _may_attend(session: SessionData, viewer: Viewer) -> bool:
    if session.audience == Audience.EVERYONE:
        return True
    if session.audience == Audience.FACILITATORS:
        return False
    return viewer.community is not None and viewer.community == session.audience_community


def _own_uid(workshop: WorkshopData, viewer: Viewer) -> str | None:
    uids = {i.uid for i in workshop.invitations}
    return viewer.invitation_uid if viewer.invitation_uid in uids else None


def _may_be_named(workshop: WorkshopData, invitation: InvitationData, viewer: Viewer) -> bool:
    risk = invitation.person.risk_level
    # Only the signed-in page lists everyone listed; files and e-mails name others only when
    # the workshop allows it, and never an elevated-risk person; nothing names a high-risk one.
    carried_allowed = workshop.names_in_files and risk == RiskLevel.STANDARD
    return (
        workshop.confidentiality != Confidentiality.OFF_THE_RECORD
        and invitation.person.consent_to_list
        and invitation.status in (InvitationStatus.CONFIRMED, InvitationStatus.ATTENDED)
        and risk != RiskLevel.HIGH
        and (viewer.signed_in_page or viewer.every_participant or carried_allowed)
    )


def _expected_invitation_uids(workshop: WorkshopData, viewer: Viewer) -> set[str]:
    # Off the record there is no list at all, not even of the viewer alone (PRODUCT §8).
    own = _own_uid(workshop, viewer)
    if workshop.confidentiality == Confidentiality.OFF_THE_RECORD:
        own = None
    return {
        i.uid for i in workshop.invitations if _may_be_named(workshop, i, viewer) or i.uid == own
    }


def _hidden_markers(workshop: WorkshopData, viewer: Viewer) -> set[str]:
    """Every marker of the original that must not appear anywhere in the viewer's output."""
    hidden = markers(workshop.context_notes)
    topics = list(workshop.catalogue)
    for session in workshop.sessions:
        hidden |= markers(session.facilitator_notes)
        topics.extend(session.topics)
        if not _may_attend(session, viewer):
            hidden |= markers(session.title) | markers(session.description)
    for topic in topics:
        hidden |= markers(topic.handling_guidance)
    own = _own_uid(workshop, viewer)
    for invitation in workshop.invitations:
        person = invitation.person
        hidden |= markers(person.notes)
        if invitation.uid == own:
            continue
        hidden |= markers(person.email)
        if not _may_be_named(workshop, invitation, viewer):
            hidden |= markers(person.name) | markers(person.affiliation)
    return hidden


def _for_every_viewer(
    workshop: WorkshopData, check: Callable[[WorkshopData, Viewer], None]
) -> None:
    for viewer in every_viewer(workshop):
        note(f"viewer: {viewer!r}")
        check(workshop, viewer)


# --- properties: each runs over every viewer of each generated workshop -----------------


def _check_no_confidential_text_ever_appears_in_the_view(
    workshop: WorkshopData, viewer: Viewer
) -> None:
    output = text_of(participant_view(workshop, viewer))
    leaked = {m for m in _hidden_markers(workshop, viewer) if m in output}
    assert not leaked


@PROPERTY_SETTINGS
@given(workshops())
def test_no_confidential_text_ever_appears_in_the_view(workshop: WorkshopData) -> None:
    _for_every_viewer(workshop, _check_no_confidential_text_ever_appears_in_the_view)


def _check_facilitator_only_fields_are_blank_everywhere(
    workshop: WorkshopData, viewer: Viewer
) -> None:
    view = participant_view(workshop, viewer)
    assert view.context_notes == ""
    assert view.catalogue == ()
    assert all(f.community is None for f in view.facilitation_team)
    for session in view.sessions:
        assert session.facilitator_notes == ""
        assert all(t.handling_guidance == "" and t.keywords == () for t in session.topics)
    for invitation in view.invitations:
        assert invitation.person.notes == ""
    output = text_of(view)
    for kind in ALWAYS_SECRET_KINDS:
        assert f"«{kind}-" not in output


@PROPERTY_SETTINGS
@given(workshops())
def test_facilitator_only_fields_are_blank_everywhere(workshop: WorkshopData) -> None:
    _for_every_viewer(workshop, _check_facilitator_only_fields_are_blank_everywhere)


def _check_exactly_the_sessions_the_viewer_may_attend_are_kept_unchanged_in_order(
    workshop: WorkshopData, viewer: Viewer
) -> None:
    view = participant_view(workshop, viewer)
    expected = [s for s in workshop.sessions if _may_attend(s, viewer)]
    assert [s.uid for s in view.sessions] == [s.uid for s in expected]
    for kept, original in zip(view.sessions, expected, strict=True):
        assert (kept.title, kept.description, kept.day, kept.start) == (
            original.title,
            original.description,
            original.day,
            original.start,
        )
        assert [p.text for p in kept.prompts] == [p.text for p in original.prompts]
        assert [p.citation for p in kept.prompts] == [p.citation for p in original.prompts]
    assert all(s.audience != Audience.FACILITATORS for s in view.sessions)


@PROPERTY_SETTINGS
@given(workshops())
def test_exactly_the_sessions_the_viewer_may_attend_are_kept_unchanged_in_order(
    workshop: WorkshopData,
) -> None:
    for viewer in every_viewer(workshop):
        _check_exactly_the_sessions_the_viewer_may_attend_are_kept_unchanged_in_order(
            workshop, viewer
        )


def _check_only_consenting_coming_people_and_the_viewer_are_listed(
    workshop: WorkshopData, viewer: Viewer
) -> None:
    view = participant_view(workshop, viewer)
    own = _own_uid(workshop, viewer)
    assert {i.uid for i in view.invitations} == _expected_invitation_uids(workshop, viewer)
    for invitation in view.invitations:
        if invitation.uid != own:
            assert invitation.person.email == ""
    if workshop.confidentiality == Confidentiality.OFF_THE_RECORD:
        assert view.invitations == ()
        output = text_of(view)
        others = [i for i in workshop.invitations if i.uid != own]
        assert not any(m in output for i in others for m in markers(i.person.name))


@PROPERTY_SETTINGS
@given(workshops())
def test_only_consenting_coming_people_and_the_viewer_are_listed(workshop: WorkshopData) -> None:
    _for_every_viewer(workshop, _check_only_consenting_coming_people_and_the_viewer_are_listed)


def _check_groups_show_only_the_viewers_own_group_and_listed_members(
    workshop: WorkshopData, viewer: Viewer
) -> None:
    view = participant_view(workshop, viewer)
    own = _own_uid(workshop, viewer)
    allowed = {i.uid for i in view.invitations} | {own}
    originals = {s.uid: s for s in workshop.sessions}
    for session in view.sessions:
        if own is None:
            assert session.groups == ()
            continue
        assert len(session.groups) <= 1
        mine = [g for g in originals[session.uid].groups if own in g.invitation_uids]
        assert len(session.groups) == len(mine[:1])
        for group in session.groups:
            assert own in group.invitation_uids
            assert set(group.invitation_uids) <= allowed
            assert group.number == mine[0].number


@PROPERTY_SETTINGS
@given(workshops())
def test_groups_show_only_the_viewers_own_group_and_listed_members(workshop: WorkshopData) -> None:
    _for_every_viewer(workshop, _check_groups_show_only_the_viewers_own_group_and_listed_members)


def _check_prompt_topic_keys_only_name_visible_topics(
    workshop: WorkshopData, viewer: Viewer
) -> None:
    view = participant_view(workshop, viewer)
    visible = {t.key for s in view.sessions for t in s.topics}
    for session in view.sessions:
        for prompt in session.prompts:
            assert set(prompt.topic_keys) <= visible


@PROPERTY_SETTINGS
@given(workshops())
def test_prompt_topic_keys_only_name_visible_topics(workshop: WorkshopData) -> None:
    _for_every_viewer(workshop, _check_prompt_topic_keys_only_name_visible_topics)


def _check_forbidden_strings_cover_every_secret_and_none_appears(
    workshop: WorkshopData, viewer: Viewer
) -> None:
    forbidden = forbidden_strings(workshop, viewer)
    covered = set().union(*(markers(s) for s in forbidden)) if forbidden else set()
    assert _hidden_markers(workshop, viewer) <= covered
    output = text_of(participant_view(workshop, viewer))
    assert not [s for s in forbidden if s in output]


@PROPERTY_SETTINGS
@given(workshops())
def test_forbidden_strings_cover_every_secret_and_none_appears(workshop: WorkshopData) -> None:
    _for_every_viewer(workshop, _check_forbidden_strings_cover_every_secret_and_none_appears)


def _check_redaction_is_idempotent(workshop: WorkshopData, viewer: Viewer) -> None:
    once = participant_view(workshop, viewer)
    assert participant_view(once, viewer) == once


@PROPERTY_SETTINGS
@given(workshops())
def test_redaction_is_idempotent(workshop: WorkshopData) -> None:
    _for_every_viewer(workshop, _check_redaction_is_idempotent)

"""The participant's view of a workshop: the single redaction choke point (PRODUCT §2, §8).

Every participant page and every participant export (PDF, DOCX, Markdown, JSON, ICS,
calendar feed) must be rendered from :func:`participant_view`, never from the full
:class:`~planner.workshop_data.WorkshopData`. The view is a new, smaller ``WorkshopData``:

* facilitator-only text is blanked: the workshop's context notes, every session's
  facilitator notes, every topic's handling guidance (and its detection keywords), every
  person's notes; a person's gender and age band, what each invitation receives (per
  diem, travel support, room) and the workshop's target share of women are cleared; the
  topic catalogue is dropped;
* sessions the viewer may not attend are removed entirely: facilitators-only sessions
  always, single-community sessions unless the viewer belongs to that community (a generic
  viewer, ``community=None``, sees joint sessions only);
* the participant list keeps only people who consented to be listed and are coming
  (confirmed or attended), who are not at high risk (issue 20: a high-risk person is never
  named to another participant, whatever they consented to), plus the viewer's own
  invitation; off the record it is empty,
  the viewer's own invitation included, so that no page or export can print a participant
  list at all (PRODUCT §8) — a page that answers the viewer asks :func:`own_invitation_view`;
* only the signed-in participant page (``Viewer.signed_in_page``) lists them all: what a
  participant carries away — their files (PDF, DOCX, Markdown, JSON, ICS), the private-link
  page, e-mails — names no other participant unless the workshop turns ``names_in_files``
  on, and even then never an elevated-risk person (:func:`is_named_in_files`); a phone that
  is seized then holds no list of who came;
* everyone's risk level is reset to standard (the viewer's own too, who then counts as not
  listed when at high risk), so no output can tell who asked for more protection;
* other people's e-mail addresses are blanked; facilitators keep their names but not their
  community — except off the record, where no name at all is given, facilitators' included;
* small groups are reduced to the viewer's own group, listing only people who are listed
  plus the viewer (off the record only the viewer's uid, which names nobody); a generic
  viewer gets no groups;
* prompts keep their text, phase and citation, and only the topic keys of topics that are
  still visible.

:data:`EVERY_PARTICIPANT` is every participant at once: the view a published snapshot keeps
(``planner.agenda.publishing``), from which each participant's own view is computed later.
It sees every community's sessions (not facilitators-only ones) and keeps small groups whole,
as invitation uids (which name nobody), since whose names a group may show is decided at
read time from the live participant list.

:func:`forbidden_strings` lists the confidential texts of the original workshop for a given
viewer, so that HTTP, browser and export tests can assert that rendered participant output
contains none of them.

This module is pure: it imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from planner.languages import N_
from planner.vocabulary import Audience, Community, Confidentiality, RiskLevel, SessionFormat
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

__all__ = [
    "EVERY_PARTICIPANT",
    "GENERIC_PARTICIPANT",
    "Viewer",
    "forbidden_strings",
    "is_listed",
    "is_named_in_files",
    "names_statement",
    "own_invitation_view",
    "participant_view",
    "separate_sessions",
    "viewer_for_invitation",
]


@dataclass(frozen=True)
class Viewer:
    """Who the participant view is computed for.

    ``community`` is the viewer's community; ``None`` means a generic participant copy
    (e.g. an organiser exporting "the participant brief"), which sees joint sessions only.
    ``invitation_uid`` is the viewer's own invitation, if any: it lets the view greet
    them and show their own small group. Build a viewer for a real invitation with
    :func:`viewer_for_invitation` so that the two fields cannot disagree.
    ``every_participant`` is for :data:`EVERY_PARTICIPANT` only. ``signed_in_page`` is for
    the signed-in participant page only: the one output that lists every listed participant
    (every other output is carried away, and names others only by :func:`is_named_in_files`).
    """

    community: Community | None
    invitation_uid: str | None = None
    every_participant: bool = False
    signed_in_page: bool = False

    def names(self, workshop: WorkshopData, invitation: InvitationData) -> bool:
        """Whether this viewer's output may name ``invitation``'s person (not the viewer)."""
        if self.signed_in_page or self.every_participant:
            return is_listed(workshop, invitation)
        return is_named_in_files(workshop, invitation)

    def sees(self, session: SessionData) -> bool:
        """Whether this viewer may see ``session`` at all."""
        if self.every_participant:
            return session.audience != Audience.FACILITATORS
        return session.is_visible_to(self.community)


#: The anonymous participant copy: joint sessions only, no groups, no "you".
GENERIC_PARTICIPANT = Viewer(community=None)

#: Every participant at once (see the module's docstring): what a published snapshot keeps.
EVERY_PARTICIPANT = Viewer(community=None, every_participant=True)


def viewer_for_invitation(workshop: WorkshopData, invitation_uid: str) -> Viewer:
    """Return the viewer for one invitation of ``workshop``, with that person's community.

    Raises ``KeyError`` when the workshop has no such invitation.
    """
    invitation = _find_invitation(workshop, invitation_uid)
    if invitation is None:
        raise KeyError(invitation_uid)
    return Viewer(community=invitation.person.community, invitation_uid=invitation_uid)


def is_listed(workshop: WorkshopData, invitation: InvitationData) -> bool:
    """Whether ``invitation``'s person may be named to *other* participants.

    True only for people who consented to be listed and are coming (confirmed or
    attended), never for a high-risk person, and never when the workshop is off the record.
    """
    if workshop.confidentiality == Confidentiality.OFF_THE_RECORD:
        return False
    if not invitation.person.risk_level.named_to_participants:
        return False
    return invitation.person.consent_to_list and invitation.status.is_coming


def names_in_files_allowed(workshop: WorkshopData) -> bool:
    """Whether the workshop's files and e-mails may name anyone: the facilitator turned
    ``names_in_files`` on, and the workshop is not off the record."""
    return workshop.names_in_files and workshop.confidentiality != Confidentiality.OFF_THE_RECORD


def is_named_in_files(workshop: WorkshopData, invitation: InvitationData) -> bool:
    """Whether ``invitation``'s person may be named in *other* participants' files and
    e-mails: listed (:func:`is_listed`), at standard risk, and the workshop allows names in
    files (:func:`names_in_files_allowed`)."""
    return (
        names_in_files_allowed(workshop)
        and invitation.person.risk_level.named_in_files
        and is_listed(workshop, invitation)
    )


def names_statement(workshop: WorkshopData) -> str:
    """What a participant's file says about the names it carries (issue 20: "the brief
    says which"). ``workshop`` is the original or the participant view."""
    if workshop.confidentiality == Confidentiality.OFF_THE_RECORD:
        return N_("This workshop is off the record: no copy names any participant.")
    if not workshop.names_in_files:
        return N_(
            "To protect participants, this copy names no other participant. Those who agreed "
            "to be listed are shown on your signed-in participant page."
        )
    return N_(
        "This copy names the participants who agreed to be listed, except those who asked "
        "for more protection; they are shown only on the signed-in participant page, if at all."
    )


def participant_view(workshop: WorkshopData, viewer: Viewer) -> WorkshopData:
    """Return the redacted copy of ``workshop`` that ``viewer`` may see.

    The input is not modified. Raises ``ValueError`` when ``viewer.invitation_uid`` names
    an invitation whose person belongs to a different community than ``viewer.community``
    (a caller bug that would otherwise show someone another community's caucus). An
    ``invitation_uid`` that matches no invitation is treated as no invitation at all.
    """
    own = _own_invitation(workshop, viewer)
    listed_uids = {
        i.uid
        for i in workshop.invitations
        if viewer.names(workshop, i) and (own is None or i.uid != own.uid)
    }
    # The viewer's group is the one naming their invitation, looked up by its uid: off the
    # record a view lists no invitation, and redacting it again must keep the same group.
    own_uid = viewer.invitation_uid
    group_member_uids = listed_uids | ({own_uid} if own_uid else set())

    sessions = tuple(s for s in workshop.sessions if viewer.sees(s))
    visible_topic_keys = {t.key for s in sessions for t in s.topics}
    # Off the record nothing names anyone, the facilitation team and the viewer included
    # (PRODUCT §8): there is no participant list, not even one of a single name.
    names_shared = workshop.confidentiality != Confidentiality.OFF_THE_RECORD
    kept_uids = listed_uids | ({own.uid} if own is not None and names_shared else set())

    return replace(
        workshop,
        context_notes="",
        women_target_percent=None,
        catalogue=(),
        owner=_redact_facilitator(workshop.owner) if workshop.owner and names_shared else None,
        co_facilitators=tuple(_redact_facilitator(f) for f in workshop.co_facilitators)
        if names_shared
        else (),
        invitations=tuple(
            _redact_invitation(i, is_own=own is not None and i.uid == own.uid)
            for i in workshop.invitations
            if i.uid in kept_uids
        ),
        sessions=tuple(
            _redact_session(
                s,
                own_uid,
                group_member_uids,
                visible_topic_keys,
                whole_groups=viewer.every_participant,
            )
            for s in sessions
        ),
    )


_ONE_MINUTE = timedelta(minutes=1)

#: What a participant's agenda shows where other groups meet on their own (issue 17).
SEPARATE_TITLE = "Separate sessions"
SEPARATE_DESCRIPTION = (
    "The groups meet on their own at this time; you have no session of your own then."
)


def _minus(
    span: tuple[datetime, datetime], other: tuple[datetime, datetime]
) -> list[tuple[datetime, datetime]]:
    """What is left of ``span`` outside ``other``."""
    (start, end), (cut_start, cut_end) = span, other
    if cut_end <= start or cut_start >= end:
        return [span]
    return [p for p in ((start, cut_start), (cut_end, end)) if p[0] < p[1]]


def separate_sessions(workshop: WorkshopData, viewer: Viewer) -> tuple[SessionData, ...]:
    """The times other communities meet on their own while ``viewer`` has no session.

    One placeholder session per stretch, titled :data:`SEPARATE_TITLE`, with nothing of
    the hidden sessions but their times — no title, description, topic, prompt or group —
    so a participant's agenda and brief show "separate sessions" instead of an unexplained
    gap (issue 17). Only other communities' sessions count (participants are simply free
    while the facilitators meet), and only the time no session the viewer sees covers:
    a community's own caucus beside the other's leaves nothing to explain.
    ``workshop`` is the original or a published snapshot (which keeps every community's
    sessions); :data:`EVERY_PARTICIPANT` sees them all and gets none.
    """
    seen = [(s.starts_at, s.ends_at) for s in workshop.sessions if viewer.sees(s)]
    hidden = sorted(
        (s.starts_at, s.ends_at)
        for s in workshop.sessions
        if s.audience == Audience.COMMUNITY and not viewer.sees(s)
    )
    merged: list[tuple[datetime, datetime]] = []
    for start, end in hidden:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    stretches = []
    for span in merged:
        parts = [span]
        for other in seen:
            parts = [piece for part in parts for piece in _minus(part, other)]
        stretches.extend(parts)
    return tuple(
        SessionData(
            uid=f"separate-{start:%Y%m%d%H%M}",
            day=start.date(),
            start=start.time(),
            duration_minutes=int((end - start).total_seconds() // 60),
            title=SEPARATE_TITLE,
            format=SessionFormat.CAUCUS,
            description=SEPARATE_DESCRIPTION,
        )
        for start, end in stretches
        if end - start >= _ONE_MINUTE
    )


def own_invitation_view(workshop: WorkshopData, viewer: Viewer) -> InvitationData | None:
    """Return the viewer's own invitation as they may see it (their notes blanked), or None.

    Kept apart from :func:`participant_view`, whose participant list is empty off the
    record: a page answering the viewer (their status, their group) reads it from here.
    Raises ``ValueError`` like :func:`participant_view` on a mismatched viewer.
    """
    own = _own_invitation(workshop, viewer)
    return _redact_invitation(own, is_own=True) if own is not None else None


def forbidden_strings(workshop: WorkshopData, viewer: Viewer) -> set[str]:
    """Return every confidential text of ``workshop`` that ``viewer``'s output must not contain.

    It collects: the context notes; every session's facilitator notes; every topic's
    handling guidance (sessions and catalogue); every person's notes and self-described
    gender, and the labels of the age band, per diem, travel support and room when any is
    recorded (``INCLUSION_LABELS``); the titles and
    descriptions of sessions hidden from this viewer; the names, affiliations and e-mail
    addresses of people who are not listed (everyone but the viewer when off the record);
    and the e-mail addresses of everyone but the viewer. Whether a person is listed is
    asked through ``viewer.names``: high-risk people never are, and only the signed-in
    page (``Viewer.signed_in_page``) lists people beyond :func:`is_named_in_files`.

    Texts that the viewer may legitimately see elsewhere (e.g. a hidden session titled
    exactly like a visible one, or a name shared by a listed person) are left out, and
    blank texts are ignored. Callers search rendered output for these strings as
    substrings, so a short or common text (a hidden session called "Break", a name that
    also occurs in an objective) would give false alarms: test fixtures should use
    distinctive strings for every confidential field.

    This is computed from the original workshop independently of :func:`participant_view`
    (it shares only :func:`is_listed` and :meth:`Viewer.sees`).
    """
    own = _own_invitation(workshop, viewer)
    secret: set[str] = {workshop.context_notes}
    public: set[str] = {workshop.title, workshop.objectives}
    public.update(text for _field, _language, text in workshop.translations)
    if workshop.confidentiality == Confidentiality.OFF_THE_RECORD:
        secret.update(f.name for f in workshop.facilitation_team)
    else:
        public.update(f.name for f in workshop.facilitation_team)

    topics: list[TopicData] = list(workshop.catalogue)
    for session in workshop.sessions:
        secret.add(session.facilitator_notes)
        topics.extend(session.topics)
        # Translations of a session's texts (issue 19) are as public, or as secret, as it is.
        translated = [text for _field, _language, text in session.translations]
        if viewer.sees(session):
            public.update((session.title, session.description, *translated))
            public.update(t.name for t in session.topics)
            public.update(t.description for t in session.topics)
            public.update(t.participant_note for t in session.topics)
            public.update(_prompt_texts(session.prompts))
        else:
            secret.update((session.title, session.description, *translated))
    secret.update(t.handling_guidance for t in topics)

    for invitation in workshop.invitations:
        person = invitation.person
        secret.add(person.notes)
        secret.add(person.risk_reason)
        secret.add(person.gender)
        secret.update(_inclusion_labels(invitation))
        is_own = own is not None and invitation.uid == own.uid
        if is_own:
            public.update((person.name, person.affiliation, person.email))
        elif viewer.names(workshop, invitation):
            public.update((person.name, person.affiliation))
            secret.add(person.email)
        else:
            secret.update((person.name, person.affiliation, person.email))

    return {s for s in secret - public if s.strip()}


#: How facilitator outputs label the inclusion and fairness fields: no participant output
#: names them at all (the values themselves are numbers and bands, too common to search for).
INCLUSION_LABELS = {
    "age_band": "Age band",
    "per_diem": "Per diem",
    "travel_support": "Travel support",
    "room": "Room provided",
}


def _inclusion_labels(invitation: InvitationData) -> list[str]:
    recorded = {
        "age_band": invitation.person.age_band,
        "per_diem": invitation.per_diem,
        "travel_support": invitation.travel_support,
        "room": invitation.room,
    }
    return [INCLUSION_LABELS[name] for name, value in recorded.items() if value is not None]


def _find_invitation(workshop: WorkshopData, uid: str | None) -> InvitationData | None:
    if uid is None:
        return None
    return next((i for i in workshop.invitations if i.uid == uid), None)


def _own_invitation(workshop: WorkshopData, viewer: Viewer) -> InvitationData | None:
    own = _find_invitation(workshop, viewer.invitation_uid)
    if own is not None and own.person.community != viewer.community:
        raise ValueError(
            f"viewer community {viewer.community!r} does not match invitation "
            f"{own.uid!r} ({own.person.community!r}); use viewer_for_invitation()"
        )
    return own


def _redact_facilitator(facilitator: FacilitatorData) -> FacilitatorData:
    return replace(facilitator, community=None)


def _redact_invitation(invitation: InvitationData, *, is_own: bool) -> InvitationData:
    person: PersonData = invitation.person
    person = replace(
        person,
        notes="",
        email=person.email if is_own else "",
        gender="",
        age_band=None,
        # Nobody's risk level is shown; a high-risk viewer's own entry stays unlisted even
        # when the view is redacted again.
        risk_level=RiskLevel.STANDARD,
        risk_reason="",
        consent_to_list=person.consent_to_list and person.risk_level.named_to_participants,
    )
    # What people receive is the team's business, the viewer's own included.
    return replace(
        invitation,
        person=person,
        per_diem=None,
        travel_support=None,
        room=None,
        preparation=None,
    )


def _redact_topic(topic: TopicData) -> TopicData:
    return replace(topic, handling_guidance="", keywords=())


def _redact_prompt(prompt: PromptData, visible_topic_keys: set[str]) -> PromptData:
    return replace(
        prompt, topic_keys=tuple(k for k in prompt.topic_keys if k in visible_topic_keys)
    )


def _redact_groups(
    groups: tuple[GroupData, ...], own_uid: str | None, member_uids: set[str]
) -> tuple[GroupData, ...]:
    if own_uid is None:
        return ()
    for group in groups:
        if own_uid in group.invitation_uids:
            members = tuple(u for u in group.invitation_uids if u in member_uids)
            return (replace(group, invitation_uids=members),)
    return ()


def _redact_session(
    session: SessionData,
    own_uid: str | None,
    group_member_uids: set[str],
    visible_topic_keys: set[str],
    *,
    whole_groups: bool,
) -> SessionData:
    return replace(
        session,
        facilitator_notes="",
        topics=tuple(_redact_topic(t) for t in session.topics),
        prompts=tuple(_redact_prompt(p, visible_topic_keys) for p in session.prompts),
        groups=session.groups
        if whole_groups
        else _redact_groups(session.groups, own_uid, group_member_uids),
    )


def _prompt_texts(prompts: tuple[PromptData, ...]) -> list[str]:
    texts: list[str] = []
    for prompt in prompts:
        texts.append(prompt.text)
        if prompt.citation is not None:
            c = prompt.citation
            texts.extend((c.source_title, c.author, c.outlet, c.passage_text, c.quote))
    return texts

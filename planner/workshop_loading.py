"""Load one workshop with everything its pages show, and turn it into plain data.

One query helper per page shape (STYLE: queries are planned, not discovered): the
statement count does not grow with the number of sessions or participants.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, raiseload, selectinload

from planner.extensions import db
from planner.models import (
    Invitation,
    Person,
    Prompt,
    SensitiveTopic,
    Session,
    SessionPrompt,
    SmallGroup,
    Source,
    User,
    Workshop,
)
from planner.models.sources import Passage
from planner.workshop_data import (
    CitationData,
    FacilitatorData,
    GroupData,
    InvitationData,
    PersonData,
    PromptData,
    SessionData,
    TopicData,
    VenueData,
    WorkshopData,
)


def workshop_load_options() -> tuple:
    """Eager-loading options for a workshop with everything its pages show.

    Shared by ``load_workshop`` and the list page's batched load, so both plan the same
    queries whatever the number of workshops, sessions or people.
    """
    prompt_load = (
        selectinload(Workshop.sessions)
        .selectinload(Session.prompt_links)
        .joinedload(SessionPrompt.prompt)
    )
    return (
        joinedload(Workshop.venue),
        joinedload(Workshop.owner).selectinload(User.person),
        selectinload(Workshop.co_facilitators).selectinload(User.person),
        selectinload(Workshop.target_segments),
        selectinload(Workshop.invitations).joinedload(Invitation.person).joinedload(Person.segment),
        selectinload(Workshop.sessions).selectinload(Session.topics),
        prompt_load.selectinload(Prompt.topics),
        prompt_load.selectinload(Prompt.segments),
        prompt_load.joinedload(Prompt.passage).joinedload(Passage.source),
        selectinload(Workshop.sessions)
        .selectinload(Session.groups)
        .selectinload(SmallGroup.members),
    )


def load_workshop(uid: str) -> Workshop | None:
    """The workshop with its venue, team, invitations, people, sessions, flags and prompts."""
    return db.session.scalar(
        select(Workshop).where(Workshop.uid == uid).options(*workshop_load_options())
    )


def load_workshop_people(uid: str) -> Workshop | None:
    """The workshop with its venue, team and invitations, but **no sessions**.

    For pages whose agenda comes from a published snapshot (the participant's pages):
    only the live participant list and rules are read from the workshop, so its sessions
    are deliberately not loaded (build its data with ``workshop_data(..., sessions=False)``).
    """
    return db.session.scalar(
        select(Workshop)
        .where(Workshop.uid == uid)
        .options(
            joinedload(Workshop.venue),
            joinedload(Workshop.owner).selectinload(User.person),
            selectinload(Workshop.co_facilitators).selectinload(User.person),
            selectinload(Workshop.target_segments),
            selectinload(Workshop.invitations)
            .joinedload(Invitation.person)
            .joinedload(Person.segment),
            # Never loaded here: a page that reads them by mistake fails loudly.
            raiseload(Workshop.sessions),
        )
    )


def load_catalogue() -> list[SensitiveTopic]:
    return list(db.session.scalars(select(SensitiveTopic).order_by(SensitiveTopic.name)))


def topic_data(topic: SensitiveTopic) -> TopicData:
    return TopicData(
        key=topic.key,
        name=topic.name,
        severity=topic.severity,
        description=topic.description,
        handling_guidance=topic.handling_guidance,
        participant_note=topic.participant_note,
        keywords=tuple(topic.keywords or ()),
    )


def citation_data(prompt: Prompt) -> CitationData | None:
    passage = prompt.passage
    if passage is None:
        return None
    source: Source = passage.source
    return CitationData(
        source_title=source.title,
        author=source.author,
        outlet=source.outlet,
        passage_index=passage.index,
        passage_kind=passage.kind,
        passage_text=passage.text,
        quote=prompt.quote,
    )


def prompt_data(prompt: Prompt) -> PromptData:
    return PromptData(
        key=prompt.key,
        text=prompt.text,
        phase=prompt.phase,
        origin=prompt.origin,
        topic_keys=tuple(t.key for t in prompt.topics),
        segment_keys=tuple(s.key for s in prompt.segments),
        citation=citation_data(prompt),
    )


def person_data(person: Person) -> PersonData:
    return PersonData(
        uid=person.uid,
        name=person.name,
        community=person.community,
        segment_key=person.segment.key if person.segment else None,
        segment_name=person.segment.name if person.segment else "",
        affiliation=person.affiliation,
        languages=tuple(person.languages or ()),
        consent_to_list=person.consent_to_list,
        notes=person.notes,
        email=person.email or "",
    )


def _facilitator(user: User) -> FacilitatorData:
    return FacilitatorData(name=user.name, community=user.person.community if user.person else None)


def _session_data(s: Session, invitation_uid_by_id: dict[int, str] | None) -> SessionData:
    """One session as plain data; with ``invitation_uid_by_id`` None, its prompts and small
    groups are left out (the agenda outline does not load them)."""
    outline = invitation_uid_by_id is None
    return SessionData(
        uid=s.uid,
        day=s.day,
        start=s.start_time,
        duration_minutes=s.duration_minutes,
        title=s.title,
        format=s.format,
        audience=s.audience,
        audience_community=s.audience_community,
        description=s.description,
        facilitator_notes=s.facilitator_notes,
        position=s.position,
        alongside_previous=s.alongside_previous,
        topics=tuple(topic_data(t) for t in s.topics),
        prompts=() if outline else tuple(prompt_data(link.prompt) for link in s.prompt_links),
        groups=()
        if outline
        else tuple(
            GroupData(
                number=g.number,
                invitation_uids=tuple(
                    invitation_uid_by_id[m.invitation_id]
                    for m in g.members
                    if m.invitation_id in invitation_uid_by_id
                ),
            )
            for g in s.groups
        ),
    )


def load_agenda_outline(uid: str) -> Workshop | None:
    """The workshop with its sessions, their topic flags and prompt links (not the prompts):
    what the agenda editor's overview shows, without the people or the prompt library."""
    return db.session.scalar(
        select(Workshop)
        .where(Workshop.uid == uid)
        .options(
            selectinload(Workshop.sessions).selectinload(Session.topics),
            selectinload(Workshop.sessions).selectinload(Session.prompt_links),
        )
    )


def agenda_outline_data(workshop: Workshop) -> WorkshopData:
    """Plain data of a workshop loaded by ``load_agenda_outline``: dates and sessions only."""
    return WorkshopData(
        uid=workshop.uid,
        title=workshop.title,
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        timezone=workshop.timezone,
        confidentiality=workshop.confidentiality,
        sessions=tuple(_session_data(s, None) for s in workshop.sessions),
    )


def workshop_data(
    workshop: Workshop, catalogue: list[SensitiveTopic] | None = None, *, sessions: bool = True
) -> WorkshopData:
    """Plain data for the rules, built from a workshop loaded by ``load_workshop``.

    ``sessions=False`` leaves the agenda out, for a workshop from ``load_workshop_people``.
    """
    invitation_uid_by_id = {inv.id: inv.uid for inv in workshop.invitations}
    agenda = (
        tuple(_session_data(s, invitation_uid_by_id) for s in workshop.sessions) if sessions else ()
    )
    venue = workshop.venue
    return WorkshopData(
        uid=workshop.uid,
        title=workshop.title,
        start_date=workshop.start_date,
        end_date=workshop.end_date,
        timezone=workshop.timezone,
        confidentiality=workshop.confidentiality,
        track=workshop.track,
        status=workshop.status,
        objectives=workshop.objectives,
        context_notes=workshop.context_notes,
        venue=VenueData(
            name=venue.name,
            city=venue.city,
            country=venue.country,
            timezone=venue.timezone,
            neutral_ground=venue.neutral_ground,
            capacity=venue.capacity,
            accessibility_notes=venue.accessibility_notes,
        )
        if venue
        else None,
        working_languages=tuple(workshop.working_languages or ()),
        target_segments=tuple((s.key, s.name) for s in workshop.target_segments),
        owner=_facilitator(workshop.owner),
        co_facilitators=tuple(_facilitator(u) for u in workshop.co_facilitators),
        invitations=tuple(
            InvitationData(
                uid=inv.uid, person=person_data(inv.person), role=inv.role, status=inv.status
            )
            for inv in workshop.invitations
        ),
        sessions=agenda,
        catalogue=tuple(topic_data(t) for t in (catalogue or ())),
    )

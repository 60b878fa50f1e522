"""The reference build of ``WorkshopData``: straight from the models of ``load_workshop``.

The app builds its data with the Core loaders of ``planner.workshop_loading`` (no ORM
objects); the tests compare them with this plain, attribute-by-attribute translation of the
models, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from planner.models import Person, Prompt, SensitiveTopic, Session, Source, User, Workshop
from planner.workshop_data import (
    CitationData,
    FacilitatorData,
    GroupData,
    InvitationData,
    PersonData,
    PromptData,
    SessionData,
    VenueData,
    WorkshopData,
)
from planner.workshop_loading import topic_data


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


def _session_data(s: Session, invitation_uid_by_id: dict[int, str]) -> SessionData:
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
        prompts=tuple(prompt_data(link.prompt) for link in s.prompt_links),
        groups=tuple(
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


def workshop_data(
    workshop: Workshop, catalogue: list[SensitiveTopic] | None = None
) -> WorkshopData:
    """Plain data for the rules, built from a workshop loaded by ``load_workshop``."""
    invitation_uid_by_id = {inv.id: inv.uid for inv in workshop.invitations}
    agenda = tuple(_session_data(s, invitation_uid_by_id) for s in workshop.sessions)
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

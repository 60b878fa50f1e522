"""The reference build of ``WorkshopData``: straight from the models of ``load_workshop``.

The app builds its data with the Core loaders of ``planner.workshop_loading`` (no ORM
objects); the tests compare them with this translation of the models, on SQLite and
PostgreSQL. Both read each record's own fields through the same column maps (so a new
plain field needs no change here); what this reference checks independently is everything
else: which rows belong to which collection, in which order, and how they nest.
"""

from __future__ import annotations

from planner.models import Person, Prompt, SensitiveTopic, Session, User, Workshop
from planner.workshop_data import (
    CitationData,
    FacilitatorData,
    PersonData,
    PromptData,
    SessionData,
    WorkshopData,
)
from planner.workshop_loading import (
    CITATION,
    FACILITATOR,
    GROUP,
    INVITATION,
    PERSON,
    PREPARATION,
    PROMPT,
    SESSION,
    VENUE,
    WORKSHOP,
    topic_data,
)


def citation_data(prompt: Prompt) -> CitationData | None:
    passage = prompt.passage
    if passage is None:
        return None
    source = passage.source
    return CITATION.from_model(
        passage,
        source_title=source.title,
        author=source.author,
        outlet=source.outlet,
        quote=prompt.quote,
    )


def prompt_data(prompt: Prompt) -> PromptData:
    return PROMPT.from_model(
        prompt,
        topic_keys=tuple(t.key for t in prompt.topics),
        segment_keys=tuple(s.key for s in prompt.segments),
        citation=citation_data(prompt),
    )


def person_data(person: Person) -> PersonData:
    segment = person.segment
    return PERSON.from_model(
        person,
        segment_key=segment.key if segment else None,
        segment_name=segment.name if segment else "",
    )


def _facilitator(user: User) -> FacilitatorData:
    return FACILITATOR.from_model(user, community=user.person.community if user.person else None)


def _session_data(s: Session, invitation_uid_by_id: dict[int, str]) -> SessionData:
    return SESSION.from_model(
        s,
        topics=tuple(topic_data(t) for t in s.topics),
        prompts=tuple(prompt_data(link.prompt) for link in s.prompt_links),
        groups=tuple(
            GROUP.from_model(
                g,
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
    return WORKSHOP.from_model(
        workshop,
        venue=VENUE.from_model(workshop.venue) if workshop.venue else None,
        target_segments=tuple((s.key, s.name) for s in workshop.target_segments),
        owner=_facilitator(workshop.owner),
        co_facilitators=tuple(_facilitator(u) for u in workshop.co_facilitators),
        invitations=tuple(
            INVITATION.from_model(
                inv,
                person=person_data(inv.person),
                preparation=PREPARATION.from_model(inv.preparation) if inv.preparation else None,
            )
            for inv in workshop.invitations
        ),
        sessions=tuple(_session_data(s, invitation_uid_by_id) for s in workshop.sessions),
        catalogue=tuple(topic_data(t) for t in (catalogue or ())),
    )

"""Cloning a workshop to new dates (issue 17, item 3): one operation for the page and the CLI.

A clone is a new draft, owned by whoever clones it, that keeps the workshop's design: its
details (objectives, context notes, venue, track, confidentiality, languages, target
segments and the review's design choices) and its agenda, day by day at the same times,
with each session's topic flags, prompts in order and notes. It never takes people: no
invitations (so none of their private links or calendar feeds), no small groups (they are
people), no team, and no published versions (participants have seen nothing of it yet).
Facilitator notes about people live on the people, who are not copied.
"""

from __future__ import annotations

from datetime import date, timedelta

from planner import audit
from planner.agenda import operations as agenda_operations
from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import Session, User, Workshop
from planner.workshop_loading import parity_sides
from planner.workshops import operations as workshop_operations
from planner.workshops.dates import workshop_dates_problem
from planner.workshops.forms import WorkshopValues

#: Session columns beyond the editor's values that a clone keeps as they are: a start fixed
#: in the original stays fixed even where it leaves no gap.
SESSION_COLUMNS = ("fixed_start", "translations")


def _session_values(session: Session, day: date) -> agenda_operations.SessionValues:
    return agenda_operations.SessionValues(
        title=session.title,
        day=day,
        start_time=session.start_time,
        duration_minutes=session.duration_minutes,
        alongside_previous=session.alongside_previous,
        format=session.format,
        audience=session.audience,
        audience_community=session.audience_community,
        description=session.description,
        location=session.location,
        facilitator_notes=session.facilitator_notes,
        topics=tuple(session.topics),
    )


def clone_workshop(
    source: Workshop, owner: User, start_date: date, title: str | None = None
) -> Workshop:
    """A new draft copy of ``source`` starting on ``start_date``, owned by ``owner``.

    The clone lasts as many days as ``source``; each session moves with its day. Refused
    (nothing created) when the new dates are out of bounds.
    """
    shift = start_date - source.start_date
    end_date = source.end_date + shift
    problem = workshop_dates_problem(start_date, end_date)
    if problem:
        raise DomainError(problem)
    clone = workshop_operations.create_workshop(
        owner,
        WorkshopValues(
            title=(title or "").strip() or source.title,
            objectives=source.objectives,
            context_notes=source.context_notes,
            venue=source.venue,
            start_date=start_date,
            end_date=end_date,
            timezone=source.timezone,
            track=source.track,
            confidentiality=source.confidentiality,
            working_languages=list(source.working_languages or ()),
            target_segments=list(source.target_segments),
            format=source.format,
            women_target_percent=source.women_target_percent,
            parity_sides=parity_sides(source.parity_sides),
        ),
    )
    # Whether participants' files may name each other (issue 20): kept as the team chose.
    if clone.names_in_files != source.names_in_files:
        clone.names_in_files = source.names_in_files
    # The translations of the copied texts (issue 19); a new title keeps none of the old one's.
    clone.translations = {
        field: dict(texts)
        for field, texts in (source.translations or {}).items()
        if field != "title" or clone.title == source.title
    }
    for session in source.sessions:
        new = agenda_operations.create_session(
            clone, _session_values(session, session.day + shift), keep_start=True
        )
        for name in SESSION_COLUMNS:
            if getattr(new, name) != getattr(session, name):
                setattr(new, name, getattr(session, name))
        for link in session.prompt_links:
            agenda_operations.attach_prompt(clone, new, link.prompt)
    db.session.flush()
    audit.record(
        "workshop.cloned",
        "workshop",
        clone.uid,
        workshop_uid=clone.uid,
        details={
            "from": source.uid,
            "shift_days": shift // timedelta(days=1),
            "sessions": len(source.sessions),
        },
    )
    return clone

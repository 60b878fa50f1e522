"""From a loaded workshop to a downloadable file: shared by the pages and the CLI.

Choosing the participant viewer, loading the context timeline, running the readiness
review, assembling once and handing the ``Brief`` to the format's renderer all happen
here, so ``views.py`` and ``commands.py`` only parse their input and ask ``access``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from planner.access import Standing
from planner.agenda.publishing import latest_publication, published_workshop
from planner.briefs.assemble import (
    Brief,
    BriefAudience,
    ContextEventData,
    assemble_session_brief,
    assemble_workshop_brief,
)
from planner.briefs.filenames import brief_filenames
from planner.briefs.ics import render_ics
from planner.briefs.render_docx import render_docx
from planner.briefs.render_json import render_json
from planner.briefs.render_md import render_md
from planner.briefs.render_pdf import render_pdf
from planner.briefs.roster import render_roster_csv
from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import AgendaPublication, ContextEvent, User
from planner.participant_view import viewer_for
from planner.readiness import review
from planner.redaction import GENERIC_PARTICIPANT, Viewer, participant_view
from planner.workshop_data import WorkshopData


@dataclass(frozen=True)
class Export:
    """A rendered file and the names to offer it under."""

    content: bytes
    content_type: str
    ascii_name: str
    unicode_name: str


Renderer = Callable[[Brief], bytes]

#: Workshop-brief formats: extension → (media type, renderer).
WORKSHOP_FORMATS: dict[str, tuple[str, Renderer]] = {
    "pdf": ("application/pdf", render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
    "md": ("text/markdown; charset=utf-8", render_md),
    "json": ("application/json", render_json),
}
#: Session-brief formats (issue 5: PDF and Markdown).
SESSION_FORMATS = {k: WORKSHOP_FORMATS[k] for k in ("pdf", "md")}
ICS_TYPE = "text/calendar; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"


class NotPublished(DomainError):
    """A participant asked for an agenda that has never been published."""

    def __init__(self) -> None:
        super().__init__(
            "The agenda of this workshop has not been published yet, so there is nothing to "
            "download. You will see it here once the facilitators publish it."
        )


def now_utc() -> datetime:
    """Naive UTC, as stored everywhere else."""
    return datetime.now(UTC).replace(tzinfo=None)


def viewer_for_standing(data: WorkshopData, user: User | None, standing: Standing) -> Viewer:
    """Whose participant copy to make: a participant gets their own, everyone else the generic one."""
    if user is not None and standing == Standing.PARTICIPANT:
        return viewer_for(data, user)
    return GENERIC_PARTICIPANT


def data_for_standing(workshop_id: int, live: WorkshopData, standing: Standing) -> WorkshopData:
    """What a download is made from: the live workshop for the team and organisers, the
    last published agenda (with the live participant list) for participants.

    Participants see only published agendas (PRODUCT §9); raises ``NotPublished`` before
    the first publication.
    """
    if standing != Standing.PARTICIPANT:
        return live
    publication = latest_publication(workshop_id)
    if publication is None:
        raise NotPublished()
    return published_workshop(publication.snapshot, live)


def load_context() -> list[ContextEventData]:
    """The context timeline for the brief's background section, oldest first."""
    return [
        ContextEventData(
            sort_date=e.sort_date,
            when=e.when,
            title=e.title,
            description=e.description,
            quote=e.quote,
        )
        for e in db.session.scalars(select(ContextEvent).order_by(ContextEvent.sort_date))
    ]


def publication_count(workshop_id: int) -> int:
    """How many times the agenda was published: the ICS SEQUENCE."""
    count = db.session.scalar(
        select(func.count(AgendaPublication.id)).where(AgendaPublication.workshop_id == workshop_id)
    )
    return int(count or 0)


def build_workshop_brief(
    data: WorkshopData, audience: BriefAudience, viewer: Viewer | None, *, generated_at: datetime
) -> Brief:
    """Assemble the workshop brief; the readiness review is run for facilitators only."""
    is_facilitator = audience == BriefAudience.FACILITATOR
    return assemble_workshop_brief(
        data,
        audience,
        viewer=viewer,
        context=load_context(),
        readiness=review(data) if is_facilitator else None,
        generated_at=generated_at,
    )


def _suffix(brief: Brief) -> str:
    return brief.heading.lower()


def workshop_brief_export(
    data: WorkshopData,
    audience: BriefAudience,
    viewer: Viewer | None,
    fmt: str,
    *,
    generated_at: datetime | None = None,
) -> Export:
    """The workshop brief in ``fmt`` (a key of ``WORKSHOP_FORMATS``)."""
    content_type, render = WORKSHOP_FORMATS[fmt]
    brief = build_workshop_brief(data, audience, viewer, generated_at=generated_at or now_utc())
    ascii_name, unicode = brief_filenames(data.title, data.start_date, _suffix(brief), fmt)
    return Export(render(brief), content_type, ascii_name, unicode)


def session_brief_export(
    data: WorkshopData,
    session_uid: str,
    audience: BriefAudience,
    viewer: Viewer | None,
    fmt: str,
    *,
    generated_at: datetime | None = None,
) -> Export:
    """One session's brief in ``fmt``. Raises ``KeyError`` if the audience may not see it."""
    content_type, render = SESSION_FORMATS[fmt]
    brief = assemble_session_brief(
        data, session_uid, audience, viewer=viewer, generated_at=generated_at or now_utc()
    )
    session = brief.sessions[0].session
    ascii_name, unicode = brief_filenames(
        f"{data.title} {session.title}", session.day, _suffix(brief), fmt
    )
    return Export(render(brief), content_type, ascii_name, unicode)


def calendar_export(data: WorkshopData, viewer: Viewer, *, sequence: int) -> Export:
    """The participant agenda of ``viewer`` as ICS."""
    view = participant_view(data, viewer)
    ascii_name, unicode = brief_filenames(data.title, data.start_date, "agenda", "ics")
    return Export(render_ics(view, sequence=sequence), ICS_TYPE, ascii_name, unicode)


def roster_export(data: WorkshopData, *, generated_at: datetime | None = None) -> Export:
    """The facilitators' roster as CSV."""
    brief = assemble_workshop_brief(
        data,
        BriefAudience.FACILITATOR,
        viewer=None,
        context=(),
        readiness=None,
        generated_at=generated_at or now_utc(),
    )
    ascii_name, unicode = brief_filenames(data.title, data.start_date, "roster", "csv")
    return Export(render_roster_csv(brief), CSV_TYPE, ascii_name, unicode)

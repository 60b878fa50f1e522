"""The one export operation: from a workshop to a downloadable file, for pages, CLI and feeds.

:func:`export` chooses the data for the reader's standing (the live draft for the team and
organisers, the last published agenda for participants), chooses whose participant copy
it is, assembles the brief once, renders it in the asked format and writes one audit
event ("brief.exported", with what, format and audience only). The views, the ``export``
command and the private calendar feed ask ``access`` first and then call it; none of them
builds a brief or a calendar itself.

Each file is written in one language (issue 19), chosen by :func:`output_language`: a
participant's own copy in theirs (``planner.i18n.participant_language``), "the participant
brief" an organiser exports in the one they ask for, a facilitator's file in the reader's
interface language. It is rendered under ``flask_babel.force_locale``, so its words and
CLDR dates follow, and the shared cache keys it by that language too.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import force_locale
from sqlalchemy import Row, select

from planner import access, audit, caching
from planner.agenda.publishing import latest_publication, published_workshop
from planner.briefs.assemble import (
    Brief,
    BriefAudience,
    BriefKind,
    ContextEventData,
    Section,
    assemble_session_brief,
    assemble_workshop_brief,
    brief_sections,
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
from planner.i18n import current as current_language
from planner.i18n import gettext, participant_language, supported
from planner.live.outcomes import WhatHappened
from planner.live.queries import what_happened
from planner.models import AgendaPublication, ContextEvent, Invitation, Person, User
from planner.participant_view import viewer_for
from planner.readiness import review
from planner.redaction import GENERIC_PARTICIPANT, Viewer, participant_view, viewer_for_invitation
from planner.workshop_data import WorkshopData
from planner.workshop_loading import workshop_page_data, workshop_people_data


class ExportKind(enum.StrEnum):
    """What can be exported (PRODUCT §8); the value is the audit event's "export"."""

    WORKSHOP_BRIEF = "workshop brief"
    SESSION_BRIEF = "session brief"
    CALENDAR = "calendar"
    ROSTER = "roster"


@dataclass(frozen=True)
class Export:
    """A rendered file and the names to offer it under."""

    content: bytes
    content_type: str
    ascii_name: str
    unicode_name: str


Renderer = Callable[[Brief], bytes]

_BRIEF_FORMATS: dict[str, tuple[str, Renderer]] = {
    "pdf": ("application/pdf", render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
    "md": ("text/markdown; charset=utf-8", render_md),
    "json": ("application/json", render_json),
}
ICS_TYPE = "text/calendar; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"

#: The formats of each export (PRODUCT §8), in the order the exports page offers them.
FORMATS: dict[ExportKind, tuple[str, ...]] = {
    ExportKind.WORKSHOP_BRIEF: ("pdf", "docx", "md", "json"),
    ExportKind.SESSION_BRIEF: ("pdf", "md"),
    ExportKind.CALENDAR: ("ics",),
    ExportKind.ROSTER: ("csv",),
}
#: The audiences of each export (PRODUCT §8).
AUDIENCES: dict[ExportKind, tuple[BriefAudience, ...]] = {
    ExportKind.WORKSHOP_BRIEF: tuple(BriefAudience),
    ExportKind.SESSION_BRIEF: tuple(BriefAudience),
    ExportKind.CALENDAR: (BriefAudience.PARTICIPANT,),
    ExportKind.ROSTER: (BriefAudience.FACILITATOR,),
}
#: What ``access`` is asked before an export for each audience.
ACTIONS = {
    BriefAudience.FACILITATOR: access.Action.EXPORT_FACILITATOR,
    BriefAudience.PARTICIPANT: access.Action.EXPORT_PARTICIPANT,
}


class NotPublished(DomainError):
    """A participant asked for an agenda that has never been published."""

    def __init__(self) -> None:
        super().__init__(
            gettext(
                "The agenda of this workshop has not been published yet, so there is nothing "
                "to download. You will see it here once the facilitators publish it."
            )
        )


@dataclass(frozen=True)
class Reader:
    """Whom an export is made for: their standing in the workshop, and who they are.

    ``user`` is the signed-in reader; ``invitation_uid`` the invitation a private link
    belongs to. Neither (the command line) gives the generic participant copy.
    """

    standing: access.Standing
    user: User | None = None
    invitation_uid: str | None = None
    #: The language asked for: an organiser's choice for "the participant brief", or what
    #: a private link's holder chose with the switcher (``None``: nothing asked).
    language: str | None = None

    @classmethod
    def private_link(cls, invitation_uid: str, language: str | None = None) -> Reader:
        return cls(access.PRIVATE_LINK_STANDING, invitation_uid=invitation_uid, language=language)


@dataclass(frozen=True)
class _Source:
    """What an export is made from: the data, and the publication it is, if it is one."""

    data: WorkshopData
    publication: AgendaPublication | None
    sequence: int


def now_utc() -> datetime:
    """Naive UTC, as stored everywhere else."""
    return datetime.now(UTC).replace(tzinfo=None)


def _source(workshop: Row, reader: Reader, *, empty_before_publication: bool) -> _Source:
    """The live draft for the team and organisers; for participants the last published
    agenda with the live participant list (PRODUCT §9).

    Before the first publication a participant gets ``NotPublished``, or, for a feed
    (``empty_before_publication``), the workshop without sessions.
    """
    latest = latest_publication(workshop.id)
    sequence = latest.number if latest is not None else 0
    if access.exports_live_draft(reader.standing):
        return _Source(workshop_page_data(workshop), None, sequence)
    # The agenda comes from the snapshot, so only the live participant list is loaded.
    live = workshop_people_data(workshop)
    if latest is not None:
        return _Source(published_workshop(latest.snapshot, live), latest, sequence)
    if empty_before_publication:
        return _Source(dataclasses.replace(live, sessions=()), None, sequence)
    raise NotPublished()


def _viewer(data: WorkshopData, reader: Reader) -> Viewer:
    """Whose participant copy to make: a participant gets their own, everyone else the
    generic one (joint sessions, listed people only)."""
    if access.exports_live_draft(reader.standing):
        return GENERIC_PARTICIPANT
    if reader.invitation_uid is not None:
        return viewer_for_invitation(data, reader.invitation_uid)
    if reader.user is not None:
        return viewer_for(data, reader.user)
    return GENERIC_PARTICIPANT


def _own_languages(reader: Reader, viewer: Viewer) -> list[str | None]:
    """What a participant chose, most explicit first: their person's own language, the
    one asked for now (the switcher of a private page), then their account's (which is
    English until they choose)."""
    if reader.user is not None:
        person, account = reader.user.person, reader.user
    elif viewer.invitation_uid is not None:
        person = db.session.scalar(
            select(Person).join(Invitation).where(Invitation.uid == viewer.invitation_uid)
        )
        account = person.user if person is not None else None
    else:
        person = account = None
    return [
        getattr(person, "preferred_language", None),
        reader.language,
        account.preferred_language if account is not None else None,
    ]


def output_language(
    audience: BriefAudience, data: WorkshopData, reader: Reader, viewer: Viewer
) -> str:
    """The language of the file: see the module's docstring."""
    if audience == BriefAudience.FACILITATOR:
        return current_language()
    if access.exports_live_draft(reader.standing):
        # "The participant brief" of the team or an organiser: the language they ask for.
        return supported(reader.language) or current_language()
    return participant_language(_own_languages(reader, viewer), data.working_languages)


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


def _calendar_stamp(source: _Source, generated_at: datetime) -> datetime:
    """The DTSTAMP: when the published agenda was issued, so that a calendar polling the
    same version gets the same file; the export's own time for the live draft."""
    issued = source.publication.published_at if source.publication else generated_at
    # The database keeps naive UTC; the calendar needs to be told it is UTC.
    return issued.replace(tzinfo=UTC)


#: Formats slow enough to render (a facilitator PDF takes seconds) that each file is
#: remembered in the shared cache per everything it is made from (planner.caching).
REMEMBERED_FORMATS = frozenset({"pdf", "docx"})


def _render_remembered(
    what: ExportKind,
    fmt: str,
    audience: BriefAudience,
    source: _Source,
    viewer: Viewer,
    session_uid: str | None,
    generated_at: datetime | None,
) -> Export:
    """``_render``, remembered for the slow formats. The key digests every input: the data,
    the publication, the reader's view, the context timeline and the code. A remembered
    file says when it was first generated (from the same data), unless ``generated_at`` is
    given, which is then part of the key."""
    context = tuple(load_context()) if what == ExportKind.WORKSHOP_BRIEF else ()
    happened = (
        what_happened(source.data.uid)
        if what == ExportKind.WORKSHOP_BRIEF and audience == BriefAudience.FACILITATOR
        else None
    )

    def render() -> Export:
        return _render(
            what,
            fmt,
            audience,
            source,
            viewer,
            session_uid,
            generated_at or now_utc(),
            context,
            happened,
        )

    if fmt not in REMEMBERED_FORMATS:
        return render()
    key = caching.fingerprint(
        what.value,
        fmt,
        audience.value,
        source.data,
        source.sequence,
        source.publication.id if source.publication is not None else None,
        viewer,
        session_uid,
        context,
        happened,
        generated_at,
    )
    return caching.remember("export", key, render)


def _render(
    what: ExportKind,
    fmt: str,
    audience: BriefAudience,
    source: _Source,
    viewer: Viewer,
    session_uid: str | None,
    generated_at: datetime,
    context: tuple[ContextEventData, ...] = (),
    happened: WhatHappened | None = None,
) -> Export:
    data = source.data
    if what == ExportKind.CALENDAR:
        body = render_ics(
            participant_view(data, viewer),
            sequence=source.sequence,
            stamp=_calendar_stamp(source, generated_at),
        )
        names = brief_filenames(data.title, data.start_date, "agenda", "ics")
        return Export(body, ICS_TYPE, *names)
    if what == ExportKind.ROSTER:
        brief = assemble_workshop_brief(
            data, audience, viewer=None, context=(), readiness=None, generated_at=generated_at
        )
        names = brief_filenames(data.title, data.start_date, "roster", "csv")
        return Export(render_roster_csv(brief), CSV_TYPE, *names)
    content_type, render = _BRIEF_FORMATS[fmt]
    if what == ExportKind.SESSION_BRIEF:
        brief = assemble_session_brief(
            data, session_uid, audience, viewer=viewer, generated_at=generated_at
        )
        session = brief.sessions[0].session
        title, day = f"{data.title} {session.title}", session.day
    else:
        brief = assemble_workshop_brief(
            data,
            audience,
            viewer=viewer,
            context=list(context),
            # The review is run only for a brief that has the section.
            readiness=review(data)
            if Section.READINESS
            in brief_sections(BriefKind.WORKSHOP, audience, data.confidentiality)
            else None,
            generated_at=generated_at,
            what_happened=happened,
        )
        title, day = data.title, data.start_date
    names = brief_filenames(title, day, brief.heading.lower(), fmt)
    return Export(render(brief), content_type, *names)


def export(
    workshop: Row,
    what: ExportKind,
    fmt: str,
    audience: BriefAudience,
    reader: Reader,
    *,
    actor: User | None,
    session_uid: str | None = None,
    empty_before_publication: bool = False,
    generated_at: datetime | None = None,
    audited: bool = True,
) -> Export:
    """Export ``workshop`` (its ``load_workshop_head`` row) for ``reader``; audit it.

    The caller has asked ``access`` (``ACTIONS[audience]``) and commits. ``fmt`` and
    ``audience`` must be among ``FORMATS[what]`` and ``AUDIENCES[what]``. Raises
    ``NotPublished`` for a participant before the first publication (a calendar feed asks
    for an empty calendar instead with ``empty_before_publication``), and ``KeyError`` for
    a session brief of a session this audience may not see. ``audited=False`` is for a
    calendar app polling a subscription: not a person's download, and every few minutes for
    months, so it would bury the log (and record a participant's activity) to no purpose.
    """
    if fmt not in FORMATS[what] or audience not in AUDIENCES[what]:
        raise ValueError(f"No {audience} {what} in {fmt}.")
    source = _source(workshop, reader, empty_before_publication=empty_before_publication)
    viewer = _viewer(source.data, reader)
    language = output_language(audience, source.data, reader, viewer)
    # The cache's key carries the forced language too (planner.caching.entry_key).
    with force_locale(language):
        result = _render_remembered(what, fmt, audience, source, viewer, session_uid, generated_at)
    details = {"export": what.value, "format": fmt, "audience": audience.value}
    if session_uid is not None:
        details["session"] = session_uid
    if not audited:
        return result
    audit.record(
        "brief.exported",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details=details,
        actor=actor,
    )
    db.session.flush()
    return result

"""Publishing the agenda: snapshots of a workshop, and what changed between two of them.

Facilitators edit the agenda freely; participants see only the last *published* version
(PRODUCT §9). Publishing stores what participants may see of the
:class:`~planner.workshop_data.WorkshopData` as a JSON-able snapshot (``to_snapshot``): its
participant view for :data:`~planner.redaction.EVERY_PARTICIPANT`, with no facilitator notes,
handling guidance, unlisted people or facilitators-only sessions. Each participant's own view
is computed from it at read time with :func:`planner.redaction.participant_view` (their
community and small group differ).

At read time the agenda comes from the snapshot, but the participant list and the
confidentiality rule come from the live workshop (``published_workshop``): someone who
withdraws their consent to be listed, or a workshop switched to off the record, must be
hidden at once, not at the next publication.

Change summaries (``summarise_changes``) compare two views that are already redacted, so they
can never mention facilitator-only content; a publication's stored summary is computed on the
generic participant view (``publication_summary``).

The pure part of this module touches neither the request nor SQLAlchemy; only
``publish_agenda`` and ``latest_publication`` touch the database. Summaries are worded with
Flask-Babel's ``gettext`` in the language they are made in (English outside a request).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Callable
from datetime import date, time
from typing import Any

from planner.agenda.timing import format_day
from planner.i18n import format_date, format_time, gettext
from planner.redaction import EVERY_PARTICIPANT, GENERIC_PARTICIPANT, Viewer, participant_view
from planner.workshop_data import SessionData, WorkshopData

if typing.TYPE_CHECKING:
    from sqlalchemy import Row

    from planner.models import AgendaPublication, User, Workshop

#: Bumped if the snapshot's shape ever changes incompatibly. 2: only what participants see.
SNAPSHOT_FORMAT = 2

# The English of the two summaries that are not changes; a summary says them in the language
# it is made in (``gettext``), and ``nothing_visible`` recognises the second in any language.
FIRST_PUBLICATION = "First published version of the agenda."
NO_VISIBLE_CHANGES = "No changes to what participants see."


def _first_publication() -> str:
    return gettext("First published version of the agenda.")


def _no_visible_changes() -> str:
    return gettext("No changes to what participants see.")


def nothing_visible(lines: list[str]) -> bool:
    """Whether a summary says only that participants see no change (in the language it was
    made in: the reader's, or English)."""
    return lines in ([NO_VISIBLE_CHANGES], [_no_visible_changes()])


# Snapshots ---------------------------------------------------------------------------------


#: Types a snapshot stores as they are (exactly these: a ``StrEnum`` is stored by value).
_AS_IS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _to_json(value: Any) -> Any:
    kind = type(value)
    if kind in _AS_IS:
        return value
    if dataclasses.is_dataclass(kind):
        return {name: _to_json(getattr(value, name)) for name in _field_names(kind)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    return value


def to_snapshot(data: WorkshopData) -> dict:
    """A JSON-able dict of what participants may see of ``data`` (enums as values, dates and
    times as ISO strings): its view for ``EVERY_PARTICIPANT``, so nothing facilitator-only is
    ever stored in a publication (the topic catalogue included). Nor is the participant list:
    pages read it live (``published_workshop``), so no publication keeps a name, an
    affiliation or an address in plain text (issue 20); groups keep invitation uids."""
    snapshot = _to_json(published_view(data))
    snapshot["_format"] = SNAPSHOT_FORMAT
    return snapshot


def published_view(data: WorkshopData) -> WorkshopData:
    """What a publication of ``data`` keeps, as data: ``from_snapshot(to_snapshot(data))``
    without the JSON in between."""
    return dataclasses.replace(participant_view(data, EVERY_PARTICIPANT), invitations=())


@functools.cache
def _field_hints(kind: type) -> dict[str, Any]:
    """A dataclass's field types, resolved once (resolving them is the slow part)."""
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind)}


def _identity(value: Any) -> Any:
    return value


@functools.cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """A function turning the JSON of a ``kind`` back into one, worked out once per type.

    Fields stored as they are (strings, numbers, booleans) are copied without a call.
    """
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(kind) if a is not type(None)]
        decode_inner = _decoder(inner)
        if decode_inner is _identity:
            return _identity
        return lambda value: None if value is None else decode_inner(value)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            if item is _identity:
                return tuple
            return lambda value: tuple(item(v) for v in value)
        items = tuple(_decoder(a) for a in args)
        return lambda value: tuple(d(v) for d, v in zip(items, value, strict=True))
    if dataclasses.is_dataclass(kind):
        fields = {name: _decoder(hint) for name, hint in _field_hints(kind).items()}

        def decode(value: dict) -> Any:
            return kind(
                **{
                    k: v if (d := fields[k]) is _identity else d(v)
                    for k, v in value.items()
                    if k in fields
                }
            )

        return decode
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    if kind is date:
        return date.fromisoformat
    if kind is time:
        return time.fromisoformat
    return _identity


def _from_json(kind: Any, value: Any) -> Any:
    return _decoder(kind)(value)


def from_snapshot(snapshot: dict) -> WorkshopData:
    """Rebuild the :class:`WorkshopData` that ``to_snapshot`` stored."""
    return _from_json(WorkshopData, snapshot)


def published_workshop(snapshot: dict, live: WorkshopData | None) -> WorkshopData:
    """The published agenda, with the live participant list and confidentiality rule.

    ``live`` is the workshop as it is now (``None`` uses the snapshot alone, e.g. in tests).
    """
    if live is None:
        return from_snapshot(snapshot)
    # The snapshot's own participant list is replaced: it is not decoded at all.
    published = from_snapshot({k: v for k, v in snapshot.items() if k != "invitations"})
    return dataclasses.replace(
        published, invitations=live.invitations, confidentiality=live.confidentiality
    )


# Change summaries --------------------------------------------------------------------------


def _when(session: SessionData) -> str:
    return gettext(
        "%(day)s at %(time)s", day=format_day(session.day), time=format_time(session.start)
    )


def _span(session: SessionData) -> str:
    return f"{format_time(session.start)}–{format_time(session.ends_at)}"


def _dates(data: WorkshopData) -> str:
    if data.start_date == data.end_date:
        return format_date(data.start_date)
    return f"{format_date(data.start_date)} – {format_date(data.end_date)}"


def _venue(data: WorkshopData) -> str:
    if data.venue is None:
        return gettext("to be announced")
    return f"{data.venue.name}, {data.venue.city}"


def _session_changes(old: SessionData, new: SessionData) -> list[str]:
    lines = []
    title = new.title
    if old.title != new.title:
        lines.append(gettext("Renamed: “%(old)s” is now “%(new)s”.", old=old.title, new=new.title))
    if old.day != new.day:
        lines.append(
            gettext(
                "Moved: “%(title)s” is now on %(now)s (was %(was)s).",
                title=title,
                now=_when(new),
                was=_when(old),
            )
        )
    elif (old.start, old.duration_minutes) != (new.start, new.duration_minutes):
        lines.append(
            gettext(
                "New time: “%(title)s” is now %(now)s (was %(was)s).",
                title=title,
                now=_span(new),
                was=_span(old),
            )
        )
    if old.description != new.description:
        lines.append(gettext("New description for “%(title)s”.", title=title))
    old_notes = [t.participant_note for t in old.topics]
    new_notes = [t.participant_note for t in new.topics]
    if old_notes != new_notes:
        lines.append(gettext("Updated notes on sensitive topics for “%(title)s”.", title=title))
    if [p.text for p in old.prompts] != [p.text for p in new.prompts]:
        lines.append(gettext("Updated discussion prompts for “%(title)s”.", title=title))
    if old.groups != new.groups and new.groups:
        lines.append(gettext("Your small group for “%(title)s” has changed.", title=title))
    if old.translations != new.translations:
        lines.append(gettext("Updated translations for “%(title)s”.", title=title))
    return lines


def summarise_changes(before: WorkshopData | None, after: WorkshopData) -> list[str]:
    """What changed from ``before`` to ``after``, in plain words, one sentence per change.

    Both arguments must be participant views (``participant_view``): only what a participant
    sees is compared, so nothing facilitator-only can appear. ``before`` is ``None`` for the
    first publication.
    """
    if before is None:
        return [_first_publication()]
    lines: list[str] = []
    if before.title != after.title:
        lines.append(gettext("The workshop is now called “%(title)s”.", title=after.title))
    if (before.start_date, before.end_date) != (after.start_date, after.end_date):
        lines.append(
            gettext("New dates: %(now)s (were %(was)s).", now=_dates(after), was=_dates(before))
        )
    if before.venue != after.venue:
        if (
            before.venue is not None
            and after.venue is not None
            and ((before.venue.name, before.venue.city) == (after.venue.name, after.venue.city))
        ):
            lines.append(gettext("Updated venue details."))
        else:
            lines.append(
                gettext("New venue: %(now)s (was %(was)s).", now=_venue(after), was=_venue(before))
            )
    if before.timezone != after.timezone:
        lines.append(
            gettext(
                "Times are now given in %(now)s (was %(was)s).",
                now=after.timezone,
                was=before.timezone,
            )
        )
    if before.objectives != after.objectives:
        lines.append(gettext("Updated objectives."))
    if before.translations != after.translations:
        lines.append(gettext("Updated translations of the workshop's title or objectives."))

    old_sessions = {s.uid: s for s in before.sessions}
    new_sessions = {s.uid: s for s in after.sessions}
    for session in after.sessions_in_order:
        old = old_sessions.get(session.uid)
        if old is None:
            lines.append(
                gettext("Added: “%(title)s” on %(when)s.", title=session.title, when=_when(session))
            )
        else:
            lines.extend(_session_changes(old, session))
    for session in before.sessions_in_order:
        if session.uid not in new_sessions:
            lines.append(
                gettext(
                    "Removed: “%(title)s” (was on %(when)s).",
                    title=session.title,
                    when=_when(session),
                )
            )
    return lines or [_no_visible_changes()]


def publication_summary(previous: dict | None, current: dict) -> list[str]:
    """The stored summary of a publication: changes in the generic participant view."""
    return _summary(previous, from_snapshot(current))


def _summary(previous: dict | None, current: WorkshopData) -> list[str]:
    before = participant_view(from_snapshot(previous), GENERIC_PARTICIPANT) if previous else None
    return summarise_changes(before, participant_view(current, GENERIC_PARTICIPANT))


def unpublished_changes(published: dict | None, data: WorkshopData) -> tuple[str, ...]:
    """What participants would see change if ``data`` were published over the ``published``
    snapshot (the sentences the publish page lists); empty when nothing they see changed,
    and before the first publication, when there is no published agenda to differ from."""
    if published is None:
        return ()
    # As publishing would summarise it, without writing the snapshot out and reading it back.
    lines = _summary(published, published_view(data))
    return () if nothing_visible(lines) else tuple(lines)


def changes_for_viewer(
    previous: dict, current: dict, live: WorkshopData | None, viewer: Viewer
) -> list[str]:
    """What changed for one participant between two publications, in their own view."""
    return summarise_changes(
        participant_view(published_workshop(previous, live), viewer),
        participant_view(published_workshop(current, live), viewer),
    )


# Operations --------------------------------------------------------------------------------


def latest_publication(workshop_id: int) -> AgendaPublication | None:
    """The workshop's most recent publication, or ``None`` before the first one."""
    from sqlalchemy import select

    from planner.extensions import db
    from planner.models import AgendaPublication

    return db.session.scalar(
        select(AgendaPublication)
        .where(AgendaPublication.workshop_id == workshop_id)
        .order_by(AgendaPublication.number.desc())
        .limit(1)
    )


def publish_agenda(
    workshop: Workshop | Row, data: WorkshopData, actor: User | None
) -> AgendaPublication:
    """Publish ``workshop``'s agenda as it is now (``data`` built from it); flush and audit.

    ``workshop`` is the model or its ``load_workshop_head`` row: only its id and uid are read.

    The caller commits. Two facilitators publishing at the same instant collide on the
    (workshop, number) unique constraint, so one of them gets an IntegrityError at flush.
    """
    from planner import audit
    from planner.extensions import db
    from planner.models import AgendaPublication

    previous = latest_publication(workshop.id)
    snapshot = to_snapshot(data)
    publication = AgendaPublication(
        workshop_id=workshop.id,
        number=(previous.number + 1) if previous else 1,
        published_by_id=actor.id if actor else None,
        snapshot=snapshot,
        change_summary=publication_summary(previous.snapshot if previous else None, snapshot),
    )
    db.session.add(publication)
    db.session.flush()
    audit.record(
        "agenda.published",
        "agenda_publication",
        publication.number,
        workshop_uid=workshop.uid,
        details={"number": publication.number},
        actor=actor,
    )
    return publication

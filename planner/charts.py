"""Pictures of a workshop, drawn on the server as inline SVG (PRODUCT §9).

Two charts: the composition of participants (community × segment) and one day's agenda
as a timeline with its sensitive sessions marked. Both are pure functions of
``WorkshopData``, so the workshop page, the agenda builder and the PDF briefs draw the
same pictures. Nothing here touches the request or the database: the words come from
Flask-Babel's ``gettext`` and the CLDR dates of ``planner.i18n``, which give English outside
a request.

The SVG uses presentation attributes (``fill=``, ``stroke=``), never ``style=``: the
Content-Security-Policy blocks inline style attributes. Every piece of text is escaped.
Colours are the app's greys, slate and one plum accent; no flag colours, and nothing is
told by colour alone — counts are written as numbers and sensitive sessions carry a
hatch pattern, an icon and a word.

Every word is in the reader's language (``gettext`` returns English outside a request),
and the layout is measured, not assumed: texts are sized with the advance widths of DejaVu
Sans (the PDF's font, and wider than the usual screen fonts), so the label column grows for
a long Russian or Armenian community name, the legend wraps, and a label too long for its
box is shortened with "…", its whole text kept in the ``<title>`` and ``aria-label``.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from markupsafe import Markup, escape

from planner.agenda.timing import FreeTime, Slot, free_time
from planner.i18n import format_date, gettext, label, ngettext
from planner.languages import N_
from planner.vocabulary import (
    ACTIVE_INVITATION_STATUSES,
    SIDES,
    Community,
    InvitationRole,
    Severity,
)
from planner.workshop_data import SessionData, WorkshopData, agenda_order

# The palette of static/css/app.css.
INK = "#1f2933"
MUTED = "#52606d"
LINE = "#cbd2d9"
WASH = "#f5f7fa"
PALE = "#e4e7eb"
SLATE = "#334e68"
SLATE_PALE = "#d9e2ec"
ACCENT = "#5b3f7a"
ACCENT_PALE = "#efe9f5"
FONT = "system-ui, 'Noto Sans', 'Noto Sans Armenian', 'DejaVu Sans', sans-serif"

#: Segment key used for people with no segment recorded.
NO_SEGMENT = ""
NO_SEGMENT_NAME = N_("No segment")

_SENSITIVE = (Severity.HIGH, Severity.CRITICAL)


# --------------------------------------------------------------------------- composition


@dataclass(frozen=True)
class Cell:
    """Participants of one community in one segment: still invited, and of those confirmed."""

    invited: int = 0
    confirmed: int = 0

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.invited + other.invited, self.confirmed + other.confirmed)


@dataclass(frozen=True)
class Composition:
    """The community × segment matrix of a workshop's participants.

    ``segments`` are ``(key, name)`` pairs: the workshop's target segments first (so an
    empty target segment shows as a gap), then any other segment present, then
    ``NO_SEGMENT`` if someone has none. ``communities`` always holds the two sides.
    """

    communities: tuple[Community, ...]
    segments: tuple[tuple[str, str], ...]
    cells: dict[tuple[Community, str], Cell] = field(default_factory=dict)

    def cell(self, community: Community, segment_key: str) -> Cell:
        return self.cells.get((community, segment_key), Cell())

    def community_total(self, community: Community) -> Cell:
        return sum((self.cell(community, key) for key, _ in self.segments), Cell())

    def segment_total(self, segment_key: str) -> Cell:
        return sum((self.cell(c, segment_key) for c in self.communities), Cell())

    @property
    def total(self) -> Cell:
        return sum((self.community_total(c) for c in self.communities), Cell())

    @property
    def is_empty(self) -> bool:
        return self.total.invited == 0


def composition_matrix(workshop: WorkshopData) -> Composition:
    """Count participants (role participant only) by community × segment.

    "Invited" counts everyone whose invitation is still open or accepted (invited,
    confirmed, attended); "confirmed" counts those confirmed or attended. Declined and
    withdrawn people are left out: they say nothing about who will be in the room.
    """
    cells: dict[tuple[Community, str], Cell] = {}
    segment_names: dict[str, str] = {}
    present: set[Community] = set()
    for invitation in workshop.invitations:
        if invitation.role != InvitationRole.PARTICIPANT:
            continue
        if invitation.status not in ACTIVE_INVITATION_STATUSES:
            continue
        person = invitation.person
        key = person.segment_key or NO_SEGMENT
        segment_names.setdefault(key, person.segment_name or NO_SEGMENT_NAME)
        present.add(person.community)
        confirmed = 1 if invitation.is_confirmed_participant else 0
        cells[(person.community, key)] = cells.get((person.community, key), Cell()) + Cell(
            1, confirmed
        )

    segments: list[tuple[str, str]] = list(workshop.target_segments)
    targeted = {key for key, _ in segments}
    others = sorted(
        ((k, n) for k, n in segment_names.items() if k not in targeted and k != NO_SEGMENT),
        key=lambda pair: pair[1].casefold(),
    )
    segments.extend(others)
    if NO_SEGMENT in segment_names:
        segments.append((NO_SEGMENT, NO_SEGMENT_NAME))
    communities = tuple(c for c in Community if c in SIDES or c in present)
    return Composition(communities=communities, segments=tuple(segments), cells=cells)


def _segment_name(key: str, name: str) -> str:
    return gettext(name) if key == NO_SEGMENT else name


def _of(confirmed: int, invited: int) -> str:
    return gettext("%(confirmed)s of %(invited)s", confirmed=confirmed, invited=invited)


#: The composition chart's width, and the widest its label column may grow.
COMPOSITION_WIDTH = 640
LABEL_COLUMN_MAX = 230


def composition_svg(composition: Composition) -> Markup:
    """A grouped bar chart of ``composition``: per segment, one bar per community.

    The pale bar is the number invited, the plum bar inside it the number confirmed, and
    both numbers are written beside the bars. The label column is as wide as the longest
    community's name (up to ``LABEL_COLUMN_MAX``), the bars take what is left.
    """
    width = COMPOSITION_WIDTH
    names = {c: label(c) for c in composition.communities}
    counts = {
        (c, k): _of(composition.cell(c, k).confirmed, composition.cell(c, k).invited)
        for c in composition.communities
        for k, _ in composition.segments
    }
    label_width = min(
        max((text_width(n, 12) for n in names.values()), default=40.0), LABEL_COLUMN_MAX
    )
    label_right = 8 + label_width
    bar_left = label_right + 10
    count_width = max((text_width(t, 12) for t in counts.values()), default=40.0)
    bar_room = max(80.0, width - bar_left - count_width - 16)
    row = 22
    group_head = 24
    largest = max(
        (
            composition.cell(c, k).invited
            for c in composition.communities
            for k, _ in composition.segments
        ),
        default=0,
    )
    scale = bar_room / max(largest, 1)

    legend, top = _legend(
        [
            (
                f'<rect x="{{x}}" y="{{y0}}" width="14" height="14" fill="{PALE}" stroke="{MUTED}"/>',
                20,
                gettext("Number invited"),
                INK,
            ),
            (
                f'<rect x="{{x}}" y="{{y3}}" width="14" height="8" fill="{ACCENT}"/>',
                20,
                gettext("Number confirmed"),
                INK,
            ),
            ("", 0, gettext("Numbers: confirmed of invited"), MUTED),
        ],
        width,
    )
    body: list[str] = []
    y = top
    for key, segment in composition.segments:
        shown = _segment_name(key, segment)
        body.append(_text(8, y + 16, shown, weight="700", room=width - 16))
        y += group_head
        for community in composition.communities:
            cell = composition.cell(community, key)
            whole = gettext(
                "%(community)s: %(confirmed)s confirmed of %(invited)s invited",
                community=names[community],
                confirmed=cell.confirmed,
                invited=cell.invited,
            )
            body.append(f"<g><title>{escape(shown)} — {escape(whole)}</title>")
            body.append(
                _text(label_right, y + 14, names[community], anchor="end", room=label_width)
            )
            body.append(
                f'<rect x="{_n(bar_left)}" y="{y + 2}" width="{_n(bar_room)}" '
                f'height="{row - 6}" fill="{WASH}" stroke="{LINE}"/>'
            )
            if cell.invited:
                body.append(
                    f'<rect x="{_n(bar_left)}" y="{y + 2}" width="{_n(cell.invited * scale)}" '
                    f'height="{row - 6}" fill="{PALE}" stroke="{MUTED}"/>'
                )
            if cell.confirmed:
                body.append(
                    f'<rect x="{_n(bar_left)}" y="{y + 5}" '
                    f'width="{_n(cell.confirmed * scale)}" height="{row - 12}" fill="{ACCENT}"/>'
                )
            body.append(_text(bar_left + bar_room + 8, y + 14, counts[(community, key)]))
            body.append("</g>")
            y += row
        y += 6
    if not composition.segments:
        body.append(
            _text(8, y + 16, gettext("No participants invited yet."), colour=MUTED, room=width - 16)
        )
        y += group_head
    height = y + 8
    title = gettext("Composition of participants by community and segment")
    return _svg(
        "composition",
        width,
        height,
        title,
        _composition_description(composition),
        legend + "".join(body),
    )


def _legend(items: list[tuple[str, float, str, str]], width: float) -> tuple[str, float]:
    """Legend entries (a swatch drawn at ``{x}``, its width, a text, the text's colour) laid
    out left to right, wrapping onto a new line where the next one would not fit. Returns
    the markup and where the chart below it may start."""
    parts: list[str] = []
    x, line_y, gap = 8.0, 10.0, 16.0
    for swatch, swatch_width, words, colour in items:
        needed = swatch_width + text_width(words, 12)
        if x > 8 and x + needed > width - 8:
            x, line_y = 8.0, line_y + 20
        if swatch:
            parts.append(swatch.format(x=_n(x), y0=_n(line_y), y3=_n(line_y + 3)))
        parts.append(_text(x + swatch_width, line_y + 12, words, colour=colour, room=width - 8 - x))
        x += needed + gap
    return "".join(parts), line_y + 30


def _composition_description(composition: Composition) -> str:
    if not composition.segments:
        return gettext("No participants invited yet.")
    parts = []
    for key, name in composition.segments:
        counts = ", ".join(
            f"{label(c)} "
            + _of(composition.cell(c, key).confirmed, composition.cell(c, key).invited)
            for c in composition.communities
        )
        parts.append(f"{_segment_name(key, name)}: {counts}")
    total = composition.total
    return gettext(
        "Confirmed of invited participants. %(segments)s. "
        "Total %(confirmed)s confirmed of %(invited)s invited.",
        segments="; ".join(parts),
        confirmed=total.confirmed,
        invited=total.invited,
    )


# --------------------------------------------------------------------------- timeline

_FORMAT_FILL = {
    "break": PALE,
    "informal": PALE,
    "caucus": SLATE_PALE,
    "bilateral": SLATE_PALE,
}


def assign_lanes(sessions: Iterable[SessionData]) -> list[tuple[SessionData, int]]:
    """Give each session the first lane free at its start, so parallel sessions never overlap."""
    lane_ends: list[datetime] = []
    placed: list[tuple[SessionData, int]] = []
    for session in sorted(sessions, key=agenda_order):
        for lane, end in enumerate(lane_ends):
            if end <= session.starts_at:
                lane_ends[lane] = session.ends_at
                placed.append((session, lane))
                break
        else:
            lane_ends.append(session.ends_at)
            placed.append((session, len(lane_ends) - 1))
    return placed


def timeline_svg(workshop: WorkshopData, day: date) -> Markup:
    """One day's sessions as bars on an hour axis; parallel sessions on separate lanes.

    The axis fits the day's sessions (at least four hours, never past midnight).
    Sessions with a high or critical topic are hatched, outlined in plum and labelled
    with a warning sign and the severity word. Each bar has a <title> and links to the
    session's ``#session-<uid>`` anchor.
    """
    sessions = [s for s in workshop.sessions if s.day == day]
    midnight = datetime.combine(day, time())
    if sessions:
        first = min(s.starts_at for s in sessions)
        last = max(s.ends_at for s in sessions)
        # Fit the axis to the day's sessions, at least four hours wide, within the day.
        start_hour = first.hour
        end_hour = min(24, math.ceil((last - midnight) / timedelta(hours=1)))
        end_hour = min(24, max(end_hour, start_hour + 4))
        start_hour = min(start_hour, end_hour - 4)
    else:
        start_hour, end_hour = 9, 17

    width = 720
    left, right = 24, 24
    axis_y = 34
    lane_top = 44
    lane_height = 46
    bar_height = 38
    minutes = (end_hour - start_hour) * 60
    per_minute = (width - left - right) / minutes
    prefix = _id_prefix(workshop.uid, day)
    hatch = f"{prefix}-hatch"

    def x_of(moment: datetime) -> float:
        offset = (moment - midnight).total_seconds() / 60 - start_hour * 60
        return left + max(0.0, min(minutes, offset)) * per_minute

    parts: list[str] = [
        f'<defs><pattern id="{hatch}" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{ACCENT_PALE}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{ACCENT}" stroke-width="3"/></pattern></defs>'
    ]
    placed = assign_lanes(sessions)
    lanes = max((lane for _, lane in placed), default=0) + 1
    height = lane_top + lanes * lane_height + 30

    for hour in range(start_hour, end_hour + 1):
        x = _n(left + (hour - start_hour) * 60 * per_minute)
        parts.append(
            f'<line x1="{x}" y1="{axis_y}" x2="{x}" y2="{lane_top + lanes * lane_height}" '
            f'stroke="{LINE}"/>'
        )
        parts.append(_text(float(x), axis_y - 6, f"{hour:02d}:00", anchor="middle", size=11))

    for session, lane in placed:
        parts.append(_session_bar(session, lane, x_of, lane_top, lane_height, bar_height, hatch))
    # Free time (the gap before a fixed start) is drawn, not stored as a filler session.
    gaps = _free_time(sessions)
    for gap in gaps:
        parts.append(_free_time_box(gap, x_of, lane_top, lane_height, bar_height))

    if not sessions:
        parts.append(
            _text(
                left,
                lane_top + 24,
                gettext("No sessions on this day."),
                colour=MUTED,
                room=width - left - right,
            )
        )

    legend_y = lane_top + lanes * lane_height + 20
    parts.append(
        f'<rect x="{left}" y="{legend_y - 12}" width="16" height="14" fill="url(#{hatch})" '
        f'stroke="{ACCENT}" stroke-width="2"/>'
    )
    parts.append(
        _text(
            left + 22,
            legend_y,
            gettext("⚠ High or critical topic (hatched)"),
            room=width - left - right - 22,
        )
    )

    title = gettext("Agenda timeline, %(day)s", day=format_date(day, "weekday"))
    return _svg(
        f"{prefix}",
        width,
        height,
        title,
        _timeline_description(sessions, lanes, gaps),
        "".join(parts),
        # Not "img": an image's children are hidden from assistive technology, and the bars
        # are links to the sessions.
        role="figure",
    )


def _hm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _session_bar(session, lane, x_of, lane_top, lane_height, bar_height, hatch) -> str:
    starts, ends = session.starts_at, session.ends_at
    x1 = x_of(starts)
    x2 = max(x_of(ends), x1 + 2)
    y = lane_top + lane * lane_height + (lane_height - bar_height) / 2
    w = x2 - x1
    severity = session.max_severity
    sensitive = severity in _SENSITIVE
    when = f"{_hm(starts)}–{_hm(ends)}"
    title = f"{when} {session.title} ({label(session.format)})"
    if sensitive:
        names = ", ".join(t.name for t in session.topics if t.severity in _SENSITIVE)
        title += " — " + gettext(
            "%(severity)s topic: %(names)s", severity=label(severity).lower(), names=names
        )
        fill, stroke, stroke_width = "#ffffff", ACCENT, 2
    else:
        fill, stroke, stroke_width = _FORMAT_FILL.get(session.format.value, WASH), SLATE, 1
    safe_title = escape(title)
    x1_n, y_n = _n(x1), _n(y)
    out = [
        f'<a href="#session-{escape(session.uid)}" aria-label="{safe_title}">'
        f"<g><title>{safe_title}</title>"
        f'<rect x="{x1_n}" y="{y_n}" width="{_n(w)}" height="{bar_height}" rx="3" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>'
    ]
    if sensitive:
        # A hatched strip along the bottom: the mark does not depend on colour, and the text
        # above it stays on a plain background.
        out.append(
            f'<rect x="{_n(x1 + 1)}" y="{_n(y + bar_height - 10)}" width="{_n(max(w - 2, 1))}" '
            f'height="9" fill="url(#{hatch})"/>'
        )
    room = w - 8  # the bar's inside, 4px each side
    if room >= MIN_LABEL_ROOM:
        words = f"⚠ {label(severity)}: {session.title}" if sensitive else session.title
        out.append(_text(x1 + 4, y + 13, words, size=11, weight="600", room=room))
        out.append(_text(x1 + 4, y + 26, when, size=10, colour=MUTED, room=room))
    out.append("</g></a>")
    return "".join(out)


def _free_time(sessions: list[SessionData]) -> list[FreeTime]:
    """The day's gaps, as ``planner.agenda.timing`` finds them (the one place for times)."""
    return free_time(
        [
            Slot(
                key=s.uid,
                day=s.day,
                start=s.start,
                duration_minutes=s.duration_minutes,
                audience=s.audience,
                audience_community=s.audience_community,
            )
            for s in sessions
        ]
    )


def _free_time_box(gap: FreeTime, x_of, lane_top, lane_height, bar_height) -> str:
    """Free time before a fixed start: a dashed outline on the first lane, not a link."""
    x1, x2 = x_of(gap.starts_at), x_of(gap.ends_at)
    y = lane_top + (lane_height - bar_height) / 2
    w = max(x2 - x1, 2)
    words = gettext("Free time %(start)s–%(end)s", start=_hm(gap.starts_at), end=_hm(gap.ends_at))
    out = [
        f'<g class="free-time"><title>{escape(words)}</title>'
        f'<rect x="{_n(x1)}" y="{_n(y)}" width="{_n(w)}" height="{bar_height}" rx="3" '
        f'fill="none" stroke="{MUTED}" stroke-width="1" stroke-dasharray="4 3"/>'
    ]
    if w - 8 >= MIN_LABEL_ROOM:
        out.append(_text(x1 + 4, y + 22, gettext("Free time"), size=11, colour=MUTED, room=w - 8))
    out.append("</g>")
    return "".join(out)


def _timeline_description(
    sessions: list[SessionData], lanes: int, gaps: list[FreeTime] = ()
) -> str:
    if not sessions:
        return gettext("No sessions on this day.")
    free_before = {gap.before_key: gap for gap in gaps}
    items = []
    for s in sorted(sessions, key=agenda_order):
        gap = free_before.get(s.uid)
        if gap is not None:
            items.append(
                gettext(
                    "free time %(start)s–%(end)s", start=_hm(gap.starts_at), end=_hm(gap.ends_at)
                )
            )
        item = f"{_hm(s.starts_at)}–{_hm(s.ends_at)} {s.title}"
        if s.max_severity in _SENSITIVE:
            severity = label(s.max_severity).lower()
            item += " " + gettext("(%(severity)s topic)", severity=severity)
        items.append(item)
    count = ngettext("%(num)d session.", "%(num)d sessions.", len(sessions))
    parallel = " " + gettext("Some sessions run in parallel.") if lanes > 1 else ""
    return f"{count}{parallel} " + "; ".join(items) + "."


# --------------------------------------------------------------------------- SVG helpers


def _svg(
    id_: str, width: int, height: float, title: str, desc: str, body: str, role: str = "img"
) -> Markup:
    height_n = _n(height)
    # Safe: every piece of text in ``body`` went through escape() where it was built.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="{role}" '
        f'viewBox="0 0 {width} {height_n}" width="{width}" height="{height_n}" '
        f'aria-labelledby="{id_}-title {id_}-desc" font-family="{escape(FONT)}" fill="{INK}">'
        f'<title id="{id_}-title">{escape(title)}</title>'
        f'<desc id="{id_}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = 12,
    weight: str = "400",
    colour: str = INK,
    room: float | None = None,
) -> str:
    """A ``<text>``; with ``room`` (pixels), shortened with "…" to fit it, the whole text
    then kept in an ``aria-label`` (and in the caller's ``<title>``)."""
    shown = text if room is None else fit_width(text, room, size, bold=int(weight) >= 600)
    whole = f' aria-label="{escape(text)}"' if shown != text else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{colour}"{whole}>{escape(shown)}</text>'
    )


# --------------------------------------------------------------------------- measuring

#: Where DejaVu Sans is on Debian (fonts-dejavu-core); its advance widths size the texts.
DEJAVU_FOLDER = "/usr/share/fonts/truetype/dejavu"
#: Narrower than this (pixels), a bar carries no text at all, only its <title>.
MIN_LABEL_ROOM = 20
#: An advance for a character the font lacks, or without the font: wide, to stay inside.
_FALLBACK_EM = 0.7


@functools.cache
def _advances(bold: bool) -> tuple[dict[str, float], float]:
    """Each character's advance in ems, and the widest one (for unknown characters)."""
    try:
        from fontTools.ttLib import TTFont

        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        font = TTFont(f"{DEJAVU_FOLDER}/{name}", lazy=True)
    except (ImportError, OSError):
        return {}, _FALLBACK_EM
    em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    advances = {chr(code): metrics[glyph][0] / em for code, glyph in font.getBestCmap().items()}
    return advances, _FALLBACK_EM


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in pixels of ``text`` at ``size`` in DejaVu Sans (bold or regular)."""
    advances, fallback = _advances(bold)
    return size * sum(map(advances.get, text, itertools.repeat(fallback, len(text))))


def fit_width(text: str, room: float, size: float, *, bold: bool = False) -> str:
    """``text``, or as much of it as fits ``room`` pixels followed by "…"."""
    if text_width(text, size, bold=bold) <= room:
        return text
    # The longest beginning that fits with the "…" after it, measured in one pass.
    advances, fallback = _advances(bold)
    budget = room / size - advances.get("…", fallback)
    width, kept = 0.0, 0
    for character in text:
        width += advances.get(character, fallback)
        if width > budget:
            break
        kept += 1
    shown = text[:kept].rstrip()
    return shown + "…" if shown else "…"


def _n(value: float) -> str:
    """A coordinate, without trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _id_prefix(workshop_uid: str, day: date) -> str:
    # Unique per workshop and day, so several timelines can share one page.
    return f"timeline-{re.sub(r'[^A-Za-z0-9_-]', '', workshop_uid)}-{day:%Y%m%d}"

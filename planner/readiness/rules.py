"""The facilitation readiness rules R1-R17 (PRODUCT §6 and issue 21), one pure function each.

Every rule takes a :class:`~planner.workshop_data.WorkshopData` and returns the
:class:`~planner.readiness.findings.Finding` objects it fires, in agenda / roster order
(an empty list when all is well). Rules never touch Flask or the database, never raise
on incomplete data (a draft with no sessions or no participants is normal), and only
reference sessions and people present in the workshop.

Shared definitions
------------------
* *Participants* (balance rules): invitations with role participant and status
  confirmed or attended (``InvitationData.is_confirmed_participant``).
* *The sides*: ``Community.ARMENIAN`` and ``Community.AZERBAIJANI`` (``SIDES``);
  international and other participants belong to neither.
* *Joint session*: audience everyone. Facilitators-only sessions are the team's own
  time and are ignored by the rules about what participants live through (R3, R4, R7
  day length and breaks, R9, R13, R16, R17).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from planner.agenda.timing import Slot, TimingError, TimingProblem, check_schedule, later_by
from planner.i18n import gettext as _
from planner.i18n import ngettext
from planner.readiness.findings import Finding, FindingSeverity
from planner.readiness.keywords import first_match, matches, topic_evidence, topic_scanner
from planner.readiness.small_groups import expected_members, one_sided_groups
from planner.readiness.wording import (
    N_,
    clock,
    community_name,
    day_month,
    hours,
    joined,
    when,
)
from planner.session_formats import TRUST_BUILDING_FORMATS
from planner.vocabulary import (
    ACTIVE_INVITATION_STATUSES,
    SIDES,
    Audience,
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    Phase,
    SessionFormat,
    Severity,
)
from planner.workshop_data import (
    InvitationData,
    PersonData,
    SessionData,
    WorkshopData,
    agenda_order,
)

#: Segment keys that mean "the press" (R5).
JOURNALIST_SEGMENTS = frozenset({"journalists", "journalist"})
#: ISO country codes of the two sides (R8).
SIDE_COUNTRIES = {"AM": N_("Armenia"), "AZ": N_("Azerbaijan")}
#: R3: a sensitive topic this early after the workshop's first session is "the first half-day".
FIRST_HALF_DAY = timedelta(hours=4)
#: R7: longest working day, longest stretch without a break, shortest gap that is a break.
LONGEST_DAY = timedelta(hours=9)
LONGEST_STRETCH = timedelta(hours=3)
SHORTEST_BREAK = timedelta(minutes=15)
#: Formats that are not "work": they break a stretch and do not lengthen a working day.
RESTING_FORMATS = frozenset({SessionFormat.BREAK, SessionFormat.INFORMAL})
#: R13: the words that name each confidentiality rule; a session must name the workshop's own.
CONFIDENTIALITY_WORDS = {
    Confidentiality.CHATHAM_HOUSE: ("Chatham House",),
    Confidentiality.OFF_THE_RECORD: ("off the record", "off-the-record"),
    Confidentiality.ON_THE_RECORD: ("on the record", "on-the-record"),
}
#: R16: words showing that a session looks forward or towards joint action.
FORWARD_WORDS = ("forward", "next step", "joint", "action", "future", "follow up")
#: R17: flagged topics that put concessions or limits on the table (keys of seeds/topics.yaml).
CONSTRAINT_TOPICS = frozenset({"concessions"})
#: R17: the prompt phase that weighs limits ("no miracles", realistic expectations) ...
CONSTRAINT_PHASE = Phase.REALISM
#: ... and the one in which the two sides analyse the problem together.
ANALYSIS_PHASE = Phase.PERCEPTIONS


# --------------------------------------------------------------------------- helpers


def _names(labels: Sequence[str]) -> str:
    return joined(labels)


def _ref(session: SessionData) -> str:
    """How a message names a session: its title and when it starts ("07 Jun 09:30", without
    strftime: a review names sessions dozens of times)."""
    return _("“%(title)s” (%(when)s)", title=session.title, when=when(session.day, session.start))


def _counted_sides(counts: Counter[Community], sides: Iterable[Community]) -> str:
    """``8 Armenian and 3 Azerbaijani``: each side's number, in the reader's words."""
    return _names(
        [
            _("%(num)d %(community)s", num=counts[each], community=community_name(each))
            for each in sides
        ]
    )


def _uids(people: Iterable[PersonData]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for person in people:
        seen.setdefault(person.uid, None)
    return tuple(seen)


def _side_counts(invitations: Iterable[InvitationData]) -> Counter[Community]:
    return Counter(i.person.community for i in invitations)


def _text(session: SessionData) -> str:
    return f"{session.title}\n{session.description}"


def _for_participants(session: SessionData) -> bool:
    return session.audience != Audience.FACILITATORS


def _at_least(session: SessionData, severity: Severity) -> bool:
    top = session.max_severity
    return top is not None and top.rank >= severity.rank


def _is_critical(session: SessionData) -> bool:
    return _at_least(session, Severity.CRITICAL)


def _sensitive_names(session: SessionData, severity: Severity) -> str:
    names = [t.name for t in session.topics if t.severity.rank >= severity.rank]
    return _names(names)


# --------------------------------------------------------------------------- R1-R5


def parity(workshop: WorkshopData) -> list[Finding]:
    """R1 parity: the sides' confirmed participants must be (nearly) equal in number.

    The sides are the workshop's ``parity_sides`` (the two communities of the conflict
    unless the organisers chose otherwise, e.g. counting internationals as a side). Warning
    when the largest and smallest side differ by more than max(1, 10 % of all confirmed
    participants); error when a side (or every side) has nobody confirmed. No finding
    while no one at all is confirmed: there is nothing to judge yet.

    Why: a dialogue between eight people from one side and three from the other is
    not a dialogue; the smaller group feels outnumbered and speaks less.
    """
    participants = workshop.confirmed_participants
    if not participants:
        return []
    sides = workshop.parity_sides
    counts = _side_counts(participants)
    total = len(participants)
    stated = _("%(counts)s confirmed participants", counts=_counted_sides(counts, sides))
    missing = [side for side in sides if counts[side] == 0]
    if len(missing) == len(sides):
        return [
            Finding(
                rule_id="R1",
                severity=FindingSeverity.ERROR,
                title=_("Neither side has confirmed participants")
                if len(sides) == 2
                else _("No side has confirmed participants"),
                message=ngettext(
                    "%(stated)s; the %(num)d confirmed participant belongs to neither side.",
                    "%(stated)s; the %(num)d confirmed participants belong to neither side.",
                    total,
                    stated=stated,
                )
                if len(sides) == 2
                else ngettext(
                    "%(stated)s; the %(num)d confirmed participant belongs to none of the sides.",
                    "%(stated)s; the %(num)d confirmed participants belong to none of the sides.",
                    total,
                    stated=stated,
                ),
                why=_("A dialogue workshop needs people from both communities in the room."),
            )
        ]
    if missing:
        return [
            Finding(
                rule_id="R1",
                severity=FindingSeverity.ERROR,
                title=_(
                    "No %(sides)s participants",
                    sides=_names([community_name(side) for side in missing]),
                ),
                message=_("%(stated)s.", stated=stated),
                why=_(
                    "Without both communities the workshop cannot build confidence between "
                    "them; confirm participants from the missing side before going ahead."
                ),
            )
        ]
    larger = max(sides, key=lambda side: counts[side])
    smaller = min(sides, key=lambda side: counts[side])
    difference = counts[larger] - counts[smaller]
    allowed = max(1.0, 0.1 * total)
    if difference <= allowed:
        return []
    return [
        Finding(
            rule_id="R1",
            severity=FindingSeverity.WARNING,
            title=_("Sides are unbalanced"),
            message=(
                ngettext(
                    "%(stated)s: %(difference)d more %(larger)s than %(smaller)s, while a "
                    "difference of at most %(allowed)d is balanced for %(num)d participant.",
                    "%(stated)s: %(difference)d more %(larger)s than %(smaller)s, while a "
                    "difference of at most %(allowed)d is balanced for %(num)d participants.",
                    total,
                    stated=stated,
                    difference=difference,
                    larger=community_name(larger),
                    smaller=community_name(smaller),
                    allowed=int(allowed),
                )
                if len(sides) > 2
                else ngettext(
                    "%(stated)s: %(difference)d more %(larger)s, while a difference of at most "
                    "%(allowed)d is balanced for %(num)d participant.",
                    "%(stated)s: %(difference)d more %(larger)s, while a difference of at most "
                    "%(allowed)d is balanced for %(num)d participants.",
                    total,
                    stated=stated,
                    difference=difference,
                    larger=community_name(larger),
                    allowed=int(allowed),
                )
            ),
            why=_(
                "The smaller group feels outnumbered, speaks less and may read the workshop "
                "as taking the other side's part."
            ),
        )
    ]


def segment_mirror(workshop: WorkshopData) -> list[Finding]:
    """R2 segment mirror: each target segment should have participants from every side.

    Warning for every target segment whose confirmed participants include people from
    some sides (``parity_sides``) but not all. A segment with nobody from any side yet is
    not reported.

    Why: track-two dialogue pairs counterparts — journalists with journalists, youth
    with youth. A segment present on one side only has nobody to talk to.
    """
    findings = []
    participants = workshop.confirmed_participants
    sides = workshop.parity_sides
    for key, name in workshop.target_segments:
        members = [i for i in participants if i.person.segment_key == key]
        counts = _side_counts(members)
        present = [side for side in sides if counts[side]]
        if not present or len(present) == len(sides):
            continue
        absent = [side for side in sides if not counts[side]]
        label = name or key
        findings.append(
            Finding(
                rule_id="R2",
                severity=FindingSeverity.WARNING,
                title=_("%(segment)s: one side only", segment=label)
                if len(present) == 1
                else _("%(segment)s: a side missing", segment=label),
                message=_(
                    "%(segment)s: %(counts)s and no %(absent)s confirmed participants.",
                    segment=label,
                    counts=_counted_sides(counts, present),
                    absent=_names([community_name(side) for side in absent]),
                ),
                why=_(
                    "Segments are invited so that counterparts meet; a segment from one side "
                    "only has no counterpart and tilts the discussion."
                ),
                person_uids=_uids(i.person for i in members),
            )
        )
    return findings


def trust_first(workshop: WorkshopData) -> list[Finding]:
    """R3 trust first: no high or critical topic before trust has been built.

    Warning for every joint session (audience everyone) flagged with a high or critical
    topic that starts either before the first joint trust-building session has ended, or
    within the first half-day. Which formats build trust is seed data
    (``seeds/session_formats.yaml``, read into
    :data:`planner.session_formats.TRUST_BUILDING_FORMATS`: informal / social sessions and
    site visits such as an evening walk). The first half-day is the first four hours after
    the start of the workshop's first participant session (facilitators-only sessions
    ignored).
    Single-community sessions are not joint and are left to R4.

    Why: sensitive topics raised before participants have met informally harden
    positions at once and can end a workshop in its first hours.
    """
    agenda = [s for s in workshop.sessions_in_order if _for_participants(s)]
    if not agenda:
        return []
    first_start = agenda[0].starts_at
    trusting = [
        s for s in agenda if s.format in TRUST_BUILDING_FORMATS and s.audience == Audience.EVERYONE
    ]
    trust_built = trusting[0].ends_at if trusting else None
    findings = []
    for session in agenda:
        if session.audience != Audience.EVERYONE or not _at_least(session, Severity.HIGH):
            continue
        reasons = []
        if trust_built is None:
            reasons.append(_("no informal or trust-building session comes before it"))
        elif session.starts_at < trust_built:
            reasons.append(
                _(
                    "it starts before the first trust-building session %(session)s ends",
                    session=_ref(trusting[0]),
                )
            )
        if session.starts_at < later_by(first_start, FIRST_HALF_DAY):
            reasons.append(_("it falls in the first half-day"))
        if not reasons:
            continue
        topics = _sensitive_names(session, Severity.HIGH)
        findings.append(
            Finding(
                rule_id="R3",
                severity=FindingSeverity.WARNING,
                title=_("Sensitive topic too early"),
                message=_(
                    "%(session)s raises %(topics)s, but %(reasons)s.",
                    session=_ref(session),
                    topics=topics,
                    reasons=_names(reasons),
                ),
                why=_(
                    "Participants need time together, informally, before the hardest subjects; "
                    "raised too early they harden positions and can end the workshop."
                ),
                session_uids=(session.uid,),
            )
        )
    return findings


def _is_caucus_for(session: SessionData, side: Community) -> bool:
    return (
        session.format == SessionFormat.CAUCUS
        and session.audience == Audience.COMMUNITY
        and session.audience_community == side
    )


def pre_brief(workshop: WorkshopData) -> list[Finding]:
    """R4 pre-brief: each side meets its facilitator alone before a critical topic.

    Warning for every joint session (audience everyone) flagged with a critical topic
    unless, for each side, a single-community caucus (format caucus, audience that
    community) ends no later than the session starts — on any earlier day too. The
    message names the side(s) whose caucus is missing.

    Why: each community needs a safe space to voice fears and expectations about a
    critical topic before facing the other side with it.
    """
    findings = []
    sessions = workshop.sessions_in_order
    for session in sessions:
        if session.audience != Audience.EVERYONE or not _is_critical(session):
            continue
        missing = [
            side
            for side in SIDES
            if not any(_is_caucus_for(c, side) and c.ends_at <= session.starts_at for c in sessions)
        ]
        if not missing:
            continue
        labels = _names([community_name(side) for side in missing])
        findings.append(
            Finding(
                rule_id="R4",
                severity=FindingSeverity.WARNING,
                title=_("No pre-brief caucus"),
                message=_(
                    "%(session)s raises %(topics)s with no %(sides)s caucus before it.",
                    session=_ref(session),
                    topics=_sensitive_names(session, Severity.CRITICAL),
                    sides=labels,
                ),
                why=_(
                    "Each community should first meet its facilitator separately to voice fears "
                    "and expectations; otherwise they surface, raw, in the joint session."
                ),
                session_uids=(session.uid,),
            )
        )
    return findings


def press(workshop: WorkshopData) -> list[Finding]:
    """R5 press: journalists and on-the-record critical discussions do not mix.

    Journalists are people in a journalists segment whose invitation (any role) is
    confirmed or attended. Error when journalists are present, the workshop is on the
    record and a session is flagged with a critical topic; information (a reminder)
    when journalists are present under the Chatham House Rule.

    Why: participants can face real risk at home if what they say on a critical topic
    is published with their name; journalists must know exactly what they may report.
    """
    journalists = [
        i.person
        for i in workshop.invitations
        if i.status.is_coming and i.person.segment_key in JOURNALIST_SEGMENTS
    ]
    if not journalists:
        return []
    count = len(_uids(journalists))
    if workshop.confidentiality == Confidentiality.ON_THE_RECORD:
        critical = [s for s in workshop.sessions_in_order if _is_critical(s)]
        if not critical:
            return []
        return [
            Finding(
                rule_id="R5",
                severity=FindingSeverity.ERROR,
                title=_("Press on the record with critical topics"),
                message=_(
                    "%(journalists)s will attend an on-the-record workshop whose agenda raises "
                    "critical topics in %(sessions)s.",
                    journalists=ngettext("%(num)d journalist", "%(num)d journalists", count),
                    sessions=ngettext("%(num)d session", "%(num)d sessions", len(critical)),
                ),
                why=_(
                    "What participants say on a critical topic may be published with their "
                    "names and put them at risk at home; change the confidentiality rule or the "
                    "agenda."
                ),
                session_uids=tuple(s.uid for s in critical),
                person_uids=_uids(journalists),
            )
        ]
    if workshop.confidentiality == Confidentiality.CHATHAM_HOUSE:
        return [
            Finding(
                rule_id="R5",
                severity=FindingSeverity.INFORMATION,
                title=_("Journalists under the Chatham House Rule"),
                message=ngettext(
                    "%(num)d journalist will attend; remind them that nothing they report may "
                    "identify who said it or who took part.",
                    "%(num)d journalists will attend; remind them that nothing they report may "
                    "identify who said it or who took part.",
                    count,
                ),
                why=_(
                    "Journalists are the participants most likely to quote; the rule must be "
                    "explicit before the first session."
                ),
                person_uids=_uids(journalists),
            )
        ]
    return []


# --------------------------------------------------------------------------- R6-R8


def closing(workshop: WorkshopData) -> list[Finding]:
    """R6 closing: the agenda needs a closing or reflection session.

    Warning when no session has the closing format, including when the agenda is
    still empty.

    Why: without a closing, participants leave with what was stirred up unprocessed and
    nothing agreed on how the conversation continues.
    """
    if any(s.format == SessionFormat.CLOSING for s in workshop.sessions):
        return []
    message = (
        _("The agenda has no sessions yet, so no closing or reflection session.")
        if not workshop.sessions
        else _("No session on the agenda is a closing or reflection session.")
    )
    return [
        Finding(
            rule_id="R6",
            severity=FindingSeverity.WARNING,
            title=_("No closing session"),
            message=message,
            why=_(
                "Participants need time to reflect on what they heard and to leave with a "
                "shared sense of what comes next, rather than with open wounds."
            ),
        )
    ]


def _perspectives(workshop: WorkshopData) -> list[list[SessionData]]:
    """The agenda as lived by a participant of neither side (joint sessions only), then by
    a participant of each side (joint sessions and that side's own)."""
    ordered = [s for s in workshop.sessions_in_order if _for_participants(s)]
    views = [[s for s in ordered if s.is_visible_to(None)]]
    views.extend([s for s in ordered if s.is_visible_to(side)] for side in SIDES)
    return views


def _whose(sessions: Iterable[SessionData]) -> Community | None:
    """Whose sessions these are, when they are not everyone's: the side whose own sessions
    are among them ("for Armenian participants"), else None."""
    sides = {s.audience_community for s in sessions if s.audience == Audience.COMMUNITY}
    if len(sides) == 1:
        (side,) = sides
        return side
    return None


def _stretches(agenda: Sequence[SessionData]) -> list[list[SessionData]]:
    """Runs of working sessions with no break session and no gap of 15 minutes or more."""
    runs: list[list[SessionData]] = []
    run: list[SessionData] = []
    run_end: datetime | None = None
    for session in sorted(agenda, key=agenda_order):
        if session.format in RESTING_FORMATS:
            run, run_end = [], None
            continue
        if run_end is None or session.starts_at - run_end >= SHORTEST_BREAK:
            run = [session]
            runs.append(run)
            run_end = session.ends_at
        else:
            run.append(session)
            run_end = max(run_end, session.ends_at)
    return runs


def timing(workshop: WorkshopData) -> list[Finding]:
    """R7 timing: a feasible agenda inside the workshop's dates, with humane days.

    Errors: exactly the problems the agenda editor refuses
    (``planner.agenda.timing.check_schedule``) — a session that starts before the first
    day, after the last day, or ends after 03:00 the morning after the last day; two sessions
    whose audiences overlap (facilitators attend everything) and whose times overlap
    (sessions crossing midnight use their real end). Warnings, per day and per side's view
    of the agenda: working sessions (not break, informal or facilitators-only) spanning
    more than 9 hours from first start to last end; more than 3 hours of consecutive work
    without a break or informal session (a gap of 15 minutes or more is a break).

    Why: people cannot be in two places at once, venues and visas are booked for the
    dates, and tired people listen badly and react sharply.
    """
    findings = [_schedule_finding(problem) for problem in _schedule_problems(workshop)]
    findings.extend(_long_days(workshop))
    findings.extend(_long_stretches(workshop))
    return findings


def _schedule_problems(workshop: WorkshopData) -> list[TimingProblem]:
    slots = []
    for session in workshop.sessions_in_order:
        try:
            slots.append(_slot(session))
        except TimingError:
            # A duration out of range or a one-community session naming no community:
            # the database refuses both, so the editor never has such a session to check.
            continue
    return check_schedule(slots, workshop.start_date, workshop.end_date)


def _slot(session: SessionData) -> Slot:
    """The session as the agenda editor's timing rules see it."""
    return Slot(
        key=session.uid,
        day=session.day,
        start=session.start,
        duration_minutes=session.duration_minutes,
        audience=session.audience,
        audience_community=session.audience_community,
        alongside_previous=session.alongside_previous,
        title=session.title,
    )


def _schedule_finding(problem: TimingProblem) -> Finding:
    if problem.kind == "overlap":
        return Finding(
            rule_id="R7",
            severity=FindingSeverity.ERROR,
            title=_("Sessions overlap"),
            message=problem.message,
            why=_("Nobody can attend both; one of them will run half-empty or late."),
            session_uids=problem.keys,
        )
    return Finding(
        rule_id="R7",
        severity=FindingSeverity.ERROR,
        title=_("Session outside the workshop dates"),
        message=problem.message,
        why=_(
            "Venue, travel and visas are booked for the workshop's dates; "
            "participants will not be there."
        ),
        session_uids=problem.keys,
    )


def _long_days(workshop: WorkshopData) -> list[Finding]:
    longest: dict[date, tuple[timedelta, list[SessionData]]] = {}
    # Joint view first: a day too long for everyone is not named after one side.
    for view in _perspectives(workshop):
        days: dict[date, list[SessionData]] = {}
        for session in view:
            if session.format not in RESTING_FORMATS:
                days.setdefault(session.day, []).append(session)
        for day, sessions in days.items():
            span = max(s.ends_at for s in sessions) - min(s.starts_at for s in sessions)
            if span > LONGEST_DAY and (day not in longest or span > longest[day][0]):
                longest[day] = (span, sessions)
    findings = []
    for day in sorted(longest):
        span, sessions = longest[day]
        whose = _whose(sessions)
        worded = {
            "day": day_month(day),
            "hours": hours(span.total_seconds() / 3600),
            "start": clock(min(s.starts_at for s in sessions)),
            "end": clock(max(s.ends_at for s in sessions)),
        }
        findings.append(
            Finding(
                rule_id="R7",
                severity=FindingSeverity.WARNING,
                title=_("Working day too long"),
                message=_(
                    "The working sessions of %(day)s for %(community)s participants span "
                    "%(hours)s hours, from %(start)s to %(end)s.",
                    community=community_name(whose),
                    **worded,
                )
                if whose is not None
                else _(
                    "The working sessions of %(day)s span %(hours)s hours, from %(start)s "
                    "to %(end)s.",
                    **worded,
                ),
                why=_(
                    "After nine hours people listen badly and react sharply; hard "
                    "conversations need rested participants."
                ),
                session_uids=tuple(s.uid for s in sessions),
            )
        )
    return findings


def _long_stretches(workshop: WorkshopData) -> list[Finding]:
    found: dict[tuple[str, ...], tuple[datetime, Finding]] = {}
    for view in _perspectives(workshop):
        for run in _stretches(view):
            start = min(s.starts_at for s in run)
            end = max(s.ends_at for s in run)
            uids = tuple(s.uid for s in run)
            if end - start <= LONGEST_STRETCH or uids in found:
                continue
            whose = _whose(run)
            worded = {
                "hours": hours((end - start).total_seconds() / 3600),
                "session": _ref(run[0]),
                "end": when(end.date(), end.time()),
            }
            found[uids] = (
                start,
                Finding(
                    rule_id="R7",
                    severity=FindingSeverity.WARNING,
                    title=_("No break for over 3 hours"),
                    message=_(
                        "%(hours)s hours of sessions for %(community)s participants without a "
                        "break, from %(session)s to %(end)s.",
                        community=community_name(whose),
                        **worded,
                    )
                    if whose is not None
                    else _(
                        "%(hours)s hours of sessions without a break, from %(session)s to %(end)s.",
                        **worded,
                    ),
                    why=_(
                        "Attention and patience run out; a break also gives people the "
                        "informal moments where much of the trust is built."
                    ),
                    session_uids=uids,
                ),
            )
    return [finding for _, finding in sorted(found.values(), key=lambda pair: pair[0])]


def venue(workshop: WorkshopData) -> list[Finding]:
    """R8 venue: the room must hold everyone, and the ground should be neutral.

    Error when more people are coming (distinct people with a confirmed or attended
    invitation, whatever their role) than the venue's capacity. Suggestion when the venue
    is in Armenia or Azerbaijan, or is marked as not neutral ground. No venue yet: no
    finding.

    Why: an overcrowded room cannot hold small groups or private conversations, and a
    venue on one side's territory makes the other side a guest, or unable to come.
    """
    place = workshop.venue
    if place is None:
        return []
    findings = []
    coming = _uids(i.person for i in workshop.invitations if i.status.is_coming)
    if place.capacity is not None and len(coming) > place.capacity:
        findings.append(
            Finding(
                rule_id="R8",
                severity=FindingSeverity.ERROR,
                title=_("Venue too small"),
                message=ngettext(
                    "%(num)d person is confirmed, but %(venue)s holds %(capacity)d.",
                    "%(num)d people are confirmed, but %(venue)s holds %(capacity)d.",
                    len(coming),
                    venue=place.name,
                    capacity=place.capacity,
                ),
                why=_(
                    "An overcrowded room leaves no space for small groups or private "
                    "conversations, and may break safety rules."
                ),
            )
        )
    country = SIDE_COUNTRIES.get(place.country.strip().upper())
    if country is not None or not place.neutral_ground:
        named = {"venue": place.name, "city": place.city}
        message = (
            _("%(venue)s (%(city)s) is in %(country)s.", country=_(country), **named)
            if country
            else _("%(venue)s (%(city)s) is not marked as neutral ground.", **named)
        )
        findings.append(
            Finding(
                rule_id="R8",
                severity=FindingSeverity.SUGGESTION,
                title=_("Venue not on neutral ground"),
                message=message,
                why=_(
                    "On one side's territory the other side is a guest, may be unable to "
                    "travel, and may be seen at home as having crossed over; neutral ground "
                    "(Tbilisi, Venice, elsewhere in Europe) puts both on an equal footing."
                ),
            )
        )
    return findings


# --------------------------------------------------------------------------- R9-R12


def preparation(workshop: WorkshopData) -> list[Finding]:
    """R9 preparation: a critical-topic session needs prompts and facilitator notes.

    Warning for every participant session flagged with a critical topic that has no
    prompt or blank facilitator notes.

    Why: critical topics cannot be facilitated off the cuff; prompts keep the
    conversation open and the notes tell the facilitator how to handle the topic.
    """
    findings = []
    for session in workshop.sessions_in_order:
        if not _for_participants(session) or not _is_critical(session):
            continue
        missing = []
        if not session.prompts:
            missing.append(_("no discussion prompt"))
        if not session.facilitator_notes.strip():
            missing.append(_("no facilitator notes"))
        if not missing:
            continue
        findings.append(
            Finding(
                rule_id="R9",
                severity=FindingSeverity.WARNING,
                title=_("Critical session not prepared"),
                message=_(
                    "%(session)s raises %(topics)s but has %(missing)s.",
                    session=_ref(session),
                    topics=_sensitive_names(session, Severity.CRITICAL),
                    missing=_names(missing),
                ),
                why=_(
                    "Critical topics cannot be facilitated off the cuff: open prompts keep the "
                    "conversation from turning into accusation, and notes tell the facilitator "
                    "how to handle it."
                ),
                session_uids=(session.uid,),
            )
        )
    return findings


def detection(workshop: WorkshopData) -> list[Finding]:
    """R10 detection: a session that talks about a sensitive topic should flag it.

    Suggestion, one per session and topic, when the session's title or description, or
    the text of one of its prompts, matches a catalogue topic's keywords (see
    :mod:`planner.readiness.keywords`), or one of its prompts is linked to a catalogue
    topic, while the session does not flag that topic.

    Why: flags drive the other rules (sequencing, pre-briefs, preparation) and the
    handling guidance in the facilitator brief; an unflagged topic escapes all of them.
    """
    catalogue = {topic.key: topic for topic in workshop.catalogue}
    scanner = topic_scanner(tuple(catalogue.values()))
    findings = []
    for session in workshop.sessions_in_order:
        flagged = {t.key for t in session.topics}
        # One scan per text for all topics; the matching keyword is looked up only on a hit.
        text = _text(session)
        in_text = scanner.keys(text)
        in_prompts = [scanner.keys(p.text) for p in session.prompts]
        for topic in catalogue.values():
            if topic.key in flagged:
                continue
            where = None
            if topic.key in in_text:
                where = _(
                    "its title or description mentions %(evidence)s",
                    evidence=topic_evidence(topic.keywords, text),
                )
            else:
                for number, prompt in enumerate(session.prompts, start=1):
                    if topic.key in in_prompts[number - 1]:
                        evidence = topic_evidence(topic.keywords, prompt.text)
                        where = _(
                            "prompt %(number)d mentions %(evidence)s",
                            number=number,
                            evidence=evidence,
                        )
                        break
                    if topic.key in prompt.topic_keys:
                        where = _("prompt %(number)d is linked to it", number=number)
                        break
            if where is None:
                continue
            findings.append(
                Finding(
                    rule_id="R10",
                    severity=FindingSeverity.SUGGESTION,
                    title=_("Flag “%(topic)s”?", topic=topic.name),
                    message=_(
                        "%(session)s may touch on %(topic)s (%(severity)s): %(where)s, but the "
                        "topic is not flagged.",
                        session=_ref(session),
                        topic=topic.name,
                        severity=_(topic.severity.label),
                        where=where,
                    ),
                    why=_(
                        "Flagged topics get sequencing checks and handling guidance in the "
                        "facilitator brief; an unflagged sensitive topic can catch the room "
                        "unprepared."
                    ),
                    session_uids=(session.uid,),
                )
            )
    return findings


def language(workshop: WorkshopData) -> list[Finding]:
    """R11 language: participants need a common language, or an interpreter.

    Warning when the confirmed participants who listed languages (at least two of them)
    share no language and no interpreter is invited (invitation with role interpreter,
    status invited, confirmed or attended). Languages compare case-insensitively.

    Why: without a shared language or interpretation, half the room follows a
    conversation second-hand and misunderstandings multiply.
    """
    speakers = [i.person for i in workshop.confirmed_participants if _languages(i.person)]
    if len(speakers) < 2:
        return []
    shared = set.intersection(*(_languages(p) for p in speakers))
    if shared:
        return []
    if any(
        i.role == InvitationRole.INTERPRETER and i.status in ACTIVE_INVITATION_STATUSES
        for i in workshop.invitations
    ):
        return []
    spoken: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for person in speakers:
        for raw in person.languages:
            key = raw.strip().casefold()
            if key and key not in shown:
                shown[key] = raw.strip()
        spoken.update(_languages(person))
    best, count = min(spoken.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        Finding(
            rule_id="R11",
            severity=FindingSeverity.WARNING,
            title=_("No common language"),
            message=_(
                "No language is spoken by all %(num)d confirmed participants who listed their "
                "languages (the most shared, %(language)s, by %(count)d), and no interpreter "
                "is invited.",
                num=len(speakers),
                language=shown[best],
                count=count,
            ),
            why=_(
                "Without a shared language or interpretation, part of the room follows the "
                "conversation second-hand, and nuance — which matters most on sensitive "
                "topics — is lost."
            ),
            person_uids=_uids(speakers),
        )
    ]


def _languages(person: PersonData) -> set[str]:
    return {lang.strip().casefold() for lang in person.languages if lang.strip()}


def consent(workshop: WorkshopData) -> list[Finding]:
    """R12 consent: say who the participant brief will leave out.

    Information when confirmed participants did not consent to be listed: the
    participant brief omits them. Off the record, the brief lists no names at all, and
    the rule says that instead.

    Why: facilitators should know who other participants will not see listed, so that
    introductions in the room do not come as a surprise or expose anyone.
    """
    participants = workshop.confirmed_participants
    if not participants:
        return []
    if workshop.confidentiality == Confidentiality.OFF_THE_RECORD:
        return [
            Finding(
                rule_id="R12",
                severity=FindingSeverity.INFORMATION,
                title=_("No names in the participant brief"),
                message=_(
                    "The workshop is off the record: the participant brief lists no "
                    "participants' names at all."
                ),
                why=_(
                    "Off the record, the participant list is never shared; participants will "
                    "meet each other only in the room."
                ),
            )
        ]
    withheld = [i.person for i in participants if not i.person.consent_to_list]
    if not withheld:
        return []
    count = len(_uids(withheld))
    return [
        Finding(
            rule_id="R12",
            severity=FindingSeverity.INFORMATION,
            title=_("Some participants not listed"),
            message=ngettext(
                "The participant brief will leave out %(num)d person who did not consent to "
                "be listed.",
                "The participant brief will leave out %(num)d people who did not consent to "
                "be listed.",
                count,
            ),
            why=_(
                "Being named on a list can put participants at risk at home; facilitators "
                "should expect introductions in the room to reveal names the brief withheld."
            ),
            person_uids=_uids(withheld),
        )
    ]


# --------------------------------------------------------------------------- R13-R16


def ground_rules(workshop: WorkshopData) -> list[Finding]:
    """R13 ground rules: the first joint working session sets out the rules of the room.

    Warning when the first session (in time order) with audience everyone that is not a
    break or informal session does not mention, in its title or description, ground
    rules ("ground rule(s)") and the confidentiality rule ("Chatham House", "off the
    record", "on the record", "confidential(ity)"). No joint working session: no
    finding (R6 and R7 cover an empty agenda).

    Why: participants must hear, from the first joint moment, how they will speak to each
    other and what may leave the room; their safety at home depends on it.
    """
    joint = [
        s
        for s in workshop.sessions_in_order
        if s.audience == Audience.EVERYONE and s.format not in RESTING_FORMATS
    ]
    if not joint:
        return []
    first = joint[0]
    text = _text(first)
    missing = []
    if not matches("ground rule", text):
        missing.append(_("ground rules"))
    if first_match(CONFIDENTIALITY_WORDS[workshop.confidentiality], text) is None:
        missing.append(
            _(
                "the confidentiality rule (%(rule)s)",
                rule=_(workshop.confidentiality.label),
            )
        )
    # Announcing the wrong rule is worse than announcing none: people speak accordingly.
    wrong = [
        _(rule.label)
        for rule, words in CONFIDENTIALITY_WORDS.items()
        if rule != workshop.confidentiality and first_match(words, text) is not None
    ]
    findings = []
    if wrong:
        findings.append(
            Finding(
                rule_id="R13",
                severity=FindingSeverity.WARNING,
                title=_("Wrong confidentiality rule announced"),
                message=_(
                    "The first joint session, %(session)s, mentions %(wrong)s, but this "
                    "workshop is %(rule)s.",
                    session=_ref(first),
                    wrong=", ".join(wrong),
                    rule=_(workshop.confidentiality.label),
                ),
                why=_(
                    "Participants decide what to say by the rule they are told; a wrong rule "
                    "can expose them at home."
                ),
                session_uids=(first.uid,),
            )
        )
    if not missing:
        return findings
    return findings + [
        Finding(
            rule_id="R13",
            severity=FindingSeverity.WARNING,
            title=_("Ground rules not set out"),
            message=_(
                "The first joint session, %(session)s, does not mention %(missing)s.",
                session=_ref(first),
                missing=_(" or ").join(missing),
            ),
            why=_(
                "From the first joint moment participants must know how they will speak to "
                "each other and what may leave the room; their safety at home can depend on it."
            ),
            session_uids=(first.uid,),
        )
    ]


def impartial_team(workshop: WorkshopData) -> list[Finding]:
    """R14 impartial team: the facilitators must not look like one side's team.

    The team is the owner and co-facilitator accounts, plus people invited as
    co-facilitators (not declined or withdrawn). Warning unless a member belongs to
    neither side (international or other) or the team has both an Armenian and an
    Azerbaijani member. Members with no community recorded count as unknown.

    Why: participants trust a process they see as impartial; a team drawn from one side
    is read as that side's, whatever its intentions.
    """
    communities: list[Community | None] = [f.community for f in workshop.facilitation_team]
    invited = [
        i.person
        for i in workshop.invitations
        if i.role == InvitationRole.CO_FACILITATOR
        and i.status not in (InvitationStatus.DECLINED, InvitationStatus.WITHDREW)
    ]
    communities.extend(p.community for p in invited)
    known = set(communities)
    if known & {Community.INTERNATIONAL, Community.OTHER} or set(SIDES) <= known:
        return []
    tally = Counter(communities)
    parts = [
        _("%(num)d %(community)s", num=tally[side], community=community_name(side))
        for side in SIDES
        if tally[side]
    ]
    if tally[None]:
        parts.append(_("%(num)d of unrecorded community", num=tally[None]))
    message = (
        _(
            "The facilitation team is %(members)s: no member is from neither side "
            "(international or other), and it is not a cross-community pair.",
            members=_names(parts),
        )
        if parts
        else _("No facilitation team is recorded.")
    )
    return [
        Finding(
            rule_id="R14",
            severity=FindingSeverity.WARNING,
            title=_("Facilitation team not impartial"),
            message=message,
            why=_(
                "Participants trust a process they see as impartial: the team needs a "
                "third-party facilitator or a pair from both communities."
            ),
            person_uids=_uids(invited),
        )
    ]


def mixed_groups(workshop: WorkshopData) -> list[Finding]:
    """R15 mixed groups: every small group mixes both communities.

    Error for every group of a small-groups session that
    :func:`planner.readiness.small_groups.one_sided_groups` finds one-sided — the same
    judgement the groups editor warns with: two or more members expected in the room
    (confirmed participants; people who declined or withdrew are not), those from the two
    sides all from one side, while both sides have confirmed participants. Group members
    are invitation uids; unknown uids are ignored. Groups of people from neither side are
    not reported.

    Why: small groups are where people from the two sides actually talk; a one-sided
    group is an echo chamber inside the workshop.
    """
    expected = expected_members(workshop.invitations)
    by_uid = {i.uid: i.person for i in workshop.invitations}
    findings = []
    for session in workshop.sessions_in_order:
        if session.format != SessionFormat.SMALL_GROUPS:
            continue
        numbered = [(group.number, group.invitation_uids) for group in session.groups]
        for group in one_sided_groups(numbered, expected):
            members = [by_uid[key] for key in group.member_keys]
            findings.append(
                Finding(
                    rule_id="R15",
                    severity=FindingSeverity.ERROR,
                    title=_("One-sided small group"),
                    message=ngettext(
                        "Group %(group)d of %(session)s has %(num)d member and only "
                        "%(community)s ones from the two sides.",
                        "Group %(group)d of %(session)s has %(num)d members and only "
                        "%(community)s ones from the two sides.",
                        len(members),
                        group=group.number,
                        session=_ref(session),
                        community=community_name(group.side),
                    ),
                    why=_(
                        "Small groups are where the two sides actually talk; a one-sided group "
                        "becomes an echo chamber inside the workshop."
                    ),
                    session_uids=(session.uid,),
                    person_uids=_uids(members),
                )
            )
    return findings


def forward_close(workshop: WorkshopData) -> list[Finding]:
    """R16 forward close: the last working session looks forward.

    Suggestion when the last participant session in time order that is not a break,
    informal or closing session has no prompt in the "looking forward" phase and its
    title and description mention none of "forward", "next step", "joint", "action",
    "future", "follow up". Empty agenda: no finding.

    Why: workshops that end on grievances send people home with them; ending on joint
    next steps is what turns a meeting into confidence-building.
    """
    working = [
        s
        for s in workshop.sessions_in_order
        if _for_participants(s)
        and s.format not in RESTING_FORMATS
        and s.format != SessionFormat.CLOSING
    ]
    if not working:
        return []
    last = working[-1]
    if any(p.phase == Phase.LOOKING_FORWARD for p in last.prompts):
        return []
    if first_match(FORWARD_WORDS, _text(last)) is not None:
        return []
    return [
        Finding(
            rule_id="R16",
            severity=FindingSeverity.SUGGESTION,
            title=_("Last session does not look forward"),
            message=_(
                "The last working session, %(session)s, has no looking-forward prompt and "
                "does not mention next steps or joint action.",
                session=_ref(last),
            ),
            why=_(
                "Workshops that end on grievances send people home with them; ending on what "
                "can be done together is what builds confidence."
            ),
            session_uids=(last.uid,),
        )
    ]


def _is_joint_work(session: SessionData) -> bool:
    return session.audience == Audience.EVERYONE and session.format not in RESTING_FORMATS


def _weighs_constraints(session: SessionData) -> bool:
    return any(t.key in CONSTRAINT_TOPICS for t in session.topics) or any(
        p.phase == CONSTRAINT_PHASE for p in session.prompts
    )


def _analyses_jointly(session: SessionData) -> bool:
    return any(p.phase == ANALYSIS_PHASE for p in session.prompts)


def joint_analysis_first(workshop: WorkshopData) -> list[Finding]:
    """R17 joint analysis first: the two sides analyse the problem together before weighing
    concessions or limits.

    *About concessions or limits*: a joint working session (audience everyone, not a break
    or informal session) that flags a topic in ``CONSTRAINT_TOPICS`` (the catalogue's
    ``concessions``, "Painful concessions and expectations") or has a prompt in the realism
    phase ("no miracles", realistic expectations). *Joint problem analysis*: a joint working
    session with a prompt in the perceptions phase (how each side sees the conflict and the
    other). Both are read from what the facilitator flagged and chose, not guessed from
    titles. Single-community caucuses are not counted either way: preparing each side for a
    hard topic is R4's advice, not a wrong order.

    Suggestion, one finding naming every session about concessions or limits that starts
    before the first session of joint analysis starts. Silent unless the agenda has both
    kinds; a session that is both (it starts with its own analysis) is not out of order.

    Why: in Herbert C. Kelman's problem-solving workshops the two sides first analyse the
    conflict together — each side's needs, fears and perceptions — and think jointly about
    solutions before they turn to the political and psychological constraints on them
    (H. C. Kelman and S. P. Cohen, "The problem-solving workshop: a social-psychological
    contribution to the resolution of international conflicts", Journal of Peace Research
    13(2), 1976). Constraints weighed first invite each side to defend its positions instead
    of exploring the problem.
    """
    joint = [s for s in workshop.sessions_in_order if _is_joint_work(s)]
    analysis = next((s for s in joint if _analyses_jointly(s)), None)
    if analysis is None:
        return []
    early = [s for s in joint if _weighs_constraints(s) and s.starts_at < analysis.starts_at]
    if not early:
        return []
    return [
        Finding(
            rule_id="R17",
            severity=FindingSeverity.SUGGESTION,
            title=_("Concessions before joint analysis"),
            message=ngettext(
                "%(sessions)s weighs concessions or limits before the two sides have analysed "
                "the problem together; the first joint analysis is %(analysis)s.",
                "%(sessions)s weigh concessions or limits before the two sides have analysed "
                "the problem together; the first joint analysis is %(analysis)s.",
                len(early),
                sessions=_names([_ref(s) for s in early]),
                analysis=_ref(analysis),
            ),
            why=_(
                "Kelman's problem-solving workshops analyse the conflict jointly — each side's "
                "needs, fears and perceptions — before turning to concessions and constraints; "
                "weighed first, limits make each side defend its positions instead of "
                "exploring the problem together."
            ),
            session_uids=tuple(s.uid for s in early),
        )
    ]

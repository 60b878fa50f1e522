"""Methodology templates: workshops started from editable seed data (issue 17, item 3).

Each file in ``seeds/templates/`` describes one methodology — Kelman's interactive
problem-solving workshop, a Sustained Dialogue meeting at one of its five stages, one- and
three-day confidence-building workshops — as days of sessions (``seeds/templates/README.md``
says what each field means). This module reads and checks them (:func:`load_templates`),
turns one into the sessions of a workshop (:func:`plan`, pure), and starts a workshop from
it (:func:`start_from_template`) with the operations the pages use, so a template obeys the
agenda editor's rules.

A file that does not describe a workable agenda is refused as a whole, naming the file and
the entry: an unknown format or audience, a day beyond the template's length, a start
earlier than the session before it ends, a hard session without each community's caucus
before it (readiness rule R4), or a stage that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from planner import audit
from planner.agenda import operations as agenda_operations
from planner.exceptions import DomainError
from planner.extensions import db
from planner.i18n import gettext, ngettext
from planner.models import Prompt, SensitiveTopic, User, Workshop
from planner.seeding import SEEDS_DIR
from planner.vocabulary import Audience, Community, Confidentiality, SessionFormat, WorkshopFormat
from planner.workshops import operations as workshop_operations
from planner.workshops.forms import WorkshopValues

TEMPLATES_DIR = SEEDS_DIR / "templates"

#: ``{confidentiality}`` in a template's text: the rule as participants hear it, in the
#: words readiness rule R13 looks for in the opening.
CONFIDENTIALITY_PHRASES = {
    Confidentiality.CHATHAM_HOUSE: "the Chatham House Rule",
    Confidentiality.OFF_THE_RECORD: "the off-the-record rule",
    Confidentiality.ON_THE_RECORD: "the on-the-record rule",
}

#: The two sides whose caucuses must come before a hard session.
SIDES = (Community.ARMENIAN, Community.AZERBAIJANI)

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TEXTS = ("title", "description", "notes")
_STAGE_FIELDS = frozenset({*_TEXTS, "prompts", "topics"})
_SESSION_FIELDS = frozenset(
    {
        "day",
        "start",
        "minutes",
        "title",
        "format",
        "audience",
        "community",
        "description",
        "location",
        "notes",
        "alongside_previous",
        "hard",
        "prompts",
        "topics",
        "by_stage",
    }
)
_TEMPLATE_FIELDS = frozenset({"key", "name", "summary", "format", "days", "stages", "sessions"})


class TemplateError(DomainError):
    """A template file that does not describe a workable agenda, or a template not found."""


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    purpose: str


@dataclass(frozen=True)
class TemplateSession:
    """One entry of a template's ``sessions``, checked; texts still hold placeholders."""

    day: int
    start: time | None
    minutes: int
    title: str
    format: SessionFormat
    audience: Audience
    community: Community | None
    description: str = ""
    location: str = ""
    notes: str = ""
    alongside_previous: bool = False
    hard: bool = False
    prompts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    by_stage: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    summary: str
    format: WorkshopFormat
    days: int
    sessions: tuple[TemplateSession, ...]
    stages: tuple[Stage, ...] = ()
    file: str = ""

    def last_day(self, first_day: date) -> date:
        """The last day of a workshop that starts on ``first_day`` and lasts as this does."""
        return first_day + timedelta(days=self.days - 1)

    def stage(self, number: int | None) -> Stage | None:
        """The stage ``number`` names; a template with stages needs one, one without none."""
        if not self.stages:
            if number is not None:
                raise TemplateError(
                    gettext("%(name)s has no stages; start it without one.", name=self.name)
                )
            return None
        found = next((s for s in self.stages if s.number == number), None)
        if found is None:
            numbers = ", ".join(str(s.number) for s in self.stages)
            raise TemplateError(
                gettext(
                    "Choose the stage of %(name)s: one of %(numbers)s.",
                    name=self.name,
                    numbers=numbers,
                )
            )
        return found


@dataclass(frozen=True)
class PlannedSession:
    """A session as it will be created: texts filled in, start worked out (pure data)."""

    day: int
    start: time
    # A later session whose start the template gives (a dinner at 19:30) rather than
    # carrying on from the session before: it is kept as typed, the gap is free time.
    fixed: bool
    minutes: int
    title: str
    format: SessionFormat
    audience: Audience
    community: Community | None
    description: str
    location: str
    notes: str
    alongside_previous: bool
    hard: bool
    prompts: tuple[str, ...]
    topics: tuple[str, ...]


# Reading and checking the files.


def _fail(where: str, message: str) -> TemplateError:
    return TemplateError(f"{where}: {message}")


def _text(entry: Mapping, name: str, where: str, *, required: bool = False) -> str:
    value = entry.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _fail(where, f"“{name}” must be text.")
    if required and not value.strip():
        raise _fail(where, f"“{name}” is missing.")
    return value.strip()


def _keys(entry: Mapping, name: str, where: str) -> tuple[str, ...]:
    value = entry.get(name) or []
    if not isinstance(value, list) or not all(isinstance(k, str) and k for k in value):
        raise _fail(where, f"“{name}” must be a list of keys, such as [realism-no-miracles].")
    return tuple(value)


def _choice(enum_type, value, name: str, where: str):
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_type)
        raise _fail(where, f"“{name}: {value}” is not one of {allowed}.") from None


def _whole(value, name: str, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(where, f"“{name}” must be a whole number from {low} to {high}.")
    return value


def _start(value, where: str) -> time | None:
    if value is None:
        return None
    # YAML reads an unquoted 09:30 as a number of minutes (sexagesimal): accept it too.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return time(value // 60, value % 60)
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise _fail(where, f'“start: {value}” is not a time such as "09:30".') from None


def _stages(raw, where: str) -> tuple[Stage, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise _fail(where, "“stages” must be a list of stages, each with a number and a name.")
    stages = []
    for index, entry in enumerate(raw, start=1):
        at = f"{where}, stage {index}"
        if not isinstance(entry, dict):
            raise _fail(at, "each stage needs a number and a name.")
        number = _whole(entry.get("number"), "number", at, 1, 99)
        if number != index:
            raise _fail(at, f"stages are numbered 1, 2, 3… in order; this one says {number}.")
        stages.append(
            Stage(number, _text(entry, "name", at, required=True), _text(entry, "purpose", at))
        )
    return tuple(stages)


def _session(entry, index: int, where: str, days: int, stages: Sequence[Stage]):
    at = f"{where}, session {index}"
    if not isinstance(entry, dict):
        raise _fail(at, "each session is a set of fields such as day, minutes, title, format.")
    unknown = sorted(set(entry) - _SESSION_FIELDS)
    if unknown:
        raise _fail(at, f"unknown field(s): {', '.join(map(str, unknown))}.")
    title = _text(entry, "title", at, required=True)
    at = f"{where}, session {index} (“{title}”)"
    audience = _choice(Audience, entry.get("audience", "everyone"), "audience", at)
    community = None
    if audience == Audience.COMMUNITY:
        if not entry.get("community"):
            raise _fail(at, "a community session names its community (armenian, azerbaijani…).")
        community = _choice(Community, entry["community"], "community", at)
    elif entry.get("community"):
        raise _fail(at, "only a session for one community (audience: community) names one.")
    if "format" not in entry:
        raise _fail(at, "“format” is missing.")
    by_stage_raw = entry.get("by_stage") or {}
    if not isinstance(by_stage_raw, dict):
        raise _fail(at, "“by_stage” maps stage numbers to the fields that change.")
    numbers = {s.number for s in stages}
    by_stage: dict[int, Mapping[str, Any]] = {}
    for number, changes in by_stage_raw.items():
        if number not in numbers:
            raise _fail(at, f"“by_stage” names stage {number}, which the template lacks.")
        if not isinstance(changes, dict) or set(changes) - _STAGE_FIELDS:
            raise _fail(at, f"stage {number} may change only {', '.join(sorted(_STAGE_FIELDS))}.")
        stage_at = f"{at}, stage {number}"
        by_stage[number] = {
            **{k: _text(changes, k, stage_at) for k in _TEXTS if k in changes},
            **{k: _keys(changes, k, stage_at) for k in ("prompts", "topics") if k in changes},
        }
    return TemplateSession(
        day=_whole(entry.get("day"), "day", at, 1, days),
        start=_start(entry.get("start"), at),
        minutes=_whole(entry.get("minutes"), "minutes", at, 1, 1440),
        title=title,
        format=_choice(SessionFormat, entry["format"], "format", at),
        audience=audience,
        community=community,
        description=_text(entry, "description", at),
        location=_text(entry, "location", at),
        notes=_text(entry, "notes", at),
        alongside_previous=bool(entry.get("alongside_previous", False)),
        hard=bool(entry.get("hard", False)),
        prompts=_keys(entry, "prompts", at),
        topics=_keys(entry, "topics", at),
        by_stage=by_stage,
    )


def parse_template(data: Any, file: str) -> Template:
    """The template a file's YAML describes, checked; ``TemplateError`` names what is wrong."""
    if not isinstance(data, dict):
        raise _fail(file, "a template is a set of fields: key, name, summary, days, sessions.")
    unknown = sorted(set(data) - _TEMPLATE_FIELDS)
    if unknown:
        raise _fail(file, f"unknown field(s): {', '.join(map(str, unknown))}.")
    key = _text(data, "key", file, required=True)
    if not _KEY.match(key):
        raise _fail(file, f"the key “{key}” may hold only small letters, digits and hyphens.")
    days = _whole(data.get("days"), "days", file, 1, 31)
    stages = _stages(data.get("stages"), file)
    raw_sessions = data.get("sessions")
    if not isinstance(raw_sessions, list) or not raw_sessions:
        raise _fail(file, "“sessions” must list at least one session.")
    sessions = tuple(
        _session(entry, index, file, days, stages)
        for index, entry in enumerate(raw_sessions, start=1)
    )
    template = Template(
        key=key,
        name=_text(data, "name", file, required=True),
        summary=_text(data, "summary", file),
        format=_choice(WorkshopFormat, data.get("format", "open"), "format", file),
        days=days,
        sessions=sessions,
        stages=stages,
        file=file,
    )
    # Every variant must plan: each stage, and every confidentiality rule (texts only differ).
    for stage in stages or (None,):
        planned = plan(template, Confidentiality.CHATHAM_HOUSE, stage.number if stage else None)
        _check_hard_sessions(planned, file)
    return template


def _at(planned: PlannedSession) -> tuple[int, time]:
    return planned.day, planned.start


def _end(planned: PlannedSession) -> tuple[int, time]:
    moment = datetime.combine(date.min, planned.start) + timedelta(minutes=planned.minutes)
    return planned.day + (moment.date() - date.min).days, moment.time()


def _check_hard_sessions(planned: Sequence[PlannedSession], file: str) -> None:
    """A hard session comes after a caucus of each side (readiness rule R4)."""
    for session in planned:
        if not session.hard:
            continue
        before = {
            s.community
            for s in planned
            if s.format == SessionFormat.CAUCUS and _end(s) <= _at(session)
        }
        missing = [side.label for side in SIDES if side not in before]
        if missing:
            raise _fail(
                file,
                f"the hard session “{session.title}” needs a caucus of "
                f"{' and of '.join(missing)} participants before it.",
            )


# The agenda a template gives (pure).


def _fill(text: str, values: Mapping[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def plan(
    template: Template, confidentiality: Confidentiality, stage: int | None = None
) -> list[PlannedSession]:
    """The sessions ``template`` gives a workshop with this rule (and stage), in order.

    Each day starts at its first session's ``start``; a later session starts when the one
    before it ends, with it when ``alongside_previous``, or at its own ``start`` (fixed),
    which may not come before the session before it ends.
    """
    chosen = template.stage(stage)
    values = {"confidentiality": CONFIDENTIALITY_PHRASES[confidentiality]}
    if chosen is not None:
        values |= {"stage": str(chosen.number), "stage_name": chosen.name}
    planned: list[PlannedSession] = []
    previous: PlannedSession | None = None
    for index, entry in enumerate(template.sessions, start=1):
        at = f"{template.file}, session {index} (“{entry.title}”)"
        first_of_day = previous is None or previous.day != entry.day
        if previous is not None and entry.day < previous.day:
            raise _fail(at, f"day {entry.day} comes after day {previous.day}; list days in order.")
        if first_of_day:
            if entry.start is None:
                raise _fail(at, f"the first session of day {entry.day} needs a “start”.")
            if entry.alongside_previous:
                raise _fail(at, "the first session of a day cannot run alongside another.")
            # The day's start is its first session's: not a fixed start of its own.
            start, fixed = entry.start, False
        elif entry.alongside_previous:
            start, fixed = previous.start, False
        else:
            end_day, end = _end(previous)
            if end_day != entry.day:
                raise _fail(at, "the session before it runs past midnight.")
            if entry.start is not None and entry.start < end:
                raise _fail(
                    at,
                    f"it starts at {entry.start:%H:%M}, before the session before it ends "
                    f"({end:%H:%M}).",
                )
            start, fixed = (entry.start, True) if entry.start is not None else (end, False)
        changes = entry.by_stage.get(chosen.number, {}) if chosen else {}
        session = PlannedSession(
            day=entry.day,
            start=start,
            fixed=fixed,
            minutes=entry.minutes,
            title=_fill(changes.get("title", entry.title), values),
            format=entry.format,
            audience=entry.audience,
            community=entry.community,
            description=_fill(changes.get("description", entry.description), values),
            location=entry.location,
            notes=_fill(changes.get("notes", entry.notes), values),
            alongside_previous=entry.alongside_previous,
            hard=entry.hard,
            prompts=tuple(changes.get("prompts", entry.prompts)),
            topics=tuple(changes.get("topics", entry.topics)),
        )
        planned.append(session)
        if not entry.alongside_previous or previous is None or _end(session) > _end(previous):
            previous = session
    return planned


_cache: dict[tuple[tuple[str, float], ...], tuple[Template, ...]] = {}


def load_templates(directory: Path | None = None) -> tuple[Template, ...]:
    """Every template in ``seeds/templates/``, checked, by name; read again after an edit."""
    folder = directory or TEMPLATES_DIR
    files = sorted(folder.glob("*.yaml"))
    signature = tuple((str(p), p.stat().st_mtime) for p in files)
    if signature in _cache:
        return _cache[signature]
    templates: dict[str, Template] = {}
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise _fail(path.name, f"not readable as YAML ({error}).") from None
        template = parse_template(data, path.name)
        if template.key in templates:
            raise _fail(path.name, f"the key “{template.key}” is used by another template too.")
        templates[template.key] = template
    result = tuple(sorted(templates.values(), key=lambda t: t.name))
    _cache.clear()
    _cache[signature] = result
    return result


def find_template(key: str) -> Template:
    """The template with ``key``, or a ``TemplateError`` listing the keys there are."""
    templates = load_templates()
    found = next((t for t in templates if t.key == key), None)
    if found is None:
        keys = ", ".join(t.key for t in templates)
        raise TemplateError(
            gettext(
                "There is no methodology template “%(key)s”. Templates: %(keys)s.",
                key=key,
                keys=keys,
            )
        )
    return found


# Starting a workshop from a template (an operation: change, flush, audit).


def _catalogue(model, keys: set[str], template: Template) -> dict[str, Any]:
    found = {r.key: r for r in db.session.scalars(select(model).where(model.key.in_(keys)))}
    missing = sorted(keys - found.keys())
    if missing:
        lacking = (
            gettext(
                "%(name)s names prompts the library lacks: %(keys)s.",
                name=template.name,
                keys=", ".join(missing),
            )
            if model is Prompt
            else gettext(
                "%(name)s names sensitive topics the library lacks: %(keys)s.",
                name=template.name,
                keys=", ".join(missing),
            )
        )
        raise TemplateError(
            lacking
            + " "
            + gettext("Load the seed data (flask --app planner seed) or edit the template.")
        )
    return found


def start_from_template(
    owner: User, template: Template, values: WorkshopValues, stage: int | None = None
) -> Workshop:
    """A new draft workshop from ``values`` with the agenda ``template`` gives it.

    Refused (nothing created) when the workshop's dates are shorter than the template, the
    stage is missing or unknown, or the template names prompts or topics the library lacks.
    """
    planned = plan(template, values.confidentiality, stage)
    length = (values.end_date - values.start_date).days + 1
    if length < template.days:
        raise DomainError(
            ngettext(
                "%(name)s takes %(num)d day; the dates chosen give %(length)d. Choose a later "
                "last day, or leave it blank.",
                "%(name)s takes %(num)d days; the dates chosen give %(length)d. Choose a later "
                "last day, or leave it blank.",
                template.days,
                name=template.name,
                length=length,
            )
        )
    prompts = _catalogue(Prompt, {k for p in planned for k in p.prompts}, template)
    topics = _catalogue(SensitiveTopic, {k for p in planned for k in p.topics}, template)
    workshop = workshop_operations.create_workshop(owner, values)
    if workshop.format == WorkshopFormat.OPEN and template.format != WorkshopFormat.OPEN:
        # The format the template is designed for (readiness R19), unless one was chosen.
        workshop.format = template.format
        db.session.flush()
    for entry in planned:
        # keep_start: the template's times as written; a start that leaves a gap (a 19:30
        # dinner) is fixed by create_session, so later edits keep it.
        session = agenda_operations.create_session(
            workshop,
            agenda_operations.SessionValues(
                title=entry.title,
                day=values.start_date + timedelta(days=entry.day - 1),
                start_time=entry.start,
                duration_minutes=entry.minutes,
                alongside_previous=entry.alongside_previous,
                format=entry.format,
                audience=entry.audience,
                audience_community=entry.community,
                description=entry.description,
                location=entry.location,
                facilitator_notes=entry.notes,
                topics=tuple(topics[k] for k in entry.topics),
            ),
            keep_start=True,
        )
        for key in entry.prompts:
            agenda_operations.attach_prompt(workshop, session, prompts[key])
    db.session.flush()
    audit.record(
        "workshop.from_template",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"template": template.key, "stage": stage, "sessions": len(planned)},
    )
    return workshop

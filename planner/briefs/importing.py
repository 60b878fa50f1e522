"""Import a workshop from its JSON brief (the round trip of issue 5, point 2).

:func:`parse_document` reads and validates the file against
``schemas/workshop-brief.schema.json`` and refuses a participant copy;
:func:`import_workshop` recreates the workshop with the importer as owner, through the
operations the pages use (issue 15), so an imported workshop obeys the same rules:

* the workshop: ``workshops.operations.create_workshop`` (it keeps the file's status);
* the venue is matched by name (case-insensitive), or created when the importer may
  manage the catalogue (an organiser); a facilitator's import naming an unknown venue is
  refused with its name, since venues belong to organisers;
* people: matched by e-mail (case-insensitive) and invited (``people.operations.invite``),
  or added as the add-person form adds them (``add_person``, after the same cleaning of
  names, languages and e-mail). A matched person's profile is left as it is. A facilitator
  may match only people they may see (``access.may_see_people``): any other e-mail that is
  taken refuses the import, without saying whether it exists;
* segments and sensitive topics must already be in the catalogue (matched by key): the
  catalogue belongs to organisers, so an unknown key refuses the import with its name;
* sessions: ``agenda.operations.create_session`` at the file's start times, with the
  editor's schedule check (two sessions for the same audience at once refuse the import);
  prompts are matched by key, or created with their origin and citation, and attached with
  ``attach_prompt``; small groups are saved with ``save_groups``.

Whatever the file says that the import does not take — a matched person's or venue's
other values, an end that disagrees with the duration, groups the groups page would
refuse, co-facilitators (the document has their names, not their accounts) — is listed,
line by line, in :attr:`ImportResult.not_taken`. The readiness review and the context
timeline are worked out anew; uids are new. Nothing is saved when anything is refused:
the operations only flush, and the caller commits or rolls back.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError

from planner import access, audit
from planner.agenda import operations as agenda_operations
from planner.agenda import queries as agenda_queries
from planner.agenda.operations import SessionValues
from planner.agenda.timing import later_by
from planner.briefs.filenames import ascii_slug
from planner.briefs.render_json import load_schema
from planner.catalogue import operations as catalogue_operations
from planner.exceptions import DomainError
from planner.extensions import db
from planner.i18n import gettext as _
from planner.i18n import label
from planner.languages import N_, LanguageCodeError, language_codes
from planner.models import (
    Invitation,
    Person,
    Prompt,
    Segment,
    SensitiveTopic,
    Session,
    Source,
    User,
    Venue,
    Workshop,
)
from planner.models.sources import Passage
from planner.people import operations as people_operations
from planner.people import queries as people_queries
from planner.people.operations import EMAIL_NOT_USABLE
from planner.protection.preparation import PreparationValues, record_preparation
from planner.timezones import is_known_timezone
from planner.translating import operations as translation_operations
from planner.vocabulary import (
    AgeBand,
    Audience,
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    PassageKind,
    Phase,
    PromptOrigin,
    RiskLevel,
    SessionFormat,
    Severity,
    Track,
    WorkshopFormat,
    WorkshopStatus,
)
from planner.workshop_loading import parity_sides
from planner.workshops import operations as workshop_operations
from planner.workshops.dates import day_problem
from planner.workshops.forms import WorkshopValues

#: Larger files are refused before parsing (a five-day workshop is well under 1 MB).
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
#: A brief is about six arrays and objects deep; far deeper nesting is not a brief (and would
#: exhaust the stack of the parser and of every function that walks the document).
MAX_NESTING = 32
#: A brief's numbers are positions, minutes and capacities: PostgreSQL ``integer`` holds them.
MAX_NUMBER = 2**31 - 1
_TOO_DEEP = N_("The file is nested too deeply to be a workshop brief.")


class ImportRefused(DomainError):
    """The file cannot be imported; the message says why."""


def parse_document(raw: bytes) -> dict[str, Any]:
    """Decode and validate a workshop brief JSON file; raise ``ImportRefused`` if unusable."""
    if not raw or not raw.strip():
        raise ImportRefused(_("The file is empty."))
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise ImportRefused(_("The file is larger than 2 MB; this is not a workshop brief."))
    try:
        document = json.loads(
            raw.decode("utf-8-sig"),
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except UnicodeDecodeError:
        raise ImportRefused(_("The file is not UTF-8 text; export it again as JSON.")) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            _("The file is not valid JSON (line %(line)s).", line=error.lineno)
        ) from None
    except RecursionError:
        raise ImportRefused(_(_TOO_DEEP)) from None
    if _nesting(document) > MAX_NESTING:
        raise ImportRefused(_(_TOO_DEEP))
    validator = Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or _("the document")
        # The validator's own words (English, from jsonschema) say what is wrong there.
        raise ImportRefused(
            _(
                "The file does not follow the workshop brief schema at %(where)s: %(problem)s",
                where=where,
                problem=first.message[:200],
            )
        )
    if _holds_nul(document):
        # PostgreSQL refuses NUL characters in text; no real brief holds one.
        raise ImportRefused(_("The file holds NUL characters; this is not a workshop brief."))
    if document["kind"] != "workshop":
        raise ImportRefused(_("This is a session brief; import a whole-workshop brief instead."))
    if document["audience"] != "facilitator":
        # A participant copy is redacted: importing it would lose notes, people and groups.
        raise ImportRefused(_("This is a participant copy; import the facilitator brief."))
    return document


def _number_refused(text: str) -> ImportRefused:
    shown = text if len(text) <= 24 else text[:20] + "…"
    return ImportRefused(
        _(
            "The file holds the number %(number)s, far beyond any number in a workshop brief.",
            number=shown,
        )
    )


def _integer(text: str) -> int:
    # Checked on the digits first: int() of thousands of digits is refused (or slow).
    if len(text.lstrip("-")) > len(str(MAX_NUMBER)) or abs(int(text)) > MAX_NUMBER:
        raise _number_refused(text)
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise _number_refused(text)
    return value


def _constant(name: str) -> float:
    raise _number_refused(name)  # NaN, Infinity and -Infinity are not JSON numbers


def _nesting(document: Any) -> int:
    """How deep arrays and objects nest in ``document`` (walked without recursion)."""
    deepest, pending = 0, [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            pending.extend((item, depth + 1) for item in value)
    return deepest


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _hhmm(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ImportRefused(
            _("%(value)s is not a time of day (HH:MM).", value=repr(value))
        ) from None


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImportRefused(_("%(value)s is not a date (YYYY-MM-DD).", value=repr(value))) from None


def _unique_key(model, wanted: str, length: int) -> str:
    base = wanted[: length - 4] or "imported"
    key, n = base, 1
    while db.session.scalar(select(model.id).where(model.key == key)) is not None:
        n += 1
        key = f"{base}-{n}"
    return key


def _catalogue(document: dict[str, Any]) -> tuple[dict[str, Segment], dict[str, SensitiveTopic]]:
    """The segments and topics the document names, refusing any the catalogue lacks."""
    segment_keys = {s["key"] for s in document["workshop"]["target_segments"]}
    segment_keys |= {i["segment_key"] for i in document["invitations"] if i["segment_key"]}
    topic_keys: set[str] = set()
    for session in document["sessions"]:
        topic_keys |= {t["key"] for t in session["topics"]}
        for prompt in session["prompts"]:
            topic_keys |= set(prompt["topic_keys"])
            segment_keys |= set(prompt["segment_keys"])
    segments = {
        s.key: s for s in db.session.scalars(select(Segment).where(Segment.key.in_(segment_keys)))
    }
    topics = {
        t.key: t
        for t in db.session.scalars(
            select(SensitiveTopic).where(SensitiveTopic.key.in_(topic_keys))
        )
    }
    missing_segments = sorted(segment_keys - segments.keys())
    missing_topics = sorted(topic_keys - topics.keys())
    if missing_segments or missing_topics:
        segments_named = ", ".join(missing_segments)
        topics_named = ", ".join(missing_topics)
        if missing_segments and missing_topics:
            message = _(
                "The catalogue has no segments %(segments)s and no sensitive topics "
                "%(topics)s. Ask an organiser to add them, then import again.",
                segments=segments_named,
                topics=topics_named,
            )
        elif missing_segments:
            message = _(
                "The catalogue has no segments %(segments)s. Ask an organiser to add them, "
                "then import again.",
                segments=segments_named,
            )
        else:
            message = _(
                "The catalogue has no sensitive topics %(topics)s. Ask an organiser to add "
                "them, then import again.",
                topics=topics_named,
            )
        raise ImportRefused(message)
    return segments, topics


def _kept(report: list[str], where: str, what: str, ours: Any, theirs: Any) -> None:
    """Note that the file's ``what`` was not taken because the record already says ``ours``."""
    if ours != theirs:
        report.append(
            _(
                "%(where)s: kept the %(what)s (%(ours)s), not the file's (%(theirs)s).",
                where=where,
                what=_(what),
                ours=_shown(ours),
                theirs=_shown(theirs),
            )
        )


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or _("none")
    if value is None or value == "":
        return _("none")
    return label(value)


#: What a matched venue's entry in the file is compared on (besides its accessibility notes).
_VENUE_FIELDS = ("city", "country", "timezone", "capacity", "neutral_ground")
#: How a report names each of them.
_VENUE_FIELD_WORDS = {
    "city": N_("catalogue's city"),
    "country": N_("catalogue's country"),
    "timezone": N_("catalogue's timezone"),
    "capacity": N_("catalogue's capacity"),
    "neutral_ground": N_("catalogue's neutral ground"),
}


def _venue(data: dict[str, Any] | None, importer: User, report: list[str]) -> Venue | None:
    if data is None:
        return None
    venue = db.session.scalar(
        select(Venue).where(func.lower(Venue.name) == data["name"].lower()).limit(1)
    )
    if venue is not None:
        where = _("Venue “%(name)s”", name=venue.name)
        for name in _VENUE_FIELDS:
            _kept(report, where, _VENUE_FIELD_WORDS[name], getattr(venue, name), data[name])
        if venue.accessibility_notes != data["accessibility_notes"]:
            report.append(
                _(
                    "%(where)s: kept the catalogue's accessibility notes, not the file's.",
                    where=where,
                )
            )
        return venue
    if not access.can_manage_catalogue(importer):
        raise ImportRefused(
            _(
                "The catalogue has no venue “%(name)s”, and venues are added by organisers. "
                "Ask an organiser to add it, or name a catalogue venue, then import again.",
                name=data["name"],
            )
        )
    if not is_known_timezone(data["timezone"]):
        raise ImportRefused(
            _(
                "Venue “%(name)s”: %(zone)s is not a known timezone. Use an IANA name such as "
                "Asia/Tbilisi or Europe/Rome.",
                name=data["name"],
                zone=repr(data["timezone"]),
            )
        )
    # Created as the catalogue's venue page creates it (key, country in capitals, audit).
    return catalogue_operations.save_venue(
        None, {name: data[name] for name in (*_VENUE_FIELDS, "name", "accessibility_notes")}
    )


def _workshop(
    w: dict[str, Any], segments: dict[str, Segment], owner: User, report: list[str]
) -> Workshop:
    """The workshop itself, through ``create_workshop`` (the new-workshop page's operation)."""
    if not is_known_timezone(w["timezone"]):
        raise ImportRefused(_("%(zone)s is not a known timezone.", zone=repr(w["timezone"])))
    try:
        languages = language_codes(w["working_languages"])
    except LanguageCodeError as error:
        raise ImportRefused(_("Working languages: %(problem)s", problem=error)) from None
    values = WorkshopValues(
        title=w["title"].strip(),
        objectives=w["objectives"].strip(),
        context_notes=w["context_notes"].strip(),
        venue=_venue(w["venue"], owner, report),
        start_date=_day(w["start_date"]),
        end_date=_day(w["end_date"]),
        timezone=w["timezone"],
        track=Track(w["track"]),
        confidentiality=Confidentiality(w["confidentiality"]),
        working_languages=languages,
        target_segments=[segments[s["key"]] for s in w["target_segments"]],
        # Optional in the file (documents from before issue 21 lack them).
        format=WorkshopFormat(w.get("format", WorkshopFormat.OPEN.value)),
        women_target_percent=w.get("women_target_percent"),
        parity_sides=parity_sides(w.get("parity_sides")),
    )
    workshop = workshop_operations.create_workshop(
        owner, values, status=WorkshopStatus(w["status"])
    )
    _translations(workshop, workshop, w, _("the workshop"))
    if w["co_facilitators"]:
        report.append(
            _(
                "Co-facilitators %(names)s were not added (the file has their names, not their "
                "accounts): add them on the workshop's team page.",
                names=", ".join(w["co_facilitators"]),
            )
        )
    return workshop


def _person_fields(data: dict[str, Any], segments: dict[str, Segment], where: str):
    segment = segments.get(data["segment_key"]) if data["segment_key"] else None
    try:
        return people_operations.person_fields(
            name=data["name"],
            community=Community(data["community"]),
            segment_id=segment.id if segment else None,
            affiliation=data["affiliation"],
            languages=data["languages"],
            email=data["email"],
            consent_to_list=data["consent_to_list"],
            notes=data["notes"],
            gender=data.get("gender", ""),
            age_band=AgeBand(data["age_band"]) if data.get("age_band") else None,
            risk_level=RiskLevel(data.get("risk_level") or RiskLevel.STANDARD.value),
            risk_reason=data.get("risk_reason", ""),
        )
    except (ValueError, DomainError) as error:
        raise ImportRefused(_("%(where)s: %(problem)s", where=where, problem=error)) from None


def _report_profile(person: Person, values, segments: dict[str, Segment], where: str, report):
    """Note each field of a matched person's profile that the file tells otherwise."""
    where = _(
        "%(where)s: matched an existing person by e-mail, whose profile stays as it is",
        where=where,
    )
    _kept(report, where, N_("name"), person.name, values.name)
    _kept(report, where, N_("community"), person.community, values.community)
    by_id = {s.id: s.name for s in segments.values()}
    ours = person.segment.name if person.segment else None
    _kept(report, where, N_("segment"), ours, by_id.get(values.segment_id))
    _kept(report, where, N_("affiliation"), person.affiliation, values.affiliation)
    languages = list(person.languages or ()), list(values.languages)
    _kept(report, where, N_("languages"), *languages)
    listed = person.consent_to_list, values.consent_to_list
    _kept(report, where, N_("consent to be listed"), *listed)
    if person.notes != values.notes:
        report.append(_("%(where)s: kept the facilitator notes, not the file's.", where=where))


def _invite(
    workshop: Workshop,
    data: dict[str, Any],
    segments: dict[str, Segment],
    known: dict[str, Person],
    importer: User,
    number: int,
    report: list[str],
) -> Invitation:
    """Invite the person an invitation names: matched by e-mail, or added as the form adds."""
    where = _("Invitation %(number)s (%(name)s)", number=number, name=data["name"].strip())
    values = _person_fields(data, segments, where)
    role, status = InvitationRole(data["role"]), InvitationStatus(data["status"])
    support = people_operations.InvitationSupport(
        per_diem=data.get("per_diem"),
        travel_support=data.get("travel_support"),
        room=data.get("room"),
    )
    email = (values.email or "").lower()
    person = known.get(email) if email else None
    if email and person is None:
        person = people_queries.person_by_email(email)
        # Reusing someone outside the importer's workshops would open their profile
        # and facilitator notes to this workshop's team (PRODUCT §2).
        if person is not None and not access.may_see_people(importer, [person]):
            raise ImportRefused(
                _("%(where)s: %(problem)s", where=where, problem=_(EMAIL_NOT_USABLE))
            )
        if person is not None:
            _report_profile(person, values, segments, where, report)
    if role == InvitationRole.CO_FACILITATOR and not people_operations.may_co_facilitate(
        workshop, person
    ):
        # A co-facilitator joins the team, which needs their facilitator account (issue 17).
        role = InvitationRole.RESOURCE_PERSON
        report.append(
            _(
                "%(where)s: invited as a resource person, not a co-facilitator: a "
                "co-facilitator joins the team, which needs their facilitator account; add it "
                "on the team page.",
                where=where,
            )
        )
    try:
        if person is None:
            invitation = people_operations.add_person(workshop, values, role, status, support)
        else:
            invitation = people_operations.invite(workshop, person, role, status, support)
    except people_operations.AlreadyInvited:
        raise ImportRefused(
            _("%(name)s is invited twice (same e-mail address).", name=data["name"])
        ) from None
    if data.get("preparation"):
        _prepare(invitation, data["preparation"], where)
    if email:
        known[email] = invitation.person
    return invitation


def _prepare(invitation: Invitation, data: dict[str, Any], where: str) -> None:
    """The invitation's preparation record, as the file gives it (issue 20)."""

    def day(key: str) -> date | None:
        return date.fromisoformat(data[key]) if data.get(key) else None

    try:
        record_preparation(
            invitation,
            PreparationValues(
                conversation_on=day("conversation_on"),
                conversation_by=data.get("conversation_by", ""),
                risk_assessed=bool(data.get("risk_assessed")),
                consent_asked_on=day("consent_asked_on"),
                travel_arranged=bool(data.get("travel_arranged")),
                visa_arranged=bool(data.get("visa_arranged")),
            ),
        )
    except (ValueError, DomainError) as error:
        raise ImportRefused(
            _("%(where)s, preparation: %(problem)s", where=where, problem=error)
        ) from None


def _passage(citation: dict[str, Any]) -> Passage:
    source = db.session.scalar(
        select(Source)
        .where(Source.title == citation["source_title"], Source.author == citation["author"])
        .limit(1)
    )
    if source is not None:
        passage = next((p for p in source.passages if p.index == citation["passage_index"]), None)
        if passage is not None:
            return passage
    source = Source(
        key=_unique_key(Source, ascii_slug(citation["source_title"]), 80),
        title=citation["source_title"],
        author=citation["author"],
        outlet=citation["outlet"],
        raw_text=citation["passage_text"],
    )
    passage = Passage(
        index=citation["passage_index"],
        kind=PassageKind(citation["passage_kind"]),
        text=citation["passage_text"],
    )
    source.passages.append(passage)
    db.session.add(source)
    return passage


def _prompt(
    data: dict[str, Any],
    segments: dict[str, Segment],
    topics: dict[str, SensitiveTopic],
    owner: User,
    known: dict[str, Prompt],
    report: list[str],
) -> Prompt:
    """The library prompt with the file's key, or a new one with its origin and citation."""
    if data["key"] in known:
        return known[data["key"]]
    prompt = db.session.scalar(select(Prompt).where(Prompt.key == data["key"]))
    if prompt is not None:
        where = _("Prompt “%(key)s”", key=prompt.key)
        if prompt.text != data["text"]:
            report.append(_("%(where)s: kept the library's text, not the file's.", where=where))
        _kept(report, where, N_("library's phase"), prompt.phase, Phase(data["phase"]))
    else:
        # The library grows by the sources pages; a prompt from a file brings its citation.
        citation = data["citation"]
        prompt = Prompt(
            key=data["key"],
            text=data["text"],
            phase=Phase(data["phase"]),
            origin=PromptOrigin(data["origin"]),
            quote=citation["quote"] if citation else "",
            passage=_passage(citation) if citation else None,
            topics=[topics[k] for k in data["topic_keys"]],
            segments=[segments[k] for k in data["segment_keys"]],
            created_by=owner,
        )
        db.session.add(prompt)
        db.session.flush()
    known[data["key"]] = prompt
    return prompt


def _session_values(data: dict[str, Any], topics: dict[str, SensitiveTopic]) -> SessionValues:
    audience = Audience(data["audience"])
    community = Community(data["audience_community"]) if data["audience_community"] else None
    if (audience == Audience.COMMUNITY) != (community is not None):
        raise ImportRefused(
            _(
                "Session “%(title)s”: a one-community session must name its community, and "
                "only such a session may.",
                title=data["title"],
            )
        )
    day = _day(data["day"])
    problem = day_problem(day, _("The day of session “%(title)s”", title=data["title"]))
    if problem:
        raise ImportRefused(problem)
    return SessionValues(
        title=data["title"].strip(),
        day=day,
        start_time=_hhmm(data["start"]),
        duration_minutes=data["duration_minutes"],
        alongside_previous=data["alongside_previous"],
        format=SessionFormat(data["format"]),
        audience=audience,
        audience_community=community,
        description=data["description"].strip(),
        # Optional: briefs exported before sessions had a place of their own lack it.
        location=data.get("location", "").strip(),
        facilitator_notes=data["facilitator_notes"].strip(),
        # A topic listed twice is one flag (the link table holds each pair once).
        topics=tuple({t["key"]: topics[t["key"]] for t in data["topics"]}.values()),
    )


def _report_end(data: dict[str, Any], values: SessionValues, report: list[str]) -> None:
    ends = later_by(
        datetime.combine(values.day, values.start_time),
        timedelta(minutes=values.duration_minutes),
    ).strftime("%H:%M")
    if ends != data["end"]:
        report.append(
            _(
                "Session “%(title)s” on %(day)s: the file's end (%(end)s) disagrees with its "
                "start (%(start)s) and duration (%(minutes)s minutes); kept the duration, so "
                "it ends at %(ends)s.",
                title=values.title,
                day=values.day.isoformat(),
                end=data["end"],
                start=data["start"],
                minutes=values.duration_minutes,
                ends=ends,
            )
        )


def _session(
    workshop: Workshop,
    data: dict[str, Any],
    topics: dict[str, SensitiveTopic],
    report: list[str],
) -> Session:
    """A session at the file's start time, held to the agenda editor's schedule check."""
    values = _session_values(data, topics)
    _report_end(data, values, report)
    try:
        session = agenda_operations.create_session(workshop, values, keep_start=True)
    except agenda_operations.ScheduleRefused as error:
        raise ImportRefused(" ".join(p.message for p in error.problems)) from None
    except DomainError as error:
        raise ImportRefused(
            _(
                "Session “%(title)s” (%(day)s): %(problem)s",
                title=values.title,
                day=values.day,
                problem=error,
            )
        ) from None
    where = _("session “%(title)s” (%(day)s)", title=values.title, day=values.day)
    _translations(session, workshop, data, where)
    return session


def _translations(record, workshop: Workshop, data: dict[str, Any], where: str) -> None:
    """The file's translations of a record's participant-facing texts (issue 19, item 4),
    checked as the translations page checks them; optional in the file."""
    try:
        translation_operations.import_translations(record, workshop, data.get("translations"))
    except DomainError as error:
        raise ImportRefused(
            _("Translations of %(where)s: %(problem)s", where=where, problem=error)
        ) from None


def _attach_prompts(
    workshop: Workshop, session: Session, prompts: list[Prompt], report: list[str]
) -> None:
    """Attach each prompt as the session editor does; one listed twice is attached once."""
    for prompt in prompts:
        try:
            agenda_operations.attach_prompt(workshop, session, prompt)
        except DomainError:
            report.append(
                _(
                    "Session “%(title)s”: prompt “%(key)s” is listed more than once; it is "
                    "attached once.",
                    title=session.title,
                    key=prompt.key,
                )
            )


def _groups(
    workshop: Workshop,
    session: Session,
    data: dict[str, Any],
    invitations: dict[str, Invitation],
    report: list[str],
) -> None:
    """Save the file's groups as the groups page saves them, or say why they were left out."""
    if not data["groups"]:
        return
    groups = []
    for group in sorted(data["groups"], key=lambda g: g["number"]):
        members = []
        for member in group["members"]:
            invitation = invitations.get(member["invitation_uid"])
            if invitation is None:
                raise ImportRefused(
                    _(
                        "Session “%(title)s”: group %(number)s names someone who is not among "
                        "the invitations.",
                        title=data["title"],
                        number=group["number"],
                    )
                )
            members.append(invitation.uid)
        groups.append(members)
    try:
        agenda_operations.save_groups(
            workshop, session, groups, agenda_queries.confirmed_invitations(workshop)
        )
    except DomainError as error:
        # save_groups refuses before changing anything: the session simply has no groups.
        report.append(
            _(
                "Session “%(title)s”: its small groups were not taken (%(problem)s); propose "
                "them again on the session's groups page.",
                title=session.title,
                problem=error,
            )
        )


@dataclass(frozen=True)
class ImportResult:
    """The imported workshop, and what the import did not take from the file, line by line."""

    workshop: Workshop
    not_taken: list[str] = field(default_factory=list)


def import_workshop(document: dict[str, Any], owner: User) -> ImportResult:
    """Recreate the workshop of a validated document (see :func:`parse_document`)."""
    report: list[str] = []
    try:
        workshop = _build(document, owner, report)
        db.session.flush()
    except ImportRefused:
        raise
    except DomainError as error:
        # An operation's refusal (e.g. a date out of bounds) refuses the whole file.
        raise ImportRefused(str(error)) from None
    except (DataError, IntegrityError):
        # The schema keeps lengths and values in range; this is the database's last word
        # (e.g. a prompt key taken meanwhile). The caller rolls back.
        raise ImportRefused(
            _(
                "The database refused part of this workshop (a value too long or a duplicate); "
                "nothing was imported."
            )
        ) from None
    audit.record(
        "workshop.imported",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={
            "sessions": len(document["sessions"]),
            "invitations": len(document["invitations"]),
            "not_taken": len(report),
        },
        actor=owner,
    )
    return ImportResult(workshop, report)


def _build(document: dict[str, Any], owner: User, report: list[str]) -> Workshop:
    segments, topics = _catalogue(document)
    workshop = _workshop(document["workshop"], segments, owner, report)

    people: dict[str, Person] = {}
    invitations: dict[str, Invitation] = {}
    for number, item in enumerate(document["invitations"], start=1):
        invitation = _invite(workshop, item, segments, people, owner, number, report)
        invitations[item["invitation_uid"]] = invitation
    # The invitations were added by id (as the people pages add them): read them afresh.
    db.session.expire(workshop, ["invitations"])

    prompts: dict[str, Prompt] = {}
    topics_reported: set[str] = set()
    # Each session goes to the end of its day, so they are created in the file's order.
    for item in sorted(document["sessions"], key=lambda s: (s["day"], s["position"])):
        session = _session(workshop, item, topics, report)
        for topic in item["topics"]:
            if topic["key"] not in topics_reported:  # said once, however many sessions flag it
                topics_reported.add(topic["key"])
                _report_topic(topics[topic["key"]], topic, report)
        chosen = [_prompt(p, segments, topics, owner, prompts, report) for p in item["prompts"]]
        _attach_prompts(workshop, session, chosen, report)
        _groups(workshop, session, item, invitations, report)
    return workshop


def _report_topic(topic: SensitiveTopic, data: dict[str, Any], report: list[str]) -> None:
    where = _("Sensitive topic “%(key)s”", key=topic.key)
    _kept(report, where, N_("catalogue's name"), topic.name, data["name"])
    _kept(report, where, N_("catalogue's severity"), topic.severity, Severity(data["severity"]))

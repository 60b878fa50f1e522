"""Import a workshop from its JSON brief (the round trip of issue 5, point 2).

:func:`parse_document` reads and validates the file against
``schemas/workshop-brief.schema.json``; :func:`import_workshop` recreates the workshop
with the importer as owner:

* the venue is matched by name (case-insensitive), or created when the importer may
  manage the catalogue (an organiser); a facilitator's import naming an unknown venue is
  refused with its name, since venues belong to organisers;
* people are matched by e-mail (case-insensitive), or created; a matched person's
  profile is left as it is. A facilitator may match only people they already know
  (invited to a workshop they own or co-facilitate, ``people_known_to``): any other
  e-mail that is taken refuses the import, without saying whether it exists;
* segments and sensitive topics must already be in the catalogue (matched by key): the
  catalogue belongs to organisers, so an unknown key refuses the import with its name;
* prompts are matched by key, or created with their origin and citation (the source is
  matched by title and author and the passage by index, or a source holding just that
  passage is created);
* invitations, sessions, topic flags, prompt order and small groups are recreated.

Co-facilitators are not recreated (the document has their names, not their accounts);
uids and the readiness review are new. Nothing is saved when anything is refused: the
operation only flushes, and the caller commits or rolls back.
"""

from __future__ import annotations

import json
import math
from datetime import date, time
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import func, select
from sqlalchemy.exc import DataError, IntegrityError

from planner import access, audit
from planner.briefs.filenames import ascii_slug
from planner.briefs.render_json import load_schema
from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import (
    Invitation,
    Person,
    Prompt,
    Segment,
    SensitiveTopic,
    Session,
    SessionPrompt,
    SmallGroup,
    SmallGroupMember,
    Source,
    User,
    Venue,
    Workshop,
)
from planner.models.sources import Passage
from planner.people.operations import EMAIL_NOT_USABLE
from planner.people.queries import people_known_to
from planner.timezones import is_known_timezone
from planner.vocabulary import (
    Audience,
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    PassageKind,
    Phase,
    PromptOrigin,
    SessionFormat,
    Track,
    WorkshopStatus,
)
from planner.workshops.dates import day_problem, workshop_dates_problem

#: Larger files are refused before parsing (a five-day workshop is well under 1 MB).
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
#: A brief is about six arrays and objects deep; far deeper nesting is not a brief (and would
#: exhaust the stack of the parser and of every function that walks the document).
MAX_NESTING = 32
#: A brief's numbers are positions, minutes and capacities: PostgreSQL ``integer`` holds them.
MAX_NUMBER = 2**31 - 1
_TOO_DEEP = "The file is nested too deeply to be a workshop brief."


class ImportRefused(DomainError):
    """The file cannot be imported; the message says why."""


def parse_document(raw: bytes) -> dict[str, Any]:
    """Decode and validate a workshop brief JSON file; raise ``ImportRefused`` if unusable."""
    if not raw or not raw.strip():
        raise ImportRefused("The file is empty.")
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise ImportRefused("The file is larger than 2 MB; this is not a workshop brief.")
    try:
        document = json.loads(
            raw.decode("utf-8-sig"),
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except UnicodeDecodeError:
        raise ImportRefused("The file is not UTF-8 text; export it again as JSON.") from None
    except json.JSONDecodeError as error:
        raise ImportRefused(f"The file is not valid JSON (line {error.lineno}).") from None
    except RecursionError:
        raise ImportRefused(_TOO_DEEP) from None
    if _nesting(document) > MAX_NESTING:
        raise ImportRefused(_TOO_DEEP)
    validator = Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "the document"
        raise ImportRefused(
            f"The file does not follow the workshop brief schema at {where}: {first.message[:200]}"
        )
    if _holds_nul(document):
        # PostgreSQL refuses NUL characters in text; no real brief holds one.
        raise ImportRefused("The file holds NUL characters; this is not a workshop brief.")
    if document["kind"] != "workshop":
        raise ImportRefused("This is a session brief; import a whole-workshop brief instead.")
    return document


def _number_refused(text: str) -> ImportRefused:
    shown = text if len(text) <= 24 else text[:20] + "…"
    return ImportRefused(
        f"The file holds the number {shown}, far beyond any number in a workshop brief."
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
        raise ImportRefused(f"{value!r} is not a time of day (HH:MM).") from None


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImportRefused(f"{value!r} is not a date (YYYY-MM-DD).") from None


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
        parts = []
        if missing_segments:
            parts.append("segments " + ", ".join(missing_segments))
        if missing_topics:
            parts.append("sensitive topics " + ", ".join(missing_topics))
        raise ImportRefused(
            "The catalogue has no "
            + " and no ".join(parts)
            + ". Ask an organiser to add them, then import again."
        )
    return segments, topics


def _venue(data: dict[str, Any] | None, importer: User) -> Venue | None:
    if data is None:
        return None
    venue = db.session.scalar(
        select(Venue).where(func.lower(Venue.name) == data["name"].lower()).limit(1)
    )
    if venue is None:
        if not access.can_manage_catalogue(importer):
            raise ImportRefused(
                f"The catalogue has no venue “{data['name']}”, and venues are added by "
                "organisers. Ask an organiser to add it, or name a catalogue venue, then "
                "import again."
            )
        if not is_known_timezone(data["timezone"]):
            raise ImportRefused(
                f"Venue “{data['name']}”: {data['timezone']!r} is not a known timezone. "
                "Use an IANA name such as Asia/Tbilisi or Europe/Rome."
            )
        venue = Venue(
            key=_unique_key(Venue, ascii_slug(data["name"]), 64),
            name=data["name"],
            city=data["city"],
            country=data["country"],
            timezone=data["timezone"],
            neutral_ground=data["neutral_ground"],
            capacity=data["capacity"],
            accessibility_notes=data["accessibility_notes"],
        )
        db.session.add(venue)
    return venue


def _person(
    data: dict[str, Any],
    segments: dict[str, Segment],
    known: dict[str, Person],
    importer: User,
    number: int,
) -> Person:
    email = data["email"].strip()
    if email:
        person = known.get(email.lower())
        if person is None:
            person = db.session.scalar(
                select(Person).where(func.lower(Person.email) == email.lower())
            )
            # Reusing someone outside the importer's workshops would open their profile
            # and facilitator notes to this workshop's team (PRODUCT §2).
            if person is not None and not people_known_to(importer, [person]):
                raise ImportRefused(f"Invitation {number} ({data['name']}): {EMAIL_NOT_USABLE}")
        if person is not None:
            known[email.lower()] = person
            return person
    person = Person(
        name=data["name"],
        community=Community(data["community"]),
        segment=segments.get(data["segment_key"]) if data["segment_key"] else None,
        affiliation=data["affiliation"],
        languages=list(data["languages"]),
        email=email or None,
        consent_to_list=data["consent_to_list"],
        notes=data["notes"],
    )
    db.session.add(person)
    if email:
        known[email.lower()] = person
    return person


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
) -> Prompt:
    prompt = known.get(data["key"]) or db.session.scalar(
        select(Prompt).where(Prompt.key == data["key"])
    )
    if prompt is None:
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
    known[data["key"]] = prompt
    return prompt


def _session(data: dict[str, Any], workshop: Workshop) -> Session:
    audience = Audience(data["audience"])
    community = Community(data["audience_community"]) if data["audience_community"] else None
    if (audience == Audience.COMMUNITY) != (community is not None):
        raise ImportRefused(
            f"Session “{data['title']}”: a one-community session must name its community, "
            "and only such a session may."
        )
    day = _day(data["day"])
    problem = day_problem(day, f"The day of session “{data['title']}”")
    if problem:
        raise ImportRefused(problem)
    return Session(
        workshop=workshop,
        day=day,
        start_time=_hhmm(data["start"]),
        duration_minutes=data["duration_minutes"],
        alongside_previous=data["alongside_previous"],
        position=data["position"],
        title=data["title"],
        format=SessionFormat(data["format"]),
        audience=audience,
        audience_community=community,
        description=data["description"],
        facilitator_notes=data["facilitator_notes"],
    )


def import_workshop(document: dict[str, Any], owner: User) -> Workshop:
    """Recreate the workshop of a validated document (see :func:`parse_document`)."""
    # Look-ups below must not flush the half-built workshop (it is added to the session
    # as a whole once every part is resolved).
    with db.session.no_autoflush:
        workshop = _build(document, owner)
    try:
        db.session.flush()
    except (DataError, IntegrityError):
        # The schema keeps lengths and values in range; this is the database's last word
        # (e.g. a prompt key taken meanwhile). The caller rolls back.
        raise ImportRefused(
            "The database refused part of this workshop (a value too long or a duplicate); "
            "nothing was imported."
        ) from None
    audit.record(
        "workshop.imported",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"sessions": len(document["sessions"]), "invitations": len(workshop.invitations)},
        actor=owner,
    )
    return workshop


def _build(document: dict[str, Any], owner: User) -> Workshop:
    w = document["workshop"]
    if not is_known_timezone(w["timezone"]):
        raise ImportRefused(f"{w['timezone']!r} is not a known timezone.")
    start, end = _day(w["start_date"]), _day(w["end_date"])
    problem = workshop_dates_problem(start, end)
    if problem:
        raise ImportRefused(problem)
    segments, topics = _catalogue(document)

    workshop = Workshop(
        title=w["title"],
        objectives=w["objectives"],
        context_notes=w["context_notes"],
        venue=_venue(w["venue"], owner),
        start_date=start,
        end_date=end,
        timezone=w["timezone"],
        track=Track(w["track"]),
        confidentiality=Confidentiality(w["confidentiality"]),
        status=WorkshopStatus(w["status"]),
        working_languages=list(w["working_languages"]),
        owner=owner,
        # A segment listed twice is one target (the link table holds each pair once).
        target_segments=list({s["key"]: segments[s["key"]] for s in w["target_segments"]}.values()),
    )
    db.session.add(workshop)

    people: dict[str, Person] = {}
    invitations: dict[str, Invitation] = {}
    invited: set[int] = set()
    for number, item in enumerate(document["invitations"], start=1):
        person = _person(item, segments, people, owner, number)
        if id(person) in invited:
            raise ImportRefused(f"{item['name']} is invited twice (same e-mail address).")
        invited.add(id(person))
        invitation = Invitation(
            workshop=workshop,
            person=person,
            role=InvitationRole(item["role"]),
            status=InvitationStatus(item["status"]),
        )
        # SQLAlchemy 2 does not cascade through backrefs: add each record explicitly.
        db.session.add(invitation)
        invitations[item["invitation_uid"]] = invitation

    prompts: dict[str, Prompt] = {}
    for item in document["sessions"]:
        session = _session(item, workshop)
        session.topics = [topics[t["key"]] for t in item["topics"]]
        for position, prompt_item in enumerate(item["prompts"]):
            if prompt_item["key"] in {link.prompt.key for link in session.prompt_links}:
                continue  # a prompt appears once per session (unique pair)
            prompt = _prompt(prompt_item, segments, topics, owner, prompts)
            session.prompt_links.append(SessionPrompt(prompt=prompt, position=position))
        for group_item in item["groups"]:
            group = SmallGroup(number=group_item["number"])
            for member in group_item["members"]:
                invitation = invitations.get(member["invitation_uid"])
                if invitation is None:
                    raise ImportRefused(
                        f"Session “{item['title']}”: group {group_item['number']} names "
                        "someone who is not among the invitations."
                    )
                group.members.append(SmallGroupMember(invitation=invitation))
            session.groups.append(group)
        db.session.add(session)
    return workshop

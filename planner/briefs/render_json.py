"""The brief as JSON, following ``schemas/workshop-brief.schema.json``.

The document is built from the :class:`~planner.briefs.assemble.Brief` only, so the
participant audience carries exactly what its redacted view holds; a field of a section
the brief does not have (``Brief.sections``) is written empty. A facilitator document
holds everything ``planner.briefs.importing`` needs to recreate the workshop.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planner.briefs.assemble import Brief, SessionEntry
from planner.content_translations import as_stored, in_use
from planner.workshop_data import (
    CitationData,
    InvitationData,
    PreparationData,
    PromptData,
    TopicData,
)

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "workshop-brief.schema.json"
SCHEMA_ID = "https://dialogue-workshop-planner.invalid/schemas/workshop-brief.schema.json"


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every exported brief satisfies."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _topic(topic: TopicData, brief: Brief) -> dict[str, Any]:
    return {
        "key": topic.key,
        "name": topic.name,
        "severity": topic.severity.value,
        "description": topic.description,
        "participant_note": topic.participant_note,
        "handling_guidance": topic.handling_guidance if brief.has_handling_guidance else "",
    }


def _citation(citation: CitationData | None) -> dict[str, Any] | None:
    if citation is None:
        return None
    return {
        "source_title": citation.source_title,
        "author": citation.author,
        "outlet": citation.outlet,
        "passage_index": citation.passage_index,
        "passage_kind": citation.passage_kind.value,
        "passage_text": citation.passage_text,
        "quote": citation.quote,
    }


def _prompt(prompt: PromptData) -> dict[str, Any]:
    return {
        "key": prompt.key,
        "text": prompt.text,
        "phase": prompt.phase.value,
        "origin": prompt.origin.value,
        "topic_keys": list(prompt.topic_keys),
        "segment_keys": list(prompt.segment_keys),
        "citation": _citation(prompt.citation),
    }


def _preparation(record: PreparationData | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "conversation_on": record.conversation_on.isoformat() if record.conversation_on else None,
        "conversation_by": record.conversation_by,
        "risk_assessed": record.risk_assessed,
        "consent_asked_on": (
            record.consent_asked_on.isoformat() if record.consent_asked_on else None
        ),
        "travel_arranged": record.travel_arranged,
        "visa_arranged": record.visa_arranged,
    }


def _invitation(invitation: InvitationData, brief: Brief) -> dict[str, Any]:
    person = invitation.person
    return {
        "invitation_uid": invitation.uid,
        "person_uid": person.uid,
        "name": person.name,
        "community": person.community.value,
        "segment_key": person.segment_key,
        "segment_name": person.segment_name,
        "affiliation": person.affiliation,
        "languages": list(person.languages),
        "email": person.email,
        "consent_to_list": person.consent_to_list,
        # Notes about people belong to the team's roster only.
        "notes": person.notes if brief.has_roster else "",
        # Facilitator-only (readiness R18, R20, R22): the participant view has cleared them.
        "gender": person.gender,
        "age_band": person.age_band.value if person.age_band else None,
        "per_diem": invitation.per_diem,
        "travel_support": invitation.travel_support,
        "room": invitation.room,
        # Facilitator-only (issue 20): the participant view resets the level and drops the
        # record; the reason, like the notes, belongs to the team's roster only.
        "risk_level": person.risk_level.value,
        "risk_reason": person.risk_reason if brief.has_roster else "",
        "preparation": _preparation(invitation.preparation),
        "role": invitation.role.value,
        "status": invitation.status.value,
    }


def _session(entry: SessionEntry, brief: Brief) -> dict[str, Any]:
    session = entry.session
    return {
        "uid": session.uid,
        "day": session.day.isoformat(),
        "start": session.start.strftime("%H:%M"),
        "end": session.ends_at.strftime("%H:%M"),
        "duration_minutes": session.duration_minutes,
        "position": session.position,
        "alongside_previous": session.alongside_previous,
        "title": session.title,
        "format": session.format.value,
        "audience": session.audience.value,
        "audience_community": session.audience_community.value
        if session.audience_community
        else None,
        "description": session.description,
        # Participant-facing, like the texts they translate (issue 19, item 4).
        "translations": as_stored(in_use(session.translations, brief.workshop.working_languages)),
        "location": session.location,
        "facilitator_notes": session.facilitator_notes if brief.has_facilitator_notes else "",
        "topics": [_topic(t, brief) for t in entry.topics],
        "prompts": [_prompt(p) for p in session.prompts],
        "groups": [
            {
                "number": g.number,
                "members": [{"invitation_uid": m.uid, "name": m.person.name} for m in g.members],
            }
            for g in entry.groups
        ],
    }


def _workshop(brief: Brief) -> dict[str, Any]:
    w = brief.workshop
    venue = w.venue
    return {
        "uid": w.uid,
        "title": w.title,
        "objectives": w.objectives,
        "context_notes": w.context_notes if brief.has_context_notes else "",
        "start_date": w.start_date.isoformat(),
        "end_date": w.end_date.isoformat(),
        "timezone": w.timezone,
        "track": w.track.value,
        "confidentiality": w.confidentiality.value,
        "status": w.status.value,
        "working_languages": list(w.working_languages),
        "translations": as_stored(in_use(w.translations, w.working_languages)),
        "format": w.format.value,
        "women_target_percent": w.women_target_percent,
        "parity_sides": [side.value for side in w.parity_sides],
        "target_segments": [{"key": k, "name": n} for k, n in sorted(w.target_segments)],
        "owner": w.owner.name if w.owner else None,
        "co_facilitators": sorted(f.name for f in w.co_facilitators),
        "venue": {
            "name": venue.name,
            "city": venue.city,
            "country": venue.country,
            "timezone": venue.timezone,
            "neutral_ground": venue.neutral_ground,
            "capacity": venue.capacity,
            "accessibility_notes": venue.accessibility_notes,
        }
        if venue
        else None,
    }


def brief_document(brief: Brief) -> dict[str, Any]:
    """The brief as a JSON-ready dict (see the schema for every field)."""
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "kind": brief.kind.value,
        "audience": brief.audience.value,
        "generated_at": brief.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "confidentiality_notice": brief.confidentiality_words,
        "workshop": _workshop(brief),
        "invitations": [_invitation(i, brief) for i in brief.roster],
        "sessions": [_session(e, brief) for e in brief.sessions],
        "context": [
            {
                "date": e.sort_date.isoformat(),
                "when": e.when,
                "title": e.title,
                "description": e.description,
                "quote": e.quote,
            }
            for e in brief.context
        ],
        "readiness": [f.to_dict() for f in brief.readiness] if brief.has_readiness else [],
    }


def render_json(brief: Brief) -> bytes:
    """The brief as pretty-printed UTF-8 JSON (non-ASCII kept as is)."""
    text = json.dumps(brief_document(brief), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")

"""The records of PRODUCT §4, one module per area. Import models from here."""

from planner.models.accounts import RecoveryCode, User
from planner.models.agenda import (
    AgendaPublication,
    LiveChangeRecord,
    Session,
    SessionPrompt,
    SmallGroup,
    SmallGroupMember,
    session_topics,
)
from planner.models.audit import AuditEvent
from planner.models.catalogue import Segment, SensitiveTopic, Venue
from planner.models.outbox import OutboxMessage
from planner.models.people import Person
from planner.models.prompts import Prompt, prompt_segments, prompt_topics
from planner.models.protection import Preparation, RetainedCount, RetentionPolicy
from planner.models.sources import CandidateReview, ContextEvent, Passage, Source
from planner.models.workshops import (
    Invitation,
    Workshop,
    workshop_co_facilitators,
    workshop_target_segments,
)

__all__ = [
    "AgendaPublication",
    "AuditEvent",
    "CandidateReview",
    "ContextEvent",
    "Invitation",
    "OutboxMessage",
    "LiveChangeRecord",
    "Passage",
    "Person",
    "Preparation",
    "Prompt",
    "RecoveryCode",
    "RetainedCount",
    "RetentionPolicy",
    "Segment",
    "SensitiveTopic",
    "Session",
    "SessionPrompt",
    "SmallGroup",
    "SmallGroupMember",
    "Source",
    "User",
    "Venue",
    "Workshop",
    "prompt_segments",
    "prompt_topics",
    "session_topics",
    "workshop_co_facilitators",
    "workshop_target_segments",
]

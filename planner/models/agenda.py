"""The agenda: sessions, their topic flags and prompts, small groups, and publications."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from planner.crypto import EncryptedText
from planner.extensions import db
from planner.models._columns import checked_enum, public_id_column, utcnow
from planner.vocabulary import Audience, Community, LiveChange, SessionFormat

if TYPE_CHECKING:
    from planner.models.accounts import User
    from planner.models.catalogue import SensitiveTopic
    from planner.models.prompts import Prompt
    from planner.models.workshops import Invitation, Workshop


session_topics = Table(
    "session_topics",
    db.metadata,
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("sensitive_topics.id", ondelete="CASCADE"), primary_key=True),
)


class Session(db.Model):
    """An agenda item. Its end is derived: start + duration."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0 AND duration_minutes <= 1440", name="duration_range"),
        CheckConstraint(
            "(audience = 'community') = (audience_community IS NOT NULL)",
            name="community_audience_names_community",
        ),
        Index("ix_sessions_workshop_day_position", "workshop_id", "day", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = public_id_column()
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    # Runs at the same time as the session before it (e.g. the two communities' caucuses).
    alongside_previous: Mapped[bool] = mapped_column(Boolean, default=False)
    # The start time was typed and sticks (a dinner at 19:30): the sessions after it flow
    # from it, and the gap before it is free time (planner.agenda.timing.reflow).
    fixed_start: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    format: Mapped[SessionFormat] = mapped_column(checked_enum(SessionFormat, "session_format"))
    audience: Mapped[Audience] = mapped_column(
        checked_enum(Audience, "session_audience"), default=Audience.EVERYONE
    )
    audience_community: Mapped[Community | None] = mapped_column(
        checked_enum(Community, "session_audience_community")
    )
    # Participant-facing.
    description: Mapped[str] = mapped_column(Text, default="")
    # Participant-facing: where the session is held when not at the venue ("a restaurant
    # near the Rialto"); empty: at the venue. The calendar's LOCATION (planner.briefs.ics).
    location: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Facilitator-only; encrypted at rest (planner.crypto).
    facilitator_notes: Mapped[str] = mapped_column(EncryptedText, default="")
    # Participant-facing translations of the title and description (issue 19, item 4):
    # {"title": {"hy": "…"}, "description": {"ru": "…"}}; planner.content_translations.
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The start under the plain data's name, so one key (workshop_data.agenda_order) sorts both.
    start: Mapped[time] = synonym("start_time")
    # After the workshop (issue 22), facilitator-only and never in any participant output:
    # whether the session was held, when it actually ran (wall-clock times in the
    # workshop's timezone; an end before the start ran past midnight), and a short outcome
    # note that names nobody. Not in SessionData: only planner.live reads them.
    held: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    actual_start: Mapped[time | None] = mapped_column(Time)
    actual_end: Mapped[time | None] = mapped_column(Time)
    outcome_note: Mapped[str] = mapped_column(EncryptedText, default="", server_default="")

    __mapper_args__ = {"version_id_col": version}

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")
    # Every collection has an order, so each page and export lists things the same way on
    # SQLite and PostgreSQL (and the Core loaders of workshop_loading give the same data).
    topics: Mapped[list[SensitiveTopic]] = relationship(
        secondary=session_topics, order_by="SensitiveTopic.id"
    )
    prompt_links: Mapped[list[SessionPrompt]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SessionPrompt.position",
    )
    groups: Mapped[list[SmallGroup]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SmallGroup.number",
    )

    @property
    def prompts(self) -> list[Prompt]:
        return [link.prompt for link in self.prompt_links]

    def __repr__(self) -> str:
        return f"<Session {self.uid}>"


#: The agenda's order in SQL: ``planner.workshop_data.agenda_order``, then the id.
AGENDA_ORDER = (Session.day, Session.start_time, Session.position, Session.id)


class SessionPrompt(db.Model):
    """A prompt attached to a session, in order."""

    __tablename__ = "session_prompts"
    __table_args__ = (UniqueConstraint("session_id", "prompt_id", name="uq_session_prompts_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    prompt_id: Mapped[int] = mapped_column(ForeignKey("prompts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[Session] = relationship(back_populates="prompt_links")
    prompt: Mapped[Prompt] = relationship()


class SmallGroup(db.Model):
    __tablename__ = "small_groups"
    __table_args__ = (UniqueConstraint("session_id", "number", name="uq_small_groups_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)

    session: Mapped[Session] = relationship(back_populates="groups")
    members: Mapped[list[SmallGroupMember]] = relationship(
        back_populates="group",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SmallGroupMember.invitation_id",
    )


class SmallGroupMember(db.Model):
    __tablename__ = "small_group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("small_groups.id", ondelete="CASCADE"), primary_key=True
    )
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    group: Mapped[SmallGroup] = relationship(back_populates="members")
    invitation: Mapped[Invitation] = relationship()


class AgendaPublication(db.Model):
    """One published version of a workshop's agenda, kept for ever.

    ``snapshot`` holds what participants may see of the workshop data as published
    (``planner.agenda.publishing.to_snapshot``); each participant's own view is redacted
    from it at read time, because their community and small group differ. Later versions are compared with earlier ones.
    """

    __tablename__ = "agenda_publications"
    __table_args__ = (
        UniqueConstraint("workshop_id", "number", name="uq_agenda_publications_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    change_summary: Mapped[list[str]] = mapped_column(JSON, default=list)
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)

    workshop: Mapped[Workshop] = relationship(back_populates="publications")
    published_by: Mapped[User | None] = relationship()


class LiveChangeRecord(db.Model):
    """One change made on the live run sheet (issue 22): late, extend, skip or swap.

    Kept beside the audit event so the run sheet can list the day's changes and the brief
    can tell plan from actual. ``session_uid`` and ``summary`` (titles and times only, no
    notes) outlive a skipped session, which is removed from the agenda.
    """

    __tablename__ = "live_changes"
    __table_args__ = (Index("ix_live_changes_workshop_made_at", "workshop_id", "made_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    kind: Mapped[LiveChange] = mapped_column(checked_enum(LiveChange, "live_change_kind"))
    session_uid: Mapped[str] = mapped_column(String(24))
    minutes: Mapped[int | None] = mapped_column(Integer)
    made_at: Mapped[datetime] = mapped_column(default=utcnow)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    summary: Mapped[list[str]] = mapped_column(JSON, default=list)

    made_by: Mapped[User | None] = relationship()

"""Participant profiles. A Person may exist without an account."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from planner.crypto import EncryptedText, email_hash
from planner.extensions import db
from planner.models._columns import checked_enum, public_id_column, utcnow
from planner.vocabulary import AgeBand, Community, RiskLevel

if TYPE_CHECKING:
    from planner.models.accounts import User
    from planner.models.catalogue import Segment
    from planner.models.workshops import Invitation


class Person(db.Model):
    __tablename__ = "people"
    __table_args__ = (Index("ix_people_name", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = public_id_column()
    # Names as the person writes them: Armenian script, Azerbaijani Latin (ə ğ ı ş), Cyrillic…
    name: Mapped[str] = mapped_column(String(200))
    # Optional second spelling (e.g. a Latin transliteration) used for search.
    name_alt: Mapped[str] = mapped_column(String(200), default="")
    community: Mapped[Community] = mapped_column(checked_enum(Community, "person_community"))
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="SET NULL"), index=True
    )
    # Encrypted at rest (planner.crypto), like the address and the notes.
    affiliation: Mapped[str] = mapped_column(EncryptedText, default="")
    # ISO 639-1 codes, e.g. ["hy", "ru", "en"].
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The language of their e-mails and outputs (issue 19): one of the interface's (en, ru,
    # hy, az), or "" for none chosen (then the workshop's first working language decides).
    preferred_language: Mapped[str] = mapped_column(String(8), default="", server_default="")
    email: Mapped[str | None] = mapped_column(EncryptedText)
    # HMAC of the normalised address (planner.crypto.email_hash), kept by ``_hash_email``:
    # the lookup and the case-insensitive uniqueness the encrypted address cannot carry.
    email_hash: Mapped[str | None] = mapped_column(String(64))
    consent_to_list: Mapped[bool] = mapped_column(Boolean, default=False)
    # Facilitator-only: never e-mail this person (the outbox skips and lists them, so the
    # team reaches them another way, e.g. someone whose mail may be read by others).
    do_not_email: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Optional, self-described, facilitator-only (never in participant outputs).
    gender: Mapped[str] = mapped_column(String(60), default="", server_default="")
    age_band: Mapped[AgeBand | None] = mapped_column(checked_enum(AgeBand, "person_age_band"))
    # Facilitator-only.
    notes: Mapped[str] = mapped_column(EncryptedText, default="")
    # Facilitator-only (issue 20): how much the person risks at home by taking part, and why.
    risk_level: Mapped[RiskLevel] = mapped_column(
        checked_enum(RiskLevel, "person_risk_level"),
        default=RiskLevel.STANDARD,
        server_default=RiskLevel.STANDARD.value,
    )
    risk_reason: Mapped[str] = mapped_column(EncryptedText, default="", server_default="")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    # Optimistic locking of the profile: a plain column, raised explicitly by every operation
    # that changes profile fields (planner.people.operations, planner.participant.operations)
    # and checked against the version an edit form was opened on.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    segment: Mapped[Segment | None] = relationship()
    user: Mapped[User | None] = relationship(back_populates="person")
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )

    @validates("email")
    def _hash_email(self, _key: str, address: str | None) -> str | None:
        self.email_hash = email_hash(address)
        return address

    def __repr__(self) -> str:
        return f"<Person {self.uid}>"


Index("uq_people_email_hash", Person.email_hash, unique=True)

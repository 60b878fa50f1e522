"""The outbox: one e-mail to one person about one workshop, stored until it is sent.

The table is the queue: a worker (``flask --app planner outbox send``) claims one approved
message at a time in its own committed transaction (``planner.outbox.delivery``). The body
is kept without any private-link token: the links are made when the message is sent and
exist only in the e-mail itself (``planner.outbox.composing.LINK_PLACEHOLDERS``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.crypto import EncryptedText
from planner.extensions import db
from planner.models._columns import checked_enum, public_id_column, utcnow
from planner.outbox.kinds import MessageKind, MessageStatus

if TYPE_CHECKING:
    from planner.models.accounts import User
    from planner.models.workshops import Invitation, Workshop


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The worker's question: the next approved message that is due.
        Index("ix_outbox_messages_status_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = public_id_column()
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    # One recipient per message, always: the person of this invitation.
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MessageKind] = mapped_column(checked_enum(MessageKind, "outbox_message_kind"))
    status: Mapped[MessageStatus] = mapped_column(
        checked_enum(MessageStatus, "outbox_message_status"), default=MessageStatus.DRAFT
    )
    # Encrypted at rest (planner.crypto), like the notes and addresses: a message greets
    # its recipient by name and may say where and when the workshop meets.
    subject: Mapped[str] = mapped_column(EncryptedText)
    # Plain text with link placeholders; never a token.
    body: Mapped[str] = mapped_column(EncryptedText)
    # Fixed when the message is composed, so every attempt carries the same one.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    # The publication a change notice is about.
    publication_number: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # An SMTP error often quotes the address it refused.
    last_error: Mapped[str] = mapped_column(EncryptedText, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    # "host:pid" of the worker holding it while it is being sent.
    claimed_by: Mapped[str] = mapped_column(String(120), default="")
    claimed_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    # The address it went to (the person's may change later).
    sent_to: Mapped[str] = mapped_column(EncryptedText, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship()
    invitation: Mapped[Invitation] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.uid} {self.status}>"

"""The outbox's vocabularies: what a message is, and where it stands on its way out.

Apart from the model so that the pure composing module can use them too.
"""

from __future__ import annotations

import enum


class MessageKind(enum.StrEnum):
    """The templates a message is composed from."""

    INVITATION = "invitation"
    CHANGE_NOTICE = "change_notice"
    REMINDER = "reminder"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


_KIND_LABELS = {
    MessageKind.INVITATION: "Invitation",
    MessageKind.CHANGE_NOTICE: "The agenda has changed",
    MessageKind.REMINDER: "Reminder to answer",
    MessageKind.CUSTOM: "Custom message",
}


class MessageStatus(enum.StrEnum):
    """draft → approved → sending → sent; a failed attempt goes back to approved (retried
    later) until the attempts run out, then failed. A message found "sending" by a worker
    whose claimant is gone may have reached the server: it is failed, never sent again
    without a person deciding (``planner.outbox.delivery``)."""

    DRAFT = "draft"
    APPROVED = "approved"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {
            MessageStatus.DRAFT: "Draft (not sent)",
            MessageStatus.APPROVED: "Approved, waiting to be sent",
            MessageStatus.SENDING: "Being sent",
            MessageStatus.SENT: "Sent",
            MessageStatus.FAILED: "Failed",
        }[self]

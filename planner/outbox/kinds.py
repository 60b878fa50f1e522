"""The outbox's vocabularies: what a message is, and where it stands on its way out.

Apart from the model so that the pure composing module can use them too.
"""

from __future__ import annotations

import enum

from planner.languages import N_


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
    MessageKind.INVITATION: N_("Invitation"),
    MessageKind.CHANGE_NOTICE: N_("The agenda has changed"),
    MessageKind.REMINDER: N_("Reminder to answer"),
    MessageKind.CUSTOM: N_("Custom message"),
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
            MessageStatus.DRAFT: N_("Draft (not sent)"),
            MessageStatus.APPROVED: N_("Approved, waiting to be sent"),
            MessageStatus.SENDING: N_("Being sent"),
            MessageStatus.SENT: N_("Sent"),
            MessageStatus.FAILED: N_("Failed"),
        }[self]

"""What the participant pages show, assembled in one place per page (planned queries).

The agenda page — signed in or through a private link — is always built from the last
*published* version of the agenda, redacted for the viewer by ``participant_view``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from planner.agenda.publishing import (
    changes_for_viewer,
    latest_publication,
    published_workshop,
)
from planner.extensions import db
from planner.i18n import gettext, timezone_city
from planner.models import AgendaPublication, Invitation, Person, User, Workshop
from planner.redaction import (
    own_invitation_view,
    participant_view,
    separate_sessions,
    viewer_for_invitation,
)
from planner.vocabulary import InvitationRole
from planner.workshop_data import GroupData, InvitationData, WorkshopData


@dataclass(frozen=True)
class AgendaPage:
    """Everything the participant agenda template shows."""

    view: WorkshopData  # redacted for the viewer; the published agenda when there is one
    own: InvitationData
    publication_number: int | None
    published_at: datetime | None
    #: "What changed" lines, or None when there is nothing to compare with.
    changes: list[str] | None
    timezone_label: str

    @property
    def is_published(self) -> bool:
        return self.publication_number is not None

    @property
    def others(self) -> list[InvitationData]:
        """The other people the viewer may see listed (the view already applied consent);
        co-facilitators are named with the facilitators, not as participants."""
        return sorted(
            (
                i
                for i in self.view.invitations
                if i.uid != self.own.uid and i.role != InvitationRole.CO_FACILITATOR
            ),
            key=lambda i: i.person.name,
        )

    def group_mates(self, group: GroupData) -> list[str]:
        """Names of the viewer's group mates whom the viewer may see listed."""
        names = {i.uid: i.person.name for i in self.view.invitations}
        return [names[u] for u in group.invitation_uids if u != self.own.uid and u in names]


def timezone_label(zone_name: str, on: date) -> str:
    """``"Tbilisi time (Asia/Tbilisi, UTC+04:00)"`` on the given date (offsets change with DST),
    in the reader's language."""
    try:
        offset = (
            datetime(on.year, on.month, on.day, 12)
            .replace(tzinfo=ZoneInfo(zone_name))
            .strftime("%z")
        )
    except (KeyError, ValueError):
        return zone_name
    return gettext(
        "%(place)s time (%(zone)s, UTC%(offset)s)",
        place=timezone_city(zone_name),
        zone=zone_name,
        offset=f"{offset[:3]}:{offset[3:]}",
    )


def own_invitations(user: User) -> list[Invitation]:
    """The signed-in person's invitations with their workshops and venues, soonest first."""
    if user.person is None:
        return []
    return list(
        db.session.scalars(
            select(Invitation)
            .join(Invitation.workshop)
            .where(Invitation.person_id == user.person.id)
            .options(joinedload(Invitation.workshop).joinedload(Workshop.venue))
            .order_by(Workshop.start_date, Workshop.id)
        )
    )


def own_invitation(workshop_id: int, user: User) -> Invitation | None:
    """The user's own invitation to the workshop (with the workshop), if any."""
    return db.session.scalar(
        select(Invitation)
        .join(Invitation.person)
        .where(Invitation.workshop_id == workshop_id, Person.user_id == user.id)
        .options(joinedload(Invitation.workshop))
    )


def find_invitation(uid: str) -> Invitation | None:
    return db.session.scalar(
        select(Invitation)
        .where(Invitation.uid == uid)
        .options(joinedload(Invitation.workshop), joinedload(Invitation.person))
    )


def _publication(workshop_id: int, number: int) -> AgendaPublication | None:
    return db.session.scalar(
        select(AgendaPublication).where(
            AgendaPublication.workshop_id == workshop_id, AgendaPublication.number == number
        )
    )


#: ``agenda_page(since=PREVIOUS)``: show what changed in the latest version.
PREVIOUS = "previous"


def agenda_page(
    workshop_id: int,
    live: WorkshopData,
    invitation_uid: str,
    *,
    since: int | Literal["previous"] | None,
    signed_in: bool = False,
) -> AgendaPage:
    """The agenda as the person invited by ``invitation_uid`` may see it, with what changed
    since ``since``.

    ``live`` is the workshop now, without its agenda (``workshop_people_data``): only its
    participant list and confidentiality rule are used; the agenda comes from the latest
    publication. ``since`` is a publication number, ``PREVIOUS`` for the one before the
    latest (the read-only private page, which records nothing), or ``None`` for no changes.
    ``signed_in``: the signed-in participant page, the one page that lists every listed
    participant; the private-link page, like a file, names others only as files may
    (``planner.redaction.is_named_in_files``).
    """
    viewer = replace(viewer_for_invitation(live, invitation_uid), signed_in_page=signed_in)
    latest = latest_publication(workshop_id)
    if latest is None:
        # Before the first publication nothing of the draft agenda is shown.
        view = replace(participant_view(live, viewer), sessions=())
        own = own_invitation_view(live, viewer)
        return AgendaPage(
            view, own, None, None, None, timezone_label(view.timezone, view.start_date)
        )

    published = published_workshop(latest.snapshot, live)
    view = participant_view(published, viewer)
    # Where other groups meet on their own, the agenda says so instead of leaving a gap.
    view = replace(view, sessions=view.sessions + separate_sessions(published, viewer))
    own = own_invitation_view(live, viewer)
    changes = None
    if since == PREVIOUS:
        since = latest.number - 1
    if since is not None and since < latest.number:
        earlier = _publication(workshop_id, since)
        if earlier is not None:
            changes = changes_for_viewer(earlier.snapshot, latest.snapshot, live, viewer)
    return AgendaPage(
        view,
        own,
        latest.number,
        latest.published_at,
        changes,
        timezone_label(view.timezone, view.start_date),
    )

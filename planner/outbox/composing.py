"""What each message says: pure functions from a participant's view to a subject and a body.

Every message is composed from :func:`planner.redaction.participant_view` for its one
recipient — the one redaction path — never from the full workshop, so it can only say what
that person may see. :func:`unsafe_texts` is the independent check, built from the full
workshop: the confidential texts of :func:`planner.redaction.forbidden_strings` plus the name
and address of every other person invited; a message containing any of them is refused
(a facilitator's edit included).

The body keeps link placeholders (:data:`AGENDA_LINK`, :data:`CALENDAR_LINK`) in place of the
private links: those are created when the message is sent (``planner.outbox.delivery``) and
exist only in the e-mail itself, never in the database or on a page.

Each message is written in its recipient's language (issue 19): the caller composes it
under ``flask_babel.force_locale`` (``planner.outbox.operations``), and the words and the
CLDR dates follow; the text is stored as composed, so a queued message keeps its language.
Outside an application context ``gettext`` gives the English.

This module reads no request and imports no SQLAlchemy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from planner.briefs.texts import for_reader
from planner.i18n import date_range
from planner.i18n import gettext as _
from planner.outbox.kinds import MessageKind
from planner.redaction import Viewer, forbidden_strings
from planner.vocabulary import Confidentiality
from planner.workshop_data import InvitationData, WorkshopData

#: Where the private agenda link goes; replaced only in the e-mail that is sent.
AGENDA_LINK = "[[agenda link]]"
#: Where the calendar subscription link goes.
CALENDAR_LINK = "[[calendar link]]"
LINK_PLACEHOLDERS = (AGENDA_LINK, CALENDAR_LINK)

SUBJECT_MAX = 300
BODY_MAX = 20_000
#: Texts shorter than this are not searched for (a two-letter name would match everywhere).
_SHORTEST_SEARCHED = 3


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def workshop_dates(start: date, end: date) -> str:
    """``14–16 December 2026`` in the language composed in (CLDR month names)."""
    return date_range(start, end)


def _closing() -> str:
    return _(
        "This message was written for you alone; the links in it are yours, so please do not "
        "forward it. If it reached you by mistake, please delete it."
    )


def _city(view: WorkshopData) -> str:
    return view.venue.city if view.venue is not None and view.venue.city else ""


def _greeting(view: WorkshopData, own: InvitationData | None) -> str:
    # Off the record nothing names anyone, the recipient included (redaction's rule).
    if own is None or view.confidentiality == Confidentiality.OFF_THE_RECORD:
        return _("Hello,")
    return _("Dear %(name)s,", name=own.person.name)


def _confidentiality(view: WorkshopData) -> str:
    rule = view.confidentiality
    return _("Confidentiality: %(rule)s. %(words)s", rule=_(rule.label), words=_(rule.plain_words))


def compose(
    kind: MessageKind,
    view: WorkshopData,
    own: InvitationData | None,
    *,
    changes: list[str] | tuple[str, ...] = (),
) -> Draft:
    """The message of ``kind`` for one recipient, from their participant ``view``.

    ``own`` is their own invitation as they may see it (``own_invitation_view``); ``changes``
    the change summary in their own view, for a change notice. A custom message starts from
    the greeting and the closing, for the facilitator to write the rest.
    """
    # The workshop's texts in the recipient's language, if translated (issue 19, item 4).
    title = for_reader(view, view, "title", marked=False)
    when = workshop_dates(view.start_date, view.end_date)
    greeting = _greeting(view, own)
    city = _city(view)
    if kind == MessageKind.INVITATION:
        invited = (
            _(
                "You are invited to take part in “%(title)s”, %(dates)s, in %(city)s.",
                title=title,
                dates=when,
                city=city,
            )
            if city
            else _(
                "You are invited to take part in “%(title)s”, %(dates)s.", title=title, dates=when
            )
        )
        lines = [greeting, "", invited]
        if view.objectives:
            lines += ["", for_reader(view, view, "objectives")]
        lines += [
            "",
            _(
                "Your private agenda page: there you can say whether you will attend, read the "
                "agenda once it is published, and download it as a PDF or for your calendar:"
            ),
            AGENDA_LINK,
            "",
            _(
                "To keep the agenda in your calendar app, up to date when it changes, subscribe "
                "to this address:"
            ),
            CALENDAR_LINK,
            "",
            _confidentiality(view),
        ]
        subject = _("Invitation: %(title)s, %(dates)s", title=title, dates=when)
    elif kind == MessageKind.REMINDER:
        asked = (
            _(
                "We have not yet heard whether you can take part in “%(title)s”, %(dates)s, "
                "in %(city)s. Please let us know on your private agenda page (this link "
                "replaces any sent before):",
                title=title,
                dates=when,
                city=city,
            )
            if city
            else _(
                "We have not yet heard whether you can take part in “%(title)s”, %(dates)s. "
                "Please let us know on your private agenda page (this link replaces any sent "
                "before):",
                title=title,
                dates=when,
            )
        )
        lines = [greeting, "", asked, AGENDA_LINK, "", _confidentiality(view)]
        subject = _("Reminder: will you attend “%(title)s”?", title=title)
    elif kind == MessageKind.CHANGE_NOTICE:
        lines = [
            greeting,
            "",
            _("The agenda of “%(title)s”, %(dates)s, has changed:", title=title, dates=when),
            "",
        ]
        updated = _("Details were updated.")
        lines += [f"- {line}" for line in changes] or [f"- {updated}"]
        lines += [
            "",
            _(
                "Read the new version on your private agenda page (this link replaces any sent "
                "before); a subscribed calendar updates itself:"
            ),
            AGENDA_LINK,
        ]
        subject = _("The agenda of “%(title)s” has changed", title=title)
    else:
        lines = [greeting, "", "", AGENDA_LINK]
        subject = title
    lines += ["", _closing()]
    return Draft(subject[:SUBJECT_MAX], "\n".join(lines))


def unsafe_texts(full: WorkshopData, viewer: Viewer) -> set[str]:
    """The texts that no message to ``viewer`` may contain, from the *full* workshop.

    Everything ``forbidden_strings`` lists for them, and the name, other spelling and address
    of every other invited person: a message names nobody but its recipient, even people who
    consented to be listed (an e-mail is forwarded, read over a shoulder, kept for years).
    The facilitation team's names are not among them (they sign the invitations).
    """
    texts = set(forbidden_strings(full, viewer))
    own_uid = viewer.invitation_uid
    own = next((i for i in full.invitations if i.uid == own_uid), None)
    team = {f.name for f in full.facilitation_team}
    for invitation in full.invitations:
        if invitation.uid == own_uid:
            continue
        person = invitation.person
        texts.update(t for t in (person.name, person.email) if t and t not in team)
    if own is not None:
        # The recipient's own name and address are theirs to read.
        texts -= {own.person.name, own.person.email}
    return {t for t in texts if len(t.strip()) >= _SHORTEST_SEARCHED}


def unsafe_found(texts: set[str], *parts: str) -> list[str]:
    """Those of ``texts`` that occur in any of ``parts``, sorted: case-insensitive, and as
    whole words (a recipient called "Ani Petrosyan 10" does not contain "Ani Petrosyan 1")."""
    haystack = "\n".join(parts).casefold()
    return sorted(
        t
        for t in texts
        if t.casefold() in haystack
        and re.search(rf"(?<!\w){re.escape(t.casefold())}(?!\w)", haystack)
    )


def fill_links(body: str, links: dict[str, str]) -> str:
    """The body with each placeholder replaced by its link (``links``: placeholder → URL)."""
    for placeholder, url in links.items():
        body = body.replace(placeholder, url)
    return body


def links_needed(body: str) -> tuple[str, ...]:
    """The placeholders that ``body`` uses, so only those links are created."""
    return tuple(p for p in LINK_PLACEHOLDERS if p in body)


def backoff_seconds(attempts: int) -> int:
    """How long to wait before the next attempt after ``attempts`` failed ones: one minute,
    then four times longer each time, at most six hours."""
    return min(60 * 4 ** max(attempts - 1, 0), 6 * 3600)

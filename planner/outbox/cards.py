"""Private links without e-mail: one printed card per person, as a PDF made on the spot.

For people reached another way (no address, "do not e-mail", a facilitator handing cards
out at a preparatory meeting): new private agenda links are created for a selection at
once, and each token appears only in this PDF — as text and as a QR code — which is
answered to the request and never stored. Each card is marked confidential. Creating the
links replaces each person's earlier agenda link, as issuing one by hand does.

Each card is written in its person's language (the e-mails' rule,
``planner.outbox.operations.recipient_language``); the page's header in the reader's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale

from planner import audit
from planner.auth.twofactor import qr_code_data_url
from planner.i18n import gettext as _
from planner.models import Invitation, User
from planner.outbox.composing import workshop_dates
from planner.outbox.delivery import public_url
from planner.outbox.operations import recipient_language
from planner.participant.operations import issue_link
from planner.participant.tokens import LinkKind
from planner.vocabulary import ACTIVE_INVITATION_STATUSES, Confidentiality


@dataclass(frozen=True)
class Card:
    name: str
    url: str
    qr: str  # a data: URL of the QR code's SVG
    language: str = "en"


@dataclass(frozen=True)
class CardFace:
    """What one printed card says, in its person's language."""

    card: Card
    confidential: str
    qr_alt: str
    dates: str
    scan: str


def make_cards(workshop, invitations: Sequence[Invitation], *, actor: User | None) -> list[Card]:
    """New agenda links for ``invitations`` (those that still stand), as cards; flushes and
    audits (how many, never the links)."""
    cards = []
    off_record = workshop.confidentiality == Confidentiality.OFF_THE_RECORD
    working_languages = getattr(workshop, "working_languages", None) or ()
    for invitation in invitations:
        if invitation.status not in ACTIVE_INVITATION_STATUSES:
            continue
        token = issue_link(invitation, LinkKind.AGENDA, actor)
        url = public_url("participant.private_agenda", token=token)
        # Off the record a card names nobody: whoever hands it out knows whose it is.
        name = "" if off_record else invitation.person.name
        language = recipient_language(invitation, working_languages)
        cards.append(Card(name, url, qr_code_data_url(url), language))
    audit.record(
        "outbox.cards_printed",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"count": len(cards)},
        actor=actor,
    )
    return cards


def render_cards(workshop, cards: Sequence[Card]) -> bytes:
    """The PDF of the cards (A4, six to a page)."""
    from weasyprint import HTML

    faces = []
    for card in cards:
        # Each card's words and dates in its person's language; the template escapes them.
        with force_locale(card.language):
            faces.append(
                CardFace(
                    card=card,
                    confidential=_("CONFIDENTIAL · for this person only"),
                    qr_alt=_("QR code of the private agenda link"),
                    dates=workshop_dates(workshop.start_date, workshop.end_date),
                    scan=_(
                        "Scan the code to open your agenda, answer the invitation and download "
                        "it. Do not share it."
                    ),
                )
            )
    html = render_template("outbox/cards.html", workshop=workshop, faces=faces)
    return HTML(string=html).write_pdf()

"""The self-contained offline copy of the participant agenda, for the facilitator to hand out.

Made from the last *published* agenda, as the generic participant sees it
(:func:`planner.redaction.participant_view` with ``GENERIC_PARTICIPANT``: joint sessions
only, nothing facilitator-only), and without other participants' names unless the
workshop's settings let participants' files name them (``Workshop.names_in_files``; never
off the record, which the view already enforces). One HTML file: its stylesheet inlined
in a ``<style>`` element, no script, no image, no link to anything outside it.

It is written in the workshop's first working language that the interface has (a copy
handed to every participant), else in the language of the facilitator who makes it.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from flask import render_template
from flask_babel import force_locale

from planner.agenda.publishing import latest_publication, published_workshop
from planner.briefs.exporting import NotPublished
from planner.briefs.filenames import brief_filenames
from planner.i18n import current, supported
from planner.live.sheet import local_now
from planner.participant.pages import timezone_label
from planner.redaction import GENERIC_PARTICIPANT, participant_view
from planner.workshop_loading import workshop_people_data


@dataclasses.dataclass(frozen=True)
class OfflineCopy:
    html: str
    ascii_name: str
    unicode_name: str


def offline_copy(head, generated_at: datetime) -> OfflineCopy:
    """The offline copy of workshop ``head`` (its ``load_workshop_head`` row).

    Raises ``NotPublished`` before the first publication: there is no participant agenda
    to copy yet.
    """
    latest = latest_publication(head.id)
    if latest is None:
        raise NotPublished()
    live = workshop_people_data(head)
    view = participant_view(published_workshop(latest.snapshot, live), GENERIC_PARTICIPANT)
    if not getattr(head, "names_in_files", False):
        # A file travels further than a page: no other participant is named in it.
        view = dataclasses.replace(view, invitations=())
    language = next(
        (code for code in map(supported, view.working_languages or ()) if code), current()
    )
    with force_locale(language):
        html = render_template(
            "live/offline_agenda.html",
            view=view,
            publication=latest,
            generated_at=generated_at,
            timezone_label=timezone_label(view.timezone, view.start_date),
            current_language=language,
        )
    ascii_name, unicode_name = brief_filenames(
        view.title, view.start_date, "offline agenda", "html"
    )
    return OfflineCopy(html, ascii_name, unicode_name)


def page_updated_at(zone_name: str, utc_now: datetime | None = None) -> datetime:
    """When an agenda page is made, in the workshop's wall-clock time: the page says so, and
    the copy a phone keeps offline (``static/js/agenda-sw.js``) keeps saying it."""
    return local_now(zone_name, utc_now or datetime.now(UTC).replace(tzinfo=None))

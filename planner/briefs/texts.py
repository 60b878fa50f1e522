"""The workshop's and sessions' own texts in a brief, in the reader's language (issue 19,
item 4), for every format.

A participant brief shows each participant-facing text (the workshop's title and
objectives, each session's title and description) in the language the brief is written in
(the reader's, ``planner.i18n.current()``, which exports set with ``force_locale``): the
translation, or the original with the marker "(original, in English)". A facilitator brief
shows the original, and each translation after it ("side by side"). The renderers ask here
and never decide it themselves; the choice itself is ``planner.content_translations``.
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup

from planner.briefs.assemble import Brief, BriefAudience
from planner.content_translations import (
    Localised,
    language_name,
    localise,
    original_language,
    side_by_side,
)
from planner.i18n import current, gettext


def text_for(brief: Brief, item, field: str) -> Localised:
    """``item``'s ``field`` (the brief's workshop or one of its sessions) as this brief
    shows it."""
    working = brief.workshop.working_languages
    if brief.audience == BriefAudience.PARTICIPANT:
        return localise(item, field, current(), working)
    return Localised(getattr(item, field) or "", original_language(working))


def with_titles_shown(brief: Brief):
    """The brief's workshop with each session's title as the brief shows it (no marker),
    for pictures that print titles themselves (the day timelines)."""
    sessions = tuple(
        replace(s, title=text_for(brief, s, "title").text) for s in brief.workshop.sessions
    )
    return replace(brief.workshop, sessions=sessions)


def for_reader(workshop, item, field: str, *, marked: bool = True) -> str:
    """A participant's own text outside a brief (the calendar): ``item``'s ``field`` in
    the reader's language, with the marker when it is the original (unless not
    ``marked``)."""
    text = localise(item, field, current(), workshop.working_languages)
    mark = marker(text) if marked else ""
    return f"{text.text} {mark}" if mark else text.text


def marker(text: Localised) -> str:
    """The words saying a text is the original, in the reader's language ("" if it is not
    a fallback)."""
    if not text.is_fallback:
        return ""
    return gettext("(original, in %(language)s)", language=language_name(text.language, current()))


def plain(brief: Brief, item, field: str) -> str:
    """The text with its marker, for Markdown, Word and the calendar."""
    text = text_for(brief, item, field)
    mark = marker(text)
    return f"{text.text} {mark}" if mark else text.text


def html(brief: Brief, item, field: str) -> Markup:
    """The text in an element of its own language, with its marker (the PDF's HTML)."""
    text = text_for(brief, item, field)
    out = Markup('<span lang="{}">{}</span>').format(text.language, text.text)
    mark = marker(text)
    if mark:
        out += Markup(' <span class="original-marker">{}</span>').format(mark)
    return out


def translations(brief: Brief, item, field: str) -> list[tuple[str, str, str]]:
    """``[(code, language name, text), …]``: the translations a facilitator brief shows
    after the original; none in a participant brief."""
    if brief.audience != BriefAudience.FACILITATOR:
        return []
    reader = current()
    return [
        (code, language_name(code, reader), text)
        for code, text in side_by_side(item, field, brief.workshop.working_languages)
    ]


def html_translations(brief: Brief, item, field: str) -> Markup:
    """The facilitator's side by side, as a definition list ("" when there is none)."""
    given = translations(brief, item, field)
    if not given:
        return Markup("")
    items = Markup("").join(
        Markup('<dt>{}</dt><dd lang="{}">{}</dd>').format(name, code, text)
        for code, name, text in given
    )
    return Markup('<dl class="translations">{}</dl>').format(items)


def translation_lines(brief: Brief, item, field: str) -> list[str]:
    """The facilitator's side by side as lines: "Armenian (hy): …"."""
    return [
        gettext("%(language)s (%(code)s): %(text)s", language=name, code=code, text=text)
        for code, name, text in translations(brief, item, field)
    ]

"""Readiness rule R25 (issue 19, item 4): participant-facing texts missing a translation.

A pure function over :class:`~planner.workshop_data.WorkshopData`, like ``rules.py``. The
workshop's title and objectives and each session's title and description (sessions for
facilitators only aside) are written in the first working language and may be translated
into the others (``planner.content_translations``). When a confirmed participant reads one
of those other working languages (``PersonData.languages``) and some text has no
translation into it, that participant sees the original, marked as such: worth knowing,
never an obstacle (information).
"""

from __future__ import annotations

from flask_babel import get_locale

from planner.content_translations import (
    MissingText,
    language_name,
    missing_translations,
    target_languages,
)
from planner.i18n import gettext as _
from planner.i18n import ngettext
from planner.readiness.findings import Finding, FindingSeverity
from planner.workshop_data import WorkshopData

#: Texts a finding names one by one; the rest are counted.
LISTED = 6


def _reader() -> str:
    locale = get_locale()
    return str(locale.language) if locale is not None else "en"


def _named(text: MissingText, titles: dict[str, str]) -> str:
    if text.kind == "workshop":
        return _("the workshop's title") if text.field == "title" else _("the objectives")
    if text.field == "title":
        return _("the title of “%(title)s”", title=titles[text.uid])
    return _("the description of “%(title)s”", title=titles[text.uid])


def untranslated_texts(workshop: WorkshopData) -> list[Finding]:
    """R25: participant-facing texts with no translation into a working language that a
    confirmed participant reads: information, one finding per language.

    Why: a participant who reads that language best gets the original, marked as such,
    on their agenda, in their brief and calendar; a translation entered on the workshop's
    translations page reaches them with the next publication of the agenda.
    """
    targets = target_languages(workshop.working_languages)
    if not targets:
        return []
    readers: dict[str, list[str]] = {}
    for invitation in workshop.confirmed_participants:
        read = {code.strip().casefold() for code in invitation.person.languages}
        for code in targets:
            if code in read:
                readers.setdefault(code, []).append(invitation.person.uid)
    if not readers:
        return []
    titles = {s.uid: s.title for s in workshop.sessions}
    missing = missing_translations(workshop, [code for code in targets if code in readers])
    reader = _reader()
    findings = []
    for code in targets:
        texts = [m for m in missing if m.language == code]
        if not texts:
            continue
        named = ", ".join(_named(t, titles) for t in texts[:LISTED])
        if len(texts) > LISTED:
            named = _("%(texts)s and %(num)d more", texts=named, num=len(texts) - LISTED)
        language = language_name(code, reader)
        findings.append(
            Finding(
                rule_id="R25",
                severity=FindingSeverity.INFORMATION,
                title=_("Not translated into %(language)s", language=language),
                message=ngettext(
                    "%(num)d text participants read has no translation into %(language)s, "
                    "which confirmed participants read: %(texts)s.",
                    "%(num)d texts participants read have no translation into %(language)s, "
                    "which confirmed participants read: %(texts)s.",
                    len(texts),
                    language=language,
                    texts=named,
                ),
                why=_(
                    "A participant who reads another working language best sees these texts "
                    "in the original, marked as such, on their agenda and in their brief and "
                    "calendar. Translations entered side by side on the workshop's "
                    "translations page reach them with the next publication of the agenda."
                ),
                session_uids=tuple(dict.fromkeys(t.uid for t in texts if t.kind == "session")),
                person_uids=tuple(dict.fromkeys(readers[code])),
            )
        )
    return findings

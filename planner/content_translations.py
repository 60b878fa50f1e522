"""Workshop content in several languages (issue 19, item 4): the pure rules.

The participant-facing texts of a workshop (its title and objectives) and of each session
(its title and description) are written once, in the workshop's *original language* — the
first of its working languages, English when it has none — and may carry a translation into
each of its other working languages (any ISO 639-1 code the workshop has; only en, ru, hy
and az have an interface). What people typed is never machine-translated.

Stored per record as ``{"title": {"hy": "…"}, …}`` (``Workshop.translations``,
``Session.translations``); in the plain data (``WorkshopData.translations``,
``SessionData.translations``) as sorted ``(field, language, text)`` triples, so the data
stays hashable and equal data compare equal.

A reader sees :func:`localised` text: the translation into their language, else the
original with ``is_fallback`` set, which every page and file shows with a marker ("original,
in English") and the original's ``lang``, so a screen reader switches voice.

Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: The participant-facing texts that can be translated, per kind of record.
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "workshop": ("title", "objectives"),
    "session": ("title", "description"),
}
#: The longest translation of each field: the originals' own limits (the edit forms').
MAX_LENGTH: dict[str, int] = {"title": 300, "objectives": 5000, "description": 5000}
#: The language of the originals when the workshop names no working language.
DEFAULT_ORIGINAL = "en"

#: Sessions whose uid starts so are the agenda's placeholders for other groups' separate
#: sessions (``planner.redaction.separate_sessions``): their texts are the interface's.
APP_TEXT_UID_PREFIX = "separate-"

Translations = tuple[tuple[str, str, str], ...]


def as_triples(stored: Mapping[str, Any] | None) -> Translations:
    """``{"title": {"hy": "…"}}`` (as stored) → ``(("title", "hy", "…"),)``, sorted; blank
    texts and malformed entries are left out."""
    triples = []
    for field, by_language in (stored or {}).items():
        if not isinstance(by_language, Mapping):
            continue
        for language, text in by_language.items():
            if isinstance(text, str) and text.strip():
                triples.append((str(field), str(language), text))
    return tuple(sorted(triples))


def as_stored(triples: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """The inverse of :func:`as_triples`: the JSON object a record stores."""
    stored: dict[str, dict[str, str]] = {}
    for field, language, text in sorted(triples):
        if text.strip():
            stored.setdefault(field, {})[language] = text
    return stored


def in_use(translations: Translations, working_languages: Iterable[str]) -> Translations:
    """The translations into the workshop's target languages now: one into a language the
    workshop no longer works in (or that became the originals') is kept but not used."""
    targets = set(target_languages(working_languages))
    return tuple(t for t in translations if t[1] in targets)


def of_field(translations: Translations | Mapping[str, Any] | None, field: str) -> dict[str, str]:
    """One field's translations, by language (from the plain data's triples, or from a
    model's stored object)."""
    if isinstance(translations, Mapping):
        translations = as_triples(translations)
    return {language: text for f, language, text in translations or () if f == field}


def original_language(working_languages: Iterable[str]) -> str:
    """The language the originals are written in: the first working language."""
    return next(iter(working_languages), DEFAULT_ORIGINAL)


def target_languages(working_languages: Iterable[str]) -> tuple[str, ...]:
    """The languages a text may be translated into: the working languages but the first."""
    languages = tuple(dict.fromkeys(working_languages))
    return languages[1:]


def localised(
    original: str,
    translations: Mapping[str, str],
    language: str,
    *,
    original_language: str | None = None,
) -> tuple[str, bool]:
    """The text a reader of ``language`` sees, and whether it is the original in place of a
    missing translation (``is_fallback``).

    A reader of the original's own language gets the original, which is no fallback; an
    empty original needs no translation either.
    """
    if language == original_language or not original.strip():
        return original, False
    text = translations.get(language, "")
    if text.strip():
        return text, False
    return original, True


@dataclass(frozen=True)
class Localised:
    """A text as one reader sees it: what to show, in which language, and whether it is the
    original shown because the translation is missing."""

    text: str
    language: str
    is_fallback: bool = False

    def __str__(self) -> str:
        return self.text


def localise(item: Any, field: str, language: str, working_languages: Iterable[str]) -> Localised:
    """``item``'s ``field`` (a ``WorkshopData`` or ``SessionData``) for a reader of
    ``language``, in a workshop with these working languages."""
    original = getattr(item, field) or ""
    if str(getattr(item, "uid", "")).startswith(APP_TEXT_UID_PREFIX):
        # The agenda's own "Separate sessions" placeholder: the interface's text, not content.
        from planner.i18n import gettext

        return Localised(gettext(original) if original else "", language)
    source = original_language(working_languages)
    translations = of_field(getattr(item, "translations", None), field)
    text, fallback = localised(original, translations, language, original_language=source)
    translated = not fallback and language != source and bool(translations.get(language, ""))
    return Localised(text, language if translated else source, fallback)


def side_by_side(item: Any, field: str, working_languages: Iterable[str]) -> list[tuple[str, str]]:
    """Every translation of ``item``'s ``field``, in the order of the working languages:
    ``[(language, text), …]`` (the facilitator brief prints them under the original)."""
    given = of_field(getattr(item, "translations", None), field)
    return [(code, given[code]) for code in target_languages(working_languages) if code in given]


@dataclass(frozen=True)
class MissingText:
    """A participant-facing text that has no translation into ``language``."""

    kind: str  # "workshop" or "session"
    uid: str
    field: str
    original: str
    language: str


def missing_translations(workshop: Any, languages: Iterable[str]) -> list[MissingText]:
    """The non-empty participant-facing texts of ``workshop`` (a ``WorkshopData``) without a
    translation into each of ``languages`` (languages other than the original's), the
    workshop's texts first, then the sessions' in agenda order. Sessions for facilitators
    only are no participant's text."""
    from planner.vocabulary import Audience

    source = original_language(workshop.working_languages)
    wanted = [code for code in dict.fromkeys(languages) if code != source]
    items: list[tuple[str, Any]] = [("workshop", workshop)]
    items += [
        ("session", s) for s in workshop.sessions_in_order if s.audience != Audience.FACILITATORS
    ]
    missing = []
    for language in wanted:
        for kind, item in items:
            for field in TRANSLATABLE[kind]:
                original = getattr(item, field) or ""
                if not original.strip():
                    continue
                if not of_field(item.translations, field).get(language, "").strip():
                    missing.append(MissingText(kind, item.uid, field, original, language))
    return missing


def language_name(code: str, reader: str) -> str:
    """The name of the language ``code`` in the reader's language, from CLDR ("армянский"
    for ``hy`` read in Russian); the code itself for a language CLDR does not name."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(reader).languages.get(code) or code
    except (UnknownLocaleError, ValueError):
        return code

"""Setting and clearing translations of workshop content: change, flush, audit.

Called by the side-by-side editor (``planner.translating.views``) and by the JSON brief
import (``planner.briefs.importing``). Each text is a workshop's title or objectives or a
session's title or description; each translation is into one of the workshop's working
languages other than the first (the originals' language). The page's save is one change
guarded by the workshop's version (optimistic locking): two people translating at once
cannot overwrite each other unknowingly. Audit events name the texts and languages that
changed, never the texts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from sqlalchemy.orm.exc import StaleDataError

from planner import audit
from planner.content_translations import (
    MAX_LENGTH,
    TRANSLATABLE,
    as_stored,
    as_triples,
    target_languages,
)
from planner.exceptions import DomainError, EditConflict, check_version
from planner.extensions import db
from planner.i18n import gettext as _
from planner.models import Session, Workshop
from planner.models._columns import utcnow

#: One translation on the page: (kind, record uid, field, language) → text.
TranslationKey = tuple[str, str, str, str]

#: The workshop's version guards the whole page, so a conflict is the workshop's (a sentence
#: planner.exceptions has whole in every language).
_WHAT = "This workshop"


def _clean(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def _check(workshop: Workshop, kind: str, field: str, language: str, text: str) -> None:
    """Refuse a translation the workshop cannot carry, before anything changes."""
    if field not in TRANSLATABLE.get(kind, ()):
        raise DomainError(_("“%(field)s” is not a text that can be translated.", field=field))
    if language not in target_languages(workshop.working_languages or ()):
        raise DomainError(
            _(
                "“%(language)s” is not one of this workshop's working languages (other than "
                "the first, the language of the originals), so nothing can be translated "
                "into it. Add it to the working languages first.",
                language=language,
            )
        )
    if "\x00" in text:
        raise DomainError(_("A translation cannot contain a NUL character."))
    if len(text) > MAX_LENGTH[field]:
        raise DomainError(
            _(
                "A translation can be at most %(max)d characters long; this one has %(length)d.",
                max=MAX_LENGTH[field],
                length=len(text),
            )
        )


def _put(record: Workshop | Session, field: str, language: str, text: str) -> bool:
    """Set (or, with an empty ``text``, clear) one translation; whether it changed."""
    triples = {(f, lang): t for f, lang, t in as_triples(record.translations)}
    if triples.get((field, language), "") == text:
        return False
    if text:
        triples[(field, language)] = text
    else:
        triples.pop((field, language), None)
    # A new object: the JSON column notices assignment, not changes inside the dict.
    record.translations = as_stored((f, lang, t) for (f, lang), t in triples.items())
    return True


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise EditConflict(_WHAT) from None


def save_translations(
    workshop: Workshop, values: Mapping[TranslationKey, str], version: int | str | None
) -> list[str]:
    """Save the side-by-side page: every translation it shows, at once.

    ``values`` maps ``(kind, uid, field, language)`` to the text typed (empty clears it);
    ``version`` is the workshop's version the page was opened on. Refuses the whole save,
    changing nothing, when one value is refused. Returns the changed texts as
    ``"kind:uid:field:language"``.
    """
    check_version(workshop, version, _WHAT)
    sessions = {s.uid: s for s in workshop.sessions}
    planned: list[tuple[Workshop | Session, str, str, str, str]] = []
    for (kind, uid, field, language), typed in values.items():
        text = _clean(typed)
        _check(workshop, kind, field, language, text)
        if kind == "workshop":
            if uid != workshop.uid:
                raise EditConflict(_WHAT)
            record: Workshop | Session = workshop
        else:
            record = sessions.get(uid)
            if record is None:
                # Deleted since the page was opened.
                raise EditConflict(_WHAT)
        planned.append((record, kind, field, language, text))
    changed = [
        f"{kind}:{record.uid}:{field}:{language}"
        for record, kind, field, language, text in planned
        if _put(record, field, language, text)
    ]
    if not changed:
        return []
    # Always touch the workshop: its version guards the whole page.
    workshop.updated_at = utcnow()
    _flush()
    audit.record(
        "workshop.translations_saved",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"texts": sorted(changed)},
    )
    return changed


def clear_language(workshop: Workshop, language: str, version: int | str | None) -> int:
    """Remove every translation into ``language`` (the workshop's and its sessions');
    returns how many were removed."""
    check_version(workshop, version, _WHAT)
    removed = 0
    for record in (workshop, *workshop.sessions):
        for field, lang, _text in as_triples(record.translations):
            if lang == language and _put(record, field, language, ""):
                removed += 1
    if removed:
        workshop.updated_at = utcnow()
        _flush()
        audit.record(
            "workshop.translations_cleared",
            "workshop",
            workshop.uid,
            workshop_uid=workshop.uid,
            details={"language": language, "removed": removed},
        )
    return removed


def import_translations(record: Workshop | Session, workshop: Workshop, stored: object) -> int:
    """Take a JSON brief's translations of one record (``{"title": {"hy": "…"}}``), checked
    as the page checks them; raises ``DomainError`` naming the first one refused. Flushed
    and audited by the import with the rest of the workshop."""
    if not stored:
        return 0
    if not isinstance(stored, Mapping):
        raise DomainError(_("Translations must be an object of texts by field and language."))
    kind = "workshop" if isinstance(record, Workshop) else "session"
    taken = 0
    for field, by_language in stored.items():
        if not isinstance(by_language, Mapping):
            raise DomainError(_("Translations must be an object of texts by field and language."))
        for language, typed in by_language.items():
            text = _clean(typed if isinstance(typed, str) else "")
            _check(workshop, kind, str(field), str(language), text)
            taken += _put(record, str(field), str(language), text)
    return taken

"""Normalising and checking a person's fields: names, languages, e-mail, yes/no words.

Languages are read by ``planner.languages.parse_languages``, the one reader every form
and import uses; it is offered here beside the other fields' parsers.

Shared by the person form and the CSV roster import so both accept exactly the same
values. Pure: imports neither Flask nor SQLAlchemy. Each ``parse_*`` function returns the
clean value or raises ``ValueError`` with a message a person can act on.
"""

from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email

from planner.i18n import gettext as _
from planner.languages import parse_languages as parse_languages

NAME_MAX = 200
AFFILIATION_MAX = 300
EMAIL_MAX = 254

_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0", ""})
# Control characters (other than ordinary whitespace) never belong in a name.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise_text(value: str | None) -> str:
    """NFC-normalised and trimmed, so the same name typed two ways compares equal."""
    return unicodedata.normalize("NFC", value or "").strip()


def match_key(value: str | None) -> str:
    """The form two names are compared in: NFC, trimmed, case-folded, spaces collapsed."""
    return " ".join(normalise_text(value).casefold().split())


def parse_name(value: str | None, *, required: bool = True, other_spelling: bool = False) -> str:
    """A name (or, with ``other_spelling``, the name's other spelling), one line."""
    name = " ".join(normalise_text(value).split())
    if not name:
        if required:
            raise ValueError(_("Name is required."))
        return ""
    if len(name) > NAME_MAX:
        if other_spelling:
            raise ValueError(
                _(
                    "Other spelling must be at most %(max)d characters (it has %(count)d).",
                    max=NAME_MAX,
                    count=len(name),
                )
            )
        raise ValueError(
            _(
                "Name must be at most %(max)d characters (it has %(count)d).",
                max=NAME_MAX,
                count=len(name),
            )
        )
    if _CONTROL.search(name):
        if other_spelling:
            raise ValueError(_("Other spelling contains control characters."))
        raise ValueError(_("Name contains control characters."))
    return name


def parse_affiliation(value: str | None) -> str:
    """One line of text: runs of whitespace, line breaks included, become one space."""
    affiliation = " ".join(normalise_text(value).split())
    if len(affiliation) > AFFILIATION_MAX:
        raise ValueError(_("Affiliation must be at most %(max)d characters.", max=AFFILIATION_MAX))
    if _CONTROL.search(affiliation):
        raise ValueError(_("Affiliation contains control characters."))
    return affiliation


GENDER_MAX = 60


def parse_gender(value: str | None) -> str:
    """A self-described gender: optional, one line of free text (nobody picks from a list)."""
    gender = " ".join(normalise_text(value).split())
    if len(gender) > GENDER_MAX:
        raise ValueError(_("Gender must be at most %(max)d characters.", max=GENDER_MAX))
    if _CONTROL.search(gender):
        raise ValueError(_("Gender contains control characters."))
    return gender


def parse_email(value: str | None) -> str | None:
    """A syntactically valid address, or None when left empty. Deliverability is not checked."""
    text = normalise_text(value)
    if not text:
        return None
    if len(text) > EMAIL_MAX:
        raise ValueError(_("Email must be at most %(max)d characters.", max=EMAIL_MAX))
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        # email_validator's reason is English only: the person reads what to check.
        raise ValueError(
            _("Not a valid email address: check it has one @ and a domain such as example.org.")
        ) from None


def parse_yes_no(value: str | None) -> bool:
    word = normalise_text(value).lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(
        _("“%(value)s” is not yes or no (use yes/no, true/false or 1/0).", value=value)
    )

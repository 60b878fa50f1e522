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


def parse_name(value: str | None, *, required: bool = True, what: str = "Name") -> str:
    name = " ".join(normalise_text(value).split())
    if not name:
        if required:
            raise ValueError(f"{what} is required.")
        return ""
    if len(name) > NAME_MAX:
        raise ValueError(f"{what} must be at most {NAME_MAX} characters (it has {len(name)}).")
    if _CONTROL.search(name):
        raise ValueError(f"{what} contains control characters.")
    return name


def parse_affiliation(value: str | None) -> str:
    """One line of text: runs of whitespace, line breaks included, become one space."""
    affiliation = " ".join(normalise_text(value).split())
    if len(affiliation) > AFFILIATION_MAX:
        raise ValueError(f"Affiliation must be at most {AFFILIATION_MAX} characters.")
    if _CONTROL.search(affiliation):
        raise ValueError("Affiliation contains control characters.")
    return affiliation


GENDER_MAX = 60


def parse_gender(value: str | None) -> str:
    """A self-described gender: optional, one line of free text (nobody picks from a list)."""
    gender = " ".join(normalise_text(value).split())
    if len(gender) > GENDER_MAX:
        raise ValueError(f"Gender must be at most {GENDER_MAX} characters.")
    if _CONTROL.search(gender):
        raise ValueError("Gender contains control characters.")
    return gender


def parse_email(value: str | None) -> str | None:
    """A syntactically valid address, or None when left empty. Deliverability is not checked."""
    text = normalise_text(value)
    if not text:
        return None
    if len(text) > EMAIL_MAX:
        raise ValueError(f"Email must be at most {EMAIL_MAX} characters.")
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"Not a valid email address: {error}") from None


def parse_yes_no(value: str | None) -> bool:
    word = normalise_text(value).lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(f"“{value}” is not yes or no (use yes/no, true/false or 1/0).")

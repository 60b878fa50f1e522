"""WTForms' own messages ("This field is required.", "Not a valid date value.") in the
request's language (issue 19).

WTForms ships catalogues for Russian but not for Armenian or Azerbaijani, so a form that
relied on them would answer bad input in English on an Armenian page. Forms that derive
from :class:`TranslatedForm` read WTForms' messages from the planner's own catalogues
instead; the messages are listed here so that ``make messages`` extracts them.
"""

from __future__ import annotations

from flask_babel import get_translations
from flask_wtf import FlaskForm


def N_(text: str) -> str:  # noqa: N802 - Babel's marker for "extract, translate later"
    return text


def _plural(singular: str, plural: str, n: int = 2) -> tuple[str, str]:
    """A plural pair to extract (babel.cfg's ``ngettext`` keyword reads this name too)."""
    return singular, plural


ngettext = _plural  # marks the pairs below for the extractor; never translates anything

#: WTForms' messages that the planner's fields and validators can show, as WTForms words them.
WTFORMS_MESSAGES = (
    N_("This field is required."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid datetime value."),
    N_("Not a valid integer value."),
    N_("Not a valid choice."),
    N_("Invalid input."),
    N_("Invalid email address."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
    ),
    ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
    ),
    ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
    ),
)
del ngettext


class _CatalogueTranslations:
    """What WTForms asks of a translations object. WTForms fills in the placeholders itself,
    so the text comes back unformatted (Flask-Babel's ``ngettext`` would format it)."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


_TRANSLATIONS = _CatalogueTranslations()


class TranslatedForm(FlaskForm):
    """A FlaskForm (CSRF included) whose WTForms messages follow the request's language."""

    class Meta:
        def get_translations(self, form):
            return _TRANSLATIONS

"""Participant forms (all FlaskForms, so all CSRF-protected)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from planner.i18n import gettext
from planner.languages import LanguageCodeError, parse_languages

MAX_LANGUAGES = 12


class RespondForm(FlaskForm):
    """Confirm or decline: two submit buttons named ``answer``."""

    answer = HiddenField(
        "Answer",
        validators=[
            DataRequired(_l("Choose whether you will attend or not.")),
            AnyOf(["confirm", "decline"], message=_l("Choose whether you will attend or not.")),
        ],
    )
    # Where to go back to: the home page or the workshop's agenda.
    return_to = HiddenField("Return to", default="home")


class ProfileForm(FlaskForm):
    consent_to_list = BooleanField(
        _l("List my name, community and affiliation for the other participants of my workshops")
    )
    languages = StringField(
        _l("Languages I can work in"),
        validators=[Length(max=100)],
    )

    def validate_languages(self, field: StringField) -> None:
        try:
            codes = parse_languages(field.data)
        except LanguageCodeError as error:
            raise ValidationError(str(error)) from None
        if len(codes) > MAX_LANGUAGES:
            raise ValidationError(gettext("List at most %(count)s languages.", count=MAX_LANGUAGES))


class LinkForm(FlaskForm):
    """Create, rotate or revoke one of an invitation's private links."""

    kind = HiddenField(
        "Link",
        validators=[DataRequired(), AnyOf(["agenda", "calendar"], message=_l("Unknown link."))],
    )
    action = HiddenField(
        "Action",
        validators=[DataRequired(), AnyOf(["issue", "revoke"], message=_l("Unknown action."))],
    )


class PublishForm(FlaskForm):
    """Publish the current agenda (no fields beyond the CSRF token)."""

"""Forms of the organiser's admin pages: accounts, the audit-log filter, erasure."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from planner.form_messages import TranslatedForm
from planner.vocabulary import Role

_REQUIRED = _l("This field is required.")


class CreateUserForm(TranslatedForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_REQUIRED),
            Length(max=200, message=_l("A name may have at most 200 characters.")),
        ],
    )
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_REQUIRED),
            Email(check_deliverability=False, message=_l("Not a valid email address.")),
            Length(max=254, message=_l("An email may have at most 254 characters.")),
        ],
    )
    role = SelectField(
        _l("Role"),
        choices=[(value, _l(label)) for value, label in Role.choices()],
        default=Role.FACILITATOR.value,
    )
    password = PasswordField(
        _l("First password (at least 12 characters)"),
        validators=[DataRequired(_REQUIRED), Length(max=1024)],
    )


class AccountActionForm(TranslatedForm):
    """The CSRF token of the one-button forms (deactivate, reactivate, sign out everywhere)."""


class AuditFilterForm(TranslatedForm):
    """Filters in the query string: bookmarkable, and safe to repeat, so no CSRF token."""

    class Meta:
        csrf = False

    actor = SelectField(_l("Person"), choices=[], default="", validators=[Optional()])
    workshop = StringField(
        _l("Workshop (title or id)"),
        validators=[Optional(), Length(max=300, message=_l("Type at most 300 characters."))],
    )
    action = SelectField(_l("Action"), choices=[], default="", validators=[Optional()])
    date_from = DateField(
        _l("From"),
        validators=[Optional()],
        invalid_value_message=_l("Not a valid date value. Give one such as 2026-12-14."),
    )
    date_to = DateField(
        _l("To"),
        validators=[Optional()],
        invalid_value_message=_l("Not a valid date value. Give one such as 2026-12-14."),
    )

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))


class PersonSearchForm(TranslatedForm):
    """A search in the query string: no CSRF token needed for a read."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Find a person by name or email"),
        validators=[Length(max=200, message=_l("Type at most 200 characters."))],
    )


class EraseConfirmForm(TranslatedForm):
    confirm = BooleanField(
        _l("I understand that this erases the person everywhere and cannot be undone."),
        validators=[DataRequired(message=_l("Tick the box to confirm the erasure."))],
    )

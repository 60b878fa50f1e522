"""Forms of the organiser's admin pages: accounts, the audit-log filter, erasure."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from planner.vocabulary import Role


class CreateUserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        "Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    role = SelectField("Role", choices=Role.choices(), default=Role.FACILITATOR.value)
    password = PasswordField(
        "First password (at least 12 characters)", validators=[DataRequired(), Length(max=1024)]
    )


class AccountActionForm(FlaskForm):
    """The CSRF token of the one-button forms (deactivate, reactivate, sign out everywhere)."""


class AuditFilterForm(FlaskForm):
    """Filters in the query string: bookmarkable, and safe to repeat, so no CSRF token."""

    class Meta:
        csrf = False

    actor = SelectField("Person", choices=[], default="", validators=[Optional()])
    workshop = StringField("Workshop (title or id)", validators=[Optional(), Length(max=300)])
    action = SelectField("Action", choices=[], default="", validators=[Optional()])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")


class PersonSearchForm(FlaskForm):
    """A search in the query string: no CSRF token needed for a read."""

    class Meta:
        csrf = False

    q = StringField("Find a person by name or email", validators=[Length(max=200)])


class EraseConfirmForm(FlaskForm):
    confirm = BooleanField(
        "I understand that this erases the person everywhere and cannot be undone.",
        validators=[DataRequired(message="Tick the box to confirm the erasure.")],
    )

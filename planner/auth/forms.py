"""Forms of signing in and of one's own account: password, two-factor codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from planner.form_messages import TranslatedForm

# WTForms' own catalogues have no Armenian or Azerbaijani: the message is ours.
_REQUIRED = _l("This field is required.")


class LoginForm(TranslatedForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(message=_REQUIRED), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_REQUIRED), Length(max=1024)],
    )


class TwoFactorCodeForm(TranslatedForm):
    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[DataRequired(message=_REQUIRED), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off"},
    )


class EnrolForm(TranslatedForm):
    code = StringField(
        _l("Six-digit code shown by the app"),
        validators=[DataRequired(message=_REQUIRED), Length(max=16)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class DisableTwoFactorForm(TranslatedForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_REQUIRED), Length(max=1024)],
    )


class ChangePasswordForm(TranslatedForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_REQUIRED), Length(max=1024)],
    )
    new_password = PasswordField(
        _l("New password (at least 12 characters)"),
        validators=[DataRequired(message=_REQUIRED), Length(max=1024)],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(message=_REQUIRED),
            EqualTo("new_password", message=_l("The two passwords differ.")),
        ],
    )

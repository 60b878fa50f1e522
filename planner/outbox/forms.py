"""Outbox forms (FlaskForms through TranslatedForm, so all CSRF-protected). Choices of people and messages are set
by the view from the workshop, so nothing outside it can be chosen."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from planner.form_messages import TranslatedForm
from planner.outbox import composing
from planner.outbox.kinds import MessageKind
from planner.outbox.operations import Recipients

#: What a person composes by hand; change notices come from republishing the agenda.
COMPOSABLE = (MessageKind.INVITATION, MessageKind.REMINDER, MessageKind.CUSTOM)

_SUBJECT_TOO_LONG = _l("A subject may have at most %(max)d characters.", max=composing.SUBJECT_MAX)
_BODY_TOO_LONG = _l("A text may have at most %(max)d characters.", max=composing.BODY_MAX)


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes (one per choice), each with its own label."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ComposeForm(TranslatedForm):
    kind = SelectField(
        _l("Message"),
        choices=[(k.value, _l(k.label)) for k in COMPOSABLE],
        validators=[InputRequired(_l("Choose a message."))],
    )
    recipients = RadioField(
        _l("Send to"),
        choices=[
            (r.value, _l(r.label))
            for r in (Recipients.ALL_INVITED, Recipients.NOT_ANSWERED, Recipients.SELECTION)
        ],
        default=Recipients.ALL_INVITED.value,
        validators=[InputRequired(_l("Choose whom to write to."))],
    )
    selected = CheckboxesField(_l("People"), choices=[], validate_choice=True)
    subject = StringField(
        _l("Subject (a custom message only)"),
        validators=[Optional(), Length(max=composing.SUBJECT_MAX, message=_SUBJECT_TOO_LONG)],
    )
    body = TextAreaField(
        _l("Text (a custom message only)"),
        validators=[Optional(), Length(max=composing.BODY_MAX, message=_BODY_TOO_LONG)],
        render_kw={"rows": 10},
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.kind.data == MessageKind.CUSTOM and not (
            (self.subject.data or "").strip() and (self.body.data or "").strip()
        ):
            self.body.errors.append(_l("A custom message needs a subject and a text."))
            return False
        if self.recipients.data == Recipients.SELECTION and not self.selected.data:
            self.selected.errors.append(_l("Select at least one person."))
            return False
        return True


class EditForm(TranslatedForm):
    subject = StringField(
        _l("Subject"),
        validators=[
            DataRequired(_l("Give the message a subject.")),
            Length(max=composing.SUBJECT_MAX, message=_SUBJECT_TOO_LONG),
        ],
    )
    body = TextAreaField(
        _l("Text"),
        validators=[
            DataRequired(_l("Give the message a text.")),
            Length(max=composing.BODY_MAX, message=_BODY_TOO_LONG),
        ],
        render_kw={"rows": 16},
    )


class SelectionForm(TranslatedForm):
    """Act on the messages ticked in the outbox (none ticked with "send": every draft)."""

    messages = CheckboxesField(_l("Messages"), choices=[], validate_choice=True)
    action = StringField(
        _l("Action"),
        validators=[DataRequired(), AnyOf(["send", "remove"], message=_l("Unknown action."))],
    )


class CardsForm(TranslatedForm):
    selected = CheckboxesField(_l("People"), choices=[], validate_choice=True)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.selected.data:
            self.selected.errors.append(_l("Select at least one person."))
            return False
        return True

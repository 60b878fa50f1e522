"""Outbox forms (FlaskForms, so all CSRF-protected). Choices of people and messages are set
by the view from the workshop, so nothing outside it can be chosen."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from planner.outbox import composing
from planner.outbox.kinds import MessageKind
from planner.outbox.operations import Recipients

#: What a person composes by hand; change notices come from republishing the agenda.
COMPOSABLE = (MessageKind.INVITATION, MessageKind.REMINDER, MessageKind.CUSTOM)


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes (one per choice), each with its own label."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ComposeForm(FlaskForm):
    kind = SelectField(
        "Message",
        choices=[(k.value, k.label) for k in COMPOSABLE],
        validators=[InputRequired()],
    )
    recipients = RadioField(
        "Send to",
        choices=[
            (r.value, r.label)
            for r in (Recipients.ALL_INVITED, Recipients.NOT_ANSWERED, Recipients.SELECTION)
        ],
        default=Recipients.ALL_INVITED.value,
        validators=[InputRequired("Choose whom to write to.")],
    )
    selected = CheckboxesField("People", choices=[], validate_choice=True)
    subject = StringField(
        "Subject (a custom message only)",
        validators=[Optional(), Length(max=composing.SUBJECT_MAX)],
    )
    body = TextAreaField(
        "Text (a custom message only)",
        validators=[Optional(), Length(max=composing.BODY_MAX)],
        render_kw={"rows": 10},
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.kind.data == MessageKind.CUSTOM and not (
            (self.subject.data or "").strip() and (self.body.data or "").strip()
        ):
            self.body.errors.append("A custom message needs a subject and a text.")
            return False
        if self.recipients.data == Recipients.SELECTION and not self.selected.data:
            self.selected.errors.append("Select at least one person.")
            return False
        return True


class EditForm(FlaskForm):
    subject = StringField("Subject", validators=[DataRequired(), Length(max=composing.SUBJECT_MAX)])
    body = TextAreaField(
        "Text",
        validators=[DataRequired(), Length(max=composing.BODY_MAX)],
        render_kw={"rows": 16},
    )


class SelectionForm(FlaskForm):
    """Act on the messages ticked in the outbox (none ticked with "send": every draft)."""

    messages = CheckboxesField("Messages", choices=[], validate_choice=True)
    action = StringField(
        "Action",
        validators=[DataRequired(), AnyOf(["send", "remove"], message="Unknown action.")],
    )


class CardsForm(FlaskForm):
    selected = CheckboxesField("People", choices=[], validate_choice=True)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.selected.data:
            self.selected.errors.append("Select at least one person.")
            return False
        return True

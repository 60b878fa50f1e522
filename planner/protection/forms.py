"""Forms of the protection pages: preparation records and the retention period."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from planner.form_messages import TranslatedForm
from planner.protection.preparation import CONVERSATION_BY_MAX, PreparationValues
from planner.protection.retention import MAX_RETENTION_DAYS

_NOT_A_DATE = _l("Not a valid date value. Give one such as 2026-12-14.")


class PreparationForm(TranslatedForm):
    conversation_on = DateField(
        _l("Pre-workshop conversation held on"),
        validators=[Optional()],
        invalid_value_message=_NOT_A_DATE,
    )
    conversation_by = StringField(
        _l("Held by"),
        validators=[
            Length(
                max=CONVERSATION_BY_MAX,
                message=_l("The name must be at most %(max)d characters.", max=CONVERSATION_BY_MAX),
            )
        ],
        render_kw={"autocomplete": "off"},
    )
    risk_assessed = BooleanField(_l("Risk assessed with them"))
    consent_asked_on = DateField(
        _l("Asked whether they agree to be listed, on"),
        validators=[Optional()],
        invalid_value_message=_NOT_A_DATE,
    )
    travel_arranged = BooleanField(_l("Travel arranged"))
    visa_arranged = BooleanField(_l("Visa arranged (or none needed)"))

    def validate_conversation_by(self, field) -> None:
        held_on, by = self.conversation_on.data, (field.data or "").strip()
        if held_on is not None and not by:
            raise ValidationError(_l("Say who held the pre-workshop conversation."))
        if by and held_on is None and not self.conversation_on.errors:
            raise ValidationError(_l("Give the date of the conversation as well."))

    def load(self, record) -> None:
        if record is None:
            return
        for name in PreparationValues.__dataclass_fields__:
            getattr(self, name).data = getattr(record, name)

    def values(self) -> PreparationValues:
        return PreparationValues(
            conversation_on=self.conversation_on.data,
            conversation_by=(self.conversation_by.data or "").strip(),
            risk_assessed=bool(self.risk_assessed.data),
            consent_asked_on=self.consent_asked_on.data,
            travel_arranged=bool(self.travel_arranged.data),
            visa_arranged=bool(self.visa_arranged.data),
        )


class RetentionForm(TranslatedForm):
    days = IntegerField(
        _l("Retention period, in days after a workshop's last day (blank: keep everything)"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_RETENTION_DAYS,
                message=_l("Enter a number of days from 0 to %(max)d.", max=MAX_RETENTION_DAYS),
            ),
        ],
    )

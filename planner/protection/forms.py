"""Forms of the protection pages: preparation records and the retention period."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from planner.protection.preparation import CONVERSATION_BY_MAX, PreparationValues
from planner.protection.retention import MAX_RETENTION_DAYS


class PreparationForm(FlaskForm):
    conversation_on = DateField("Pre-workshop conversation held on", validators=[Optional()])
    conversation_by = StringField(
        "Held by", validators=[Length(max=CONVERSATION_BY_MAX)], render_kw={"autocomplete": "off"}
    )
    risk_assessed = BooleanField("Risk assessed with them")
    consent_asked_on = DateField(
        "Asked whether they agree to be listed, on", validators=[Optional()]
    )
    travel_arranged = BooleanField("Travel arranged")
    visa_arranged = BooleanField("Visa arranged (or none needed)")

    def validate_conversation_by(self, field) -> None:
        held_on, by = self.conversation_on.data, (field.data or "").strip()
        if held_on is not None and not by:
            raise ValidationError("Say who held the pre-workshop conversation.")
        if by and held_on is None and not self.conversation_on.errors:
            raise ValidationError("Give the date of the conversation as well.")

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


class RetentionForm(FlaskForm):
    days = IntegerField(
        "Retention period, in days after a workshop's last day (blank: keep everything)",
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=MAX_RETENTION_DAYS,
                message=f"Enter a number of days from 0 to {MAX_RETENTION_DAYS}.",
            ),
        ],
    )

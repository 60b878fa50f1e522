"""Forms for the organiser's catalogues."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from planner.timezones import is_known_timezone, known_timezones
from planner.vocabulary import Severity


def _valid_timezone(form, field) -> None:
    if not is_known_timezone(field.data):
        raise ValidationError("Use an IANA timezone name such as Asia/Tbilisi or Europe/Rome.")


class VenueForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    city = StringField("City", validators=[DataRequired(), Length(max=120)])
    country = StringField(
        "Country code",
        validators=[
            DataRequired(),
            Regexp(r"^[A-Za-z]{2}$", message="Two letters, e.g. GE, IT, AT."),
        ],
    )
    timezone = StringField(
        "Timezone",
        validators=[DataRequired(), Length(max=64), _valid_timezone],
        render_kw={"list": "timezones", "autocomplete": "off"},
    )
    neutral_ground = BooleanField("Neutral ground (in neither side's country)", default=True)
    capacity = IntegerField("Capacity", validators=[Optional(), NumberRange(min=1, max=10000)])
    accessibility_notes = TextAreaField("Accessibility notes", validators=[Length(max=2000)])


class SegmentForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    description = TextAreaField("Description", validators=[Length(max=1000)])


class TopicForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    severity = SelectField("Severity", choices=Severity.choices())
    description = TextAreaField("Description", validators=[Length(max=4000)])
    handling_guidance = TextAreaField(
        "Handling guidance (facilitators only)", validators=[Length(max=8000)]
    )
    participant_note = TextAreaField("Note for participants", validators=[Length(max=4000)])
    keywords = StringField(
        "Keywords (comma-separated)",
        validators=[Length(max=2000)],
        description="Used to suggest this topic for sessions and passages that mention them. "
        "A phrase is enough on its own; a generic word written with a leading ~ (~status) "
        "counts only beside a second ~word of this topic.",
    )

    def keyword_list(self) -> list[str]:
        raw = self.keywords.data or ""
        if isinstance(raw, list):  # a form built from a record holds the stored list
            raw = ",".join(raw)
        seen: list[str] = []
        for word in raw.split(","):
            word = " ".join(word.split())
            if word and word.lower() not in {w.lower() for w in seen}:
                seen.append(word)
        return seen


TIMEZONES = sorted(known_timezones())

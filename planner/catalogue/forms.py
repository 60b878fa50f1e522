"""Forms for the organiser's catalogues."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from planner.form_messages import TranslatedForm
from planner.i18n import gettext
from planner.timezones import is_known_timezone, known_timezones
from planner.vocabulary import Severity


def _valid_timezone(form, field) -> None:
    if not is_known_timezone(field.data):
        raise ValidationError(
            gettext("Use an IANA timezone name such as Asia/Tbilisi or Europe/Rome.")
        )


class VenueForm(TranslatedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=120)])
    country = StringField(
        _l("Country code"),
        validators=[
            DataRequired(),
            Regexp(r"^[A-Za-z]{2}$", message=_l("Two letters, e.g. GE, IT, AT.")),
        ],
    )
    timezone = StringField(
        _l("Timezone"),
        validators=[DataRequired(), Length(max=64), _valid_timezone],
        render_kw={"list": "timezones", "autocomplete": "off"},
    )
    neutral_ground = BooleanField(_l("Neutral ground (in neither side's country)"), default=True)
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=1, max=10000)])
    accessibility_notes = TextAreaField(_l("Accessibility notes"), validators=[Length(max=2000)])


class SegmentForm(TranslatedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Length(max=1000)])


class TopicForm(TranslatedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    severity = SelectField(_l("Severity"), choices=Severity.choices())
    description = TextAreaField(_l("Description"), validators=[Length(max=4000)])
    handling_guidance = TextAreaField(
        _l("Handling guidance (facilitators only)"), validators=[Length(max=8000)]
    )
    participant_note = TextAreaField(_l("Note for participants"), validators=[Length(max=4000)])
    keywords = StringField(
        _l("Keywords (comma-separated)"),
        validators=[Length(max=2000)],
        description=_l(
            "Used to suggest this topic for sessions and passages that mention them. "
            "A phrase is enough on its own; a generic word written with a leading ~ (~status) "
            "counts only beside a second ~word of this topic."
        ),
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

"""Forms of the agenda builder: sessions, ordering, prompts, small groups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from planner.form_messages import TranslatedForm
from planner.i18n import format_date, gettext
from planner.models import SensitiveTopic
from planner.vocabulary import Audience, Community, Phase, SessionFormat

MIN_DURATION = 5
MAX_DURATION = 720
_DURATION_RANGE = _l(
    "A session lasts between %(min)d and %(max)d minutes.", min=MIN_DURATION, max=MAX_DURATION
)


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes, each with its own label."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionForm(TranslatedForm):
    """Create or edit one session. ``day`` and ``topics`` choices are set per workshop."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    day = SelectField(_l("Day"), validators=[InputRequired()])
    start_time = TimeField(
        _l("Start time"), validators=[InputRequired(message=_l("Give a start time, e.g. 09:30."))]
    )
    duration_minutes = IntegerField(
        _l("Duration (minutes)"),
        validators=[
            InputRequired(message=_l("Give the duration in minutes.")),
            NumberRange(min=MIN_DURATION, max=MAX_DURATION, message=_DURATION_RANGE),
        ],
    )
    alongside_previous = BooleanField(_l("Runs alongside the previous session"))
    fixed_start = BooleanField(_l("Keep this start time (later sessions follow on from it)"))
    format = SelectField(_l("Format"), choices=SessionFormat.choices())
    audience = SelectField(_l("Audience"), choices=Audience.choices())
    audience_community = SelectField(
        _l("Community (for a one-community session)"),
        choices=[("", "—")] + Community.choices(),
        default="",
    )
    description = TextAreaField(
        _l("Description (participants see this)"), validators=[Length(max=5000)]
    )
    location = StringField(
        _l("Place, if not at the venue (participants see this)"), validators=[Length(max=200)]
    )
    facilitator_notes = TextAreaField(
        _l("Facilitator notes (never shown to participants)"), validators=[Length(max=10000)]
    )
    topics = CheckboxesField(_l("Sensitive topics"), choices=[])
    version = HiddenField()
    # Where "insert here" put the new session: right after this session (its public id).
    after = HiddenField()
    add_another = SubmitField(_l("Save and add another"))

    def set_choices(self, days: Sequence[date], topics: Sequence[SensitiveTopic]) -> None:
        self.day.choices = [(d.isoformat(), format_date(d, "weekday")) for d in days]
        self.topics.choices = [(t.key, t.name) for t in topics]

    def validate_audience_community(self, field: SelectField) -> None:
        if self.audience.data == Audience.COMMUNITY and not field.data:
            raise ValidationError(gettext("Choose the community this session is for."))

    @property
    def chosen_day(self) -> date:
        return date.fromisoformat(self.day.data)

    @property
    def chosen_community(self) -> Community | None:
        if self.audience.data != Audience.COMMUNITY or not self.audience_community.data:
            return None
        return Community(self.audience_community.data)


def _duration_field(label) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(message=_l("Give the duration in minutes.")),
            NumberRange(min=MIN_DURATION, max=MAX_DURATION, message=_DURATION_RANGE),
        ],
    )


class QuickSessionForm(TranslatedForm):
    """Add a session from the agenda itself: the essentials; the rest in its editor.

    An empty start time follows on from the session before; a typed one is kept.
    """

    title = StringField(
        _l("Title"), validators=[DataRequired(message=_l("Give a title.")), Length(max=300)]
    )
    start_time = TimeField(_l("Start (optional)"), validators=[Optional()])
    duration_minutes = _duration_field(_l("Minutes"))
    format = SelectField(_l("Format"), choices=SessionFormat.choices())
    after = HiddenField()


class DurationForm(TranslatedForm):
    """Change one session's duration in place."""

    version = HiddenField()
    minutes = _duration_field(_l("Minutes"))


class CopyDayForm(TranslatedForm):
    """Copy one day's sessions to another day (choices: the workshop's other days)."""

    target = SelectField(_l("Copy this day to"), validators=[InputRequired()])


class VersionForm(TranslatedForm):
    """A one-button form on one session (delete, move), carrying the version it was shown at."""

    version = HiddenField()


class MoveForm(VersionForm):
    direction = SelectField(choices=[("up", _l("Move up")), ("down", _l("Move down"))])


class PromptActionForm(TranslatedForm):
    """Attach, detach or move one prompt (the prompt is named in the URL or a field)."""

    prompt = HiddenField()
    direction = HiddenField()


class WritePromptForm(TranslatedForm):
    text = TextAreaField(
        _l("Prompt text"),
        validators=[
            DataRequired(message=_l("Write the question.")),
            Length(
                min=10,
                max=2000,
                message=_l("Write between %(min)d and %(max)d characters.", min=10, max=2000),
            ),
        ],
    )
    phase = SelectField(_l("Phase"), choices=Phase.choices())
    # Not "topics": the session form on the same page has that field (ids must be unique).
    prompt_topics = CheckboxesField(_l("Sensitive topics it touches"), choices=[])


class GroupsForm(TranslatedForm):
    """Choose how many groups; member fields (``member-<invitation uid>``) are added per page."""

    groups = IntegerField(
        _l("Number of groups"),
        validators=[
            InputRequired(message=_l("Give a number of groups.")),
            NumberRange(min=1, max=50, message=_l("Give a number from 1 to 50.")),
        ],
        default=2,
    )
    propose = SubmitField(_l("Propose groups"))
    save = SubmitField(_l("Save groups"))


def groups_form(members: Sequence[tuple[str, str]], k: int, **kwargs) -> GroupsForm:
    """A GroupsForm with a group select per member (``members`` are (key, label) pairs)."""

    class _Form(GroupsForm):
        pass

    for key, label in members:
        setattr(
            _Form,
            f"member-{key}",
            SelectField(
                label,
                choices=[(str(n), gettext("Group %(number)s", number=n)) for n in range(1, k + 1)],
                validators=[InputRequired()],
            ),
        )
    return _Form(**kwargs)

"""Forms of the agenda builder: sessions, ordering, prompts, small groups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_wtf import FlaskForm
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

from planner.models import SensitiveTopic
from planner.vocabulary import Audience, Community, Phase, SessionFormat

MIN_DURATION = 5
MAX_DURATION = 720


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes, each with its own label."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionForm(FlaskForm):
    """Create or edit one session. ``day`` and ``topics`` choices are set per workshop."""

    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    day = SelectField("Day", validators=[InputRequired()])
    start_time = TimeField(
        "Start time", validators=[InputRequired(message="Give a start time, e.g. 09:30.")]
    )
    duration_minutes = IntegerField(
        "Duration (minutes)",
        validators=[
            InputRequired(message="Give the duration in minutes."),
            NumberRange(
                min=MIN_DURATION,
                max=MAX_DURATION,
                message=f"A session lasts between {MIN_DURATION} and {MAX_DURATION} minutes.",
            ),
        ],
    )
    alongside_previous = BooleanField("Runs alongside the previous session")
    fixed_start = BooleanField("Keep this start time (later sessions follow on from it)")
    format = SelectField("Format", choices=SessionFormat.choices())
    audience = SelectField("Audience", choices=Audience.choices())
    audience_community = SelectField(
        "Community (for a one-community session)",
        choices=[("", "—")] + Community.choices(),
        default="",
    )
    description = TextAreaField(
        "Description (participants see this)", validators=[Length(max=5000)]
    )
    location = StringField(
        "Place, if not at the venue (participants see this)", validators=[Length(max=200)]
    )
    facilitator_notes = TextAreaField(
        "Facilitator notes (never shown to participants)", validators=[Length(max=10000)]
    )
    topics = CheckboxesField("Sensitive topics", choices=[])
    version = HiddenField()
    # Where "insert here" put the new session: right after this session (its public id).
    after = HiddenField()
    add_another = SubmitField("Save and add another")

    def set_choices(self, days: Sequence[date], topics: Sequence[SensitiveTopic]) -> None:
        self.day.choices = [(d.isoformat(), f"{d:%A} {d.day} {d:%B %Y}") for d in days]
        self.topics.choices = [(t.key, t.name) for t in topics]

    def validate_audience_community(self, field: SelectField) -> None:
        if self.audience.data == Audience.COMMUNITY and not field.data:
            raise ValidationError("Choose the community this session is for.")

    @property
    def chosen_day(self) -> date:
        return date.fromisoformat(self.day.data)

    @property
    def chosen_community(self) -> Community | None:
        if self.audience.data != Audience.COMMUNITY or not self.audience_community.data:
            return None
        return Community(self.audience_community.data)


def _duration_field(label: str = "Duration (minutes)") -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(message="Give the duration in minutes."),
            NumberRange(
                min=MIN_DURATION,
                max=MAX_DURATION,
                message=f"A session lasts between {MIN_DURATION} and {MAX_DURATION} minutes.",
            ),
        ],
    )


class QuickSessionForm(FlaskForm):
    """Add a session from the agenda itself: the essentials; the rest in its editor.

    An empty start time follows on from the session before; a typed one is kept.
    """

    title = StringField(
        "Title", validators=[DataRequired(message="Give a title."), Length(max=300)]
    )
    start_time = TimeField("Start (optional)", validators=[Optional()])
    duration_minutes = _duration_field("Minutes")
    format = SelectField("Format", choices=SessionFormat.choices())
    after = HiddenField()


class DurationForm(FlaskForm):
    """Change one session's duration in place."""

    version = HiddenField()
    minutes = _duration_field("Minutes")


class CopyDayForm(FlaskForm):
    """Copy one day's sessions to another day (choices: the workshop's other days)."""

    target = SelectField("Copy this day to", validators=[InputRequired()])


class VersionForm(FlaskForm):
    """A one-button form on one session (delete, move), carrying the version it was shown at."""

    version = HiddenField()


class MoveForm(VersionForm):
    direction = SelectField(choices=[("up", "Move up"), ("down", "Move down")])


class PromptActionForm(FlaskForm):
    """Attach, detach or move one prompt (the prompt is named in the URL or a field)."""

    prompt = HiddenField()
    direction = HiddenField()


class WritePromptForm(FlaskForm):
    text = TextAreaField(
        "Prompt text",
        validators=[DataRequired(message="Write the question."), Length(min=10, max=2000)],
    )
    phase = SelectField("Phase", choices=Phase.choices())
    # Not "topics": the session form on the same page has that field (ids must be unique).
    prompt_topics = CheckboxesField("Sensitive topics it touches", choices=[])


class GroupsForm(FlaskForm):
    """Choose how many groups; member fields (``member-<invitation uid>``) are added per page."""

    groups = IntegerField(
        "Number of groups",
        validators=[InputRequired(message="Give a number of groups."), NumberRange(min=1, max=50)],
        default=2,
    )
    propose = SubmitField("Propose groups")
    save = SubmitField("Save groups")


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
                choices=[(str(n), f"Group {n}") for n in range(1, k + 1)],
                validators=[InputRequired()],
            ),
        )
    return _Form(**kwargs)

"""Forms for creating and editing workshops, changing their status and their team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from planner.extensions import db
from planner.form_messages import TranslatedForm
from planner.i18n import gettext, ngettext
from planner.languages import LanguageCodeError, parse_languages
from planner.models import Segment, Venue, Workshop
from planner.timezones import is_known_timezone
from planner.vocabulary import (
    SIDES,
    Community,
    Confidentiality,
    Track,
    WorkshopFormat,
    WorkshopStatus,
)
from planner.workshops.dates import day_problem, workshop_dates_problem


class CheckboxListField(SelectMultipleField):
    """A multi-select shown as a list of checkboxes: usable by keyboard and on a phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@dataclass(frozen=True)
class WorkshopValues:
    """What the workshop form says, resolved to records: the input of the operations."""

    title: str
    objectives: str
    context_notes: str
    venue: Venue | None
    start_date: date
    end_date: date
    timezone: str
    track: Track
    confidentiality: Confidentiality
    working_languages: list[str]
    target_segments: list[Segment]
    # The review's design choices (readiness R19, R20 and the balance rules); the defaults
    # are what a workshop created without saying has.
    format: WorkshopFormat = WorkshopFormat.OPEN
    women_target_percent: int | None = None
    # Whether participants' own files and e-mails may name other participants (issue 20).
    names_in_files: bool = False
    parity_sides: tuple[Community, ...] = SIDES


class WorkshopForm(TranslatedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    objectives = TextAreaField(
        _l("Objectives (participants see these)"), validators=[Optional(), Length(max=5000)]
    )
    context_notes = TextAreaField(
        _l("Context notes (facilitators only)"), validators=[Optional(), Length(max=10000)]
    )
    venue = SelectField(_l("Venue"), choices=[], validate_choice=True)
    start_date = DateField(
        _l("First day"), validators=[InputRequired(message=_l("Enter the first day."))]
    )
    end_date = DateField(
        _l("Last day"), validators=[InputRequired(message=_l("Enter the last day."))]
    )
    timezone = StringField(_l("Timezone"), validators=[Length(max=64)])
    track = SelectField(_l("Track"), choices=Track.choices(), default=Track.TRACK_TWO.value)
    confidentiality = SelectField(
        _l("Confidentiality rule"),
        choices=Confidentiality.choices(),
        default=Confidentiality.CHATHAM_HOUSE.value,
    )
    working_languages = StringField(
        _l("Working languages"), validators=[Optional(), Length(max=200)], default="en"
    )
    target_segments = CheckboxListField(_l("Target segments"), choices=[])
    format = SelectField(
        _l("Format (the size and length the review expects)"),
        choices=WorkshopFormat.choices(),
        default=WorkshopFormat.OPEN.value,
    )
    women_target_percent = IntegerField(
        _l("Target share of women among participants, in per cent (optional)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100, message=_l("Enter a share from 0 to 100.")),
        ],
    )
    names_in_files = BooleanField(
        _l(
            "Participants' own files and e-mails may name the other participants who agreed "
            "to be listed"
        )
    )
    parity_sides = CheckboxListField(
        _l("Communities whose numbers must balance"),
        choices=Community.choices(),
        default=[side.value for side in SIDES],
    )
    version = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Choices come from the organiser's catalogues (two small queries).
        self._venues = {
            v.key: v
            for v in db.session.scalars(
                select(Venue).order_by(Venue.country, Venue.city, Venue.name)
            )
        }
        self._segments = {
            s.key: s for s in db.session.scalars(select(Segment).order_by(Segment.name))
        }
        self.venue.choices = [("", gettext("No venue yet"))] + [
            (key, f"{v.name}, {v.city} ({v.timezone})") for key, v in self._venues.items()
        ]
        self.target_segments.choices = [(key, s.name) for key, s in self._segments.items()]

    def fill_from(self, workshop: Workshop) -> None:
        """Show ``workshop``'s current values (a GET, or after an edit conflict)."""
        self.title.data = workshop.title
        self.objectives.data = workshop.objectives
        self.context_notes.data = workshop.context_notes
        self.venue.data = workshop.venue.key if workshop.venue else ""
        self.start_date.data = workshop.start_date
        self.end_date.data = workshop.end_date
        self.timezone.data = workshop.timezone
        self.track.data = workshop.track.value
        self.confidentiality.data = workshop.confidentiality.value
        self.working_languages.data = ", ".join(workshop.working_languages or ())
        self.target_segments.data = [s.key for s in workshop.target_segments]
        self.format.data = workshop.format.value
        self.women_target_percent.data = workshop.women_target_percent
        self.names_in_files.data = workshop.names_in_files
        self.parity_sides.data = list(workshop.parity_sides or [side.value for side in SIDES])
        self.version.data = str(workshop.version)

    def validate_start_date(self, field: DateField) -> None:
        problem = field.data and day_problem(field.data, gettext("The first day"))
        if problem:
            raise ValidationError(problem)

    def validate_end_date(self, field: DateField) -> None:
        if not field.data:
            return
        start = self.start_date.data
        if start is None or day_problem(start):
            problem = day_problem(field.data, gettext("The last day"))  # the first has its own
        else:
            problem = workshop_dates_problem(start, field.data)
        if problem:
            raise ValidationError(problem)

    def validate_timezone(self, field: StringField) -> None:
        name = (field.data or "").strip()
        if not name:
            if not self.venue.data:
                raise ValidationError(
                    gettext("Enter a timezone, or choose a venue to use its timezone.")
                )
            venue = self._venues.get(self.venue.data)
            if venue is None or is_known_timezone(venue.timezone):
                return
            # A venue saved before its timezone was checked: the workshop would inherit it.
            name = venue.timezone
        if not is_known_timezone(name):
            raise ValidationError(
                gettext(
                    "“%(name)s” is not a known timezone. Use an IANA name such as "
                    "Asia/Tbilisi or Europe/Rome.",
                    name=name,
                )
            )

    def validate_parity_sides(self, field: CheckboxListField) -> None:
        if len(set(field.data or ())) == 1:
            raise ValidationError(
                gettext(
                    "Choose at least two communities to balance, or none for the two sides "
                    "of the conflict."
                )
            )

    def validate_working_languages(self, field: StringField) -> None:
        try:
            parse_languages(field.data)
        except LanguageCodeError as error:
            raise ValidationError(str(error)) from None

    def values(self) -> WorkshopValues:
        """The validated input, resolved to records (call after ``validate_on_submit``)."""
        venue = self._venues.get(self.venue.data or "")
        timezone = (self.timezone.data or "").strip() or (venue.timezone if venue else "")
        return WorkshopValues(
            title=self.title.data.strip(),
            objectives=(self.objectives.data or "").strip(),
            context_notes=(self.context_notes.data or "").strip(),
            venue=venue,
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            timezone=timezone,
            track=Track(self.track.data),
            confidentiality=Confidentiality(self.confidentiality.data),
            working_languages=parse_languages(self.working_languages.data),
            target_segments=[self._segments[k] for k in self.target_segments.data or ()],
            format=WorkshopFormat(self.format.data),
            women_target_percent=self.women_target_percent.data,
            names_in_files=bool(self.names_in_files.data),
            # None ticked: the two sides of the conflict.
            parity_sides=tuple(c for c in Community if c.value in set(self.parity_sides.data))
            or SIDES,
        )


class StatusForm(TranslatedForm):
    """Move a workshop to another status (the buttons on the workshop page)."""

    status = HiddenField(validators=[DataRequired()])
    version = HiddenField()

    def validate_status(self, field: HiddenField) -> None:
        if field.data not in {s.value for s in WorkshopStatus}:
            raise ValidationError(gettext("Unknown status."))


class DeleteForm(TranslatedForm):
    """The confirmation step before deleting a workshop (CSRF only)."""


class AddFacilitatorForm(TranslatedForm):
    action = HiddenField(default="add")
    email = EmailField(
        _l("Facilitator's email"),
        validators=[
            DataRequired(message=_l("Enter an email address.")),
            Email(),
            Length(max=254),
        ],
    )


class RemoveFacilitatorForm(TranslatedForm):
    action = HiddenField(default="remove")
    email = HiddenField(validators=[DataRequired()])


class NewWorkshopForm(WorkshopForm):
    """The new-workshop form, which may start from a methodology template (issue 17).

    With a template the last day may be left blank: the template's length gives it.
    """

    template = SelectField(_l("Start from"), choices=[], validate_choice=True, default="")
    stage = SelectField(_l("Stage of the dialogue"), choices=[], validate_choice=True, default="")
    end_date = DateField(_l("Last day"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        from planner.workshops.methodology import TemplateError, load_templates

        super().__init__(*args, **kwargs)
        #: Why the templates cannot be offered (a broken file), shown on the page.
        self.template_problem = ""
        try:
            self.templates = {t.key: t for t in load_templates()}
        except TemplateError as error:
            self.templates, self.template_problem = {}, str(error)
        self.template.choices = [("", gettext("A blank workshop"))] + [
            (
                key,
                ngettext("%(name)s (%(num)d day)", "%(name)s (%(num)d days)", t.days, name=t.name),
            )
            for key, t in self.templates.items()
        ]
        stages = {s.number: s for t in self.templates.values() for s in t.stages}
        self.stage.choices = [("", gettext("Not a staged template"))] + [
            (str(n), gettext("Stage %(number)s: %(name)s", number=n, name=s.name))
            for n, s in sorted(stages.items())
        ]

    def chosen_template(self):
        return self.templates.get(self.template.data or "")

    def chosen_stage(self) -> int | None:
        template = self.chosen_template()
        if template is None or not template.stages or not self.stage.data:
            return None
        return int(self.stage.data)

    def validate_stage(self, field: SelectField) -> None:
        template = self.chosen_template()
        if template is None or not template.stages:
            return
        if not field.data or int(field.data) not in {s.number for s in template.stages}:
            raise ValidationError(
                gettext("Choose the stage of the %(name)s.", name=template.name.lower())
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Optional() ends the last day's checks when it is blank: only a template may leave
        # it blank (its length gives it).
        if self.end_date.data is None and self.chosen_template() is None:
            if not self.end_date.errors:
                self.end_date.errors = [gettext("Enter the last day.")]
            return False
        return valid

    def values(self) -> WorkshopValues:
        template = self.chosen_template()
        if template is not None and not self.end_date.data and self.start_date.data:
            self.end_date.data = template.last_day(self.start_date.data)
        return super().values()


class CloneForm(TranslatedForm):
    """Copy a workshop to new dates: its first day, and the copy's title."""

    title = StringField(_l("Title of the copy"), validators=[DataRequired(), Length(max=300)])
    start_date = DateField(
        _l("First day of the copy"), validators=[InputRequired(message=_l("Enter the first day."))]
    )

    def validate_start_date(self, field: DateField) -> None:
        problem = field.data and day_problem(field.data, gettext("The first day"))
        if problem:
            raise ValidationError(problem)

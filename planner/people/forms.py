"""Forms of the people pages: a person's profile, an invitation, the roster upload."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from planner import i18n
from planner.form_messages import TranslatedForm
from planner.people import values
from planner.people.operations import InvitationSupport, PersonFields
from planner.protection.risk import RISK_REASON_MAX, risk_reason_problem
from planner.vocabulary import AgeBand, Community, InvitationRole, InvitationStatus, RiskLevel

NOTES_MAX = 20_000


def _choices(pairs) -> list[SelectChoice]:
    """Choices whose labels are read in the reader's language (vocabulary labels are in the
    catalogue; a lazy string is translated when the page is drawn)."""
    return [
        SelectChoice(value, label if not isinstance(label, str) else _l(label))
        for value, label in pairs
    ]


def _enum(enum_cls):
    """Coerce to the enumeration, leaving an unknown value as it is so that the field says
    "Not a valid choice." rather than WTForms' "could not coerce"."""

    def coerce(value):
        try:
            return enum_cls(value)
        except ValueError:
            return value

    return coerce


def _cleaned(parse):
    """A WTForms validator that replaces the field's data by ``parse(data)``."""

    def validator(form, field):
        try:
            field.data = parse(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    return validator


class PersonForm(TranslatedForm):
    """A person's profile. ``segment`` choices come from the catalogue (``set_segments``)."""

    name = StringField(
        _l("Name"),
        validators=[_cleaned(values.parse_name)],
        render_kw={"autocomplete": "off", "maxlength": values.NAME_MAX},
    )
    name_alt = StringField(
        _l("Other spelling of the name (optional)"),
        validators=[_cleaned(lambda v: values.parse_name(v, required=False, other_spelling=True))],
        render_kw={"autocomplete": "off"},
    )
    community = SelectField(
        _l("Community"),
        choices=_choices(Community.choices()),
        validators=[InputRequired(message=_l("Choose the person's community."))],
        coerce=_enum(Community),
    )
    segment = SelectField(_l("Segment"), choices=[], validate_choice=True)
    affiliation = StringField(_l("Affiliation"), validators=[_cleaned(values.parse_affiliation)])
    # Cleaned back into text ("hy, ru, en") so a page shown again with errors reads well.
    languages = StringField(
        _l("Languages"),
        validators=[_cleaned(lambda v: ", ".join(values.parse_languages(v)))],
    )
    email = EmailField(_l("Email (optional)"), validators=[_cleaned(values.parse_email)])
    # The language of their e-mails and outputs; "" leaves it to the workshop's first
    # working language (issue 19).
    preferred_language = SelectField(
        _l("Language of their e-mails and documents"),
        choices=[
            SelectChoice("", _l("— the workshop's first working language —")),
            *(SelectChoice(code, name) for code, name in i18n.LANGUAGES.items()),
        ],
        default="",
        validate_choice=True,
    )
    consent_to_list = BooleanField(_l("Agrees to be listed to the other participants"))
    do_not_email = BooleanField(_l("Do not e-mail this person (reach them another way)"))
    # Facilitator-only inclusion fields (readiness R20 and R22), never shown to participants.
    gender = StringField(
        _l("Gender, as the person describes it (optional)"),
        validators=[_cleaned(values.parse_gender)],
        render_kw={"autocomplete": "off", "maxlength": values.GENDER_MAX},
    )
    age_band = SelectField(
        _l("Age band (optional)"),
        choices=_choices([("", _l("— not recorded —")), *AgeBand.choices()]),
        default="",
        validate_choice=True,
    )
    notes = TextAreaField(
        _l("Facilitator notes (never shown to participants)"),
        validators=[
            Length(
                max=NOTES_MAX,
                message=_l("Notes may have at most %(max)d characters.", max=NOTES_MAX),
            )
        ],
    )
    # Facilitator-only (issue 20): never shown to participants, encrypted at rest.
    risk_level = SelectField(
        _l("Risk level"), choices=_choices(RiskLevel.choices()), default=RiskLevel.STANDARD.value
    )
    risk_reason = TextAreaField(
        _l("Why (for elevated or high risk)"), validators=[Length(max=RISK_REASON_MAX)]
    )
    # The profile version the form was opened on (optimistic locking; unused when adding).
    version = HiddenField()

    def validate_risk_reason(self, field) -> None:
        if self.risk_level.data not in RiskLevel._value2member_map_:
            return  # the level's own check says what is wrong
        problem = risk_reason_problem(RiskLevel(self.risk_level.data), field.data or "")
        if problem:
            raise ValidationError(problem)

    def set_segments(self, segments: Mapping[str, str]) -> None:
        """Offer the catalogue's segments (key → name) and "none"."""
        # Segment names are the catalogue's, as the organiser wrote them.
        self.segment.choices = [
            SelectChoice("", _l("— none —")),
            *(SelectChoice(key, name) for key, name in segments.items()),
        ]

    def load_person(self, person) -> None:
        """Show a person's segment and languages (the form was built with ``obj=person``)."""
        self.segment.data = person.segment.key if person.segment else ""
        self.languages.data = ", ".join(person.languages or ())
        self.risk_level.data = person.risk_level.value
        self.age_band.data = person.age_band.value if person.age_band else ""
        self.preferred_language.data = person.preferred_language or ""

    def person_fields(self, segment_ids: Mapping[str, int]) -> PersonFields:
        """The validated profile; call after ``validate_on_submit``."""
        return PersonFields(
            name=self.name.data,
            name_alt=self.name_alt.data or "",
            community=Community(self.community.data),
            segment_id=segment_ids.get(self.segment.data) if self.segment.data else None,
            affiliation=self.affiliation.data or "",
            languages=tuple(values.parse_languages(self.languages.data)),
            email=self.email.data or None,
            consent_to_list=bool(self.consent_to_list.data),
            do_not_email=bool(self.do_not_email.data),
            notes=(self.notes.data or "").strip(),
            risk_level=RiskLevel(self.risk_level.data),
            risk_reason=(self.risk_reason.data or "").strip(),
            gender=self.gender.data or "",
            age_band=AgeBand(self.age_band.data) if self.age_band.data else None,
            preferred_language=i18n.supported(self.preferred_language.data) or "",
        )


class AddPersonForm(PersonForm):
    """A new person and their invitation to this workshop."""

    role = SelectField(
        _l("Role in this workshop"),
        choices=_choices(InvitationRole.choices()),
        coerce=_enum(InvitationRole),
        default=InvitationRole.PARTICIPANT,
    )
    status = SelectField(
        _l("Invitation status"),
        choices=_choices(InvitationStatus.choices()),
        coerce=_enum(InvitationStatus),
        default=InvitationStatus.INVITED,
    )
    submit = SubmitField(_l("Add and invite"))
    # Shown only once possible duplicates have been listed.
    create_anyway = SubmitField(_l("None of these: create a new person"))


class InviteForm(TranslatedForm):
    """Invite an existing person, named by public id."""

    person = HiddenField(validators=[DataRequired(), Length(max=24)])
    role = SelectField(
        _l("Role"),
        choices=_choices(InvitationRole.choices()),
        coerce=_enum(InvitationRole),
        validators=[InputRequired()],
    )


class InvitationForm(TranslatedForm):
    # The invitation version the form was opened on (optimistic locking).
    version = HiddenField()
    role = SelectField(
        _l("Role in this workshop"),
        choices=_choices(InvitationRole.choices()),
        coerce=_enum(InvitationRole),
    )
    status = SelectField(
        _l("Status"), choices=_choices(InvitationStatus.choices()), coerce=_enum(InvitationStatus)
    )
    # What the person receives (Do No Harm's "resource transfers"; readiness R18).
    per_diem = IntegerField(
        _l("Per diem (a day; never shown to participants)"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=1_000_000,
                message=_l("Give a whole number from 0 to %(max)s.", max="1 000 000"),
            ),
        ],
    )
    travel_support = IntegerField(
        _l("Travel support (in all; never shown to participants)"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=10_000_000,
                message=_l("Give a whole number from 0 to %(max)s.", max="10 000 000"),
            ),
        ],
    )
    room = SelectField(
        _l("Room provided"),
        choices=_choices([("", _l("— not recorded —")), ("yes", _l("Yes")), ("no", _l("No"))]),
        # Anything but yes or no (or a form without the field) is "not recorded".
        validate_choice=False,
    )

    def load_support(self, invitation) -> None:
        """Show whether a room is provided (the form was built with ``obj=invitation``)."""
        self.room.data = {True: "yes", False: "no"}.get(invitation.room, "")

    def support(self) -> InvitationSupport:
        """What the person receives, as validated; call after ``validate_on_submit``."""
        return InvitationSupport(
            per_diem=self.per_diem.data,
            travel_support=self.travel_support.data,
            room={"yes": True, "no": False}.get(self.room.data),
        )


class RemoveInvitationForm(TranslatedForm):
    """Nothing but the CSRF token: the confirmation is the submit itself."""


class SearchForm(TranslatedForm):
    """The find field: a GET form, so it carries no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Find a person by name"),
        validators=[Length(max=200, message=_l("Type at most 200 characters."))],
    )


class RosterUploadForm(TranslatedForm):
    file = FileField(
        _l("Roster file (CSV, UTF-8)"), validators=[FileRequired(_l("Choose a CSV file."))]
    )


class RosterConfirmForm(TranslatedForm):
    # The uploaded file, compressed and signed (planner.people.roster_token).
    payload = HiddenField(validators=[DataRequired()])

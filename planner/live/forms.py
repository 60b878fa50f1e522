"""Forms of the live day: one per run-sheet button, and the after-the-workshop record.

All are TranslatedForms (FlaskForms), so all carry the CSRF token. ``at`` carries the
moment the run sheet was shown for, so that the page comes back to the same moment after
the change.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from planner.form_messages import TranslatedForm
from planner.live.operations import MAX_OUTCOME_NOTE
from planner.live.shifting import MAX_SHIFT_MINUTES


class LiveActionForm(TranslatedForm):
    """Skip or swap: the session's version, and the moment to come back to."""

    version = HiddenField("Version")
    at = HiddenField("Moment")


class MinutesForm(LiveActionForm):
    """Running late or extending by a number of minutes."""

    minutes = IntegerField(
        _l("Minutes"),
        default=15,
        validators=[
            InputRequired(_l("Give a number of minutes.")),
            NumberRange(
                min=1,
                max=MAX_SHIFT_MINUTES,
                message=_l(
                    "Give a number of minutes between 1 and %(max)d.", max=MAX_SHIFT_MINUTES
                ),
            ),
        ],
    )


class PublishDayForm(TranslatedForm):
    """Publish the day as it now stands (no fields beyond the CSRF token and the moment)."""

    at = HiddenField("Moment")


class HeldForm(TranslatedForm):
    """What happened in one session, recorded after it ran (facilitator-only)."""

    version = HiddenField("Version")
    held = BooleanField(_l("Held"))
    actual_start = TimeField(_l("Actual start"), validators=[Optional()])
    actual_end = TimeField(_l("Actual end"), validators=[Optional()])
    outcome_note = TextAreaField(
        _l("Outcome (names nobody; facilitators only)"),
        validators=[
            Length(
                max=MAX_OUTCOME_NOTE,
                message=_l("Keep the outcome note under %(max)d characters.", max=MAX_OUTCOME_NOTE),
            )
        ],
    )


class WorkshopHeldForm(TranslatedForm):
    """Mark the workshop as held."""

    version = HiddenField("Version")

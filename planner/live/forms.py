"""Forms of the live day: one per run-sheet button, and the after-the-workshop record.

All are FlaskForms, so all carry the CSRF token. ``at`` carries the moment the run sheet
was shown for, so that the page comes back to the same moment after the change.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from planner.live.operations import MAX_OUTCOME_NOTE
from planner.live.shifting import MAX_SHIFT_MINUTES


class LiveActionForm(FlaskForm):
    """Skip or swap: the session's version, and the moment to come back to."""

    version = HiddenField("Version")
    at = HiddenField("Moment")


class MinutesForm(LiveActionForm):
    """Running late or extending by a number of minutes."""

    minutes = IntegerField(
        "Minutes",
        default=15,
        validators=[
            InputRequired("Give a number of minutes."),
            NumberRange(
                min=1,
                max=MAX_SHIFT_MINUTES,
                message=f"Give a number of minutes between 1 and {MAX_SHIFT_MINUTES}.",
            ),
        ],
    )


class PublishDayForm(FlaskForm):
    """Publish the day as it now stands (no fields beyond the CSRF token and the moment)."""

    at = HiddenField("Moment")


class HeldForm(FlaskForm):
    """What happened in one session, recorded after it ran (facilitator-only)."""

    version = HiddenField("Version")
    held = BooleanField("Held")
    actual_start = TimeField("Actual start", validators=[Optional()])
    actual_end = TimeField("Actual end", validators=[Optional()])
    outcome_note = TextAreaField(
        "Outcome (names nobody; facilitators only)",
        validators=[
            Length(
                max=MAX_OUTCOME_NOTE,
                message=f"Keep the outcome note under {MAX_OUTCOME_NOTE} characters.",
            )
        ],
    )


class WorkshopHeldForm(FlaskForm):
    """Mark the workshop as held."""

    version = HiddenField("Version")

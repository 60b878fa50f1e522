"""The side-by-side form: one field per participant-facing text and target language.

The fields depend on the workshop (its sessions and working languages), so the form class
is built per request (:func:`translations_form`); each field is named after its text,
``kind.uid.field.language``, so a session added or removed meanwhile cannot shift a
translation onto another text.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from planner.content_translations import (
    MAX_LENGTH,
    TRANSLATABLE,
    as_triples,
    language_name,
    of_field,
    original_language,
    target_languages,
)
from planner.i18n import current, format_date, format_time
from planner.i18n import gettext as _
from planner.models import Workshop
from planner.vocabulary import Audience
from planner.workshop_data import agenda_order

#: As the operations say it (the same sentence, translated once).
TOO_LONG = _l("A translation can be at most %(max)d characters long; this one has %(length)d.")


class TranslationsFormBase(FlaskForm):
    version = HiddenField()


@dataclass(frozen=True)
class TextRow:
    """One participant-facing text: its original, and the fields of its translations."""

    kind: str
    uid: str
    field: str
    heading: str
    original: str
    #: (language code, form field name)
    inputs: tuple[tuple[str, str], ...]


_FIELD_HEADINGS = {
    ("workshop", "title"): _l("Workshop title"),
    ("workshop", "objectives"): _l("Objectives"),
    ("session", "title"): _l("Title"),
    ("session", "description"): _l("Description"),
}


def field_name(kind: str, uid: str, field: str, language: str) -> str:
    return f"{kind}.{uid}.{field}.{language}"


def _rows(workshop: Workshop) -> list[TextRow]:
    languages = target_languages(workshop.working_languages or ())
    records = [("workshop", workshop, "")]
    for s in sorted(workshop.sessions, key=agenda_order):
        if s.audience == Audience.FACILITATORS:
            continue  # no participant reads it
        when = _("%(day)s, %(time)s", day=format_date(s.day, "short"), time=format_time(s.start))
        records.append(("session", s, _("“%(title)s” (%(when)s)", title=s.title, when=when)))
    rows = []
    for kind, record, about in records:
        for field in TRANSLATABLE[kind]:
            original = getattr(record, field) or ""
            heading = str(_FIELD_HEADINGS[(kind, field)])
            rows.append(
                TextRow(
                    kind=kind,
                    uid=record.uid,
                    field=field,
                    heading=f"{about} — {heading}" if about else heading,
                    original=original,
                    inputs=tuple(
                        (code, field_name(kind, record.uid, field, code)) for code in languages
                    ),
                )
            )
    return rows


def translations_form(workshop: Workshop, **kwargs) -> tuple[FlaskForm, list[TextRow]]:
    """The form for ``workshop``'s translations and the rows it lays out; ``kwargs`` go to
    the form (``formdata=None`` fills it from the workshop instead of the request)."""
    reader = current()
    rows = _rows(workshop)
    attrs: dict[str, Field] = {}
    for row in rows:
        kind_field = StringField if row.field == "title" else TextAreaField
        for code, name in row.inputs:
            label = _("%(language)s (%(code)s)", language=language_name(code, reader), code=code)
            attrs[name] = kind_field(
                label,
                validators=[Optional(), Length(max=MAX_LENGTH[row.field], message=TOO_LONG)],
            )
    form_class = type("TranslationsForm", (TranslationsFormBase,), attrs)
    form = form_class(**kwargs)
    if kwargs.get("formdata", "unset") is None:
        form.version.data = str(workshop.version)
        records = {workshop.uid: workshop, **{s.uid: s for s in workshop.sessions}}
        for row in rows:
            given = of_field(as_triples(records[row.uid].translations), row.field)
            for code, name in row.inputs:
                form[name].data = given.get(code, "")
    return form, rows


def submitted_values(form: FlaskForm, rows: list[TextRow]) -> dict[tuple[str, str, str, str], str]:
    """What the form says, by (kind, uid, field, language)."""
    return {
        (row.kind, row.uid, row.field, code): form[name].data or ""
        for row in rows
        for code, name in row.inputs
    }


def original_language_name(workshop: Workshop) -> str:
    return language_name(original_language(workshop.working_languages or ()), current())

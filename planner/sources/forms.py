"""Forms of the sources pages: importing a document, correcting it, reviewing its candidates."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from planner.i18n import gettext as _
from planner.sources.decoding import EXTENSIONS, accepted_extensions
from planner.sources.review import QUESTION_MAX
from planner.vocabulary import PassageKind

_UPLOAD_TYPES = sorted(extension.lstrip(".") for extension in EXTENSIONS)


class ImportForm(FlaskForm):
    """Paste a document's text or upload a file; title, author and outlet are optional."""

    text = TextAreaField(
        _l("Paste the article (plain text or HTML)"),
        validators=[Optional()],
        render_kw={"rows": 12},
    )
    document = FileField(
        _l("Or upload a file (%(types)s, at most 1 MB)", types=LazyString(accepted_extensions)),
        validators=[
            FileAllowed(
                _UPLOAD_TYPES,
                _l(
                    "Upload a %(types)s file, or paste the text.",
                    types=LazyString(accepted_extensions),
                ),
            )
        ],
        render_kw={"accept": ",".join(f".{t}" for t in _UPLOAD_TYPES)},
    )
    title = StringField(
        _l("Title (leave empty to use the one found)"), validators=[Length(max=500)]
    )
    author = StringField(
        _l("Author (leave empty to use the one found)"), validators=[Length(max=200)]
    )
    outlet = StringField(
        _l("Outlet (leave empty to use the one found)"), validators=[Length(max=200)]
    )
    submit = SubmitField(_l("Import"))

    def has_upload(self) -> bool:
        """Whether a file was chosen (browsers send an empty part when none was)."""
        upload = self.document.data
        return bool(upload and getattr(upload, "filename", ""))

    def validate(self, extra_validators=None) -> bool:  # noqa: D102 - WTForms hook
        if not super().validate(extra_validators):
            return False
        pasted = self.text.data or ""
        if self.has_upload() and pasted.strip():
            self.text.errors.append(_("Paste the text or upload a file, not both."))
            return False
        if not self.has_upload() and not pasted:
            self.text.errors.append(_("Paste the article's text, or choose a file to upload."))
            return False
        return True

    def overrides(self) -> dict[str, str]:
        """The title, author and outlet typed in, to use instead of those found."""
        return {
            name: value.strip()
            for name, value in (
                ("title", self.title.data or ""),
                ("author", self.author.data or ""),
                ("outlet", self.outlet.data or ""),
            )
            if value.strip()
        }


class ReviewForm(FlaskForm):
    """A decision on one candidate: accept it (with its wording as edited) or reject it."""

    candidate = HiddenField(validators=[DataRequired(), Length(max=64)])
    text = TextAreaField(
        _l("Prompt"),
        validators=[
            Length(
                max=QUESTION_MAX,
                message=_l("A prompt is at most %(num)d characters long.", num=QUESTION_MAX),
            )
        ],
    )
    accept = SubmitField(_l("Accept"))
    reject = SubmitField(_l("Reject"))


class DeleteSourceForm(FlaskForm):
    """Delete a source: the CSRF token is the whole form."""

    submit = SubmitField(_l("Delete this source"))


class SourceDetailsForm(FlaskForm):
    """Correct a source's title, authors, outlet and date of publication."""

    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Give the source a title.")),
            Length(max=500, message=_l("A title is at most 500 characters long.")),
        ],
    )
    authors = TextAreaField(
        _l("Authors (one per line)"),
        validators=[Length(max=1000, message=_l("The authors' names are too long."))],
        render_kw={"rows": 3},
    )
    outlet = StringField(
        _l("Outlet"),
        validators=[
            Length(max=200, message=_l("An outlet's name is at most 200 characters long."))
        ],
    )
    published = DateField(
        _l("Date of publication"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    save = SubmitField(_l("Save the details"))

    def author_names(self) -> list[str]:
        """The authors typed, one per line (commas and semicolons also separate)."""
        raw = (self.authors.data or "").replace(";", "\n")
        names: list[str] = []
        for line in raw.splitlines():
            names.extend(part.strip() for part in line.split(",") if part.strip())
        return names


class PassageKindForm(FlaskForm):
    """Mark one passage as another kind."""

    kind = SelectField(_l("Kind"), choices=PassageKind.choices())
    change = SubmitField(_l("Change kind"))


class MergePassageForm(FlaskForm):
    """Join a passage with the one after it: the CSRF token is the whole form."""

    merge = SubmitField(_l("Merge with the next passage"))


class SplitPassageForm(FlaskForm):
    """Split a passage before one of its sentences (the choices are set per passage)."""

    at = SelectField(_l("Split before"), coerce=int, choices=[], validate_choice=True)
    split = SubmitField(_l("Split"))

"""Reading a roster CSV into rows ready to import, or into reasons why not (issue 3, item 8).

``parse_roster`` is pure: it takes the uploaded bytes and the segment catalogue and returns
a :class:`RosterPreview` — every valid row, and every problem with the line it is on. The
import saves nothing unless the preview has no errors at all, so a file is accepted whole
or not at all.

The separator is the one the header line uses — comma, semicolon (what Excel saves where the
decimal mark is a comma) or tab — found by :class:`csv.Sniffer` limited to those three, and
named in every error about the file's shape, so a misread file says how it was read.

Cells are kept as the text they are: a cell such as ``=HYPERLINK(...)`` is stored as those
characters and never evaluated (exports that write CSV escape formulas on the way out).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.i18n import LANGUAGES, supported
from planner.i18n import gettext as _
from planner.people import values
from planner.vocabulary import Community, InvitationRole, InvitationStatus

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000

COLUMNS = (
    "name",
    "community",
    "segment",
    "affiliation",
    "languages",
    "email",
    "consent",
    "role",
    "status",
    # The language of the person's e-mails and outputs (issue 19): en, ru, hy or az.
    "language",
)
REQUIRED_COLUMNS = ("name", "community")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _read_as(delimiter: str) -> str:
    """How the file was read, said in every error about its shape."""
    if delimiter == ";":
        return _("(read as semicolon-separated)")
    if delimiter == "\t":
        return _("(read as tab-separated)")
    return _("(read as comma-separated)")


def _separator(delimiter: str) -> str:
    return {";": _("semicolon"), "\t": _("tab")}.get(delimiter, _("comma"))


@dataclass(frozen=True)
class RosterRow:
    """One valid line of the file: a person to create or find, and their invitation."""

    line: int
    name: str
    community: Community
    segment_key: str | None
    affiliation: str
    languages: tuple[str, ...]
    email: str | None
    consent: bool
    role: InvitationRole
    status: InvitationStatus
    # The language of their e-mails and outputs; "" leaves it to the workshop's.
    language: str = ""


@dataclass(frozen=True)
class RosterError:
    """A reason the file cannot be imported; ``line`` is None for the file as a whole."""

    line: int | None
    reason: str


@dataclass(frozen=True)
class RosterPreview:
    rows: tuple[RosterRow, ...] = ()
    errors: tuple[RosterError, ...] = ()

    @property
    def is_valid(self) -> bool:
        """True when there is something to import and nothing wrong with any of it."""
        return bool(self.rows) and not self.errors


def _file_error(reason: str) -> RosterPreview:
    return RosterPreview(errors=(RosterError(None, reason),))


def _decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped), or ValueError with the reason."""
    if not data.strip():
        raise ValueError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ValueError(
            _(
                "The file is larger than %(kb)d KB; split it into smaller files.",
                kb=MAX_BYTES // 1024,
            )
        )
    if b"\x00" in data:
        raise ValueError(
            _(
                "This is not a text file (it looks like a spreadsheet or other binary file). "
                "Save it as “CSV UTF-8” and upload that."
            )
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(
            _(
                "The file is not UTF-8 text (byte %(byte)d cannot be read). "
                "Save it as “CSV UTF-8” and upload it again.",
                byte=error.start + 1,
            )
        ) from None


def _choice(raw: str, enum_cls: type, column: str, default):
    """An enumeration member from its key or its label, in any case; empty means default."""
    text = values.normalise_text(raw)
    if not text:
        return default
    wanted = text.casefold().replace("-", "_")
    for member in enum_cls:
        if wanted in (member.value, member.label.casefold().replace("-", "_")):
            return member
    allowed = ", ".join(member.value for member in enum_cls)
    raise ValueError(
        _(
            "%(column)s “%(value)s” is not one of: %(allowed)s.",
            column=column,
            value=text,
            allowed=allowed,
        )
    )


def _language(raw: str) -> str:
    """One of the interface's language codes, in any case; empty means none chosen."""
    text = values.normalise_text(raw)
    if not text:
        return ""
    code = supported(text)
    if code is None:
        raise ValueError(
            _(
                "language “%(value)s” is not one of: %(allowed)s.",
                value=text,
                allowed=", ".join(LANGUAGES),
            )
        )
    return code


def _segment(raw: str, segments: Mapping[str, str]) -> str | None:
    text = values.normalise_text(raw)
    if not text:
        return None
    wanted = text.casefold()
    for key, name in segments.items():
        if wanted in (key.casefold(), values.normalise_text(name).casefold()):
            return key
    if not segments:
        raise ValueError(
            _("segment “%(value)s” is not in the catalogue (none defined).", value=text)
        )
    raise ValueError(
        _(
            "segment “%(value)s” is not in the catalogue (%(allowed)s).",
            value=text,
            allowed=", ".join(sorted(segments)),
        )
    )


def _header(cells: list[str]) -> tuple[list[str], list[str]]:
    """The column names in order, and the problems with them."""
    names = [values.normalise_text(c).lower() for c in cells]
    problems = []
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        problems.append(
            _(
                "Unknown column(s): %(unknown)s. The columns are: %(columns)s.",
                unknown=", ".join(unknown) or _("(empty)"),
                columns=", ".join(COLUMNS),
            )
        )
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        problems.append(_("Column(s) appear twice: %(columns)s.", columns=", ".join(duplicated)))
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        problems.append(
            _(
                "The header row must name the columns; missing: %(missing)s. "
                "The columns are: %(columns)s.",
                missing=", ".join(missing),
                columns=", ".join(COLUMNS),
            )
        )
    return names, problems


def _row(line: int, cells: Mapping[str, str], segments: Mapping[str, str]) -> RosterRow:
    """Validate one line; ValueError carries every problem found on it, joined."""
    problems: list[str] = []

    def check(parse, *args):
        try:
            return parse(*args)
        except ValueError as error:
            problems.append(str(error))
            return None

    name = check(values.parse_name, cells.get("name", ""))
    community = check(_choice, cells.get("community", ""), Community, "community", None)
    if community is None and not values.normalise_text(cells.get("community", "")):
        problems.append(_("community is required (armenian, azerbaijani, international or other)."))
    segment_key = check(_segment, cells.get("segment", ""), segments)
    affiliation = check(values.parse_affiliation, cells.get("affiliation", ""))
    languages = check(values.parse_languages, cells.get("languages", ""))
    email = check(values.parse_email, cells.get("email", ""))
    consent = check(values.parse_yes_no, cells.get("consent", ""))
    role = check(_choice, cells.get("role", ""), InvitationRole, "role", InvitationRole.PARTICIPANT)
    status = check(
        _choice, cells.get("status", ""), InvitationStatus, "status", InvitationStatus.INVITED
    )
    language = check(_language, cells.get("language", ""))
    if problems:
        raise ValueError(" ".join(problems))
    return RosterRow(
        line=line,
        name=name,
        community=community,
        segment_key=segment_key,
        affiliation=affiliation,
        languages=tuple(languages),
        email=email,
        consent=bool(consent),
        role=role,
        status=status,
        language=language,
    )


def _delimiter(text: str) -> str:
    """The separator the header line uses (comma, semicolon or tab); comma when it cannot tell."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return csv.Sniffer().sniff(header, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return ","


def _records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """(line the record starts on, its cells), skipping blank lines; quoted cells may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    for cells in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        yield start, cells


def parse_roster(data: bytes, segments: Mapping[str, str]) -> RosterPreview:
    """Parse and check a roster file. ``segments`` maps each segment key to its name."""
    try:
        text = _decode(data)
    except ValueError as error:
        return _file_error(str(error))

    rows: list[RosterRow] = []
    errors: list[RosterError] = []
    first_line_of_email: dict[str, int] = {}
    delimiter = _delimiter(text)
    read_as = _read_as(delimiter)
    records = _records(text, delimiter)
    try:
        first = next(records, None)
        if first is None:
            return _file_error(_("The file is empty."))
        header_line, header_cells = first
        columns, problems = _header(header_cells)
        if problems:
            return RosterPreview(
                errors=tuple(RosterError(header_line, f"{p} {read_as}") for p in problems)
            )
        count = 0
        for line, cells in records:
            count += 1
            if count > MAX_ROWS:
                return _file_error(
                    _(
                        "The file has more than %(max)d people; split it into smaller files.",
                        max=MAX_ROWS,
                    )
                )
            if len(cells) > len(columns):
                errors.append(
                    RosterError(
                        line,
                        _(
                            "This line has %(cells)d cells but the header has %(columns)d "
                            "columns (is a %(separator)s missing its quotes?) %(read_as)s.",
                            cells=len(cells),
                            columns=len(columns),
                            separator=_separator(delimiter),
                            read_as=read_as,
                        ),
                    )
                )
                continue
            try:
                row = _row(line, dict(zip(columns, cells, strict=False)), segments)
            except ValueError as error:
                errors.append(RosterError(line, str(error)))
                continue
            if row.email:
                key = row.email.casefold()
                if key in first_line_of_email:
                    errors.append(
                        RosterError(
                            line,
                            _(
                                "The email %(email)s is already used on line %(line)d of "
                                "this file.",
                                email=row.email,
                                line=first_line_of_email[key],
                            ),
                        )
                    )
                    continue
                first_line_of_email[key] = line
            rows.append(row)
    except csv.Error as error:
        return RosterPreview(
            rows=(),
            errors=(
                *errors,
                RosterError(
                    None,
                    _(
                        "The file is not valid CSV: %(error)s %(read_as)s.",
                        error=error,
                        read_as=read_as,
                    ),
                ),
            ),
        )
    if not rows and not errors:
        errors.append(RosterError(None, _("The file has a header row but no people.")))
    return RosterPreview(rows=tuple(rows), errors=tuple(errors))

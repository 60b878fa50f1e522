"""The roster as CSV, for facilitators (issue 5, point 2).

UTF-8 with a byte-order mark, so spreadsheet programs read Armenian, Azerbaijani and
Cyrillic names correctly. A cell that a spreadsheet would take for a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with a single
quote, so it is shown as text and never run. Facilitator notes about people are left out
on purpose: a CSV file is mailed and copied around far more than a brief.
"""

from __future__ import annotations

import csv
import io

from planner.briefs.assemble import Brief
from planner.i18n import gettext

COLUMNS = (
    "Name",
    "Community",
    "Segment",
    "Affiliation",
    "Role",
    "Status",
    "Languages",
    "Email",
    "Consents to be listed",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def brief_roster_header() -> list[str]:
    """The roster table's headings in the Word and Markdown briefs, in the reader's language
    (the CSV keeps ``COLUMNS`` in English: it is read back by spreadsheets and scripts)."""
    return [
        gettext("Name"),
        gettext("Community"),
        gettext("Segment"),
        gettext("Affiliation"),
        gettext("Role"),
        gettext("Status"),
        gettext("Listed"),
        gettext("Notes"),
    ]


def inert_cell(value: str) -> str:
    """``value`` made safe from spreadsheet formula evaluation."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def render_roster_csv(brief: Brief) -> bytes:
    """One row per invitation in the brief's roster, in roster order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for invitation in brief.roster:
        person = invitation.person
        row = (
            person.name,
            person.community.label,
            person.segment_name,
            person.affiliation,
            invitation.role.label,
            invitation.status.label,
            " ".join(person.languages),
            person.email,
            "yes" if person.consent_to_list else "no",
        )
        writer.writerow([inert_cell(str(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

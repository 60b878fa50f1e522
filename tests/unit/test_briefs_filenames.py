"""Download file names carry no invisible or reordering characters (issue 14, point 9).

A title with U+202E (right-to-left override) could make "brief‮fdp.exe" read as
"brief exe.pdf" in a file manager; control, format and line/paragraph separator characters
have no place in a file name, in the ASCII ``filename`` or in the Unicode ``filename*``.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from planner.briefs.filenames import brief_filenames, content_disposition

FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
DAY = date(2027, 5, 10)


def _forbidden(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in FORBIDDEN_CATEGORIES]


def _names_in_header(title: str) -> tuple[str, str]:
    header = content_disposition(*brief_filenames(title, DAY, "participant brief", "pdf"))
    ascii_part, unicode_part = header.split("; filename*=UTF-8''")
    return ascii_part.removeprefix('attachment; filename="').removesuffix('"'), unquote(
        unicode_part
    )


def test_right_to_left_override_is_removed_from_the_unicode_name():
    ascii_name, unicode = brief_filenames("Report\u202efdp.exe", DAY, "participant brief", "pdf")
    assert "\u202e" not in unicode and "\u202e" not in ascii_name
    assert unicode == "Reportfdp.exe 2027-05-10 participant brief.pdf"


def test_bidi_isolates_zero_width_and_separators_are_removed():
    title = "Ереван\u2066\u200b и Баку\u2069\u2028Tbilisi\u2029\ufeff\u0085"
    _, unicode = brief_filenames(title, DAY, "participant brief", "pdf")
    assert _forbidden(unicode) == []
    assert unicode.startswith("Ереван и Баку Tbilisi ")


@given(st.text())
def test_no_control_or_format_character_survives_in_either_name(title):
    ascii_name, unicode = brief_filenames(title, DAY, "participant brief", "pdf")
    assert _forbidden(ascii_name) == [] and _forbidden(unicode) == []
    assert ascii_name.isascii()


@given(st.text())
def test_no_control_or_format_character_survives_in_the_header(title):
    ascii_name, unicode = _names_in_header(title)
    assert _forbidden(ascii_name) == [] and _forbidden(unicode) == []
    assert unicode.endswith(" 2027-05-10 participant brief.pdf")

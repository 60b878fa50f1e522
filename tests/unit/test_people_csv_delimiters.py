"""Roster files saved by European Excel (semicolons) or as tab-separated text (issue 17, item 1)."""

from __future__ import annotations

from planner.people.csv_import import parse_roster
from planner.vocabulary import Community

SEGMENTS = {"experts": "Experts"}


def _parse(text: str):
    return parse_roster(text.encode("utf-8"), SEGMENTS)


def test_a_semicolon_separated_file_is_read_like_a_comma_separated_one():
    preview = _parse(
        "name;community;segment;languages\n"
        "Անի Հակոբյան;armenian;experts;hy, ru\n"
        '"Məmmədova; Aygün";azerbaijani;;az\n'
    )
    assert preview.errors == ()
    ani, aygun = preview.rows
    assert (ani.name, ani.community, ani.segment_key, ani.languages) == (
        "Անի Հակոբյան",
        Community.ARMENIAN,
        "experts",
        ("hy", "ru"),
    )
    assert (aygun.name, aygun.community) == ("Məmmədova; Aygün", Community.AZERBAIJANI)


def test_a_tab_separated_file_is_read_too():
    preview = _parse("name\tcommunity\tlanguages\nOlga Smirnova\tinternational\tru,en\n")
    assert preview.errors == ()
    (olga,) = preview.rows
    assert (olga.community, olga.languages) == (Community.INTERNATIONAL, ("ru", "en"))


def test_a_comma_file_whose_cells_hold_semicolons_stays_comma_separated():
    preview = _parse("name,community,languages\nAygün,azerbaijani,az;en\n")
    assert preview.errors == ()
    assert preview.rows[0].languages == ("az", "en")


def test_a_one_column_header_is_read_as_comma_separated_and_says_so():
    preview = _parse("name\nAni\n")
    (error,) = preview.errors
    assert "missing: community" in error.reason
    assert "(read as comma-separated)" in error.reason


def test_a_header_error_names_the_separator_it_was_read_with():
    preview = _parse("name;community;colour\nAni;armenian;blue\n")
    (error,) = preview.errors
    assert "Unknown column(s): colour." in error.reason
    assert "(read as semicolon-separated)" in error.reason


def test_a_line_with_too_many_cells_names_the_separator_it_was_read_with():
    preview = _parse("name;community\nAni;armenian;extra\n")
    (error,) = preview.errors
    assert error.line == 2
    assert "is a semicolon missing its quotes?" in error.reason
    assert "(read as semicolon-separated)" in error.reason

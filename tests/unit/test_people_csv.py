"""The roster CSV parser (issue 3, item 8): every line checked, every problem located."""

from __future__ import annotations

import codecs

from planner.people.csv_import import MAX_BYTES, MAX_ROWS, parse_roster
from planner.vocabulary import Community, InvitationRole, InvitationStatus

SEGMENTS = {"experts": "Experts", "journalists": "Journalists", "civil_society": "Civil society"}
HEADER = "name,community,segment,affiliation,languages,email,consent,role,status\n"


def _parse(text: str, **kw):
    return parse_roster(text.encode("utf-8"), SEGMENTS, **kw)


def _reasons(preview) -> dict:
    return {e.line: e.reason for e in preview.errors}


def test_good_file_gives_one_row_per_person_with_every_field():
    preview = _parse(
        HEADER
        + 'Անի Հակոբյան,armenian,experts,Yerevan State University,"hy, ru, en",ani@example.org,yes,participant,confirmed\n'
        + "Aygün Məmmədova,Azerbaijani,Journalists,Baku Post,az;en,,no,Observer,Invited\n"
    )
    assert preview.is_valid and preview.errors == ()
    ani, aygun = preview.rows
    assert (ani.line, ani.name, ani.community) == (2, "Անի Հակոբյան", Community.ARMENIAN)
    assert ani.segment_key == "experts"
    assert ani.affiliation == "Yerevan State University"
    assert ani.languages == ("hy", "ru", "en")
    assert ani.email == "ani@example.org"
    assert (ani.consent, ani.role, ani.status) == (
        True,
        InvitationRole.PARTICIPANT,
        InvitationStatus.CONFIRMED,
    )
    assert (aygun.line, aygun.community, aygun.segment_key) == (
        3,
        Community.AZERBAIJANI,
        "journalists",
    )
    assert (aygun.email, aygun.consent, aygun.role) == (None, False, InvitationRole.OBSERVER)


def test_only_name_and_community_columns_are_required_and_the_rest_default():
    preview = _parse("Name,Community\nToğrul Bağırov,azerbaijani\n")
    (row,) = preview.rows
    assert row.role == InvitationRole.PARTICIPANT
    assert row.status == InvitationStatus.INVITED
    assert row.consent is False and row.languages == () and row.segment_key is None


def test_armenian_azerbaijani_and_cyrillic_names_are_kept_exactly():
    names = ["Անի Հակոբյան", "Aygün Məmmədova", "Toğrul Bağırov", "Ольга Смирнова"]
    preview = _parse("name,community\n" + "".join(f"{n},other\n" for n in names))
    assert [r.name for r in preview.rows] == names


def test_names_are_normalised_to_nfc_and_trimmed():
    decomposed = "Aygu\u0308n Məmmədova"  # u + combining diaeresis
    preview = _parse(f"name,community\n  {decomposed}  ,azerbaijani\n")
    assert preview.rows[0].name == "Aygün Məmmədova"


def test_utf8_byte_order_mark_is_accepted():
    data = codecs.BOM_UTF8 + "name,community\nОльга Смирнова,international\n".encode()
    preview = parse_roster(data, SEGMENTS)
    assert preview.is_valid
    assert preview.rows[0].name == "Ольга Смирнова"


def test_windows_line_endings_are_accepted_and_lines_counted_right():
    preview = _parse("name,community\r\nAni,armenian\r\nBad,martian\r\n")
    assert [r.name for r in preview.rows] == ["Ani"]
    assert list(_reasons(preview)) == [3]


def test_formula_looking_cells_are_stored_as_plain_text():
    formula = '=HYPERLINK("http://evil.example","click")'
    preview = _parse(
        f'name,community,affiliation\n"{formula.replace(chr(34), chr(34) * 2)}",other,+1-2\n'
    )
    (row,) = preview.rows
    assert row.name == formula
    assert row.affiliation == "+1-2"


def test_blank_lines_are_skipped_but_still_counted():
    preview = _parse("name,community\n\nAni,armenian\n\n\nBad,,\n")
    assert preview.rows[0].line == 3
    assert list(_reasons(preview)) == [6]


def test_quoted_cell_spanning_two_lines_reports_the_line_it_starts_on():
    preview = _parse('name,community\n"Ani\nHakobyan",armenian\nBad,nowhere\n')
    assert preview.rows[0].name == "Ani Hakobyan"
    assert list(_reasons(preview)) == [4]


def test_missing_name_is_reported_with_its_line():
    preview = _parse("name,community\nAni,armenian\n ,azerbaijani\n")
    assert "Name is required" in _reasons(preview)[3]


def test_name_over_200_characters_is_refused():
    preview = _parse("name,community\n" + "Ա" * 201 + ",armenian\n")
    assert "at most 200" in _reasons(preview)[2]


def test_unknown_community_is_refused():
    assert "community “martian”" in _reasons(_parse("name,community\nAni,martian\n"))[2]


def test_missing_community_value_is_refused():
    assert "community is required" in _reasons(_parse("name,community\nAni,\n"))[2]


def test_segment_outside_the_catalogue_is_refused():
    reasons = _reasons(_parse("name,community,segment\nAni,armenian,astronauts\n"))
    assert "segment “astronauts” is not in the catalogue" in reasons[2]


def test_segment_accepts_its_name_in_any_case():
    preview = _parse("name,community,segment\nAni,armenian,CIVIL SOCIETY\n")
    assert preview.rows[0].segment_key == "civil_society"


def test_role_and_status_accept_labels_and_keys_in_any_case():
    preview = _parse(
        "name,community,role,status\nA,other,Co-facilitator,ATTENDED\nB,other,resource_person,Withdrew\n"
    )
    assert [(r.role, r.status) for r in preview.rows] == [
        (InvitationRole.CO_FACILITATOR, InvitationStatus.ATTENDED),
        (InvitationRole.RESOURCE_PERSON, InvitationStatus.WITHDREW),
    ]


def test_unknown_role_and_status_are_refused():
    reasons = _reasons(_parse("name,community,role,status\nAni,armenian,king,lost\n"))
    assert "role “king”" in reasons[2] and "status “lost”" in reasons[2]


def test_consent_accepts_yes_no_true_false_one_zero():
    words = ["yes", "no", "TRUE", "false", "1", "0"]
    preview = _parse(
        "name,community,consent\n" + "".join(f"P{i},other,{w}\n" for i, w in enumerate(words))
    )
    assert [r.consent for r in preview.rows] == [True, False, True, False, True, False]


def test_other_consent_words_are_refused():
    assert "is not yes or no" in _reasons(_parse("name,community,consent\nAni,armenian,maybe\n"))[2]


def test_language_codes_must_be_iso_639_1():
    reasons = _reasons(_parse('name,community,languages\nAni,armenian,"hy, arm, xx"\n'))
    assert "“arm”, “xx”" in reasons[2]


def test_bad_email_is_refused():
    assert (
        "Not a valid email"
        in _reasons(_parse("name,community,email\nAni,armenian,ani-at-home\n"))[2]
    )


def test_duplicate_email_in_the_file_names_both_lines_whatever_the_case():
    preview = _parse(
        "name,community,email\nAni,armenian,ani@example.org\nAnna,armenian,ANI@example.org\n"
    )
    assert "already used on line 2" in _reasons(preview)[3]
    assert [r.line for r in preview.rows] == [2]


def test_several_problems_on_one_line_are_all_reported():
    reason = _reasons(_parse("name,community,languages,consent\nAni,martian,xx,maybe\n"))[2]
    assert "martian" in reason and "xx" in reason and "maybe" in reason


def test_line_with_more_cells_than_the_header_is_refused():
    reasons = _reasons(_parse("name,community\nHakobyan, Ani,armenian\n"))
    assert "3 cells but the header has 2" in reasons[2]


def test_every_bad_line_is_listed_not_only_the_first():
    preview = _parse("name,community\nA,x\nB,armenian\nC,y\nD,z\n")
    assert sorted(_reasons(preview)) == [2, 4, 5]
    assert not preview.is_valid


def test_missing_header_column_is_refused():
    preview = _parse("name,segment\nAni,experts\n")
    assert not preview.is_valid and preview.rows == ()
    assert "missing: community" in preview.errors[0].reason


def test_file_without_header_row_is_refused():
    preview = _parse("Ani,armenian\nAygün,azerbaijani\n")
    assert not preview.is_valid
    assert preview.errors[0].line == 1


def test_unknown_header_column_is_refused():
    preview = _parse("name,community,emial\nAni,armenian,ani@example.org\n")
    assert "Unknown column(s): emial" in preview.errors[0].reason


def test_header_only_file_is_refused():
    preview = _parse("name,community\n")
    assert "no people" in preview.errors[0].reason


def test_empty_file_is_refused():
    assert "empty" in parse_roster(b"", SEGMENTS).errors[0].reason
    assert "empty" in parse_roster(b"  \n\n", SEGMENTS).errors[0].reason


def test_non_utf8_file_is_refused():
    data = "name,community\nOlga,other\nСмирнова,other\n".encode("cp1251")
    preview = parse_roster(data, SEGMENTS)
    assert not preview.is_valid and preview.rows == ()
    assert "not UTF-8" in preview.errors[0].reason


def test_binary_file_is_refused():
    data = b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256))
    assert "not a text file" in parse_roster(data, SEGMENTS).errors[0].reason


def test_file_over_one_megabyte_is_refused():
    data = b"name,community\n" + b"Ani,armenian\n" * (MAX_BYTES // 13 + 1)
    assert len(data) > MAX_BYTES
    assert "larger than 1024 KB" in parse_roster(data, SEGMENTS).errors[0].reason


def test_more_than_2000_people_is_refused():
    text = "name,community\n" + "".join(f"P{i},other\n" for i in range(MAX_ROWS + 1))
    preview = _parse(text)
    assert not preview.is_valid
    assert "more than 2000" in preview.errors[0].reason


def test_exactly_2000_people_is_accepted():
    text = "name,community\n" + "".join(f"P{i},other\n" for i in range(MAX_ROWS))
    assert len(_parse(text).rows) == MAX_ROWS

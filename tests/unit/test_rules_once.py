"""Issue 15, item 5 "rules once": where two copies of a rule used to disagree, one version.

* R15 and the groups editor's warning judged a one-member group differently (the editor
  warned, the review did not); both now ask ``planner.readiness.small_groups``.
* R7 re-implemented the agenda editor's schedule check; it now reports exactly the
  problems ``planner.agenda.timing.check_schedule`` finds.
* The participant profile accepted any two letters ("xx") while the person form and the
  CSV import refused them, and the two ISO 639-1 lists differed ("bh"); one parser and
  one list (``planner.languages``) now serve every form and import.
* "Confirmed participants" is one predicate for the plain data, the agenda's groups and
  the composition chart.
"""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import languages
from planner.agenda import queries
from planner.agenda.timing import Slot, check_schedule
from planner.charts import composition_matrix
from planner.participant import forms as participant_forms
from planner.people import csv_import
from planner.people import values as people_values
from planner.readiness import FindingSeverity, rules
from planner.vocabulary import (
    Audience,
    Community,
    InvitationRole,
    InvitationStatus,
    SessionFormat,
    is_confirmed_participant,
)
from planner.workshop_data import GroupData, InvitationData, PersonData
from planner.workshops import forms as workshop_forms
from tests.unit.builders import DAY, invitation, session, workshop
from tests.unit.test_readiness_properties import workshops as generated_workshops

ARM, AZE, INTL = Community.ARMENIAN, Community.AZERBAIJANI, Community.INTERNATIONAL

# --------------------------------------------------------------------------- small groups


def _people(*communities: Community) -> list[InvitationData]:
    return [
        invitation(f"i{n}", PersonData(f"p{n}", f"Person {n}", community))
        for n, community in enumerate(communities)
    ]


def _record(i: InvitationData) -> SimpleNamespace:
    """What the groups editor reads of an ORM invitation."""
    return SimpleNamespace(
        uid=i.uid,
        role=i.role,
        status=i.status,
        person=SimpleNamespace(community=i.person.community),
    )


def _judged_by_review_and_editor(
    invitations: list[InvitationData], groups: list[list[str]]
) -> tuple[list[int], list[int]]:
    """The numbers of the groups R15 reports, and of those the editor warns about."""
    data = workshop(
        invitations=tuple(invitations),
        sessions=(
            session(
                "s1",
                "Small groups",
                format=SessionFormat.SMALL_GROUPS,
                groups=tuple(GroupData(n, tuple(g)) for n, g in enumerate(groups, start=1)),
            ),
        ),
    )
    review = [int(f.message.split()[1]) for f in rules.mixed_groups(data)]
    # The editor reads ORM invitations: their uid, role, status and the person's community.
    editor_invitations = [_record(i) for i in invitations]
    editor = [w.number for w in queries.group_warnings(groups, editor_invitations)]
    return review, editor


def test_a_one_member_group_is_not_one_sided_for_the_review_nor_the_editor():
    # The editor used to warn "Group 2 has no Azerbaijani member." where R15 was silent.
    review, editor = _judged_by_review_and_editor(_people(ARM, AZE, ARM), [["i0", "i1"], ["i2"]])
    assert review == editor == []


def test_a_group_of_people_from_neither_side_is_reported_by_neither():
    review, editor = _judged_by_review_and_editor(
        _people(ARM, AZE, INTL, INTL), [["i0", "i1"], ["i2", "i3"]]
    )
    assert review == editor == []


def test_a_one_sided_group_is_reported_by_both():
    review, editor = _judged_by_review_and_editor(
        _people(ARM, ARM, AZE, AZE), [["i0", "i1"], ["i2", "i3"]]
    )
    assert review == editor == [1, 2]


def test_the_editor_names_the_missing_side():
    editor_invitations = [_record(i) for i in _people(ARM, ARM, AZE)]
    [warning] = queries.group_warnings([["i0", "i1"], ["i2"]], editor_invitations)
    assert warning.message == "Group 1 has no Azerbaijani member."


_communities = st.sampled_from([ARM, AZE, INTL, Community.OTHER])


@settings(max_examples=200, deadline=None)
@given(
    communities=st.lists(_communities, min_size=1, max_size=8),
    data=st.data(),
)
def test_review_and_editor_agree_on_every_grouping(communities, data):
    invitations = _people(*communities)
    keys = [i.uid for i in invitations]
    groups = data.draw(st.lists(st.lists(st.sampled_from(keys), max_size=4), max_size=4))
    review, editor = _judged_by_review_and_editor(invitations, groups)
    assert review == editor


# --------------------------------------------------------------------------- languages


def test_xx_is_refused_by_every_form_and_import():
    # The participant profile used to accept any two letters, "xx" included.
    with pytest.raises(languages.LanguageCodeError, match="xx"):
        languages.parse_languages("hy, xx")
    with pytest.raises(languages.LanguageCodeError, match="xx"):
        languages.language_codes(["hy", "xx"])


def test_every_form_and_import_reads_languages_with_the_one_parser():
    assert participant_forms.parse_languages is languages.parse_languages
    assert people_values.parse_languages is languages.parse_languages
    assert workshop_forms.parse_languages is languages.parse_languages


def test_the_csv_import_refuses_what_the_forms_refuse():
    preview = csv_import.parse_roster(b'name,community,languages\nAni,armenian,"hy, xx"\n', {})
    assert [(error.line, "xx" in error.reason) for error in preview.errors] == [(2, True)]


def test_one_iso_639_1_list_of_183_codes_without_the_deprecated_bh():
    assert len(languages.ISO_639_1) == 183
    assert {"hy", "az", "ru", "en", "ka", "tr"} <= languages.ISO_639_1
    assert "bh" not in languages.ISO_639_1


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("HY, ru  en", ["hy", "ru", "en"]),
        ("hy;az/ru", ["hy", "az", "ru"]),
        ("hy, HY, hy", ["hy"]),
        ("", []),
        (None, []),
        ("  ,  ", []),
    ],
)
def test_languages_are_lower_cased_in_order_without_repeats(typed, codes):
    assert languages.parse_languages(typed) == codes


def test_the_message_names_every_bad_entry_as_typed():
    with pytest.raises(languages.LanguageCodeError) as raised:
        languages.parse_languages("hy, Armenian, xx")
    assert raised.value.bad == ["Armenian", "xx"]
    assert str(raised.value).startswith(
        "Not a two-letter ISO 639-1 language code: “Armenian”, “xx”."
    )


# --------------------------------------------------------------------------- confirmed participants


@pytest.mark.parametrize("status", list(InvitationStatus))
@pytest.mark.parametrize("role", list(InvitationRole))
def test_confirmed_participants_are_one_definition(role, status):
    invitation_data = InvitationData("i1", PersonData("p1", "Ani", ARM), role=role, status=status)
    data = workshop(invitations=(invitation_data,))
    # What the agenda's small groups are made of (ORM invitations: uid, role, status, person).
    record = SimpleNamespace(uid="i1", role=role, status=status, person=SimpleNamespace(name="Ani"))
    in_groups = bool(queries.confirmed_invitations(SimpleNamespace(invitations=[record])))
    in_rules = bool(data.confirmed_participants)
    in_chart = composition_matrix(data).total.confirmed == 1
    expected = role == InvitationRole.PARTICIPANT and status in (
        InvitationStatus.CONFIRMED,
        InvitationStatus.ATTENDED,
    )
    assert in_groups is in_rules is in_chart is expected
    assert is_confirmed_participant(role, status) is expected


# --------------------------------------------------------------------------- R7 and the editor


def _editor_problems(data) -> list[tuple[str, tuple[str, ...], str]]:
    """What the agenda editor's schedule check says about the workshop's storable sessions."""
    slots = [
        Slot(
            key=s.uid,
            day=s.day,
            start=s.start,
            duration_minutes=s.duration_minutes,
            audience=s.audience,
            audience_community=s.audience_community,
            title=s.title,
        )
        for s in data.sessions_in_order
        if (s.audience == Audience.COMMUNITY) == (s.audience_community is not None)
    ]
    return [
        (p.kind, p.keys, p.message) for p in check_schedule(slots, data.start_date, data.end_date)
    ]


@settings(max_examples=150, deadline=None)
@given(data=generated_workshops())
def test_the_review_reports_exactly_the_schedule_problems_the_editor_refuses(data):
    kinds = {"Sessions overlap": "overlap", "Session outside the workshop dates": "outside_dates"}
    review = [
        (kinds[f.title], f.session_uids, f.message)
        for f in rules.timing(data)
        if f.severity == FindingSeverity.ERROR
    ]
    assert review == _editor_problems(data)


def test_a_session_crossing_midnight_into_the_next_day_clashes_for_both():
    late = session("s1", "Late talk", start=time(23), duration_minutes=120)
    early = session("s2", "Breakfast", day=DAY + timedelta(days=1), start=time(0, 30))
    data = workshop(sessions=(late, early))
    [finding] = [f for f in rules.timing(data) if f.title == "Sessions overlap"]
    assert finding.session_uids == ("s1", "s2")
    assert [p[1] for p in _editor_problems(data)] == [("s1", "s2")]

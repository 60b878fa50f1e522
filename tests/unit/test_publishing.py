"""Publishing the agenda: snapshots round-trip, and change summaries speak plain words (issue 4)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

from planner.agenda.publishing import (
    FIRST_PUBLICATION,
    NO_VISIBLE_CHANGES,
    changes_for_viewer,
    from_snapshot,
    publication_summary,
    published_workshop,
    summarise_changes,
    to_snapshot,
)
from planner.redaction import EVERY_PARTICIPANT, GENERIC_PARTICIPANT, Viewer, participant_view
from planner.vocabulary import (
    Audience,
    Community,
    Confidentiality,
    PassageKind,
    Phase,
    SessionFormat,
    Severity,
)
from planner.workshop_data import (
    CitationData,
    GroupData,
    PersonData,
    PromptData,
    SessionData,
    TopicData,
    VenueData,
    WorkshopData,
)
from tests.unit.builders import invitation, session, workshop

ANI = invitation(
    "inv-ani",
    PersonData(
        uid="p-ani",
        name="Անի Հակոբյան",
        community=Community.ARMENIAN,
        consent_to_list=True,
        notes="PERSON-SECRET-ANI",
    ),
)
AYGUN = invitation(
    "inv-aygun",
    PersonData(
        uid="p-aygun", name="Aygün Məmmədova", community=Community.AZERBAIJANI, consent_to_list=True
    ),
)
TOPIC = TopicData(
    key="humanitarian",
    name="Humanitarian access",
    severity=Severity.CRITICAL,
    handling_guidance="HANDLING-SECRET",
    participant_note="We will keep needs apart from politics.",
    keywords=("Lachin",),
)


def _session(uid: str, title: str, **kw) -> SessionData:
    return session(uid, title, facilitator_notes=f"NOTES-{uid}", **kw)


def _workshop(**kw) -> WorkshopData:
    values = dict(
        context_notes="CONTEXT-SECRET",
        venue=VenueData(
            name="Hotel Neutral", city="Tbilisi", country="GE", timezone="Asia/Tbilisi"
        ),
        invitations=(ANI, AYGUN),
        sessions=(
            _session("s-open", "Opening"),
            _session(
                "s-hum",
                "Humanitarian needs",
                start=time(10, 0),
                topics=(TOPIC,),
                prompts=(
                    PromptData(
                        key="p1",
                        text="Which needs come first?",
                        phase=Phase.HUMANITARIAN,
                        citation=CitationData(
                            "Op-ed",
                            "Author",
                            "Outlet",
                            3,
                            PassageKind.BODY,
                            "Some passage.",
                            "passage",
                        ),
                    ),
                ),
                groups=(GroupData(1, ("inv-ani", "inv-aygun")),),
            ),
            _session(
                "s-arm",
                "Armenian caucus",
                start=time(11, 0),
                format=SessionFormat.CAUCUS,
                audience=Audience.COMMUNITY,
                audience_community=Community.ARMENIAN,
            ),
            _session("s-team", "Team huddle", start=time(12, 0), audience=Audience.FACILITATORS),
        ),
    )
    values.update(kw)
    return workshop(**values)


def _generic(data: WorkshopData) -> WorkshopData:
    return participant_view(data, GENERIC_PARTICIPANT)


def _with_session(data: WorkshopData, uid: str, **changes) -> WorkshopData:
    return replace(
        data, sessions=tuple(replace(s, **changes) if s.uid == uid else s for s in data.sessions)
    )


def test_snapshot_round_trips_what_every_participant_may_see():
    data = _workshop()
    # Without the participant list, which pages read live (issue 20: no names stored).
    expected = replace(participant_view(data, EVERY_PARTICIPANT), invitations=())
    assert from_snapshot(to_snapshot(data)) == expected


def test_snapshot_stores_no_participant_name():
    data = _workshop()
    assert to_snapshot(data)["invitations"] == []
    assert all(i.person.name not in str(to_snapshot(data)) for i in data.invitations)


def test_snapshot_keeps_every_communitys_sessions_and_whole_groups_but_no_team_session():
    published = from_snapshot(to_snapshot(_workshop()))
    assert [s.uid for s in published.sessions] == ["s-open", "s-hum", "s-arm"]
    assert published.sessions[1].groups == (GroupData(1, ("inv-ani", "inv-aygun")),)


def test_snapshot_is_plain_json():
    snapshot = to_snapshot(_workshop())
    assert json.loads(json.dumps(snapshot, ensure_ascii=False)) == snapshot


def test_snapshot_leaves_out_the_topic_catalogue():
    data = _workshop(catalogue=(TOPIC,))
    assert from_snapshot(to_snapshot(data)).catalogue == ()


def test_published_workshop_takes_the_live_participant_list():
    published = to_snapshot(_workshop())
    withdrawn = replace(ANI, person=replace(ANI.person, consent_to_list=False))
    live = _workshop(invitations=(withdrawn, AYGUN), confidentiality=Confidentiality.OFF_THE_RECORD)
    result = published_workshop(published, live)
    assert result.invitations == (withdrawn, AYGUN)
    assert result.confidentiality == Confidentiality.OFF_THE_RECORD


def test_first_publication_says_so():
    assert summarise_changes(None, _generic(_workshop())) == [FIRST_PUBLICATION]


def test_editing_only_facilitator_notes_is_no_visible_change():
    before = _workshop()
    after = _with_session(before, "s-hum", facilitator_notes="A NEW SECRET NOTE")
    after = replace(after, context_notes="NEW CONTEXT SECRET")
    assert summarise_changes(_generic(before), _generic(after)) == [NO_VISIBLE_CHANGES]


def test_added_session_is_named_with_its_day_and_time():
    before = _workshop()
    after = replace(
        before,
        sessions=before.sessions + (_session("s-new", "Walk in the old town", start=time(15, 30)),),
    )
    assert summarise_changes(_generic(before), _generic(after)) == [
        "Added: “Walk in the old town” on Monday 10 May at 15:30."
    ]


def test_removed_session_is_named():
    before = _workshop()
    after = replace(before, sessions=tuple(s for s in before.sessions if s.uid != "s-open"))
    assert summarise_changes(_generic(before), _generic(after)) == [
        "Removed: “Opening” (was on Monday 10 May at 09:00)."
    ]


def test_retimed_session_gives_old_and_new_times():
    before = _workshop()
    after = _with_session(before, "s-open", start=time(9, 30), duration_minutes=45)
    assert summarise_changes(_generic(before), _generic(after)) == [
        "New time: “Opening” is now 09:30–10:15 (was 09:00–10:00)."
    ]


def test_session_moved_to_another_day():
    before = _workshop()
    after = _with_session(before, "s-open", day=date(2027, 5, 11))
    assert summarise_changes(_generic(before), _generic(after)) == [
        "Moved: “Opening” is now on Tuesday 11 May at 09:00 (was Monday 10 May at 09:00)."
    ]


def test_renamed_session():
    before = _workshop()
    after = _with_session(before, "s-open", title="Welcome")
    assert summarise_changes(_generic(before), _generic(after)) == [
        "Renamed: “Opening” is now “Welcome”."
    ]


def test_venue_and_dates_changes_are_reported():
    before = _workshop()
    after = replace(
        before,
        venue=VenueData(name="Palazzo", city="Venice", country="IT", timezone="Europe/Rome"),
        start_date=date(2027, 6, 1),
        end_date=date(2027, 6, 2),
    )
    lines = summarise_changes(_generic(before), _generic(after))
    assert "New venue: Palazzo, Venice (was Hotel Neutral, Tbilisi)." in lines
    assert "New dates: 1 June 2027 – 2 June 2027 (were 10 May 2027 – 11 May 2027)." in lines


def test_facilitators_only_session_changes_never_appear():
    before = _workshop()
    after = _with_session(before, "s-team", title="Team huddle moved", start=time(16, 0))
    after = replace(
        after,
        sessions=after.sessions
        + (_session("s-team2", "Secret debrief", audience=Audience.FACILITATORS),),
    )
    assert summarise_changes(_generic(before), _generic(after)) == [NO_VISIBLE_CHANGES]


def test_publication_summary_never_mentions_a_caucus():
    before = _workshop()
    after = _with_session(before, "s-arm", title="Armenian caucus renamed")
    assert publication_summary(to_snapshot(before), to_snapshot(after)) == [NO_VISIBLE_CHANGES]


def test_summary_never_contains_handling_guidance():
    before = _workshop()
    changed_topic = replace(
        TOPIC, handling_guidance="NEW HANDLING SECRET", participant_note="New note."
    )
    after = _with_session(before, "s-hum", topics=(changed_topic,))
    lines = publication_summary(to_snapshot(before), to_snapshot(after))
    assert lines == ["Updated notes on sensitive topics for “Humanitarian needs”."]
    assert not any("SECRET" in line for line in lines)


def test_own_caucus_change_reaches_that_community_only():
    before = _workshop()
    after = _with_session(before, "s-arm", start=time(11, 30))
    armenian = Viewer(Community.ARMENIAN, "inv-ani")
    azerbaijani = Viewer(Community.AZERBAIJANI, "inv-aygun")
    old, new = to_snapshot(before), to_snapshot(after)
    assert changes_for_viewer(old, new, None, armenian) == [
        "New time: “Armenian caucus” is now 11:30–12:30 (was 11:00–12:00)."
    ]
    assert changes_for_viewer(old, new, None, azerbaijani) == [NO_VISIBLE_CHANGES]


def test_a_new_small_group_is_reported_to_its_member():
    before = _workshop()
    after = _with_session(
        before, "s-hum", groups=(GroupData(1, ("inv-aygun",)), GroupData(2, ("inv-ani",)))
    )
    ani = Viewer(Community.ARMENIAN, "inv-ani")
    assert changes_for_viewer(to_snapshot(before), to_snapshot(after), None, ani) == [
        "Your small group for “Humanitarian needs” has changed."
    ]

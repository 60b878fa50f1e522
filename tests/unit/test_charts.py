"""The composition matrix and the server-drawn SVG charts (planner/charts.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, time

from planner.charts import (
    NO_SEGMENT,
    assign_lanes,
    composition_matrix,
    composition_svg,
    timeline_svg,
)
from planner.vocabulary import (
    Community,
    InvitationRole,
    InvitationStatus,
    SessionFormat,
    Severity,
)
from planner.workshop_data import (
    InvitationData,
    PersonData,
    SessionData,
    TopicData,
    WorkshopData,
)

SVG = "{http://www.w3.org/2000/svg}"
DAY = date(2027, 5, 10)
_n = iter(range(1, 10_000))


def person(community=Community.ARMENIAN, segment=("experts", "Experts"), name="Անի Հակոբյան"):
    key, seg_name = segment if segment else (None, "")
    return PersonData(
        uid=f"p{next(_n)}", name=name, community=community, segment_key=key, segment_name=seg_name
    )


def invite(p, status=InvitationStatus.CONFIRMED, role=InvitationRole.PARTICIPANT):
    return InvitationData(uid=f"i{next(_n)}", person=p, role=role, status=status)


def session(start=time(9), minutes=60, title="Session", topics=(), **kw):
    return SessionData(
        uid=f"s{next(_n)}",
        day=kw.pop("day", DAY),
        start=start,
        duration_minutes=minutes,
        title=title,
        format=kw.pop("format", SessionFormat.PLENARY),
        topics=topics,
        **kw,
    )


def workshop(invitations=(), sessions=(), target_segments=()):
    return WorkshopData(
        uid="w1",
        title="Tbilisi dialogue",
        start_date=DAY,
        end_date=DAY,
        timezone="Asia/Tbilisi",
        invitations=tuple(invitations),
        sessions=tuple(sessions),
        target_segments=tuple(target_segments),
    )


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


# composition_matrix


def test_composition_counts_invited_and_confirmed_by_community_and_segment():
    data = workshop(
        [
            invite(person(Community.ARMENIAN)),
            invite(person(Community.ARMENIAN), status=InvitationStatus.INVITED),
            invite(person(Community.AZERBAIJANI, name="Aygün Məmmədova")),
        ]
    )
    c = composition_matrix(data)
    assert c.cell(Community.ARMENIAN, "experts").invited == 2
    assert c.cell(Community.ARMENIAN, "experts").confirmed == 1
    assert c.cell(Community.AZERBAIJANI, "experts").confirmed == 1
    assert (c.total.invited, c.total.confirmed) == (3, 2)


def test_composition_counts_participants_only():
    data = workshop(
        [
            invite(person(), role=InvitationRole.INTERPRETER),
            invite(person(), role=InvitationRole.OBSERVER),
            invite(person()),
        ]
    )
    assert composition_matrix(data).total.invited == 1


def test_composition_leaves_out_declined_and_withdrawn_people():
    data = workshop(
        [
            invite(person(), status=InvitationStatus.DECLINED),
            invite(person(), status=InvitationStatus.WITHDREW),
            invite(person(), status=InvitationStatus.ATTENDED),
        ]
    )
    c = composition_matrix(data)
    assert (c.total.invited, c.total.confirmed) == (1, 1)


def test_composition_always_shows_both_sides_even_when_one_is_absent():
    c = composition_matrix(workshop([invite(person(Community.ARMENIAN))]))
    assert c.communities == (Community.ARMENIAN, Community.AZERBAIJANI)
    assert c.cell(Community.AZERBAIJANI, "experts").invited == 0


def test_composition_adds_international_column_only_when_present():
    c = composition_matrix(workshop([invite(person(Community.INTERNATIONAL))]))
    assert Community.INTERNATIONAL in c.communities
    assert Community.OTHER not in c.communities


def test_composition_lists_target_segments_first_even_when_empty():
    data = workshop(
        [invite(person(segment=("youth", "Youth")))],
        target_segments=[("journalists", "Journalists")],
    )
    assert composition_matrix(data).segments == (("journalists", "Journalists"), ("youth", "Youth"))


def test_composition_groups_people_without_segment_under_no_segment():
    c = composition_matrix(workshop([invite(person(segment=None))]))
    assert c.segments == ((NO_SEGMENT, "No segment"),)
    assert c.cell(Community.ARMENIAN, NO_SEGMENT).invited == 1


def test_composition_totals_by_segment_and_community():
    data = workshop(
        [
            invite(person(Community.ARMENIAN)),
            invite(person(Community.AZERBAIJANI)),
            invite(person(Community.AZERBAIJANI, segment=("youth", "Youth"))),
        ]
    )
    c = composition_matrix(data)
    assert c.segment_total("experts").invited == 2
    assert c.community_total(Community.AZERBAIJANI).invited == 2


# composition_svg


def test_composition_svg_is_an_accessible_image_with_title_and_description():
    root = parse(composition_svg(composition_matrix(workshop([invite(person())]))))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text
    assert "Armenian 1 of 1" in root.find(f"{SVG}desc").text


def test_composition_svg_writes_counts_as_numbers():
    data = workshop([invite(person()), invite(person(), status=InvitationStatus.INVITED)])
    texts = [t.text for t in parse(composition_svg(composition_matrix(data))).iter(f"{SVG}text")]
    assert "1 of 2" in texts


def test_composition_svg_escapes_segment_names():
    data = workshop([invite(person(segment=("x", "<script>alert(1)</script>")))])
    svg = str(composition_svg(composition_matrix(data)))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    parse(svg)  # still well-formed XML


def test_composition_svg_uses_no_style_attributes_and_no_flag_colours():
    svg = str(composition_svg(composition_matrix(workshop([invite(person())]))))
    assert "style=" not in svg
    for flag_colour in ("#d90012", "#0033a0", "#f2a800", "#00b5e2", "#ef3340", "#509e2f"):
        assert flag_colour not in svg.lower()


def test_composition_svg_says_so_when_nobody_is_invited():
    svg = str(composition_svg(composition_matrix(workshop())))
    assert "No participants invited yet." in svg


def test_composition_svg_renders_armenian_and_azerbaijani_text():
    data = workshop([invite(person(segment=("civil", "Քաղաքացիական հասարակություն")))])
    assert "Քաղաքացիական հասարակություն" in str(composition_svg(composition_matrix(data)))


# timeline_svg


def test_timeline_draws_one_linked_titled_bar_per_session():
    a, b = session(time(9), title="Opening"), session(time(10, 30), title="Plenary")
    root = parse(timeline_svg(workshop(sessions=[a, b]), DAY))
    links = [el.get("href") for el in root.iter(f"{SVG}a")]
    assert links == [f"#session-{a.uid}", f"#session-{b.uid}"]
    titles = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]
    assert titles[0].startswith("09:00–10:00 Opening")


def test_timeline_ignores_sessions_of_other_days():
    other = session(day=date(2027, 5, 11), title="Tomorrow")
    svg = str(timeline_svg(workshop(sessions=[session(title="Today"), other]), DAY))
    assert "Today" in svg and "Tomorrow" not in svg


def test_parallel_sessions_get_separate_lanes():
    first = session(time(9), 90, title="Caucus A")
    second = session(time(9), 90, title="Caucus B")
    later = session(time(11), 60, title="Joint")
    lanes = {s.title: lane for s, lane in assign_lanes([first, second, later])}
    assert lanes == {"Caucus A": 0, "Caucus B": 1, "Joint": 0}


def test_sessions_back_to_back_share_a_lane():
    lanes = [lane for _, lane in assign_lanes([session(time(9), 60), session(time(10), 60)])]
    assert lanes == [0, 0]


def test_sensitive_session_is_marked_by_pattern_icon_and_word_not_colour_alone():
    topic = TopicData(key="status", name="Status of Nagorno-Karabakh", severity=Severity.CRITICAL)
    s = session(title="Core issues", topics=(topic,), minutes=240)
    svg = str(timeline_svg(workshop(sessions=[s]), DAY))
    assert "<pattern" in svg and 'fill="url(#' in svg
    assert "⚠ Critical: Core issues" in svg
    assert "critical topic: Status of Nagorno-Karabakh" in svg


def test_low_severity_session_is_not_marked_sensitive():
    topic = TopicData(key="minor", name="Minor", severity=Severity.LOW)
    svg = str(timeline_svg(workshop(sessions=[session(title="Calm", topics=(topic,))]), DAY))
    assert "⚠ Low" not in svg and "topic: Minor" not in svg


def test_timeline_escapes_session_titles():
    s = session(title='<script>alert("x")</script>', minutes=240)
    svg = str(timeline_svg(workshop(sessions=[s]), DAY))
    assert "<script>" not in svg
    parse(svg)


def test_timeline_axis_covers_the_days_sessions():
    svg = str(timeline_svg(workshop(sessions=[session(time(9)), session(time(19), 120)]), DAY))
    assert ">09:00<" in svg and ">21:00<" in svg
    assert ">08:00<" not in svg and ">22:00<" not in svg


def test_timeline_axis_is_at_least_four_hours_wide():
    svg = str(timeline_svg(workshop(sessions=[session(time(10), 30)]), DAY))
    assert ">10:00<" in svg and ">14:00<" in svg


def test_timeline_axis_stops_at_midnight():
    svg = str(timeline_svg(workshop(sessions=[session(time(22), 180)]), DAY))
    assert ">24:00<" in svg and ">20:00<" in svg and ">25:00<" not in svg


def test_timeline_of_an_empty_day_says_so():
    assert "No sessions on this day." in str(timeline_svg(workshop(), DAY))


def test_timelines_of_different_days_use_different_pattern_ids():
    one = str(timeline_svg(workshop(), DAY))
    two = str(timeline_svg(workshop(), date(2027, 5, 11)))
    ids_one = {el.get("id") for el in parse(one).iter() if el.get("id")}
    ids_two = {el.get("id") for el in parse(two).iter() if el.get("id")}
    assert not ids_one & ids_two


def test_timeline_bars_are_links_named_by_their_full_title():
    s = session(time(9), 30, title="A long opening session title that cannot fit")
    link = next(parse(timeline_svg(workshop(sessions=[s]), DAY)).iter(f"{SVG}a"))
    assert link.get("aria-label").startswith("09:00–09:30 A long opening session title")


def test_timeline_is_a_figure_so_its_links_stay_reachable():
    assert parse(timeline_svg(workshop(sessions=[session()]), DAY)).get("role") == "figure"

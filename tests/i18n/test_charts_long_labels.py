"""The composition chart and the day timeline with long Russian and Armenian labels
(issue 19, item 5): every text stays inside its box, computed from the chart's own
geometry (its rectangles and the viewBox) and the text's width measured independently of
the chart's code (Pillow's layout of DejaVu Sans, the font the PDF uses); a shortened label
keeps its whole text in its <title> and aria-label; and the chart's own words are in the
reader's language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, time

import pytest
from flask_babel import force_locale
from PIL import ImageFont

from planner import create_app
from planner.charts import DEJAVU_FOLDER, composition_matrix, composition_svg, timeline_svg
from planner.vocabulary import Community, InvitationRole, InvitationStatus, SessionFormat, Severity
from planner.workshop_data import (
    InvitationData,
    PersonData,
    SessionData,
    TopicData,
    WorkshopData,
)

SVG = "{http://www.w3.org/2000/svg}"
DAY = date(2026, 12, 14)
LONG_SEGMENT = (
    "Представители гражданского общества, независимых средств массовой информации и "
    "экспертного сообщества обеих сторон"
)
LONG_TITLES = [
    "Պատմական հիշողության և փոխադարձ ճանաչման վերաբերյալ երկխոսություն փոքր խմբերով",
    "Гуманитарные вопросы: пропавшие без вести, возвращение останков и доступ к информации",
    "Открытие",
]
#: Words of each chart, in each language, that must appear; English ones that must not.
WORDS = {
    "ru": ["Приглашено", "Подтвердили участие", "Свободное время", "Расписание дня"],
    "hy": ["Հրավիրվածներ", "Հաստատածներ", "Ազատ ժամանակ", "Օրվա ժամանակացույց"],
}
ENGLISH = ["Number invited", "Number confirmed", "Free time", "Agenda timeline", "No segment"]


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _people() -> tuple[InvitationData, ...]:
    people = []
    for n, community in enumerate([Community.ARMENIAN, Community.AZERBAIJANI, Community.OTHER]):
        for m in range(3):
            segment = ("civil", LONG_SEGMENT) if m else (None, "")
            person = PersonData(
                uid=f"p{n}{m}",
                name=f"Person {n}{m}",
                community=community,
                segment_key=segment[0],
                segment_name=segment[1],
            )
            people.append(
                InvitationData(
                    uid=f"i{n}{m}",
                    person=person,
                    role=InvitationRole.PARTICIPANT,
                    status=InvitationStatus.CONFIRMED if m % 2 else InvitationStatus.INVITED,
                )
            )
    return tuple(people)


def _session(uid: str, start: time, minutes: int, title: str, **more) -> SessionData:
    more.setdefault("format", SessionFormat.PLENARY)
    return SessionData(uid=uid, day=DAY, start=start, duration_minutes=minutes, title=title, **more)


def _sessions() -> tuple[SessionData, ...]:
    critical = TopicData(key="status", name="Статус территорий", severity=Severity.CRITICAL)
    return (
        _session("s1", time(9), 30, LONG_TITLES[2]),
        _session("s2", time(9, 30), 45, LONG_TITLES[0], format=SessionFormat.SMALL_GROUPS),
        _session("s3", time(9, 30), 150, LONG_TITLES[1], topics=(critical,)),
        # After a gap: free time is drawn before it.
        _session("s4", time(13), 25, LONG_TITLES[1]),
    )


def _workshop() -> WorkshopData:
    return WorkshopData(
        uid="w1",
        title="Диалог",
        start_date=DAY,
        end_date=DAY,
        timezone="Asia/Tbilisi",
        invitations=_people(),
        sessions=_sessions(),
    )


def _charts(app, locale: str) -> tuple[ET.Element, ET.Element]:
    data = _workshop()
    with app.test_request_context("/"), force_locale(locale):
        composition = composition_svg(composition_matrix(data))
        timeline = timeline_svg(data, DAY)
    return ET.fromstring(str(composition)), ET.fromstring(str(timeline))


_FONTS: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}


def _width(text: str, size: int, bold: bool) -> float:
    key = (size, bold)
    if key not in _FONTS:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        _FONTS[key] = ImageFont.truetype(f"{DEJAVU_FOLDER}/{name}", size)
    return _FONTS[key].getlength(text)


def _extent(text: ET.Element) -> tuple[float, float]:
    """Where a <text> starts and ends on the x axis."""
    x = float(text.get("x"))
    width = _width(text.text or "", int(text.get("font-size")), int(text.get("font-weight")) >= 600)
    anchor = text.get("text-anchor", "start")
    if anchor == "end":
        return x - width, x
    if anchor == "middle":
        return x - width / 2, x + width / 2
    return x, x + width


def _view_width(svg: ET.Element) -> float:
    return float(svg.get("viewBox").split()[2])


def _title_of(group: ET.Element) -> str:
    title = group.find(f"{SVG}title")
    return title.text if title is not None else ""


@pytest.fixture(params=["ru", "hy"])
def charts(request, app):
    return request.param, *_charts(app, request.param)


def test_every_text_is_inside_the_picture(charts):
    _, *svgs = charts
    for svg in svgs:
        width = _view_width(svg)
        for text in svg.iter(f"{SVG}text"):
            start, end = _extent(text)
            assert start >= 0 and end <= width, (text.text, start, end, width)


def test_community_names_end_before_their_bars_and_counts_start_after(charts):
    _, composition, _ = charts
    rows = [g for g in composition.iter(f"{SVG}g") if g.find(f"{SVG}rect") is not None]
    assert len(rows) == 6  # two segments × three communities
    for row in rows:
        name, count = row.findall(f"{SVG}text")
        track = row.find(f"{SVG}rect")  # the full-length pale track of the row
        left = float(track.get("x"))
        right = left + float(track.get("width"))
        assert _extent(name)[1] <= left, name.text
        assert _extent(name)[0] >= 0, name.text
        assert _extent(count)[0] >= right, count.text
        # The whole name is said in the row's title, shortened or not.
        assert (name.get("aria-label") or name.text) in _title_of(row)


def test_the_long_segment_name_is_shortened_with_its_whole_text_kept(charts):
    _, composition, _ = charts
    heading = next(
        t
        for t in composition.iter(f"{SVG}text")
        if t.get("font-weight") == "700" and (t.get("aria-label") or "").startswith("Представители")
    )
    assert heading.text.endswith("…")
    assert heading.get("aria-label") == LONG_SEGMENT
    assert _extent(heading)[1] <= _view_width(composition)


def test_legend_entries_do_not_overlap(charts):
    _, composition, _ = charts
    top = min(
        float(t.get("y")) for t in composition.iter(f"{SVG}text") if t.get("font-weight") == "700"
    )
    legend = [t for t in composition.iter(f"{SVG}text") if float(t.get("y")) < top]
    swatches = [
        (float(r.get("x")), float(r.get("x")) + float(r.get("width")), float(r.get("y")))
        for r in composition.findall(f"{SVG}rect")
    ]
    boxes = [(*_extent(t), float(t.get("y"))) for t in legend]
    boxes += [(a, b, y + 12) for a, b, y in swatches]  # a swatch on its text's line
    for i, (a1, b1, y1) in enumerate(boxes):
        for a2, b2, y2 in boxes[i + 1 :]:
            if abs(y1 - y2) < 10:  # the same line
                assert b1 <= a2 or b2 <= a1, [t.text for t in legend]


def test_session_labels_stay_inside_their_bars(charts):
    _, _, timeline = charts
    bars = list(timeline.iter(f"{SVG}a"))
    assert len(bars) == len(_sessions())
    shortened = 0
    for bar in bars:
        group = bar.find(f"{SVG}g")
        box = group.find(f"{SVG}rect")
        left = float(box.get("x"))
        right = left + float(box.get("width"))
        texts = group.findall(f"{SVG}text")
        for text in texts:
            start, end = _extent(text)
            assert left <= start and end <= right, (text.text, start, end, left, right)
            if text.text.endswith("…"):
                shortened += 1
                whole = text.get("aria-label")
                assert whole and whole.rstrip("…") != text.text.rstrip("…")
                assert whole.split(": ", 1)[-1] in _title_of(group)
        # The whole title is in the link's name whatever the bar shows.
        assert any(t in bar.get("aria-label") for t in LONG_TITLES)
    assert shortened >= 2  # the long titles did need shortening


def test_free_time_label_fits_its_box(charts):
    _, _, timeline = charts
    gaps = [g for g in timeline.iter(f"{SVG}g") if g.get("class") == "free-time"]
    assert gaps
    for gap in gaps:
        box = gap.find(f"{SVG}rect")
        left = float(box.get("x"))
        for text in gap.findall(f"{SVG}text"):
            assert left <= _extent(text)[0] and _extent(text)[1] <= left + float(box.get("width"))


def test_the_charts_words_are_in_the_readers_language(charts):
    locale, composition, timeline = charts
    words = " ".join(
        (e.text or "") + " " + (e.get("aria-label") or "")
        for svg in (composition, timeline)
        for e in svg.iter()
    )
    for word in WORDS[locale]:
        assert word in words, word
    assert [w for w in ENGLISH if w in words] == []


def test_in_english_the_charts_keep_their_words(app):
    composition, timeline = _charts(app, "en")
    words = " ".join((e.text or "") for svg in (composition, timeline) for e in svg.iter())
    for word in ["Number invited", "Number confirmed", "Free time", "Agenda timeline"]:
        assert word in words, word

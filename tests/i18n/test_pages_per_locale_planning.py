"""The planning pages in every language (issue 19): the workshop list, form, page, copy,
delete and team pages, the agenda editor, the session editor, small groups, the run sheet,
the after-workshop record, the offline agenda and the catalogue pages — no 500, the right
``<html lang>``, no English of the catalogue left, and words of the translation there.

Each page is read by the workshop's owner (or an organiser, for the list and the catalogue)
whose account's language is the one asked. Pages that answer a bad form (a new workshop or
session with bad fields, a venue without a valid timezone) are read too. Last, the change
lines the agenda and the run sheet say after a change are checked in Russian: Russian plural
forms for the minutes, and CLDR's Russian day names and times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

import pytest
from babel.dates import format_date

from planner.extensions import db
from planner.models import Session
from planner.vocabulary import SessionFormat
from tests.factories import PASSWORD
from tests.http.test_participant import build_world, publish
from tests.i18n.test_pages_per_locale import (
    LOCALES,
    assert_marker_translated,
    assert_no_english,
    visible_text,
)

#: The page's language (the element also says its direction).
HTML_LANG = re.compile(r'<html lang="([a-z]+)"')

#: English these pages show when left untranslated.
MORE_ENGLISH = [
    "Copy to new dates",
    "Facilitation team",
    "Add a co-facilitator",
    "Back to the workshop",
    "Back to the agenda",
    "Create workshop",
    "Save changes",
    "Start from",
    "Move up",
    "Move down",
    "Free time",
    "free time",
    "Fixed start",
    "Add a session",
    "Copy day",
    "Prompts for this session",
    "Add from the library",
    "Write a new prompt",
    "Sensitive topics",
    "Delete this session",
    "Propose groups",
    "Save groups",
    "Run sheet",
    "Rest of the day",
    "min left",
    "Running late",
    "What happened",
    "Mark the workshop as held",
    "Delete permanently",
    "Segments of society",
    "Neutral ground",
    "Handling guidance",
    "Note for participants",
    "Questions to think about",
    "Please correct the fields",
    "This field is required",
    "Not a valid",
]

WORKSHOP = "/workshops/{uid}"


@dataclass
class PlanningPage:
    path: str
    #: A msgid whose translation the page must show.
    marker: str
    status: int = 200
    method: str = "GET"
    data: dict = field(default_factory=dict)
    # facilitator (the workshop's owner) or organiser
    who: str = "facilitator"


PAGES = {
    "workshops-facilitator": PlanningPage("/workshops/", "New workshop"),
    "workshops-organiser": PlanningPage("/workshops/", "Readiness", who="organiser"),
    "new": PlanningPage("/workshops/new", "Stage of the dialogue"),
    "new-bad": PlanningPage(
        "/workshops/new",
        "Please correct the fields marked below. Nothing was saved.",
        method="POST",
        data={"title": "", "start_date": "not a date", "end_date": "", "timezone": ""},
    ),
    "show": PlanningPage(WORKSHOP, "Copy to new dates"),
    "edit": PlanningPage(WORKSHOP + "/edit", "What the readiness review expects"),
    "edit-bad": PlanningPage(
        WORKSHOP + "/edit",
        "Please correct the fields marked below. Nothing was saved.",
        method="POST",
        data={
            "title": "Dialogue in Tbilisi",
            "start_date": "2027-05-11",
            "end_date": "2027-05-10",
            "timezone": "Nowhere/Atlantis",
            "track": "track_two",
            "confidentiality": "chatham_house",
            "format": "open",
            "women_target_percent": "140",
            "parity_sides": ["armenian"],
        },
    ),
    "clone": PlanningPage(WORKSHOP + "/clone", "Copy to these dates"),
    "delete": PlanningPage(WORKSHOP + "/delete", "Cancel workshop"),
    "team": PlanningPage(WORKSHOP + "/team", "Add a co-facilitator"),
    "agenda": PlanningPage(WORKSHOP + "/agenda", "Publish to participants…"),
    "session-new": PlanningPage(WORKSHOP + "/sessions/new", "Add and add another"),
    "session-edit": PlanningPage(WORKSHOP + "/sessions/{sid}/edit", "Add from the library"),
    "session-bad": PlanningPage(
        WORKSHOP + "/sessions/new",
        "Not a valid time value.",
        method="POST",
        data={
            "title": "",
            "day": "2027-05-10",
            "start_time": "25:99",
            "duration_minutes": "3",
            "format": "plenary",
            "audience": "community",
            "audience_community": "",
        },
    ),
    "session-actions": PlanningPage(WORKSHOP + "/sessions/{sid}/actions", "Save duration"),
    "groups": PlanningPage(WORKSHOP + "/sessions/{groups}/groups", "Propose groups"),
    "groups-proposal": PlanningPage(
        WORKSHOP + "/sessions/{groups}/groups",
        "This is a proposal: nothing is saved until you choose “Save groups”.",
        method="POST",
        data={"groups": "2", "propose": "1"},
    ),
    "run-sheet": PlanningPage(WORKSHOP + "/live?at=2027-05-10T09:15", "Rest of the day"),
    "run-sheet-no-day": PlanningPage(
        WORKSHOP + "/live?at=2027-06-01T09:15", "It runs %(dates)s. Show a day:"
    ),
    "record": PlanningPage(WORKSHOP + "/live/record", "Mark the workshop as held"),
    "offline-agenda": PlanningPage(
        WORKSHOP + "/live/offline-agenda.html", "Venue and practical details"
    ),
    "topics": PlanningPage("/topics/", "Note for participants", who="organiser"),
    "venues": PlanningPage("/venues/", "Neutral ground", who="organiser"),
    "segments": PlanningPage("/segments/", "Segments of society", who="organiser"),
    "topic-new": PlanningPage("/topics/new", "Keywords (comma-separated)", who="organiser"),
    "segment-new": PlanningPage("/segments/new", "New segment", who="organiser"),
    "venue-new": PlanningPage("/venues/new", "Accessibility notes", who="organiser"),
    "venue-bad": PlanningPage(
        "/venues/new",
        "Two letters, e.g. GE, IT, AT.",
        method="POST",
        who="organiser",
        data={"name": "", "city": "Tbilisi", "country": "123", "timezone": "Nowhere/Atlantis"},
    ),
}

#: The pages that need this language to be the workshop's working language.
WORKING_LANGUAGE_PAGES = {"offline-agenda"}

#: What each methodology template holds is the templates' own text (seeds/templates/*.yaml,
#: content like a session's title, not the interface): it is left out of the check.
TEMPLATE_CONTENT = re.compile(r'<details class="template-list">.*?</details>', re.S)


def _sign_in(client, user, locale: str) -> None:
    user.preferred_language = locale
    db.session.commit()
    signed = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert signed.status_code == 302, signed.get_data(as_text=True)[:300]


def _prepare(client, make, locale: str, name: str) -> str:
    world = build_world(make)
    groups = make.session(
        world.workshop,
        title="Mixed circles",
        start_time=time(14, 0),
        format=SessionFormat.SMALL_GROUPS,
    )
    publish(world)
    if name in WORKING_LANGUAGE_PAGES:
        world.workshop.working_languages = [locale]
        db.session.commit()
    opening = db.session.query(Session).filter_by(title="Opening circle").one()
    path = (
        PAGES[name]
        .path.replace("{uid}", world.workshop.uid)
        .replace("{sid}", opening.uid)
        .replace("{groups}", groups.uid)
    )
    user = world.organiser if PAGES[name].who == "organiser" else world.owner
    _sign_in(client, user, locale)
    return path


def _read(client, make, locale: str, name: str) -> str:
    page = PAGES[name]
    path = _prepare(client, make, locale, name)
    response = client.open(path, method=page.method, data=page.data)
    assert response.status_code == page.status, response.get_data(as_text=True)[:400]
    body = response.get_data(as_text=True)
    assert HTML_LANG.search(body).group(1) == locale
    return visible_text(TEMPLATE_CONTENT.sub(" ", body))


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("locale", LOCALES)
def test_planning_page_is_wholly_in_the_readers_language(client, make, locale, name):
    text = _read(client, make, locale, name)
    assert_no_english(text, name, locale, MORE_ENGLISH)
    assert_marker_translated(text, locale, PAGES[name].marker)


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("ru", ("Программа: Dialogue in Tbilisi", "Выше", "Ниже", "Скопировать день", "Ещё")),
        ("hy", ("Օրակարգ՝ Dialogue in Tbilisi", "Վերև", "Ներքև", "Պատճենել օրը", "Ավելին")),
        ("az", ("Proqram: Dialogue in Tbilisi", "Yuxarı", "Aşağı", "Günü köçür", "Daha çox")),
    ],
)
def test_the_agenda_editor_says_it_in_words_of_the_language(client, make, locale, words):
    text = _read(client, make, locale, "agenda")
    for word in words:
        assert word in text


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("ru", ("Это поле обязательно", "Неверное время", "Сессия длится от 5 до 720 минут")),
        ("hy", ("Ժամը սխալ է", "Նիստը տևում է 5-ից 720 րոպե")),
        ("az", ("Vaxt səhvdir", "Sessiya 5 dəqiqədən 720 dəqiqəyədək davam edir")),
    ],
)
def test_a_bad_session_is_refused_in_the_language(client, make, locale, words):
    text = _read(client, make, locale, "session-bad")
    for word in words:
        assert word in text


def test_the_offline_agenda_is_in_the_workshops_working_language(client, make):
    # Made by a facilitator who reads English, for participants who work in Armenian.
    world = build_world(make)
    world.workshop.working_languages = ["hy", "en"]
    db.session.commit()
    publish(world)
    _sign_in(client, world.owner, "en")
    body = client.get(f"/workshops/{world.workshop.uid}/live/offline-agenda.html").get_data(
        as_text=True
    )
    assert HTML_LANG.search(body).group(1) == "hy"
    text = visible_text(body)
    assert "Անցկացման վայրը և գործնական տեղեկություններ" in text
    assert "Venue and practical details" not in text


@pytest.mark.parametrize("name", ["agenda", "run-sheet", "session-bad", "venue-bad", "new-bad"])
def test_the_english_pages_still_say_it_in_english(client, make, name):
    # The checks above would pass on a page that lost its text: English shows the words.
    text = _read(client, make, "en", name)
    assert PAGES[name].marker.split("%(")[0].strip() in text


# Change lines in Russian -------------------------------------------------------------------


def _russian_day(day) -> str:
    text = format_date(day, "EEEE, d MMMM", locale="ru")
    return text[:1].upper() + text[1:]


@pytest.fixture
def russian_day(client, make):
    """A facilitator reading Russian, and a day with a plenary then a dinner fixed at 10:30."""
    world = build_world(make)
    workshop = world.workshop
    day = workshop.start_date
    for s in list(workshop.sessions):
        db.session.delete(s)
    db.session.commit()
    plenary = make.session(workshop, title="Пленарная сессия", position=0)
    dinner = make.session(
        workshop,
        title="Вечерняя встреча",
        start_time=time(10, 30),
        duration_minutes=90,
        fixed_start=True,
        position=1,
    )
    _sign_in(client, world.owner, "ru")
    return workshop, day, plenary, dinner


def _flashes(page: str) -> str:
    return " ".join(re.findall(r'<p class="flash flash-\w+">(.*?)</p>', page, re.S))


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (1, "продлена на 1 минуту"),
        (3, "продлена на 3 минуты"),
        (5, "продлена на 5 минут"),
    ],
)
def test_the_run_sheet_says_what_moved_in_russian_with_plural_minutes(
    client, russian_day, minutes, words
):
    workshop, day, plenary, dinner = russian_day
    response = client.post(
        f"/workshops/{workshop.uid}/live/sessions/{plenary.uid}/extend",
        data={"minutes": str(minutes), "version": str(plenary.version), "at": "2027-05-10T09:15"},
        follow_redirects=True,
    )
    said = _flashes(response.get_data(as_text=True))
    assert f"«Пленарная сессия» {words}." in said
    end = f"10:{minutes:02d}"
    assert f"«Пленарная сессия» теперь 09:00–{end} (было 09:00–10:00)." in said
    assert "Участники увидят это, когда вы опубликуете день." in said


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(21, "21 минуту"), (23, "23 минуты"), (25, "25 минут")],
)
def test_a_new_duration_is_said_in_russian_with_plural_minutes(client, russian_day, minutes, words):
    workshop, day, plenary, dinner = russian_day
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/duration",
        data={"minutes": str(minutes), "version": str(plenary.version)},
        follow_redirects=True,
    )
    said = _flashes(response.get_data(as_text=True))
    assert f"«Пленарная сессия» теперь длится {words}: 09:00–09:{minutes}." in said
    assert f"{_russian_day(day)} теперь заканчивается в 12:00." in said


def test_a_pushed_fixed_start_and_the_days_new_end_are_said_in_russian(client, russian_day):
    workshop, day, plenary, dinner = russian_day
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/duration",
        data={"minutes": "100", "version": str(plenary.version)},
        follow_redirects=True,
    )
    said = _flashes(response.get_data(as_text=True))
    assert "«Пленарная сессия» теперь длится 100 минут: 09:00–10:40." in said
    assert (
        "«Вечерняя встреча» была зафиксирована на 10:30 и теперь начинается в 10:40, когда заканчиваются "
        "сессии перед ней."
    ) in said
    assert f"{_russian_day(day)} теперь заканчивается в 12:10." in said
    # The English of the same day is not what a Russian reader gets.
    assert "now ends at" not in said and "Monday" not in said


def test_a_duplicate_is_marked_as_a_copy_in_the_readers_language(client, russian_day):
    workshop, day, plenary, dinner = russian_day
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/duplicate",
        data={"version": str(plenary.version)},
        follow_redirects=True,
    )
    said = _flashes(response.get_data(as_text=True))
    assert "«Пленарная сессия (копия)» добавлена после «Пленарная сессия»: 10:00–11:00." in said
    titles = {s.title for s in db.session.query(Session).filter_by(workshop_id=workshop.id)}
    assert "Пленарная сессия (копия)" in titles

"""Issue 19's "done when": a participant whose language is Armenian, Russian or Azerbaijani
signs in and reads the whole interface (the navigation, their workshops, their agenda) in
it with its CLDR dates, and downloads their PDF brief, whose text is in it too."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from pdfminer.high_level import extract_text
from playwright.sync_api import expect

from planner.agenda.publishing import publish_agenda
from planner.extensions import db
from planner.vocabulary import Community, Role
from planner.workshop_loading import load_workshop, load_workshop_page_data
from tests.browser.conftest import PASSWORD, sign_in
from tests.factories import Factories
from tests.i18n.test_pages_per_locale import (
    KNOWN_ENGLISH,
    PHRASES,
    SAME_IN_EVERY_LANGUAGE,
)

pytestmark = pytest.mark.browser

MONDAY = date(2026, 12, 14)
TITLE = "Tbilisi dialogue · Թբիլիսյան երկխոսություն"

#: What each language must show: the navigation, the workshops page, the agenda's day (a
#: CLDR date) and the PDF's heading; and the English it must not.
WORDS = {
    "hy": {
        "nav": ["Աշխատաժողովներ", "Իմ օրակարգը", "Դուրս գալ"],
        "heading": "Իմ աշխատաժողովները",
        "read": "Կարդալ օրակարգը",
        "day": "Երկուշաբթի, 14 դեկտեմբերի 2026",
        "range": "14–15 դեկտեմբերի 2026",
        "brief": "Մասնակցի տեղեկանք",
        "agenda": "Օրակարգ",
    },
    "ru": {
        "nav": ["Семинары", "Моя программа", "Выйти"],
        "heading": "Мои семинары",
        "read": "Открыть программу",
        "day": "Понедельник, 14 декабря 2026",
        "range": "14–15 декабря 2026",
        "brief": "Справка участника",
        "agenda": "Программа",
    },
    "az": {
        "nav": ["Seminarlar", "Mənim proqramım", "Çıxış"],
        "heading": "Seminarlarım",
        "read": "Proqramı oxuyun",
        "day": "Bazar ertəsi, 14 dekabr 2026",
        "range": "14–15 dekabr 2026",
        "brief": "İştirakçının arayışı",
        "agenda": "Proqram",
    },
}
#: The brief's own English (its background timeline is the seeded text, as written: it may
#: say "December 2022" in any language).
ENGLISH_IN_PDF = [
    "Participant brief",
    "Agenda:",
    "Monday 14 December",
    "Confidentiality:",
    "Page 1 of",
    "Generated",
]


def _participant_of_a_published_workshop(live_server, locale: str) -> str:
    """A workshop on 14–15 December 2026, published, with a participant reading ``locale``."""
    make = Factories()
    with live_server.app.app_context():
        owner = make.user(Role.FACILITATOR)
        workshop = make.workshop(
            owner=owner,
            title=TITLE,
            start_date=MONDAY,
            end_date=date(2026, 12, 15),
            venue=make.venue(name="Hotel Neutral"),
            working_languages=["en", "ru"],
        )
        make.session(workshop, title="Opening circle", description="Ground rules.")
        make.session(workshop, title="Humanitarian needs", start_time=time(10, 30))
        make.session(workshop, title="Looking ahead", day=date(2026, 12, 15))
        user = make.participant_user(
            workshop,
            community=Community.ARMENIAN,
            name="Անի Հակոբյան",
            email=f"ani-{locale}@browser.example",
            password=PASSWORD,
        )
        user.preferred_language = locale
        db.session.commit()
        record = load_workshop(workshop.uid)
        publish_agenda(record, load_workshop_page_data(workshop.uid), owner)
        db.session.commit()
        return user.email


def _capitals(text: str, locale: str) -> str:
    """``text`` in capitals as the language writes them (Azerbaijani: i → İ, ı → I)."""
    if locale == "az":
        text = text.replace("i", "İ").replace("ı", "I")
    return text.upper()


def _english_left(page) -> list[str]:
    text = page.locator("body").inner_text()
    known = [phrase for phrase in KNOWN_ENGLISH if phrase in text]
    phrases = [p for p in PHRASES if p in text and p not in SAME_IN_EVERY_LANGUAGE]
    return known + phrases


@pytest.mark.parametrize("locale", ["hy", "ru", "az"])
def test_a_participant_reads_the_interface_agenda_and_pdf_in_their_language(
    page, live_server, locale
):
    words = WORDS[locale]
    email = _participant_of_a_published_workshop(live_server, locale)
    sign_in(page, live_server, email, PASSWORD)

    # Their workshops: the navigation and the page in their language, CLDR dates.
    page.goto(f"{live_server.url}/my/")
    expect(page.get_by_role("heading", level=1, name=words["heading"])).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", locale)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    navigation = page.get_by_role("navigation").first
    for word in words["nav"][:2]:
        expect(navigation.get_by_role("link", name=word, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=words["nav"][2])).to_be_visible()
    expect(page.get_by_text(words["range"]).first).to_be_visible()
    assert _english_left(page) == []

    # Their agenda: the day in words and the sessions.
    page.get_by_role("link", name=words["read"]).first.click()
    expect(page.get_by_role("heading", level=2, name=words["agenda"], exact=True)).to_be_visible()
    expect(page.get_by_text(words["day"], exact=True)).to_be_visible()
    expect(page.get_by_text("Humanitarian needs").first).to_be_visible()
    assert _english_left(page) == []

    # Their PDF: downloaded from the agenda page, its text in their language.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    pdf = download_info.value.path()
    text = " ".join(extract_text(pdf).split())
    # The kicker is in capitals (CSS text-transform, with the language's own rules).
    assert _capitals(words["brief"], locale) in text
    assert words["day"] in text
    assert "Humanitarian needs" in text  # what people typed stays as typed
    english = [w for w in ENGLISH_IN_PDF if re.search(re.escape(w), text, re.IGNORECASE)]
    assert english == []

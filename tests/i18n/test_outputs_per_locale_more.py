"""Whose language a file is written in (issue 19, item 3): a participant's own copy in
theirs, however they reach it; "the participant brief" of the team or an organiser in the
one they choose on the exports page; the facilitator brief in the reader's interface
language; and a remembered (cached) file never served in another language."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from pdfminer.high_level import extract_text

from planner.extensions import db
from planner.i18n import participant_language, text_direction
from tests.factories import PASSWORD
from tests.http.test_participant import build_world, publish
from tests.http.test_participant_links import issue
from tests.i18n.test_pages_per_locale import PHRASES, SAME_IN_EVERY_LANGUAGE

HEADING = {
    "en": "Participant brief",
    "ru": "Справка участника",
    "hy": "Մասնակցի տեղեկանք",
    "az": "İştirakçının arayışı",
}
MONDAY = {
    "en": "Monday 10 May 2027",
    "ru": "Понедельник, 10 мая 2027",
    "hy": "Երկուշաբթի, 10 մայիսի 2027",
    "az": "Bazar ertəsi, 10 may 2027",
}


# The one rule -----------------------------------------------------------------------


def test_the_persons_own_language_comes_first():
    assert participant_language(["hy", "ru", "en"], ["az"]) == "hy"


def test_an_unset_or_unknown_preference_is_skipped():
    assert participant_language(["", None, "de", "RU"], ["az"]) == "ru"


def test_without_a_preference_the_first_working_language_we_speak_decides():
    assert participant_language(["", None], ["ka", "de", "az", "ru"]) == "az"


def test_english_when_nothing_else_is_known():
    assert participant_language([None, ""], ["ka", "tr"]) == "en"
    assert participant_language([], []) == "en"


@pytest.mark.parametrize("code", ["en", "ru", "hy", "az"])
def test_all_four_languages_are_written_left_to_right(code):
    assert text_direction(code) == "ltr"


# Downloads --------------------------------------------------------------------------


def _login(client, user):
    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code in (
        200,
        302,
    )


def _md(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_persons_own_language_beats_their_accounts(client, make):
    world = build_world(make)
    publish(world)
    world.participant.preferred_language = "en"
    world.participant.person.preferred_language = "ru"
    db.session.commit()
    _login(client, world.participant)
    text = _md(client.get(f"/workshops/{world.workshop.uid}/brief.md?audience=participant"))
    assert HEADING["ru"] in text and MONDAY["ru"] in text
    assert HEADING["en"] not in text


def test_a_private_link_follows_its_persons_language_not_the_visitors(client, make):
    world = build_world(make)
    publish(world)
    world.participant.person.preferred_language = "az"
    db.session.commit()
    _login(client, world.owner)
    link = issue(client, world, "agenda")
    visitor = client.application.test_client()
    visitor.post("/language", data={"language": "hy", "next": link})
    text = _md(visitor.get(f"{link}/agenda.md"))
    assert HEADING["az"] in text and MONDAY["az"] in text
    assert HEADING["hy"] not in text


def test_a_private_link_without_any_choice_uses_the_first_working_language(client, make):
    world = build_world(make)
    world.workshop.working_languages = ["ka", "ru", "en"]
    world.participant.person.preferred_language = ""
    world.participant.person.user = None  # a person without an account
    db.session.commit()
    publish(world)
    _login(client, world.owner)
    feed_url = issue(client, world, "calendar")  # /c/<token>.ics
    assert feed_url.startswith("/c/")
    feed = client.application.test_client().get(feed_url)
    assert feed.status_code == 200
    text = feed.get_data(as_text=True)
    assert "Конфиденциальность" in text
    assert "Confidentiality" not in text


@pytest.mark.parametrize("locale", ["hy", "ru", "az"])
def test_an_organiser_chooses_the_language_of_the_participant_brief(client, make, locale):
    world = build_world(make)
    _login(client, world.organiser)  # reads the interface in English
    url = f"/workshops/{world.workshop.uid}/brief.md?audience=participant&language={locale}"
    text = _md(client.get(url))
    assert HEADING[locale] in text and MONDAY[locale] in text
    assert "Page 1 of" not in text and HEADING["en"] not in text


def test_an_unknown_language_is_refused_with_a_message(client, make):
    world = build_world(make)
    _login(client, world.owner)
    response = client.get(
        f"/workshops/{world.workshop.uid}/brief.md?audience=participant&language=xx"
    )
    assert response.status_code == 400
    assert "en, ru, hy and az" in response.get_data(as_text=True)


def test_the_exports_page_offers_the_team_a_language_for_participant_files(client, make):
    world = build_world(make)
    _login(client, world.owner)
    page = client.get(f"/workshops/{world.workshop.uid}/exports?language=hy")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<label for="participant-language">' in html
    assert re.search(r'<option value="hy" lang="hy" selected>', html)
    # Every participant link carries the choice; the facilitator files do not.
    assert "audience=participant&amp;language=hy" in html
    assert "audience=facilitator&amp;language" not in html


def test_a_participant_is_not_offered_another_language(client, make):
    world = build_world(make)
    publish(world)
    _login(client, world.participant)
    html = client.get(f"/workshops/{world.workshop.uid}/exports").get_data(as_text=True)
    assert 'id="participant-language"' not in html


def test_the_facilitator_brief_follows_the_readers_interface_language(client, make):
    world = build_world(make)
    _login(client, world.owner)
    client.post("/language", data={"language": "ru", "next": "/"})
    text = _md(client.get(f"/workshops/{world.workshop.uid}/brief.md?audience=facilitator"))
    assert "Справка фасилитатора" in text
    assert "Facilitator brief" not in text


def test_a_remembered_pdf_is_never_served_in_another_language(client, make):
    world = build_world(make)
    _login(client, world.owner)
    base = f"/workshops/{world.workshop.uid}/brief.pdf?audience=participant&language="
    texts = {}
    for locale in ("hy", "ru", "hy"):
        response = client.get(base + locale)
        assert response.status_code == 200
        texts.setdefault(locale, []).append(
            " ".join(extract_text(io.BytesIO(response.data)).split()).lower()
        )
    assert HEADING["hy"].lower() in texts["hy"][0]
    assert HEADING["ru"].lower() in texts["ru"][0]
    assert HEADING["hy"].lower() not in texts["ru"][0]
    assert texts["hy"][0] == texts["hy"][1]  # the second Armenian one is the remembered file


def _text_of(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        return " ".join(extract_text(io.BytesIO(data)).split())
    if fmt == "docx":
        document = Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        parts += [p.text for p in document.sections[0].footer.paragraphs]
        return "\n".join(parts)
    return data.decode()


@pytest.mark.parametrize("fmt", ["md", "pdf", "docx"])
def test_the_facilitator_brief_has_no_english_of_the_catalogue_left(client, make, fmt):
    world = build_world(make)
    world.owner.preferred_language = "ru"
    db.session.commit()
    _login(client, world.owner)
    response = client.get(f"/workshops/{world.workshop.uid}/brief.{fmt}?audience=facilitator")
    assert response.status_code == 200
    text = _text_of(fmt, response.data)
    for words in ("Справка фасилитатора", "Проверка готовности", "Список участников"):
        assert words.lower() in text.lower(), words  # the PDF's kicker is in capitals
    left = [p for p in PHRASES if p in text and p not in SAME_IN_EVERY_LANGUAGE]
    assert left == []
    if fmt == "docx":
        # "Страница N из M": the words around the two page fields, in the sentence's order.
        footer = Document(io.BytesIO(response.data)).sections[0].footer.paragraphs[0]
        assert footer.text == "Страница  из "
        xml = footer._p.xml
        assert xml.index('w:instr="PAGE"') < xml.index('w:instr="NUMPAGES"')


def test_the_export_command_writes_the_language_asked(runner, make, tmp_path):
    world = build_world(make)
    out = tmp_path / "brief.md"
    args = ["export", world.workshop.uid, "--format", "md", "-o", str(out)]
    result = runner.invoke(args=[*args, "--language", "hy"])
    assert result.exit_code == 0, result.output
    assert HEADING["hy"] in out.read_text() and MONDAY["hy"] in out.read_text()


def test_the_export_command_follows_the_command_lines_language(runner, make, tmp_path):
    world = build_world(make)
    out = tmp_path / "brief.md"
    args = ["export", world.workshop.uid, "--format", "md", "-o", str(out)]
    result = runner.invoke(args=args, env={"PLANNER_LANGUAGE": "ru"})
    assert result.exit_code == 0, result.output
    assert HEADING["ru"] in out.read_text()
    assert str(out) in result.output and "Записан файл" in result.output


def test_the_calendar_feed_is_not_answered_304_after_its_person_changes_language(client, make):
    world = build_world(make)
    publish(world)
    world.participant.preferred_language = "en"
    db.session.commit()
    _login(client, world.owner)
    feed_url = issue(client, world, "calendar")
    calendar = client.application.test_client()
    first = calendar.get(feed_url)
    assert first.status_code == 200 and "Confidentiality" in first.get_data(as_text=True)
    # The account's language changes (the switcher, signed in): the feed follows at once.
    world.participant.preferred_language = "hy"
    db.session.commit()
    again = calendar.get(feed_url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "Գաղտնիություն" in again.get_data(as_text=True)

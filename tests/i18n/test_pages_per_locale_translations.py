"""The translations page (issue 19, item 4) in every language: no 500, the right
``<html lang>``, no English of the catalogue left, the page's own words in the language; and
the page a save with bad input answers. The workshop's own texts stay as entered."""

from __future__ import annotations

import pytest

from planner.extensions import db
from planner.models import Workshop
from tests.i18n.test_pages_per_locale import (
    HTML_LANG,
    LOCALES,
    Page,
    _prepare,
    assert_no_english,
    visible_text,
)

#: Words of the page in each language (its heading, the save button, a language's name).
WORDS = {
    "ru": ["Переводы текстов для участников", "Сохранить переводы", "армянский", "Оригинал"],
    "hy": ["Մասնակիցների համար նախատեսված տեքստերի թարգմանությունները", "Պահպանել", "Բնօրինակ"],
    "az": ["İştirakçıların oxuduğu mətnlərin tərcümələri", "Tərcümələri yadda saxla", "Orijinal"],
}
ENGLISH = ["Translations of what participants read", "Save translations", "Original (English)"]


def _open(client, make, locale: str, *, bad: bool = False):
    path = _prepare(client, make, locale, Page("/workshops/{uid}/translations", who="facilitator"))
    workshop = db.session.query(Workshop).one()
    workshop.working_languages = ["en", "hy", "ru", "az"]
    db.session.commit()
    if not bad:
        return client.get(path)
    name = f"workshop.{workshop.uid}.title.hy"
    return client.post(path, data={"version": workshop.version, name: "Ա" * 301})


def _check(body: str, locale: str, where: str) -> str:
    assert HTML_LANG.search(body).group(1) == locale
    text = visible_text(body)
    assert_no_english(text, where, locale)
    return text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_translations_page_is_wholly_in_the_chosen_language(client, make, locale):
    response = _open(client, make, locale)
    assert response.status_code == 200
    text = _check(response.get_data(as_text=True), locale, "translations")
    for words in WORDS[locale]:
        assert words in text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_refused_save_is_wholly_in_the_chosen_language(client, make, locale):
    response = _open(client, make, locale, bad=True)
    assert response.status_code == 400
    text = _check(response.get_data(as_text=True), locale, "translations (refused)")
    assert WORDS[locale][0] in text


def test_the_english_page_still_says_it_in_english(client, make):
    response = _open(client, make, "en")
    text = visible_text(response.get_data(as_text=True))
    for phrase in ENGLISH:
        assert phrase in text

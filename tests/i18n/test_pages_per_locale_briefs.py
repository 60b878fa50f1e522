"""The pages of briefs, exports, private links and publishing in every language (issue
19): the team's pages for a participant's private links and for publishing the agenda, the
exports page with the participant files' language chosen, and the workshop import — their
GET pages and what a bad POST shows. No 500, the right ``<html lang dir>``, no catalogue
English left, and words of the translation present."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import Invitation, Person
from tests.factories import PASSWORD
from tests.http.test_participant import build_world
from tests.i18n.test_pages_per_locale import (
    HTML_LANG,
    Page,
    _prepare,
    assert_no_english,
    visible_text,
)

LINKS = "/workshops/{uid}/people/{invitation}/links"
PAGES = {
    "private-links": Page(LINKS, who="facilitator"),
    "private-links-bad-request": Page(
        LINKS,
        method="POST",
        data={"kind": "nonsense", "action": "issue"},
        status=400,
        who="facilitator",
    ),
    "private-link-issued": Page(
        LINKS, method="POST", data={"kind": "calendar", "action": "issue"}, who="facilitator"
    ),
    "publications": Page("/workshops/{uid}/publications", who="facilitator"),
    "exports-language-chosen": Page("/workshops/{uid}/exports?language=az", who="facilitator"),
    "import": Page("/workshops/import", who="facilitator"),
    "import-without-a-file": Page("/workshops/import", method="POST", data={}, who="facilitator"),
    "import-not-json": Page(
        "/workshops/import", method="POST", data={"document": "not json"}, who="facilitator"
    ),
}
#: Words of the translation each page must show (one per language is enough to know the
#: page was translated, not emptied).
WORDS = {
    "private-links": {"ru": "Личные ссылки", "hy": "Անձնական հղումներ", "az": "Şəxsi keçidlər"},
    "private-links-bad-request": {
        "ru": "Личные ссылки",
        "hy": "Անձնական հղումներ",
        "az": "Şəxsi keçidlər",
    },
    "private-link-issued": {
        "ru": "Новая личная ссылка на календарь",
        "hy": "Օրացույցի նոր անձնական հղում",
        "az": "Təqvimə yeni şəxsi keçid",
    },
    "publications": {
        "ru": "Опубликованные версии",
        "hy": "Հրապարակված տարբերակներ",
        "az": "Dərc olunmuş versiyalar",
    },
    "exports-language-chosen": {
        "ru": "Язык материалов для участников",
        "hy": "Մասնակիցների նյութերի լեզուն",
        "az": "İştirakçı materiallarının dili",
    },
    "import": {
        "ru": "Импортировать семинар",
        "hy": "Ներմուծել աշխատաժողով",
        "az": "Seminarı idxal et",
    },
    "import-without-a-file": {
        "ru": "Выберите JSON-файл для импорта.",
        "hy": "Ընտրեք ներմուծվող JSON ֆայլը։",
        "az": "İdxal üçün JSON faylı seçin.",
    },
    "import-not-json": {
        "ru": "Файл не является корректным JSON (строка 1).",
        "hy": "Ֆայլը վավեր JSON չէ (տող 1)։",
        "az": "Fayl düzgün JSON deyil (sətir 1).",
    },
}


def _path(client, make, locale: str, page: Page) -> str:
    path = _prepare(client, make, locale, page)
    invitation = db.session.scalar(
        select(Invitation.uid).join(Person).where(Person.name == "Անի Հակոբյան")
    )
    return path.replace("{invitation}", invitation)


def _data(page: Page) -> dict:
    data = dict(page.data or {})
    if "document" in data:  # a file upload, not a form field
        data["document"] = (io.BytesIO(data["document"].encode()), "brief.json")
    return data


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("locale", ["ru", "hy", "az"])
def test_page_is_wholly_in_the_chosen_language(client, make, locale, name):
    page = PAGES[name]
    path = _path(client, make, locale, page)
    response = client.open(path, method=page.method, data=_data(page))
    assert response.status_code == page.status, response.get_data(as_text=True)[:300]
    body = response.get_data(as_text=True)
    assert HTML_LANG.search(body).group(1) == locale
    text = visible_text(body)
    assert WORDS[name][locale] in text
    assert_no_english(text, name, locale)


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("private-links", "Private links for"),
        ("private-link-issued", "New private calendar link"),
        ("publications", "Published versions"),
        ("exports-language-chosen", "Language of the participant files"),
        ("import", "Upload a workshop brief exported as JSON"),
        ("import-without-a-file", "Choose a JSON file to import."),
        ("import-not-json", "The file is not valid JSON (line 1)."),
    ],
)
def test_the_same_pages_still_say_it_in_english(client, make, name, english):
    page = PAGES[name]
    path = _path(client, make, "en", page)
    response = client.open(path, method=page.method, data=_data(page))
    assert english in visible_text(response.get_data(as_text=True))


def test_the_import_report_is_in_the_importers_language(client, make):
    world = build_world(make)
    world.owner.preferred_language = "ru"
    db.session.commit()
    client.post("/login", data={"email": world.owner.email, "password": PASSWORD})
    exported = client.get(f"/workshops/{world.workshop.uid}/brief.json?audience=facilitator")
    document = json.loads(exported.data)
    document["workshop"]["co_facilitators"] = ["Nino Beridze"]
    listed = next(i for i in document["invitations"] if i["email"])
    listed["name"] += " (other spelling)"
    upload = (io.BytesIO(json.dumps(document).encode()), "brief.json")
    page = client.post("/workshops/import", data={"document": upload}, follow_redirects=True)
    text = visible_text(page.get_data(as_text=True))
    assert "Эти части файла не были приняты:" in text
    assert "Со-фасилитаторы Nino Beridze не добавлены" in text
    assert "сохранено прежнее значение «имя»" in text
    assert "kept the" not in text and "were not added" not in text

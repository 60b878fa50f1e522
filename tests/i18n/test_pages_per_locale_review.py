"""The readiness review and the source import in Russian, Armenian and Azerbaijani (issue 19).

Every page of the two areas — the full readiness review and the workshop page's readiness
panel (a workshop with findings of every severity), the sources list, import form, source,
candidate review and a refused upload, the prompt library and a prompt — answers in the
reader's language: no 500, the right ``<html lang>``, none of the catalogue's English, and
words of the translation present. The findings are worded by the rules in the reader's
language and remembered per language: a review remembered in Armenian is never served to a
Russian reader. Russian's three plural forms show in a finding's count.
"""

from __future__ import annotations

import io
import re
from datetime import time
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from planner import caching, remembered
from planner.extensions import db
from planner.models import Prompt, Source
from planner.readiness import FindingSeverity, review, rules
from planner.vocabulary import Community, Confidentiality, Role, Severity
from planner.workshop_loading import load_workshop_page_data
from tests.factories import PASSWORD
from tests.http.test_sources import SHORT_ARTICLE as ARTICLE
from tests.i18n.test_cli_language import CLEAN, cli_app  # noqa: F401 - a fixture
from tests.i18n.test_pages_per_locale import (
    HTML_LANG,
    assert_no_english,
    visible_text,
)
from tests.unit.test_readiness_rules import _press, crowd

LOCALES = ["ru", "hy", "az"]

# ARTICLE has text in every script; its words are content, never translated.

#: Words each page must show in each language (from the translations of this area).
EXPECTED = {
    "readiness": {
        "ru": ["Проверка готовности", "Почему это важно", "Нет сессии закрытия", "Ошибки ("],
        "hy": ["Պատրաստվածության ստուգում", "Ինչու է սա կարևոր", "Փակման նիստ չկա", "Սխալներ ("],
        "az": ["Hazırlıq yoxlaması", "Bu niyə vacibdir", "Bağlanış sessiyası yoxdur", "Xətalar ("],
    },
    "workshop-panel": {
        "ru": ["Проверка готовности", "Место проведения слишком мало", "Нет участников"],
        "hy": ["Պատրաստվածության ստուգում", "Անցկացման վայրը չափազանց փոքր է", "Մասնակիցներ չկան"],
        "az": ["Hazırlıq yoxlaması", "Keçirilmə yeri çox kiçikdir", "İştirakçı yoxdur"],
    },
    "sources": {
        "ru": ["Импортировать источник", "Автор и издание"],
        "hy": ["Ներմուծել աղբյուր", "Հեղինակ և լրատվամիջոց"],
        "az": ["Mənbə idxal et", "Müəllif və nəşr"],
    },
    "source-new": {
        "ru": ["Вставьте статью", "Авторство (необязательно)"],
        "hy": ["Տեղադրեք հոդվածը", "Հեղինակային տվյալներ (ըստ ցանկության)"],
        "az": ["Məqaləni yapışdırın", "Müəlliflik məlumatı (istəyə bağlı)"],
    },
    "source-bad-upload": {
        "ru": ["Ничего не импортировано.", "Загрузите файл .txt, .md, .html, .docx или .pdf"],
        "hy": ["Ոչինչ չի ներմուծվել։", "Վերբեռնեք .txt, .md, .html, .docx կամ .pdf ֆայլ"],
        "az": ["Heç nə idxal olunmadı.", ".txt, .md, .html, .docx və ya .pdf faylı yükləyin"],
    },
    "source-empty-upload": {
        "ru": ["Ничего не импортировано.", "Файл пуст."],
        "hy": ["Ոչինչ չի ներմուծվել։", "Ֆայլը դատարկ է։"],
        "az": ["Heç nə idxal olunmadı.", "Fayl boşdur."],
    },
    "source": {
        "ru": ["Фрагмент 1", "Рассмотреть предложенные вопросы", "Удалить этот источник"],
        "hy": ["Պարբերություն 1", "Դիտարկել առաջարկվող հարցերը", "Ջնջել այս աղբյուրը"],
        "az": ["Parça 1", "Təklif olunan suallara bax", "Bu mənbəni sil"],
    },
    "source-candidates": {
        "ru": ["Предложенные вопросы", "Принять", "Отклонить"],
        "hy": ["Առաջարկվող հարցեր", "Ընդունել", "Մերժել"],
        "az": ["Təklif olunan suallar", "Qəbul et", "Rədd et"],
    },
    "source-bad-prompt": {
        "ru": ["Вопрос должен быть открытым"],
        "hy": ["Հարցը պետք է լինի բաց հարց"],
        "az": ["açıq sual olmalıdır"],
    },
    "prompts": {
        "ru": ["Библиотека вопросов", "Все этапы", "Отфильтровать"],
        "hy": ["Հարցերի գրադարան", "Բոլոր փուլերը", "Զտել"],
        "az": ["Suallar kitabxanası", "Bütün mərhələlər", "Süz"],
    },
    "prompt": {
        "ru": ["Откуда он", "Цитата — утверждение автора"],
        "hy": ["Որտեղից է այն", "Մեջբերումը հեղինակի պնդումն է"],
        "az": ["Haradan götürülüb", "Sitat faktın ifadəsi deyil"],
    },
}


def _workshop_with_findings(make, owner):
    """A workshop that the review finds wanting at every severity: one side absent and a
    venue too small (errors), a critical topic at the opening with no closing (warnings),
    a venue in one side's country and an unflagged topic (suggestions), a participant who
    did not consent to be listed (information)."""
    venue = make.venue(name="Hotel Ani", city="Yerevan", country="AM", capacity=1)
    workshop = make.workshop(
        owner=owner, title="Dialogue in Tbilisi", venue=venue, confidentiality="chatham_house"
    )
    for n in range(3):
        make.invite(workshop, make.person(name=f"Անի {n}", consent_to_list=n != 0))
    critical = make.topic("humanitarian-access", severity=Severity.CRITICAL)
    make.topic("borders", severity=Severity.HIGH, keywords=["border"])
    opening = make.session(workshop, title="Opening", start_time=time(9))
    opening.topics.append(critical)
    make.session(workshop, title="Border story", start_time=time(11))
    db.session.commit()
    return workshop


@pytest.fixture
def world(make):
    owner = make.user(Role.FACILITATOR, name="Ольга Смирнова")
    return SimpleNamespace(owner=owner, workshop=_workshop_with_findings(make, owner))


def _sign_in(client, user, locale: str) -> None:
    user.preferred_language = locale
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _import(client) -> Source:
    response = client.post("/sources/new", data={"text": ARTICLE})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return db.session.scalars(select(Source).order_by(Source.id.desc())).first()


def _candidates(body: str) -> list[tuple[str, str]]:
    found = re.findall(
        r'name="candidate" value="([0-9a-f]+)">.*?<textarea[^>]*>(.*?)</textarea>', body, re.S
    )
    assert found, "no candidate on the review page"
    return found


def _accept_one(client, source: Source) -> Prompt:
    key, text = _candidates(client.get(f"/sources/{source.id}/candidates").get_data(as_text=True))[
        0
    ]
    client.post(f"/sources/{source.id}/candidates", data={"candidate": key, "accept": "1"})
    prompt = db.session.scalars(select(Prompt).order_by(Prompt.id.desc())).first()
    assert prompt is not None
    return prompt


def _readiness_panel(body: str) -> str:
    start = body.index('<section aria-labelledby="readiness-h"')
    return body[start : body.index("</section>\n", body.rindex('class="finding-rule"', start))]


def _response(client, world, name: str):
    """The page ``name`` of this area, as the signed-in facilitator sees it."""
    uid = world.workshop.uid
    if name == "readiness":
        return client.get(f"/workshops/{uid}/readiness")
    if name == "workshop-panel":
        return client.get(f"/workshops/{uid}")
    if name == "sources":
        _import(client)
        return client.get("/sources/")
    if name == "source-new":
        return client.get("/sources/new")
    if name == "source-bad-upload":
        return client.post(
            "/sources/new",
            data={"document": (io.BytesIO(b"MZ\x90\x00"), "article.exe")},
            content_type="multipart/form-data",
        )
    if name == "source-empty-upload":
        return client.post(
            "/sources/new",
            data={"document": (io.BytesIO(b""), "article.txt")},
            content_type="multipart/form-data",
        )
    if name == "source":
        return client.get(f"/sources/{_import(client).id}")
    if name == "source-candidates":
        return client.get(f"/sources/{_import(client).id}/candidates")
    if name == "source-bad-prompt":
        source = _import(client)
        key, _text = _candidates(
            client.get(f"/sources/{source.id}/candidates").get_data(as_text=True)
        )[0]
        return client.post(
            f"/sources/{source.id}/candidates",
            data={"candidate": key, "text": "Borders are closed.", "accept": "1"},
        )
    if name == "prompts":
        _accept_one(client, _import(client))
        return client.get("/prompts/")
    if name == "prompt":
        return client.get(f"/prompts/{_accept_one(client, _import(client)).id}")
    raise AssertionError(name)


STATUS = {"source-bad-upload": 400, "source-empty-upload": 400, "source-bad-prompt": 400}


def _content(page: str) -> str:
    """What people typed or imported on these pages: the article's text, the candidates'
    and prompts' wording (content, not interface), cut out of the visible text."""
    return "\n".join(
        [ARTICLE, *re.findall(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)]
        + re.findall(r'class="prompt-text"[^>]*>(?:<a [^>]*>)?(.*?)<', page, re.S)
        + re.findall(
            r'<(?:blockquote|p) class="(?:passage|passage-text|citation)[^"]*">(.*?)</', page, re.S
        )
    )


def _interface_text(page: str) -> str:
    text = visible_text(page)
    for piece in re.split(r"\s*\n\s*", visible_text(_content(page))):
        if len(piece) > 3:
            text = text.replace(piece, " ")
    return text


@pytest.mark.parametrize("name", list(EXPECTED))
@pytest.mark.parametrize("locale", LOCALES)
def test_the_review_and_source_pages_are_wholly_in_the_chosen_language(client, world, locale, name):
    _sign_in(client, world.owner, locale)
    response = _response(client, world, name)
    body = response.get_data(as_text=True)
    assert response.status_code == STATUS.get(name, 200), body[:500]
    assert HTML_LANG.search(body).group(1) == locale
    page = _readiness_panel(body) if name == "workshop-panel" else body
    text = _interface_text(page)
    for words in EXPECTED[name][locale]:
        assert words in text, f"{words!r} missing on {name} in {locale}: {text[-3000:]}"
    assert_no_english(text, name, locale)


def test_the_review_in_english_still_says_it_in_english(client, world):
    # The checks above would pass on a page that lost its text: English shows the phrases.
    _sign_in(client, world.owner, "en")
    text = visible_text(
        client.get(f"/workshops/{world.workshop.uid}/readiness").get_data(as_text=True)
    )
    for phrase in (
        "Why this matters",
        "No closing session",
        "Venue too small",
        "No Azerbaijani participants",
        "Errors (",
        "Information (1)",
        "The participant brief will leave out 1 person who did not consent to be listed.",
    ):
        assert phrase in text
    _import(client)
    text = visible_text(client.get("/sources/").get_data(as_text=True))
    assert "Import a source" in text and "Author and outlet" in text


def test_the_review_has_findings_of_every_severity(app, world):
    # The pages above are tested on a workshop the review finds wanting in every way.
    findings = review(load_workshop_page_data(world.workshop.uid))
    assert {f.severity for f in findings} == set(FindingSeverity)


def test_a_remembered_review_is_served_in_the_language_of_each_reader(client, world):
    # Warm the shared cache in Armenian, then read the same workshop's review in Russian.
    uid = world.workshop.uid
    _sign_in(client, world.owner, "hy")
    armenian = visible_text(client.get(f"/workshops/{uid}/readiness").get_data(as_text=True))
    assert "Փակման նիստ չկա" in armenian
    client.post("/language", data={"language": "ru", "next": f"/workshops/{uid}/readiness"})
    russian = visible_text(client.get(f"/workshops/{uid}/readiness").get_data(as_text=True))
    assert "Нет сессии закрытия" in russian
    assert "Փակման նիստ չկա" not in russian and "No closing session" not in russian
    # And back: the Armenian entry is still there, and still Armenian.
    client.post("/language", data={"language": "hy", "next": f"/workshops/{uid}/readiness"})
    again = visible_text(client.get(f"/workshops/{uid}/readiness").get_data(as_text=True))
    assert "Փակման նիստ չկա" in again and "Нет сессии закрытия" not in again


def test_the_remembered_review_is_keyed_by_language(app, world):
    data = load_workshop_page_data(world.workshop.uid)
    with app.test_request_context():
        with force_locale("hy"):
            armenian = remembered.readiness(data)
            key_hy = caching.entry_key("readiness", caching.fingerprint(data))
        with force_locale("ru"):
            russian = remembered.readiness(data)
            key_ru = caching.entry_key("readiness", caching.fingerprint(data))
        with force_locale("hy"):
            assert remembered.readiness(data) == armenian
    assert key_hy != key_ru
    titles = {f.rule_id: f.title for f in russian}
    assert titles["R6"] == "Нет сессии закрытия"
    assert {f.rule_id: f.title for f in armenian}["R6"] == "Փակման նիստ չկա"


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, "Будет присутствовать 1 журналист;"),
        (3, "Будут присутствовать 3 журналиста;"),
        (5, "Будут присутствовать 5 журналистов;"),
    ],
)
def test_a_finding_counts_in_russians_three_plural_forms(app, count, words):
    workshop = _press(Confidentiality.CHATHAM_HOUSE, *crowd(count, segment="journalists"))
    with app.test_request_context(), force_locale("ru"):
        (finding,) = rules.press(workshop)
    assert finding.message.startswith(words), finding.message


def test_rules_word_their_findings_in_english_outside_a_request():
    workshop = _press(Confidentiality.CHATHAM_HOUSE, *crowd(3, segment="journalists"))
    (finding,) = rules.press(workshop)
    assert finding.message.startswith("3 journalists will attend;")
    assert finding.title == "Journalists under the Chatham House Rule"


def test_dates_hours_and_sides_in_a_finding_follow_the_language(app, world):
    data = load_workshop_page_data(world.workshop.uid)
    with app.test_request_context(), force_locale("ru"):
        findings = review(data)
    (parity,) = [f for f in findings if f.rule_id == "R1"]
    assert parity.title == "Нет участников (сторона: Азербайджанская)"
    assert "Армянская сторона: 3" in parity.message
    (early,) = [f for f in findings if f.rule_id == "R3"]
    assert "«Opening» (10 мая 09:00)" in early.message
    assert Community.ARMENIAN.label not in parity.message


def test_import_source_refuses_in_the_command_lines_language(cli_app, tmp_path):  # noqa: F811 - the imported fixture
    empty = tmp_path / "article.txt"
    empty.write_bytes(b"")
    result = cli_app.test_cli_runner().invoke(
        args=["import-source", str(empty)], env={**CLEAN, "LANG": "ru_RU.UTF-8"}
    )
    assert result.exit_code == 1
    assert "article.txt не импортирован: Файл пуст." in result.output


def test_import_source_reports_in_the_command_lines_language(cli_app, tmp_path):  # noqa: F811 - the imported fixture
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = cli_app.test_cli_runner().invoke(
        args=["import-source", str(article), "--dry-run"], env={**CLEAN, "PLANNER_LANGUAGE": "hy"}
    )
    assert result.exit_code == 0, result.output
    assert "Փորձնական գործարկում. ոչինչ չի պահպանվել։" in result.output
    assert "(պարբերություն " in result.output
    assert "Dry run" not in result.output and "(passage " not in result.output

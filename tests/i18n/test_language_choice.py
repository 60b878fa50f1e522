"""Choosing the interface's language (issue 19, item 2): the account's preferred language,
else the switcher's choice in the session, else Accept-Language, else English; the switcher
on every page, the sign-in page and the private agenda page included."""

from __future__ import annotations

import re

import pytest

from planner import create_app
from planner.extensions import db
from planner.models import AuditEvent, User
from tests.factories import PASSWORD
from tests.http.test_participant import build_world, publish
from tests.http.test_participant_links import issue

HTML_LANG = re.compile(r'<html lang="([a-z]+)" dir="ltr">')  # all four are left to right
SWITCHER = re.compile(r'<form method="post" action="/language"[^>]*>(.*?)</form>', re.S)


def lang_of(response) -> str:
    return HTML_LANG.search(response.get_data(as_text=True)).group(1)


def choose(client, code: str, back: str = "/login"):
    return client.post("/language", data={"language": code, "next": back})


def test_english_without_any_choice(client):
    assert lang_of(client.get("/login")) == "en"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("hy-AM,hy;q=0.9,en;q=0.5", "hy"),
        ("ru-RU,ru;q=0.9", "ru"),
        ("az-Latn-AZ,az;q=0.8", "az"),
        ("de-DE,fr;q=0.8", "en"),
        ("de-DE,ru;q=0.4", "ru"),
    ],
)
def test_the_browsers_languages_choose_among_the_four(client, header, expected):
    assert lang_of(client.get("/login", headers={"Accept-Language": header})) == expected


def test_the_switcher_is_on_the_sign_in_page_and_names_each_language_in_itself(client):
    page = client.get("/login", headers={"Accept-Language": "hy"}).get_data(as_text=True)
    switcher = SWITCHER.search(page).group(1)
    assert 'name="csrf_token"' in switcher
    assert 'name="next" value="/login"' in switcher
    for code, name in (
        ("en", "English"),
        ("ru", "Русский"),
        ("hy", "Հայերեն"),
        ("az", "Azərbaycanca"),
    ):
        assert f'value="{code}" lang="{code}"' in switcher and name in switcher
    assert re.search(r'value="hy"[^>]*aria-pressed="true"', switcher)
    assert re.search(r'value="en"[^>]*aria-pressed="false"', switcher)


def test_the_switchers_choice_outranks_the_browser_and_stays_in_the_session(client):
    response = choose(client, "az")
    assert response.status_code == 302 and response.location == "/login"
    assert lang_of(client.get("/login", headers={"Accept-Language": "ru"})) == "az"


def test_the_switcher_goes_back_only_to_a_same_site_path(client):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"):
        response = choose(client, "ru", target)
        assert response.status_code == 302 and response.location == "/", target
    assert choose(client, "ru", "/login?next=/my/").location == "/login?next=/my/"


def test_an_unknown_language_changes_nothing_and_says_so(client):
    choose(client, "hy")
    response = client.post("/language", data={"language": "fr", "next": "/login"})
    assert response.status_code == 302
    page = client.get("/login")
    assert lang_of(page) == "hy"
    assert "flash-error" in page.get_data(as_text=True)


def test_the_switcher_refuses_a_post_without_its_csrf_token():
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "WTF_CSRF_ENABLED": True}
    )
    with app.app_context():
        db.create_all()
        client = app.test_client()
        assert (
            client.post("/language", data={"language": "hy", "next": "/login"}).status_code == 400
        )
        assert lang_of(client.get("/login")) == "en"
        db.drop_all()


def test_a_refused_form_says_what_to_do_in_the_readers_language():
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "WTF_CSRF_ENABLED": True}
    )
    with app.app_context():
        db.create_all()
        client = app.test_client()
        page = client.post("/login", data={}, headers={"Accept-Language": "hy"})
        text = page.get_data(as_text=True)
        assert page.status_code == 400 and lang_of(page) == "hy"
        assert "Ձևը չափազանց հին էր" in text
        assert "CSRF" not in text and "Reload the page" not in text
        db.drop_all()


def test_the_accounts_preferred_language_outranks_the_session_and_the_browser(client, make, login):
    user = make.user()
    user.preferred_language = "ru"
    db.session.commit()
    choose(client, "az")
    login(user)
    page = client.get("/workshops/", headers={"Accept-Language": "hy"})
    assert lang_of(page) == "ru"


def test_a_signed_in_choice_becomes_the_accounts_preferred_language(client, make, login):
    user = make.user()
    login(user)
    choose(client, "hy", "/workshops/")
    db.session.expire_all()
    assert db.session.get(User, user.id).preferred_language == "hy"
    event = db.session.query(AuditEvent).filter_by(action="user.language_changed").one()
    assert event.details == {"from": "en", "to": "hy"} and event.actor_id == user.id
    # A new sign-in elsewhere reads it from the account.
    other = create_client_for(client)
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert lang_of(other.get("/workshops/")) == "hy"


def create_client_for(client):
    return client.application.test_client()


def test_the_language_chosen_before_signing_in_survives_the_new_session(client, make):
    user = make.user()
    user.preferred_language = "xx-unknown"  # no usable account language: the session's choice
    db.session.commit()
    choose(client, "az")
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert lang_of(client.get("/workshops/")) == "az"


def test_signing_out_keeps_the_language_for_the_sign_in_page(client, make, login):
    user = make.user()
    user.preferred_language = "ru"
    db.session.commit()
    login(user)
    client.post("/logout")
    assert lang_of(client.get("/login")) == "ru"


def test_private_agenda_page_has_the_switcher_and_keeps_the_choice_out_of_the_link(
    client, login, make
):
    world = build_world(make)
    publish(world)
    login(world.owner)
    path = issue(client, world, "agenda")
    client.post("/logout")
    anonymous = create_client_for(client)
    page = anonymous.get(path)
    assert page.status_code == 200
    switcher = SWITCHER.search(page.get_data(as_text=True)).group(1)
    assert f'name="next" value="{path}"' in switcher
    response = anonymous.post("/language", data={"language": "hy", "next": path})
    assert response.status_code == 302 and response.location == path  # no ?lang= anywhere
    again = anonymous.get(path)
    assert lang_of(again) == "hy"


def test_a_language_change_is_never_answered_not_modified(client, login, make):
    world = build_world(make)
    publish(world)
    login(world.owner)
    path = issue(client, world, "agenda")
    client.post("/logout")
    anonymous = create_client_for(client)
    first = anonymous.get(path)
    etag = first.headers["ETag"]
    assert anonymous.get(path, headers={"If-None-Match": etag}).status_code == 304
    anonymous.post("/language", data={"language": "ru", "next": path})
    answer = anonymous.get(path, headers={"If-None-Match": etag})
    assert answer.status_code == 200 and lang_of(answer) == "ru"
    assert answer.headers["ETag"] != etag


def test_being_sent_to_sign_in_is_said_in_the_visitors_language(client):
    choose(client, "ru")
    response = client.get("/my/")
    assert response.status_code == 302 and "/login" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "Войдите, чтобы открыть эту страницу." in page
    assert "Please sign in" not in page


def test_the_switcher_never_writes_the_query_string_into_the_page(client):
    # A search term (a person's address) must not be copied into every form on the page.
    page = client.get("/login?q=ani.hakobyan@example.org").get_data(as_text=True)
    switcher = SWITCHER.search(page).group(1)
    assert "ani.hakobyan" not in switcher and 'name="next" value="/login"' in switcher


def test_the_query_string_comes_back_from_this_sites_own_referrer_only(client):
    same_site = client.post(
        "/language",
        data={"language": "ru", "next": "/login"},
        headers={"Referer": "http://localhost/login?next=/my/"},
    )
    assert same_site.location == "/login?next=/my/"
    elsewhere = client.post(
        "/language",
        data={"language": "ru", "next": "/login"},
        headers={"Referer": "http://evil.example/login?next=//evil.example/"},
    )
    assert elsewhere.location == "/login"
    other_path = client.post(
        "/language",
        data={"language": "ru", "next": "/login"},
        headers={"Referer": "http://localhost/prompts/?phase=opening"},
    )
    assert other_path.location == "/login"

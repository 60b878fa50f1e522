"""Signing in and out (PRODUCT §2; issue: foundation)."""

from __future__ import annotations

from planner.vocabulary import Role
from tests.factories import PASSWORD


def test_login_page_has_email_and_password_fields(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    assert '<label for="email">' in page and '<label for="password">' in page


def test_right_password_signs_in_and_shows_workshops(client, make):
    user = make.user(Role.ORGANISER)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/workshops/").status_code == 200


def test_email_is_case_insensitive_at_sign_in(client, make):
    user = make.user(email="Mixed.Case@Example.org")
    response = client.post("/login", data={"email": "mixed.case@example.ORG", "password": PASSWORD})
    assert response.status_code == 302, user


def test_wrong_password_and_unknown_email_get_the_same_message(client, make):
    user = make.user()
    wrong = client.post("/login", data={"email": user.email, "password": "not the password at all"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 200
    message = "That email and password do not match an active account."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert client.get("/workshops/").status_code == 302  # still signed out


def test_inactive_account_is_refused(client, make):
    user = make.user(active=False)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/workshops/").status_code == 302


def test_logout_signs_out_and_a_copied_cookie_stops_working(app, client, make, login):
    user = make.user()
    login(user)
    copied = app.test_client()
    cookie = client.get_cookie("session")
    copied.set_cookie("session", cookie.value)
    assert copied.get("/workshops/").status_code == 200
    client.post("/logout")
    assert client.get("/workshops/").status_code == 302
    assert copied.get("/workshops/").status_code == 302


def test_pages_require_sign_in(client):
    response = client.get("/workshops/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_next_parameter_only_redirects_within_the_site(client, make):
    user = make.user()
    response = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/workshops/")

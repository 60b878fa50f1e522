"""Security baseline (issue 9): headers and cookies, CSRF, throttling, sessions, 2FA, logs."""

from __future__ import annotations

import logging
import re
import time

import pyotp
import pytest
from cryptography.fernet import Fernet

from planner import create_app
from planner.auth.sessions import LAST_SEEN_KEY, LAST_SEEN_REFRESH_SECONDS
from planner.config import ProductionConfig
from planner.extensions import db
from planner.models import User
from planner.security import scrub
from planner.vocabulary import Role
from tests.factories import PASSWORD

NEW_PASSWORD = "a new and longer passphrase"


def _other_client_with_cookie_of(app, client):
    copied = app.test_client()
    copied.set_cookie("session", client.get_cookie("session").value)
    return copied


# Headers and cookies ---------------------------------------------------------------------


def test_content_security_policy_forbids_inline_script_and_framing(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in policy


def test_every_page_says_nosniff_and_has_a_referrer_policy(client):
    response = client.get("/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_signed_in_pages_are_never_cached(client, make, login):
    login(make.user(Role.ORGANISER))
    assert client.get("/workshops/").headers["Cache-Control"] == "no-store"


def test_session_cookie_is_http_only_and_same_site_lax(client, make):
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_sign_in_starts_a_new_session(client, make):
    user = make.user()
    with client.session_transaction() as session:
        session["planted_by_attacker"] = "fixation"
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session


@pytest.fixture
def production_app(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-test-secret-key-0123456789")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PLANNER_DATA_KEY", Fernet.generate_key().decode())
    return create_app("production")


def test_production_sends_hsts_and_secure_cookies(production_app):
    response = production_app.test_client().get("/healthz")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    assert production_app.config["SESSION_COOKIE_SECURE"] is True


def test_debug_mode_is_refused_in_production(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-test-secret-key-0123456789")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PLANNER_DATA_KEY", Fernet.generate_key().decode())
    config = ProductionConfig()
    config.DEBUG = True
    with pytest.raises(RuntimeError, match="Debug mode"):
        create_app(config)


# CSRF ------------------------------------------------------------------------------------


def _dummy_url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        values[name] = 1 if type(converter).__name__ in ("IntegerConverter",) else "x"
    return rule.build(values, append_unknown=False)[1]


def test_every_state_changing_request_without_a_csrf_token_is_refused(app, client, make, login):
    login(make.user(Role.ORGANISER))
    app.config["WTF_CSRF_ENABLED"] = True
    refused = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}):
            response = client.open(_dummy_url(rule), method=method, data={"x": "1"})
            if response.status_code != 400:
                refused.append(f"{method} {rule.rule} answered {response.status_code}")
    assert refused == []


def test_sign_in_without_a_csrf_token_is_refused(app, client, make):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/workshops/").status_code == 302


def test_sign_in_with_the_csrf_token_from_the_form_works(app, client, make):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make.user()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


# Throttling ------------------------------------------------------------------------------


@pytest.fixture
def throttled(app):
    """A second app on the same database with throttling on (it is read when the app starts)."""
    throttled_app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
            "LOGIN_LIMIT_PER_ADDRESS": "6 per minute",
        }
    )
    with throttled_app.app_context():
        if app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":
            db.create_all()  # a new in-memory database
        yield throttled_app
        db.session.remove()
        db.engine.dispose()


def test_sign_in_is_throttled_per_account(throttled):
    from tests.factories import Factories

    user = Factories().user()
    client = throttled.test_client()
    for _ in range(3):
        assert (
            client.post(
                "/login", data={"email": user.email, "password": "wrong guess 123"}
            ).status_code
            == 200
        )
    blocked = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert client.get("/workshops/").status_code == 302


def test_sign_in_is_throttled_per_address_across_accounts(throttled):
    client = throttled.test_client()
    for n in range(6):
        client.post(
            "/login", data={"email": f"guess{n}@example.org", "password": "wrong guess 123"}
        )
    response = client.post("/login", data={"email": "another@example.org", "password": "x" * 12})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_second_factor_codes_are_throttled_per_account(throttled):
    from tests.factories import Factories

    user = Factories().user(Role.ORGANISER)
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    client = throttled.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    for _ in range(3):
        assert client.post("/login/two-factor", data={"code": "000000"}).status_code == 200
    right_code = pyotp.TOTP(user.totp_secret).now()
    assert client.post("/login/two-factor", data={"code": right_code}).status_code == 429


# Passwords and sessions ------------------------------------------------------------------


def test_changing_password_signs_out_other_sessions_but_keeps_this_one(app, client, make, login):
    user = make.user()
    login(user)
    other = _other_client_with_cookie_of(app, client)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/workshops/").status_code == 200
    assert other.get("/workshops/").status_code == 302
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)


def test_password_change_refuses_a_short_password(client, make, login):
    user = make.user()
    login(user)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "short pass", "confirm": "short pass"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_password_change_refuses_a_common_password(client, make, login):
    login(make.user())
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "password1234",
            "confirm": "password1234",
        },
    )
    assert "too common" in response.get_data(as_text=True)


def test_password_change_needs_the_current_password(client, make, login):
    user = make.user()
    login(user)
    response = client.post(
        "/account/password",
        data={
            "current_password": "not my password",
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert "not your current password" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_an_idle_session_is_signed_out(client, make, login):
    login(make.user())
    with client.session_transaction() as session:
        session[LAST_SEEN_KEY] = int(time.time()) - 24 * 3600
    response = client.get("/workshops/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.get("/workshops/").status_code == 302


def test_an_active_session_stays_signed_in_and_is_refreshed(client, make, login):
    login(make.user())
    stale = int(time.time()) - 120
    with client.session_transaction() as session:
        session[LAST_SEEN_KEY] = stale
    assert client.get("/workshops/").status_code == 200
    with client.session_transaction() as session:
        assert session[LAST_SEEN_KEY] > stale


def test_a_session_without_a_last_seen_time_is_refused(client, make, login):
    login(make.user())
    with client.session_transaction() as session:
        session.pop(LAST_SEEN_KEY)
    assert client.get("/workshops/").status_code == 302


# Two-factor sign-in ----------------------------------------------------------------------


def _enrol(client) -> tuple[str, str]:
    """Enrol the signed-in user; return the secret and one recovery code."""
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    codes = re.findall(
        r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", response.get_data(as_text=True)
    )
    assert len(codes) == 10
    return secret, codes[0]


def test_facilitator_sees_a_qr_code_to_enrol(client, make, login):
    login(make.user(Role.FACILITATOR))
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml;base64,' in page
    assert '<label for="code">' in page


def test_facilitator_enrols_with_a_code_from_the_app(client, make, login):
    user = make.user(Role.FACILITATOR)
    login(user)
    _enrol(client)
    assert db.session.get(User, user.id).totp_secret


def test_a_wrong_code_does_not_enrol(client, make, login):
    user = make.user(Role.FACILITATOR)
    login(user)
    client.get("/account/two-factor")
    response = client.post("/account/two-factor", data={"code": "000000x"})
    assert "does not match" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).totp_secret is None


def test_participant_cannot_enrol_in_two_factor(client, make, login):
    login(make.participant_user())
    assert client.get("/account/two-factor").status_code == 403


def test_enrolled_account_needs_the_code_after_the_password(app, client, make, login):
    user = make.user(Role.ORGANISER)
    login(user)
    secret, _ = _enrol(client)
    fresh = app.test_client()
    response = fresh.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/two-factor")
    assert fresh.get("/workshops/").status_code == 302  # not signed in yet
    # The enrolment code is spent: the next one (still within the allowed clock drift) works.
    response = fresh.post("/login/two-factor", data={"code": _next_code(secret)})
    assert response.status_code == 302
    assert fresh.get("/workshops/").status_code == 200


def _next_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30)


def _pending_sign_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/two-factor")
    return client


def test_a_code_signs_in_once_and_never_again(app, client, make, login):
    user = make.user(Role.FACILITATOR)
    login(user)
    secret, _ = _enrol(client)
    code = _next_code(secret)
    first = _pending_sign_in(app, user)
    assert first.post("/login/two-factor", data={"code": code}).status_code == 302
    # The same code, typed again (or seen over a shoulder) within its 30 seconds: refused.
    second = _pending_sign_in(app, user)
    response = second.post("/login/two-factor", data={"code": code})
    assert response.status_code == 200
    assert "That code is not right" in response.get_data(as_text=True)
    assert second.get("/workshops/").status_code == 302


def test_the_code_that_enrolled_cannot_sign_in(app, client, make, login):
    user = make.user(Role.FACILITATOR)
    login(user)
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)
    step = pyotp.TOTP(secret).timecode(time.time())
    enrolment_code = pyotp.TOTP(secret).generate_otp(step)
    assert client.post("/account/two-factor", data={"code": enrolment_code}).status_code == 200
    fresh = _pending_sign_in(app, user)
    response = fresh.post("/login/two-factor", data={"code": enrolment_code})
    assert response.status_code == 200 and fresh.get("/workshops/").status_code == 302
    # An older code than the last one used is refused as well.
    older = pyotp.TOTP(secret).generate_otp(step - 1)
    assert fresh.post("/login/two-factor", data={"code": older}).status_code == 200


def test_a_wrong_second_factor_does_not_sign_in(app, client, make, login):
    user = make.user(Role.FACILITATOR)
    login(user)
    _enrol(client)
    fresh = app.test_client()
    fresh.post("/login", data={"email": user.email, "password": PASSWORD})
    response = fresh.post("/login/two-factor", data={"code": "123456"})
    assert "That code is not right" in response.get_data(as_text=True)
    assert fresh.get("/workshops/").status_code == 302


def test_a_recovery_code_signs_in_once(app, client, make, login):
    user = make.user(Role.FACILITATOR)
    login(user)
    _, recovery = _enrol(client)
    first = app.test_client()
    first.post("/login", data={"email": user.email, "password": PASSWORD})
    assert first.post("/login/two-factor", data={"code": recovery}).status_code == 302
    second = app.test_client()
    second.post("/login", data={"email": user.email, "password": PASSWORD})
    assert second.post("/login/two-factor", data={"code": recovery}).status_code == 200
    assert second.get("/workshops/").status_code == 302


def test_second_step_without_a_password_goes_back_to_sign_in(client):
    response = client.post("/login/two-factor", data={"code": "123456"})
    assert response.headers["Location"].endswith("/login")


def test_organiser_must_enrol_when_the_setting_requires_it(app, client, make, login):
    app.config["REQUIRE_2FA_FOR_ORGANISERS"] = True
    login(make.user(Role.ORGANISER))
    response = client.get("/workshops/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/two-factor")


def test_facilitator_is_not_forced_to_enrol_by_the_organiser_setting(app, client, make, login):
    app.config["REQUIRE_2FA_FOR_ORGANISERS"] = True
    login(make.user(Role.FACILITATOR))
    assert client.get("/workshops/").status_code == 200


def test_turning_two_factor_off_needs_the_password(client, make, login):
    user = make.user(Role.FACILITATOR)
    login(user)
    _enrol(client)
    client.post("/account/two-factor/disable", data={"password": "wrong password here"})
    assert db.session.get(User, user.id).totp_secret
    client.post("/account/two-factor/disable", data={"password": PASSWORD})
    assert db.session.get(User, user.id).totp_secret is None


def test_account_page_links_to_password_and_two_factor(client, make, login):
    login(make.user(Role.FACILITATOR, name="Aygün Məmmədova"))
    page = client.get("/account").get_data(as_text=True)
    assert "Aygün Məmmədova" in page
    assert "/account/password" in page and "/account/two-factor" in page


# Logs ------------------------------------------------------------------------------------


def test_a_failed_sign_in_logs_neither_the_email_nor_the_password(client, make, caplog):
    user = make.user(email="ani.hakobyan@example.org")
    caplog.set_level(logging.DEBUG)
    client.post("/login", data={"email": user.email, "password": "secret guess 4711"})
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert "ani.hakobyan" not in logged
    assert "secret guess 4711" not in logged


def test_log_scrubbing_removes_emails_tokens_queries_and_sql_parameters():
    token = "Xy9" * 15
    line = (
        f'"GET /p/{token}/agenda?email=a@b.org HTTP/1.1" 200 ann@example.org\n'
        "[SQL: INSERT INTO people (name) VALUES (?)]\n[parameters: ('Անի Հակոբյան',)]\n"
    )
    cleaned = scrub(line)
    assert token not in cleaned
    assert "ann@example.org" not in cleaned and "a@b.org" not in cleaned
    assert "Անի" not in cleaned
    assert "INSERT INTO people" in cleaned  # the statement itself stays useful


def test_a_form_holding_a_nul_character_is_refused_with_a_message(client, make, login):
    login(make.user(Role.ORGANISER))
    response = client.post("/admin/users", data={"name": "a\x00b", "email": "x@example.org"})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert db.session.query(User).filter_by(email="x@example.org").count() == 0


def test_an_unexpected_error_is_logged_without_names_or_emails(app, caplog):
    # Alembic's logging setup (run once for the PostgreSQL schema) disables existing loggers.
    app.logger.disabled = False
    caplog.set_level(logging.ERROR)
    try:
        raise RuntimeError(
            "(IntegrityError) [SQL: INSERT INTO people (name, email) VALUES (?, ?)]\n"
            "[parameters: ('Անի Հակոբյան', 'ani@example.org')]"
        )
    except RuntimeError:
        app.logger.exception("Unhandled error")
    assert "Unhandled error" in caplog.text
    assert "Անի" not in caplog.text and "ani@example.org" not in caplog.text


def test_enrolled_account_page_shows_the_unused_recovery_codes(client, make, login):
    login(make.user(Role.FACILITATOR))
    _enrol(client)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "You have 10 unused recovery codes." in page
    assert '<label for="password">' in page


def test_exports_are_never_cached(client, make, login):
    organiser = make.user(Role.ORGANISER)
    workshop = make.workshop()
    login(organiser)
    response = client.get(f"/workshops/{workshop.uid}/roster.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/app.css")
    assert response.headers.get("Cache-Control") != "no-store"


def test_the_session_cookie_is_resent_only_when_the_last_seen_time_moves(client, make, login):
    """Within a minute of the last refresh no cookie is re-signed; after it, one is."""
    login(make.user())
    with client.session_transaction() as session:
        session[LAST_SEEN_KEY] = int(time.time()) - 5
    client.get("/workshops/")  # the first page may still add its CSRF token to the session
    quiet = client.get("/workshops/")
    assert quiet.status_code == 200
    assert "Set-Cookie" not in quiet.headers
    with client.session_transaction() as session:
        session[LAST_SEEN_KEY] = int(time.time()) - LAST_SEEN_REFRESH_SECONDS - 1
    moved = client.get("/workshops/")
    assert moved.status_code == 200
    assert "session=" in moved.headers.get("Set-Cookie", "")

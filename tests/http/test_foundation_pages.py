"""Foundation pages: health check, error pages, catalogues, prompt citations, headers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from planner.extensions import db
from planner.models import Prompt
from planner.vocabulary import Role


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_unknown_page_is_a_friendly_404(client, make, login):
    login(make.user())
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_unexpected_error_is_a_friendly_500_without_a_trace(app, client, make, login, monkeypatch):
    login(make.user(Role.ORGANISER))
    import planner.workshops.views as views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "render_template", explode)
    response = client.get("/workshops/")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert (
        "Something went wrong" in body
        and "secret internals" not in body
        and "Traceback" not in body
    )


def test_security_headers_are_on_every_page(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_signed_in_pages_are_not_cached(client, make, login):
    login(make.user())
    assert client.get("/workshops/").headers["Cache-Control"] == "no-store"


def test_catalogue_pages_for_organisers_and_facilitators(seeded, client, make, login):
    login(make.user(Role.FACILITATOR))
    assert "Tbilisi" in client.get("/venues/").get_data(as_text=True)
    assert "Journalists" in client.get("/segments/").get_data(as_text=True)
    topics = client.get("/topics/").get_data(as_text=True)
    assert "Humanitarian crisis and access to supplies" in topics and "Handling guidance" in topics


def test_participants_cannot_open_catalogues_or_the_prompt_library(seeded, client, make, login):
    login(make.user(Role.PARTICIPANT))
    for url in ("/venues/", "/segments/", "/topics/", "/prompts/"):
        assert client.get(url).status_code == 403, url


def test_prompt_page_shows_its_quote_in_the_context_of_its_passage(seeded, client, make, login):
    login(make.user(Role.FACILITATOR))
    prompt = db.session.scalar(select(Prompt).where(Prompt.key == "realism-no-miracles"))
    page = client.get(f"/prompts/{prompt.id}").get_data(as_text=True)
    assert (
        "<mark>no miracles are possible and that any solution requires painful decisions</mark>"
        in page
    )
    assert "The participants are more realistic" in page  # the rest of the passage around it


def test_prompt_library_filters_by_phase_and_text(seeded, client, make, login):
    login(make.user(Role.ORGANISER))
    page = client.get("/prompts/?phase=humanitarian").get_data(as_text=True)
    assert "starvation" in page and "no miracles" not in page
    page = client.get("/prompts/?q=echo").get_data(as_text=True)
    assert "echo-chamber" in page and "starvation" not in page

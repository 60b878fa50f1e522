"""Serving settings (gunicorn.conf.py, planner.config): the PostgreSQL pool follows the
threads, and the master compiles every template before forking its workers."""

from __future__ import annotations

import runpy
from pathlib import Path

from planner.config import load_config

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _gunicorn_settings(monkeypatch, **env) -> dict:
    monkeypatch.delenv("DB_POOL_SIZE", raising=False)  # the file sets it: undone afterwards
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_the_pool_is_sized_for_the_threads(monkeypatch):
    settings = _gunicorn_settings(monkeypatch, WEB_CONCURRENCY="1", GUNICORN_THREADS="6")
    assert settings["threads"] == 6
    monkeypatch.setenv("DATABASE_URL", "postgresql://planner@localhost/planner")
    options = load_config("development").SQLALCHEMY_ENGINE_OPTIONS
    assert options["pool_size"] == 6 and options["pool_pre_ping"] is True


def test_sqlite_keeps_its_own_pool(monkeypatch):
    monkeypatch.setenv("DB_POOL_SIZE", "6")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/planner-test.db")
    assert "pool_size" not in load_config("development").SQLALCHEMY_ENGINE_OPTIONS


def test_the_master_compiles_every_template_before_forking(monkeypatch, app):
    settings = _gunicorn_settings(monkeypatch, WEB_CONCURRENCY="1")
    assert len(app.jinja_env.cache or {}) == 0
    settings["_warm"](app)
    compiled = {name for _loader, name in app.jinja_env.cache}
    assert {"base.html", "workshops/show.html", "participant/agenda.html"} <= compiled
    assert compiled == set(app.jinja_env.list_templates())

"""Dialogue Workshop Planner: plan confidence-building workshops, keep confidences.

``create_app`` is the application factory: it reads the configuration, binds the
extensions, registers the blueprints, the CLI and the error pages.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from planner.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Config | dict | str | None = None) -> Flask:
    """Build the app. ``config`` is a Config object, a settings name, or overrides (tests)."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    if isinstance(config, Config):
        app.config.from_object(config)
    elif isinstance(config, str):
        app.config.from_object(load_config(config))
    else:
        base = load_config("testing" if config and config.get("TESTING") else None)
        app.config.from_object(base)
        app.config.update(config or {})

    if app.config.get("ENV_NAME") == "production" and app.debug:
        raise RuntimeError("Debug mode is never allowed in production.")

    hops = int(app.config.get("PROXY_HOPS", 0) or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind a reverse proxy: trust exactly that many X-Forwarded-* hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    _init_extensions(app)
    _register_blueprints(app)

    from planner import cli, errors, i18n, security, static_files, templating, transactions

    # The request's language (Flask-Babel) and the language switcher's route.
    i18n.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    static_files.init_app(app)
    cli.init_app(app)
    # Last, so that every route is bound: each request's work is committed once, or undone.
    transactions.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from planner import models  # noqa: F401  (registers every table on the metadata)
    from planner.crypto import configure as configure_data_keys
    from planner.extensions import csrf, db, limiter, login_manager, mail, migrate
    from planner.languages import N_

    # Before the database: every encrypted column reads and writes through this keyring.
    configure_data_keys(app.config["DATA_KEYS"])

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A local file: no server connection can go stale, so no ping before each request.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    from planner import caching

    caching.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Translated when shown, in the reader's language (planner.i18n sets localize_callback).
    login_manager.login_message = N_("Please sign in to see this page.")
    login_manager.session_protection = "strong"

    from planner.auth.sessions import load_user

    login_manager.user_loader(load_user)

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from planner.database import enable_sqlite_pragmas

        with app.app_context():
            enable_sqlite_pragmas(db.engine)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    # One blueprint per area, each in planner/<area>/views.py as ``bp``.
    for area in (
        "main",
        "auth",
        "workshops",
        "people",
        "agenda",
        "participant",
        "briefs",
        "catalogue",
        "prompts",
        "sources",
        "admin",
        "protection",
        "outbox",
        "live",
        "translating",
    ):
        app.register_blueprint(import_module(f"planner.{area}.views").bp)

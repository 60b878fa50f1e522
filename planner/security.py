"""Security headers, no caching of anything signed-in or exported, and scrubbed logs.

The Content-Security-Policy allows scripts and styles from this origin only: no inline
script anywhere (templates load small modules from static/js/).

Application logs never hold participant names, notes, emails or private-link tokens:
``ScrubbingFilter`` removes query strings, token-like path segments, email addresses and
the SQL parameters that database errors quote, and request bodies are never logged.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, abort, g, request

from planner.conditional import REVALIDATE
from planner.i18n import gettext as _

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Loggers whose records may carry a request line or an exception from a request.
_SCRUBBED_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "sqlalchemy", "planner")

_EMAIL = re.compile(r"[^\s@/\"'<>(),;:]+@[^\s@/\"'<>(),;:]+\.[A-Za-z]{2,}")
# Private links carry long random tokens in the path; public ids are 16 characters.
_TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-]{32,}")
_QUERY = re.compile(r"\?[^\s\"']*")
# SQLAlchemy quotes the statement's parameters (names, notes) in its error messages.
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\]\n?(?=\(Background|\Z|\n)", re.DOTALL)


def scrub(text: str) -> str:
    """``text`` with emails, query strings, private tokens and SQL parameters removed."""
    text = _SQL_PARAMETERS.sub("[parameters: hidden]\n", text)
    text = _QUERY.sub("?[hidden]", text)
    text = _TOKEN_SEGMENT.sub("[token]", text)
    return _EMAIL.sub("[email]", text)


class ScrubbingFilter(logging.Filter):
    """Rewrite each record so that nothing confidential reaches a log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still worth logging, unformatted
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


def install_log_scrubbing(app: Flask) -> None:
    """Attach the filter to the app's logger, its handlers and the servers' loggers."""
    scrubber = ScrubbingFilter()
    # The root logger's handlers see every propagated record (e.g. sqlalchemy.engine.*).
    loggers = [
        logging.getLogger(),
        app.logger,
        *(logging.getLogger(name) for name in _SCRUBBED_LOGGERS),
    ]
    for logger in loggers:
        if not any(isinstance(f, ScrubbingFilter) for f in logger.filters):
            logger.addFilter(scrubber)
        # Filters on a logger do not see records propagated from its children; handlers do.
        for handler in logger.handlers:
            if not any(isinstance(f, ScrubbingFilter) for f in handler.filters):
                handler.addFilter(scrubber)


def refuse_nul_characters() -> None:
    """Answer 400 to a form or query holding a NUL character: it is never text anyone typed,
    and PostgreSQL refuses to store it (which would otherwise surface as a server error)."""
    values = [v for vs in request.args.listvalues() for v in vs]
    values += [v for v in (request.view_args or {}).values() if isinstance(v, str)]
    if request.method in ("POST", "PUT", "PATCH"):
        values += [v for vs in request.form.listvalues() for v in vs]
    if any("\x00" in value for value in values):
        abort(
            400,
            description=_(
                "The form held a character that is not allowed (NUL). Nothing was saved."
            ),
        )


def init_app(app: Flask) -> None:
    from planner.auth.sessions import enforce_session_rules

    install_log_scrubbing(app)

    def _forget_previous_user() -> None:
        # Flask-Login caches the user on ``g``, which lives on the app context; when one app
        # context spans several requests (tests, CLI), a request must not inherit the last
        # request's user: each request loads its own from its own cookie.
        g.pop("_login_user", None)

    app.before_request_funcs.setdefault(None, []).insert(0, _forget_previous_user)
    app.before_request(refuse_nul_characters)
    app.before_request(enforce_session_rules)

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("HSTS"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Every page but static files: signed-in pages, exports and private agenda links
        # alike must not stay in a shared or back-button cache.
        # A revalidated answer (planner.conditional) is private and asked for each time.
        if request.endpoint != "static" and headers.get("Cache-Control") != REVALIDATE:
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response

"""Friendly error pages: no stack trace ever reaches a person."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from planner.extensions import db
from planner.i18n import gettext

_TITLES = {
    400: _l("That request could not be understood"),
    403: _l("You do not have access to this"),
    404: _l("Page not found"),
    405: _l("That action is not allowed here"),
    413: _l("That file is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is unavailable"),
}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = error.code or 500
        title = _TITLES.get(code, error.name)
        message = error.description if code in (400, 413, 429) else None
        if isinstance(error, CSRFError):
            # Flask-WTF's reasons are for developers; the person needs what to do.
            message = gettext(
                "The form was too old or came from another page. Reload the page and try again."
            )
        elif message == type(error).description:
            # Werkzeug's own English sentence: the page's title and hints say it in the
            # reader's language.
            message = None
        return render_template("errors/error.html", code=code, title=title, message=message), code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error")
        db.session.rollback()
        return render_template("errors/error.html", code=500, title=_TITLES[500], message=None), 500

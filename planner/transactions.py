"""One unit of work per request: a view's changes are committed once, after it answers.

As Indico's request handlers do (``RH._process`` commits after the handler returns, and
rolls back when it raises), every view runs inside :func:`unit_of_work`, bound to each
endpoint by :func:`init_app`:

- the view answers below 400 (a page, a redirect, a file): the request's work is committed,
  once, before the answer leaves;
- the view raises anything (a refusal it did not catch, a 404, a bug) or answers 400 or
  above: the request's work is rolled back.

So views never call ``commit()`` or ``rollback()``. A view that shows a refusal instead of
raising it runs the operation through :func:`attempt`, which undoes what the operation had
done and says why; :func:`current_version` is the one recovery from an ``EditConflict``.
Operations only flush; CLI commands (not requests) and tests that call operations directly
commit themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import TypeVar

from flask import Flask, current_app, flash
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from planner.exceptions import DomainError, EditConflict
from planner.extensions import db

T = TypeVar("T")


def init_app(app: Flask) -> None:
    """Run every view (static files aside) as one unit of work; call after the blueprints."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static" and not getattr(view, "_unit_of_work", False):
            app.view_functions[endpoint] = unit_of_work(view)


def unit_of_work(view: Callable) -> Callable:
    """Commit what ``view`` did if it answered below 400; otherwise, or if it raised, roll back."""

    @wraps(view)
    def run(*args, **kwargs):
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            db.session.rollback()
            raise
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    run._unit_of_work = True  # type: ignore[attr-defined]
    return run


@dataclass(frozen=True)
class Refusal:
    """Why an operation was not carried out; the request's work so far is undone."""

    error: DomainError

    @property
    def message(self) -> str:
        return str(self.error)

    @property
    def conflict(self) -> bool:
        """True when someone else saved first (the page should show the current version)."""
        return isinstance(self.error, EditConflict)


def attempt(change: Callable[[], T]) -> tuple[T | None, Refusal | None]:
    """Run one operation and flush it; on a refusal roll back and say why.

    Returns ``(result, None)``, or ``(None, refusal)`` with nothing of the request saved.
    A row changed by someone else between our read and our write (``StaleDataError``) is
    an edit conflict like a stale form.
    """
    try:
        result = change()
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        return None, Refusal(EditConflict())
    except DomainError as error:
        db.session.rollback()
        return None, Refusal(error)
    return result, None


def current_version(refusal: Refusal, show: Callable[[], object]):
    """The one recovery from an edit conflict: say so, and show the current version.

    ``show`` renders the record as it is now (as opening the page would), or redirects to
    that page; a rendered page answers 409, so a stale form is never mistaken for saved.
    """
    flash(refusal.message, "error")
    response = current_app.make_response(show())
    if response.status_code == 200:
        response.status_code = 409
    return response


@contextmanager
def collisions_refused(refusal: Callable[[], DomainError]) -> Iterator[None]:
    """A unique constraint met at flush becomes ``refusal()``: someone saved the same thing
    at the same moment, and the person is told so rather than shown an error page."""
    try:
        yield
    except IntegrityError:
        raise refusal() from None

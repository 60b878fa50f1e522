"""Sessions: a cookie is valid only while it carries the user's current session token, and
only until it has been idle for ``PERMANENT_SESSION_LIFETIME``.

``enforce_session_rules`` runs before every request: it signs out an idle session (checked
on the server from a last-seen time kept in the signed session, so a client cannot extend
it) and sends an organiser without two-factor sign-in to enrol when the setting requires it.
"""

from __future__ import annotations

import hmac
import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from planner import access
from planner.extensions import db
from planner.i18n import gettext as _
from planner.models import User

#: Session key holding the time (seconds since the epoch) of the last signed-in request.
LAST_SEEN_KEY = "last_seen"

#: The last-seen time is rewritten at most once a minute: a cookie is re-signed and sent
#: only then, not with every response. The idle limit is counted in hours.
LAST_SEEN_REFRESH_SECONDS = 60

# Endpoints an organiser who must enrol in two-factor sign-in may still reach.
_ENROLMENT_ENDPOINTS = frozenset(
    {"auth.two_factor_setup", "auth.logout", "auth.login", "static", "main.healthz"}
)


def load_user(user_id: str) -> User | None:
    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdigit() or not token:
        return None
    # With the person record in the same query: every page's menu asks for it.
    user = db.session.get(User, int(raw_id), options=[joinedload(User.person)])
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.session_token, token):
        return None
    return user


def idle_limit_seconds() -> float:
    return current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()


def two_factor_required(user: User) -> bool:
    """Whether ``user`` must have two-factor sign-in before using the app."""
    return access.must_use_two_factor(user) and not user.totp_secret


def enforce_session_rules() -> Response | None:
    """Before each request: idle timeout, then compulsory two-factor enrolment."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = time.time()
    last_seen = session.get(LAST_SEEN_KEY)
    if not isinstance(last_seen, int | float) or now - last_seen > idle_limit_seconds():
        logout_user()
        session.clear()
        flash(_("You were signed out after a period of inactivity. Please sign in again."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if now - last_seen >= LAST_SEEN_REFRESH_SECONDS:
        session[LAST_SEEN_KEY] = int(now)
    if two_factor_required(current_user) and request.endpoint not in _ENROLMENT_ENDPOINTS:
        flash(_("Organisers must set up two-factor sign-in before continuing."), "info")
        return redirect(url_for("auth.two_factor_setup"))
    return None

"""Session loading: a cookie is valid only while it carries the user's current session token."""

from __future__ import annotations

import hmac

from planner.extensions import db
from planner.models import User


def load_user(user_id: str) -> User | None:
    raw_id, _, token = user_id.partition(":")
    if not raw_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.session_token, token):
        return None
    return user

"""Account operations: create, authenticate, record a sign-in, sign out everywhere."""

from __future__ import annotations

import functools

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from planner import audit
from planner.auth.passwords import check_password_policy
from planner.exceptions import DomainError
from planner.extensions import db
from planner.i18n import gettext as _
from planner.models import User
from planner.models._columns import utcnow
from planner.vocabulary import Role


class AccountError(DomainError):
    """An account cannot be created or changed as asked; the message says why."""


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(
    email: str, name: str, role: Role | str, password: str, *, check_policy=True
) -> User:
    email = email.strip()
    if "@" not in email or len(email) > 254:
        raise AccountError(_("%(email)s is not an email address.", email=repr(email)))
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(
            _("Role must be one of: %(roles)s.", roles=", ".join(r.value for r in Role))
        ) from None
    if find_user_by_email(email) is not None:
        raise AccountError(_("An account with the email %(email)s already exists.", email=email))
    if check_policy:
        check_password_policy(password)
    user = User(email=email, name=name.strip() or email.split("@")[0], role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", "user", user.id, details={"role": role.value})
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if the credentials are right and the account active; otherwise None.

    Unknown email, wrong password and inactive account give the same answer to the caller,
    so the sign-in page cannot be used to find out who has an account.
    """
    user = find_user_by_email(email)
    if user is None:
        # Spend the same time as a real check, so timing does not reveal unknown emails.
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    if not user.totp_secret:
        # The password was the whole sign-in; with a second factor, that step records it.
        user.last_login_at = utcnow()
    return user


def record_sign_in(user: User) -> None:
    """The user has signed in (with their second factor, when they have one)."""
    user.last_login_at = utcnow()
    audit.record("user.signed_in", "user", user.id, actor=user)


def sign_out_everywhere(user: User) -> None:
    """Invalidate every session cookie of this user, copied ones included."""
    user.rotate_session_token()


def set_preferred_language(user: User, code: str) -> None:
    """The account's interface language (planner.i18n.LANGUAGES), chosen with the switcher."""
    from planner.i18n import supported

    language = supported(code)
    if language is None:
        raise AccountError(f"{code!r} is not one of the interface's languages.")
    if user.preferred_language == language:
        return
    before = user.preferred_language
    user.preferred_language = language
    db.session.flush()
    audit.record(
        "user.language_changed",
        "user",
        user.id,
        actor=user,
        details={"from": before, "to": language},
    )


def deactivate(user: User) -> None:
    user.active = False
    user.rotate_session_token()
    audit.record("user.deactivated", "user", user.id)


def change_password(user: User, new_password: str) -> None:
    check_password_policy(new_password)
    user.set_password(new_password)
    user.rotate_session_token()
    audit.record("user.password_changed", "user", user.id)


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash("no account has this password")


def reactivate(user: User) -> None:
    user.active = True
    audit.record("user.reactivated", "user", user.id)


def reset_sessions(user: User) -> None:
    """An organiser signs someone out everywhere (a lost laptop, a shared computer)."""
    sign_out_everywhere(user)
    audit.record("user.sessions_reset", "user", user.id)

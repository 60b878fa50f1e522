"""Two-factor sign-in with a TOTP app (RFC 6238) and one-time recovery codes.

The secret is saved only once the person has proved their app works by typing a code; until
then it lives in their signed session. Recovery codes are shown once and stored hashed, a row
each (RecoveryCode); using one deletes its row, and only the request whose DELETE removed it
is let in, so two sign-ins racing with one code cannot both succeed.
Each TOTP code is accepted once (RFC 6238, section 5.2): the account keeps the time step of
the last code it accepted, and a code of that step or an earlier one is refused, so a code
seen over someone's shoulder cannot be replayed within its 30 seconds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import time

import pyotp
import qrcode
import qrcode.image.svg
from sqlalchemy import delete, or_, update

from planner import access, audit
from planner.exceptions import DomainError
from planner.extensions import db
from planner.i18n import gettext as _
from planner.models import RecoveryCode, User

ISSUER = "Dialogue Workshop Planner"
RECOVERY_CODE_COUNT = 10


class TwoFactorError(DomainError):
    """A code was wrong or enrolment cannot proceed; the message says why."""


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_url(uri: str) -> str:
    """An SVG QR code as a data: URL (the CSP allows data: images, not inline scripts)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def _hash_recovery_code(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _totp_step(secret: str, code: str) -> int | None:
    """The time step whose code ``code`` is, or None; one step either side of now allows
    for a phone clock a little off."""
    digits = _normalise(code)
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(time.time())
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def _spend_step(user: User, step: int) -> bool:
    """Record ``step`` as the account's last accepted code, unless it (or a later one) was
    already used. One conditional UPDATE: of two requests with the same code, one wins."""
    spent = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def enrol(user: User, secret: str, code: str) -> list[str]:
    """Turn two-factor sign-in on if ``code`` fits ``secret``; return the new recovery codes."""
    if not access.may_use_two_factor(user):
        raise TwoFactorError(_("Two-factor sign-in is for organisers and facilitators."))
    step = _totp_step(secret, code)
    if step is None:
        raise TwoFactorError(
            _("That code does not match. Check the time on your phone and try again.")
        )
    codes = [
        f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _code in range(RECOVERY_CODE_COUNT)
    ]
    user.totp_secret = secret
    # The code that proved the app works is spent: it cannot also sign someone in.
    user.totp_last_step = step
    user.recovery_codes = [RecoveryCode(code_hash=_hash_recovery_code(c)) for c in codes]
    audit.record("user.two_factor_enabled", "user", user.id, actor=user)
    return codes


def disable(user: User) -> None:
    user.totp_secret = None
    user.recovery_codes = []
    user.totp_last_step = None
    user.rotate_session_token()
    audit.record("user.two_factor_disabled", "user", user.id)


def verify(user: User, code: str) -> bool:
    """True if ``code`` is a current TOTP code not used before, or an unused recovery code;
    either is then spent."""
    if not user.totp_secret:
        return False
    step = _totp_step(user.totp_secret, code)
    if step is not None:
        return _spend_step(user, step)
    return _spend_recovery_code(user, _hash_recovery_code(code))


def _spend_recovery_code(user: User, hashed: str) -> bool:
    """Delete the account's recovery code with this hash; True only for the request whose
    DELETE removed the row (the other of two racing requests finds it gone)."""
    spent = db.session.execute(
        delete(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == hashed)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return False
    db.session.expire(user, ["recovery_codes"])
    audit.record("user.recovery_code_used", "user", user.id, actor=user)
    return True

"""Carrying an uploaded roster from its preview to its confirmation, tamper-proof.

The preview page holds the file itself (compressed, base64) signed with the app's secret
key, bound to the workshop and valid for an hour. The confirmation re-parses exactly those
bytes, so nothing a browser could edit in the preview is ever trusted.
"""

from __future__ import annotations

import base64
import binascii
import zlib

from flask import current_app
from itsdangerous import BadSignature, TimestampSigner

from planner.i18n import gettext as _

MAX_AGE_SECONDS = 3600


class InvalidRosterToken(ValueError):
    """The token was altered, belongs to another workshop, or has expired."""


def _signer(workshop_uid: str) -> TimestampSigner:
    return TimestampSigner(current_app.secret_key, salt=f"people.roster-import:{workshop_uid}")


def sign_roster(data: bytes, workshop_uid: str) -> str:
    packed = base64.urlsafe_b64encode(zlib.compress(data, 9))
    return _signer(workshop_uid).sign(packed).decode("ascii")


def unsign_roster(token: str, workshop_uid: str) -> bytes:
    try:
        packed = _signer(workshop_uid).unsign(token, max_age=MAX_AGE_SECONDS)
        return zlib.decompress(base64.urlsafe_b64decode(packed))
    except (BadSignature, binascii.Error, zlib.error, UnicodeError):
        raise InvalidRosterToken(
            _("The confirmation has expired or was changed. Upload the file again.")
        ) from None

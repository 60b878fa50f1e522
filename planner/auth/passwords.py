"""Password policy: at least 12 characters, and not one of the commonly used passwords."""

from __future__ import annotations

from planner.exceptions import DomainError
from planner.i18n import gettext

MIN_LENGTH = 12

# Common passwords of 12 characters or more (the shorter ones fail the length rule anyway).
_COMMON = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456789abc",
        "abc123456789",
        "password1234",
        "password12345",
        "password123!",
        "passwordpassword",
        "qwertyuiop12",
        "qwertyuiop123",
        "qwerty123456",
        "1q2w3e4r5t6y",
        "iloveyou1234",
        "administrator",
        "welcome12345",
        "letmein12345",
        "changeme1234",
        "trustno1trustno1",
        "football1234",
        "superman1234",
        "sunshine1234",
        "princess1234",
        "aaaaaaaaaaaa",
        "111111111111",
        "000000000000",
        "qwertyqwerty",
        "asdfghjkl123",
        "zxcvbnm12345",
        "monkey123456",
    }
)


class WeakPassword(DomainError):
    """The password does not meet the policy; the message says why."""


def check_password_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(gettext("Use at least %(count)s characters.", count=MIN_LENGTH))
    if password.lower() in _COMMON or len(set(password)) <= 2:
        raise WeakPassword(gettext("That password is too common; choose another."))

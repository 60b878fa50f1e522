"""Encryption at rest of the most sensitive fields, and keyed hashes for looking them up.

The fields that would hurt a participant most if a database file, a dump or a backup were
stolen — facilitator notes on people, workshops and sessions; people's e-mail addresses,
affiliations and the reasons for their risk level — are stored as Fernet tokens
(``cryptography``: AES-128-CBC with HMAC-SHA256, a timestamp and a random IV), through the
:class:`EncryptedText` column type. The application reads and writes plain text; only the
database (and so every dump and backup of it) holds ciphertext.

The keys come from ``PLANNER_DATA_KEY``: one or more Fernet keys separated by commas, the
first one encrypting, every one decrypting (``MultiFernet``). To rotate, put a new key first,
keep the old ones after it, run ``flask --app planner keys rotate`` (which re-encrypts every
value with the first key, in batches) and then drop the old keys.

An encrypted address cannot be compared in SQL, so each person also carries
``email_hash``: an HMAC-SHA256 of the normalised (trimmed, case-folded) address under a key
derived from the data key. It carries the uniqueness the address had (case-insensitive) and
answers "who has this address?" without decrypting anything. While several keys are
configured, lookups try the hash under each of them; ``keys rotate`` recomputes the hashes
under the first.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

__all__ = [
    "DataKeyError",
    "EncryptedText",
    "Keyring",
    "configure",
    "email_hash",
    "email_hashes",
    "generate_key",
    "keyring",
    "parse_keys",
]

#: Every Fernet token starts with the version byte 0x80, "gAAAAA" in URL-safe base64.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - a format marker, not a secret


class DataKeyError(RuntimeError):
    """The data key is missing, malformed, or does not open a stored value."""


def generate_key() -> str:
    """A fresh Fernet key (32 random bytes, URL-safe base64)."""
    return Fernet.generate_key().decode("ascii")


def parse_keys(text: str | None) -> tuple[str, ...]:
    """The keys of a ``PLANNER_DATA_KEY`` value, in order; ``DataKeyError`` when one is bad."""
    keys = tuple(part.strip() for part in (text or "").split(",") if part.strip())
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise DataKeyError(
                f"PLANNER_DATA_KEY: key {number} is not a Fernet key (32 bytes, URL-safe "
                "base64). Generate one with:\n  python -c 'from cryptography.fernet import "
                "Fernet; print(Fernet.generate_key().decode())'"
            ) from None
    return keys


class Keyring:
    """The configured keys: the first encrypts and hashes, all of them decrypt."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise DataKeyError("PLANNER_DATA_KEY is empty: at least one key is needed.")
        self.keys = tuple(keys)
        self._fernet = MultiFernet([Fernet(k) for k in self.keys])
        # A separate key for hashing, derived from each data key, so the HMAC never reuses
        # the encryption key's bytes.
        self._hash_keys = tuple(
            hashlib.sha256(b"planner email lookup\0" + base64.urlsafe_b64decode(k)).digest()
            for k in self.keys
        )

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError):
            raise DataKeyError(
                "A stored value cannot be decrypted with the keys in PLANNER_DATA_KEY: the key "
                "it was written with is missing (keep old keys after the new one until "
                "`flask --app planner keys rotate` has run)."
            ) from None

    def rotate(self, token: str) -> str:
        """The same value encrypted with the first key (``MultiFernet.rotate``)."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise DataKeyError(
                "A stored value cannot be decrypted with the keys in PLANNER_DATA_KEY."
            ) from None

    def email_hash(self, address: str) -> str:
        return _hmac(self._hash_keys[0], address)

    def email_hashes(self, address: str) -> list[str]:
        """The address's hash under every configured key (lookups during a rotation)."""
        return [_hmac(k, address) for k in self._hash_keys]


def _hmac(key: bytes, address: str) -> str:
    normalised = address.strip().casefold().encode("utf-8")
    return hmac.new(key, normalised, hashlib.sha256).hexdigest()


_keyring: Keyring | None = None


def configure(keys: Sequence[str]) -> Keyring:
    """Install the process's keyring (``create_app`` calls this with ``DATA_KEYS``)."""
    global _keyring
    if _keyring is None or _keyring.keys != tuple(keys):
        _keyring = Keyring(keys)
    return _keyring


def keyring() -> Keyring:
    if _keyring is None:
        raise DataKeyError("No data key configured: create the app first (PLANNER_DATA_KEY).")
    return _keyring


def email_hash(address: str | None) -> str | None:
    """The lookup hash of an address under the first key; None for no address."""
    if address is None or not address.strip():
        return None
    return keyring().email_hash(address)


def email_hashes(address: str) -> list[str]:
    """The address's lookup hash under every configured key."""
    return keyring().email_hashes(address)


def is_token(value: str | None) -> bool:
    """Whether a stored value looks like ciphertext (used by the migration and rotation)."""
    return bool(value) and value.startswith(TOKEN_PREFIX)


class EncryptedText(TypeDecorator):
    """Text stored as a Fernet token; the application sees plain text.

    ``None`` stays NULL and the empty string stays empty (an empty field says nothing worth
    hiding, and server defaults of ``''`` keep working); everything else is encrypted.
    """

    impl = Text
    cache_ok = True

    class comparator_factory(Text.Comparator):  # noqa: N801 - SQLAlchemy's hook name
        """Refuse comparisons in SQL: a ciphertext has a random IV, so ``==`` would match
        nothing, silently. Only ``IS NULL`` / ``IS NOT NULL`` mean something; look people
        up by address through ``email_hash``."""

        def operate(self, op, *other, **kwargs):
            if op in (operators.is_, operators.is_not):
                return super().operate(op, *other, **kwargs)
            raise TypeError(
                "An encrypted column cannot be compared in SQL (planner.crypto): compare "
                "people.email_hash with planner.crypto.email_hashes(address) instead."
            )

        def reverse_operate(self, op, other, **kwargs):
            raise TypeError("An encrypted column cannot be compared in SQL (planner.crypto).")

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return value
        return keyring().encrypt(value)

    def process_result_value(self, value, dialect):
        if value is None or value == "":
            return value
        return keyring().decrypt(value)

    def copy(self, **kw):
        return EncryptedText()

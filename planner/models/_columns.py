"""Column helpers shared by the models: checked enumerations, public ids, timestamps."""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, datetime

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    """Naive UTC, the one representation of instants stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_public_id() -> str:
    """An unguessable identifier for URLs (96 bits), so no record is reachable by counting.

    Never starting with "-" or "_": a public id is typed on the command line
    (``flask export UID``), where a leading dash reads as an option.
    """
    while True:
        uid = secrets.token_urlsafe(12)
        if uid[0].isalnum():
            return uid


def public_id_column() -> Mapped[str]:
    return mapped_column(String(24), unique=True, default=new_public_id)


def checked_enum(enum_cls: type[enum.StrEnum], name: str) -> Enum:
    """A string column held to the enumeration's values by a CHECK constraint.

    Stored as VARCHAR (not a native PostgreSQL ENUM) so adding a value is a plain migration.
    """
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )

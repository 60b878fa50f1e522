"""Accounts: the people who sign in, and their role (PRODUCT §2)."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from planner.extensions import db
from planner.models._columns import checked_enum, utcnow
from planner.vocabulary import Role

if TYPE_CHECKING:
    from planner.models.people import Person


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(checked_enum(Role, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    preferred_language: Mapped[str] = mapped_column(String(16), default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Rotated on logout, password change and deactivation: every session cookie carries it,
    # so an old or copied cookie stops working (Flask-Login's alternative tokens).
    session_token: Mapped[str] = mapped_column(
        String(64), default=lambda: secrets.token_urlsafe(32)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Two-factor sign-in: the TOTP secret once enrolment is confirmed (None: not enrolled), and
    # the unused one-time recovery codes (RecoveryCode, below).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    #: The 30-second step of the last TOTP code accepted: a code is good once, never again.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    person: Mapped[Person | None] = relationship(back_populates="user", uselist=False)

    def set_password(self, password: str) -> None:
        # Tests use a cheap method (TestingConfig); everything else uses Werkzeug's default.
        method = current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None
        self.password_hash = generate_password_hash(
            password, **({"method": method} if method else {})
        )

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def rotate_session_token(self) -> None:
        self.session_token = secrets.token_urlsafe(32)

    # Flask-Login
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return bool(self.active)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class RecoveryCode(db.Model):
    """One unused two-factor recovery code of an account, hashed. A row each, so that using
    a code is one DELETE: of two sign-ins racing with the same code, only one removes it."""

    __tablename__ = "recovery_codes"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)

    def __repr__(self) -> str:
        return f"<RecoveryCode of user {self.user_id}>"


# Emails are unique whatever their case.
Index("uq_users_email_lower", func.lower(User.email), unique=True)

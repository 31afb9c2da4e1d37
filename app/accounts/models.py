"""Users, their login sessions and API tokens, login attempts, and project memberships."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints
from sqlmodel import Field, SQLModel

from app.db import NEVER_REUSE_IDS, UTCDateTime, utcnow

Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    ),
]


class User(SQLModel, table=True):
    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    is_admin: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class UserRead(SQLModel):
    id: int
    email: str
    is_admin: bool
    created_at: datetime


class LoginSession(SQLModel, table=True):
    """A browser session; the cookie holds a random token, the database only its sha256."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class ApiToken(SQLModel, table=True):
    """A personal token for scripts, shown once, stored hashed, revocable, optionally expiring."""

    __table_args__ = NEVER_REUSE_IDS

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    prefix: str = Field(max_length=16)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiTokenCreate(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)


class ApiTokenRead(SQLModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiTokenCreated(ApiTokenRead):
    """The only response that ever carries the token itself."""

    token: str


class LoginAttempt(SQLModel, table=True):
    """Failed logins, counted per account and per address to slow down guessing."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, index=True)
    address: str = Field(max_length=64, index=True)
    attempted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class PasswordChange(SQLModel):
    current_password: str
    new_password: str = Field(min_length=10, max_length=1024)

"""Users, logins (rate-limited), browser sessions, API tokens."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app.accounts import throttle
from app.accounts.models import ApiToken, ApiTokenCreate, LoginSession, User
from app.accounts.passwords import (
    hash_password,
    needs_rehash,
    new_token,
    token_hash,
    verify_dummy,
    verify_password,
)
from app.db import session_scope, utcnow
from app.errors import Conflict, InvalidInput, NotFound, Unauthorized

logger = logging.getLogger(__name__)
SESSION_LIFETIME = timedelta(days=14)
MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "dl_"
TOKEN_USE_RESOLUTION = timedelta(minutes=5)


def create_user(session: Session, *, email: str, password: str, is_admin: bool = False) -> User:
    email = email.strip().lower()
    _check_password(password)
    if find_user(session, email=email) is not None:
        raise Conflict(f"A user with email {email!r} already exists.")
    user = User(email=email, password_hash=hash_password(password), is_admin=is_admin)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, *, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def first_admin(session: Session) -> User | None:
    return session.exec(select(User).where(col(User.is_admin)).order_by(col(User.id))).first()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")


def authenticate(session: Session, *, email: str, password: str, address: str) -> User:
    """Check a login; an address that failed too often for this account (or overall) waits first.

    A failure is recorded in the session before Unauthorized is raised: the caller must commit it
    (the login page does, by rendering the form again instead of letting the error roll back).
    An unknown email costs the same password hash as a known one, so timing does not tell them apart.

    Raises:
        TooManyRequests: see app.accounts.throttle (per account and address, with backoff).
        Unauthorized: wrong email or password (one message for both, so accounts cannot be probed).
    """
    email = email.strip().lower()
    throttle.check(session, email=email, address=address)
    user = find_user(session, email=email)
    if user is None:
        verify_dummy(password)
    if user is None or not verify_password(user.password_hash, password):
        throttle.record_failure(session, email=email, address=address)
        raise Unauthorized("Wrong email or password.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    throttle.clear(session, email=email, address=address)
    session.add(user)
    session.flush()
    return user


def change_password(
    session: Session, *, user: User, current: str, new: str, keep_session: str | None = None
) -> None:
    """Set a new password; every API token is revoked and every other browser session ends.

    Args:
        keep_session: The cookie of the session that asked, which stays logged in.
    """
    if not verify_password(user.password_hash, current):
        raise Unauthorized("The current password is not right.")
    _check_password(new)
    user.password_hash = hash_password(new)
    session.execute(
        update(ApiToken)
        .where(col(ApiToken.user_id) == user.id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    others = delete(LoginSession).where(col(LoginSession.user_id) == user.id)
    if keep_session:
        others = others.where(col(LoginSession.token_hash) != token_hash(keep_session))
    session.execute(others)
    session.add(user)
    session.flush()


def start_session(session: Session, *, user: User) -> str:
    """Create a browser session; returns the cookie value (only its hash is stored)."""
    token = new_token()
    session.add(
        LoginSession(
            token_hash=token_hash(token), user_id=user.id or 0, expires_at=utcnow() + SESSION_LIFETIME
        )
    )
    session.flush()
    return token


def user_for_session(session: Session, token: str) -> User | None:
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == token_hash(token))).first()
    if row is None or row.expires_at < utcnow():
        return None
    return session.get(User, row.user_id)


def end_session(session: Session, token: str) -> None:
    session.execute(delete(LoginSession).where(col(LoginSession.token_hash) == token_hash(token)))


def create_token(session: Session, *, user: User, data: ApiTokenCreate) -> tuple[ApiToken, str]:
    """A new API token; the plain token is returned once and never stored."""
    token = new_token(TOKEN_PREFIX)
    expires = utcnow() + timedelta(days=data.expires_in_days) if data.expires_in_days else None
    row = ApiToken(
        user_id=user.id or 0,
        name=data.name,
        prefix=token[:10],
        token_hash=token_hash(token),
        expires_at=expires,
    )
    session.add(row)
    session.flush()
    return row, token


def list_tokens(session: Session, *, user: User) -> list[ApiToken]:
    return list(
        session.exec(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(col(ApiToken.id).desc())
        ).all()
    )


def revoke_token(session: Session, *, user: User, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound(f"Token {token_id} does not exist.")
    row.revoked_at = row.revoked_at or utcnow()
    session.add(row)
    session.flush()
    return row


def valid_token(session: Session, token: str) -> ApiToken | None:
    """The API token row for `token`, or None when it is unknown, expired or revoked."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    return None if row.expires_at is not None and row.expires_at < utcnow() else row


def use_is_stale(row: ApiToken) -> bool:
    """Whether `last_used_at` is older than its resolution (most calls then write nothing)."""
    return row.last_used_at is None or utcnow() - row.last_used_at > TOKEN_USE_RESOLUTION


def stamp_token_use(engine: Engine, token_id: int) -> None:
    """Record a token's use in its own short transaction, after the response; best effort.

    Not in the request's transaction: a read (GET) then stays read-only and never waits for the
    write lock. A busy database only costs the timestamp.
    """
    try:
        with session_scope(engine) as session:
            stamp = update(ApiToken).where(col(ApiToken.id) == token_id).values(last_used_at=utcnow())
            session.execute(stamp)
    except OperationalError as err:
        logger.warning("Could not record the use of API token %s: %s", token_id, err.orig)

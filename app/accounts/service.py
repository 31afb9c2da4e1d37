"""Users, logins (rate-limited), browser sessions, API tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.accounts.models import ApiToken, ApiTokenCreate, LoginAttempt, LoginSession, User
from app.accounts.passwords import hash_password, needs_rehash, new_token, token_hash, verify_password
from app.db import utcnow
from app.errors import Conflict, InvalidInput, NotFound, TooManyRequests, Unauthorized

SESSION_LIFETIME = timedelta(days=14)
ATTEMPT_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
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
    """Check a login; too many recent failures for the account or the address are refused first.

    A failure is recorded in the session before Unauthorized is raised: the caller must commit it
    (the login page does, by rendering the form again instead of letting the error roll back).

    Raises:
        TooManyRequests: 5 failures for this account, or 20 from this address, in 15 minutes.
        Unauthorized: wrong email or password (one message for both, so accounts cannot be probed).
    """
    email = email.strip().lower()
    since = utcnow() - ATTEMPT_WINDOW
    if _failures(session, col(LoginAttempt.email) == email, since) >= MAX_FAILURES_PER_ACCOUNT or (
        _failures(session, col(LoginAttempt.address) == address, since) >= MAX_FAILURES_PER_ADDRESS
    ):
        raise TooManyRequests("Too many failed logins. Wait 15 minutes and try again.")
    user = find_user(session, email=email)
    if user is None or not verify_password(user.password_hash, password):
        session.add(LoginAttempt(email=email, address=address))
        raise Unauthorized("Wrong email or password.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    session.execute(delete(LoginAttempt).where(col(LoginAttempt.email) == email))
    session.add(user)
    session.flush()
    return user


def _failures(session: Session, condition: object, since: datetime) -> int:
    return session.exec(
        select(func.count())
        .select_from(LoginAttempt)
        .where(condition, col(LoginAttempt.attempted_at) >= since)  # type: ignore[arg-type]
    ).one()


def change_password(session: Session, *, user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise Unauthorized("The current password is not right.")
    _check_password(new)
    user.password_hash = hash_password(new)
    # Other browsers logged in as this user must log in again.
    session.execute(delete(LoginSession).where(col(LoginSession.user_id) == user.id))
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


def user_for_token(session: Session, token: str) -> User | None:
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(token))).first()
    now = utcnow()
    if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at < now):
        return None
    if row.last_used_at is None or now - row.last_used_at > TOKEN_USE_RESOLUTION:
        row.last_used_at = now  # not on every call: most API calls then write nothing
        session.add(row)
    return session.get(User, row.user_id)

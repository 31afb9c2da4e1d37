"""Failed-login throttling per (account, address) with exponential backoff, and per address.

Counting failures per account alone would let anyone lock the owner out by typing wrong passwords
for their email; here a guesser only slows down itself: the owner, from another address, is not held.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.accounts.models import LoginAttempt
from app.db import utcnow
from app.errors import TooManyRequests

ATTEMPT_WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5  # per account and address before the first wait
FIRST_WAIT = timedelta(seconds=30)  # doubles with every further failure ...
LONGEST_WAIT = timedelta(minutes=15)  # ... up to this
MAX_FAILURES_PER_ADDRESS = 20  # any accounts, from one address, in the window


def wait_after(failures: int) -> timedelta:
    """How long to wait after the last of `failures` failed logins: 0 up to FREE_FAILURES."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES, 16)  # 2**16 * 30 s is far past the ceiling already
    return min(FIRST_WAIT * 2**doublings, LONGEST_WAIT)


def check(session: Session, *, email: str, address: str) -> None:
    """Refuse a login attempt that comes too soon after failures from this address.

    Raises:
        TooManyRequests: with `retry_after` (seconds) in its detail.
    """
    now = utcnow()
    since = now - ATTEMPT_WINDOW
    failures, last = _failures(session, since, email=email, address=address)
    ready_at = last + wait_after(failures) if last is not None else now
    if ready_at > now:
        _refuse(ready_at - now)
    from_address, last_from_address = _failures(session, since, address=address)
    if from_address >= MAX_FAILURES_PER_ADDRESS and last_from_address is not None:
        _refuse(last_from_address + ATTEMPT_WINDOW - now)


def record_failure(session: Session, *, email: str, address: str) -> None:
    session.add(LoginAttempt(email=email, address=address[:64]))
    session.flush()


def clear(session: Session, *, email: str, address: str) -> None:
    """Forget this address's failures for the account after a successful login."""
    session.execute(
        delete(LoginAttempt).where(col(LoginAttempt.email) == email, col(LoginAttempt.address) == address)
    )


def _failures(
    session: Session, since: datetime, *, address: str, email: str | None = None
) -> tuple[int, datetime | None]:
    query = select(func.count(), func.max(LoginAttempt.attempted_at)).where(
        col(LoginAttempt.address) == address[:64], col(LoginAttempt.attempted_at) >= since
    )
    if email is not None:
        query = query.where(col(LoginAttempt.email) == email)
    count, last = session.exec(query).one()
    return int(count), _aware(last)


def _aware(value: datetime | None) -> datetime | None:
    # max() bypasses the column type, so SQLite hands back a naive (UTC) datetime or a string.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        from datetime import UTC

        value = value.replace(tzinfo=UTC)
    return value


def _refuse(wait: timedelta) -> None:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    raise TooManyRequests(
        f"Too many failed logins. Try again in {seconds} seconds.", detail={"retry_after": seconds}
    )

"""Retry a short database write while the database is briefly unreachable (restart, failover)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

log = logging.getLogger(__name__)
T = TypeVar("T")

# 0.5 + 1 + 2 + 4 + 8 + 16 s: a write survives about half a minute without the database.
DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


def is_transient(err: BaseException) -> bool:
    """A lost or refused connection, as opposed to a bad statement that would fail again."""
    if isinstance(err, OperationalError | InterfaceError):
        return True
    return isinstance(err, DBAPIError) and err.connection_invalidated


def with_retry(write: Callable[[], T], *, what: str, delays: tuple[float, ...] | None = None) -> T:
    """Run `write` (one whole transaction); on a transient error wait and run it again.

    The last error is raised when every retry failed; other errors are raised at once.
    """
    waits = DELAYS if delays is None else delays
    for attempt, delay in enumerate((*waits, None), start=1):
        try:
            return write()
        except Exception as err:
            if delay is None or not is_transient(err):
                raise
            log.warning(
                "%s: database unavailable (attempt %d), retrying in %.1f s: %s", what, attempt, delay, err
            )
            time.sleep(delay)
    raise AssertionError("unreachable")

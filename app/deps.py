"""Annotated dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.db import session_scope


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: commit on success, roll back on any error."""
    with session_scope(request.app.state.engine) as session:
        yield session


# scope="function": the transaction commits when the handler returns, before the response is sent
# and before background tasks (such as queued coding jobs) run, so they see committed rows.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

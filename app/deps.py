"""Annotated dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request
from sqlmodel import Session

from app.db import read_only, session_scope

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: commit on success, roll back on any error.

    Reads (GET, HEAD) run in a read-only transaction: on SQLite a deferred BEGIN that never takes the
    write lock; other methods begin IMMEDIATE (see app.db).
    """
    engine = request.app.state.engine
    if request.method in _READ_METHODS:
        engine = read_only(engine)
    with session_scope(engine) as session:
        yield session


# scope="function": the transaction commits when the handler returns, before the response is sent
# and before background tasks (such as queued coding jobs) run, so they see committed rows.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


# Queue a source for coding: the job row in the request's transaction, the work after it commits.
# Features below app.coding (sources, coverage) queue coding through this; create_app sets
# `app.state.queue_coding` to app.coding.queue.queue_after_commit.
QueueCoding = Callable[[Session, int], None]


def get_queue_coding(request: Request, tasks: BackgroundTasks) -> QueueCoding:
    queue = request.app.state.queue_coding

    def queue_coding(session: Session, source_id: int) -> None:
        queue(request, tasks, session, source_id=source_id)

    return queue_coding


QueueCodingDep = Annotated[QueueCoding, Depends(get_queue_coding)]

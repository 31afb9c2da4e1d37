"""Engine, schema metadata, and the per-request session (one transaction per request)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, partial
from typing import Any

from sqlalchemy import DateTime, MetaData, TypeDecorator, event
from sqlalchemy.engine import Dialect, Engine, ExceptionContext
from sqlalchemy.exc import DataError
from sqlmodel import Session, SQLModel, create_engine

from app.config import Settings, settings

# Stable constraint names so Alembic migrations are identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
# Table args for the rows people link to (/participants/5): without AUTOINCREMENT, SQLite hands a deleted
# highest id to the next row, so a bookmark would open someone else. PostgreSQL never reuses an id.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}
metadata: MetaData = SQLModel.metadata
READ_ONLY_OPTION = "desirelines_read_only"
_ROWS_AFTER_READ = "desirelines_rows_after_read"


@dataclass(frozen=True, slots=True)
class PoolOptions:
    """Connection pool for PostgreSQL, and SQLite's lock wait; defaults match `Settings`."""

    size: int = 10
    max_overflow: int = 20
    timeout: float = 10.0
    pre_ping: bool = True
    sqlite_busy_timeout_ms: int = 30_000

    @classmethod
    def from_settings(cls, source: Settings) -> PoolOptions:
        return cls(
            size=source.db_pool_size,
            max_overflow=source.db_max_overflow,
            timeout=source.db_pool_timeout,
            pre_ping=source.db_pool_pre_ping,
            sqlite_busy_timeout_ms=source.sqlite_busy_timeout_ms,
        )


def make_engine(url: str, pool: PoolOptions | None = None) -> Engine:
    """Create an engine: SQLite gets foreign keys, WAL and a busy timeout; PostgreSQL a sized pool."""
    pool = pool or PoolOptions()
    if not url.startswith("sqlite"):
        return create_engine(
            url,
            pool_size=pool.size,
            max_overflow=pool.max_overflow,
            pool_timeout=pool.timeout,
            pool_pre_ping=pool.pre_ping,
        )
    engine = create_engine(
        url,
        pool_pre_ping=pool.pre_ping,
        connect_args={"check_same_thread": False, "timeout": pool.sqlite_busy_timeout_ms / 1000},
    )
    event.listen(engine, "connect", partial(_sqlite_pragmas, busy_timeout_ms=pool.sqlite_busy_timeout_ms))
    event.listen(engine, "begin", _sqlite_begin)
    event.listen(engine, "handle_error", _sqlite_overflow)
    return engine


def _sqlite_overflow(context: ExceptionContext) -> DataError | None:
    # sqlite3 refuses an integer past 64 bits with a bare OverflowError, where PostgreSQL's driver raises
    # a DataError for a value past its column; errors.py answers a DataError with a 400 on both.
    error = context.original_exception
    if isinstance(error, OverflowError):
        return DataError(context.statement, context.parameters, error)
    return None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, *, busy_timeout_ms: int) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINTs; let SQLAlchemy issue BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses no committed transaction
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A read-only transaction (GET pages and API reads) is a plain deferred BEGIN: with WAL it reads a
    # snapshot and never takes the write lock, so readers never wait for writers nor block them.
    # Everything else begins IMMEDIATE: it takes the write lock up front, so a transaction that reads
    # and then writes cannot fail half-way with "database is locked" because another writer committed
    # in between; it waits (busy timeout) instead.
    read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def read_only(engine: Engine) -> Engine:
    """The same engine, for transactions that only read (on SQLite they begin DEFERRED)."""
    return engine.execution_options(**{READ_ONLY_OPTION: True})


def is_read_only(session: Session) -> bool:
    """Whether the session's transactions only read (a GET or HEAD request's, see `read_only`)."""
    return bool(session.get_bind().get_execution_options().get(READ_ONLY_OPTION, False))


def add_after_read(session: Session, row: SQLModel) -> None:
    """Add `row` to the session's transaction; in a read-only one, write it in its own once the read is done.

    For a read that must leave a row behind, such as an export's audit event. On SQLite a read's
    snapshot cannot turn into a write once another writer has committed since it began
    (SQLITE_BUSY_SNAPSHOT: "database is locked" at once, which no busy timeout waits out), and coding
    jobs commit every few seconds. So `session_scope` inserts the row in a short transaction of its own
    (BEGIN IMMEDIATE: it waits for the write lock) after the read has succeeded, before the response is
    sent. If the read fails the row is dropped, as with a rollback; if the write fails, so does the
    request: an export is never served without its audit event.
    """
    if is_read_only(session):
        session.info.setdefault(_ROWS_AFTER_READ, []).append(row)
    else:
        session.add(row)


@cache
def get_engine() -> Engine:
    url = settings.resolved_database_url()
    if url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(url, PoolOptions.from_settings(settings))


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A transaction for requests, background jobs and the CLI: commit on success, roll back on error.

    After a read-only transaction has committed, the rows it left (`add_after_read`) are written in a
    transaction of their own; an error there is raised like any other.
    """
    engine = engine or get_engine()
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        rows = session.info.pop(_ROWS_AFTER_READ, [])
    if rows:
        _write_after_read(engine, rows)


def _write_after_read(engine: Engine, rows: list[SQLModel]) -> None:
    """Insert the rows a read left (`add_after_read`) in one short write transaction."""
    with session_scope(engine.execution_options(**{READ_ONLY_OPTION: False})) as session:
        session.add_all(rows)


def end_transaction(session: Session) -> None:
    """Commit what the request did so far (signing in), so long work that follows holds no lock.

    For the upload routes: parsing a large file can take seconds, and on SQLite a write transaction
    holds the database's one write lock from its first statement. The rest of the request runs in a
    new transaction, which the session dependency commits or rolls back as usual.
    """
    session.commit()


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, also on SQLite (which drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

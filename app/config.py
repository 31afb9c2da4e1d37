"""Settings from the environment (prefix DESIRELINES_); defaults run on a laptop."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_WEB_WORKERS, AUTO_WEB_WORKERS_CAP = 32, 4


class Settings(BaseSettings):
    """Process-wide settings. `DESIRELINES_DATABASE_URL` picks PostgreSQL for teams."""

    model_config = SettingsConfigDict(env_prefix="DESIRELINES_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Where the SQLite file and exports live.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; SQLite under data_dir if unset."
    )
    max_upload_mb: float = Field(default=50.0, description="Largest file accepted for import, in megabytes.")
    max_unpacked_mb: float = Field(
        default=64.0, gt=0, description="Largest a DOCX/XLSX may unpack to (all its parts), in megabytes."
    )
    max_zip_parts: int = Field(default=2000, ge=1, description="Most parts a DOCX/XLSX archive may hold.")
    max_rows: int = Field(
        default=500_000, ge=1, description="Most lines (TXT/VTT/SRT), paragraphs (DOCX) or rows (CSV/XLSX)."
    )
    max_utterances: int = Field(default=500_000, ge=1, description="Most utterances one file may give.")
    parse_workers: int = Field(
        default=1,
        ge=0,
        le=8,
        description="Child processes that parse uploads, so a large file does not slow other requests "
        "(0: parse in the web process).",
    )
    db_pool_size: int = Field(default=10, ge=1, description="PostgreSQL connections kept open.")
    # 10 + 30 = 40, the threads FastAPI runs `def` routes on: a request never waits for a connection
    # (and times out with a 503) while another thread holds one it does not use.
    db_max_overflow: int = Field(default=30, ge=0, description="Extra PostgreSQL connections under load.")
    db_pool_timeout: float = Field(default=10.0, gt=0, description="Seconds to wait for a free connection.")
    db_pool_pre_ping: bool = Field(default=True, description="Test a pooled connection before using it.")
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0, description="How long SQLite waits for a lock.")
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses of reverse proxies whose X-Forwarded-For is believed (none by default).",
    )
    page_size: int = Field(default=50, ge=1, le=1000)
    cookie_secure: bool = Field(
        default=False,
        description="Send cookies over HTTPS only. Turn on behind TLS; off serves http://127.0.0.1.",
    )
    coding_runner: Literal["auto", "process", "thread", "inline", "celery", "off"] = Field(
        default="auto",
        description="Where coding jobs and analyses run: auto = Celery when broker_url is set, else a "
        "child process of the web service.",
    )
    broker_url: str | None = Field(default=None, description="Celery broker, e.g. redis://127.0.0.1:6379/0.")
    job_lease_seconds: float = Field(
        default=60.0, gt=0, description="A running job's lease; its worker renews it every third of this."
    )
    job_max_attempts: int = Field(
        default=3, ge=1, description="Times a job whose worker stopped is queued again before it fails."
    )
    job_reap_seconds: float = Field(
        default=30.0, ge=0, description="How often stale jobs are looked for (0: only on start)."
    )
    job_nice: int = Field(
        default=19,
        ge=0,
        le=19,
        description="How much lower the job process's CPU priority is (os.nice). At 19 jobs take what the "
        "web processes leave: at 10 the job processes took ~0.5 core from pages under load.",
    )
    job_poll_seconds: float = Field(
        default=5.0, gt=0, description="How often the job process looks for queued jobs when not woken."
    )
    job_stop_seconds: float = Field(
        default=5.0, ge=0, description="On shutdown, how long the job process may take to stop."
    )
    host: str = "127.0.0.1"
    port: int = 8000
    web_workers: int = Field(
        default=0,
        ge=0,
        le=MAX_WEB_WORKERS,
        description="Web processes `desirelines serve` starts, each with its own job process "
        f"(0: one per CPU core, at most {AUTO_WEB_WORKERS_CAP}).",
    )

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def max_request_bytes(self) -> int:
        """Largest request body: an upload at the limit plus room for the multipart envelope."""
        return self.max_upload_bytes + 1024 * 1024

    def resolved_web_workers(self) -> int:
        """`web_workers`, with 0 read as one per CPU core (one Python process uses one core at a time)."""
        return self.web_workers or max(1, min(os.cpu_count() or 1, AUTO_WEB_WORKERS_CAP))

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'desirelines.db').resolve()}"


settings = Settings()

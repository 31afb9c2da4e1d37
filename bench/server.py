"""A Desirelines server for load and fuzz runs: started on a free loopback port, stopped afterwards.

The database is a fresh SQLite file in a temporary folder, or DESIRELINES_DATABASE_URL (PostgreSQL)
upgraded in place; a new admin user with an API token is created directly in that database (there is
no sign-up API), everything else goes through HTTP.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 90.0


@dataclass(frozen=True)
class Server:
    base_url: str
    token: str
    database: str
    process: subprocess.Popen[bytes]
    workers: str = "default"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _prepare_database(url: str) -> str:
    """Upgrade the schema and create an admin with an API token; returns the token."""
    from app.accounts.models import ApiTokenCreate
    from app.accounts.service import create_token, create_user
    from app.db import make_engine
    from app.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        email = f"load-{uuid.uuid4().hex[:8]}@example.com"
        user = create_user(session, email=email, password=uuid.uuid4().hex, is_admin=True)
        _, token = create_token(session, user=user, data=ApiTokenCreate(name="bench"))
        session.commit()
    engine.dispose()
    return token


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode} while starting")
        try:
            if httpx.get(f"{base_url}/api/health", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server did not answer /api/health within {START_TIMEOUT_S:.0f} s")


@contextmanager
def running_server(
    *, database_url: str | None = None, log_level: str = "warning", env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Start `desirelines serve` on a free loopback port; stop it and remove its files after.
    `env` adds DESIRELINES_* settings (e.g. DESIRELINES_CODING_RUNNER=off)."""
    folder = Path(tempfile.mkdtemp(prefix="desirelines-bench-"))
    url = database_url or f"sqlite:///{folder / 'desirelines.db'}"
    token = _prepare_database(url)
    port = free_port()
    settings = {**os.environ, "DESIRELINES_DATA_DIR": str(folder), "DESIRELINES_DATABASE_URL": url}
    settings.pop("DESIRELINES_BROKER_URL", None)  # coding and analyses run in the server's worker thread
    settings.update(env or {})
    # As users start it: `desirelines serve` (web processes from DESIRELINES_WEB_WORKERS, default one
    # per core); `env` may set DESIRELINES_WEB_WORKERS.
    command = [sys.executable, "-m", "app.cli", "serve", "--host", LOOPBACK, "--port", str(port)]
    command += ["--log-level", log_level]
    process = subprocess.Popen(command, cwd=ROOT, env=settings)
    base_url = f"http://{LOOPBACK}:{port}"
    try:
        _wait_until_up(base_url, process)
        database = "postgresql" if url.startswith("postgresql") else "sqlite"
        workers = settings.get("DESIRELINES_WEB_WORKERS") or "0"
        yield Server(base_url, token, database, process, "auto" if workers == "0" else workers)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        shutil.rmtree(folder, ignore_errors=True)

"""Benchmark: how fast, and with how much memory, hostile uploads are refused (issue 11).

    .venv/bin/python bench/bench_bombs.py

Each bomb is uploaded through the real API (TestClient, a fresh SQLite database, default caps) in
its own process. Reported per bomb: compressed size, HTTP status, seconds from request to answer, and
RSS growth (peak resident memory sampled every 5 ms during the request, minus the resident memory
just before it). The bombs are those of the issue: a 0.7 MB DOCX whose document.xml unpacks to
190 MB, a 0.8 MB XLSX with a 190 MB sheet, a 1,000,000-row CSV, plus an XLSX within the size cap
but with 600,000 rows (refused by the row cap, counted in the raw sheet XML).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bombs import csv_rows, docx_bomb, xlsx_bomb, xlsx_many_rows  # noqa: E402

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy.engine import Engine

BOMBS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "docx-190MB-document": ("bomb.docx", lambda: docx_bomb(190)),
    "xlsx-190MB-sheet": ("bomb.xlsx", lambda: xlsx_bomb(190)),
    "csv-1e6-rows": ("huge.csv", lambda: csv_rows(1_000_000)),
    "xlsx-600k-rows": ("rows.xlsx", lambda: xlsx_many_rows(600_000)),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakRss:
    """Samples resident memory in a thread while a block runs."""

    def __enter__(self) -> PeakRss:
        self.start = rss_bytes()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss_bytes())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


def bench_app(tmp: str, **settings: Any) -> tuple[FastAPI, Engine, str]:
    """The service on a fresh SQLite database in `tmp` (jobs off), its engine, and an admin's API token."""
    from sqlmodel import Session

    from app.accounts.models import ApiTokenCreate
    from app.accounts.service import create_token, create_user
    from app.config import Settings
    from app.db import make_engine
    from app.main import create_app
    from app.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp}/bench.db")
    upgrade(engine)
    with Session(engine) as session:
        user = create_user(session, email="bench@example.com", password="bench password 1", is_admin=True)
        _, token = create_token(session, user=user, data=ApiTokenCreate(name="bench"))
        session.commit()
    return create_app(Settings(data_dir=Path(tmp), coding_runner="off", **settings), engine), engine, token


def run_one(name: str) -> dict[str, object]:
    """Upload one bomb in this process; returns the measurements."""
    from fastapi.testclient import TestClient

    filename, build = BOMBS[name]
    data = build()
    with tempfile.TemporaryDirectory() as tmp:
        app, engine, token = bench_app(tmp)
        with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
            project = client.post("/api/projects", json={"name": "Bench"}).json()
            with PeakRss() as memory:
                started = time.perf_counter()
                response = client.post(
                    f"/api/projects/{project['id']}/sources", files={"file": (filename, data)}
                )
                seconds = time.perf_counter() - started
            stored = client.get(f"/api/projects/{project['id']}").json()["utterance_count"]
        engine.dispose()
    return {
        "bomb": name,
        "compressed_mb": round(len(data) / 1e6, 2),
        "status": response.status_code,
        "seconds": round(seconds, 2),
        "rss_growth_mb": round((memory.peak - memory.start) / 2**20, 1),
        "utterances_stored": stored,
        "message": response.json().get("error", {}).get("message", "")[:140],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--one", choices=sorted(BOMBS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    print(f"{'bomb':22} {'size MB':>8} {'status':>6} {'seconds':>8} {'RSS +MB':>8} {'stored':>7}")
    for name in BOMBS:
        out = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True, cwd=ROOT
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{row['bomb']:22} {row['compressed_mb']:>8} {row['status']:>6} {row['seconds']:>8} "
            f"{row['rss_growth_mb']:>8} {row['utterances_stored']:>7}  {row['message']}"
        )


if __name__ == "__main__":
    main()

"""The service moves its start-up objects out of the garbage collector's reach, once per process.

Runs in a fresh interpreter: the test process has started many apps already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import gc, json, sys
from fastapi.testclient import TestClient
from app.config import Settings
from app.db import make_engine
from app.main import create_app
from app.migrate import upgrade

engine = make_engine(f"sqlite:///{sys.argv[1]}/t.db")
upgrade(engine)
settings = Settings(data_dir=sys.argv[1], coding_runner="off")
before = gc.get_freeze_count()
with TestClient(create_app(settings, engine)) as client:
    assert client.get("/api/health").status_code == 200
first = gc.get_freeze_count()
with TestClient(create_app(settings, engine)) as client:
    assert client.get("/api/health").status_code == 200
print(json.dumps([before, first, gc.get_freeze_count()]))
"""


def test_start_freezes_startup_objects_once(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, check=True
    )
    before, first, second = json.loads(done.stdout.strip().splitlines()[-1])
    assert before == 0
    assert first > 100_000  # modules, routes and schemas of the whole service
    # A second app in the same process freezes nothing more (freezing again would take in its own
    # routes and schemas, tens of thousands of objects; a handful can join as containers are re-tracked).
    assert second - first < 1_000

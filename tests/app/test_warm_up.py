"""The service builds at start what its first requests would otherwise wait for.

Runs in a fresh interpreter: the test process has built these already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys, time
from fastapi.testclient import TestClient
from app.config import Settings
from app.db import make_engine
from app.main import create_app
from app.migrate import upgrade
from app.sources import parse_process
from nlp.aggregate.journey_rows import default_extractor

engine = make_engine(f"sqlite:///{sys.argv[1]}/t.db")
upgrade(engine)
settings = Settings(data_dir=sys.argv[1], coding_runner="off", parse_workers=int(sys.argv[2]))
before = [default_extractor.cache_info().currsize, sorted(parse_process._pools)]
with TestClient(create_app(settings, engine)) as client:
    started = [default_extractor.cache_info().currsize, sorted(parse_process._pools)]
    pool = parse_process._pools.get(settings.parse_workers)
    deadline = time.monotonic() + 60
    while pool is not None and not pool._processes and time.monotonic() < deadline:
        time.sleep(0.1)
    processes = len(pool._processes) if pool is not None else 0
print(json.dumps([before, started, processes]))
"""


def _start(tmp_path: Path, parse_workers: int) -> list[object]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(parse_workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_start_builds_the_journey_extractor_and_starts_the_parser_processes(tmp_path: Path) -> None:
    before, started, processes = _start(tmp_path, 2)
    assert before == [0, []]
    assert started == [1, [2]]
    assert processes >= 1


def test_no_parser_process_when_uploads_are_parsed_in_the_web_process(tmp_path: Path) -> None:
    _, started, processes = _start(tmp_path, 0)
    assert started == [1, []] and processes == 0

"""Benchmark: does background work slow other requests? `/api/health` latency while coding jobs and a
themes run compute.

    .venv/bin/python bench/bench_health_jobs.py [--runner process|thread] [--files 8]

Starts a server (bench/server.py: uvicorn in its own process, a fresh SQLite database) whose jobs run
where `--runner` says: `process` (the default: a child process at lower priority) or `thread` (a
thread inside the web process, as before). Imports `--files` demo interviews through the API, and
calls `/api/health` every 50 ms from this process until every coding job has ended; then starts a
themes run and does the same until it has ended. Prints, for each phase, its duration and the
health calls' count, median, p95 and maximum latency, with the load average beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import ROOT, running_server

DEMO = ROOT / "app" / "demo" / "data" / "interviews"
PHASE_TIMEOUT_S = 900.0


class Prober:
    """Calls /api/health every 50 ms in a thread, recording each latency."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.latencies: list[float] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll)

    def __enter__(self) -> Prober:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()

    def _poll(self) -> None:
        with httpx.Client(timeout=60) as client:
            while not self._done.is_set():
                started = time.perf_counter()
                client.get(f"{self.base_url}/api/health")
                self.latencies.append(time.perf_counter() - started)
                time.sleep(0.05)


def wait(check: Callable[[], bool], what: str) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > PHASE_TIMEOUT_S:
            raise RuntimeError(f"{what} not done within {PHASE_TIMEOUT_S:.0f} s")
        time.sleep(1.0)
    return time.monotonic() - started


def summary(phase: str, seconds: float, latencies: list[float]) -> str:
    ms = sorted(1000 * value for value in latencies)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{phase}: {seconds:.1f} s; /api/health {len(ms)} calls, median {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms (load average {load})"
    )


def ended(client: httpx.Client, url: str) -> bool:
    status = client.get(url).json().get("status")
    if status == "failed":
        raise RuntimeError(f"{url} failed")
    return status == "done"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runner", choices=("process", "thread"), default="process")
    parser.add_argument("--files", type=int, default=8, help="Demo interviews to import and code.")
    args = parser.parse_args()
    # One web process: every probe meets the process whose job runner is busy (the strictest case).
    env = {"DESIRELINES_CODING_RUNNER": args.runner, "DESIRELINES_WEB_WORKERS": "1"}
    with running_server(env=env) as server:
        client = httpx.Client(base_url=server.base_url, headers=server.headers, timeout=120)
        pid = client.post("/api/projects", json={"name": "Health bench"}).json()["id"]
        with Prober(server.base_url) as coding:
            sources = [
                client.post(
                    f"/api/projects/{pid}/sources", files={"file": (path.name, path.read_bytes())}
                ).json()["source"]["id"]
                for path in sorted(DEMO.iterdir())[: args.files]
            ]
            took = wait(lambda: all(ended(client, f"/api/sources/{s}/coding") for s in sources), "coding")
        print(f"runner {args.runner}, {len(sources)} interviews")
        print(summary("coding", took, coding.latencies), flush=True)
        with Prober(server.base_url) as themes:
            run = client.post(f"/api/projects/{pid}/themes/runs", json={"scope": "all"}).json()
            took = wait(lambda: ended(client, f"/api/projects/{pid}/analyses/{run['id']}"), "themes")
        print(summary("themes", took, themes.latencies))


if __name__ == "__main__":
    main()

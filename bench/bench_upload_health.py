"""Benchmark: does a large import hold up other requests? `/api/health` latency during a 20 MB upload.

    .venv/bin/python bench/bench_upload_health.py [--mb 20] [--parse-workers 1]

Serves the app with uvicorn (one process, a fresh SQLite database, coding off), uploads a generated
transcript of about `--mb` MB (two speakers, turns of three or four sentences) through the API, and
meanwhile calls `/api/health` every 50 ms from another thread. Prints the upload's status, duration
and utterance count, the health calls' count, median, p95 and maximum latency, how many took over 50
and over 100 ms, the load average, and how long the import's steps took (parse, in a child process
unless --parse-workers 0; store; then commit, queueing and the response) with the slowest health
calls of each, and when (seconds into the upload) the slowest calls started.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_bombs import bench_app, free_port  # noqa: E402

TURN = (
    "Interviewer: What happened the week before you switched, and who else was involved?\n"
    "Ana: We had lost two invoices that month. My manager asked for the numbers on Friday. "
    "I spent the weekend rebuilding the spreadsheet by hand. That was when I started looking.\n"
)


def transcript(megabytes: float) -> bytes:
    return (TURN * int(megabytes * 1024 * 1024 / len(TURN))).encode()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--parse-workers", type=int, default=1, help="0: parse in the web process.")
    args = parser.parse_args()

    data = transcript(args.mb)
    steps = Steps()
    with tempfile.TemporaryDirectory() as tmp:
        app, engine, token = bench_app(tmp, max_upload_mb=100, parse_workers=args.parse_workers)
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {token}"}
        project = httpx.post(f"{base}/api/projects", json={"name": "Bench"}, headers=headers).json()
        latencies: list[tuple[float, float]] = []  # (when it started, how long it took)
        done = threading.Event()

        def poll() -> None:
            with httpx.Client() as client:
                while not done.is_set():
                    started = time.perf_counter()
                    client.get(f"{base}/api/health")
                    latencies.append((started, time.perf_counter() - started))
                    time.sleep(0.05)

        poller = threading.Thread(target=poll)
        poller.start()
        started = time.perf_counter()
        response = httpx.post(
            f"{base}/api/projects/{project['id']}/sources",
            files={"file": ("long.txt", data)},
            headers=headers,
            timeout=600,
        )
        seconds = time.perf_counter() - started
        done.set()
        poller.join()
        server.should_exit = True
        engine.dispose()
    body = response.json()
    print(
        f"upload {len(data) / 1e6:.1f} MB: status {response.status_code} in {seconds:.1f} s, "
        f"{body.get('utterances', body.get('error'))} utterances"
    )
    ms = sorted(1000 * value for _, value in latencies)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"/api/health during the upload: {len(ms)} calls, median {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms, over 50 ms {sum(v > 50 for v in ms)}, "
        f"over 100 ms {sum(v > 100 for v in ms)} (load average {load}; parse workers {args.parse_workers})"
    )
    steps.spans["respond"] = (steps.spans.get("store", (started, started))[1], started + seconds)
    print(steps.report(latencies))
    slowest = sorted(latencies, key=lambda probe: probe[1], reverse=True)[:5]
    print(
        "slowest calls: " + ", ".join(f"{1000 * took:.0f} ms at {at - started:.1f} s" for at, took in slowest)
    )
    during = [(at, took) for at, took in steps.collections if at >= started]
    collections = ", ".join(f"{1000 * took:.0f} ms at {at - started:.1f} s" for at, took in during)
    print(f"full garbage collections during the upload: {collections or 'none'}")


class Steps:
    """When the import's parse and store steps ran (wrapping them in this process) and the slowest
    health calls that started during each."""

    def __init__(self) -> None:
        from app.sources import service, uploads

        self.spans: dict[str, tuple[float, float]] = {}
        self.cpu: dict[str, float] = {}  # seconds of CPU the step's thread used (steadier than wall time)
        self.collections: list[tuple[float, float]] = []  # full garbage collections: (start, seconds)
        gc.callbacks.append(self._collection)
        uploads.parse_off_process = self._timed("parse", uploads.parse_off_process)  # type: ignore[assignment]
        service.import_file = self._timed("store", service.import_file)  # type: ignore[assignment]

    def _timed(self, name: str, function: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.spans[name] = (started, time.perf_counter())
                self.cpu[name] = time.thread_time() - cpu

        return timed

    def _collection(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._collecting = time.perf_counter()
        else:
            self.collections.append((self._collecting, time.perf_counter() - self._collecting))

    def report(self, latencies: list[tuple[float, float]]) -> str:
        lines: list[str] = []
        for name, (start, end) in self.spans.items():
            during = sorted((1000 * took for at, took in latencies if start <= at <= end), reverse=True)
            slowest = ", ".join(f"{value:.0f}" for value in during[:3])
            cpu = f" (CPU in its thread {self.cpu[name]:.1f} s)" if name in self.cpu else ""
            calls = f"{len(during)} health calls, slowest {slowest} ms"
            lines.append(f"{name}: {end - start:.1f} s{cpu}, {calls}")
        return "\n".join(lines)


if __name__ == "__main__":
    main()

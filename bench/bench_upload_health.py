"""Benchmark: does a large import hold up other requests? `/api/health` latency during a 20 MB upload.

    .venv/bin/python bench/bench_upload_health.py [--mb 20]

Serves the app with uvicorn (one process, a fresh SQLite database, coding off), uploads a generated
transcript of about `--mb` MB (two speakers, turns of three or four sentences) through the API, and
meanwhile calls `/api/health` every 50 ms from another thread. Prints the upload's status, duration
and utterance count, and the health calls' count, median, p95 and maximum latency.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

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
    args = parser.parse_args()

    data = transcript(args.mb)
    with tempfile.TemporaryDirectory() as tmp:
        app, engine, token = bench_app(tmp, max_upload_mb=100)
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {token}"}
        project = httpx.post(f"{base}/api/projects", json={"name": "Bench"}, headers=headers).json()
        latencies: list[float] = []
        done = threading.Event()

        def poll() -> None:
            with httpx.Client() as client:
                while not done.is_set():
                    started = time.perf_counter()
                    client.get(f"{base}/api/health")
                    latencies.append(time.perf_counter() - started)
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
    ms = sorted(1000 * value for value in latencies)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    print(
        f"/api/health during the upload: {len(ms)} calls, median {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()

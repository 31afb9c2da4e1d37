"""`desirelines serve` with several web processes: a socket each on one port, a dead one replaced, all
stopped by one signal to the parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.serving import bind, reuse_port_available

pytestmark = pytest.mark.skipif(not reuse_port_available(), reason="SO_REUSEPORT sockets are Linux-only")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(p) for p in (task / "children").read_text().split()}
    return found


def _web_processes(parent: int) -> set[int]:
    """The parent's spawned children (not its resource tracker)."""
    found = set()
    for pid in _children(parent):
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.add(pid)
        except FileNotFoundError:
            pass
    return found


def _wait(condition, seconds: float = 90.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def test_web_processes_share_the_port_are_replaced_and_stop_together(tmp_path: Path) -> None:
    with bind("127.0.0.1", 0) as probe:
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DESIRELINES_DATA_DIR": str(tmp_path),
        "DESIRELINES_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
        "DESIRELINES_CODING_RUNNER": "off",
        "DESIRELINES_PARSE_WORKERS": "0",
    }
    subprocess.run(
        [sys.executable, "-m", "app.cli", "db", "upgrade"], env=env, check=True, capture_output=True
    )
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen([*command, "--log-level", "warning"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        assert _wait(lambda: len(_web_processes(server.pid)) == 2 and _healthy(url))
        first, second = sorted(_web_processes(server.pid))
        os.kill(first, signal.SIGKILL)
        assert _wait(lambda: first not in _web_processes(server.pid) and len(_web_processes(server.pid)) == 2)
        assert second in _web_processes(server.pid)
        assert _wait(lambda: _healthy(url))
        web = _web_processes(server.pid)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
        assert _wait(lambda: not [pid for pid in web if Path(f"/proc/{pid}").exists()], 10)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

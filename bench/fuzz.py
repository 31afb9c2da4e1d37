"""Schemathesis over every operation of the OpenAPI schema of a running server, reporting 5xx.

    .venv/bin/python bench/fuzz.py [--max-examples 20] [--seed 1]      (or: make fuzz)

Starts a server on a free loopback port (fresh SQLite, or DESIRELINES_DATABASE_URL) with coding jobs
off, seeds a project with one interview so that id 1 exists, and runs `schemathesis run` with an API
token, the `not_a_server_error` check, at most MAX_EXAMPLES cases per operation, one worker and a 30 s
request timeout. Two operations that would end the fuzzer's own session are left out: deleting API
tokens and changing the password. Prints schemathesis' report and one line per operation that
answered 5xx; exits non-zero when any did.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import ROOT, running_server

SEED_FILE = ROOT / "app" / "demo" / "data" / "interviews" / "01_daniel_reyes_freightline.txt"
# Operations that would revoke the fuzzer's token or password mid-run.
EXCLUDED = r"^/api/(tokens/\{token_id\}|password)$"
MAX_EXAMPLES_LIMIT, RUN_TIMEOUT_S = 200, 3600


def seed(base_url: str, headers: dict[str, str]) -> None:
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        project = client.post("/api/projects", json={"name": "Fuzz"}).json()
        files = {"file": (SEED_FILE.name, SEED_FILE.read_bytes())}
        client.post(f"/api/projects/{project['id']}/sources", files=files).raise_for_status()


def schemathesis(base_url: str, token: str, *, max_examples: int, seed_value: int) -> tuple[int, str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", f"{base_url}/openapi.json",
        "--header", f"Authorization: Bearer {token}", "--checks", "not_a_server_error",
        "--max-examples", str(max_examples), "--seed", str(seed_value), "--workers", "1",
        "--request-timeout", "30", "--exclude-path-regex", EXCLUDED, "--generation-database", "none",
        "--no-color", "--continue-on-failure", "--output-sanitize", "true",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)
    return done.returncode, done.stdout + done.stderr


def server_errors(output: str) -> list[str]:
    """One line per failing operation ("_ METHOD /path _" headings of the failures section)."""
    return sorted(set(re.findall(r"^_+ ((?:GET|POST|PUT|PATCH|DELETE) \S+) _+$", output, flags=re.M)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 1 <= args.max_examples <= MAX_EXAMPLES_LIMIT:
        parser.error(f"--max-examples must be 1..{MAX_EXAMPLES_LIMIT}")
    database_url = os.environ.get("DESIRELINES_DATABASE_URL")
    with running_server(database_url=database_url, env={"DESIRELINES_CODING_RUNNER": "off"}) as server:
        seed(server.base_url, server.headers)
        code, output = schemathesis(
            server.base_url, server.token, max_examples=args.max_examples, seed_value=args.seed
        )
    print(output)
    failing = server_errors(output)
    print(f"{len(failing)} operations answered 5xx:" if failing else "No operation answered 5xx.")
    for line in failing:
        print(f"  {line}")
    sys.exit(1 if failing or code not in (0, 1) else 0)


if __name__ == "__main__":
    main()

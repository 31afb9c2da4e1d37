"""Schemathesis over every operation of the OpenAPI schema of a running server, reporting 5xx.

    .venv/bin/python bench/fuzz.py [--max-examples 20] [--seed 1]      (or: make fuzz)

Starts a server on a free loopback port (fresh SQLite, or DESIRELINES_DATABASE_URL) with coding jobs
off, seeds a project with one interview, and runs `schemathesis run` twice with an API token, the
`not_a_server_error` check, at most MAX_EXAMPLES cases per operation, one worker, a 30 s request timeout:
"seeded" (project, source, participant and utterance ids fixed to the seeded rows, so requests reach the
logic behind the 404s; DELETE operations are left out there so the rows stay), then "free" (every
parameter generated, so out-of-range ids and deletes are tried). Both leave out the two operations
that would end the fuzzer's own session (deleting API tokens, changing the password). Prints each
pass's report and one line per operation that answered 5xx; exits non-zero when any did.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import ROOT, running_server

SEED_FILE = ROOT / "app" / "demo" / "data" / "interviews" / "01_daniel_reyes_freightline.txt"
# Operations that would revoke the fuzzer's token or password mid-run.
EXCLUDED = r"^/api/auth/(tokens/\{token_id\}|password)$"
MAX_EXAMPLES_LIMIT, RUN_TIMEOUT_S = 200, 3600


def seed(base_url: str, headers: dict[str, str]) -> dict[str, int]:
    """A project with one interview; the ids of its rows, by path parameter name."""
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        project = client.post("/api/projects", json={"name": f"Fuzz {time.time():.0f}"}).json()
        files = {"file": (SEED_FILE.name, SEED_FILE.read_bytes())}
        source = client.post(f"/api/projects/{project['id']}/sources", files=files).json()["source"]
        people = client.get(f"/api/projects/{project['id']}/participants").json()
        said = client.get(f"/api/projects/{project['id']}/utterances").json()["items"]
    return {
        "project_id": project["id"],
        "source_id": source["id"],
        "participant_id": people[0]["id"],
        "utterance_id": said[-1]["id"],
    }


def schemathesis(
    base_url: str, token: str, *, max_examples: int, seed_value: int, ids: dict[str, int] | None
) -> tuple[int, str]:
    command = [str(Path(sys.executable).with_name("schemathesis"))]
    with tempfile.TemporaryDirectory() as folder:
        if ids:
            config = Path(folder) / "schemathesis.toml"
            config.write_text("[parameters]\n" + "".join(f'"path.{k}" = {v}\n' for k, v in ids.items()))
            command += ["--config-file", str(config)]
        command += [
            "run", f"{base_url}/openapi.json", "--header", f"Authorization: Bearer {token}",
            "--checks", "not_a_server_error", "--max-examples", str(max_examples), "--seed", str(seed_value),
            "--workers", "1", "--request-timeout", "30", "--exclude-path-regex", EXCLUDED,
            "--generation-database", "none", "--no-color", "--continue-on-failure",
        ]  # fmt: skip
        if ids:
            # Deleting the seeded rows would turn the rest of the pass into 404s.
            command += ["--exclude-method", "DELETE"]
        # Run in the temporary folder: schemathesis keeps a cache of crashes in its working directory.
        done = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
        )
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
    failing: set[str] = set()
    worst = 0
    with running_server(database_url=database_url, env={"DESIRELINES_CODING_RUNNER": "off"}) as server:
        ids = seed(server.base_url, server.headers)
        for name, fixed in (("seeded", ids), ("free", None)):
            code, output = schemathesis(
                server.base_url, server.token, max_examples=args.max_examples, seed_value=args.seed, ids=fixed
            )
            print(f"===== {name} pass =====\n{output}", flush=True)
            failing |= set(server_errors(output))
            worst = max(worst, code)
    print(f"{len(failing)} operations answered 5xx:" if failing else "No operation answered 5xx.")
    for line in sorted(failing):
        print(f"  {line}")
    sys.exit(1 if failing or worst not in (0, 1) else 0)


if __name__ == "__main__":
    main()

"""Schemathesis over every operation of the OpenAPI schema of a running server, reporting 5xx.

    .venv/bin/python bench/fuzz.py [--max-examples 20] [--seed 1] [--events DIR]     (or: make fuzz)

Starts a server on a free loopback port (fresh SQLite, or DESIRELINES_DATABASE_URL) with coding jobs
off, seeds a project with one interview, and runs `schemathesis run` twice with an API token, the
`not_a_server_error` check, at most MAX_EXAMPLES cases per operation, one worker, a 30 s request timeout:
"seeded" (project, source, participant and utterance ids fixed to the seeded rows, so requests reach the
logic behind the 404s; DELETE operations are left out there so the rows stay), then "free" (every
parameter generated, so out-of-range ids and deletes are tried). Both run every phase (examples,
coverage, fuzzing, stateful) with positive and negative data, and leave out the two operations that
would end the fuzzer's own session (deleting API tokens, changing the password). Prints each pass's
report, then one line per operation (cases sent, answered 2xx, answered 5xx, unanswered; read from
schemathesis's NDJSON event log, so stateful sequences count too) with a request that reproduces each
failure; exits non-zero on any 5xx or unanswered request.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import ROOT, running_server

SEED_FILE = ROOT / "app" / "demo" / "data" / "interviews" / "01_daniel_reyes_freightline.txt"
# Operations that would revoke the fuzzer's token or password mid-run.
EXCLUDED = r"^/api/auth/(tokens/\{token_id\}|password)$"
OPERATION = re.compile(r"^(GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS) /")
MAX_EXAMPLES_LIMIT, RUN_TIMEOUT_S = 200, 3600


def seed(base_url: str, headers: dict[str, str]) -> dict[str, int]:
    """A project with one interview, a guide, a live interview, a KPI and an opportunity: the ids of
    their rows, by path parameter name (a row that could not be made is left out, not fatal)."""
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        project = client.post("/api/projects", json={"name": f"Fuzz {time.time():.0f}"}).json()
        at = f"/api/projects/{project['id']}"
        files = {"file": (SEED_FILE.name, SEED_FILE.read_bytes())}
        source = client.post(f"{at}/sources", files=files).json()["source"]
        people = client.get(f"{at}/participants").json()
        said = client.get(f"{at}/utterances").json()["items"]
        ids = {
            "project_id": project["id"],
            "source_id": source["id"],
            "participant_id": people[0]["id"],
            "utterance_id": said[-1]["id"],
        }
        frameworks = {f["id"]: f for f in client.get(f"{at}/frameworks").json()}
        stage = frameworks[project["framework"]]["stages"][0]["id"]
        journey = f"{at}/journey"
        made = {
            "guide_id": client.post(f"{at}/guides", json={"copy_of": {"template_id": "discovery"}}),
            "interview_id": client.post(
                f"{at}/interviews", json={"participant_id": people[0]["id"], "template_id": "discovery"}
            ),
            "kpi_id": client.post(f"{journey}/kpis", json={"stage": stage, "text": "Fewer calls"}),
            "opportunity_id": client.post(f"{journey}/opportunities", json={"stage": stage, "text": "App"}),
        }
    for name, response in made.items():
        if response.status_code == 201:
            ids[name] = response.json()["id"]
        else:
            print(f"seed: no {name} ({response.status_code} {response.text[:200]})", flush=True)
    return ids


@dataclass
class Tally:
    """Cases per operation ("METHOD /path"), the 2xx, 5xx and unanswered ones, one request per failure."""

    cases: Counter[str] = field(default_factory=Counter)
    succeeded: Counter[str] = field(default_factory=Counter)
    server_errors: Counter[str] = field(default_factory=Counter)
    unanswered: Counter[str] = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.cases.update(other.cases)
        self.succeeded.update(other.succeeded)
        self.server_errors.update(other.server_errors)
        self.unanswered.update(other.unanswered)
        self.samples = {**other.samples, **self.samples}


def tally(events: list[dict[str, Any]]) -> Tally:
    """Count the recorded cases of every ScenarioFinished event by operation and by response status."""
    found = Tally()
    for event in events:
        recorder = event.get("ScenarioFinished", {}).get("recorder", {})
        interactions = recorder.get("interactions", {})
        for case_id, case in recorder.get("cases", {}).items():
            interaction = interactions.get(case_id)
            if interaction is None:  # generated but never sent
                continue
            operation = operation_of(recorder.get("label", ""), case["value"])
            found.cases[operation] += 1
            response = interaction.get("response")
            if response is not None and 200 <= response["status_code"] < 300:
                found.succeeded[operation] += 1
            if response is None or response["status_code"] >= 500:
                (found.unanswered if response is None else found.server_errors)[operation] += 1
                found.samples.setdefault(operation, describe(interaction, response))
    return found


def operation_of(label: str, request: dict[str, Any]) -> str:
    """The operation a case tested: its scenario's label ("GET /path"), or, in stateful sequences
    (one label for all), the case's own method and path template."""
    return label if OPERATION.match(label) else f"{request['method']} {request['path']}"


def describe(interaction: dict[str, Any], response: dict[str, Any] | None) -> str:
    """One request as `METHOD URI [body] -> status`, for reproducing it."""
    request = interaction["request"]
    body = request.get("body")
    if isinstance(body, dict) and "$base64" in body:
        body = base64.b64decode(body["$base64"]).decode("utf-8", "replace")
    shown = f" body={body[:300]!r}" if body else ""
    status = response["status_code"] if response else "no response"
    return f"{request['method']} {request['uri']}{shown} -> {status}"


def read_events(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def schemathesis(
    base_url: str,
    token: str,
    *,
    max_examples: int,
    seed_value: int,
    ids: dict[str, int] | None,
    keep_events: Path | None = None,
) -> tuple[int, str, Tally]:
    command = [str(Path(sys.executable).with_name("schemathesis"))]
    with tempfile.TemporaryDirectory() as folder:
        events = Path(folder) / "events.ndjson"
        if ids:
            config = Path(folder) / "schemathesis.toml"
            config.write_text("[parameters]\n" + "".join(f'"path.{k}" = {v}\n' for k, v in ids.items()))
            command += ["--config-file", str(config)]
        command += [
            "run", f"{base_url}/openapi.json", "--header", f"Authorization: Bearer {token}",
            "--checks", "not_a_server_error", "--max-examples", str(max_examples), "--seed", str(seed_value),
            "--mode", "all", "--phases", "examples,coverage,fuzzing,stateful",
            "--suppress-health-check", "filter_too_much",
            "--workers", "1", "--request-timeout", "30", "--exclude-path-regex", EXCLUDED,
            "--generation-database", "none", "--no-color", "--continue-on-failure",
            "--report", "ndjson", "--report-ndjson-path", str(events),
        ]  # fmt: skip
        if ids:
            # Deleting the seeded rows would turn the rest of the pass into 404s.
            command += ["--exclude-method", "DELETE"]
        # Run in the temporary folder: schemathesis keeps a cache of crashes in its working directory.
        done = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
        )
        found = tally(read_events(events))
        if keep_events and events.exists():
            shutil.copyfile(events, keep_events)
    return done.returncode, done.stdout + done.stderr, found


def report(total: Tally) -> None:
    """One line per operation (cases, 2xx, 5xx, unanswered), a request for each that failed, totals."""
    print(f"{'cases':>6} {'2xx':>5} {'5xx':>4} {'none':>4}  operation")
    for operation in sorted(total.cases, key=lambda o: (o.split(" ")[1], o)):
        failed = total.server_errors[operation] + total.unanswered[operation]
        print(
            f"{total.cases[operation]:6d} {total.succeeded[operation]:5d} {total.server_errors[operation]:4d}"
            f" {total.unanswered[operation]:4d}  {operation}"
            + (f"\n{'':23}e.g. {total.samples[operation]}" if failed else "")
        )
    print(
        f"{len(total.cases)} operations, {sum(total.cases.values())} cases, "
        f"{sum(total.server_errors.values())} answered 5xx "
        f"(in {len(total.server_errors)} operations), {sum(total.unanswered.values())} unanswered; "
        f"{sum(1 for o in total.cases if not total.succeeded[o])} operations never answered 2xx."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--events", type=Path, help="folder to keep each pass's NDJSON event log in")
    args = parser.parse_args()
    if not 1 <= args.max_examples <= MAX_EXAMPLES_LIMIT:
        parser.error(f"--max-examples must be 1..{MAX_EXAMPLES_LIMIT}")
    database_url = os.environ.get("DESIRELINES_DATABASE_URL")
    total = Tally()
    worst = 0
    with running_server(database_url=database_url, env={"DESIRELINES_CODING_RUNNER": "off"}) as server:
        ids = seed(server.base_url, server.headers)
        for name, fixed in (("seeded", ids), ("free", None)):
            code, output, found = schemathesis(
                server.base_url,
                server.token,
                max_examples=args.max_examples,
                seed_value=args.seed,
                ids=fixed,
                keep_events=args.events / f"{name}.ndjson" if args.events else None,
            )
            print(f"===== {name} pass =====\n{output}", flush=True)
            total.add(found)
            worst = max(worst, code)
    print(f"===== {server.database}, schemathesis exit status {worst} =====")
    report(total)
    failed = sum(total.server_errors.values()) + sum(total.unanswered.values())
    sys.exit(1 if failed or worst not in (0, 1) or not total.cases else 0)


if __name__ == "__main__":
    main()

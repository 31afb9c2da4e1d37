"""Mixed load against a running server, as a research team uses it: pages, API lists, search, code
corrections, small uploads and themes runs.

    .venv/bin/python bench/load.py --users 20 --seconds 60
    DESIRELINES_DATABASE_URL=postgresql+psycopg://127.0.0.1/load .venv/bin/python bench/load.py --users 50

Starts its own server on a free loopback port (a fresh SQLite file, or the PostgreSQL database in
DESIRELINES_DATABASE_URL, upgraded in place), creates an admin with an API token, then through the API a
project with some of the fictional demo interviews, codes them and runs themes and personas once. Then
USERS asyncio clients each loop for SECONDS: pick an action by weight, send it, wait a random think time
(0 to 2 x THINK seconds). Prints requests/s, p50/p95/p99 latency overall and per action, and errors by
status (4xx/5xx and transport errors). Everything is bounded: at most 500 users and 900 seconds, each
request times out after 60 s, at most one themes run is queued every 15 s, and the server is stopped
when the run ends.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import ROOT, Server, running_server

DEMO = ROOT / "app" / "demo" / "data" / "interviews"
MAX_USERS, MAX_SECONDS, REQUEST_TIMEOUT_S, SETUP_TIMEOUT_S = 500, 900, 60.0, 900.0
THEMES_EVERY_S = 15.0
WORDS = ("price", "spreadsheet", "team", "onboarding", "invoice", "trial", "support", "report", "manager")
WEIGHTS = {"page": 30, "api_list": 30, "search": 15, "code": 10, "upload": 3, "themes": 2}


@dataclass
class Study:
    project_id: int
    source_ids: list[int]
    utterance_ids: list[int]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    routes: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: dict[str, str] = field(default_factory=dict)
    last_themes: float = 0.0
    uploads: int = 0


# --- setting up the study through the API --------------------------------------------------------


def setup_study(client: httpx.Client, files: int) -> Study:
    """A project with the first `files` demo interviews, coded, with one themes and personas run."""
    name = f"Load study {time.strftime('%Y-%m-%d %H:%M:%S')}"  # unique in a reused database
    project = _ok(client.post("/api/projects", json={"name": name})).json()
    pid = project["id"]
    sources = []
    for path in sorted(DEMO.iterdir())[:files]:
        upload = {"file": (path.name, path.read_bytes())}
        response = _ok(client.post(f"/api/projects/{pid}/sources", files=upload))
        sources.append(response.json()["source"]["id"])
    _wait(client, [f"/api/sources/{sid}/coding" for sid in sources], "coding")
    for kind in ("themes", "personas"):
        run = _ok(client.post(f"/api/projects/{pid}/{kind}/runs", json={})).json()
        _wait_run(client, pid, kind, run["id"])
    page = client.get(f"/api/projects/{pid}/utterances", params={"page_size": 500}).json()
    return Study(pid, sources, [u["id"] for u in page["items"] if u["speaker_role"] == "respondent"])


def _ok(response: httpx.Response) -> httpx.Response:
    if response.status_code >= 400:
        raise RuntimeError(
            f"setup: {response.request.method} {response.request.url} -> "
            f"{response.status_code} {response.text[:300]}"
        )
    return response


def _wait(client: httpx.Client, urls: list[str], what: str) -> None:
    deadline = time.monotonic() + SETUP_TIMEOUT_S
    while time.monotonic() < deadline:
        states = [client.get(url).json().get("status") for url in urls]
        if "failed" in states:
            raise RuntimeError(f"setup: {what} failed: {states}")
        if all(s == "done" for s in states):
            return
        time.sleep(2)
    raise RuntimeError(f"setup: {what} not done within {SETUP_TIMEOUT_S:.0f} s")


def _wait_run(client: httpx.Client, pid: int, kind: str, run_id: int) -> None:
    deadline = time.monotonic() + SETUP_TIMEOUT_S
    while time.monotonic() < deadline:
        run = client.get(f"/api/projects/{pid}/analyses/{run_id}").json()
        if run.get("status") == "done":
            return
        if run.get("status") == "failed":
            raise RuntimeError(f"setup: {kind} run failed: {run.get('error')}")
        time.sleep(2)
    raise RuntimeError(f"setup: {kind} run not done within {SETUP_TIMEOUT_S:.0f} s")


# --- the load ------------------------------------------------------------------------------------


def pick_request(study: Study, results: Results, rng: random.Random) -> tuple[str, str, str, dict]:  # type: ignore[type-arg]
    """(action, method, url, httpx keyword arguments) for one request."""
    pid = study.project_id
    action = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    if action == "themes" and time.monotonic() - results.last_themes < THEMES_EVERY_S:
        action = "api_list"
    if action == "page":
        url = rng.choice(
            [
                f"/projects/{pid}",
                f"/projects/{pid}/themes",
                f"/projects/{pid}/personas",
                f"/projects/{pid}/journey",
                f"/projects/{pid}/participants",
                f"/sources/{rng.choice(study.source_ids)}",
            ]
        )
        return action, "GET", url, {}
    if action == "api_list":
        url = rng.choice(
            [
                f"/api/projects/{pid}/sources",
                f"/api/projects/{pid}/participants",
                f"/api/projects/{pid}/themes",
                f"/api/projects/{pid}/personas",
                f"/api/projects/{pid}/journey",
                f"/api/projects/{pid}/utterances?page={rng.randint(1, 5)}",
            ]
        )
        return action, "GET", url, {}
    if action == "search":
        return action, "GET", f"/api/projects/{pid}/search", {"params": {"q": rng.choice(WORDS)}}
    if action == "code":
        body = {"kind": "emotion", "label": rng.choice(["frustration", "delight", "neutral"]), "score": 1.0}
        return action, "POST", f"/api/utterances/{rng.choice(study.utterance_ids)}/codes", {"json": body}
    if action == "upload":
        results.uploads += 1
        text = (
            f"Interviewer: How did week {results.uploads} go?\n"
            f"Load Tester {results.uploads}: The {rng.choice(WORDS)} was slow and the trial broke.\n"
        )
        files = {"file": (f"load-{results.uploads}-{rng.random():.12f}.txt", text.encode())}
        return action, "POST", f"/api/projects/{pid}/sources", {"files": files}
    results.last_themes = time.monotonic()
    return action, "POST", f"/api/projects/{pid}/themes/runs", {"json": {"scope": "all"}}


async def user(
    client: httpx.AsyncClient, study: Study, results: Results, deadline: float, seed: int, think: float
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        action, method, url, kwargs = pick_request(study, results, rng)
        started = time.perf_counter()
        try:
            response = await client.request(method, url, **kwargs)
            status = str(response.status_code)
            if response.status_code >= 400:
                results.error_examples.setdefault(status, f"{method} {url}: {response.text[:200]}")
        except httpx.HTTPError as err:
            status = f"transport:{type(err).__name__}"
            results.error_examples.setdefault(status, f"{method} {url}: {err!r}")
        results.latencies[action].append(time.perf_counter() - started)
        results.routes[route_of(method, url)].append(time.perf_counter() - started)
        if not status.startswith(("2", "3")):
            results.errors[status] += 1
        await asyncio.sleep(rng.uniform(0, 2 * think))


async def run_load(server: Server, study: Study, users: int, seconds: float, think: float) -> Results:
    results = Results()
    # Idle connections are dropped before uvicorn's 5 s keep-alive timeout closes them under a request.
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users, keepalive_expiry=2.0)
    async with httpx.AsyncClient(
        base_url=server.base_url, headers=server.headers, timeout=REQUEST_TIMEOUT_S, limits=limits
    ) as client:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(user(client, study, results, deadline, seed, think) for seed in range(users)))
    return results


# --- the report ----------------------------------------------------------------------------------


def route_of(method: str, url: str) -> str:
    """The route a request went to: ids and query strings left out ("GET /api/projects/{id}/themes")."""
    path = url.split("?")[0]
    return f"{method} " + "/".join("{id}" if part.isdigit() else part for part in path.split("/"))


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(results: Results, *, server: Server, users: int, elapsed: float) -> str:
    every = [v for values in results.latencies.values() for v in values]
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        f"load average {load} at the end of the run",
        f"database {server.database}, {server.workers} web process(es), {users} users, {elapsed:.0f} s: "
        f"{len(every)} requests, "
        f"{len(every) / elapsed:.1f} requests/s, {sum(results.errors.values())} errors",
        f"{'action':<10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}",
    ]
    for action, values in [("all", every), *sorted(results.latencies.items())]:
        ms = [v * 1000 for v in values]
        lines.append(
            f"{action:<10} {len(ms):>6} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f} "
            f"{percentile(ms, 99):>8.0f} {max(ms, default=0):>8.0f}"
        )
    lines.append(f"{'route (slowest p95 first)':<48} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    by_p95 = sorted(results.routes.items(), key=lambda item: -percentile(item[1], 95))
    for route, values in by_p95:
        ms = [v * 1000 for v in values]
        lines.append(
            f"{route:<48} {len(ms):>6} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f} {max(ms):>8.0f}"
        )
    for status, n in results.errors.most_common():
        lines.append(f"error {status}: {n}  e.g. {results.error_examples.get(status, '')}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.5, help="Mean think time between a user's requests.")
    parser.add_argument("--files", type=int, default=3, help="Demo interviews imported before the load.")
    parser.add_argument(
        "--workers", type=int, default=0, help="Web processes (DESIRELINES_WEB_WORKERS; 0: one per core)."
    )
    args = parser.parse_args()
    if not (1 <= args.users <= MAX_USERS and 1 <= args.seconds <= MAX_SECONDS):
        parser.error(f"--users must be 1..{MAX_USERS} and --seconds 1..{MAX_SECONDS}")
    env = {"DESIRELINES_WEB_WORKERS": str(args.workers)}
    with running_server(database_url=os.environ.get("DESIRELINES_DATABASE_URL"), env=env) as server:
        client = httpx.Client(base_url=server.base_url, headers=server.headers, timeout=REQUEST_TIMEOUT_S)
        with client:
            started = time.monotonic()
            study = setup_study(client, args.files)
            took = time.monotonic() - started
            print(
                f"setup: {len(study.source_ids)} sources, {len(study.utterance_ids)} respondent utterances "
                f"coded, themes and personas run, in {took:.0f} s",
                flush=True,
            )
        started = time.monotonic()
        results = asyncio.run(run_load(server, study, args.users, args.seconds, args.think))
        print(report(results, server=server, users=args.users, elapsed=time.monotonic() - started))


if __name__ == "__main__":
    main()

"""Benchmark: how long a fresh process takes to import the service and to print the CLI's help.

    .venv/bin/python bench/bench_imports.py [--runs 5]

Every server start, worker start, CLI call and test collection pays these. Heavy libraries (BERTopic,
UMAP, HDBSCAN, spaCy, torch, WeasyPrint) must load where they are used, not at import. Prints the median
and the worst of `--runs` fresh processes for each command, and the slowest top-level imports of app.main.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
COMMANDS = {
    "import app.main": [sys.executable, "-c", "import app.main"],
    "desirelines --help": [str(BIN / "desirelines"), "--help"],
}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def slowest_imports(top: int = 8) -> list[tuple[float, str]]:
    """Cumulative import time (s) of the heaviest packages app.main pulls in, by `python -X importtime`."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import app.main"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in done.stderr.splitlines()[1:]:
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]) / 1e6, parts[2].strip()))
    packages: dict[str, float] = {}
    for seconds, module in rows:
        package = module.split(".")[0]
        if package not in ("app", "nlp"):
            packages[package] = max(packages.get(package, 0.0), seconds)
    return sorted(((s, p) for p, s in packages.items()), reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, command in COMMANDS.items():
        timed(command)  # warm the file cache
        times = [timed(command) for _ in range(args.runs)]
        print(f"{name:24} median {statistics.median(times):.2f} s   worst {max(times):.2f} s")
    print("heaviest third-party imports under app.main (cumulative, one run, -X importtime inflates):")
    for seconds, module in slowest_imports():
        print(f"  {seconds:6.2f} s  {module}")


if __name__ == "__main__":
    main()

"""Benchmark: how long themes, personas and a journey map take, for the demo project and for 10,000
survey answers.

    .venv/bin/python bench/bench_deliverables.py [--answers 10000]

Each part builds a fresh SQLite database, imports and codes the data with the real models (timed
apart), then times each deliverable as the service runs it: themes over all respondent utterances,
themes within pain points, personas (participants grouped, canvases built), the journey map and the
forces diagram. The 10,000 answers are a Google Forms export whose two open questions hold demo
survey answers and GoEmotions comments (../shared/data/goemotions), one respondent per row.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.accounts.service import create_user
from app.analysis.jobs import queue_analysis, run_analysis
from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.jobs import default_pipeline, queue_all, run_job
from app.db import make_engine, session_scope
from app.demo.loader import load_demo
from app.handlers import register_handlers
from app.journeys.service import build_map, forces
from app.migrate import upgrade
from app.projects.models import Project, ProjectCreate
from app.projects.service import create_project
from app.sources.service import import_file

ROOT = Path(__file__).resolve().parent.parent
GOEMOTIONS = ROOT.parent / "shared" / "data" / "goemotions" / "original_train.tsv"
SURVEY = ROOT / "app" / "demo" / "data" / "survey" / "pipewell_customer_survey_qualtrics.csv"


def timed(label: str, work: Callable[[], Any], results: list[tuple[str, float]]) -> Any:
    started = time.perf_counter()
    value = work()
    results.append((label, time.perf_counter() - started))
    return value


def code_everything(engine: Engine, project_id: int) -> None:
    with session_scope(engine) as session:
        jobs = queue_all(session, project_id=project_id)
    for job_id in jobs:
        run_job(engine, job_id)


def analysis(engine: Engine, project_id: int, kind: AnalysisKind, scope: str = "all") -> str:
    with session_scope(engine) as session:
        run = queue_analysis(session, project_id=project_id, kind=kind, scope=scope)
        run_id = run.id or 0
    run_analysis(engine, run_id)
    with Session(engine) as session:
        done = session.get(AnalysisRun, run_id)
        assert done is not None and done.status == "done", done.error if done else run_id
        return done.message


def deliverables(engine: Engine, project_id: int, results: list[tuple[str, float]]) -> list[str]:
    notes = [
        timed("themes, all utterances", lambda: analysis(engine, project_id, AnalysisKind.THEMES), results),
        timed(
            "themes, pain points",
            lambda: analysis(engine, project_id, AnalysisKind.THEMES, "pain_point"),
            results,
        ),
        timed("personas", lambda: analysis(engine, project_id, AnalysisKind.PERSONAS), results),
    ]
    with Session(engine) as session:
        project = session.get(Project, project_id)
        assert project is not None
        journey = timed("journey map", lambda: build_map(session, project=project), results)
        timed("forces diagram", lambda: forces(session, project=project), results)
    notes.append(f"journey map over {journey.utterances} utterances, {journey.participants} participants")
    return notes


def survey_csv(answers: int, seed: int = 7) -> bytes:
    """A Google Forms export: timestamp, a closed question and two open ones, `answers` answers in all."""
    texts = _survey_texts() + _goemotions_texts()
    random.Random(seed).shuffle(texts)
    rows = answers // 2
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Timestamp", "Your role", "What made you start looking for a new CRM?", "What almost stopped you?"]
    )
    for i in range(rows):
        a, b = texts[(2 * i) % len(texts)], texts[(2 * i + 1) % len(texts)]
        writer.writerow(
            [
                f"2026/10/{1 + i % 28:02d} 10:{i % 60:02d}:00",
                random.Random(i).choice(["Sales", "Ops", "IT"]),
                a,
                b,
            ]
        )
    return out.getvalue().encode()


def _survey_texts() -> list[str]:
    with SURVEY.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))[3:]
    return [cell for row in rows for cell in row[16:] if len(cell.split()) >= 4]


def _goemotions_texts() -> list[str]:
    if not GOEMOTIONS.exists():
        raise SystemExit(f"{GOEMOTIONS} is missing: the 10,000 answers are drawn from it")
    lines = GOEMOTIONS.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if len(line.split("\t")[0].split()) >= 5][:20_000]


def run_demo(folder: Path) -> None:
    engine = make_engine(f"sqlite:///{folder / 'demo.db'}")
    upgrade(engine)
    results: list[tuple[str, float]] = []
    with session_scope(engine) as session:
        project, _ = load_demo(session, max_bytes=50 * 2**20)
        project_id = project.id or 0
    timed("coding (import excluded)", lambda: code_everything(engine, project_id), results)
    notes = deliverables(engine, project_id, results)
    report("Demo project (8 interviews, 342-respondent survey)", results, notes)


def run_survey(folder: Path, answers: int) -> None:
    engine = make_engine(f"sqlite:///{folder / 'survey.db'}")
    upgrade(engine)
    results: list[tuple[str, float]] = []
    with session_scope(engine) as session:
        owner = create_user(session, email="bench@example.com", password="benchmark-password")
        project = create_project(session, data=ProjectCreate(name="Survey bench"), owner=owner)
        project_id = project.id or 0
        data = survey_csv(answers)
        timed("import", lambda: import_file(session, project=project, filename="survey.csv", data=data,
                                            max_bytes=200 * 2**20), results)  # fmt: skip
    timed("coding", lambda: code_everything(engine, project_id), results)
    notes = deliverables(engine, project_id, results)
    report(f"Survey, {answers:,} answers ({answers // 2:,} respondents, 2 open questions)", results, notes)


def report(title: str, results: list[tuple[str, float]], notes: list[str]) -> None:
    print(f"\n{title}")
    for label, seconds in results:
        print(f"  {label:<28} {seconds:7.1f} s")
    for note in notes:
        print(f"  - {note}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS so far             {peak:7.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    register_handlers()  # the job kinds and analyses that app.jobs and app.analysis run
    default_pipeline("seven-step")  # models loaded once, outside the timings
    with tempfile.TemporaryDirectory() as folder:
        if not args.skip_demo:
            run_demo(Path(folder))
        run_survey(Path(folder), args.answers)


if __name__ == "__main__":
    main()

"""Persona names (and subtitles) the tool gives on real and demo text, to judge whether a researcher would
accept them.

Usage (from the repository root):

    .venv/bin/python bench/persona_names.py [--cache-dir /tmp/persona_names]

Two studies go through what `desirelines personas FOLDER` runs (`load_study` with the shipped coder,
`group_participants` with k chosen by the tool, `build_personas`):

- "podcasts": the guest turns of nlp/eval/interview_turns.txt of the tune episodes only (as
  bench/canvas_quotes.py writes them; held-out episodes are never written);
- "demo interviews": the fictional demo interviews in app/demo/data with its participants.csv roster,
  so job titles come from profiles.

Then the demo project goes through the service as `desirelines demo` loads it (interviews, 342-respondent
survey, roster; coded once into a cached SQLite file) and persona runs of each population, k chosen by the
tool and fixed (6 survey personas, 3 interview personas).

Each persona is printed with its size, name and subtitle. The coded studies are cached (JSON + npz, and
the profiles) so reruns skip the models.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from canvas_quotes import tune_episodes, write_transcripts  # noqa: E402
from eval_personas import load_cached, save_study  # noqa: E402

DEMO = ROOT / "app" / "demo" / "data"


def _study(stem: Path, folder: Path | None, roster: Path | None = None):  # type: ignore[no-untyped-def]
    from nlp.aggregate.personas import ParticipantProfile
    from nlp.personas_batch import load_study
    from nlp.pipeline import CodingPipeline

    profiles = stem.with_suffix(".profiles.json")
    if stem.with_suffix(".json").exists() and profiles.exists():
        study = load_cached(stem)
        study.profiles = [ParticipantProfile(**row) for row in json.loads(profiles.read_text())]
        return study
    with tempfile.TemporaryDirectory() as temp:
        if folder is None:
            folder = Path(temp)
            write_transcripts(folder, tune_episodes())
        study = load_study(folder, CodingPipeline(), roster=roster, warn=lambda m: print(m, file=sys.stderr))
    save_study(study, stem)
    profiles.write_text(json.dumps([asdict(p) for p in study.profiles]), encoding="utf-8")
    return study


def main(argv: list[str] | None = None) -> None:
    from nlp.aggregate.canvas import build_personas
    from nlp.aggregate.personas import group_participants

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "persona_names")
    args = parser.parse_args(argv)
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    studies = {
        "podcasts": _study(args.cache_dir / "podcasts", None),
        "demo interviews": _study(args.cache_dir / "demo", DEMO / "interviews", DEMO / "participants.csv"),
    }
    for label, study in studies.items():
        grouping = group_participants(study.profiles, study.evidence, study.embeddings)
        print(f"== {label}: {len(study.profiles)} participants, {grouping.k} personas")
        for canvas in build_personas(grouping, study.profiles, study.evidence):
            subtitle = getattr(canvas, "subtitle", "")
            print(f"  {canvas.size:>3}  {canvas.name}" + (f"  |  {subtitle}" if subtitle else ""))
    _app_demo(args.cache_dir)


RUNS = (("all", None), ("surveys", None), ("interviews", None), ("surveys", 6), ("interviews", 3))


def _app_demo(cache: Path) -> None:
    from bench_deliverables import code_everything
    from sqlmodel import Session, col, select

    from app.analysis.jobs import queue_analysis, run_analysis
    from app.analysis.models import AnalysisKind
    from app.db import make_engine, session_scope
    from app.demo.loader import load_demo
    from app.migrate import upgrade
    from app.personas.models import Persona

    coded, work = cache / "demo_coded.db", cache / "demo_personas.db"
    if not coded.exists():
        engine = make_engine(f"sqlite:///{coded}")
        upgrade(engine)
        with session_scope(engine) as session:
            project, _ = load_demo(session, max_bytes=50 * 2**20)
        code_everything(engine, project.id or 0)
        engine.dispose()
    shutil.copy(coded, work)
    engine = make_engine(f"sqlite:///{work}")
    for population, k in RUNS:
        with session_scope(engine) as session:
            settings = {"population": population, "k": k}
            run_id = queue_analysis(session, project_id=1, kind=AnalysisKind.PERSONAS, settings=settings).id
        run_analysis(engine, run_id or 0)
        with Session(engine) as session:
            query = select(Persona).where(Persona.run_id == run_id).order_by(col(Persona.number))
            personas = session.exec(query).all()
        print(f"== demo project, {population}, k={k or 'chosen'}: {len(personas)} personas")
        for persona in personas:
            print(f"  {persona.size:>3}  {persona.name}  |  {persona.canvas.get('subtitle', '')}")


if __name__ == "__main__":
    main()

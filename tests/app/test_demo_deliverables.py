"""The demo project with the real models: themes, personas and the journey map are filled from the
demo data, and every quote they show is a sentence of a demo transcript, word for word.

Slow (the real encoder and coders over ~3,500 sentences, then BERTopic): built once, on SQLite."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.analysis.jobs import latest_done, run_analysis
from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.jobs import queue_all, run_job
from app.db import make_engine, session_scope
from app.demo.loader import DEMO_DIR, load_demo, queue_demo_analyses
from app.journeys.service import build_map
from app.migrate import upgrade
from app.personas.service import run_personas, view
from app.projects.models import Project
from app.saturation.service import project_saturation
from app.saturation.views import chart
from app.sources.models import Source
from app.themes.service import run_themes
from app.utterances.models import Utterance
from nlp.aggregate.journey import journey_to_dict


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A SQLite database holding the demo project, coded and analysed once for the module's tests (they
    only read it; every session they open is rolled back)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        project, _ = load_demo(session, max_bytes=50_000_000)
        jobs = queue_all(session, project_id=project.id or 0)
        queue_demo_analyses(session, project_id=project.id or 0)
    for job_id in jobs:
        run_job(engine, job_id)
    with Session(engine) as session:
        runs = session.exec(select(AnalysisRun.id).order_by(AnalysisRun.id)).all()  # type: ignore[arg-type]
    for run_id in runs:
        run_analysis(engine, run_id or 0)
    yield engine
    engine.dispose()


@pytest.fixture
def demo(demo_db: Engine) -> int:
    with Session(demo_db) as session:
        project_id = session.exec(select(Project.id)).one()
    return project_id or 0


def _originals() -> str:
    """Every demo transcript that is plain text (TXT, VTT, CSV), whitespace squashed."""
    paths = [p for p in (DEMO_DIR / "interviews").iterdir() if p.suffix in (".txt", ".vtt", ".csv")]
    return _squash(" ".join(p.read_text(encoding="utf-8") for p in paths))


def _check_quotes(session: Session, quotes: list[dict[str, Any]], originals: str) -> int:
    for quote in quotes:
        utterance = session.get(Utterance, quote["utterance_id"])
        assert utterance is not None and utterance.text == quote["text"]
        source = session.get(Source, utterance.source_id)
        assert source is not None
        if source.filename.endswith((".txt", ".vtt")):
            assert _squash(quote["text"]) in originals, quote
    return len(quotes)


def test_demo_deliverables_are_filled_with_verbatim_quotes(demo_db: Engine, demo: int) -> None:
    originals = _originals()
    with Session(demo_db) as session:
        project = session.get(Project, demo)
        assert project is not None
        for scope in ("all", "pain_point"):
            run = latest_done(session, project_id=demo, kind=AnalysisKind.THEMES, scope=scope)
            assert run is not None, scope
            themes = run_themes(session, run_id=run.id or 0)
            assert len(themes) >= 3, (scope, run.message)
            quotes = [
                {"utterance_id": uid, "text": session.get(Utterance, uid).text}
                for t in themes
                for uid in t.representative_ids
            ]  # type: ignore[union-attr]
            assert _check_quotes(session, quotes, originals) >= 3 * len(themes) // 2
        personas_run = latest_done(session, project_id=demo, kind=AnalysisKind.PERSONAS)
        assert personas_run is not None
        personas = run_personas(session, run_id=personas_run.id or 0)
        assert 2 <= len(personas) <= 6, personas_run.message
        shown = 0
        for persona in personas:
            fields = view(session, persona=persona)["fields"]
            assert len(fields) == 11
            filled = [f for f in fields if f["value"] and f["key"] != "picture"]
            assert len(filled) >= 5, [f["key"] for f in fields if not f["value"]]
            shown += sum(_check_quotes(session, f["quotes"], originals) for f in fields)
        assert shown >= 20
        data = journey_to_dict(build_map(session, project=project))
        staged = [s["id"] for s in data["stages"] if data["emotions"][s["id"]]["n"] > 0]
        assert len(staged) >= 5, staged
        quotes = [
            q
            for rows in data["rows"].values()
            for items in rows.values()
            for item in items
            for q in item["quotes"]
        ]
        assert _check_quotes(session, quotes, originals) >= 20


def test_demo_has_saturation_curves_overall_and_per_persona(demo_db: Engine, demo: int) -> None:
    with Session(demo_db) as session:
        found = project_saturation(session, project_id=demo)
    interviews = 8  # the demo's eight interviews, in upload order (the survey is not an interview)
    overall = {c.what: c for c in found.curves if c.group == "everyone"}
    assert set(overall) == {"code labels", "themes"}
    assert len(overall["code labels"].points) == interviews
    totals = [p.total for p in overall["code labels"].points]
    assert totals == sorted(totals) and totals[0] > 0
    assert overall["code labels"].new_information  # base of 4, then runs of 2: a signal to show
    assert any(c.group.startswith("persona") for c in found.curves)
    drawn = chart(overall["code labels"])
    assert len(drawn.bars) == interviews and drawn.line

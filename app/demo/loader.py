"""The fictional demo study: Pipewell CRM switch interviews and a customer survey."""

from __future__ import annotations

import math
from pathlib import Path

from sqlmodel import Session

from app.accounts.models import User
from app.accounts.service import create_user, find_user
from app.analysis.jobs import queue_analysis
from app.analysis.models import AnalysisKind
from app.imports import ImportReport, import_paths
from app.projects.models import Project, ProjectCreate
from app.projects.service import create_project, find_project
from app.sources.roster import apply_roster

DEMO_DIR = Path(__file__).resolve().parent / "data"
DEMO_PROJECT = "Pipewell CRM switch (fictional demo)"
DEMO_DESCRIPTION = (
    "Fictional JTBD switch interviews and a customer survey about buying Pipewell, a mid-priced CRM. "
    "Every person, company and quote in it is invented."
)


# A known login for the local demo only; `desirelines user create` makes real accounts.
DEMO_EMAIL = "demo@desirelines.local"
DEMO_PASSWORD = "desirelines-demo"


def demo_user(session: Session) -> User:
    """The demo admin, created on first use."""
    return find_user(session, email=DEMO_EMAIL) or create_user(
        session, email=DEMO_EMAIL, password=DEMO_PASSWORD, is_admin=True
    )


def load_demo(session: Session, *, max_bytes: int) -> tuple[Project, ImportReport | None]:
    """Create the demo admin and the demo project once; a second call finds them and imports nothing."""
    owner = demo_user(session)
    existing = find_project(session, name=DEMO_PROJECT)
    if existing is not None:
        return existing, None
    data = ProjectCreate(name=DEMO_PROJECT, description=DEMO_DESCRIPTION)
    project = create_project(session, data=data, owner=owner)
    report = import_paths(session, project=project, paths=[DEMO_DIR], max_bytes=max_bytes)
    roster = DEMO_DIR / "participants.csv"
    apply_roster(session, project_id=project.id or 0, filename=roster.name, data=roster.read_bytes())
    return project, report


def queue_demo_analyses(session: Session, *, project_id: int) -> None:
    """Themes (overall and of pain points) and personas of the interviewees, queued after the coding
    jobs; a run that a job process reaches while a source is still queued or being coded elsewhere goes
    back to the queue until that coding ends, so all of them run on the whole coded evidence."""
    queue_analysis(
        session, project_id=project_id, kind=AnalysisKind.THEMES, scope="all", settings={"seed": 42}
    )
    queue_analysis(
        session, project_id=project_id, kind=AnalysisKind.THEMES, scope="pain_point", settings={"seed": 42}
    )
    # Eight interviews are too few for the data alone to show groups (the tool would return one
    # persona and say so), so the demo asks for two from the interviewees, as a researcher would.
    queue_analysis(
        session,
        project_id=project_id,
        kind=AnalysisKind.PERSONAS,
        settings={"k": 2, "max_k": 6, "population": "interviews", "k_set_by": "demo"},
    )


# Utterances coded per second on a 2-core laptop, end to end (model load included): the demo's ~4,000
# utterances were coded and themed about 8 minutes after `make run` started serving (issue 12's walk-through).
DEMO_CODING_RATE = 10.0
ANALYSIS_MINUTES = 1  # themes twice and personas, after the last source is coded


def ready_message(*, sources: int, utterances: int) -> str:
    """When the demo's analyses will be ready, so that nobody waits in front of an empty themes page."""
    coding = max(1, math.ceil(utterances / DEMO_CODING_RATE / 60))
    return (
        f"Coding {sources} sources ({utterances:,} utterances) in the background once the server runs; "
        f"themes and personas follow, about {coding + ANALYSIS_MINUTES} minutes in all. "
        "Source badges on the project page show each source's coding progress."
    )

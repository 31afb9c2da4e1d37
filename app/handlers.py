"""Which feature runs each kind of background job and each kind of analysis, and what uses a guide.

app.jobs (leases, reaper, runners), app.analysis (analysis runs) and app.guides (guide versions, kept
once used) sit below the features whose work they run or whose rows use them, so they do not import
them; this composition module registers those features with them.
Importing it registers everything: app.main imports it (and create_app calls `register_handlers`),
and the job process and the Celery worker load it by name (`app.jobs.kinds.SETUP_MODULES`), so every
process that runs or reaps jobs knows every kind. (`desirelines import --code` calls
app.coding.jobs.run_job itself.)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.agreement.adjust import apply_to_source
from app.analysis.jobs import Analysis, coding_awaited, register_analysis, run_analysis, runs_given_up
from app.analysis.models import AnalysisKind, AnalysisRun
from app.coding.jobs import jobs_given_up, register_after_coded, run_job
from app.coding.models import CodingJob
from app.coverage.models import SourceGuide
from app.guides.service import VersionUse, register_version_use
from app.interviews.models import InterviewStatus, LiveInterview
from app.jobs.kinds import Awaited, JobKind, JobRef, JobType, register_job_type
from app.personas.service import group_personas, read_personas, store_personas
from app.sources.models import Source
from app.sources.service import register_participant_hold
from app.themes.service import find_run_themes, read_themes, store_themes


def _run_analysis(engine: Engine, run_id: int, _options: Any) -> float | None:
    return run_analysis(engine, run_id)


def _analysis_waits_for(engine: Engine, run_id: int) -> list[Awaited]:
    return [
        Awaited(JobRef(JobKind.CODING, job_id), f"coding of source {filename!r}")
        for job_id, filename in coding_awaited(engine, run_id)
    ]


def _adjust_coded(session: Session, source: Source) -> None:
    apply_to_source(session, source=source)


def register_handlers() -> None:
    """Register every job kind with app.jobs, every analysis kind with app.analysis, every use of
    a guide version with app.guides, and every row that holds a participant with app.sources."""
    register_job_type(JobKind.CODING, JobType(CodingJob, run_job, jobs_given_up))
    analysis = JobType(AnalysisRun, _run_analysis, runs_given_up, waits_for=_analysis_waits_for)
    register_job_type(JobKind.ANALYSIS, analysis)
    register_after_coded(_adjust_coded)
    register_analysis(AnalysisKind.THEMES, Analysis(read_themes, find_run_themes, store_themes))
    register_analysis(AnalysisKind.PERSONAS, Analysis(read_personas, group_personas, store_personas))
    register_version_use(VersionUse.INTERVIEW, LiveInterview.guide_version_id)
    register_version_use(VersionUse.TRANSCRIPT, SourceGuide.guide_version_id)
    drafts = select(LiveInterview.participant_id).where(LiveInterview.status != InterviewStatus.DISCARDED)
    register_participant_hold("live interview", drafts)


register_handlers()

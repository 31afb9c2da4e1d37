"""Start an analysis run from a request (API or form): the run row now, the work after the commit."""

from __future__ import annotations

from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request

from app.analysis.models import AnalysisRun


class RunStarter:
    """Hands a queued run to the app's runner as a background task.

    Background tasks run after the response, so after the request's transaction has committed and the
    runner can see the run.
    """

    def __init__(self, request: Request, tasks: BackgroundTasks) -> None:
        self._submit = request.app.state.runner.submit_analysis
        self._tasks = tasks

    def after_commit(self, run: AnalysisRun) -> AnalysisRun:
        self._tasks.add_task(self._submit, run.id)
        return run


StartRun = Annotated[RunStarter, Depends()]


def optional_count(text: str) -> int | None:
    """A positive whole number typed in a form; None when blank or not one (the analysis chooses)."""
    text = text.strip()
    return int(text) if text.isdigit() and int(text) > 0 else None

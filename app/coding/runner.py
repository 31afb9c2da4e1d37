"""Runners moved to app.jobs.runner (one job system for coding and analyses); kept for old imports."""

from app.jobs.runner import CeleryRunner, InlineRunner, NoRunner, Runner, ThreadRunner, make_runner

__all__ = ["CeleryRunner", "InlineRunner", "NoRunner", "Runner", "ThreadRunner", "make_runner"]

"""create_app(): routers, security, error handlers, static files."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.routing import NoMatchFound

from app import __version__
from app.accounts import pages as account_pages
from app.accounts import routes as account_routes
from app.agreement import pages as agreement_pages
from app.agreement import routes as agreement_routes
from app.analysis import routes as analysis_routes
from app.audit import pages as audit_pages
from app.audit import routes as audit_routes
from app.coding import pages as coding_pages
from app.coding import routes as coding_routes
from app.coding.queue import queue_after_commit
from app.config import Settings, settings
from app.coverage import pages as coverage_pages
from app.coverage import routes as coverage_routes
from app.db import get_engine
from app.erasure import pages as erasure_pages
from app.erasure import routes as erasure_routes
from app.errors import check_path_ids, install_error_handlers
from app.frameworks import routes as framework_routes
from app.guides import pages as guide_pages
from app.guides import routes as guide_routes
from app.handlers import register_handlers
from app.headers import security_headers
from app.interviews import pages as interview_pages
from app.interviews import routes as interview_routes
from app.jobs.reaper import PeriodicReaper, recover
from app.jobs.runner import make_runner
from app.journeys import pages as journey_pages
from app.journeys import routes as journey_routes
from app.limits import BodySizeLimit
from app.members import pages as member_pages
from app.members import routes as member_routes
from app.overview import pages as overview_pages
from app.overview import routes as overview_routes
from app.participants import pages as participant_pages
from app.participants import routes as participant_routes
from app.personas import pages as persona_pages
from app.personas import routes as persona_routes
from app.projects import pages as project_pages
from app.projects import routes as project_routes
from app.review import pages as review_pages
from app.review import routes as review_routes
from app.saturation import pages as saturation_pages
from app.saturation import routes as saturation_routes
from app.search import pages as search_pages
from app.search import routes as search_routes
from app.security import csrf_cookie_middleware, csrf_protect
from app.sentences import routes as sentence_routes
from app.sources import pages as source_pages
from app.sources import routes as source_routes
from app.sources.parse_process import start_parsers
from app.themes import pages as theme_pages
from app.themes import routes as theme_routes
from app.utterances import routes as utterance_routes
from app.web import STATIC_DIR

log = logging.getLogger(__name__)

API_ROUTERS = (
    account_routes,
    project_routes,
    overview_routes,
    member_routes,
    audit_routes,
    participant_routes,
    erasure_routes,
    source_routes,
    utterance_routes,
    search_routes,
    coding_routes,
    framework_routes,
    analysis_routes,
    theme_routes,
    persona_routes,
    journey_routes,
    guide_routes,
    interview_routes,
    coverage_routes,
    review_routes,
    agreement_routes,
    saturation_routes,
    sentence_routes,
)
PAGE_ROUTERS = (
    account_pages,
    project_pages,
    overview_pages,
    member_pages,
    audit_pages,
    source_pages,
    coding_pages,
    participant_pages,
    erasure_pages,
    search_pages,
    theme_pages,
    persona_pages,
    journey_pages,
    guide_pages,
    interview_pages,
    coverage_pages,
    review_pages,
    agreement_pages,
    saturation_pages,
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On start, start the runner (a job process), queue again the jobs whose worker stopped, hand queued
    jobs (from the CLI, or cut off by a restart) to a background runner, and keep reaping stale jobs
    while the service runs; on stop, stop the reaper and the runner."""
    runner = app.state.runner
    submit = runner.dispatch if runner.background else None
    runner.start()
    try:
        recover(app.state.engine, submit)
    except Exception:  # the database is down: serve anyway (503s), the periodic reaper catches up
        log.exception("could not recover background jobs on start")
    reaper = PeriodicReaper(app.state.engine, submit, app.state.settings.job_reap_seconds)
    reaper.start()
    warm_up(app.state.settings)
    build_routes(app)
    freeze_startup_objects()
    try:
        yield
    finally:
        reaper.stop()
        runner.close()


def warm_up(app_settings: Settings) -> None:
    """Build, before the first request, what requests would otherwise build while a researcher waits.

    The parser processes start (in the background) and read a tiny file: the first upload waited ~4 s
    for them. The journey map's row extractor (spaCy tokenizer, phrase and pattern matchers over the
    lexicon) took 1-4 s to build on first use; under load every journey request in flight waited for
    it. Both are kept for the process's life, so later apps in the same process (tests) pay nothing.
    """
    from nlp.aggregate.journey_rows import default_extractor

    start_parsers(app_settings.parse_workers)
    default_extractor()


def build_routes(app: FastAPI) -> None:
    """Have FastAPI build every route's request handling (dependencies, body models) now, at start-up.

    FastAPI builds a router's routes on the first request that reaches it, on the event loop: 0.2-0.4 s
    on the 2-core machine in which no other request is answered (the first upload after a start held
    `/api/health` that long). Looking up a name no route has walks every router, building each route.
    """
    with suppress(NoMatchFound):
        app.url_path_for("desirelines:build-routes")


_frozen = False


def freeze_startup_objects() -> None:
    """Move what start-up built (modules, routes, schemas: a few hundred thousand objects) out of the
    collector's reach, once per process.

    A full garbage collection walks every tracked object while holding the GIL: over the service's
    start-up objects each took about 0.2 s, a pause every request in flight waited for. Frozen objects
    are never collected; the garbage made so far is collected first, so none of it is kept.
    """
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()


def create_app(app_settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the service. Tests pass their own settings and engine; the CLI uses the defaults."""
    app_settings = app_settings or settings
    app = FastAPI(
        title="Desirelines",
        version=__version__,
        description="Store JTBD interviews and surveys; code, search and map what customers said.",
        dependencies=[Depends(check_path_ids), Depends(csrf_protect)],
        lifespan=lifespan,
    )
    app.state.settings = app_settings
    app.state.engine = engine or get_engine()
    register_handlers()  # already done on import; explicit, as create_app is where the app is wired
    app.state.runner = make_runner(app_settings, app.state.engine)
    app.state.queue_coding = queue_after_commit  # for QueueCodingDep (app.deps)
    install_error_handlers(app)
    for module in (*API_ROUTERS, *PAGE_ROUTERS):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.middleware("http")(csrf_cookie_middleware(app_settings.cookie_secure))
    app.middleware("http")(security_headers)
    app.add_middleware(BodySizeLimit, max_bytes=app_settings.max_request_bytes)

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, str]:
        """Liveness check (no login needed)."""
        return {"status": "ok", "version": __version__}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        """The tab icon browsers ask for on every page (no login needed)."""
        return FileResponse(STATIC_DIR / "favicon.ico", media_type="image/x-icon")

    return app

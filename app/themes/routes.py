"""JSON API for themes: run, list, read members, rename, merge, split, export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import Response

from app.access import ProjectResearcher, ProjectViewer
from app.analysis.models import AnalysisRunRead
from app.analysis.start import StartRun
from app.audit.service import record_export
from app.deps import SessionDep
from app.exports.render import ExportFormat
from app.pagination import PageDep
from app.security import CurrentUser
from app.themes import service, views
from app.themes.models import ThemeList, ThemeMerge, ThemeRead, ThemeRename, ThemeRunCreate, ThemeSplit
from app.utterances.models import UtterancePage, UtteranceRead

router = APIRouter(prefix="/api", tags=["themes"])
ScopeQuery = Annotated[
    str, Query(max_length=100, description="all, pain_point, stage:<id>, emotion:<x>, force:<x>")
]


@router.post(
    "/projects/{project_id}/themes/runs", response_model=AnalysisRunRead, status_code=status.HTTP_202_ACCEPTED
)
def start_run(
    session: SessionDep, project: ProjectResearcher, user: CurrentUser, data: ThemeRunCreate, start: StartRun
) -> AnalysisRunRead:
    """Find themes (overall or within one code) in the background; poll the run for progress."""
    run = start.after_commit(views.queue(session, project=project, data=data, user_id=user.id))
    return AnalysisRunRead.model_validate(run)


@router.get("/projects/{project_id}/themes", response_model=ThemeList)
def list_themes(session: SessionDep, project: ProjectViewer, scope: ScopeQuery = "all") -> ThemeList:
    """The latest themes of a scope, largest first, with the run that made them."""
    return views.theme_list(session, project=project, scope=scope)


@router.get("/projects/{project_id}/themes/export")
def export_themes(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    project: ProjectViewer,
    format: ExportFormat,
    scope: ScopeQuery = "all",
) -> Response:
    """Download the themes of a scope as JSON, Markdown, CSV or PDF."""
    record_export(session, actor=user, project_id=project.id, what="themes", fmt=format, scope=scope)
    return views.export_themes(request, session, project=project, scope=scope, fmt=format)


@router.get("/projects/{project_id}/themes/{theme_id}/utterances", response_model=UtterancePage)
def theme_utterances(
    session: SessionDep, project: ProjectViewer, theme_id: int, paging: PageDep
) -> UtterancePage:
    """The utterances a theme holds, in transcript order."""
    theme = views.theme_in(session, project=project, theme_id=theme_id)
    items, total = service.theme_utterances(
        session, theme_id=theme.id or 0, offset=paging.offset, limit=paging.page_size
    )
    return UtterancePage(
        items=[UtteranceRead.model_validate(u) for u in items],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.patch("/projects/{project_id}/themes/{theme_id}", response_model=ThemeRead)
def rename(
    session: SessionDep, project: ProjectResearcher, user: CurrentUser, theme_id: int, data: ThemeRename
) -> ThemeRead:
    """Rename a theme; later runs give the same name to the theme that matches it."""
    theme = views.theme_in(session, project=project, theme_id=theme_id)
    return ThemeRead.model_validate(
        service.rename_theme(session, theme=theme, label=data.label, user_id=user.id)
    )


@router.post("/projects/{project_id}/themes/merge", response_model=ThemeRead)
def merge(session: SessionDep, project: ProjectResearcher, user: CurrentUser, data: ThemeMerge) -> ThemeRead:
    """Merge two or more themes of the same run into one."""
    themes = [views.theme_in(session, project=project, theme_id=tid) for tid in dict.fromkeys(data.theme_ids)]
    merged = service.merge_themes(session, themes=themes, label=data.label, user_id=user.id)
    return ThemeRead.model_validate(merged)


@router.post("/projects/{project_id}/themes/{theme_id}/split", response_model=list[ThemeRead])
def split(
    session: SessionDep, project: ProjectResearcher, user: CurrentUser, theme_id: int, data: ThemeSplit
) -> list[ThemeRead]:
    """Split a theme into smaller ones by meaning."""
    theme = views.theme_in(session, project=project, theme_id=theme_id)
    return [
        ThemeRead.model_validate(t)
        for t in service.split(session, theme=theme, parts=data.parts, user_id=user.id)
    ]

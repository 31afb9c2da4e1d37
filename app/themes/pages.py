"""HTML pages for themes: the explorer with its chart, one theme's utterances, and the edit forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.access import ProjectResearcher, ProjectViewer, role_in
from app.analysis.start import StartRun, optional_count
from app.deps import SessionDep
from app.frameworks.service import journey_stages
from app.pagination import PageDep
from app.quotes import grouped_quotes
from app.security import CurrentUser
from app.themes import service, views
from app.themes.models import ThemeRunCreate
from app.web import templates

router = APIRouter(include_in_schema=False)


def _back(project_id: int, scope: str) -> RedirectResponse:
    return RedirectResponse(f"/projects/{project_id}/themes?scope={scope}", status_code=303)


@router.get("/projects/{project_id}/themes", response_class=HTMLResponse)
def themes_page(
    request: Request, session: SessionDep, user: CurrentUser, project: ProjectViewer, scope: str = "all"
) -> Response:
    """Theme explorer: themes of a scope with sizes, labels and quotes."""
    service.check_scope(scope)
    done, pending = views.shown_run(session, project=project, scope=scope)
    themes = service.run_themes(session, run_id=done.id or 0) if done else []
    context = {
        "project": project,
        "role": role_in(session, user=user, project_id=project.id or 0),
        "scope": scope,
        "stages": journey_stages(session, project_id=project.id or 0, framework_id=project.framework),
        "run": done,
        "run_message": views.run_message(done, themes=len(themes)) if done else "",
        "pending": pending,
        "themes": themes,
        "quotes": grouped_quotes(session, views.quotes(session, themes)),
        "largest": max([t.utterance_count for t in themes] + [1]),
    }
    return templates.TemplateResponse(request, "themes.html", context)


@router.post("/projects/{project_id}/themes/run")
def run_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    start: StartRun,
    scope: Annotated[str, Form()] = "all",
    min_theme_size: Annotated[str, Form()] = "",
) -> Response:
    """Start a themes run from the explorer."""
    data = ThemeRunCreate(scope=scope, min_theme_size=optional_count(min_theme_size))
    start.after_commit(views.queue(session, project=project, data=data, user_id=user.id))
    return _back(project.id or 0, scope)


@router.get("/projects/{project_id}/themes/{theme_id}", response_class=HTMLResponse)
def theme_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    project: ProjectViewer,
    theme_id: int,
    paging: PageDep,
) -> Response:
    """One theme: its keywords and every utterance it holds, linked to the transcript."""
    theme = views.theme_in(session, project=project, theme_id=theme_id)
    items, total = service.theme_utterances(
        session, theme_id=theme_id, offset=paging.offset, limit=paging.page_size
    )
    context = {
        "project": project,
        "role": role_in(session, user=user, project_id=project.id or 0),
        "theme": theme,
        "utterances": grouped_quotes(session, {0: items})[0],
        "total": total,
        "paging": paging,
    }
    return templates.TemplateResponse(request, "theme.html", context)


@router.post("/projects/{project_id}/themes/{theme_id}/rename")
def rename_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    theme_id: int,
    label: Annotated[str, Form()],
) -> Response:
    """Rename a theme from the explorer."""
    theme = views.theme_in(session, project=project, theme_id=theme_id)
    scope = service.run_of(session, theme).scope
    service.rename_theme(session, theme=theme, label=label.strip() or theme.label, user_id=user.id)
    return _back(project.id or 0, scope)


@router.post("/projects/{project_id}/themes/merge")
def merge_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    theme_ids: Annotated[list[int], Form()],
    label: Annotated[str, Form()] = "",
) -> Response:
    """Merge the ticked themes."""
    themes = [views.theme_in(session, project=project, theme_id=tid) for tid in dict.fromkeys(theme_ids)]
    scope = service.run_of(session, themes[0]).scope
    service.merge_themes(session, themes=themes, label=label.strip() or None, user_id=user.id)
    return _back(project.id or 0, scope)


@router.post("/projects/{project_id}/themes/{theme_id}/split")
def split_form(
    session: SessionDep,
    user: CurrentUser,
    project: ProjectResearcher,
    theme_id: int,
    parts: Annotated[int, Form()] = 2,
) -> Response:
    """Split a theme in two (or more) by meaning."""
    theme = views.theme_in(session, project=project, theme_id=theme_id)
    scope = service.run_of(session, theme).scope
    service.split(session, theme=theme, parts=max(2, min(parts, 8)), user_id=user.id)
    return _back(project.id or 0, scope)

"""What theme pages, the API and exports show: a run's themes with their quotes, ready to render."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session, col, select

from app.analysis.jobs import queue_analysis, shown_and_pending
from app.analysis.models import AnalysisKind, AnalysisRun, AnalysisRunRead
from app.errors import NotFound
from app.exports.render import ExportFormat, export
from app.projects.models import Project
from app.quotes import attribute_quotes, lead_ins, quote_dicts
from app.themes import service
from app.themes.models import Theme, ThemeList, ThemeRead, ThemeRunCreate
from app.utterances.models import Utterance
from app.words import plural

# How a finished run's message starts (service.store_themes): the count of themes when the run ended.
_FOUND = re.compile(r"^(\d+) themes?, ")
CSV_COLUMNS = (
    "theme_id",
    "label",
    "machine_label",
    "keywords",
    "utterances",
    "participants",
    "edited",
    "quote",
    "said_by",
    "utterance_id",
)


def queue(session: Session, *, project: Project, data: ThemeRunCreate, user_id: int | None) -> AnalysisRun:
    scope = service.check_scope(data.scope)
    settings = {"seed": data.seed, **({"min_theme_size": data.min_theme_size} if data.min_theme_size else {})}
    return queue_analysis(
        session,
        project_id=project.id or 0,
        kind=AnalysisKind.THEMES,
        scope=scope,
        settings=settings,
        user_id=user_id,
    )


def shown_run(
    session: Session, *, project: Project, scope: str
) -> tuple[AnalysisRun | None, AnalysisRunRead | None]:
    """(the run whose themes are shown, the newest run if it is still going or failed)."""
    return shown_and_pending(session, project_id=project.id or 0, kind=AnalysisKind.THEMES, scope=scope)


def theme_list(session: Session, *, project: Project, scope: str) -> ThemeList:
    service.check_scope(scope)
    done, _ = shown_run(session, project=project, scope=scope)
    themes = service.run_themes(session, run_id=done.id or 0) if done else []
    run = None
    if done:
        shown = {"message": run_message(done, themes=len(themes))}
        run = AnalysisRunRead.model_validate(done).model_copy(update=shown)
    return ThemeList(
        scope=scope,
        run=run,
        themes=[ThemeRead.model_validate(t) for t in themes],
    )


def run_message(run: AnalysisRun, *, themes: int) -> str:
    """The run's message with the count of themes there are now, where merges, splits or erasures since
    the run changed it: "27 themes after edits (the run found 30), 7% of 531 utterances outside any theme"."""
    found = _FOUND.match(run.message)
    if found is None or int(found[1]) == themes:
        return run.message
    return f"{plural(themes, 'theme')} after edits (the run found {found[1]}), {run.message[found.end() :]}"


def theme_in(session: Session, *, project: Project, theme_id: int) -> Theme:
    theme = service.get_theme(session, theme_id=theme_id)
    if theme.project_id != project.id:
        raise NotFound(f"Theme {theme_id} does not exist in this project.")
    return theme


def quotes(session: Session, themes: list[Theme]) -> dict[int, list[Utterance]]:
    """Each theme's representative utterances, most typical first."""
    ids = {uid for t in themes for uid in t.representative_ids}
    rows = {u.id: u for u in session.exec(select(Utterance).where(col(Utterance.id).in_(ids)))} if ids else {}
    return {t.id or 0: [rows[uid] for uid in t.representative_ids if uid in rows] for t in themes}


def export_data(session: Session, *, project: Project, scope: str) -> dict[str, Any]:
    done, _ = shown_run(session, project=project, scope=scope)
    themes = service.run_themes(session, run_id=done.id or 0) if done else []
    shown = quotes(session, themes)
    leads = lead_ins(session, (u for us in shown.values() for u in us))
    data = {
        "project": project.name,
        "scope": scope,
        "run": {
            "id": done.id,
            "finished_at": done.finished_at,
            "message": run_message(done, themes=len(themes)),
        }
        if done
        else None,
        "themes": [
            {
                **ThemeRead.model_validate(t).model_dump(),
                "quotes": quote_dicts(shown[t.id or 0], leads),
            }
            for t in themes
        ],
    }
    return attribute_quotes(session, data)


def export_themes(
    request: Request, session: Session, *, project: Project, scope: str, fmt: ExportFormat
) -> Response:
    service.check_scope(scope)
    data = export_data(session, project=project, scope=scope)
    rows = [
        {
            "theme_id": t["id"],
            "label": t["label"],
            "machine_label": t["machine_label"],
            "keywords": ", ".join(t["keywords"]),
            "utterances": t["utterance_count"],
            "participants": t["participant_count"],
            "edited": t["edited"],
            "quote": q["text"] if q else "",
            "said_by": (q.get("said_by") or "") if q else "",
            "utterance_id": q["utterance_id"] if q else "",
        }
        for t in data["themes"]
        for q in (t["quotes"] or [None])
    ]
    return export(
        request,
        fmt=fmt,
        name=f"{project.name}-themes-{scope}",
        data=data,
        template="themes",
        context={"project": project, "data": data},
        rows=rows,
        columns=CSV_COLUMNS,
    )

"""Printable guides: one page per section as HTML and PDF (the same template), and Markdown."""

from __future__ import annotations

import re
from enum import StrEnum

from fastapi.responses import HTMLResponse, Response

from app.web import stage_name, templates
from nlp.guides import InterviewGuide
from nlp.guides.markdown import to_markdown


class ExportFormat(StrEnum):
    HTML = "html"
    MARKDOWN = "md"
    PDF = "pdf"


def printout_html(guide: InterviewGuide, *, stage_names: dict[str, str], version: int | None = None) -> str:
    """A standalone HTML document with print CSS: a cover, then each section on its own page.

    `stage_names` maps stage ids to the names the guide's framework gives them
    (`app.frameworks.service.stage_names`), shown as every page shows a stage.
    """
    numbers: dict[str, int] = {}
    for number, (_, question) in enumerate(guide.questions, start=1):
        numbers[question.id] = number
    return templates.get_template("guide_print.html").render(
        guide=guide, version=version, numbers=numbers, stage_names=stage_names
    )


def printout_pdf(guide: InterviewGuide, *, stage_names: dict[str, str], version: int | None = None) -> bytes:
    """The HTML printout rendered by WeasyPrint (fonts and layout from Pango; nothing is fetched)."""
    from weasyprint import HTML

    return bytes(HTML(string=printout_html(guide, stage_names=stage_names, version=version)).write_pdf())


def export_response(
    guide: InterviewGuide, fmt: ExportFormat, *, stage_names: dict[str, str], version: int | None = None
) -> Response:
    """The guide in the asked format, stages named as its framework names them; Markdown and PDF come as
    downloads named after the guide."""
    stem = _filename(guide.name, version)
    if fmt == ExportFormat.HTML:
        return HTMLResponse(printout_html(guide, stage_names=stage_names, version=version))
    if fmt == ExportFormat.MARKDOWN:
        return Response(
            to_markdown(guide, version=version, stage_names=_stage_labels(guide, stage_names)),
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{stem}.md"'},
        )
    return Response(
        printout_pdf(guide, stage_names=stage_names, version=version),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{stem}.pdf"'},
    )


def _stage_labels(guide: InterviewGuide, names: dict[str, str]) -> dict[str, str]:
    # The Markdown shows a stage as the pages do, the id in words where the framework lacks it.
    return {s.stage: stage_name(s.stage, names) for s in guide.sections if s.stage}


def _filename(name: str, version: int | None) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "guide"
    return f"{slug}-v{version}" if version is not None else slug

"""Highlights: quotes marked in live interviews, listed per project."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.interviews.models import Highlight, HighlightPage, HighlightRead


def list_highlights(session: Session, *, project_id: int, page: int, page_size: int) -> HighlightPage:
    """A project's highlights, newest first."""
    condition = col(Highlight.project_id) == project_id
    total = session.exec(select(func.count()).select_from(Highlight).where(condition)).one()
    rows = session.exec(
        select(Highlight)
        .where(condition)
        .order_by(col(Highlight.created_at).desc(), col(Highlight.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return HighlightPage(
        items=[HighlightRead.model_validate(row) for row in rows], total=total, page=page, page_size=page_size
    )

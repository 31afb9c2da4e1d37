"""JSON API for guide coverage: which guide questions a source asked and answered."""

from __future__ import annotations

from fastapi import APIRouter

from app.access import SourceResearcher, SourceViewer
from app.coverage import service
from app.coverage.deps import EncoderDep
from app.coverage.models import CoverageRead, GuideChoice
from app.deps import QueueCodingDep, SessionDep
from app.guides.service import resolve_version
from app.security import CurrentUser

router = APIRouter(prefix="/api", tags=["coverage"])


@router.get("/sources/{source_id}/coverage", response_model=CoverageRead)
def get_coverage(session: SessionDep, source: SourceViewer) -> CoverageRead:
    """Per question of the source's guide: asked, answered, and the utterances that show it."""
    return service.source_coverage(session, source=source)


@router.put("/sources/{source_id}/guide", response_model=CoverageRead)
def match_guide(
    session: SessionDep,
    queue_coding: QueueCodingDep,
    user: CurrentUser,
    source: SourceResearcher,
    choice: GuideChoice,
    encoder: EncoderDep,
) -> CoverageRead:
    """Say which guide an uploaded interview followed: its turns are matched to the guide's questions by
    meaning, and the source is coded again so answers take their question's stage."""
    version = resolve_version(
        session,
        project_id=source.project_id,
        user=user,
        guide_id=choice.guide_id,
        template_id=choice.template_id,
    )
    result = service.match_source(session, source=source, version=version, encoder=encoder)
    queue_coding(session, source.id or 0)
    return result

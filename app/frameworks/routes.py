"""JSON API for journey frameworks."""

from __future__ import annotations

from fastapi import APIRouter, UploadFile, status

from app.access import ProjectResearcher, ProjectViewer
from app.deps import SessionDep
from app.frameworks import service
from app.frameworks.models import FrameworkRead

router = APIRouter(prefix="/api/projects/{project_id}/frameworks", tags=["frameworks"])


@router.get("", response_model=list[FrameworkRead])
def list_frameworks(session: SessionDep, project: ProjectViewer) -> list[FrameworkRead]:
    """Journey frameworks this project can code against: the shipped ones and its own."""
    return service.available(session, project_id=project.id or 0)


@router.post("", response_model=FrameworkRead, status_code=status.HTTP_201_CREATED)
async def add_framework(session: SessionDep, project: ProjectResearcher, file: UploadFile) -> FrameworkRead:
    """Add the project's own framework from a YAML file (same schema as nlp/frameworks/*.yaml)."""
    data = await file.read(service.MAX_YAML_BYTES + 1)
    filename = file.filename or "framework.yaml"
    return service.add_custom(session, project_id=project.id or 0, filename=filename, data=data)

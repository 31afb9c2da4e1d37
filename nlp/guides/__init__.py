"""Interview guides as data: shipped YAML in `interview_guides/`, a schema checked in code, a loader,
Markdown export, and a matcher that finds which guide questions an interviewer asked."""

from nlp.guides.errors import GuideError, UnknownGuideError
from nlp.guides.loader import (
    list_guides,
    load_guide,
    parse_guide_text,
    shipped_framework_stages,
    shipped_guide_text,
)
from nlp.guides.model import GuideKind, InterviewGuide, Probe, Question, Section
from nlp.guides.schema import parse_guide, to_document
from nlp.types import FORCES

__all__ = [
    "FORCES",
    "GuideError",
    "GuideKind",
    "InterviewGuide",
    "Probe",
    "Question",
    "Section",
    "UnknownGuideError",
    "list_guides",
    "load_guide",
    "parse_guide",
    "parse_guide_text",
    "shipped_framework_stages",
    "shipped_guide_text",
    "to_document",
]

"""What a transcript page shows of the coding: chips per utterance, filters, and job progress."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from app.coding.models import CodeRecord, CodingJob
from app.coding.service import codes_by_utterance, latest_job

FILTER_KINDS = {"emotion": "emotion", "stage": "stage", "force": "force", "pain": "pain_point"}


@dataclass(frozen=True, slots=True)
class CodeFilter:
    """Query parameters of a transcript page: show only utterances carrying these codes."""

    emotion: str | None = None
    stage: str | None = None
    force: str | None = None
    pain: str | None = None

    @property
    def active(self) -> bool:
        return any((self.emotion, self.stage, self.force, self.pain))

    def matches(self, codes: list[CodeRecord]) -> bool:
        for param, kind in FILTER_KINDS.items():
            wanted = getattr(self, param)
            if wanted and not any(c.kind == kind and (wanted == "any" or c.label == wanted) for c in codes):
                return False
        return True


@dataclass(slots=True)
class CodingView:
    job: CodingJob | None
    codes: dict[int, list[CodeRecord]]
    facets: dict[str, list[str]] = field(default_factory=dict)
    hits: set[int] = field(default_factory=set)


def coding_view(session: Session, *, source_id: int, wanted: CodeFilter) -> CodingView:
    """Codes of a source grouped by utterance, the labels present per filter, and the matches."""
    codes = codes_by_utterance(session, source_id=source_id)
    facets = {
        param: sorted({c.label for rows in codes.values() for c in rows if c.kind == kind})
        for param, kind in FILTER_KINDS.items()
    }
    hits = {uid for uid, rows in codes.items() if wanted.active and wanted.matches(rows)}
    return CodingView(latest_job(session, source_id=source_id), codes, facets, hits)

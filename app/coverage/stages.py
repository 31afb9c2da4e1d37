"""Guide stages in coding: where an utterance answers a guide question, its section's stage is known,
so the stage coder does not have to guess it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from app.coverage.models import GuideLink
from app.guides.models import GuideVersion

GUIDE_STAGE_CODER = "desirelines.guide_stage"


def guide_stages(
    session: Session, *, utterance_ids: Sequence[int], framework: str
) -> dict[int, tuple[str, float]]:
    """Utterance id -> (stage, confidence) for answers to guide questions whose guide uses `framework`.

    A guide in another framework than the project's leaves the stage coder's code in place (its stage
    is still shown beside the utterance as a guide chip).
    """
    if not utterance_ids:
        return {}
    rows = session.exec(
        select(GuideLink.utterance_id, GuideLink.stage, GuideLink.score)
        .join(GuideVersion, col(GuideVersion.id) == GuideLink.guide_version_id)
        .where(
            col(GuideLink.utterance_id).in_(utterance_ids),
            col(GuideLink.stage).is_not(None),
            GuideVersion.framework == framework,
        )
    ).all()
    return {utterance_id: (stage or "", score) for utterance_id, stage, score in rows}


def apply_guide_stages(
    rows: list[dict[str, Any]], stages: dict[int, tuple[str, float]]
) -> list[dict[str, Any]]:
    """Replace the stage coder's code with the guide's stage where the guide knows it."""
    for row in rows:
        known = stages.get(row["utterance_id"])
        if known is not None and row["kind"] == "stage":
            row |= {
                "coder": GUIDE_STAGE_CODER,
                "version": "1",
                "label": known[0],
                "score": min(max(known[1], 0.0), 1.0),
                "span_start": None,
                "span_end": None,
            }
    return rows

"""Guide stages in coding: where an utterance answers a guide question, its section's stage is known,
so the stage coder does not have to guess it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
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
    rows: list[dict[str, Any]], stages: dict[int, tuple[str, float]], *, coded: Collection[int]
) -> list[dict[str, Any]]:
    """Put the guide's stage in place of the stage coder's code where the guide knows it.

    Args:
        rows: The machine code rows of a batch, as inserted into `CodeRecord`.
        stages: Utterance id -> (stage, confidence) from `guide_stages`.
        coded: The utterances the coders ran on (substantive ones). Where the stage coder abstained on
            one of them the guide's stage is added, so every sentence of an answer carries it; a
            backchannel or a greeting inside an answer stays without a stage.
    """
    staged: set[int] = set()
    for row in rows:
        known = stages.get(row["utterance_id"])
        if known is not None and row["kind"] == "stage":
            row |= _guide_code(known)
            staged.add(row["utterance_id"])
    base = {row["utterance_id"]: row for row in rows}
    for utterance_id in coded:
        known = stages.get(utterance_id)
        if known is not None and utterance_id not in staged and utterance_id in base:
            first = base[utterance_id]
            keys = ("utterance_id", "project_id", "origin")
            rows.append({**{k: first[k] for k in keys}, "kind": "stage", **_guide_code(known)})
    return rows


def _guide_code(known: tuple[str, float]) -> dict[str, Any]:
    return {
        "coder": GUIDE_STAGE_CODER,
        "version": "1",
        "label": known[0],
        "score": min(max(known[1], 0.0), 1.0),
        "span_start": None,
        "span_end": None,
    }

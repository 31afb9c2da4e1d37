"""What a review decision looks like as a researcher code, and which labels each kind can take.

A researcher code is the decision: accepting stores the machine's label, changing stores the chosen label.
Rejecting stores a refusal: label "none" for the single-label kinds (emotion, pain point, stage, content:
"no code of this kind here"), and "no:<label>" for forces, which are several per utterance ("not push").
Refusals win over the machine like any researcher code, and readers drop them (`is_refusal`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TypeVar

import numpy as np

from app.coding.content import CodeLike
from nlp.coders.calibration import calibration_for
from nlp.coders.emotion.map import CX_EMOTIONS
from nlp.coders.forces.paths import DEFAULT_MODEL_PATH as FORCES_MODEL
from nlp.coders.pain.paths import DEFAULT_MODEL_PATH as PAIN_MODEL
from nlp.coders.pain.rules import CATEGORIES
from nlp.content import ContentClass
from nlp.types import FORCES, CodeKind

NONE = "none"
NOT = "no:"
MULTI_LABEL_KINDS = frozenset({CodeKind.FORCE})
REVIEW_KINDS = (CodeKind.EMOTION, CodeKind.PAIN_POINT, CodeKind.STAGE, CodeKind.FORCE, CodeKind.CONTENT)
DEFAULT_THRESHOLD = 0.5

FIXED_LABELS: dict[str, tuple[str, ...]] = {
    CodeKind.EMOTION: CX_EMOTIONS,
    CodeKind.PAIN_POINT: (*CATEGORIES, "pain_point"),
    CodeKind.FORCE: FORCES,
    CodeKind.CONTENT: tuple(c.value for c in ContentClass),
}


def kind_name(kind: str) -> str:
    """How a code kind reads in a sentence: "pain point" for `pain_point`."""
    return kind.replace("_", " ")


def not_a_label(kind: str, label: str, options: Iterable[str]) -> str:
    """The message for a label a code of `kind` cannot take: the label given and the ones it can."""
    return f"{label!r} is not one of the {kind_name(kind)} labels: {', '.join(options)}."


def is_refusal(label: str) -> bool:
    return label == NONE or label.startswith(NOT)


def refusal(kind: str, label: str) -> str:
    """The researcher label that says "not `label`" for a code of `kind`."""
    return f"{NOT}{label}" if kind in MULTI_LABEL_KINDS else NONE


def refused_label(label: str) -> str | None:
    """For "no:push", "push"; None for anything else."""
    return label[len(NOT) :] if label.startswith(NOT) else None


def decision_key(kind: str, label: str) -> str:
    """What a decision is about: the force for forces ("push" and "no:push" alike), "*" for other kinds.

    One machine code takes one decision; a later decision with the same key replaces it (latest wins).
    """
    return (refused_label(label) or label) if kind in MULTI_LABEL_KINDS else "*"


D = TypeVar("D", bound=CodeLike)


def latest_decisions(codes: Iterable[D]) -> list[D]:
    """Researcher codes without those a later one of the same decision (`decision_key`) replaced.

    Decisions on the kinds review covers keep only the latest per key (the highest id); the others (such as
    GoEmotions labels) are all kept. Order is preserved.
    """
    rows = list(codes)
    latest: dict[tuple[str, str], int] = {}
    for code in rows:
        if code.kind in REVIEW_KINDS:
            key = (code.kind, decision_key(code.kind, code.label))
            latest[key] = max(latest.get(key, -1), code.id or 0)
    return [
        c
        for c in rows
        if c.kind not in REVIEW_KINDS or latest[(c.kind, decision_key(c.kind, c.label))] == (c.id or 0)
    ]


@cache
def _shipped_thresholds() -> dict[tuple[str, str], float]:
    """Decision thresholds of the shipped pain and forces models (read once, no pickle), on the scale of
    the scores codes carry: the pain coder decides on its raw probability and stores the calibrated one."""
    found: dict[tuple[str, str], float] = {}
    try:
        with np.load(PAIN_MODEL, allow_pickle=False) as pain:
            calibrated = calibration_for(CodeKind.PAIN_POINT).one(float(pain["threshold"]))
            found[(CodeKind.PAIN_POINT, "*")] = calibrated
        with np.load(FORCES_MODEL, allow_pickle=False) as forces:
            for force, value in zip(FORCES, forces["thresholds"], strict=True):
                found[("force", force)] = float(value)
    except (OSError, KeyError, ValueError):
        return found
    return found


def threshold(kind: str, label: str) -> float:
    """The score at which the coder decides; a code's distance from it says how unsure the coder was."""
    shipped = _shipped_thresholds()
    return shipped.get((kind, label), shipped.get((kind, "*"), DEFAULT_THRESHOLD))

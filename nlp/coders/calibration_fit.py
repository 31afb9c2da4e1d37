"""Fitting calibration maps on tune outcomes (used by scripts/train_calibration.py; inference never is).

A Platt map is a two-parameter logistic regression on logit(score) (scikit-learn, C=100, as before).
The slope is kept at or above `MIN_SLOPE` so the map keeps the order of scores; where the data would
want it flatter (or falling), the slope sits at the floor and the intercept is refitted, so the map
still gives its group's rate of being right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nlp.coders.calibration import GROUPS, LABEL_GROUP, NEUTRAL_GROUP, Calibration, Platt, label_group
from nlp.coders.reliability import reliability
from nlp.coders.spoken_eval import Outcomes

MIN_SLOPE = 0.05
MIN_GROUP = 20  # fewer codes than this in a group: it keeps the coder's one map
_RIDGE = 1.0 / 100.0
_EPS = 1e-6


def fit_platt(scores: np.ndarray, correct: np.ndarray) -> Platt:
    """The Platt map that best predicts `correct` from `scores` (slope at least MIN_SLOPE)."""
    p = np.clip(np.asarray(scores, dtype=np.float64), _EPS, 1.0 - _EPS)
    x, y = np.log(p / (1.0 - p)), np.asarray(correct, dtype=np.float64)
    # One right and one wrong pseudo-code at the mean score: a group that was always right (or never)
    # gets a finite map near its smoothed rate instead of an infinite intercept.
    middle = float(x.mean()) if len(x) else 0.0
    x, y = np.append(x, [middle, middle]), np.append(y, [1.0, 0.0])
    a, b = _logistic(x, y)
    if a < MIN_SLOPE:
        a, b = MIN_SLOPE, _intercept(x, y, MIN_SLOPE, b)
    return Platt(a, b)


def fit_calibration(outcomes: Outcomes, grouped: bool = True) -> Calibration:
    """One map over all codes, plus (when `grouped` and outcomes say which are neutral) one per group."""
    default = fit_platt(outcomes.scores, outcomes.correct)
    if not grouped or outcomes.neutral is None:
        return Calibration(default)
    groups = {}
    for group in GROUPS:
        rows = outcomes.neutral if group == NEUTRAL_GROUP else ~outcomes.neutral
        if rows.sum() >= MIN_GROUP:
            groups[group] = fit_platt(outcomes.scores[rows], outcomes.correct[rows])
    return Calibration(default, groups)


def to_entry(calibration: Calibration, outcomes: Outcomes) -> dict[str, Any]:
    """The JSON entry of one coder's maps (format 2), with how many tune codes each was fitted on."""
    entry: dict[str, Any] = {
        "method": "platt",
        "a": round(calibration.default.a, 4),
        "b": round(calibration.default.b, 4),
        "n": len(outcomes.scores),
        "tune_ece_raw": round(reliability(outcomes.scores, outcomes.correct).ece, 4),
    }
    if calibration.groups and outcomes.neutral is not None:
        sizes = {NEUTRAL_GROUP: int(outcomes.neutral.sum()), LABEL_GROUP: int((~outcomes.neutral).sum())}
        entry["groups"] = {
            group: {"a": round(m.a, 4), "b": round(m.b, 4), "n": sizes[group]}
            for group, m in calibration.groups.items()
        }
    return entry


def group_names(outcomes: Outcomes) -> list[str] | None:
    """The group of each code's label, or None when the outcomes do not say."""
    if outcomes.neutral is None:
        return None
    return [label_group(bool(n)) for n in outcomes.neutral]


def cross_validated(
    outcomes: Outcomes, folds: np.ndarray, fit: Callable[[Outcomes], Calibration]
) -> dict[str, float]:
    """Brier score and ECE of out-of-fold calibrated scores (each fold scored by a map fitted on the rest)."""
    calibrated = np.empty(len(outcomes.scores), dtype=np.float64)
    groups = group_names(outcomes)
    for fold in np.unique(folds):
        held = folds == fold
        calibration = fit(_subset(outcomes, ~held))
        held_groups = None if groups is None else [g for g, h in zip(groups, held, strict=True) if h]
        calibrated[held] = calibration(outcomes.scores[held], held_groups)
    brier = float(np.mean((calibrated - outcomes.correct) ** 2))
    return {"brier": round(brier, 4), "ece": round(reliability(calibrated, outcomes.correct).ece, 4)}


def _subset(outcomes: Outcomes, rows: np.ndarray) -> Outcomes:
    neutral = None if outcomes.neutral is None else outcomes.neutral[rows]
    return Outcomes(outcomes.scores[rows], outcomes.correct[rows], neutral)


def _logistic(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0 / _RIDGE).fit(x.reshape(-1, 1), y.astype(int))
    return float(model.coef_[0][0]), float(model.intercept_[0])


def _intercept(x: np.ndarray, y: np.ndarray, a: float, b: float) -> float:
    """The log-loss-minimising intercept for a fixed slope (Newton's method in one variable)."""
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(a * x + b)))
        step = float(np.clip(np.sum(p - y) / max(float(np.sum(p * (1.0 - p))), 1e-12), -5.0, 5.0))
        b -= step
        if abs(step) < 1e-10:
            break
    return b

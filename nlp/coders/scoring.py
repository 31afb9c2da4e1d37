"""Figures shared by the coders' evaluations and training scripts: the tune/heldout split, F1, thresholds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

THRESHOLD_GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)


def is_tune(text: str) -> bool:
    """Whether a dev text falls in the tuning half (a stable hash, independent of file order)."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 2 == 0


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of the positive class; truth and predicted are boolean arrays."""
    tp = float(np.sum(truth & predicted))
    return 2 * tp / max(float(truth.sum() + predicted.sum()), 1.0)


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Mean F1 of the positive and the negative class."""
    return 0.5 * (f1(truth, predicted) + f1(~truth, ~predicted))


def best_threshold(truth: np.ndarray, scores: np.ndarray) -> float:
    """The grid threshold with the highest macro-F1 (the lowest of ties)."""
    values = [macro_f1(truth, scores >= t) for t in THRESHOLD_GRID]
    return float(THRESHOLD_GRID[int(np.argmax(values))])

"""Calibrated scores: a Platt map per coder (nlp/models/calibration-v1.json), and reliability curves.

A coder's raw score ranks well but says little as a probability (the pain head was fitted on Reddit
comments, the stage softmax on hand-written examples). A Platt map, sigmoid(a * logit(raw) + b) with
a > 0, is fitted on the tune splits by scripts/train_calibration.py, so that among codes scored 0.7
about 70% are right on real data. It is monotone, so every decision made on the raw score (thresholds,
abstention) stays the same. Plain JSON, never a pickle.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from nlp.coders.paths import DEFAULT_CALIBRATION_PATH

FORMAT_VERSION = 1
_EPS = 1e-6


class CalibrationError(ValueError):
    """The calibration file is missing, unreadable or holds an invalid map."""


@dataclass(frozen=True, slots=True)
class Platt:
    """sigmoid(a * logit(score) + b); a > 0 keeps the order of scores."""

    a: float = 1.0
    b: float = 0.0

    def __call__(self, scores: np.ndarray) -> np.ndarray:
        p = np.clip(np.asarray(scores, dtype=np.float64), _EPS, 1.0 - _EPS)
        z = self.a * np.log(p / (1.0 - p)) + self.b
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float32)

    def one(self, score: float) -> float:
        """The calibrated value of one score."""
        return float(self(np.array([score]))[0])


IDENTITY = Platt()


@lru_cache(maxsize=4)
def load_calibration(path: Path = DEFAULT_CALIBRATION_PATH) -> dict[str, Platt]:
    """Coder key ("pain_point", "emotion", "stage") -> its map.

    Raises:
        CalibrationError: naming the file and the key that is wrong.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CalibrationError(f"cannot read calibration {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise CalibrationError(f"{path}: format_version must be {FORMAT_VERSION}")
    return {str(key): _platt(path, str(key), entry) for key, entry in dict(data.get("coders", {})).items()}


def calibration_for(key: str, path: Path = DEFAULT_CALIBRATION_PATH) -> Platt:
    """The shipped map of one coder, or the identity when the file has none for it."""
    return load_calibration(path).get(key, IDENTITY)


def _platt(path: Path, key: str, entry: object) -> Platt:
    if not isinstance(entry, dict) or entry.get("method") != "platt":
        raise CalibrationError(f"{path}: coders.{key} must be an object with method 'platt'")
    try:
        a, b = float(entry["a"]), float(entry["b"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CalibrationError(f"{path}: coders.{key} needs numbers a and b") from exc
    if not (math.isfinite(a) and math.isfinite(b) and a > 0):
        raise CalibrationError(f"{path}: coders.{key} needs a finite a > 0 and a finite b (a={a}, b={b})")
    return Platt(a, b)

"""Calibrated scores: Platt maps per coder (nlp/models/calibration-v1.json), and reliability curves.

A coder's raw score ranks well but says little as a probability (the pain head was fitted on Reddit
comments, the stage softmax on hand-written examples). A Platt map, sigmoid(a * logit(raw) + b) with
a > 0, is fitted on the tune splits by scripts/train_calibration.py, so that among codes scored 0.7
about 70% are right on real data. It is monotone, so every decision made on the raw score (thresholds,
abstention) stays the same. Plain JSON, never a pickle.

The emotion and stage coders choose a label, and whether that label is the "nothing here" one (neutral,
no stage) says more about being right than the raw score does: on real speech almost every neutral is
right and most named emotions are not. One map over both would give every code the same score, so
format 2 adds a map per group of the chosen label (`groups`: "neutral" and "label"); the scores keep their
order within a group, and the label a coder chooses never depends on them. Format 1 files (one map per
coder) still load.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from nlp.coders.paths import DEFAULT_CALIBRATION_PATH

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
NEUTRAL_GROUP = "neutral"
LABEL_GROUP = "label"
GROUPS = (NEUTRAL_GROUP, LABEL_GROUP)
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


def label_group(is_neutral: bool) -> str:
    """The calibration group of a chosen label: "neutral" for the "nothing here" label, else "label"."""
    return NEUTRAL_GROUP if is_neutral else LABEL_GROUP


@dataclass(frozen=True)
class Calibration:
    """One coder's maps: `default` for any score, and a map per label group that has its own."""

    default: Platt = field(default_factory=Platt)
    groups: Mapping[str, Platt] = field(default_factory=dict)

    def map_for(self, group: str | None) -> Platt:
        """The map of `group`, or the default one when there is none for it (or no group is given)."""
        return self.groups.get(group, self.default) if group is not None else self.default

    def __call__(self, scores: np.ndarray, groups: Sequence[str] | None = None) -> np.ndarray:
        """Calibrated scores; `groups`, when given, holds the group of each score's chosen label."""
        scores = np.asarray(scores, dtype=np.float64)
        if groups is None:
            return self.default(scores)
        if len(groups) != len(scores):
            raise ValueError(f"{len(scores)} scores but {len(groups)} groups")
        out = np.empty(len(scores), dtype=np.float32)
        for group in set(groups):
            rows = np.array([g == group for g in groups])
            out[rows] = self.map_for(group)(scores[rows])
        return out

    def one(self, score: float, group: str | None = None) -> float:
        """The calibrated value of one score (of a label in `group`, if given)."""
        return self.map_for(group).one(score)


IDENTITY = Calibration()


@lru_cache(maxsize=4)
def load_calibration(path: Path = DEFAULT_CALIBRATION_PATH) -> dict[str, Calibration]:
    """Coder key ("pain_point", "emotion", "stage") -> its maps.

    Raises:
        CalibrationError: naming the file and the key that is wrong.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CalibrationError(f"cannot read calibration {path}: {exc}") from exc
    version = data.get("format_version") if isinstance(data, dict) else None
    if version not in READABLE_VERSIONS:
        raise CalibrationError(
            f"{path}: format_version must be one of {list(READABLE_VERSIONS)}, not {version!r}"
            " (refit it with scripts/train_calibration.py)"
        )
    coders = dict(data.get("coders", {}))
    return {str(key): _calibration(path, str(key), entry, version) for key, entry in coders.items()}


def calibration_for(key: str, path: Path = DEFAULT_CALIBRATION_PATH) -> Calibration:
    """The shipped maps of one coder, or the identity when the file has none for it."""
    return load_calibration(path).get(key, IDENTITY)


def _calibration(path: Path, key: str, entry: object, version: int) -> Calibration:
    default = _platt(path, f"coders.{key}", entry)
    raw_groups = entry.get("groups", {}) if isinstance(entry, dict) else {}
    if raw_groups and version < 2:
        raise CalibrationError(f"{path}: coders.{key}.groups needs format_version 2")
    if not isinstance(raw_groups, dict):
        raise CalibrationError(f"{path}: coders.{key}.groups must be an object")
    unknown = sorted(set(raw_groups) - set(GROUPS))
    if unknown:
        raise CalibrationError(
            f"{path}: coders.{key}.groups: unknown group {unknown[0]!r}; use {list(GROUPS)}"
        )
    groups = {str(g): _platt(path, f"coders.{key}.groups.{g}", e, method=None) for g, e in raw_groups.items()}
    return Calibration(default, groups)


def _platt(path: Path, where: str, entry: object, method: str | None = "platt") -> Platt:
    if not isinstance(entry, dict) or (method is not None and entry.get("method") != method):
        raise CalibrationError(
            f"{path}: {where} must be an object" + (f" with method {method!r}" if method else "")
        )
    try:
        a, b = float(entry["a"]), float(entry["b"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CalibrationError(f"{path}: {where} needs numbers a and b") from exc
    if not (math.isfinite(a) and math.isfinite(b) and a > 0):
        raise CalibrationError(f"{path}: {where} needs a finite a > 0 and a finite b (a={a}, b={b})")
    return Platt(a, b)

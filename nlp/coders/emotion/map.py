"""GoEmotions labels -> customer-experience emotions and valence, read from data/emotion_map.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from nlp.checking import Checker, DocumentError, kind_of, read_yaml
from nlp.coders.emotion.paths import DEFAULT_MAP_PATH

# The CX emotion of an utterance that shows none (or that the coder abstains on).
NEUTRAL = "neutral"
CX_EMOTIONS = (
    "frustration",
    "anxiety",
    "confusion",
    "disappointment",
    "satisfaction",
    "delight",
    "relief",
    "trust",
    "curiosity",
    NEUTRAL,
)


_KEYS = {"labels", "min_score", "cue_score", "cues", "self_reports"}


class EmotionMapError(DocumentError):
    """The emotion map file does not cover the model's labels or holds invalid values."""


@dataclass(frozen=True)
class EmotionMap:
    """Per model label (in the model's order): its CX emotion and valence weight.

    Attributes:
        cx: (L,) CX emotion name of each label.
        valence: (L,) float32 valence weight of each label, in [-1, 1].
        min_score: CX emotion -> the score it needs to be reported (else neutral); 0 when absent.
        cues: CX emotion -> phrases that name it outright in speech.
        cue_score: The score of a CX emotion that a cue reported.
        self_reports: CX emotion -> words a speaker uses to say they felt it ("I was furious"): such a
            statement names the emotion, whatever the model read.
    """

    cx: list[str]
    valence: np.ndarray
    min_score: dict[str, float] = field(default_factory=dict)
    cues: dict[str, list[str]] = field(default_factory=dict)
    cue_score: float = 0.6
    self_reports: dict[str, list[str]] = field(default_factory=dict)

    def membership(self) -> tuple[list[str], np.ndarray]:
        """CX emotions that occur, and an (L, C) 0/1 matrix: label -> its CX emotion."""
        names = [c for c in CX_EMOTIONS if c in self.cx]
        matrix = np.zeros((len(self.cx), len(names)), dtype=np.float32)
        for row, cx in enumerate(self.cx):
            matrix[row, names.index(cx)] = 1.0
        return names, matrix


class _MapChecker(Checker):
    error = EmotionMapError


def _read_map(path: Path) -> dict[str, Any]:
    """The map file, read and checked by nlp.checking: a mapping with `labels` (each label a mapping)."""
    check = _MapChecker(path.name)
    data = dict(check.mapping(read_yaml(path, EmotionMapError), "", _KEYS, {"labels"}))
    if not isinstance(data["labels"], dict):
        raise check.fail("labels", f"expected a mapping, found {kind_of(data['labels'])}")
    for label, entry in data["labels"].items():
        check.mapping(entry, f"labels.{label}", {"cx", "valence"}, {"cx", "valence"})
    return data


def load_emotion_map(labels: Sequence[str], path: Path = DEFAULT_MAP_PATH) -> EmotionMap:
    """Read the map and order it like `labels`; every label must appear, with a known CX emotion."""
    data = _read_map(path)
    entries = data["labels"]
    missing = [label for label in labels if label not in entries]
    if missing:
        raise EmotionMapError(path.name, "", f"no entry for labels {', '.join(missing)}")
    cx, valence = [], []
    for label in labels:
        entry = entries[label]
        if entry.get("cx") not in CX_EMOTIONS:
            raise EmotionMapError(path.name, f"labels.{label}.cx", f"unknown CX emotion {entry.get('cx')!r}")
        weight = float(entry.get("valence", "nan"))
        if not -1.0 <= weight <= 1.0:
            raise EmotionMapError(path.name, f"labels.{label}.valence", f"{weight} is outside [-1, 1]")
        cx.append(entry["cx"])
        valence.append(weight)
    return EmotionMap(
        cx=cx,
        valence=np.array(valence, dtype=np.float32),
        min_score=_min_scores(data.get("min_score", {}), path),
        cues=_cues(data.get("cues", {}), path),
        cue_score=float(data.get("cue_score", 0.6)),
        self_reports=_cues(data.get("self_reports", {}), path, key="self_reports"),
    )


def _min_scores(raw: Any, path: Path) -> dict[str, float]:
    out = {}
    for name, value in dict(raw or {}).items():
        if name not in CX_EMOTIONS or not 0.0 <= float(value) <= 1.0:
            raise EmotionMapError(
                path.name, f"min_score.{name}", "must be a CX emotion with a score in [0, 1]"
            )
        out[str(name)] = float(value)
    return out


def _cues(raw: Any, path: Path, key: str = "cues") -> dict[str, list[str]]:
    out = {}
    for name, phrases in dict(raw or {}).items():
        if name not in CX_EMOTIONS or not all(isinstance(p, str) for p in phrases or []):
            raise EmotionMapError(path.name, f"{key}.{name}", "must be a CX emotion with a list of phrases")
        out[str(name)] = [p.lower() for p in phrases]
    return out


@lru_cache(maxsize=4)
def valence_weights(path: Path = DEFAULT_MAP_PATH) -> dict[str, float]:
    """GoEmotions label -> valence weight, for turning stored label scores back into a valence."""
    entries = _read_map(path)["labels"]
    return {label: float(entry["valence"]) for label, entry in entries.items()}


def valence(probabilities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(n,) valence of (n, L) label probabilities with (L,) valence weights.

    The probability-weighted sum of the weights, divided by the total probability only when that exceeds 1:
    this keeps valence in [-1, 1] and near 0 when the model is confident of nothing.
    """
    mass = np.maximum(probabilities.sum(axis=1), 1.0)
    return np.clip(probabilities @ weights / mass, -1.0, 1.0)


def label_valence(scores: Sequence[tuple[str, float]], path: Path = DEFAULT_MAP_PATH) -> float:
    """The emotion coder's valence over stored (GoEmotions label, score) pairs; unknown labels weigh 0."""
    weights = valence_weights(path)
    # `valence` for one row, in plain Python: numpy's per-call overhead dominated for a handful of labels.
    mass = max(sum(score for _, score in scores), 1.0)
    weighted = sum(score * weights.get(label, 0.0) for label, score in scores)
    return min(max(weighted / mass, -1.0), 1.0)

"""GoEmotions labels -> customer-experience emotions and valence, read from data/emotion_map.yaml."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

DEFAULT_MAP_PATH = Path(__file__).parent / "data" / "emotion_map.yaml"
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
    "neutral",
)


class EmotionMapError(ValueError):
    """The emotion map file does not cover the model's labels or holds invalid values."""


@dataclass(frozen=True)
class EmotionMap:
    """Per model label (in the model's order): its CX emotion and valence weight.

    Attributes:
        cx: (L,) CX emotion name of each label.
        valence: (L,) float32 valence weight of each label, in [-1, 1].
    """

    cx: list[str]
    valence: np.ndarray

    def membership(self) -> tuple[list[str], np.ndarray]:
        """CX emotions that occur, and an (L, C) 0/1 matrix: label -> its CX emotion."""
        names = [c for c in CX_EMOTIONS if c in self.cx]
        matrix = np.zeros((len(self.cx), len(names)), dtype=np.float32)
        for row, cx in enumerate(self.cx):
            matrix[row, names.index(cx)] = 1.0
        return names, matrix


def load_emotion_map(labels: Sequence[str], path: Path = DEFAULT_MAP_PATH) -> EmotionMap:
    """Read the map and order it like `labels`; every label must appear, with a known CX emotion."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")).get("labels", {})
    missing = [label for label in labels if label not in entries]
    if missing:
        raise EmotionMapError(f"{path}: no entry for labels {', '.join(missing)}")
    cx, valence = [], []
    for label in labels:
        entry = entries[label]
        if entry.get("cx") not in CX_EMOTIONS:
            raise EmotionMapError(f"{path}: {label} maps to unknown CX emotion {entry.get('cx')!r}")
        weight = float(entry.get("valence", "nan"))
        if not -1.0 <= weight <= 1.0:
            raise EmotionMapError(f"{path}: {label} has valence {weight}, outside [-1, 1]")
        cx.append(entry["cx"])
        valence.append(weight)
    return EmotionMap(cx=cx, valence=np.array(valence, dtype=np.float32))


def valence_weights(path: Path = DEFAULT_MAP_PATH) -> dict[str, float]:
    """GoEmotions label -> valence weight, for turning stored label scores back into a valence."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")).get("labels", {})
    return {label: float(entry["valence"]) for label, entry in entries.items()}

"""Emotion coder: GoEmotions labels, the customer-experience emotion researchers read, and valence.

The model (nlp/models/emotion-v1.npz, built by scripts/train_emotion.py) reads the encoder features of
the shared pass (EncodedBatch) plus the raw text; see nlp.coders.emotion.model for its parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from nlp.coders.calibration import IDENTITY, Calibration, calibration_for, label_group
from nlp.coders.emotion.abstain import Abstention
from nlp.coders.emotion.map import NEUTRAL, EmotionMap, load_emotion_map, valence
from nlp.coders.emotion.model import EmotionModel, EmotionModelError, read_emotion_model
from nlp.coders.emotion.paths import DEFAULT_MAP_PATH, DEFAULT_MODEL_PATH
from nlp.encoder import EncodedBatch
from nlp.types import Code, CodeKind, CodingInput

__all__ = ["EmotionCoder", "EmotionModelError", "EmotionResult", "load_emotion_coder"]


@dataclass(frozen=True, slots=True)
class EmotionResult:
    """The emotion coding of one text.

    Attributes:
        labels: GoEmotions labels at or above their threshold, (label, probability), most likely first;
            empty when none passes.
        emotion: The customer-experience emotion (see data/emotion_map.yaml); "neutral" when no
            emotion label passes its threshold or the emotion's score is below its `min_score`
            (abstention), unless a spoken cue names the feeling (nlp.coders.emotion.abstain).
        emotion_score: How sure the coder is of `emotion`: the noisy-OR of its labels (for an abstention,
            1 minus that of the emotion it turned down), calibrated (nlp.coders.calibration) with the
            map of its group: a neutral reading and a named emotion are right at very different rates.
        valence: Sum over labels of probability x valence weight (data/emotion_map.yaml), divided by
            the probabilities' total when that exceeds 1; in [-1, 1].
    """

    labels: list[tuple[str, float]]
    emotion: str
    emotion_score: float
    valence: float


class EmotionCoder:
    """Codes texts with GoEmotions labels, a CX emotion and a valence."""

    name = "desirelines.emotion"
    # 2: scores from per-label-group calibration maps (calibration format 2), self-reports read as emotion
    version = "2"

    def __init__(
        self, model: EmotionModel, emotion_map: EmotionMap, calibration: Calibration = IDENTITY
    ) -> None:
        self.model = model
        self.calibration = calibration
        self.emotion_map = emotion_map
        self.cx_names, self._membership = emotion_map.membership()
        self._neutral_index = model.labels.index(NEUTRAL) if NEUTRAL in model.labels else -1
        self._abstention = Abstention(emotion_map, self.cx_names)

    @property
    def labels(self) -> list[str]:
        return self.model.labels

    def probabilities(self, texts: Sequence[str], features: EncodedBatch) -> np.ndarray:
        """(n, 28) label probabilities."""
        return self.model.probabilities(texts, features.layer_means)

    def predict(self, texts: Sequence[str], features: EncodedBatch) -> list[EmotionResult]:
        """Code each text; `features` must come from the encoder pass over the same texts."""
        if len(features) != len(texts):
            raise ValueError(f"{len(texts)} texts but encoder features for {len(features)}")
        if not texts:
            return []
        probabilities = self.probabilities(texts, features)
        passed = probabilities >= self.model.thresholds
        # Noisy-OR per CX emotion: P(at least one of its labels), assuming independence.
        cx_scores = 1.0 - np.exp(np.log1p(-np.clip(probabilities, 0.0, 1.0 - 1e-7)) @ self._membership)
        valences = valence(probabilities, self.emotion_map.valence)
        best = self._best_emotion(passed, cx_scores)
        names, raw = self._abstention.apply(texts, best, cx_scores[np.arange(len(texts)), best])
        groups = [label_group(name == NEUTRAL) for name in names]
        scores = self.calibration(np.array(raw), groups).tolist()
        labels = self._passed_labels(probabilities, passed)
        return [
            EmotionResult(row_labels, name, score, v)
            for row_labels, name, score, v in zip(labels, names, scores, valences.tolist(), strict=True)
        ]

    def code(self, items: Sequence[CodingInput], features: EncodedBatch) -> list[list[Code]]:
        """Per item, its emotion code and the codes of the GoEmotions labels past their threshold."""
        return [self.codes_of(result) for result in self.predict([item.text for item in items], features)]

    def codes_of(self, result: EmotionResult) -> list[Code]:
        codes = [Code(self.name, self.version, CodeKind.EMOTION, result.emotion, result.emotion_score)]
        return codes + [
            Code(self.name, self.version, CodeKind.GOEMOTIONS, lab, p) for lab, p in result.labels
        ]

    def _passed_labels(self, probabilities: np.ndarray, passed: np.ndarray) -> list[list[tuple[str, float]]]:
        """Per row, (label, probability) of the labels past their threshold, most likely first."""
        ranked = np.argsort(-probabilities, axis=1, kind="stable")
        rows, places = np.nonzero(np.take_along_axis(passed, ranked, axis=1))
        columns = ranked[rows, places]
        out: list[list[tuple[str, float]]] = [[] for _ in range(len(probabilities))]
        values = probabilities[rows, columns].tolist()
        for row, k, p in zip(rows.tolist(), columns.tolist(), values, strict=True):
            out[row].append((self.labels[k], p))
        return out

    def _best_emotion(self, passed: np.ndarray, cx_scores: np.ndarray) -> np.ndarray:
        """Per row, the index of the CX emotion: the most likely of those with a label past its threshold
        (ignoring "neutral"), else neutral."""
        emotional = passed.copy()
        if self._neutral_index >= 0:
            emotional[:, self._neutral_index] = False
        candidates = (emotional.astype(np.float32) @ self._membership) > 0
        best = np.argmax(np.where(candidates, cx_scores, -1.0), axis=1)
        emotional_rows = candidates.any(axis=1)
        if emotional_rows.all():
            return best
        return np.where(emotional_rows, best, self.cx_names.index(NEUTRAL))


@lru_cache(maxsize=4)
def load_emotion_coder(path: Path = DEFAULT_MODEL_PATH, map_path: Path = DEFAULT_MAP_PATH) -> EmotionCoder:
    """The emotion coder for a model file, loaded and validated once per process.

    Raises:
        EmotionModelError: The file is missing, unreadable, or an array is missing or mis-shaped.
        EmotionMapError: The map does not cover the model's labels.
    """
    model = read_emotion_model(Path(path))
    emotion_map = load_emotion_map(model.labels, Path(map_path))
    return EmotionCoder(model, emotion_map, calibration_for(CodeKind.EMOTION))

"""When the emotion coder says "neutral": abstention below a per-emotion score, and spoken cues.

GoEmotions labels come from Reddit comments; in conversation they read agreement as approval and
polite talk as admiration. A CX emotion is kept only when its score reaches the map's `min_score`;
phrases that name a feeling outright ("drove me crazy", "what if it breaks") set it when the model
saw nothing or something positive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from nlp.coders.emotion.map import NEUTRAL, EmotionMap

_NEGATORS = ("not", "no", "never", "n't", "nothing")
_POSITIVE_OR_NEUTRAL = frozenset({NEUTRAL, "satisfaction", "delight", "trust", "relief", "curiosity"})


class Abstention:
    """Applies a map's min_score and cues to the coder's first reading."""

    def __init__(self, emotion_map: EmotionMap, cx_names: Sequence[str]) -> None:
        self.cx_names = list(cx_names)
        self.floor = np.array([emotion_map.min_score.get(n, 0.0) for n in self.cx_names], dtype=np.float32)
        self.cue_score = emotion_map.cue_score
        self._patterns = [
            (name, re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b"))
            for name, phrases in emotion_map.cues.items()
            if phrases and name in self.cx_names
        ]

    def apply(
        self, texts: Sequence[str], best: np.ndarray, scores: np.ndarray
    ) -> tuple[list[str], list[float]]:
        """Final (emotion, score) per text from the best CX index and its score."""
        names, out = [], []
        neutral = self.cx_names.index(NEUTRAL)
        for text, b, score in zip(texts, best.tolist(), scores.tolist(), strict=True):
            name = self.cx_names[b] if b == neutral or score >= self.floor[b] else NEUTRAL
            score = score if name != NEUTRAL or b == neutral else 1.0 - score
            cued = self.cue(text) if name in _POSITIVE_OR_NEUTRAL else None
            if cued is not None:
                name, score = cued, max(self.cue_score, score if name == cued else 0.0)
            names.append(name)
            out.append(float(score))
        return names, out

    def cue(self, text: str) -> str | None:
        """The CX emotion a phrase in the text names outright (not negated), if any."""
        lowered = text.lower()
        for name, pattern in self._patterns:
            for match in pattern.finditer(lowered):
                if not _negated(lowered, match.start()):
                    return name
        return None


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start].split()[-2:]
    return any(word.endswith(_NEGATORS) for word in before)

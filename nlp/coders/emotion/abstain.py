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

# "I was (so) furious", "we felt really let down", "I'm a bit nervous", "I got confused".
_SUBJECT_VERB = (
    r"\b(?:i|we)(?:'m|'re|'ve been| am| are| was| were| felt| feel| feeling| got| get| became| have been|"
    r" had been)"
)
_SELF_REPORT = (
    _SUBJECT_VERB + r"(?: (?:so|really|very|pretty|quite|super|totally|completely|absolutely|incredibly|"
    r"extremely|a bit|a little|kind of|sort of|just|actually|honestly|genuinely|also|still|all))*"
    r" (?:{words})\b"
)
# Every self-report starts with a first person, its verb and a space: a text without one needs no more.
_MAY_REPORT = re.compile(_SUBJECT_VERB + " ")
_NEGATORS = ("not", "no", "never", "n't", "nothing")
_POSITIVE_OR_NEUTRAL = frozenset({NEUTRAL, "satisfaction", "delight", "trust", "relief", "curiosity"})


class Abstention:
    """Applies a map's min_score and cues to the coder's first reading."""

    def __init__(self, emotion_map: EmotionMap, cx_names: Sequence[str]) -> None:
        self.cx_names = list(cx_names)
        self.floor = np.array([emotion_map.min_score.get(n, 0.0) for n in self.cx_names], dtype=np.float32)
        self.cue_score = emotion_map.cue_score
        cues = {
            name: phrases for name, phrases in emotion_map.cues.items() if phrases and name in self.cx_names
        }
        self._patterns = [(name, _any_phrase(phrases)) for name, phrases in cues.items()]
        # Any cue phrase of any emotion: a text where none occurs needs no search per emotion.
        self._any_cue = _any_phrase([phrase for phrases in cues.values() for phrase in phrases])
        self._reports = [
            (name, re.compile(_SELF_REPORT.format(words="|".join(re.escape(p) for p in words))))
            for name, words in emotion_map.self_reports.items()
            if words and name in self.cx_names
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
            reported = self.self_report(text)
            cued = reported or (self.cue(text) if name in _POSITIVE_OR_NEUTRAL else None)
            if cued is not None:
                name, score = cued, max(self.cue_score, score if name == cued else 0.0)
            names.append(name)
            out.append(float(score))
        return names, out

    def self_report(self, text: str) -> str | None:
        """The CX emotion the speaker says they felt ("I was so frustrated", "we felt relieved"), if any.

        Only a first person with a plain, unnegated verb of being or feeling counts: "I wasn't happy" and
        "I was not worried" do not match, nor does "you were confused".
        """
        lowered = text.lower().replace("\u2019", "'")
        if not _MAY_REPORT.search(lowered):
            return None
        for name, pattern in self._reports:
            if pattern.search(lowered):
                return name
        return None

    def cue(self, text: str) -> str | None:
        """The CX emotion a phrase in the text names outright (not negated), if any."""
        lowered = text.lower()
        if not self._any_cue.search(lowered):
            return None
        for name, pattern in self._patterns:
            for match in pattern.finditer(lowered):
                if not _negated(lowered, match.start()):
                    return name
        return None


def _any_phrase(phrases: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b")


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start].split()[-2:]
    return any(word.endswith(_NEGATORS) for word in before)

"""Pain-point coder: does an utterance express an obstacle, a cost, a delay, a frustration, a risk or a
missing capability, how strongly, and which words say so?

Two parts, one decision: spaCy rules (nlp.coders.pain.rules: cues with negation, hypotheticals and
resolution) and a logistic head over the shared sentence embedding plus the rule features
(nlp.coders.pain.model, nlp/models/pain-v1.npz, built by scripts/train_pain.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from nlp.coders.calibration import IDENTITY, Calibration, calibration_for
from nlp.coders.features import sentence_vectors
from nlp.coders.pain.model import PainModel, PainModelError, read_pain_model
from nlp.coders.pain.paths import DEFAULT_CUES_PATH, DEFAULT_MODEL_PATH
from nlp.coders.pain.rules import (
    CATEGORIES,
    PRESENT,
    RULE_FEATURES,
    PainRules,
    RuleFindings,
    load_pain_lexicon,
)
from nlp.encoder import EncodedBatch
from nlp.types import Code, CodeKind, CodingInput

INTENSITY = RULE_FEATURES.index("intensity")
WISH_CATEGORY = "missing_capability"


@dataclass(frozen=True, slots=True)
class DecisionConstants:
    """How the rule cues move the head's probability; the defaults are what the coder ships with.

    Attributes:
        cue_logit: A present cue adds this times its weight to the logit: the head, fitted mostly on
            Reddit comments, reads conversational understatement ("that's pretty tough") as calm.
            Chosen on the spoken tune meetings.
        intensity_logit: Shouting, "!!" and "so"/"really" make a present cue more certain: added to the
            logit, times the 0..1 intensity feature. (The head learns next to nothing for intensity from
            its weak labels.)
        override_probability: A text whose cues are all negated, hypothetical or resolved ("no issues",
            "if it breaks") stays below the threshold unless the embedding alone is this sure.
        floor_categories: Wishes and worries are mild in wording but are pain points by definition (an
            unmet need, a feared loss): a present cue of these categories lifts the score to the
            threshold.
    """

    cue_logit: float = 1.0
    intensity_logit: float = 1.0
    override_probability: float = 0.9
    floor_categories: frozenset[str] = frozenset({WISH_CATEGORY, "risk"})


# scripts/cv_pain.py --decisions (leave one tune meeting or interview out): cue logits 0.75 and 1.0,
# intensity 0.5 and 1.0, floors on or off decide the left-out interviews alike, since the head's own rule
# weights already make a present cue decisive; a cue logit of 0.5 costs the left-out meetings 0.02 F1.
SHIPPED_CONSTANTS = DecisionConstants()

__all__ = [
    "CATEGORIES",
    "SHIPPED_CONSTANTS",
    "DecisionConstants",
    "PainModelError",
    "PainPointCoder",
    "PainResult",
    "load_pain_coder",
]


@dataclass(frozen=True, slots=True)
class PainResult:
    """The pain-point coding of one text.

    Attributes:
        is_pain: Whether the score reaches the coder's threshold.
        score: Calibrated probability that the text expresses a present pain point, in [0, 1]
            (nlp.coders.calibration; the decision is made on the raw score, so it is the same).
        span: Character offsets [start, end) of the strongest present cue, if a cue fired.
        cue: The cue's words as written, if a cue fired.
        category: obstacle, cost, delay, frustration, risk or missing_capability; from the cue, else the
            nearest category of the embedding; None when `is_pain` is false.
    """

    is_pain: bool
    score: float
    span: tuple[int, int] | None
    cue: str | None
    category: str | None


class PainPointCoder:
    """Codes texts as pain points (or not), with a score, a category and the triggering words."""

    name = "desirelines.pain_point"
    version = "1"

    def __init__(
        self,
        model: PainModel,
        rules: PainRules,
        calibration: Calibration = IDENTITY,
        constants: DecisionConstants = SHIPPED_CONSTANTS,
    ) -> None:
        self.model = model
        self.rules = rules
        self.calibration = calibration
        self.constants = constants

    @property
    def threshold(self) -> float:
        """The calibrated score at or above which a text is a pain point."""
        return self.calibration.one(self.model.threshold)

    def predict(self, texts: Sequence[str], embeddings: EncodedBatch | np.ndarray) -> list[PainResult]:
        """Code each text; `embeddings` (or the encoder batch) must come from the same texts, in order."""
        vectors = sentence_vectors(embeddings, len(texts))
        if not texts:
            return []
        findings = self.rules.analyse(texts)
        features = np.stack([f.features for f in findings])
        scores = self.model.probabilities(vectors, features)
        nearest = self.model.nearest_category(vectors)
        decided = [self._decided_score(f, s) for f, s in zip(findings, scores.tolist(), strict=True)]
        # One calibration call for the batch: the same map, applied element by element.
        calibrated = self.calibration(np.array(decided)).tolist()
        return [self._result(*row) for row in zip(findings, decided, calibrated, nearest, strict=True)]

    def code(self, items: Sequence[CodingInput], features: EncodedBatch | np.ndarray) -> list[list[Code]]:
        """One list of codes per item: a single pain_point code for a pain, none otherwise."""
        results = self.predict([item.text for item in items], features)
        return [[self._code(r)] if r.is_pain else [] for r in results]

    def _decided_score(self, findings: RuleFindings, score: float) -> float:
        """The head's probability moved by the rule cues: the score the decision is made on."""
        if not findings.cues:
            return score
        best, k = findings.best, self.constants
        if best is not None:
            intensity = float(findings.features[INTENSITY])
            score = _add_logit(score, k.cue_logit * best.weight + k.intensity_logit * intensity)
        threshold = self.model.threshold
        only_cancelled = best is None and any(c.status != PRESENT for c in findings.cues)
        if only_cancelled and score < k.override_probability:
            score = min(score, 0.5 * threshold)
        if best is not None and best.category in k.floor_categories:
            score = max(score, threshold)
        return score

    def _result(self, findings: RuleFindings, score: float, calibrated: float, nearest: str) -> PainResult:
        """The result for a decided score (see `_decided_score`) and its calibrated value."""
        if score < self.model.threshold:
            return PainResult(False, calibrated, None, None, None)
        best = findings.best
        if best is None:
            return PainResult(True, calibrated, None, None, nearest)
        return PainResult(True, calibrated, (best.start, best.end), best.text, best.category)

    def _code(self, result: PainResult) -> Code:
        return Code(
            coder=self.name,
            version=self.version,
            kind=CodeKind.PAIN_POINT,
            label=result.category or str(CodeKind.PAIN_POINT),
            score=result.score,
            span=result.span,
        )


def _add_logit(probability: float, delta: float) -> float:
    p = min(max(probability, 1e-6), 1.0 - 1e-6)
    return float(1.0 / (1.0 + np.exp(-(np.log(p / (1.0 - p)) + delta))))


@lru_cache(maxsize=4)
def load_pain_coder(path: Path = DEFAULT_MODEL_PATH, cues_path: Path = DEFAULT_CUES_PATH) -> PainPointCoder:
    """The pain-point coder for a model file and cue lexicon, loaded once per process.

    Raises:
        PainModelError: The model file is missing, unreadable or does not fit this code.
        LexiconError: The cue lexicon is unreadable or malformed.
        CalibrationError: nlp/models/calibration-v1.json is unreadable or invalid.
    """
    rules = PainRules(load_pain_lexicon(Path(cues_path)))
    return PainPointCoder(read_pain_model(Path(path)), rules, calibration_for(CodeKind.PAIN_POINT))

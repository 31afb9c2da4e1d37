"""Journey-stage coder: one best stage of a journey framework per utterance.

Evidence (weights in nlp.coders.stage.weights): the utterance's embedding against each stage's
examples, the stage's cue phrases in the text, the interviewer's question, and the position in the
interview. Only the framework's own data is used, so a project can bring its own framework.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from nlp.coders.calibration import IDENTITY, LABEL_GROUP, NEUTRAL_GROUP, Calibration, calibration_for
from nlp.coders.stage.context import distinct_questions, position_logits, resolve_question_embeddings
from nlp.coders.stage.cues import CueHit, CueMatcher, addresses_someone, best_span, extra_cues
from nlp.coders.stage.examples import StageModelError, example_bank
from nlp.coders.stage.labels import NO_STAGE
from nlp.coders.stage.text import ExampleScorer
from nlp.coders.stage.weights import DEFAULT_WEIGHTS, StageWeights
from nlp.encoder import EncodedBatch, Encoder, get_encoder
from nlp.frameworks import JourneyFramework, load_framework
from nlp.types import Code, CodeKind, CodingInput

__all__ = ["StageCoder", "StageModelError", "get_stage_coder"]

# Questions embedded by the coder itself, kept for later batches (384 floats each).
_QUESTION_CACHE_SIZE = 4096


class StageCoder:
    """Codes each utterance with the most likely stage of one journey framework."""

    name = "desirelines.stage"
    # 2: scores from per-label-group calibration maps (calibration format 2)
    version = "2"

    def __init__(
        self,
        framework: JourneyFramework,
        encoder: Encoder | None = None,
        weights: StageWeights = DEFAULT_WEIGHTS,
        calibration: Calibration = IDENTITY,
    ) -> None:
        """Build the coder.

        Args:
            framework: The journey framework whose stages are the labels.
            encoder: Used to embed the framework's examples when no up-to-date shipped embeddings
                exist, and questions that come without precomputed embeddings. None is fine for
                shipped frameworks; questions are then read through their cue phrases only.
            weights: How much each kind of evidence counts.
            calibration: Maps the chosen label's probability to a calibrated score, with the map of
                its group (a stage, or no stage).
        """
        self.framework = framework
        self.calibration = calibration
        self.encoder = encoder
        self.weights = weights
        self._examples = ExampleScorer(example_bank(framework, encoder), len(framework.stages))
        self._cues = CueMatcher(framework.stages, extra_cues())
        rates = np.array([stage.base_rate for stage in framework.stages], dtype=np.float32)
        self._log_prior = np.log(rates / rates.mean())
        self._encoded_questions: dict[str, np.ndarray] = {}

    @property
    def labels(self) -> list[str]:
        return self.framework.stage_ids

    def code(self, items: Sequence[CodingInput], features: EncodedBatch) -> list[list[Code]]:
        """Per item, its stage code; none when the coder abstains (the `Coder` call shape)."""
        return [[] if c.label == NO_STAGE else [c] for c in self.decide(items, features.embeddings)]

    def decide(
        self,
        items: Sequence[CodingInput],
        embeddings: np.ndarray,
        question_embeddings: Mapping[str, np.ndarray] | None = None,
    ) -> list[Code]:
        """One stage Code per item, abstentions included (the rich form `code` and the evaluations read).

        Args:
            items: Utterances with their question and position, if known.
            embeddings: (n, 384) L2-normalised embeddings of the items' texts (the shared pass).
            question_embeddings: Precomputed embeddings of questions, keyed by question text;
                questions missing here are encoded (one pass over the distinct ones).

        Returns:
            Codes in item order: label = stage id, score = its probability, span = the longest cue
            phrase of that stage in the text, if any; label "none" (NO_STAGE) with score = 1 - the
            best stage's probability when the evidence is too weak (see StageWeights).
        """
        hits = [self._cues.hits(item.text) for item in items]
        said, context = self._logits(items, embeddings, hits, question_embeddings)
        probabilities = _softmax((said + context) / self.weights.temperature)
        own = _softmax(said / self.weights.temperature).max(axis=1)  # the text's words alone
        columns = probabilities.argmax(axis=1)
        best, top = columns.tolist(), probabilities[np.arange(len(columns)), columns].tolist()
        # A message written to an account ("@brand ...") is a customer writing to a company: it counts
        # as evidence, like a cue phrase, that the text is about the customer's journey.
        abstained = [
            self.abstains(p, bool(text_hits) or addresses_someone(item.text), o)
            for p, text_hits, item, o in zip(top, hits, items, own.tolist(), strict=True)
        ]
        # One calibration call for the batch, each score with the map of its group.
        scores = self.calibration(
            np.array([1.0 - p if a else p for p, a in zip(top, abstained, strict=True)]),
            [NEUTRAL_GROUP if a else LABEL_GROUP for a in abstained],
        ).tolist()
        return [
            self._code(b, text_hits, a, score)
            for b, text_hits, a, score in zip(best, hits, abstained, scores, strict=True)
        ]

    def abstains(self, best_probability: float, has_cue: bool, own_probability: float = 1.0) -> bool:
        """Whether a text with this winning probability (and cue or not) gets no stage.

        `own_probability` is the winning probability from the text alone, without its question and
        position: a text without a cue whose own words point to no stage is abstained on however much
        its question looks like journey talk (StageWeights.abstain_own_below).
        """
        w = self.weights
        if not has_cue and own_probability < w.abstain_own_below:
            return True
        return best_probability < (w.abstain_below if has_cue else w.abstain_below_no_cue)

    def probabilities(
        self,
        items: Sequence[CodingInput],
        embeddings: np.ndarray,
        question_embeddings: Mapping[str, np.ndarray] | None = None,
    ) -> np.ndarray:
        """(n, n_stages) probability of each stage, columns in framework order."""
        hits = [self._cues.hits(item.text) for item in items]
        return self._probabilities(items, embeddings, hits, question_embeddings)

    def _probabilities(
        self,
        items: Sequence[CodingInput],
        embeddings: np.ndarray,
        hits: Sequence[Sequence[CueHit]],
        given: Mapping[str, np.ndarray] | None,
    ) -> np.ndarray:
        said, context = self._logits(items, embeddings, hits, given)
        return _softmax((said + context) / self.weights.temperature)

    def _logits(
        self,
        items: Sequence[CodingInput],
        embeddings: np.ndarray,
        hits: Sequence[Sequence[CueHit]],
        given: Mapping[str, np.ndarray] | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(n, n_stages) logits from the text itself (examples, cues, prior) and from its context."""
        embeddings = np.asarray(embeddings, dtype=np.float32)
        if embeddings.ndim != 2 or len(embeddings) != len(items):
            raise ValueError(f"{len(items)} items but embeddings of shape {embeddings.shape}")
        w = self.weights
        said = self._said(embeddings) + w.cue * np.minimum(self._cues.counts(hits), w.cue_cap)
        said += w.prior * self._log_prior
        context = self._asked(items, given)
        context += w.position * position_logits(items, len(self.labels), w.position_width)
        return said, context

    def _said(self, embeddings: np.ndarray) -> np.ndarray:
        """Example similarity of embeddings (of utterances or of questions)."""
        if len(embeddings) == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        knn = self._examples.knn(embeddings)
        knn -= knn.mean(axis=1, keepdims=True)
        return self.weights.knn * knn + self.weights.head * self._examples.head(embeddings)

    def _asked(self, items: Sequence[CodingInput], given: Mapping[str, np.ndarray] | None) -> np.ndarray:
        """Logits from the questions that prompted the items (zeros where there is none)."""
        out = np.zeros((len(items), len(self.labels)), dtype=np.float32)
        questions = distinct_questions(items)
        if not questions:
            return out
        per_question = self._question_logits(questions, given)
        row_of = {question: row for row, question in enumerate(questions)}
        for index, item in enumerate(items):
            if item.question in row_of:
                out[index] = per_question[row_of[item.question]]
        return out

    def _question_logits(self, questions: list[str], given: Mapping[str, np.ndarray] | None) -> np.ndarray:
        """(q, n_stages): what each distinct question says about the stage of its answers."""
        w = self.weights
        logits = w.question_cue * np.minimum(
            self._cues.counts([self._cues.hits(q) for q in questions]), w.cue_cap
        )
        known = ChainMap(dict(given or {}), self._encoded_questions)
        vectors = resolve_question_embeddings(questions, known, self.encoder)
        self._remember_questions({q: v for q, v in vectors.items() if q not in known})
        rows = [row for row, question in enumerate(questions) if question in vectors]
        if rows:
            logits[rows] += w.question * self._said(np.stack([vectors[questions[row]] for row in rows]))
        return logits

    def _remember_questions(self, encoded: Mapping[str, np.ndarray]) -> None:
        """Keep questions this coder had to encode: an interview asks the same ones batch after batch."""
        if len(self._encoded_questions) + len(encoded) > _QUESTION_CACHE_SIZE:
            self._encoded_questions.clear()
        self._encoded_questions.update(encoded)

    def _code(self, best: int, hits: Sequence[CueHit], abstained: bool, score: float) -> Code:
        if abstained:
            return Code(self.name, self.version, CodeKind.STAGE, NO_STAGE, score, None)
        return Code(
            coder=self.name,
            version=self.version,
            kind=CodeKind.STAGE,
            label=self.labels[best],
            score=score,
            span=best_span(hits, best),
        )


@lru_cache(maxsize=8)
def get_stage_coder(framework_id: str = "seven-step") -> StageCoder:
    """The process-wide coder for a shipped framework, built on first use with the shared encoder."""
    calibration = calibration_for(CodeKind.STAGE)
    return StageCoder(load_framework(framework_id), get_encoder(), calibration=calibration)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True), dtype=np.float32)

"""Which guide questions an interviewer asked, found by meaning rather than exact words.

Each interviewer sentence is embedded with the guide's questions; a sentence asks the question it is
most similar to when the cosine similarity reaches the threshold. Respondent turns that follow belong
to the last question asked, until the interviewer asks another guide question (unmatched interviewer
turns in between are taken as probes or small talk within the same question).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nlp.encoder import Encoder
from nlp.guides.model import InterviewGuide
from nlp.types import SpeakerRole

# Tuned on nlp/eval/guide_match_dev.jsonl with all-MiniLM-L6-v2 (see nlp/guides/match_eval.py).
DEFAULT_THRESHOLD = 0.45
# Probes may count as asking their question, at a discount; off by default: on the dev set they matched
# generic follow-ups to the wrong question (precision 0.89 with weight 0.9, 0.95 without, at 0.45).
PROBE_WEIGHT = 0.0


@dataclass(frozen=True, slots=True)
class SpokenTurn:
    """One turn of a transcript: who spoke and the sentences said."""

    turn: int
    role: SpeakerRole
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TurnLink:
    """A turn tied to a guide question: `asked` for the interviewer turn that asked it.

    `score` is the similarity of the asking sentence (for answers, that of the question they answer).
    """

    turn: int
    question_id: str
    score: float
    asked: bool


class QuestionMatcher:
    """Matches interviewer sentences to one guide's questions.

    Args:
        guide: The guide the interview followed.
        encoder: Gives L2-normalised sentence embeddings.
        threshold: Lowest cosine similarity that counts as asking a question.
        probe_weight: Multiplier on a probe's similarity (0 ignores probes).
    """

    def __init__(
        self,
        guide: InterviewGuide,
        encoder: Encoder,
        threshold: float = DEFAULT_THRESHOLD,
        probe_weight: float = PROBE_WEIGHT,
    ) -> None:
        self.guide = guide
        self.encoder = encoder
        self.threshold = threshold
        self.probe_weight = probe_weight
        texts: list[str] = []
        owners: list[int] = []
        weights: list[float] = []
        self.question_ids = [question.id for _, question in guide.questions]
        for index, (_, question) in enumerate(guide.questions):
            texts.append(question.text)
            owners.append(index)
            weights.append(1.0)
            if probe_weight > 0:
                for probe in question.probes:
                    texts.append(probe.text)
                    owners.append(index)
                    weights.append(probe_weight)
        self._owners = np.asarray(owners)
        self._weights = np.asarray(weights, dtype=np.float32)
        self._vectors = _normalised(encoder.encode(texts))

    def scores(self, sentences: Sequence[str]) -> np.ndarray:
        """(n, questions) best weighted similarity of each sentence to each question or its probes."""
        if not sentences:
            return np.zeros((0, len(self.question_ids)), dtype=np.float32)
        similarity = _normalised(self.encoder.encode(list(sentences))) @ self._vectors.T
        similarity = similarity * self._weights[None, :]
        best = np.full((len(sentences), len(self.question_ids)), -1.0, dtype=np.float32)
        for column, owner in enumerate(self._owners):
            best[:, owner] = np.maximum(best[:, owner], similarity[:, column])
        return best

    def best(self, sentences: Sequence[str]) -> list[tuple[str, float] | None]:
        """For each sentence, the question it asks and the similarity, or None below the threshold."""
        scores = self.scores(sentences)
        out: list[tuple[str, float] | None] = []
        for row in scores:
            index = int(row.argmax()) if len(row) else -1
            ok = index >= 0 and float(row[index]) >= self.threshold
            out.append((self.question_ids[index], float(row[index])) if ok else None)
        return out

    def link(self, turns: Sequence[SpokenTurn]) -> list[TurnLink]:
        """Tie interviewer turns to the questions they ask and respondent turns to what they answer."""
        asking = [t for t in turns if t.role == SpeakerRole.INTERVIEWER]
        flat = [(t.turn, s) for t in asking for s in t.sentences]
        matches = self.best([s for _, s in flat])
        per_turn: dict[int, tuple[str, float]] = {}
        for (turn, _), match in zip(flat, matches, strict=True):
            if match is not None:
                per_turn[turn] = match  # the last guide question in a turn is the one answered
        return _links(turns, per_turn)


def _links(turns: Sequence[SpokenTurn], asked: dict[int, tuple[str, float]]) -> list[TurnLink]:
    links: list[TurnLink] = []
    current: tuple[str, float] | None = None
    for turn in turns:
        if turn.role == SpeakerRole.INTERVIEWER:
            if turn.turn in asked:
                current = asked[turn.turn]
                links.append(TurnLink(turn.turn, current[0], current[1], asked=True))
        elif current is not None:
            links.append(TurnLink(turn.turn, current[0], current[1], asked=False))
    return links


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

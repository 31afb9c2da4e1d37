"""Which guide questions an interviewer asked, found by meaning rather than exact words.

Within each interviewer turn, every sentence and every pair of adjacent sentences (a question often
spans two: "Walk me through it. What did a normal week look like?") is embedded with the guide's
questions. The best-scoring window at or above the threshold asks its question; windows that overlap
it, and the same question again, are dropped; the next best follows, so one turn can ask several
questions. Respondent sentences that follow belong to the last question asked, until the interviewer
asks anything else: an interviewer turn that matches no guide question keeps the answer going only when
it asks nothing ("Mm-hm.", "Walk me through it."); one with a question mark ends it, so one weak match
does not claim the rest of an interview that left the guide.
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


# A window of an interviewer turn that asks a question: (first sentence, sentences, question id, score).
Pick = tuple[int, int, str, float]


@dataclass(frozen=True, slots=True)
class SpokenTurn:
    """One turn of a transcript: who spoke and the sentences said."""

    turn: int
    role: SpeakerRole
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TurnLink:
    """A sentence tied to a guide question: `asked` for the interviewer's words that asked it.

    `turn` identifies the unit counted by coverage (a turn here; the service passes utterance ids).
    `score` is the similarity of the asking words (for answers, that of the question they answer).
    """

    turn: int
    question_id: str
    score: float
    asked: bool
    sentence: int = 0


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
        """Tie interviewer sentences to the questions they ask, respondent sentences to what they answer."""
        asking = [t for t in turns if t.role == SpeakerRole.INTERVIEWER]
        windows = [(t.turn, start, size) for t in asking for start, size in _windows(len(t.sentences))]
        by_number = {t.turn: t for t in asking}
        texts = [" ".join(by_number[turn].sentences[start : start + size]) for turn, start, size in windows]
        scores = self.scores(texts)
        asked: dict[int, list[Pick]] = {}
        for turn in {w[0] for w in windows}:
            rows = [k for k, w in enumerate(windows) if w[0] == turn]
            asked[turn] = self._pick([windows[k] for k in rows], scores[rows])
        return _links(turns, asked)

    def _pick(self, windows: list[tuple[int, int, int]], scores: np.ndarray) -> list[Pick]:
        """Greedy: best window first; overlapping windows and repeated questions are dropped."""
        best = scores.argmax(axis=1) if len(scores) else np.zeros(0, dtype=int)
        order = sorted(range(len(windows)), key=lambda k: -float(scores[k, best[k]]))
        taken: set[int] = set()
        picked: list[Pick] = []
        for k in order:
            _, start, size = windows[k]
            score, question = float(scores[k, best[k]]), self.question_ids[int(best[k])]
            span = set(range(start, start + size))
            if score < self.threshold or span & taken or any(p[2] == question for p in picked):
                continue
            taken |= span
            picked.append((start, size, question, score))
        return sorted(picked)


def _windows(n: int) -> list[tuple[int, int]]:
    return [(start, 1) for start in range(n)] + [(start, 2) for start in range(n - 1)]


def _links(turns: Sequence[SpokenTurn], asked: dict[int, list[Pick]]) -> list[TurnLink]:
    links: list[TurnLink] = []
    current: tuple[str, float] | None = None
    for turn in turns:
        if turn.role == SpeakerRole.INTERVIEWER:
            if not asked.get(turn.turn) and _asks(turn):
                current = None  # an off-guide question: what follows answers it, not the last guide question
            for start, size, question, score in asked.get(turn.turn, []):
                current = (question, score)
                links += [TurnLink(turn.turn, question, score, True, s) for s in range(start, start + size)]
        elif current is not None:
            question, score = current
            links += [TurnLink(turn.turn, question, score, False, s) for s in range(len(turn.sentences))]
    return links


def _asks(turn: SpokenTurn) -> bool:
    return any("?" in sentence for sentence in turn.sentences)


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

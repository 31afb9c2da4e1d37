"""Context around an utterance: the question that prompted it and where it falls in the interview."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from nlp.encoder import Encoder
from nlp.types import CodingInput


def position_logits(items: Sequence[CodingInput], n_stages: int, width: float) -> np.ndarray:
    """(n, n_stages) log of a Gaussian bump around each stage's place in the journey order.

    Stage i of k sits at (i + 0.5) / k on the interview's 0..1 timeline; items without a position
    get zeros (no opinion).
    """
    centres = (np.arange(n_stages, dtype=np.float32) + 0.5) / n_stages
    out = np.zeros((len(items), n_stages), dtype=np.float32)
    for row, item in enumerate(items):
        if item.position is not None:
            position = min(max(float(item.position), 0.0), 1.0)
            out[row] = -((position - centres) ** 2) / (2.0 * width**2)
    return out - out.mean(axis=1, keepdims=True)


def distinct_questions(items: Sequence[CodingInput]) -> list[str]:
    """The non-empty questions of `items`, each once, in order of first appearance."""
    return list(dict.fromkeys(item.question for item in items if item.question and item.question.strip()))


def resolve_question_embeddings(
    questions: Sequence[str],
    given: Mapping[str, np.ndarray] | None,
    encoder: Encoder | None,
) -> dict[str, np.ndarray]:
    """Embeddings of `questions`: taken from `given` where present, the rest encoded in one pass.

    Without an encoder, questions missing from `given` are left out (only their cue phrases count).
    """
    found = {q: np.asarray(given[q], dtype=np.float32) for q in questions if given and q in given}
    missing = [q for q in questions if q not in found]
    if missing and encoder is not None:
        found.update(zip(missing, np.asarray(encoder.encode(missing), dtype=np.float32), strict=True))
    return found

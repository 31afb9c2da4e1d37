"""What was said: how close an utterance's embedding is to each stage's examples.

Two views of the same example bank, added together by the coder:
- nearest neighbours: mean cosine similarity to the stage's `KNN_K` closest examples;
- a linear head: class-balanced ridge regression onto +1/-1 stage targets, fitted in closed form on
  the examples (milliseconds, deterministic), which learns which directions of the embedding
  separate the stages rather than raw closeness.
"""

from __future__ import annotations

import numpy as np

from nlp.coders.stage.examples import ExampleBank

KNN_K = 5
# Ridge penalty of the linear head; tuned on the dev set's tune split.
HEAD_PENALTY = 1.0


class ExampleScorer:
    """Per-stage similarity of embeddings to a framework's examples."""

    def __init__(
        self, bank: ExampleBank, n_stages: int, k: int = KNN_K, penalty: float = HEAD_PENALTY
    ) -> None:
        self.bank = bank
        self.n_stages = n_stages
        self.k = k
        self._weights = fit_ridge_head(bank, n_stages, penalty)

    def knn(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, n_stages) mean cosine similarity to each stage's k nearest examples."""
        similarity = embeddings @ self.bank.embeddings.T
        out = np.empty((len(embeddings), self.n_stages), dtype=np.float32)
        for stage in range(self.n_stages):
            columns = similarity[:, self.bank.stage == stage]
            k = min(self.k, columns.shape[1])
            out[:, stage] = -np.partition(-columns, k - 1, axis=1)[:, :k].mean(axis=1)
        return out

    def head(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, n_stages) scores of the linear head, centred per row."""
        scores = _with_bias(embeddings) @ self._weights
        return np.asarray(scores - scores.mean(axis=1, keepdims=True), dtype=np.float32)


def fit_ridge_head(bank: ExampleBank, n_stages: int, penalty: float) -> np.ndarray:
    """(dim + 1, n_stages) ridge weights (bias last, not penalised); each stage weighs the same."""
    x = _with_bias(bank.embeddings).astype(np.float64)
    targets = -np.ones((len(x), n_stages))
    targets[np.arange(len(x)), bank.stage] = 1.0
    counts = np.bincount(bank.stage, minlength=n_stages)
    weight = (len(x) / (n_stages * np.maximum(counts, 1)))[bank.stage][:, None]
    regulariser = penalty * np.eye(x.shape[1])
    regulariser[-1, -1] = 0.0
    solution = np.linalg.solve(x.T @ (x * weight) + regulariser, x.T @ (targets * weight))
    return np.asarray(solution, dtype=np.float32)


def _with_bias(embeddings: np.ndarray) -> np.ndarray:
    return np.hstack([embeddings, np.ones((len(embeddings), 1), dtype=embeddings.dtype)])

"""Learning from corrections: a small per-project head that predicts the researcher's label of a code kind
from the stored sentence embedding and the machine's label, fitted on the project's reviewed utterances.

Multinomial logistic regression (L2, full-batch gradient descent) in NumPy: no model download, no pickle;
a fitted head is plain JSON. `cross_validate` measures it the honest way: each fold is predicted by a head
fitted on the other folds, and compared with the researcher's labels next to the machine's own labels.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nlp.agreement import Agreement, compare

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Head:
    """A fitted head. Features: the embedding, then a one-hot of the machine's label (`machine_labels`)."""

    classes: tuple[str, ...]
    machine_labels: tuple[str, ...]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)

    def features(self, embeddings: np.ndarray, machine: Sequence[str]) -> np.ndarray:
        return _features(embeddings, machine, self.machine_labels)

    def predict(self, embeddings: np.ndarray, machine: Sequence[str]) -> list[str]:
        if len(machine) == 0:
            return []
        logits = self.features(embeddings, machine) @ self.weights + self.bias
        return [self.classes[i] for i in np.argmax(logits, axis=1)]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "classes": list(self.classes),
            "machine_labels": list(self.machine_labels),
            "weights": np.round(self.weights, 6).tolist(),
            "bias": np.round(self.bias, 6).tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Head:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"Unknown adjustment format {data.get('format')!r}; expected {FORMAT_VERSION}.")
        weights = np.asarray(data["weights"], dtype=np.float32)
        classes = tuple(str(c) for c in data["classes"])
        if weights.ndim != 2 or weights.shape[1] != len(classes):
            raise ValueError(
                f"Adjustment weights have shape {weights.shape}; expected (features, {len(classes)})."
            )
        return cls(
            classes, tuple(data["machine_labels"]), weights, np.asarray(data["bias"], dtype=np.float32)
        )


def _features(embeddings: np.ndarray, machine: Sequence[str], vocabulary: Sequence[str]) -> np.ndarray:
    index = {label: i for i, label in enumerate(vocabulary)}
    onehot = np.zeros((len(machine), len(vocabulary)), dtype=np.float32)
    for row, label in enumerate(machine):
        if label in index:
            onehot[row, index[label]] = 1.0
    return np.hstack([np.asarray(embeddings, dtype=np.float32), onehot])


def fit_head(
    embeddings: np.ndarray,
    machine: Sequence[str],
    truth: Sequence[str],
    *,
    l2: float = 1e-2,
    steps: int = 300,
    learning_rate: float = 0.5,
) -> Head:
    """Fit a head on reviewed utterances: their embeddings, the machine's labels, the researcher's labels."""
    if len(truth) == 0:
        raise ValueError("No reviewed codes to learn from.")
    classes = tuple(sorted(set(truth)))
    vocabulary = tuple(sorted(set(machine)))
    x = _features(embeddings, machine, vocabulary)
    y = np.zeros((len(truth), len(classes)), dtype=np.float32)
    y[np.arange(len(truth)), [classes.index(t) for t in truth]] = 1.0
    weights = np.zeros((x.shape[1], len(classes)), dtype=np.float32)
    bias = np.zeros(len(classes), dtype=np.float32)
    for _ in range(steps):
        gradient = _softmax(x @ weights + bias) - y
        weights -= learning_rate * (x.T @ gradient / len(truth) + l2 * weights)
        bias -= learning_rate * gradient.mean(axis=0)
    return Head(classes, vocabulary, weights, bias)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Agreement with the researcher on held-out folds: the machine's labels, and the head's."""

    folds: int
    before: Agreement
    after: Agreement


def cross_validate(
    embeddings: np.ndarray, machine: Sequence[str], truth: Sequence[str], *, folds: int = 5, seed: int = 0
) -> CrossValidation:
    """k-fold: every reviewed utterance is predicted by a head that never saw it."""
    n = len(truth)
    folds = max(2, min(folds, n))
    order = np.random.default_rng(seed).permutation(n)
    predicted: dict[Hashable, str] = {}
    for fold in range(folds):
        held = order[fold::folds]
        train = np.setdiff1d(order, held)
        head = fit_head(embeddings[train], [machine[i] for i in train], [truth[i] for i in train])
        for i, label in zip(held, head.predict(embeddings[held], [machine[i] for i in held]), strict=True):
            predicted[int(i)] = label
    researcher: dict[Hashable, str] = dict(enumerate(truth))
    said: dict[Hashable, str] = dict(enumerate(machine))
    return CrossValidation(folds, compare(said, researcher), compare(predicted, researcher))

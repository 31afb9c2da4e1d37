"""The pain-point head (nlp/models/pain-v1.npz): a logistic model over the sentence embedding and the
rule features, plus per-category centroids that name the kind of pain when no cue fired.

Numbers and fixed-width str arrays only; loaded with allow_pickle=False.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.coders.npz import read_arrays
from nlp.coders.pain.rules import CATEGORIES, RULE_FEATURES
from nlp.encoder import EMBEDDING_DIM

FORMAT_VERSION = 1
REQUIRED_ARRAYS = (
    "format_version",
    "weights",
    "bias",
    "threshold",
    "rule_features",
    "categories",
    "centroids",
)


class PainModelError(ValueError):
    """The pain model file is missing, unreadable, or its arrays do not fit this code."""


@dataclass(frozen=True)
class PainModel:
    """Validated arrays of the pain-point head.

    Attributes:
        weights: (384 + len(RULE_FEATURES),) logistic weights, embedding first.
        bias: Logistic intercept.
        threshold: Probability at or above which a text is a pain point (tuned on the dev split).
        centroids: (len(CATEGORIES), 384) L2-normalised mean embedding of each category's examples.
    """

    weights: np.ndarray
    bias: float
    threshold: float
    centroids: np.ndarray

    def probabilities(self, embeddings: np.ndarray, rule_features: np.ndarray) -> np.ndarray:
        """(n,) pain probabilities."""
        x = np.hstack([embeddings.astype(np.float32), rule_features.astype(np.float32)])
        return np.asarray(0.5 * (1.0 + np.tanh(0.5 * (x @ self.weights + self.bias))), dtype=np.float32)

    def nearest_category(self, embeddings: np.ndarray) -> list[str]:
        """The category whose centroid is closest to each embedding."""
        return [CATEGORIES[int(k)] for k in np.argmax(embeddings @ self.centroids.T, axis=1)]


def read_pain_model(path: Path) -> PainModel:
    """Load and validate the arrays; PainModelError naming the problem otherwise."""
    arrays = read_arrays(path, PainModelError, "pain")
    _check(path, arrays)
    return PainModel(
        weights=arrays["weights"].astype(np.float32),
        bias=float(arrays["bias"]),
        threshold=float(arrays["threshold"]),
        centroids=arrays["centroids"].astype(np.float32),
    )


def _check(path: Path, arrays: dict[str, np.ndarray]) -> None:
    missing = [name for name in REQUIRED_ARRAYS if name not in arrays]
    if missing:
        raise PainModelError(f"{path}: missing arrays {', '.join(missing)}")
    if int(arrays["format_version"]) != FORMAT_VERSION:
        raise PainModelError(f"{path}: format_version {arrays['format_version']}, expected {FORMAT_VERSION}")
    if tuple(str(s) for s in arrays["rule_features"]) != RULE_FEATURES:
        raise PainModelError(f"{path}: trained with rule features {arrays['rule_features'].tolist()}")
    if tuple(str(s) for s in arrays["categories"]) != CATEGORIES:
        raise PainModelError(f"{path}: trained with categories {arrays['categories'].tolist()}")
    expected = {
        "weights": (EMBEDDING_DIM + len(RULE_FEATURES),),
        "centroids": (len(CATEGORIES), EMBEDDING_DIM),
    }
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            raise PainModelError(f"{path}: {name} has shape {arrays[name].shape}, expected {shape}")
    if not 0.0 < float(arrays["threshold"]) < 1.0:
        raise PainModelError(f"{path}: threshold {float(arrays['threshold'])} outside (0, 1)")

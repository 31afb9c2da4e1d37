"""The forces model (nlp/models/forces-v1.npz): prototype embeddings and one small logistic model per
force over prototype similarity and rule features.

Per force f, the features are: the mean of the 3 highest cosine similarities to f's prototypes; that
minus the best such mean of any other class ("none" included); the weight of f's strongest cue; whether
a cue of f was negated; the pain rules' strongest present cue; old-way and new-way markers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.coders.forces.rules import FORCES, ForceFindings
from nlp.coders.npz import read_arrays
from nlp.encoder import EMBEDDING_DIM

FORMAT_VERSION = 1
NONE = "none"
CLASSES = (*FORCES, NONE)
FEATURES = ("similarity", "margin", "cue", "negated", "pain", "old_way", "new_way")
TOP_K = 3
REQUIRED_ARRAYS = (
    "format_version",
    "prototypes",
    "prototype_labels",
    "source_sha256",
    "features",
    "weights",
    "bias",
    "thresholds",
)


class ForcesModelError(ValueError):
    """The forces model file is missing, unreadable, stale, or its arrays do not fit this code."""


@dataclass(frozen=True)
class ForcesModel:
    """Validated arrays of the forces model.

    Attributes:
        prototypes: (P, 384) L2-normalised prototype embeddings.
        labels: (P,) class of each prototype: a force or "none".
        source_sha256: sha256 of the forces.yaml the prototypes were embedded from.
        weights: (4, len(FEATURES)) logistic weights per force; bias: (4,).
        thresholds: (4,) score at or above which a force is coded (tuned on the dev split).
    """

    prototypes: np.ndarray
    labels: np.ndarray
    source_sha256: str
    weights: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray

    def similarities(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, 5) mean of the top-3 cosine similarities to each class's prototypes (CLASSES order)."""
        return class_similarities(embeddings @ self.prototypes.T, self.labels)

    def scores(
        self, embeddings: np.ndarray, findings: Sequence[ForceFindings], pain: np.ndarray
    ) -> np.ndarray:
        """(n, 4) force scores in [0, 1]."""
        x = feature_tensor(self.similarities(embeddings), findings, pain)
        logits = np.einsum("nfk,fk->nf", x, self.weights) + self.bias
        return np.asarray(0.5 * (1.0 + np.tanh(0.5 * logits)), dtype=np.float32)


def class_similarities(sims: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per row of `sims` (n, P), the mean of the TOP_K highest entries of each class's columns."""
    out = np.zeros((sims.shape[0], len(CLASSES)), dtype=np.float32)
    for k, name in enumerate(CLASSES):
        block = sims[:, labels == name]
        top = np.sort(block, axis=1)[:, -TOP_K:]
        out[:, k] = top.mean(axis=1)
    return out


def feature_tensor(similarity: np.ndarray, findings: Sequence[ForceFindings], pain: np.ndarray) -> np.ndarray:
    """(n, 4, len(FEATURES)) features of each text for each force."""
    n = similarity.shape[0]
    x = np.zeros((n, len(FORCES), len(FEATURES)), dtype=np.float32)
    for f, force in enumerate(FORCES):
        others = np.delete(similarity, f, axis=1).max(axis=1)
        x[:, f, 0] = similarity[:, f]
        x[:, f, 1] = similarity[:, f] - others
        x[:, f, 2] = [fd.cues[force].weight if force in fd.cues else 0.0 for fd in findings]
        x[:, f, 3] = [float(force in fd.negated) for fd in findings]
    x[:, :, 4] = pain[:, None]
    x[:, :, 5] = np.array([float(fd.old_way) for fd in findings])[:, None]
    x[:, :, 6] = np.array([float(fd.new_way) for fd in findings])[:, None]
    return x


def read_forces_model(path: Path, source_sha256: str | None = None) -> ForcesModel:
    """Load and validate the arrays; ForcesModelError naming the problem otherwise.

    Args:
        path: The .npz file.
        source_sha256: When given, the sha256 of the forces.yaml in use; a model embedded from another
            version of the file is refused (re-run scripts/train_forces.py).
    """
    arrays = read_arrays(path, ForcesModelError, "forces")
    _check(path, arrays)
    if source_sha256 is not None and str(arrays["source_sha256"]) != source_sha256:
        raise ForcesModelError(f"{path} was built from another forces.yaml; run scripts/train_forces.py")
    return ForcesModel(
        prototypes=arrays["prototypes"].astype(np.float32),
        labels=arrays["prototype_labels"].astype(str),
        source_sha256=str(arrays["source_sha256"]),
        weights=arrays["weights"].astype(np.float32),
        bias=arrays["bias"].astype(np.float32),
        thresholds=arrays["thresholds"].astype(np.float32),
    )


def _check(path: Path, arrays: dict[str, np.ndarray]) -> None:
    missing = [name for name in REQUIRED_ARRAYS if name not in arrays]
    if missing:
        raise ForcesModelError(f"{path}: missing arrays {', '.join(missing)}")
    if int(arrays["format_version"]) != FORMAT_VERSION:
        raise ForcesModelError(
            f"{path}: format_version {arrays['format_version']}, expected {FORMAT_VERSION}"
        )
    if tuple(str(s) for s in arrays["features"]) != FEATURES:
        raise ForcesModelError(f"{path}: trained with features {arrays['features'].tolist()}")
    n = len(arrays["prototype_labels"])
    expected = {
        "prototypes": (n, EMBEDDING_DIM),
        "weights": (len(FORCES), len(FEATURES)),
        "bias": (len(FORCES),),
        "thresholds": (len(FORCES),),
    }
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            raise ForcesModelError(f"{path}: {name} has shape {arrays[name].shape}, expected {shape}")
    counts = {c: int(np.sum(arrays["prototype_labels"].astype(str) == c)) for c in CLASSES}
    if min(counts.values()) < TOP_K:
        raise ForcesModelError(f"{path}: every class needs at least {TOP_K} prototypes, got {counts}")

"""The emotion model's arrays (nlp/models/emotion-v1.npz) and its pure-numpy forward pass.

Two parts, averaged in probability space:
- an ensemble of small MLPs over the encoder's mean-pooled hidden states (several layers, one pass);
- a linear model over word and character n-gram TF-IDF features of the raw text.
No pickle, no scikit-learn at inference: every array is numeric or a fixed-width str array.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from nlp.coders.emotion.lexical import LexicalFeatures, TfidfBlock
from nlp.coders.npz import read_arrays
from nlp.encoder import EMBEDDING_DIM, N_LAYERS

FORMAT_VERSION = 1
# name -> number of dimensions; shapes are cross-checked in EmotionModel.validate.
REQUIRED_ARRAYS = {
    "format_version": 0,
    "labels": 1,
    "thresholds": 1,
    "layers": 1,
    "mlp_mean": 1,
    "mlp_scale": 1,
    "mlp_w1": 3,
    "mlp_b1": 2,
    "mlp_w2": 3,
    "mlp_b2": 2,
    "lex_word_terms": 1,
    "lex_word_idf": 1,
    "lex_char_terms": 1,
    "lex_char_idf": 1,
    "lex_weights": 2,
    "lex_bias": 1,
    "blend": 1,
}


class EmotionModelError(ValueError):
    """The emotion model file is missing, unreadable, or its arrays do not fit together."""


@dataclass(frozen=True)
class EmotionModel:
    """Validated arrays of the emotion model.

    Attributes:
        labels: (L,) GoEmotions label names.
        thresholds: (L,) probability at or above which a label is reported.
        layers: (k,) indices into EncodedBatch.layer_means that the MLPs read, concatenated in order.
        mlp_mean, mlp_scale: (k*384,) standardisation of the MLP input, shared by the seeds.
        mlp_w1, mlp_b1, mlp_w2, mlp_b2: (S, k*384, H), (S, H), (S, H, L), (S, L) for S seeds.
        lexical: The TF-IDF featuriser; lex_weights (V, L) and lex_bias (L,) its linear model.
        blend: (2,) weights of the MLP and lexical probabilities, summing to 1.
    """

    labels: list[str]
    thresholds: np.ndarray
    layers: np.ndarray
    mlp_mean: np.ndarray
    mlp_scale: np.ndarray
    mlp_w1: np.ndarray
    mlp_b1: np.ndarray
    mlp_w2: np.ndarray
    mlp_b2: np.ndarray
    lexical: LexicalFeatures
    lex_weights: np.ndarray
    lex_bias: np.ndarray
    blend: np.ndarray

    def probabilities(self, texts: Sequence[str], layer_means: np.ndarray) -> np.ndarray:
        """(n, L) label probabilities for texts whose encoder features are `layer_means` (n, 7, 384)."""
        if layer_means.shape[0] != len(texts):
            raise ValueError(f"{len(texts)} texts but features for {layer_means.shape[0]}")
        return self.blend[0] * self.mlp_probabilities(layer_means) + self.blend[
            1
        ] * self.lexical_probabilities(texts)

    def mlp_probabilities(self, layer_means: np.ndarray) -> np.ndarray:
        x = layer_means[:, self.layers].reshape(layer_means.shape[0], -1).astype(np.float32)
        x -= self.mlp_mean
        x /= self.mlp_scale
        n_seeds, hidden = self.mlp_b1.shape
        # All seeds' first layers in one product: (n, k*384) @ (k*384, S*H).
        h = _gelu_(x @ self._w1_all + self._b1_all).reshape(x.shape[0], n_seeds, hidden)
        logits = np.matmul(h.transpose(1, 0, 2), self.mlp_w2) + self.mlp_b2[:, None, :]
        return np.asarray(_sigmoid(logits).sum(axis=0) / n_seeds, dtype=np.float32)

    @cached_property
    def _w1_all(self) -> np.ndarray:
        n_seeds, n_inputs, hidden = self.mlp_w1.shape
        return np.ascontiguousarray(self.mlp_w1.transpose(1, 0, 2).reshape(n_inputs, n_seeds * hidden))

    @cached_property
    def _b1_all(self) -> np.ndarray:
        return self.mlp_b1.reshape(-1)

    def lexical_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return _sigmoid(self.lexical.linear(texts, self.lex_weights) + self.lex_bias)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * x)), dtype=np.float32)


def _gelu_(x: np.ndarray) -> np.ndarray:
    """GELU in place on a float32 array, the tanh form as torch.nn.GELU(approximate="tanh") computes it
    during training; one temporary the size of x."""
    inner = x * x
    inner *= x
    inner *= 0.044715
    inner += x
    inner *= _GELU_C
    np.tanh(inner, out=inner)
    inner += 1.0
    x *= inner
    x *= 0.5
    return x


_GELU_C = float(np.sqrt(2.0 / np.pi))


def read_emotion_model(path: Path) -> EmotionModel:
    """Load and validate the model arrays; raise EmotionModelError naming the problem otherwise."""
    arrays = read_arrays(path, EmotionModelError, "emotion")
    _check_arrays(path, arrays)
    n_terms = len(arrays["lex_word_terms"]), len(arrays["lex_char_terms"])
    blocks = [
        TfidfBlock(
            kind, {str(t): i for i, t in enumerate(arrays[f"lex_{kind}_terms"])}, arrays[f"lex_{kind}_idf"]
        )
        for kind in ("word", "char")
    ]
    if any(len(b.vocabulary) != n for b, n in zip(blocks, n_terms, strict=True)):
        raise EmotionModelError(f"{path}: lexical vocabulary has duplicate terms")
    return EmotionModel(
        labels=[str(label) for label in arrays["labels"]],
        thresholds=arrays["thresholds"].astype(np.float32),
        layers=arrays["layers"].astype(np.int64),
        mlp_mean=arrays["mlp_mean"].astype(np.float32),
        mlp_scale=arrays["mlp_scale"].astype(np.float32),
        mlp_w1=arrays["mlp_w1"].astype(np.float32),
        mlp_b1=arrays["mlp_b1"].astype(np.float32),
        mlp_w2=arrays["mlp_w2"].astype(np.float32),
        mlp_b2=arrays["mlp_b2"].astype(np.float32),
        lexical=LexicalFeatures(blocks),
        lex_weights=arrays["lex_weights"].astype(np.float32),
        lex_bias=arrays["lex_bias"].astype(np.float32),
        blend=arrays["blend"].astype(np.float32),
    )


def _check_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    missing = sorted(set(REQUIRED_ARRAYS) - set(arrays))
    if missing:
        raise EmotionModelError(f"{path}: missing arrays {', '.join(missing)}")
    for name, ndim in REQUIRED_ARRAYS.items():
        if arrays[name].ndim != ndim:
            raise EmotionModelError(f"{path}: {name} has {arrays[name].ndim} dimensions, expected {ndim}")
    if int(arrays["format_version"]) != FORMAT_VERSION:
        raise EmotionModelError(
            f"{path}: format_version {arrays['format_version']}, expected {FORMAT_VERSION}"
        )
    for name in ("labels", "lex_word_terms", "lex_char_terms"):
        if arrays[name].dtype.kind != "U":
            raise EmotionModelError(f"{path}: {name} must be a str array, got dtype {arrays[name].dtype}")
    n_labels, n_seeds = len(arrays["labels"]), arrays["mlp_w1"].shape[0]
    n_lex = len(arrays["lex_word_terms"]) + len(arrays["lex_char_terms"])
    hidden = arrays["mlp_w1"].shape[2]
    n_inputs = len(arrays["layers"]) * EMBEDDING_DIM
    expected = {
        "thresholds": (n_labels,),
        "mlp_mean": (n_inputs,),
        "mlp_scale": (n_inputs,),
        "mlp_w1": (n_seeds, n_inputs, hidden),
        "mlp_b1": (n_seeds, hidden),
        "mlp_w2": (n_seeds, hidden, n_labels),
        "mlp_b2": (n_seeds, n_labels),
        "lex_word_idf": (len(arrays["lex_word_terms"]),),
        "lex_char_idf": (len(arrays["lex_char_terms"]),),
        "lex_weights": (n_lex, n_labels),
        "lex_bias": (n_labels,),
        "blend": (2,),
    }
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            raise EmotionModelError(f"{path}: {name} has shape {arrays[name].shape}, expected {shape}")
    if not np.all(np.isfinite(arrays["mlp_scale"])) or np.any(arrays["mlp_scale"] <= 0):
        raise EmotionModelError(f"{path}: mlp_scale must be finite and positive")
    layers = arrays["layers"]
    if layers.size and (layers.min() < 0 or layers.max() >= N_LAYERS):
        raise EmotionModelError(f"{path}: layers {layers.tolist()} outside 0..{N_LAYERS - 1}")

"""Factories for emotion model files: small, valid arrays that tests then break on purpose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nlp.encoder import EMBEDDING_DIM

LABELS = [
    "admiration",
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "confusion",
    "curiosity",
    "desire",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "excitement",
    "fear",
    "gratitude",
    "grief",
    "joy",
    "love",
    "nervousness",
    "optimism",
    "pride",
    "realization",
    "relief",
    "remorse",
    "sadness",
    "surprise",
    "neutral",
]


def tiny_model_arrays(seeds: int = 2, hidden: int = 4) -> dict[str, np.ndarray]:
    """A valid, small emotion model: zero MLPs and a lexical model that knows 'thanks' -> gratitude."""
    n = len(LABELS)
    lex_weights = np.zeros((3, n), dtype=np.float32)
    lex_weights[0, LABELS.index("gratitude")] = 20.0
    return {
        "format_version": np.array(1),
        "labels": np.array(LABELS),
        "thresholds": np.full(n, 0.5, dtype=np.float32),
        "layers": np.array([5, 6]),
        "mlp_mean": np.zeros(2 * EMBEDDING_DIM, dtype=np.float32),
        "mlp_scale": np.ones(2 * EMBEDDING_DIM, dtype=np.float32),
        "mlp_w1": np.zeros((seeds, 2 * EMBEDDING_DIM, hidden), dtype=np.float16),
        "mlp_b1": np.zeros((seeds, hidden), dtype=np.float32),
        "mlp_w2": np.zeros((seeds, hidden, n), dtype=np.float16),
        "mlp_b2": np.full((seeds, n), -10.0, dtype=np.float32),
        "lex_word_terms": np.array(["thanks", "so"]),
        "lex_word_idf": np.ones(2, dtype=np.float32),
        "lex_char_terms": np.array([" t"]),
        "lex_char_idf": np.ones(1, dtype=np.float32),
        "lex_weights": lex_weights,
        "lex_bias": np.full(n, -10.0, dtype=np.float32),
        "blend": np.array([0.0, 1.0], dtype=np.float32),
    }


def write_model(path: Path, arrays: dict[str, np.ndarray]) -> Path:
    untyped: dict[str, Any] = dict(arrays)  # numpy's stubs confuse ** arrays with allow_pickle
    np.savez(path, **untyped)
    return path

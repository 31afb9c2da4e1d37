"""What the coders read from the shared encoder pass."""

from __future__ import annotations

import numpy as np

from nlp.encoder import EMBEDDING_DIM, EncodedBatch


def sentence_vectors(features: EncodedBatch | np.ndarray, n: int) -> np.ndarray:
    """The (n, 384) sentence embeddings of a batch (or the array itself), checked against `n` texts.

    Raises:
        ValueError: The embeddings are not one row of 384 per text.
    """
    vectors = features.embeddings if isinstance(features, EncodedBatch) else np.asarray(features)
    if vectors.shape != (n, EMBEDDING_DIM):
        raise ValueError(f"{n} texts need embeddings of shape ({n}, {EMBEDDING_DIM}), got {vectors.shape}")
    return vectors

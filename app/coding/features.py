"""An encoder that answers from stored features first, so re-coding a source does not re-embed it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from nlp.encoder import EMBEDDING_DIM, N_LAYERS, EncodedBatch, MiniLMEncoder

MODEL_NAME = "all-MiniLM-L6-v2"


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def pack(embedding: np.ndarray, layers: np.ndarray) -> tuple[bytes, bytes]:
    return embedding.astype(np.float32).tobytes(), layers.astype(np.float16).tobytes()


def unpack(embedding: bytes, layers: bytes) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.frombuffer(embedding, dtype=np.float32).reshape(EMBEDDING_DIM),
        np.frombuffer(layers, dtype=np.float16).astype(np.float32).reshape(N_LAYERS, EMBEDDING_DIM),
    )


class StoredFeatureEncoder:
    """Serves `encode_features` from a cache keyed by text hash; encodes only what is missing.

    Args:
        encoder: Called only when some text is missing, so a fully cached run never loads the model.
        cache: text sha1 -> (embedding, layer means), from the database.
    """

    def __init__(
        self, encoder: Callable[[], MiniLMEncoder], cache: dict[str, tuple[np.ndarray, np.ndarray]]
    ) -> None:
        self._encoder = encoder
        self.cache = cache
        self.encoded = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_features(texts).embeddings

    def encode_features(self, texts: Sequence[str]) -> EncodedBatch:
        missing = list(dict.fromkeys(t for t in texts if text_key(t) not in self.cache))
        if missing:
            fresh = self._encoder().encode_features(missing)
            for text, embedding, layers in zip(missing, fresh.embeddings, fresh.layer_means, strict=True):
                self.cache[text_key(text)] = (embedding, layers)
            self.encoded += len(missing)
        rows = [self.cache[text_key(t)] for t in texts]
        if not rows:
            empty = np.zeros((0, EMBEDDING_DIM), np.float32)
            return EncodedBatch(empty, np.zeros((0, N_LAYERS, EMBEDDING_DIM), np.float32))
        return EncodedBatch(np.stack([r[0] for r in rows]), np.stack([r[1] for r in rows]))

"""An encoder that answers from stored features first, so re-coding a source does not re-embed it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from nlp.encoder import BATCH_SIZE, EMBEDDING_DIM, N_LAYERS, EncodedBatch, MiniLMEncoder

MODEL_NAME = "all-MiniLM-L6-v2"
# Missing texts go to the encoder this many at a time, shortest first: the batches the encoder would
# make of them itself (it sorts by length and runs 64 at a time), so the same work, with a progress
# report after each.
PART = BATCH_SIZE
OnEncoded = Callable[[int, int], None]


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

    `on_encoded(count, total)`, when set, is called after each part of a call's missing texts is
    encoded: `count` of its `total` missing texts are done (a coding job reports progress with it).
    """

    def __init__(
        self, encoder: Callable[[], MiniLMEncoder], cache: dict[str, tuple[np.ndarray, np.ndarray]]
    ) -> None:
        self._encoder = encoder
        self.cache = cache
        self.encoded = 0
        self.on_encoded: OnEncoded | None = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_features(texts).embeddings

    def encode_features(self, texts: Sequence[str]) -> EncodedBatch:
        missing = sorted(dict.fromkeys(t for t in texts if text_key(t) not in self.cache), key=len)
        for start in range(0, len(missing), PART):
            part = missing[start : start + PART]
            fresh = self._encoder().encode_features(part)
            for text, embedding, layers in zip(part, fresh.embeddings, fresh.layer_means, strict=True):
                self.cache[text_key(text)] = (embedding, layers)
            self.encoded += len(part)
            if self.on_encoded is not None:
                self.on_encoded(start + len(part), len(missing))
        rows = [self.cache[text_key(t)] for t in texts]
        if not rows:
            empty = np.zeros((0, EMBEDDING_DIM), np.float32)
            return EncodedBatch(empty, np.zeros((0, N_LAYERS, EMBEDDING_DIM), np.float32))
        return EncodedBatch(np.stack([r[0] for r in rows]), np.stack([r[1] for r in rows]))

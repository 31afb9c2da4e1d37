"""The emotion coder on real sentences (shipped model) and its handling of model files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlp.coders.emotion.coder import EmotionCoder, EmotionResult, load_emotion_coder
from nlp.coders.emotion.map import (
    CX_EMOTIONS,
    EmotionMapError,
    label_valence,
    load_emotion_map,
    valence,
    valence_weights,
)
from nlp.coders.emotion.model import EmotionModelError
from nlp.coders.emotion.paths import DEFAULT_MODEL_PATH
from nlp.encoder import EMBEDDING_DIM, N_LAYERS, EncodedBatch, MiniLMEncoder
from tests.nlp.coders.factories import LABELS, tiny_model_arrays, write_model

SENTENCES = {
    "thanks": "Thank you so much for your help!",
    "frustrated": "I'm so frustrated, the import failed again and support never answered",
    "worried": "I was really worried the migration would lose our data",
    "love": "This is amazing, I love it",
    "plain": "The meeting moved to Tuesday at three.",
}


@pytest.fixture(scope="module")
def results(encoder: MiniLMEncoder, emotion_coder: EmotionCoder) -> dict[str, EmotionResult]:
    texts = list(SENTENCES.values())
    coded = emotion_coder.predict(texts, encoder.encode_features(texts))
    return dict(zip(SENTENCES, coded, strict=True))


def _fake_features(n: int) -> EncodedBatch:
    return EncodedBatch(
        embeddings=np.zeros((n, EMBEDDING_DIM), dtype=np.float32),
        layer_means=np.zeros((n, N_LAYERS, EMBEDDING_DIM), dtype=np.float32),
    )


def test_coder_identity(emotion_coder: EmotionCoder) -> None:
    assert emotion_coder.name == "desirelines.emotion"
    assert emotion_coder.version == "2"
    assert emotion_coder.labels == LABELS


def test_gratitude(results: dict[str, EmotionResult]) -> None:
    result = results["thanks"]
    assert result.labels[0][0] == "gratitude"
    assert result.emotion == "satisfaction"
    assert result.valence > 0.3


def test_frustration(results: dict[str, EmotionResult]) -> None:
    result = results["frustrated"]
    assert result.emotion in {"frustration", "disappointment"}
    assert result.valence < -0.2


def test_worry(results: dict[str, EmotionResult]) -> None:
    result = results["worried"]
    assert result.emotion == "anxiety"
    assert {"fear", "nervousness"} & {label for label, _ in result.labels}
    assert result.valence < 0


def test_delight(results: dict[str, EmotionResult]) -> None:
    result = results["love"]
    assert result.emotion in {"delight", "satisfaction"}
    assert {"love", "admiration"} & {label for label, _ in result.labels}
    assert result.valence > 0.3


def test_result_values_are_consistent(results: dict[str, EmotionResult]) -> None:
    for result in results.values():
        assert result.emotion in CX_EMOTIONS
        assert 0.0 <= result.emotion_score <= 1.0
        assert -1.0 <= result.valence <= 1.0
        scores = [score for _, score in result.labels]
        assert scores == sorted(scores, reverse=True)


def test_neutral_when_nothing_passes(tmp_path: Path) -> None:
    coder = load_emotion_coder(write_model(tmp_path / "tiny.npz", tiny_model_arrays()))

    neutral, grateful = coder.predict(["the sky", "thanks so"], _fake_features(2))

    assert (neutral.labels, neutral.emotion, neutral.valence) == ([], "neutral", pytest.approx(0.0, abs=0.01))
    assert [label for label, _ in grateful.labels] == ["gratitude"]
    assert grateful.emotion == "satisfaction"
    assert grateful.valence == pytest.approx(0.8, abs=0.02)


def test_predict_checks_features_match_texts(emotion_coder: EmotionCoder) -> None:
    with pytest.raises(ValueError, match="2 texts but encoder features for 1"):
        emotion_coder.predict(["a", "b"], _fake_features(1))
    assert emotion_coder.predict([], _fake_features(0)) == []


def test_shipped_model_is_small_and_pickle_free() -> None:
    assert DEFAULT_MODEL_PATH.stat().st_size < 20_000_000
    with np.load(DEFAULT_MODEL_PATH, allow_pickle=False) as npz:
        assert all(npz[name].dtype != object for name in npz.files)


def test_missing_array_is_a_clear_error(tmp_path: Path) -> None:
    arrays = tiny_model_arrays()
    del arrays["thresholds"]

    with pytest.raises(EmotionModelError, match="missing arrays thresholds"):
        load_emotion_coder(write_model(tmp_path / "bad.npz", arrays))


def test_wrong_shape_is_a_clear_error(tmp_path: Path) -> None:
    arrays = tiny_model_arrays()
    arrays["lex_weights"] = arrays["lex_weights"][:2]

    with pytest.raises(EmotionModelError, match=r"lex_weights has shape \(2, 28\), expected \(3, 28\)"):
        load_emotion_coder(write_model(tmp_path / "bad.npz", arrays))


def test_object_arrays_are_refused(tmp_path: Path) -> None:
    arrays = tiny_model_arrays()
    arrays["labels"] = np.array(LABELS, dtype=object)

    with pytest.raises(EmotionModelError, match="cannot read"):
        load_emotion_coder(write_model(tmp_path / "bad.npz", arrays))


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmotionModelError, match="cannot read emotion model"):
        load_emotion_coder(tmp_path / "nope.npz")


def test_map_covers_every_label() -> None:
    emotion_map = load_emotion_map(LABELS)

    assert set(emotion_map.cx) <= set(CX_EMOTIONS)
    assert np.all(np.abs(emotion_map.valence) <= 1.0)
    with pytest.raises(EmotionMapError, match="no entry for labels boredom"):
        load_emotion_map([*LABELS, "boredom"])


def test_stored_label_scores_give_the_coders_valence() -> None:
    weights = valence_weights()
    scores = [("joy", 0.9), ("annoyance", 0.6), ("not-a-label", 0.5)]
    expected = valence(np.array([[0.9, 0.6, 0.5]]), np.array([weights["joy"], weights["annoyance"], 0.0]))[0]
    assert label_valence(scores) == pytest.approx(float(expected))
    assert label_valence([]) == 0.0
    assert label_valence([("joy", 0.5)]) == pytest.approx(weights["joy"] * 0.5)

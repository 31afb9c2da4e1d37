"""Calibration per label group: a neutral reading and a named emotion (or a stage and no stage) are right
at very different rates, so their calibrated scores must differ; the labels the coders choose must not."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.coders.calibration import (
    LABEL_GROUP,
    NEUTRAL_GROUP,
    Calibration,
    CalibrationError,
    Platt,
    load_calibration,
)
from nlp.coders.calibration_fit import MIN_SLOPE, cross_validated, fit_calibration, fit_platt, to_entry
from nlp.coders.emotion.coder import EmotionCoder
from nlp.coders.paths import DEFAULT_CALIBRATION_PATH
from nlp.coders.spoken_eval import Outcomes
from nlp.coders.stage.coder import StageCoder, get_stage_coder
from nlp.coders.stage.labels import NO_STAGE
from nlp.encoder import MiniLMEncoder
from nlp.types import CodingInput


def _neutral_mostly_right(n: int = 400, seed: int = 0) -> Outcomes:
    """Like real speech: most codes neutral and right, named labels mostly wrong, raw scores uninformative."""
    rng = np.random.default_rng(seed)
    neutral = rng.random(n) < 0.85
    correct = np.where(neutral, rng.random(n) < 0.95, rng.random(n) < 0.2)
    return Outcomes(rng.uniform(0.3, 0.95, n), correct, neutral)


@pytest.mark.parametrize("key", ["emotion", "stage"])
def test_shipped_maps_tell_neutral_from_a_label(key: str) -> None:
    calibration = load_calibration(DEFAULT_CALIBRATION_PATH)[key]
    raw = np.linspace(0.3, 0.95, 14)
    neutral = calibration(raw, [NEUTRAL_GROUP] * len(raw))
    labelled = calibration(raw, [LABEL_GROUP] * len(raw))
    assert np.all(neutral - labelled > 0.25)  # one flat map (the old a = 0.05) gives no gap at all
    assert np.all(np.diff(neutral) >= 0) and np.all(np.diff(labelled) >= 0)


def test_a_grouped_fit_separates_what_one_map_cannot() -> None:
    outcomes = _neutral_mostly_right()
    raw = np.full(2, 0.7)
    grouped = fit_calibration(outcomes)(raw, [NEUTRAL_GROUP, LABEL_GROUP])
    one = fit_calibration(outcomes, grouped=False)(raw, [NEUTRAL_GROUP, LABEL_GROUP])
    assert grouped[0] == pytest.approx(0.95, abs=0.04) and grouped[1] == pytest.approx(0.2, abs=0.1)
    assert one[0] == pytest.approx(one[1])


def test_grouped_maps_score_better_out_of_fold() -> None:
    outcomes = _neutral_mostly_right()
    folds = np.arange(len(outcomes.scores)) % 5
    one = cross_validated(outcomes, folds, lambda o: fit_calibration(o, grouped=False))
    grouped = cross_validated(outcomes, folds, fit_calibration)
    assert grouped["brier"] < one["brier"] - 0.05


def test_a_falling_or_one_sided_group_gets_a_floor_slope_and_its_rate() -> None:
    scores = np.linspace(0.2, 0.9, 50)
    falling = fit_platt(scores, scores < 0.4)  # higher raw score, less often right
    assert falling.a == MIN_SLOPE
    assert np.mean(falling(scores)) == pytest.approx(np.mean(scores < 0.4), abs=0.05)
    always = fit_platt(scores, np.ones(50, dtype=bool))
    assert np.isfinite(always.b) and 0.9 < always.one(0.5) < 1.0


def test_the_entry_round_trips_through_the_loader(tmp_path: Path) -> None:
    outcomes = _neutral_mostly_right()
    entry = to_entry(fit_calibration(outcomes), outcomes)
    assert entry["groups"][NEUTRAL_GROUP]["n"] == int(outcomes.neutral.sum())
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"format_version": 2, "coders": {"emotion": entry}}), encoding="utf-8")
    loaded = load_calibration(path)["emotion"]
    assert set(loaded.groups) == {NEUTRAL_GROUP, LABEL_GROUP}
    assert loaded.one(0.7, NEUTRAL_GROUP) > loaded.one(0.7, LABEL_GROUP)


def test_a_format_1_file_still_loads_as_one_map(tmp_path: Path) -> None:
    path = tmp_path / "calibration.json"
    entry = {"method": "platt", "a": 0.5, "b": 1.0}
    path.write_text(json.dumps({"format_version": 1, "coders": {"emotion": entry}}), encoding="utf-8")
    loaded = load_calibration(path)["emotion"]
    assert loaded.groups == {}
    assert loaded.one(0.7, NEUTRAL_GROUP) == loaded.one(0.7, LABEL_GROUP) == Platt(0.5, 1.0).one(0.7)


@pytest.mark.parametrize(
    ("version", "groups", "message"),
    [
        (1, {"neutral": {"a": 1, "b": 0}}, "groups needs format_version 2"),
        (2, {"emotional": {"a": 1, "b": 0}}, "unknown group 'emotional'"),
        (2, {"label": {"a": 0, "b": 0}}, r"coders\.emotion\.groups\.label needs a finite a > 0"),
        (2, {"label": {"b": 0}}, r"coders\.emotion\.groups\.label needs numbers a and b"),
        (2, [1, 2], "groups must be an object"),
    ],
)
def test_a_bad_group_is_refused_with_where(
    tmp_path: Path, version: int, groups: object, message: str
) -> None:
    path = tmp_path / "calibration.json"
    entry = {"method": "platt", "a": 1, "b": 0, "groups": groups}
    path.write_text(json.dumps({"format_version": version, "coders": {"emotion": entry}}), encoding="utf-8")
    with pytest.raises(CalibrationError, match=message):
        load_calibration(path)


def test_scores_of_a_group_without_its_own_map_use_the_default() -> None:
    calibration = Calibration(Platt(1.0, 0.0), {NEUTRAL_GROUP: Platt(1.0, 3.0)})
    assert calibration.one(0.5, LABEL_GROUP) == pytest.approx(0.5)
    assert calibration.one(0.5) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="2 scores but 1 groups"):
        calibration(np.array([0.5, 0.6]), [NEUTRAL_GROUP])


def test_emotion_scores_read_the_group_and_labels_stay(
    emotion_coder: EmotionCoder, encoder: MiniLMEncoder
) -> None:
    texts = ["That's great, I love it.", "It drove me crazy.", "Okay.", "We use it for the reports."]
    features = encoder.encode_features(texts)
    shipped = emotion_coder.predict(texts, features)
    raw = EmotionCoder(emotion_coder.model, emotion_coder.emotion_map).predict(texts, features)
    assert [r.emotion for r in shipped] == [r.emotion for r in raw]
    assert [r.emotion for r in shipped] == ["delight", "frustration", "neutral", "neutral"]
    assert min(r.emotion_score for r in shipped[2:]) > max(r.emotion_score for r in shipped[:2]) + 0.25


def test_stage_abstentions_read_the_neutral_map_and_labels_stay(encoder: MiniLMEncoder) -> None:
    shipped = get_stage_coder("seven-step")
    sharp = Calibration(Platt(), {NEUTRAL_GROUP: Platt(1.0, 6.0), LABEL_GROUP: Platt(1.0, -6.0)})
    coder = StageCoder(shipped.framework, shipped.encoder, shipped.weights, calibration=sharp)
    texts = ["Mm-hmm.", "I first heard about it from a friend who recommended it to me."]
    items, vectors = [CodingInput(t) for t in texts], encoder.encode(texts)
    codes = coder.decide(items, vectors)
    assert [c.label for c in codes] == [c.label for c in shipped.decide(items, vectors)]
    assert codes[0].label == NO_STAGE and codes[1].label != NO_STAGE
    assert codes[0].score > 0.9 > 0.1 > codes[1].score

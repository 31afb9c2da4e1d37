"""Calibrated scores: the shipped maps load, keep the order of scores, and the curve reads right."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from nlp.coders.calibration import (
    FORMAT_VERSION,
    GROUPS,
    CalibrationError,
    Platt,
    load_calibration,
)
from nlp.coders.paths import DEFAULT_CALIBRATION_PATH
from nlp.coders.reliability import format_reliability, reliability


def test_shipped_file_has_a_map_per_coder() -> None:
    maps = load_calibration(DEFAULT_CALIBRATION_PATH)
    assert set(maps) == {"pain_point", "emotion", "stage"}
    assert all(m.default.a > 0 for m in maps.values())
    assert all(m.a > 0 for c in maps.values() for m in c.groups.values())


@pytest.mark.parametrize("key", ["pain_point", "emotion", "stage"])
@pytest.mark.parametrize("group", [None, *GROUPS])
def test_calibrated_scores_are_monotone_and_in_range(key: str, group: str | None) -> None:
    raw = np.linspace(0.0, 1.0, 101)
    calibration = load_calibration(DEFAULT_CALIBRATION_PATH)[key]
    calibrated = calibration(raw, None if group is None else [group] * len(raw))
    assert np.all(np.diff(calibrated) >= 0)
    assert np.all((calibrated >= 0) & (calibrated <= 1))


def test_platt_moves_scores_toward_what_came_true() -> None:
    assert Platt(1.0, -1.0).one(0.5) < 0.5 < Platt(1.0, 1.0).one(0.5)
    assert Platt().one(0.8) == pytest.approx(0.8, abs=1e-5)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read calibration"),
        ('{"format_version": 9, "coders": {}}', r"format_version must be one of \[1, 2\], not 9"),
        ('{"coders": {}}', "format_version must be one of"),
        ('{"format_version": 1, "coders": {"stage": {"method": "platt", "a": -1, "b": 0}}}', "coders.stage"),
        ('{"format_version": 1, "coders": {"pain_point": {"method": "isotonic"}}}', "coders.pain_point"),
    ],
)
def test_a_bad_file_is_refused_with_where(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "calibration.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CalibrationError, match=message):
        load_calibration(path)


def test_reliability_bins_and_ece() -> None:
    scores = np.array([0.05, 0.15, 0.95, 0.95, 0.95, 0.95])
    correct = np.array([False, False, True, True, True, False])
    curve = reliability(scores, correct)
    assert [b.count for b in curve.bins] == [1, 1, 4]
    assert curve.bins[-1].accuracy == pytest.approx(0.75)
    expected = (1 / 6) * 0.05 + (1 / 6) * 0.15 + (4 / 6) * 0.20
    assert curve.ece == pytest.approx(expected)
    text = format_reliability("pain", curve)
    assert "[0.9, 1.0)" in text and "ECE 0.167" in text


def test_perfectly_calibrated_scores_have_no_error() -> None:
    scores = np.array([0.25] * 4 + [0.75] * 4)
    correct = np.array([True, False, False, False, True, True, True, False])
    assert reliability(scores, correct).ece == pytest.approx(0.0)


def test_eval_prints_a_reliability_curve_per_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.cli import main
    from nlp.coders.emotion import evaluate as emotion_eval
    from nlp.coders.forces import evaluate as forces_eval
    from nlp.coders.pain import evaluate as pain_eval
    from nlp.coders.stage import evaluate as stage_eval

    for module in (emotion_eval, pain_eval, stage_eval, forces_eval):
        monkeypatch.setattr(module, "main", lambda *args, **kwargs: None)
    result = CliRunner().invoke(main, ["eval"])
    assert result.exit_code == 0, result.output
    for coder in ("pain", "emotion", "stage"):
        assert f"{coder}: reliability on" in result.output
    assert result.output.count("ECE ") == 3
    assert json.loads(DEFAULT_CALIBRATION_PATH.read_text())["format_version"] == FORMAT_VERSION

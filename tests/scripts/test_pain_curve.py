"""scripts/pain_curve.py: nested whole-source samples and the log-linear gain per doubling."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(scope="module")
def curve() -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))  # the script imports its siblings pain_knn and train_pain
    try:
        import pain_curve
    finally:
        sys.path.remove(str(SCRIPTS))
    return pain_curve


def test_samples_leave_the_left_out_source_out_and_are_nested(curve: ModuleType) -> None:
    order = ["e", "b", "a", "d", "c"]
    quarter = curve.sample_sources(order, "b", 0.25)
    half = curve.sample_sources(order, "b", 0.5)
    assert quarter == ["e"]
    assert half == ["e", "a"]
    assert curve.sample_sources(order, "b", 1.0) == ["e", "a", "d", "c"]
    assert curve.sample_sources(order, "b", 0.01) == ["e"]  # never empty


def test_doubling_fit_reads_the_gain_per_doubling_and_the_value_at_full_data(curve: ModuleType) -> None:
    fractions = [0.25, 0.5, 0.75, 1.0]
    scores = [0.5 + 0.03 * np.log2(f) for f in fractions]
    at_one, gain = curve.doubling_fit(fractions, scores)
    assert at_one == pytest.approx(0.5)
    assert gain == pytest.approx(0.03)


def test_pooled_f1_counts_a_resampled_source_twice(curve: ModuleType) -> None:
    truth = {"a": np.array([True, False]), "b": np.array([True, True])}
    flagged = {"a": np.array([True, True]), "b": np.array([False, False])}
    assert curve.pooled_f1(truth, flagged, ["a"]) == pytest.approx(2 / 3)
    assert curve.pooled_f1(truth, flagged, ["a", "b"]) == pytest.approx(2 / 5)
    assert curve.pooled_f1(truth, flagged, ["a", "a"]) == pytest.approx(4 / 6)

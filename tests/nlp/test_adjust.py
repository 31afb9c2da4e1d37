"""The per-project head: learns a systematic correction from embeddings and machine labels, round-trips
through JSON, and is measured only on folds it never saw."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nlp.adjust import Head, cross_validate, fit_head


def _data(n: int = 40, seed: int = 1) -> tuple[np.ndarray, list[str], list[str]]:
    """Two clusters the machine calls "neutral"; researchers call one of them "delight"."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(2, 16))
    group = np.arange(n) % 2
    x = centres[group] + 0.1 * rng.normal(size=(n, 16))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    truth = ["delight" if g else "neutral" for g in group]
    return x.astype(np.float32), ["neutral"] * n, truth


def test_head_learns_the_correction_and_survives_json() -> None:
    x, machine, truth = _data()
    head = fit_head(x, machine, truth)
    assert head.predict(x, machine) == truth
    again = Head.from_json(json.loads(json.dumps(head.to_json())))
    assert again.predict(x, machine) == truth


def test_cross_validation_compares_held_out_predictions_with_the_machine() -> None:
    x, machine, truth = _data()
    measured = cross_validate(x, machine, truth, folds=5)
    assert measured.folds == 5 and measured.before.units == measured.after.units == 40
    assert measured.before.observed == pytest.approx(0.5) and measured.after.observed > 0.9


def test_a_head_of_another_format_is_refused() -> None:
    x, machine, truth = _data()
    data = fit_head(x, machine, truth).to_json()
    with pytest.raises(ValueError, match="format"):
        Head.from_json({**data, "format": 99})
    with pytest.raises(ValueError, match="shape"):
        Head.from_json({**data, "weights": [[1.0]]})
    with pytest.raises(ValueError, match="No reviewed"):
        fit_head(x[:0], [], [])

"""Reliability curves: do scores of about p come true about p of the time? (bins and ECE)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """One score bin [low, high): how many codes, their mean score, and the share that was right."""

    low: float
    high: float
    count: int
    mean_score: float
    accuracy: float


@dataclass(frozen=True, slots=True)
class Reliability:
    """The bins that hold codes, and the expected calibration error over all of them."""

    bins: list[ReliabilityBin]
    ece: float
    n: int


def reliability(scores: np.ndarray, correct: np.ndarray, n_bins: int = 10) -> Reliability:
    """Equal-width bins over [0, 1]; ECE = sum over bins of share x |accuracy - mean score|."""
    scores = np.clip(np.asarray(scores, dtype=np.float64), 0.0, 1.0)
    correct = np.asarray(correct, dtype=bool)
    if scores.shape != correct.shape:
        raise ValueError(f"{scores.shape} scores but {correct.shape} outcomes")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    index = np.minimum((scores * n_bins).astype(int), n_bins - 1)
    bins, ece = [], 0.0
    for k in range(n_bins):
        inside = index == k
        if not inside.any():
            continue
        mean, accuracy = float(scores[inside].mean()), float(correct[inside].mean())
        bins.append(ReliabilityBin(float(edges[k]), float(edges[k + 1]), int(inside.sum()), mean, accuracy))
        ece += inside.mean() * abs(accuracy - mean)
    return Reliability(bins, float(ece), len(scores))


def format_reliability(name: str, curve: Reliability) -> str:
    """A small text table: one line per bin, then the ECE."""
    lines = [f"{name}: reliability on {curve.n} held-out codes (score bin, n, mean score, share right)"]
    for b in curve.bins:
        bar = "#" * round(20 * b.accuracy)
        lines.append(
            f"  [{b.low:.1f}, {b.high:.1f})  n={b.count:<4d} score {b.mean_score:.2f}"
            f"  right {b.accuracy:.2f}  {bar}"
        )
    lines.append(f"  ECE {curve.ece:.3f}")
    return "\n".join(lines)

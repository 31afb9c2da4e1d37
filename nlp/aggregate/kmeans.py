"""k-means (Lloyd) from many starts at once, in numpy: the persona grouping's refinement step.

Personas group tens to thousands of participants, one row each. scikit-learn's KMeans pays a fixed cost
per start (about 10 ms even for 100 rows), so 100 starts for each k took seconds; here every start runs in
the same array operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_ITERATIONS = 100
# Stop when no start's centres move more than this share of the mean feature variance (squared), as
# scikit-learn does (tol=1e-4).
TOLERANCE = 1e-4
# Distances of all starts are held at once (starts x rows x k floats): fewer starts for many rows.
MAX_CELLS = 600_000


@dataclass(frozen=True, slots=True)
class Partition:
    """Group of each row and the within-group sum of squares."""

    labels: np.ndarray
    inertia: float


def best_partition(
    features: np.ndarray, k: int, *, starts: int, seed: int, init: np.ndarray | None = None
) -> Partition:
    """The least-spread of the k-means runs: one from `init` (k x d centres) if given, plus `starts`
    k-means++ starts (fewer when rows x k x starts would exceed `MAX_CELLS`; at least one without init)."""
    x = np.asarray(features, dtype=np.float64)
    rng = np.random.default_rng(seed)
    count = min(starts, MAX_CELLS // max(len(x) * k, 1))
    centres = _plus_plus(x, k, count if init is not None else max(count, 1), rng)
    if init is not None:
        centres = np.concatenate([np.asarray(init, dtype=np.float64)[None], centres])
    labels, inertia = _lloyd(x, centres)
    best = int(np.argmin(inertia))  # the first of equals: Ward's refinement when it ties
    return Partition(labels[best], float(inertia[best]))


def _plus_plus(x: np.ndarray, k: int, starts: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeding for every start: each next centre drawn in proportion to squared distance."""
    n, row_norms = len(x), (x**2).sum(axis=1)
    picked = np.empty((starts, k), dtype=np.int64)
    picked[:, 0] = rng.integers(n, size=starts)
    nearest = _squared(x, row_norms, x[picked[:, 0]])  # starts x n
    for j in range(1, k):
        totals = nearest.sum(axis=1, keepdims=True)
        weights = np.where(totals > 0, nearest / np.where(totals > 0, totals, 1.0), 1.0 / n)
        draws = rng.random((starts, 1))
        picked[:, j] = np.minimum((np.cumsum(weights, axis=1) < draws).sum(axis=1), n - 1)
        nearest = np.minimum(nearest, _squared(x, row_norms, x[picked[:, j]]))
    return x[picked]  # starts x k x d


def _squared(x: np.ndarray, row_norms: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Squared distance of each point (any leading shape, then d) to every row of x: (..., n)."""
    return np.maximum(row_norms - 2.0 * points @ x.T + (points**2).sum(axis=-1)[..., None], 0.0)


def _lloyd(x: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's iterations for every start at once, each until its centres settle; an emptied group keeps
    its centre."""
    k = centres.shape[1]
    row_norms = (x**2).sum(axis=1)
    tolerance = TOLERANCE * float(x.var(axis=0).mean())
    centres = centres.copy()
    moving = np.arange(len(centres))
    for _ in range(MAX_ITERATIONS):
        current = centres[moving]
        labels, _ = _assign(x, row_norms, current)
        members = labels[..., None] == np.arange(k)  # starts x n x k
        counts = members.sum(axis=1)
        sums = np.swapaxes(members, 1, 2).astype(np.float64) @ x  # batched matmul (BLAS), not einsum
        moved = np.where(counts[..., None] > 0, sums / np.maximum(counts, 1)[..., None], current)
        centres[moving] = moved
        moving = moving[((moved - current) ** 2).sum(axis=(1, 2)) > tolerance]
        if not len(moving):
            break
    return _assign(x, row_norms, centres)


def _assign(x: np.ndarray, row_norms: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centre of every row for each start (starts x n) and each start's sum of squares."""
    distances = np.swapaxes(_squared(x, row_norms, centres), 1, 2)  # starts x n x k
    labels = distances.argmin(axis=2)
    return labels, np.take_along_axis(distances, labels[..., None], axis=2)[..., 0].sum(axis=1)

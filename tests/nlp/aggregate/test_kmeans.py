"""Batched k-means: the least-spread partition over many starts at once."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.aggregate import kmeans
from nlp.aggregate.kmeans import best_partition


def _blobs(seed: int, k: int = 3, size: int = 20) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, 6)) * 10
    points = np.vstack([rng.normal(centre, 0.5, size=(size, 6)) for centre in centres])
    return points, np.repeat(np.arange(k), size)


def _same_groups(a: np.ndarray, b: np.ndarray) -> bool:
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


@pytest.mark.parametrize("seed", range(3))
def test_separate_blobs_are_found_and_the_inertia_is_their_spread(seed: int) -> None:
    points, truth = _blobs(seed)
    found = best_partition(points, 3, starts=20, seed=0)
    assert _same_groups(found.labels, truth)
    spread = sum(((points[truth == g] - points[truth == g].mean(axis=0)) ** 2).sum() for g in range(3))
    assert found.inertia == pytest.approx(spread)


def test_a_bad_init_is_beaten_by_the_starts_and_a_good_one_is_kept() -> None:
    points, truth = _blobs(4)
    bad = points[[0, 1, 2]]  # three centres inside one blob
    assert _same_groups(best_partition(points, 3, starts=30, seed=1, init=bad).labels, truth)
    good = np.vstack([points[truth == g].mean(axis=0) for g in range(3)])
    kept = best_partition(points, 3, starts=0, seed=1, init=good)  # no k-means++ start: init alone
    assert _same_groups(kept.labels, truth)
    assert _same_groups(best_partition(points, 3, starts=0, seed=1).labels, truth)  # one start at least


def test_many_rows_get_fewer_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    plus_plus = kmeans._plus_plus

    def counting(x: np.ndarray, k: int, starts: int, rng: np.random.Generator) -> np.ndarray:
        seen.append(starts)
        return plus_plus(x, k, starts, rng)

    monkeypatch.setattr(kmeans, "_plus_plus", counting)
    monkeypatch.setattr(kmeans, "MAX_CELLS", 600)
    points, _ = _blobs(0, size=50)  # 150 rows
    best_partition(points, 2, starts=100, seed=0)
    best_partition(points[:20], 2, starts=100, seed=0)
    assert seen == [2, 15]


def test_the_same_seed_gives_the_same_groups() -> None:
    points = np.random.default_rng(3).normal(size=(40, 4))
    first = best_partition(points, 4, starts=10, seed=7)
    again = best_partition(points.copy(), 4, starts=10, seed=7)
    assert np.array_equal(first.labels, again.labels) and first.inertia == again.inertia

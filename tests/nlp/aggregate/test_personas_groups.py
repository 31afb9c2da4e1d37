"""The partition behind the personas: the least within-group spread, not just Ward's greedy cut."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.aggregate.personas import group_labels, ward_labels


def _spread(points: np.ndarray, labels: np.ndarray) -> float:
    """Within-group sum of squares."""
    return float(
        sum(((points[labels == g] - points[labels == g].mean(axis=0)) ** 2).sum() for g in set(labels))
    )


def _least_spread_split(points: np.ndarray) -> float:
    """Every way of splitting the points in two, tried one by one."""
    count = len(points)
    splits = (np.array([(bits >> i) & 1 for i in range(count)]) for bits in range(1, 2 ** (count - 1)))
    return min(_spread(points, labels) for labels in splits)


@pytest.mark.parametrize("seed", [0, 2, 6])
def test_two_groups_are_the_least_spread_split_where_wards_cut_is_not(seed: int) -> None:
    """Ward's tree never undoes an early merge; on these points its two-group cut is not the best split."""
    points = np.random.default_rng(seed).normal(size=(12, 2))
    best = _least_spread_split(points)
    assert _spread(points, ward_labels(points, 2)) > best + 1e-9
    assert _spread(points, group_labels(points, 2)) == pytest.approx(best)


@pytest.mark.parametrize("seed", range(4))
def test_the_groups_never_spread_more_than_wards(seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = np.vstack([rng.normal(centre, 0.6, size=(8, 5)) for centre in rng.normal(size=(3, 5)) * 2])
    for k in range(2, 6):
        labels = group_labels(points, k)
        assert len(set(labels.tolist())) == k
        assert _spread(points, labels) <= _spread(points, ward_labels(points, k)) + 1e-9


def test_the_groups_depend_only_on_the_seed() -> None:
    points = np.random.default_rng(9).normal(size=(30, 4))
    assert np.array_equal(group_labels(points, 3, seed=1), group_labels(points.copy(), 3, seed=1))


def test_fewer_distinct_points_than_groups_fall_back_to_ward() -> None:
    points = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0]])
    assert np.array_equal(group_labels(points, 2), ward_labels(points, 2))

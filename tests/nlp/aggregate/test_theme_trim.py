"""Members far less alike to their theme's centroid than its typical member go to the outliers."""

from __future__ import annotations

import numpy as np

from nlp.aggregate.themes import ThemeSettings, drop_far_members, find_themes
from tests.nlp.aggregate.test_themes import SIZES, blob_data, members_of

DIM = 384


def around(similarities: list[float], seed: int = 0) -> np.ndarray:
    """Unit vectors whose cosine to one common direction is each of `similarities` (the rest is noise)."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(size=(len(similarities), DIM - 1))
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    s = np.asarray(similarities)[:, None]
    return np.hstack([s, np.sqrt(1 - s**2) * noise]).astype(np.float32)


def test_a_far_member_of_a_tight_theme_is_trimmed() -> None:
    vectors = around([0.85] * 19 + [0.45])
    clusters = np.zeros(20, dtype=np.int64)
    assert drop_far_members(vectors, clusters, 0.6, 5).tolist() == [0] * 19 + [-1]


def test_a_loose_theme_keeps_its_ordinary_members() -> None:
    # Typical similarity near 0.3: a fixed threshold fit for tight themes would empty it.
    vectors = around(np.linspace(0.2, 0.4, 30).tolist(), seed=1)
    clusters = np.zeros(30, dtype=np.int64)
    assert (drop_far_members(vectors, clusters, 0.6, 5) == 0).all()


def test_a_theme_keeps_its_closest_members_down_to_the_smallest_theme_size() -> None:
    vectors = around([0.85] * 6 + [0.3, 0.2, 0.25], seed=2)
    clusters = np.zeros(9, dtype=np.int64)
    assert drop_far_members(vectors, clusters, 0.6, 5).tolist() == [0] * 6 + [-1] * 3
    assert drop_far_members(vectors, clusters, 0.6, 8).tolist() == [0] * 7 + [-1, 0]
    assert (drop_far_members(vectors, clusters, 0.6, 9) == 0).all()
    # A theme no larger than the smallest theme size is left whole.
    assert drop_far_members(vectors[5:8], np.array([3, 3, -1]), 0.6, 5).tolist() == [3, 3, -1]


def test_find_themes_takes_the_far_member_out_of_its_theme() -> None:
    texts, embeddings, groups = blob_data(SIZES)
    card = members_of(groups, "card")
    centre = embeddings[card].mean(axis=0)
    centre /= np.linalg.norm(centre)
    # Closer to the card answers than to anything else, yet far below their typical 0.9.
    stray = card[-1]
    other = np.random.default_rng(5).normal(size=DIM)
    other -= (other @ centre) * centre
    embeddings = embeddings.copy()
    embeddings[stray] = 0.4 * centre + np.sqrt(1 - 0.16) * other / np.linalg.norm(other)
    settings = ThemeSettings(max_share=None)
    result = find_themes(texts, embeddings, settings)
    assert result.assignments[stray] == -1
    assert [t.members for t in result.themes] == [[i for i in card if i != stray]] + [
        members_of(groups, g) for g in ("refund", "login")
    ]
    kept = find_themes(texts, embeddings, ThemeSettings(max_share=None, far_ratio=None))
    assert kept.themes[0].members == card

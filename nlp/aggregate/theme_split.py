"""No catch-all theme: a theme holding more than a share of the texts is re-clustered on its own members.

HDBSCAN on real interview talk tends to leave one broad cluster with most of the data beside a few tight
ones. Clustered again on its own, that cluster's density differs from the whole set's and it splits into
topics. When re-clustering finds no groups in a theme that holds more than `CATCH_ALL` of the texts,
k-means cuts it in two; a smaller theme without inner groups is one topic and stays whole.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# Reclusters the given member rows; returns one label per row (-1 for an outlier).
Recluster = Callable[[np.ndarray], np.ndarray]
MAX_ROUNDS = 30
CATCH_ALL = 0.5


def split_large(
    vectors: np.ndarray, clusters: np.ndarray, recluster: Recluster, *, max_share: float, min_size: int
) -> np.ndarray:
    """Cluster labels where no cluster holds more than `max_share` of the clustered texts.

    Args:
        vectors: (n, d) L2-normalised embeddings.
        clusters: A label per row, -1 for an outlier.
        recluster: Clusters a subset of rows (UMAP + HDBSCAN as for the whole set).
        max_share: Largest share of all rows one cluster may hold.
        min_size: A cluster smaller than twice this is never split.
    """
    result = clusters.copy()
    limit = max_share * len(result)
    stuck: set[int] = set()
    for _ in range(MAX_ROUNDS):
        sizes = {int(c): int(np.sum(result == c)) for c in np.unique(result[result >= 0])}
        large = [c for c, size in sizes.items() if size > limit and size >= 2 * min_size and c not in stuck]
        if not large:
            break
        target = max(large, key=lambda c: sizes[c])
        rows = np.flatnonzero(result == target)
        parts = _parts(vectors[rows], recluster(rows), cut=sizes[target] > CATCH_ALL * len(result))
        if len(set(parts.tolist())) < 2:
            stuck.add(target)
            continue
        next_id = int(result.max()) + 1
        result[rows] = np.where(parts == 0, target, next_id + parts - 1)
    return result


def _parts(vectors: np.ndarray, labels: np.ndarray, *, cut: bool) -> np.ndarray:
    """Sub-cluster 0..m-1 per row: re-clustered groups with their outliers joined to the nearest one; when
    re-clustering found fewer than two groups, a k-means cut in two if `cut`, else all zeros."""
    ids = np.unique(labels[labels >= 0])
    if len(ids) < 2:
        return _two_means(vectors) if cut else np.zeros(len(vectors), dtype=np.int64)
    centroids = np.stack([_unit(vectors[labels == c].mean(axis=0)) for c in ids])
    nearest = (vectors @ centroids.T).argmax(axis=1)
    index = {int(c): i for i, c in enumerate(ids)}
    return np.asarray([index[int(c)] if c >= 0 else int(nearest[row]) for row, c in enumerate(labels)])


def _two_means(vectors: np.ndarray) -> np.ndarray:
    if len({row.tobytes() for row in np.round(vectors, 5)}) < 2:
        return np.zeros(len(vectors), dtype=np.int64)
    from sklearn.cluster import KMeans

    return np.asarray(KMeans(n_clusters=2, n_init=10, random_state=0).fit_predict(vectors), dtype=np.int64)


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)

"""Themes: BERTopic over stored utterance embeddings, with readable labels and edits that survive re-runs.

The pipeline is BERTopic's: UMAP (fixed random_state) reduces the embeddings the service already
stores, HDBSCAN finds dense groups, and c-TF-IDF over a stop-word-free CountVectorizer names them.
Two steps are ours: outlier handling in the original embedding space (a member plainly unlike its
theme's centroid is taken out; an outlier joins the nearest theme if it is alike enough), and labels
that add a phrase a participant said.

Two guards keep the themes a researcher's codebook: texts without content (`nlp.content`: "Yeah.",
"Thank you.", "[REDACTED].") never reach the clustering (they come out as outliers, listed in
`ThemeResult.no_content`), and a theme holding more than `ThemeSettings.max_share` of the texts is
re-clustered on its own members until none does (`theme_split`). Last, a member far less alike to its
theme's centroid than the theme's typical member goes to the outliers (`ThemeSettings.far_ratio`), and
keywords and labels are computed from the members that stay.

Nothing is embedded or downloaded here; the same texts, embeddings and settings give the same result.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from nlp.aggregate.quotes import alone_first
from nlp.aggregate.theme_labels import (
    analyse,
    by_centrality,
    choose_phrase,
    compose_label,
    group_keywords,
    label_members,
    make_vectorizer,
)
from nlp.aggregate.theme_split import split_large
from nlp.content import is_substantive

__all__ = [
    "Theme",
    "ThemeResult",
    "ThemeSettings",
    "find_themes",
    "label_members",
    "match_themes",
    "split_theme",
    "theme_from_members",
]

# Below this many texts there is too little to find structure in: they form one theme.
MIN_TEXTS = 15
# How many of a theme's keywords its members are checked against (ThemeSettings.min_keyword_coverage).
COVERAGE_KEYWORDS = 5
_CHUNK = 4096


@dataclass(frozen=True)
class ThemeSettings:
    """How themes are found; every field has a default and the result depends only on these and the data.

    Attributes:
        seed: random_state of UMAP (and of k-means when splitting).
        min_theme_size: Smallest theme HDBSCAN keeps; None picks n/250, between 5 and 100.
        reduce_outliers: Move HDBSCAN's outliers to their nearest theme when similar enough.
        outlier_similarity: Cosine similarity to the nearest theme centroid (original embedding space)
            an HDBSCAN outlier needs to join that theme.
        stray_similarity: A member less alike than this to its own theme's centroid is taken out as
            unrelated (before outliers are placed, so it may join a theme it does resemble).
        n_neighbors: UMAP neighbourhood size (capped below n).
        n_components: UMAP output dimensions HDBSCAN clusters in.
        min_samples: HDBSCAN min_samples; None uses the theme size, as BERTopic does.
        cluster_selection: HDBSCAN cluster_selection_method, "eom" (fewer, broader) or "leaf".
        top_keywords: Keywords kept per theme.
        representatives: Representative members kept per theme.
        max_share: A theme holding more than this share of the substantive texts is split by
            re-clustering its members (None keeps HDBSCAN's themes as they are).
        min_keyword_coverage: A theme whose first `COVERAGE_KEYWORDS` keywords appear in fewer than this
            share of its members shares no content, only a sentence shape ("That's my target.", "It's
            all gone."): its label would misdescribe most of it, so its members become outliers (None
            keeps every theme). Applied when the texts form two or more themes.
        far_ratio: A member whose cosine similarity to its theme's centroid is below this share of the
            theme's median member similarity is taken out as an outlier, last of all, so a tight theme
            does not hold a quote it does not fit and a loose theme keeps its ordinary members (None
            keeps all). A theme never drops below the smallest theme size: its closest members stay.
    """

    seed: int = 42
    min_theme_size: int | None = None
    reduce_outliers: bool = True
    outlier_similarity: float = 0.3
    stray_similarity: float = 0.2
    n_neighbors: int = 15
    n_components: int = 5
    min_samples: int | None = None
    cluster_selection: Literal["eom", "leaf"] = "eom"
    top_keywords: int = 10
    representatives: int = 5
    max_share: float | None = 0.3
    min_keyword_coverage: float | None = 0.12
    far_ratio: float | None = 0.6

    def theme_size_for(self, n: int) -> int:
        """The min_theme_size used for `n` texts."""
        if self.min_theme_size is not None:
            return max(2, self.min_theme_size)
        return int(np.clip(round(n / 250), 5, 100))


@dataclass
class Theme:
    """One theme: who is in it and how to show it.

    Attributes:
        id: Position in ThemeResult.themes (0 is the largest).
        label: "keyword, keyword - 'a phrase a participant said'".
        keywords: c-TF-IDF keywords, best first, never stop words.
        phrase: The phrase in the label, from a typical member.
        members: Indices into the input, ascending.
        representatives: Up to `representatives` member indices, most typical first.
        centroid: Mean of member embeddings, L2-normalised.
    """

    id: int
    label: str
    keywords: list[str]
    phrase: str
    members: list[int]
    representatives: list[int]
    centroid: np.ndarray = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class ThemeResult:
    """Themes of one run.

    Attributes:
        assignments: Theme id per input text, -1 for an outlier or a text without content.
        themes: Sorted by size, largest first; ids 0..k-1 in that order.
        outlier_share: Fraction of the texts with content left as outliers (0.0 for empty input).
        no_content: Indices of the texts that carry no content and were not clustered, ascending.
    """

    assignments: np.ndarray
    themes: list[Theme]
    outlier_share: float
    no_content: list[int] = field(default_factory=list)


def find_themes(
    texts: Sequence[str],
    embeddings: np.ndarray,
    settings: ThemeSettings = ThemeSettings(),
    *,
    content: Sequence[bool] | None = None,
) -> ThemeResult:
    """Find themes in texts from their stored embeddings (BERTopic, no re-embedding).

    Args:
        texts: The utterances, e.g. a project's respondent utterances or only its pain points.
        embeddings: (n, d) L2-normalised embeddings of `texts`, row for row.
        settings: Tuning knobs; the defaults scale with n.
        content: Whether each text carries content, as already decided (researchers' overrides
            included); None: the content filter judges each text.

    Returns:
        The themes, largest first, and each text's theme id (-1 for an outlier). Fewer than
        MIN_TEXTS distinct texts form a single theme; data without dense groups gives all outliers.
    """
    vectors = _checked(texts, embeddings)
    flags = [is_substantive(text) for text in texts] if content is None else list(content)
    if len(flags) != len(texts):
        raise ValueError(f"{len(flags)} content flags for {len(texts)} texts")
    kept = [index for index, flag in enumerate(flags) if flag]
    result = _themes([texts[i] for i in kept], vectors[kept], settings)
    return _lifted(result, kept, len(texts))


def _themes(texts: Sequence[str], vectors: np.ndarray, settings: ThemeSettings) -> ThemeResult:
    n = len(texts)
    if n == 0:
        return ThemeResult(np.zeros(0, dtype=np.int64), [], 0.0)
    if _distinct_rows(vectors) < MIN_TEXTS:  # too few different utterances to find structure in
        return _result(texts, vectors, np.zeros(n, dtype=np.int64), settings)
    clusters = _cluster(texts, vectors, settings)
    if settings.reduce_outliers:
        clusters = drop_strays(vectors, clusters, settings.stray_similarity)
        clusters = assign_outliers(vectors, clusters, settings.outlier_similarity)
    if settings.max_share is not None:
        clusters = split_large(
            vectors,
            clusters,
            lambda rows: _recluster([texts[i] for i in rows], vectors[rows], settings),
            max_share=settings.max_share,
            min_size=settings.theme_size_for(n),
        )
    kept, keywords = _without_shapeless(texts, clusters, settings)
    if settings.far_ratio is not None:
        trimmed = drop_far_members(vectors, kept, settings.far_ratio, settings.theme_size_for(n))
        if not (trimmed == kept).all():  # the groups changed: their keywords and labels are computed anew
            kept, keywords = trimmed, None
    return _result(texts, vectors, kept, settings, keywords)


def _without_shapeless(
    texts: Sequence[str], clusters: np.ndarray, settings: ThemeSettings
) -> tuple[np.ndarray, list[list[str]] | None]:
    """Clusters whose keywords cover too few of their members (see ThemeSettings) made outliers.

    Also returns the groups' keywords (settings.top_keywords of them) when no cluster was dropped: the
    groups are then the final ones, and their c-TF-IDF need not be computed twice.
    """
    groups = _groups_by_size(clusters)
    if settings.min_keyword_coverage is None or len(groups) < 2:
        return clusters, None
    keywords = group_keywords(texts, groups, max(COVERAGE_KEYWORDS, settings.top_keywords))
    result = clusters.copy()
    for members, words in zip(groups, keywords, strict=True):
        first = words[:COVERAGE_KEYWORDS]
        # No keywords at all: texts a researcher kept as content although the filter would not ("Yeah.").
        if first and keyword_coverage([texts[i] for i in members], first) < settings.min_keyword_coverage:
            result[members] = -1
    if (result == clusters).all():
        return clusters, [words[: settings.top_keywords] for words in keywords]
    return result, None


def keyword_coverage(texts: Sequence[str], keywords: Sequence[str]) -> float:
    """Share of `texts` holding at least one of `keywords` (words or word pairs, as `analyse` finds them)."""
    if not texts:
        return 0.0
    wanted = set(keywords)
    return sum(1 for text in texts if wanted & set(analyse(text))) / len(texts)


def _recluster(texts: Sequence[str], vectors: np.ndarray, settings: ThemeSettings) -> np.ndarray:
    if _distinct_rows(vectors) < MIN_TEXTS:
        return np.full(len(texts), -1, dtype=np.int64)
    return _cluster(texts, vectors, settings)


def _lifted(result: ThemeResult, kept: list[int], n: int) -> ThemeResult:
    """The result on the texts with content, told in positions of all `n` texts."""
    if len(kept) == n:
        return result
    position = np.asarray(kept, dtype=np.int64)
    assignments = np.full(n, -1, dtype=np.int64)
    assignments[position] = result.assignments
    for theme in result.themes:
        theme.members = [int(position[m]) for m in theme.members]
        theme.representatives = [int(position[m]) for m in theme.representatives]
    no_content = sorted(set(range(n)) - set(kept))
    return ThemeResult(assignments, result.themes, result.outlier_share, no_content)


def _checked(texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
    vectors = np.asarray(embeddings, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(texts):
        raise ValueError(f"expected ({len(texts)}, d) embeddings, one row per text; got {vectors.shape}")
    return vectors


def _distinct_rows(vectors: np.ndarray) -> int:
    """Embeddings that differ (a repeated answer embeds identically; UMAP cannot lay out copies)."""
    return len({row.tobytes() for row in np.round(vectors, 5)})


def _cluster(texts: Sequence[str], vectors: np.ndarray, settings: ThemeSettings) -> np.ndarray:
    """BERTopic's topics (-1 = outlier) from UMAP + HDBSCAN on the given embeddings."""
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer

    umap_model, hdbscan_model = _models(len(texts), settings)
    model = BERTopic(
        umap_model=umap_model,
        hdbscan_model=hdbscan_model,
        vectorizer_model=make_vectorizer(),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=settings.top_keywords,
        calculate_probabilities=False,
        verbose=False,
    )
    with _quiet():
        if _two_words(texts):
            topics, _ = model.fit_transform(list(texts), vectors)
        else:  # BERTopic's c-TF-IDF fails on fewer than two distinct words: cluster, name later
            topics = hdbscan_model.fit_predict(umap_model.fit_transform(vectors))
    return np.asarray(topics, dtype=np.int64)


def _two_words(texts: Sequence[str]) -> bool:
    """Whether the texts hold at least two distinct keyword terms (stops at the second)."""
    seen: set[str] = set()
    for text in texts:
        seen.update(analyse(text))
        if len(seen) >= 2:
            return True
    return False


def _models(n: int, settings: ThemeSettings) -> tuple[Any, Any]:
    from hdbscan import HDBSCAN
    from umap import UMAP

    size = settings.theme_size_for(n)
    umap_model = UMAP(
        n_neighbors=max(2, min(settings.n_neighbors, n - 1)),
        n_components=max(2, min(settings.n_components, n - 2)),
        min_dist=0.0,
        metric="cosine",
        # Spectral init solves tiny disconnected components with ARPACK, whose result varies from
        # process to process; PCA init is seeded and scores as well on the benchmark.
        init="pca",
        random_state=settings.seed,
        low_memory=True,
    )
    hdbscan_model = HDBSCAN(
        min_cluster_size=size,
        min_samples=settings.min_samples,
        cluster_selection_method=settings.cluster_selection,
        metric="euclidean",
        prediction_data=False,
    )
    return umap_model, hdbscan_model


@contextmanager
def _quiet() -> Iterator[None]:
    """No warnings, log lines or progress bars from BERTopic, UMAP or numba in service logs, and one
    BLAS thread: sums split over a different number of threads round differently, and UMAP turns
    the last bit into a different layout. (Seeded UMAP runs on one thread anyway.)"""
    from threadpoolctl import threadpool_limits

    loggers = [logging.getLogger(name) for name in ("BERTopic", "umap", "numba", "hdbscan")]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def drop_strays(vectors: np.ndarray, clusters: np.ndarray, min_similarity: float) -> np.ndarray:
    """Make outliers of members less than `min_similarity` alike to the rest of their cluster.

    UMAP ties every point to its nearest neighbours, so HDBSCAN puts an utterance that resembles
    nothing into the nearest cluster; in the original space it is plainly unlike that cluster. Each
    member is compared with the centroid of the other members, so in a small cluster a stray does
    not look typical just because it pulls the centroid its way.
    """
    result = clusters.copy()
    for cluster in np.unique(clusters[clusters >= 0]):
        rows = np.flatnonzero(clusters == cluster)
        if len(rows) < 2:
            continue
        others = vectors[rows].sum(axis=0)[None, :] - vectors[rows]
        norms = np.maximum(np.linalg.norm(others, axis=1), 1e-12)
        similarity = np.einsum("ij,ij->i", vectors[rows], others) / norms
        result[rows[similarity < min_similarity]] = -1
    return result


def drop_far_members(vectors: np.ndarray, clusters: np.ndarray, ratio: float, min_size: int) -> np.ndarray:
    """Make outliers of members far less alike to their cluster's centroid than its typical member.

    A member is far when its cosine similarity to the centroid is below `ratio` times the cluster's
    median member similarity: a fixed threshold would empty loose clusters (typical similarity 0.3)
    and keep a stray of a tight one (0.5 where its members score 0.85). A cluster keeps at least
    `min_size` members (its closest ones), or all of them when it has fewer.
    """
    result = clusters.copy()
    for cluster in np.unique(clusters[clusters >= 0]):
        rows = np.flatnonzero(clusters == cluster)
        similarity = vectors[rows] @ _centroid(vectors[rows])
        typical = float(np.median(similarity))
        if typical <= 0:
            continue
        far = int(np.sum(similarity < ratio * typical))
        drop = min(far, max(len(rows) - min_size, 0))
        result[rows[np.argsort(similarity, kind="stable")[:drop]]] = -1
    return result


def assign_outliers(vectors: np.ndarray, clusters: np.ndarray, min_similarity: float) -> np.ndarray:
    """Move each outlier (-1) to the cluster with the most similar centroid, if similar enough."""
    result = clusters.copy()
    ids = np.unique(clusters[clusters >= 0])
    outliers = np.flatnonzero(clusters < 0)
    if len(ids) == 0 or len(outliers) == 0:
        return result
    centroids = np.stack([_centroid(vectors[clusters == cluster]) for cluster in ids])
    for start in range(0, len(outliers), _CHUNK):
        rows = outliers[start : start + _CHUNK]
        similarity = vectors[rows] @ centroids.T
        best = similarity.argmax(axis=1)
        near = similarity[np.arange(len(rows)), best] >= min_similarity
        result[rows[near]] = ids[best[near]]
    return result


def _centroid(vectors: np.ndarray) -> np.ndarray:
    centre = vectors.mean(axis=0)
    return (centre / max(float(np.linalg.norm(centre)), 1e-12)).astype(np.float32)


def _result(
    texts: Sequence[str],
    vectors: np.ndarray,
    clusters: np.ndarray,
    settings: ThemeSettings,
    keywords: list[list[str]] | None = None,
) -> ThemeResult:
    """Themes of `clusters`; `keywords`, if given, are those of its groups, largest group first."""
    groups = _groups_by_size(clusters)
    assignments = np.full(len(texts), -1, dtype=np.int64)
    for theme_id, members in enumerate(groups):
        assignments[members] = theme_id
    if keywords is None:
        keywords = group_keywords(texts, groups, settings.top_keywords)
    themes = [
        _theme(theme_id, texts, vectors, members, words, settings.representatives)
        for theme_id, (members, words) in enumerate(zip(groups, keywords, strict=True))
    ]
    return ThemeResult(assignments, themes, float(np.mean(assignments < 0)))


def _groups_by_size(clusters: np.ndarray) -> list[list[int]]:
    """Member lists of each cluster, largest first, ties by first member."""
    groups = [np.flatnonzero(clusters == cluster).tolist() for cluster in np.unique(clusters[clusters >= 0])]
    return sorted(groups, key=lambda members: (-len(members), members[0]))


def _theme(
    theme_id: int,
    texts: Sequence[str],
    vectors: np.ndarray,
    members: list[int],
    keywords: list[str],
    representatives: int,
) -> Theme:
    ordered = by_centrality(vectors, members)
    phrase = choose_phrase(texts, ordered, keywords)
    return Theme(
        id=theme_id,
        label=compose_label(keywords, phrase),
        keywords=keywords,
        phrase=phrase,
        members=sorted(members),
        representatives=_distinct(texts, ordered, representatives),
        centroid=_centroid(vectors[members]),
    )


def _distinct(texts: Sequence[str], ordered: Sequence[int], limit: int) -> list[int]:
    """The first `limit` members whose texts differ (a quote repeated five times shows nothing new), those
    that stand alone before those that lean on a sentence the theme does not show."""
    seen: set[str] = set()
    chosen: list[int] = []
    for index in alone_first(texts, ordered):
        key = " ".join(texts[index].lower().split())
        if key not in seen:
            seen.add(key)
            chosen.append(index)
            if len(chosen) == limit:
                break
    return chosen


def theme_from_members(
    theme_id: int,
    texts: Sequence[str],
    embeddings: np.ndarray,
    members: Sequence[int],
    settings: ThemeSettings = ThemeSettings(),
) -> Theme:
    """A Theme for any member set (after a merge or split): label, representatives, centroid.

    Keywords are c-TF-IDF of the members against all other texts, as in `label_members`.
    """
    vectors = _checked(texts, embeddings)
    if not members:
        raise ValueError("a theme needs at least one member")
    label, keywords, phrase = label_members(texts, members, embeddings=vectors, top_n=settings.top_keywords)
    ordered = by_centrality(vectors, members)
    return Theme(
        id=theme_id,
        label=label,
        keywords=keywords,
        phrase=phrase,
        members=sorted(int(m) for m in members),
        representatives=_distinct(texts, ordered, settings.representatives),
        centroid=_centroid(vectors[list(members)]),
    )


def split_theme(
    texts: Sequence[str], embeddings: np.ndarray, members: Sequence[int], parts: int = 2, seed: int = 42
) -> list[list[int]]:
    """Split one theme's members into `parts` groups by k-means on their embeddings.

    Args:
        texts: All texts (only checked against the embeddings).
        embeddings: (n, d) embeddings of all texts.
        members: Indices of the theme's members.
        parts: How many groups the researcher wants.
        seed: k-means random_state; the same seed gives the same split.

    Returns:
        Member lists, largest first (ties by first member), each ascending. Fewer members than
        parts give one group per member.
    """
    vectors = _checked(texts, embeddings)
    index = np.asarray(sorted({int(m) for m in members}), dtype=np.int64)
    parts = min(parts, len(index))
    if parts < 2:
        return [index.tolist()] if len(index) else []
    from sklearn.cluster import KMeans

    with _quiet():
        labels = KMeans(n_clusters=parts, n_init=10, random_state=seed).fit_predict(vectors[index])
    groups = [index[labels == label].tolist() for label in range(parts)]
    return sorted((group for group in groups if group), key=lambda group: (-len(group), group[0]))


def match_themes(
    previous: Sequence[np.ndarray], current: Sequence[np.ndarray], min_similarity: float = 0.8
) -> dict[int, int]:
    """Pair each current theme with at most one previous theme, by centroid cosine similarity.

    A one-to-one (Hungarian) assignment maximises total similarity; pairs below `min_similarity`
    are dropped, so a new theme stays new. Use it to re-apply a researcher's renames, merges and
    splits from an earlier run. Centroids of the same theme on grown data are typically above 0.9;
    distinct themes of one domain rarely reach 0.8.

    Args:
        previous: Centroids of the earlier run's themes.
        current: Centroids of this run's themes.
        min_similarity: Least cosine similarity for a match.

    Returns:
        current theme index -> previous theme index.
    """
    if len(previous) == 0 or len(current) == 0:
        return {}
    from scipy.optimize import linear_sum_assignment

    old = np.stack([_centroid(np.asarray(c, dtype=np.float32)[None, :]) for c in previous])
    new = np.stack([_centroid(np.asarray(c, dtype=np.float32)[None, :]) for c in current])
    similarity = new @ old.T
    rows, cols = linear_sum_assignment(-similarity)
    return {int(r): int(c) for r, c in zip(rows, cols, strict=True) if similarity[r, c] >= min_similarity}

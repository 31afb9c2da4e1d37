"""No filler theme and no catch-all: fillers never reach the clustering, large themes are re-clustered."""

from __future__ import annotations

import numpy as np

from nlp.aggregate.theme_labels import FILLER_WORDS
from nlp.aggregate.theme_split import split_large
from nlp.aggregate.themes import find_themes

from .test_themes import DIM, GROUPS

FILLERS = ["Yeah.", "Okay.", "Mm-hmm.", "Thank you.", "[REDACTED].", "Bye, bye-bye.", "Sorry, of course."]
MORE = {
    "billing": [
        "the bill doubled this winter",
        "we were charged twice for water",
        "the tariff went up again",
    ],
    "truck": ["the water truck comes late", "we wait hours for the tanker", "the tanker skipped our street"],
}


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def filler_study(seed: int = 0) -> tuple[list[str], np.ndarray, list[str]]:
    """Five topics of 14 to 24 sentences, and 70 fillers that embed close together (as they do)."""
    rng = np.random.default_rng(seed)
    topics = {**GROUPS, **MORE}
    sizes = dict(zip(topics, (24, 18, 14, 16, 16), strict=True))
    centres = rng.normal(size=(len(topics) + 1, DIM))
    texts, vectors, kinds = [], [], []
    for position, (topic, size) in enumerate(sizes.items()):
        for i in range(size):
            texts.append(f"{topics[topic][i % len(topics[topic])]}.")
            vectors.append(centres[position] + rng.normal(scale=0.5, size=DIM))
            kinds.append(topic)
    for i in range(70):
        texts.append(FILLERS[i % len(FILLERS)])
        vectors.append(centres[-1] + rng.normal(scale=0.3, size=DIM))
        kinds.append("filler")
    return texts, _unit(np.asarray(vectors, dtype=np.float32)), kinds


def test_many_fillers_and_a_few_topics_give_no_filler_theme_and_none_above_30_percent() -> None:
    texts, embeddings, kinds = filler_study()

    result = find_themes(texts, embeddings)

    fillers = [i for i, kind in enumerate(kinds) if kind == "filler"]
    assert result.no_content == fillers
    assert all(result.assignments[i] == -1 for i in fillers)
    substantive = len(texts) - len(fillers)
    assert result.themes and all(theme.size <= 0.3 * substantive for theme in result.themes)
    for theme in result.themes:
        assert not set(theme.members) & set(fillers)
        assert theme.keywords and not {w for k in theme.keywords for w in k.split()} & FILLER_WORDS
        assert "redacted" not in theme.label.lower()


def _blobs(sizes: list[int], seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(sizes), 8)) * 5
    return _unit(np.vstack([c + rng.normal(size=(n, 8)) for c, n in zip(centres, sizes, strict=True)]))


def test_a_catch_all_is_split_by_reclustering_its_members() -> None:
    vectors = _blobs([30, 30, 20, 20])
    clusters = np.array([0] * 60 + [1] * 20 + [2] * 20)  # the first two blobs were one catch-all
    truth = np.array([0] * 30 + [1] * 30)

    def recluster(rows: np.ndarray) -> np.ndarray:
        return truth[rows] if len(rows) == 60 else np.full(len(rows), -1)

    result = split_large(vectors, clusters, recluster, max_share=0.3, min_size=5)

    assert len(set(result[:30].tolist())) == 1 and len(set(result[30:60].tolist())) == 1
    assert result[0] != result[30]
    assert result[60:].tolist() == clusters[60:].tolist()


def test_a_catch_all_without_inner_groups_is_cut_by_k_means_a_single_topic_is_not() -> None:
    vectors = _blobs([80, 10, 10])
    clusters = np.array([0] * 80 + [1] * 10 + [2] * 10)
    no_groups = lambda rows: np.full(len(rows), -1)  # noqa: E731

    result = split_large(vectors, clusters, no_groups, max_share=0.3, min_size=5)
    sizes = np.bincount(result)
    assert len(sizes) == 4 and sizes.max() <= 50 and sizes.sum() == 100

    one_topic = np.array([0] * 40 + [1] * 30 + [2] * 30)  # 40%: above the limit, but one topic
    assert (
        split_large(vectors, one_topic, no_groups, max_share=0.3, min_size=5).tolist() == one_topic.tolist()
    )


def test_a_theme_that_cannot_be_split_stays_whole() -> None:
    vectors = _unit(np.vstack([np.ones((50, 4)), np.eye(4)[[1] * 10]]))  # 50 copies of one text
    clusters = np.array([0] * 50 + [1] * 10)

    result = split_large(vectors, clusters, lambda rows: np.full(len(rows), -1), max_share=0.3, min_size=5)

    assert result.tolist() == clusters.tolist()

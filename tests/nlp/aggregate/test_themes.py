"""Themes over fake embeddings with known structure: three well-separated groups of different sentences."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.aggregate.theme_labels import analyse, choose_phrase, group_keywords, label_members, stop_words
from nlp.aggregate.themes import (
    MIN_TEXTS,
    ThemeResult,
    ThemeSettings,
    assign_outliers,
    drop_strays,
    find_themes,
    keyword_coverage,
    match_themes,
    split_theme,
    theme_from_members,
)

DIM = 384
OPENERS = ["", "Yeah, ", "Um, so ", "Honestly ", "I think ", "Well, like, "]
GROUPS = {
    "card": [
        "my new card has not arrived yet",
        "when will my card arrive in the post",
        "the card delivery is taking weeks",
        "still waiting on my card delivery",
        "how do I track the card you sent",
        "my replacement card never arrived",
        "is there a tracking number for my card",
    ],
    "refund": [
        "I want a refund for the broken kettle",
        "the refund has not shown up on my statement",
        "how long does a refund take to process",
        "the seller refused my refund request",
        "please refund the duplicate charge",
    ],
    "login": [
        "the app logs me out every time",
        "I cannot log in to the mobile app",
        "password reset email never comes",
    ],
}
SIZES = {"card": 42, "refund": 30, "login": 18}
# The blobs hold 47% and 33% of the texts: these tests check the clustering itself, without the split of
# themes above `max_share` (tested on its own below).
WHOLE = ThemeSettings(max_share=None)


def blob_data(
    sizes: dict[str, int], seed: int = 0, centres_seed: int = 7
) -> tuple[list[str], np.ndarray, list[str]]:
    """Texts, embeddings and the group of each text: one tight Gaussian blob per group."""
    centres = np.random.default_rng(centres_seed).normal(size=(len(GROUPS), DIM))
    rng = np.random.default_rng(seed)
    texts, vectors, groups = [], [], []
    for group, size in sizes.items():
        position, sentences = list(GROUPS).index(group), GROUPS[group]
        for i in range(size):
            texts.append(f"{OPENERS[i % len(OPENERS)]}{sentences[i % len(sentences)]}.")
            vectors.append(centres[position] + rng.normal(scale=0.5, size=DIM))
            groups.append(group)
    embeddings = np.asarray(vectors, dtype=np.float32)
    return texts, embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True), groups


Blobs = tuple[list[str], np.ndarray, list[str], ThemeResult]


@pytest.fixture(scope="module")
def blobs() -> Blobs:
    texts, embeddings, groups = blob_data(SIZES)
    return texts, embeddings, groups, find_themes(texts, embeddings, WHOLE)


def members_of(groups: list[str], name: str) -> list[int]:
    return [i for i, group in enumerate(groups) if group == name]


def test_three_groups_become_three_themes_with_the_right_members(blobs: Blobs) -> None:
    texts, embeddings, groups, result = blobs
    assert [t.id for t in result.themes] == [0, 1, 2]
    assert [t.members for t in result.themes] == [members_of(groups, g) for g in ("card", "refund", "login")]
    assert result.outlier_share == 0.0
    assert result.assignments.tolist() == [{"card": 0, "refund": 1, "login": 2}[g] for g in groups]
    for theme in result.themes:
        assert 1 <= len(theme.representatives) <= 5 and set(theme.representatives) <= set(theme.members)
        assert abs(float(np.linalg.norm(theme.centroid)) - 1.0) < 1e-5
        assert float(theme.centroid @ embeddings[theme.members].mean(axis=0)) > 0.9 * float(
            np.linalg.norm(embeddings[theme.members].mean(axis=0))
        )
        # Representatives are distinct texts, most typical first.
        assert len({texts[i] for i in theme.representatives}) == len(theme.representatives)
        sims = embeddings[theme.representatives] @ theme.centroid
        assert list(sims) == sorted(sims, reverse=True)


def test_labels_name_the_group_without_stop_words(blobs: Blobs) -> None:
    texts, _, _, result = blobs
    expected = ["card", "refund", "app"]
    for theme, word in zip(result.themes, expected, strict=True):
        assert any(word in keyword.split() for keyword in theme.keywords[:3]), theme.keywords
        assert theme.label.startswith(theme.keywords[0]) and f"'{theme.phrase}'" in theme.label
        for keyword in theme.keywords:
            assert not set(keyword.split()) & stop_words(), keyword
        # The phrase is words a member said (fillers such as "Yeah, so" trimmed off the front).
        assert any(theme.phrase.lower() in texts[i].lower() for i in theme.members), theme.phrase


def test_same_data_and_settings_give_identical_results(blobs: Blobs) -> None:
    texts, embeddings, _, first = blobs
    second = find_themes(texts, embeddings, ThemeSettings(max_share=None))
    assert second.assignments.tolist() == first.assignments.tolist()
    assert [(t.label, t.keywords, t.representatives) for t in second.themes] == [
        (t.label, t.keywords, t.representatives) for t in first.themes
    ]


def test_outliers_stay_out_only_when_unlike_every_theme() -> None:
    texts, embeddings, _ = blob_data(SIZES)
    noise = np.random.default_rng(3).normal(size=(4, DIM)).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    texts += ["Completely unrelated remark about the weather."] * 4
    result = find_themes(texts, np.vstack([embeddings, noise]), WHOLE)
    assert result.assignments[-4:].tolist() == [-1, -1, -1, -1]
    assert result.outlier_share == pytest.approx(4 / len(texts)) and result.outlier_share <= 0.10
    assert len(result.themes) == 3


def test_assign_outliers_moves_near_ones_and_keeps_far_ones() -> None:
    vectors = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [0.9, 0.1], [-1, 0]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    clusters = np.array([0, 0, 1, 1, -1, -1])
    assert assign_outliers(vectors, clusters, 0.35).tolist() == [0, 0, 1, 1, 0, -1]
    assert assign_outliers(vectors, clusters, -1.0).tolist()[-1] in (0, 1)
    assert assign_outliers(vectors, np.array([-1] * 6), 0.0).tolist() == [-1] * 6


def test_no_theme_is_smaller_than_min_theme_size() -> None:
    texts, embeddings, groups = blob_data(SIZES)
    result = find_themes(texts, embeddings, ThemeSettings(min_theme_size=20, max_share=None))
    assert len(result.themes) == 2 and all(t.size >= 20 for t in result.themes)
    # The 18 login answers join a theme whole; no group is torn apart.
    assert all(len({int(result.assignments[i]) for i in members_of(groups, g)}) == 1 for g in SIZES)


def test_drop_strays_leaves_members_unlike_their_centroid_out() -> None:
    vectors = np.array([[1, 0], [1, 0.1], [1, -0.1], [0, 1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert drop_strays(vectors, np.array([0, 0, 0, 0]), 0.35).tolist() == [0, 0, 0, -1]
    assert drop_strays(vectors, np.array([0, 0, 0, -1]), 0.35).tolist() == [0, 0, 0, -1]


def test_empty_and_small_inputs() -> None:
    empty = find_themes([], np.zeros((0, DIM), dtype=np.float32))
    assert empty.themes == [] and empty.assignments.shape == (0,) and empty.outlier_share == 0.0
    texts, embeddings, _ = blob_data({"card": 5, "refund": 3, "login": 1})
    assert len(texts) < MIN_TEXTS
    small = find_themes(texts, embeddings)
    assert len(small.themes) == 1 and small.themes[0].members == list(range(len(texts)))
    assert small.assignments.tolist() == [0] * len(texts) and small.outlier_share == 0.0
    assert small.themes[0].keywords and small.themes[0].label
    one = find_themes(["My card never came."], embeddings[:1])
    assert one.themes[0].members == [0] and one.themes[0].phrase == "my card never came"
    with pytest.raises(ValueError, match="one row per text"):
        find_themes(["a", "b"], embeddings[:3])


def test_fillers_alone_make_no_theme() -> None:
    _, embeddings, groups = blob_data(SIZES)
    texts = ["Yeah, um, I mean, it is." if g == "card" else "Okay. So, like, yeah." for g in groups]
    result = find_themes(texts, embeddings)
    assert result.themes == [] and set(result.assignments.tolist()) == {-1}
    assert result.no_content == list(range(len(texts)))


def test_content_decided_by_the_caller_wins_over_the_filter() -> None:
    texts, embeddings, groups = blob_data(SIZES)
    texts = ["Yeah." if g == "card" else text for g, text in zip(groups, texts, strict=True)]
    judged = find_themes(texts, embeddings)
    assert set(judged.no_content) == set(members_of(groups, "card"))
    content = [g != "login" for g in groups]  # a researcher kept "Yeah." and set the login talk aside
    decided = find_themes(texts, embeddings, content=content)
    assert set(decided.no_content) == set(members_of(groups, "login"))
    assert {int(decided.assignments[i]) for i in members_of(groups, "card")} != {-1}
    with pytest.raises(ValueError, match="content flags"):
        find_themes(texts, embeddings, content=content[:-1])


def test_min_theme_size_scales_with_the_number_of_texts() -> None:
    settings = ThemeSettings()
    assert [settings.theme_size_for(n) for n in (20, 1_000, 3_080, 10_000, 50_000)] == [5, 5, 12, 40, 100]
    assert ThemeSettings(min_theme_size=7).theme_size_for(50_000) == 7


def test_split_finds_the_two_groups_in_a_merged_theme() -> None:
    texts, embeddings, groups = blob_data(SIZES)
    merged = members_of(groups, "refund") + members_of(groups, "login")
    parts = split_theme(texts, embeddings, merged, parts=2, seed=1)
    assert parts == [members_of(groups, "refund"), members_of(groups, "login")]
    assert split_theme(texts, embeddings, merged, parts=2, seed=1) == parts
    assert split_theme(texts, embeddings, [4], parts=3) == [[4]]
    assert split_theme(texts, embeddings, [4, 9], parts=5) in ([[4], [9]], [[9], [4]])
    assert split_theme(texts, embeddings, [], parts=2) == []


def test_merged_theme_gets_a_label_from_both_halves() -> None:
    texts, embeddings, groups = blob_data(SIZES)
    merged = members_of(groups, "card") + members_of(groups, "refund")
    label, keywords, phrase = label_members(texts, merged)
    words = {word for keyword in keywords for word in keyword.split()}
    assert "card" in words and "refund" in words and "app" not in words
    assert label.startswith(keywords[0]) and phrase
    # Given only the members' texts (nothing to contrast with) the most used words lead.
    alone = [texts[i] for i in members_of(groups, "card")]
    _, keywords_alone, _ = label_members(alone, list(range(len(alone))))
    assert "card" in keywords_alone[0].split()
    theme = theme_from_members(5, texts, embeddings, merged)
    assert theme.id == 5 and theme.members == sorted(merged) and theme.label == label
    assert abs(float(np.linalg.norm(theme.centroid)) - 1.0) < 1e-5


def test_match_refinds_themes_after_new_data(blobs: Blobs) -> None:
    _, _, _, before = blobs
    # A later run: more answers in every group, from a fresh draw around the same centres.
    texts, embeddings, groups = blob_data({"login": 35, "card": 30, "refund": 25}, seed=11)
    after = find_themes(texts, embeddings)
    matched = match_themes([t.centroid for t in before.themes], [t.centroid for t in after.themes])
    group_of = {t.id: groups[t.members[0]] for t in after.themes}
    assert {group_of[cur]: prev for cur, prev in matched.items()} == {"card": 0, "refund": 1, "login": 2}


def test_match_is_one_to_one_and_drops_weak_pairs() -> None:
    eye = np.eye(4, dtype=np.float32)
    assert match_themes([eye[0], eye[1], eye[2]], [eye[2], eye[0]]) == {0: 2, 1: 0}
    assert match_themes([eye[0]], [eye[0] + eye[1]], min_similarity=0.8) == {}
    assert match_themes([eye[0]], [eye[0], eye[0]]) in ({0: 0}, {1: 0})
    assert match_themes([], [eye[0]]) == {}


def test_keywords_are_content_words_and_side_by_side_bigrams() -> None:
    assert analyse("Yeah, I don't know, the top-up limit is like really low") == [
        "top-up",
        "limit",
        "low",
        "top-up limit",
    ]
    assert "limit top-ups" not in analyse("limit for top-ups")
    assert analyse("I'll send it, I\u2019ve sent it, we'd resend it") == ["send", "sent", "resend"]
    texts = ["card arrive", "card late", "card lost", "refund please", "refund late", "refund now"]
    assert group_keywords(texts, [[0, 1, 2], [3, 4, 5]], top_n=1) == [["card"], ["refund"]]


def test_repeated_answers_form_one_theme_and_noise_forms_none() -> None:
    same = np.zeros((20, DIM), dtype=np.float32)
    same[:, 0] = 1.0
    repeated = find_themes(["Price."] * 20, same)
    assert len(repeated.themes) == 1 and repeated.themes[0].keywords == ["price"]
    noise = np.random.default_rng(0).normal(size=(40, DIM)).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    structureless = find_themes([f"remark number {i}" for i in range(40)], noise)
    assert structureless.themes == [] and structureless.outlier_share == 1.0
    assert structureless.assignments.tolist() == [-1] * 40


def test_interjections_name_no_theme() -> None:
    texts = ["Man, the onboarding was slow.", "Oh man, the onboarding again.", "Wow, onboarding took weeks."]
    (keywords,) = group_keywords(texts, [[0, 1, 2]], 5)
    words = {w for k in keywords for w in k.split()}
    assert "onboarding" in words and not {"man", "wow"} & words, keywords
    phrase = choose_phrase(texts, [1, 0, 2], keywords)
    assert phrase and not phrase.lower().startswith(("man", "oh", "wow")), phrase


def _word(i: int) -> str:
    """A made-up word of letters only, different for every i."""
    return "zq" + "".join(chr(ord("a") + int(d)) for d in str(i))


def test_a_group_with_no_shared_content_word_is_no_theme() -> None:
    # Short remarks alike in shape ("That was my target.", "It's all gone.") and no content word in common.
    sizes = {"card": 42, "refund": 30, "login": 60}
    texts, embeddings, groups = blob_data(sizes)
    texts = [
        f"that was the {_word(i)}." if g == "login" else text
        for i, (g, text) in enumerate(zip(groups, texts, strict=True))
    ]
    result = find_themes(texts, embeddings, WHOLE)
    assert {int(result.assignments[i]) for i in members_of(groups, "login")} == {-1}
    assert [t.members for t in result.themes] == [members_of(groups, g) for g in ("card", "refund")]
    kept = find_themes(texts, embeddings, ThemeSettings(max_share=None, min_keyword_coverage=None))
    assert len(kept.themes) == 3


def test_keyword_coverage_counts_texts_holding_a_keyword() -> None:
    texts = ["The card never came.", "My card is late.", "That was my target."]
    assert keyword_coverage(texts, ["card"]) == pytest.approx(2 / 3)
    assert keyword_coverage(texts, ["refund"]) == 0.0 and keyword_coverage([], ["card"]) == 0.0

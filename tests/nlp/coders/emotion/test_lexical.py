"""The lexical featuriser: n-grams, tf-idf values, and agreement with scikit-learn's char_wb analyser."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from nlp.coders.emotion.lexical import LexicalFeatures, char_ngrams, fit_block, word_ngrams


def test_word_ngrams_keep_punctuation_cues() -> None:
    assert word_ngrams("Thanks!! LOL?") == [
        "thanks",
        "!",
        "!",
        "lol",
        "?",
        "thanks !",
        "! !",
        "! lol",
        "lol ?",
    ]


def test_char_ngrams_match_scikit_learn() -> None:
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    analyse = sklearn_text.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()

    for text in ["I love it", "a", "Support  never\tanswered!!", "Ünïcode façade"]:
        assert Counter(char_ngrams(text)) == Counter(analyse(text))


def test_blocks_give_unit_norm_tfidf_and_linear_scores() -> None:
    texts = ["thanks a lot", "thanks thanks", "no way", "a lot"]
    features = LexicalFeatures([fit_block("word", texts, min_df=2), fit_block("char", texts, min_df=2)])

    columns, values = features.vectorize("thanks a lot, thanks")
    word_part = values[columns < len(features.blocks[0].vocabulary)]
    assert np.linalg.norm(word_part) == pytest.approx(1.0)
    assert features.vectorize("zzz")[0].size == 0

    weights = np.ones((features.size, 2), dtype=np.float32)
    scores = features.linear(["thanks a lot", "zzz"], weights)
    assert scores.shape == (2, 2)
    assert scores[1].tolist() == [0.0, 0.0]

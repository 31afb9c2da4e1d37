"""The threshold the review queue shows is on the scale of the scores codes carry (issue: a pain code
scored 0.28 read as "threshold 0.30" although the coder had decided it was a pain)."""

from __future__ import annotations

import numpy as np

from app.review.labels import threshold
from nlp.coders.pain.coder import load_pain_coder
from nlp.encoder import get_encoder


def test_pain_threshold_is_the_calibrated_one() -> None:
    coder = load_pain_coder()
    assert threshold("pain_point", "risk") == coder.threshold
    texts = ["What if that one breaks?", "It drove me crazy.", "Which was really useful.", "Yeah."]
    results = coder.predict(texts, get_encoder().encode(texts))
    decided = np.array([r.is_pain for r in results])
    at_or_above = np.array([r.score >= threshold("pain_point", r.category or "*") - 1e-6 for r in results])
    assert decided.any() and not decided.all()
    assert (decided == at_or_above).all()


def test_named_emotions_come_before_neutral_in_the_review_queue() -> None:
    # Emotion scores are calibrated per group (a named emotion is right far less often than neutral on
    # real speech), so nearness to the 0.5 threshold now tells which codes to check first; with one flat
    # map every emotion code read about 0.91 and the queue order said nothing.
    from nlp.coders.emotion.coder import load_emotion_coder

    texts = ["That's great, I love it.", "It drove me crazy.", "Okay.", "We use it for the reports."]
    results = load_emotion_coder().predict(texts, get_encoder().encode_features(texts))
    assert [r.emotion == "neutral" for r in results] == [False, False, True, True]
    nearness = [abs(r.emotion_score - threshold("emotion", r.emotion)) for r in results]
    assert max(nearness[:2]) < min(nearness[2:])

"""Held-out figures of the pain-point coder: `python -m nlp.coders.pain.evaluate`.

nlp/eval/pain_dev.jsonl is split in two by a hash of each text: the "tune" half sets the threshold
(scripts/train_pain.py), the "heldout" half is only ever measured. Baselines: the rules alone, a tiny
sentiment lexicon of our own, and VADER when the vaderSentiment package happens to be installed
(a dev-only baseline, never a runtime dependency).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from nlp.coders.pain.paths import DEV_PATH
from nlp.coders.scoring import best_threshold, is_tune, macro_f1, read_jsonl

# A deliberately small sentiment lexicon: the kind of baseline a VADER-style scorer gives.
_NEGATIVE = frozenset(
    [
        "bad",
        "worst",
        "terrible",
        "awful",
        "hate",
        "broken",
        "broke",
        "crash",
        "crashed",
        "slow",
        "late",
        "never",
        "no",
        "not",
        "problem",
        "issue",
        "annoying",
        "frustrating",
        "disappointed",
        "useless",
        "angry",
        "refund",
        "cancel",
        "waiting",
        "poor",
        "fail",
        "failed",
        "error",
    ]
)
_POSITIVE = frozenset(
    [
        "good",
        "great",
        "love",
        "best",
        "thanks",
        "thank",
        "amazing",
        "awesome",
        "happy",
        "excellent",
        "nice",
        "perfect",
    ]
)


def lexicon_score(text: str) -> float:
    """0..1 negativity from the tiny lexicon: share of negative among sentiment words, 0.5 if none."""
    tokens = [t.strip(".,!?;:\"'()") for t in text.lower().split()]
    neg = sum(t in _NEGATIVE or t.endswith("n't") for t in tokens)
    pos = sum(t in _POSITIVE for t in tokens)
    return 0.5 if neg + pos == 0 else neg / (neg + pos)


def vader_scores(texts: Sequence[str]) -> np.ndarray | None:
    """Negated VADER compound mapped to 0..1 (1 = most negative), or None without vaderSentiment."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    analyzer = SentimentIntensityAnalyzer()
    return np.array([(1.0 - analyzer.polarity_scores(t)["compound"]) / 2.0 for t in texts])


def report(
    name: str, truth: np.ndarray, scores: np.ndarray, tune: np.ndarray, threshold: float | None
) -> str:
    """One line: threshold (tuned on the tune half when None), macro-F1 on both halves."""
    if threshold is None:
        threshold = best_threshold(truth[tune], scores[tune])
    held = ~tune
    return (
        f"{name:<28} threshold {threshold:.2f}  tune {macro_f1(truth[tune], scores[tune] >= threshold):.3f}"
        f"  heldout {macro_f1(truth[held], scores[held] >= threshold):.3f}"
    )


def main() -> None:
    from nlp.coders.pain.coder import load_pain_coder
    from nlp.encoder import get_encoder

    rows = read_jsonl(DEV_PATH)
    texts = [str(r["text"]) for r in rows]
    truth = np.array([int(str(r["label"])) == 1 for r in rows])
    tune = np.array([is_tune(t) for t in texts])
    domains = np.array([str(r.get("domain", "")) for r in rows])
    coder = load_pain_coder()
    embeddings = get_encoder().encode(texts)
    started = time.perf_counter()
    results = coder.predict(texts, embeddings)
    elapsed = time.perf_counter() - started
    scores = np.array([r.score for r in results])
    print(f"pain_dev.jsonl: {len(rows)} texts, {int(tune.sum())} tune / {int((~tune).sum())} heldout")
    print(report("coder (shipped threshold)", truth, scores, tune, coder.threshold))
    for domain in sorted(set(domains) - {""}):
        part = domains == domain
        print(report(f"  {domain} only", truth[part], scores[part], tune[part], coder.threshold))
    rules = np.array([f.features[0] for f in coder.rules.analyse(texts)])
    print(report("baseline: rules alone", truth, rules, tune, None))
    print(report("baseline: tiny lexicon", truth, np.array([lexicon_score(t) for t in texts]), tune, None))
    vader = vader_scores(texts)
    if vader is not None:
        print(report("baseline: VADER (tuned)", truth, vader, tune, None))
        print(report("baseline: VADER (<-0.05)", truth, vader, tune, 0.525))
    print(f"speed (coder alone, no encoder): {len(texts) / elapsed:.0f} texts/s")


if __name__ == "__main__":
    main()

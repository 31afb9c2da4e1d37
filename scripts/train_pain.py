"""Train the pain-point head (nlp/models/pain-v1.npz).

Usage:  .venv/bin/python scripts/train_pain.py [--goemotions DIR] [--out PATH] [--cache DIR]

Data: GoEmotions' dev split as weak supervision (anger, annoyance, disappointment, disapproval, disgust,
sadness, fear -> pain; admiration, gratitude, joy, love, approval, neutral and other calm or positive
labels -> not pain; mixed rows dropped), plus the hand-written examples of
nlp/coders/data/pain_train.yaml and the "tune" meetings of nlp/eval/spoken_dev.jsonl (real meeting
speech), each weighted OWN_WEIGHT times a GoEmotions row. A logistic
regression reads the sentence embedding and the rule features; the threshold is the one with the best
macro-F1 on the "tune" half of nlp/eval/pain_dev.jsonl and the spoken tune meetings together (the
held-out halves are never used here).
Embeddings are cached under /tmp. Needs scikit-learn (installed with BERTopic); inference does not.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from nlp.checking import Checker, read_yaml
from nlp.coders.pain.model import FORMAT_VERSION
from nlp.coders.pain.paths import DEFAULT_MODEL_PATH, DEV_PATH, EXAMPLES_PATH
from nlp.coders.pain.rules import CATEGORIES, RULE_FEATURES, PainRules, load_pain_lexicon
from nlp.coders.paths import SPOKEN_PATH
from nlp.coders.scoring import best_threshold, is_tune, read_jsonl
from nlp.encoder import EMBEDDING_DIM, WEIGHTS_SHA256, get_encoder

PAIN_LABELS = {"anger", "annoyance", "disappointment", "disapproval", "disgust", "sadness", "fear"}
CALM_LABELS = {
    "admiration",
    "gratitude",
    "joy",
    "love",
    "approval",
    "neutral",
    "amusement",
    "excitement",
    "optimism",
    "curiosity",
    "caring",
    "relief",
}
OWN_WEIGHT = 10.0
SPOKEN_WEIGHT = 10.0
C = 0.1
# Rule features are multiplied by this while fitting (the factor is folded into the saved weights), so
# the L2 penalty, set for 384 embedding dimensions, does not shrink the few rule weights as much.
RULE_SCALE = 3.0


def weak_goemotions(data: Path) -> tuple[list[str], np.ndarray]:
    """Texts and 0/1 weak labels of GoEmotions' dev split; rows mixing both sides are dropped."""
    names = (data / "original_labels.txt").read_text(encoding="utf-8").split()
    texts, labels = [], []
    for line in (data / "original_dev.tsv").read_text(encoding="utf-8").splitlines():
        text, ids, _ = line.split("\t")
        emotions = {names[int(i)] for i in ids.split(",")}
        pain, calm = bool(emotions & PAIN_LABELS), bool(emotions & CALM_LABELS)
        if pain != calm:
            texts.append(text)
            labels.append(int(pain))
    return texts, np.array(labels)


def own_examples(path: Path) -> tuple[list[str], np.ndarray, list[str]]:
    """Texts, 0/1 labels and group names (a category for pains) of the hand-written examples."""
    keys = {"pain", "not_pain"}
    data = Checker(path.name).mapping(read_yaml(path), "", keys, keys)
    rows = [(t, 1, c) for c, items in data["pain"].items() for t in items]
    rows += [(t, 0, g) for g, items in data["not_pain"].items() for t in items]
    return [r[0] for r in rows], np.array([r[1] for r in rows]), [r[2] for r in rows]


def spoken_tune(path: Path = SPOKEN_PATH) -> tuple[list[str], np.ndarray]:
    """Texts and 0/1 pain labels of the spoken dev set's tune meetings."""
    rows = [r for r in read_jsonl(path) if r["split"] == "tune"]
    return [str(r["text"]) for r in rows], np.array([int(str(r["pain"])) for r in rows])


def embed(texts: Sequence[str], cache: Path) -> np.ndarray:
    """Sentence embeddings, from the /tmp cache when the same texts were embedded before."""
    key = hashlib.sha256(("\n".join(texts) + WEIGHTS_SHA256).encode()).hexdigest()[:16]
    path = cache / f"embeddings-{key}.npy"
    if path.exists():
        return np.load(path, allow_pickle=False)
    vectors = get_encoder().encode(texts)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def centroids(vectors: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """L2-normalised mean embedding of each category's examples, in CATEGORIES order."""
    rows = [vectors[[g == c for g in groups]].mean(0) for c in CATEGORIES]
    stacked = np.stack(rows)
    return (stacked / np.linalg.norm(stacked, axis=1, keepdims=True)).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--goemotions", type=Path, default=Path("/work/shared/data/goemotions"))
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/desirelines-pain-cache"))
    args = parser.parse_args()
    rules = PainRules(load_pain_lexicon())

    def features(texts: list[str]) -> np.ndarray:
        rule_features = np.stack([f.features for f in rules.analyse(texts)])
        return np.hstack([embed(texts, args.cache), RULE_SCALE * rule_features])

    ge_texts, ge_y = weak_goemotions(args.goemotions)
    own_texts, own_y, groups = own_examples(EXAMPLES_PATH)
    spoken_texts, spoken_y = spoken_tune()
    x = np.vstack([features(ge_texts), features(own_texts), features(spoken_texts)])
    y = np.concatenate([ge_y, own_y, spoken_y])
    weight = np.concatenate(
        [np.ones(len(ge_y)), np.full(len(own_y), OWN_WEIGHT), np.full(len(spoken_y), SPOKEN_WEIGHT)]
    )
    model = LogisticRegression(C=C, max_iter=5000).fit(x, y, sample_weight=weight)
    print(f"fitted on {len(ge_y)} GoEmotions rows ({ge_y.mean():.0%} pain) and {len(own_y)} own examples")

    dev = [r for r in read_jsonl(DEV_PATH) if is_tune(str(r["text"]))]
    dev_texts = [str(r["text"]) for r in dev] + spoken_texts
    dev_truth = np.concatenate([[int(str(r["label"])) == 1 for r in dev], spoken_y == 1])
    raw = model.predict_proba(features(dev_texts))[:, 1]
    threshold = best_threshold(dev_truth, raw)
    print(f"threshold {threshold:.2f} (tuned on {len(dev_texts)} tune-half dev texts, spoken included)")
    np.savez(
        args.out,
        format_version=np.array(FORMAT_VERSION),
        weights=(
            model.coef_[0] * np.r_[np.ones(EMBEDDING_DIM), np.full(len(RULE_FEATURES), RULE_SCALE)]
        ).astype(np.float32),
        bias=np.array(model.intercept_[0], dtype=np.float32),
        threshold=np.array(threshold, dtype=np.float32),
        rule_features=np.array(RULE_FEATURES),
        categories=np.array(CATEGORIES),
        centroids=centroids(embed(own_texts, args.cache), groups),
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

"""Build the forces model (nlp/models/forces-v1.npz) from the prototypes in nlp/coders/data/forces.yaml.

Usage:  .venv/bin/python scripts/train_forces.py [--out PATH]

Embeds the prototypes, then fits one logistic regression per force on the prototypes themselves (with
leave-one-out similarities: a prototype never counts towards its own class) and on the "tune" half of
nlp/eval/forces_dev.jsonl, whose multi-label rows teach the model how forces combine. Thresholds are
the ones with the best F1 per force on out-of-fold scores of that tune half (4 folds, each scored by a
model fitted without it); the "heldout" half is never used here. C was chosen by the same
cross-validation (0.1 / 0.3 / 1 / 3 / 10 -> macro-F1 at 0.5: 0.88 / 0.89 / 0.91 / 0.92 / 0.95).
Needs scikit-learn (installed with BERTopic); inference does not.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from nlp.coders.forces.coder import file_sha256
from nlp.coders.forces.evaluate import force_matrix
from nlp.coders.forces.model import (
    CLASSES,
    FEATURES,
    FORMAT_VERSION,
    ForcesModel,
    class_similarities,
    feature_tensor,
)
from nlp.coders.forces.paths import DEFAULT_FORCES_PATH, DEFAULT_MODEL_PATH, DEV_PATH
from nlp.coders.forces.rules import FORCES, ForceRules, load_forces_lexicon
from nlp.coders.pain.rules import PainRules, load_pain_lexicon
from nlp.coders.rules.lexicon import read_yaml
from nlp.coders.scoring import THRESHOLD_GRID, f1, is_tune, read_jsonl
from nlp.encoder import get_encoder

C = 10.0
FOLDS = 4
SEED = 0


def prototypes(path: Path) -> tuple[list[str], np.ndarray]:
    data = read_yaml(path, required={"prototypes", "cues", "markers", "negators"})["prototypes"]
    pairs = [(text, label) for label in CLASSES for text in data[label]]
    return [p[0] for p in pairs], np.array([p[1] for p in pairs])


def fit(x: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights (4, F) and bias (4,) of one balanced logistic regression per force; truth is (n, 4)."""
    weights = np.zeros((len(FORCES), len(FEATURES)), dtype=np.float32)
    bias = np.zeros(len(FORCES), dtype=np.float32)
    for f in range(len(FORCES)):
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
        model.fit(x[:, f], truth[:, f])
        weights[f], bias[f] = model.coef_[0], model.intercept_[0]
    return weights, bias


def tune_half() -> tuple[list[str], np.ndarray]:
    """Texts and (n, 4) truth of the tune half of the dev set."""
    rows = [r for r in read_jsonl(DEV_PATH) if is_tune(str(r["text"]))]
    return [str(r["text"]) for r in rows], force_matrix(rows)


def out_of_fold(x_fixed: np.ndarray, truth_fixed: np.ndarray, x: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """(n, 4) scores of the rows of x, each from a model fitted on x_fixed and the other folds of x."""
    fold = np.random.default_rng(SEED).permutation(len(x)) % FOLDS
    scores = np.zeros(truth.shape)
    for k in range(FOLDS):
        rest = fold != k
        weights, bias = fit(np.concatenate([x_fixed, x[rest]]), np.concatenate([truth_fixed, truth[rest]]))
        logits = np.einsum("nfk,fk->nf", x[fold == k], weights) + bias
        scores[fold == k] = 1.0 / (1.0 + np.exp(-logits))
    return scores


def plateau_middle(values: list[float], tolerance: float = 0.01) -> float:
    """The middle grid threshold among those within `tolerance` of the best F1: with ~90 texts the F1
    curve is flat near its top, and its middle is steadier than its first maximum."""
    near = np.flatnonzero(np.asarray(values) >= max(values) - tolerance)
    return float(THRESHOLD_GRID[int(near[len(near) // 2])])


def tune_thresholds(scores: np.ndarray, truth: np.ndarray) -> np.ndarray:
    best = [
        plateau_middle([f1(truth[:, k], scores[:, k] >= t) for t in THRESHOLD_GRID])
        for k in range(len(FORCES))
    ]
    chosen = dict(zip(FORCES, map(float, best), strict=True))
    print(f"thresholds tuned on {len(truth)} tune-half dev texts: {chosen}")
    return np.array(best, dtype=np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    args = parser.parse_args()
    texts, labels = prototypes(DEFAULT_FORCES_PATH)
    vectors = get_encoder().encode(texts)
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1.0)
    rules, pain_rules = ForceRules(load_forces_lexicon()), PainRules(load_pain_lexicon())

    def features(texts: list[str], similarity: np.ndarray) -> np.ndarray:
        pain = np.array([f.features[0] for f in pain_rules.analyse(texts)])
        return feature_tensor(similarity, rules.analyse(texts), pain)

    sha = file_sha256(DEFAULT_FORCES_PATH)
    model = ForcesModel(vectors, labels, sha, np.zeros((0,)), np.zeros((0,)), np.zeros((0,)))
    dev_texts, dev_truth = tune_half()
    x_dev = features(dev_texts, model.similarities(get_encoder().encode(dev_texts)))
    x_proto = features(texts, class_similarities(sims, labels))
    truth_proto = labels[:, None] == np.array(FORCES)[None, :]
    weights, bias = fit(np.concatenate([x_proto, x_dev]), np.concatenate([truth_proto, dev_truth]))
    thresholds = tune_thresholds(out_of_fold(x_proto, truth_proto, x_dev, dev_truth), dev_truth)
    np.savez(
        args.out,
        format_version=np.array(FORMAT_VERSION),
        prototypes=vectors.astype(np.float32),
        prototype_labels=labels,
        source_sha256=np.array(sha),
        features=np.array(FEATURES),
        weights=weights,
        bias=bias,
        thresholds=thresholds,
    )
    print(f"wrote {args.out} ({len(texts)} prototypes)")


if __name__ == "__main__":
    main()

"""Emotion figures on the GoEmotions dev split (28 labels, macro-F1).

The thresholds were tuned on this split, so it flatters the model; scripts/train_emotion.py also
reports a slice of train held out from fitting and tuning, the honest estimate.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlp.coders.emotion.paths import GOEMOTIONS_DIR

DEV = GOEMOTIONS_DIR / "original_dev.tsv"


def read_split(path: Path) -> tuple[list[str], list[list[int]]]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, ids, _ = line.split("\t")
        texts.append(text)
        labels.append([int(i) for i in ids.split(",")])
    return texts, labels


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    tp = (truth & predicted).sum(axis=0)
    precision = tp / np.maximum(predicted.sum(axis=0), 1)
    recall = tp / np.maximum(truth.sum(axis=0), 1)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return float(f1.mean())


def main(path: Path = DEV) -> None:
    from nlp.coders.emotion.coder import load_emotion_coder
    from nlp.encoder import get_encoder

    if not path.is_file():
        print(f"emotion: GoEmotions dev split not found at {path} (set DESIRELINES_GOEMOTIONS_DIR)")
        return
    texts, labels = read_split(path)
    coder = load_emotion_coder()
    probabilities = coder.probabilities(texts, get_encoder().encode_features(texts))
    truth = np.zeros_like(probabilities, dtype=bool)
    for row, ids in enumerate(labels):
        truth[row, ids] = True
    predicted = probabilities >= coder.model.thresholds
    score = macro_f1(truth, predicted)
    print(f"emotion: GoEmotions dev ({len(texts):,} texts), macro-F1 over 28 labels {score:.3f}")
    print("         (thresholds were tuned on this split; scripts/train_emotion.py reports held-out figures)")


if __name__ == "__main__":
    main()

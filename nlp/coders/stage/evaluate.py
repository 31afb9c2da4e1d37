"""Evaluate the stage coder on the held-out dev set: `python -m nlp.coders.stage.evaluate`.

Scores `seven-step` collapsed to five classes (awareness, research, purchase, post-purchase, loyalty)
from text alone, next to two baselines: nearest stage description and always the majority class.
Macro-F1 is reported on the dev set as written (roughly balanced) and reweighted to a brand-tweet mix
(80% post-purchase, 5% each other class), closer to what customers tweet at brands. The weights in
nlp.coders.stage.weights were tuned on the "tune" split; report the "test" split.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from nlp.coders.stage.coder import StageCoder
from nlp.coders.stage.labels import FIVE_STAGES, collapse_to_five
from nlp.coders.stage.paths import DEV_PATH
from nlp.encoder import Encoder, get_encoder
from nlp.frameworks import load_framework
from nlp.types import CodingInput

TWEET_MIX = {"awareness": 0.05, "research": 0.05, "purchase": 0.05, "post-purchase": 0.80, "loyalty": 0.05}


@dataclass(frozen=True, slots=True)
class DevItem:
    """One labelled line of the dev set."""

    item: CodingInput
    label: str
    split: str


@dataclass(frozen=True, slots=True)
class Scores:
    """Macro-F1 (plain and reweighted to the tweet mix) and per-class F1 (plain)."""

    macro: float
    macro_tweet_mix: float
    per_class: dict[str, float]


def load_dev(path: Path = DEV_PATH) -> list[DevItem]:
    """The dev set: one JSON object per line with text, label, split and optional question/position."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        item = CodingInput(row["text"], row.get("question"), row.get("position"))
        items.append(DevItem(item=item, label=row["label"], split=row["split"]))
    return items


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """F1 over the five classes."""
    labels = list(FIVE_STAGES)
    counts = {label: max(1, sum(g == label for g in gold)) for label in labels}
    weights = [TWEET_MIX[g] / counts[g] for g in gold]
    per_class = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    return Scores(
        macro=float(np.mean(per_class)),
        macro_tweet_mix=float(
            f1_score(gold, predicted, labels=labels, average="macro", sample_weight=weights, zero_division=0)
        ),
        per_class={label: float(f1) for label, f1 in zip(labels, per_class, strict=True)},
    )


def coder_predictions(coder: StageCoder, items: Sequence[CodingInput], embeddings: np.ndarray) -> list[str]:
    """The coder's stage per item, collapsed to five classes."""
    return [collapse_to_five(code.label) for code in coder.decide(items, embeddings)]


def nearest_description(coder: StageCoder, encoder: Encoder) -> Callable[[np.ndarray], list[str]]:
    """Baseline: the stage whose description is closest to the utterance, collapsed to five."""
    stages = coder.framework.stages
    descriptions = encoder.encode([stage.description for stage in stages])
    return lambda embeddings: [
        collapse_to_five(stages[i].id) for i in (embeddings @ descriptions.T).argmax(1)
    ]


def text_only(items: Sequence[DevItem]) -> list[CodingInput]:
    return [CodingInput(dev.item.text) for dev in items]


def report(split: str, path: Path = DEV_PATH) -> None:
    """Print macro-F1 and per-class F1 of the coder and the baselines on one split ("all" for both)."""
    dev = load_dev(path)
    chosen = [d for d in dev if split in ("all", d.split)]
    encoder = get_encoder()
    coder = StageCoder(load_framework("seven-step"), encoder)
    embeddings = encoder.encode([d.item.text for d in chosen])
    standalone = [i for i, d in enumerate(chosen) if d.item.question is None]
    answers = [i for i, d in enumerate(chosen) if d.item.question is not None]
    tune_labels = [d.label for d in dev if d.split == "tune"]
    majority = max(FIVE_STAGES, key=tune_labels.count)
    print(f"{path.name}, split={split}: seven-step collapsed to five classes")
    print(f"-- {len(standalone)} standalone utterances (tweets, interview lines), text only:")
    gold = [chosen[i].label for i in standalone]
    _print(
        "stage coder",
        score(
            gold, coder_predictions(coder, text_only([chosen[i] for i in standalone]), embeddings[standalone])
        ),
    )
    _print("nearest description", score(gold, nearest_description(coder, encoder)(embeddings[standalone])))
    _print(f"majority ({majority})", score(gold, [majority] * len(gold)))
    if answers:
        print(f"-- {len(answers)} interview answers that come with their question and position:")
        gold = [chosen[i].label for i in answers]
        items = [chosen[i] for i in answers]
        _print(
            "stage coder, text only",
            score(gold, coder_predictions(coder, text_only(items), embeddings[answers])),
        )
        _print(
            "stage coder, with context",
            score(gold, coder_predictions(coder, [d.item for d in items], embeddings[answers])),
        )


def _print(name: str, scores: Scores) -> None:
    per_class = "  ".join(f"{label} {f1:.2f}" for label, f1 in scores.per_class.items())
    print(f"{name:26s} macro-F1 {scores.macro:.3f}  (tweet mix {scores.macro_tweet_mix:.3f})  | {per_class}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Evaluate the stage coder on the dev set.")
    parser.add_argument("--split", choices=["test", "tune", "all"], default="test")
    parser.add_argument("--dev", type=Path, default=DEV_PATH)
    args = parser.parse_args(argv)
    report(args.split, args.dev)


if __name__ == "__main__":
    main()

"""Figures on real speech: `python -m nlp.coders.spoken_eval` (also part of `desirelines eval`).

nlp/eval/spoken_dev.jsonl holds sentences of real meetings (AMI and ICSI corpora, CC BY 4.0; see
nlp/eval/SOURCES.md), labelled for pain, CX emotion and stage; whole meetings are either "tune"
(used for thresholds and calibration) or "heldout" (only measured here). Each coder's calibrated
scores are checked with a reliability curve on held-out data: pain and emotion on the held-out
meetings, stage on those plus the test split of stage_dev.jsonl (hand-written stage examples).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nlp.coders.emotion.map import NEUTRAL
from nlp.coders.paths import SPOKEN_PATH
from nlp.coders.reliability import format_reliability, reliability
from nlp.coders.scoring import read_jsonl
from nlp.coders.stage.labels import NO_STAGE, collapse_to_five
from nlp.types import CodingInput


@dataclass(frozen=True, slots=True)
class Outcomes:
    """Per code: its score, whether it was right, and (emotion, stage) whether its label is "nothing here"."""

    scores: np.ndarray
    correct: np.ndarray
    neutral: np.ndarray | None = None


@dataclass(frozen=True, slots=True)
class SpokenRow:
    """One labelled sentence of real speech; `question` is the interviewer turn before it, if recorded."""

    text: str
    pain: bool
    emotion: str
    stage: str
    split: str
    question: str | None = None


def load_spoken(path: Path = SPOKEN_PATH, split: str = "all") -> list[SpokenRow]:
    """The labelled sentences of one split ("tune", "heldout" or "all")."""
    rows = read_jsonl(path)
    return [
        SpokenRow(
            str(r["text"]),
            int(str(r["pain"])) == 1,
            str(r["emotion"]),
            str(r["stage"]),
            str(r["split"]),
            str(r["question"]) if r.get("question") else None,
        )
        for r in rows
        if split in ("all", r["split"])
    ]


def pain_outcomes(coder: Any, texts: Sequence[str], truth: np.ndarray, embeddings: np.ndarray) -> Outcomes:
    """The pain score of every text, right when the text is a pain (a probability of pain)."""
    scores = np.array([r.score for r in coder.predict(list(texts), embeddings)])
    return Outcomes(scores, np.asarray(truth, dtype=bool))


def emotion_outcomes(coder: Any, rows: Sequence[SpokenRow], features: Any) -> tuple[Outcomes, list[str]]:
    """The chosen CX emotion's score, right when it is the labelled emotion; and the emotions."""
    results = coder.predict([r.text for r in rows], features)
    names = [r.emotion for r in results]
    correct = np.array([name == row.emotion for name, row in zip(names, rows, strict=True)])
    neutral = np.array([name == NEUTRAL for name in names], dtype=bool)
    return Outcomes(np.array([r.emotion_score for r in results]), correct, neutral), names


def stage_outcomes(
    coder: Any, items: Sequence[CodingInput], gold: Sequence[str], embeddings: np.ndarray
) -> Outcomes:
    """The chosen stage's (or abstention's) score, right when it matches the five-class label."""
    codes = coder.decide(list(items), embeddings)
    labels = [collapse_to_five(code.label) for code in codes]
    return Outcomes(
        np.array([c.score for c in codes]),
        np.array([p == g for p, g in zip(labels, gold, strict=True)]),
        np.array([code.label == NO_STAGE for code in codes], dtype=bool),
    )


def stage_rows(split: str) -> tuple[list[CodingInput], list[str]]:
    """Stage items and five-class labels: stage_dev's standalone texts plus spoken sentences ("none")."""
    from nlp.coders.stage.evaluate import load_dev

    stage_split = "test" if split == "heldout" else split
    dev = [d for d in load_dev() if d.item.question is None and stage_split in ("all", d.split)]
    spoken = load_spoken(split=split)
    items = [CodingInput(d.item.text) for d in dev] + [CodingInput(r.text) for r in spoken]
    return items, [d.label for d in dev] + [r.stage for r in spoken]


def f1_parts(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = float(np.sum(truth & predicted))
    precision, recall = tp / max(float(predicted.sum()), 1.0), tp / max(float(truth.sum()), 1.0)
    return precision, recall, 2 * tp / max(float(truth.sum() + predicted.sum()), 1.0)


def main() -> None:
    from nlp.coders.emotion.coder import load_emotion_coder
    from nlp.coders.pain.coder import load_pain_coder
    from nlp.coders.stage.coder import get_stage_coder
    from nlp.encoder import get_encoder

    encoder = get_encoder()
    rows = load_spoken(split="heldout")
    texts = [r.text for r in rows]
    features = encoder.encode_features(texts)
    embeddings = np.asarray(features.embeddings)
    print(f"spoken_dev.jsonl held-out meetings: {len(rows)} sentences of real meeting speech")
    _pain(load_pain_coder(), rows, embeddings)
    _emotion(load_emotion_coder(), rows, features)
    items, gold = stage_rows("heldout")
    stage = stage_outcomes(
        get_stage_coder("seven-step"), items, gold, encoder.encode([i.text for i in items])
    )
    none = np.array([g == NO_STAGE for g in gold])
    print(
        f"stage: right on {stage.correct[none].mean():.0%} of {int(none.sum())} sentences without a stage"
        f" (abstained) and {stage.correct[~none].mean():.0%} of {int((~none).sum())} stage_dev test texts"
    )
    print(format_reliability("stage", reliability(stage.scores, stage.correct)))


def _pain(coder: Any, rows: Sequence[SpokenRow], embeddings: np.ndarray) -> None:
    truth = np.array([r.pain for r in rows])
    outcomes = pain_outcomes(coder, [r.text for r in rows], truth, embeddings)
    precision, recall, f1 = f1_parts(truth, outcomes.scores >= coder.threshold)
    print(f"pain: precision {precision:.2f} recall {recall:.2f} F1 {f1:.2f} ({int(truth.sum())} pains)")
    print(format_reliability("pain", reliability(outcomes.scores, outcomes.correct)))


def _emotion(coder: Any, rows: Sequence[SpokenRow], features: Any) -> None:
    outcomes, names = emotion_outcomes(coder, rows, features)
    neutral = [name for name, row in zip(names, rows, strict=True) if row.emotion == NEUTRAL]
    frustrated = [name for name, row in zip(names, rows, strict=True) if row.emotion == "frustration"]
    share = neutral.count("satisfaction") / max(len(neutral), 1)
    emotional = sum(n != NEUTRAL for n in neutral) / max(len(neutral), 1)
    print(
        f"emotion: 'satisfaction' on {share:.0%} of {len(neutral)}"
        f" neutral sentences, any emotion on {emotional:.0%};"
        f" frustration found {frustrated.count('frustration')} of {len(frustrated)}"
    )
    print(format_reliability("emotion", reliability(outcomes.scores, outcomes.correct)))


if __name__ == "__main__":
    main()

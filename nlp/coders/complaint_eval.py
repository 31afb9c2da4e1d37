"""Figures on real written complaints: `python -m nlp.coders.complaint_eval` (also in `desirelines eval`).

The labelled file (real customer tweets to airlines, February 2015; see nlp/eval/SOURCES.md) is not
shipped: its source is CC BY-NC-SA, which an Apache-2.0 product cannot carry. Rebuild it as SOURCES.md
says and point DESIRELINES_COMPLAINT_TWEETS at it; without it this evaluation says so and is skipped.
Rows are labelled complaint (1) or not (0). Whole airlines are either "tune" (United and
Virgin America: read for errors while writing cues) or "heldout" (Southwest: only measured). The pain
coder's decision is read as "complaint"; the figure is macro-F1 over both classes, as complaint
studies report it.
The same tweets carry a five-class journey stage ("none" where the tweet shows none): the stage coder
is scored by macro-F1 over the five stages on tweets that have one (an abstention there is a miss).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nlp.coders.paths import EVAL_DIR
from nlp.coders.scoring import macro_f1
from nlp.coders.stage.labels import NO_STAGE

COMPLAINTS_PATH = Path(
    os.environ.get("DESIRELINES_COMPLAINT_TWEETS", EVAL_DIR / "complaint_tweets_dev.jsonl")
)


@dataclass(frozen=True, slots=True)
class ComplaintRow:
    """One labelled tweet."""

    text: str
    complaint: bool
    split: str
    stage: str


def load_complaints(path: Path = COMPLAINTS_PATH, split: str = "all") -> list[ComplaintRow]:
    """The labelled tweets of one split ("tune", "heldout" or "all")."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [json.loads(line) for line in lines]
    return [
        ComplaintRow(str(r["text"]), int(r["complaint"]) == 1, str(r["split"]), str(r["stage"]))
        for r in rows
        if split in ("all", r["split"])
    ]


def complaint_predictions(coder: Any, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
    """Whether the pain coder calls each text a pain (a complaint)."""
    return np.array([r.is_pain for r in coder.predict(texts, embeddings)], dtype=bool)


def stage_report(rows: list[ComplaintRow], predicted: list[str]) -> str:
    """Five-class stage macro-F1 on the tweets with a stage, and how often "none" tweets are abstained."""
    from nlp.coders.stage.evaluate import score

    staged = [(r.stage, p) for r, p in zip(rows, predicted, strict=True) if r.stage != NO_STAGE]
    scores = score([g for g, _ in staged], [p for _, p in staged])
    unstaged = [p for r, p in zip(rows, predicted, strict=True) if r.stage == NO_STAGE]
    per_class = ", ".join(f"{k} {v:.2f}" for k, v in scores.per_class.items())
    return (
        f"stage on tweets: macro-F1 {scores.macro:.2f} on {len(staged)} tweets with a stage ({per_class});"
        f" abstained on {unstaged.count(NO_STAGE)} of {len(unstaged)} without one"
    )


def main(split: str = "heldout") -> None:
    from nlp.coders.pain.coder import load_pain_coder
    from nlp.coders.stage.coder import get_stage_coder
    from nlp.coders.stage.evaluate import coder_predictions
    from nlp.encoder import get_encoder
    from nlp.types import CodingInput

    if not COMPLAINTS_PATH.exists():
        print(
            f"complaint tweets: {COMPLAINTS_PATH} not found (not shipped: CC BY-NC-SA);"
            " set DESIRELINES_COMPLAINT_TWEETS to a copy built as nlp/eval/SOURCES.md says"
        )
        return
    rows = load_complaints(split=split)
    texts = [r.text for r in rows]
    embeddings = np.asarray(get_encoder().encode(texts))
    truth = np.array([r.complaint for r in rows], dtype=bool)
    predicted = complaint_predictions(load_pain_coder(), texts, embeddings)
    print(
        f"complaint tweets ({split}): macro-F1 {macro_f1(truth, predicted):.2f} on {len(rows)} tweets"
        f" ({int(truth.sum())} complaints; flagged {int(predicted.sum())})"
    )
    stages = coder_predictions(get_stage_coder("seven-step"), [CodingInput(t) for t in texts], embeddings)
    print(stage_report(rows, stages))


if __name__ == "__main__":
    import sys

    main(sys.argv[1] if len(sys.argv) > 1 else "heldout")

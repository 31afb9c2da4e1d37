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

A second set is read the same way when DESIRELINES_COMPLAINTS_CSV points at `complaints-data.csv` of
Preotiuc-Pietro et al. (2019, github.com/danielpreotiuc/complaints-social-media; no licence stated, so
not shipped): their complaint labels, and our five-class stage and tune/heldout split of three stretches
of that file, kept by tweet id in nlp/eval/brand_tweet_stages.tsv.
"""

from __future__ import annotations

import csv
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

# Preotiuc-Pietro et al. (2019) complaint tweets: their CSV (id, text, complaint, domain) is not shipped
# (no licence stated); our stage labels and tune/heldout split of three stretches of it are, by tweet id.
BRAND_STAGES_PATH = EVAL_DIR / "brand_tweet_stages.tsv"
COMPLAINTS_CSV_ENV = "DESIRELINES_COMPLAINTS_CSV"


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


def load_brand_tweets(
    csv_path: Path, stages_path: Path = BRAND_STAGES_PATH, split: str = "all"
) -> list[ComplaintRow]:
    """Our labelled stretches of the complaints CSV: its text and complaint label, our stage and split.

    Raises:
        KeyError: A labelled tweet id is missing from the CSV (a different copy of the data).
    """
    with csv_path.open(encoding="utf-8", newline="") as handle:
        tweets = {row[0]: row for row in csv.reader(handle) if len(row) >= 3}
    with stages_path.open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle, delimiter="\t"))
    return [
        ComplaintRow(
            tweets[r["tweet_id"]][1], tweets[r["tweet_id"]][2].strip() == "1", r["split"], r["stage"]
        )
        for r in labels
        if split in ("all", r["split"])
    ]


def complaint_predictions(coder: Any, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
    """Whether the pain coder calls each text a pain (a complaint)."""
    return np.array([r.is_pain for r in coder.predict(texts, embeddings)], dtype=bool)


def stage_report(rows: list[ComplaintRow], predicted: list[str]) -> str:
    """Five-class stage macro-F1 on the tweets with a stage, and how often the coder abstains.

    Macro-F1 averages the five stages' F1, so a stage no tweet has (awareness, in our stretches) counts
    0; the mean over the stages the tweets do have is given beside it. An abstention on a tweet with a
    stage is a miss; the share of those is reported, and how often "none" tweets get no stage.
    """
    from nlp.coders.stage.evaluate import score

    staged = [(r.stage, p) for r, p in zip(rows, predicted, strict=True) if r.stage != NO_STAGE]
    scores = score([g for g, _ in staged], [p for _, p in staged])
    present = [stage for stage in scores.per_class if any(g == stage for g, _ in staged)]
    over_present = sum(scores.per_class[stage] for stage in present) / max(len(present), 1)
    missed = sum(p == NO_STAGE for _, p in staged)
    unstaged = [p for r, p in zip(rows, predicted, strict=True) if r.stage == NO_STAGE]
    per_class = ", ".join(f"{k} {v:.2f}" for k, v in scores.per_class.items())
    return (
        f"stage on tweets: macro-F1 {scores.macro:.2f} on {len(staged)} tweets with a stage ({per_class});"
        f" {over_present:.2f} over the {len(present)} stages they have;"
        f" abstained on {missed} of {len(staged)} with a stage"
        f" and on {unstaged.count(NO_STAGE)} of {len(unstaged)} without one"
    )


def main(split: str = "heldout") -> None:
    """Pain-as-complaint and stage figures on each labelled tweet set that is present here."""
    brand_csv = Path(os.environ.get(COMPLAINTS_CSV_ENV, "complaints-data.csv"))
    if brand_csv.exists():
        _report(f"brand complaint tweets ({split})", load_brand_tweets(brand_csv, split=split))
    else:
        print(f"brand complaint tweets: set {COMPLAINTS_CSV_ENV} to their complaints-data.csv (SOURCES.md)")
    if not COMPLAINTS_PATH.exists():
        print(
            f"complaint tweets: {COMPLAINTS_PATH} not found (not shipped: CC BY-NC-SA);"
            " set DESIRELINES_COMPLAINT_TWEETS to a copy built as nlp/eval/SOURCES.md says"
        )
        return
    _report(f"complaint tweets ({split})", load_complaints(split=split))


def _report(name: str, rows: list[ComplaintRow]) -> None:
    from nlp.coders.pain.coder import load_pain_coder
    from nlp.coders.stage.coder import get_stage_coder
    from nlp.coders.stage.evaluate import coder_predictions
    from nlp.encoder import get_encoder
    from nlp.types import CodingInput

    texts = [r.text for r in rows]
    embeddings = np.asarray(get_encoder().encode(texts))
    truth = np.array([r.complaint for r in rows], dtype=bool)
    predicted = complaint_predictions(load_pain_coder(), texts, embeddings)
    print(
        f"{name}: macro-F1 {macro_f1(truth, predicted):.2f} on {len(rows)} tweets"
        f" ({int(truth.sum())} complaints; flagged {int(predicted.sum())})"
    )
    stages = coder_predictions(get_stage_coder("seven-step"), [CodingInput(t) for t in texts], embeddings)
    print(stage_report(rows, stages))


if __name__ == "__main__":
    import sys

    main(sys.argv[1] if len(sys.argv) > 1 else "heldout")

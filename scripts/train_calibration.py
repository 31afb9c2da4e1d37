"""Fit the calibration maps of nlp/models/calibration-v1.json on the tune splits.

Usage:  .venv/bin/python scripts/train_calibration.py [--out PATH] [--only CODER ...]

Raw (uncalibrated) scores of the shipped pain, emotion and stage coders on the tune meetings of
nlp/eval/spoken_dev.jsonl (real meeting speech) and the tune interviews of interview_dev.jsonl, plus the
tune half of pain_dev.jsonl (pain) and the tune half of stage_dev.jsonl (stage); a one-feature logistic
regression on logit(score) gives a and b (nlp.coders.calibration_fit). Emotion and stage also get a map
per group of the chosen label (neutral / no stage, or a named emotion / stage), since that group says
more about being right than the raw score; the printed tune cross-validation (folds by meeting or
interview for emotion) compares one map with the grouped ones. The held-out meetings, interviews and
splits are never read here; `desirelines eval` reports the curves on them. With --only, the named
entries are refitted and the others are kept as they are in the existing file (a refit of one coder
leaves the other maps alone). Needs scikit-learn; inference does not.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from nlp.coders.calibration import FORMAT_VERSION
from nlp.coders.calibration_fit import cross_validated, fit_calibration, to_entry
from nlp.coders.emotion.coder import EmotionCoder, load_emotion_coder
from nlp.coders.pain.coder import PainPointCoder, load_pain_coder
from nlp.coders.pain.paths import DEV_PATH
from nlp.coders.paths import DEFAULT_CALIBRATION_PATH, INTERVIEW_PATH, SPOKEN_PATH
from nlp.coders.scoring import is_tune, read_jsonl
from nlp.coders.spoken_eval import (
    Outcomes,
    emotion_outcomes,
    load_spoken,
    pain_outcomes,
    stage_outcomes,
    stage_rows,
)
from nlp.coders.stage.coder import StageCoder, get_stage_coder
from nlp.encoder import get_encoder

CODERS = ["pain_point", "emotion", "stage"]
FOLDS = 5


def fit(outcomes: Outcomes, folds: np.ndarray | None = None) -> dict[str, Any]:
    """A coder's entry: its maps, and (given folds) tune cross-validated Brier and ECE, one map vs grouped."""
    entry = to_entry(fit_calibration(outcomes), outcomes)
    if folds is not None and outcomes.neutral is not None:
        entry["tune_cv"] = {
            "one_map": cross_validated(outcomes, folds, lambda o: fit_calibration(o, grouped=False)),
            "grouped": cross_validated(outcomes, folds, fit_calibration),
        }
    return entry


def source_folds(paths: list[Path]) -> np.ndarray:
    """A fold per tune row of these files (in load_spoken's order), whole meetings or interviews together."""
    sources = [str(r["source"]) for path in paths for r in read_jsonl(path) if r["split"] == "tune"]
    fold_of = {name: k % FOLDS for k, name in enumerate(sorted(set(sources)))}
    return np.array([fold_of[name] for name in sources])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_CALIBRATION_PATH)
    parser.add_argument("--only", nargs="+", choices=CODERS, default=CODERS, help="entries to refit")
    args = parser.parse_args()
    encoder = get_encoder()
    spoken = load_spoken(split="tune")
    shipped_pain = load_pain_coder()
    pain = PainPointCoder(shipped_pain.model, shipped_pain.rules)
    pain_rows = [r for r in read_jsonl(DEV_PATH) if is_tune(str(r["text"]))]
    interviews = load_spoken(INTERVIEW_PATH, split="tune")
    texts = [r.text for r in spoken + interviews] + [str(r["text"]) for r in pain_rows]
    truth = np.array([r.pain for r in spoken + interviews] + [int(str(r["label"])) == 1 for r in pain_rows])
    shipped_emotion = load_emotion_coder()
    emotion = EmotionCoder(shipped_emotion.model, shipped_emotion.emotion_map)
    shipped_stage = get_stage_coder("seven-step")
    stage = StageCoder(shipped_stage.framework, encoder, shipped_stage.weights)
    items, gold = stage_rows("tune")
    talk = spoken + interviews
    stage_folds = np.arange(len(items)) % FOLDS
    fits = {
        "pain_point": lambda: fit(pain_outcomes(pain, texts, truth, encoder.encode(texts))),
        "emotion": lambda: fit(
            emotion_outcomes(emotion, talk, encoder.encode_features([r.text for r in talk]))[0],
            source_folds([SPOKEN_PATH, INTERVIEW_PATH]),
        ),
        "stage": lambda: fit(
            stage_outcomes(stage, items, gold, encoder.encode([i.text for i in items])), stage_folds
        ),
    }
    kept = json.loads(args.out.read_text(encoding="utf-8"))["coders"] if args.out.exists() else {}
    coders = {n: fits[n]() if n in args.only or n not in kept else kept[n] for n in CODERS}
    args.out.write_text(json.dumps({"format_version": FORMAT_VERSION, "coders": coders}, indent=2) + "\n")
    print(json.dumps(coders, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

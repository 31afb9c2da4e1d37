"""Figures on real one-to-one interviews: `python -m nlp.coders.interview_eval` (also in `desirelines eval`).

nlp/eval/interview_dev.jsonl holds the answers of guests interviewed on Changelog podcasts, mostly ML
practitioners on Practical AI (CC BY-SA 4.0; see nlp/eval/SOURCES.md), labelled like spoken_dev.jsonl.
Whole interviews are "tune" (may be read for errors; the pain head's CV and threshold use them) or
"heldout" (only measured). Meetings (spoken_eval) are
the other real-speech check; interviews are what researchers upload, so both are printed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nlp.coders.emotion.map import NEUTRAL
from nlp.coders.paths import INTERVIEW_PATH
from nlp.coders.spoken_eval import SpokenRow, f1_parts, load_spoken
from nlp.coders.stage.labels import NO_STAGE, collapse_to_five
from nlp.types import CodingInput


@dataclass(frozen=True, slots=True)
class InterviewFigures:
    """What issue 10 asks of the coders on interview speech, for one split."""

    sentences: int
    pains: int
    precision: float
    recall: float
    f1: float
    flagged_rate: float
    true_rate: float
    neutral: int
    satisfaction_on_neutral: float
    no_stage: int
    stage_abstained: float


@dataclass(frozen=True, slots=True)
class CodedRows:
    """The coders' decisions for each labelled sentence, in row order."""

    pain: np.ndarray
    emotions: list[str]
    stages: list[str]


def interview_figures(rows: Sequence[SpokenRow], coded: CodedRows) -> InterviewFigures:
    """Pain P/R/F1 and flag rate, 'satisfaction' on neutral sentences, abstention where no stage shows."""
    truth = np.array([r.pain for r in rows], dtype=bool)
    flagged = np.asarray(coded.pain, dtype=bool)
    precision, recall, f1 = f1_parts(truth, flagged)
    neutral = [e for e, r in zip(coded.emotions, rows, strict=True) if r.emotion == NEUTRAL]
    abstained = [s == NO_STAGE for s, r in zip(coded.stages, rows, strict=True) if r.stage == NO_STAGE]
    return InterviewFigures(
        sentences=len(rows),
        pains=int(truth.sum()),
        precision=precision,
        recall=recall,
        f1=f1,
        flagged_rate=float(flagged.mean()) if len(rows) else 0.0,
        true_rate=float(truth.mean()) if len(rows) else 0.0,
        neutral=len(neutral),
        satisfaction_on_neutral=neutral.count("satisfaction") / max(len(neutral), 1),
        no_stage=len(abstained),
        stage_abstained=sum(abstained) / max(len(abstained), 1),
    )


def code_rows(
    rows: Sequence[SpokenRow], encoder: Any, pain_coder: Any, emotion_coder: Any, stage_coder: Any
) -> CodedRows:
    """Each coder's decision per sentence, from one encoder pass (as the coding pipeline does); the stage
    coder also reads the interviewer's question before each sentence, as it does in the product."""
    texts = [r.text for r in rows]
    questions = [r.question for r in rows]
    features = encoder.encode_features(texts)
    embeddings = np.asarray(features.embeddings)
    pain = np.array([r.is_pain for r in pain_coder.predict(texts, embeddings)], dtype=bool)
    emotions = [r.emotion for r in emotion_coder.predict(texts, features)]
    codes = stage_coder.decide([CodingInput(t, q) for t, q in zip(texts, questions, strict=True)], embeddings)
    return CodedRows(pain, emotions, [collapse_to_five(c.label) for c in codes])


def format_figures(name: str, f: InterviewFigures) -> str:
    """The figures as the lines `desirelines eval` prints."""
    return "\n".join(
        [
            f"{name}: {f.sentences} sentences of interview answers, {f.pains} pains",
            f"pain: precision {f.precision:.2f} recall {f.recall:.2f} F1 {f.f1:.2f};"
            f" flagged {f.flagged_rate:.0%} of sentences (true rate {f.true_rate:.0%})",
            f"emotion: 'satisfaction' on {f.satisfaction_on_neutral:.0%} of {f.neutral} neutral sentences",
            f"stage: abstained on {f.stage_abstained:.0%} of {f.no_stage} sentences without a stage",
        ]
    )


def main(split: str = "heldout") -> None:
    from nlp.coders.emotion.coder import load_emotion_coder
    from nlp.coders.pain.coder import load_pain_coder
    from nlp.coders.stage.coder import get_stage_coder
    from nlp.encoder import get_encoder

    rows = load_spoken(INTERVIEW_PATH, split=split)
    coded = code_rows(
        rows, get_encoder(), load_pain_coder(), load_emotion_coder(), get_stage_coder("seven-step")
    )
    print(format_figures(f"interview_dev.jsonl {split} interviews", interview_figures(rows, coded)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "heldout")

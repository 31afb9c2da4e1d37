"""Precision and recall of the question matcher on handwritten paraphrases, and threshold tuning.

`nlp/eval/guide_match_dev.jsonl` tunes the threshold; `guide_match_test.jsonl` (other phrasings,
other distractors) reports it. Each line: {"guide", "text", "question"}; question null for small talk
and off-guide questions that must match nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.encoder import Encoder
from nlp.guides.loader import load_guide
from nlp.guides.matching import DEFAULT_THRESHOLD, PROBE_WEIGHT, QuestionMatcher

EVAL_DIR = Path(__file__).resolve().parent.parent / "eval"
DEV = EVAL_DIR / "guide_match_dev.jsonl"
TEST = EVAL_DIR / "guide_match_test.jsonl"
MIN_PRECISION = 0.94


@dataclass(frozen=True, slots=True)
class MatchFigures:
    threshold: float
    probe_weight: float
    precision: float
    recall: float
    n: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def read_examples(path: Path) -> list[dict[str, str | None]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _scores(
    examples: Sequence[dict[str, str | None]], encoder: Encoder, probe_weight: float
) -> list[tuple[str | None, str, float]]:
    """(gold, best question, its score) per example."""
    by_guide: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for example in examples:
        by_guide[str(example["guide"])].append(example)
    out = []
    for guide_id, rows in by_guide.items():
        matcher = QuestionMatcher(load_guide(guide_id), encoder, threshold=0.0, probe_weight=probe_weight)
        scores = matcher.scores([str(row["text"]) for row in rows])
        for row, line in zip(rows, scores, strict=True):
            best = int(line.argmax())
            out.append((row["question"], matcher.question_ids[best], float(line[best])))
    return out


def figures(
    examples: Sequence[dict[str, str | None]],
    encoder: Encoder,
    threshold: float = DEFAULT_THRESHOLD,
    probe_weight: float = PROBE_WEIGHT,
) -> MatchFigures:
    """Precision: right question among sentences matched; recall: right question among guide questions."""
    return _figures(_scores(examples, encoder, probe_weight), threshold, probe_weight)


def _figures(
    scored: list[tuple[str | None, str, float]], threshold: float, probe_weight: float
) -> MatchFigures:
    predicted = [(gold, best) for gold, best, score in scored if score >= threshold]
    right = sum(1 for gold, best in predicted if gold == best)
    positives = sum(1 for gold, _, _ in scored if gold is not None)
    precision = right / len(predicted) if predicted else 1.0
    recall = right / positives if positives else 1.0
    return MatchFigures(threshold, probe_weight, precision, recall, len(scored))


def tune(
    examples: Sequence[dict[str, str | None]],
    encoder: Encoder,
    probe_weights: Sequence[float] = (0.0, 0.8, 0.9, 1.0),
    min_precision: float = MIN_PRECISION,
) -> list[MatchFigures]:
    """Figures for a grid of thresholds and probe weights, best first.

    Precision comes first (a wrong match files an answer under the wrong question and stage): the
    best setting has the highest recall among those with at least `min_precision`; a higher threshold
    breaks ties.
    """
    grid = []
    for weight in probe_weights:
        scored = _scores(examples, encoder, weight)
        for threshold in np.arange(0.30, 0.81, 0.025):
            grid.append(_figures(scored, round(float(threshold), 3), weight))
    return sorted(
        grid, key=lambda f: (f.precision >= min_precision, f.recall, f.threshold, f.precision), reverse=True
    )


def main() -> None:  # pragma: no cover - run by hand: python -m nlp.guides.match_eval
    from nlp.encoder import get_encoder

    encoder = get_encoder()
    dev, test = read_examples(DEV), read_examples(TEST)
    for row in tune(dev, encoder)[:8]:
        print(
            f"dev  t={row.threshold:.3f} probes={row.probe_weight} P={row.precision:.3f} R={row.recall:.3f}"
        )
    chosen = figures(test, encoder)
    print(
        f"test t={chosen.threshold} probes={chosen.probe_weight} "
        f"P={chosen.precision:.3f} R={chosen.recall:.3f} (n={chosen.n})"
    )


if __name__ == "__main__":  # pragma: no cover
    main()

"""Held-out figures of the forces coder: `python -m nlp.coders.forces.evaluate`.

nlp/eval/forces_dev.jsonl is split like the pain dev set (a hash of each text): thresholds are tuned
on the "tune" half (scripts/train_forces.py), the "heldout" half is only measured. Baselines: the
prototype similarity alone (best class wins, single label) and the cue rules alone.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from nlp.coders.forces.paths import DEV_PATH
from nlp.coders.forces.rules import FORCES
from nlp.coders.scoring import f1, is_tune, read_jsonl


def force_matrix(rows: Sequence[dict[str, object]]) -> np.ndarray:
    """(n, 4) boolean truth matrix from the rows' "labels" lists."""
    return np.array([[force in list(r["labels"]) for force in FORCES] for r in rows])  # type: ignore[call-overload]


def per_force(truth: np.ndarray, predicted: np.ndarray) -> str:
    scores = [f1(truth[:, k], predicted[:, k]) for k in range(len(FORCES))]
    cells = "  ".join(f"{force} {s:.3f}" for force, s in zip(FORCES, scores, strict=True))
    return f"{cells}  macro {np.mean(scores):.3f}"


def report(name: str, truth: np.ndarray, predicted: np.ndarray, tune: np.ndarray) -> None:
    print(f"{name}")
    print(f"  tune    {per_force(truth[tune], predicted[tune])}")
    print(f"  heldout {per_force(truth[~tune], predicted[~tune])}")


def main() -> None:
    from nlp.coders.forces.coder import load_forces_coder
    from nlp.encoder import get_encoder

    rows = read_jsonl(DEV_PATH)
    texts = [str(r["text"]) for r in rows]
    truth = force_matrix(rows)
    tune = np.array([is_tune(t) for t in texts])
    coder = load_forces_coder()
    embeddings = get_encoder().encode(texts)
    started = time.perf_counter()
    scores = np.array([[s[f] for f in FORCES] for s in coder.predict(texts, embeddings)])
    elapsed = time.perf_counter() - started
    print(f"forces_dev.jsonl: {len(rows)} texts, {int(tune.sum())} tune / {int((~tune).sum())} heldout")
    report("coder (shipped thresholds)", truth, scores >= coder.model.thresholds, tune)
    similarity = coder.model.similarities(embeddings)
    nearest = np.argmax(similarity, axis=1)
    report("baseline: nearest prototype class", truth, np.eye(5, dtype=bool)[nearest][:, :4], tune)
    findings = coder.rules.analyse(texts)
    report(
        "baseline: cue rules alone", truth, np.array([[f in x.cues for f in FORCES] for x in findings]), tune
    )
    print(f"speed (coder alone, no encoder): {len(texts) / elapsed:.0f} texts/s")


if __name__ == "__main__":
    main()

"""JTBD forces of progress: push (trouble with the current way), pull (attraction of the new),
anxiety (fear about the new) and habit (comfort with the current way).

Multi-label: each force has its own score and threshold. Scores come from a small logistic model per
force (nlp.coders.forces.model, nlp/models/forces-v1.npz from scripts/train_forces.py) over the
similarity of the shared sentence embedding to prototype utterances (data/forces.yaml) and the rules
(nlp.coders.forces.rules: cue phrases, old-way/new-way markers, and the pain cues as push evidence).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from nlp.coders.features import sentence_vectors
from nlp.coders.forces.model import ForcesModel, ForcesModelError, read_forces_model
from nlp.coders.forces.paths import DEFAULT_FORCES_PATH, DEFAULT_MODEL_PATH
from nlp.coders.forces.rules import (
    FORCES,
    ForceFindings,
    ForceRules,
    load_forces_lexicon,
)
from nlp.coders.pain.paths import DEFAULT_CUES_PATH
from nlp.coders.pain.rules import PainRules, load_pain_lexicon
from nlp.encoder import EncodedBatch
from nlp.types import Code, CodeKind, CodingInput

__all__ = ["FORCES", "ForcesCoder", "ForcesModelError", "load_forces_coder"]


class ForcesCoder:
    """Scores the four forces of progress in texts and codes those past their thresholds."""

    name = "desirelines.forces"
    version = "1"

    def __init__(self, model: ForcesModel, rules: ForceRules, pain_rules: PainRules) -> None:
        self.model = model
        self.rules = rules
        self.pain_rules = pain_rules

    @property
    def thresholds(self) -> dict[str, float]:
        return {force: float(t) for force, t in zip(FORCES, self.model.thresholds, strict=True)}

    def predict(self, texts: Sequence[str], embeddings: EncodedBatch | np.ndarray) -> list[dict[str, float]]:
        """force -> score in [0, 1], for each text; `embeddings` must come from the same texts."""
        return [dict(zip(FORCES, map(float, row), strict=True)) for row in self._scores(texts, embeddings)[0]]

    def code(self, items: Sequence[CodingInput], features: EncodedBatch | np.ndarray) -> list[list[Code]]:
        """Per item, a "force" code for each force at or above its threshold, strongest first."""
        scores, findings = self._scores([item.text for item in items], features)
        # Whole-batch array work; a row without a force past its threshold needs nothing more.
        passed = (scores >= self.model.thresholds).tolist()
        order = np.argsort(-scores, axis=1, kind="stable").tolist()
        values = scores.tolist()
        return [
            self._codes(*row) if any(row[2]) else []
            for row in zip(values, order, passed, findings, strict=True)
        ]

    def _scores(
        self, texts: Sequence[str], embeddings: EncodedBatch | np.ndarray
    ) -> tuple[np.ndarray, list[ForceFindings]]:
        vectors = sentence_vectors(embeddings, len(texts))
        if not texts:
            return np.zeros((0, len(FORCES)), dtype=np.float32), []
        findings = self.rules.analyse(texts)
        pain = np.array([f.features[0] for f in self.pain_rules.analyse(texts)], dtype=np.float32)
        scores = self.model.scores(vectors, findings, pain)
        # Nothing to read (empty, emoji, punctuation): no force, whatever the embedding says.
        scores[[not any(c.isalpha() for c in t[:2000]) for t in texts]] = 0.0
        return scores, findings

    def _codes(
        self, scores: list[float], order: list[int], passed: list[bool], findings: ForceFindings
    ) -> list[Code]:
        """The codes of one text's forces past their thresholds, in `order` (strongest first)."""
        codes = []
        for k in order:
            if passed[k]:
                force = FORCES[k]
                cue = findings.cues.get(force)
                span = (cue.start, cue.end) if cue else None
                codes.append(Code(self.name, self.version, CodeKind.FORCE, force, scores[k], span))
        return codes


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def load_forces_coder(
    path: Path = DEFAULT_MODEL_PATH, forces_path: Path = DEFAULT_FORCES_PATH
) -> ForcesCoder:
    """The forces coder for a model file and its forces.yaml, loaded once per process.

    Raises:
        ForcesModelError: The model file is missing, unreadable, or built from another forces.yaml.
        LexiconError: A lexicon is unreadable or malformed.
    """
    model = read_forces_model(Path(path), file_sha256(Path(forces_path)))
    # The same lexicon object as the pain coder's (load_pain_coder passes the path too), so the pain
    # rules run once per batch for both coders (see PainRules.analyse).
    pain_rules = PainRules(load_pain_lexicon(DEFAULT_CUES_PATH))
    return ForcesCoder(model, ForceRules(load_forces_lexicon(Path(forces_path))), pain_rules)

"""The forces coder's files: prototypes and cues (YAML), weights from scripts/train_forces.py."""

from __future__ import annotations

from nlp.coders.paths import DATA_DIR, EVAL_DIR, MODELS_DIR

DEFAULT_MODEL_PATH = MODELS_DIR / "forces-v1.npz"
DEFAULT_FORCES_PATH = DATA_DIR / "forces.yaml"
DEV_PATH = EVAL_DIR / "forces_dev.jsonl"

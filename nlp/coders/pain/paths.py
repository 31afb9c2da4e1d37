"""The pain-point coder's files: cues and training examples (YAML), weights from scripts/train_pain.py."""

from __future__ import annotations

from nlp.coders.paths import DATA_DIR, EVAL_DIR, MODELS_DIR

DEFAULT_MODEL_PATH = MODELS_DIR / "pain-v1.npz"
DEFAULT_CUES_PATH = DATA_DIR / "pain_cues.yaml"
EXAMPLES_PATH = DATA_DIR / "pain_train.yaml"
DEV_PATH = EVAL_DIR / "pain_dev.jsonl"

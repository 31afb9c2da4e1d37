"""The emotion coder's files: weights from scripts/train_emotion.py and the GoEmotions -> CX map."""

from __future__ import annotations

import os
from pathlib import Path

from nlp.coders.paths import DATA_DIR, MODELS_DIR, SHARED_DATA_DIR

DEFAULT_MODEL_PATH = MODELS_DIR / "emotion-v1.npz"
DEFAULT_MAP_PATH = DATA_DIR / "emotion_map.yaml"
GOEMOTIONS_DIR = Path(os.environ.get("DESIRELINES_GOEMOTIONS_DIR", SHARED_DATA_DIR / "goemotions"))

"""Where the coders' shipped files live, named once.

The files stay out of the coder folders on purpose: cue and map YAML in nlp/coders/data/, fitted weights
and calibration in nlp/models/, dev sets in nlp/eval/ (scripts/train_*.py write the weights there). Each
coder folder's `paths.py` names its own files from these roots.
"""

from __future__ import annotations

from pathlib import Path

CODERS_DIR = Path(__file__).resolve().parent
DATA_DIR = CODERS_DIR / "data"
MODELS_DIR = CODERS_DIR.parent / "models"
EVAL_DIR = CODERS_DIR.parent / "eval"
# Data sets that are not shipped (licences): /work/shared/data next to the checkout.
SHARED_DATA_DIR = CODERS_DIR.parents[2] / "shared" / "data"
DEFAULT_CALIBRATION_PATH = MODELS_DIR / "calibration-v1.json"
# Real meeting sentences (AMI/ICSI) read by the pain, emotion and stage evaluations.
SPOKEN_PATH = EVAL_DIR / "spoken_dev.jsonl"
# Real one-to-one interview answers (Changelog podcasts, CC BY-SA 4.0): interview_eval, train_pain.
INTERVIEW_PATH = EVAL_DIR / "interview_dev.jsonl"

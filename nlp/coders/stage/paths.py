"""The stage coder's files: extra tweet cues (YAML) and the dev set; stage examples ship with frameworks."""

from __future__ import annotations

from nlp.coders.paths import DATA_DIR, EVAL_DIR

TWEET_CUES_PATH = DATA_DIR / "stage_tweet_cues.yaml"
DEV_PATH = EVAL_DIR / "stage_dev.jsonl"

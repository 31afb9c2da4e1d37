"""Extra stage cue phrases for customer tweets: loaded by stage id, found in text, bad files named."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.coders.stage.cues import CueMatcher, extra_cues
from nlp.frameworks import load_framework


def stage_ids_hit(matcher: CueMatcher, ids: list[str], text: str) -> set[str]:
    return {ids[hit.stage] for hit in matcher.hits(text)}


def test_tweet_cues_add_to_the_framework_cues_by_stage_id() -> None:
    framework = load_framework("seven-step")
    ids = [stage.id for stage in framework.stages]
    plain, extended = CueMatcher(framework.stages), CueMatcher(framework.stages, extra_cues())
    text = "first and last time, switching to another airline"
    assert "loyalty-advocacy" not in stage_ids_hit(plain, ids, text)
    assert "loyalty-advocacy" in stage_ids_hit(extended, ids, text)
    assert "post-purchase" in stage_ids_hit(extended, ids, "@brand my bag never showed up at the gate")


def test_every_tweet_cue_stage_is_a_seven_step_stage() -> None:
    ids = {stage.id for stage in load_framework("seven-step").stages}
    assert set(extra_cues()) <= ids


def test_a_malformed_cue_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "cues.yaml"
    bad.write_text("purchase: just booked\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues\.yaml"):
        extra_cues(bad)

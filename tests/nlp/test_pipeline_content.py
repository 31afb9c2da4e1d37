"""The content filter inside the pipeline: fake encoder and coders, so these check the wiring only."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from nlp.content import CONTENT_CODER, CONTENT_VERSION
from nlp.pipeline import CodingPipeline
from nlp.types import Code, CodingInput
from tests.fakes import FakeEncoder


class _Recorder:
    """A coder of any kind that records what it was given and answers something plain."""

    def __init__(self, name: str) -> None:
        self.name, self.version = name, "1"
        self.seen: list[str] = []

    def predict(self, texts: Sequence[str], features: Any) -> list[Any]:
        assert len(texts) == len(features.embeddings) == len(features.layer_means)
        self.seen += list(texts)
        return [
            SimpleNamespace(emotion="neutral", emotion_score=0.5, labels=[("neutral", 0.5)], valence=0.0,
                            is_pain=True, score=0.7, category="obstacle", span=None)
            for _ in texts
        ]  # fmt: skip

    def code(self, items: Sequence[CodingInput], embeddings: Any) -> list[Any]:
        assert len(items) == len(embeddings.embeddings if hasattr(embeddings, "embeddings") else embeddings)
        self.seen += [item.text for item in items]
        if self.name == "stage":
            return [Code("stage", "1", "stage", "research", 0.6) for _ in items]
        return [[Code("forces", "1", "force", "push", 0.6)] for _ in items]


def pipeline() -> tuple[CodingPipeline, dict[str, _Recorder]]:
    coders = {name: _Recorder(name) for name in ("emotion", "pain", "stage", "forces")}
    return CodingPipeline(encoder=FakeEncoder(), **coders), coders  # type: ignore[arg-type]


TEXTS = ["Yeah.", "The export broke every Monday and we lost a deal.", "[inaudible]", "Thank you so much!"]


def test_no_content_utterances_get_only_their_content_code() -> None:
    coding, coders = pipeline()
    results = coding.code([CodingInput(text) for text in TEXTS])
    assert [r.content for r in results] == ["backchannel", "substantive", "marker", "courtesy"]
    for result in (results[0], results[2], results[3]):
        assert [(c.coder, c.version, c.kind, c.score) for c in result.codes] == [
            (CONTENT_CODER, CONTENT_VERSION, "content", 1.0)
        ]
        assert result.codes[0].label == result.content and result.content_reason
        assert result.emotion == "" and not result.pain_point and result.stage == "" and not result.forces
    kinds = [c.kind for c in results[1].codes]
    assert kinds[0] == "content" and results[1].codes[0].label == "substantive"
    assert {"emotion", "goemotions", "pain_point", "stage", "force"} <= set(kinds)
    assert all(coder.seen == [TEXTS[1]] for coder in coders.values())


def test_every_codable_utterance_is_embedded_once() -> None:
    FakeEncoder.passes = 0
    coding, _ = pipeline()
    results = coding.code([CodingInput(text) for text in [*TEXTS, ""]])
    assert FakeEncoder.passes == len(TEXTS)
    assert all(r.embedding is not None and r.layers is not None for r in results[:-1])
    assert results[-1].skipped == "empty" and results[-1].codes == []
    assert not np.allclose(results[0].embedding, results[1].embedding)  # type: ignore[arg-type]


def test_a_researcher_class_decides_what_is_coded_the_machine_class_stays() -> None:
    coding, coders = pipeline()
    results = coding.code(
        [CodingInput("Yeah.", content="substantive"), CodingInput(TEXTS[1], content="backchannel")]
    )
    assert [r.content for r in results] == ["backchannel", "substantive"]
    assert [r.coded_as for r in results] == ["substantive", "backchannel"]
    assert coders["emotion"].seen == ["Yeah."]
    assert "emotion" in {c.kind for c in results[0].codes}
    assert [c.kind for c in results[1].codes] == ["content"]


def test_a_stage_coder_that_abstains_leaves_no_stage_code() -> None:
    coding, coders = pipeline()
    coders["stage"].code = lambda items, embeddings: [None for _ in items]  # type: ignore[method-assign]
    [result] = coding.code([CodingInput(TEXTS[1])])
    assert result.stage == "" and "stage" not in {c.kind for c in result.codes}

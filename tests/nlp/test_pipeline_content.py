"""The content filter inside the pipeline: fake encoder and coders, so these check the wiring only."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from nlp.coders.emotion.map import label_valence
from nlp.content import CONTENT_CODER, CONTENT_VERSION
from nlp.encoder import EncodedBatch
from nlp.pipeline import CodingPipeline
from nlp.types import Code, CodingInput
from tests.fakes import FakeEncoder


class _Recorder:
    """A coder in the one call shape that records what it was given and answers fixed codes."""

    def __init__(self, name: str, *codes: tuple[str, str, float]) -> None:
        self.name, self.version = name, "1"
        self.codes = codes
        self.seen: list[str] = []
        self.batches: list[EncodedBatch] = []

    def code(self, items: Sequence[CodingInput], features: EncodedBatch) -> list[list[Code]]:
        assert len(items) == len(features.embeddings) == len(features.layer_means)
        self.seen += [item.text for item in items]
        self.batches.append(features)
        return [[Code(self.name, self.version, kind, label, score) for kind, label, score in self.codes] for _ in items]


def recorders() -> dict[str, _Recorder]:
    return {
        "emotion": _Recorder("emotion", ("emotion", "frustration", 0.8), ("goemotions", "annoyance", 0.6)),
        "pain": _Recorder("pain", ("pain_point", "obstacle", 0.7)),
        "stage": _Recorder("stage", ("stage", "research", 0.6)),
        "forces": _Recorder("forces", ("force", "push", 0.6), ("force", "anxiety", 0.55)),
    }


def pipeline(extra: Sequence[_Recorder] = ()) -> tuple[CodingPipeline, dict[str, _Recorder]]:
    coders = recorders()
    return CodingPipeline(encoder=FakeEncoder(), extra=extra, **coders), coders  # type: ignore[arg-type]


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
    coders["stage"].codes = ()
    [result] = coding.code([CodingInput(TEXTS[1])])
    assert result.stage == "" and result.stage_score == 0.0 and "stage" not in {c.kind for c in result.codes}


def test_the_fields_are_read_from_the_codes() -> None:
    coding, _ = pipeline()
    [result] = coding.code([CodingInput(TEXTS[1])])
    assert (result.emotion, result.emotion_score, result.goemotions) == ("frustration", 0.8, [("annoyance", 0.6)])
    assert result.valence == pytest.approx(label_valence([("annoyance", 0.6)])) and result.valence < 0
    assert (result.pain_point, result.pain_score) == (True, 0.7)
    assert (result.stage, result.stage_score) == ("research", 0.6)
    assert result.forces == {"push": 0.6, "anxiety": 0.55}


def test_an_utterance_without_codes_has_empty_fields() -> None:
    coding, coders = pipeline()
    for coder in coders.values():
        coder.codes = ()
    [result] = coding.code([CodingInput(TEXTS[1])])
    assert [c.kind for c in result.codes] == ["content"]
    assert (result.emotion, result.valence, result.pain_point, result.pain_score) == ("", 0.0, False, 0.0)
    assert result.goemotions == [] and result.forces == {}


def test_an_extra_coder_runs_through_the_same_loop_on_the_same_features() -> None:
    urgency = _Recorder("test.urgency", ("urgency", "urgent", 0.9))
    coding, coders = pipeline(extra=[urgency])
    results = coding.code([CodingInput(text) for text in TEXTS])
    assert urgency.seen == [TEXTS[1]] and urgency.batches[0] is coders["emotion"].batches[0]
    assert coding.versions == {"emotion": "1", "pain": "1", "stage": "1", "forces": "1", "test.urgency": "1"}
    assert [c.coder for c in results[1].codes][-1] == "test.urgency"
    assert ("urgency", "urgent", 0.9) in {(c.kind, c.label, c.score) for c in results[1].codes}
    assert all(c.coder != "test.urgency" for r in (results[0], results[2], results[3]) for c in r.codes)
    assert results[1].emotion == "frustration" and results[1].forces == {"push": 0.6, "anxiety": 0.55}


def test_a_coder_that_answers_for_too_few_utterances_is_an_error() -> None:
    coding, coders = pipeline()
    coders["pain"].code = lambda items, features: []  # type: ignore[method-assign]
    with pytest.raises(ValueError, match="pain coded 0 of 1"):
        coding.code([CodingInput(TEXTS[1])])


def test_on_coded_reports_after_each_coder_and_not_when_no_coder_runs() -> None:
    extra = _Recorder("extra", ("force", "pull", 0.6))
    coding, _ = pipeline(extra=[extra])
    reports: list[tuple[int, int, int]] = []
    coding.on_coded = lambda count, total: reports.append((count, total, len(extra.seen)))
    coding.code([CodingInput(text) for text in TEXTS])
    assert reports == [(1, 5, 0), (2, 5, 0), (3, 5, 0), (4, 5, 0), (5, 5, 1)]  # after each, the extra last
    coding.code([CodingInput("Yeah."), CodingInput("Thank you so much!")])
    assert len(reports) == 5

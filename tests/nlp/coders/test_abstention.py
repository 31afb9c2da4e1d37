"""Every coder can say "none": no stage without stage evidence, neutral emotion unless it is clear,
and pain points on conversational speech (the shipped models, real predictions)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nlp.coders.emotion.abstain import Abstention
from nlp.coders.emotion.coder import EmotionCoder
from nlp.coders.emotion.map import EmotionMap
from nlp.coders.pain.coder import PainPointCoder, load_pain_coder
from nlp.coders.stage.coder import StageCoder, get_stage_coder
from nlp.coders.stage.labels import NO_STAGE
from nlp.encoder import MiniLMEncoder
from nlp.types import CodingInput


@pytest.fixture(scope="module")
def pain_coder() -> PainPointCoder:
    return load_pain_coder()


@pytest.fixture(scope="module")
def stage_coder() -> StageCoder:
    return get_stage_coder("seven-step")


@pytest.mark.parametrize("text", ["I don't know.", "Yeah, any of them.", "Okay.", "Mm-hmm."])
def test_stage_abstains_without_stage_evidence(
    stage_coder: StageCoder, encoder: MiniLMEncoder, text: str
) -> None:
    [code] = stage_coder.decide([CodingInput(text)], encoder.encode([text]))
    assert code.label == NO_STAGE
    assert code.span is None and 0.0 <= code.score <= 1.0


def test_stage_still_answers_with_clear_evidence(stage_coder: StageCoder, encoder: MiniLMEncoder) -> None:
    text = "We signed the contract and paid for twenty seats yesterday."
    [code] = stage_coder.decide([CodingInput(text)], encoder.encode([text]))
    assert code.label == "purchase"


@pytest.mark.parametrize(
    "text",
    ["that's pretty tough", "It drove me crazy.", "What if that one breaks?", "It's a really hard problem."],
)
def test_conversational_pain_is_found(pain_coder: PainPointCoder, encoder: MiniLMEncoder, text: str) -> None:
    [result] = pain_coder.predict([text], encoder.encode([text]))
    assert result.is_pain and result.score >= pain_coder.threshold


@pytest.mark.parametrize(
    "text",
    ["which was really useful", "I never worked in a project where privacy was an issue.", "Yeah."],
)
def test_talk_without_trouble_is_no_pain(
    pain_coder: PainPointCoder, encoder: MiniLMEncoder, text: str
) -> None:
    [result] = pain_coder.predict([text], encoder.encode([text]))
    assert not result.is_pain


def test_a_feared_trouble_is_a_risk(pain_coder: PainPointCoder, encoder: MiniLMEncoder) -> None:
    text = "What if that one breaks?"
    [result] = pain_coder.predict([text], encoder.encode([text]))
    assert result.category == "risk"


@pytest.mark.parametrize(
    "text",
    [
        "Right.",
        "Yeah, that's that's it.",
        "Okay, I think we're there.",
        "I will go.",
        "We have our own logo and colour scheme.",
    ],
)
def test_agreement_and_neutral_talk_stay_neutral(
    emotion_coder: EmotionCoder, encoder: MiniLMEncoder, text: str
) -> None:
    [result] = emotion_coder.predict([text], encoder.encode_features([text]))
    assert result.emotion == "neutral"


def test_clear_feelings_are_still_read(emotion_coder: EmotionCoder, encoder: MiniLMEncoder) -> None:
    texts = ["That's great, I love it.", "It drove me crazy.", "I'm worried we'll lose the data."]
    results = emotion_coder.predict(texts, encoder.encode_features(texts))
    assert [r.emotion for r in results] == ["delight", "frustration", "anxiety"]


def test_a_negated_cue_names_no_feeling() -> None:
    emotion_map = EmotionMap(
        cx=["neutral"], valence=np.zeros(1, dtype=np.float32), cues={"frustration": ["annoying"]}
    )
    abstention = Abstention(emotion_map, ["frustration", "neutral"])
    assert abstention.cue("that was not annoying at all") is None
    assert abstention.cue("honestly it was annoying") == "frustration"


def test_below_its_min_score_an_emotion_becomes_neutral() -> None:
    emotion_map = EmotionMap(
        cx=["neutral"], valence=np.zeros(1, dtype=np.float32), min_score={"satisfaction": 0.5}
    )
    abstention = Abstention(emotion_map, ["satisfaction", "neutral"])
    names, scores = abstention.apply(["fine", "great"], np.array([0, 0]), np.array([0.4, 0.9]))
    assert names == ["neutral", "satisfaction"]
    assert scores[0] == pytest.approx(0.6) and scores[1] == pytest.approx(0.9)


def test_a_question_alone_does_not_give_a_stage(stage_coder: StageCoder) -> None:
    # The text's own winning probability decides whether a text without a cue phrase has a stage at
    # all; the question may only say which one (a podcast host's question is not the guest's journey).
    assert stage_coder.abstains(0.9, has_cue=False, own_probability=0.3)
    assert not stage_coder.abstains(0.9, has_cue=False, own_probability=0.5)
    assert not stage_coder.abstains(0.9, has_cue=True, own_probability=0.1)


def test_the_texts_own_probability_is_what_decide_reads(
    stage_coder: StageCoder, encoder: MiniLMEncoder
) -> None:
    question = "How did you first hear about the product, and what made you start looking for something new?"
    text = "We mostly write Python and some Go."
    items, vectors = [CodingInput(text, question)], encoder.encode([text])
    assert stage_coder.decide(items, vectors)[0].label != NO_STAGE  # the question points to a stage
    strict = StageCoder(
        stage_coder.framework,
        stage_coder.encoder,
        weights=replace(stage_coder.weights, abstain_own_below=1.0),
        calibration=stage_coder.calibration,
    )
    assert strict.decide(items, vectors)[0].label == NO_STAGE


def test_a_speaker_saying_how_they_felt_names_the_feeling(
    emotion_coder: EmotionCoder, encoder: MiniLMEncoder
) -> None:
    texts = [
        "I felt relieved.",
        "When the invoices vanished I was furious.",
        "Honestly we were a bit confused by the pricing page.",
        "I was really let down by the onboarding.",
    ]
    results = emotion_coder.predict(texts, encoder.encode_features(texts))
    assert [r.emotion for r in results] == ["relief", "frustration", "confusion", "disappointment"]


@pytest.mark.parametrize(
    "text",
    [
        "I wasn't worried about the migration.",  # negated
        "I was not confused at all.",
        "You were confused by it, I think.",  # not the speaker
        "I'm happy to walk you through it.",  # courtesy words are no report
        "The angry customers were the ones on the old plan.",  # no first person saying they felt it
    ],
)
def test_what_is_no_report_of_the_speakers_feeling(text: str) -> None:
    emotion_map = EmotionMap(
        cx=["neutral"],
        valence=np.zeros(1, dtype=np.float32),
        self_reports={
            "anxiety": ["worried"],
            "confusion": ["confused"],
            "frustration": ["angry"],
            "satisfaction": ["happy with"],
        },
    )
    abstention = Abstention(emotion_map, ["anxiety", "confusion", "frustration", "satisfaction", "neutral"])
    assert abstention.self_report(text.lower()) is None
    assert abstention.self_report("we were so worried about it") == "anxiety"

"""The journey-stage coder: clear utterances, question context, position prior, cue-phrase spans."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest

from nlp.coders.stage.coder import StageCoder, StageModelError
from nlp.coders.stage.cues import CueMatcher
from nlp.coders.stage.examples import example_bank, examples_hash, shipped_path
from nlp.coders.stage.labels import FIVE_STAGES, collapse_to_five
from nlp.encoder import EMBEDDING_DIM, MiniLMEncoder, get_encoder
from nlp.frameworks import list_frameworks, load_framework, load_framework_file
from nlp.types import CodingInput
from tests.nlp.frameworks.factories import framework_dict

CLEAR = [
    ("Just ordered my new @brand headphones, can't wait!", "purchase"),
    ("Anyone tried @brand vs @other? Which is better?", "research"),
    ("Been with @brand for 10 years, never switching", "loyalty"),
    ("My order arrived broken and support won't reply", "post-purchase"),
    ("Saw an ad for @brand today, looks interesting", "awareness"),
    ("We looked at four vendors and had demos with two of them before choosing.", "research"),
    ("I first heard about them from a friend at a conference.", "awareness"),
    ("We've recommended them to every company in our network.", "loyalty"),
    ("@airline my flight was cancelled and I still haven't got a refund", "post-purchase"),
    ("Signed the contract yesterday, paid for the first year upfront.", "purchase"),
]
BORDERLINE = "Quick and painless, to be fair."


class CountingEncoder:
    """Wraps the real encoder and records what it was asked to encode."""

    def __init__(self, inner: MiniLMEncoder) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


class HashingEncoder:
    """A tiny deterministic stand-in: bag of hashed words, L2-normalised."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % EMBEDDING_DIM] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


@pytest.fixture(scope="session")
def stage_encoder() -> MiniLMEncoder:
    return get_encoder()


@pytest.fixture(scope="session")
def coder(stage_encoder: MiniLMEncoder) -> StageCoder:
    return StageCoder(load_framework("seven-step"), stage_encoder)


def probabilities(coder: StageCoder, encoder: MiniLMEncoder, items: list[CodingInput]) -> np.ndarray:
    return coder.probabilities(items, encoder.encode([item.text for item in items]))


def test_coder_identity(coder: StageCoder) -> None:
    assert (coder.name, coder.version) == ("desirelines.stage", "2")
    assert coder.labels == load_framework("seven-step").stage_ids


def test_clear_utterances_land_on_their_stage(coder: StageCoder, stage_encoder: MiniLMEncoder) -> None:
    texts = [text for text, _ in CLEAR]
    codes = coder.decide([CodingInput(text) for text in texts], stage_encoder.encode(texts))

    assert [collapse_to_five(code.label) for code in codes] == [label for _, label in CLEAR]
    assert all(code.kind == "stage" and code.coder == "desirelines.stage" for code in codes)
    assert all(0.0 <= code.score <= 1.0 for code in codes)


def test_question_pushes_a_borderline_answer_towards_its_stage(
    coder: StageCoder, stage_encoder: MiniLMEncoder
) -> None:
    labels = coder.labels
    alone, used, bought, heard = probabilities(
        coder,
        stage_encoder,
        [
            CodingInput(BORDERLINE),
            CodingInput(BORDERLINE, question="What happened when you first used it?"),
            CodingInput(BORDERLINE, question="Walk me through how you actually bought it."),
            CodingInput(BORDERLINE, question="How did you first hear about them?"),
        ],
    )

    assert used[labels.index("post-purchase")] > alone[labels.index("post-purchase")]
    assert bought[labels.index("purchase")] > alone[labels.index("purchase")]
    assert heard[labels.index("awareness")] > alone[labels.index("awareness")]
    assert [labels[p.argmax()] for p in (alone, used, bought, heard)] == [
        "post-purchase",
        "post-purchase",
        "purchase",
        "awareness",
    ]


def test_precomputed_question_embeddings_are_used_not_recomputed(stage_encoder: MiniLMEncoder) -> None:
    counting = CountingEncoder(stage_encoder)
    coder = StageCoder(load_framework("seven-step"), counting)
    question = "What happened when you first used it?"
    items = [CodingInput(BORDERLINE, question=question), CodingInput("It broke.", question=question)]
    embeddings = stage_encoder.encode([item.text for item in items])

    given = coder.probabilities(items, embeddings, {question: stage_encoder.encode([question])[0]})
    assert counting.calls == []
    encoded = coder.probabilities(items, embeddings)
    assert counting.calls == [[question]]  # one pass, each distinct question once
    np.testing.assert_allclose(given, encoded, atol=1e-5)


def test_without_an_encoder_questions_count_through_their_cue_phrases(stage_encoder: MiniLMEncoder) -> None:
    coder = StageCoder(load_framework("seven-step"), None)
    items = [CodingInput(BORDERLINE), CodingInput(BORDERLINE, question="Did the delivery arrive on time?")]

    alone, asked = coder.probabilities(items, stage_encoder.encode([BORDERLINE] * 2))

    post_purchase = coder.labels.index("post-purchase")
    assert asked[post_purchase] > alone[post_purchase]


def test_position_prior_favours_early_stages_early_and_late_stages_late(
    coder: StageCoder, stage_encoder: MiniLMEncoder
) -> None:
    text = "Yeah, that part was fine."
    early, middle, late = probabilities(
        coder, stage_encoder, [CodingInput(text, position=p) for p in (0.0, 0.5, 1.0)]
    )
    awareness, loyalty = coder.labels.index("awareness"), coder.labels.index("loyalty-advocacy")

    assert early[awareness] > middle[awareness] > late[awareness]
    assert late[loyalty] > middle[loyalty] > early[loyalty]


def test_position_prior_is_weak_against_clear_text(coder: StageCoder, stage_encoder: MiniLMEncoder) -> None:
    text = "We've been customers for twelve years and just renewed again."
    codes = coder.decide([CodingInput(text, position=0.0)], stage_encoder.encode([text]))

    assert codes[0].label == "loyalty-advocacy"


def test_span_points_at_the_cue_phrase(coder: StageCoder, stage_encoder: MiniLMEncoder) -> None:
    texts = [
        "Just ordered my new @brand headphones, can't wait!",
        "Been with @brand for 10 years, never switching",
    ]
    codes = coder.decide([CodingInput(text) for text in texts], stage_encoder.encode(texts))

    spans = [text[code.span[0] : code.span[1]] for text, code in zip(texts, codes, strict=True) if code.span]
    assert spans == ["Just ordered", "never switching"]


def test_no_span_when_no_cue_phrase_of_the_stage_is_present(
    coder: StageCoder, stage_encoder: MiniLMEncoder
) -> None:
    text = "It was fine."
    assert coder.decide([CodingInput(text)], stage_encoder.encode([text]))[0].span is None


def test_empty_input_and_mismatched_embeddings(coder: StageCoder) -> None:
    assert coder.decide([], np.zeros((0, EMBEDDING_DIM), dtype=np.float32)) == []
    with pytest.raises(ValueError, match=r"2 items but embeddings of shape \(1, 384\)"):
        coder.decide([CodingInput("a"), CodingInput("b")], np.zeros((1, EMBEDDING_DIM), dtype=np.float32))


def test_collapse_to_five_covers_seven_step() -> None:
    collapsed = [collapse_to_five(stage) for stage in load_framework("seven-step").stage_ids]

    assert collapsed == [
        "awareness",
        "research",
        "research",
        "research",
        "purchase",
        "post-purchase",
        "loyalty",
    ]
    assert set(collapsed) == set(FIVE_STAGES)
    with pytest.raises(KeyError, match="not a seven-step stage"):
        collapse_to_five("delight")


@pytest.mark.parametrize("framework_id", list_frameworks())
def test_shipped_example_embeddings_are_up_to_date(framework_id: str) -> None:
    framework = load_framework(framework_id)
    with np.load(shipped_path(framework_id), allow_pickle=False) as data:
        assert str(data["examples_sha256"]) == examples_hash(framework)
    assert StageCoder(framework, None).labels == framework.stage_ids


def test_user_framework_is_embedded_with_the_given_encoder() -> None:
    data = framework_dict(stage_ids=("before", "after"))
    data["stages"][0]["examples"] = [f"thinking about buying a bike, option {i}" for i in range(15)]
    data["stages"][1]["examples"] = [f"my bike broke after a month, repair {i}" for i in range(15)]
    encoder = HashingEncoder()
    coder = StageCoder(load_framework_file(data), encoder)
    texts = ["thinking about buying", "bike broke, repair please"]

    codes = coder.decide([CodingInput(text) for text in texts], encoder.encode(texts))

    assert [code.label for code in codes] == ["before", "after"]


def test_user_framework_without_an_encoder_is_a_clear_error() -> None:
    data = framework_dict(framework_id="seven-step")  # a shipped id, but not the shipped examples

    with pytest.raises(StageModelError, match="no up-to-date example embeddings"):
        example_bank(load_framework_file(data), None)


def test_cue_phrases_match_inflections_and_wildcards() -> None:
    framework = load_framework("seven-step")
    matcher = CueMatcher(framework.stages)
    text = "It never arrives on time, and I've been a customer for 12 years"

    found = {(framework.stages[hit.stage].id, text[hit.start : hit.end]) for hit in matcher.hits(text)}

    assert ("post-purchase", "arrives") in found
    assert ("loyalty-advocacy", "for 12 years") in found

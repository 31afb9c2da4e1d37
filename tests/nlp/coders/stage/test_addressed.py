"""Abstention of the stage coder: a text written to an account (@brand) counts as journey evidence."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.coders.stage.coder import StageCoder
from nlp.coders.stage.cues import addresses_someone
from nlp.coders.stage.labels import NO_STAGE
from nlp.coders.stage.weights import StageWeights
from nlp.encoder import MiniLMEncoder, get_encoder
from nlp.frameworks import load_framework
from nlp.types import CodingInput


@pytest.mark.parametrize(
    ("text", "addressed"),
    [
        ("@acme my parcel never came", True),
        ("Thanks @acme for nothing", True),
        (".@acme any news?", True),
        ("(@acme) still waiting", True),
        ("write to help@acme.com about it", False),
        ("we tried enquiries@ and the web form", False),
        ("I don't know.", False),
    ],
)
def test_addresses_someone(text: str, addressed: bool) -> None:
    assert addresses_someone(text) is addressed


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return get_encoder()


def test_an_addressed_text_is_judged_against_the_evidence_threshold(encoder: MiniLMEncoder) -> None:
    # Thresholds at the extremes: with evidence the coder always answers, without it never does.
    weights = StageWeights(abstain_below=0.0, abstain_below_no_cue=1.0)
    coder = StageCoder(load_framework("seven-step"), encoder, weights=weights)
    vector = encoder.encode(["thanks for the quick reply"])
    same = np.vstack([vector, vector])  # the same embedding: only the "@" differs
    to_brand, plain = coder.decide(
        [CodingInput("@acme thanks for the quick reply"), CodingInput("thanks for the quick reply")], same
    )
    assert to_brand.label != NO_STAGE
    assert plain.label == NO_STAGE

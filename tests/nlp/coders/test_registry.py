"""Coders are found by registered name and version, and all answer in the one `Coder` call shape."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from nlp.coders.registry import UnknownCoderError, get_coder, key_of, registered
from nlp.encoder import EMBEDDING_DIM, N_LAYERS, EncodedBatch
from nlp.types import Code, CodeKind, Coder, CodingInput

KEYS = ["desirelines.emotion.v2", "desirelines.forces.v1", "desirelines.pain_point.v1", "desirelines.stage.v2"]
ITEMS = [
    CodingInput("The export broke again and I lost a day, so frustrating."),
    CodingInput("Fine."),
    CodingInput("We signed the contract and paid for twenty seats yesterday.", "What happened next?", 0.6),
]


def test_the_four_coders_are_registered_by_name_and_version() -> None:
    assert registered() == KEYS


def test_an_unknown_coder_names_the_registered_ones() -> None:
    with pytest.raises(UnknownCoderError, match=r"desirelines\.emotion\.v2"):
        get_coder("desirelines.emotion.v9")


def _batch(n: int) -> EncodedBatch:
    rng = np.random.default_rng(0)
    layers = rng.normal(size=(n, N_LAYERS, EMBEDDING_DIM)).astype(np.float32)
    embeddings = layers[:, -1, :] / np.linalg.norm(layers[:, -1, :], axis=1, keepdims=True)
    return EncodedBatch(embeddings, layers)


@pytest.mark.parametrize("key", KEYS)
def test_every_registered_coder_has_the_protocol_s_call_shape(key: str) -> None:
    coder: Coder = get_coder(key)
    assert key_of(coder) == key
    parameters = list(inspect.signature(coder.code).parameters)
    assert parameters == list(inspect.signature(Coder.code).parameters)[1:]
    codes = coder.code(ITEMS, _batch(len(ITEMS)))
    assert len(codes) == len(ITEMS)
    for row in codes:
        assert all(isinstance(c, Code) and (c.coder, c.version) == (coder.name, coder.version) for c in row)
        assert all(c.kind in set(CodeKind) and 0.0 <= c.score <= 1.0 and c.label for c in row)
    assert coder.code([], _batch(0)) == []


def test_the_stage_coder_s_abstention_is_an_empty_list() -> None:
    stage = get_coder("desirelines.stage.v2")
    decided = stage.decide(ITEMS, _batch(len(ITEMS)).embeddings)  # type: ignore[attr-defined]
    coded = stage.code(ITEMS, _batch(len(ITEMS)))
    assert "none" in {c.label for c in decided}
    assert [[c] if c.label != "none" else [] for c in decided] == coded

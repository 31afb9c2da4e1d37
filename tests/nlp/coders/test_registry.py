"""Coders are found by registered name and version, and all answer in the one `Coder` call shape."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.coders.registry import StageCodes, UnknownCoderError, get_coder, key_of, registered
from nlp.encoder import EMBEDDING_DIM, N_LAYERS, EncodedBatch
from nlp.types import Code, CodeKind, CodingInput


def test_the_four_coders_are_registered_by_name_and_version() -> None:
    assert registered() == [
        "desirelines.emotion.v1",
        "desirelines.forces.v1",
        "desirelines.pain_point.v1",
        "desirelines.stage.v1",
    ]


def test_an_unknown_coder_names_the_registered_ones() -> None:
    with pytest.raises(UnknownCoderError, match=r"desirelines\.emotion\.v1"):
        get_coder("desirelines.emotion.v9")


@pytest.mark.parametrize("key", ["desirelines.pain_point.v1", "desirelines.forces.v1"])
def test_a_registered_coder_codes_a_batch_in_the_one_shape(key: str) -> None:
    coder = get_coder(key)
    assert key_of(coder) == key
    items = [CodingInput("The export broke again and I lost a day."), CodingInput("Fine.")]
    rng = np.random.default_rng(0)
    layers = rng.normal(size=(2, N_LAYERS, EMBEDDING_DIM)).astype(np.float32)
    embeddings = layers[:, -1, :] / np.linalg.norm(layers[:, -1, :], axis=1, keepdims=True)
    codes = coder.code(items, EncodedBatch(embeddings, layers))
    assert len(codes) == 2
    assert all(
        isinstance(c, Code) and c.coder == coder.name and c.kind in set(CodeKind) for c in codes[0] + codes[1]
    )


class _Stage:
    name, version = "desirelines.stage", "1"

    def code(self, items: list[CodingInput], embeddings: np.ndarray) -> list[Code]:
        labels = ["research", "none"]
        return [Code(self.name, self.version, CodeKind.STAGE, labels[i], 0.5) for i in range(len(items))]


def test_the_stage_coder_s_abstention_is_an_empty_list() -> None:
    stage = StageCodes(_Stage())  # type: ignore[arg-type]
    batch = EncodedBatch(
        np.zeros((2, EMBEDDING_DIM), np.float32), np.zeros((2, N_LAYERS, EMBEDDING_DIM), np.float32)
    )
    codes = stage.code([CodingInput("We read reviews."), CodingInput("Hm.")], batch)
    assert [[c.label for c in row] for row in codes] == [["research"], []]

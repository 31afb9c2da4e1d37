"""Embeddings of each framework's stage examples: shipped as .npz next to the YAML, or computed once.

A shipped file `<framework-id>.npz` holds the embeddings together with a sha256 of the examples they
were computed from and the encoder weights' sha256; if either differs from what is loaded now, the
file is stale and ignored.
Rebuild the shipped files with `python -m nlp.coders.stage.examples`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.encoder import EMBEDDING_DIM, WEIGHTS_SHA256, Encoder, get_encoder
from nlp.frameworks import JourneyFramework, list_frameworks, load_framework
from nlp.frameworks.loader import FRAMEWORKS_DIR

_CACHE: dict[str, ExampleBank] = {}


class StageModelError(RuntimeError):
    """The stage coder cannot be built: no usable example embeddings and no encoder to compute them."""


@dataclass(frozen=True, slots=True)
class ExampleBank:
    """Stage examples as vectors.

    Attributes:
        embeddings: (m, 384) float32, L2-normalised, one row per example.
        stage: (m,) int, index of each example's stage in the framework.
    """

    embeddings: np.ndarray
    stage: np.ndarray


def example_texts(framework: JourneyFramework) -> tuple[list[str], np.ndarray]:
    """Every example of the framework in stage order, with its stage index."""
    texts = [example for stage in framework.stages for example in stage.examples]
    stage = [index for index, s in enumerate(framework.stages) for _ in s.examples]
    return texts, np.asarray(stage, dtype=np.int64)


def examples_hash(framework: JourneyFramework) -> str:
    """sha256 of the framework's stage ids and examples: all that its example embeddings depend on."""
    content = [[stage.id, list(stage.examples)] for stage in framework.stages]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


def example_bank(framework: JourneyFramework, encoder: Encoder | None) -> ExampleBank:
    """The framework's example embeddings: from memory, from an up-to-date shipped file, or encoded.

    Raises:
        StageModelError: there is no up-to-date shipped file and no encoder.
    """
    key = examples_hash(framework)
    if key not in _CACHE:
        _CACHE[key] = _read_shipped(framework) or _encode(framework, encoder)
    return _CACHE[key]


def shipped_path(framework_id: str) -> Path:
    return FRAMEWORKS_DIR / f"{framework_id}.npz"


def _read_shipped(framework: JourneyFramework) -> ExampleBank | None:
    path = shipped_path(framework.id)
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        if (
            str(data["examples_sha256"]) != examples_hash(framework)
            or str(data["model_sha256"]) != WEIGHTS_SHA256
        ):
            return None
        embeddings = _normalised(np.asarray(data["embeddings"], dtype=np.float32))
    _, stage = example_texts(framework)
    if embeddings.shape != (len(stage), EMBEDDING_DIM):
        return None
    return ExampleBank(embeddings=embeddings, stage=stage)


def _encode(framework: JourneyFramework, encoder: Encoder | None) -> ExampleBank:
    if encoder is None:
        raise StageModelError(
            f"framework {framework.id!r} has no up-to-date example embeddings "
            f"({shipped_path(framework.id).name}) and no encoder was given to compute them; "
            "pass an encoder, or run `python -m nlp.coders.stage.examples` for shipped frameworks"
        )
    texts, stage = example_texts(framework)
    embeddings = np.asarray(encoder.encode(texts), dtype=np.float32)
    return ExampleBank(embeddings=embeddings, stage=stage)


def _normalised(vectors: np.ndarray) -> np.ndarray:
    # Shipped vectors are float16; renormalising undoes the rounding's effect on their length.
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def write_shipped(framework: JourneyFramework, encoder: Encoder) -> Path:
    """Encode the framework's examples and write `<id>.npz` next to its YAML."""
    bank = _encode(framework, encoder)
    path = shipped_path(framework.id)
    np.savez_compressed(
        path,
        embeddings=bank.embeddings.astype(np.float16),
        examples_sha256=np.array(examples_hash(framework)),
        model_sha256=np.array(WEIGHTS_SHA256),
    )
    return path


def main(argv: list[str] | None = None) -> None:
    """Rebuild the shipped example embeddings (all frameworks, or the ids given)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("ids", nargs="*", help="framework ids (default: every shipped framework)")
    ids = parser.parse_args(argv).ids or list_frameworks()
    encoder = get_encoder()
    for framework_id in ids:
        print(f"wrote {write_shipped(load_framework(framework_id), encoder)}")


if __name__ == "__main__":
    main()

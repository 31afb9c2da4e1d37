"""Coders by registered name and version, as spaCy registers components ("desirelines.emotion.v1").

A change of a coder's behaviour is a new version under a new key; codes store the coder's name and
version, so codes of different versions never mix. Every registered coder has the one `Coder` call
shape of nlp.types; models load only when a coder is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from nlp.types import Code, CodeKind, Coder, CodingInput

if TYPE_CHECKING:
    from nlp.coders.stage import StageCoder
    from nlp.encoder import EncodedBatch

Factory = Callable[[], Coder]
_FACTORIES: dict[str, Factory] = {}
NO_STAGE = "none"


class UnknownCoderError(KeyError):
    def __init__(self, key: str) -> None:
        super().__init__(f"no coder {key!r}; registered: {', '.join(registered())}")


def register(key: str) -> Callable[[Factory], Factory]:
    """Register a factory of the coder `key` ("<name>.v<version>")."""

    def add(factory: Factory) -> Factory:
        _FACTORIES[key] = factory
        return factory

    return add


def registered() -> list[str]:
    return sorted(_FACTORIES)


def key_of(coder: Coder) -> str:
    return f"{coder.name}.v{coder.version}"


def get_coder(key: str) -> Coder:
    """A new coder of `key`, with its shipped model.

    Raises:
        UnknownCoderError: no coder is registered under `key`; the message lists those that are.
    """
    if key not in _FACTORIES:
        raise UnknownCoderError(key)
    return _FACTORIES[key]()


class StageCodes:
    """The stage coder in the one call shape: a list with its stage code, empty when it abstains."""

    def __init__(self, stage: StageCoder) -> None:
        self.stage = stage
        self.name, self.version = stage.name, stage.version

    def code(self, items: Sequence[CodingInput], features: EncodedBatch) -> list[list[Code]]:
        codes = self.stage.code(items, features.embeddings)
        return [[c] if c.kind == CodeKind.STAGE and c.label not in ("", NO_STAGE) else [] for c in codes]


@register("desirelines.emotion.v1")
def _emotion() -> Coder:
    from nlp.coders.emotion import load_emotion_coder

    return load_emotion_coder()


@register("desirelines.pain_point.v1")
def _pain() -> Coder:
    from nlp.coders.pain import load_pain_coder

    return load_pain_coder()


@register("desirelines.stage.v1")
def _stage() -> Coder:
    from nlp.coders.stage import get_stage_coder

    return StageCodes(get_stage_coder("seven-step"))


@register("desirelines.forces.v1")
def _forces() -> Coder:
    from nlp.coders.forces import load_forces_coder

    return load_forces_coder()

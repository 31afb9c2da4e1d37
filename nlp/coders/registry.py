"""Coders by registered name and version, as spaCy registers components ("desirelines.emotion.v2").

A change of a coder's behaviour is a new version under a new key; codes store the coder's name and
version, so codes of different versions never mix. Every registered coder has the one `Coder` call
shape of nlp.types; models load only when a coder is asked for. An old key is not kept as an alias of
the new coder: its codes would carry the new version under the old key, and nothing (settings, saved
configs) names a key, so an old key fails with the list of registered ones.
"""

from __future__ import annotations

from collections.abc import Callable

from nlp.types import Coder

Factory = Callable[[], Coder]
_FACTORIES: dict[str, Factory] = {}


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


@register("desirelines.emotion.v2")
def _emotion() -> Coder:
    from nlp.coders.emotion.coder import load_emotion_coder

    return load_emotion_coder()


@register("desirelines.pain_point.v1")
def _pain() -> Coder:
    from nlp.coders.pain.coder import load_pain_coder

    return load_pain_coder()


@register("desirelines.stage.v2")
def _stage() -> Coder:
    from nlp.coders.stage.coder import get_stage_coder

    return get_stage_coder("seven-step")


@register("desirelines.forces.v1")
def _forces() -> Coder:
    from nlp.coders.forces.coder import load_forces_coder

    return load_forces_coder()

"""Fakes for the coding pipeline: known answers, no model, so service tests check the service."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from app.coding.features import StoredFeatureEncoder
from nlp.encoder import EncodedBatch
from nlp.pipeline import CodingPipeline, UtteranceCoding
from nlp.types import Code, CodingInput


class _FakeCoder:
    """A coder in the one call shape whose codes for an utterance come from a function of its text."""

    def __init__(self, name: str, codes: Callable[[str], list[tuple[str, str, float, tuple[int, int] | None]]]):
        self.name, self.version, self._codes = name, "1", codes

    def code(self, items: Sequence[CodingInput], features: EncodedBatch) -> list[list[Code]]:
        return [
            [Code(self.name, self.version, kind, label, score, span) for kind, label, score, span in self._codes(i.text)]
            for i in items
        ]


def _broke(text: str) -> bool:
    return "broke" in text or "lost" in text


FAKE_CODERS = (
    _FakeCoder("fake.emotion", lambda t: [("emotion", "frustration" if _broke(t) else "neutral", 0.9, None)]),
    _FakeCoder("fake.stage", lambda t: [("stage", "research" if "friend" in t else "awareness", 0.6, None)]),
    _FakeCoder("fake.pain", lambda t: [("pain_point", "obstacle", 0.8, (0, 5))] if _broke(t) else []),
)


class FakePipeline(CodingPipeline):
    """The real pipeline (cleaning, content filter, one encoder pass, the coder loop) with fake coders:
    pain and frustration where something broke, a stage from the words; fails on demand."""

    calls = 0
    fail_on: str | None = None

    def __init__(self, encoder: StoredFeatureEncoder) -> None:  # no models: the coders are above
        self.encoder = encoder
        self.coders = list(FAKE_CODERS)

    def code(self, items: Sequence[CodingInput]) -> list[UtteranceCoding]:
        FakePipeline.calls += 1
        if FakePipeline.fail_on and any(FakePipeline.fail_on in item.text for item in items):
            raise RuntimeError("model exploded")
        return super().code(items)


class FakeEncoder:
    passes = 0

    def encode_features(self, texts: Sequence[str]):  # type: ignore[no-untyped-def]
        FakeEncoder.passes += len(texts)
        vectors = np.stack([np.frombuffer(hashlib.sha256(t.encode()).digest() * 48, np.uint8)[:384] for t in texts])
        embeddings = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        return EncodedBatch(embeddings, np.repeat(embeddings[:, None, :], 7, axis=1))


def fake_factory(framework: str, encoder: StoredFeatureEncoder) -> FakePipeline:
    encoder._encoder = FakeEncoder  # type: ignore[assignment]
    return FakePipeline(encoder)


def abstaining_stage_factory(framework: str, encoder: StoredFeatureEncoder) -> FakePipeline:
    """The fake pipeline whose stage coder abstains unless a sentence names a friend, as the real one
    abstains on most sentences without a cue phrase."""
    pipeline = fake_factory(framework, encoder)
    stage = _FakeCoder("fake.stage", lambda t: [("stage", "research", 0.6, None)] if "friend" in t else [])
    pipeline.coders = [stage if c is FAKE_CODERS[1] else c for c in pipeline.coders]
    return pipeline


_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "did", "do", "does", "for", "from", "had", "have", "how", "i",
     "in", "is", "it", "me", "of", "on", "or", "so", "that", "the", "then", "this", "to", "was", "we", "were",
     "what", "when", "where", "which", "who", "why", "with", "you", "your"}
)


class WordOverlapEncoder:
    """A deterministic stand-in for the sentence encoder: texts that share content words are similar.

    Each content word (lower-cased, crude plural stripping) is hashed to a few signed dimensions, so the
    cosine similarity of two texts grows with the words they share. No model, instant, repeatable.
    """

    calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        WordOverlapEncoder.calls += 1
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in "".join(c.lower() if c.isalnum() else " " for c in text).split():
                if word in _STOPWORDS:
                    continue
                word = word[:-1] if word.endswith("s") and len(word) > 3 else word
                digest = hashlib.sha256(word.encode()).digest()
                for k in range(3):
                    out[row, digest[k] % 384] += 1.0 if digest[k + 3] % 2 else -1.0
            if not out[row].any():
                out[row, 0] = 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)


class _WatchedCoder:
    """A coder that calls `watch()` before it codes a batch, then codes as `coder` does."""

    def __init__(self, coder: _FakeCoder, watch: Callable[[], None]) -> None:
        self.name, self.version, self._coder, self._watch = coder.name, coder.version, coder, watch

    def code(self, items: Sequence[CodingInput], features: EncodedBatch) -> list[list[Code]]:
        self._watch()
        return self._coder.code(items, features)


def watched_factory(watch: Callable[[str], None]) -> Callable[[str, StoredFeatureEncoder], FakePipeline]:
    """The fake pipeline, calling `watch(phase)` as a job runs: "loading" when it is built (where the real
    one loads its models), "encoding" before each encoder pass, "coding" before each coder codes a batch
    (a test reads the job's stored progress there)."""

    class Watched(FakeEncoder):
        def encode_features(self, texts: Sequence[str]):  # type: ignore[no-untyped-def]
            watch("encoding")
            return super().encode_features(texts)

    def make(framework: str, encoder: StoredFeatureEncoder) -> FakePipeline:
        watch("loading")
        pipeline = fake_factory(framework, encoder)
        encoder._encoder = Watched  # type: ignore[assignment]
        pipeline.coders = [_WatchedCoder(coder, lambda: watch("coding")) for coder in FAKE_CODERS]
        return pipeline

    return make

"""A fake pipeline with structure: embeddings follow topic words and codes follow cue words, so
themes, personas and journey maps over it have known answers."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from app.coding.features import StoredFeatureEncoder
from nlp.encoder import EncodedBatch
from nlp.pipeline import UtteranceCoding
from nlp.textprep import prepare
from nlp.types import Code, CodingInput

# word -> topic direction; each topic owns 24 dimensions of the 384.
TOPICS = {
    "invoice": 0, "price": 0, "billing": 0, "budget": 0,
    "onboarding": 1, "training": 1, "setup": 1,
    "pipeline": 2, "warehouse": 2, "trucks": 2,
    "kids": 3, "garden": 3, "house": 3,
}  # fmt: skip
STAGES = {
    "heard": "awareness", "ad": "awareness", "compared": "consideration", "trial": "consideration",
    "signed": "purchase", "bought": "purchase", "onboarding": "post-purchase", "recommend": "loyalty-advocacy",
}  # fmt: skip
FORCES = {"broke": "push", "love": "pull", "worried": "anxiety", "spreadsheet": "habit"}


class TopicEncoder:
    def encode_features(self, texts: Sequence[str]) -> EncodedBatch:
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            words = text.lower()
            for word, topic in TOPICS.items():
                if word in words:
                    vectors[row, topic * 24 : (topic + 1) * 24] += 1.0
            noise = np.frombuffer(hashlib.sha256(text.encode()).digest() * 12, np.uint8)[:384].astype(
                np.float32
            )
            vectors[row] += (noise / 255.0 - 0.5) * 0.3
        embeddings = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        return EncodedBatch(embeddings, np.repeat(embeddings[:, None, :], 7, axis=1))


class TopicPipeline:
    def __init__(self, encoder: StoredFeatureEncoder) -> None:
        self.encoder = encoder

    def code(self, items: Sequence[CodingInput]) -> list[UtteranceCoding]:
        live = [prepare(item.text) for item in items]
        features = self.encoder.encode_features([p.text for p in live if not p.skipped])
        results, row = [], 0
        for prepared in live:
            if prepared.skipped:
                results.append(UtteranceCoding(skipped=prepared.skipped))
                continue
            results.append(
                UtteranceCoding(
                    embedding=features.embeddings[row],
                    layers=features.layer_means[row],
                    codes=codes_for(prepared.text),
                )
            )
            row += 1
        return results


def codes_for(text: str) -> list[Code]:
    words = text.lower()
    bad = any(w in words for w in ("broke", "expensive", "slow"))
    good = "love" in words
    emotion = "frustration" if bad else "delight" if good else "neutral"
    codes = [
        Code("fake.emotion", "1", "emotion", emotion, 0.9),
        Code("fake.emotion", "1", "goemotions", "annoyance" if bad else "joy" if good else "neutral", 0.9),
        Code("fake.stage", "1", "stage", next((s for w, s in STAGES.items() if w in words), "research"), 0.7),
    ]
    if bad:
        codes.append(
            Code("fake.pain", "1", "pain_point", "price" if "expensive" in words else "reliability", 0.8)
        )
    codes += [Code("fake.forces", "1", "force", force, 0.8) for w, force in FORCES.items() if w in words]
    return codes


def topic_factory(framework: object, encoder: StoredFeatureEncoder) -> TopicPipeline:
    encoder._encoder = TopicEncoder  # type: ignore[assignment]
    return TopicPipeline(encoder)

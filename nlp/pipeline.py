"""One pass over a batch of utterances: clean, classify, embed once, run every coder on the same features.

Every codable utterance first gets a content class (nlp.content): no-content utterances (backchannels,
greetings, talk about the interview, markers) get that one "content" code and nothing else; substantive
ones get a "content" code "substantive" plus the coders' codes. All of them are embedded (one pass), so a
researcher's override of the class can re-code from stored features without re-embedding.

Steps are passed in with sensible defaults (the shipped models), so tests can pass fakes and a
user can swap a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from nlp.content import CONTENT_CODER, CONTENT_VERSION, ContentClass, ContentLabel, classify
from nlp.encoder import EncodedBatch
from nlp.textprep import prepare
from nlp.types import Code, CodeKind, CodingInput

if TYPE_CHECKING:
    from nlp.coders.emotion import EmotionCoder, EmotionResult
    from nlp.coders.forces import ForcesCoder
    from nlp.coders.pain import PainPointCoder, PainResult
    from nlp.coders.stage import StageCoder

# The stage coder's abstention: no stage code is stored for it.
NO_STAGE = "none"


class FeatureEncoder(Protocol):
    def encode_features(self, texts: Sequence[str]) -> EncodedBatch: ...


@dataclass(slots=True)
class UtteranceCoding:
    """Everything the coders said about one utterance.

    `embedding` is None and `skipped` holds the reason when the utterance was not coded. `content` is the
    machine's content class and `content_reason` why; `coded_as` is the class the coders followed (the
    input's override when it has one). Emotion, pain, stage and forces stay empty unless it is substantive.
    """

    embedding: np.ndarray | None = None
    layers: np.ndarray | None = None
    skipped: str | None = None
    note: str | None = None
    content: str = ""
    content_reason: str = ""
    coded_as: str = ""
    emotion: str = ""
    emotion_score: float = 0.0
    goemotions: list[tuple[str, float]] = field(default_factory=list)
    valence: float = 0.0
    pain_point: bool = False
    pain_score: float = 0.0
    stage: str = ""
    stage_score: float = 0.0
    forces: dict[str, float] = field(default_factory=dict)
    codes: list[Code] = field(default_factory=list)


class CodingPipeline:
    """Embed once, then emotion, pain point, stage and forces on the same encoder pass.

    Args:
        encoder: Gives `encode_features(texts)` (embeddings + per-layer features); default MiniLM.
        emotion, pain, stage, forces: The coders; defaults are the shipped models, stage for `framework`.
        framework: Journey framework id for the default stage coder.
    """

    def __init__(
        self,
        *,
        encoder: FeatureEncoder | None = None,
        emotion: EmotionCoder | None = None,
        pain: PainPointCoder | None = None,
        stage: StageCoder | None = None,
        forces: ForcesCoder | None = None,
        framework: str = "seven-step",
    ) -> None:
        from nlp.coders.emotion import load_emotion_coder
        from nlp.coders.forces import load_forces_coder
        from nlp.coders.pain import load_pain_coder
        from nlp.coders.stage import get_stage_coder
        from nlp.encoder import get_encoder

        self.encoder = encoder or get_encoder()
        self.emotion = emotion or load_emotion_coder()
        self.pain = pain or load_pain_coder()
        self.stage = stage or get_stage_coder(framework)
        self.forces = forces or load_forces_coder()

    @property
    def versions(self) -> dict[str, str]:
        """Coder name -> version, stored with every code."""
        return {c.name: c.version for c in (self.emotion, self.pain, self.stage, self.forces)}

    def code(self, items: Sequence[CodingInput]) -> list[UtteranceCoding]:
        """Code a batch; skipped items come back with their reason and no codes."""
        prepared = [prepare(item.text) for item in items]
        results = [UtteranceCoding(skipped=p.skipped, note=p.note) for p in prepared]
        live = [i for i, p in enumerate(prepared) if p.skipped is None]
        if not live:
            return results
        texts = [prepared[i].text for i in live]
        features = self.encoder.encode_features(texts)
        embeddings = np.asarray(features.embeddings, dtype=np.float32)
        for k, i in enumerate(live):
            _classify(results[i], texts[k], items[i].content)
            results[i].embedding = embeddings[k]
            results[i].layers = np.asarray(features.layer_means[k])
        chosen = [k for k, i in enumerate(live) if results[i].coded_as == ContentClass.SUBSTANTIVE]
        if chosen:
            inputs = [_coding_input(texts[k], items[live[k]]) for k in chosen]
            self._fill(
                [results[live[k]] for k in chosen],
                [texts[k] for k in chosen],
                inputs,
                _select(features, chosen),
                embeddings[chosen],
            )
        return results

    def _fill(
        self,
        results: list[UtteranceCoding],
        texts: list[str],
        inputs: list[CodingInput],
        features: EncodedBatch,
        embeddings: np.ndarray,
    ) -> None:
        emotions = self.emotion.predict(texts, features)
        pains = self.pain.predict(texts, features)
        stages = self.stage.code(inputs, embeddings)
        forces = self.forces.code(inputs, features)
        for k, result in enumerate(results):
            emotion, pain, stage = emotions[k], pains[k], _stage_code(stages[k])
            result.emotion, result.emotion_score = emotion.emotion, emotion.emotion_score
            result.goemotions, result.valence = emotion.labels, emotion.valence
            result.pain_point, result.pain_score = pain.is_pain, pain.score
            result.stage, result.stage_score = (stage.label, stage.score) if stage else ("", 0.0)
            result.forces = {code.label: code.score for code in forces[k]}
            result.codes += [
                *self._emotion_codes(emotion),
                *self._pain_codes(pain),
                *([stage] if stage else []),
                *forces[k],
            ]

    def _pain_codes(self, pain: PainResult) -> list[Code]:
        if not pain.is_pain:
            return []
        label = pain.category or str(CodeKind.PAIN_POINT)
        return [Code(self.pain.name, self.pain.version, CodeKind.PAIN_POINT, label, pain.score, pain.span)]

    def _emotion_codes(self, emotion: EmotionResult) -> list[Code]:
        name, version = self.emotion.name, self.emotion.version
        codes = [Code(name, version, CodeKind.EMOTION, emotion.emotion, emotion.emotion_score)]
        codes += [Code(name, version, CodeKind.GOEMOTIONS, label, score) for label, score in emotion.labels]
        return codes


def content_code(label: ContentLabel | ContentClass) -> Code:
    """The one "content" code every coded utterance carries: its class, score 1.0 (rules, not a model)."""
    content_class = label.content_class if isinstance(label, ContentLabel) else label
    return Code(CONTENT_CODER, CONTENT_VERSION, CodeKind.CONTENT, str(content_class), 1.0)


def _classify(result: UtteranceCoding, text: str, override: str | None) -> None:
    label = classify(text)
    result.content, result.content_reason = str(label.content_class), label.reason
    result.coded_as = str(ContentClass(override)) if override else result.content
    result.codes = [content_code(label)]


def _coding_input(text: str, item: CodingInput) -> CodingInput:
    return CodingInput(text, item.question, item.position)


def _select(features: EncodedBatch, rows: list[int]) -> EncodedBatch:
    """The coders' features for some rows of the batch (all rows: the batch itself, no copy)."""
    if len(rows) == len(features.embeddings):
        return features
    return EncodedBatch(np.asarray(features.embeddings)[rows], np.asarray(features.layer_means)[rows])


def _stage_code(code: Code | None) -> Code | None:
    """A stage coder may abstain: no code, a code without a label, or the label NO_STAGE mean no stage."""
    return code if code is not None and code.label and code.label != NO_STAGE else None


"""One pass over a batch of utterances: clean, classify, embed once, run every coder on the same features.

Every codable utterance first gets a content class (nlp.content): no-content utterances (backchannels,
greetings, talk about the interview, markers) get that one "content" code and nothing else; substantive
ones get a "content" code "substantive" plus the coders' codes. All of them are embedded (one pass), so a
researcher's override of the class can re-code from stored features without re-embedding.

Every coder has the one call shape of nlp.types.Coder, `code(items, features) -> list[list[Code]]`: the
pipeline runs them in one loop and reads the fields of UtteranceCoding from their codes. Coders are passed
in with sensible defaults (the shipped models), so tests can pass fakes, a user can swap a model, and an
extra coder runs beside the four.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from nlp.coders.emotion.map import label_valence
from nlp.content import CONTENT_CODER, CONTENT_VERSION, ContentClass, ContentLabel, classify
from nlp.encoder import EncodedBatch
from nlp.textprep import prepare
from nlp.types import Code, CodeKind, Coder, CodingInput


class FeatureEncoder(Protocol):
    def encode_features(self, texts: Sequence[str]) -> EncodedBatch: ...


OnCoded = Callable[[int, int], None]


@dataclass(slots=True)
class UtteranceCoding:
    """Everything the coders said about one utterance.

    `embedding` is None and `skipped` holds the reason when the utterance was not coded. `content` is the
    machine's content class and `content_reason` why; `coded_as` is the class the coders followed (the
    input's override when it has one). `codes` are the coders' codes; the fields after `coded_as` are read
    from them (see `read_codes`) and stay empty unless the utterance is substantive.
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
    """Embed once, then every coder in turn on the same encoder pass, in one call shape.

    Args:
        encoder: Gives `encode_features(texts)` (embeddings + per-layer features); default MiniLM.
        emotion, pain, stage, forces: The four coders; defaults are the shipped models, stage for
            `framework`.
        extra: More coders, run after the four through the same loop; their codes are stored with the
            others (a kind the four do not use fills no field of UtteranceCoding).
        framework: Journey framework id for the default stage coder.

    `on_coded(count, total)`, when set, is called after each coder has coded a batch: `count` of the
    `total` coders are done (a coding job moves its progress with it, so the bar moves while the coders
    run too; no coder runs on a batch without a substantive utterance).
    """

    on_coded: OnCoded | None = None

    def __init__(
        self,
        *,
        encoder: FeatureEncoder | None = None,
        emotion: Coder | None = None,
        pain: Coder | None = None,
        stage: Coder | None = None,
        forces: Coder | None = None,
        extra: Sequence[Coder] = (),
        framework: str = "seven-step",
    ) -> None:
        from nlp.coders.emotion.coder import load_emotion_coder
        from nlp.coders.forces.coder import load_forces_coder
        from nlp.coders.pain.coder import load_pain_coder
        from nlp.coders.stage.coder import get_stage_coder
        from nlp.encoder import get_encoder

        self.encoder = encoder or get_encoder()
        self.emotion: Coder = emotion or load_emotion_coder()
        self.pain: Coder = pain or load_pain_coder()
        self.stage: Coder = stage or get_stage_coder(framework)
        self.forces: Coder = forces or load_forces_coder()
        self.coders: list[Coder] = [self.emotion, self.pain, self.stage, self.forces, *extra]

    @property
    def versions(self) -> dict[str, str]:
        """Coder name -> version, stored with every code."""
        return {c.name: c.version for c in self.coders}

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
            # An utterance said again in the batch (same words, question and position) is coded once.
            firsts, copies = _distinct(inputs)
            self._fill(
                [results[live[k]] for k in chosen],
                [inputs[row] for row in firsts],
                _select(features, [chosen[row] for row in firsts]),
                copies,
            )
        return results

    def _fill(
        self,
        results: list[UtteranceCoding],
        inputs: list[CodingInput],
        features: EncodedBatch,
        sources: list[int],
    ) -> None:
        """Code the distinct `inputs` and give result k the codes of input `sources[k]`.

        The coders' matrix products run on one BLAS thread: they are small, and idle BLAS threads spin
        after each one, taking a core from the next batch's encoder pass (bench/bench_coding.py)."""
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            for count, coder in enumerate(self.coders, start=1):
                codes = coder.code(inputs, features)
                if len(codes) != len(inputs):
                    raise ValueError(f"{coder.name} coded {len(codes)} of {len(inputs)} utterances")
                for result, source in zip(results, sources, strict=True):
                    result.codes += codes[source]
                if self.on_coded is not None:
                    self.on_coded(count, len(self.coders))
        for result in results:
            read_codes(result)


def shipped_versions() -> dict[str, str]:
    """Coder name -> version of the four shipped coders, read from their classes (no model loads).

    The `versions` of a default `CodingPipeline` (a project's own framework runs the same StageCoder
    class), so stored codes can be compared with what coding now would store.
    """
    from nlp.coders.emotion.coder import EmotionCoder
    from nlp.coders.forces.coder import ForcesCoder
    from nlp.coders.pain.coder import PainPointCoder
    from nlp.coders.stage.coder import StageCoder

    return {c.name: c.version for c in (EmotionCoder, PainPointCoder, StageCoder, ForcesCoder)}


def read_codes(result: UtteranceCoding) -> None:
    """Fill the emotion, pain, stage and forces fields of `result` from its codes.

    Valence is read from the kept GoEmotions labels, as the service reads it from stored codes.
    """
    first = _first_of_kinds(result.codes)
    emotion, pain = first.get(CodeKind.EMOTION), first.get(CodeKind.PAIN_POINT)
    stage = first.get(CodeKind.STAGE)
    result.emotion, result.emotion_score = (emotion.label, emotion.score) if emotion else ("", 0.0)
    result.goemotions = [(c.label, c.score) for c in result.codes if c.kind == CodeKind.GOEMOTIONS]
    result.valence = label_valence(result.goemotions) if result.goemotions else 0.0
    result.pain_point, result.pain_score = (True, pain.score) if pain else (False, 0.0)
    result.stage, result.stage_score = (stage.label, stage.score) if stage else ("", 0.0)
    result.forces = {c.label: c.score for c in result.codes if c.kind == CodeKind.FORCE}


def _first_of_kinds(codes: Sequence[Code]) -> dict[str, Code]:
    first: dict[str, Code] = {}
    for code in codes:
        first.setdefault(code.kind, code)
    return first


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


def _distinct(inputs: Sequence[CodingInput]) -> tuple[list[int], list[int]]:
    """The rows of the first occurrence of each distinct input, and for every input the place of its
    first occurrence among those rows."""
    place_of: dict[CodingInput, int] = {}
    firsts: list[int] = []
    places: list[int] = []
    for row, item in enumerate(inputs):
        place = place_of.setdefault(item, len(firsts))
        if place == len(firsts):
            firsts.append(row)
        places.append(place)
    return firsts, places


def _select(features: EncodedBatch, rows: list[int]) -> EncodedBatch:
    """The coders' features for some rows of the batch (all rows: the batch itself, no copy)."""
    if len(rows) == len(features.embeddings):
        return features
    return EncodedBatch(np.asarray(features.embeddings)[rows], np.asarray(features.layer_means)[rows])

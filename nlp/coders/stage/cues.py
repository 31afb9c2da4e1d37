"""Cue phrases of journey stages, found in text with spaCy's PhraseMatcher.

Matching is on a loose stem of each token's norm (lowercased, "n't" -> "not"), so "order" matches
"ordered" and "ordering". A `*` in a cue phrase stands for any one word ("for * years" matches "for
ten years" and "for 10 years"). Only `spacy.blank("en")` is used: nothing is downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nlp.checking import read_yaml
from nlp.coders.rules.patterns import PatternMatcher
from nlp.coders.rules.text import blank_english
from nlp.coders.stage.paths import TWEET_CUES_PATH
from nlp.frameworks import Stage

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SUFFIXES = ("ies", "ied", "ing", "ed", "es", "s", "e")
_MIN_STEM = 3
WILDCARD = "*"
_STEM_CACHE_SIZE = 1 << 16
# "@handle" as a word of its own (".@brand" included), not an e-mail address ("me@example.com").
_ADDRESS = re.compile(r"(?:^|[\s.(])@\w")


@lru_cache(maxsize=4)
def extra_cues(path: Path = TWEET_CUES_PATH) -> dict[str, tuple[str, ...]]:
    """Extra cue phrases by stage id (nlp/coders/data/stage_tweet_cues.yaml).

    Raises:
        ValueError: The file is not a mapping of stage ids to lists of phrases (the message names it).
    """
    data = read_yaml(path)
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(p, str) for p in v) for v in data.values()
    ):
        raise ValueError(f"{path}: expected a mapping of stage ids to lists of cue phrases")
    return {str(k): tuple(v) for k, v in data.items()}


def addresses_someone(text: str) -> bool:
    """Whether `text` is written to an account ("@brand my order never came"), as tweets to a brand are."""
    return _ADDRESS.search(text) is not None


@lru_cache(maxsize=1 << 16)
def loose_stem(word: str) -> str:
    """A crude, deterministic stem: enough for "arrive"/"arrived"/"arriving" to agree."""
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= _MIN_STEM and not word.endswith("ss"):
            if suffix in ("ies", "ied"):
                return stem + "y"
            if suffix in ("ing", "ed") and len(stem) > _MIN_STEM and _doubled(stem):
                return stem[:-1]  # shipped -> ship, not shipp
            return stem
    return word


def _doubled(stem: str) -> bool:
    # Porter's rule: undouble a final consonant pair except l, s, z ("calling" -> "call").
    return stem[-1] == stem[-2] and stem[-1] not in "aeioulsz"


@dataclass(frozen=True, slots=True)
class CueHit:
    """One cue phrase found in a text: the stage it signals and its character span [start, end)."""

    stage: int
    start: int
    end: int


class CueMatcher:
    """Finds the cue phrases of a framework's stages in texts."""

    def __init__(self, stages: Sequence[Stage], extra: Mapping[str, Sequence[str]] | None = None) -> None:
        from spacy.attrs import NORM
        from spacy.matcher import PhraseMatcher

        self._norm: int = NORM
        self.n_stages = len(stages)
        # The rule coders' pipeline: one vocabulary, so a new word's lexeme is made once, not per coder.
        self._nlp = blank_english()
        self._phrases = PhraseMatcher(self._nlp.vocab, attr="NORM")
        self._patterns = PatternMatcher(self._nlp.vocab)
        self._stage_of: dict[int, int] = {}
        self._stems: dict[int, int] = {}
        extra = extra or {}
        for index, stage in enumerate(stages):
            self._add(index, [*stage.cue_phrases, *extra.get(stage.id, ())])

    def hits(self, text: str) -> list[CueHit]:
        """Every cue phrase in `text`, in order of appearance."""
        doc = self._doc(text)
        found = [
            CueHit(self._stage_of[key], doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
            for key, start, end in self._matches(doc)
        ]
        return sorted(found, key=lambda hit: (hit.start, -hit.end))

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        matches = list(self._phrases(doc))
        if len(self._patterns):
            matches += self._patterns(doc)
        return matches

    def counts(self, hits: Sequence[Sequence[CueHit]]) -> np.ndarray:
        """(n, n_stages) number of cue phrases found per text and stage."""
        counts = np.zeros((len(hits), self.n_stages), dtype=np.float32)
        for row, text_hits in enumerate(hits):
            for hit in text_hits:
                counts[row, hit.stage] += 1.0
        return counts

    def _add(self, index: int, phrases: Sequence[str]) -> None:
        name = f"stage:{index}"
        self._stage_of[self._nlp.vocab.strings.add(name)] = index
        plain = [self._doc(phrase) for phrase in phrases if WILDCARD not in phrase]
        patterns = [self._pattern(phrase) for phrase in phrases if WILDCARD in phrase]
        if plain:
            self._phrases.add(name, plain)
        if patterns:
            self._patterns.add(name, patterns)

    def _pattern(self, phrase: str) -> list[dict[str, str]]:
        return [{} if token.text == WILDCARD else {"NORM": token.norm_} for token in self._doc(phrase)]

    def _doc(self, text: str) -> Doc:
        """The tokens of `text` with each NORM replaced by its loose stem."""
        doc = self._nlp.make_doc(text)
        if len(doc):
            stems = [self._stem(norm) for norm in doc.to_array(self._norm).tolist()]
            # String ids are uint64, which thinc's Ints2d annotation leaves out.
            column: Any = np.array(stems, dtype=np.uint64)[:, None]
            doc.from_array([self._norm], column)
        return doc

    def _stem(self, norm: int) -> int:
        """String id of the loose stem of the string with id `norm` (cached: one dict look-up)."""
        stem = self._stems.get(norm)
        if stem is None:
            if len(self._stems) >= _STEM_CACHE_SIZE:
                self._stems.clear()
            strings = self._nlp.vocab.strings
            stem = self._stems[norm] = strings.add(loose_stem(strings[norm]))
        return stem


def best_span(hits: Sequence[CueHit], stage: int) -> tuple[int, int] | None:
    """The longest cue phrase of `stage` among `hits` (the first one on ties), or None."""
    spans = [(hit.start, hit.end) for hit in hits if hit.stage == stage]
    if not spans:
        return None
    return max(spans, key=lambda span: (span[1] - span[0], -span[0]))

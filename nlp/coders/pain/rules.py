"""Rule side of the pain-point coder: problem cues, with negation, hypotheticals and resolution.

The lexicon lives in data/pain_cues.yaml. Each cue found gets a status: "present" (a pain now),
"negated" ("no issues"), "hypothetical" ("if it breaks") or "resolved" ("worried, but it was fine").
The findings also give the model a small feature vector (RULE_FEATURES).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nlp.coders.pain.paths import DEFAULT_CUES_PATH
from nlp.coders.rules import context
from nlp.coders.rules.lexicon import (
    CueMatch,
    CueMatcher,
    CueSpec,
    phrase_groups,
    read_yaml,
    token_patterns,
    words,
)
from nlp.coders.rules.memo import LastBatch
from nlp.coders.rules.text import blank_english, rule_docs

if TYPE_CHECKING:
    from spacy.strings import StringStore
    from spacy.tokens import Doc

CATEGORIES = ("obstacle", "cost", "delay", "frustration", "risk", "missing_capability")
RULE_FEATURES = (
    "best_present",
    "n_present",
    "negated",
    "hypothetical",
    "resolved",
    "intensity",
    "praise",
    "question",
    *(f"category_{c}" for c in CATEGORIES),
)
PRESENT, NEGATED, HYPOTHETICAL, RESOLVED = "present", "negated", "hypothetical", "resolved"
RISK = "risk"
# Wishes are modal by nature ("would be nice if"): a hypothetical marker does not cancel them.
_MODAL_CATEGORIES = frozenset({"missing_capability"})


@dataclass(frozen=True, slots=True)
class PainCue:
    """One problem cue in a text: character offsets [start, end) into the original text."""

    start: int
    end: int
    text: str
    category: str
    weight: float
    status: str


@dataclass(frozen=True, slots=True)
class RuleFindings:
    """Every cue of one text and the feature vector the model reads."""

    cues: list[PainCue]
    features: np.ndarray

    @property
    def best(self) -> PainCue | None:
        """The heaviest present cue (the first of equals), or None."""
        present = [cue for cue in self.cues if cue.status == PRESENT]
        return max(present, key=lambda cue: cue.weight) if present else None


@dataclass(frozen=True)
class PainLexicon:
    """The compiled cue lexicon and the word lists of the context checks."""

    cues: CueMatcher
    praise: CueMatcher
    not_cues: CueMatcher
    negators: frozenset[str]
    post_negators: frozenset[str]
    hypothetical: frozenset[str]
    worry: frozenset[str]
    not_hypothetical: frozenset[str]
    contrast: frozenset[str]
    resolution: frozenset[str]
    intensifiers: frozenset[str]


_FINDINGS: LastBatch[list[RuleFindings]] = LastBatch()
# The word lists of a pain lexicon, in PainLexicon's order after its two matchers.
_VOCABULARIES = (
    "negators",
    "post_negators",
    "hypothetical",
    "worry",
    "not_hypothetical",
    "contrast",
    "resolution",
    "intensifiers",
)


@lru_cache(maxsize=2)
def load_pain_lexicon(path: Path = DEFAULT_CUES_PATH) -> PainLexicon:
    """Read and compile a pain cue lexicon (once per process and path).

    Raises:
        LexiconError: The file is unreadable, or a list holds something other than strings.
    """
    data = read_yaml(
        path, required={"categories", "praise", *_VOCABULARIES}, optional={"patterns", "lists", "not_cues"}
    )
    nlp = blank_english()
    where = str(path)
    cues = CueMatcher(
        nlp,
        phrase_groups(data["categories"], where),
        token_patterns(data.get("patterns", []), data.get("lists", {}), where),
    )
    praise = CueMatcher(nlp, [(CueSpec("praise", 1.0, True, "praise"), words(data["praise"], where))], [])
    idioms = words(data.get("not_cues", []), f"{where}: not_cues")
    not_cues = CueMatcher(nlp, [(CueSpec("not_cue", 1.0, False, "not_cue"), idioms)] if idioms else [], [])

    def vocab(key: str) -> frozenset[str]:
        return frozenset(words(data[key], f"{where}: {key}"))

    return PainLexicon(cues, praise, not_cues, *(vocab(key) for key in _VOCABULARIES))


class PainRules:
    """Finds problem cues and their status in texts."""

    def __init__(self, lexicon: PainLexicon) -> None:
        self.lexicon = lexicon

    def analyse(self, texts: Sequence[str]) -> list[RuleFindings]:
        # Keyed by lexicon too: the forces coder reads the same batch with the same lexicon.
        key = (self.lexicon, tuple(texts))
        findings = _FINDINGS.get(key)
        if findings is None:
            docs = rule_docs(key[1])
            findings = _FINDINGS.put(key, [self._findings(t, d) for t, d in zip(key[1], docs, strict=True)])
        return list(findings)

    def _findings(self, text: str, doc: Doc) -> RuleFindings:
        found, praised = self.lexicon.cues.find(doc), self.lexicon.praise.find(doc)
        if not found and not praised:  # most texts: nothing to check in context
            return RuleFindings([], self._features(text, doc, [], 0))
        norms = context.token_norms(doc)
        idioms = self.lexicon.not_cues.find(doc)
        matches = [m for m in found if not _person_did_not(norms, m) and not _inside(m, idioms)]
        cues = [self._cue(text, doc, norms, match) for match in matches]
        in_cues = {i for m in matches for i in range(m.start, m.end)}
        praise = [m for m in praised if m.start not in in_cues and not self._negated(norms, m)]
        return RuleFindings(cues, self._features(text, doc, cues, len(praise)))

    def _cue(self, text: str, doc: Doc, norms: context.Norms, match: CueMatch) -> PainCue:
        span = doc[match.start : match.end]
        start, end = span.start_char, span.end_char
        # A trouble someone fears ("what if it breaks?") is a risk, whatever kind of trouble it is.
        category = RISK if context.is_worry(norms, match.start, self.lexicon.worry) else match.spec.label
        status = self._status(norms, match)
        return PainCue(start, end, text[start:end], category, match.spec.weight, status)

    def _status(self, norms: context.Norms, match: CueMatch) -> str:
        lex = self.lexicon
        if match.spec.negatable and self._negated(norms, match):
            return NEGATED
        if context.is_worry(norms, match.start, lex.worry):
            return PRESENT
        if match.spec.label not in _MODAL_CATEGORIES and context.is_hypothetical(
            norms, match.start, lex.hypothetical, lex.not_hypothetical
        ):
            return HYPOTHETICAL
        if context.is_resolved(norms, match.end, lex.contrast, lex.resolution):
            return RESOLVED
        return PRESENT

    def _negated(self, norms: context.Norms, match: CueMatch) -> bool:
        return context.is_negated(
            norms, match.start, match.end, self.lexicon.negators, self.lexicon.post_negators
        )

    def _features(self, text: str, doc: Doc, cues: list[PainCue], n_praise: int) -> np.ndarray:
        present = [cue.weight for cue in cues if cue.status == PRESENT]
        statuses = {cue.status for cue in cues}
        by_category = (
            [
                max((c.weight for c in cues if c.status == PRESENT and c.category == k), default=0.0)
                for k in CATEGORIES
            ]
            if present
            else [0.0] * len(CATEGORIES)
        )
        return np.array(
            [
                max(present, default=0.0),
                min(len(present), 3) / 3.0,
                float(NEGATED in statuses),
                float(HYPOTHETICAL in statuses),
                float(RESOLVED in statuses),
                intensity(text, doc, self.lexicon.intensifiers),
                min(n_praise, 3) / 3.0,
                float("?" in text[:2000]),
                *by_category,
            ],
            dtype=np.float32,
        )


# "I never worked there", "we didn't start yet": a person who did not do something is no broken function.
_PERSONS = frozenset({"i", "we", "you", "they", "he", "she"})


def _person_did_not(norms: context.Norms, match: CueMatch) -> bool:
    """Whether a negated-function cue has a person right before it as its subject."""
    if match.spec.name != "negated_function" or match.start == 0:
        return False
    return norms[match.start - 1] in _PERSONS


def _inside(match: CueMatch, idioms: Sequence[CueMatch]) -> bool:
    """Whether a cue lies within a set phrase that is no trouble ("hard to say", "problem solving")."""
    return any(i.start <= match.start and match.end <= i.end for i in idioms)


def intensity(text: str, doc: Doc, intensifiers: frozenset[str]) -> float:
    """0..1 from shouting (capitalised words), repeated "!"/"?" and intensifying adverbs."""
    head = text[:2000]
    tokens = head.split()
    shouted = sum(1 for w in tokens if w.isupper() and _is_word(w))
    # The share of shouted words matters only from two on; counting the words is the slow part.
    n_words = sum(1 for w in tokens if _is_word(w)) if shouted >= 2 else 0
    caps = 1.0 if shouted >= 2 and shouted / max(n_words, 1) >= 0.3 else 0.5 * float(shouted >= 1)
    marks = float(any(p in head for p in ("!!", "?!", "!?", "??")))
    from spacy.attrs import NORM

    norms = doc.to_array(NORM)[:400].tolist() if len(doc) else []
    wanted = _norm_ids(intensifiers, doc.vocab.strings)
    adverbs = min(sum(1 for norm in norms if norm in wanted), 2) / 2.0
    return float(min(1.0, 0.4 * caps + 0.3 * marks + 0.3 * adverbs))


_NORM_IDS: dict[frozenset[str], frozenset[int]] = {}


def _norm_ids(words: frozenset[str], strings: StringStore) -> frozenset[int]:
    """The string ids of `words` (the same in every vocabulary), kept per word set."""
    ids = _NORM_IDS.get(words)
    if ids is None:
        ids = _NORM_IDS[words] = frozenset(strings.add(word) for word in words)
    return ids


def _is_word(token: str) -> bool:
    """At least two letters, and not a @mention or #hashtag."""
    letters = len(token) if token.isalpha() else sum(c.isalpha() for c in token)
    return letters >= 2 and not token.startswith(("@", "#"))

"""Rule side of the forces coder: cue phrases per force and old-way / new-way markers.

The lexicon is the `cues`, `markers` and `negators` sections of data/forces.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from nlp.coders.forces.paths import DEFAULT_FORCES_PATH
from nlp.coders.rules import context
from nlp.coders.rules.lexicon import CueMatch, CueMatcher, CueSpec, phrase_groups, read_yaml, words
from nlp.coders.rules.text import blank_english, rule_docs
from nlp.types import FORCES

if TYPE_CHECKING:
    from spacy.tokens import Doc



@dataclass(frozen=True, slots=True)
class ForceCue:
    """The strongest cue of one force in a text: character offsets [start, end) and its weight."""

    start: int
    end: int
    text: str
    weight: float


@dataclass(frozen=True, slots=True)
class ForceFindings:
    """What the rules saw in one text.

    Attributes:
        cues: force -> its strongest non-negated cue.
        negated: Forces with a cue that a negator cancelled ("no worries").
        old_way: Whether the text speaks of the old way ("used to", "legacy", "spreadsheet").
        new_way: Whether the text speaks of the new one ("new", "would", "trial", "switching").
    """

    cues: dict[str, ForceCue]
    negated: frozenset[str]
    old_way: bool
    new_way: bool


@dataclass(frozen=True)
class ForcesLexicon:
    cues: CueMatcher
    markers: dict[str, CueMatcher]
    negators: frozenset[str]


@lru_cache(maxsize=2)
def load_forces_lexicon(path: Path = DEFAULT_FORCES_PATH) -> ForcesLexicon:
    """Read and compile the forces cue lexicon (once per process and path).

    Raises:
        LexiconError: The file is unreadable, or a list holds something other than strings.
    """
    data = read_yaml(path, required={"cues", "markers", "negators"}, optional={"prototypes"})
    nlp = blank_english()
    where = str(path)
    unknown = set(data["cues"]) - set(FORCES)
    if unknown:
        from nlp.coders.rules.lexicon import LexiconError

        raise LexiconError(where, "cues", f"unknown forces {sorted(unknown)}; known: {', '.join(FORCES)}")
    markers = {
        side: CueMatcher(nlp, [(CueSpec(side, 1.0, False, side), words(data["markers"][side], where))], [])
        for side in ("old", "new")
    }
    return ForcesLexicon(
        CueMatcher(nlp, phrase_groups(data["cues"], where), []),
        markers,
        frozenset(words(data["negators"], f"{where}: negators")),
    )


class ForceRules:
    """Finds force cues and old/new markers in texts."""

    def __init__(self, lexicon: ForcesLexicon) -> None:
        self.lexicon = lexicon

    def analyse(self, texts: Sequence[str]) -> list[ForceFindings]:
        return [self._findings(text, doc) for text, doc in zip(texts, rule_docs(texts), strict=True)]

    def _findings(self, text: str, doc: Doc) -> ForceFindings:
        cues: dict[str, ForceCue] = {}
        negated: set[str] = set()
        found = self.lexicon.cues.find(doc)
        norms = context.token_norms(doc) if found else []
        for match in found:
            force = match.spec.label
            if context.is_negated(norms, match.start, match.end, self.lexicon.negators, ()):
                negated.add(force)
            elif force not in cues or match.spec.weight > cues[force].weight:
                cues[force] = _cue(text, doc, match)
        old, new = (bool(self.lexicon.markers[side].find(doc)) for side in ("old", "new"))
        return ForceFindings(cues, frozenset(negated - set(cues)), old, new)


def _cue(text: str, doc: Doc, match: CueMatch) -> ForceCue:
    span = doc[match.start : match.end]
    return ForceCue(span.start_char, span.end_char, text[span.start_char : span.end_char], match.spec.weight)

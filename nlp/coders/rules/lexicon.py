"""Cue lexicons as data: phrase groups and spaCy Matcher patterns read from YAML, matched on NORM."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nlp import checking
from nlp.checking import Checker, DocumentError
from nlp.coders.rules.patterns import PatternMatcher
from nlp.coders.rules.text import inflections, prepare

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class LexiconError(DocumentError):
    """A cue lexicon file is missing or malformed, or a word in it is not a string (bare no/on are bools).

    Raised as LexiconError(where, "", problem) with `where` naming the file and key ("pain_cues.yaml:
    praise"), or by nlp.checking with the file and the key path apart.
    """


@dataclass(frozen=True, slots=True)
class CueSpec:
    """What a matched cue means.

    Attributes:
        label: The category or force the cue points to.
        weight: The rule's confidence in [0, 1].
        negatable: Whether a negator before the cue cancels it ("no issues"); false for patterns that
            carry their own negation ("doesn't load").
        name: The phrase or pattern name, for explanations.
    """

    label: str
    weight: float
    negatable: bool
    name: str


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A cue found in a Doc: token offsets [start, end) and its spec."""

    start: int
    end: int
    spec: CueSpec


class _LexiconChecker(Checker):
    error = LexiconError


def read_yaml(path: Path, required: Collection[str], optional: Collection[str] = ()) -> dict[str, Any]:
    """The mapping in a lexicon file, read and checked by nlp.checking.

    Raises:
        LexiconError: naming the file (and key) when it cannot be read, is not valid YAML, is not a
            mapping, lacks a `required` key or has a key neither required nor `optional`.
    """
    data = checking.read_yaml(path, LexiconError)
    keys = set(required)
    return dict(_LexiconChecker(path.name).mapping(data, "", keys | set(optional), keys))


def words(value: Any, where: str) -> list[str]:
    """A list of strings, or LexiconError naming `where`."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        bad = value if not isinstance(value, list) else [v for v in value if not isinstance(v, str)]
        raise LexiconError(where, "", f"expected a list of strings, found {bad!r} (quote no/on/yes/off)")
    return value


class CueMatcher:
    """Finds the cues of one lexicon in Docs made by `nlp` from prepared (lower-cased) text."""

    def __init__(
        self,
        nlp: Language,
        groups: Sequence[tuple[CueSpec, list[str]]],
        patterns: Sequence[tuple[CueSpec, list[dict[str, Any]]]],
    ) -> None:
        from spacy.matcher import PhraseMatcher

        self._specs: list[CueSpec] = []
        self._phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self._patterns = PatternMatcher(nlp.vocab)
        for spec, phrases in groups:
            docs = [nlp.make_doc(prepare(phrase)) for phrase in phrases]
            self._phrases.add(self._key(spec), docs)
        for spec, pattern in patterns:
            self._patterns.add(self._key(spec), [pattern])

    def _key(self, spec: CueSpec) -> str:
        self._specs.append(spec)
        return str(len(self._specs) - 1)

    def find(self, doc: Doc) -> list[CueMatch]:
        """Non-overlapping cues, preferring the heavier and then the longer match."""
        found = list(self._phrases(doc))
        if len(self._patterns):
            found += self._patterns(doc)
        if not found:
            return []
        vocab = doc.vocab.strings
        raw = [CueMatch(start, end, self._specs[int(vocab[key])]) for key, start, end in found]
        return raw if len(raw) == 1 else _without_overlaps(raw)


def _without_overlaps(matches: Iterable[CueMatch]) -> list[CueMatch]:
    ranked = sorted(matches, key=lambda m: (-m.spec.weight, m.start - m.end, m.start))
    taken: set[int] = set()
    kept: list[CueMatch] = []
    for match in ranked:
        tokens = set(range(match.start, match.end))
        if not tokens & taken:
            kept.append(match)
            taken |= tokens
    return sorted(kept, key=lambda m: m.start)


def phrase_groups(categories: Mapping[str, Any], where: str) -> list[tuple[CueSpec, list[str]]]:
    """(spec, phrases) per group of a `categories:` mapping; `verbs:` entries are inflected."""
    groups: list[tuple[CueSpec, list[str]]] = []
    for label, entries in categories.items():
        for i, entry in enumerate(entries):
            place = f"{where}: {label}[{i}]"
            phrases = words(entry.get("phrases", []), f"{place}.phrases")
            for verb in words(entry.get("verbs", []), f"{place}.verbs"):
                phrases = phrases + inflections(verb)
            spec = CueSpec(str(label), float(entry["weight"]), bool(entry.get("negatable", True)), place)
            groups.append((spec, phrases))
    return groups


def token_patterns(
    entries: Sequence[Mapping[str, Any]], lists: Mapping[str, Any], where: str
) -> list[tuple[CueSpec, list[dict[str, Any]]]]:
    """(spec, Matcher pattern) per entry of a `patterns:` list, with "$name" lists substituted."""
    resolved = {name: _expand(name, words(value, f"{where}: lists.{name}")) for name, value in lists.items()}
    out: list[tuple[CueSpec, list[dict[str, Any]]]] = []
    for entry in entries:
        spec = CueSpec(
            str(entry["category"]), float(entry["weight"]), bool(entry.get("negatable", False)), entry["name"]
        )
        out.append((spec, [_substitute(token, resolved, where) for token in entry["pattern"]]))
    return out


def _expand(name: str, items: list[str]) -> list[str]:
    if not name.endswith("_verbs"):
        return items
    return [form for verb in items for form in inflections(verb)]


def _substitute(value: Any, lists: Mapping[str, list[str]], where: str) -> Any:
    if isinstance(value, dict):
        return {key: _substitute(item, lists, where) for key, item in value.items()}
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in lists:
            raise LexiconError(where, "", f"pattern refers to unknown list {value}")
        return lists[value[1:]]
    return value

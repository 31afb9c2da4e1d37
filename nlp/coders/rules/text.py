"""Text preparation for the rule coders: one blank spaCy tokenizer, offsets kept equal to the input's."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from nlp.coders.rules.memo import LastBatch

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Rules read at most this many characters; spans still point into the original text.
MAX_RULE_CHARS = 100_000
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})
_CONTROLS = str.maketrans({chr(c): " " for c in range(32) if chr(c) not in "\n\t"})
# str.lower() is per character except for capital sigma, whose lower case depends on its neighbours.
_CONTEXTUAL_LOWER = "\u03a3"
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "break": ("broke", "broken"),
    "freeze": ("froze", "frozen"),
    "hang": ("hung",),
    "come": ("came",),
    "run": ("ran",),
    "send": ("sent",),
    "pay": ("paid",),
    "lose": ("lost",),
    "get": ("got", "gotten"),
    "take": ("took", "taken"),
    "show": ("shown",),
    "go": ("went", "gone"),
    "do": ("did", "done"),
    "keep": ("kept",),
    "let": ("let",),
    "fight": ("fought",),
    "buy": ("bought",),
    "sell": ("sold",),
    "feel": ("felt",),
    "think": ("thought",),
    "build": ("built",),
    "know": ("knew", "known"),
    "leave": ("left",),
    "hear": ("heard",),
    "spend": ("spent",),
}


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """The process-wide blank English pipeline (tokenizer and lexical attributes only)."""
    import spacy  # here, not at module level: importing spaCy (and thinc, torch) takes seconds

    return spacy.blank("en")


def prepare(text: str) -> str:
    """Lower-case, straighten apostrophes and blank out control characters, keeping every offset.

    Characters whose lower-case form is longer than one character ("İ") are kept as they are, so a
    character offset into the result is the same offset into `text`.
    """
    clipped = text[:MAX_RULE_CHARS].translate(_APOSTROPHES)
    lowered = clipped.lower()
    # Same length and no sigma: every character was lowered on its own to one character, as below.
    if len(lowered) == len(clipped) and _CONTEXTUAL_LOWER not in clipped:
        return lowered.translate(_CONTROLS)
    return "".join(_lower_char(c) for c in clipped)


_DOCS: LastBatch[list[Doc]] = LastBatch()


def rule_docs(texts: Sequence[str]) -> list[Doc]:
    """Docs of the prepared texts, made by `blank_english()`: the rule coders' shared tokenisation
    (the last batch's Docs are kept, so the pain and forces rules tokenise a batch once)."""
    key = tuple(texts)
    docs = _DOCS.get(key)
    if docs is None:
        nlp = blank_english()
        docs = _DOCS.put(key, [nlp.make_doc(prepare(text)) for text in key])
    return docs


def _lower_char(char: str) -> str:
    if char < " " and char not in "\n\t":
        return " "
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


def inflections(verb: str) -> list[str]:
    """The verb and its inflected forms; for a phrasal verb ("time out") the first word inflects."""
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    return [form + tail for form in dict.fromkeys([head, *_forms(head)])]


def _forms(verb: str) -> list[str]:
    if verb.endswith("e") and not verb.endswith("ee"):
        regular = [verb + "s", verb + "d", verb[:-1] + "ing"]
    elif verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        regular = [verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    elif verb.endswith(("s", "sh", "ch", "x", "z")):
        regular = [verb + "es", verb + "ed", verb + "ing"]
    elif _doubles(verb):
        regular = [verb + "s", verb + verb[-1] + "ed", verb + verb[-1] + "ing"]
    else:
        regular = [verb + "s", verb + "ed", verb + "ing"]
    return [*regular, *_IRREGULAR.get(verb, ())]


def _doubles(verb: str) -> bool:
    """One-syllable verbs ending consonant-vowel-consonant double it: lag -> lagged, log -> logging."""
    vowels = "aeiou"
    groups = sum(1 for i, c in enumerate(verb) if c in vowels and (i == 0 or verb[i - 1] not in vowels))
    return (
        groups == 1
        and len(verb) >= 3
        and verb[-1] not in vowels + "wxy"
        and verb[-2] in vowels
        and verb[-3] not in vowels
    )

"""The clause around a cue: is it negated, hypothetical, or resolved by what follows?

All checks read the token NORMs of a Doc built from prepared (lower-cased) text, as `token_norms` lists
them (None for a whitespace token).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

SENTENCE_END = frozenset({".", "!", "?", ";", "\n", "\n\n"})
# Clause boundaries: punctuation (dashes included) and the conjunctions that start a new clause.
CLAUSE_END = SENTENCE_END | {
    ",", ":", "(", ")", "\u2014", "\u2013",
    "but", "and", "because", "so", "although", "though", "while", "why", "which", "whereas", "yet",
    "cause", "or",
}  # fmt: skip


Norms = Sequence[str | None]


def token_norms(doc: Doc) -> list[str | None]:
    """The NORM of each token of `doc`, None for a whitespace token: what the checks below read (one
    pass over the Doc, instead of a Token object per word each check looks at)."""
    from spacy.attrs import IS_SPACE, NORM

    if not len(doc):
        return []
    strings = doc.vocab.strings
    return [None if space else strings[norm] for norm, space in doc.to_array([NORM, IS_SPACE]).tolist()]


def before(norms: Norms, start: int, size: int, stops: Collection[str] = CLAUSE_END) -> list[str]:
    """NORMs of up to `size` tokens before token `start`, nearest last, not crossing a stop word."""
    out: list[str] = []
    for i in range(start - 1, max(start - size, 0) - 1, -1):
        norm = norms[i]
        if norm is None or norm in stops:
            break
        out.append(norm)
    return out[::-1]


def after(norms: Norms, end: int, size: int, stops: Collection[str] = SENTENCE_END) -> list[str]:
    """NORMs of up to `size` tokens from token `end` on, not crossing a sentence end."""
    out: list[str] = []
    for norm in norms[end : end + size]:
        if norm is None or norm in stops:
            break
        out.append(norm)
    return out


def contains(window: Sequence[str], phrases: Collection[str]) -> bool:
    """Whether any phrase (one or more space-separated words) occurs in the window of words."""
    joined = f" {' '.join(window)} "
    return any(f" {phrase} " in joined for phrase in phrases)


_SENTENCE_OR_BUT = SENTENCE_END | {"but", ";"}
_CONDITION_END = SENTENCE_END | {",", ":", "but", "because", "so"}
# A negated main clause reaches into the relative clause that names the trouble: "I never worked in a
# project where privacy was an issue", "there's no system that is slow".
RELATIVIZERS = frozenset({"where", "that", "which", "who", "when", "whose"})


def is_negated(norms: Norms, start: int, end: int, negators: Collection[str], post: Collection[str]) -> bool:
    """A negator within four words before the cue in its clause (or before a relative clause that holds
    the cue), or "free"/"-free" right after it."""
    if any(norm in negators for norm in before(norms, start, 4)):
        return True
    if _negated_relative(before(norms, start, 12, stops=_SENTENCE_OR_BUT), negators):
        return True
    following = after(norms, end, 2)
    return bool(following) and (following[0] in post or following[:2] == ["-", "free"])


def _negated_relative(window: Sequence[str], negators: Collection[str]) -> bool:
    """Whether the window holds a negator followed, later, by a relativizer."""
    seen_negator = False
    for norm in window:
        seen_negator = seen_negator or norm in negators
        if seen_negator and norm in RELATIVIZERS:
            return True
    return False


def is_worry(norms: Norms, start: int, markers: Collection[str]) -> bool:
    """A worry marker ("what if", "worried that") shortly before the cue, in its sentence."""
    return contains(before(norms, start, 8, stops=SENTENCE_END), markers)


def is_hypothetical(norms: Norms, start: int, markers: Collection[str], exceptions: Collection[str]) -> bool:
    """A conditional or modal marker ("if", "what if", "might", "would be") shortly before the cue.

    "could"/"might" followed by "not" are past or present inability, not a hypothesis; "even if" and
    "every time" keep the cue real.
    """
    window = before(norms, start, 7, stops=_CONDITION_END)
    if not window or contains(window, exceptions):
        return False
    joined = " ".join(window)
    for modal in ("could not", "might not", "may not", *_HEDGED_MODALS):
        joined = joined.replace(modal, "")
    return contains(joined.split(), markers)


# Speech hedges a present judgement with a modal: "it might be a little confusing at first" is a
# (softened) pain now, not a hypothesis.
_HEDGED_MODALS = tuple(
    f"{modal} be {hedge}"
    for modal in ("might", "may", "could")
    for hedge in ("a little", "a bit", "kind of", "sort of", "quite", "pretty", "really", "very", "too")
)


def is_resolved(norms: Norms, end: int, contrast: Collection[str], resolution: Collection[str]) -> bool:
    """A contrast after the cue followed by a sign that all went well ("worried, but it was fine")."""
    window = after(norms, end, 14)
    for i, word in enumerate(window):
        if word in contrast or " ".join(window[i : i + 2]) in contrast:
            rest = window[i + 1 : i + 10]
            return any(w in resolution and not _denied(rest, j) for j, w in enumerate(rest))
    return False


def _denied(words: Sequence[str], j: int) -> bool:
    """Whether words[j] is denied ("not fine", "nobody fixed") or is the "no" of "no one"."""
    if words[j] == "no" and words[j + 1 : j + 2] == ["one"]:
        return True
    return any(w in _DENIALS for w in words[max(j - 2, 0) : j])


_DENIALS = frozenset({"not", "never", "nobody", "no", "hardly"})

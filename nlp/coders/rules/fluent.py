"""Spoken disfluency for the cue rules: "not um within our budget", "it's it's way above" read as said.

Transcripts of speech keep fillers ("um", "uh"), the transcriber's break mark (" - ", a word cut off)
and words said twice; a cue phrase or pattern with one of these inside it would not match. `fluent`
gives a Doc without them and, for each of its tokens, the index of the same token in the original Doc,
so character offsets still point into the original text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

FILLERS = frozenset({"um", "umm", "uh", "uhm", "er", "erm", "eh", "hmm", "mm", "mhm"})
BREAK_MARK = "-"


def fluent(doc: Doc) -> tuple[Doc, list[int]]:
    """The doc without fillers, break marks and immediately repeated words, with each kept token's
    index in `doc`. Returns `doc` itself and the identity map when there is nothing to drop."""
    dropped = _dropped(doc)
    kept = [i for i in range(len(doc)) if i not in dropped]
    if not dropped:
        return doc, kept
    from spacy.tokens import Doc as SpacyDoc

    tokens = [doc[i] for i in kept]
    # A dropped token in between leaves a space, so the words either side of it stay apart.
    spaced = [bool(doc[i].whitespace_) or i + 1 in dropped for i in kept]
    out = SpacyDoc(doc.vocab, words=[t.text for t in tokens], spaces=spaced)
    for token, source in zip(out, tokens, strict=True):
        # Tokenizer exceptions set the norm ("n't" -> "not"); a Doc built from words would lose it.
        token.norm_ = source.norm_
    return out, kept


def _dropped(doc: Doc) -> set[int]:
    if not _may_drop(doc):
        return set()
    dropped = {i for i, token in enumerate(doc) if token.norm_ in FILLERS or _break_mark(doc, i)}
    # Repeats and cut-off words are found in what is left: "above um uh above", "I - I", "w way".
    left = [doc[i] for i in range(len(doc)) if i not in dropped]
    for k, token in enumerate(left):
        if _cut_off(left, k):
            dropped.add(token.i)
        for width in (1, 2):
            if _repeated(left, k, width):
                dropped.update(t.i for t in left[k : k + width])
    return dropped


def _may_drop(doc: Doc) -> bool:
    """A cheap test on the token arrays: most written text has no filler, dash, repeat or short word
    before a longer one, and is then returned as it is without looking at each token."""
    from spacy.attrs import IS_ALPHA, IS_STOP, LENGTH, NORM

    if len(doc) < 2:
        return len(doc) == 1 and (doc[0].norm_ in FILLERS or doc[0].norm_ == BREAK_MARK)
    arrays = doc.to_array([NORM, LENGTH, IS_ALPHA, IS_STOP])
    norms, lengths, alpha, stop = arrays[:-1, 0], arrays[:-1, 1], arrays[:-1, 2], arrays[:-1, 3]
    every, following = arrays[:, 0], arrays[1:, 0]
    strings = doc.vocab.strings
    marks = [strings[w] for w in (*FILLERS, BREAK_MARK) if w in strings]
    if np.isin(every, marks).any() or (following == norms).any() or (every[2:] == every[:-2]).any():
        return True
    # A cut-off word ("w way") with nothing dropped between is the short word right before its restart.
    short = np.flatnonzero((lengths <= 2) & (alpha == 1) & (stop == 0))
    return any(len(doc[i + 1]) > 2 and doc[i + 1].norm_.startswith(doc[i].norm_) for i in short.tolist())


def _break_mark(doc: Doc, i: int) -> bool:
    """A free-standing dash (spaces on both sides, or at either end); "user-friendly" keeps its hyphen."""
    if doc[i].norm_ != BREAK_MARK:
        return False
    return (i == 0 or bool(doc[i - 1].whitespace_)) and (i + 1 == len(doc) or bool(doc[i].whitespace_))


def _repeated(tokens: Sequence[Token], k: int, width: int) -> bool:
    """Whether the words [k, k + width) are said again right after them."""
    if k + 2 * width > len(tokens):
        return False
    first, again = tokens[k : k + width], tokens[k + width : k + 2 * width]
    if not any(t.is_alpha for t in first) or any(t.is_punct or t.like_num for t in first):
        return False
    return [t.norm_ for t in first] == [t.norm_ for t in again]


def _cut_off(tokens: Sequence[Token], k: int) -> bool:
    """A word broken off and restarted: "th this", "w way" (never a word of its own, such as "a")."""
    if k + 1 >= len(tokens):
        return False
    token, following = tokens[k], tokens[k + 1]
    return (
        token.is_alpha
        and not token.is_stop
        and len(token) <= 2 < len(following)
        and following.is_alpha
        and following.norm_.startswith(token.norm_)
    )

"""Search suggestions ("Did you mean ...?"): a search box's text with each word the project does not hold
replaced by the closest word it does, kept only where the corrected search finds more than the original."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from sqlmodel import SQLModel

from app.search.query import Term, parse
from app.search.spelling import MIN_LENGTH, Correction, Vocabulary, words_of

MAX_SUGGESTIONS = 3
# Full-text query operators as typed (FTS5's AND, OR, NOT, NEAR): syntax, never a misspelt word.
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# What may stand around a word on its own: quotes before, quotes, a prefix `*` or a full stop after.
_OPENING = "\"'"
_CLOSING = "\"'*.,;:!?"
# A search finding fewer than this many utterances is "very little": suggestions are looked for.
FEW = 3


class Suggestion(SQLModel):
    query: str
    total: int


@dataclass(frozen=True, slots=True)
class _Misspelt:
    typed: str
    corrections: list[Correction]


def suggest(
    query: str, vocabulary: Vocabulary, *, total: int, count: Callable[[Sequence[str]], int]
) -> list[Suggestion]:
    """Corrected versions of `query` that find more than its `total`, best first.

    Args:
        query: the search box's text.
        vocabulary: the words of the searched project (only these are ever suggested).
        total: how many utterances `query` itself found.
        count: how many utterances every one of the given queries finds, with the same filters. A correction
            that finds just what a better one finds ("spreadsheet" after "spreadsheets": one stem) is left
            out, told by counting both at once: the same sets share all their members.
    """
    misspelt = _misspelt(parse(query), vocabulary, _plain_words(query))
    found: list[Suggestion] = []
    for rank, corrected in enumerate(islice(_candidates(query, misspelt), 3 * MAX_SUGGESTIONS)):
        matches = count([corrected])
        if rank == 0 and total and matches <= total:
            # The closest spelling finds nothing the query does not ("furios" finds "furious" by its
            # stem): the query already found what was meant; farther words ("euros") were not meant.
            return []
        if matches <= total or any(_same(count, corrected, matches, earlier) for earlier in found):
            continue
        found.append(Suggestion(query=corrected, total=matches))
        if len(found) == MAX_SUGGESTIONS:
            break
    return found


def _same(count: Callable[[Sequence[str]], int], query: str, total: int, earlier: Suggestion) -> bool:
    return total == earlier.total and count([query, earlier.query]) == total


def _plain_words(query: str) -> frozenset[str]:
    """The words of `query` that stand on their own between spaces, quotes and a closing `*` or full stop
    allowed: "price" in `"price plan"` or `price*`, not in `NEAR(price` or `price/plan` (syntax, or a name
    glued to punctuation, is no misspelling)."""
    chunks = (chunk.lstrip(_OPENING).rstrip(_CLOSING) for chunk in query.split())
    return frozenset(chunk for chunk in chunks if chunk.isalpha())


def _misspelt(terms: list[Term], vocabulary: Vocabulary, plain: frozenset[str]) -> list[_Misspelt]:
    """The words of `terms` the vocabulary lacks and has close words for: only `plain` words, no operators
    (terms with symbols stay)."""
    unknown = []
    for term in terms:
        if term.has_symbols:
            continue
        for typed in term.words:
            # "v2", "q3_plan": names and codes; "NEAR", "(price": query syntax. None is a misspelling.
            if not typed.isalpha() or typed not in plain or typed in OPERATORS:
                continue
            word = "".join(words_of(typed))
            if word in vocabulary or len(word) < MIN_LENGTH or (term.prefix and vocabulary.has_prefix(word)):
                continue
            if corrections := vocabulary.closest(word):
                unknown.append(_Misspelt(typed, corrections))
    return unknown


def _candidates(query: str, misspelt: list[_Misspelt]) -> Iterator[str]:
    """The query with every misspelt word at its best correction, then with one word at its next best."""
    if not misspelt:
        return
    best = {m.typed: m.corrections[0].word for m in misspelt}
    yield _replace(query, best)
    for rank in (1, 2):
        for m in misspelt:
            if rank < len(m.corrections):
                yield _replace(query, {**best, m.typed: m.corrections[rank].word})


def _replace(query: str, words: dict[str, str]) -> str:
    for typed, word in words.items():
        shown = word.capitalize() if typed[:1].isupper() else word
        query = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", shown, query)
    return query

"""Which quotes stand on their own, and how every quote picker shows and orders them.

A sentence such as "And that's something that doesn't come easily to us." or "That was the problem." opens
with a word that points back ("that", "it", "this", "there", "so they ...") and says little of its own:
read alone on a canvas or a journey cell it makes no sense. Such a quote is shown after the sentence its
speaker said just before (`Evidence.before`, same turn) when that sentence carries content, as
"... Before. Quote." (`Quote.before`; the quote's text and id stay the utterance's own); without one it is
ranked below quotes that stand alone. Which utterances count as evidence never changes here, only the text
shown and the order quotes are picked in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import TypeVar

from nlp.aggregate.evidence import Evidence, Quote
from nlp.content import content_words, is_substantive

# A sentence with fewer words of its own than this, after a word that points back, leans on the one before.
MIN_OWN_WORDS = 4
# A quote with fewer words than this, or without a content word, says too little to stand as evidence
# ("I asked.", "We did."): ranked after every quote that says more.
MIN_QUOTE_WORDS = 3
ELLIPSIS = "\u2026"

K = TypeVar("K")


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Openers that join on to what came before; skipped when looking for the word that points back.
_LINKS = _words("and but so or because cause yeah yes well like um uh oh okay ok no also then plus")
# Words that point back to something said before when they open a sentence.
_POINTERS = _words(
    """that that's thats this this's these those it it's its they they're them he he's she she's there
    there's here's which such"""
)
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*")
_KEY_WORD = re.compile(r"\w+(?:'\w+)*")  # numbers too: "Statement 1" and "Statement 2" are two quotes
# "The other ..." presupposes a first one said before ("And the other worry was just, the reps."), unless
# it is a time ("the other day").
_TIMES = _words("day days night week morning evening afternoon year month time")


def leans_back(text: str) -> bool:
    """True when `text` opens by pointing back ("And that's", "That was", "It is", "So they", "there's",
    "And the other") and has fewer than MIN_OWN_WORDS content words of its own, so it makes no sense read
    alone."""
    words = _TOKEN.findall(text.lower().replace("\u2019", "'"))
    at = next((i for i, word in enumerate(words) if word not in _LINKS), len(words))
    opens = words[at : at + 3]
    other = opens[:2] == ["the", "other"] and not (len(opens) == 3 and opens[2] in _TIMES)
    if not opens or (opens[0] not in _POINTERS and not other):
        return False
    return len(content_words(text)) < MIN_OWN_WORDS


def says_little(text: str) -> bool:
    """True when `text` is too short to stand as evidence read alone: fewer than MIN_QUOTE_WORDS words, or
    no content word ("I asked.", "Yes, we did.")."""
    return len(_TOKEN.findall(text.lower())) < MIN_QUOTE_WORDS or not content_words(text)


def quote_key(text: str) -> str:
    """What two quotes must share to be the same words: lower-cased words without the conjunctions and
    fillers that open them ("And I have recommended it." and "But I have recommended it." share one)."""
    words = _KEY_WORD.findall(text.lower().replace("\u2019", "'"))
    at = next((i for i, word in enumerate(words) if word not in _LINKS), len(words))
    return " ".join(words[at:]) or " ".join(words)


def sentences_before(sentences: Iterable[tuple[K, Hashable, str]]) -> Iterator[tuple[K, str]]:
    """(key, the sentence before it in the same turn) for each sentence that has one.

    The one rule every caller shares (evidence rows, stored quotes, parsed transcripts), so a quote's
    lead-in is the same wherever it is shown. Every sentence counts, those without content included
    (`needed_lead_in` decides whether one is worth showing).

    Args:
        sentences: (key, turn, text) in reading order within each turn. `turn` is whatever names one
            speaker's turn uniquely (for stored utterances the source, turn number and survey question:
            a survey respondent's answers share a turn number, each answer is its own turn). Turns may
            interleave; the first sentence of a turn has nothing before it.
    """
    last: dict[Hashable, str] = {}
    for key, turn, text in sentences:
        if turn in last:
            yield key, last[turn]
        last[turn] = text


def lead_in(item: Evidence) -> str | None:
    """The sentence a quote of `item` is shown after: its speaker's previous sentence when `item` leans on
    it and that sentence carries content, else None."""
    return needed_lead_in(item.text, item.before)


def needed_lead_in(text: str, before: str | None) -> str | None:
    """`before` (the previous sentence) when `text` leans on it and `before` carries content, else None."""
    if before and leans_back(text) and is_substantive(before):
        return before.strip()
    return None


def stands_alone(item: Evidence) -> bool:
    """Whether a quote of `item`, shown with its lead-in when it has one, makes sense read on its own."""
    return not leans_back(item.text) or lead_in(item) is not None


def quote_of(item: Evidence) -> Quote:
    """`item` as a verbatim quote linked to its utterance, with its lead-in sentence when it needs one."""
    return Quote(item.utterance_id, item.text, item.participant, item.source, lead_in(item))


def shown_text(text: str, before: str | None = None) -> str:
    """A quote as plain text shows it: "... Before. Text." when it has a lead-in, else the text."""
    return f"{ELLIPSIS} {before} {text}" if before else text


def pick_quotes(ranked: Iterable[Evidence], who: Callable[[Evidence], str | None], limit: int) -> list[Quote]:
    """Up to `limit` quotes from `ranked` (strongest first): those that stand alone and say enough
    (`says_little`) before the others, and within each, every person's best (by `who`) before anyone's
    second; no two with the same words (`quote_key`). Only the quotes shown are chosen here: the claim's
    evidence ids and counts keep every utterance, repeated words included.
    """
    said: set[str] = set()
    alone: list[Evidence] = []
    leaning: list[Evidence] = []
    for item in ranked:
        words = quote_key(item.text)
        if words in said:  # the same words from someone else add nothing to read
            continue
        said.add(words)
        (alone if stands_alone(item) and not says_little(item.text) else leaning).append(item)
    seen: set[str | None] = set()
    chosen = [*_people_first(alone, who, seen), *_people_first(leaning, who, seen)]
    return [quote_of(item) for item in chosen[:limit]]


def _people_first(
    items: Sequence[Evidence], who: Callable[[Evidence], str | None], seen: set[str | None]
) -> list[Evidence]:
    """`items` with each person's first (not yet in `seen`) before any second one; adds them to `seen`."""
    first: list[Evidence] = []
    again: list[Evidence] = []
    for item in items:
        person = who(item)
        (again if person in seen else first).append(item)
        seen.add(person)
    return [*first, *again]


def alone_first(texts: Sequence[str], ordered: Sequence[int]) -> list[int]:
    """`ordered` with the indexes of texts that stand alone and say enough first, order otherwise kept."""
    return sorted(ordered, key=lambda index: leans_back(texts[index]) or says_little(texts[index]))

"""Split turns into sentences with spaCy's rule-based sentencizer (no downloaded pipeline)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from nlp.types import Sentence, Transcript

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# spaCy refuses texts over `max_length` characters; longer turns are split at whitespace first.
CHUNK_CHARS = 100_000
_OPENING = re.compile(r"\s[\[({<\"\u201c]+\s*$")
BATCH_SIZE = 256
# A quotation longer than this is read as a stray or unmatched quote mark, not one quoted remark.
MAX_QUOTE_CHARS = 500
_STRAIGHT = '"'
_CURLY_OPEN, _CURLY_CLOSE = "\u201c", "\u201d"


@cache
def _pipeline() -> Language:
    import spacy  # imported on first use: loading spaCy takes about a second

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, stripped and non-empty; text without sentence punctuation is one sentence."""
    return [sentence for doc in _pipeline().pipe(_chunks(text)) for sentence in _sentences(doc)]


def sentences_of(transcript: Transcript) -> list[Sentence]:
    """Every sentence of every turn, numbered by turn index and by position within the turn."""
    pieces = [(index, chunk) for index, turn in enumerate(transcript.turns) for chunk in _chunks(turn.text)]
    docs = _pipeline().pipe((chunk for _, chunk in pieces), batch_size=BATCH_SIZE)
    result: list[Sentence] = []
    counts: dict[int, int] = {}
    for (turn, _), doc in zip(pieces, docs, strict=True):
        for text in _sentences(doc):
            result.append(Sentence(turn, counts.get(turn, 0), text))
            counts[turn] = counts.get(turn, 0) + 1
    return result


def _sentences(doc: Doc) -> Iterator[str]:
    text, start = doc.text, 0
    quotations = _quotations(text)
    for span in list(doc.sents)[1:]:
        end = span.start_char
        # The sentencizer keeps punctuation after a full stop with that sentence, opening brackets and
        # quotes too: "Mm-hmm. [inaudible]" would become "Mm-hmm. [" and "inaudible]". They open the next one.
        opening = _OPENING.search(text, start, end)
        end = opening.start() + 1 if opening else end
        if _quoted(quotations, end):
            continue  # 'like "You can do that?! I didn't know."' is one remark, quoted whole
        if piece := text[start:end].strip():
            yield piece
        start = end
    if piece := text[start:].strip():
        yield piece


def _quotations(text: str) -> list[tuple[int, int]]:
    """(opening, closing) positions of the double-quoted stretches of `text` up to MAX_QUOTE_CHARS long.

    A straight quote opens where no word runs into it from the left and a word follows, and closes where
    no word runs on from it; a quote mark that neither opens nor closes (an inch mark, a stray) is skipped.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for match in re.finditer(f"[{_STRAIGHT}{_CURLY_OPEN}{_CURLY_CLOSE}]", text):
        at, mark = match.start(), match.group()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        closes = mark == _CURLY_CLOSE or (mark == _STRAIGHT and not after.isalnum())
        if opened is not None and closes:
            if at - opened <= MAX_QUOTE_CHARS:
                spans.append((opened, at))
            opened = None
        elif mark == _CURLY_OPEN or (mark == _STRAIGHT and not before.isalnum() and not after.isspace()):
            opened = at
    return spans


def _quoted(quotations: list[tuple[int, int]], at: int) -> bool:
    """Whether position `at` lies inside one of the (sorted, disjoint) quotations, after its opening."""
    index = bisect_left(quotations, (at, -1)) - 1
    return index >= 0 and at <= quotations[index][1]


def _chunks(text: str) -> Iterable[str]:
    while len(text) > CHUNK_CHARS:
        cut = _cut(text)
        yield text[:cut]
        text = text[cut:]
    yield text


def _cut(text: str) -> int:
    """Where to split an over-long text: after the last sentence end, else the last space, in reach."""
    sentence_end = max(text.rfind(end, 0, CHUNK_CHARS) for end in (". ", "? ", "! "))
    if sentence_end > 0:
        return sentence_end + 1
    space = text.rfind(" ", 0, CHUNK_CHARS)
    return space if space > 0 else CHUNK_CHARS

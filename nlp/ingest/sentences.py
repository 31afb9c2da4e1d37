"""Split turns into sentences with spaCy's rule-based sentencizer (no downloaded pipeline)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from nlp.types import Sentence, Transcript

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# spaCy refuses texts over `max_length` characters; longer turns are split at whitespace first.
CHUNK_CHARS = 100_000
_OPENING = re.compile(r"\s[\[({<]+\s*$")
BATCH_SIZE = 256


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
    for span in list(doc.sents)[1:]:
        end = span.start_char
        # The sentencizer keeps punctuation after a full stop with that sentence, opening brackets too:
        # "Mm-hmm. [inaudible]" would become "Mm-hmm. [" and "inaudible]". They open the next one.
        opening = _OPENING.search(text, start, end)
        end = opening.start() + 1 if opening else end
        if piece := text[start:end].strip():
            yield piece
        start = end
    if piece := text[start:].strip():
        yield piece


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

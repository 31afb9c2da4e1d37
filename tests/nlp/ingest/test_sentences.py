from __future__ import annotations

import time

from nlp.ingest import sentences as sentences_module
from nlp.ingest import sentences_of, split_sentences
from nlp.types import Sentence, Transcript, Turn


def test_split_sentences() -> None:
    assert split_sentences("  We tried a spreadsheet. It broke!  Why? Nobody knew.  ") == [
        "We tried a spreadsheet.",
        "It broke!",
        "Why?",
        "Nobody knew.",
    ]


def test_a_short_turn_is_one_sentence() -> None:
    assert split_sentences("yeah totally") == ["yeah totally"]
    assert split_sentences("   ") == []


def test_sentences_are_numbered_by_turn_and_position() -> None:
    transcript = Transcript("txt", [Turn("Q", "Why? Tell me."), Turn("A", "Because."), Turn("Q", "Okay")])

    assert sentences_of(transcript) == [
        Sentence(0, 0, "Why?"),
        Sentence(0, 1, "Tell me."),
        Sentence(1, 0, "Because."),
        Sentence(2, 0, "Okay"),
    ]


def test_pipeline_is_built_once() -> None:
    assert sentences_module._pipeline() is sentences_module._pipeline()


def test_thousands_of_turns_are_fast() -> None:
    turns = [Turn("Tom", f"This is turn {i}. It has two sentences.") for i in range(3000)]
    split_sentences("warm up.")
    started = time.perf_counter()

    result = sentences_of(Transcript("txt", turns))

    assert len(result) == 6000
    assert time.perf_counter() - started < 5


def test_turns_longer_than_spacy_max_length_are_split_in_chunks() -> None:
    text = "Short sentence here. " * 60_000  # about 1.2 million characters

    assert len(split_sentences(text)) == 60_000


def test_an_opening_bracket_after_a_full_stop_opens_the_next_sentence() -> None:
    assert split_sentences("Mm-hmm. [inaudible]") == ["Mm-hmm.", "[inaudible]"]
    assert split_sentences("It broke. (laughs) Then we left.") == ["It broke.", "(laughs) Then we left."]
    assert split_sentences("Yes. [REDACTED; Introduction] And so on.") == [
        "Yes.",
        "[REDACTED; Introduction] And so on.",
    ]


def test_an_opening_bracket_goes_with_the_sentence_it_opens() -> None:
    text = "I can show them, from your phone. [laughs] Very satisfying."
    assert split_sentences(text) == ["I can show them, from your phone.", "[laughs] Very satisfying."]


def test_a_quotation_stays_one_sentence() -> None:
    text = 'And they were like "You can do that?! I didn\'t know that was possible at all." We smiled.'
    assert split_sentences(text) == [
        'And they were like "You can do that?! I didn\'t know that was possible at all."',
        "We smiled.",
    ]
    assert split_sentences("They said \u201cNo way. Never.\u201d So we left.") == [
        "They said \u201cNo way. Never.\u201d",
        "So we left.",
    ]


def test_an_opening_quote_after_a_full_stop_opens_the_next_sentence() -> None:
    assert split_sentences('It broke. "Why?" Nobody knew.') == ["It broke.", '"Why?"', "Nobody knew."]


def test_a_stray_or_unclosed_quote_does_not_join_sentences() -> None:
    assert split_sentences('It was 6" wide. It broke. He said "stop. We left.') == [
        'It was 6" wide.',
        "It broke.",
        'He said "stop.',
        "We left.",
    ]
    long_quote = '"' + "We tried it again. " * 40 + '"'
    assert len(split_sentences(long_quote)) == 40

"""Spoken disfluency left out of what the cue rules read, offsets kept to the original text."""

from __future__ import annotations

import pytest

from nlp.coders.rules.fluent import fluent
from nlp.coders.rules.text import rule_docs


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("This design is not um within our budget.", "this design is not within our budget."),
        ("It's it's way above uh above the limit.", "it's way above the limit."),
        ("So - th this is the the problem.", "so this is the problem."),
        ("I - I guess it's fine.", "i guess it's fine."),
    ],
)
def test_fillers_break_marks_repeats_and_cut_off_words_are_left_out(said: str, read: str) -> None:
    doc, _ = fluent(rule_docs([said])[0])
    assert doc.text == read


@pytest.mark.parametrize(
    "said",
    [
        "A user-friendly, hassle-free app.",
        "The car carpet is wet.",
        "I had a bad day.",
        "We need 2 2-pin plugs.",
    ],
)
def test_fluent_speech_and_words_of_their_own_are_kept(said: str) -> None:
    original = rule_docs([said])[0]
    doc, index = fluent(original)
    assert doc is original and index == list(range(len(original)))


def test_each_kept_token_points_at_the_same_token_of_the_original() -> None:
    original = rule_docs(["It doesn't um doesn't work."])[0]
    doc, index = fluent(original)
    assert [t.text for t in doc] == [original[i].text for i in index]
    # The tokenizer's norms survive ("n't" reads as "not").
    assert [t.norm_ for t in doc] == ["it", "does", "not", "work", "."]

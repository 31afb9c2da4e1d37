"""The prompting-question rule: an answer's question is the latest interviewer turn before it."""

from __future__ import annotations

from nlp.prompts import prompting_questions


def test_each_turn_gets_the_latest_interviewer_turn_before_it() -> None:
    turns = [
        (False, "hi"),
        (True, "Why?"),
        (False, "Because."),
        (False, "Also."),
        (True, "When?"),
        (False, "May."),
    ]
    assert prompting_questions(turns) == [None, None, "Why?", "Why?", "Why?", "When?"]


def test_a_second_interviewer_turn_replaces_the_first() -> None:
    turns = [(True, "First?"), (True, "Or rather, second?"), (False, "Answer.")]
    assert prompting_questions(turns)[-1] == "Or rather, second?"


def test_an_interviewer_backchannel_does_not_replace_the_question() -> None:
    turns = [
        (True, "What was the hardest part of switching?"),
        (False, "The data migration."),
        (True, "Mm-hmm."),
        (False, "It took us three weeks."),
        (True, "Got it, thanks."),
        (False, "And the exports broke."),
        (True, "Why?"),
        (False, "Nobody tested them."),
    ]
    hardest = "What was the hardest part of switching?"
    assert prompting_questions(turns)[1:] == [hardest, hardest, hardest, hardest, hardest, hardest, "Why?"]

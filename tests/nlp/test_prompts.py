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

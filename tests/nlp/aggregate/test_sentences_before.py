"""`sentences_before`: the one rule for "the sentence its speaker said just before, in the same turn" that
evidence rows, stored quotes and parsed transcripts all use for a quote's lead-in."""

from __future__ import annotations

from nlp.aggregate.quotes import sentences_before


def test_each_sentence_gets_the_one_before_it_in_its_turn_and_a_turn_starts_afresh() -> None:
    sentences = [
        (1, "t0", "How did the rollout go?"),
        (2, "t1", "The import broke twice."),
        (3, "t1", "That was the problem."),
        (4, "t2", "That was hard."),  # a new turn (even of the same speaker) leans on nothing before it
        (5, "t2", "We moved on."),
    ]

    assert dict(sentences_before(sentences)) == {3: "The import broke twice.", 5: "That was hard."}


def test_sentences_without_content_count_as_the_sentence_before_and_get_one() -> None:
    # Whether "Yeah." is worth showing is `needed_lead_in`'s call; here it is the sentence before.
    sentences = [(1, 0, "Yeah."), (2, 0, "Um."), (3, 0, "That was the problem.")]

    assert dict(sentences_before(sentences)) == {2: "Yeah.", 3: "Um."}


def test_interleaved_turns_keep_their_own_sentences() -> None:
    # A survey respondent's answers share a turn number and sentence numbers, so rows ordered by
    # (turn, sentence) interleave them; each answer is its own turn.
    sentences = [
        (1, ("r1", "q1"), "The price went up twice."),
        (2, ("r1", "q2"), "Support was slow."),
        (3, ("r1", "q1"), "That was the problem."),
        (4, ("r1", "q2"), "It took a week."),
    ]

    assert dict(sentences_before(sentences)) == {3: "The price went up twice.", 4: "Support was slow."}


def test_nothing_in_nothing_out() -> None:
    assert list(sentences_before([])) == []

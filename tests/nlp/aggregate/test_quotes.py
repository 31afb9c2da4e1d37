"""Quotes that stand on their own: a sentence that points back and says little is shown after its
speaker's previous sentence, or ranked below quotes that stand alone, in every quote picker."""

from __future__ import annotations

import numpy as np

from nlp.aggregate.canvas import pick_quotes as canvas_quotes
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.journey import intensity
from nlp.aggregate.journey import pick_quotes as journey_quotes
from nlp.aggregate.quotes import (
    ELLIPSIS,
    alone_first,
    leans_back,
    needed_lead_in,
    quote_key,
    quote_of,
    says_little,
    shown_text,
    stands_alone,
)
from nlp.aggregate.themes import theme_from_members

LEANING = (
    "And there's really no way to get around that.",
    "And that's something that doesn't come easily to us.",
    "That was the problem.",
    "Yeah, it is.",
    "So they never called back.",
    "This is why we did it.",
    "And the other worry was just, the reps.",  # "the other" presupposes a first one said before
    "The other one was the reps.",
)
ALONE = (
    "It is really hard to find good contractors for our farms.",
    "The import broke twice and we lost a week of orders.",
    "And the billing export failed every Monday morning before payroll.",
    "We chose them because that vendor answered the phone.",
    "The other day the import broke.",  # "the other day" is a time, not a second of something
    "The other thing is the price per seat for every rep.",
)


def said(uid: int, text: str, who: str, *, before: str | None = None, valence: float = -0.5) -> Evidence:
    return Evidence(uid, text, participant=who, source=f"interview-{who}", valence=valence, before=before)


def test_a_sentence_that_points_back_and_says_little_leans_back() -> None:
    assert [text for text in LEANING if not leans_back(text)] == []
    assert [text for text in ALONE if leans_back(text)] == []
    assert not leans_back("That\u2019s why we moved payroll, invoicing and expenses onto one platform.")
    assert leans_back("That\u2019s the problem.")


def test_a_leaning_quote_is_shown_after_its_speaker_s_substantive_sentence() -> None:
    item = said(
        2, "That was the problem.", "ana", before="The import broke twice and we lost a week of orders."
    )

    quote = quote_of(item)

    assert (quote.utterance_id, quote.text) == (2, "That was the problem.")  # still verbatim, same id
    assert quote.before == "The import broke twice and we lost a week of orders."
    assert shown_text(quote.text, quote.before) == (
        f"{ELLIPSIS} The import broke twice and we lost a week of orders. That was the problem."
    )
    assert stands_alone(item)


def test_the_other_of_two_worries_is_shown_after_the_first() -> None:
    first = "My first worry was the price, because every seat costs us forty dollars."

    assert needed_lead_in("And the other worry was just, the reps.", first) == first
    assert needed_lead_in("The other day the import broke.", first) is None


def test_no_lead_in_when_not_needed_or_when_the_sentence_before_says_nothing() -> None:
    assert quote_of(said(1, ALONE[1], "ana", before="We run a small bakery.")).before is None
    backchannel = said(2, "That was the problem.", "ana", before="Yeah.")
    assert quote_of(backchannel).before is None
    assert not stands_alone(backchannel)
    assert not stands_alone(said(3, "That was the problem.", "ana"))


def test_canvas_ranks_a_quote_that_cannot_stand_alone_below_weaker_ones_that_can() -> None:
    scored = [
        (said(1, "That was the problem.", "ana"), 0.9),
        (said(2, ALONE[1], "ben"), 0.5),
        (said(3, ALONE[0], "ana"), 0.4),
    ]

    quotes = canvas_quotes(scored)

    assert [q.utterance_id for q in quotes] == [2, 3, 1]  # counts unchanged: all three are still there
    assert [q.utterance_id for q in canvas_quotes(scored, limit=2)] == [2, 3]


def test_canvas_shows_a_strong_leaning_quote_first_with_its_lead_in() -> None:
    scored = [
        (said(1, "That was the problem.", "ana", before=ALONE[1]), 0.9),
        (said(2, ALONE[0], "ben"), 0.5),
    ]

    quotes = canvas_quotes(scored)

    assert [(q.utterance_id, q.before) for q in quotes] == [(1, ALONE[1]), (2, None)]


def test_journey_cells_pick_quotes_that_stand_alone_first() -> None:
    items = [
        said(1, "And that's something that doesn't come easily to us.", "ana", valence=-0.9),
        said(2, ALONE[2], "ben", valence=-0.6),
        said(3, "That was the problem.", "cat", valence=-0.8, before=ALONE[1]),
    ]

    quotes = journey_quotes(items, intensity, limit=3)

    assert [(q.utterance_id, q.before) for q in quotes] == [(3, ALONE[1]), (2, None), (1, None)]


def test_theme_representatives_put_quotes_that_stand_alone_first() -> None:
    texts = ["That was the problem.", ALONE[1], ALONE[2]]
    assert alone_first(texts, [0, 1, 2]) == [1, 2, 0]
    vectors = np.eye(3, dtype=np.float32) + 0.5
    theme = theme_from_members(0, texts, vectors, [0, 1, 2])
    assert theme.representatives[-1] == 0


def test_a_quote_that_says_too_little_is_shown_after_those_that_say_more() -> None:
    assert says_little("I asked.") and says_little("Yes, we did it.")
    assert not says_little(ALONE[1])
    items = [
        said(1, "I asked.", "ana", valence=-0.9),
        said(2, ALONE[2], "ben", valence=-0.6),
    ]

    assert [q.utterance_id for q in journey_quotes(items, intensity, limit=2)] == [2, 1]
    assert alone_first(["I asked.", ALONE[1]], [0, 1]) == [1, 0]


def test_near_identical_quotes_in_one_field_are_shown_once() -> None:
    assert quote_key("And I have recommended it.") == quote_key("But, um, I have recommended it!")
    assert quote_key("And.") == "and"  # nothing but an opener: keyed on itself
    scored = [
        (said(1, "And I have recommended it to three other agencies.", "ana", valence=0.8), 0.9),
        (said(2, "But I have recommended it to three other agencies.", "ben", valence=0.8), 0.8),
        (said(3, ALONE[0], "cat", valence=0.8), 0.5),
    ]

    assert [q.utterance_id for q in canvas_quotes(scored)] == [1, 3]

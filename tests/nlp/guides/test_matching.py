"""The question matcher and coverage, on a deterministic word-overlap encoder (the real model is used
in tests/app/test_coverage.py)."""

from __future__ import annotations

from nlp.guides import load_guide
from nlp.guides.coverage import coverage
from nlp.guides.match_eval import _figures
from nlp.guides.matching import QuestionMatcher, SpokenTurn
from nlp.types import SpeakerRole
from tests.fakes import WordOverlapEncoder

ASK, SAY = SpeakerRole.INTERVIEWER, SpeakerRole.RESPONDENT


def turns(*spoken: tuple[SpeakerRole, str]) -> list[SpokenTurn]:
    return [SpokenTurn(n, role, tuple(text.split(" | "))) for n, (role, text) in enumerate(spoken)]


def test_interviewer_sentences_match_questions_and_answers_follow_them() -> None:
    matcher = QuestionMatcher(load_guide("switch"), WordOverlapEncoder(), threshold=0.5)
    links = matcher.link(
        turns(
            (ASK, "Thanks for joining. | So, what did you buy, and roughly when did you start using it?"),
            (SAY, "A CRM, last March."),
            (ASK, "Mm-hm."),  # small talk: not a guide question; the answer still belongs to the last one
            (SAY, "We signed in the first week."),
            (ASK, "What worried you about making the switch?"),
            (SAY, "Losing our data."),
            (ASK, "How is the weather there?"),
        )
    )
    asked = {(link.turn, link.sentence): link.question_id for link in links if link.asked}
    assert asked == {
        (0, 1): "scene-what-bought",
        (4, 0): "deciding-worries",
    }  # "Thanks for joining." asks nothing
    answers = {link.turn: link.question_id for link in links if not link.asked}
    assert answers == {1: "scene-what-bought", 3: "scene-what-bought", 5: "deciding-worries"}

    report = {q.question_id: q for q in coverage(load_guide("switch"), links)}
    assert report["scene-what-bought"].asked and report["scene-what-bought"].answered
    assert report["scene-what-bought"].answer_turns == (1, 3)
    assert report["deciding-worries"].asked_turns == (4,) and report["deciding-worries"].answered
    assert not report["purchase-moment"].asked and not report["purchase-moment"].answered
    assert len(report) == len(load_guide("switch").questions)


def test_one_turn_can_ask_two_questions_and_the_answer_goes_to_the_last() -> None:
    matcher = QuestionMatcher(load_guide("switch"), WordOverlapEncoder(), threshold=0.5)
    links = matcher.link(
        turns(
            (
                ASK,
                "What worried you about making the switch? | Okay, skip that. | What happened when you first started using it?",
            ),
            (SAY, "Setup took a day."),
        )
    )
    asked = {(link.turn, link.sentence): link.question_id for link in links if link.asked}
    assert asked == {(0, 0): "deciding-worries", (0, 2): "first-use-start"}
    assert [link.question_id for link in links if not link.asked] == ["first-use-start"]


def test_a_question_over_two_sentences_is_matched_as_one() -> None:
    guide = load_guide("switch")
    links = QuestionMatcher(guide, WordOverlapEncoder(), threshold=0.5).link(
        turns((ASK, "Walk me through how you did it before. | What did a normal week look like?"))
    )
    assert {(link.sentence, link.question_id) for link in links} == {
        (0, "first-thought-old-way"),
        (1, "first-thought-old-way"),
    }


def test_a_question_asked_but_never_answered_is_asked_only() -> None:
    matcher = QuestionMatcher(load_guide("switch"), WordOverlapEncoder(), threshold=0.5)
    links = matcher.link(
        turns((ASK, "What worried you about making the switch?"), (ASK, "What did you buy?"))
    )
    report = {q.question_id: q for q in coverage(load_guide("switch"), links)}
    assert report["deciding-worries"].asked and not report["deciding-worries"].answered


def test_the_threshold_decides_what_counts_as_asked() -> None:
    guide = load_guide("switch")
    loose = QuestionMatcher(guide, WordOverlapEncoder(), threshold=0.05).best(["Where did you look?"])
    strict = QuestionMatcher(guide, WordOverlapEncoder(), threshold=0.99).best(["Where did you look?"])
    assert loose[0] is not None and loose[0][0] == "active-where"
    assert strict == [None]


def test_precision_and_recall_count_matches_and_misses() -> None:
    scored = [("a", "a", 0.9), ("b", "a", 0.8), ("c", "c", 0.3), (None, "a", 0.7), (None, "b", 0.2)]
    figures = _figures(scored, threshold=0.5, probe_weight=0.0)
    assert (round(figures.precision, 3), round(figures.recall, 3)) == (0.333, 0.333)


def test_an_answer_ends_at_the_next_question_off_the_guide() -> None:
    matcher = QuestionMatcher(load_guide("switch"), WordOverlapEncoder(), threshold=0.5)
    links = matcher.link(
        turns(
            (ASK, "So, what did you buy, and roughly when did you start using it?"),
            (SAY, "A CRM, last March."),
            (ASK, "Right, go on."),  # asks nothing: the answer goes on
            (SAY, "We signed in the first week."),
            (ASK, "How big is your team these days?"),  # off the guide: what follows answers this one
            (SAY, "Twelve people."),
            (ASK, "Mm-hm."),
            (SAY, "Soon fifteen."),
            (ASK, "What worried you about making the switch?"),
            (SAY, "Losing our data."),
        )
    )
    answers = {link.turn: link.question_id for link in links if not link.asked}
    assert answers == {1: "scene-what-bought", 3: "scene-what-bought", 9: "deciding-worries"}

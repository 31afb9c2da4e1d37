"""A quote lands in a canvas field or a journey cell only when it supports it; thin cells say so."""

from __future__ import annotations

import numpy as np

from nlp.aggregate.canvas import build_canvas
from nlp.aggregate.canvas_rules import get_cue_finder
from nlp.aggregate.canvas_words import recurring_phrases
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.journey import Stage, build_journey_map, journey_from_dict, journey_to_dict
from nlp.aggregate.persona_names import distinctive_words
from nlp.aggregate.personas import ParticipantProfile, group_participants
from nlp.aggregate.talk import TalkFloor, too_little_talk

STAGES = [Stage("research", "Research"), Stage("use", "Use")]


def _fields(text: str) -> set[tuple[str, str]]:
    [cues] = get_cue_finder().find([text])
    return {(cue.field, cue.label) for cue in cues}


def test_purchasing_as_a_verb_is_no_purchasing_manager() -> None:
    assert ("committee", "purchasing_manager") not in _fields("I am not tying myself to purchasing water.")
    assert ("committee", "purchasing_manager") in _fields("Our procurement team ran the tender process.")


def test_a_negated_committee_mention_is_not_counted() -> None:
    items = [Evidence(1, "We never asked procurement about it, honestly.", "a")]
    canvas = build_canvas(0, [ParticipantProfile("a")], items)
    assert canvas.section("committee").value is None


def test_a_salary_is_not_price_talk_a_product_price_is() -> None:
    assert not {f for f, _ in _fields("My salary is about 3000 dollars a month, which is fine.")} & {"price"}
    assert not {f for f, _ in _fields("We get paid every two weeks.")} & {"price"}
    assert ("price", "price") in _fields("The subscription costs 30 dollars a month, too expensive.")


def test_never_having_a_problem_is_not_being_new_to_the_product() -> None:
    assert ("knowledge", "novice") not in _fields("We never had a problem with the supply.")
    assert ("knowledge", "novice") in _fields("I've never used a tool like this before.")


def test_a_hedge_is_no_job_title() -> None:
    assert not {f for f, _ in _fields("I'm a bit of a planner when it comes to water.")} & {"job"}
    assert not {f for f, _ in _fields("If I was a manager I would fix it.")} & {"job"}
    assert ("job", "field engineer") in _fields("I am a field engineer at the utility.")


def test_persona_names_never_come_from_markers_or_fillers() -> None:
    own = [
        Evidence(i, "[inaudible] (inaudible) the borehole pump failed again.", f"p{i % 2}") for i in range(4)
    ]
    other = [Evidence(10 + i, "[inaudible] the cloud cluster was slow.", f"q{i % 2}") for i in range(4)]
    words = distinctive_words(own, own + other)
    assert "inaudible" not in words and "borehole" in words
    canvas = build_canvas(0, [ParticipantProfile("p0"), ParticipantProfile("p1")], own, corpus=own + other)
    assert "Inaudible" not in canvas.name


def test_persona_names_skip_time_and_discourse_words_a_group_shares_by_chance() -> None:
    own = [
        Evidence(i, "Give me a minute, the annual board budget, quote unquote, took hours.", f"p{i % 2}")
        for i in range(4)
    ]
    other = [Evidence(10 + i, "The pump failed and the tank ran dry.", f"q{i % 2}") for i in range(4)]
    words = distinctive_words(own, own + other, limit=10)
    assert {"board", "board budget"} <= set(words)  # "budget" always follows "board": a compound
    assert not {"minute", "annual", "quote", "unquote", "hour"} & set(words)
    said = [Evidence(20 + i, "We'd rather keep the budget board happy.", f"p{i % 4}") for i in range(4)]
    phrases = [phrase for phrase, _ in recurring_phrases(said, other)]
    assert "budget board" in phrases and not [p for p in phrases if "we'd" in p.split()]


def test_persona_names_skip_adverbs_and_generic_verbs_and_singularise_plurals() -> None:
    own = [
        Evidence(i, "We quickly create approaches for small companies, the libraries help.", f"p{i % 2}")
        for i in range(4)
    ]
    other = [Evidence(10 + i, "The pump failed and the tank ran dry.", f"q{i % 2}") for i in range(4)]
    words = distinctive_words(own, own + other, limit=10)
    assert {"approach", "company", "library"} <= set(words), words
    assert not {"quickly", "create", "help", "small", "companie", "approache"} & set(words), words
    family = [Evidence(20 + i, "My family shares one supply.", f"p{i % 2}") for i in range(4)]
    assert {"family", "supply"} <= set(distinctive_words(family, family + other, limit=10))


def test_procedural_talk_is_never_a_thought_and_hardship_bills_are_no_invoice() -> None:
    items = [
        Evidence(1, "I'm sorry, what is the right pronunciation of your name?", "a", stage="research"),
        Evidence(2, "Many families here can't pay their bills at the end of the month.", "a", stage="use"),
        Evidence(3, "I was worried the water would run out again.", "b", stage="use"),
    ]
    journey = build_journey_map(STAGES, items, framework="f")
    assert journey.rows["thoughts"]["research"] == []
    assert [i.label for i in journey.rows["thoughts"]["use"]] == ["worried"]
    assert all(item.label != "invoice" for item in journey.rows["touchpoints"]["use"])
    assert journey.no_content == 1


def test_a_stage_with_few_utterances_or_one_participant_is_low_support() -> None:
    items = [
        Evidence(i, f"We compared three water vendors on price, round {i}.", "a", stage="research")
        for i in range(3)
    ]
    items += [
        Evidence(10 + i, f"The pump at home broke down in week {i}.", f"p{i % 3}", stage="use")
        for i in range(6)
    ]
    journey = build_journey_map(STAGES, items, framework="f")
    research, use = journey.support["research"], journey.support["use"]
    assert (research.utterances, research.participants, research.low) == (3, 1, True)
    assert research.note == "low support: 3 utterances, 1 participant"
    assert (use.utterances, use.participants, use.low, use.note) == (6, 3, False, "")
    again = journey_from_dict(journey_to_dict(journey))
    assert again.support == journey.support and again.no_content == journey.no_content


def test_a_canvas_field_resting_on_one_participant_is_low_support() -> None:
    items = [
        Evidence(1, "The subscription price is too expensive for us.", "a"),
        Evidence(2, "The price went up twice this year.", "b"),
        Evidence(3, "I found it on LinkedIn.", "a"),
    ]
    canvas = build_canvas(0, [ParticipantProfile("a"), ParticipantProfile("b")], items)
    assert canvas.section("price").low_support is False
    assert canvas.section("digital").low_support is True
    assert canvas.section("picture").low_support is False


def test_participants_with_too_little_substantive_talk_are_left_out_of_personas() -> None:
    rng = np.random.default_rng(0)
    talk = "Our crews fix the network faults on the overhead lines after every storm in the valley."
    evidence = [Evidence(i, f"{talk} Round {i}.", f"p{i % 6}") for i in range(60)]
    evidence += [Evidence(100, "[REDACTED; Introduction]", "frag"), Evidence(101, "Yeah.", "frag")]
    evidence += [Evidence(102, "The meter is fine.", "short")]
    vectors = rng.normal(size=(len(evidence), 16)).astype(np.float32)
    profiles = [ParticipantProfile(key) for key in [*(f"p{i}" for i in range(6)), "frag", "short"]]

    grouping = group_participants(
        profiles, evidence, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    )

    assert set(grouping.left_out) == {"frag", "short"}
    assert "no substantive talk" in grouping.left_out["frag"]
    assert "1 utterance(s)" in grouping.left_out["short"]
    assert "frag" not in grouping.labels and "short" not in grouping.labels
    assert set(grouping.labels) == {f"p{i}" for i in range(6)}


def test_the_talk_floor_follows_the_median_participant_in_short_surveys() -> None:
    answers = [Evidence(i, "Cheaper tariffs for families.", f"r{i}") for i in range(5)]
    assert too_little_talk(answers) == {}
    assert set(too_little_talk(answers, TalkFloor(median_share=10.0))) == {f"r{i}" for i in range(5)}

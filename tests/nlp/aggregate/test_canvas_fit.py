"""Canvas quotes that fit their field: price talk is what something bought costs, and a statement backs
at most one of the two opposite fields, motivations and objections, the one its words and scores fit."""

from __future__ import annotations

from typing import Any

import pytest

from nlp.aggregate.canvas import build_canvas
from nlp.aggregate.canvas_rules import get_cue_finder
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.personas import ParticipantProfile


def _price_words(text: str) -> list[str]:
    [cues] = get_cue_finder().find([text])
    return [text[cue.start : cue.end].lower() for cue in cues if cue.field == "price"]


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, that was an expensive experiment.",
        "Hiring him too early was a costly mistake.",
        "Training is expensive for a researcher, so we run small models.",
        "That kind of interruption is costly, and nobody prices it in.",
        "Commodity prices and market prices come from government sources.",
        "We spend a lot of time on the tools, and we spent weeks on the product.",
        "We raised money in 2015 and the product grew.",
        "We would pay the price of copying all that code for every product.",
    ],
)
def test_figurative_or_non_purchase_cost_is_no_price_talk(text: str) -> None:
    assert _price_words(text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The tool was too expensive for a team our size.", ["expensive"]),
        ("We spend a lot of money on the vendor's licences.", ["spend", "money"]),
        ("Cheaper plans would have made the decision easy.", ["cheaper"]),
        ("The subscription is the first thing finance asks about.", ["subscription"]),
        ("We are paying for three seats we never use.", ["paying", "paying for"]),
    ],
)
def test_what_something_bought_costs_is_price_talk(text: str, words: list[str]) -> None:
    assert _price_words(text) == words


def _canvas(*statements: tuple[str, dict[str, Any]]) -> tuple[dict[str, set[str]], dict[int, str]]:
    items = [Evidence(i, text, f"p{i}", **codes) for i, (text, codes) in enumerate(statements, 1)]
    built = build_canvas(0, [ParticipantProfile(f"p{i}") for i in range(1, len(items) + 1)], items)
    texts = {item.utterance_id: item.text for item in items}
    fields = {
        key: {texts[i] for i in built.section(key).utterance_ids} for key in ("motivations", "objections")
    }
    quoted = {
        key: {quote.text for quote in built.section(key).quotes} for key in ("motivations", "objections")
    }
    assert not quoted["motivations"] & quoted["objections"]
    return fields, texts


def test_a_statement_backs_motivations_or_objections_never_both() -> None:
    worry = "I worry the rollout will fail halfway and nobody will trust the numbers."
    hope = "We want the reports to be faster so the team can finally plan ahead."
    fields, _ = _canvas(
        (worry, {"forces": {"anxiety": 0.9, "pull": 0.8}}),
        (hope, {"forces": {"pull": 0.7, "anxiety": 0.9}}),
        ("It runs every night on the old server.", {"forces": {"pull": 0.6, "anxiety": 0.7},
                                                    "pain": "obstacle", "pain_score": 0.9}),
    )  # fmt: skip
    assert worry in fields["objections"] and worry not in fields["motivations"]
    assert hope in fields["motivations"] and hope not in fields["objections"]
    both = fields["motivations"] & fields["objections"]
    assert both == set()
    assert "It runs every night on the old server." in fields["objections"]  # pain 0.9 beats pull 0.6


def test_a_hope_the_force_coder_calls_an_anxiety_is_no_objection() -> None:
    hope = "This is locked up inside the biggest companies, and I imagine, what if this could be a product?"
    habit = "We kept the old spreadsheet for a month, out of habit."
    fields, _ = _canvas(
        (hope, {"forces": {"anxiety": 1.0}}),
        ("It bakes in the intuitions we gained from years of using it.", {"forces": {"habit": 0.98}}),
        (habit, {"forces": {"habit": 0.9}}),
    )
    assert fields["objections"] == {habit}  # words of the old way back a habit; hope and experience do not


def test_a_pain_point_needs_no_objection_word_but_a_stated_hope_is_no_objection() -> None:
    pain = "And there's almost no ability to manage the workflow."
    wish = "An open data source would really help, and it would improve the harvest."
    fields, _ = _canvas(
        ("Then they review every row by hand.", {"pain": "obstacle", "pain_score": 0.8}),
        (pain, {"pain": "missing_capability", "pain_score": 0.9}),
        (wish, {"pain": "obstacle", "pain_score": 0.6}),
    )
    assert fields["objections"] == {"Then they review every row by hand.", pain}


def _roles(text: str) -> set[str]:
    [cues] = get_cue_finder().find([text])
    return {cue.label for cue in cues if cue.field == "committee"}


@pytest.mark.parametrize(
    "text",
    [
        "Eventually they brought in a different CEO and the business became profitable.",
        "Our co-founder gave a really good talk last week, and I recommend checking that out.",
        "And scaling that to 30 cities required them to multiply the team.",
        "That monoculture has persisted for about 30 years in enterprise IT.",
        # a committee term right before a record's part names the part, not a person
        'It just said "Hannah" in the owner column and "renewal Q2" in the notes.',
        "The owner field was empty on half the deals we bought last year.",
        # wanting or needing something is no decision or purchase
        "So if I wanted to add a field... that's a ticket to the consultant.",
        "We needed a consultant for the data migration.",
        # a purchase in a hypothetical clause is none the speaker's committee took part in
        "So if I wanted to add a field, say we want to track whether a customer has a service contract, that's"
        " a ticket to the consultant, that's two weeks, that's an invoice.",
        "If we bought it, the CFO would have to sign.",
        "If we bought it, our CFO would have to approve the contract.",
        "If we had the budget, our CFO would approve the purchase.",  # "had" with no participle: not past
        "I wish our CFO would sign.",  # wanting
    ],
)
def test_a_person_named_outside_a_decision_is_no_committee_member(text: str) -> None:
    assert _roles(text) == set()


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("Our CEO signed the contract after the demo.", {"buyer"}),
        ("IT had to approve the integration first.", {"influencer"}),
        ("Procurement took three weeks.", {"purchasing_manager"}),  # names a part in a decision by itself
        ("My team wanted something simpler than the old tool.", {"user"}),
        ("The first thing our CFO asked about was the price per seat.", {"buyer"}),
        ("Our CFO had to sign off on the purchase.", {"buyer"}),
        ("The owner of the budget decided.", {"buyer"}),
        ("The consultant helped us evaluate three vendors.", {"influencer"}),
        ("So our IT lead sent the security questionnaire, they needed the SOC 2 report.", {"influencer"}),
        # a counterfactual about the past tells the decision that was made
        ("If our CFO had not signed off, we would never have bought it.", {"buyer"}),
        ("If IT hadn't approved the integration, we'd have stayed on spreadsheets.", {"influencer"}),
    ],
)
def test_a_person_named_in_a_decision_or_a_purchase_is_a_committee_member(text: str, roles: set[str]) -> None:
    assert _roles(text) == roles


def _channels(text: str) -> set[str]:
    [cues] = get_cue_finder().find([text])
    return {cue.label for cue in cues if cue.field == "digital"}


@pytest.mark.parametrize(
    "text",
    [
        "Rather than everything being siloed in a Google, in an Amazon, in a Facebook, a small team builds it.",
        "So anyway, YouTube is booming, and now they're at the scale of billions of users.",
        "There are good tutorials out there and many blog posts.",  # "posts" names the channel, no use
    ],
)
def test_a_channel_named_as_a_company_or_a_thing_is_no_channel_the_speaker_uses(text: str) -> None:
    assert _channels(text) == set()


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("We see shout-outs on Twitter all the time.", {"Twitter/X"}),
        ("I read a couple of newsletters on the train.", {"newsletters"}),
        ("You don't want it as a little icon on your LinkedIn profile.", {"LinkedIn"}),
        ("I write my blog on Sundays.", {"blogs"}),
    ],
)
def test_a_channel_the_speaker_uses_counts(text: str, channels: set[str]) -> None:
    assert _channels(text) == channels


def test_a_negated_word_of_worry_is_no_objection() -> None:
    calm = "The migration was not a problem at all, and I don't worry about the rollout."
    fields, _ = _canvas((calm, {"forces": {"anxiety": 0.9, "pull": 0.7}}))
    assert fields == {"motivations": {calm}, "objections": set()}


def _themes(built: Any, key: str) -> list[str]:
    return [label for label, _ in built.section(key).details]


def test_jobs_and_objections_take_their_themes_from_their_own_statements() -> None:
    """walk: both fields showed "spreadsheet (4), email (4), tool (4) ...": the pain points back both, and
    their words drowned the push statements of one and the anxieties of the other."""
    pains = [f"The spreadsheet and the email thread broke again, week {n}." for n in range(4)]
    pushes = ["Our forecast accuracy was awful for the board.", "The forecast accuracy kept us guessing."]
    worries = ["I was worried the data migration would lose history.", "The data migration worried me."]
    texts = [(t, {"pain": "workaround", "pain_score": 0.9}) for t in pains]
    texts += [(t, {"forces": {"push": 0.9}}) for t in pushes]
    texts += [(t, {"forces": {"anxiety": 0.9}}) for t in worries]
    items = [Evidence(i, text, f"p{i % 4}", **codes) for i, (text, codes) in enumerate(texts, 1)]
    built = build_canvas(0, [ParticipantProfile(f"p{i}") for i in range(4)], items)

    jobs, objections = _themes(built, "jobs"), _themes(built, "objections")
    assert "forecast accuracy" in jobs and "data migration" in objections
    assert not {"spreadsheet", "email"} & (set(jobs) | set(objections))
    assert built.section("jobs").value != built.section("objections").value
    assert len(built.section("jobs").utterance_ids) == 6  # the pain points still back both fields


@pytest.mark.parametrize("word", ["thousand", "january", "scared", "problem", "bad", "worried"])
def test_numbers_dates_feelings_and_generic_nouns_are_no_theme(word: str) -> None:
    """walk: "Recurring themes: problem (4), thousand (4), scared (3), late january (2)"."""
    texts = [f"It was a {word} budget, late {word}, about the {word} report." for _ in range(3)]
    items = [Evidence(i, t, f"p{i}", forces={"push": 0.9}) for i, t in enumerate(texts, 1)]
    built = build_canvas(0, [ParticipantProfile(f"p{i}") for i in range(1, 4)], items)
    themes = _themes(built, "jobs")
    assert themes and all(word not in theme.split() for theme in themes)

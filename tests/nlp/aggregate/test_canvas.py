"""The persona canvas: every field is a count over evidence, with verbatim quotes, or says it is empty."""

from __future__ import annotations

import json
from itertools import count
from typing import Any

import pytest

from nlp.aggregate.canvas import (
    MAX_QUOTES,
    SECTION_KEYS,
    CanvasField,
    PersonaCanvas,
    build_canvas,
    build_personas,
    canvas_to_dict,
    pick_quotes,
    recurring_phrases,
)
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.personas import ParticipantProfile, PersonaGrouping

_IDS = count(1)


def said(participant: str, text: str, **codes: Any) -> Evidence:
    """One utterance; ids are unique across the module (they only need to be unique within a canvas)."""
    return Evidence(next(_IDS), text, participant, source=f"{participant}.txt", **codes)


MEMBERS = [
    ParticipantProfile("ana", job_title="Sales Director", sector="Logistics", revenue_band="$10M-$50M",
                       committee_role="buyer", attributes={"age": "40-49"}),
    ParticipantProfile("ben", job_title="Sales Director", sector="Fintech", committee_role="buyer"),
    ParticipantProfile("cy", job_title="Head of Sales", committee_role="influencer"),
]  # fmt: skip


def evidence() -> list[Evidence]:
    return [
        said("ana", "The price per seat was the first thing our CFO asked about.", forces={"anxiety": 0.8}),
        said("ana", "We're about 40 people, so the budget is tight."),
        said("ana", "I'm 42 and I've got two kids, so evenings are short."),
        said("ana", "I listen to podcasts and read a couple of newsletters.", valence=0.2),
        said("ben", "Forecast accuracy was the whole reason we switched.", forces={"pull": 0.9}, valence=0.5),
        said("ben", "Procurement took three weeks and IT had to approve the integration."),
        said("ben", "I've never used a CRM before this one.", forces={"anxiety": 0.6}),
        said("ben", "Honestly the discount sealed it.", forces={"pull": 0.7}, valence=0.6),
        said("cy", "Our forecast accuracy was terrible in spreadsheets.", forces={"push": 0.9}, pain="obstacle",
             pain_score=0.8),
        said("cy", "The end users needed something faster and easier than the old tool.", forces={"pull": 0.8}, valence=0.6),
        said("cy", "I'm not on LinkedIn much, I find most tools on G2.", valence=0.1),
        said("cy", "We kept the old spreadsheet for a month, out of habit.", forces={"habit": 0.9}),
        said("ana", "Our forecast accuracy kept slipping every quarter.", forces={"push": 0.7}),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def canvas() -> tuple[PersonaCanvas, list[Evidence]]:
    items = evidence()
    return build_canvas(0, MEMBERS, items), items


def _field(canvas: PersonaCanvas, key: str) -> CanvasField:
    return canvas.section(key)


def test_eleven_fields_in_order(canvas: tuple[PersonaCanvas, list[Evidence]]) -> None:
    built, _ = canvas
    assert [f.key for f in built.fields] == list(SECTION_KEYS) and len(SECTION_KEYS) == 11
    assert built.size == 3 and built.member_keys == ["ana", "ben", "cy"]


def test_counts_and_ids_match_the_evidence(canvas: tuple[PersonaCanvas, list[Evidence]]) -> None:
    built, items = canvas
    by_id = {e.utterance_id: e for e in items}
    for item in built.fields:
        assert item.utterances == len(item.utterance_ids) == len(set(item.utterance_ids))
        assert item.utterance_ids == sorted(item.utterance_ids)
        assert set(item.utterance_ids) <= set(by_id)
        people = {by_id[i].participant for i in item.utterance_ids}
        assert item.participants >= len(people)
        assert {q.utterance_id for q in item.quotes} <= set(item.utterance_ids)
    price = _field(built, "price")
    assert {by_id[i].participant for i in price.utterance_ids} == {"ana", "ben"}
    assert price.participants == 2 and price.utterances == 3
    assert price.value is not None and price.value.startswith("High: 2 of 3 participants")


def test_quotes_are_verbatim_evidence(canvas: tuple[PersonaCanvas, list[Evidence]]) -> None:
    built, items = canvas
    texts = {e.utterance_id: e.text for e in items}
    for item in built.fields:
        assert len(item.quotes) <= MAX_QUOTES
        for quote in item.quotes:
            assert quote.text == texts[quote.utterance_id]


def test_quotes_are_strongest_first_and_distinct_participants_first() -> None:
    items = [said(who, f"Statement {n} from {who}.") for who in ("a", "b", "c") for n in range(4)]
    scored = [(item, float(len(items) - i)) for i, item in enumerate(items)]  # a's are strongest
    quotes = pick_quotes(scored)
    assert len(quotes) == MAX_QUOTES
    assert [q.participant for q in quotes[:3]] == ["a", "b", "c"]
    assert quotes[0].text == "Statement 0 from a." and quotes[3].text == "Statement 1 from a."


def test_an_empty_field_says_so() -> None:
    quiet = [said("dee", "We met on a Tuesday."), said("dee", "It was fine.")]
    built = build_canvas(1, [ParticipantProfile("dee")], quiet)
    price = _field(built, "price")
    assert price.value is None and price.empty == "No participant talked about price."
    assert (price.participants, price.utterances, price.quotes, price.utterance_ids) == (0, 0, [], [])
    for key in ("identity", "company", "background", "committee", "knowledge", "digital", "jobs"):
        assert _field(built, key).value is None and _field(built, key).empty


def test_identity_counts_titles_and_names_the_persona_from_them(
    canvas: tuple[PersonaCanvas, list[Evidence]],
) -> None:
    built, _ = canvas
    identity = _field(built, "identity")
    assert ("Sales Director", 2) in identity.details and ("Head of Sales", 1) in identity.details
    assert built.name.endswith("Sales Director")
    assert built.initials == built.name[0].upper() + "D"
    picture = _field(built, "picture")
    assert picture.value == built.initials and picture.generated


def test_company_from_profiles_and_from_speech(canvas: tuple[PersonaCanvas, list[Evidence]]) -> None:
    company = _field(canvas[0], "company")
    assert company.value is not None
    assert "Logistics (1)" in company.value and "$10M-$50M (1)" in company.value
    assert ("said: 11-50 people", 1) in company.details


def test_background_from_attributes_and_speech(canvas: tuple[PersonaCanvas, list[Evidence]]) -> None:
    background = _field(canvas[0], "background")
    details = dict(background.details)
    assert details["age: 40-49"] == 1 and details["age: 40s"] == 1 and details["family: children"] == 1


def test_committee_roles_and_mentions(canvas: tuple[PersonaCanvas, list[Evidence]]) -> None:
    details = dict(_field(canvas[0], "committee").details)
    assert details["buyer"] == 2 and details["influencer"] == 1
    assert details["mentions buyer"] == 1  # "our CFO"
    assert details["mentions purchasing manager"] == 1 and details["mentions influencer"] == 1
    assert details["mentions user"] == 1  # "the end users"
    value = _field(canvas[0], "committee").value or ""
    assert value.startswith(
        "Roles on record: buyer (2), influencer (1); others in the decision they mention: "
    )
    assert value.endswith(")")  # counts of participants, with no stray word after them


def test_motivations_objections_and_jobs(canvas: tuple[PersonaCanvas, list[Evidence]]) -> None:
    built, items = canvas
    texts = {e.utterance_id: e.text for e in items}
    motivations = {texts[i] for i in _field(built, "motivations").utterance_ids}
    assert "Forecast accuracy was the whole reason we switched." in motivations
    assert "The end users needed something faster and easier than the old tool." in motivations
    objections = {texts[i] for i in _field(built, "objections").utterance_ids}
    assert "We kept the old spreadsheet for a month, out of habit." in objections
    assert "I've never used a CRM before this one." in objections
    jobs = _field(built, "jobs")
    assert ("forecast accuracy", 2) in jobs.details  # ana's and cy's push, not ben's pull
    assert not set(jobs.utterance_ids) & set(_field(built, "motivations").utterance_ids)


def test_knowledge_and_digital(canvas: tuple[PersonaCanvas, list[Evidence]]) -> None:
    built, _ = canvas
    knowledge = _field(built, "knowledge")
    assert dict(knowledge.details) == {"novice": 1}
    assert knowledge.value is not None and knowledge.value.startswith("Mostly new to it")
    assert "0 participants say they know" in knowledge.value
    assert "1 participant says they are new" in knowledge.value
    digital = dict(_field(built, "digital").details)
    assert digital["podcasts"] == 1 and digital["newsletters"] == 1 and digital["review sites"] == 1
    assert digital["does not use LinkedIn"] == 1 and "LinkedIn" not in digital


def test_recurring_phrases_need_two_participants() -> None:
    items = [
        said("a", "Data quality was awful."),
        said("b", "We cared about data quality above all."),
        said("a", "Pricing mattered too."),
    ]
    assert recurring_phrases(items) == [("data quality", 2)]


def test_canvas_to_dict_is_json(canvas: tuple[PersonaCanvas, list[Evidence]]) -> None:
    data = json.loads(json.dumps(canvas_to_dict(canvas[0])))
    assert [f["key"] for f in data["fields"]] == list(SECTION_KEYS)
    price = data["fields"][SECTION_KEYS.index("price")]
    assert set(price["quotes"][0]) == {"utterance_id", "text", "participant", "source", "before"}
    assert all(isinstance(pair, list) and len(pair) == 2 for pair in price["details"])


def test_build_personas_gives_distinct_names() -> None:
    profiles = [ParticipantProfile(k, job_title="Engineer") for k in ("a", "b", "c", "d")]
    items = [said(k, "The network feeder tripped again." if k in "ab" else "My kids left the heating on.",
                  forces={"push": 0.9})
             for k in ("a", "b", "c", "d") for _ in range(2)]  # fmt: skip (pushes: quoted, so names may say them)
    grouping = PersonaGrouping({"a": 0, "b": 0, "c": 1, "d": 1}, 2, "user")
    canvases = build_personas(grouping, profiles, items)
    assert [c.index for c in canvases] == [0, 1] and [c.member_keys for c in canvases] == [
        ["a", "b"],
        ["c", "d"],
    ]
    assert len({c.name for c in canvases}) == 2
    assert canvases[0].name.startswith(("Network-", "Network feeder-", "Tripped-"))  # "feeder": "network feeder"

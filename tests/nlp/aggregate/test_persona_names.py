"""Persona names say only what most members share (walkthrough D7, issue 10)."""

from __future__ import annotations

from nlp.aggregate.canvas import build_canvas, build_personas
from nlp.aggregate.canvas_words import name_word
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.persona_names import distinctive_words
from nlp.aggregate.personas import ParticipantProfile, PersonaGrouping

OTHERS = [Evidence(100 + i, "The pump failed and the tank ran dry.", f"q{i % 3}") for i in range(6)]


def _members(titles: list[str | None]) -> list[ParticipantProfile]:
    return [ParticipantProfile(f"p{i}", job_title=title) for i, title in enumerate(titles)]


def _talk(keys: list[str], text: str, start: int = 0) -> list[Evidence]:
    """Pushes, so that the canvas quotes them and a name may take their words."""
    return [Evidence(start + i, text, key, forces={"push": 0.9}) for i, key in enumerate(keys)]


def test_a_title_two_of_eleven_members_hold_is_no_name_but_the_subtitle_says_so() -> None:
    members = _members(["Ops Lead", "Ops Lead"] + [None] * 9)
    own = _talk([m.key for m in members], "We moved it all over in one go.")
    canvas = build_canvas(2, members, own, corpus=own + OTHERS)
    assert "Ops Lead" not in canvas.name
    assert canvas.name == "Persona 3"
    assert "Ops Lead (2 of 11)" in canvas.subtitle


def test_a_title_most_members_hold_names_the_persona() -> None:
    members = _members(["Ops Lead"] * 6 + ["Founder"] + [None] * 4)
    own = _talk([m.key for m in members], "We moved it all over in one go.")
    canvas = build_canvas(0, members, own, corpus=own + OTHERS)
    assert canvas.name.endswith("Ops Lead")
    assert canvas.subtitle.startswith("Ops Lead (6 of 11)")


def test_a_tie_between_titles_names_nobody() -> None:
    members = _members(["Ops Lead", "Ops Lead", "Founder", "Founder"])
    own = _talk([m.key for m in members], "We moved it all over in one go.")
    canvas = build_canvas(0, members, own, corpus=own + OTHERS)
    assert "Ops Lead" not in canvas.name and "Founder" not in canvas.name


def test_weekdays_past_participles_and_numbers_never_name_a_persona() -> None:
    keys = ["p0", "p1", "p2"]
    own = _talk(keys, "On Friday it crashed, so we decided on twenty.")
    canvas = build_canvas(1, _members([None] * 3), own, corpus=own + OTHERS)
    assert canvas.name == "Persona 2"
    assert not {"friday", "crash", "crashed", "decided", "twenty"} & set(
        distinctive_words(own, own + OTHERS, limit=10)
    )


def test_a_word_one_member_says_is_no_name_a_word_several_say_is() -> None:
    members = _members([None] * 4)
    once = _talk(["p0"], "The borehole at the farm is shallow.") + _talk(
        ["p1", "p2", "p3"], "We moved it all over.", start=10
    )
    assert "borehole" not in distinctive_words(once, once + OTHERS, limit=10)
    assert build_canvas(0, members, once, corpus=once + OTHERS).name == "Persona 1"
    shared = _talk(["p0", "p1", "p2"], "The borehole at the farm is shallow.") + _talk(
        ["p3"], "We moved it all over.", start=10
    )
    assert build_canvas(0, members, shared, corpus=shared + OTHERS).name == "Borehole-focused Respondent"


def test_the_subtitle_lists_phrases_several_members_say() -> None:
    members = _members([None] * 3)
    own = _talk(["p0", "p1", "p2"], "The borehole pump broke on Monday.")
    canvas = build_canvas(0, members, own, corpus=own + OTHERS)
    assert "several mention" in canvas.subtitle and "borehole pump (3)" in canvas.subtitle
    assert "monday" not in canvas.subtitle.lower()
    alone = build_canvas(0, members[:1], own[:1])
    assert alone.subtitle == "No job title or topic shared by several members"


def test_names_stay_distinct_within_a_run() -> None:
    profiles = _members(["Engineer"] * 4)
    items = _talk(["p0", "p1", "p2", "p3"], "We moved it all over.")
    grouping = PersonaGrouping({"p0": 0, "p1": 0, "p2": 1, "p3": 1}, 2, "user")
    names = [canvas.name for canvas in build_personas(grouping, profiles, items)]
    assert names == ["Engineer", "Persona 2"]


def test_name_words_are_topics_not_calendar_numbers_or_adjectives() -> None:
    assert all(name_word(w) for w in ("pricing", "borehole", "speed", "variable", "hiring"))
    assert not any(
        name_word(w)
        for w in ("friday", "crashed", "decided", "twenty", "useful", "various", "recommend", "course")
    )


def test_a_word_another_noun_modifies_names_only_in_the_compound_members_share() -> None:
    """walk: "Board-focused Director", where "board" was mostly "pipeline board" or "Notion board"."""
    members = _members([None, None, None, None])
    pipeline = _talk(["p0", "p1"], "We moved every deal onto the pipeline board.")
    notion = _talk(["p2", "p3"], "The Notion board held our notes.", start=10)
    assert "board" not in distinctive_words(pipeline + notion, pipeline + notion + OTHERS)
    assert build_canvas(0, members, pipeline + notion, corpus=pipeline + notion + OTHERS).name != (
        "Board-focused Respondent"
    )
    shared = pipeline + _talk(["p2", "p3"], "Our pipeline board is a mess.", start=10)
    name = build_canvas(0, members, shared, corpus=shared + OTHERS).name
    assert name == "Pipeline board-focused Respondent"


def test_a_name_word_is_one_a_quote_on_the_page_says() -> None:
    """A word the page's quotes never say cannot be explained to the reader: it names nobody."""
    members = _members([None, None, None])
    # No codes: no field quotes these.
    talk = [Evidence(i, "The borehole at the farm is shallow.", f"p{i}") for i in range(3)]
    canvas = build_canvas(0, members, talk, corpus=talk + OTHERS)
    assert not any(field.quotes for field in canvas.fields)
    assert canvas.name == "Persona 1"
    quoted = _talk(["p0", "p1", "p2"], "The borehole at the farm is shallow.")
    assert build_canvas(0, members, quoted, corpus=quoted + OTHERS).name == "Borehole-focused Respondent"

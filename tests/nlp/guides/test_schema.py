"""Guides as data: every shipped guide validates and holds what the issue asks of it; broken guides are
refused with the file and the key path."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from nlp.frameworks import load_framework
from nlp.guides import (
    GuideError,
    GuideKind,
    list_guides,
    load_guide,
    parse_guide,
    parse_guide_text,
    shipped_framework_stages,
    shipped_guide_text,
    to_document,
)
from nlp.guides.markdown import to_markdown

STAGES = shipped_framework_stages()


def switch_doc() -> dict[str, Any]:
    return dict(yaml.safe_load(shipped_guide_text("switch")))


def test_the_four_guides_ship_and_validate() -> None:
    assert set(list_guides()) >= {"switch", "discovery", "b2b-persona", "journey-survey"}
    for guide_id in list_guides():
        guide = load_guide(guide_id)
        assert guide.id == guide_id and guide.sections and guide.questions
        stages = load_framework(guide.framework).stage_ids
        assert all(s.stage is None or s.stage in stages for s in guide.sections)


def test_switch_guide_follows_the_timeline_with_forces_probes() -> None:
    guide = load_guide("switch")
    titles = [s.title for s in guide.sections]
    timeline = [
        "First thought",
        "Passive looking",
        "Active looking",
        "Deciding",
        "Purchase",
        "First use",
        "Satisfaction",
    ]
    assert [t for t in titles if t in timeline] == timeline
    assert guide.framework == "jtbd-timeline"
    forces = {p.force for _, q in guide.questions for p in q.probes if p.force}
    assert forces == {"push", "pull", "anxiety", "habit"}
    assert guide.section("first-use").stage == "consuming" and guide.section("purchase").stage == "deciding"


def test_discovery_guide_finds_everything_the_issue_lists() -> None:
    finds = " ".join(q.finds.lower() for _, q in load_guide("discovery").questions)
    for topic in (
        "may not know they have",
        "refers to the problem",
        "functional job",
        "emotional and social",
        "results",
        "constraints",
        "starts looking for information",
        "whom they ask first",
        "shortlist",
        "why they chose",
        "compares with expectations",
        "recommend",
    ):
        assert topic in finds, topic


def test_persona_guide_has_the_eleven_canvas_sections_in_order() -> None:
    guide = load_guide("b2b-persona")
    assert [s.title.split(")")[0] for s in guide.sections] == [f"({n}" for n in range(1, 12)]
    text = " ".join(
        f"{s.title} {s.purpose} {q.text} {q.finds}" for s in guide.sections for q in s.questions
    ).lower()
    for word in (
        "revenue",
        "sector",
        "employees",
        "age",
        "studies",
        "family",
        "hobbies",
        "picture",
        "buyer",
        "influencer",
        "user",
        "purchasing manager",
        "motivating",
        "objections",
        "price",
        "knowledge",
        "digital",
    ):
        assert word in text, word


def test_survey_template_asks_open_questions_for_each_seven_step_stage() -> None:
    guide = load_guide("journey-survey")
    assert guide.kind == GuideKind.SURVEY and guide.framework == "seven-step"
    assert {s.stage for s in guide.sections} == set(load_framework("seven-step").stage_ids)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sections"][2]["questions"][0].__setitem__("probes", "Why?"),
            "switch.yaml: sections[2].questions[0].probes: expected a list, found a string",
        ),
        (
            lambda d: d["sections"][1].__setitem__("stage", "purchase"),
            "switch.yaml: sections[1].stage: 'purchase' is not a stage of jtbd-timeline",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].pop("finds"),
            "switch.yaml: sections[0].questions[0].finds: missing required key",
        ),
        (
            lambda d: d["sections"][3]["questions"][0].__setitem__("probs", []),
            "switch.yaml: sections[3].questions[0].probs: unknown key",
        ),
        (
            lambda d: d["sections"][1]["questions"][0]["probes"][0].__setitem__("force", "shove"),
            "switch.yaml: sections[1].questions[0].probes[0].force: 'shove' is not one of push, pull, anxiety, habit",
        ),
        (
            lambda d: d["sections"][4]["questions"][1].__setitem__("id", "first-thought-when"),
            "switch.yaml: sections[4].questions[1].id: duplicate question id 'first-thought-when'",
        ),
        (
            lambda d: d.__setitem__("framework", "made-up"),
            "switch.yaml: framework: unknown journey framework 'made-up'",
        ),
        (lambda d: d.__setitem__("sections", []), "switch.yaml: sections: needs at least 1, found 0"),
        (
            lambda d: d["sections"][2].__setitem__("questions", {"id": "x"}),
            "switch.yaml: sections[2].questions: expected a list, found a mapping",
        ),
        (
            lambda d: d["sections"][5].__setitem__("minutes", -3),
            "switch.yaml: sections[5].minutes: expected a positive number, found -3",
        ),
        (
            lambda d: d["sections"][0].__setitem__("id", "Setting Scene"),
            "switch.yaml: sections[0].id: 'Setting Scene' is not a slug",
        ),
    ],
)
def test_broken_guides_name_the_file_and_the_key_path(change: Any, message: str) -> None:
    doc = copy.deepcopy(switch_doc())
    change(doc)
    with pytest.raises(GuideError) as caught:
        parse_guide(doc, "switch.yaml", STAGES)
    assert str(caught.value).startswith(message), str(caught.value)


def test_yaml_syntax_errors_give_line_and_column() -> None:
    with pytest.raises(GuideError, match=r"mine\.yaml: not valid YAML at line 3, column \d+"):
        parse_guide_text("id: x\nname: y\n  sections: [\n", "mine.yaml")
    with pytest.raises(GuideError, match=r"mine\.yaml: expected a mapping, found a list"):
        parse_guide_text("- a\n- b\n", "mine.yaml")


def test_a_guide_may_use_a_framework_it_is_given() -> None:
    doc = switch_doc() | {"framework": "ours"}
    for section in doc["sections"]:
        section.pop("stage", None)
    doc["sections"][1]["stage"] = "spark"
    guide = parse_guide(doc, "ours.yaml", {"ours": ["spark", "search"]})
    assert guide.section("first-thought").stage == "spark"


def test_documents_round_trip() -> None:
    for guide_id in list_guides():
        guide = load_guide(guide_id)
        assert parse_guide(to_document(guide), "again", STAGES) == guide


def test_markdown_has_every_section_and_numbered_questions() -> None:
    guide = load_guide("switch")
    text = to_markdown(guide, version=3)
    assert text.startswith("# JTBD switch interview\n") and "Version 3" in text
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == [
        s.title for s in guide.sections
    ]
    assert f"{len(guide.questions)}. **{guide.questions[-1][1].text}**" in text
    assert "Probe: What was going wrong with the old way at that point? *(push)*" in text


def test_markdown_names_stages_as_given_and_shows_the_id_of_a_stage_without_a_name() -> None:
    guide = load_guide("switch")
    text = to_markdown(guide, stage_names={"first-thought": "The first thought"})
    assert "*Stage: The first thought " in text and "*Stage: passive-looking" in text

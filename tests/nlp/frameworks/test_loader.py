"""Journey frameworks: the shipped files validate, and broken ones say which file and key is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nlp.frameworks import (
    FrameworkError,
    JourneyFramework,
    UnknownFrameworkError,
    list_frameworks,
    load_framework,
    load_framework_file,
)
from nlp.frameworks.loader import FRAMEWORKS_DIR
from tests.nlp.frameworks.factories import framework_dict, write_yaml

SHIPPED = {
    "seven-step": [
        "awareness",
        "research",
        "consideration",
        "decision",
        "purchase",
        "post-purchase",
        "loyalty-advocacy",
    ],
    "b2b-five": ["awareness", "consideration", "decision", "retention", "advocacy"],
    "inbound": ["attract", "convert", "close", "delight"],
    "classic-funnel": ["attraction", "cultivation", "sale", "loyalty"],
    "jtbd-timeline": [
        "first-thought",
        "passive-looking",
        "active-looking",
        "deciding",
        "consuming",
        "satisfaction",
    ],
}


def test_list_frameworks_names_every_shipped_file() -> None:
    assert list_frameworks() == sorted(SHIPPED)


@pytest.mark.parametrize("framework_id", sorted(SHIPPED))
def test_shipped_framework_validates_with_its_stages_in_order(framework_id: str) -> None:
    framework = load_framework(framework_id)

    assert framework.id == framework_id
    assert framework.stage_ids == SHIPPED[framework_id]
    for stage in framework.stages:
        assert len(stage.examples) >= 15
        assert 10 <= len(stage.cue_phrases) <= 25
        assert stage.description.count(".") >= 2


def test_seven_step_names_loyalty_and_advocacy() -> None:
    assert load_framework("seven-step").stage("loyalty-advocacy").name == "Loyalty and advocacy"


def test_unknown_framework_lists_the_shipped_ones() -> None:
    with pytest.raises(UnknownFrameworkError, match="seven-step"):
        load_framework("aida")


def test_user_framework_from_a_dict() -> None:
    framework = load_framework_file(framework_dict())

    assert isinstance(framework, JourneyFramework)
    assert framework.stage_ids == ["before", "after"]
    assert framework.stage("after").base_rate == 1.0


def test_user_framework_from_a_yaml_path(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "ours.yaml", framework_dict())

    assert load_framework_file(path).id == "our-journey"
    assert load_framework_file(str(path)).id == "our-journey"


def test_too_few_examples_names_file_and_key_path(tmp_path: Path) -> None:
    data = framework_dict(stage_ids=("a", "b", "c"))
    data["stages"][2]["examples"] = data["stages"][2]["examples"][:9]
    path = write_yaml(tmp_path / "b2b-five.yaml", data)

    with pytest.raises(FrameworkError) as caught:
        load_framework_file(path)

    assert str(caught.value) == "b2b-five.yaml: stages[2].examples: needs at least 15, found 9"
    assert (caught.value.source, caught.value.path) == ("b2b-five.yaml", "stages[2].examples")


def test_missing_key_names_file_and_key_path(tmp_path: Path) -> None:
    data = framework_dict()
    del data["stages"][1]["description"]
    path = write_yaml(tmp_path / "ours.yaml", data)

    with pytest.raises(FrameworkError, match=r"^ours\.yaml: stages\[1\]\.description: missing required key$"):
        load_framework_file(path)


def test_missing_top_level_key() -> None:
    data = framework_dict()
    del data["source"]

    with pytest.raises(FrameworkError, match=r"^<dict>: source: missing required key$"):
        load_framework_file(data)


def test_duplicate_stage_id_names_the_second_one() -> None:
    data = framework_dict(stage_ids=("before", "during", "before"))

    with pytest.raises(FrameworkError, match=r"stages\[2\]\.id: duplicate id 'before'"):
        load_framework_file(data)


def test_duplicate_example_within_a_stage() -> None:
    data = framework_dict()
    data["stages"][0]["examples"][5] = data["stages"][0]["examples"][1].upper()

    with pytest.raises(FrameworkError, match=r"stages\[0\]\.examples\[5\]: duplicate entry"):
        load_framework_file(data)


@pytest.mark.parametrize(
    ("change", "path", "problem"),
    [
        (lambda d: d["stages"][0].update(exampels=[]), "stages[0].exampels", "unknown key"),
        (lambda d: d.update(id="Our Journey"), "id", "is not a slug"),
        (
            lambda d: d["stages"][1].update(cue_phrases=["x"]),
            "stages[1].cue_phrases",
            "needs at least 10",
        ),
        (
            lambda d: d["stages"][1].update(cue_phrases=[f"c{i}" for i in range(26)]),
            "stages[1].cue_phrases",
            "at most 25",
        ),
        (
            lambda d: d["stages"][0]["examples"].__setitem__(3, ""),
            "stages[0].examples[3]",
            "non-empty string",
        ),
        (lambda d: d["stages"][0].update(base_rate=0), "stages[0].base_rate", "positive number"),
        (lambda d: d.update(stages={"before": {}}), "stages", "expected a list"),
        (lambda d: d.update(stages=d["stages"][:1]), "stages", "needs at least 2, found 1"),
    ],
)
def test_invalid_values_name_their_key_path(
    change: Callable[[dict[str, Any]], object], path: str, problem: str
) -> None:
    data = framework_dict()
    change(data)

    with pytest.raises(FrameworkError) as caught:
        load_framework_file(data)

    assert caught.value.path == path
    assert problem in caught.value.problem


def test_document_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "list.yaml", ["not", "a", "mapping"])

    with pytest.raises(FrameworkError, match=r"^list\.yaml: expected a mapping, found a list$"):
        load_framework_file(path)


def test_invalid_yaml_says_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\nstages: [unclosed\n", encoding="utf-8")

    with pytest.raises(FrameworkError, match=r"^broken\.yaml: not valid YAML at line \d+"):
        load_framework_file(path)


def test_missing_file() -> None:
    with pytest.raises(FrameworkError, match=r"^nowhere\.yaml: cannot read file"):
        load_framework_file(FRAMEWORKS_DIR / "nowhere.yaml")

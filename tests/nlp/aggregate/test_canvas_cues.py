"""The canvas cue file is checked like every YAML data file: a bad entry is named by its key path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from nlp.aggregate.canvas_cues import CanvasCuesError, load_canvas_cues


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    return load_canvas_cues()


def test_the_shipped_file_passes_and_every_word_is_a_string(shipped: dict[str, Any]) -> None:
    assert shipped["version"] == 1
    assert "yes" in shipped["spoken_stopwords"]  # a bare yes would be read as True


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["spoken_stopwords"].append(True), r"<dict>: spoken_stopwords\[\d+\]: expected a string"),
        (
            lambda d: d["background"]["family"]["children"].append("(open"),
            r"background.family.children\[\d+\]: not a valid regular",
        ),
        (lambda d: d.pop("job"), r"job: missing required key"),
        (lambda d: d.update(extra=1), r"extra: unknown key"),
        (lambda d: d.update(version=2), r"version: unsupported version 2"),
        (lambda d: d["digital"].update(channels=["blog"]), r"digital.channels: expected a mapping"),
        (lambda d: d["polarity"]["objection"].append("(open"), r"polarity.objection\[\d+\]: not a valid"),
        (lambda d: d["digital"].pop("use"), r"digital.use: missing required key"),
        (lambda d: d.pop("committee_decision"), r"committee_decision: missing required key"),
        (lambda d: d["polarity"].pop("motivation"), r"polarity.motivation: missing required key"),
        (lambda d: d["price"]["context_terms"].append(3), r"price.context_terms\[\d+\]: expected a string"),
        (
            lambda d: d["committee_decision"]["modified"].append(3),
            r"committee_decision.modified\[\d+\]: expected a string",
        ),
    ],
)
def test_a_bad_entry_is_named_by_its_key_path(shipped: dict[str, Any], change: Any, where: str) -> None:
    cues = copy.deepcopy(shipped)
    change(cues)
    with pytest.raises(CanvasCuesError, match=where):
        load_canvas_cues(cues)


def test_a_file_that_is_not_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text("version: 1\nprice: [unclosed\n", encoding="utf-8")
    with pytest.raises(CanvasCuesError, match=r"^cues\.yaml: not valid YAML at line"):
        load_canvas_cues(path)

"""The sentence before each respondent sentence, in the same turn only, reaches the evidence a folder
study builds (what a quote that leans on it is shown after); the terminal summary says how k was chosen."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp.aggregate.personas import PersonaGrouping
from nlp.aggregate.quotes import quote_of
from nlp.personas_batch import PersonasRun, Study, load_study, summary
from nlp.pipeline import UtteranceCoding
from nlp.types import CodingInput

TALK = """Interviewer: How did the rollout go?

Dana: The import broke twice and we lost a week of orders. That was the problem.

Interviewer: And then?

Dana: That was hard. We switched vendors in May.
"""


class _Coder:
    def code(self, items: Sequence[CodingInput]) -> list[UtteranceCoding]:
        return [UtteranceCoding(embedding=np.ones(384, dtype=np.float32)) for _ in items]


def test_each_sentence_knows_the_one_before_it_in_its_turn(tmp_path: Path) -> None:
    (tmp_path / "dana.txt").write_text(TALK, encoding="utf-8")

    study = load_study(tmp_path, _Coder())

    before = {item.text: item.before for item in study.evidence}
    assert before == {
        "The import broke twice and we lost a week of orders.": None,
        "That was the problem.": "The import broke twice and we lost a week of orders.",
        "That was hard.": None,  # first of its turn: the interviewer spoke in between
        "We switched vendors in May.": "That was hard.",
    }
    problem = next(item for item in study.evidence if item.text == "That was the problem.")
    assert quote_of(problem).before == "The import broke twice and we lost a week of orders."


def test_the_summary_names_the_interview_behind_each_k_passed_over_once() -> None:
    grouping = PersonaGrouping(
        {}, 2, "silhouette", {2: 0.16, 3: 0.19, 4: 0.14}, passed_over={3: "farm.txt", 4: "farm.txt"}
    )
    lines = summary(PersonasRun(Study(), grouping, [])).splitlines()
    assert "k = 2 (silhouette; k=2: 0.160, k=3: 0.190, k=4: 0.140)" in lines
    assert "k = 3, 4 passed over: one persona would be only the respondents of farm.txt" in lines

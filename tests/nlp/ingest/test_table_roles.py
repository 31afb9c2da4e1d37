"""Transcripts kept as one column per role ("Interviewer", "Interviewee") read as transcripts, not surveys.
The exchanges below are FICTIONAL, written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nlp.ingest import detect_format, read_source
from nlp.types import Survey, Transcript

from .builders import csv_bytes, xlsx_bytes

EXCHANGES = [
    ["Thanks for joining. How did you pick the tool?", "Well, we tried three, and the third one stuck."],
    ["Why that one?", "It was cheap, and the support team answered within an hour."],
    ["And then?", "Then we rolled it out, team by team, over a month."],
    ["What was hard?", "Getting the old data in. The import broke twice and we lost a week."],
]


@pytest.mark.parametrize(("name", "build"), [("qa.csv", csv_bytes), ("qa.xlsx", xlsx_bytes)])
@pytest.mark.parametrize("header", [["Interviewer", "Interviewee"], ["Question", "Answer"]])
def test_one_column_per_role_is_a_transcript_of_alternating_turns(
    name: str, build: Callable[[list[list[str]]], bytes], header: list[str]
) -> None:
    """Read as a survey, each exchange was a respondent and the two roles two questions; a folder of such
    files gave `desirelines personas` nothing to group."""
    transcript = read_source(name, build([header, *EXCHANGES]))
    assert isinstance(transcript, Transcript)
    asker, answerer = header
    expected = []
    for line, (question, answer) in enumerate(EXCHANGES, start=2):
        expected += [(asker, question, line), (answerer, answer, line)]
    assert [(turn.speaker, turn.text, turn.line) for turn in transcript.turns] == expected


def test_role_headers_over_ids_and_choices_stay_a_survey() -> None:
    """ "Interviewer" and "Respondent" naming who ran and who answered a survey row are no speech."""
    rows = [["Interviewer", "Respondent", "What would you change?"]]
    rows += [["Dana", f"R{n}", f"Make the export faster, number {n} please"] for n in range(6)]
    assert detect_format("survey.csv", csv_bytes(rows)) == "survey-csv"
    assert isinstance(read_source("survey.csv", csv_bytes(rows)), Survey)


def test_a_participant_id_column_holds_no_speech() -> None:
    rows = [["Participant", "Question", "Comments"]]
    rows += [
        [f"P{n:02}", "What did you think?", f"It was fine overall, session {n} ran long"] for n in range(6)
    ]
    assert isinstance(read_source("survey.csv", csv_bytes(rows)), Survey)

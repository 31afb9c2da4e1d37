"""Transcripts kept as a table of "Speaker: text" lines read as transcripts, not as surveys."""

from __future__ import annotations

import pytest

from nlp.ingest import detect_format, read_source, table_lines
from nlp.types import Survey, Transcript

from .builders import csv_bytes, xlsx_bytes

LINES = [
    "Interviewer 1: Hi, thanks for joining.",
    "Interviewee: Sure. The water bills doubled last year.",
    "Interviewer 2: Tell me more.",
    "Interviewee: The meter broke and nobody came for weeks.",
    "Then the bill came anyway.",
]


def _turns(transcript: Transcript | Survey) -> list[tuple[str, str, int | None]]:
    assert isinstance(transcript, Transcript)
    return [(turn.speaker, turn.text, turn.line) for turn in transcript.turns]


def test_one_column_with_a_header_reads_as_the_lines_of_a_transcript() -> None:
    data = csv_bytes([["Transcript"], *([line] for line in LINES)])
    assert detect_format("call.csv", data) == "csv"
    assert _turns(read_source("call.csv", data)) == [
        ("Interviewer 1", "Hi, thanks for joining.", 2),
        ("Interviewee", "Sure. The water bills doubled last year.", 3),
        ("Interviewer 2", "Tell me more.", 4),
        ("Interviewee", "The meter broke and nobody came for weeks. Then the bill came anyway.", 5),
    ]


def test_without_a_header_the_first_line_is_speech_too() -> None:
    transcript = read_source("call.xlsx", xlsx_bytes([[line] for line in LINES]))
    assert _turns(transcript)[0] == ("Interviewer 1", "Hi, thanks for joining.", 1)
    assert len(_turns(transcript)) == 4


def test_a_labelled_column_beside_row_numbers_and_multi_line_cells() -> None:
    rows = [["Line", "Text"], ["1", LINES[0]], ["2", f"{LINES[1]}\nInterviewer 2: Go on."], ["3", LINES[3]]]
    assert [speaker for speaker, _, _ in _turns(read_source("call.csv", csv_bytes(rows)))] == [
        "Interviewer 1",
        "Interviewee",
        "Interviewer 2",
        "Interviewee",
    ]


def test_answers_that_start_with_a_word_and_a_colon_stay_a_survey() -> None:
    rows = [
        ["ResponseId", "What would you change?"],
        ["R_1", "Price: too high for a team of three."],
        ["R_2", "Support: slow to answer."],
        ["R_3", "Price: the renewal doubled."],
        ["R_4", "Nothing."],
    ]
    assert isinstance(read_source("answers.csv", csv_bytes(rows)), Survey)


def test_a_speaker_column_still_wins() -> None:
    rows = [["Speaker", "Text"], ["Interviewee", "Interviewer: hi"], ["Interviewer", "Interviewee: yes"]]
    turns = _turns(read_source("call.csv", csv_bytes(rows)))
    assert [speaker for speaker, _, _ in turns] == ["Interviewee", "Interviewer"]


def test_only_the_first_cells_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_lines, "DETECT_CELLS", 3)
    answers = [[f"R_{i}", f"Price: far too high for a team of our size ({i})"] for i in range(3)]
    lines = [[f"R_{i}", f"Interviewee: line {i}"] for i in range(3, 7)]
    header = [["Line", "Text"]]
    assert isinstance(read_source("a.csv", csv_bytes(header + answers + lines)), Survey)
    assert isinstance(read_source("b.csv", csv_bytes(header + lines + answers)), Transcript)


@pytest.mark.parametrize("header", [True, False])
def test_unquoted_commas_in_a_csv_of_lines_are_joined_back_with_a_warning(header: bool) -> None:
    """A "CSV" that is a transcript saved with a .csv name: each comma split a line into cells, and only
    the words before the first comma were read."""
    text = ("Transcript\n" if header else "") + "\n".join(LINES) + "\n"
    transcript = read_source("call.csv", text.encode())
    first = 2 if header else 1
    assert _turns(transcript) == [
        ("Interviewer 1", "Hi, thanks for joining.", first),
        ("Interviewee", "Sure. The water bills doubled last year.", first + 1),
        ("Interviewer 2", "Tell me more.", first + 2),
        ("Interviewee", "The meter broke and nobody came for weeks. Then the bill came anyway.", first + 3),
    ]
    assert isinstance(transcript, Transcript)
    (warning,) = [w for w in transcript.warnings if "unquoted comma" in w]
    expected = "row 2 of 6 has more cells than the header's 1 column" if header else "row 1 of 5 is split"
    assert expected in warning


def test_a_time_column_beside_headerless_lines_is_not_joined_into_them() -> None:
    data = b"Interviewer: Hi there,00:01\nInterviewee: Thanks a lot,00:05\nInterviewer: So,00:09\n"
    transcript = read_source("call.csv", data)
    assert [text for _, text, _ in _turns(transcript)] == ["Hi there", "Thanks a lot", "So"]
    assert not any("unquoted" in w for w in transcript.warnings)


def test_name_labels_with_unquoted_commas_are_still_a_transcript() -> None:
    """The split cells made the table two columns wide, and name labels (not roles) were then taken for
    survey answers ("Price: too high"): the file was refused as a survey without open text."""
    data = b"Transcript\nAlice: Hi welcome\nBob: Thanks, glad to be here\nAlice: Great, so tell me\nBob: Sure\n"
    assert _turns(read_source("call.csv", data)) == [
        ("Alice", "Hi welcome", 2),
        ("Bob", "Thanks, glad to be here", 3),
        ("Alice", "Great, so tell me", 4),
        ("Bob", "Sure", 5),
    ]

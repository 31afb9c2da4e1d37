from __future__ import annotations

import time

import pytest

from nlp.ingest import IngestError, read_source
from nlp.ingest.txt import parse_txt
from nlp.types import Turn

from .builders import FILLER_INTERVIEW


def test_colon_labels_with_continuation_lines_and_blank_lines() -> None:
    text = "Dana Kim: Hi Tom.\nHow was the move?\n\nTom: Chaotic.\n\nHonestly chaotic.\nDana Kim: Why?\n"

    transcript = parse_txt("a.txt", text)

    assert transcript.turns == [
        Turn("Dana Kim", "Hi Tom. How was the move?", line=1),
        Turn("Tom", "Chaotic. Honestly chaotic.", line=4),
        Turn("Dana Kim", "Why?", line=7),
    ]
    assert transcript.format == "txt"


def test_filler_word_interview_keeps_numbered_interviewers_apart() -> None:
    transcript = parse_txt("filler.txt", FILLER_INTERVIEW)

    assert transcript.speakers == ["Interviewer 1", "Interviewee", "Interviewer 2"]
    assert len(transcript.turns) == 8
    assert [turn.line for turn in transcript.turns] == [1, 2, 3, 4, 7, 8, 9, 10]
    assert transcript.turns[3].text.endswith("moving routes around by hand.")


@pytest.mark.parametrize(
    ("line", "speaker", "start"),
    [
        ("[00:01:02] Dana Kim: Welcome back.", "Dana Kim", 62.0),
        ("(00:01:02) Dana Kim: Welcome back.", "Dana Kim", 62.0),
        ("Dana Kim (00:01:02): Welcome back.", "Dana Kim", 62.0),
        ("Dana Kim (01:02): Welcome back.", "Dana Kim", 62.0),
        ("[1:02:03.5] Speaker 2: Welcome back.", "Speaker 2", 3723.5),
    ],
)
def test_timestamped_label_styles(line: str, speaker: str, start: float) -> None:
    transcript = parse_txt("a.txt", f"{line}\nTom: Thanks.\n")

    assert transcript.turns[0] == Turn(speaker, "Welcome back.", start=start, line=1)


def test_rev_label_on_its_own_line_takes_the_following_text() -> None:
    text = "Speaker 1 (00:00:05):\nSo tell me about it.\n\nSpeaker 2 (00:00:09):\nWell, it started in May.\n"

    turns = parse_txt("rev.txt", text).turns

    assert turns == [
        Turn("Speaker 1", "So tell me about it.", start=5.0, line=1),
        Turn("Speaker 2", "Well, it started in May.", start=9.0, line=4),
    ]


def test_otter_style_name_and_time_on_their_own_line() -> None:
    text = (
        "Interview with Tom\n\nPriya Shah  0:03\nWhat did you try first?\n\n"
        "Tom Becker  0:09\nA spreadsheet.\nThen a whiteboard.\n\nPriya Shah  1:02:10\nAnd then?\n"
    )

    transcript = parse_txt("otter.txt", text)

    assert transcript.turns == [
        Turn("Priya Shah", "What did you try first?", start=3.0, line=3),
        Turn("Tom Becker", "A spreadsheet. Then a whiteboard.", start=9.0, line=6),
        Turn("Priya Shah", "And then?", start=3730.0, line=10),
    ]
    assert transcript.title == "Interview with Tom"
    assert transcript.warnings == []


def test_sentences_with_a_colon_are_not_labels() -> None:
    text = (
        "Interviewer: What happened?\n"
        "Respondent: Here's the thing: we had no budget.\n"
        "The real problem was this: nobody owned it.\n"
        "My Boss: he said no.\n"
        "So: that was that.\n"
        "Interviewer: Got it.\n"
    )

    turns = parse_txt("a.txt", text).turns

    assert [turn.speaker for turn in turns] == ["Interviewer", "Respondent", "Interviewer"]
    assert turns[1].text == (
        "Here's the thing: we had no budget. The real problem was this: nobody owned it. "
        "My Boss: he said no. So: that was that."
    )


def test_q_and_a_labels() -> None:
    turns = parse_txt("qa.txt", "Q: Why now?\nA: Because the old tool broke.\n").turns

    assert [(turn.speaker, turn.text) for turn in turns] == [
        ("Q", "Why now?"),
        ("A", "Because the old tool broke."),
    ]


def test_consecutive_labels_by_one_speaker_merge() -> None:
    turns = parse_txt("a.txt", "Tom  0:01\nOne.\nTom  0:30\nTwo.\nDana  0:45\nThree?\n").turns

    assert turns[0] == Turn("Tom", "One. Two.", start=1.0, line=1)
    assert turns[1].start == 45.0


def test_preamble_lines_become_a_title_and_a_warning() -> None:
    transcript = parse_txt("a.txt", "Customer interview #4\nRecorded 3 May\nTom: Hi.\nDana: Hello.\n")

    assert transcript.title == "Customer interview #4"
    assert transcript.warnings == ["1 line(s) before the first speaker label were not read as speech"]


def test_text_without_labels_is_no_turns() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("notes.txt", b"We talked about the move.\nIt went badly: very badly.\n")

    error = caught.value
    assert error.code == "no_turns"
    assert str(error).startswith("notes.txt: no speaker labels found")
    assert '"Name: text"' in error.message and '"[00:01:02] Name: text"' in error.message


def test_a_huge_line_is_read_quickly() -> None:
    words = "word " * 400_000
    started = time.perf_counter()

    turns = parse_txt("big.txt", f"Tom: {words}\nDana: ok\n{'x' * 1_000_000}\n").turns

    assert time.perf_counter() - started < 2
    assert len(turns[0].text.split()) == 400_000


def test_display_names_with_a_parenthetical() -> None:
    text = "Dana Kim (she/her): What changed?\nTom Becker (Guest): Everything.\nSo (laughing): it was fine.\n"

    turns = parse_txt("zoom.txt", text).turns

    assert [(turn.speaker, turn.text) for turn in turns] == [
        ("Dana Kim (she/her)", "What changed?"),
        ("Tom Becker (Guest)", "Everything. So (laughing): it was fine."),
    ]


def test_rev_time_after_the_colon_is_the_turn_start_not_speech() -> None:
    text = "Interviewer: (00:02) What did you use before?\nTom Okafor: [01:00:06] A spreadsheet.\n"

    turns = parse_txt("rev.txt", text).turns

    assert [(turn.speaker, turn.start, turn.text) for turn in turns] == [
        ("Interviewer", 2.0, "What did you use before?"),
        ("Tom Okafor", 3606.0, "A spreadsheet."),
    ]


def test_a_bracketed_name_before_a_colon_is_a_label() -> None:
    """walk4: "[Maya Ortiz]: One more thing" stayed speech, label and all, in the turn before it."""
    text = "Interviewer: Anything else?\n[Maya Ortiz]: One more thing, the price.\n[laughs] Yes.\n"

    turns = parse_txt("brackets.txt", text).turns

    assert [(turn.speaker, turn.text) for turn in turns] == [
        ("Interviewer", "Anything else?"),
        ("Maya Ortiz", "One more thing, the price. [laughs] Yes."),
    ]

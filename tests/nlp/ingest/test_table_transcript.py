from __future__ import annotations

import csv

import pytest

from nlp.ingest import IngestError, IngestOptions, csv_reader, detect_format, read_source, xlsx_reader
from nlp.types import Turn

from .builders import csv_bytes, xlsx_bytes

ROWS = [
    ["Start Time", "Speaker", "Text"],
    ["00:00:01", "Priya", "What made you look for a new tool?"],
    ["00:00:05", "Tom", "The old one crashed."],
    ["00:00:09", "", "Every Monday."],
    ["00:00:12", "Priya", "Why Mondays?"],
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_transcript_with_sniffed_delimiter(delimiter: str) -> None:
    transcript = read_source("call.csv", csv_bytes(ROWS, delimiter))

    assert transcript.format == "csv"
    assert transcript.turns == [
        Turn("Priya", "What made you look for a new tool?", start=1.0, line=2),
        Turn("Tom", "The old one crashed. Every Monday.", start=5.0, line=3),
        Turn("Priya", "Why Mondays?", start=12.0, line=5),
    ]


def test_xlsx_transcript_with_time_cells_and_numbers() -> None:
    data = xlsx_bytes([["Who", "Utterance", "Start", "End"], ["Dana", "Hi", 1.5, 3], ["Sam", 42, 3, 4.25]])

    transcript = read_source("call.xlsx", data)

    assert detect_format("call.xlsx", data) == "xlsx"
    assert transcript.turns == [
        Turn("Dana", "Hi", start=1.5, end=3.0, line=2),
        Turn("Sam", "42", start=3.0, end=4.25, line=3),
    ]


def test_quoted_multiline_cells_keep_record_numbers() -> None:
    data = b'speaker,text\nTom,"line one\nline two"\nDana,"She said ""no"""\n'

    turns = read_source("a.csv", data).turns

    assert turns == [Turn("Tom", "line one line two", line=2), Turn("Dana", 'She said "no"', line=3)]


def test_formula_strings_stay_text() -> None:
    turns = read_source(
        "a.csv", csv_bytes([["speaker", "text"], ["Tom", "=HYPERLINK(1)"], ["Dana", "+1"]])
    ).turns

    assert [turn.text for turn in turns] == ["=HYPERLINK(1)", "+1"]


def test_column_overrides() -> None:
    data = csv_bytes([["Person", "Words", "At"], ["Tom", "Hello", "1:05"], ["Dana", "Hi", "bad"]])
    options = IngestOptions(kind="interview", speaker_column="Person", text_column="Words", time_column="at")

    transcript = read_source("a.csv", data, options)

    assert transcript.turns == [Turn("Tom", "Hello", start=65.0, line=2), Turn("Dana", "Hi", line=3)]
    assert transcript.warnings == ['row 3: time "bad" is not a time; ignored']


def test_transcript_csv_without_text_column_lists_headers() -> None:
    data = csv_bytes([["speaker", "words"], ["Tom", "Hello"], ["Dana", "Hi"]])

    with pytest.raises(IngestError) as caught:
        read_source("call.csv", data)

    error = caught.value
    assert error.code == "no_text_column"
    assert str(error).startswith("call.csv: no text column found")
    assert "(found: speaker, words)" in error.message


def test_override_naming_a_missing_column() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("a.csv", csv_bytes(ROWS), IngestOptions(speaker_column="Nope"))

    assert caught.value.code == "malformed"
    assert 'column "Nope"' in caught.value.message


def test_csv_error_reports_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    previous = csv.field_size_limit(100)
    monkeypatch.setattr(csv_reader, "_FIELD_LIMIT", 100)
    try:
        with pytest.raises(IngestError) as caught:
            read_source("a.csv", b"speaker,text\nTom,hi\nDana," + b"x" * 500 + b"\n")
    finally:
        csv.field_size_limit(previous)

    error = caught.value
    assert (error.code, error.line) == ("malformed", 3)
    assert str(error).startswith("a.csv, line 3: cannot read this CSV: field larger than field limit")


def test_xlsx_stops_after_a_long_run_of_empty_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_EMPTY_RUN", 50)
    rows: list[list[object]] = [["speaker", "text"], ["Tom", "Hi"], ["Dana", "Hello"]]
    rows += [[None, None]] * 200 + [["Tom", "lost"]]

    transcript = read_source("a.xlsx", xlsx_bytes(rows))

    assert [turn.text for turn in transcript.turns] == ["Hi", "Hello"]
    assert transcript.warnings == ["stopped reading at row 53 after 50 empty rows"]


def test_broken_xlsx_is_malformed() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("a.xlsx", b"\x00\x01\x02 damaged bytes, neither text nor a ZIP")

    assert caught.value.code == "malformed"
    assert "not a valid XLSX file" in str(caught.value)


def test_cells_past_the_last_header_get_a_column_of_their_own() -> None:
    table = csv_reader.read_csv("a.csv", "id,answer,\n1,yes,more\n2,no\n")

    assert table.headers == ["id", "answer", "Column 3"]
    assert [row.get(2) for row in table.rows] == ["more", ""]


def test_unquoted_commas_in_a_last_text_column_are_joined_back_with_a_warning() -> None:
    """A CSV export that does not quote its texts: each comma in a turn made a cell of its own, and only
    the words before the first comma were read as the turn."""
    data = (
        b"speaker,text\n"
        b"Interviewer,How did you pick the tool?\n"
        b"Interviewee,Well, we tried three, and the third one stuck.\n"
        b"Interviewer,Why that one?\n"
        b"Interviewee,It was cheap.\n"
    )
    transcript = read_source("call.csv", data)

    assert [turn.text for turn in transcript.turns] == [
        "How did you pick the tool?",
        "Well, we tried three, and the third one stuck.",
        "Why that one?",
        "It was cheap.",
    ]
    assert len(transcript.warnings) == 1
    assert "row 3 of 5 has more cells than the header's 2 columns" in transcript.warnings[0]
    assert "unquoted comma" in transcript.warnings[0]


def test_a_survey_row_with_an_unquoted_comma_is_named_in_a_warning() -> None:
    header = "respondent,What do you like about the product?,What would you change?\n"
    rows = [
        f"{n},The reports are clear and fast number {n},Make the search faster {n}\n" for n in range(1, 9)
    ]
    rows[3] = "4,Cheap, and it works with our tools,Add a dark mode\n"
    survey = read_source("survey.csv", (header + "".join(rows)).encode())

    assert any("row 5 of 9 has more cells than the header's 3 columns" in w for w in survey.warnings)
    assert any("kept as Column 4" in w and "comma" in w for w in survey.warnings)


def test_wider_rows_of_a_spreadsheet_or_most_rows_give_no_comma_warning() -> None:
    """Cells past a short header in most rows (an export's unlabelled last column), or in a workbook,
    where no delimiter splits a cell, are not a quoting problem."""
    header = "respondent,What do you like about the product?\n"
    rows = [f"{n},The reports are clear and fast number {n},extra {n}\n" for n in range(1, 9)]
    survey = read_source("survey.csv", (header + "".join(rows)).encode())
    assert not any("more cells than the header" in w for w in survey.warnings)
    sheet = [["respondent", "What do you like about the product?"]]
    sheet += [[str(n), f"The reports are clear and fast number {n}"] for n in range(1, 9)]
    sheet[4].append("an extra cell")
    book = read_source("survey.xlsx", xlsx_bytes(sheet))
    assert not any("more cells than the header" in w for w in book.warnings)


def test_an_unnamed_column_of_numbers_is_not_joined_into_the_text() -> None:
    """Every row has one more cell than the header, and it is a number: a column without a header, not
    a split text."""
    data = b"Speaker,Text\nAlice,Hello there,0.93\nBob,Hi back,0.88\nAlice,How are you,0.91\n"
    transcript = read_source("call.csv", data)
    assert [turn.text for turn in transcript.turns] == ["Hello there", "Hi back", "How are you"]
    assert not any("joined back" in w for w in transcript.warnings)


def test_a_split_text_joins_a_thousands_separator_back_and_counts_blank_lines() -> None:
    data = b"speaker,text\nDana,We have 3,000 users, and growing.\n\nTom,Why?\n\nDana,Word of mouth.\n"
    transcript = read_source("call.csv", data)
    assert [turn.text for turn in transcript.turns] == ["We have 3,000 users, and growing.", "Why?",
                                                        "Word of mouth."]  # fmt: skip
    (warning,) = [w for w in transcript.warnings if "joined back" in w]
    assert "row 2 of 6 has more cells than the header's 2 columns" in warning


@pytest.mark.parametrize("text_header", ["Dialogue", "Speech", "Sentence", "Caption", "Transcript Text"])
def test_other_export_names_for_the_text_column(text_header: str) -> None:
    """A speaker column beside a text column headed as other tools export it was refused: "no text
    column found"."""
    rows = [["Speaker", "Start Time", text_header], *[[s, t, x] for t, s, x in ROWS[1:]]]
    transcript = read_source("call.csv", csv_bytes(rows))
    assert [turn.text for turn in transcript.turns] == [
        "What made you look for a new tool?",
        "The old one crashed. Every Monday.",
        "Why Mondays?",
    ]

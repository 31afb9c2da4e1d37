from __future__ import annotations

import io

import docx
import pytest

from nlp.ingest import IngestError, IngestLimits, IngestOptions, detect_format, read_source
from nlp.types import Turn

from .builders import docx_bytes, zip_bytes


def test_otter_export() -> None:
    data = docx_bytes(
        [
            "Priya Shah  0:03",
            "What did you try first?",
            "Tom Becker  0:09",
            "A spreadsheet.",
            "Then a whiteboard.",
        ],
        title="Interview with Tom",
    )

    transcript = read_source("otter.docx", data)

    assert transcript.format == "docx"
    assert transcript.title == "Interview with Tom"
    assert transcript.turns == [
        Turn("Priya Shah", "What did you try first?", start=3.0, line=2),
        Turn("Tom Becker", "A spreadsheet. Then a whiteboard.", start=9.0, line=4),
    ]


def test_rev_export_with_the_time_after_the_colon() -> None:
    data = docx_bytes(
        [
            "Interviewer: (00:00:02)",
            "So what kicked off the search?",
            "Tom Okafor: (00:00:06)",
            "Our renewal price doubled overnight.",
            "Interviewer: (00:15) What did you compare?",
        ]
    )

    transcript = read_source("rev.docx", data)

    assert transcript.turns == [
        Turn("Interviewer", "So what kicked off the search?", start=2.0, line=1),
        Turn("Tom Okafor", "Our renewal price doubled overnight.", start=6.0, line=3),
        Turn("Interviewer", "What did you compare?", start=15.0, line=5),
    ]


def test_rev_export_label_paragraph_and_inline() -> None:
    data = docx_bytes(
        ["Speaker 1 (00:01):", "Tell me about the move.", "Speaker 2 (00:04): It was chaos.", "Total chaos."]
    )

    turns = read_source("rev.docx", data).turns

    assert turns == [
        Turn("Speaker 1", "Tell me about the move.", start=1.0, line=1),
        Turn("Speaker 2", "It was chaos. Total chaos.", start=4.0, line=3),
    ]


def test_generic_paragraphs_and_a_transcript_table() -> None:
    document = docx.Document()
    document.add_paragraph("Interviewer: Ready?")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(
        table.rows, [("Tom", "00:05", "Yes."), ("Interviewer", "00:07", "Great.")], strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)

    turns = read_source("table.docx", buffer.getvalue()).turns

    assert [(turn.speaker, turn.text, turn.start) for turn in turns] == [
        ("Interviewer", "Ready?", None),
        ("Tom", "Yes.", 5.0),
        ("Interviewer", "Great.", 7.0),
    ]


def test_docx_without_extension_is_detected_from_the_zip() -> None:
    assert detect_format("upload", docx_bytes(["Tom: hi", "Dana: hello"])) == "docx"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"\x00\x01\x02 damaged bytes, neither text nor a ZIP", "it is not a ZIP archive"),
        (b"PK\x03\x04 truncated", "it is not a ZIP archive"),
        (zip_bytes({"hello.txt": b"hi"}), "word/document.xml is missing"),
        (zip_bytes({"word/document.xml": b"<not-xml"}), "not a valid DOCX file"),
    ],
)
def test_broken_docx_is_malformed(data: bytes, detail: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_source("interview.docx", data)

    error = caught.value
    assert error.code == "malformed"
    assert str(error).startswith("interview.docx: not a valid DOCX file")
    assert detail in error.message


def test_zip_bomb_is_refused_before_unpacking() -> None:
    data = zip_bytes({"word/document.xml": b" " * 20_000})

    with pytest.raises(IngestError) as caught:
        read_source("bomb.docx", data, IngestOptions(limits=IngestLimits(max_unpacked_bytes=10_000)))

    assert caught.value.code == "too_large"
    assert "word/document.xml would unpack to" in caught.value.message


def test_docx_without_labels_is_no_turns() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("notes.docx", docx_bytes(["We met on Tuesday.", "It went well."]))

    assert caught.value.code == "no_turns"

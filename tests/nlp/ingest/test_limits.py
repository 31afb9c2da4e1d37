"""Per-file caps: rows, lines, paragraphs, turns, ZIP parts and unpacked size, each refused early."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from nlp.ingest import IngestError, IngestLimits, IngestOptions, read_source

from .builders import csv_bytes, docx_bytes, xlsx_bytes, zip_bytes

SMALL = IngestLimits(max_unpacked_bytes=200_000, max_parts=50, max_rows=10, max_utterances=5)


def refused(filename: str, data: bytes, limits: IngestLimits = SMALL, **options: object) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_source(filename, data, IngestOptions(limits=limits, **options))  # type: ignore[arg-type]
    assert caught.value.code == "too_large"
    return caught.value


def test_csv_past_the_row_cap_is_refused_at_the_first_row_over() -> None:
    rows = [["speaker", "text"], *[["Ana", f"answer {n}"] for n in range(30)]]
    error = refused("big.csv", csv_bytes(rows))
    assert error.line == 11 and "more than 10 rows" in error.message


def test_xlsx_past_the_row_cap_is_refused() -> None:
    rows = [["speaker", "text"], *[["Ana", f"answer {n}"] for n in range(30)]]
    error = refused("big.xlsx", xlsx_bytes(rows))
    assert error.line == 11 and "DESIRELINES_MAX_ROWS" in error.message


def test_text_transcript_past_the_line_cap_is_refused_before_parsing() -> None:
    text = "\n".join(f"Ana: line {n}" for n in range(20)).encode()
    error = refused("long.txt", text)
    assert "more than 10 lines" in error.message


def test_docx_past_the_paragraph_cap_is_refused() -> None:
    limits = IngestLimits(max_rows=10)
    error = refused("long.docx", docx_bytes([f"Ana: paragraph {n}" for n in range(20)]), limits)
    assert "paragraphs" in error.message


def test_transcript_with_more_turns_than_the_utterance_cap_is_refused() -> None:
    text = "\n".join(f"{'Ana' if n % 2 else 'Ben'}: turn {n}" for n in range(8)).encode()
    error = refused("chatty.txt", text)
    assert "8 turns" in error.message and "5" in error.message


def test_survey_with_more_answers_than_the_utterance_cap_is_refused() -> None:
    rows = [["id", "What did you try?"], *[[str(n), f"I tried tool {n}"] for n in range(8)]]
    error = refused("survey.csv", csv_bytes(rows), kind="survey", open_columns=["What did you try?"])
    assert "8 answers" in error.message


def test_files_within_the_caps_are_read() -> None:
    text = b"Ana: hello there\nBen: hi\n"
    assert len(read_source("ok.txt", text, IngestOptions(limits=SMALL)).turns) == 2  # type: ignore[union-attr]


def test_zip_with_too_many_parts_is_refused() -> None:
    members = {"word/document.xml": b"<w/>", **{f"word/media/{n}.bin": b"x" for n in range(60)}}
    error = refused("parts.docx", zip_bytes(members))
    assert "61 parts" in error.message


def test_docx_that_unpacks_past_the_cap_names_the_part() -> None:
    error = refused("bomb.docx", zip_bytes({"word/document.xml": b"<w:t>a</w:t>" * 50_000}))
    assert "word/document.xml" in error.message and "DESIRELINES_MAX_UNPACKED_MB" in error.message


def test_a_directory_that_understates_sizes_gains_nothing() -> None:
    data = bytearray(zip_bytes({"word/document.xml": b"<w:t>a</w:t>" * 50_000}))
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", 100)  # uncompressed size in the directory
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.infolist()[0].file_size == 100
    with pytest.raises(IngestError) as caught:
        read_source("liar.docx", bytes(data), IngestOptions(limits=SMALL))
    assert caught.value.code in {"malformed", "too_large"}

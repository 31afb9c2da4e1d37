from __future__ import annotations

import pytest

from nlp.ingest import IngestError, read_source
from nlp.ingest.decode import decode

QUOTED = "It\u2019s \u201cfine\u201d, isn\u2019t it?"  # curly quotes: 0x92, 0x93, 0x94 in cp1252
TEXT = f"Interviewer: {QUOTED}\nRespondent: Café au lait, ça va.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # Python writes a BOM
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by the NUL-byte pattern
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_every_encoding_decodes_to_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode("notes.txt", data)

    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_cp1252_curly_quote_is_decoded_with_a_warning() -> None:
    data = "Tom: It\u2019s broken.\n".encode("cp1252")
    assert b"\x92" in data

    decoded = decode("tom.txt", data)

    assert decoded.text == "Tom: It\u2019s broken.\n"
    assert decoded.warnings == ("decoded as cp1252 (Windows-1252): not valid UTF-8",)


@pytest.mark.parametrize(
    "data", [TEXT.encode("utf-16"), TEXT.encode("cp1252"), b"\xef\xbb\xbf" + TEXT.encode()]
)
def test_read_source_reads_turns_whatever_the_encoding(data: bytes) -> None:
    transcript = read_source("interview.txt", data)

    assert [turn.speaker for turn in transcript.turns] == ["Interviewer", "Respondent"]
    assert transcript.turns[0].text == QUOTED
    assert transcript.turns[1].text == "Café au lait, ça va."


def test_cp1252_warning_reaches_the_transcript() -> None:
    transcript = read_source("interview.txt", TEXT.encode("cp1252"))

    assert transcript.warnings[0].startswith("decoded as cp1252")


def test_undecodable_bytes_name_line_and_column() -> None:
    data = b"Tom: caf\xe9 is fine\nPriya: ab\x81cd\n"

    with pytest.raises(IngestError) as caught:
        decode("broken.txt", data)

    error = caught.value
    assert error.code == "encoding"
    assert (error.line, error.column) == (2, 10)
    assert str(error).startswith("broken.txt, line 2, column 10: byte 0x81 cannot be read")


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(IngestError) as caught:
        decode("clip.txt", b"Tom: hi\x00\x00\x01\x02 there" * 3)

    assert caught.value.code == "binary"
    assert "binary" in str(caught.value)


def test_many_control_characters_mean_binary() -> None:
    with pytest.raises(IngestError) as caught:
        decode("clip.txt", bytes(range(1, 32)) * 20)

    assert caught.value.code == "binary"


def test_line_ends_are_normalised_and_control_characters_dropped() -> None:
    decoded = decode("a.txt", b"Tom: one\r\nPriya: two\rTom: th\x07ree\x0c\tend\n")

    assert decoded.text == "Tom: one\nPriya: two\nTom: three\tend\n"


GARBLED = "Name,City,Comment\nJos\u00c3\u00a9 \u00c3\u0081lvarez,Montr\u00c3\u00a9al,It\u00e2\u20ac\u2122s tr\u00c3\u00a8s bien.\n"


def test_double_encoded_utf8_is_repaired_with_a_warning() -> None:
    decoded = decode("mojibake.csv", GARBLED.encode("utf-8"))

    assert decoded.text == "Name,City,Comment\nJos\u00e9 \u00c1lvarez,Montr\u00e9al,It\u2019s tr\u00e8s bien.\n"
    assert decoded.warnings == (
        'repaired double-encoded UTF-8 (mojibake): 5 garbled sequences such as "\u00c3\u00a9" read as "\u00e9"',
    )


def test_the_repair_reaches_the_parsed_survey() -> None:
    survey = read_source("mojibake.csv", GARBLED.encode("utf-8"))

    assert survey.respondents[0].name == "Jos\u00e9 \u00c1lvarez"
    assert any(w.startswith("repaired double-encoded UTF-8 (mojibake)") for w in survey.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "Jos\u00c3\u00a9 beside Jos\u00e9\n",  # a real \u00e9 does not go back to UTF-8: nothing is touched
        "Price: 5\u20ac \u00c3\u00a9t\u00c3\u00a9 \u4e2d\n",  # nor does a character outside cp1252
        "Caf\u00e9 au lait, \u00e7a va.\n",  # ordinary accents
    ],
)
def test_a_text_that_does_not_round_trip_is_left_alone(text: str) -> None:
    decoded = decode("x.txt", text.encode("utf-8"))

    assert decoded.text == text and decoded.warnings == ()

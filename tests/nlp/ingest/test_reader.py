from __future__ import annotations

import contextlib
import random

import pytest

from nlp.ingest import IngestError, IngestOptions, detect_format, read_source

from .builders import NAMED_INTERVIEW, csv_bytes, docx_bytes, xlsx_bytes, zip_bytes

VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTom: Hi\n"
SRT = b"1\n00:00:01,000 --> 00:00:02,000\nTom: Hi\n"
TRANSCRIPT_ROWS = [["speaker", "text"], ["Tom", "Hi"], ["Dana", "Hello"], ["Tom", "Bye"]]
SURVEY_ROWS = [
    ["id", "What frustrates you about invoicing today?"],
    ["1", "Everything takes three approvals."],
]


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("a.txt", NAMED_INTERVIEW.encode(), "txt"),
        ("upload", NAMED_INTERVIEW.encode(), "txt"),
        ("a.vtt", VTT, "vtt"),
        ("captions.txt", VTT, "vtt"),
        ("a.srt", SRT, "srt"),
        ("a.docx", docx_bytes(["Tom: Hi"]), "docx"),
        ("a.csv", csv_bytes(TRANSCRIPT_ROWS), "csv"),
        ("upload", csv_bytes(TRANSCRIPT_ROWS), "csv"),
        ("a.tsv", csv_bytes(TRANSCRIPT_ROWS, "\t"), "csv"),
        ("a.xlsx", xlsx_bytes(TRANSCRIPT_ROWS), "xlsx"),
        ("upload", xlsx_bytes(TRANSCRIPT_ROWS), "xlsx"),
        ("a.csv", csv_bytes(SURVEY_ROWS), "survey-csv"),
        ("a.xlsx", xlsx_bytes(SURVEY_ROWS), "survey-xlsx"),
    ],
)
def test_detect_format(filename: str, data: bytes, expected: str) -> None:
    assert detect_format(filename, data) == expected


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n ", "\n \n".encode("utf-16"), b"\xef\xbb\xbf\n"])
def test_empty_files(data: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        read_source("empty.txt", data)

    assert caught.value.code == "empty"
    assert str(caught.value) == "empty.txt: the file is empty"


def test_max_bytes() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("big.txt", b"Tom: hi\n" * 100, IngestOptions(max_bytes=50))

    assert caught.value.code == "too_large"
    assert str(caught.value) == "big.txt: the file is 800 bytes; the limit is 50"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "legacy Office file"),
        (zip_bytes({"photo.jpg": b"x"}), "a ZIP archive but not a DOCX or XLSX file"),
    ],
)
def test_unsupported_formats_list_what_is_supported(data: bytes, what: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_source("upload.bin", data)

    assert caught.value.code == "unknown_format"
    assert what in caught.value.message
    assert (
        "supported formats are transcripts as .txt, .vtt, .srt, .docx, .csv or .xlsx" in caught.value.message
    )


def test_random_bytes_are_binary() -> None:
    data = random.Random(7).randbytes(4096)

    with pytest.raises(IngestError) as caught:
        read_source("noise.dat", data)

    assert caught.value.code == "binary"


def test_error_strings() -> None:
    assert (
        str(IngestError("a.vtt", "bad", code="malformed", line=12, column=1))
        == "a.vtt, line 12, column 1: bad"
    )
    assert str(IngestError("s.xlsx", "bad", code="malformed", line=7, unit="row")) == "s.xlsx, row 7: bad"
    assert str(IngestError("a.txt", "bad", code="malformed")) == "a.txt: bad"
    assert isinstance(IngestError("a", "b", code="empty"), ValueError)


SEEDS = {
    "a.txt": NAMED_INTERVIEW.encode(),
    "a.vtt": VTT * 3,
    "a.srt": SRT * 3,
    "a.csv": csv_bytes(TRANSCRIPT_ROWS),
    "a.docx": docx_bytes(["Tom: Hi", "Dana: Hello"]),
    "a.xlsx": xlsx_bytes(SURVEY_ROWS),
}


@pytest.mark.parametrize("filename", sorted(SEEDS))
def test_mangled_input_only_ever_raises_ingest_error(filename: str) -> None:
    rng = random.Random(filename)
    original = SEEDS[filename]
    for _ in range(60):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(data))
            data[position : position + rng.randint(1, 4)] = rng.randbytes(rng.randint(0, 4))
        cut = bytes(data[: rng.randint(1, len(data))]) if rng.random() < 0.3 else bytes(data)
        for name in (filename, "upload"):
            with contextlib.suppress(IngestError):
                read_source(name, cut)


@pytest.mark.parametrize(
    ("filename", "data", "family", "what", "first"),
    [
        ("call.docx", VTT, "vtt", "a WebVTT transcript", "Tom: Hi"),
        ("call.docx", NAMED_INTERVIEW.encode(), "txt", "a plain-text transcript", "Priya Shah: Thanks"),
        ("call.xlsx", csv_bytes(TRANSCRIPT_ROWS), "csv", "a CSV table", "Tom: Hi"),
        ("call.xlsx", docx_bytes(["Tom: Hi", "Dana: Hello"]), "docx", "a Word document", "Tom: Hi"),
    ],
)
def test_office_extension_on_other_content_is_read_by_content(
    filename: str, data: bytes, family: str, what: str, first: str
) -> None:
    transcript = read_source(filename, data)

    assert detect_format(filename, data) == family
    assert transcript.format == family
    turn = transcript.turns[0]
    assert f"{turn.speaker}: {turn.text}".startswith(first)
    extension = filename[filename.rindex(".") :]
    assert transcript.warnings[0] == (
        f'{filename}: the "{extension}" extension is misleading: this is {what}, read as one; '
        f"rename it to end in .{family}"
    )


@pytest.mark.parametrize("filename", ["notes.docx", "answers.xlsx"])
def test_legacy_office_file_renamed_to_office_extension(filename: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_source(filename, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))

    assert caught.value.code == "unknown_format"
    assert "a legacy Office file (.doc/.xls); save it as .docx or .xlsx" in caught.value.message


@pytest.mark.parametrize("filename", ["notes.docx", "answers.xlsx", "answers.xls"])
def test_password_protected_office_file_says_to_remove_the_password(filename: str) -> None:
    # Word and Excel keep an encrypted .docx/.xlsx in the legacy container, its directory naming the
    # "EncryptedPackage" stream: "save it as .xlsx" would send the researcher in circles.
    directory = "EncryptedPackage".encode("utf-16-le") + bytes(32) + "EncryptionInfo".encode("utf-16-le")
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024) + directory + bytes(512)

    with pytest.raises(IngestError) as caught:
        read_source(filename, data)

    assert caught.value.code == "unknown_format"
    assert "password-protected" in caught.value.message
    assert "legacy" not in caught.value.message


def test_binary_noise_named_docx_is_not_a_zip() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("a.docx", random.Random(7).randbytes(4096))

    assert caught.value.code == "malformed"
    assert str(caught.value) == "a.docx: not a valid DOCX file (it is not a ZIP archive)"

"""Uploads parsed in the parser process read exactly as in the web process: the same turns, sentences,
survey answers and warnings, and the same typed errors (file, line, column, reason) for bad files."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest

from app.errors import InvalidUpload
from app.sources.parse_process import collector_paused, pack, parse_off_process, unpack
from app.sources.parsing import parse_upload
from nlp.ingest import IngestLimits, sentences_of
from nlp.types import Survey, Transcript
from tests.app.test_bad_input import CASES
from tests.factories import PANEL_TRANSCRIPT
from tests.nlp.ingest.builders import NAMED_INTERVIEW, csv_bytes, docx_bytes, xlsx_bytes, zip_bytes

MAX_BYTES = 1024 * 1024
SMALL = IngestLimits(max_unpacked_bytes=200_000, max_parts=50, max_rows=10, max_utterances=5)
VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nTom: Hi\n\n00:00:03.000 --> 00:00:04.000\n<v Dana>Hello\n"
SURVEY_ROWS = [
    ["id", "Role", "What frustrates you about invoicing today?", "What would you change?"],
    ["1", "Finance", "Everything takes three approvals.", ""],
    ["2", "Ops", "", "Fewer clicks, caf\u00e9 \u2019quotes\u2019."],
]
MULTI_SELECT_ROWS = [  # SurveyMonkey: one column per option, the last one typed text
    ["Respondent ID", "Collector ID", "Channels?", "", "", "What frustrates you about invoicing today?"],
    ["", "", "Email", "Slack", "Other (please specify)", "Open-Ended Response"],
    ["101", "9", "Email", "", "Carrier pigeon", "Everything takes three approvals."],
    ["102", "9", "", "Slack", "", "Nobody knows who approved what."],
]
TICKED_ROWS = [[*cells[:4], cells[5]] for cells in MULTI_SELECT_ROWS]  # without "Other"
GOOD: dict[str, tuple[str, Callable[[], bytes]]] = {
    "txt": ("panel.txt", lambda: PANEL_TRANSCRIPT.encode()),
    "named txt": ("named.txt", lambda: NAMED_INTERVIEW.encode()),
    "cp1252 txt": ("old.txt", lambda: "Ana: It\u2019s \u201cfine\u201d\nBo: ok\n".encode("cp1252")),
    "vtt": ("call.vtt", lambda: VTT),
    "docx": ("interview.docx", lambda: docx_bytes(["Tom: Hi there", "Dana: Hello"], title="Call 3")),
    "csv transcript": ("t.csv", lambda: csv_bytes([["speaker", "text"], ["Tom", "Hi"], ["Dana", "Hello"]])),
    "csv survey": ("survey.csv", lambda: csv_bytes(SURVEY_ROWS)),
    "xlsx survey": ("survey.xlsx", lambda: xlsx_bytes(SURVEY_ROWS)),
    "multi-select survey": ("monkey.csv", lambda: csv_bytes(MULTI_SELECT_ROWS)),
    "ticked multi-select survey": ("ticked.csv", lambda: csv_bytes(TICKED_ROWS)),
}


def both(filename: str, data: bytes, limits: IngestLimits | None = None) -> tuple[object, object]:
    """(what the web process reads, what the parser process reads): a result or the error raised."""
    outcomes: list[object] = []
    for workers in (0, 1):
        try:
            parsed = parse_off_process(
                filename, data, options=None, max_bytes=MAX_BYTES, limits=limits, workers=workers
            )
            outcomes.append(parsed.content)
            if workers and isinstance(parsed.content, Transcript):
                assert parsed.sentences == sentences_of(parsed.content)
            elif workers:
                assert parsed.sentences is None
        except InvalidUpload as err:
            outcomes.append((type(err), str(err), err.detail))
    return outcomes[0], outcomes[1]


@pytest.mark.parametrize("case", list(GOOD), ids=list(GOOD))
def test_a_file_reads_the_same_in_the_parser_process(case: str) -> None:
    filename, make_data = GOOD[case]
    here, there = both(filename, make_data())
    assert isinstance(here, Transcript | Survey)
    assert there == here


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_bad_file_gets_the_same_error_from_the_parser_process(case: str) -> None:
    filename, make_data, _, _ = CASES[case]
    here, there = both(filename, make_data())
    assert isinstance(here, tuple) and issubclass(here[0], InvalidUpload)
    assert there == here


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("rows.csv", csv_bytes([["speaker", "text"], *[["Tom", f"row {n}"] for n in range(20)]])),
        ("bomb.docx", zip_bytes({"word/document.xml": b"<w:t>a</w:t>" * 50_000})),
        ("parts.docx", zip_bytes({"word/document.xml": b"<w/>", **{f"m/{n}.bin": b"x" for n in range(60)}})),
    ],
)
def test_the_caps_apply_in_the_parser_process(filename: str, data: bytes) -> None:
    here, there = both(filename, data, SMALL)
    assert isinstance(here, tuple) and issubclass(here[0], InvalidUpload)
    assert there == here


def test_a_large_transcript_travels_in_several_chunks_and_keeps_its_order() -> None:
    turns = "".join(f"Ana: question {n}?\nBo: answer {n} at {n}.5 seconds.\n" for n in range(6000))
    parsed = parse_upload("long.txt", turns.encode(), options=None, max_bytes=MAX_BYTES * 4)
    assert isinstance(parsed, Transcript)
    packed = pack(parsed)
    assert len(packed[2]) == 3  # 12,000 turns in chunks of 5,000
    assert len(packed[3]) == 3  # one sentence a turn
    unpacked = unpack(packed)
    assert unpacked.content == parsed and unpacked.sentences == sentences_of(parsed)


def test_the_collector_starts_again_when_the_last_large_import_ends() -> None:
    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    with first:
        second.__enter__()
        assert not gc.isenabled()
    assert not gc.isenabled()  # the second import still runs
    second.__exit__(None, None, None)
    assert gc.isenabled()

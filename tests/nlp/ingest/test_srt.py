from __future__ import annotations

import pytest

from nlp.ingest import IngestError, detect_format, read_source
from nlp.ingest.srt import parse_srt
from nlp.types import Turn

SRT = """\
1
00:00:01,000 --> 00:00:04,000
Priya: What made you switch?

2
00:00:04,500 --> 00:00:08,000
[Tom] The old tool kept crashing.

3
00:00:08,000 --> 00:00:10,000
[Music] It crashed on Mondays.

4
00:00:10,500 --> 00:00:12,000
- Priya: Every Monday?
- Tom: Every single one.
"""


def test_speaker_styles_and_merging() -> None:
    transcript = read_source("talk.srt", SRT.encode())

    assert transcript.format == "srt"
    assert transcript.turns == [
        Turn("Priya", "What made you switch?", 1.0, 4.0, line=1),
        Turn("Tom", "The old tool kept crashing. It crashed on Mondays.", 4.5, 10.0, line=5),
        Turn("Priya", "Every Monday?", 10.5, 12.0, line=13),
        Turn("Tom", "Every single one.", 10.5, 12.0, line=13),
    ]


def test_srt_is_detected_from_content_without_extension() -> None:
    assert detect_format("upload", SRT.encode()) == "srt"


def test_broken_timing_names_the_line() -> None:
    broken = SRT.replace("00:00:04,500 --> 00:00:08,000", "00:00:04,500 --> 00:0x:08,000")

    with pytest.raises(IngestError) as caught:
        parse_srt("talk.srt", broken)

    error = caught.value
    assert (error.code, error.line, error.column) == ("malformed", 6, 1)
    assert str(error).startswith('talk.srt, line 6, column 1: cue timing "00:00:04,500 --> 00:0x:08,000"')


def test_block_without_timing_is_skipped_with_a_warning() -> None:
    transcript = parse_srt("a.srt", "stray text\n\n1\n00:00:01,000 --> 00:00:02,000\nTom: Hi\n")

    assert transcript.turns == [Turn("Tom", "Hi", 1.0, 2.0, line=3)]
    assert transcript.warnings == ["line 1: text without a cue timing was skipped"]


def test_one_dash_arrow_is_read_with_a_warning_naming_the_timing_line() -> None:
    transcript = parse_srt(
        "talk.srt", SRT.replace("00:00:04,500 --> 00:00:08,000", "00:00:04,500 -> 00:00:08,000")
    )

    assert transcript.turns[1] == Turn(
        "Tom", "The old tool kept crashing. It crashed on Mondays.", 4.5, 10.0, line=5
    )
    assert transcript.warnings == [
        'line 6: cue timing "00:00:04,500 -> 00:00:08,000" has the arrow "->" where "-->" belongs; '
        "read as 00:00:04,500 --> 00:00:08,000"
    ]


@pytest.mark.parametrize(
    ("timing", "message"),
    [
        ("00:00:04,500 => 00:00:08,000", 'is malformed: it has "=>" where "-->" belongs'),
        ("00:00:04,500 00:00:08,000", 'is malformed: it has no arrow where "-->" belongs'),
        ("00:00:04,500 -> 00:0x:08,000", 'is malformed: expected "00:00:01,000 --> 00:00:04,000"'),
        ("00:00:04,500 -> 00:00:99,000", "is not a valid SRT timestamp"),
    ],
)
def test_malformed_arrow_names_the_timing_line(timing: str, message: str) -> None:
    with pytest.raises(IngestError) as caught:
        parse_srt("talk.srt", SRT.replace("00:00:04,500 --> 00:00:08,000", timing))

    error = caught.value
    assert (error.code, error.line, error.column) == ("malformed", 6, 1)
    assert message in error.message


@pytest.mark.parametrize("text", ["10:30 -> 11:00 was the slot we had", "10:30 -> 11:00"])
def test_text_split_from_its_cue_that_starts_with_clock_times_is_skipped_not_refused(text: str) -> None:
    # A blank line inside a cue's text leaves a block of text alone: "10:30 -> 11:00" is no cue timing.
    split = SRT.replace("[Tom] The old tool kept crashing.", f"[Tom] The old tool kept crashing.\n\n{text}")

    transcript = parse_srt("talk.srt", split)

    assert transcript.turns[1].text == "The old tool kept crashing. It crashed on Mondays."
    assert transcript.warnings == ["line 9: text without a cue timing was skipped"]


def test_broken_timing_with_cue_settings_after_it_is_still_refused() -> None:
    with pytest.raises(IngestError) as caught:
        parse_srt("talk.srt", SRT.replace("00:00:04,500 --> 00:00:08,000", "00:00:04,500 -> 00:0x:08 X1:10"))

    assert (caught.value.code, caught.value.line) == ("malformed", 6)

from __future__ import annotations

import pytest

from nlp.ingest import IngestError, read_source
from nlp.ingest.vtt import parse_vtt
from nlp.types import Turn

ZOOM = """\
WEBVTT

1
00:00:01.000 --> 00:00:04.500
Priya Shah: Thanks for joining. What do you do?

2
00:00:04.600 --> 00:00:09.000
Tom Becker: I run dispatch.

3
00:00:09.000 --> 00:00:12.250
Tom Becker: Mostly on the phone.

4
00:00:12.500 --> 00:00:14.000
Priya Shah: Why the phone?
"""

TEAMS = """\
WEBVTT
Kind: captions

NOTE Interview with Tom, recorded in Teams

STYLE
::cue { color: yellow }

3f1e9c0a-1111-4c2b-9d5e-6a7b8c9d0e1f/11-0
00:00:01.000 --> 00:00:03.000 align:start position:10%
<v Priya Shah>Thanks for <b>joining</b>.</v>

3f1e9c0a-1111-4c2b-9d5e-6a7b8c9d0e1f/12-0
00:05.000 --> 00:07.000
<v.loud Tom Becker><c.yellow>Happy</c> <00:00:05.500>to &amp; help.</v>

3f1e9c0a-1111-4c2b-9d5e-6a7b8c9d0e1f/13-0
00:00:07.000 --> 00:00:09.000
<v Tom Becker>Where do we start?</v>
"""


def test_zoom_cues_merge_by_speaker() -> None:
    transcript = read_source("zoom.vtt", ZOOM.encode())

    assert transcript.format == "vtt"
    assert transcript.turns == [
        Turn("Priya Shah", "Thanks for joining. What do you do?", 1.0, 4.5, line=3),
        Turn("Tom Becker", "I run dispatch. Mostly on the phone.", 4.6, 12.25, line=7),
        Turn("Priya Shah", "Why the phone?", 12.5, 14.0, line=15),
    ]


def test_teams_voice_tags_notes_styles_and_inline_tags() -> None:
    transcript = parse_vtt("teams.vtt", TEAMS)

    assert transcript.turns == [
        Turn("Priya Shah", "Thanks for joining.", 1.0, 3.0, line=9),
        Turn("Tom Becker", "Happy to & help. Where do we start?", 5.0, 9.0, line=13),
    ]
    assert transcript.title == "Interview with Tom, recorded in Teams"
    assert transcript.warnings == []


def test_broken_timing_names_line_and_column() -> None:
    broken = ZOOM.replace("00:00:09.000 --> 00:00:12.250", "00:01:xx --> 00:02")

    with pytest.raises(IngestError) as caught:
        read_source("interview.vtt", broken.encode())

    error = caught.value
    assert error.code == "malformed"
    assert (error.line, error.column) == (12, 1)
    assert str(error) == (
        'interview.vtt, line 12, column 1: cue timing "00:01:xx --> 00:02" is not a valid WebVTT timestamp'
    )


def test_cue_that_ends_before_it_starts_is_malformed() -> None:
    broken = ZOOM.replace("00:00:04.600 --> 00:00:09.000", "00:00:09.000 --> 00:00:04.600")

    with pytest.raises(IngestError) as caught:
        parse_vtt("interview.vtt", broken)

    assert caught.value.line == 8
    assert "ends (00:00:04.600) before it starts (00:00:09.000)" in str(caught.value)


def test_cues_without_speakers_continue_the_last_speaker() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nDana: Hello\n\n00:02.000 --> 00:03.000\nand welcome.\n"

    assert parse_vtt("a.vtt", text).turns == [Turn("Dana", "Hello and welcome.", 1.0, 3.0, line=3)]


def test_vtt_extension_without_header_is_read_with_a_warning() -> None:
    transcript = read_source("a.vtt", b"00:00:01.000 --> 00:00:02.000\nDana: Hi\n")

    assert transcript.turns[0].speaker == "Dana"
    assert transcript.warnings == ['the file does not start with "WEBVTT"; read it as WebVTT anyway']


def test_captions_without_any_speaker_are_attributed_to_unknown() -> None:
    transcript = parse_vtt("a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello there\n")

    assert transcript.turns[0].speaker == "Unknown speaker"
    assert transcript.warnings == ['line 3: cue names no speaker; read as "Unknown speaker"']


def test_header_only_is_no_turns() -> None:
    with pytest.raises(IngestError) as caught:
        read_source("a.vtt", b"WEBVTT\n\nNOTE nothing here\n")

    assert caught.value.code == "no_turns"


def test_one_dash_arrow_is_read_with_a_warning_naming_the_timing_line() -> None:
    transcript = parse_vtt(
        "zoom.vtt", ZOOM.replace("00:00:04.600 --> 00:00:09.000", "00:00:04.600 -> 00:00:09.000")
    )

    assert transcript.turns[1] == Turn(
        "Tom Becker", "I run dispatch. Mostly on the phone.", 4.6, 12.25, line=7
    )
    assert transcript.warnings == [
        'line 8: cue timing "00:00:04.600 -> 00:00:09.000" has the arrow "->" where "-->" belongs; '
        "read as 00:00:04.600 --> 00:00:09.000"
    ]


def test_malformed_arrow_names_the_timing_line() -> None:
    broken = ZOOM.replace("00:00:04.600 --> 00:00:09.000", "00:00:04.600 => 00:00:09.000")

    with pytest.raises(IngestError) as caught:
        parse_vtt("zoom.vtt", broken)

    assert (caught.value.code, caught.value.line) == ("malformed", 8)
    assert 'it has "=>" where "-->" belongs' in caught.value.message


def test_text_split_from_its_cue_that_starts_with_clock_times_is_skipped_not_refused() -> None:
    # A blank line inside a cue's text leaves a block of text alone, whatever its first words look like.
    split = ZOOM.replace(
        "Tom Becker: I run dispatch.", "Tom Becker: I run dispatch.\n\n09:15 => 17:30 most days"
    )

    transcript = parse_vtt("zoom.vtt", split)

    assert transcript.turns[1].text.startswith("I run dispatch.")
    assert transcript.warnings == ["line 11: text without a cue timing was skipped"]

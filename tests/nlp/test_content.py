"""The content filter: which utterances may feed coders and aggregates (handwritten unit cases)."""

from __future__ import annotations

import pytest

from nlp.content import ContentClass, classify, is_substantive, strip_markers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yeah.", ContentClass.BACKCHANNEL),
        ("Mm-hmm.", ContentClass.BACKCHANNEL),
        ("Perfect.", ContentClass.BACKCHANNEL),
        ("Right, right.", ContentClass.BACKCHANNEL),
        ("I don't know.", ContentClass.BACKCHANNEL),
        ("Yeah, any of them.", ContentClass.BACKCHANNEL),
        ("Uh, I mean, yeah, kind of.", ContentClass.BACKCHANNEL),
        ("Thank you so much!", ContentClass.COURTESY),
        ("Bye, bye-bye.", ContentClass.COURTESY),
        ("Good morning!", ContentClass.COURTESY),
        ("Take care, have a nice weekend.", ContentClass.COURTESY),
        ("Not much.", ContentClass.BACKCHANNEL),
        ("No problem at all.", ContentClass.COURTESY),
        ("I still have that.", ContentClass.BACKCHANNEL),
        ("I'm sorry, what is the right pronunciation of your name?", ContentClass.PROCEDURAL),
        ("Can you hear me okay?", ContentClass.PROCEDURAL),
        ("Sorry, I didn't catch that.", ContentClass.PROCEDURAL),
        ("Sorry, go ahead.", ContentClass.PROCEDURAL),
        ("[inaudible]", ContentClass.MARKER),
        ("[REDACTED; Introduction]", ContentClass.MARKER),
        ("(laughs) [crosstalk]", ContentClass.MARKER),
    ],
)
def test_no_content_utterances_get_their_class(text: str, expected: ContentClass) -> None:
    label = classify(text)
    assert label.content_class is expected
    assert not label.substantive
    assert label.reason


@pytest.mark.parametrize(
    "text",
    [
        "That's pretty tough.",
        "It drove me crazy.",
        "What if that one breaks?",
        "Really hard problem.",
        "It's expensive.",
        "We decided to go ahead with the purchase because the old tool kept crashing.",
        "The connection to the database kept failing.",
        "[Participant 3] told me the price was too high.",
        "Yeah, so, um, the first thing we did was call support.",
        "That was a good day.",
        "No problem with the price, the problem was the setup.",
    ],
)
def test_substantive_talk_passes_even_with_fillers_and_pseudonyms(text: str) -> None:
    assert is_substantive(text)


def test_long_answers_mentioning_the_interview_words_stay_substantive() -> None:
    text = "We had to go ahead and interview three vendors, and the recording tool they sold us never worked."
    assert is_substantive(text)


def test_strip_markers_keeps_pseudonyms_and_drops_transcription_markers() -> None:
    assert strip_markers("I said [inaudible] and [Participant 2] laughed (laughs).") == (
        "I said and [Participant 2] laughed."
    )

"""The content filter: which utterances may feed coders and aggregates (handwritten unit cases)."""

from __future__ import annotations

import pytest

from nlp.content import (
    ContentClass,
    classify,
    is_substantive,
    spoken_text,
    strip_markers,
    without_transcription_notes,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yeah.", ContentClass.BACKCHANNEL),
        ("Mm-hmm.", ContentClass.BACKCHANNEL),
        ("Perfect.", ContentClass.BACKCHANNEL),
        ("Right, right.", ContentClass.BACKCHANNEL),
        ("I don't know.", ContentClass.BACKCHANNEL),
        ("Yeah, any of them.", ContentClass.BACKCHANNEL),
        ("Pretty much.", ContentClass.BACKCHANNEL),  # a degree word alone says nothing
        ("Lol.", ContentClass.BACKCHANNEL),  # written laughter, as "Haha."
        ("Quite a bit, yeah.", ContentClass.BACKCHANNEL),
        ("Uh, I mean, yeah, kind of.", ContentClass.BACKCHANNEL),
        ("Thank you so much!", ContentClass.COURTESY),
        ("Bye, bye-bye.", ContentClass.COURTESY),
        ("Good morning!", ContentClass.COURTESY),
        ("Take care, have a nice weekend.", ContentClass.COURTESY),
        ("Not much.", ContentClass.BACKCHANNEL),
        ("No problem at all.", ContentClass.COURTESY),
        ("Hi, thanks for having me.", ContentClass.COURTESY),
        ("Thanks for having me", ContentClass.COURTESY),
        ("Hi, great to be here.", ContentClass.COURTESY),
        ("Great to be here.", ContentClass.COURTESY),
        ("Thank you so much for having me on the show.", ContentClass.COURTESY),
        ("Thanks so much for having me, Daniel.", ContentClass.COURTESY),
        ("Thank you for your time today.", ContentClass.COURTESY),
        ("Hi everyone, happy to be here.", ContentClass.COURTESY),
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
        "Thanks for having me, I want to talk about our data pipeline.",
        "Thanks, we moved everything to Salesforce.",
    ],
)
def test_substantive_talk_passes_even_with_fillers_and_pseudonyms(text: str) -> None:
    assert is_substantive(text)


@pytest.mark.parametrize(
    "text",
    [
        "H h",  # word pieces from a cut-off, as meeting and interview transcripts write them
        "N",
        "Y yeah.",
        "That's the d",
        "And th it's -",
        "Well th uh",
        "I mean, you'd - y",
        "Meaning -?",  # false starts: a word or two, then the speaker breaks off
        "depending on -",
        "The battery \u2014",
        "So the ...",
    ],
)
def test_fragments_and_false_starts_have_no_content(text: str) -> None:
    assert classify(text).content_class is ContentClass.BACKCHANNEL


@pytest.mark.parametrize(
    "text",
    [
        "TV.",  # capitals: an abbreviation, not a cut-off piece
        "We moved HR to the new system.",
        "I'd go with the LCD screen.",
        "The battery -- it died after a week.",  # broke off, then said it
        "We tried the cheaper plan first -",
        "Vitamin A and vitamin D.",
    ],
)
def test_abbreviations_and_cut_off_sentences_that_say_something_stay_substantive(text: str) -> None:
    assert is_substantive(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Makes perfect sense.", ContentClass.BACKCHANNEL),
        ("That's a good point.", ContentClass.BACKCHANNEL),
        ("Oh, I see.", ContentClass.BACKCHANNEL),
        ("I dunno.", ContentClass.BACKCHANNEL),
        ("Yeah, obviously.", ContentClass.BACKCHANNEL),
        ("Well done.", ContentClass.BACKCHANNEL),
        ("I'm just kidding.", ContentClass.BACKCHANNEL),
        ("Yeah, great question.", ContentClass.BACKCHANNEL),
        ("That's a really interesting question.", ContentClass.BACKCHANNEL),
        ("Next one.", ContentClass.PROCEDURAL),
        ("Okay, the next slide.", ContentClass.PROCEDURAL),
    ],
)
def test_set_reactions_and_moving_on_have_no_content(text: str, expected: ContentClass) -> None:
    assert classify(text).content_class is expected


@pytest.mark.parametrize(
    "text",
    [
        "Good point about the price.",
        "Great question, the data was the hard part.",
        "It's a big question right now.",
        "I see the problem with the invoice.",
        "That makes sense because the battery died.",
        "The next one we bought broke after a week.",
        "Price.",
    ],
)
def test_reaction_words_with_something_said_stay_substantive(text: str) -> None:
    assert is_substantive(text)


def test_long_answers_mentioning_the_interview_words_stay_substantive() -> None:
    text = "We had to go ahead and interview three vendors, and the recording tool they sold us never worked."
    assert is_substantive(text)


def test_strip_markers_keeps_pseudonyms_and_drops_transcription_markers() -> None:
    assert strip_markers("I said [inaudible] and [Participant 2] laughed (laughs).") == (
        "I said and [Participant 2] laughed."
    )


def test_spoken_text_drops_marks_but_keeps_parenthesised_talk() -> None:
    assert spoken_text("So {vocalsound} we [inaudible] moved (laughs) to <crosstalk> Asana.") == (
        "So we moved to Asana."
    )
    assert spoken_text("We used Asana (the project tool), option (3).") == (
        "We used Asana (the project tool), option (3)."
    )
    assert spoken_text("[Participant 2] said (Laughter, inaudible) no.") == "[Participant 2] said no."


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Me. [laughs] Mostly me.", "Me. Mostly me."),
        ("Mm-hmm. [inaudible] I was sick.", "Mm-hmm. I was sick."),
        ("We paid (crosstalk) far too much.", "We paid far too much."),
        ("It was <inaudible 00:01:02> fine [laughs].", "It was fine."),
        # The speaker's own brackets, pseudonyms and redactions stay; a note alone is left as it is.
        ("Lost a big renewal (about $38k) in May.", "Lost a big renewal (about $38k) in May."),
        ("[Participant 2] said so [laughs].", "[Participant 2] said so."),
        ("[REDACTED] told us first.", "[REDACTED] told us first."),
        ("[laughs]", "[laughs]"),
    ],
)
def test_quotes_are_shown_without_transcription_notes(text: str, shown: str) -> None:
    assert without_transcription_notes(text) == shown

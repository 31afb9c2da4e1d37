from __future__ import annotations

import pytest

from nlp.ingest import infer_roles
from nlp.ingest.roles import is_question
from nlp.ingest.txt import parse_txt
from nlp.types import SpeakerRole, Transcript, Turn

from .builders import FILLER_INTERVIEW, NAMED_INTERVIEW

INTERVIEWER, RESPONDENT = SpeakerRole.INTERVIEWER, SpeakerRole.RESPONDENT


def _transcript(*turns: tuple[str, str]) -> Transcript:
    return Transcript("txt", [Turn(speaker, text) for speaker, text in turns])


def test_filler_word_interview_with_numbered_interviewers() -> None:
    roles = infer_roles(parse_txt("filler.txt", FILLER_INTERVIEW))

    assert roles == {"Interviewer 1": INTERVIEWER, "Interviewer 2": INTERVIEWER, "Interviewee": RESPONDENT}


def test_filler_word_interview_without_role_labels_is_judged_by_behaviour() -> None:
    relabelled = (
        FILLER_INTERVIEW.replace("Interviewer 1:", "Speaker 1:")
        .replace("Interviewee:", "Speaker 2:")
        .replace("Interviewer 2:", "Speaker 3:")
    )

    roles = infer_roles(parse_txt("filler.txt", relabelled))

    assert roles == {"Speaker 1": INTERVIEWER, "Speaker 2": RESPONDENT, "Speaker 3": INTERVIEWER}


def test_person_names_are_judged_by_questions_and_turn_length() -> None:
    roles = infer_roles(parse_txt("named.txt", NAMED_INTERVIEW))

    assert roles == {"Priya Shah": INTERVIEWER, "Tom Becker": RESPONDENT}


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Moderator", INTERVIEWER),
        ("UX Researcher", INTERVIEWER),
        ("Host", INTERVIEWER),
        ("Facilitator", INTERVIEWER),
        ("Q", INTERVIEWER),
        ("Participant 3", RESPONDENT),
        ("Customer", RESPONDENT),
        ("Guest", RESPONDENT),
        ("A", RESPONDENT),
    ],
)
def test_role_names_decide_before_behaviour(label: str, role: SpeakerRole) -> None:
    # The other speaker asks everything, so behaviour alone would make `label` a respondent.
    transcript = _transcript((label, "Fine, long answer about the weather and more."), ("Dana Kim", "Why?"))

    assert infer_roles(transcript)[label] is role


def test_two_named_interviewers_still_yield_a_respondent() -> None:
    transcript = _transcript(
        ("Interviewer 1", "What happened?"),
        ("Interviewer 2", "We moved the whole team to the new system over one weekend and it mostly worked."),
    )

    assert infer_roles(transcript) == {"Interviewer 1": INTERVIEWER, "Interviewer 2": RESPONDENT}


def test_two_speakers_who_both_ask_are_split() -> None:
    transcript = _transcript(("Sam", "Why?"), ("Lee", "Why not? We could try it for a week, right?"))

    assert infer_roles(transcript) == {"Sam": INTERVIEWER, "Lee": RESPONDENT}


def test_overrides_win() -> None:
    roles = infer_roles(
        parse_txt("named.txt", NAMED_INTERVIEW),
        {"Tom Becker": INTERVIEWER, "Priya Shah": RESPONDENT, "Nobody": INTERVIEWER},
    )

    assert roles == {"Priya Shah": RESPONDENT, "Tom Becker": INTERVIEWER}


def test_a_lone_speaker_is_a_respondent() -> None:
    assert infer_roles(_transcript(("Tom", "Why did I buy it? Honestly, I do not know."))) == {
        "Tom": RESPONDENT
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("So what happened next?", True),
        ("Um, so, like, tell me about the first time.", True),
        ("Mm-hmm. Walk me through that day.", True),
        ("Okay, got it. And how did that feel", True),
        ("I was like, what do I do? So I called my boss.", False),
        ("Yeah, we just bought it.", False),
    ],
)
def test_is_question(text: str, expected: bool) -> None:
    assert is_question(text) is expected


def test_an_empty_transcript_has_no_roles() -> None:
    assert infer_roles(Transcript("txt", [])) == {}


def test_role_word_in_a_display_name_affix() -> None:
    transcript = _transcript(("Tom Becker (Guest)", "Why?"), ("Dana Kim", "Because we had to move fast."))

    assert infer_roles(transcript) == {"Tom Becker (Guest)": RESPONDENT, "Dana Kim": INTERVIEWER}

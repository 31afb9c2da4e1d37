from __future__ import annotations

from nlp.ingest import read_source
from nlp.ingest.speakers import speaker_key, speaker_mapping, unify_speakers
from nlp.types import Transcript, Turn


def _speakers(text: str, filename: str = "interview.txt") -> list[str]:
    transcript = read_source(filename, text.encode())
    assert isinstance(transcript, Transcript)
    return transcript.speakers


def test_punctuation_case_and_or_alternatives_are_one_interviewee() -> None:
    text = "\n".join(
        [
            "Interviewer 1: How do you get your water?",
            "Interviewee: We buy it from the truck every week.",
            "Interviewer 1: And how much does that cost you?",
            "Interviewee.: About a fifth of what we earn, which is hard.",
            "Interviewer 1: Who decides?",
            "Interviewee 1 or Interviewee 2: My mother decides most of it.",
            "Interviewer 1: Anything else?",
            "INTERVIEWEE: The truck is often late.",
        ]
    )

    assert _speakers(text) == ["Interviewer 1", "Interviewee"]


def test_two_numbered_speakers_on_their_own_stay_two_people() -> None:
    text = "\n".join(
        [
            "Interviewer: What do you use at work?",
            "Interviewee 1: Mostly spreadsheets and a dashboard.",
            "Interviewee 2: I use the dashboard less, the notebooks more.",
            "Interviewer: Why?",
            "Interviewee 1 or Interviewee 2: Because the dashboard is slow.",
            "Interviewee 2: And it breaks.",
        ]
    )

    assert _speakers(text) == ["Interviewer", "Interviewee 1", "Interviewee 2"]


def test_a_lone_number_joins_the_unnumbered_label_in_a_csv() -> None:
    csv = "speaker,text\nInterviewer,How do you pay?\nInterviewee,By card mostly.\n"
    csv += (
        "Interviewer,Why?\nInterviewee 1,It is quicker than cash.\nInterviewer,Thanks\ninterviewee.,Sure.\n"
    )

    assert _speakers(csv, "interview.csv") == ["Interviewer", "Interviewee"]


def test_number_styles_and_names_are_normalised() -> None:
    assert speaker_key("Speaker #01") == speaker_key("speaker 1") == speaker_key("Speaker-1")
    assert speaker_key("Dana Kim.") == speaker_key("dana kim")
    assert speaker_key("P3") != speaker_key("P4")


def test_the_label_kept_is_the_most_used_variant() -> None:
    mapping = speaker_mapping(["Dana Kim:", "Dana Kim", "Dana Kim", "dana kim"])

    assert set(mapping.values()) == {"Dana Kim"}


def test_unrelated_names_joined_by_or_are_not_merged() -> None:
    mapping = speaker_mapping(["Tom", "Jerry", "Tom or Jerry"])

    assert mapping == {"Tom": "Tom", "Jerry": "Jerry", "Tom or Jerry": "Tom or Jerry"}


def test_consecutive_turns_of_one_person_become_one_turn_with_a_warning() -> None:
    transcript = Transcript(
        "txt",
        [
            Turn("Q", "Why?", line=1),
            Turn("Interviewee", "Because.", line=2),
            Turn("Interviewee.", "Cost.", line=3),
        ],
    )

    unified = unify_speakers(transcript)

    assert [(t.speaker, t.text, t.line) for t in unified.turns] == [
        ("Q", "Why?", 1),
        ("Interviewee", "Because. Cost.", 2),
    ]
    assert any("'Interviewee.'" in warning for warning in unified.warnings)


def test_a_label_with_an_affix_keeps_its_closing_parenthesis() -> None:
    text = "\n".join(
        [
            "Interviewer: How did you start?",
            "Dana Kim (she/her): We built the pipeline ourselves.",
            "Interviewer: Why?",
            "Dana Kim (she/her): Nothing on the market fitted our data.",
        ]
    )

    assert _speakers(text) == ["Interviewer", "Dana Kim (she/her)"]


def test_an_affix_on_some_turns_is_the_same_person_as_the_bare_name() -> None:
    # Zoom and Teams exports add "(Guest)", "(she/her)" or the company to a display name, and a
    # renamed display name or a transcriber's note changes it in the middle of a call.
    text = "\n".join(
        [
            "Interviewer: How did you start?",
            "Ville Tuulos: We built Metaflow for data scientists.",
            "Interviewer: Why?",
            "Ville Tuulos (Netflix): The infrastructure was too hard for them.",
            "Interviewer: And then?",
            "Ville Tuulos: We open sourced it.",
        ]
    )

    assert _speakers(text) == ["Interviewer", "Ville Tuulos"]


def test_different_affixes_without_the_bare_label_stay_apart() -> None:
    mapping = speaker_mapping(["Participant (P1)", "Participant (P2)", "Participant (P1)"])

    assert mapping == {"Participant (P1)": "Participant (P1)", "Participant (P2)": "Participant (P2)"}


def test_an_affix_joins_its_numbered_speaker_only() -> None:
    mapping = speaker_mapping(["Interviewee 1", "Interviewee 2", "Interviewee 2 (Acme)", "Interviewee 1"])

    assert mapping["Interviewee 2 (Acme)"] == "Interviewee 2"
    assert mapping["Interviewee 1"] == "Interviewee 1"


def test_a_label_ending_in_a_bracket_keeps_it() -> None:
    vtt = "\n".join(
        [
            "WEBVTT",
            "",
            "00:00:00.000 --> 00:00:03.000",
            "<v Marco Rossi (Guest)>Our finance team could not reconcile the invoices.</v>",
            "",
            "00:00:03.000 --> 00:00:06.000",
            "<v Lena Berg>How did that feel?</v>",
            "",
            "00:00:06.000 --> 00:00:09.000",
            "<v Marco Rossi (Guest)>Exhausting.</v>",
        ]
    )
    transcript = read_source("teams.vtt", vtt.encode())

    assert isinstance(transcript, Transcript)
    assert transcript.speakers == ["Marco Rossi (Guest)", "Lena Berg"]
    assert transcript.warnings == []  # one spelling: nothing was merged


def test_variants_of_a_label_with_a_parenthetical_keep_the_bracket() -> None:
    labels = ["Dana Kim (she/her)", "Tom", "Dana Kim (she/her).", "Tom", "Dana Kim (she/her)"]

    mapping = speaker_mapping(labels)

    assert mapping["Dana Kim (she/her)."] == mapping["Dana Kim (she/her)"] == "Dana Kim (she/her)"

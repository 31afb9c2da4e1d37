"""Canvas cues that were absurd on real interviews: verbs as studies, quoted speech, hypothetical teams,
homonyms as committee roles, generic themes, and the same quotes as both jobs and motivations."""

from __future__ import annotations

from nlp.aggregate import canvas_rules
from nlp.aggregate.canvas import build_canvas, recurring_phrases
from nlp.aggregate.canvas_rules import get_cue_finder
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.personas import ParticipantProfile


def _fields(text: str) -> set[tuple[str, str]]:
    [cues] = get_cue_finder().find([text])
    return {(cue.field, cue.label) for cue in cues}


def test_a_field_of_study_is_a_subject_not_a_verb_or_function_word() -> None:
    assert not {f for f, _ in _fields("We kind of studied having this idea that data comes first.")} & {
        "studies"
    }
    assert not {f for f, _ in _fields("We studied how the users work, and studied the market.")} & {"studies"}
    assert ("studies", "computer science") in _fields("I studied computer science in Leeds.")
    assert ("studies", "engineering") in _fields("I studied engineering before sales.")


def test_quoted_speech_is_someone_else_s_words_not_the_speaker_s_background() -> None:
    text = 'If a mom texts in and says "My baby hasn\'t stopped crying", someone may label it.'
    assert canvas_rules.quoted_spans(text) == [(27, 58)]
    items = [Evidence(1, text, "a"), Evidence(2, "She said 'I'm 42 and we're about 30 people' to me.", "a")]
    canvas = build_canvas(0, [ParticipantProfile("a")], items)
    assert canvas.section("background").value is None
    assert canvas.section("company").value is None
    own = build_canvas(0, [ParticipantProfile("a")], [Evidence(3, "My baby hasn't slept, she said.", "a")])
    assert own.section("background").details == [("family: children", 1)]


def test_a_hypothetical_or_a_team_size_is_no_company_size() -> None:
    hypothetical = "If you as a manager run an engineering team of 50 people, you interrupt them."
    assert not {f for f, _ in _fields(hypothetical)} & {"company_size"}
    assert not {f for f, _ in _fields("Imagine you have about 200 staff to train.")} & {"company_size"}
    assert not {f for f, _ in _fields("I lead a team of 12 people in Leeds.")} & {"company_size"}
    assert ("company_size", "11-50 people") in _fields("You know, we're about 40 people now.")


def test_only_people_in_a_buying_role_are_committee_members() -> None:
    chess = "When a computer plays chess, it looks at the board and sees every move."
    assert not {f for f, _ in _fields(chess)} & {"committee"}
    assert not {f for f, _ in _fields("Over 35 peer-reviewed publications backed it.")} & {"committee"}
    assert not {f for f, _ in _fields("So how do you actually architect software like this?")} & {"committee"}
    assert ("committee", "buyer") in _fields("They rolled into the board meeting and asked for budget.")
    assert ("committee", "influencer") in _fields("Our architect and my peers recommended it.")


def test_recurring_themes_skip_generic_words_merge_plurals_and_sort_by_count() -> None:
    items = [
        Evidence(1, "Using models necessarily raises a data problem.", "a"),
        Evidence(2, "We are using a model, necessarily, and the problems with data.", "b"),
        Evidence(3, "The problems never stop, using three models.", "c"),
        Evidence(4, "Pricing of the model matters.", "d"),
    ]
    themes = recurring_phrases(items)
    words = [word for word, _ in themes]
    assert not {"using", "necessarily"} & set(words), themes
    assert len({w for w in words if w.startswith("model")}) == 1
    assert len({w for w in words if w.startswith("problem")}) == 1
    assert ("model", 4) in themes or ("models", 4) in themes
    assert [count for _, count in themes] == sorted((count for _, count in themes), reverse=True)


def test_a_statement_backs_jobs_or_motivations_not_both() -> None:
    items = [
        Evidence(1, "Reporting took us a whole day every week.", "a", forces={"push": 0.9}),
        Evidence(2, "We switched for the faster dashboards.", "a", forces={"pull": 0.8}, valence=0.6),
        Evidence(3, "Faster reports would save the team a day.", "b", forces={"pull": 0.6, "push": 0.8}),
        Evidence(4, "Clear dashboards made it easier to plan.", "b", forces={"pull": 0.9}, valence=0.7),
    ]
    canvas = build_canvas(0, [ParticipantProfile("a"), ParticipantProfile("b")], items)
    jobs, motivations = canvas.section("jobs"), canvas.section("motivations")
    assert jobs.utterance_ids == [1, 3] and motivations.utterance_ids == [2, 4]
    only_pull = build_canvas(0, [ParticipantProfile("a")], [items[1]])
    assert only_pull.section("jobs").utterance_ids == only_pull.section("motivations").utterance_ids == [2]

"""Pain cues of interview answers: troubles named outright, and answers' set phrases that are no trouble."""

from __future__ import annotations

import pytest

from nlp.coders.pain.rules import PRESENT, PainRules, load_pain_lexicon


@pytest.fixture(scope="module")
def rules() -> PainRules:
    return PainRules(load_pain_lexicon())


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The problem was that nobody owned the pipeline.", "The problem was"),
        ("Most teams struggle with getting labels.", "struggle with"),
        ("There's a lot of confusion about versions.", "a lot of confusion"),
        ("The docs are not detailed enough.", "not detailed enough"),
        ("It took a long time to load.", "took a long time"),
        ("It crashed again.", "crashed"),
        ("How do you even unit-test something like that?", "How do you even"),
        ("So how do we efficiently handle rare events?", "how do we efficiently"),
    ],
)
def test_troubles_named_in_answers_are_present(rules: PainRules, text: str, cue: str) -> None:
    (findings,) = rules.analyse([text])
    assert findings.best is not None and findings.best.text == cue, findings.cues
    assert findings.best.status == PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "That's why we chose Kubernetes.",
        "For better or worse, we chose Spark.",
        "You're asking me the hardest questions.",
        "We've used it for a long time.",
        "Again, the data lives in S3.",
        "The confusion matrix looks fine.",
        "That didn't seem to be the problem.",
        "I can't thank you enough.",
        "How do you do your feature engineering?",
        "And how can we actually measure that?",
    ],
)
def test_answer_set_phrases_are_no_trouble(rules: PainRules, text: str) -> None:
    (findings,) = rules.analyse([text])
    assert findings.cues == [], findings.cues


def test_a_strong_named_trouble_outweighs_a_weak_cue(rules: PainRules) -> None:
    (findings,) = rules.analyse(["The biggest problem is again the data."])
    assert findings.best is not None and findings.best.weight > 0.85


@pytest.mark.parametrize(
    "text",
    [
        "We started solving these very practical problems.",
        "They will solve my problem.",
        "Our team is tackling data quality issues.",
    ],
)
def test_a_trouble_set_out_to_be_removed_is_no_present_trouble(rules: PainRules, text: str) -> None:
    (findings,) = rules.analyse([text])
    assert findings.cues and findings.best is None, findings.cues


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("But that approach doesn't scale.", "doesn't scale"),
        ("There's a shortage of extension workers.", "shortage"),
        ("The standard tools are not up to the task.", "not up to the task"),
        ("We have API fragmentation.", "fragmentation"),
        ("That can backfire on a new project.", "backfire"),
    ],
)
def test_limits_named_plainly_are_present(rules: PainRules, text: str, cue: str) -> None:
    (findings,) = rules.analyse([text])
    assert findings.best is not None and findings.best.text == cue, findings.cues
    assert findings.best.status == PRESENT


@pytest.mark.parametrize(
    "text",
    ["We never had a shortage of ideas.", "It wasn't fragmented at all.", "There's no shortage of data."],
)
def test_limits_denied_are_not_present(rules: PainRules, text: str) -> None:
    (findings,) = rules.analyse([text])
    assert findings.best is None, findings.cues

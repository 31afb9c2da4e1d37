"""Pain cues in disfluent speech, waste and overload cues, and advice that is no broken function."""

from __future__ import annotations

import pytest

from nlp.coders.pain.coder import PainPointCoder, load_pain_coder
from nlp.coders.pain.rules import PRESENT, PainRules, load_pain_lexicon
from nlp.encoder import MiniLMEncoder


@pytest.fixture(scope="module")
def rules() -> PainRules:
    return PainRules(load_pain_lexicon())


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("So this design is not um within our price model.", "not um within our price"),
        ("It's it's not uh that reliable.", "not uh that reliable"),
        ("My jobs are not getting run.", "are not getting run"),
        ("It was a lot less efficient than using your own machine.", "less efficient"),
        ("Which can cause you to lose time.", "lose time"),
        ("It would bring everything to a halt.", "to a halt"),
        ("It's not that fancy.", "not that fancy"),
    ],
)
def test_cues_are_found_through_fillers_and_repeats(rules: PainRules, text: str, cue: str) -> None:
    (findings,) = rules.analyse([text])
    assert findings.best is not None, findings.cues
    assert (findings.best.text, findings.best.status) == (cue, PRESENT)
    # The span points into the text as it was said.
    assert text[findings.best.start : findings.best.end] == cue


@pytest.mark.parametrize(
    "text",
    [
        "You should probably not run more than ten jobs at once.",
        "Better not open it before the meeting.",
        "Why don't we start with the budget?",
        "So what's up with you these days?",
    ],
)
def test_advice_and_suggestions_are_no_trouble(rules: PainRules, text: str) -> None:
    (findings,) = rules.analyse([text])
    assert findings.best is None, findings.cues


def test_a_broken_function_said_with_a_filler_is_still_a_pain(encoder: MiniLMEncoder) -> None:
    coder: PainPointCoder = load_pain_coder()
    texts = ["It um it doesn't doesn't work on our data.", "It works on our data."]
    assert [r.is_pain for r in coder.predict(texts, encoder.encode(texts))] == [True, False]

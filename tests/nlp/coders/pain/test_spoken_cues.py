"""Pain cues of spoken difficulty, distrust and effort, and set phrases that hold a cue word but no trouble."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.coders.pain.coder import PainPointCoder, load_pain_coder
from nlp.coders.pain.paths import DEFAULT_CUES_PATH
from nlp.coders.pain.rules import NEGATED, PRESENT, PainRules, load_pain_lexicon
from nlp.coders.rules.lexicon import LexiconError
from nlp.encoder import MiniLMEncoder


@pytest.fixture(scope="module")
def rules() -> PainRules:
    return PainRules(load_pain_lexicon())


@pytest.mark.parametrize(
    ("text", "cue", "status"),
    [
        ("It's not easy to convince management.", "not easy", PRESENT),
        ("The tooling isn't very intuitive.", "n't very intuitive", PRESENT),
        ("Honestly it was never that reliable.", "never that reliable", PRESENT),
        ("There's no good way to test it.", "no good way", PRESENT),
        ("I don't really trust the numbers.", "n't really trust", PRESENT),
        ("What happens if the model drifts?", "drifts", PRESENT),
        ("It really gets on my nerves.", "gets on my nerves", PRESENT),
        ("The downside is the setup.", "downside", PRESENT),
        ("There's just not enough labelled data.", "not enough", PRESENT),
        ("It's a lot of work to maintain.", "a lot of work", PRESENT),
        ("Something always goes wrong at the end.", "goes wrong", PRESENT),
        ("We do not have the time to redesign it.", "not have the time", PRESENT),
        ("This design is not within our price model.", "not within our price", PRESENT),
        ("It's not that innovative.", "not that innovative", PRESENT),
        ("It becomes a very dull remote control.", "dull", PRESENT),
        ("The new release fixes the issue.", "issue", NEGATED),
        ("We could avoid most errors that way.", "errors", NEGATED),
    ],
)
def test_spoken_trouble_cues_and_their_status(rules: PainRules, text: str, cue: str, status: str) -> None:
    (findings,) = rules.analyse([text])
    by_text = {c.text: c.status for c in findings.cues}
    assert by_text.get(cue) == status, findings.cues


@pytest.mark.parametrize(
    "text",
    [
        "It's hard to say.",
        "That's a tough question.",
        "I worked on risk management for a bank.",
        "We solve problems for our clients.",
        "It's not bad actually.",
        "We keep everything on a hard drive.",
        "We set it up in no time.",
        "So about seven months now.",  # how long they have used it: a switch interview's timeline
        "We moved over two years ago.",
        "We went live in March, since then it's been the team's main tool.",
    ],
)
def test_set_phrases_with_a_cue_word_are_no_trouble(rules: PainRules, text: str) -> None:
    (findings,) = rules.analyse([text])
    assert findings.cues == [], findings.cues


@pytest.mark.parametrize(
    ("text", "cue"),
    [("It's hard to use.", "hard to use"), ("We couldn't solve the problem.", "couldn't solve")],
)
def test_a_cue_only_partly_inside_a_set_phrase_stays(rules: PainRules, text: str, cue: str) -> None:
    (findings,) = rules.analyse([text])
    assert findings.best is not None and findings.best.text == cue, findings.cues


def test_spoken_pains_are_coded_and_hedges_are_not(encoder: MiniLMEncoder) -> None:
    coder: PainPointCoder = load_pain_coder()
    pains = ["It's not easy to get clean labels.", "There's no good way to test it.", "It drove me crazy."]
    calm = ["It's hard to say.", "It was really useful to have that.", "That was never really a problem."]
    texts = pains + calm
    results = coder.predict(texts, encoder.encode(texts))
    assert [r.is_pain for r in results] == [True] * len(pains) + [False] * len(calm)


def test_set_phrases_must_be_a_list_of_strings(tmp_path: Path) -> None:
    text = DEFAULT_CUES_PATH.read_text(encoding="utf-8")
    path = tmp_path / "cues.yaml"
    path.write_text(text.replace("not_cues: [", "not_cues: [3, ", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match="not_cues"):
        load_pain_lexicon(path)

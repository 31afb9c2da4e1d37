"""Pain-point coder: cues and spans, negation, hypotheticals, categories, robustness, model file checks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from nlp.coders.pain.coder import (
    DecisionConstants,
    PainModelError,
    PainPointCoder,
    PainResult,
    load_pain_coder,
)
from nlp.coders.pain.model import PainModel, read_pain_model
from nlp.coders.pain.rules import (
    CATEGORIES,
    HYPOTHETICAL,
    NEGATED,
    PRESENT,
    RESOLVED,
    RULE_FEATURES,
    PainRules,
    load_pain_lexicon,
)
from nlp.coders.rules.lexicon import LexiconError
from nlp.encoder import MiniLMEncoder
from nlp.types import CodingInput

HOSTILE = [
    "",
    "We were losing deals. " * 2300,  # ~50,000 characters
    "😀😀😀🎉🎉",
    "<div><p>Hello <b>world</b></p><script>alert(1)</script></div>",
    "line\x00one\x07\x1b[31m red\x7f",
    "Le logiciel est très bien, merci beaucoup.",
    "这个软件很好用",
    "   \n\t  ",
]


@pytest.fixture(scope="session")
def pain_coder() -> PainPointCoder:
    return load_pain_coder()


@pytest.fixture(scope="session")
def rules() -> PainRules:
    return PainRules(load_pain_lexicon())


def predict(coder: PainPointCoder, encoder: MiniLMEncoder, texts: Sequence[str]) -> list[PainResult]:
    return coder.predict(texts, encoder.encode_features(texts))


@pytest.mark.parametrize(
    ("text", "cue", "category"),
    [
        ("The app crashes every time I export a report.", "crashes", "obstacle"),
        ("@acme my order is 3 days late and nobody answers", "days late", "delay"),
        ("@airline lost my bag again, thanks for nothing", "thanks for nothing", "frustration"),
        ("It's way too expensive for what it does.", "way too expensive", "cost"),
        ("Onboarding took forever.", "took forever", "delay"),
        ("There's no way to bulk edit records.", "no way to", "missing_capability"),
        ("Our customer data got leaked after the breach.", "leaked", "risk"),
        ("It doesn't work.", "doesn't work", "obstacle"),
    ],
)
def test_clear_pain_points_are_found_with_the_cue_as_span(
    pain_coder: PainPointCoder, encoder: MiniLMEncoder, text: str, cue: str, category: str
) -> None:
    (result,) = predict(pain_coder, encoder, [text])
    assert result.is_pain and result.score >= pain_coder.threshold
    assert result.span is not None and text[result.span[0] : result.span[1]] == cue == result.cue
    assert result.category == category


@pytest.mark.parametrize(
    "text",
    [
        "Thank you so much, the team loved it!",
        "@Delta great flight, the crew was amazing",
        "Can you tell me more about your role?",
        "We are a team of twelve people based in Leeds.",
        "@Zoom is there a keyboard shortcut to mute?",
    ],
)
def test_praise_questions_and_neutral_statements_are_not_pain(
    pain_coder: PainPointCoder, encoder: MiniLMEncoder, text: str
) -> None:
    (result,) = predict(pain_coder, encoder, [text])
    assert not result.is_pain
    assert result.span is None and result.cue is None and result.category is None
    assert result.score < 0.3


@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        ("No problems at all, it just works.", "We have constant problems with the export."),
        ("Not a problem.", "The sync is a real problem."),
        ("We never had any trouble with the integration.", "We had a lot of trouble with the integration."),
        ("There were no hidden fees.", "They hit us with hidden fees."),
        ("Setup was hassle-free.", "Setup was a hassle."),
    ],
)
def test_negation_flips_a_pain_point(
    pain_coder: PainPointCoder, encoder: MiniLMEncoder, negated: str, plain: str
) -> None:
    no, yes = predict(pain_coder, encoder, [negated, plain])
    assert not no.is_pain
    assert yes.is_pain
    assert yes.score > no.score + 0.3


@pytest.mark.parametrize(
    "text",
    [
        "If it breaks, we'd just call support.",
        "What if the vendor goes bust?",
        "I was worried about the migration but it turned out to be fine.",
        "In case the sync ever fails, there's an alert.",
    ],
)
def test_hypotheticals_and_resolved_worries_are_not_present_pain(
    pain_coder: PainPointCoder, encoder: MiniLMEncoder, text: str
) -> None:
    (result,) = predict(pain_coder, encoder, [text])
    assert not result.is_pain


def test_a_wish_is_a_mild_missing_capability(pain_coder: PainPointCoder, encoder: MiniLMEncoder) -> None:
    wish, blunt = predict(
        pain_coder,
        encoder,
        ["It would be nice if it had a dark mode.", "It doesn't support SSO at all, useless."],
    )
    assert wish.is_pain and wish.category == "missing_capability" and wish.cue == "would be nice"
    assert wish.score < blunt.score


def test_intensity_raises_the_score(pain_coder: PainPointCoder, encoder: MiniLMEncoder) -> None:
    calm, loud = predict(pain_coder, encoder, ["the report is slow", "the report is SO SLOW!! really"])
    assert loud.score > calm.score


def test_decision_constants_are_what_the_coder_decides_with(rules: PainRules) -> None:
    # A head that says "not pain" to everything (probability ~0.007), so only the constants move scores.
    dim = 384 + len(RULE_FEATURES)
    head = PainModel(np.zeros(dim, np.float32), -5.0, 0.5, np.eye(len(CATEGORIES), 384, dtype=np.float32))
    texts = ["It would be nice if it had a dark mode.", "It keeps crashing.", "We met on Tuesday."]
    vectors = np.zeros((len(texts), 384), np.float32)
    shipped = PainPointCoder(head, rules).predict(texts, vectors)
    assert [r.is_pain for r in shipped] == [True, False, False]  # the wish floor lifts the wish only
    no_floor = PainPointCoder(head, rules, constants=DecisionConstants(floor_categories=frozenset()))
    assert not no_floor.predict(texts, vectors)[0].is_pain
    loud = PainPointCoder(head, rules, constants=DecisionConstants(cue_logit=10.0)).predict(texts, vectors)
    assert [r.is_pain for r in loud] == [True, True, False]  # a cue, not the head, decides
    assert loud[1].score > shipped[1].score and loud[2].score == shipped[2].score


@pytest.mark.parametrize(
    ("text", "cue", "status"),
    [
        ("No issues at all", "issues", NEGATED),
        ("nothing was missing from the box", "was missing", NEGATED),
        ("If it ever breaks, I'd call them", "breaks", HYPOTHETICAL),
        ("It might crash under load", "crash", HYPOTHETICAL),
        ("I was worried but it was fine", "worried", RESOLVED),
        ("It crashed, but nobody fixed it", "crashed", PRESENT),
        ("It crashes even if you wait", "crashes", PRESENT),
        ("The app keeps freezing", "freezing", PRESENT),
        ("The app doesn\u2019t load since the update", "doesn\u2019t load", PRESENT),
    ],
)
def test_rule_status_of_a_cue(rules: PainRules, text: str, cue: str, status: str) -> None:
    (findings,) = rules.analyse([text])
    by_text = {c.text: c.status for c in findings.cues}
    assert by_text.get(cue) == status, findings.cues


def test_code_returns_pain_point_codes_for_positives_only(
    pain_coder: PainPointCoder, encoder: MiniLMEncoder
) -> None:
    items = [
        CodingInput("Support never answered and the export is broken."),
        CodingInput("Great tool, thanks!"),
    ]
    codes = pain_coder.code(items, encoder.encode_features([i.text for i in items]))
    assert codes[1] == []
    (code,) = codes[0]
    assert (code.coder, code.version, code.kind) == ("desirelines.pain_point", "1", "pain_point")
    assert code.label in {"obstacle", "frustration"} and 0.0 <= code.score <= 1.0
    assert code.span is not None


def test_plain_embeddings_array_is_accepted_and_checked(
    pain_coder: PainPointCoder, encoder: MiniLMEncoder
) -> None:
    texts = ["It keeps crashing."]
    assert pain_coder.predict(texts, encoder.encode(texts))[0].is_pain
    assert pain_coder.predict([], np.zeros((0, 384), dtype=np.float32)) == []
    with pytest.raises(ValueError, match="embeddings of shape"):
        pain_coder.predict(texts * 2, encoder.encode(texts))


def test_hostile_inputs_do_not_crash_and_score_low(
    pain_coder: PainPointCoder, encoder: MiniLMEncoder
) -> None:
    results = predict(pain_coder, encoder, HOSTILE)
    assert all(0.0 <= r.score <= 1.0 for r in results)
    for text, result in zip(HOSTILE, results, strict=True):
        if result.span is not None:
            assert 0 <= result.span[0] < result.span[1] <= len(text)
    calm = [r for t, r in zip(HOSTILE, results, strict=True) if "losing" not in t]
    assert not any(r.is_pain for r in calm)


def test_model_file_problems_are_reported(tmp_path: Path) -> None:
    with pytest.raises(PainModelError, match="cannot read"):
        read_pain_model(tmp_path / "missing.npz")
    bad = tmp_path / "bad.npz"
    np.savez(bad, format_version=np.array(1), weights=np.zeros(3))
    with pytest.raises(PainModelError, match="missing arrays"):
        read_pain_model(bad)


def test_a_lexicon_without_a_required_list_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text("categories: {}\npraise: [great]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"^cues\.yaml: \w+: missing required key"):
        load_pain_lexicon(path)

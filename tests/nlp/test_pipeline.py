"""The shipped models, end to end, on a small labelled fixture set (real predictions, no fakes)."""

from __future__ import annotations

import pytest

from nlp.pipeline import CodingPipeline, UtteranceCoding
from nlp.types import CodingInput

PAIN = [
    "The import failed three times and support never answered our tickets.",
    "Our old CRM kept losing deals because two reps called the same lead.",
    "It took six weeks to get a quote out of them, which cost us the quarter.",
    "Honestly the reporting is so slow that my forecast calls run two hours.",
]
PRAISE = [
    "I love how easy it was to set up, the team was using it the same day.",
    "Support answered within ten minutes and fixed it, brilliant service.",
    "The forecasting view is great and my CEO finally trusts the numbers.",
    "No complaints at all, it just works.",
]


@pytest.fixture(scope="session")
def pipeline() -> CodingPipeline:
    return CodingPipeline()


def code(pipeline: CodingPipeline, texts: list[str]) -> list[UtteranceCoding]:
    return pipeline.code([CodingInput(text) for text in texts])


def test_clear_pain_points_are_found_and_clear_praise_is_not(pipeline: CodingPipeline) -> None:
    pains, praises = code(pipeline, PAIN), code(pipeline, PRAISE)
    assert [r.pain_point for r in pains] == [True] * len(PAIN)
    assert [r.pain_point for r in praises] == [False] * len(PRAISE)
    assert all(any(c.kind == "pain_point" and c.span for c in r.codes) for r in pains)


def test_emotion_and_valence_follow_the_tone(pipeline: CodingPipeline) -> None:
    pains, praises = code(pipeline, PAIN), code(pipeline, PRAISE)
    assert sum(r.valence for r in pains) / len(pains) < 0 < sum(r.valence for r in praises) / len(praises)
    assert {r.emotion for r in praises[:3]} <= {"satisfaction", "delight", "relief", "trust"}
    assert all(-1.0 <= r.valence <= 1.0 for r in pains + praises)


def test_stage_and_forces_on_clear_cases(pipeline: CodingPipeline) -> None:
    results = code(
        pipeline,
        [
            "We signed the contract and paid for twenty seats yesterday.",
            "I was worried the migration would lose all our customer data.",
            "Everyone already knew the spreadsheet, so switching felt like a lot of effort.",
        ],
    )
    assert results[0].stage == "purchase"
    assert "anxiety" in results[1].forces
    assert "habit" in results[2].forces
    assert "desirelines.stage" in {c.coder for c in results[0].codes}
    for result in results:
        assert "desirelines.emotion" in {c.coder for c in result.codes}
        assert all(0.0 <= c.score <= 1.0 and c.version for c in result.codes)


def test_an_abstained_stage_stores_no_stage_code(pipeline: CodingPipeline) -> None:
    results = code(pipeline, ["I don't know.", "Yeah, any of them."])
    for result in results:
        assert result.stage == ""
        assert all(c.kind != "stage" for c in result.codes)


@pytest.mark.parametrize(
    ("text", "skipped"),
    [
        ("", "empty"),
        ("   \x00\x07  ", "empty"),
        ("😡😡😡 🙏", "no words"),
        ("Это было ужасно, всё сломалось.", "Latin script"),
        ("<p><b></b></p>", "empty"),
    ],
)
def test_uncodable_texts_are_skipped_with_a_reason(pipeline: CodingPipeline, text: str, skipped: str) -> None:
    [result] = code(pipeline, [text])
    assert result.skipped is not None and skipped in result.skipped
    assert result.codes == []


def test_hostile_but_readable_texts_are_coded(pipeline: CodingPipeline) -> None:
    long_text = "The sync broke again and we lost a day. " * 1250  # 50,000 characters
    results = code(
        pipeline,
        [
            long_text,
            "<div>The <b>export</b> keeps crashing &amp; we lose data</div>",
            "Das Produkt ist zu teuer.",
        ],
    )
    assert all(r.skipped is None for r in results)
    assert results[0].note and "truncated" in results[0].note
    assert results[1].pain_point

"""The unit every aggregation reads: one coded respondent utterance, with who said it and where."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Evidence:
    """One respondent utterance and the codes on it.

    Attributes:
        utterance_id: Database id (or row number outside the service): what quotes link back to.
        text: The utterance, verbatim as stored.
        participant: Key of the person who said it ("17", or "file.txt:Dana" from the CLI), if known.
        source: Key of the interview or survey it comes from, if known.
        position: Where it falls in its interview, 0.0 (start) to 1.0 (end), if known.
        question: The interviewer or survey question that prompted it, if known.
        emotion: Dominant CX emotion ("frustration", "delight", ... or "neutral"), if coded.
        valence: -1.0 (negative) to 1.0 (positive), if coded.
        pain: Pain-point category when the utterance is a pain point, else None.
        pain_score: Confidence of the pain-point code, 0.0 when none.
        stage: Journey stage id in the project's framework, if coded.
        emotion_score: Confidence of the emotion code, 0.0 when none.
        forces: JTBD forces coded on it, force ("push", "pull", "anxiety", "habit") -> confidence.
        substantive: Whether it carries content, as already decided (a researcher's content class wins
            over the filter's); None: aggregates judge the text with `nlp.content`.
        before: The sentence the same speaker said just before it in the same turn, verbatim, if known:
            what a quote that leans on it ("That was the problem.") is shown after.
    """

    utterance_id: int
    text: str
    participant: str | None = None
    source: str | None = None
    position: float | None = None
    question: str | None = None
    emotion: str | None = None
    emotion_score: float = 0.0
    valence: float | None = None
    pain: str | None = None
    pain_score: float = 0.0
    stage: str | None = None
    forces: dict[str, float] = field(default_factory=dict)
    substantive: bool | None = None
    before: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim quote that backs a claim, linking back to its utterance.

    `before` is the sentence its speaker said just before it, set when the quote makes no sense without it
    ("That was the problem."; see `nlp.aggregate.quotes`): shown first, as "... Before. Text.", never
    counted as evidence."""

    utterance_id: int
    text: str
    participant: str | None = None
    source: str | None = None
    before: str | None = None

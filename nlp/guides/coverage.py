"""Coverage of a guide in one interview: which questions were asked, and which were answered."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.guides.matching import TurnLink
from nlp.guides.model import InterviewGuide


@dataclass(frozen=True, slots=True)
class QuestionCoverage:
    """One guide question in one interview.

    Attributes:
        asked_turns: Interviewer turns that asked it.
        answer_turns: Respondent turns that answer it.
        score: Best match similarity (1.0 for questions asked in the live interview mode).
    """

    section_id: str
    section_title: str
    stage: str | None
    question_id: str
    text: str
    asked_turns: tuple[int, ...]
    answer_turns: tuple[int, ...]
    score: float | None

    @property
    def asked(self) -> bool:
        return bool(self.asked_turns)

    @property
    def answered(self) -> bool:
        return bool(self.answer_turns)


def coverage(guide: InterviewGuide, links: Sequence[TurnLink]) -> list[QuestionCoverage]:
    """Every guide question in order, with the turns that asked and answered it."""
    asked: dict[str, list[int]] = defaultdict(list)
    answers: dict[str, list[int]] = defaultdict(list)
    best: dict[str, float] = {}
    for link in links:
        (asked if link.asked else answers)[link.question_id].append(link.turn)
        best[link.question_id] = max(best.get(link.question_id, 0.0), link.score)
    return [
        QuestionCoverage(
            section_id=section.id,
            section_title=section.title,
            stage=section.stage,
            question_id=question.id,
            text=question.text,
            asked_turns=tuple(sorted(set(asked[question.id]))),
            answer_turns=tuple(sorted(set(answers[question.id]))),
            score=best.get(question.id),
        )
        for section, question in guide.questions
    ]

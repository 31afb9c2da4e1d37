"""What the coders see of a source: each respondent utterance with its prompting question and place."""

from __future__ import annotations

from sqlmodel import Session, select

from app.sources.models import SurveyQuestion
from app.utterances.models import Utterance
from app.utterances.service import source_utterances
from nlp.types import CodingInput, SpeakerRole


def coding_inputs(session: Session, *, source_id: int) -> list[tuple[Utterance, CodingInput]]:
    """Respondent utterances in order; for interviews the question is the last interviewer turn."""
    utterances = source_utterances(session, source_id=source_id)
    questions = {
        q.id: q.text
        for q in session.exec(select(SurveyQuestion).where(SurveyQuestion.source_id == source_id))
    }
    last_turn = max((u.turn for u in utterances), default=0) or 1
    asked: dict[int, list[str]] = {}
    pairs: list[tuple[Utterance, CodingInput]] = []
    latest_question: str | None = None
    for utterance in utterances:
        if utterance.speaker_role == SpeakerRole.INTERVIEWER:
            asked.setdefault(utterance.turn, []).append(utterance.text)
            latest_question = " ".join(asked[utterance.turn])
            continue
        if utterance.question_id is not None:
            question, position = questions.get(utterance.question_id), None
        else:
            question, position = latest_question, utterance.turn / last_turn
        pairs.append((utterance, CodingInput(utterance.text, question, position)))
    return pairs

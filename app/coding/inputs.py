"""What the coders see of a source: each respondent utterance with its prompting question and place."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from app.coding.content import CONTENT_KIND, researcher_class
from app.coding.models import CodeOrigin, CodeRecord
from app.sources.models import SurveyQuestion
from app.utterances.models import Utterance
from app.utterances.service import source_utterances
from nlp.prompts import prompting_questions
from nlp.types import CodingInput, SpeakerRole


def coding_inputs(session: Session, *, source_id: int) -> list[tuple[Utterance, CodingInput]]:
    """Respondent utterances in order; for interviews the question is the last interviewer turn.

    A content class a researcher set goes with the input, so the coders follow it.
    """
    utterances = source_utterances(session, source_id=source_id)
    classes = _researcher_classes(session, source_id=source_id)
    questions = {
        q.id: q.text
        for q in session.exec(select(SurveyQuestion).where(SurveyQuestion.source_id == source_id))
    }
    last_turn = max((u.turn for u in utterances), default=0) or 1
    prompts = _prompts(utterances)
    pairs: list[tuple[Utterance, CodingInput]] = []
    for utterance in utterances:
        if utterance.speaker_role == SpeakerRole.INTERVIEWER:
            continue
        if utterance.question_id is not None:
            question, position = questions.get(utterance.question_id), None
        else:
            question, position = prompts[utterance.turn], utterance.turn / last_turn
        content = classes.get(utterance.id or 0)
        pairs.append((utterance, CodingInput(utterance.text, question, position, content)))
    return pairs


def _prompts(utterances: list[Utterance]) -> dict[int, str | None]:
    """Turn number -> the question that prompted it, with an interviewer turn's sentences joined again."""
    turns: dict[int, tuple[bool, list[str]]] = {}
    for u in utterances:
        turns.setdefault(u.turn, (u.speaker_role == SpeakerRole.INTERVIEWER, []))[1].append(u.text)
    asked = prompting_questions((interviewer, " ".join(texts)) for interviewer, texts in turns.values())
    return dict(zip(turns, asked, strict=True))


def _researcher_classes(session: Session, *, source_id: int) -> dict[int, str]:
    codes: dict[int, list[CodeRecord]] = defaultdict(list)
    query = (
        select(CodeRecord)
        .join(Utterance, col(Utterance.id) == col(CodeRecord.utterance_id))
        .where(
            Utterance.source_id == source_id,
            CodeRecord.kind == CONTENT_KIND,
            CodeRecord.origin == CodeOrigin.RESEARCHER,
        )
    )
    for code in session.exec(query):
        codes[code.utterance_id].append(code)
    return {uid: label for uid, rows in codes.items() if (label := researcher_class(rows)) is not None}

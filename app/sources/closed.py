"""A survey's closed questions: each closed column's answers counted per option, blanks apart.

Each row's closed answers are stored with the survey as a SurveyResponse (app/sources/store.py), so one
query loads them and every column is counted from that in memory. A respondent who was a participant
already is counted with this survey's answers, not the attributes they had. Surveys imported before
responses were stored are counted from their respondents' participant attributes. A multi-select
question (app/sources/choices.py) counts each choice, as a share of the respondents who answered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from app.participants.models import Participant
from app.sources.choices import split_choices
from app.sources.models import (
    ClosedOption,
    ClosedQuestionRead,
    NetPromoterScore,
    Source,
    SourceKind,
    SurveyClosedQuestion,
    SurveyResponse,
)
from app.sources.scales import group_answers, is_number, tidy
from app.utterances.models import Utterance

_NPS_GROUP = "_NPS_GROUP"
# "question" is the column's name; its wording and kind come last so older readers of the file still work.
DISTRIBUTION_COLUMNS = ("question", "option", "count", "percent_of_answered", "question_text", "multi_select")
Respondent = tuple[int, dict[str, str], bool]  # participant id, attributes, created by this survey


@dataclass(frozen=True, slots=True)
class ClosedChoice:
    """An answer to one closed column picked on the survey page; `choice=None` picks the blanks."""

    column: str
    choice: str | None


def closed_questions(session: Session, *, source: Source) -> list[ClosedQuestionRead]:
    """The survey's closed columns in file order, each with its answer distribution (none for interviews)."""
    if source.kind != SourceKind.SURVEY:
        return []
    respondents = _respondents(session, source=source)
    columns = _stored_columns(session, source_id=source.id or 0) or {
        column: ("", False) for column in _columns(respondents)
    }
    return [
        _distribution(
            column, text or column, respondents, nps_hint=f"{column}{_NPS_GROUP}" in columns, multi=multi
        )
        for column, (text, multi) in columns.items()
        if not column.endswith(_NPS_GROUP) or column.removesuffix(_NPS_GROUP) not in columns
    ]


def chosen_by(questions: Sequence[ClosedQuestionRead], picked: ClosedChoice) -> list[int]:
    """The participants who gave the picked answer (or left it blank); [] when there is no such answer."""
    question = next((q for q in questions if q.column_name == picked.column), None)
    if question is None:
        return []
    if picked.choice is None:
        return question.blank_participant_ids
    return next((o.participant_ids for o in question.options if o.label == picked.choice), [])


def distribution_rows(questions: Sequence[ClosedQuestionRead]) -> Iterator[dict[str, str | int | float]]:
    """One CSV row per option of each question, then its blanks (no percent: they did not answer)."""
    for q in questions:
        about = {"question_text": q.text, "multi_select": "true" if q.multi_select else "false"}
        for option in q.options:
            yield {"question": q.column_name, "option": option.label, "count": option.count,
                   "percent_of_answered": option.percent, **about}  # fmt: skip
        yield {"question": q.column_name, "option": "(blank)", "count": q.blank, "percent_of_answered": "",
               **about}  # fmt: skip


def _respondents(session: Session, *, source: Source) -> list[Respondent]:
    """Who answered this survey, once each, with their answers (a repeated row fills only the blanks)."""
    rows = session.exec(
        select(SurveyResponse.participant_id, SurveyResponse.answers)
        .where(SurveyResponse.source_id == source.id)
        .order_by(col(SurveyResponse.id))
    ).all()
    merged: dict[int, dict[str, str]] = {}
    for pid, answers in rows:
        kept = merged.setdefault(pid, {})
        kept.update({k: v for k, v in (answers or {}).items() if not kept.get(k, "").strip()})
    if merged:
        return [(pid, answers, True) for pid, answers in merged.items()]
    return _respondents_from_attributes(session, source=source)


def _respondents_from_attributes(session: Session, *, source: Source) -> list[Respondent]:
    """For a survey imported before responses were stored: the participants it created and any it
    matched who answered in it, with their attributes."""
    answered = select(Utterance.participant_id).where(Utterance.source_id == source.id)
    rows = session.exec(
        select(Participant.id, Participant.attributes, Participant.origin_source_id)
        .where(
            Participant.project_id == source.project_id,
            or_(Participant.origin_source_id == source.id, col(Participant.id).in_(answered)),
        )
        .order_by(col(Participant.id))
    ).all()
    return [(pid or 0, dict(attributes or {}), origin == source.id) for pid, attributes, origin in rows]


def _stored_columns(session: Session, *, source_id: int) -> dict[str, tuple[str, bool]]:
    """Closed column -> question text and whether it was exported one column per option, as the import
    recorded them (surveys imported before it: {})."""
    query = (
        select(SurveyClosedQuestion.column_name, SurveyClosedQuestion.text, SurveyClosedQuestion.multi_select)
        .where(SurveyClosedQuestion.source_id == source_id)
        .order_by(col(SurveyClosedQuestion.position))
    )
    return {column: (text, multi) for column, text, multi in session.exec(query).all()}


def _columns(respondents: list[Respondent]) -> list[str]:
    """Attribute names in the order the file gave them (for surveys imported before closed columns were
    recorded); a matched participant's other attributes are
    left out when this survey created participants of its own."""
    own = [attributes for _, attributes, created in respondents if created]
    seen: dict[str, None] = {}
    for attributes in own or [attributes for _, attributes, _ in respondents]:
        seen.update(dict.fromkeys(attributes))
    return list(seen)


def _distribution(
    column: str, text: str, respondents: list[Respondent], *, nps_hint: bool, multi: bool = False
) -> ClosedQuestionRead:
    answers = {pid: tidy(a[column]) for pid, a, _ in respondents if a.get(column, "").strip()}
    blank = [pid for pid, _, _ in respondents if pid not in answers]
    split = split_choices(list(answers.values()), separator=";" if multi else None)
    picked = dict(zip(answers, split, strict=True)) if split else {pid: [a] for pid, a in answers.items()}
    grouping = group_answers(text, [c for choices in picked.values() for c in choices], nps_hint=nps_hint)
    chosen: dict[str, list[int]] = defaultdict(list)
    for pid, choices in picked.items():
        for label in dict.fromkeys(map(grouping.label_of, choices)):
            chosen[label].append(pid)
    total = len(answers)  # respondents: a multi-select question's percentages may sum over 100
    options = [
        ClosedOption(
            label=label,
            count=len(chosen[label]),
            percent=round(100 * len(chosen[label]) / total, 1) if total else 0.0,
            participant_ids=chosen[label],
        )
        for label in grouping.labels
    ]
    numbers = [float(a) for a in answers.values() if is_number(a)]
    return ClosedQuestionRead(
        column_name=column,
        text=text,
        kind=grouping.kind,
        multi_select=split is not None or multi,
        respondents=len(respondents),
        answered=total,
        blank=len(blank),
        blank_participant_ids=blank,
        options=options,
        mean=round(sum(numbers) / len(numbers), 2) if numbers and len(numbers) == total else None,
        nps=_nps([float(a) for a in answers.values()]) if grouping.nps and not split else None,
    )


def _nps(scores: list[float]) -> NetPromoterScore:
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    passives = len(scores) - promoters - detractors
    return NetPromoterScore(
        score=round(100 * (promoters - detractors) / len(scores)),
        promoters=promoters,
        passives=passives,
        detractors=detractors,
    )

"""Live interviews: start from a guide, save answers idempotently, time sections, list, discard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.service import record
from app.db import utcnow
from app.errors import Conflict, InvalidInput, NotFound
from app.guides.models import GuideSummary, GuideVersion, TemplateSummary
from app.guides.parsing import document, version_guide
from app.guides.service import resolve_version
from app.interviews.models import (
    AnswerRead,
    AnswerSave,
    InterviewPage,
    InterviewRead,
    InterviewStart,
    InterviewState,
    InterviewStatus,
    LiveAnswer,
    LiveInterview,
    SectionTime,
    SectionTimeRead,
)
from app.participants.models import Participant, ParticipantCreate
from app.participants.service import create_participant, find_participant
from app.projects.models import Project
from nlp.guides.model import GuideKind


def default_guide(
    project: Project, *, guides: Sequence[GuideSummary], templates: Sequence[TemplateSummary]
) -> str:
    """The guide the start form preselects ("guide:<id>" or "template:<id>"): an interview guide in the
    project's framework, the project's own (newest first) before the built-in ones, because only such a
    guide's stages become stage codes; the switch interview where there is none."""
    choices = [(f"guide:{g.id}", g) for g in guides] + [(f"template:{t.id}", t) for t in templates]
    for value, guide in choices:
        if guide.framework == project.framework and guide.kind == GuideKind.INTERVIEW:
            return value
    return "template:switch"


def start_interview(session: Session, *, project: Project, user: User, data: InterviewStart) -> LiveInterview:
    """A new draft for a participant (existing, or new by name) from a guide's current version."""
    project_id = project.id or 0
    participant = _participant(session, project_id=project_id, data=data)
    version = resolve_version(
        session, project_id=project_id, user=user, guide_id=data.guide_id, template_id=data.template_id
    )
    title = (data.title or "").strip() or f"{participant.display_name} · {version.name}"
    interview = LiveInterview(
        project_id=project_id,
        guide_version_id=version.id or 0,
        participant_id=participant.id or 0,
        title=title[:300],
        interviewer_id=user.id,
    )
    session.add(interview)
    session.flush()
    record(session, actor=user, action="interview.start", project_id=project_id, interview_id=interview.id)
    return interview


def _participant(session: Session, *, project_id: int, data: InterviewStart) -> Participant:
    if data.participant_id is not None:
        participant = session.get(Participant, data.participant_id)
        if participant is None or participant.project_id != project_id:
            raise NotFound(f"Participant {data.participant_id} does not exist in this project.")
        return participant
    name = (data.participant_name or "").strip()
    if not name:
        raise InvalidInput("Choose a participant, or give the name of a new one.")
    found = find_participant(session, project_id=project_id, name=name)
    return found or create_participant(
        session, project_id=project_id, data=ParticipantCreate(display_name=name)
    )


def read(session: Session, interview: LiveInterview) -> InterviewRead:
    return _reads(session, [interview])[0]


def _reads(session: Session, interviews: Sequence[LiveInterview]) -> list[InterviewRead]:
    """Interviews with participant and guide names, loaded in two queries whatever their number."""
    people = _by_id(session, Participant, {i.participant_id for i in interviews})
    versions = _by_id(session, GuideVersion, {i.guide_version_id for i in interviews})
    out = []
    for interview in interviews:
        version = versions[interview.guide_version_id]
        out.append(
            InterviewRead(
                **interview.model_dump(exclude={"status"}),
                status=InterviewStatus(interview.status),
                participant_name=people[interview.participant_id].display_name,
                guide_id=version.guide_id,
                template_id=version.template_id,
                guide_name=version.name,
                guide_version=version.number,
                framework=version.framework,
            )
        )
    return out


Row = TypeVar("Row", Participant, GuideVersion)


def _by_id(session: Session, model: type[Row], ids: set[int]) -> dict[int, Row]:
    if not ids:
        return {}
    rows = session.exec(select(model).where(col(model.id).in_(ids))).all()
    return {row.id or 0: row for row in rows}


def state(session: Session, interview: LiveInterview) -> InterviewState:
    """Everything the live page needs to resume a draft (or show a finished interview)."""
    version = session.get(GuideVersion, interview.guide_version_id)
    assert version is not None  # the foreign key guarantees it
    answers = session.exec(select(LiveAnswer).where(LiveAnswer.interview_id == interview.id)).all()
    return InterviewState(
        **read(session, interview).model_dump(),
        guide=document(version_guide(session, version)),
        answers={a.question_id: AnswerRead.model_validate(a) for a in answers},
        timers={t.section_id: t for t in timers(session, interview)},
    )


def save_answer(
    session: Session, *, interview: LiveInterview, question_id: str, data: AnswerSave
) -> AnswerRead:
    """Store what the page typed under one question, unless a newer revision is already stored.

    The same save twice changes nothing, and a save that arrives after a newer one is answered with
    the stored answer and `applied` false, so a late retry never overwrites newer text.
    """
    check_draft(interview)
    _check_question(session, interview, question_id)
    answer = _answer(session, interview_id=interview.id or 0, question_id=question_id)
    if data.revision <= answer.revision and answer.id is not None:
        return AnswerRead.model_validate(answer, update={"applied": data.revision == answer.revision})
    answer.text, answer.notes = data.text, data.notes
    answer.quotes = [q.strip() for q in data.quotes if q.strip()]
    answer.revision, answer.updated_at = data.revision, utcnow()
    interview.updated_at = answer.updated_at
    session.add_all([answer, interview])
    session.flush()
    return AnswerRead.model_validate(answer)


def _answer(session: Session, *, interview_id: int, question_id: str) -> LiveAnswer:
    query = select(LiveAnswer).where(
        LiveAnswer.interview_id == interview_id, LiveAnswer.question_id == question_id
    )
    found = session.exec(query).first()
    if found is not None:
        return found
    try:
        # Two saves of a new answer can race (two tabs); the loser reads the winner's row.
        with session.begin_nested():
            answer = LiveAnswer(interview_id=interview_id, question_id=question_id, revision=-1)
            session.add(answer)
            session.flush()
        return answer
    except IntegrityError:
        return session.exec(query).one()


def check_draft(interview: LiveInterview) -> None:
    if interview.status != InterviewStatus.DRAFT:
        raise Conflict(
            f"Interview {interview.id} is {interview.status}; its answers can no longer change."
            + (f" It is stored as source {interview.source_id}." if interview.source_id else "")
        )


def _check_question(session: Session, interview: LiveInterview, question_id: str) -> None:
    guide = version_guide(session, _version(session, interview))
    try:
        guide.question(question_id)
    except KeyError:
        raise NotFound(f"The guide of interview {interview.id} has no question {question_id!r}.") from None


def _version(session: Session, interview: LiveInterview) -> GuideVersion:
    version = session.get(GuideVersion, interview.guide_version_id)
    assert version is not None  # the foreign key guarantees it
    return version


def timers(session: Session, interview: LiveInterview) -> list[SectionTimeRead]:
    """Time spent per section so far, counting the running stretch up to now."""
    now = utcnow()
    rows = session.exec(select(SectionTime).where(SectionTime.interview_id == interview.id)).all()
    return [
        SectionTimeRead(
            section_id=row.section_id,
            elapsed_s=row.elapsed_s
            + ((now - row.running_since).total_seconds() if row.running_since else 0.0),
            running=row.running_since is not None,
        )
        for row in rows
    ]


def set_timer(
    session: Session, *, interview: LiveInterview, section_id: str, running: bool
) -> list[SectionTimeRead]:
    """Start or stop a section's timer; starting one stops any other (one section runs at a time)."""
    check_draft(interview)
    guide = version_guide(session, _version(session, interview))
    try:
        guide.section(section_id)
    except KeyError:
        raise NotFound(f"The guide of interview {interview.id} has no section {section_id!r}.") from None
    rows = {
        r.section_id: r
        for r in session.exec(select(SectionTime).where(SectionTime.interview_id == interview.id))
    }
    if running:
        for other in rows.values():
            if other.section_id != section_id:
                _stop(session, other)
        row = rows.get(section_id) or SectionTime(interview_id=interview.id or 0, section_id=section_id)
        row.running_since = row.running_since or utcnow()
        session.add(row)
    elif section_id in rows:
        _stop(session, rows[section_id])
    session.flush()
    return timers(session, interview)


def stop_all(session: Session, *, interview: LiveInterview) -> None:
    for row in session.exec(select(SectionTime).where(SectionTime.interview_id == interview.id)):
        _stop(session, row)
    session.flush()


def _stop(session: Session, row: SectionTime) -> None:
    if row.running_since is not None:
        row.elapsed_s += max((utcnow() - row.running_since).total_seconds(), 0.0)
        row.running_since = None
        session.add(row)


def list_interviews(
    session: Session, *, project_id: int, status: InterviewStatus | None, page: int, page_size: int
) -> InterviewPage:
    """A project's live interviews, most recently touched first."""
    conditions = [col(LiveInterview.project_id) == project_id]
    if status is not None:
        conditions.append(col(LiveInterview.status) == status)
    else:
        conditions.append(col(LiveInterview.status) != InterviewStatus.DISCARDED)
    total = session.exec(select(func.count()).select_from(LiveInterview).where(*conditions)).one()
    rows = session.exec(
        select(LiveInterview)
        .where(*conditions)
        .order_by(col(LiveInterview.updated_at).desc(), col(LiveInterview.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return InterviewPage(items=_reads(session, rows), total=total, page=page, page_size=page_size)


def discard(session: Session, *, interview: LiveInterview, user: User) -> None:
    """Discard a draft: its answers, notes and timers are deleted at once; discarding again does nothing.

    A finished interview is removed by deleting its source instead.
    """
    if interview.status == InterviewStatus.DISCARDED:
        return
    check_draft(interview)
    session.execute(delete(LiveAnswer).where(col(LiveAnswer.interview_id) == interview.id))
    session.execute(delete(SectionTime).where(col(SectionTime.interview_id) == interview.id))
    interview.status, interview.updated_at = InterviewStatus.DISCARDED, utcnow()
    session.add(interview)
    project_id, interview_id = interview.project_id, interview.id
    record(session, actor=user, action="interview.discard", project_id=project_id, interview_id=interview_id)
    session.flush()

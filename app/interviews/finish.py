"""Finishing a live interview: the answers become a Source like any uploaded transcript.

The questions asked are the interviewer's turns and each answer line a respondent turn; they go
through the same store as uploads (speakers, participants, sentence-split utterances, redaction),
then every utterance is linked to its guide question and stage, and quotes become highlights.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import insert
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.service import record
from app.coverage.models import GuideLink, LinkOrigin, SourceGuide
from app.db import utcnow
from app.errors import EmptyInterview
from app.guides.models import GuideVersion
from app.guides.parsing import version_guide
from app.interviews.models import Highlight, InterviewStatus, LiveAnswer, LiveInterview
from app.interviews.service import check_draft, stop_all
from app.participants.models import Participant
from app.projects.models import Project
from app.sources.duplicates import fingerprint_source
from app.sources.models import Source, SourceFile, SourceKind, Speaker
from app.sources.redaction import ProjectRedaction, project_redactor
from app.sources.service import reassign_speaker
from app.sources.store import store_interview
from app.utterances.models import Utterance
from nlp.guides import InterviewGuide
from nlp.types import SpeakerRole, Transcript, Turn

INTERVIEWER = "Interviewer"
HEADER_LINES = 2


@dataclass(frozen=True, slots=True)
class PlannedTurn:
    """What one transcript turn is: the question asked, or one line of its answer."""

    question_id: str
    section_id: str
    stage: str | None
    asked: bool
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finished:
    source_id: int
    utterances: int
    highlights: int


def finish_interview(session: Session, *, interview: LiveInterview, user: User) -> Finished:
    """Turn a draft into a Source with linked utterances and highlights (in one savepoint)."""
    check_draft(interview)
    version = session.get(GuideVersion, interview.guide_version_id)
    participant = session.get(Participant, interview.participant_id)
    project = session.get(Project, interview.project_id)
    assert version is not None and participant is not None and project is not None  # foreign keys
    answers = {
        a.question_id: a
        for a in session.exec(select(LiveAnswer).where(LiveAnswer.interview_id == interview.id))
    }
    respondent = (
        participant.display_name if participant.display_name != INTERVIEWER else f"{INTERVIEWER} (guest)"
    )
    transcript, plan = _transcript(version_guide(session, version), answers, respondent, interview.title)
    if not any(not p.asked for p in plan):
        raise EmptyInterview(
            "Nothing was captured in this interview yet: no question has an answer (notes alone are not a"
            " transcript). To finish, type an answer under at least one question; to drop it, discard the"
            " draft."
        )
    with session.begin_nested():
        redactor = project_redactor(session, project=project) if project.redact_on_import else None
        source = _source(
            session, project=project, interview=interview, version=version, transcript=transcript
        )
        store_interview(
            session,
            source=source,
            transcript=transcript,
            role_overrides={INTERVIEWER: SpeakerRole.INTERVIEWER, respondent: SpeakerRole.RESPONDENT},
            redactor=redactor,
        )
        _assign_participant(session, source=source, participant=participant)
        fingerprint_source(session, source=source)  # so an upload of the same interview is recognised
        utterances = _link(session, source=source, version=version, plan=plan)
        highlights = _highlight(
            session, source=source, interview=interview, plan=plan, user=user, redactor=redactor
        )
        session.add(
            SourceGuide(source_id=source.id or 0, guide_version_id=version.id or 0, origin=LinkOrigin.LIVE)
        )
        stop_all(session, interview=interview)
        if redactor is not None:
            _redact_draft(session, answers=list(answers.values()), redactor=redactor)
        interview.status, interview.source_id = InterviewStatus.FINISHED, source.id
        interview.finished_at = interview.updated_at = utcnow()
        session.add_all([interview, source])
        record(
            session,
            actor=user,
            action="interview.finish",
            project_id=project.id,
            interview_id=interview.id,
            source_id=source.id,
        )
        session.flush()
    return Finished(source_id=source.id or 0, utterances=utterances, highlights=highlights)


def _transcript(
    guide: InterviewGuide, answers: dict[str, LiveAnswer], respondent: str, title: str
) -> tuple[Transcript, list[PlannedTurn]]:
    turns: list[Turn] = []
    plan: list[PlannedTurn] = []
    for section, question in guide.questions:
        answer = answers.get(question.id)
        lines = [line.strip() for line in answer.text.splitlines() if line.strip()] if answer else []
        if not lines and not (answer and answer.notes.strip()):
            continue  # never reached: not part of the interview
        quotes = tuple(answer.quotes) if answer else ()
        # A quote no line holds (the answer was edited after it was marked) is kept as typed, on the
        # answer's first line (or the question when nothing was answered), rather than silently lost.
        unplaced = tuple(q for q in quotes if not any(overlaps(q, line) for line in lines))
        turns.append(Turn(speaker=INTERVIEWER, text=question.text, line=HEADER_LINES + len(turns) + 1))
        plan.append(
            PlannedTurn(question.id, section.id, section.stage, asked=True, quotes=() if lines else unplaced)
        )
        for i, line in enumerate(lines):
            turns.append(Turn(speaker=respondent, text=line, line=HEADER_LINES + len(turns) + 1))
            mine = tuple(q for q in quotes if overlaps(q, line)) + (unplaced if i == 0 else ())
            plan.append(PlannedTurn(question.id, section.id, section.stage, asked=False, quotes=mine))
    return Transcript(format="live", turns=turns, title=title), plan


def overlaps(quote: str, text: str) -> bool:
    """Whether a marked quote and a text hold one another (case and spacing aside)."""
    a, b = " ".join(quote.lower().split()), " ".join(text.lower().split())
    return bool(a) and bool(b) and (a in b or b in a)


def _source(
    session: Session,
    *,
    project: Project,
    interview: LiveInterview,
    version: GuideVersion,
    transcript: Transcript,
) -> Source:
    """The Source row, and as its "original file" the interview written out as a plain-text transcript."""
    header = (
        f"Live interview {interview.id}: {interview.title} (guide {version.name!r}, version {version.number})"
    )
    body = "\n".join(f"{turn.speaker}: {turn.text}" for turn in transcript.turns)
    data = f"{header}\n\n{body}\n".encode()
    source = Source(
        project_id=project.id or 0,
        kind=SourceKind.INTERVIEW,
        filename=f"live-interview-{interview.id}.txt",
        format="live",
        title=interview.title,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        warnings=[],
    )
    session.add(source)
    session.flush()
    if project.keep_original_files:
        session.add(SourceFile(source_id=source.id or 0, content=data))
    return source


def _assign_participant(session: Session, *, source: Source, participant: Participant) -> None:
    """The respondent is the participant chosen when the interview started, whatever the store matched.

    The speaker label is kept as the store wrote it (a pseudonym when the project redacts).
    """
    speakers = session.exec(
        select(Speaker).where(Speaker.source_id == source.id, Speaker.role == SpeakerRole.RESPONDENT)
    ).all()
    for speaker in speakers:
        reassign_speaker(session, speaker=speaker, participant_id=participant.id or 0)
    source.participant_count = 1
    session.flush()


def _link(session: Session, *, source: Source, version: GuideVersion, plan: list[PlannedTurn]) -> int:
    """One GuideLink per utterance: the question (and its stage) each sentence asked or answered."""
    rows = session.exec(select(Utterance.id, Utterance.turn).where(Utterance.source_id == source.id)).all()
    links = [
        {
            "utterance_id": utterance_id,
            "source_id": source.id,
            "guide_version_id": version.id,
            "question_id": plan[turn].question_id,
            "section_id": plan[turn].section_id,
            "stage": plan[turn].stage,
            "asked": plan[turn].asked,
            "score": 1.0,
            "origin": LinkOrigin.LIVE,
        }
        for utterance_id, turn in rows
    ]
    if links:
        session.execute(insert(GuideLink), links)
    return len(rows)


def _highlight(
    session: Session,
    *,
    source: Source,
    interview: LiveInterview,
    plan: list[PlannedTurn],
    user: User,
    redactor: ProjectRedaction | None,
) -> int:
    """Each quote becomes a highlight on the first sentence of its line that it covers."""
    count = 0
    for turn, planned in enumerate(plan):
        for quote in planned.quotes:
            sentences = session.exec(
                select(Utterance)
                .where(Utterance.source_id == source.id, Utterance.turn == turn)
                .order_by(col(Utterance.sentence))
            ).all()
            if not sentences:
                continue
            anchor = next((u for u in sentences if overlaps(quote, u.text)), sentences[0])
            text = redactor.text(quote) if redactor else quote
            session.add(
                Highlight(
                    project_id=source.project_id,
                    source_id=source.id or 0,
                    utterance_id=anchor.id or 0,
                    interview_id=interview.id,
                    question_id=planned.question_id,
                    text=text,
                    created_by=user.id,
                )
            )
            count += 1
    return count


def _redact_draft(session: Session, *, answers: list[LiveAnswer], redactor: ProjectRedaction) -> None:
    """With redaction on, the draft keeps only redacted text once the interview is stored."""
    for answer in answers:
        answer.text, answer.notes = redactor.text(answer.text), redactor.text(answer.notes)
        answer.quotes = [redactor.text(q) for q in answer.quotes]
        session.add(answer)

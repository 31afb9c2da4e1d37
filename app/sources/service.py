"""Sources: import a file (all or nothing), list, read, re-assign speaker roles, delete with its rows."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import CompoundSelect, Select, delete, func, update
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.service import record
from app.errors import DuplicateSource, InvalidUpload, NotFound
from app.jobs.chunks import chunks
from app.participants.models import Participant
from app.projects.models import Project
from app.sources.duplicates import (
    duplicate_warning,
    forget_duplicate_links,
    mark_near_duplicate,
    refingerprint,
)
from app.sources.erasure import ORIGINAL_ERASED
from app.sources.models import (
    ImportResult,
    Source,
    SourceFile,
    SourceFingerprint,
    SourceKind,
    SourcePage,
    SourceRead,
    Speaker,
    SpeakerUpdate,
    SurveyClosedQuestion,
    SurveyQuestion,
    SurveyQuestionRead,
    SurveyResponse,
)
from app.sources.parsing import parse_upload
from app.sources.redaction import project_redactor
from app.sources.respondents_note import without_no_respondent
from app.sources.store import participant_for_label, store_interview, store_survey
from app.utterances.models import Utterance
from nlp.ingest import IngestLimits, IngestOptions, empty_file
from nlp.types import Sentence, SpeakerRole, Survey, Transcript


def import_file(
    session: Session,
    *,
    project: Project,
    filename: str,
    data: bytes,
    max_bytes: int,
    options: IngestOptions | None = None,
    role_overrides: Mapping[str, SpeakerRole] | None = None,
    actor: User | None = None,
    limits: IngestLimits | None = None,
    parsed: Transcript | Survey | None = None,
    sentences: Sequence[Sentence] | None = None,
) -> ImportResult:
    """Parse and store one file inside a savepoint: on any error nothing of it remains.

    Args:
        limits: Per-file caps (rows, utterances, unpacked size); the library defaults if None.
        parsed: `data` already parsed (outside the transaction) by `parse_upload`.
        sentences: An interview's sentences, already split (by the parser process) from `parsed`.

    Raises:
        InvalidUpload: the file is empty, too large, malformed or of an unknown format.
        DuplicateSource: the same bytes were already imported into this project.

    A file whose utterances an earlier source already holds is imported, and marked and warned about
    (`app.sources.duplicates`).
    """
    digest = check_new_file(session, project=project, filename=filename, data=data)
    limits = limits or IngestLimits()
    if parsed is None:
        parsed = parse_upload(filename, data, options=options, max_bytes=max_bytes, limits=limits)
    with session.begin_nested():
        source = Source(
            project_id=project.id or 0,
            kind=SourceKind.INTERVIEW if isinstance(parsed, Transcript) else SourceKind.SURVEY,
            filename=filename,
            format=parsed.format,
            title=getattr(parsed, "title", None),
            sha256=digest,
            size_bytes=len(data),
            warnings=list(parsed.warnings),
        )
        session.add(source)
        session.flush()
        if project.keep_original_files:
            session.add(SourceFile(source_id=source.id or 0, content=data))
        redactor = project_redactor(session, project=project) if project.redact_on_import else None
        matched = 0
        if isinstance(parsed, Transcript):
            store_interview(
                session,
                source=source,
                transcript=parsed,
                role_overrides=role_overrides,
                redactor=redactor,
                max_utterances=limits.max_utterances,
                sentences=sentences,
            )
        else:
            matched = store_survey(
                session, source=source, survey=parsed, redactor=redactor, max_utterances=limits.max_utterances
            )
        session.add(source)
        duplicate = mark_near_duplicate(session, source=source)
        if actor is not None:
            record(
                session,
                actor=actor,
                action="source.upload",
                project_id=project.id,
                source_id=source.id,
                filename=filename,
                utterances=source.utterance_count,
                **({"duplicate_of": duplicate.source_id} if duplicate else {}),
            )
        session.flush()
    return ImportResult(
        source=SourceRead.model_validate(source),
        turns=source.turn_count,
        utterances=source.utterance_count,
        participants=source.participant_count,
        warnings=([duplicate_warning(duplicate)] if duplicate else []) + list(source.warnings),
        near_duplicate=duplicate,
        matched_participants=matched,
    )


def check_new_file(session: Session, *, project: Project, filename: str, data: bytes) -> str:
    """Refuse an empty file or one already imported into the project; returns its SHA-256.

    Raises:
        InvalidUpload: the file is empty.
        DuplicateSource: the same bytes were already imported into this project.
    """
    if not data:  # the wording a blank file gets from the parser
        empty = empty_file(filename)
        raise InvalidUpload(str(empty), detail={"file": filename, "reason": empty.code})
    digest = hashlib.sha256(data).hexdigest()
    _reject_duplicate(session, project_id=project.id or 0, filename=filename, digest=digest)
    return digest


def _reject_duplicate(session: Session, *, project_id: int, filename: str, digest: str) -> None:
    existing = session.exec(
        select(Source).where(Source.project_id == project_id, Source.sha256 == digest)
    ).first()
    if existing is not None:
        raise DuplicateSource(
            f"{filename}: this file was already imported as {existing.filename!r} (source {existing.id}); "
            "it was not stored again.",
            detail={"file": filename, "existing_source_id": existing.id, "reason": "duplicate"},
        )


def get_source(session: Session, source_id: int) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"Source {source_id} does not exist.")
    return source


def list_sources(
    session: Session, *, project_id: int, offset: int = 0, limit: int | None = None
) -> list[Source]:
    """A project's sources in import order, from `offset`, at most `limit` of them (all when None)."""
    return list(
        session.exec(
            select(Source)
            .where(Source.project_id == project_id)
            .order_by(col(Source.created_at), col(Source.id))
            .offset(offset)
            .limit(limit)
        ).all()
    )


def count_sources(session: Session, *, project_id: int) -> int:
    return session.exec(select(func.count()).select_from(Source).where(Source.project_id == project_id)).one()


def source_page(session: Session, *, project_id: int, page: int, page_size: int) -> SourcePage:
    """One page of a project's sources, in import order, with how many there are in all."""
    rows = list_sources(session, project_id=project_id, offset=(page - 1) * page_size, limit=page_size)
    items = [SourceRead.model_validate(s) for s in rows]
    return SourcePage(
        items=items, total=count_sources(session, project_id=project_id), page=page, page_size=page_size
    )


def source_filenames(session: Session, *, ids: Sequence[int]) -> dict[int, str]:
    """The file names of these sources, by id (the earlier sources that a page of sources repeats)."""
    found: dict[int, str] = {}
    for part in chunks(list(ids)):
        found |= {
            sid or 0: name
            for sid, name in session.exec(select(Source.id, Source.filename).where(col(Source.id).in_(part)))
        }
    return found


def original_bytes(session: Session, *, source: Source) -> bytes:
    stored = session.get(SourceFile, source.id)
    if stored is None and ORIGINAL_ERASED in source.warnings:
        raise NotFound(f"The original file of source {source.id} is not kept: {ORIGINAL_ERASED}")
    if stored is None:
        raise NotFound(
            f"The original file of source {source.id} is not kept: the project does not keep original files."
        )
    return stored.content


def list_speakers(session: Session, *, source_id: int) -> list[Speaker]:
    get_source(session, source_id)
    return list(
        session.exec(select(Speaker).where(Speaker.source_id == source_id).order_by(col(Speaker.id))).all()
    )


def list_questions(session: Session, *, source_id: int) -> list[SurveyQuestionRead]:
    get_source(session, source_id)
    questions = session.exec(
        select(SurveyQuestion)
        .where(SurveyQuestion.source_id == source_id)
        .order_by(col(SurveyQuestion.position))
    ).all()
    counts = dict(
        session.exec(
            select(Utterance.question_id, func.count(func.distinct(Utterance.participant_id)))
            .where(Utterance.source_id == source_id)
            .group_by(col(Utterance.question_id))
        ).all()
    )
    return [SurveyQuestionRead(**q.model_dump(), answer_count=counts.get(q.id, 0)) for q in questions]


def update_speaker(session: Session, *, source_id: int, speaker_id: int, data: SpeakerUpdate) -> Speaker:
    """Override a speaker's role (and/or participant); their utterances follow."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None or speaker.source_id != source_id:
        raise NotFound(f"Speaker {speaker_id} does not exist in source {source_id}.")
    if data.participant_id is not None:
        participant = session.get(Participant, data.participant_id)
        source = get_source(session, source_id)
        if participant is None or participant.project_id != source.project_id:
            raise NotFound(f"Participant {data.participant_id} does not exist in this project.")
        speaker.participant_id = participant.id
    role_changed = data.role is not None and data.role != speaker.role
    if data.role is not None and data.role != speaker.role:
        speaker.role = str(data.role)
        speaker.role_overridden = True
        if data.role == SpeakerRole.RESPONDENT and speaker.participant_id is None:
            source = get_source(session, source_id)
            speaker.participant_id = participant_for_label(session, source=source, label=speaker.label).id
    session.add(speaker)
    session.execute(
        update(Utterance)
        .where(col(Utterance.speaker_id) == speaker_id)
        .values(speaker_role=speaker.role, participant_id=speaker.participant_id)
    )
    session.flush()
    if role_changed:  # fingerprints hold respondents' answers only: who is one just changed
        refingerprint(session, source_ids=[source_id])
    if data.role == SpeakerRole.RESPONDENT:
        source = get_source(session, source_id)
        if (kept := without_no_respondent(source.warnings)) != source.warnings:
            source.warnings = kept
            session.add(source)
    return speaker


# (participant, source) columns of every row that puts a participant in a source.
_SOURCE_LINKS = (
    (col(Utterance.participant_id), col(Utterance.source_id)),
    (col(SurveyResponse.participant_id), col(SurveyResponse.source_id)),
    (col(Speaker.participant_id), col(Speaker.source_id)),
)


def delete_source(session: Session, *, source_id: int, actor: User | None = None) -> dict[str, int]:
    """Delete a source with its utterances, speakers, questions, file, and the participants it leaves with
    nothing (see `_settle_participants`); return how many rows of each kind went or stayed."""
    source = get_source(session, source_id)
    if actor is not None:
        record(
            session,
            actor=actor,
            action="source.delete",
            project_id=source.project_id,
            source_id=source_id,
            filename=source.filename,
        )
    forget_duplicate_links(session, source_id=source_id)
    _delete_where(session, SourceFingerprint, col(SourceFingerprint.source_id) == source_id)
    respondents = _respondent_ids(session, source_id=source_id)
    removed = {
        "utterances": _delete_where(session, Utterance, col(Utterance.source_id) == source_id),
        "speakers": _delete_where(session, Speaker, col(Speaker.source_id) == source_id),
        "questions": _delete_where(session, SurveyQuestion, col(SurveyQuestion.source_id) == source_id),
    }
    _delete_where(session, SurveyClosedQuestion, col(SurveyClosedQuestion.source_id) == source_id)
    responses = select(SurveyResponse.participant_id, SurveyResponse.added)
    added = session.exec(responses.where(SurveyResponse.source_id == source_id)).all()
    removed["survey_responses"] = _delete_where(
        session, SurveyResponse, col(SurveyResponse.source_id) == source_id
    )
    _delete_where(session, SourceFile, col(SourceFile.source_id) == source_id)
    removed |= _settle_participants(session, source_id=source_id, respondents=respondents)
    removed["attributes_taken_back"] = _take_back_answers(session, added=added)
    session.delete(source)
    session.flush()
    return removed


def _settle_participants(session: Session, *, source_id: int, respondents: list[int]) -> dict[str, int]:
    """After a source's rows are deleted: remove the participants it brought in who are in no other source,
    unless a researcher edited them; hand those who stay to another source they are in. Counts the
    participants removed, and of the source's respondents those kept, kept because they are in other
    sources, and kept because a researcher edited them."""
    still_used = _participants_in_sources()
    left = (col(Participant.origin_source_id) == source_id) & col(Participant.id).not_in(still_used)
    counts = {
        "participants": _delete_where(session, Participant, left & col(Participant.edited_at).is_(None)),
        "respondents_kept": 0,
        "respondents_kept_elsewhere": 0,
        "respondents_kept_edited": 0,
    }
    _hand_over_participants(session, source_id=source_id)
    for part in chunks(respondents):  # a survey may have hundreds of thousands of respondents
        kept = select(func.count()).select_from(Participant).where(col(Participant.id).in_(part))
        counts["respondents_kept"] += int(session.exec(kept).one())
        counts["respondents_kept_elsewhere"] += int(
            session.exec(kept.where(col(Participant.id).in_(still_used))).one()
        )
        edited = col(Participant.id).not_in(still_used) & col(Participant.edited_at).is_not(None)
        counts["respondents_kept_edited"] += int(session.exec(kept.where(edited)).one())
    return counts


# Selects of participant ids that rows of higher features hold (a live interview's draft), registered by
# app/handlers.py: a participant one of them holds is never removed as "left with nothing".
_participant_holds: dict[str, Select[Any]] = {}


def register_participant_hold(name: str, held: Select[Any]) -> None:
    """Count the participant ids `held` selects as still in use when a source or speaker lets go of them
    (registering a name again replaces its select)."""
    _participant_holds[name] = held


def _participants_in_sources() -> CompoundSelect[Any]:
    """The ids of participants still in use: some source refers to them (an utterance, a survey response, a
    speaker) or a registered hold does (a live interview)."""
    return (
        select(Utterance.participant_id)
        .where(col(Utterance.participant_id).is_not(None))
        .union(
            select(SurveyResponse.participant_id),
            select(Speaker.participant_id).where(col(Speaker.participant_id).is_not(None)),
            *_participant_holds.values(),
        )
    )


def _hand_over_participants(session: Session, *, source_id: int) -> None:
    """Make the participants a deleted source brought in, and who stay, another source's: the first one they
    are in (none for those kept because a researcher edited them). So deleting the last source a
    participant is in removes them, in whichever order their sources go."""
    kept = session.exec(select(Participant.id).where(Participant.origin_source_id == source_id)).all()
    first = _first_sources(session, participant_ids=[pid for pid in kept if pid is not None])
    by_heir: dict[int | None, list[int]] = {}
    for pid in kept:
        if pid is not None:
            by_heir.setdefault(first.get(pid), []).append(pid)
    for heir, ids in by_heir.items():
        for part in chunks(ids):
            session.execute(
                update(Participant).where(col(Participant.id).in_(part)).values(origin_source_id=heir)
            )


def _first_sources(session: Session, *, participant_ids: Sequence[int]) -> dict[int, int]:
    """Participant id -> the lowest id of a source they are in (one in none is left out)."""
    first: dict[int, int] = {}
    for part in chunks(participant_ids):
        for participant_id, in_source in _SOURCE_LINKS:
            query = (
                select(participant_id, func.min(in_source))
                .where(participant_id.in_(part))
                .group_by(participant_id)
            )
            for pid, sid in session.exec(query):
                if pid is not None and sid is not None:
                    first[pid] = min(first.get(pid, sid), sid)
    return first


def _respondent_ids(session: Session, *, source_id: int) -> list[int]:
    """The participants who speak in a source or gave one of its survey responses."""
    spoke = select(Utterance.participant_id).where(
        Utterance.source_id == source_id, col(Utterance.participant_id).is_not(None)
    )
    answered = select(SurveyResponse.participant_id).where(SurveyResponse.source_id == source_id)
    ids = {*session.exec(spoke).all(), *session.exec(answered).all()}
    return [pid for pid in ids if pid is not None]


def _take_back_answers(session: Session, *, added: Sequence[tuple[int, Mapping[str, str]]]) -> int:
    """Remove from the participants who remain the attributes a deleted survey added to them; return from
    how many participants some were taken back.

    A key whose value was changed since is kept, and so is one another survey of theirs gave the same
    answer to (it added nothing then, as the answer was there; it is that survey's to take back now). A
    key taken back whose answer another survey stored beside it ("Plan (wave2.csv)") gets that answer back
    under its own name.
    """
    by_participant: dict[int, dict[str, str]] = {}
    for participant_id, answers in added:
        if answers:
            by_participant.setdefault(participant_id, {}).update(answers)
    participants: list[Participant] = []
    others: dict[int, list[SurveyResponse]] = {}
    for ids in chunks(list(by_participant)):
        participants.extend(session.exec(select(Participant).where(col(Participant.id).in_(ids))))
        remaining = select(SurveyResponse).where(col(SurveyResponse.participant_id).in_(ids))
        for response in session.exec(
            remaining.order_by(col(SurveyResponse.source_id), col(SurveyResponse.id))
        ):
            others.setdefault(response.participant_id, []).append(response)
    changed = 0
    for participant in participants:
        attributes = dict(participant.attributes or {})
        given = others.get(participant.id or 0, [])
        for key, value in by_participant[participant.id or 0].items():
            if attributes.get(key) != value:
                continue  # changed by hand since
            same = next((r for r in given if (r.answers or {}).get(key) == value), None)
            if same is not None:  # that survey holds the answer now: deleting it takes it back
                same.added = {**(same.added or {}), key: value}
            else:
                del attributes[key]
                _promote_beside(attributes, key=key, responses=given)
        if attributes != participant.attributes:
            participant.attributes = attributes  # a new dict, so the JSON column is written
            session.add(participant)
            changed += 1
    return changed


def _promote_beside(attributes: dict[str, str], *, key: str, responses: Sequence[SurveyResponse]) -> None:
    """Move the first remaining survey's answer stored beside `key` ("Plan (b.csv)") to `key` itself,
    unless it was edited by hand since; that survey's `added` then names `key`, so deleting it takes the
    answer back in turn."""
    for response in responses:
        added = response.added or {}
        for beside, value in added.items():
            if (
                beside.startswith(f"{key} (")
                and attributes.get(beside) == value
                and (response.answers or {}).get(key) == value
            ):
                del attributes[beside]
                attributes[key] = value
                response.added = {key if k == beside else k: v for k, v in added.items()}
                return


def _delete_where(session: Session, model: type, condition: object) -> int:
    result = session.execute(delete(model).where(condition))  # type: ignore[arg-type]
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_if_unused(session: Session, *, participant_id: int) -> bool:
    """Delete a participant nothing uses any more (no utterance, survey response, speaker or registered
    hold such as a live interview) and no researcher edited; say whether it went."""
    session.flush()
    participant = session.get(Participant, participant_id)
    if participant is None or participant.edited_at is not None:
        return False
    in_use = select(Participant.id).where(
        Participant.id == participant_id, col(Participant.id).in_(_participants_in_sources())
    )
    if session.exec(in_use).first() is not None:
        return False
    session.delete(participant)
    session.flush()
    return True


def reassign_speaker(session: Session, *, speaker: Speaker, participant_id: int) -> None:
    """Make `speaker` participant `participant_id`, with every utterance they spoke.

    The participant they were before goes when the store made it for this speaker's source and nothing
    refers to it any more; one a researcher made (by hand or from a roster) or edited stays.
    """
    previous_id = speaker.participant_id
    speaker.participant_id = participant_id
    session.add(speaker)
    session.execute(
        update(Utterance).where(col(Utterance.speaker_id) == speaker.id).values(participant_id=participant_id)
    )
    previous = session.get(Participant, previous_id) if previous_id not in (None, participant_id) else None
    if previous is not None and previous.id is not None and previous.origin_source_id == speaker.source_id:
        delete_if_unused(session, participant_id=previous.id)
    session.flush()

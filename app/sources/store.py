"""Write a parsed interview or survey into the database as speakers, participants and utterances.

With a project redaction, names, emails, phone numbers and URLs are replaced before anything is
written: speaker labels and participant names become pseudonyms ("Participant 3"), and a returning
person is recognised by a keyed hash of their name rather than the name itself.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import PurePath
from typing import Any, cast

from sqlalchemy import Table, insert, inspect
from sqlmodel import Session, col, select

from app.errors import UploadTooLarge
from app.participants.models import Participant
from app.participants.profile import fill_profile, merge_answers
from app.sources.models import Source, Speaker, SurveyClosedQuestion, SurveyQuestion, SurveyResponse
from app.sources.parse_process import drop_in_steps
from app.sources.redaction import ProjectRedaction, next_pseudonym_number
from app.sources.respondents_note import no_respondent_warning
from app.utterances.models import Utterance
from nlp.ingest import infer_roles, sentences_of
from nlp.ingest.speakers import bare_name
from nlp.types import Sentence, SpeakerRole, Survey, SurveyRespondent, Transcript, Turn

# Labels that name a role rather than a person: each file's "Interviewee" is a different person.
_GENERIC_LABEL = re.compile(
    r"^(interviewee|interviewer|respondent|participant|customer|guest|speaker|user|client|moderator|q|a|r)"
    r"\s*\d*$",
    re.IGNORECASE,
)
# Participants stored before attendee notes were left out of names ("Marco Rossi (Guest)"), as their keyed
# hash is found with redaction on (the hash folds case and spacing).
_LEGACY_NOTES = (" (guest)", " (external)", " (unverified)", " (she/her)", " (he/him)", " (they/them)")
# Utterance rows per INSERT: each batch is built, sent and dropped before the next, and the GIL is offered
# to other threads between batches, so a large import never holds the event loop's thread for long.
INSERT_BATCH = 500
UTTERANCE_TABLE = cast(Table, inspect(Utterance).local_table)
RESPONSE_TABLE = cast(Table, inspect(SurveyResponse).local_table)


class ParticipantBook:
    """Finds or creates the participants of one import, giving each new one the next pseudonym."""

    def __init__(self, session: Session, *, source: Source, redaction: ProjectRedaction | None) -> None:
        self.session = session
        self.source = source
        self.redaction = redaction
        self._next = next_pseudonym_number(session, project_id=source.project_id)
        self._created: set[int] = set()
        # Participants who were in the project before this import and were found again, by id.
        self.matched: set[int] = set()

    def for_name(self, name: str, *, attributes: Mapping[str, str] | None = None) -> Participant:
        """The project's participant called `name` (a generic label gets one per file)."""
        # The speaker label keeps "(Guest)" or "(she/her)", since it tells who is interviewed, but the
        # person is "Marco Rossi" in every file.
        name = bare_name(name)
        if _GENERIC_LABEL.match(name.strip()):
            name = f"{name} ({PurePath(self.source.filename).stem})"
        existing = self._find(name)
        if existing is not None:
            if existing.id not in self._created:
                self.matched.add(existing.id or 0)
            return existing
        pseudonym = f"Participant {self._next}"
        self._next += 1
        participant = Participant(
            project_id=self.source.project_id,
            display_name=pseudonym if self.redaction else name,
            pseudonym=pseudonym,
            name_hash=self.redaction.name_hash(name) if self.redaction else None,
            attributes=dict(attributes or {}),
            origin_source_id=self.source.id,
        )
        self.session.add(participant)
        self.session.flush()
        self._created.add(participant.id or 0)
        return participant

    def _find(self, name: str) -> Participant | None:
        """The participant called `name`, or else one stored with an attendee note after it."""
        query = select(Participant).where(Participant.project_id == self.source.project_id)
        if self.redaction:
            hashes = [self.redaction.name_hash(f"{name}{note}") for note in ("", *_LEGACY_NOTES)]
            found = self.session.exec(query.where(col(Participant.name_hash).in_(hashes))).all()
            return min(found, key=lambda p: hashes.index(p.name_hash or ""), default=None)
        exact = self.session.exec(query.where(Participant.display_name == name)).first()
        if exact is not None:
            return exact
        noted = query.where(col(Participant.display_name).startswith(f"{name} (", autoescape=True))
        candidates = self.session.exec(noted.order_by(col(Participant.id)))
        return next((p for p in candidates if bare_name(p.display_name) == name), None)


def participant_for_label(session: Session, *, source: Source, label: str) -> Participant:
    """The participant a speaker label stands for (used when a speaker is re-marked as respondent)."""
    return ParticipantBook(session, source=source, redaction=None).for_name(label)


def store_interview(
    session: Session,
    *,
    source: Source,
    transcript: Transcript,
    role_overrides: Mapping[str, SpeakerRole] | None = None,
    redactor: ProjectRedaction | None = None,
    max_utterances: int | None = None,
    sentences: Sequence[Sentence] | None = None,
) -> None:
    """Store speakers, respondent participants and one utterance per sentence of each turn (`sentences`,
    when they were split already, as in the parser process; else split here).

    Raises:
        UploadTooLarge: the sentences number more than `max_utterances` (nothing is inserted).
    """
    roles = infer_roles(transcript, role_overrides)
    if (warning := no_respondent_warning(roles)) is not None:
        source.warnings = [*source.warnings, warning]
    speakers = _create_speakers(session, source=source, transcript=transcript, roles=roles, redactor=redactor)
    clean = redactor.text if redactor else _same
    split_here = sentences_of(transcript) if sentences is None else []
    sentences = split_here if sentences is None else sentences
    _check_count(source, len(sentences), max_utterances)
    _insert_utterances(session, _interview_rows(source, transcript, speakers, sentences, clean))
    source.title = clean(source.title) if source.title else None
    source.turn_count = len(transcript.turns)
    source.utterance_count = len(sentences)
    drop_in_steps(split_here)  # the caller frees sentences it passed in (app.sources.parse_process.release)
    source.participant_count = len({s.participant_id for s in speakers.values() if s.participant_id})


def _interview_rows(
    source: Source,
    transcript: Transcript,
    speakers: Mapping[str, Speaker],
    sentences: Iterable[Sentence],
    clean: Callable[[str], str],
) -> Iterator[dict[str, Any]]:
    """One utterance row per sentence, made as the inserts ask for them (never all at once)."""
    for sentence in sentences:
        turn = transcript.turns[sentence.turn]
        speaker = speakers[turn.speaker]
        yield {
            "project_id": source.project_id,
            "source_id": source.id,
            "participant_id": speaker.participant_id,
            "speaker_id": speaker.id,
            "speaker_role": speaker.role,
            "speaker_label": speaker.label,
            "turn": sentence.turn,
            "sentence": sentence.sentence,
            "start_s": turn.start,
            "end_s": turn.end,
            "line": turn.line,
            "text": clean(sentence.text),
        }


def _same(text: str) -> str:
    return text


def _create_speakers(
    session: Session,
    *,
    source: Source,
    transcript: Transcript,
    roles: Mapping[str, SpeakerRole],
    redactor: ProjectRedaction | None,
) -> dict[str, Speaker]:
    turn_counts: dict[str, int] = {}
    for turn in transcript.turns:
        turn_counts[turn.speaker] = turn_counts.get(turn.speaker, 0) + 1
    book = ParticipantBook(session, source=source, redaction=redactor)
    speakers: dict[str, Speaker] = {}
    interviewers = 0
    for label in transcript.speakers:
        participant = book.for_name(label) if roles[label] == SpeakerRole.RESPONDENT else None
        shown = label
        if redactor is not None:
            if participant is not None:
                shown = participant.display_name
            else:
                interviewers += 1
                shown = f"Interviewer {interviewers}"
            if not _GENERIC_LABEL.match(label.strip()):
                redactor.redactor.add(label, f"[{shown}]")
        speaker = Speaker(
            source_id=source.id or 0,
            label=shown,
            role=str(roles[label]),
            participant_id=participant.id if participant else None,
            turn_count=turn_counts[label],
        )
        session.add(speaker)
        speakers[label] = speaker
    session.flush()
    return speakers


def store_survey(
    session: Session,
    *,
    source: Source,
    survey: Survey,
    redactor: ProjectRedaction | None = None,
    max_utterances: int | None = None,
) -> int:
    """Questions become SurveyQuestions, rows become participants and SurveyResponses (their closed
    answers), open answers become utterances. Returns how many respondents were participants already.

    A respondent who is a participant already (by name, or by its keyed hash with redaction) keeps their
    attributes; the survey's closed answers are merged in (`merge_answers`) and a note on the source says
    how many were matched, and by what.

    Raises:
        UploadTooLarge: the sentences number more than `max_utterances` (nothing is inserted).
    """
    clean = redactor.text if redactor else _same
    questions = {
        q.position: SurveyQuestion(
            source_id=source.id or 0, position=q.position, column_name=q.column, text=q.text
        )
        for q in survey.questions
    }
    session.add_all(questions.values())
    session.add_all(
        SurveyClosedQuestion(
            source_id=source.id or 0,
            position=q.position,
            column_name=q.column,
            text=q.text,
            multi_select=q.multi_select,
        )
        for q in survey.closed
    )
    book = ParticipantBook(session, source=source, redaction=redactor)
    participants = []
    matched_by: dict[int, str] = {}
    seen: set[int] = set()
    responses: list[dict[str, Any]] = []
    for respondent in survey.respondents:
        attributes = {key: clean(value) for key, value in respondent.attributes.items()}
        participant = book.for_name(_respondent_name(respondent, source=source), attributes=attributes)
        added = dict(attributes)  # what a participant this survey created starts with
        if participant.id in book.matched or participant.id in seen:  # seen: a row repeats a respondent
            before = dict(participant.attributes or {})
            merge_answers(participant, attributes, source_label=source.filename)
            added = {k: v for k, v in (participant.attributes or {}).items() if before.get(k) != v}
            matched_by.setdefault(participant.id or 0, "name" if respondent.name else "response ID")
        fill_profile(participant, attributes)
        participants.append(participant)
        seen.add(participant.id or 0)
        responses.append({"source_id": source.id, "participant_id": participant.id, "row": respondent.row,
                          "answers": attributes, "added": added})  # fmt: skip
    session.flush()
    for start in range(0, len(responses), INSERT_BATCH):
        session.execute(insert(RESPONSE_TABLE), responses[start : start + INSERT_BATCH])
    matched = {pid: by for pid, by in matched_by.items() if pid in book.matched}
    if matched:
        # First, so that the upload result shows it however many parse warnings follow.
        source.warnings = [
            _matched_note(matched, source=source, hashed=redactor is not None),
            *source.warnings,
        ]
    answers = [
        (index, position, clean(text))
        for index, respondent in enumerate(survey.respondents)
        for position, text in sorted(respondent.answers.items())
    ]
    sentence_lists = split_sentences_many([text for _, _, text in answers])
    count = sum(len(sentences) for sentences in sentence_lists)
    _check_count(source, count, max_utterances)
    rows = (
        {
            "project_id": source.project_id,
            "source_id": source.id,
            "participant_id": participants[index].id,
            "question_id": questions[position].id,
            "speaker_role": str(SpeakerRole.RESPONDENT),
            "speaker_label": participants[index].display_name,
            "turn": index,
            "sentence": number,
            "line": survey.respondents[index].row,
            "text": text,
        }
        for (index, position, _), sentences in zip(answers, sentence_lists, strict=True)
        for number, text in enumerate(sentences)
    )
    _insert_utterances(session, rows)
    source.turn_count = len(answers)
    source.utterance_count = count
    source.participant_count = len({p.id for p in participants})
    return len(matched)


def _matched_note(matched: Mapping[int, str], *, source: Source, hashed: bool) -> str:
    """What the upload result and the survey page say about respondents who were participants already."""
    by = " and ".join(f"{n} by {what}" for what, n in sorted(Counter(matched.values()).items()))
    how = "; redaction is on, so by a keyed hash of it" if hashed else ""
    who = (
        "respondent was already a participant"
        if len(matched) == 1
        else "respondents were already participants"
    )
    return (
        f"{len(matched)} {who} ({by}{how}): their attributes keep earlier answers, a different one is "
        f'added as "<column> ({source.filename})"; this survey counts its own answers.'
    )


def _respondent_name(respondent: SurveyRespondent, *, source: Source) -> str:
    if respondent.name:
        return respondent.name
    if respondent.respondent_id.startswith("row "):
        # Row numbers repeat across files; a response id (Qualtrics, Typeform) does not.
        return f"Respondent {respondent.respondent_id} ({PurePath(source.filename).stem})"
    return f"Respondent {respondent.respondent_id}"


def split_sentences_many(texts: list[str]) -> list[list[str]]:
    """Split many answers in one batched pass (the sentence splitter pipes its inputs)."""
    batch = Transcript(format="survey", turns=[Turn(speaker="respondent", text=text) for text in texts])
    grouped: list[list[str]] = [[] for _ in texts]
    for sentence in sentences_of(batch):
        grouped[sentence.turn].append(sentence.text)
    return [group or [text] for group, text in zip(grouped, texts, strict=True)]


def _check_count(source: Source, count: int, limit: int | None) -> None:
    if limit is not None and count > limit:
        raise UploadTooLarge(
            f"{source.filename}: the file gives {count:,} utterances; the limit is {limit:,} "
            "(DESIRELINES_MAX_UTTERANCES); split it into smaller files.",
            detail={"file": source.filename, "reason": "too_large"},
        )


def _insert_utterances(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Insert rows (all with the same keys) INSERT_BATCH at a time, one executemany each (fast on SQLite
    and PostgreSQL, triggers still fire), in the caller's transaction: a failure in any batch leaves none
    of them.

    Between batches `time.sleep(0)` lets a waiting thread (the event loop's) take the GIL at once, rather
    than after the interpreter's switch interval; building the next batch's rows runs in short
    interruptible steps, and no list of every row is ever held.
    """
    # Core INSERT of the table, not the ORM's bulk insert: that one splits a batch wherever a row's None
    # values differ from the previous row's (an interviewer's sentence, then a respondent's), and would
    # send a few rows per statement.
    statement = insert(UTTERANCE_TABLE)
    iterator = iter(rows)
    while batch := list(islice(iterator, INSERT_BATCH)):
        session.execute(statement, batch)
        time.sleep(0)

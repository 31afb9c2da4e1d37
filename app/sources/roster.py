"""A participant roster (CSV): who each respondent is, and which speaker label in which file they are."""

from __future__ import annotations

import csv
import io

from sqlmodel import Session, SQLModel, col, select

from app.db import utcnow
from app.errors import InvalidUpload
from app.participants.models import CommitteeRole, Participant
from app.participants.service import find_participant
from app.sources.models import Source, Speaker
from app.sources.service import reassign_speaker
from nlp.ingest import IngestError
from nlp.ingest.decode import decode
from nlp.ingest.speakers import same_speaker

_FIELDS = ("job_title", "company", "sector", "company_size", "revenue_band")
_LINK = ("speaker_label", "source_file")


class RosterResult(SQLModel):
    created: int
    updated: int
    linked_speakers: int


def apply_roster(session: Session, *, project_id: int, filename: str, data: bytes) -> RosterResult:
    """Create or update participants from a roster and link them to the speakers the roster names.

    Raises:
        InvalidUpload: the file cannot be decoded, has no `name` column, or a row has a bad role.
    """
    rows = _read_rows(filename, data)
    result = RosterResult(created=0, updated=0, linked_speakers=0)
    for line, row in rows:
        name = row.get("name", "").strip()
        if not name:
            continue
        participant = find_participant(session, project_id=project_id, name=name)
        if participant is None:
            participant = Participant(project_id=project_id, display_name=name)
            result.created += 1
        else:
            result.updated += 1
        _apply_fields(participant, row, filename=filename, line=line)
        if participant.id is not None and session.is_modified(participant):
            participant.edited_at = utcnow()  # the researcher's now: deleting its sources keeps it
        session.add(participant)
        session.flush()
        result.linked_speakers += _link_speaker(
            session, project_id=project_id, participant=participant, row=row
        )
    return result


def _read_rows(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        text = decode(filename, data).text
    except IngestError as err:
        raise InvalidUpload(str(err), detail={"file": filename, "line": err.line}) from err
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
        raise InvalidUpload(
            f"{filename}, line 1: a participant roster needs a 'name' column; found {reader.fieldnames}.",
            detail={"file": filename, "line": 1},
        )
    return [
        (number, {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()})
        for number, row in enumerate(reader, start=2)
    ]


def _apply_fields(participant: Participant, row: dict[str, str], *, filename: str, line: int) -> None:
    for field in _FIELDS:
        if row.get(field):
            setattr(participant, field, row[field])
    role = row.get("committee_role")
    if role:
        try:
            participant.committee_role = CommitteeRole(role.lower().replace(" ", "_"))
        except ValueError as err:
            allowed = ", ".join(r.value for r in CommitteeRole)
            raise InvalidUpload(
                f"{filename}, line {line}: committee_role {role!r} is not one of {allowed}.",
                detail={"file": filename, "line": line},
            ) from err
    extra = {k: v for k, v in row.items() if k not in {"name", "committee_role", *_FIELDS, *_LINK} and v}
    if extra:
        participant.attributes = {**participant.attributes, **extra}


def _link_speaker(session: Session, *, project_id: int, participant: Participant, row: dict[str, str]) -> int:
    label, source_file = row.get("speaker_label"), row.get("source_file")
    if not label or not source_file:
        return 0
    speakers = session.exec(
        select(Speaker)
        .join(Source, col(Source.id) == Speaker.source_id)
        .where(Source.project_id == project_id, Source.filename == source_file)
    ).all()
    speakers = [speaker for speaker in speakers if same_speaker(speaker.label, label)]
    for speaker in speakers:
        reassign_speaker(session, speaker=speaker, participant_id=participant.id or 0)
    return len(speakers)

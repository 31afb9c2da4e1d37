"""Sources after a participant is erased: their original files are deleted (the bytes hold the
participant's words and name, and re-redacting every format in place could miss some), mentions of
their name in the others' utterances are replaced, and counts are brought up to date."""

from __future__ import annotations

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from app.participants.scrub import Scrubber
from app.sources.models import Source, SourceFile
from app.utterances.models import Utterance

ORIGINAL_ERASED = "The original file was deleted when a participant of this source was erased."


def delete_originals(session: Session, *, source_ids: list[int]) -> int:
    """Delete the sources' original files and note it on each source; how many files went."""
    if not source_ids:
        return 0
    result = session.execute(delete(SourceFile).where(col(SourceFile.source_id).in_(source_ids)))
    for source in session.exec(select(Source).where(col(Source.id).in_(source_ids))):
        if ORIGINAL_ERASED not in source.warnings:
            source.warnings = [*source.warnings, ORIGINAL_ERASED]
            session.add(source)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def redact_mentions(session: Session, *, source_ids: list[int], scrubber: Scrubber) -> int:
    """Replace the participant's name in the sources' titles and remaining utterances; how many
    utterances changed."""
    if not source_ids or not scrubber.names:
        return 0
    for source in session.exec(select(Source).where(col(Source.id).in_(source_ids))):
        filename, title = scrubber.clean_label(source.filename), scrubber.clean_label(source.title or "")
        if filename != source.filename or title != (source.title or ""):
            source.filename, source.title = filename, title or source.title
            session.add(source)
    changed = 0
    for utterance in session.exec(select(Utterance).where(col(Utterance.source_id).in_(source_ids))):
        text = scrubber.clean(utterance.text)
        if text != utterance.text:
            utterance.text = text
            session.add(utterance)
            changed += 1
    session.flush()
    return changed


def recount(session: Session, source_ids: list[int]) -> None:
    """Store each source's utterance and participant counts as they are now."""
    for source_id in source_ids:
        utterances = session.exec(
            select(func.count()).select_from(Utterance).where(Utterance.source_id == source_id)
        ).one()
        participants = session.exec(
            select(func.count(func.distinct(Utterance.participant_id))).where(
                Utterance.source_id == source_id
            )
        ).one()
        session.execute(
            update(Source)
            .where(col(Source.id) == source_id)
            .values(utterance_count=utterances, participant_count=participants)
        )

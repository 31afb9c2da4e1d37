"""Near-duplicate sources: a new file whose utterances an earlier source of the project already holds.

The same survey exported as CSV and as XLSX, or one interview as VTT and as TXT, differ in bytes, so the
SHA-256 check lets them in, and every answer would count twice. Each source keeps the distinct hashes of
its substantive, non-interviewer utterances (`SourceFingerprint`, indexed by project and hash); a new
source's hashes are matched against the project's in one indexed join, never text against text. The
upload is kept (a researcher may mean it) and marked with the earlier source it repeats.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from sqlalchemy import delete, func, insert, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.sources.models import NearDuplicate, Source, SourceFingerprint
from app.utterances.models import Utterance
from nlp.fingerprint import fingerprint
from nlp.types import SpeakerRole

DUPLICATE_SHARE = 0.8  # of the new source's distinct substantive utterances found in one earlier source
MIN_UTTERANCES = 3  # fewer substantive utterances than this prove nothing
INSERT_BATCH = 1000


def fingerprint_source(session: Session, *, source: Source) -> int:
    """Store the hashes of a stored source's substantive utterances; returns how many."""
    texts = session.exec(
        select(Utterance.text).where(
            Utterance.source_id == source.id, Utterance.speaker_role != SpeakerRole.INTERVIEWER.value
        )
    )
    hashes = fingerprint(texts)
    rows = ({"source_id": source.id, "project_id": source.project_id, "text_hash": h} for h in hashes)
    for batch in _batches(rows, INSERT_BATCH):
        session.execute(insert(SourceFingerprint), batch)
    return len(hashes)


def refingerprint(session: Session, *, source_ids: list[int]) -> None:
    """Fingerprint sources again after their utterances changed (a participant erased): no hash of
    words that are gone may stay behind."""
    session.execute(delete(SourceFingerprint).where(col(SourceFingerprint.source_id).in_(source_ids)))
    for source in session.exec(select(Source).where(col(Source.id).in_(source_ids))):
        fingerprint_source(session, source=source)


def _batches(rows: Iterable[dict[str, int | None]], size: int) -> Iterator[list[dict[str, int | None]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def find_near_duplicate(session: Session, *, source: Source, total: int) -> NearDuplicate | None:
    """The source of the project that holds the largest share of `source`'s `total` fingerprints, when
    that share reaches DUPLICATE_SHARE."""
    if total < MIN_UTTERANCES:
        return None
    new, old = aliased(SourceFingerprint), aliased(SourceFingerprint)
    earlier_id, shared = col(old.source_id), func.count()
    best = session.execute(
        select(earlier_id, shared)
        .join(new, (col(new.project_id) == col(old.project_id)) & (col(new.text_hash) == col(old.text_hash)))
        .where(col(new.source_id) == source.id, earlier_id != source.id)
        .group_by(earlier_id)
        .order_by(shared.desc(), earlier_id)
        .limit(1)
    ).first()
    if best is None or best[1] < DUPLICATE_SHARE * total:
        return None
    earlier = session.get(Source, best[0])
    if earlier is None:
        return None
    return NearDuplicate(source_id=best[0], filename=earlier.filename, share=round(best[1] / total, 3))


def mark_near_duplicate(session: Session, *, source: Source) -> NearDuplicate | None:
    """Fingerprint a newly stored source and record the earlier source it repeats, if any."""
    total = fingerprint_source(session, source=source)
    duplicate = find_near_duplicate(session, source=source, total=total)
    if duplicate is not None:
        source.duplicate_of_id = duplicate.source_id
        source.duplicate_share = duplicate.share
        session.add(source)
    return duplicate


def near_duplicate_of(session: Session, *, source: Source) -> NearDuplicate | None:
    """The earlier source `source` repeats, as recorded at import (None once that source is deleted)."""
    if source.duplicate_of_id is None:
        return None
    earlier = session.get(Source, source.duplicate_of_id)
    if earlier is None:
        return None
    return NearDuplicate(
        source_id=earlier.id or 0, filename=earlier.filename, share=source.duplicate_share or 0
    )


def duplicate_warning(duplicate: NearDuplicate) -> str:
    """The sentence shown on the upload result, the source page and in the API's warnings."""
    return (
        f"{round(duplicate.share * 100)}% of this source's answers and statements are already in "
        f"{duplicate.filename!r} (source {duplicate.source_id}): it may be the same file in another "
        "format, and every repeated answer counts twice. Delete this source if it is not meant to be here."
    )


def forget_duplicate_links(session: Session, *, source_id: int) -> None:
    """Before a source is deleted: sources marked as repeating it no longer repeat anything."""
    session.execute(
        update(Source)
        .where(col(Source.duplicate_of_id) == source_id)
        .values(duplicate_of_id=None, duplicate_share=None)
    )

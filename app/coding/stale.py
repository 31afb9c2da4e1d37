"""Sources coded by older models: machine codes whose coder version differs from the one that codes now.

A coder's version changes when its outputs change (nlp/coders/*/coder.py), and codes keep the version
that made them, so stored scores may be on an old scale. Only the shipped coders' codes are compared:
researcher codes, the content classifier, skipped markers, guide stages and adjusted codes
(app/agreement/adjust.py renames the coder) never count as stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy import Select
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.coding.jobs import queue_all
from app.coding.models import CodeOrigin, CodeRecord, OlderCoderRead, StaleCodingRead
from app.jobs.chunks import chunks
from app.sources.models import Source, SourceStatus
from app.utterances.models import Utterance
from nlp.pipeline import shipped_versions


def stale_coding(
    session: Session,
    *,
    project_id: int,
    source_id: int | None = None,
    current: Mapping[str, str] | None = None,
) -> StaleCodingRead:
    """The project's (or one source's) sources with machine codes of a coder version other than `current`.

    Args:
        current: Coder name -> version that coding now stores; default the shipped coders'.
        source_id: Only this source (one of the project's).

    Sources being coded are left out: their job is replacing those codes. The versions each source's
    last coding job recorded (`Source.coded_versions`) name the candidates, one row per source; each
    older version is then confirmed by one stored code of it (the first found), so that codes changed
    since the job (adjusted, or made a researcher's) are judged as they are now.
    """
    current = shipped_versions() if current is None else current
    candidates = _candidates(session, project_id=project_id, source_id=source_id, current=current)
    by_version: dict[tuple[str, str], list[int]] = defaultdict(list)
    for found_source, coder, version in candidates:
        by_version[coder, version].append(found_source)
    sources: set[int] = set()
    stored: dict[str, set[str]] = defaultdict(set)
    for (coder, version), ids in by_version.items():  # one statement per older version and 500 sources
        for part in chunks(ids):
            held = session.execute(_still_held(part, coder=coder, version=version)).scalars().all()
            if held:
                sources.update(held)
                stored[coder].add(version)
    coders = [OlderCoderRead(coder=c, stored=sorted(stored[c]), current=current[c]) for c in sorted(stored)]
    return StaleCodingRead(count=len(sources), source_ids=sorted(sources), coders=coders)


def _candidates(
    session: Session, *, project_id: int, source_id: int | None, current: Mapping[str, str]
) -> list[tuple[int, str, str]]:
    """(source, coder, version): each version other than `current`'s that a source's last job recorded."""
    query = sa_select(col(Source.id), col(Source.coded_versions)).where(
        col(Source.project_id) == project_id, col(Source.status) != SourceStatus.CODING
    )
    if source_id is not None:
        query = query.where(col(Source.id) == source_id)
    return [
        (found, coder, version)
        for found, recorded in session.execute(query.order_by(col(Source.id)))
        for coder, now in current.items()
        for version in (recorded or {}).get(coder, ())
        if version != now
    ]


def _still_held(source_ids: Sequence[int], *, coder: str, version: str) -> Select[int | None]:
    """Those of `source_ids` that still hold a machine code of this coder and version: an EXISTS per
    source, which the database ends at the first such code (through the codes' utterance index)."""
    held = (
        sa_select(col(CodeRecord.id))
        .join(Utterance, col(Utterance.id) == CodeRecord.utterance_id)
        .where(
            col(Utterance.source_id) == col(Source.id),
            col(CodeRecord.coder) == coder,
            col(CodeRecord.version) == version,
            col(CodeRecord.origin) == CodeOrigin.MACHINE,
        )
    )
    return sa_select(col(Source.id)).where(col(Source.id).in_(source_ids), held.exists())


def recode_stale(session: Session, *, project_id: int, current: Mapping[str, str] | None = None) -> list[int]:
    """Queue a coding job for each source coded by older models; returns the job ids.

    A job replaces the source's machine codes and keeps researcher codes (app.coding.jobs).
    """
    stale = stale_coding(session, project_id=project_id, current=current)
    if not stale.source_ids:
        return []
    return queue_all(session, project_id=project_id, only=stale.source_ids)
